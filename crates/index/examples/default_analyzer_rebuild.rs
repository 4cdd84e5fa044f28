//! Baseline for the rebuild benchmark (BENCHMARKS.md): indexes every article of a
//! Khabar store the way `khabar rebuild` does — same text fields, same store scan, same
//! writer budget — but with Tantivy's `default` analyzer (SimpleTokenizer +
//! RemoveLongFilter + LowerCaser) and no person extraction.
//!
//! `cargo run --release -p khabar-index --example default_analyzer_rebuild -- DATA_DIR`

use std::time::Instant;

use khabar_store::{ArticleFilter, Store};
use tantivy::schema::{FAST, INDEXED, STORED, STRING, Schema, TEXT};
use tantivy::{DateTime, Index, TantivyDocument};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = std::env::args()
        .nth(1)
        .ok_or("usage: default_analyzer_rebuild DATA_DIR")?;
    let store =
        Store::open_read_only(&std::path::Path::new(&data_dir).join(khabar_store::STORE_FILE))?;
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED | FAST);
    let title = b.add_text_field("title", TEXT | STORED);
    let title_exact = b.add_text_field("title_exact", TEXT);
    let body = b.add_text_field("body", TEXT | STORED);
    let body_exact = b.add_text_field("body_exact", TEXT);
    let skeleton = b.add_text_field("skeleton", TEXT);
    let feed = b.add_text_field("feed", STRING | STORED | FAST);
    let published = b.add_date_field("published", INDEXED | STORED | FAST);
    let dir = tempfile::tempdir()?;
    let index = Index::create_in_dir(dir.path(), b.build())?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let mut writer = index.writer_with_num_threads(threads, 256 << 20)?;
    let started = Instant::now();
    let mut n = 0u64;
    store.for_each_article(
        &ArticleFilter::default(),
        |s| -> Result<(), Box<dyn std::error::Error>> {
            let a = &s.article;
            let mut doc = TantivyDocument::default();
            doc.add_text(id, a.id.as_str());
            doc.add_text(title, &a.title);
            doc.add_text(title_exact, &a.title);
            doc.add_text(body, &a.body);
            doc.add_text(body_exact, &a.body);
            doc.add_text(skeleton, &a.title);
            doc.add_text(skeleton, &a.body);
            doc.add_text(feed, a.feed.as_deref().unwrap_or(""));
            doc.add_date(
                published,
                DateTime::from_timestamp_secs(a.published.unwrap_or(s.first_seen).timestamp()),
            );
            writer.add_document(doc)?;
            n += 1;
            Ok(())
        },
    )?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = started.elapsed().as_secs_f64();
    let size: u64 = std::fs::read_dir(dir.path())?
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "default analyzer: {n} articles in {secs:.1}s ({:.0} articles/s), {:.1} MB",
        n as f64 / secs,
        size as f64 / 1e6
    );
    Ok(())
}
