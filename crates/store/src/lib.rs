//! Khabar's article store: feeds with their fetch state and every stored article.
//!
//! The store is the ground truth; the search index is derived from it and can be
//! rebuilt at any time. It is one SQLite database in WAL mode, so readers (search,
//! `feeds list`) never block the one writer (ingest) and vice versa. Writes are
//! transactions: a crash leaves either the state before or the state after.
//!
//! Every insert or content change of an article gets a new, higher change sequence
//! number (`seq`); the index records the highest `seq` it has applied and catches up
//! with [`Store::articles_after`].
#![deny(missing_docs)]

mod articles;
mod error;
mod feeds;
mod fingerprints;
mod schema;

pub use articles::{ArticleFilter, Change, UpsertOutcome, UpsertReport};
pub use error::Error;
pub use feeds::{FeedUpdate, FetchRecord};
pub use fingerprints::{Fingerprint, FingerprintMatch};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// File name of the database inside the data directory.
pub const STORE_FILE: &str = "store.sqlite";

/// An open article store.
///
/// One `Store` is one SQLite connection; open one per thread.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let conn = Connection::open(path).map_err(|e| Error::open(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        schema::migrate(&mut store.conn).map_err(|e| Error::sqlite(path, e))?;
        Ok(store)
    }

    /// Opens an existing store for reading only (search, export). Fails if it does not exist.
    pub fn open_read_only(path: &Path) -> Result<Store, Error> {
        if !path.exists() {
            return Err(Error::Missing {
                path: path.to_path_buf(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::open(path, e))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| Error::sqlite(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        schema::check_version(&store.conn)
            .map_err(|e| Error::sqlite(path, e))?
            .map_or(Ok(()), |found| {
                Err(Error::SchemaTooNew {
                    path: path.to_path_buf(),
                    found,
                    supported: schema::VERSION,
                })
            })?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self) -> Result<(), Error> {
        let path = self.path.clone();
        let conn = &self.conn;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| Error::sqlite(&path, e))?;
        // WAL: readers and the writer don't block each other; synchronous=NORMAL is
        // durable against process crashes (kill -9), which is what we promise.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| Error::sqlite(&path, e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| Error::sqlite(&path, e))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| Error::sqlite(&path, e))?;
        Ok(())
    }

    fn err(&self, e: rusqlite::Error) -> Error {
        Error::sqlite(&self.path, e)
    }
}
