//! What happens between matching and the page of hits: recency blending, collapsing
//! copies of one wire story, and facet counts over all matches.

use std::collections::HashMap;

use khabar_core::Timestamp;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::query::Query;
use tantivy::{DocAddress, Searcher};

use crate::schema::names;
use crate::{Error, SearchIndex};

/// Blends recency into relevance: `score × (1 + weight · 2^(−age / half_life))`, so among
/// equally good matches the newer comes first, and a much better old match still wins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Freshness {
    /// How much a brand-new article gains (1.0: up to twice its score).
    pub weight: f32,
    /// Age at which the gain halves, in hours.
    pub half_life_hours: f32,
    /// "Now", for ages.
    pub now: Timestamp,
}

/// A facet to count over all matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    /// Articles per feed.
    Feed,
    /// Articles per person mentioned.
    Person,
    /// Articles per day of publication.
    Day,
}

impl FacetKind {
    /// The facet's name, as given on the command line and printed.
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Feed => "feed",
            FacetKind::Person => "person",
            FacetKind::Day => "day",
        }
    }

    /// Parses a facet name.
    pub fn parse(name: &str) -> Option<FacetKind> {
        match name {
            "feed" => Some(FacetKind::Feed),
            "person" => Some(FacetKind::Person),
            "day" => Some(FacetKind::Day),
            _ => None,
        }
    }
}

/// Counts of one facet, largest first (days: in date order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCounts {
    /// Which facet.
    pub kind: FacetKind,
    /// (value, number of matching articles).
    pub counts: Vec<(String, u64)>,
}

/// Most values returned per facet.
pub const MAX_FACET_VALUES: usize = 50;

/// A candidate hit before the page is cut: its address, score and group key.
pub(crate) struct Candidate {
    pub address: DocAddress,
    pub score: f32,
    /// The wire story it belongs to: its `duplicate_of`, else its own id.
    pub story: String,
    pub published: Option<i64>,
}

impl SearchIndex {
    /// Reads what reranking needs from fast fields (no stored-document loads).
    pub(crate) fn candidates(
        &self,
        searcher: &Searcher,
        scored: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<Candidate>, Error> {
        let err = |e| Error::tantivy(&self.dir, e);
        let mut columns = HashMap::new();
        let mut out = Vec::with_capacity(scored.len());
        let mut buf = String::new();
        for (score, address) in scored {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                columns.entry(address.segment_ord)
            {
                let fast = searcher.segment_reader(address.segment_ord).fast_fields();
                let ids = fast.str(names::ID).map_err(err)?;
                let dups = fast.str(names::DUPLICATE_OF).map_err(err)?;
                let dates = fast.date(names::PUBLISHED).map_err(err)?;
                slot.insert((ids, dups, dates));
            }
            let Some((ids, dups, dates)) = columns.get(&address.segment_ord) else {
                continue;
            };
            let mut read = |column: &Option<tantivy::columnar::StrColumn>| -> Option<String> {
                let column = column.as_ref()?;
                let ord = column.term_ords(address.doc_id).next()?;
                buf.clear();
                column.ord_to_str(ord, &mut buf).ok()?.then(|| buf.clone())
            };
            let story = read(dups).or_else(|| read(ids)).unwrap_or_default();
            let published = dates.first(address.doc_id).map(|d| d.into_timestamp_secs());
            out.push(Candidate {
                address,
                score,
                story,
                published,
            });
        }
        Ok(out)
    }

    /// Counts `kinds` over every document matching `query`.
    pub(crate) fn facets(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        kinds: &[FacetKind],
    ) -> Result<Vec<FacetCounts>, Error> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        let mut request = serde_json::Map::new();
        for kind in kinds {
            let agg = match kind {
                FacetKind::Feed => {
                    serde_json::json!({"terms": {"field": names::FEED, "size": MAX_FACET_VALUES}})
                }
                FacetKind::Person => {
                    serde_json::json!({"terms": {"field": names::PERSONS, "size": MAX_FACET_VALUES}})
                }
                FacetKind::Day => {
                    serde_json::json!({"date_histogram": {"field": names::PUBLISHED, "fixed_interval": "1d", "min_doc_count": 1}})
                }
            };
            request.insert(kind.name().to_string(), agg);
        }
        let bad = |e: String| Error::BadMeta {
            path: self.dir.clone(),
            reason: format!("facet request: {e}"),
        };
        let aggs: Aggregations = serde_json::from_value(serde_json::Value::Object(request))
            .map_err(|e| bad(e.to_string()))?;
        // Bounded: 50 terms per facet, and days only where there are matches.
        let limits = AggregationLimitsGuard::new(Some(64 << 20), Some(65_000));
        let collector = AggregationCollector::from_aggs(
            aggs,
            AggContextParams::new(limits, self.index.tokenizers().clone()),
        );
        let results = searcher
            .search(query, &collector)
            .map_err(|e| Error::tantivy(&self.dir, e))?;
        let json = serde_json::to_value(results).map_err(|e| bad(e.to_string()))?;
        let mut out = Vec::new();
        for kind in kinds {
            let buckets = json
                .get(kind.name())
                .and_then(|a| a.get("buckets"))
                .and_then(|b| b.as_array());
            let mut counts = Vec::new();
            for bucket in buckets.into_iter().flatten() {
                let count = bucket
                    .get("doc_count")
                    .and_then(|c| c.as_u64())
                    .unwrap_or(0);
                let key = match kind {
                    FacetKind::Day => bucket
                        .get("key_as_string")
                        .and_then(|k| k.as_str())
                        .map(|k| k.chars().take(10).collect()),
                    _ => bucket
                        .get("key")
                        .and_then(|k| k.as_str())
                        .map(str::to_string),
                };
                if let Some(key) = key
                    && count > 0
                {
                    counts.push((key, count));
                }
            }
            out.push(FacetCounts {
                kind: *kind,
                counts,
            });
        }
        Ok(out)
    }
}

/// Applies freshness to candidate scores and re-sorts them (best first).
pub(crate) fn blend_freshness(candidates: &mut [Candidate], fresh: &Freshness) {
    let now = fresh.now.timestamp();
    let half_life = (fresh.half_life_hours.max(0.1) * 3600.0) as f64;
    for c in candidates.iter_mut() {
        let age = c
            .published
            .map_or(f64::INFINITY, |p| (now - p).max(0) as f64);
        let gain = fresh.weight as f64 * (-age / half_life).exp2();
        c.score = (c.score as f64 * (1.0 + gain)) as f32;
    }
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
}

/// Keeps the best-ranked candidate of each wire story, in order.
pub(crate) fn collapse(candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut seen = std::collections::HashSet::new();
    candidates
        .into_iter()
        .filter(|c| c.story.is_empty() || seen.insert(c.story.clone()))
        .collect()
}
