//! `khabar demo`: the main job on bundled offline data.
//!
//! Writes the bundled sample feeds (real Arabic items from the ANT corpus, in four
//! encodings, plus the seed article) into a fresh directory, ingests them through the
//! real ingest path (`file://` URLs), indexes them and runs a few example searches.

use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use khabar_core::FeedSpec;
use khabar_index::{SearchIndex, SearchRequest, parse_query};

use crate::Outcome;
use crate::args::DemoArgs;
use crate::datadir::DataDir;
use crate::output::human;
use crate::settings::Settings;

/// (file name, feed name, bytes) of each bundled feed.
const FEEDS: &[(&str, &str, &[u8])] = &[
    (
        "seed-article.xml",
        "مقال البذرة",
        include_bytes!("../demo/seed-article.xml"),
    ),
    (
        "rss2-utf8-bbc.xml",
        "BBC Arabic (ANT)",
        include_bytes!("../demo/rss2-utf8-bbc.xml"),
    ),
    (
        "rss2-windows1256-alarabia.xml",
        "Al Arabiya (ANT, windows-1256)",
        include_bytes!("../demo/rss2-windows1256-alarabia.xml"),
    ),
    (
        "rss2-iso88596-france24.xml",
        "France 24 (ANT, ISO-8859-6)",
        include_bytes!("../demo/rss2-iso88596-france24.xml"),
    ),
    (
        "atom-utf8-skynews.xml",
        "Sky News Arabia (ANT, Atom)",
        include_bytes!("../demo/atom-utf8-skynews.xml"),
    ),
];

/// Example searches: (what it shows, query).
const SEARCHES: &[(&str, &str)] = &[
    ("a keyword, found in any clitic form", "المفاوضات"),
    ("a phrase, in its exact form", "\"وزير الخارجية\""),
    ("a person, in any spelling or clitic form", "person:لافروف"),
    (
        "two words, both required, one excluded",
        "ترامب AND روسيا -فوربس",
    ),
];

const MARKER: &str = ".khabar-demo";

/// Empties `dir` if it is a demo directory (or does not exist); refuses anything else.
fn prepare_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let is_demo = dir.join(MARKER).exists();
        let is_empty = fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !is_demo && !is_empty {
            bail!(
                "{} exists and is not a khabar demo directory: choose another --demo-dir",
                dir.display()
            );
        }
        fs::remove_dir_all(dir).with_context(|| format!("cannot empty {}", dir.display()))?;
    }
    fs::create_dir_all(dir.join("feeds"))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    fs::write(
        dir.join(MARKER),
        "made by `khabar demo`; deleted by the next one\n",
    )?;
    Ok(())
}

pub fn run(settings: &Settings, args: DemoArgs) -> anyhow::Result<Outcome> {
    let dir: PathBuf = args
        .demo_dir
        .unwrap_or_else(|| std::env::temp_dir().join("khabar-demo"));
    prepare_dir(&dir)?;
    let settings = Settings {
        data_dir: dir.join("data"),
        ..settings.clone()
    };
    let data = DataDir::new(settings.data_dir.clone());
    let (_lock, store) = data.open_for_writing()?;
    for (file, name, bytes) in FEEDS {
        let path = dir.join("feeds").join(file);
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        let url = format!("file://{}", path.canonicalize()?.display());
        store.add_feed(&FeedSpec {
            url,
            name: Some(name.to_string()),
            ..FeedSpec::default()
        })?;
    }
    println!(
        "Khabar demo: {} bundled feeds (ANT corpus items and the seed article), ingested into {}\n",
        FEEDS.len(),
        settings.data_dir.display()
    );
    let feeds = store.feeds()?;
    let (store, failed) = super::ingest::ingest_feeds(&settings, store, feeds)?;
    let sync = super::sync_index(&settings, &store)?;
    println!("\n{} articles stored and indexed.\n", sync.indexed);
    let index = SearchIndex::open(&data.index_root())?;
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for (what, query) in SEARCHES {
        println!("── {what}:  khabar search '{query}'\n");
        let mut request =
            SearchRequest::new(parse_query(query).map_err(|e| anyhow::anyhow!("{e}"))?);
        request.limit = 3;
        request.snippet_chars = 160;
        let results = index.search(&request)?;
        for (i, hit) in results.hits.iter().enumerate() {
            println!("{}", human::format_hit(i + 1, hit, color));
        }
        println!("   ({} matching)\n", results.total);
    }
    println!(
        "Search it yourself:  khabar --data-dir {} search 'بوتين'",
        settings.data_dir.display()
    );
    Ok(if failed {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}
