//! `khabar import FILE|-`: bulk-import JSON Lines articles, idempotent by id.

use std::fs::File;
use std::io::Read;

use anyhow::Context;

use crate::Outcome;
use crate::args::ImportArgs;
use crate::datadir::DataDir;
use crate::files::for_each_line;
use crate::import_line::parse_line;
use crate::settings::Settings;

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
    let (mut batch, mut bad) = (Vec::with_capacity(BATCH), 0usize);
    let mut totals = khabar_store::UpsertReport::default();
    for_each_line(input, &name, |number, line| {
        match parse_line(line) {
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
        Ok(())
    })?;
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
