//! Versioned schema migrations, tracked in `PRAGMA user_version`.

use rusqlite::Connection;

/// The schema version this build writes.
pub(crate) const VERSION: i64 = 2;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 0 → 1: feeds and articles.
    r#"
    CREATE TABLE feeds (
        id              INTEGER PRIMARY KEY,
        url             TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        full_text       INTEGER NOT NULL DEFAULT 0,
        interval_secs   INTEGER,
        etag            TEXT,
        last_modified   TEXT,
        body_hash       TEXT,
        encoding        TEXT,
        added_at        INTEGER NOT NULL,
        last_fetch_at   INTEGER,
        last_success_at INTEGER,
        last_error      TEXT,
        error_count     INTEGER NOT NULL DEFAULT 0,
        next_fetch_at   INTEGER,
        gone            INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE articles (
        id                  TEXT PRIMARY KEY,
        seq                 INTEGER NOT NULL,
        feed_id             INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
        feed                TEXT,
        title               TEXT NOT NULL,
        body                TEXT NOT NULL,
        url                 TEXT,
        author              TEXT,
        published           INTEGER,
        published_estimated INTEGER NOT NULL DEFAULT 0,
        guid                TEXT,
        content_hash        TEXT NOT NULL,
        first_seen          INTEGER NOT NULL,
        updated_at          INTEGER NOT NULL,
        duplicate_of        TEXT
    );
    CREATE UNIQUE INDEX articles_seq ON articles(seq);
    CREATE INDEX articles_feed ON articles(feed_id);
    CREATE INDEX articles_url ON articles(url);
    -- Ids removed from the store, so the index can delete them too.
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    INSERT INTO meta(key, value) VALUES ('last_seq', 0);
    CREATE TABLE deletions (
        seq INTEGER PRIMARY KEY,
        id  TEXT NOT NULL
    );
    "#,
    // 1 → 2: near-duplicate fingerprints. A 64-bit SimHash and four LSH band keys
    // per article; each band is indexed so that candidates are found by equality, not
    // by scanning. Rows follow their article (cascade) and are pruned by age.
    r#"
    CREATE TABLE fingerprints (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        simhash    INTEGER NOT NULL,
        band0      INTEGER NOT NULL,
        band1      INTEGER NOT NULL,
        band2      INTEGER NOT NULL,
        band3      INTEGER NOT NULL,
        seen_at    INTEGER NOT NULL,
        original   TEXT
    );
    CREATE INDEX fingerprints_band0 ON fingerprints(band0);
    CREATE INDEX fingerprints_band1 ON fingerprints(band1);
    CREATE INDEX fingerprints_band2 ON fingerprints(band2);
    CREATE INDEX fingerprints_band3 ON fingerprints(band3);
    CREATE INDEX fingerprints_seen ON fingerprints(seen_at);
    "#,
];

/// Applies every migration the database lacks, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// `Some(found)` when the file's schema is newer than this build understands.
pub(crate) fn check_version(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok((found > VERSION).then_some(found))
}
