//! `khabar import FILE|-`: bulk-import JSON Lines articles, idempotent by id.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use anyhow::Context;
use khabar_core::{Article, ArticleId};
use serde::Deserialize;

use crate::Outcome;
use crate::args::ImportArgs;
use crate::datadir::DataDir;
use crate::output::parse_time;
use crate::settings::Settings;

/// Longest line accepted (one article), in bytes.
const MAX_LINE_BYTES: u64 = 64 << 20;
/// Articles stored per transaction.
const BATCH: usize = 5_000;

/// One line of an import file. Other fields are ignored, so richer exports import too.
#[derive(Debug, Deserialize)]
struct ImportLine {
    id: serde_json::Value,
    title: Option<String>,
    body: Option<String>,
    url: Option<String>,
    published: Option<serde_json::Value>,
    feed: Option<String>,
    author: Option<String>,
}

fn to_article(line: ImportLine) -> Result<Article, String> {
    let id = match line.id {
        serde_json::Value::String(s) if !s.trim().is_empty() => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err("\"id\" must be a non-empty string or a number".into()),
    };
    let published = match line.published {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(n)) => Some(khabar_core::from_unix(
            n.as_i64()
                .ok_or("\"published\": not a whole number of seconds")?,
        )),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(
            parse_time(&s).ok_or_else(|| format!("\"published\": cannot read {s:?} as a date"))?,
        ),
        Some(_) => return Err("\"published\" must be a date string or Unix seconds".into()),
    };
    let title = line.title.unwrap_or_default();
    let body = line.body.unwrap_or_default();
    if title.trim().is_empty() && body.trim().is_empty() {
        return Err("no \"title\" and no \"body\"".into());
    }
    Ok(Article {
        id: ArticleId::new(id),
        feed_id: None,
        feed: line.feed,
        title,
        body,
        url: line.url,
        author: line.author,
        published,
        published_estimated: false,
        guid: None,
    })
}

pub fn run(settings: &Settings, args: ImportArgs) -> anyhow::Result<Outcome> {
    let name = args.file.display().to_string();
    let input: Box<dyn Read> = if name == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(File::open(&args.file).with_context(|| format!("cannot open {name}"))?)
    };
    let data = DataDir::new(settings.data_dir.clone());
    let (_lock, mut store) = data.open_for_writing()?;
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let (mut batch, mut bad) = (Vec::with_capacity(BATCH), 0usize);
    let mut totals = khabar_store::UpsertReport::default();
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut line)
            .with_context(|| format!("{name}: read failed"))?;
        if n == 0 {
            break;
        }
        number += 1;
        if n as u64 > MAX_LINE_BYTES {
            anyhow::bail!("{name}:{number}: line longer than {MAX_LINE_BYTES} bytes");
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed = serde_json::from_slice::<ImportLine>(&line)
            .map_err(|e| e.to_string())
            .and_then(to_article);
        match parsed {
            Ok(article) => batch.push(article),
            Err(e) => {
                bad += 1;
                eprintln!("error: {name}:{number}: {e}");
            }
        }
        if batch.len() >= BATCH {
            add(&mut totals, store.upsert_articles(&batch)?);
            batch.clear();
        }
    }
    add(&mut totals, store.upsert_articles(&batch)?);
    let sync = super::sync_index(settings, &store)?;
    eprintln!(
        "imported {name}: {} new, {} updated, {} unchanged, {bad} bad lines; indexed {}",
        totals.inserted, totals.updated, totals.unchanged, sync.indexed
    );
    Ok(if bad > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}

fn add(totals: &mut khabar_store::UpsertReport, r: khabar_store::UpsertReport) {
    totals.inserted += r.inserted;
    totals.updated += r.updated;
    totals.unchanged += r.unchanged;
}
