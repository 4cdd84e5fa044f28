//! Applying the store's change feed to the index.

use std::sync::LazyLock;

use khabar_core::StoredArticle;
use khabar_persons::Extractor;
use khabar_store::{Change, Store};
use tantivy::{DateTime, IndexWriter, TantivyDocument, Term};

use crate::{Error, Fields, SearchIndex};

/// How indexing uses the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexOptions {
    /// Indexing threads (Tantivy needs at least 15 MB of budget per thread).
    pub threads: usize,
    /// Memory budget of the writer, in bytes, shared by the threads.
    pub memory_budget_bytes: usize,
    /// Changes read from the store per batch.
    pub batch_size: usize,
    /// Person extraction run on every article. A `'static` reference keeps the
    /// options `Copy`: a process builds its extractor once (see [`leak_extractor`]).
    pub persons: &'static Extractor,
}

/// The extractor of [`IndexOptions::default`]: no gazetteer, rules only.
static NO_GAZETTEER: LazyLock<Extractor> = LazyLock::new(Extractor::default);

/// Makes an extractor live for the rest of the process, for [`IndexOptions::persons`].
/// Call it once per gazetteer load (each call keeps one more extractor).
pub fn leak_extractor(extractor: Extractor) -> &'static Extractor {
    Box::leak(Box::new(extractor))
}

impl Default for IndexOptions {
    fn default() -> Self {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        IndexOptions {
            threads,
            memory_budget_bytes: 256 << 20,
            batch_size: 2000,
            persons: &NO_GAZETTEER,
        }
    }
}

impl IndexOptions {
    fn normalized(self) -> IndexOptions {
        // Tantivy's floor is 15 MB per thread; give each thread at least 20 MB.
        let threads = self
            .threads
            .clamp(1, 8)
            .min((self.memory_budget_bytes / (20 << 20)).max(1));
        IndexOptions {
            threads,
            memory_budget_bytes: self.memory_budget_bytes.max(threads * (20 << 20)),
            batch_size: self.batch_size.max(1),
            persons: self.persons,
        }
    }
}

/// What a sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Articles (re)indexed.
    pub indexed: usize,
    /// Articles removed from the index.
    pub deleted: usize,
    /// The store sequence number the index now holds.
    pub seq: i64,
}

pub(crate) fn parse_payload(payload: Option<&str>) -> i64 {
    payload
        .and_then(|p| p.trim().strip_prefix("seq="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn payload(seq: i64) -> String {
    format!("seq={seq}")
}

pub(crate) fn open_writer(
    index: &SearchIndex,
    options: IndexOptions,
) -> Result<IndexWriter, Error> {
    let options = options.normalized();
    // Another process may hold this generation's writer for a moment (a rebuild's last
    // catch-up, a daemon's commit): wait for it, boundedly, rather than fail.
    let mut attempts = 0;
    loop {
        match index
            .index
            .writer_with_num_threads(options.threads, options.memory_budget_bytes)
        {
            Err(tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _,
            )) if attempts < 100 => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => return other.map_err(|e| Error::tantivy(&index.dir, e)),
        }
    }
}

/// [`sync`] into whatever generation is current, following a rebuild's switch: if the
/// generation is replaced while syncing, the new one is synced too, so articles stored
/// during a rebuild are never left out of the index that searches use.
pub fn sync_current(
    store: &Store,
    root: &std::path::Path,
    options: IndexOptions,
) -> Result<SyncReport, Error> {
    let mut total = SyncReport::default();
    for _ in 0..4 {
        let index = SearchIndex::open_or_create(root)?;
        let report = match sync(store, &index, options) {
            Ok(report) => report,
            // A rebuild replaced (and removed) the generation under us: sync the new one.
            Err(_) if !index.is_current().unwrap_or(true) => continue,
            Err(e) => return Err(e),
        };
        total.indexed += report.indexed;
        total.deleted += report.deleted;
        total.seq = report.seq;
        if index.is_current()? {
            break;
        }
    }
    Ok(total)
}

pub(crate) fn document(
    fields: &Fields,
    stored: &StoredArticle,
    persons: &Extractor,
) -> TantivyDocument {
    let a = &stored.article;
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, a.id.as_str());
    doc.add_text(fields.title, &a.title);
    doc.add_text(fields.title_exact, &a.title);
    doc.add_text(fields.body, &a.body);
    doc.add_text(fields.body_exact, &a.body);
    doc.add_text(fields.skeleton, &a.title);
    doc.add_text(fields.skeleton, &a.body);
    if let Some(feed) = &a.feed {
        doc.add_text(fields.feed, feed);
    }
    if let Some(id) = a.feed_id {
        doc.add_i64(fields.feed_id, id.0);
    }
    // Articles without a date sort by when we first saw them.
    let published = a.published.unwrap_or(stored.first_seen);
    doc.add_date(
        fields.published,
        DateTime::from_timestamp_secs(published.timestamp()),
    );
    if let Some(url) = &a.url {
        doc.add_text(fields.url, url);
    }
    if let Some(author) = &a.author {
        doc.add_text(fields.author, author);
    }
    if let Some(dup) = &stored.duplicate_of {
        doc.add_text(fields.duplicate_of, dup.as_str());
    }
    // Extracted here, not at ingest, so a rebuild applies the latest gazetteer and rules.
    for p in persons.persons(&a.title, &a.body) {
        for _ in 0..p.count.min(1000) {
            doc.add_text(fields.persons, &p.person);
        }
        let spellings = p
            .spellings
            .iter()
            .map(|s| s.replace(['\t', '|', '\n'], " "))
            .collect::<Vec<_>>()
            .join("|");
        doc.add_text(
            fields.person_info,
            format!("{}\t{}\t{}\t{}", p.person, p.name, p.count, spellings),
        );
    }
    doc
}

/// Applies changes after `from` to `writer` (without committing). Returns the report
/// with the last sequence number applied.
pub(crate) fn apply_changes(
    store: &Store,
    fields: &Fields,
    writer: &IndexWriter,
    from: i64,
    batch_size: usize,
    persons: &Extractor,
    mut progress: impl FnMut(usize),
) -> Result<SyncReport, Error> {
    let mut report = SyncReport {
        seq: from,
        ..SyncReport::default()
    };
    loop {
        let changes = store.changes_after(report.seq, batch_size)?;
        if changes.is_empty() {
            return Ok(report);
        }
        for change in &changes {
            match change {
                Change::Upsert(stored) => {
                    writer
                        .delete_term(Term::from_field_text(fields.id, stored.article.id.as_str()));
                    writer
                        .add_document(document(fields, stored, persons))
                        .map_err(|e| Error::tantivy(std::path::Path::new("."), e))?;
                    report.indexed += 1;
                }
                Change::Delete { id, .. } => {
                    writer.delete_term(Term::from_field_text(fields.id, id.as_str()));
                    report.deleted += 1;
                }
            }
            report.seq = change.seq();
        }
        progress(changes.len());
    }
}

pub(crate) fn commit(index: &SearchIndex, writer: &mut IndexWriter, seq: i64) -> Result<(), Error> {
    let mut prepared = writer
        .prepare_commit()
        .map_err(|e| Error::tantivy(&index.dir, e))?;
    prepared.set_payload(&payload(seq));
    prepared
        .commit()
        .map_err(|e| Error::tantivy(&index.dir, e))?;
    Ok(())
}

/// Brings the index up to date with the store: indexes every change after the
/// sequence number of the index's last commit, then commits. Idempotent.
pub fn sync(
    store: &Store,
    index: &SearchIndex,
    options: IndexOptions,
) -> Result<SyncReport, Error> {
    let from = index.indexed_seq()?;
    index.check_persons(options.persons)?;
    if store.last_seq()? <= from {
        return Ok(SyncReport {
            seq: from,
            ..SyncReport::default()
        });
    }
    if index.meta.persons_fingerprint.is_none() {
        // First write to a new index: it now holds this gazetteer's ids.
        let mut meta = index.meta.clone();
        meta.persons_fingerprint = Some(crate::IndexMeta::fingerprint_hex(
            options.persons.fingerprint(),
        ));
        meta.write(&index.dir)?;
    }
    let mut writer = open_writer(index, options)?;
    let report = apply_changes(
        store,
        &index.fields,
        &writer,
        from,
        options.normalized().batch_size,
        options.persons,
        |_| {},
    )?;
    commit(index, &mut writer, report.seq)?;
    writer
        .wait_merging_threads()
        .map_err(|e| Error::tantivy(&index.dir, e))?;
    index.reload()?;
    Ok(report)
}
