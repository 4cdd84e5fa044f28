//! `khabar persons` (most mentioned people), `khabar persons extract` (mentions
//! of a text on stdin, as JSON) and `khabar person NAME` (one person's statistics).

use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use khabar_index::{PersonsFilter, SearchIndex};
use khabar_persons::{Extractor, Tagger, WordClusters};
use serde_json::json;

use crate::Outcome;
use crate::args::{PersonArgs, PersonsArgs, PersonsCommand};
use crate::datadir::DataDir;
use crate::files::{for_each_line, read_text};
use crate::output::parse_time_or_age;
use crate::settings::Settings;

fn open_index(settings: &Settings) -> anyhow::Result<SearchIndex> {
    let data = DataDir::new(settings.data_dir.clone());
    let mut index = SearchIndex::open(&data.index_root())?;
    index.set_persons(settings.index.persons)?;
    Ok(index)
}

fn since(value: Option<&str>) -> anyhow::Result<Option<khabar_core::Timestamp>> {
    value
        .map(|v| {
            parse_time_or_age(v, khabar_core::now()).with_context(|| {
                format!("--since {v:?}: expected a date, a time or an age (24h, 7d)")
            })
        })
        .transpose()
}

fn extract(settings: &Settings) -> anyhow::Result<Outcome> {
    let mut text = String::new();
    std::io::stdin()
        .take(khabar_persons::MAX_TEXT_BYTES as u64)
        .read_to_string(&mut text)
        .context("cannot read stdin (UTF-8 text expected)")?;
    let mentions = settings.index.persons.extract(&text);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for m in &mentions {
        writeln!(out, "{}", serde_json::to_string(m)?)?;
    }
    out.flush()?;
    Ok(if mentions.is_empty() {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

/// Largest training or cluster file read.
const MAX_TRAINING_BYTES: u64 = 256 << 20;

fn train(
    settings: &Settings,
    file: &Path,
    clusters: Option<&Path>,
    news: Option<&Path>,
    epochs: usize,
    out: &Path,
) -> anyhow::Result<Outcome> {
    let texts = khabar_persons::parse_iob(&read_text(file, "training file", MAX_TRAINING_BYTES)?);
    let names: usize = texts.iter().map(|t| t.spans.len()).sum();
    if names == 0 {
        bail!(
            "{}: no person names (B-PERS/I-PERS tags) to learn from",
            file.display()
        );
    }
    let clusters = match clusters {
        Some(p) => {
            let c = WordClusters::parse(&read_text(p, "word clusters file", MAX_TRAINING_BYTES)?);
            if c.is_empty() {
                bail!("{}: no `word<TAB>cluster` lines", p.display());
            }
            c
        }
        None => WordClusters::default(),
    };
    tracing::info!(
        texts = texts.len(),
        names,
        clusters = clusters.len(),
        epochs,
        "training the person tagger"
    );
    // The rules' output is a feature: they run without any tagger here.
    let rules = Extractor::new(settings.index.persons.gazetteer().clone());
    let (epochs, clusters) = (epochs.clamp(1, 100), Arc::new(clusters));
    let tagger = match news {
        None => Tagger::train(&rules, &texts, epochs, clusters),
        Some(path) => {
            let mut pass = 0;
            Tagger::train_on_news(&rules, &texts, epochs, clusters, |sink| {
                pass += 1;
                let read = each_news_text(path, sink)?;
                if pass == 1
                    && let Some(first) = &read.first_bad
                {
                    tracing::warn!("{} lines skipped; the first: {first}", read.bad);
                }
                tracing::info!(pass, articles = read.articles, "counted names in the news");
                Ok::<_, anyhow::Error>(())
            })?
        }
    };
    let bytes = tagger.to_bytes();
    let tmp = out.with_extension("tmp");
    std::fs::write(&tmp, &bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "{}: {} features, {} bytes, trained on {names} names",
        out.display(),
        tagger.len(),
        bytes.len()
    );
    Ok(Outcome::Success)
}

/// What one reading of a news file found.
struct NewsRead {
    articles: usize,
    bad: usize,
    /// Where and why the first skipped line was skipped.
    first_bad: Option<String>,
}

/// Feeds the title and body of every JSON line of `path` to `sink`. A line
/// that is not a JSON object with text `title`/`body` is skipped (and
/// counted); an unreadable file or an over-long line is an error.
fn each_news_text(path: &Path, sink: &mut dyn FnMut(&str)) -> anyhow::Result<NewsRead> {
    #[derive(serde::Deserialize)]
    struct NewsLine {
        title: Option<String>,
        body: Option<String>,
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
    let mut read = NewsRead {
        articles: 0,
        bad: 0,
        first_bad: None,
    };
    for_each_line(file, &name, |number, line| {
        match serde_json::from_slice::<NewsLine>(line) {
            Ok(article) => {
                for text in [article.title, article.body].into_iter().flatten() {
                    sink(&text);
                }
                read.articles += 1;
            }
            Err(e) => {
                read.first_bad
                    .get_or_insert_with(|| format!("{name}:{number}: {e}"));
                read.bad += 1;
            }
        }
        Ok(())
    })?;
    if read.articles == 0 {
        bail!("{name}: no news articles (JSON lines with \"title\" and \"body\")");
    }
    Ok(read)
}

pub fn run_persons(settings: &Settings, args: PersonsArgs) -> anyhow::Result<Outcome> {
    match &args.command {
        Some(PersonsCommand::Extract) => return extract(settings),
        Some(PersonsCommand::Train {
            file,
            clusters,
            news,
            epochs,
            out,
        }) => {
            return train(
                settings,
                file,
                clusters.as_deref(),
                news.as_deref(),
                *epochs,
                out,
            );
        }
        None => {}
    }
    let index = open_index(settings)?;
    let filter = PersonsFilter {
        since: since(args.since.as_deref())?,
        feed: args.feed.clone(),
        limit: args.limit.clamp(1, 10_000),
    };
    let (people, truncated) = index.top_persons(&filter)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (rank, p) in people.iter().enumerate() {
        if args.json {
            let v = json!({"rank": rank + 1, "person": p.person, "name": p.name, "articles": p.articles, "mentions": p.mentions});
            writeln!(out, "{v}")?;
        } else {
            writeln!(
                out,
                "{:>3}. {}  ({} articles, {} mentions)  [{}]",
                rank + 1,
                p.name,
                p.articles,
                p.mentions,
                p.person
            )?;
        }
    }
    out.flush()?;
    if truncated {
        eprintln!(
            "counted the newest {} matching articles only",
            khabar_index::PERSONS_MAX_SCAN
        );
    }
    Ok(if people.is_empty() {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

pub fn run_person(settings: &Settings, args: PersonArgs) -> anyhow::Result<Outcome> {
    let index = open_index(settings)?;
    let filter = PersonsFilter {
        since: since(args.since.as_deref())?,
        feed: args.feed.clone(),
        limit: args.limit.clamp(1, 1000),
    };
    let r = index.person_report(&args.name, &filter)?;
    if r.ids.len() > 1 {
        eprintln!(
            "{:?} is ambiguous; counting all of: {}",
            args.name,
            candidates(&index, &r.ids)
        );
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        let v = json!({
            "ids": r.ids, "names": r.names, "articles": r.articles, "truncated": r.truncated,
            "spellings": r.spellings.iter().map(|(s, n)| json!({"spelling": s, "articles": n})).collect::<Vec<_>>(),
            "timeline": r.timeline.iter().map(|(d, n)| json!({"period": d, "articles": n})).collect::<Vec<_>>(),
            "co_mentioned": r.co_mentioned.iter().map(|p| json!({"person": p.person, "name": p.name, "articles": p.articles, "mentions": p.mentions})).collect::<Vec<_>>(),
            "feeds": r.feeds.iter().map(|(f, n)| json!({"feed": f, "articles": n})).collect::<Vec<_>>(),
        });
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "{}  [{}]  {} articles",
            r.names.join(" / "),
            r.ids.join(", "),
            r.articles
        )?;
        let spellings: Vec<String> = r
            .spellings
            .iter()
            .map(|(s, n)| format!("{s} ({n})"))
            .collect();
        writeln!(out, "spellings: {}", spellings.join("، "))?;
        writeln!(out, "articles over time:")?;
        for (period, n) in &r.timeline {
            writeln!(out, "  {period}  {n:>5}  {}", "#".repeat((*n).min(60)))?;
        }
        writeln!(out, "mentioned with:")?;
        for p in &r.co_mentioned {
            writeln!(
                out,
                "  {}  ({} articles)  [{}]",
                p.name, p.articles, p.person
            )?;
        }
        writeln!(out, "feeds:")?;
        for (feed, n) in &r.feeds {
            writeln!(out, "  {feed}  ({n})")?;
        }
    }
    out.flush()?;
    Ok(if r.articles == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

/// `name [id], …` of ambiguous candidates.
pub fn candidates(index: &SearchIndex, ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("{} [{id}]", index.person_name(id)))
        .collect::<Vec<_>>()
        .join(", ")
}
