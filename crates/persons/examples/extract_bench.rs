//! Extraction speed: runs [`Extractor::persons`] over the title and body of
//! every JSON line on stdin (e.g. `zcat ant.jsonl.gz |`) with the shipped
//! gazetteer (config/persons.toml) and prints MB/s of text.
//!
//! usage: extract_bench [GAZETTEER.toml [--dump]] < articles.jsonl
//!
//! `--dump` prints every mention (one line each) instead of timing, to
//! compare the output of two versions of the rules.

use std::io::BufRead;
use std::time::Instant;

use khabar_persons::Extractor;

mod common;

#[derive(serde::Deserialize)]
struct Article {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    text: String,
}

/// CPU seconds (user + system) of this process so far, from /proc/self/stat
/// (Linux; 0 elsewhere): unlike wall time, unaffected by other processes on
/// a busy machine. Assumes 100 clock ticks a second (the Linux default).
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "config/persons.toml".to_string());
    let t0 = Instant::now();
    let g = common::load_gazetteer(&path);
    let ex = Extractor::new(g);
    eprintln!("gazetteer compiled in {:.3} s", t0.elapsed().as_secs_f64());
    // Read everything first: only extraction is timed.
    let articles: Vec<Article> = std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str(&l).ok())
        .collect();
    let bytes: usize = articles
        .iter()
        .map(|a| a.title.len() + a.body.len() + a.text.len())
        .sum();
    if std::env::args().nth(2).as_deref() == Some("--dump") {
        for (n, a) in articles.iter().enumerate() {
            let body = if a.body.is_empty() { &a.text } else { &a.body };
            let mut text = a.title.clone();
            text.push_str("\n\n");
            text.push_str(body);
            for m in ex.extract(&text) {
                println!(
                    "{n}\t{}\t{}\t{}\t{}\t{:?}\t{}",
                    m.start, m.end, m.person, m.name, m.kind, m.text
                );
            }
        }
        return;
    }
    // Loads the Wikidata name table (once per process) before timing.
    khabar_persons::name_word_count("محمد");
    let t0 = Instant::now();
    let c0 = cpu_secs();
    let mut people = 0usize;
    for a in &articles {
        let body = if a.body.is_empty() { &a.text } else { &a.body };
        people += ex.persons(&a.title, body).len();
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu_secs() - c0;
    println!(
        "{} articles, {:.1} MB, {people} person-article pairs, {secs:.2} s wall ({:.2} MB/s), {cpu:.2} s CPU ({:.2} MB/s)",
        articles.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        bytes as f64 / 1e6 / cpu.max(0.01)
    );
}
