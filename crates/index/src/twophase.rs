//! Two-phase ranking for plain ranked queries, so latency stays low on large indexes.
//!
//! Khabar's full ranking (its own BM25 over stemmed, exact and skeleton fields, plus
//! proximity) cannot use Tantivy's block-max WAND, which only prunes unions of
//! Tantivy's own term scorers. For a query that is just words (the common case), the
//! first phase takes the best candidates with a pruned BM25 union over the stemmed
//! title and body; the second scores only those candidates with the full model.
//! Measured on the dev sets (BENCHMARKS.md), the result is the same ranking quality.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, TantivyError, Term,
};

use crate::query::{Clause, Node, Occur};

/// The text of a query made only of optional, unfielded words; `None` otherwise.
pub(crate) fn plain_words(clauses: &[Clause]) -> Option<String> {
    let mut words = String::new();
    for clause in clauses {
        match (&clause.occur, &clause.node) {
            (Occur::Should, Node::Word { field: None, text }) => {
                words.push_str(text);
                words.push(' ');
            }
            _ => return None,
        }
    }
    Some(words)
}

/// The first phase: BM25 (Tantivy's, prunable) over the stemmed title and body.
pub(crate) fn first_phase_query(
    stems: &[Term],
    title: tantivy::schema::Field,
    title_boost: f32,
) -> BooleanQuery {
    let mut clauses: Vec<(tantivy::query::Occur, Box<dyn Query>)> = Vec::new();
    for stem in stems {
        let text = stem.value().as_str().unwrap_or("").to_string();
        clauses.push((
            tantivy::query::Occur::Should,
            Box::new(TermQuery::new(stem.clone(), IndexRecordOption::WithFreqs)),
        ));
        let title_term = Term::from_field_text(title, &text);
        let q: Box<dyn Query> = Box::new(TermQuery::new(title_term, IndexRecordOption::WithFreqs));
        clauses.push((
            tantivy::query::Occur::Should,
            Box::new(BoostQuery::new(q, title_boost)),
        ));
    }
    BooleanQuery::new(clauses)
}

/// Matches exactly the given documents, with score 0: restricts the second phase to
/// the first phase's candidates.
#[derive(Clone, Debug)]
pub(crate) struct CandidatesQuery {
    docs: Arc<HashMap<SegmentId, Vec<DocId>>>,
}

impl CandidatesQuery {
    pub(crate) fn new(searcher: &Searcher, addresses: &[DocAddress]) -> CandidatesQuery {
        let mut docs: HashMap<SegmentId, Vec<DocId>> = HashMap::new();
        for a in addresses {
            let segment = searcher.segment_reader(a.segment_ord).segment_id();
            docs.entry(segment).or_default().push(a.doc_id);
        }
        for list in docs.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        CandidatesQuery {
            docs: Arc::new(docs),
        }
    }
}

impl Query for CandidatesQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(CandidatesWeight {
            docs: self.docs.clone(),
        }))
    }
}

struct CandidatesWeight {
    docs: Arc<HashMap<SegmentId, Vec<DocId>>>,
}

impl Weight for CandidatesWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = self
            .docs
            .get(&reader.segment_id())
            .cloned()
            .unwrap_or_default();
        Ok(Box::new(CandidatesScorer { docs, at: 0 }))
    }

    fn explain(&self, _reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        Err(TantivyError::InvalidArgument(format!(
            "document {doc}: candidates carry no score"
        )))
    }
}

/// The candidate documents of one segment, in order, each scoring 0.
struct CandidatesScorer {
    docs: Vec<DocId>,
    at: usize,
}

impl DocSet for CandidatesScorer {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }
    fn seek(&mut self, target: DocId) -> DocId {
        // Candidates are few (hundreds): a binary search from the current position.
        self.at += self.docs[self.at.min(self.docs.len())..].partition_point(|&d| d < target);
        self.doc()
    }
    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }
    fn size_hint(&self) -> u32 {
        self.docs.len() as u32
    }
}

impl Scorer for CandidatesScorer {
    fn score(&mut self) -> Score {
        0.0
    }
}

/// A sum of optional clauses whose scorer seeks its children directly instead of
/// buffering blocks of documents: the second phase visits a few hundred scattered
/// candidates, where Tantivy's buffered union would decode whole blocks of every
/// posting list around each of them.
#[derive(Debug)]
pub(crate) struct SeekUnionQuery {
    children: Vec<Box<dyn Query>>,
}

impl Clone for SeekUnionQuery {
    fn clone(&self) -> Self {
        SeekUnionQuery {
            children: self.children.iter().map(|c| c.box_clone()).collect(),
        }
    }
}

impl SeekUnionQuery {
    pub(crate) fn new(children: Vec<Box<dyn Query>>) -> SeekUnionQuery {
        SeekUnionQuery { children }
    }
}

impl Query for SeekUnionQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let children = self
            .children
            .iter()
            .map(|c| c.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(SeekUnionWeight { children }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for child in &self.children {
            child.query_terms(visitor);
        }
    }
}

struct SeekUnionWeight {
    children: Vec<Box<dyn Weight>>,
}

impl Weight for SeekUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let children = self
            .children
            .iter()
            .map(|c| c.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut scorer = SeekUnionScorer { children, doc: 0 };
        scorer.doc = scorer.min_doc();
        Ok(Box::new(scorer))
    }

    fn explain(&self, _reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        Err(TantivyError::InvalidArgument(format!(
            "document {doc}: no explanation for a seek union"
        )))
    }
}

struct SeekUnionScorer {
    children: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl SeekUnionScorer {
    fn min_doc(&self) -> DocId {
        self.children
            .iter()
            .map(|c| c.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for SeekUnionScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        for child in &mut self.children {
            if child.doc() == current {
                child.advance();
            }
        }
        self.doc = self.min_doc();
        self.doc
    }
    fn seek(&mut self, target: DocId) -> DocId {
        for child in &mut self.children {
            if child.doc() < target {
                child.seek(target);
            }
        }
        self.doc = self.min_doc();
        self.doc
    }
    fn doc(&self) -> DocId {
        self.doc
    }
    fn size_hint(&self) -> u32 {
        self.children
            .iter()
            .map(|c| c.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for SeekUnionScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.children
            .iter_mut()
            .filter(|c| c.doc() == doc)
            .map(|c| c.score())
            .sum()
    }
}
