//! Results for scripts: JSON Lines.
//!
//! `khabar search --json` prints one object per hit, then one summary:
//! ```text
//! {"type":"hit","rank":1,"id":"…","score":7.1,"title":"…","url":"…","feed":"…",
//!  "published":"2025-02-14T09:30:00+00:00","author":null,
//!  "snippet":{"text":"…","highlights":[[12,24]]},"title_highlights":[[0,12]],"duplicate_of":null,
//!  "persons":["سيرغي لافروف"],"duplicates":[{"id":"…","feed":"…","url":"…"}]}
//! {"type":"facet","facet":"feed","counts":[["BBC Arabic",12],["France 24",7]]}
//! {"type":"summary","total":42,"returned":10,"offset":0,"elapsed_ms":3}
//! ```
//! Highlights are byte ranges into the string they follow. Field names are stable;
//! new fields may be added.

use khabar_index::SearchHit;
use serde_json::{Value, json};

pub fn hit(rank: usize, hit: &SearchHit) -> Value {
    json!({
        "type": "hit",
        "rank": rank,
        "id": hit.id,
        "score": hit.score,
        "title": hit.title,
        "url": hit.url,
        "feed": hit.feed,
        "published": hit.published.map(|t| t.to_rfc3339()),
        "author": hit.author,
        "snippet": { "text": hit.snippet.text, "highlights": hit.snippet.highlights },
        "title_highlights": hit.title_highlights,
        "duplicate_of": hit.duplicate_of,
        "persons": hit.persons,
        "duplicates": hit.duplicates.iter().map(|d| json!({"id": d.id, "feed": d.feed, "url": d.url})).collect::<Vec<_>>(),
    })
}

pub fn facet(facet: &khabar_index::FacetCounts) -> Value {
    json!({ "type": "facet", "facet": facet.kind.name(), "counts": facet.counts })
}

pub fn summary(total: usize, returned: usize, offset: usize, elapsed_ms: u128) -> Value {
    json!({ "type": "summary", "total": total, "returned": returned, "offset": offset, "elapsed_ms": elapsed_ms })
}
