use std::path::{Path, PathBuf};

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database could not be opened.
    #[error("cannot open store {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// A read-only open of a store that does not exist yet.
    #[error("no store at {path} (ingest or import something first)")]
    Missing {
        /// The database file.
        path: PathBuf,
    },
    /// The store was written by a newer Khabar.
    #[error("store {path} has schema version {found}, this khabar supports up to {supported}")]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Version found in the file.
        found: i64,
        /// Highest version this build knows.
        supported: i64,
    },
    /// A SQLite error on an open store.
    #[error("store {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// A feed URL that is already in the store.
    #[error("feed {url} is already in the store (id {id})")]
    FeedExists {
        /// The URL.
        url: String,
        /// The existing feed's id.
        id: i64,
    },
    /// No feed with that id.
    #[error("no feed with id {0}")]
    NoSuchFeed(i64),
    /// An article that cannot be stored as given.
    #[error("article {id}: {reason}")]
    InvalidArticle {
        /// Its id.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

impl Error {
    pub(crate) fn open(path: &Path, source: rusqlite::Error) -> Error {
        Error::Open {
            path: path.to_path_buf(),
            source,
        }
    }
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> Error {
        Error::Sqlite {
            path: path.to_path_buf(),
            source,
        }
    }
}
