//! `khabar ingest`: fetch every feed once, store, index.

use std::sync::Mutex;

use anyhow::bail;
use khabar_core::FeedId;
use khabar_ingest::{FeedStatus, Ingester};

use crate::Outcome;
use crate::args::IngestArgs;
use crate::datadir::DataDir;
use crate::settings::Settings;

pub fn run(settings: &Settings, args: IngestArgs) -> anyhow::Result<Outcome> {
    let data = DataDir::new(settings.data_dir.clone());
    let (_lock, store) = data.open_for_writing()?;
    let mut feeds = store.feeds()?;
    match args.feed {
        Some(id) => {
            feeds.retain(|f| f.id == FeedId(id));
            if feeds.is_empty() {
                bail!("no feed with id {id} (see `khabar feeds list`)");
            }
        }
        // A feed that answered 410 Gone is not fetched again unless asked by id.
        None => feeds.retain(|f| !f.health.gone),
    }
    if feeds.is_empty() {
        eprintln!(
            "no feeds: add one with `khabar feeds add URL` or `khabar feeds load config/feeds.toml`"
        );
        return Ok(Outcome::Success);
    }
    let store = ingest_feeds(settings, store, feeds)?;
    let failed = store.1;
    let sync = super::sync_index(settings, &store.0)?;
    eprintln!("indexed {} articles", sync.indexed);
    Ok(if failed {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}

/// Ingests `feeds` into `store`, printing one line per feed on stderr.
/// Returns the store and whether any feed failed.
pub fn ingest_feeds(
    settings: &Settings,
    store: khabar_store::Store,
    feeds: Vec<khabar_core::Feed>,
) -> anyhow::Result<(khabar_store::Store, bool)> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()?;
    let ingester = Ingester::new(settings.ingest.clone())?;
    let store = Mutex::new(store);
    let report = runtime.block_on(ingester.ingest(&store, feeds));
    let mut failed = false;
    for outcome in &report.feeds {
        match &outcome.status {
            FeedStatus::Fetched {
                new,
                updated,
                unchanged,
                encoding,
            } => eprintln!(
                "feed {} {}: {new} new, {updated} updated, {unchanged} unchanged ({encoding})",
                outcome.feed_id, outcome.url
            ),
            FeedStatus::NotModified => {
                eprintln!("feed {} {}: not modified", outcome.feed_id, outcome.url)
            }
            FeedStatus::Unchanged => {
                eprintln!("feed {} {}: unchanged", outcome.feed_id, outcome.url)
            }
            FeedStatus::Failed { error, .. } => {
                failed = true;
                eprintln!("error: feed {} {}: {error}", outcome.feed_id, outcome.url);
            }
        }
    }
    let store = store
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok((store, failed))
}
