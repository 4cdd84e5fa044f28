//! Rebuilding the index from the store into a new generation, then switching to it.

use std::path::Path;
use std::time::{Duration, Instant};

use khabar_store::Store;

use crate::writer::{apply_changes, commit, open_writer};
use crate::{Error, IndexOptions, SearchIndex, generations};

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq)]
pub struct RebuildReport {
    /// Articles indexed.
    pub articles: usize,
    /// Time taken.
    pub elapsed: Duration,
    /// The new generation's directory.
    pub dir: std::path::PathBuf,
    /// Its size in bytes.
    pub size_bytes: u64,
}

/// Builds a complete new index from the store into a fresh generation under `root`,
/// then switches `CURRENT` to it atomically and removes the old generations.
///
/// Searches keep using the old generation until the switch. `progress(done, total)`
/// is called as articles are indexed. A crash at any point leaves `CURRENT` naming a
/// complete generation; the half-built one is removed by the next rebuild.
pub fn rebuild(
    store: &Store,
    root: &Path,
    options: IndexOptions,
    mut progress: impl FnMut(u64, u64),
) -> Result<RebuildReport, Error> {
    let started = Instant::now();
    // Garbage of an earlier killed rebuild goes first, so it cannot pile up.
    generations::remove_stale(root);
    let dir = generations::create_generation(root)?;
    let index = SearchIndex::create_in(&dir, Some(options.persons.fingerprint()))?;
    let total = store.article_count()?.max(0) as u64;
    let mut writer = open_writer(&index, options)?;
    let mut done = 0u64;
    progress(0, total);
    let report = apply_changes(
        store,
        &index.fields,
        &writer,
        0,
        options.batch_size.max(1),
        options.persons,
        |n| {
            done += n as u64;
            progress(done.min(total), total);
        },
    )?;
    commit(&index, &mut writer, report.seq)?;
    generations::switch_current(root, &dir)?;
    // A writer (ingest, `khabar run`) may have stored and indexed articles into the old
    // generation after our last read of the store: apply them here too. Writers that
    // sync after the switch find the new generation themselves.
    let late = apply_changes(
        store,
        &index.fields,
        &writer,
        report.seq,
        options.batch_size.max(1),
        options.persons,
        |_| {},
    )?;
    if late.seq > report.seq {
        commit(&index, &mut writer, late.seq)?;
    }
    writer
        .wait_merging_threads()
        .map_err(|e| Error::tantivy(&dir, e))?;
    generations::remove_stale(root);
    index.reload()?;
    Ok(RebuildReport {
        articles: index.num_docs() as usize,
        elapsed: started.elapsed(),
        size_bytes: index.size_bytes(),
        dir,
    })
}
