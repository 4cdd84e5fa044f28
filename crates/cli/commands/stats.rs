//! `khabar stats`: what the store and the index hold.

use khabar_index::{IndexMeta, SearchIndex};

use crate::Outcome;
use crate::args::StatsArgs;
use crate::datadir::DataDir;
use crate::settings::Settings;

pub fn run(settings: &Settings, args: StatsArgs) -> anyhow::Result<Outcome> {
    let data = DataDir::new(settings.data_dir.clone());
    let store = data.open_for_reading()?;
    let articles = store.article_count()?;
    let store_seq = store.last_seq()?;
    let by_source = store.article_counts_by_source()?;
    let by_day = store.article_counts_by_day(args.days)?;
    let feeds = store.feeds()?.len();
    // The index may be missing or from another version: stats still reports the store.
    let index = SearchIndex::open(&data.index_root());
    let index_info = match &index {
        Ok(i) => Ok((
            i.num_docs(),
            i.size_bytes(),
            i.indexed_seq()?,
            i.meta().clone(),
            i.dir().display().to_string(),
        )),
        Err(e) => Err(e.to_string()),
    };
    let current = IndexMeta::current();
    if args.json {
        let index_json = match &index_info {
            Ok((docs, size, seq, meta, dir)) => serde_json::json!({
                "documents": docs, "size_bytes": size, "indexed_seq": seq, "dir": dir,
                "analyzer_version": meta.analyzer_version, "schema_version": meta.schema_version,
                "up_to_date": *seq >= store_seq,
            }),
            Err(e) => serde_json::json!({ "error": e }),
        };
        let line = serde_json::json!({
            "articles": articles,
            "feeds": feeds,
            "store_seq": store_seq,
            "by_source": by_source,
            "by_day": by_day,
            "index": index_json,
            "analyzer_version": current.analyzer_version,
            "schema_version": current.schema_version,
        });
        println!("{line}");
        return Ok(Outcome::Success);
    }
    println!(
        "articles: {articles} in {} sources, {feeds} feeds",
        by_source.len()
    );
    match &index_info {
        Ok((docs, size, seq, meta, dir)) => {
            println!(
                "index: {docs} documents, {:.1} MB, {dir}",
                *size as f64 / 1e6
            );
            println!(
                "index built with analyzer v{}, schema v{}; {}",
                meta.analyzer_version,
                meta.schema_version,
                if *seq >= store_seq {
                    "up to date with the store".to_string()
                } else {
                    format!("{} store changes not yet indexed", store_seq - seq)
                }
            );
        }
        Err(e) => println!("index: {e}"),
    }
    println!(
        "this khabar: analyzer v{}, schema v{}",
        current.analyzer_version, current.schema_version
    );
    println!("\nper source:");
    for (source, n) in &by_source {
        println!(
            "  {n:>7}  {}",
            if source.is_empty() { "(none)" } else { source }
        );
    }
    println!("\nper day (latest {}):", args.days);
    for (day, n) in &by_day {
        println!("  {n:>7}  {day}");
    }
    Ok(Outcome::Success)
}
