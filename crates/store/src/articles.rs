//! Articles: upsert by id, change feed for the index, iteration for rebuild and export.

use khabar_core::{Article, ArticleId, FeedId, StoredArticle, Timestamp, from_unix, to_unix};
use rusqlite::{OptionalExtension, Row, Transaction, params};

use crate::{Error, Store};

/// What happened to one article on upsert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    /// A new article.
    Inserted,
    /// An existing article whose content changed.
    Updated,
    /// An existing article, identical to what was stored.
    Unchanged,
}

/// Counts of an upsert batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertReport {
    /// New articles.
    pub inserted: usize,
    /// Changed articles.
    pub updated: usize,
    /// Articles already stored as they are.
    pub unchanged: usize,
}

impl UpsertReport {
    fn add(&mut self, outcome: UpsertOutcome) {
        match outcome {
            UpsertOutcome::Inserted => self.inserted += 1,
            UpsertOutcome::Updated => self.updated += 1,
            UpsertOutcome::Unchanged => self.unchanged += 1,
        }
    }
}

/// Which articles to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    /// Only this feed's.
    pub feed_id: Option<FeedId>,
}

/// One entry of the change feed the index follows.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// An article was inserted or changed.
    Upsert(Box<StoredArticle>),
    /// An article was deleted.
    Delete {
        /// Its id.
        id: ArticleId,
        /// Sequence number of the deletion.
        seq: i64,
    },
}

impl Change {
    /// The change's sequence number.
    pub fn seq(&self) -> i64 {
        match self {
            Change::Upsert(a) => a.seq,
            Change::Delete { seq, .. } => *seq,
        }
    }
}

const ARTICLE_COLUMNS: &str = "id, seq, feed_id, feed, title, body, url, author, published, \
     published_estimated, guid, first_seen, updated_at, duplicate_of";

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<StoredArticle> {
    Ok(StoredArticle {
        article: Article {
            id: ArticleId::new(row.get::<_, String>(0)?),
            feed_id: row.get::<_, Option<i64>>(2)?.map(FeedId),
            feed: row.get(3)?,
            title: row.get(4)?,
            body: row.get(5)?,
            url: row.get(6)?,
            author: row.get(7)?,
            published: row.get::<_, Option<i64>>(8)?.map(from_unix),
            published_estimated: row.get::<_, i64>(9)? != 0,
            guid: row.get(10)?,
        },
        seq: row.get(1)?,
        first_seen: from_unix(row.get(11)?),
        updated: from_unix(row.get(12)?),
        duplicate_of: row.get::<_, Option<String>>(13)?.map(ArticleId::new),
    })
}

fn next_seq(tx: &Transaction<'_>) -> rusqlite::Result<i64> {
    tx.query_row(
        "UPDATE meta SET value = value + 1 WHERE key = 'last_seq' RETURNING value",
        [],
        |r| r.get(0),
    )
}

pub(crate) fn delete_in(tx: &Transaction<'_>, id: &str) -> rusqlite::Result<bool> {
    let n = tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
    if n > 0 {
        let seq = next_seq(tx)?;
        tx.execute(
            "INSERT INTO deletions (seq, id) VALUES (?1, ?2)",
            params![seq, id],
        )?;
    }
    Ok(n > 0)
}

fn upsert_in(tx: &Transaction<'_>, article: &Article, now: i64) -> rusqlite::Result<UpsertOutcome> {
    let existing: Option<(String, Option<i64>, bool)> = tx
        .prepare_cached(
            "SELECT content_hash, published, published_estimated FROM articles WHERE id = ?1",
        )?
        .query_row([article.id.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0))
        })
        .optional()?;
    // An estimated date (the fetch time of an undated item) never replaces the date
    // already stored: otherwise every later fetch of the feed would "change" the
    // article, move its date forward and re-index it (found by the dedup property
    // test, crates/ingest/tests/props.rs).
    let kept;
    let article = match &existing {
        Some((_, Some(published), estimated)) if article.published_estimated => {
            kept = Article {
                published: Some(from_unix(*published)),
                published_estimated: *estimated,
                ..article.clone()
            };
            &kept
        }
        _ => article,
    };
    let hash = article.content_hash();
    let outcome = match existing.map(|(hash, _, _)| hash) {
        None => UpsertOutcome::Inserted,
        Some(old) if old == hash => return Ok(UpsertOutcome::Unchanged),
        Some(_) => UpsertOutcome::Updated,
    };
    let seq = next_seq(tx)?;
    let published = article.published.map(to_unix);
    if outcome == UpsertOutcome::Inserted {
        tx.prepare_cached(
            "INSERT INTO articles (id, seq, feed_id, feed, title, body, url, author, published,
                published_estimated, guid, content_hash, first_seen, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        )?
        .execute(params![
            article.id.as_str(),
            seq,
            article.feed_id.map(|f| f.0),
            article.feed,
            article.title,
            article.body,
            article.url,
            article.author,
            published,
            article.published_estimated as i64,
            article.guid,
            hash,
            now,
        ])?;
    } else {
        // first_seen is kept: it is when we first saw the story, not when it was edited.
        tx.prepare_cached(
            "UPDATE articles SET seq = ?2, feed_id = ?3, feed = ?4, title = ?5, body = ?6, url = ?7,
                author = ?8, published = ?9, published_estimated = ?10, guid = ?11,
                content_hash = ?12, updated_at = ?13
             WHERE id = ?1",
        )?
        .execute(params![
            article.id.as_str(),
            seq,
            article.feed_id.map(|f| f.0),
            article.feed,
            article.title,
            article.body,
            article.url,
            article.author,
            published,
            article.published_estimated as i64,
            article.guid,
            hash,
            now,
        ])?;
    }
    Ok(outcome)
}

impl Store {
    /// Inserts or updates articles by id, all in one transaction: either every article
    /// of the batch is stored or none is. An article whose content is unchanged keeps
    /// its sequence number, so re-ingesting a feed costs the index nothing.
    pub fn upsert_articles(&mut self, articles: &[Article]) -> Result<UpsertReport, Error> {
        self.upsert_articles_at(articles, khabar_core::now())
    }

    /// [`Store::upsert_articles`] with an explicit clock (tests).
    pub fn upsert_articles_at(
        &mut self,
        articles: &[Article],
        at: Timestamp,
    ) -> Result<UpsertReport, Error> {
        let mut report = UpsertReport::default();
        for outcome in self.upsert_articles_outcomes_at(articles, at)? {
            report.add(outcome);
        }
        Ok(report)
    }

    /// [`Store::upsert_articles_at`], with what happened to each article, in order
    /// (ingest needs to know which ones are new, to look for near-duplicates).
    pub fn upsert_articles_outcomes_at(
        &mut self,
        articles: &[Article],
        at: Timestamp,
    ) -> Result<Vec<UpsertOutcome>, Error> {
        for a in articles {
            if a.id.as_str().is_empty() {
                return Err(Error::InvalidArticle {
                    id: String::new(),
                    reason: "empty id".into(),
                });
            }
        }
        let path = self.path.clone();
        let err = |e| Error::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let now = to_unix(at);
        let mut outcomes = Vec::with_capacity(articles.len());
        for a in articles {
            outcomes.push(upsert_in(&tx, a, now).map_err(err)?);
        }
        tx.commit().map_err(err)?;
        Ok(outcomes)
    }

    /// Marks `id` as a near-duplicate of `original` (or clears it with `None`).
    pub fn set_duplicate_of(
        &self,
        id: &ArticleId,
        original: Option<&ArticleId>,
    ) -> Result<(), Error> {
        self.conn
            .execute(
                "UPDATE articles SET duplicate_of = ?2 WHERE id = ?1",
                params![id.as_str(), original.map(|o| o.as_str())],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Deletes an article; returns whether it existed.
    pub fn delete_article(&mut self, id: &ArticleId) -> Result<bool, Error> {
        let path = self.path.clone();
        let err = |e| Error::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let existed = delete_in(&tx, id.as_str()).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(existed)
    }

    /// One article.
    pub fn article(&self, id: &ArticleId) -> Result<Option<StoredArticle>, Error> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
        self.conn
            .query_row(&sql, [id.as_str()], article_from_row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The highest change sequence number so far (0 for an empty store).
    pub fn last_seq(&self) -> Result<i64, Error> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = 'last_seq'", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }

    /// Up to `limit` changes with a sequence number above `after`, in sequence order.
    pub fn changes_after(&self, after: i64, limit: usize) -> Result<Vec<Change>, Error> {
        let limit = limit.min(i64::MAX as usize) as i64;
        let sql =
            format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq > ?1 ORDER BY seq LIMIT ?2");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let upserts = stmt
            .query_map(params![after, limit], article_from_row)
            .map_err(|e| self.err(e))?
            .map(|r| r.map(|a| Change::Upsert(Box::new(a))))
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, id FROM deletions WHERE seq > ?1 ORDER BY seq LIMIT ?2")
            .map_err(|e| self.err(e))?;
        let deletes = stmt
            .query_map(params![after, limit], |r| {
                Ok(Change::Delete {
                    seq: r.get(0)?,
                    id: ArticleId::new(r.get::<_, String>(1)?),
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        let mut all = upserts;
        all.extend(deletes);
        all.sort_by_key(Change::seq);
        all.truncate(limit as usize);
        Ok(all)
    }

    /// Calls `f` on every stored article (in sequence order), streaming: memory stays flat.
    /// Stops early with `f`'s error.
    pub fn for_each_article<E: From<Error>>(
        &self,
        filter: &ArticleFilter,
        mut f: impl FnMut(StoredArticle) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE (?1 IS NULL OR feed_id = ?1) ORDER BY seq"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query([filter.feed_id.map(|f| f.0)])
            .map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            f(article_from_row(row).map_err(|e| self.err(e))?)?;
        }
        Ok(())
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<i64, Error> {
        self.conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

impl Store {
    /// Number of articles per source name (the feed's name, or an import's `feed`), largest first.
    pub fn article_counts_by_source(&self) -> Result<Vec<(String, i64)>, Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT COALESCE(feed, ''), COUNT(*) AS n FROM articles GROUP BY 1 ORDER BY n DESC, 1")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Number of articles per publication day (UTC, `YYYY-MM-DD`), the latest `days` days
    /// that have articles, newest first. Articles without a date count on their first-seen day.
    pub fn article_counts_by_day(&self, days: usize) -> Result<Vec<(String, i64)>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT date(COALESCE(published, first_seen), 'unixepoch') AS day, COUNT(*)
                 FROM articles GROUP BY day ORDER BY day DESC LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([days.min(100_000) as i64], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The other articles of a wire story: those marked as copies of `id`, and the
    /// original `id` copies (with its other copies).
    pub fn story_copies(&self, id: &ArticleId) -> Result<Vec<StoredArticle>, Error> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles
             WHERE id != ?1 AND (duplicate_of = ?1
                OR id = (SELECT duplicate_of FROM articles WHERE id = ?1)
                OR duplicate_of = (SELECT duplicate_of FROM articles WHERE id = ?1))
             ORDER BY seq LIMIT 200"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id.as_str()], article_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}
