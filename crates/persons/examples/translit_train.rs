//! Derives `crates/persons/data/translit.tsv`, the Latin → Arabic
//! transliteration model, from the Wikidata name table (CC0) the crate
//! already holds; with `--heldout`, trains on nine pairs in ten and reports
//! how often the tenth pair's Arabic spelling is among the candidates.
//!
//! ```sh
//! cargo run --release -p khabar-persons --example translit_train -- \
//!     crates/persons/data/name-tokens-en-ar.tsv crates/persons/data/translit.tsv
//! cargo run --release -p khabar-persons --example translit_train -- \
//!     crates/persons/data/name-tokens-en-ar.tsv --heldout
//! ```

use khabar_persons::Transliterator;

const ITERATIONS: usize = 6;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(table), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: translit_train NAME_TABLE.tsv (OUT.tsv | --heldout)");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(table).unwrap_or_else(|e| {
        eprintln!("{table}: {e}");
        std::process::exit(2);
    });
    let pairs: Vec<(String, String, f64)> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut p = line.split('\t');
            let (l, a, c) = (p.next()?, p.next()?, p.next()?.parse::<f64>().ok()?);
            Some((l.to_string(), khabar_analysis::normalize(a), 1.0 + c.ln()))
        })
        .collect();
    let start = std::time::Instant::now();
    if out != "--heldout" {
        let model = Transliterator::train(&pairs, ITERATIONS);
        let mut tsv = String::from(
            "# Latin → Arabic chunk pairs (place TAB latin TAB arabic TAB probability), learned by\n\
             # crates/persons/examples/translit_train.rs from data/name-tokens-en-ar.tsv (Wikidata, CC0).\n",
        );
        tsv.push_str(&model.to_tsv());
        std::fs::write(out, tsv).unwrap_or_else(|e| {
            eprintln!("{out}: {e}");
            std::process::exit(2);
        });
        eprintln!("{} pairs, trained in {:.1?}", pairs.len(), start.elapsed());
        return;
    }
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (k, p) in pairs.into_iter().enumerate() {
        if k % 10 == 9 {
            test.push(p)
        } else {
            train.push(p)
        }
    }
    let model = Transliterator::train(&train, ITERATIONS);
    eprintln!(
        "{} training pairs, trained in {:.1?}",
        train.len(),
        start.elapsed()
    );
    // A Latin word may have several Arabic spellings in the table: any counts.
    let mut gold: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for (l, a, _) in &test {
        gold.entry(l.as_str()).or_default().push(a.as_str());
    }
    let skel = |s: &str| khabar_analysis::skeleton(s);
    let (mut n, mut top1, mut top10, mut top10s) = (0usize, 0usize, 0usize, 0usize);
    for (latin, spellings) in &gold {
        let cands = model.candidates(latin, 10);
        n += 1;
        if cands
            .first()
            .is_some_and(|c| spellings.contains(&c.0.as_str()))
        {
            top1 += 1;
        }
        if cands.iter().any(|c| spellings.contains(&c.0.as_str())) {
            top10 += 1;
        }
        if cands
            .iter()
            .any(|c| spellings.iter().any(|s| skel(s) == skel(&c.0)))
        {
            top10s += 1;
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n as f64;
    println!(
        "held-out Latin words: {n}; spelling top-1 {:.1}%, top-10 {:.1}%; skeleton in top-10 {:.1}%",
        pct(top1),
        pct(top10),
        pct(top10s)
    );
}
