//! An averaged-perceptron tagger of person names (BIO, greedy left to right),
//! with features for clitics, name-word lists, gazetteer hits, triggers and
//! the rules' own output.
//!
//! It is trained at evaluation time (`cargo run -p khabar-persons --example
//! ner_eval`): the only training corpus at hand, ANERcorp, allows research
//! use, so Khabar ships no trained weights and indexes with the rules and the
//! gazetteer alone.

use std::collections::HashMap;

use crate::extract::{Extractor, labels};
use crate::gazetteer::fnv;
use crate::names::name_word_count;
use crate::rules::{REPORTING_VERBS, TITLES};
use crate::text::{Tok, bare_forms, key, tokenize_with_chars};

const TAGS: usize = 3; // O, B, I

/// A training text's tokens, gold labels and static features.
type Prepared = (Vec<Tok>, Vec<u8>, Vec<Vec<u64>>);

/// A trained tagger.
#[derive(Clone, Default)]
pub struct Tagger {
    weights: HashMap<u64, [f32; TAGS]>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("features", &self.weights.len())
            .finish()
    }
}

/// A training text with its gold person spans (char offsets, end exclusive).
#[derive(Debug, Clone)]
pub struct TrainingText {
    /// The text.
    pub text: String,
    /// Person mentions.
    pub spans: Vec<(usize, usize)>,
}

fn h(tag: &str, value: &str) -> u64 {
    let mut x = 0xcbf2_9ce4_8422_2325u64;
    fnv(&mut x, tag.as_bytes());
    fnv(&mut x, &[0]);
    fnv(&mut x, value.as_bytes());
    x
}

fn bucket(n: u32) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2..=9 => "2",
        10..=99 => "3",
        _ => "4",
    }
}

fn in_list(list: &[&str], w: &str) -> bool {
    bare_forms(w).iter().any(|b| list.contains(b))
}

/// Features of token `i` that do not depend on predicted tags.
fn static_features(ex: &Extractor, toks: &[Tok], rules: &[u8], i: usize) -> Vec<u64> {
    let w = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 || j as usize >= toks.len() {
            "<s>"
        } else {
            toks[j as usize].norm.as_str()
        }
    };
    let w0 = w(0);
    let chars: Vec<char> = w0.chars().collect();
    let n = chars.len();
    let suffix = |k: usize| chars[n.saturating_sub(k)..].iter().collect::<String>();
    let prefix = |k: usize| chars[..k.min(n)].iter().collect::<String>();
    let gaz = |s: &str| {
        ex.gazetteer().name_words.contains_key(s)
            || bare_forms(s)
                .iter()
                .any(|b| ex.gazetteer().name_words.contains_key(*b))
    };
    let lex = |s: &str| {
        bare_forms(s)
            .iter()
            .map(|b| name_word_count(b))
            .max()
            .unwrap_or(0)
    };
    let rule = |k: isize| -> u8 {
        let j = i as isize + k;
        if j < 0 || j as usize >= rules.len() {
            9
        } else {
            rules[j as usize]
        }
    };
    let bare = bare_forms(w0).get(1).copied().unwrap_or("");
    let mut f = vec![
        h("bias", ""),
        h("w", w0),
        h("bare", bare),
        h("key", &key(w0)),
        h("s2", &suffix(2)),
        h("s3", &suffix(3)),
        h("p2", &prefix(2)),
        h("p3", &prefix(3)),
        h("w-1", w(-1)),
        h("w+1", w(1)),
        h("w-2", w(-2)),
        h("w+2", w(2)),
        h("w-1w0", &format!("{}|{}", w(-1), w0)),
        h("al", if w0.starts_with("ال") { "1" } else { "0" }),
        h(
            "shape",
            if crate::text::is_arabic(w0) {
                "ar"
            } else if w0.chars().any(|c| c.is_ascii_digit()) {
                "d"
            } else {
                "x"
            },
        ),
        h("len", bucket(n as u32)),
        h("lex", bucket(lex(w0))),
        h("lex-1", bucket(lex(w(-1)))),
        h("lex+1", bucket(lex(w(1)))),
        h("gaz", if gaz(w0) { "1" } else { "0" }),
        h("gaz+1", if gaz(w(1)) { "1" } else { "0" }),
        h("title-1", if in_list(TITLES, w(-1)) { "1" } else { "0" }),
        h("title-2", if in_list(TITLES, w(-2)) { "1" } else { "0" }),
        h(
            "verb-1",
            if in_list(REPORTING_VERBS, w(-1)) {
                "1"
            } else {
                "0"
            },
        ),
        h(
            "stop",
            if khabar_analysis::is_stopword(w0) {
                "1"
            } else {
                "0"
            },
        ),
        h("brk", if toks[i].brk { "1" } else { "0" }),
        h(
            "brk+1",
            if toks.get(i + 1).is_some_and(|t| t.brk) {
                "1"
            } else {
                "0"
            },
        ),
        h("rule", &rule(0).to_string()),
        h("rule-1", &rule(-1).to_string()),
        h("rule+1", &rule(1).to_string()),
    ];
    f.shrink_to_fit();
    f
}

fn dynamic_features(prev: u8, prev2: u8, w0: &str) -> [u64; 3] {
    [
        h("t-1", &prev.to_string()),
        h("t-2t-1", &format!("{prev2}{prev}")),
        h("t-1w", &format!("{prev}|{w0}")),
    ]
}

impl Tagger {
    fn score(&self, feats: &[u64], dynamic: &[u64]) -> [f32; TAGS] {
        let mut s = [0f32; TAGS];
        for f in feats.iter().chain(dynamic) {
            if let Some(w) = self.weights.get(f) {
                for t in 0..TAGS {
                    s[t] += w[t];
                }
            }
        }
        s
    }

    fn best(scores: [f32; TAGS], prev: u8) -> u8 {
        let mut best = 0u8;
        for t in 1..TAGS as u8 {
            // I only continues a name.
            if t == 2 && prev == 0 {
                continue;
            }
            if scores[t as usize] > scores[best as usize] {
                best = t;
            }
        }
        best
    }

    /// Trains on texts; `extractor` gives the gazetteer and rule features.
    pub fn train(extractor: &Extractor, texts: &[TrainingText], epochs: usize) -> Tagger {
        // Precompute tokens, gold labels and static features once.
        let data: Vec<Prepared> = texts
            .iter()
            .map(|t| {
                let toks = tokenize_with_chars(&t.text);
                let gold = gold_labels(&toks, &t.spans);
                let rules = labels(&toks, &extractor.spans(&toks));
                let feats = (0..toks.len())
                    .map(|i| static_features(extractor, &toks, &rules, i))
                    .collect();
                (toks, gold, feats)
            })
            .collect();
        let mut w: HashMap<u64, [f32; TAGS]> = HashMap::new();
        let mut totals: HashMap<u64, [f64; TAGS]> = HashMap::new();
        let mut stamps: HashMap<u64, [u64; TAGS]> = HashMap::new();
        let mut clock = 0u64;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..epochs {
            // Deterministic shuffle (xorshift): same data, same model.
            for k in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(k, (seed % (k as u64 + 1)) as usize);
            }
            for &d in &order {
                let (toks, gold, feats) = &data[d];
                let (mut prev, mut prev2) = (0u8, 0u8);
                for i in 0..toks.len() {
                    clock += 1;
                    let dynamic = dynamic_features(prev, prev2, &toks[i].norm);
                    let model = Tagger {
                        weights: std::mem::take(&mut w),
                    };
                    let guess = Self::best(model.score(&feats[i], &dynamic), prev);
                    w = model.weights;
                    let truth = gold[i];
                    if guess != truth {
                        for f in feats[i].iter().chain(&dynamic) {
                            for (t, delta) in [(truth, 1f32), (guess, -1f32)] {
                                let t = t as usize;
                                let weight = w.entry(*f).or_default();
                                let total = totals.entry(*f).or_default();
                                let stamp = stamps.entry(*f).or_default();
                                total[t] += f64::from(weight[t]) * (clock - stamp[t]) as f64;
                                stamp[t] = clock;
                                weight[t] += delta;
                            }
                        }
                    }
                    // Teacher forcing: the history is the gold one.
                    prev2 = prev;
                    prev = truth;
                }
            }
        }
        let mut weights = HashMap::with_capacity(w.len());
        for (f, weight) in w {
            let total = totals.get(&f).copied().unwrap_or_default();
            let stamp = stamps.get(&f).copied().unwrap_or_default();
            let mut avg = [0f32; TAGS];
            for t in 0..TAGS {
                let sum = total[t] + f64::from(weight[t]) * (clock - stamp[t]) as f64;
                avg[t] = (sum / clock.max(1) as f64) as f32;
            }
            if avg.iter().any(|x| *x != 0.0) {
                weights.insert(f, avg);
            }
        }
        Tagger { weights }
    }

    /// Name spans (start token, length).
    pub(crate) fn tag(
        &self,
        extractor: &Extractor,
        toks: &[Tok],
        rules: &[u8],
    ) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let (mut prev, mut prev2) = (0u8, 0u8);
        for i in 0..toks.len() {
            let feats = static_features(extractor, toks, rules, i);
            let dynamic = dynamic_features(prev, prev2, &toks[i].norm);
            let t = Self::best(self.score(&feats, &dynamic), prev);
            match t {
                1 => out.push((i, 1)),
                2 => {
                    if let Some(last) = out.last_mut() {
                        last.1 += 1;
                    }
                }
                _ => {}
            }
            prev2 = prev;
            prev = t;
        }
        out
    }
}

/// BIO labels of tokens from gold char spans: a token starting a span is B,
/// one inside it I.
fn gold_labels(toks: &[Tok], spans: &[(usize, usize)]) -> Vec<u8> {
    toks.iter()
        .map(|t| {
            for &(a, b) in spans {
                if t.cstart == a {
                    return 1;
                }
                if t.cstart > a && t.cend <= b {
                    return 2;
                }
            }
            0
        })
        .collect()
}
