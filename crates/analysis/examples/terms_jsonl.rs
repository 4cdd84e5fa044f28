//! Reads JSON Lines `{"id","title","body"}` (or `{"qid","query"}`) on stdin and prints
//! `id<TAB>term term …` with the ar_stem analyzer: for offline ranking experiments.
use std::io::{BufRead, Write};

use khabar_analysis::{AnalyzerName, analyze};

fn main() {
    let name = match std::env::args().nth(1).as_deref() {
        Some("exact") => AnalyzerName::Exact,
        _ => AnalyzerName::Stem,
    };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines().map_while(Result::ok) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let id = v
            .get("id")
            .or(v.get("qid"))
            .and_then(|x| x.as_str())
            .unwrap_or("");
        let mut text = String::new();
        for k in ["title", "body", "query"] {
            if let Some(s) = v.get(k).and_then(|x| x.as_str()) {
                text.push_str(s);
                text.push('\n');
            }
        }
        let terms: Vec<String> = analyze(name, &text).into_iter().map(|t| t.term).collect();
        let _ = writeln!(out, "{id}\t{}", terms.join(" "));
    }
}
