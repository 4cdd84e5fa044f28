//! Settings: the config file (TOML, strict) resolved with built-in defaults.
//!
//! Precedence: command-line flags > `KHABAR_*` environment variables (through clap) >
//! config file > defaults. Unknown keys are an error naming the key and the file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::bail;

use crate::config_file::{ConfigFile, RunConfig, parse_config};

/// Resolved `[run]` settings.
#[derive(Debug, Clone, Copy)]
pub struct RunSettings {
    pub loop_options: khabar_ingest::run::RunOptions,
    /// Commit the index once this many articles are new or changed…
    pub commit_every_articles: usize,
    /// …or this long after the first uncommitted one, whichever comes first.
    pub commit_every: Duration,
}

impl RunSettings {
    fn resolve(c: &RunConfig) -> RunSettings {
        let mut o = khabar_ingest::run::RunOptions::default();
        let s = &mut o.schedule;
        // One second is the store's precision and the floor of every interval.
        if let Some(v) = c.min_interval_secs {
            s.min_interval = Duration::from_secs(v.max(1));
        }
        if let Some(v) = c.max_interval_secs {
            s.max_interval = Duration::from_secs(v.max(1));
        }
        s.max_interval = s.max_interval.max(s.min_interval);
        if let Some(v) = c.interval_secs {
            s.default_interval = Duration::from_secs(v.max(1));
        }
        if let Some(v) = c.max_backoff_secs {
            s.max_backoff = Duration::from_secs(v.max(1));
        }
        if let Some(p) = c.jitter_percent {
            s.jitter = f64::from(p.min(50)) / 100.0;
        }
        if let Some(v) = c.poll_secs {
            o.poll_interval = Duration::from_secs(v.clamp(1, 3600));
        }
        if let Some(v) = c.shutdown_grace_secs {
            o.shutdown_grace = Duration::from_secs(v.min(600));
        }
        RunSettings {
            loop_options: o,
            commit_every_articles: c.commit_every_articles.unwrap_or(1000).max(1),
            commit_every: Duration::from_secs(c.commit_every_secs.unwrap_or(10).clamp(1, 3600)),
        }
    }
}

/// Resolved settings: what the commands use.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub ingest: khabar_ingest::IngestOptions,
    pub index: khabar_index::IndexOptions,
    pub search_limit: usize,
    pub snippet_chars: usize,
    pub run: RunSettings,
    pub ranking: khabar_index::Ranking,
}

const DEFAULT_CONFIG: &str = "config/khabar.toml";

/// Loads the config file: the one given (must exist), else the default path if it exists.
pub fn load_config(explicit: Option<&Path>) -> anyhow::Result<ConfigFile> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let default = PathBuf::from(DEFAULT_CONFIG);
            if !default.exists() {
                return Ok(ConfigFile::default());
            }
            default
        }
    };
    let text = crate::files::read_text(&path, "config file", crate::files::MAX_CONFIG_BYTES)?;
    parse_config(&text, &path)
}

impl Settings {
    pub fn resolve(data_dir: PathBuf, config: ConfigFile) -> anyhow::Result<Settings> {
        let mut ingest = khabar_ingest::IngestOptions::default();
        let c = &config.ingest;
        if let Some(s) = c.connect_timeout_secs {
            ingest.connect_timeout = Duration::from_secs(s.max(1));
        }
        if let Some(s) = c.timeout_secs {
            ingest.timeout = Duration::from_secs(s.max(1));
        }
        if let Some(b) = c.max_body_bytes {
            ingest.max_body_bytes = b.max(1024);
        }
        if let Some(n) = c.max_redirects {
            ingest.max_redirects = n;
        }
        if let Some(n) = c.max_items_per_feed {
            ingest.max_items_per_feed = n.max(1);
        }
        if let Some(n) = c.concurrency {
            ingest.concurrency = n.clamp(1, 256);
        }
        if let Some(n) = c.per_host {
            ingest.per_host = n.clamp(1, 64);
        }
        if let Some(b) = c.full_text {
            ingest.full_text = b;
        }
        if let Some(b) = c.allow_private_article_hosts {
            ingest.allow_private_article_hosts = b;
        }
        if let Some(h) = c.near_duplicate_window_hours {
            ingest.near_duplicate_window = Duration::from_secs(h.min(24 * 365) * 3600);
        }
        let mut index = khabar_index::IndexOptions::default();
        if let Some(t) = config.index.threads {
            index.threads = t.clamp(1, 8);
        }
        if let Some(mb) = config.index.memory_budget_mb {
            index.memory_budget_bytes = mb.clamp(20, 16 * 1024) << 20;
        }
        index.persons =
            crate::persons_file::load(config.persons.as_deref(), config.persons_model.as_deref())?;
        let mut ranking = khabar_index::Ranking::default();
        let weight = |name: &str, v: f32| -> anyhow::Result<f32> {
            if !(0.0..=100.0).contains(&v) {
                bail!("[search] {name} = {v}: expected a weight between 0 and 100");
            }
            Ok(v)
        };
        if let Some(v) = config.search.title_boost {
            ranking.title_boost = weight("title_boost", v)?;
        }
        if let Some(v) = config.search.exact_boost {
            ranking.exact_boost = weight("exact_boost", v)?;
        }
        if let Some(v) = config.search.proximity_boost {
            ranking.proximity_boost = weight("proximity_boost", v)?;
        }
        if let Some(v) = config.search.skeleton_boost {
            ranking.skeleton_boost = weight("skeleton_boost", v)?;
        }
        if let Some(v) = config.search.bm25_k1 {
            ranking.k1 = weight("bm25_k1", v)?;
        }
        if let Some(v) = config.search.bm25_b {
            if !(0.0..=1.0).contains(&v) {
                bail!("[search] bm25_b = {v}: expected a number between 0 and 1");
            }
            ranking.b = v;
        }
        if let Some(v) = config.search.proximity_slop {
            ranking.proximity_slop = v.min(50);
        }
        Ok(Settings {
            ranking,
            data_dir,
            ingest,
            index,
            search_limit: config.search.limit.unwrap_or(10).clamp(1, 10_000),
            snippet_chars: config.search.snippet_chars.unwrap_or(200).min(10_000),
            run: RunSettings::resolve(&config.run),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_config_parses() {
        let text = include_str!("../../config/khabar.toml");
        let config = parse_config(text, Path::new("config/khabar.toml")).unwrap();
        assert_eq!(config.version, Some(1));
    }

    #[test]
    fn unknown_key_names_it() {
        let err = parse_config("[ingest]\nconcurency = 3\n", Path::new("k.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("k.toml") && err.contains("concurency"),
            "{err}"
        );
    }

    #[test]
    fn wrong_type_names_the_field() {
        let err = parse_config("[index]\nthreads = \"two\"\n", Path::new("k.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("threads"), "{err}");
    }
}
