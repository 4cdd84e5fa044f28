//! Speed of the Arabic analyzers against tantivy's default chain on the same text.
//!
//! `cargo bench -p khabar-analysis`. The text is real news: the bodies of the first
//! articles of the ANT corpus when `../shared` is there, else the seed article
//! (repeated). Figures are in BENCHMARKS.md.

use std::io::Read;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_analysis::{
    ArabicLightStemmer, ArabicSkeletonFilter, ArabicStopWordFilter, ArabicTokenizer,
};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

const TARGET_BYTES: usize = 2 << 20;

fn corpus() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/news/ant-v2.1-multisource.jsonl.gz");
    let mut text = String::new();
    if let Ok(file) = std::fs::File::open(&root) {
        let mut raw = Vec::new();
        // A cut mid-line only spoils the last line, which is skipped as bad JSON.
        if flate2::read::GzDecoder::new(file)
            .take(8 << 20)
            .read_to_end(&mut raw)
            .is_ok()
        {
            for line in String::from_utf8_lossy(&raw).lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                    && let Some(body) = v.get("body").and_then(|b| b.as_str())
                {
                    text.push_str(body);
                    text.push('\n');
                }
                if text.len() >= TARGET_BYTES {
                    break;
                }
            }
        }
    }
    if text.is_empty() {
        let seed = include_str!("../tests/fixtures/seed-article.txt");
        while text.len() < TARGET_BYTES {
            text.push_str(seed);
        }
    }
    text
}

fn count(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += stream.token().text.len();
    }
    n
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    let analyzers: Vec<(&str, TextAnalyzer)> = vec![
        (
            "tantivy_simple_lowercase",
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .build(),
        ),
        (
            "ar_exact",
            TextAnalyzer::builder(ArabicTokenizer::new()).build(),
        ),
        (
            "ar_stem",
            TextAnalyzer::builder(ArabicTokenizer::new())
                .filter(ArabicStopWordFilter)
                .filter(ArabicLightStemmer)
                .build(),
        ),
        (
            "ar_skeleton",
            TextAnalyzer::builder(ArabicTokenizer::new())
                .filter(ArabicStopWordFilter)
                .filter(ArabicLightStemmer)
                .filter(ArabicSkeletonFilter)
                .build(),
        ),
    ];
    for (name, mut analyzer) in analyzers {
        group.bench_function(name, |b| {
            b.iter(|| count(&mut analyzer, std::hint::black_box(&text)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
