//! Mention-level PERS evaluation (exact span) of the person extractor:
//! rules + gazetteer, the tagger, and both combined.
//!
//! usage: ner_eval ANERCORP_TRAIN NEWSFANE GAZETTEER.toml [EPOCHS [CLUSTERS.tsv [NEWS.jsonl]]]
//!
//! - ANERcorp-train: 5-fold cross-validation over contiguous blocks of
//!   sentences (the tagger is trained on 4 folds, tested on the 5th);
//!   `NER_SHUFFLE=1` deals 10-sentence blocks to the folds at random.
//! - NewsFANE (a re-annotation of ANERcorp with clitics split): its own 5-fold
//!   CV; its sentences that are not in ANERcorp-train, scored by a tagger
//!   trained on all of ANERcorp-train (same articles: see BENCHMARKS.md), with
//!   and without near-copies of training text; rules alone on all of it.
//!
//! With NEWS.jsonl (unlabelled news, title/body), every tagger is trained as
//! `khabar persons train --news` trains it ([`Tagger::train_on_news`]: name
//! counts from the news, read by the rules, then self-trained); each fold's
//! taggers read the news, never its test text. `NER_NO_ABLATION=1` skips the
//! no-gazetteer row, `NER_QUICK=1` everything after the ANERcorp CV.
//! `NER_SEED=N` trains on the same texts in another order: one run's F1 moves
//! by ±0.01 with the order alone, so a change is judged over several seeds.
//! `NER_FANE_EXTRA=M` adds NewsFANE's sentences that are not in ANERcorp-train
//! to the training data of each ANERcorp fold they are at least M sentences
//! away from (placed by the ANERcorp sentences around them): more labelled
//! text, none of it from the test fold's articles.
//!
//! Texts are blocks of 10 sentences (`NER_BLOCK=N`; ANERcorp has no document
//! boundaries), so surname linking has some context. `NER_DEBUG=tagger`
//! (`NER_FOLD=K`) prints the errors of one fold instead. Nothing is written;
//! the trained weights live only in memory (ANERcorp allows research use only).

use std::collections::HashSet;
use std::sync::Arc;

use khabar_persons::{
    Extractor, Gazetteer, LabelledSentence, MentionKind, Tagger, TrainingText, WordClusters,
    iob_sentences, training_text,
};

mod common;

/// Words with labels (0 other, 1 begins a person, 2 inside one).
type Sentence = LabelledSentence;

/// A file's text; one that cannot be read ends the run (a missing input
/// must not pass for an empty one).
fn read_or_exit(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    })
}

/// A deterministic shuffle (xorshift from `seed`, which must not be 0): the
/// same seed deals the same order.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for k in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(k, (seed % (k as u64 + 1)) as usize);
    }
}

fn read_anercorp(path: &str) -> Vec<Sentence> {
    iob_sentences(&read_or_exit(path))
}

const PERSON_CLASSES: &[&str] = &[
    "Politician",
    "Athlete",
    "Artist",
    "Other_PER",
    "Religious_PER",
    "Scientist",
    "Businessperson",
    "Lawyer",
    "Engineer",
];

fn read_newsfane(path: &str) -> Vec<Sentence> {
    let text = read_or_exit(path);
    let mut out = Vec::new();
    let mut cur: Vec<(String, String)> = Vec::new();
    let flush = |cur: &mut Vec<(String, String)>, out: &mut Vec<Sentence>| {
        // Re-attach the proclitics and enclitics NewsFANE splits off, so the text
        // reads like news again (و قال → وقال, ان ه → انه).
        let mut s: Sentence = Vec::new();
        let mut pending = String::new();
        for (w, tag) in cur.drain(..) {
            let label = match tag.split_once('-') {
                Some(("B", class)) if PERSON_CLASSES.contains(&class) => 1,
                Some(("I", class)) if PERSON_CLASSES.contains(&class) => 2,
                _ => 0,
            };
            if tag == "O" && matches!(w.as_str(), "و" | "ف" | "ب" | "ل" | "ك") {
                pending.push_str(&w);
                continue;
            }
            if tag == "O"
                && pending.is_empty()
                && matches!(w.as_str(), "ه" | "ها" | "هم" | "هما" | "نا" | "كم" | "هن")
                && let Some(last) = s.last_mut()
            {
                last.0.push_str(&w);
                continue;
            }
            s.push((format!("{pending}{w}"), label));
            pending.clear();
        }
        if !s.is_empty() {
            out.push(s);
        }
    };
    for line in text.lines() {
        let line = line.trim_start_matches('\u{feff}');
        let mut parts = line.split('\t');
        let w = parts
            .next()
            .unwrap_or("")
            .replace(['\u{200e}', '\u{200f}'], "");
        let tag = parts.next().unwrap_or("").trim().to_string();
        if w.trim().is_empty() || tag.is_empty() {
            flush(&mut cur, &mut out);
            continue;
        }
        cur.push((w.trim().to_string(), tag));
    }
    flush(&mut cur, &mut out);
    out
}

/// Most ANERcorp sentences between the two that a NewsFANE sentence sits
/// between, for `NER_FANE_EXTRA` to place it (wider gaps are other articles).
const MAX_PLACED_GAP: usize = 50;

fn blocks(sentences: &[Sentence]) -> Vec<TrainingText> {
    let n = std::env::var("NER_BLOCK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    sentences.chunks(n).map(training_text).collect()
}

#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}
impl Score {
    fn add(&mut self, o: Score) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        (
            p,
            r,
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        )
    }
}

/// Trims a span's edges of punctuation the gold tokens may include.
fn score(ex: &Extractor, texts: &[TrainingText]) -> Score {
    let mut s = Score::default();
    for t in texts {
        let gold: HashSet<(usize, usize)> = t.spans.iter().copied().collect();
        let pred: HashSet<(usize, usize)> = ex
            .extract(&t.text)
            .into_iter()
            .filter(|m| m.kind != MentionKind::Role)
            .map(|m| (m.start, m.end))
            .collect();
        let tp = gold.intersection(&pred).count();
        s.tp += tp;
        s.fp += pred.len() - tp;
        s.fn_ += gold.len() - tp;
    }
    s
}

fn key(s: &Sentence) -> String {
    let joined: String = s.iter().map(|(w, _)| w.as_str()).collect();
    khabar_analysis::normalize(&joined)
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect()
}

fn line(name: &str, s: Score) {
    let (p, r, f) = s.prf();
    println!(
        "| {name} | {p:.3} | {r:.3} | {f:.3} | {} | {} | {} |",
        s.tp, s.fp, s.fn_
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!(
            "usage: ner_eval ANERCORP_TRAIN NEWSFANE GAZETTEER.toml [EPOCHS [CLUSTERS.tsv [NEWS.jsonl]]]"
        );
        std::process::exit(2);
    }
    let epochs: usize = args.get(4).and_then(|e| e.parse().ok()).unwrap_or(10);
    // Unlabelled news for the name counts (title and body of JSON lines).
    let news: Vec<String> = args
        .get(6)
        .map(|p| {
            read_or_exit(p)
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .flat_map(|v| {
                    ["title", "body"]
                        .map(|f| v.get(f).and_then(|t| t.as_str()).unwrap_or("").to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    let clusters = Arc::new(
        args.get(5)
            .map(|p| WordClusters::parse(&read_or_exit(p)))
            .unwrap_or_default(),
    );
    eprintln!(
        "word clusters: {}; news texts: {}",
        clusters.len(),
        news.len()
    );
    // The tagger as `khabar persons train` trains it: with name counts from
    // the news when there is news.
    // NER_SEED=N: the training texts in another order (another perceptron
    // run over the same data), to tell a change from the noise of one run.
    let seed: Option<u64> = std::env::var("NER_SEED").ok().and_then(|s| s.parse().ok());
    let train_tagger = |ex: &Extractor, texts: &[TrainingText]| -> Tagger {
        let mut order = texts.to_vec();
        if let Some(seed) = seed {
            shuffle(
                &mut order,
                0x9e37_79b9_7f4a_7c15 ^ seed.wrapping_mul(0x2545_f491_4f6c_dd1d),
            );
        }
        let texts = &order[..];
        if news.is_empty() {
            return Tagger::train(ex, texts, epochs, clusters.clone());
        }
        let each = |sink: &mut dyn FnMut(&str)| -> Result<(), std::convert::Infallible> {
            news.iter().for_each(|t| sink(t));
            Ok(())
        };
        let Ok(tagger) = Tagger::train_on_news(ex, texts, epochs, clusters.clone(), each);
        tagger
    };
    let gazetteer = common::load_gazetteer(&args[3]);
    let with_gaz = Extractor::new(gazetteer);
    let rules_only = Extractor::new(Gazetteer::default());

    let aner = read_anercorp(&args[1]);
    let fane = read_newsfane(&args[2]);
    println!(
        "ANERcorp-train: {} sentences; NewsFANE: {} sentences\n",
        aner.len(),
        fane.len()
    );
    println!("| system | P | R | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|");

    if let Some(mode) = std::env::var_os("NER_DEBUG") {
        let k: usize = std::env::var("NER_FOLD")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let (a, b) = (k * aner.len() / 5, (k + 1) * aner.len() / 5);
        if mode == "tagger" {
            let mut train_s: Vec<Sentence> = aner[..a].to_vec();
            train_s.extend_from_slice(&aner[b..]);
            let t = train_tagger(&with_gaz, &blocks(&train_s));
            diff(
                &with_gaz.clone().with_tagger(t),
                &blocks(&aner[a..b]),
                100_000,
            );
        } else {
            diff(&with_gaz, &blocks(&aner[..300]), 80);
        }
        return;
    }
    // 5-fold CV on ANERcorp-train. NER_SHUFFLE=1: folds of 10-sentence
    // blocks dealt at random (names recur across folds, as in random splits).
    let folds = 5;
    let aner: Vec<Sentence> = if std::env::var_os("NER_SHUFFLE").is_some() {
        let mut chunks: Vec<Vec<Sentence>> = aner.chunks(10).map(<[Sentence]>::to_vec).collect();
        shuffle(&mut chunks, 0x1234_5678_9abc_def1);
        chunks.concat()
    } else {
        aner
    };
    let n = aner.len();
    // NER_FANE_EXTRA=M: NewsFANE's sentences absent from ANERcorp-train, placed
    // by the ANERcorp sentences around them, join the training data of every
    // fold they are at least M sentences away from.
    let fane_extra: Option<usize> = std::env::var("NER_FANE_EXTRA")
        .ok()
        .and_then(|v| v.parse().ok());
    if fane_extra.is_some() && std::env::var_os("NER_SHUFFLE").is_some() {
        eprintln!("NER_FANE_EXTRA places sentences by the file's order: not with NER_SHUFFLE");
        std::process::exit(2);
    }
    let anchored: Vec<(usize, usize, Sentence)> = if fane_extra.is_some() {
        let index: std::collections::HashMap<String, usize> =
            aner.iter().enumerate().map(|(i, s)| (key(s), i)).collect();
        let anchors: Vec<Option<usize>> =
            fane.iter().map(|s| index.get(&key(s)).copied()).collect();
        let mut out = Vec::new();
        let mut prev = None;
        for (k, s) in fane.iter().enumerate() {
            if let Some(i) = anchors[k] {
                prev = Some(i);
                continue;
            }
            let next = anchors[k + 1..].iter().flatten().next().copied();
            let lo = prev.unwrap_or(0).min(next.unwrap_or(n));
            let hi = prev.unwrap_or(0).max(next.unwrap_or(n));
            // Between two ANERcorp sentences far apart: not placed.
            if hi - lo < MAX_PLACED_GAP {
                out.push((lo, hi, s.clone()));
            }
        }
        eprintln!("NewsFANE extra sentences placed: {}", out.len());
        out
    } else {
        Vec::new()
    };
    let (mut s_rules, mut s_gaz, mut s_tag, mut s_tag_nogaz, mut s_comb) = (
        Score::default(),
        Score::default(),
        Score::default(),
        Score::default(),
        Score::default(),
    );
    for k in 0..folds {
        let (a, b) = (k * n / folds, (k + 1) * n / folds);
        let test = blocks(&aner[a..b]);
        let mut train_s: Vec<Sentence> = aner[..a].to_vec();
        train_s.extend_from_slice(&aner[b..]);
        let mut train = blocks(&train_s);
        if let Some(m) = fane_extra {
            let extra: Vec<Sentence> = anchored
                .iter()
                .filter(|(lo, hi, _)| *hi + m < a || *lo >= b + m)
                .map(|(_, _, s)| s.clone())
                .collect();
            eprintln!("fold {k}: {} NewsFANE sentences added", extra.len());
            train.extend(blocks(&extra));
        }
        s_rules.add(score(&rules_only, &test));
        s_gaz.add(score(&with_gaz, &test));
        // Tagger alone: no gazetteer, no rule features (the rules still run and add their spans).
        // NER_NO_ABLATION=1: without the no-gazetteer row (slow with news).
        if std::env::var_os("NER_NO_ABLATION").is_none() {
            let t0 = train_tagger(&rules_only, &train);
            s_tag_nogaz.add(score(&rules_only.clone().with_tagger(t0), &test));
        }
        let t = train_tagger(&with_gaz, &train);
        let fold = score(&with_gaz.clone().with_tagger(t), &test);
        s_comb.add(fold);
        let (p, r, f) = fold.prf();
        eprintln!("fold {k}: rules + gazetteer + tagger P {p:.3} R {r:.3} F1 {f:.3}");
        let _ = &mut s_tag;
    }
    println!("| ANERcorp-train 5-fold: rules only (no gazetteer) | | | | | | |");
    line("  rules", s_rules);
    line("  rules + gazetteer (shipped default)", s_gaz);
    if std::env::var_os("NER_NO_ABLATION").is_none() {
        line("  rules + tagger (no gazetteer)", s_tag_nogaz);
    }
    line("  rules + gazetteer + tagger", s_comb);
    if std::env::var_os("NER_QUICK").is_some() {
        return;
    }

    // NewsFANE: its sentences absent from ANERcorp-train are unseen by the tagger.
    let seen: HashSet<String> = aner.iter().map(key).collect();
    let unseen: Vec<Sentence> = fane
        .iter()
        .filter(|s| !seen.contains(&key(s)))
        .cloned()
        .collect();
    println!("| NewsFANE, all {} sentences | | | | | | |", fane.len());
    let all = blocks(&fane);
    line("  rules", score(&rules_only, &all));
    line(
        "  rules + gazetteer (shipped default)",
        score(&with_gaz, &all),
    );
    let held = blocks(&unseen);
    println!(
        "| NewsFANE, {} sentences not in ANERcorp-train | | | | | | |",
        unseen.len()
    );
    line(
        "  rules + gazetteer (shipped default)",
        score(&with_gaz, &held),
    );
    // NewsFANE's own 5-fold CV (contiguous folds; its annotation conventions
    // on both sides).
    let mut s_fane = Score::default();
    let nf = fane.len();
    for k in 0..folds {
        let (a, b) = (k * nf / folds, (k + 1) * nf / folds);
        let mut train_s: Vec<Sentence> = fane[..a].to_vec();
        train_s.extend_from_slice(&fane[b..]);
        let t = train_tagger(&with_gaz, &blocks(&train_s));
        s_fane.add(score(
            &with_gaz.clone().with_tagger(t),
            &blocks(&fane[a..b]),
        ));
    }
    line("  rules + gazetteer + tagger, NewsFANE 5-fold CV", s_fane);
    let t = train_tagger(&with_gaz, &blocks(&aner));
    let tagged = with_gaz.clone().with_tagger(t);
    line(
        "  rules + gazetteer + tagger (trained on ANERcorp-train)",
        score(&tagged, &held),
    );
    // The held-out sentences sit between ANERcorp-train's (same articles), and
    // some share most of their text with a training sentence split otherwise:
    // without those (half or more of their 12-letter windows seen in training).
    let windows: HashSet<String> = aner
        .iter()
        .flat_map(|s| {
            let k: Vec<char> = key(s).chars().collect();
            (0..k.len().saturating_sub(12))
                .step_by(6)
                .map(|i| k[i..i + 12].iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    let distinct: Vec<Sentence> = unseen
        .iter()
        .filter(|s| {
            let k: Vec<char> = key(s).chars().collect();
            let all: Vec<String> = (0..k.len().saturating_sub(12))
                .step_by(3)
                .map(|i| k[i..i + 12].iter().collect())
                .collect();
            let seen = all.iter().filter(|w| windows.contains(*w)).count();
            all.is_empty() || seen * 2 <= all.len()
        })
        .cloned()
        .collect();
    line(
        &format!(
            "  the same, {} sentences without near-copies of training text",
            distinct.len()
        ),
        score(&tagged, &blocks(&distinct)),
    );
}

/// Prints the first differences between gold and predicted spans (debugging).
#[allow(dead_code)]
pub fn diff(ex: &Extractor, texts: &[TrainingText], max: usize) {
    let mut shown = 0;
    for t in texts {
        let chars: Vec<char> = t.text.chars().collect();
        let sl = |a: usize, b: usize| chars[a..b.min(chars.len())].iter().collect::<String>();
        let gold: HashSet<(usize, usize)> = t.spans.iter().copied().collect();
        let pred: Vec<_> = ex
            .extract(&t.text)
            .into_iter()
            .filter(|m| m.kind != MentionKind::Role)
            .collect();
        let ps: HashSet<(usize, usize)> = pred.iter().map(|m| (m.start, m.end)).collect();
        for m in &pred {
            if !gold.contains(&(m.start, m.end)) {
                let overlap = gold.iter().find(|&&(a, b)| m.start < b && a < m.end);
                eprintln!(
                    "STAT fp {:?} {}",
                    m.kind,
                    if overlap.is_some() {
                        "boundary"
                    } else {
                        "spurious"
                    }
                );
                if let Some(&(a, b)) = overlap {
                    eprintln!("BOUNDARY pred [{}] gold [{}]", m.text, sl(a, b));
                }
            }
        }
        for &(a, b) in &gold {
            if !ps.contains(&(a, b)) {
                let overlap = pred.iter().any(|m| m.start < b && a < m.end);
                eprintln!("STAT fn {}", if overlap { "boundary" } else { "missed" });
            }
        }
        for m in &pred {
            if !gold.contains(&(m.start, m.end)) && shown < max {
                shown += 1;
                let ctx = sl(m.start.saturating_sub(20), m.end + 20);
                eprintln!("FP {:?} [{}] {:?}   ctx: {}", m.kind, m.text, m.person, ctx);
            }
        }
        for &(a, b) in &gold {
            if !ps.contains(&(a, b)) && shown < max {
                shown += 1;
                eprintln!(
                    "FN [{}]   ctx: {}",
                    sl(a, b),
                    sl(a.saturating_sub(20), b + 20)
                );
            }
        }
    }
}
