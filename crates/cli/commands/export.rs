//! `khabar export`: every stored article as JSON Lines.

use std::io::{BufWriter, Write};

use khabar_core::FeedId;
use khabar_store::ArticleFilter;

use crate::Outcome;
use crate::args::ExportArgs;
use crate::datadir::DataDir;
use crate::settings::Settings;

pub fn run(settings: &Settings, args: ExportArgs) -> anyhow::Result<Outcome> {
    let store = DataDir::new(settings.data_dir.clone()).open_for_reading()?;
    let filter = ArticleFilter {
        feed_id: args.feed.map(FeedId),
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    store.for_each_article(&filter, |stored| -> anyhow::Result<()> {
        let a = &stored.article;
        let line = serde_json::json!({
            "id": a.id.as_str(),
            "title": a.title,
            "body": a.body,
            "url": a.url,
            "published": a.published.map(|t| t.to_rfc3339()),
            "feed": a.feed,
            "author": a.author,
            "feed_id": a.feed_id.map(|f| f.0),
            "guid": a.guid,
            "published_estimated": a.published_estimated,
            "first_seen": stored.first_seen.to_rfc3339(),
            "updated": stored.updated.to_rfc3339(),
            "duplicate_of": stored.duplicate_of.as_ref().map(|d| d.as_str()),
        });
        writeln!(out, "{line}")?;
        Ok(())
    })?;
    out.flush()?;
    Ok(Outcome::Success)
}
