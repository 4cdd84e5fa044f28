//! Khabar's search index: a Tantivy index derived from the article store.
//!
//! The index is disposable: everything in it is computed from the store, at index
//! time, by the analyzers of `khabar-analysis`. It lives in generations under
//! `<data-dir>/index/`: `gen-N/` directories and a `CURRENT` file naming the one in
//! use. A rebuild writes a new generation and switches `CURRENT` atomically, so a
//! search always opens a complete index, whatever happened to the last rebuild.
//!
//! The index follows the store's change feed: each commit records the highest store
//! sequence number it contains ([`SearchIndex::indexed_seq`]); [`sync`] applies
//! everything after it. Indexing is therefore idempotent and crash-safe: after a
//! `kill -9`, the next sync redoes what the last commit lacked.
#![deny(missing_docs)]

mod analyzers;
mod bm25;
mod error;
mod generations;
mod persons;
mod query;
mod rebuild;
mod rerank;
mod schema;
mod search;
mod twophase;
mod writer;

pub use analyzers::register_analyzers;
pub use error::Error;
pub use generations::{INDEX_DIR, IndexMeta, SCHEMA_VERSION};
pub use persons::{MAX_SCAN as PERSONS_MAX_SCAN, PersonReport, PersonSummary, PersonsFilter};
pub use query::{
    Clause, FieldName, MAX_CLAUSES, MAX_QUERY_CHARS, Node, Occur, QueryError, parse_query,
};
pub use rebuild::{RebuildReport, rebuild};
pub use rerank::{FacetCounts, FacetKind, Freshness, MAX_FACET_VALUES};
pub use schema::Fields;
pub use search::{
    Duplicate, MAX_LIMIT, Ranking, SearchHit, SearchRequest, SearchResults, Snippet, SortOrder,
};
pub use writer::{IndexOptions, SyncReport, leak_extractor, sync, sync_current};

use std::path::{Path, PathBuf};

use tantivy::{Index, IndexReader, ReloadPolicy};

/// An open index generation, for searching (and, through [`sync`], writing).
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    meta: IndexMeta,
    /// Resolves `person:` queries and display names (see [`SearchIndex::set_persons`]).
    persons: &'static khabar_persons::Extractor,
    /// Person names `persons` resolved against this index.
    resolved_names: persons::ResolvedNames,
}

impl SearchIndex {
    /// Opens the current generation under `root` (`<data-dir>/index`) for searching.
    ///
    /// Fails with [`Error::NoIndex`] when there is none and with
    /// [`Error::VersionMismatch`] when it was built by other analyzers or another schema.
    pub fn open(root: &Path) -> Result<SearchIndex, Error> {
        let dir = generations::current(root)?.ok_or_else(|| Error::NoIndex {
            root: root.to_path_buf(),
        })?;
        Self::open_dir(&dir)
    }

    /// Opens the current generation, creating an empty one when there is none (writers).
    pub fn open_or_create(root: &Path) -> Result<SearchIndex, Error> {
        match generations::current(root)? {
            Some(dir) => Self::open_dir(&dir),
            None => {
                let dir = generations::create_generation(root)?;
                let index = Self::create_in(&dir, None)?;
                generations::switch_current(root, &dir)?;
                Ok(index)
            }
        }
    }

    /// Creates a new, empty index in `dir` (which must exist and be empty).
    /// `persons`: fingerprint of the extractor that will fill it, if known.
    pub(crate) fn create_in(dir: &Path, persons: Option<u64>) -> Result<SearchIndex, Error> {
        let (schema, _) = schema::build_schema();
        let index = Index::create_in_dir(dir, schema).map_err(|e| Error::tantivy(dir, e))?;
        let mut meta = IndexMeta::current();
        meta.persons_fingerprint = persons.map(IndexMeta::fingerprint_hex);
        meta.write(dir)?;
        Self::from_index(index, dir, meta)
    }

    fn open_dir(dir: &Path) -> Result<SearchIndex, Error> {
        let meta = IndexMeta::read(dir)?;
        let expected = IndexMeta::current();
        if meta.analyzer_version != expected.analyzer_version
            || meta.schema_version != expected.schema_version
        {
            return Err(Error::VersionMismatch {
                dir: dir.to_path_buf(),
                found_analyzer: meta.analyzer_version,
                found_schema: meta.schema_version,
                analyzer: expected.analyzer_version,
                schema: expected.schema_version,
            });
        }
        let index = Index::open_in_dir(dir).map_err(|e| Error::tantivy(dir, e))?;
        Self::from_index(index, dir, meta)
    }

    fn from_index(index: Index, dir: &Path, meta: IndexMeta) -> Result<SearchIndex, Error> {
        register_analyzers(&index);
        let fields = Fields::from_schema(&index.schema()).map_err(|e| Error::tantivy(dir, e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::tantivy(dir, e))?;
        let persons = IndexOptions::default().persons;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            dir: dir.to_path_buf(),
            meta,
            persons,
            resolved_names: persons::ResolvedNames::default(),
        })
    }

    /// Uses `persons` (the gazetteer the index was built with) to resolve
    /// `person:` queries. Fails with [`Error::PersonsMismatch`] when the index
    /// holds the ids of another gazetteer or other rules.
    pub fn set_persons(
        &mut self,
        persons: &'static khabar_persons::Extractor,
    ) -> Result<(), Error> {
        self.check_persons(persons)?;
        self.persons = persons;
        self.resolved_names.clear();
        Ok(())
    }

    pub(crate) fn check_persons(&self, persons: &khabar_persons::Extractor) -> Result<(), Error> {
        let expected = IndexMeta::fingerprint_hex(persons.fingerprint());
        match &self.meta.persons_fingerprint {
            Some(found) if *found != expected => Err(Error::PersonsMismatch {
                dir: self.dir.clone(),
                found: found.clone(),
                expected,
            }),
            _ => Ok(()),
        }
    }

    /// Whether this is still the generation `CURRENT` names (a rebuild replaces it).
    pub fn is_current(&self) -> Result<bool, Error> {
        let Some(root) = self.dir.parent() else {
            return Ok(false);
        };
        Ok(generations::current(root)?.as_deref() == Some(self.dir.as_path()))
    }

    /// The generation directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The versions this generation was built with.
    pub fn meta(&self) -> &IndexMeta {
        &self.meta
    }

    /// The highest store sequence number in the last commit (0 for a new index).
    pub fn indexed_seq(&self) -> Result<i64, Error> {
        let metas = self
            .index
            .load_metas()
            .map_err(|e| Error::tantivy(&self.dir, e))?;
        Ok(writer::parse_payload(metas.payload.as_deref()))
    }

    /// Number of documents in the last commit the reader has loaded.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Size of the generation's files in bytes.
    pub fn size_bytes(&self) -> u64 {
        generations::dir_size(&self.dir)
    }

    /// Makes the reader see the latest commit.
    pub fn reload(&self) -> Result<(), Error> {
        self.reader
            .reload()
            .map_err(|e| Error::tantivy(&self.dir, e))
    }
}
