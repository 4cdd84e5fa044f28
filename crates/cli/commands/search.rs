//! `khabar search`: one query, or a batch of them as a TREC run.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::time::Instant;

use anyhow::{Context, bail};
use khabar_index::{Clause, Node, Occur, SearchIndex, SearchRequest, SortOrder, parse_query};
use serde::Deserialize;

use crate::Outcome;
use crate::args::{BatchFormat, ColorArg, SearchArgs, SortArg};
use crate::datadir::DataDir;
use crate::output::{human, json, parse_time_or_age};
use crate::settings::Settings;

/// Plain mode: every whitespace-separated word is an optional word, no syntax.
fn plain_query(text: &str) -> Vec<Clause> {
    text.split_whitespace()
        .take(khabar_index::MAX_CLAUSES)
        .map(|w| Clause {
            occur: Occur::Should,
            node: Node::Word {
                field: None,
                text: w.to_string(),
            },
        })
        .collect()
}

fn use_color(arg: ColorArg) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn request(
    settings: &Settings,
    args: &SearchArgs,
    clauses: Vec<Clause>,
) -> anyhow::Result<SearchRequest> {
    let now = khabar_core::now();
    let time = |flag: &str,
                value: &Option<String>|
     -> anyhow::Result<Option<khabar_core::Timestamp>> {
        value
            .as_deref()
            .map(|v| parse_time_or_age(v, now).with_context(|| format!("--{flag} {v:?}: expected a date (2025-02-14), a time (RFC 3339) or an age (24h, 7d)")))
            .transpose()
    };
    Ok(SearchRequest {
        clauses,
        limit: args
            .limit
            .unwrap_or(settings.search_limit)
            .clamp(1, khabar_index::MAX_LIMIT),
        offset: args.offset,
        feed: args.feed.clone(),
        since: time("since", &args.since)?,
        until: time("until", &args.until)?,
        sort: match args.sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Date => SortOrder::Date,
        },
        snippet_chars: settings.snippet_chars,
        person: args.person.clone(),
        ranking: settings.ranking,
        fresh: match args.fresh {
            None => None,
            Some(w) if (0.0..=100.0).contains(&w) => Some(khabar_index::Freshness {
                weight: w,
                half_life_hours: 24.0,
                now,
            }),
            Some(w) => bail!("--fresh {w}: expected a weight between 0 and 100"),
        },
        collapse: !args.no_collapse,
        facets: args
            .facets
            .iter()
            .map(|name| {
                khabar_index::FacetKind::parse(name.trim()).with_context(|| {
                    format!("--facets: unknown facet {name:?} (feed, person, day)")
                })
            })
            .collect::<anyhow::Result<_>>()?,
    })
}

pub fn run(settings: &Settings, args: SearchArgs) -> anyhow::Result<Outcome> {
    let data = DataDir::new(settings.data_dir.clone());
    if let Some(batch) = &args.batch {
        let mut index = SearchIndex::open(&data.index_root())?;
        index.set_persons(settings.index.persons)?;
        return run_batch(settings, &args, &index, batch);
    }
    let text = args.query.as_deref().unwrap_or_default();
    let clauses = if text.trim().is_empty() && args.person.is_some() {
        // `--person NAME` alone: every article about the person.
        Vec::new()
    } else if args.plain {
        plain_query(text)
    } else {
        parse_query(text).map_err(|e| anyhow::anyhow!("{e}"))?
    };
    if clauses.is_empty() && args.person.is_none() {
        bail!("empty query");
    }
    let mut index = SearchIndex::open(&data.index_root())?;
    index.set_persons(settings.index.persons)?;
    warn_ambiguous_persons(&index, args.person.as_deref(), &clauses);
    let started = Instant::now();
    let results = index.search(&request(settings, &args, clauses)?)?;
    let elapsed = started.elapsed().as_millis();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let color = !args.json && use_color(args.color);
    for (i, hit) in results.hits.iter().enumerate() {
        let rank = args.offset + i + 1;
        if args.json {
            writeln!(out, "{}", json::hit(rank, hit))?;
        } else {
            writeln!(out, "{}", human::format_hit(rank, hit, color))?;
        }
    }
    if args.json {
        for facet in &results.facets {
            writeln!(out, "{}", json::facet(facet))?;
        }
        writeln!(
            out,
            "{}",
            json::summary(results.total, results.hits.len(), args.offset, elapsed)
        )?;
    } else {
        for facet in &results.facets {
            write!(out, "{}", human::format_facet(facet))?;
        }
        out.flush()?;
        eprintln!(
            "{} of {} matching articles ({elapsed} ms)",
            results.hits.len(),
            results.total
        );
    }
    out.flush()?;
    Ok(if results.total == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

/// Says on stderr which person names could mean several people (all are searched).
fn warn_ambiguous_persons(index: &SearchIndex, flag: Option<&str>, clauses: &[Clause]) {
    fn walk<'a>(clauses: &'a [Clause], out: &mut Vec<&'a str>) {
        for c in clauses {
            match &c.node {
                Node::Word {
                    field: Some(khabar_index::FieldName::Person),
                    text,
                }
                | Node::Phrase {
                    field: Some(khabar_index::FieldName::Person),
                    text,
                } => out.push(text),
                Node::Group(inner) => walk(inner, out),
                _ => {}
            }
        }
    }
    let mut names: Vec<&str> = flag.into_iter().collect();
    walk(clauses, &mut names);
    for name in names {
        let r = index.resolve_person(name);
        if r.is_ambiguous() {
            eprintln!(
                "person {name:?} is ambiguous; searching all of: {}",
                super::persons::candidates(index, &r.people())
            );
        }
    }
}

#[derive(Deserialize)]
struct BatchLine {
    qid: serde_json::Value,
    query: String,
}

fn run_batch(
    settings: &Settings,
    args: &SearchArgs,
    index: &SearchIndex,
    path: &std::path::Path,
) -> anyhow::Result<Outcome> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let limit = args.limit.unwrap_or(100);
    let (mut queries, mut bad) = (0usize, 0usize);
    let mut latencies = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}: read failed", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: BatchLine = match serde_json::from_str(&line) {
            Ok(p) => p,
            Err(e) => {
                bad += 1;
                eprintln!("error: {}:{}: {e}", path.display(), n + 1);
                continue;
            }
        };
        let qid = match &parsed.qid {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let clauses = if args.plain {
            plain_query(&parsed.query)
        } else {
            match parse_query(&parsed.query) {
                Ok(c) => c,
                Err(e) => {
                    bad += 1;
                    eprintln!("error: {}:{}: query {qid}: {e}", path.display(), n + 1);
                    continue;
                }
            }
        };
        let mut req = request(settings, args, clauses)?;
        req.limit = limit.clamp(1, khabar_index::MAX_LIMIT);
        req.snippet_chars = if args.format == BatchFormat::Json {
            settings.snippet_chars
        } else {
            0
        };
        let started = Instant::now();
        let results = index.search(&req)?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        queries += 1;
        for (i, hit) in results.hits.iter().enumerate() {
            match args.format {
                BatchFormat::Trec => {
                    writeln!(out, "{qid} Q0 {} {} {:.6} khabar", hit.id, i + 1, hit.score)?
                }
                BatchFormat::Json => {
                    let mut v = json::hit(i + 1, hit);
                    v["qid"] = serde_json::Value::String(qid.clone());
                    writeln!(out, "{v}")?;
                }
            }
        }
    }
    out.flush()?;
    latencies.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or(0.0)
    };
    eprintln!(
        "{queries} queries, {bad} bad; latency ms p50 {:.2} p95 {:.2} p99 {:.2}",
        pct(0.50),
        pct(0.95),
        pct(0.99)
    );
    Ok(if bad > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}
