//! The config file's syntax: the structs it deserializes into and the strict parser.
//!
//! Kept apart from `settings.rs` (which resolves values and reads other files) so that
//! it depends only on `serde`, `toml` and `anyhow`: the fuzz target `config` includes
//! this file as is (see fuzz/README.md).

use std::path::{Path, PathBuf};

use anyhow::bail;
use serde::Deserialize;

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Format version of the file; only 1 exists.
    pub version: Option<u32>,
    /// Person gazetteer file (default: config/persons.toml if it exists, else the built-in one).
    pub persons: Option<PathBuf>,
    /// Person tagger model written by `khabar persons train` (default: none).
    pub persons_model: Option<PathBuf>,
    #[serde(default)]
    pub ingest: IngestConfig,
    #[serde(default)]
    pub index: IndexConfig,
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub run: RunConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestConfig {
    pub connect_timeout_secs: Option<u64>,
    pub timeout_secs: Option<u64>,
    pub max_body_bytes: Option<u64>,
    pub max_redirects: Option<usize>,
    pub max_items_per_feed: Option<usize>,
    pub concurrency: Option<usize>,
    pub per_host: Option<usize>,
    pub full_text: Option<bool>,
    pub allow_private_article_hosts: Option<bool>,
    pub near_duplicate_window_hours: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexConfig {
    pub threads: Option<usize>,
    pub memory_budget_mb: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    pub limit: Option<usize>,
    pub snippet_chars: Option<usize>,
    pub title_boost: Option<f32>,
    pub exact_boost: Option<f32>,
    pub proximity_boost: Option<f32>,
    pub proximity_slop: Option<u32>,
    pub skeleton_boost: Option<f32>,
    pub bm25_k1: Option<f32>,
    pub bm25_b: Option<f32>,
}

/// `[run]`: the `khabar run` daemon (see config/khabar.toml for each key).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    pub interval_secs: Option<u64>,
    pub min_interval_secs: Option<u64>,
    pub max_interval_secs: Option<u64>,
    pub max_backoff_secs: Option<u64>,
    pub jitter_percent: Option<u32>,
    pub poll_secs: Option<u64>,
    pub commit_every_articles: Option<usize>,
    pub commit_every_secs: Option<u64>,
    pub shutdown_grace_secs: Option<u64>,
}

/// Parses config text; `origin` names the file in errors.
pub fn parse_config(text: &str, origin: &Path) -> anyhow::Result<ConfigFile> {
    let config: ConfigFile = toml::from_str(text).map_err(|e| {
        anyhow::anyhow!(
            "{}: {}",
            origin.display(),
            e.to_string().trim_end().replace('\n', " ")
        )
    })?;
    if let Some(v) = config.version
        && v != 1
    {
        bail!(
            "{}: unsupported config version {v} (this khabar reads version 1)",
            origin.display()
        );
    }
    Ok(config)
}
