//! `khabar import FILE|-`: bulk-import JSON Lines articles, idempotent by id.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use anyhow::Context;

use crate::Outcome;
use crate::args::ImportArgs;
use crate::datadir::DataDir;
use crate::import_line::parse_line;
use crate::settings::Settings;

/// Longest line accepted (one article), in bytes.
/// (16 MiB, like the feed body limit: parsing a line peaks at about 11× its size.)
const MAX_LINE_BYTES: u64 = 16 << 20;
/// Articles stored per transaction.
const BATCH: usize = 5_000;

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
        match parse_line(&line) {
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
