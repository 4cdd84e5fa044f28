//! Near-duplicate fingerprints: what ingest needs to find earlier copies of a story.
//!
//! The fingerprints themselves are computed by `khabar-ingest` (the store does no text
//! processing); the store keeps them with banded, indexed lookup and prunes them by age.

use khabar_core::{ArticleId, Timestamp, from_unix, to_unix};
use rusqlite::params;

use crate::{Error, Store};

/// An article's near-duplicate fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// 64-bit SimHash: similar texts have close hashes (Hamming distance).
    pub simhash: u64,
    /// Locality-sensitive band keys: two similar texts very likely share one, at the
    /// same position. Candidates are found by equality on any band.
    pub bands: [u64; 4],
}

/// A stored fingerprint that shares a band with the one looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FingerprintMatch {
    /// The article it belongs to.
    pub article: ArticleId,
    /// Its SimHash.
    pub simhash: u64,
    /// The article that one is itself a duplicate of, if any.
    pub original: Option<ArticleId>,
    /// When it was recorded (the article's first sighting).
    pub seen_at: Timestamp,
}

// SQLite integers are signed: the 64-bit values are stored as their bit patterns.
fn to_sql(v: u64) -> i64 {
    v as i64
}

impl Store {
    /// Records an article's fingerprint (replacing any earlier one for it), with the
    /// article it was found to duplicate.
    pub fn insert_fingerprint(
        &self,
        article: &ArticleId,
        fp: &Fingerprint,
        seen_at: Timestamp,
        original: Option<&ArticleId>,
    ) -> Result<(), Error> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO fingerprints
                    (article_id, simhash, band0, band1, band2, band3, seen_at, original)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    article.as_str(),
                    to_sql(fp.simhash),
                    to_sql(fp.bands[0]),
                    to_sql(fp.bands[1]),
                    to_sql(fp.bands[2]),
                    to_sql(fp.bands[3]),
                    to_unix(seen_at),
                    original.map(ArticleId::as_str),
                ])
            })
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Up to `limit` fingerprints recorded at or after `since` that share at least one
    /// band with `fp` (same position), earliest first; `exclude` is left out.
    pub fn fingerprint_candidates(
        &self,
        fp: &Fingerprint,
        since: Timestamp,
        exclude: &ArticleId,
        limit: usize,
    ) -> Result<Vec<FingerprintMatch>, Error> {
        let limit = limit.min(10_000) as i64;
        // One indexed lookup per band; the union keeps the plan off the seen_at index,
        // which would scan the whole window.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT article_id, simhash, original, seen_at FROM fingerprints
                 WHERE article_id IN (
                     SELECT article_id FROM fingerprints WHERE band0 = ?1
                     UNION SELECT article_id FROM fingerprints WHERE band1 = ?2
                     UNION SELECT article_id FROM fingerprints WHERE band2 = ?3
                     UNION SELECT article_id FROM fingerprints WHERE band3 = ?4)
                   AND seen_at >= ?5 AND article_id <> ?6
                 ORDER BY seen_at, article_id LIMIT ?7",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![
                    to_sql(fp.bands[0]),
                    to_sql(fp.bands[1]),
                    to_sql(fp.bands[2]),
                    to_sql(fp.bands[3]),
                    to_unix(since),
                    exclude.as_str(),
                    limit
                ],
                |r| {
                    Ok(FingerprintMatch {
                        article: ArticleId::new(r.get::<_, String>(0)?),
                        simhash: r.get::<_, i64>(1)? as u64,
                        original: r.get::<_, Option<String>>(2)?.map(ArticleId::new),
                        seen_at: from_unix(r.get(3)?),
                    })
                },
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Deletes the fingerprints recorded before `before`; returns how many. Keeps the
    /// table (and every lookup) bounded by the near-duplicate window.
    pub fn prune_fingerprints(&self, before: Timestamp) -> Result<usize, Error> {
        self.conn
            .execute(
                "DELETE FROM fingerprints WHERE seen_at < ?1",
                [to_unix(before)],
            )
            .map_err(|e| self.err(e))
    }

    /// Number of stored fingerprints.
    pub fn fingerprint_count(&self) -> Result<i64, Error> {
        self.conn
            .query_row("SELECT COUNT(*) FROM fingerprints", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_core::Article;

    fn article(id: &str) -> Article {
        Article {
            id: ArticleId::new(id),
            feed_id: None,
            feed: None,
            title: id.to_string(),
            body: String::new(),
            url: None,
            author: None,
            published: None,
            published_estimated: false,
            guid: None,
        }
    }

    #[test]
    fn banded_lookup_window_and_cascade() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        store
            .upsert_articles(&[article("a"), article("b"), article("c")])
            .unwrap();
        let t = |s| from_unix(s);
        let fa = Fingerprint {
            simhash: u64::MAX,
            bands: [1, 2, 3, u64::MAX],
        };
        let fb = Fingerprint {
            simhash: 7,
            bands: [9, 9, 9, u64::MAX],
        };
        let fc = Fingerprint {
            simhash: 8,
            bands: [5, 6, 7, 8],
        };
        store
            .insert_fingerprint(&ArticleId::new("a"), &fa, t(100), None)
            .unwrap();
        store
            .insert_fingerprint(
                &ArticleId::new("b"),
                &fb,
                t(200),
                Some(&ArticleId::new("a")),
            )
            .unwrap();
        store
            .insert_fingerprint(&ArticleId::new("c"), &fc, t(300), None)
            .unwrap();
        let probe = Fingerprint {
            simhash: 0,
            bands: [0, 0, 0, u64::MAX],
        };
        let me = ArticleId::new("x");
        let found = store.fingerprint_candidates(&probe, t(0), &me, 10).unwrap();
        let ids: Vec<_> = found.iter().map(|m| m.article.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(found[0].simhash, u64::MAX);
        assert_eq!(found[1].original, Some(ArticleId::new("a")));
        // Bands match by position only.
        let shifted = Fingerprint {
            simhash: 0,
            bands: [u64::MAX, 0, 0, 0],
        };
        assert!(
            store
                .fingerprint_candidates(&shifted, t(0), &me, 10)
                .unwrap()
                .is_empty()
        );
        // Window and limit.
        assert_eq!(
            store
                .fingerprint_candidates(&probe, t(150), &me, 10)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            store
                .fingerprint_candidates(&probe, t(0), &me, 1)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(store.prune_fingerprints(t(150)).unwrap(), 1);
        assert_eq!(store.fingerprint_count().unwrap(), 2);
        // Deleting an article deletes its fingerprint.
        store.delete_article(&ArticleId::new("c")).unwrap();
        assert_eq!(store.fingerprint_count().unwrap(), 1);
    }

    #[test]
    fn version_1_store_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(crate::schema::MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        store.upsert_articles(&[article("a")]).unwrap();
        let fp = Fingerprint {
            simhash: 1,
            bands: [1, 2, 3, 4],
        };
        store
            .insert_fingerprint(&ArticleId::new("a"), &fp, from_unix(1), None)
            .unwrap();
        assert_eq!(store.fingerprint_count().unwrap(), 1);
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, crate::schema::VERSION);
    }
}
