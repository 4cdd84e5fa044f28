//! Person search: resolving a `person:` query or `--person` filter to the
//! person ids of the `persons` field, and per-person statistics.
//!
//! A known person (any Arabic spelling or clitic form, a role, a Latin name or
//! the id itself) matches the ids the extractor put in the index, so
//! `محمد بن سلمان` never matches an article about `الملك سلمان`. Someone the
//! gazetteer does not know matches their normalized key (`~` + name) or the
//! name as written (exact words, any proclitic on the first, and the spelling
//! variants the index's people have). Scores follow the mention count (term
//! frequency of the id), so an article about the person ranks first.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use chrono::Datelike;
use khabar_core::{Timestamp, from_unix};
use khabar_persons::{
    Corpus, Extractor, MAX_NAMES_MATCHING, Resolved, SpellingUse, UNKNOWN_PREFIX,
};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery,
    RegexPhraseQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Order, Searcher, TantivyDocument, Term};

use crate::{Error, Fields, SearchIndex};

/// Most articles the statistics commands look at (the newest first).
pub const MAX_SCAN: usize = 50_000;
/// Weight of a name-as-words match of an unknown person, below an id match.
const TEXT_MATCH_BOOST: f32 = 0.5;
/// Weight of a phrase's skeleton match, below the words'.
const SKELETON_MATCH_BOOST: f32 = 0.3;
/// Most distinct person keys one [`Corpus::names_matching`] question reads
/// (a surname as common as `محمد` ends tens of thousands).
const MAX_KEYS_SCANNED: usize = 100_000;
/// Shortest skeleton of a name word matched on its skeleton.
const MIN_SKELETON_CHARS: usize = 4;

/// What a person query resolves to, for the query compiler. A Latin name is
/// spelled as the corpus writes it: `searcher` says how many articles hold
/// each candidate spelling.
pub(crate) fn resolve(
    ex: &Extractor,
    fields: &Fields,
    searcher: &Searcher,
    text: &str,
) -> Resolved {
    let text = text.trim();
    if ex.gazetteer().get(text).is_some() {
        return Resolved {
            ids: vec![text.to_string()],
            ..Resolved::default()
        };
    }
    if text.starts_with(UNKNOWN_PREFIX) {
        return Resolved {
            unknown_key: Some(text.to_string()),
            ..Resolved::default()
        };
    }
    ex.resolve_in(text, &IndexCorpus { fields, searcher })
}

/// The index as the corpus a query is read against.
struct IndexCorpus<'a> {
    fields: &'a Fields,
    searcher: &'a Searcher,
}

impl Corpus for IndexCorpus<'_> {
    fn articles(&self, text: &str) -> u64 {
        let terms: Vec<Term> = text
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| Term::from_field_text(self.fields.body_exact, w))
            .collect();
        match terms.len() {
            0 => 0,
            1 => self.searcher.doc_freq(&terms[0]).unwrap_or(0),
            _ => self
                .searcher
                .search(&PhraseQuery::new(terms), &Count)
                .map_or(0, |n| n as u64),
        }
    }

    fn person_articles(&self, id: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(self.fields.persons, id))
            .unwrap_or(0)
    }

    fn names_matching(&self, pattern: &str) -> Vec<(String, u64)> {
        // Keys are `~` + words joined by spaces; the automaton walks only
        // the unknown people's part of the dictionary.
        let pattern = format!("{UNKNOWN_PREFIX}({pattern})");
        let counts = matching_terms(
            self.searcher,
            self.fields.persons,
            &pattern,
            MAX_KEYS_SCANNED,
        );
        let mut names: Vec<(String, u64)> = counts.into_iter().collect();
        names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        names.truncate(MAX_NAMES_MATCHING);
        names
    }
}

/// Most index words one name word's pattern may match (a word with its
/// proclitics and spelling variants has tens).
const MAX_PATTERN_TERMS: usize = 1000;

/// The terms of `field` matching `pattern` (anchored, `regex` syntax), at
/// most `limit`, with the documents holding each.
fn matching_terms(
    searcher: &Searcher,
    field: Field,
    pattern: &str,
    limit: usize,
) -> BTreeMap<String, u64> {
    let mut terms: BTreeMap<String, u64> = BTreeMap::new();
    let Ok(re) = tantivy_fst::Regex::new(pattern) else {
        return terms;
    };
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(&re).into_stream() else {
            continue;
        };
        while terms.len() < limit && stream.advance() {
            if let Ok(t) = std::str::from_utf8(stream.key()) {
                *terms.entry(t.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    terms
}

fn id_query(fields: &Fields, id: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(fields.persons, id),
        IndexRecordOption::WithFreqs,
    ))
}

/// The analyzers a person query's text match needs.
pub(crate) struct TextMatch<'a> {
    /// `ar_stem`, for the title and body fields.
    pub stem: &'a mut TextAnalyzer,
    /// `ar_skeleton`, for spelling variants (`بوتين`/`بوتن`).
    pub skeleton: &'a mut TextAnalyzer,
}

/// A phrase (or one term) of `text` as `analyzer` cuts it, in `field`; `None`
/// when it has no terms or, with `min_chars`, a term shorter than that.
fn phrase_query(
    analyzer: &mut TextAnalyzer,
    field: Field,
    text: &str,
    min_chars: usize,
) -> Option<Box<dyn Query>> {
    let mut terms = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        if t.text.chars().count() < min_chars {
            return None;
        }
        terms.push((t.position, Term::from_field_text(field, &t.text)));
    }
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            terms.remove(0).1,
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new_with_offset(terms))),
    }
}

/// The query of `person:TEXT`.
pub(crate) fn query(
    names: &ResolvedNames,
    ex: &Extractor,
    fields: &Fields,
    searcher: &Searcher,
    analyzers: TextMatch<'_>,
    text: &str,
) -> Box<dyn Query> {
    resolved_query(
        fields,
        searcher,
        analyzers,
        &names.resolve(ex, fields, searcher, text),
    )
}

/// Most names [`ResolvedNames`] keeps.
const MAX_RESOLVED_NAMES: usize = 64;

/// Person names already resolved against a searcher's generation: reading a
/// name asks the index many questions, and `khabar search --person` reads it
/// twice (to warn that it is ambiguous, then to search).
#[derive(Default)]
pub(crate) struct ResolvedNames(Mutex<HashMap<String, (u64, Resolved)>>);

impl ResolvedNames {
    pub(crate) fn resolve(
        &self,
        ex: &Extractor,
        fields: &Fields,
        searcher: &Searcher,
        text: &str,
    ) -> Resolved {
        let generation = searcher.generation().generation_id();
        // A poisoned lock only costs the cache.
        if let Ok(names) = self.0.lock()
            && let Some((g, r)) = names.get(text)
            && *g == generation
        {
            return r.clone();
        }
        let r = resolve(ex, fields, searcher, text);
        tracing::debug!(name = text, resolved = ?r, "person query");
        if let Ok(mut names) = self.0.lock() {
            if names.len() >= MAX_RESOLVED_NAMES {
                names.clear();
            }
            names.insert(text.to_string(), (generation, r.clone()));
        }
        r
    }

    /// Forgets every name (the extractor changed).
    pub(crate) fn clear(&self) {
        if let Ok(mut names) = self.0.lock() {
            names.clear();
        }
    }
}

/// The query of what a person name resolved to.
fn resolved_query(
    fields: &Fields,
    searcher: &Searcher,
    analyzers: TextMatch<'_>,
    r: &Resolved,
) -> Box<dyn Query> {
    let mut alts: Vec<(Occur, Box<dyn Query>)> = r
        .ids
        .iter()
        .map(|id| (Occur::Should, id_query(fields, id)))
        .collect();
    if let Some(key) = &r.unknown_key {
        alts.push((Occur::Should, id_query(fields, key)));
        for other in &r.other_keys {
            alts.push((Occur::Should, id_query(fields, other)));
        }
        // Mentions the rules missed: a phrase as exact words, in order, and
        // as consonant skeletons (spelling variants) when every word keeps
        // four letters or more (shorter skeletons meet other words: ظريف and
        // ظروف are ظرف); one word through `name_word_pattern`.
        for phrase in &r.phrases {
            if !phrase.contains(' ')
                && let Some(pattern) = khabar_persons::name_word_pattern(phrase)
            {
                // One word: as written with any proclitic, or its spelling
                // variants, in the exact fields (a stem would cut suffixes:
                // `السيسي` ~ `سيسه`; a skeleton final vowels: `رونالدو` ~
                // `رونالد`).
                // Only the variants `name_word_matches` takes for the name
                // (`مسيطرا` fits the pattern of `ميستورا`).
                let corpus = IndexCorpus { fields, searcher };
                let mut terms =
                    matching_terms(searcher, fields.title_exact, &pattern, MAX_PATTERN_TERMS);
                terms.extend(matching_terms(
                    searcher,
                    fields.body_exact,
                    &pattern,
                    MAX_PATTERN_TERMS,
                ));
                let terms: Vec<String> = terms.into_keys().collect();
                let kept = khabar_persons::name_word_matches(phrase, &terms, &corpus);
                // A variant that is mostly someone else's, after the first
                // name only (`سفيان السليتي`).
                let after_first: Vec<Vec<String>> = kept
                    .phrases
                    .iter()
                    .filter_map(|p| khabar_persons::phrase_patterns(p))
                    .collect();
                for field in [fields.title_exact, fields.body_exact] {
                    if !kept.terms.is_empty() {
                        let q = TermSetQuery::new(
                            kept.terms.iter().map(|t| Term::from_field_text(field, t)),
                        );
                        alts.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(q), TEXT_MATCH_BOOST)),
                        ));
                    }
                    for words in &after_first {
                        alts.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(
                                Box::new(RegexPhraseQuery::new(field, words.clone())),
                                TEXT_MATCH_BOOST,
                            )),
                        ));
                    }
                }
                continue;
            }
            // Several words: in order, each with its spelling variants, the
            // first with any proclitic (`وحسن نصر الله`, `هكتور كوبر` for
            // `هيكتور كوبر`); stemmed words would drop a stopword (`علي` is
            // `على`) or a conjunction inside the name (`عبدالله وصالح`).
            let as_written = khabar_persons::phrase_patterns(phrase)
                .map(|patterns| narrowed_patterns(searcher, fields, phrase, patterns));
            for (exact, stemmed) in [
                (fields.title_exact, fields.title),
                (fields.body_exact, fields.body),
            ] {
                let q: Option<Box<dyn Query>> = match &as_written {
                    Some(terms) if terms.len() > 1 => {
                        Some(Box::new(RegexPhraseQuery::new(exact, terms.clone())))
                    }
                    // Not Arabic letters only: the stemmed phrase.
                    _ => phrase_query(analyzers.stem, stemmed, phrase, 0),
                };
                if let Some(q) = q {
                    alts.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(q, TEXT_MATCH_BOOST)),
                    ));
                }
            }
            if let Some(q) = phrase_query(
                analyzers.skeleton,
                fields.skeleton,
                phrase,
                MIN_SKELETON_CHARS,
            ) {
                alts.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(q, SKELETON_MATCH_BOOST)),
                ));
            }
        }
    }
    match alts.len() {
        0 => Box::new(EmptyQuery),
        _ => Box::new(BooleanQuery::new(alts)),
    }
}

/// Most spellings of one word of a name [`narrowed_patterns`] counts, the
/// commonest first (the rarer ones are kept unchecked: a common word that
/// fits is common).
const MAX_SPELLINGS_COUNTED: usize = 24;

/// A name's phrase patterns with each word after the first narrowed to the
/// spellings [`khabar_persons::phrase_word_spellings`] keeps, counted with
/// the other words' patterns around them (`جيرمي كوربن` is `جيريمي
/// كوربين` spelled otherwise twice). The first word keeps its pattern: its
/// proclitics make many terms, and the words after it hold it to the name.
fn narrowed_patterns(
    searcher: &Searcher,
    fields: &Fields,
    phrase: &str,
    mut patterns: Vec<String>,
) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    if words.len() != patterns.len() {
        return patterns;
    }
    for i in 1..patterns.len() {
        let terms = matching_terms(searcher, fields.body_exact, &patterns[i], MAX_PATTERN_TERMS);
        if terms.len() < 2 {
            continue;
        }
        let mut by_use: Vec<(String, u64)> = terms.into_iter().collect();
        by_use.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let unchecked = by_use.split_off(by_use.len().min(MAX_SPELLINGS_COUNTED));
        let counted: Vec<SpellingUse> = by_use
            .into_iter()
            .map(|(spelling, alone)| {
                let mut with = patterns.clone();
                with[i] = spelling.clone();
                let q = RegexPhraseQuery::new(fields.body_exact, with);
                let in_phrase = searcher.search(&q, &Count).map_or(0, |n| n as u64);
                SpellingUse {
                    spelling,
                    in_phrase,
                    alone,
                }
            })
            .collect();
        let mut kept = khabar_persons::phrase_word_spellings(words[i], &counted);
        kept.extend(unchecked.into_iter().map(|(t, _)| t));
        if !kept.iter().any(|t| t == words[i]) {
            kept.push(words[i].to_string());
        }
        // Arabic letters only (the pattern's words are): no escaping.
        patterns[i] = format!("({})", kept.join("|"));
    }
    patterns
}

/// One stored `person_info` value: id, display name, count, spellings.
fn parse_info(value: &str) -> Option<(&str, &str, u32, Vec<&str>)> {
    let mut parts = value.split('\t');
    let id = parts.next()?;
    let name = parts.next()?;
    let count = parts.next()?.parse().ok()?;
    let spellings = parts
        .next()
        .map(|s| s.split('|').filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    Some((id, name, count, spellings))
}

/// Display names of the people of a stored document, most mentioned first.
pub(crate) fn names_of(doc: &TantivyDocument, fields: &Fields) -> Vec<String> {
    doc.get_all(fields.person_info)
        .filter_map(|v| v.as_str())
        .filter_map(parse_info)
        .map(|(_, name, _, _)| name.to_string())
        .collect()
}

/// Which articles the statistics count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonsFilter {
    /// Only articles published at or after this time.
    pub since: Option<Timestamp>,
    /// Only articles of this feed.
    pub feed: Option<String>,
    /// Rows to return.
    pub limit: usize,
}

/// A person with article and mention counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSummary {
    /// Person id.
    pub person: String,
    /// Display name.
    pub name: String,
    /// Articles that mention them.
    pub articles: usize,
    /// Mentions in those articles.
    pub mentions: u64,
}

/// Statistics of one person.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonReport {
    /// What the name resolved to (several ids: ambiguous).
    pub ids: Vec<String>,
    /// Display names of `ids`.
    pub names: Vec<String>,
    /// Articles that mention them.
    pub articles: usize,
    /// Spellings seen, with the number of articles using each, most used first.
    pub spellings: Vec<(String, usize)>,
    /// Articles per day (`2025-02-14`) or, over more than 60 days, per ISO week (`2025-W07`), in order.
    pub timeline: Vec<(String, usize)>,
    /// People mentioned in the same articles, most frequent first.
    pub co_mentioned: Vec<PersonSummary>,
    /// Feeds with the most articles about them.
    pub feeds: Vec<(String, usize)>,
    /// Whether more than [`MAX_SCAN`] articles matched (the counts cover the newest).
    pub truncated: bool,
}

fn top<K: Ord + Clone>(map: HashMap<K, usize>, limit: usize) -> Vec<(K, usize)> {
    let mut v: Vec<(K, usize)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}

impl SearchIndex {
    /// What a person name resolves to: several ids mean it is ambiguous.
    pub fn resolve_person(&self, name: &str) -> Resolved {
        self.resolved_names
            .resolve(self.persons, &self.fields, &self.reader.searcher(), name)
    }

    /// Display name of a person id.
    pub fn person_name(&self, id: &str) -> String {
        self.persons.display_name(id)
    }

    /// The stored documents matching `main` and the filter, newest first (at most [`MAX_SCAN`]).
    fn scan(
        &self,
        main: Box<dyn Query>,
        filter: &PersonsFilter,
    ) -> Result<(Vec<TantivyDocument>, bool), Error> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
        if let Some(feed) = &filter.feed {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.feed, feed),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(since) = filter.since {
            let lower = Term::from_field_date_for_search(
                self.fields.published,
                DateTime::from_timestamp_secs(since.timestamp()),
            );
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    std::ops::Bound::Included(lower),
                    std::ops::Bound::Unbounded,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(MAX_SCAN + 1)
            .order_by_fast_field::<DateTime>(crate::schema::names::PUBLISHED, Order::Desc);
        let mut found = searcher
            .search(&query, &top)
            .map_err(|e| Error::tantivy(&self.dir, e))?;
        let truncated = found.len() > MAX_SCAN;
        found.truncate(MAX_SCAN);
        let mut docs = Vec::with_capacity(found.len());
        for (_, address) in found {
            docs.push(
                searcher
                    .doc(address)
                    .map_err(|e| Error::tantivy(&self.dir, e))?,
            );
        }
        Ok((docs, truncated))
    }

    /// The most mentioned people (by articles, then mentions).
    pub fn top_persons(&self, filter: &PersonsFilter) -> Result<(Vec<PersonSummary>, bool), Error> {
        let (docs, truncated) = self.scan(Box::new(AllQuery), filter)?;
        let mut by: HashMap<String, PersonSummary> = HashMap::new();
        for doc in &docs {
            for (id, name, count, _) in doc
                .get_all(self.fields.person_info)
                .filter_map(|v| v.as_str())
                .filter_map(parse_info)
            {
                let s = by.entry(id.to_string()).or_insert_with(|| PersonSummary {
                    person: id.to_string(),
                    name: name.to_string(),
                    articles: 0,
                    mentions: 0,
                });
                s.articles += 1;
                s.mentions += u64::from(count);
            }
        }
        let mut v: Vec<PersonSummary> = by.into_values().collect();
        v.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then(b.mentions.cmp(&a.mentions))
                .then_with(|| a.person.cmp(&b.person))
        });
        v.truncate(filter.limit.max(1));
        Ok((v, truncated))
    }

    /// Statistics of the person `name` resolves to (every candidate when ambiguous).
    pub fn person_report(&self, name: &str, filter: &PersonsFilter) -> Result<PersonReport, Error> {
        // Resolved once: reading a name asks the index many questions.
        let searcher = self.reader.searcher();
        let r = self
            .resolved_names
            .resolve(self.persons, &self.fields, &searcher, name);
        let mut stem = self.analyzer(khabar_analysis::names::AR_STEM);
        let mut skeleton = self.analyzer(khabar_analysis::names::AR_SKELETON);
        let main = resolved_query(
            &self.fields,
            &searcher,
            TextMatch {
                stem: &mut stem,
                skeleton: &mut skeleton,
            },
            &r,
        );
        let (docs, truncated) = self.scan(main, filter)?;
        let ids = r.people();
        let mut report = PersonReport {
            names: ids.iter().map(|id| self.person_name(id)).collect(),
            ids,
            articles: docs.len(),
            truncated,
            ..PersonReport::default()
        };
        // An unknown person's other keys (`~السيسي` for `عبد الفتاح السيسي`)
        // are the same person: their spellings count, they are not co-mentioned.
        let same: Vec<&String> = report.ids.iter().chain(&r.other_keys).collect();
        let mut spellings: HashMap<String, usize> = HashMap::new();
        let mut co: HashMap<String, PersonSummary> = HashMap::new();
        let mut feeds: HashMap<String, usize> = HashMap::new();
        let mut dates: Vec<Timestamp> = Vec::new();
        for doc in &docs {
            for (id, pname, count, spelled) in doc
                .get_all(self.fields.person_info)
                .filter_map(|v| v.as_str())
                .filter_map(parse_info)
            {
                if same.iter().any(|x| *x == id) {
                    for s in spelled {
                        *spellings.entry(s.to_string()).or_default() += 1;
                    }
                } else {
                    let s = co.entry(id.to_string()).or_insert_with(|| PersonSummary {
                        person: id.to_string(),
                        name: pname.to_string(),
                        articles: 0,
                        mentions: 0,
                    });
                    s.articles += 1;
                    s.mentions += u64::from(count);
                }
            }
            if let Some(feed) = doc.get_first(self.fields.feed).and_then(|v| v.as_str()) {
                *feeds.entry(feed.to_string()).or_default() += 1;
            }
            if let Some(d) = doc
                .get_first(self.fields.published)
                .and_then(|v| v.as_datetime())
            {
                dates.push(from_unix(d.into_timestamp_secs()));
            }
        }
        report.spellings = top(spellings, 20);
        report.feeds = top(feeds, 10);
        let mut co: Vec<PersonSummary> = co.into_values().collect();
        co.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then(b.mentions.cmp(&a.mentions))
                .then_with(|| a.person.cmp(&b.person))
        });
        co.truncate(filter.limit.max(1));
        report.co_mentioned = co;
        let weekly = match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) => (*b - *a).num_days() > 60,
            _ => false,
        };
        let mut timeline: BTreeMap<String, usize> = BTreeMap::new();
        for d in dates {
            let bucket = if weekly {
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            } else {
                d.format("%Y-%m-%d").to_string()
            };
            *timeline.entry(bucket).or_default() += 1;
        }
        report.timeline = timeline.into_iter().collect();
        Ok(report)
    }
}
