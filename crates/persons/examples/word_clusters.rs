//! Word clusters from unlabelled news, for the tagger's cluster features.
//!
//! usage: zcat ANT.jsonl.gz … | word_clusters OUT.tsv
//!
//! Each frequent word gets a context vector (which frequent words stand one
//! and two places before and after it, PPMI-weighted), projected to a few
//! dimensions at random and clustered by k-means at three granularities. Words
//! that share contexts (`الرئيس X قال`) share clusters, so a name never seen in
//! the training data still looks like one. Writes `word<TAB>coarse<TAB>fine<TAB>finest`.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use khabar_analysis::ArabicTokenizer;
use tantivy_tokenizer_api::{TokenStream, Tokenizer};

const MIN_FREQ: u32 = 3;
const MAX_VOCAB: usize = 120_000;
const CONTEXT_WORDS: usize = 800;
const POSITIONS: [isize; 4] = [-2, -1, 1, 2];
const DIMS: usize = 96;

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: word_clusters OUT.tsv < ant.jsonl");
        std::process::exit(2)
    });
    // 1. Tokenize every article.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let mut docs: Vec<Vec<u32>> = Vec::new();
    let mut tokenizer = ArabicTokenizer::new();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let mut doc = Vec::new();
        for field in ["title", "abstract", "body"] {
            let text = v.get(field).and_then(|t| t.as_str()).unwrap_or("");
            let mut stream = tokenizer.token_stream(text);
            while stream.advance() {
                let w = &stream.token().text;
                let id = *ids.entry(w.clone()).or_insert_with(|| {
                    words.push(w.clone());
                    (words.len() - 1) as u32
                });
                doc.push(id);
            }
            doc.push(u32::MAX); // a field boundary: no context across it
        }
        docs.push(doc);
    }
    let mut freq = vec![0u32; words.len()];
    for d in &docs {
        for &w in d {
            if w != u32::MAX {
                freq[w as usize] += 1;
            }
        }
    }
    let mut by_freq: Vec<u32> = (0..words.len() as u32).collect();
    by_freq.sort_by(|a, b| freq[*b as usize].cmp(&freq[*a as usize]).then(a.cmp(b)));
    let vocab: Vec<u32> = by_freq
        .iter()
        .copied()
        .filter(|w| freq[*w as usize] >= MIN_FREQ)
        .take(MAX_VOCAB)
        .collect();
    let mut row = vec![u32::MAX; words.len()];
    for (r, w) in vocab.iter().enumerate() {
        row[*w as usize] = r as u32;
    }
    let mut ctx = vec![u32::MAX; words.len()];
    for (c, w) in by_freq.iter().take(CONTEXT_WORDS).enumerate() {
        ctx[*w as usize] = c as u32;
    }
    eprintln!(
        "{} docs, {} word types, {} in vocabulary",
        docs.len(),
        words.len(),
        vocab.len()
    );
    // 2. Co-occurrence counts, sparse per row.
    let width = CONTEXT_WORDS * POSITIONS.len();
    let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    let mut col_total = vec![0f64; width];
    for d in &docs {
        for (i, &w) in d.iter().enumerate() {
            if w == u32::MAX || row[w as usize] == u32::MAX {
                continue;
            }
            let r = row[w as usize] as usize;
            for (p, off) in POSITIONS.iter().enumerate() {
                let j = i as isize + off;
                if j < 0 || j as usize >= d.len() {
                    continue;
                }
                let c = d[j as usize];
                if c == u32::MAX || ctx[c as usize] == u32::MAX {
                    continue;
                }
                let col = (p * CONTEXT_WORDS + ctx[c as usize] as usize) as u32;
                *counts[r].entry(col).or_default() += 1.0;
                col_total[col as usize] += 1.0;
            }
        }
    }
    drop(docs);
    let total: f64 = col_total.iter().sum();
    // 3. PPMI, random projection, unit length.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let proj: Vec<f32> = (0..width * DIMS)
        .map(|_| if rand() < 0.5 { -1.0 } else { 1.0 })
        .collect();
    let mut vecs = vec![0f32; vocab.len() * DIMS];
    for (r, cs) in counts.iter().enumerate() {
        let row_total: f64 = cs.values().map(|v| f64::from(*v)).sum();
        if row_total == 0.0 {
            continue;
        }
        let v = &mut vecs[r * DIMS..(r + 1) * DIMS];
        for (&col, &n) in cs {
            let pmi = ((f64::from(n) * total)
                / (row_total * col_total[col as usize].powf(0.75) * total.powf(0.25)))
            .ln();
            if pmi <= 0.0 {
                continue;
            }
            let p = &proj[col as usize * DIMS..(col as usize + 1) * DIMS];
            for k in 0..DIMS {
                v[k] += pmi as f32 * p[k];
            }
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
    }
    drop(counts);
    // 4. k-means (spherical) at two granularities.
    let coarse = kmeans(&vecs, vocab.len(), 64, 12, &mut rand);
    let fine = kmeans(&vecs, vocab.len(), 512, 12, &mut rand);
    let finest = kmeans(&vecs, vocab.len(), 2048, 8, &mut rand);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out).unwrap_or_else(|e| {
        eprintln!("{out}: {e}");
        std::process::exit(1)
    }));
    for (r, w) in vocab.iter().enumerate() {
        let _ = writeln!(
            f,
            "{}\t{}\t{}\t{}",
            words[*w as usize], coarse[r], fine[r], finest[r]
        );
    }
}

fn kmeans(
    vecs: &[f32],
    n: usize,
    k: usize,
    iters: usize,
    rand: &mut impl FnMut() -> f64,
) -> Vec<u16> {
    let mut cent: Vec<f32> = Vec::with_capacity(k * DIMS);
    for _ in 0..k {
        // Seeds among the more frequent words (rows are by frequency).
        let r = (rand() * (n.min(20_000)) as f64) as usize;
        cent.extend_from_slice(&vecs[r * DIMS..(r + 1) * DIMS]);
    }
    let mut assign = vec![0u16; n];
    for it in 0..iters {
        let mut moved = 0usize;
        for r in 0..n {
            let v = &vecs[r * DIMS..(r + 1) * DIMS];
            let mut best = (f32::MIN, 0usize);
            for c in 0..k {
                let cv = &cent[c * DIMS..(c + 1) * DIMS];
                let dot: f32 = v.iter().zip(cv).map(|(a, b)| a * b).sum();
                if dot > best.0 {
                    best = (dot, c);
                }
            }
            if assign[r] as usize != best.1 {
                moved += 1;
            }
            assign[r] = best.1 as u16;
        }
        let mut sums = vec![0f32; k * DIMS];
        for r in 0..n {
            let c = assign[r] as usize;
            for d in 0..DIMS {
                sums[c * DIMS + d] += vecs[r * DIMS + d];
            }
        }
        for c in 0..k {
            let s = &mut sums[c * DIMS..(c + 1) * DIMS];
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                s.iter_mut().for_each(|x| *x /= norm);
                cent[c * DIMS..(c + 1) * DIMS].copy_from_slice(s);
            }
        }
        eprintln!("k={k} iteration {it}: {moved} moved");
    }
    assign
}
