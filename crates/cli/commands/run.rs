//! `khabar run`: the daemon. Every feed is fetched when due (the loop and policy
//! live in `khabar_ingest::run` / `::schedule`) and the index follows the store.
//!
//! Two halves, joined by a channel:
//!
//! - the fetch loop writes articles and each feed's schedule to the store and
//!   reports how many articles each fetch added or changed;
//! - the indexer (here, because the ingest crate must not know the index) applies
//!   the store's change feed to the index with `khabar_index::sync` on a blocking
//!   thread, committing once `commit_every_articles` are pending or every
//!   `commit_every_secs`, whichever comes first. A search, which opens the index
//!   fresh, sees an article at most about `commit_every_secs` after it was stored.
//!
//! The index is only ever behind the store, never ahead, and `sync` is idempotent:
//! after a `kill -9`, the first sync of the next start catches up. SIGINT/SIGTERM
//! stop new fetches, let those in flight finish (or cancel them after
//! `shutdown_grace_secs`), commit the index and exit 0.
//!
//! The daemon holds the data directory's writer lock (one indexer, one scheduler);
//! `feeds add/load/remove` do not need it and are picked up at the next store poll.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use khabar_index::{IndexOptions, SearchIndex};
use khabar_ingest::run::{Clock, FetchReport};
use khabar_ingest::{FeedStatus, Ingester};
use khabar_store::Store;
use tokio::sync::mpsc;

use crate::Outcome;
use crate::datadir::DataDir;
use crate::settings::{RunSettings, Settings};

pub fn run(settings: &Settings) -> anyhow::Result<Outcome> {
    let data = DataDir::new(settings.data_dir.clone());
    let (_lock, store) = data.open_for_writing()?;
    // The indexer reads the change feed through its own connection: SQLite
    // connections are not shared across threads, and WAL lets it read while the
    // fetch loop writes.
    let index_store = Store::open_read_only(&data.store_path())?;
    let index = SearchIndex::open_or_create(&data.index_root())?;
    let ingester = Ingester::new(settings.ingest.clone())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()?;
    let run = settings.run;
    let index_options = settings.index;
    runtime.block_on(async move {
        let shutdown = shutdown_signal()?;
        let (tx, rx) = mpsc::unbounded_channel::<usize>();
        let indexer = tokio::spawn(indexer(rx, index_store, index, index_options, run));
        tracing::info!(data_dir = %settings.data_dir.display(), "khabar run: started");
        let report = khabar_ingest::run::run(
            &ingester,
            Arc::new(Mutex::new(store)),
            &run.loop_options,
            Clock::System,
            shutdown,
            |fetch: &FetchReport| {
                if let FeedStatus::Fetched { new, updated, .. } = fetch.scheduled.outcome.status {
                    // A closed channel means the indexer is gone; the final sync of
                    // the next start covers what it missed.
                    let _ = tx.send(new + updated);
                }
            },
        )
        .await;
        drop(tx);
        let indexed = indexer.await.context("the indexer task failed")??;
        tracing::info!(
            fetches = report.fetches,
            failures = report.failures,
            new = report.new_articles,
            updated = report.updated_articles,
            cancelled = report.cancelled,
            indexed_seq = indexed,
            "khabar run: stopped"
        );
        anyhow::Ok(())
    })?;
    Ok(Outcome::Success)
}

/// Resolves on the first SIGINT or SIGTERM.
fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
        let mut int = signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => tracing::info!("SIGTERM received"),
                _ = int.recv() => tracing::info!("SIGINT received"),
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                // No signal handling: run until killed.
                std::future::pending::<()>().await;
            }
        })
    }
}

/// Store + index, moved to a blocking thread for each sync and back.
struct IndexerState {
    store: Store,
    index: SearchIndex,
}

/// One `sync` on a blocking thread; returns the state and the index's new seq.
async fn sync_blocking(
    state: IndexerState,
    options: IndexOptions,
) -> anyhow::Result<(IndexerState, anyhow::Result<khabar_index::SyncReport>)> {
    tokio::task::spawn_blocking(move || {
        let mut state = state;
        // A `khabar rebuild` may have switched generations: follow it, so new articles
        // land in the index searches use (the new generation catches up from its own seq).
        if !state.index.is_current().unwrap_or(true)
            && let Some(root) = state.index.dir().parent()
        {
            match SearchIndex::open_or_create(root) {
                Ok(index) => state.index = index,
                Err(e) => return (state, Err(anyhow::Error::from(e))),
            }
        }
        let report =
            khabar_index::sync(&state.store, &state.index, options).map_err(anyhow::Error::from);
        (state, report)
    })
    .await
    .context("the index sync panicked")
}

/// Commits the index on the batch policy until the fetch loop closes the channel,
/// then once more. Returns the last store seq indexed. A failing sync is logged
/// and retried at the next batch: the store keeps everything meanwhile.
async fn indexer(
    mut rx: mpsc::UnboundedReceiver<usize>,
    store: Store,
    index: SearchIndex,
    options: IndexOptions,
    run: RunSettings,
) -> anyhow::Result<i64> {
    let mut state = IndexerState { store, index };
    // Catch up first: articles a killed predecessor stored but never indexed.
    let mut seq = 0;
    let mut pending = 0usize;
    let mut timer = tokio::time::interval(run.commit_every.max(Duration::from_secs(1)));
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        // The first tick is immediate: the catch-up sync.
        let closed = tokio::select! {
            msg = rx.recv() => match msg {
                Some(n) => {
                    pending += n;
                    if pending < run.commit_every_articles {
                        continue;
                    }
                    false
                }
                None => true,
            },
            _ = timer.tick() => false,
        };
        let (back, report) = sync_blocking(state, options).await?;
        state = back;
        match report {
            Ok(r) => {
                pending = 0;
                seq = r.seq;
                if r.indexed > 0 || r.deleted > 0 {
                    tracing::info!(
                        indexed = r.indexed,
                        deleted = r.deleted,
                        seq = r.seq,
                        "index committed"
                    );
                }
            }
            Err(e) if closed => return Err(e.context("final index commit failed")),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "index sync failed; retrying at the next batch")
            }
        }
        if closed {
            return Ok(seq);
        }
        // A count-triggered commit restarts the timer: T is measured from the
        // last commit, so the next article waits at most T.
        timer.reset();
    }
}
