use std::path::{Path, PathBuf};

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// There is no index yet.
    #[error("no index in {root}: run `khabar rebuild` (or ingest/import something first)")]
    NoIndex {
        /// The index root directory.
        root: PathBuf,
    },
    /// The index was built by other analyzers or another schema.
    #[error(
        "index {dir} was built with analyzer v{found_analyzer} and schema v{found_schema}, \
         this khabar uses analyzer v{analyzer} and schema v{schema}: run `khabar rebuild`"
    )]
    VersionMismatch {
        /// The generation directory.
        dir: PathBuf,
        /// Analyzer version found.
        found_analyzer: u32,
        /// Schema version found.
        found_schema: u32,
        /// Analyzer version of this build.
        analyzer: u32,
        /// Schema version of this build.
        schema: u32,
    },
    /// The index holds person ids of another gazetteer or other extraction rules.
    #[error(
        "index {dir} was built with another person gazetteer (fingerprint {found}, this one is {expected}): \
         run `khabar rebuild`"
    )]
    PersonsMismatch {
        /// The generation directory.
        dir: PathBuf,
        /// Fingerprint found.
        found: String,
        /// Fingerprint of the gazetteer in use.
        expected: String,
    },
    /// A Tantivy error.
    #[error("index {dir}: {source}")]
    Tantivy {
        /// The directory involved.
        dir: PathBuf,
        /// Tantivy's error.
        source: tantivy::TantivyError,
    },
    /// A file-system error.
    #[error("index {path}: {source}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A damaged metadata file.
    #[error("index metadata {path} is damaged: {reason}: run `khabar rebuild`")]
    BadMeta {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The store failed while indexing from it.
    #[error(transparent)]
    Store(#[from] khabar_store::Error),
    /// A query that cannot be parsed.
    #[error(transparent)]
    Query(#[from] crate::QueryError),
}

impl Error {
    pub(crate) fn tantivy(dir: &Path, source: tantivy::TantivyError) -> Error {
        Error::Tantivy {
            dir: dir.to_path_buf(),
            source,
        }
    }
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
