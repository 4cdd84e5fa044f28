//! BM25 with tunable `k1` and `b`.
//!
//! Tantivy's `TermQuery` scores with BM25 at fixed k1 = 1.2, b = 0.75. Measured on the
//! dev sets (BENCHMARKS.md), the length normalization matters a lot for Arabic news and
//! passages, so Khabar scores terms with its own query, which reads the same postings
//! and field norms but takes `k1` and `b` from [`crate::Ranking`].

use std::fmt;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25StatisticsProvider, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// A single-term query scored with BM25(k1, b).
#[derive(Clone)]
pub struct Bm25TermQuery {
    term: Term,
    k1: f32,
    b: f32,
}

impl fmt::Debug for Bm25TermQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Bm25TermQuery({:?}, k1={}, b={})",
            self.term, self.k1, self.b
        )
    }
}

impl Bm25TermQuery {
    /// A query for `term` with BM25 parameters `k1` and `b`.
    pub fn new(term: Term, k1: f32, b: f32) -> Bm25TermQuery {
        Bm25TermQuery {
            term,
            k1: k1.max(0.0),
            b: b.clamp(0.0, 1.0),
        }
    }
}

impl Query for Bm25TermQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let field = self.term.field();
        let (idf, avg_len) = match enable_scoring.searcher() {
            Some(searcher) if enable_scoring.is_scoring_enabled() => {
                let docs = searcher.total_num_docs()?.max(1) as f32;
                let tokens = searcher.total_num_tokens(field)? as f32;
                let df = searcher.doc_freq(&self.term)? as f32;
                let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
                (idf, (tokens / docs).max(1.0))
            }
            _ => (0.0, 1.0),
        };
        // score = idf·(k1+1)·tf / (tf + k1·(1 − b + b·len/avg)): precompute the
        // denominator constant for each of the 256 field-norm codes.
        let mut norm = [0f32; 256];
        for (id, slot) in norm.iter_mut().enumerate() {
            let len = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
            *slot = self.k1 * (1.0 - self.b + self.b * len / avg_len);
        }
        Ok(Box::new(Bm25TermWeight {
            term: self.term.clone(),
            weight: idf * (self.k1 + 1.0),
            norm: Box::new(norm),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

struct Bm25TermWeight {
    term: Term,
    weight: f32,
    norm: Box<[f32; 256]>,
}

impl Weight for Bm25TermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let field = self.term.field();
        let postings = reader
            .inverted_index(field)?
            .read_postings(&self.term, IndexRecordOption::WithFreqs)?;
        let Some(postings) = postings else {
            return Ok(Box::new(EmptyScorer));
        };
        let fieldnorms = reader.get_fieldnorms_reader(field)?;
        Ok(Box::new(Bm25TermScorer {
            postings,
            fieldnorms,
            weight: self.weight * boost,
            norm: self.norm.clone(),
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("bm25(k1, b)", scorer.score()))
    }
}

struct Bm25TermScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    weight: f32,
    norm: Box<[f32; 256]>,
}

impl DocSet for Bm25TermScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }
    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }
    fn doc(&self) -> DocId {
        self.postings.doc()
    }
    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for Bm25TermScorer {
    fn score(&mut self) -> Score {
        let doc = self.postings.doc();
        let tf = self.postings.term_freq() as f32;
        let norm = self.norm[self.fieldnorms.fieldnorm_id(doc) as usize];
        self.weight * tf / (tf + norm)
    }
}
