//! Turning a parsed query into a Tantivy query, running it, and building hits.

use std::ops::Bound;

use khabar_analysis::names::{AR_EXACT, AR_SKELETON, AR_STEM};
use khabar_core::{Timestamp, from_unix};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::query::{Clause, FieldName, Node, Occur};
use crate::{Error, Fields, SearchIndex};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// How matches are weighted. The defaults are the ones measured in BENCHMARKS.md.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    /// Weight of a title match relative to a body match.
    pub title_boost: f32,
    /// Extra weight of an exact-form match, on top of its stem match.
    pub exact_boost: f32,
    /// Weight of two query words found near each other (0: off).
    pub proximity_boost: f32,
    /// How far apart (in words) two query words may be to count as near.
    pub proximity_slop: u32,
    /// Weight of a match on the consonant skeleton (spelling variants, typos).
    pub skeleton_boost: f32,
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalization (0: none, 1: full).
    pub b: f32,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            title_boost: 2.0,
            exact_boost: 0.3,
            proximity_boost: 0.3,
            proximity_slop: 3,
            skeleton_boost: 0.5,
            k1: 1.2,
            b: 0.3,
        }
    }
}

/// A search to run.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// The parsed query (see [`crate::parse_query`]).
    pub clauses: Vec<Clause>,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Only articles of the feed with this name.
    pub feed: Option<String>,
    /// Only articles published at or after this time.
    pub since: Option<Timestamp>,
    /// Only articles published before this time.
    pub until: Option<Timestamp>,
    /// Ordering.
    pub sort: SortOrder,
    /// Build snippets, at most this many characters (0: none).
    pub snippet_chars: usize,
    /// Only articles that mention this person (a name in any form, a role, a Latin name or an id).
    pub person: Option<String>,
    /// Weights.
    pub ranking: Ranking,
    /// Blend recency into relevance.
    pub fresh: Option<crate::Freshness>,
    /// Show one hit per wire story (copies linked by ingest), listing the others.
    pub collapse: bool,
    /// Facets to count over all matches.
    pub facets: Vec<crate::FacetKind>,
}

impl SearchRequest {
    /// A relevance-ordered search for `clauses`, 10 hits with snippets.
    pub fn new(clauses: Vec<Clause>) -> SearchRequest {
        SearchRequest {
            clauses,
            limit: 10,
            offset: 0,
            feed: None,
            since: None,
            until: None,
            sort: SortOrder::Relevance,
            snippet_chars: 200,
            person: None,
            ranking: Ranking::default(),
            fresh: None,
            collapse: true,
            facets: Vec::new(),
        }
    }
}

/// A passage of text with the byte ranges of the matched words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Byte ranges of matched words within `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// Article id.
    pub id: String,
    /// Relevance score (0 when sorted by date).
    pub score: f32,
    /// Headline.
    pub title: String,
    /// Link.
    pub url: Option<String>,
    /// Source name.
    pub feed: Option<String>,
    /// Publication time (or first-seen time when the source gave none).
    pub published: Option<Timestamp>,
    /// Byline.
    pub author: Option<String>,
    /// Best passage of the body.
    pub snippet: Snippet,
    /// Matched words in the title.
    pub title_highlights: Vec<(usize, usize)>,
    /// Id of the article this one duplicates.
    pub duplicate_of: Option<String>,
    /// Display names of the people the article mentions, most mentioned first.
    pub persons: Vec<String>,
    /// Other copies of the same wire story (when collapsing).
    pub duplicates: Vec<Duplicate>,
}

/// Another outlet's copy of a hit's story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Article id.
    pub id: String,
    /// Source name.
    pub feed: Option<String>,
    /// Link.
    pub url: Option<String>,
}

/// The results of a search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    /// Number of matching articles (all of them, not just the page).
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<SearchHit>,
    /// Facet counts over all matches, in the order requested.
    pub facets: Vec<crate::FacetCounts>,
}

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 10_000;
/// Fewest candidates the first phase of a plain query passes to the second.
const FIRST_PHASE_MIN: usize = 150;

struct Compiler<'a> {
    fields: &'a Fields,
    /// Build unions that seek (the second phase of a two-phase search).
    seek_unions: bool,
    persons: &'a khabar_persons::Extractor,
    resolved_names: &'a crate::persons::ResolvedNames,
    ranking: Ranking,
    stem: TextAnalyzer,
    exact: TextAnalyzer,
    skeleton: TextAnalyzer,
    /// For person queries: which spellings of a Latin name the corpus holds.
    searcher: tantivy::Searcher,
}

fn terms(analyzer: &mut TextAnalyzer, field: Field, text: &str) -> Vec<(usize, Term)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        out.push((token.position, Term::from_field_text(field, &token.text)));
    }
    out
}

fn term_query(term: Term, boost: f32) -> Box<dyn Query> {
    let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// One query of several: the query itself when there is one, a Boolean query otherwise.
fn combine(mut queries: Vec<Box<dyn Query>>, occur: tantivy::query::Occur) -> Box<dyn Query> {
    match queries.len() {
        0 => Box::new(EmptyQuery),
        1 => queries.pop().unwrap_or_else(|| Box::new(EmptyQuery)),
        _ => Box::new(BooleanQuery::new(
            queries.into_iter().map(|q| (occur, q)).collect(),
        )),
    }
}

fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    combine(queries, tantivy::query::Occur::Should)
}

impl Compiler<'_> {
    /// [`any_of`], as a seeking union in the second phase of a two-phase search.
    fn any(&self, queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        if self.seek_unions && queries.len() > 1 {
            Box::new(crate::twophase::SeekUnionQuery::new(queries))
        } else {
            any_of(queries)
        }
    }
}

impl Compiler<'_> {
    /// A ranked term: BM25 with the request's k1 and b.
    fn scored_term(&self, term: Term, boost: f32) -> Box<dyn Query> {
        let q: Box<dyn Query> = Box::new(crate::bm25::Bm25TermQuery::new(
            term,
            self.ranking.k1,
            self.ranking.b,
        ));
        if boost == 1.0 {
            q
        } else {
            Box::new(BoostQuery::new(q, boost))
        }
    }

    fn text_fields(&self, field: Option<FieldName>) -> Vec<(Field, Field, f32)> {
        let f = self.fields;
        match field {
            Some(FieldName::Title) => vec![(f.title, f.title_exact, 1.0)],
            Some(FieldName::Body) => vec![(f.body, f.body_exact, 1.0)],
            _ => vec![
                (f.title, f.title_exact, self.ranking.title_boost),
                (f.body, f.body_exact, 1.0),
            ],
        }
    }

    /// A word: its stemmed terms, plus a bonus for its exact form, in title and body.
    fn word(&mut self, field: Option<FieldName>, text: &str) -> Box<dyn Query> {
        let mut per_token: Vec<Box<dyn Query>> = Vec::new();
        let stems = terms(&mut self.stem, self.fields.body, text);
        let exacts = terms(&mut self.exact, self.fields.body_exact, text);
        if stems.is_empty() {
            // Only stopwords: match their exact form, so "في" alone still finds something.
            for (_, exact) in &exacts {
                let alts = self
                    .text_fields(field)
                    .into_iter()
                    .map(|(_, exact_field, boost)| {
                        self.scored_term(retarget(exact, exact_field), boost)
                    })
                    .collect();
                per_token.push(self.any(alts));
            }
        }
        let skeletons = if self.ranking.skeleton_boost > 0.0
            && !matches!(field, Some(FieldName::Title | FieldName::Body))
        {
            terms(&mut self.skeleton, self.fields.skeleton, text)
        } else {
            Vec::new()
        };
        for (position, stem) in &stems {
            let exact = exacts.iter().find(|(p, _)| p == position).map(|(_, t)| t);
            let mut alts = Vec::new();
            if let Some((_, skel)) = skeletons.iter().find(|(p, _)| p == position) {
                alts.push(self.scored_term(skel.clone(), self.ranking.skeleton_boost));
            }
            for (stem_field, exact_field, boost) in self.text_fields(field) {
                alts.push(self.scored_term(retarget(stem, stem_field), boost));
                if let Some(exact) = exact {
                    alts.push(self.scored_term(
                        retarget(exact, exact_field),
                        boost * self.ranking.exact_boost,
                    ));
                }
            }
            per_token.push(self.any(alts));
        }
        all_of(per_token)
    }

    /// A quoted phrase or word: exact form only, in order.
    fn phrase(&mut self, field: Option<FieldName>, text: &str) -> Box<dyn Query> {
        let mut alts = Vec::new();
        for (_, exact_field, boost) in self.text_fields(field) {
            let words = terms(&mut self.exact, exact_field, text);
            let q: Box<dyn Query> = match words.len() {
                0 => continue,
                1 => term_query(
                    words
                        .into_iter()
                        .map(|(_, t)| t)
                        .next_back()
                        .unwrap_or_else(|| Term::from_field_text(exact_field, "")),
                    1.0,
                ),
                _ => Box::new(PhraseQuery::new_with_offset(words)),
            };
            alts.push(if boost == 1.0 {
                q
            } else {
                Box::new(BoostQuery::new(q, boost))
            });
        }
        self.any(alts)
    }

    fn node(&mut self, node: &Node) -> Box<dyn Query> {
        match node {
            Node::Word {
                field: Some(FieldName::Feed),
                text,
            }
            | Node::Phrase {
                field: Some(FieldName::Feed),
                text,
            } => term_query(Term::from_field_text(self.fields.feed, text), 1.0),
            Node::Word {
                field: Some(FieldName::Person),
                text,
            }
            | Node::Phrase {
                field: Some(FieldName::Person),
                text,
            } => crate::persons::query(
                self.resolved_names,
                self.persons,
                self.fields,
                &self.searcher,
                crate::persons::TextMatch {
                    stem: &mut self.stem,
                    skeleton: &mut self.skeleton,
                },
                text,
            ),
            Node::Word { field, text } => self.word(*field, text),
            Node::Phrase { field, text } => self.phrase(*field, text),
            Node::Group(clauses) => self.clauses(clauses),
        }
    }

    fn clauses(&mut self, clauses: &[Clause]) -> Box<dyn Query> {
        let mut out = Vec::new();
        let mut positive = false;
        for clause in clauses {
            let occur = match clause.occur {
                Occur::Must => tantivy::query::Occur::Must,
                Occur::Should => tantivy::query::Occur::Should,
                Occur::MustNot => tantivy::query::Occur::MustNot,
            };
            positive |= clause.occur != Occur::MustNot;
            out.push((occur, self.node(&clause.node)));
        }
        if let Some(near) = self.proximity(clauses) {
            out.push((tantivy::query::Occur::Should, near));
        }
        if !positive {
            // "-موسكو" alone means everything but موسكو.
            out.push((tantivy::query::Occur::Must, Box::new(AllQuery)));
        }
        if self.seek_unions
            && out
                .iter()
                .all(|(occur, _)| *occur == tantivy::query::Occur::Should)
        {
            return self.any(out.into_iter().map(|(_, q)| q).collect());
        }
        Box::new(BooleanQuery::new(out))
    }
}

impl Compiler<'_> {
    /// A bonus for query words that appear near each other, in query order: each
    /// adjacent pair of (unfielded, non-negated) words as a sloppy phrase over the
    /// stemmed title and body. Headlines and questions share their key phrases with
    /// the article that answers them far more often than with one that merely uses
    /// the same words.
    fn proximity(&mut self, clauses: &[Clause]) -> Option<Box<dyn Query>> {
        if self.ranking.proximity_boost <= 0.0 {
            return None;
        }
        let mut words = String::new();
        for clause in clauses {
            if let (Occur::Should | Occur::Must, Node::Word { field: None, text }) =
                (clause.occur, &clause.node)
            {
                words.push_str(text);
                words.push(' ');
            }
        }
        let stems = terms(&mut self.stem, self.fields.body, &words);
        if stems.len() < 2 {
            return None;
        }
        let mut pairs: Vec<Box<dyn Query>> = Vec::new();
        for (field, boost) in [
            (self.fields.body, 1.0),
            (self.fields.title, self.ranking.title_boost),
        ] {
            for pair in stems.windows(2).take(32) {
                let (p0, t0) = &pair[0];
                let (p1, t1) = &pair[1];
                if t0 == t1 {
                    continue;
                }
                let gap = p1.saturating_sub(*p0);
                let phrase = PhraseQuery::new_with_offset_and_slop(
                    vec![(0, retarget(t0, field)), (gap, retarget(t1, field))],
                    self.ranking.proximity_slop,
                );
                pairs.push(Box::new(BoostQuery::new(
                    Box::new(phrase),
                    boost * self.ranking.proximity_boost,
                )));
            }
        }
        Some(self.any(pairs))
    }
}

fn retarget(term: &Term, field: Field) -> Term {
    Term::from_field_text(field, term.value().as_str().unwrap_or(""))
}

fn all_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    combine(queries, tantivy::query::Occur::Must)
}

fn date_term(field: Field, t: Timestamp) -> Term {
    Term::from_field_date_for_search(field, DateTime::from_timestamp_secs(t.timestamp()))
}

impl SearchIndex {
    pub(crate) fn analyzer(&self, name: &str) -> TextAnalyzer {
        self.index
            .tokenizers()
            .get(name)
            .unwrap_or_else(|| match name {
                AR_STEM => crate::analyzers::stem_analyzer(),
                AR_SKELETON => crate::analyzers::skeleton_analyzer(),
                _ => crate::analyzers::exact_analyzer(),
            })
    }

    /// Compiles a request into the Tantivy query it runs (filters included).
    pub fn compile(&self, request: &SearchRequest) -> Box<dyn Query> {
        self.compile_with(request, false)
    }

    fn compile_with(&self, request: &SearchRequest, seek_unions: bool) -> Box<dyn Query> {
        let mut compiler = Compiler {
            fields: &self.fields,
            seek_unions,
            persons: self.persons,
            resolved_names: &self.resolved_names,
            ranking: request.ranking,
            stem: self.analyzer(AR_STEM),
            exact: self.analyzer(AR_EXACT),
            skeleton: self.analyzer(AR_SKELETON),
            searcher: self.reader.searcher(),
        };
        let main = compiler.clauses(&request.clauses);
        let mut filters: Vec<(tantivy::query::Occur, Box<dyn Query>)> = Vec::new();
        if let Some(person) = &request.person {
            let q = crate::persons::query(
                &self.resolved_names,
                self.persons,
                &self.fields,
                &compiler.searcher,
                crate::persons::TextMatch {
                    stem: &mut compiler.stem,
                    skeleton: &mut compiler.skeleton,
                },
                person,
            );
            filters.push((
                tantivy::query::Occur::Must,
                Box::new(BoostQuery::new(q, 0.0)),
            ));
        }
        if let Some(feed) = &request.feed {
            filters.push((
                tantivy::query::Occur::Must,
                term_query(Term::from_field_text(self.fields.feed, feed), 0.0),
            ));
        }
        if request.since.is_some() || request.until.is_some() {
            let lower = request.since.map_or(Bound::Unbounded, |t| {
                Bound::Included(date_term(self.fields.published, t))
            });
            let upper = request.until.map_or(Bound::Unbounded, |t| {
                Bound::Excluded(date_term(self.fields.published, t))
            });
            filters.push((
                tantivy::query::Occur::Must,
                Box::new(BoostQuery::new(
                    Box::new(RangeQuery::new(lower, upper)),
                    0.0,
                )),
            ));
        }
        if filters.is_empty() {
            return main;
        }
        filters.push((tantivy::query::Occur::Must, main));
        Box::new(BooleanQuery::new(filters))
    }

    /// Runs a search on the last commit the reader has loaded.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, Error> {
        let query = self.compile(request);
        let searcher = self.reader.searcher();
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let wanted = request.offset.saturating_add(limit).min(2 * MAX_LIMIT);
        let rerank =
            request.collapse || (request.fresh.is_some() && request.sort == SortOrder::Relevance);
        // Collapsing and freshness reorder the best matches: look a bit further down.
        let fetch = if rerank {
            wanted.saturating_mul(4).clamp(100, 4 * MAX_LIMIT)
        } else {
            wanted
        };
        let top = TopDocs::with_limit(fetch.max(1));
        let two_phase = request.sort == SortOrder::Relevance
            && request.feed.is_none()
            && request.since.is_none()
            && request.until.is_none()
            && request.person.is_none();
        let first = match crate::twophase::plain_words(&request.clauses) {
            Some(words) if two_phase => self.first_phase(
                &searcher,
                &words,
                fetch.max(FIRST_PHASE_MIN),
                request.ranking.title_boost,
            )?,
            _ => None,
        };
        let (scored, total): (Vec<(f32, DocAddress)>, usize) =
            if let Some((candidates, total)) = first {
                let restricted = BooleanQuery::new(vec![
                    (
                        tantivy::query::Occur::Must,
                        Box::new(crate::twophase::CandidatesQuery::new(
                            &searcher,
                            &candidates,
                        )) as Box<dyn Query>,
                    ),
                    (
                        tantivy::query::Occur::Must,
                        self.compile_with(request, true),
                    ),
                ]);
                let scored = searcher
                    .search(&restricted, &top.order_by_score())
                    .map_err(|e| Error::tantivy(&self.dir, e))?;
                (scored, total)
            } else {
                match request.sort {
                    SortOrder::Relevance => searcher.search(&query, &(top.order_by_score(), Count)),
                    SortOrder::Date => searcher
                        .search(
                            &query,
                            &(
                                top.order_by_fast_field::<DateTime>(
                                    crate::schema::names::PUBLISHED,
                                    Order::Desc,
                                ),
                                Count,
                            ),
                        )
                        .map(|(docs, n)| (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), n)),
                }
                .map_err(|e| Error::tantivy(&self.dir, e))?
            };
        let page: Vec<(f32, DocAddress, Option<String>)> = if rerank {
            let mut candidates = self.candidates(&searcher, scored)?;
            if let (Some(fresh), SortOrder::Relevance) = (&request.fresh, request.sort) {
                crate::rerank::blend_freshness(&mut candidates, fresh);
            }
            if request.collapse {
                candidates = crate::rerank::collapse(candidates);
            }
            candidates
                .into_iter()
                .skip(request.offset)
                .take(limit)
                .map(|c| {
                    (
                        c.score,
                        c.address,
                        Some(c.story).filter(|s| !s.is_empty() && request.collapse),
                    )
                })
                .collect()
        } else {
            scored
                .into_iter()
                .skip(request.offset)
                .take(limit)
                .map(|(s, a)| (s, a, None))
                .collect()
        };
        let facets = self.facets(&searcher, &*query, &request.facets)?;
        let snippets = if request.snippet_chars > 0 {
            let body = self.snippet_generator(
                &searcher,
                &*query,
                self.fields.body,
                self.fields.body_exact,
                request.snippet_chars,
            )?;
            let title = self.snippet_generator(
                &searcher,
                &*query,
                self.fields.title,
                self.fields.title_exact,
                10_000,
            )?;
            Some((body, title, request.snippet_chars))
        } else {
            None
        };
        let mut hits = Vec::with_capacity(page.len());
        for (score, address, story) in page {
            let mut hit = self.hit(&searcher, address, score, snippets.as_ref())?;
            if let Some(story) = story {
                hit.duplicates = self.story_copies(&searcher, &story, &hit.id)?;
            }
            hits.push(hit);
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }

    /// The first phase of a plain ranked query: its best `k` candidates by a pruned
    /// BM25 over the stemmed fields, and how many articles match its words.
    /// `None` when the words leave no stemmed term (only stopwords): one phase then.
    fn first_phase(
        &self,
        searcher: &Searcher,
        words: &str,
        k: usize,
        title_boost: f32,
    ) -> Result<Option<(Vec<DocAddress>, usize)>, Error> {
        let mut stem = self.analyzer(AR_STEM);
        let mut stems: Vec<Term> = terms(&mut stem, self.fields.body, words)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        stems.sort();
        stems.dedup();
        if stems.is_empty() {
            return Ok(None);
        }
        let query = crate::twophase::first_phase_query(&stems, self.fields.title, title_boost);
        let err = |e| Error::tantivy(&self.dir, e);
        let top = searcher
            .search(&query, &TopDocs::with_limit(k).order_by_score())
            .map_err(err)?;
        let total = query.count(searcher).map_err(err)?;
        Ok(Some((top.into_iter().map(|(_, a)| a).collect(), total)))
    }

    /// A snippet generator for a stored stemmed field that highlights every query word:
    /// those matched through the stemmed field, and those matched in exact form
    /// (phrases, quoted words), mapped to their stems, since snippets are cut from the
    /// stemmed field's text.
    fn snippet_generator(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        stemmed: Field,
        exact: Field,
        max_chars: usize,
    ) -> Result<SnippetGenerator, Error> {
        let mut words = std::collections::BTreeMap::new();
        let mut stem = self.analyzer(AR_STEM);
        query.query_terms(&mut |term, _| {
            let value = term.value();
            let Some(text) = value.as_str() else { return };
            if term.field() == stemmed {
                words.insert(text.to_string(), 1.0);
            } else if term.field() == exact {
                for (_, t) in terms(&mut stem, stemmed, text) {
                    if let Some(s) = t.value().as_str() {
                        words.insert(s.to_string(), 1.0);
                    }
                }
            }
        });
        // Rarer words weigh more when choosing the passage, as in Tantivy's own generator.
        for (word, weight) in words.iter_mut() {
            let df = searcher
                .doc_freq(&Term::from_field_text(stemmed, word))
                .map_err(|e| Error::tantivy(&self.dir, e))?;
            *weight = 1.0 / (1.0 + df as f32);
        }
        let tokenizer = self
            .index
            .tokenizer_for_field(stemmed)
            .map_err(|e| Error::tantivy(&self.dir, e))?;
        Ok(SnippetGenerator::new(words, tokenizer, stemmed, max_chars))
    }

    /// Every article of a wire story but `except`: the original and its copies.
    fn story_copies(
        &self,
        searcher: &Searcher,
        story: &str,
        except: &str,
    ) -> Result<Vec<Duplicate>, Error> {
        let query = BooleanQuery::new(vec![
            (
                tantivy::query::Occur::Should,
                term_query(Term::from_field_text(self.fields.id, story), 1.0),
            ),
            (
                tantivy::query::Occur::Should,
                term_query(Term::from_field_text(self.fields.duplicate_of, story), 1.0),
            ),
        ]);
        let found = searcher
            .search(&query, &TopDocs::with_limit(50).order_by_score())
            .map_err(|e| Error::tantivy(&self.dir, e))?;
        let mut copies = Vec::new();
        for (_, address) in found {
            let doc: TantivyDocument = searcher
                .doc(address)
                .map_err(|e| Error::tantivy(&self.dir, e))?;
            let text = |field: Field| first_text(&doc, field);
            let id = text(self.fields.id).unwrap_or_default();
            if id != except {
                copies.push(Duplicate {
                    id,
                    feed: text(self.fields.feed),
                    url: text(self.fields.url),
                });
            }
        }
        copies.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(copies)
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: f32,
        snippets: Option<&(SnippetGenerator, SnippetGenerator, usize)>,
    ) -> Result<SearchHit, Error> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|e| Error::tantivy(&self.dir, e))?;
        let text = |field: Field| first_text(&doc, field);
        let published = doc
            .get_first(self.fields.published)
            .and_then(|v| v.as_datetime())
            .map(|d| from_unix(d.into_timestamp_secs()));
        let (snippet, title_highlights) = match snippets {
            Some((body, title, max_chars)) => {
                let s = body.snippet_from_doc(&doc);
                let mut text = s.fragment().to_string();
                let mut highlights: Vec<(usize, usize)> =
                    s.highlighted().iter().map(|r| (r.start, r.end)).collect();
                if text.is_empty() {
                    // No match in the body: show its opening.
                    let body_text = doc
                        .get_first(self.fields.body)
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    text = opening(body_text, *max_chars).to_string();
                    highlights.clear();
                }
                let t = title.snippet_from_doc(&doc);
                (
                    Snippet { text, highlights },
                    t.highlighted().iter().map(|r| (r.start, r.end)).collect(),
                )
            }
            None => (Snippet::default(), Vec::new()),
        };
        Ok(SearchHit {
            id: text(self.fields.id).unwrap_or_default(),
            score,
            title: text(self.fields.title).unwrap_or_default(),
            url: text(self.fields.url),
            feed: text(self.fields.feed),
            published,
            author: text(self.fields.author),
            snippet,
            title_highlights,
            duplicate_of: text(self.fields.duplicate_of),
            persons: crate::persons::names_of(&doc, &self.fields),
            duplicates: Vec::new(),
        })
    }
}

/// The first text value of a stored field.
fn first_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// The start of `text`, at most `max_chars` characters, cut at a word boundary.
fn opening(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        None => text,
        Some((cut, _)) => {
            let head = &text[..cut];
            head.rfind(char::is_whitespace)
                .map_or(head, |space| &head[..space])
        }
    }
}
