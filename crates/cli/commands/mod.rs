//! One module per subcommand.

pub mod analyze;
pub mod demo;
pub mod export;
pub mod feeds;
pub mod import;
pub mod ingest;
pub mod persons;
pub mod rebuild;
pub mod run;
pub mod search;
pub mod show;
pub mod stats;

use khabar_index::sync_current;
use khabar_store::Store;

use crate::datadir::DataDir;
use crate::settings::Settings;

/// Brings the index up to date with the store (creating it if needed).
pub fn sync_index(settings: &Settings, store: &Store) -> anyhow::Result<khabar_index::SyncReport> {
    let data = DataDir::new(settings.data_dir.clone());
    Ok(sync_current(store, &data.index_root(), settings.index)?)
}
