//! Feeds and their fetch state.

use khabar_core::{Feed, FeedHealth, FeedId, FeedSpec, Timestamp, from_unix, now, to_unix};
use rusqlite::{OptionalExtension, Row, params};

use crate::{Error, Store};

/// The outcome of one fetch, as recorded on the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchRecord {
    /// A 200 whose body was parsed (or skipped because its hash was unchanged).
    Fetched {
        /// New `ETag`, if the server sent one.
        etag: Option<String>,
        /// New `Last-Modified`, if the server sent one.
        last_modified: Option<String>,
        /// Hash of the body.
        body_hash: Option<String>,
        /// Encoding used to decode it.
        encoding: Option<String>,
    },
    /// A 304 Not Modified.
    NotModified,
    /// A failure; the message names what failed.
    Failed {
        /// The error message.
        error: String,
        /// The server said 410 Gone.
        gone: bool,
    },
}

/// Optional changes to a feed's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedUpdate {
    /// New URL (after a permanent redirect).
    pub url: Option<String>,
    /// New display name.
    pub name: Option<String>,
}

const FEED_COLUMNS: &str = "id, url, name, full_text, interval_secs, etag, last_modified, body_hash, \
     encoding, added_at, last_fetch_at, last_success_at, last_error, error_count, next_fetch_at, gone";

fn feed_from_row(row: &Row<'_>) -> rusqlite::Result<Feed> {
    let ts = |v: Option<i64>| v.map(from_unix);
    Ok(Feed {
        id: FeedId(row.get(0)?),
        url: row.get(1)?,
        name: row.get(2)?,
        full_text: row.get::<_, i64>(3)? != 0,
        interval_secs: row.get(4)?,
        etag: row.get(5)?,
        last_modified: row.get(6)?,
        body_hash: row.get(7)?,
        encoding: row.get(8)?,
        health: FeedHealth {
            added: Some(from_unix(row.get(9)?)),
            last_fetch: ts(row.get(10)?),
            last_success: ts(row.get(11)?),
            last_error: row.get(12)?,
            error_count: row.get(13)?,
            next_fetch: ts(row.get(14)?),
            gone: row.get::<_, i64>(15)? != 0,
        },
    })
}

impl Store {
    /// Adds a feed. A URL already in the store is an error ([`Error::FeedExists`]).
    pub fn add_feed(&self, spec: &FeedSpec) -> Result<Feed, Error> {
        if let Some(existing) = self.feed_by_url(&spec.url)? {
            return Err(Error::FeedExists {
                url: spec.url.clone(),
                id: existing.id.0,
            });
        }
        let name = spec.name.clone().unwrap_or_else(|| spec.url.clone());
        self.conn
            .execute(
                "INSERT INTO feeds (url, name, full_text, interval_secs, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![spec.url, name, spec.full_text as i64, spec.interval_secs, to_unix(now())],
            )
            .map_err(|e| self.err(e))?;
        let id = FeedId(self.conn.last_insert_rowid());
        self.feed(id)?.ok_or(Error::NoSuchFeed(id.0))
    }

    /// Every feed, by id.
    pub fn feeds(&self) -> Result<Vec<Feed>, Error> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY id");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], feed_from_row).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// One feed.
    pub fn feed(&self, id: FeedId) -> Result<Option<Feed>, Error> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?1");
        self.conn
            .query_row(&sql, [id.0], feed_from_row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The feed with this URL.
    pub fn feed_by_url(&self, url: &str) -> Result<Option<Feed>, Error> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?1");
        self.conn
            .query_row(&sql, [url], feed_from_row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Changes a feed's URL or name.
    pub fn update_feed(&self, id: FeedId, update: &FeedUpdate) -> Result<(), Error> {
        let n = self
            .conn
            .execute(
                "UPDATE feeds SET url = COALESCE(?2, url), name = COALESCE(?3, name) WHERE id = ?1",
                params![id.0, update.url, update.name],
            )
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(Error::NoSuchFeed(id.0));
        }
        Ok(())
    }

    /// Removes a feed. Its articles are deleted when `delete_articles`, otherwise kept
    /// (detached from the feed, keeping its name). Returns the number of articles deleted.
    pub fn remove_feed(&mut self, id: FeedId, delete_articles: bool) -> Result<usize, Error> {
        let path = self.path.clone();
        let err = |e| Error::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut deleted = 0;
        if delete_articles {
            let ids: Vec<String> = {
                let mut stmt = tx
                    .prepare("SELECT id FROM articles WHERE feed_id = ?1")
                    .map_err(err)?;
                let rows = stmt.query_map([id.0], |r| r.get(0)).map_err(err)?;
                rows.collect::<rusqlite::Result<_>>().map_err(err)?
            };
            for article in &ids {
                crate::articles::delete_in(&tx, article).map_err(err)?;
            }
            deleted = ids.len();
        }
        let n = tx
            .execute("DELETE FROM feeds WHERE id = ?1", [id.0])
            .map_err(err)?;
        if n == 0 {
            return Err(Error::NoSuchFeed(id.0));
        }
        tx.commit().map_err(err)?;
        Ok(deleted)
    }

    /// Records the outcome of a fetch and when the feed is next due.
    pub fn record_fetch(
        &self,
        id: FeedId,
        at: Timestamp,
        record: &FetchRecord,
        next_fetch: Option<Timestamp>,
    ) -> Result<(), Error> {
        let at = to_unix(at);
        let next = next_fetch.map(to_unix);
        let result = match record {
            FetchRecord::Fetched { etag, last_modified, body_hash, encoding } => self.conn.execute(
                "UPDATE feeds SET etag = ?2, last_modified = ?3, body_hash = COALESCE(?4, body_hash),
                    encoding = COALESCE(?5, encoding), last_fetch_at = ?6, last_success_at = ?6,
                    last_error = NULL, error_count = 0, next_fetch_at = ?7, gone = 0 WHERE id = ?1",
                params![id.0, etag, last_modified, body_hash, encoding, at, next],
            ),
            FetchRecord::NotModified => self.conn.execute(
                "UPDATE feeds SET last_fetch_at = ?2, last_success_at = ?2, last_error = NULL,
                    error_count = 0, next_fetch_at = ?3 WHERE id = ?1",
                params![id.0, at, next],
            ),
            FetchRecord::Failed { error, gone } => self.conn.execute(
                "UPDATE feeds SET last_fetch_at = ?2, last_error = ?3, error_count = error_count + 1,
                    next_fetch_at = ?4, gone = (gone OR ?5) WHERE id = ?1",
                params![id.0, at, error, next, *gone as i64],
            ),
        };
        match result.map_err(|e| self.err(e))? {
            0 => Err(Error::NoSuchFeed(id.0)),
            _ => Ok(()),
        }
    }

    /// Number of stored articles per feed id.
    pub fn article_counts_by_feed(&self) -> Result<Vec<(FeedId, i64)>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT feed_id, COUNT(*) FROM articles WHERE feed_id IS NOT NULL GROUP BY feed_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((FeedId(r.get(0)?), r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

/// Queries of the long-running scheduler (`khabar run`).
impl Store {
    /// Feeds due at `at`: never fetched (no `next_fetch_at`) or due by then, except
    /// those that answered 410 Gone; soonest first.
    pub fn due_feeds(&self, at: Timestamp) -> Result<Vec<Feed>, Error> {
        let sql = format!(
            "SELECT {FEED_COLUMNS} FROM feeds WHERE gone = 0 AND (next_fetch_at IS NULL OR next_fetch_at <= ?1)
             ORDER BY COALESCE(next_fetch_at, 0), id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([to_unix(at)], feed_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The earliest `next_fetch_at` of a feed not gone (`None` when there is none):
    /// how long the scheduler may sleep.
    pub fn next_due(&self) -> Result<Option<Timestamp>, Error> {
        self.conn
            .query_row(
                "SELECT MIN(next_fetch_at) FROM feeds WHERE gone = 0",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )
            .map(|t| t.map(from_unix))
            .map_err(|e| self.err(e))
    }

    /// Publication times (Unix seconds) of a feed's `limit` most recent articles
    /// with a real (not estimated) date: how often the feed publishes.
    pub fn recent_publication_times(&self, id: FeedId, limit: usize) -> Result<Vec<i64>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT published FROM articles WHERE feed_id = ?1 AND published IS NOT NULL
                 AND published_estimated = 0 ORDER BY published DESC LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![id.0, limit.min(10_000) as i64], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}
