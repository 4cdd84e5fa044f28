//! `khabar feeds …`: the feed list, kept in the store.

use std::path::Path;

use anyhow::{Context, bail};
use khabar_core::{FeedId, FeedSpec};
use serde::Deserialize;

use crate::Outcome;
use crate::args::FeedsCommand;
use crate::datadir::DataDir;
use crate::files::{MAX_CONFIG_BYTES, read_limited, read_text};
use crate::output::format_time;
use crate::settings::Settings;

/// `config/feeds.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedsFile {
    #[serde(default)]
    feed: Vec<FeedEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedEntry {
    url: String,
    name: Option<String>,
    #[serde(default)]
    full_text: bool,
    interval_minutes: Option<i64>,
}

fn parse_feeds_file(text: &str, origin: &Path) -> anyhow::Result<Vec<FeedSpec>> {
    let file: FeedsFile = toml::from_str(text).map_err(|e| {
        anyhow::anyhow!(
            "{}: {}",
            origin.display(),
            e.to_string().trim_end().replace('\n', " ")
        )
    })?;
    let mut specs = Vec::new();
    for (i, entry) in file.feed.into_iter().enumerate() {
        if entry.url.trim().is_empty() {
            bail!("{}: feed #{}: empty url", origin.display(), i + 1);
        }
        specs.push(FeedSpec {
            url: entry.url.trim().to_string(),
            name: entry.name,
            full_text: entry.full_text,
            interval_secs: entry.interval_minutes.map(|m| m.clamp(1, 24 * 60) * 60),
        });
    }
    Ok(specs)
}

/// Adds every feed of a list, skipping URLs already in the store; says how many of each.
fn add_all(store: &khabar_store::Store, specs: &[FeedSpec]) -> anyhow::Result<()> {
    let (mut added, mut known) = (0, 0);
    for spec in specs {
        match store.add_feed(spec) {
            Ok(_) => added += 1,
            Err(khabar_store::Error::FeedExists { .. }) => known += 1,
            Err(e) => return Err(e.into()),
        }
    }
    eprintln!("{added} feeds added, {known} already known");
    Ok(())
}

pub fn run(settings: &Settings, cmd: FeedsCommand) -> anyhow::Result<Outcome> {
    let data = DataDir::new(settings.data_dir.clone());
    match cmd {
        FeedsCommand::Add {
            url,
            name,
            full_text,
        } => {
            let store = data.open_for_feed_edits()?;
            let feed = store.add_feed(&FeedSpec {
                url,
                name,
                full_text,
                interval_secs: None,
            })?;
            println!("{}\t{}\t{}", feed.id, feed.name, feed.url);
        }
        FeedsCommand::Load { file } => {
            let text = read_text(&file, "feeds file", MAX_CONFIG_BYTES)?;
            let specs = parse_feeds_file(&text, &file)?;
            let store = data.open_for_feed_edits()?;
            add_all(&store, &specs)?;
        }
        FeedsCommand::Import { file } => {
            let bytes = read_limited(
                &file,
                "OPML file",
                khabar_ingest::opml::MAX_OPML_BYTES as u64,
            )?;
            // OPML is XML: BOM or XML declaration say the encoding (UTF-8 when neither does).
            let text = khabar_ingest::decode::decode(&bytes, None).text;
            let specs = khabar_ingest::opml::parse_opml(&text)
                .with_context(|| format!("{}", file.display()))?;
            let store = data.open_for_feed_edits()?;
            add_all(&store, &specs)?;
        }
        FeedsCommand::Export => {
            let store = data.open_for_reading()?;
            print!("{}", khabar_ingest::opml::write_opml(&store.feeds()?));
        }
        FeedsCommand::List { json } => {
            let store = data.open_for_reading()?;
            let counts = store.article_counts_by_feed()?;
            for feed in store.feeds()? {
                let articles = counts
                    .iter()
                    .find(|(id, _)| *id == feed.id)
                    .map_or(0, |(_, n)| *n);
                let h = &feed.health;
                if json {
                    let line = serde_json::json!({
                        "id": feed.id.0,
                        "name": feed.name,
                        "url": feed.url,
                        "articles": articles,
                        "last_fetch": h.last_fetch.map(|t| t.to_rfc3339()),
                        "last_success": h.last_success.map(|t| t.to_rfc3339()),
                        "last_error": h.last_error,
                        "error_count": h.error_count,
                        "next_fetch": h.next_fetch.map(|t| t.to_rfc3339()),
                        "gone": h.gone,
                        "encoding": feed.encoding,
                    });
                    println!("{line}");
                } else {
                    let status = match (&h.last_error, h.gone) {
                        (_, true) => "gone (410)".to_string(),
                        (Some(e), _) => format!("{} errors, last: {e}", h.error_count),
                        (None, _) if h.last_success.is_some() => "ok".to_string(),
                        _ => "never fetched".to_string(),
                    };
                    println!(
                        "{}\t{}\t{}\n\tarticles: {articles}\tlast success: {}\tnext fetch: {}\t{status}",
                        feed.id,
                        feed.name,
                        feed.url,
                        h.last_success.map_or("-".to_string(), format_time),
                        h.next_fetch.map_or("-".to_string(), format_time),
                    );
                }
            }
        }
        FeedsCommand::Remove {
            id,
            delete_articles,
        } => {
            let mut store = data.open_for_feed_edits()?;
            let deleted = store.remove_feed(FeedId(id), delete_articles)?;
            // The deletions are in the store's change feed: index them now if no
            // other khabar writes the index, else the running one (`khabar run`)
            // applies them at its next commit.
            if delete_articles {
                match data.try_lock()? {
                    Some(_lock) => {
                        super::sync_index(settings, &store)?;
                    }
                    None => eprintln!(
                        "another khabar holds the index: it will remove the articles from it"
                    ),
                }
            }
            eprintln!("feed {id} removed ({deleted} articles deleted)");
        }
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_feeds_file_parses() {
        let specs = parse_feeds_file(
            include_str!("../../../config/feeds.toml"),
            Path::new("config/feeds.toml"),
        )
        .unwrap();
        assert!(specs.len() >= 7);
        assert!(specs.iter().all(|s| s.url.starts_with("https://")));
    }

    #[test]
    fn unknown_key_is_rejected() {
        let err = parse_feeds_file(
            "[[feed]]\nurl = \"https://x\"\nnmae = \"x\"\n",
            Path::new("f.toml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("nmae"), "{err}");
    }
}
