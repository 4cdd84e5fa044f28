//! A structured averaged-perceptron tagger of person names: BIO labels,
//! first-order Viterbi decoding, features for surface and normalized forms,
//! clitics, affixes, context words, name-word lists, gazetteer hits, triggers
//! and the rules' own output.
//!
//! It is trained by `khabar persons train` (and in memory by the `ner_eval`
//! example): the only training corpus at hand, ANERcorp, allows research use,
//! so Khabar ships no trained weights; without a model it indexes with the
//! rules and the gazetteer alone.

use std::collections::HashMap;
use std::sync::Arc;

use crate::extract::{Extractor, labels};
use crate::gazetteer::fnv;
use crate::names::name_word_count;
use crate::text::{Tok, bare_forms, bounded, flag, tokenize_with_chars};

/// O, B, I.
const TAGS: usize = 3;
/// Transition weights are features too: index `prev * TAGS + tag`, with
/// `prev == TAGS` for the start of a text.
const TRANSITIONS: usize = (TAGS + 1) * TAGS;

/// A training text: gold labels, features and punctuation cuts per token.
struct Prepared {
    gold: Vec<u8>,
    feats: Vec<Vec<u64>>,
    cut: Vec<bool>,
}

/// A trained tagger: a first stage, and a second one stacked on it that sees
/// what the first found elsewhere in the text (a name tagged once is a name
/// in its other mentions too).
#[derive(Clone, Default)]
pub struct Tagger {
    first: Stage,
    second: Option<Stage>,
    clusters: Arc<WordClusters>,
    namelike: Arc<NameLikeness>,
}

/// One perceptron: feature weights per label and label transitions.
#[derive(Clone, Default)]
struct Stage {
    weights: Weights,
    transitions: [f32; TRANSITIONS],
}

/// Jackknife parts for the first stage's labels on the second stage's
/// training data (labels of texts the first stage was not trained on).
const JACKKNIFE: usize = 4;

/// Word clusters learned from unlabelled news (see the `word_clusters`
/// example): words used in the same contexts share a cluster, so a name the
/// training data never showed still looks like one.
#[derive(Clone, Default, Debug)]
pub struct WordClusters {
    map: HashMap<String, [u16; 3]>,
}

impl WordClusters {
    /// Reads `word<TAB>cluster<TAB>cluster…` lines (coarse to fine, up to
    /// three); malformed lines are skipped.
    pub fn parse(tsv: &str) -> WordClusters {
        let mut map = HashMap::new();
        for line in tsv.lines() {
            let mut parts = line.split('\t');
            let Some(w) = parts.next() else { continue };
            let mut ids = [u16::MAX; 3];
            let mut ok = true;
            for (k, p) in parts.take(3).enumerate() {
                match p.trim().parse::<u16>() {
                    Ok(id) => ids[k] = id,
                    Err(_) => ok = false,
                }
            }
            if ok && ids[0] != u16::MAX {
                map.insert(w.to_string(), ids);
            }
        }
        WordClusters { map }
    }

    /// How many words have a cluster.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The clusters of a word or, failing that, of its clitic-free forms.
    fn of(&self, forms: &[&str]) -> Option<[u16; 3]> {
        forms.iter().find_map(|f| self.map.get(*f).copied())
    }
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("features", &self.len())
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

/// How much a word looks like a name, from its letters alone: an averaged
/// perceptron over character n-grams, trained on the Wikidata name words
/// (names) against the cluster vocabulary's other words (mostly not names).
/// It scores spellings no list has seen (`ايريزوز`, `جوتشولك`).
#[derive(Clone, Default)]
struct NameLikeness {
    weights: HashMap<u64, f32, std::hash::BuildHasherDefault<KeyHasher>>,
}

impl NameLikeness {
    fn grams(word: &str, mut each: impl FnMut(u64)) {
        let chars: Vec<char> = std::iter::once('^')
            .chain(word.chars())
            .chain(std::iter::once('$'))
            .collect();
        let mut buf = [0u8; 4];
        for n in 2..=4 {
            for w in chars.windows(n) {
                let mut x = 0xcbf2_9ce4_8422_2325u64;
                fnv(&mut x, &[n as u8]);
                for c in w {
                    fnv(&mut x, c.encode_utf8(&mut buf).as_bytes());
                }
                each(x);
            }
        }
    }

    fn score(&self, word: &str) -> f32 {
        let mut s = 0f32;
        Self::grams(word, |g| s += self.weights.get(&g).copied().unwrap_or(0.0));
        s
    }

    /// A bucket of [`NameLikeness::score`] for a feature ("-": no model).
    fn bucket(&self, word: &str) -> &'static str {
        if self.weights.is_empty() {
            return "-";
        }
        match self.score(word) {
            s if s < -10.0 => "n3",
            s if s < -3.0 => "n2",
            s if s < 0.0 => "n1",
            s if s < 3.0 => "p1",
            s if s < 10.0 => "p2",
            _ => "p3",
        }
    }

    fn train(clusters: &WordClusters, epochs: usize) -> NameLikeness {
        let mut examples: Vec<(&str, f32)> = crate::names::arabic_name_words()
            .filter(|(w, c)| *c >= 2 && crate::text::is_arabic(w))
            .map(|(w, _)| (w, 1.0))
            .collect();
        let names: std::collections::HashSet<&str> = examples.iter().map(|(w, _)| *w).collect();
        examples.extend(
            clusters
                .map
                .keys()
                .filter(|w| crate::text::is_arabic(w) && !names.contains(w.as_str()))
                .filter(|w| crate::names::name_word_count(w) == 0)
                .map(|w| (w.as_str(), -1.0)),
        );
        if clusters.is_empty() {
            return NameLikeness::default();
        }
        examples.sort_by(|a, b| a.0.cmp(b.0));
        let mut w: HashMap<u64, f32> = HashMap::new();
        let mut totals: HashMap<u64, (f64, u64)> = HashMap::new();
        let mut clock = 0u64;
        let mut seed = 0x51_7cc1_b727_220au64;
        for _ in 0..epochs {
            shuffle(&mut examples, &mut seed);
            for (word, y) in &examples {
                clock += 1;
                let mut s = 0f32;
                Self::grams(word, |g| s += w.get(&g).copied().unwrap_or(0.0));
                if s * y <= 0.0 {
                    Self::grams(word, |g| {
                        let weight = w.entry(g).or_default();
                        let (total, stamp) = totals.entry(g).or_default();
                        *total += f64::from(*weight) * (clock - *stamp) as f64;
                        *stamp = clock;
                        *weight += y;
                    });
                }
            }
        }
        let clock = clock.max(1);
        let mut weights = HashMap::default();
        for (g, weight) in w {
            let (total, stamp) = totals.get(&g).copied().unwrap_or_default();
            let avg = ((total + f64::from(weight) * (clock - stamp) as f64) / clock as f64) as f32;
            if avg != 0.0 {
                weights.insert(g, avg);
            }
        }
        NameLikeness { weights }
    }
}

/// A deterministic shuffle (xorshift): same data, same model.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for k in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        items.swap(k, (*seed % (k as u64 + 1)) as usize);
    }
}

fn h(tag: &str, value: &str) -> u64 {
    let mut x = 0xcbf2_9ce4_8422_2325u64;
    fnv(&mut x, tag.as_bytes());
    fnv(&mut x, &[0]);
    fnv(&mut x, value.as_bytes());
    x
}

/// [`h`] of `parts` joined by `sep`, without building the string.
fn hj(tag: &str, sep: &str, parts: &[&str]) -> u64 {
    let mut x = 0xcbf2_9ce4_8422_2325u64;
    fnv(&mut x, tag.as_bytes());
    fnv(&mut x, &[0]);
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            fnv(&mut x, sep.as_bytes());
        }
        fnv(&mut x, p.as_bytes());
    }
    x
}

/// The weights' keys are FNV hashes already: hashing them again (SipHash, the
/// default) would only cost time on the ~80 lookups per word.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        fnv(&mut self.0, bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Weights = HashMap<u64, [f32; TAGS], std::hash::BuildHasherDefault<KeyHasher>>;

fn bucket(n: u32) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2..=9 => "2",
        10..=99 => "3",
        _ => "4",
    }
}

fn yes(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// The word as written, without diacritics, tatweel and invisible marks:
/// keeps what normalization folds (`على`/`علي`, `ة`/`ه`, `أ`/`ا`), which tells
/// a preposition from a name.
fn surface(raw: &str) -> String {
    raw.chars()
        .filter(|c| {
            !matches!(c,
                '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
                | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}')
        })
        .collect()
}

/// Per-token facts the features of a token and its neighbours use.
struct Word<'a> {
    norm: &'a str,
    surface: String,
    bare: &'a str,
    lex: u32,
    gaz: bool,
    cluster: [String; 3],
    namelike: &'static str,
    flags: (bool, bool, bool, bool),
}

fn word<'a>(
    ex: &Extractor,
    clusters: &WordClusters,
    namelike: &NameLikeness,
    text: &str,
    t: &'a Tok,
) -> Word<'a> {
    let forms = bare_forms(&t.norm);
    let bare = forms.last().copied().unwrap_or("");
    let lex = forms.iter().map(|b| name_word_count(b)).max().unwrap_or(0);
    let names = &ex.gazetteer().name_words;
    let gaz = forms.iter().any(|b| names.contains_key(*b));
    let cluster = clusters.of(&forms).map_or_else(
        || ["-", "-", "-"].map(String::from),
        |ids| ids.map(|c| c.to_string()),
    );
    Word {
        cluster,
        namelike: if crate::text::is_arabic(bare) {
            namelike.bucket(bare)
        } else {
            "x"
        },
        norm: &t.norm,
        surface: surface(text.get(t.start..t.end).unwrap_or("")),
        bare,
        lex,
        gaz,
        flags: (
            t.is(flag::TITLE),
            t.is(flag::VERB),
            t.is(flag::PATRONYMIC),
            khabar_analysis::is_stopword(&t.norm),
        ),
    }
}

/// Features of every token that do not depend on predicted tags.
fn features(
    ex: &Extractor,
    clusters: &WordClusters,
    namelike: &NameLikeness,
    text: &str,
    toks: &[Tok],
    rules: &[u8],
) -> Vec<Vec<u64>> {
    let words: Vec<Word> = toks
        .iter()
        .map(|t| word(ex, clusters, namelike, text, t))
        .collect();
    let empty = Word {
        norm: "<s>",
        surface: "<s>".to_string(),
        bare: "<s>",
        lex: 0,
        gaz: false,
        cluster: ["<s>", "<s>", "<s>"].map(String::from),
        namelike: "<s>",
        flags: (false, false, false, false),
    };
    let at = |i: usize, k: isize| -> &Word {
        let j = i as isize + k;
        if j < 0 || j as usize >= words.len() {
            &empty
        } else {
            &words[j as usize]
        }
    };
    let rule = |i: usize, k: isize| -> &'static str {
        let j = i as isize + k;
        if j < 0 || j as usize >= rules.len() {
            return "9";
        }
        match rules[j as usize] {
            0 => "0",
            1 => "1",
            _ => "2",
        }
    };
    // Words the rules call a name somewhere in the text (a name is often
    // introduced with a title once, then used bare).
    let named: std::collections::HashSet<&str> = toks
        .iter()
        .zip(rules)
        .filter(|(t, r)| **r != 0 && t.key().chars().nth(1).is_some())
        .map(|(t, _)| t.key())
        .collect();
    let doc_rule = |i: usize| named.contains(toks[i].key());
    (0..toks.len())
        .map(|i| {
            let w0 = at(i, 0);
            let (wm1, wp1, wm2, wp2) = (at(i, -1), at(i, 1), at(i, -2), at(i, 2));
            let chars: Vec<char> = w0.norm.chars().collect();
            let n = chars.len();
            let suffix = |k: usize| chars[n.saturating_sub(k)..].iter().collect::<String>();
            let schars: Vec<char> = w0.surface.chars().collect();
            let sprefix = |k: usize| schars[..k.min(schars.len())].iter().collect::<String>();
            let shape = if crate::text::is_arabic(w0.norm) {
                "ar"
            } else if w0.norm.chars().any(|c| c.is_ascii_digit()) {
                "d"
            } else if w0.norm.chars().any(char::is_alphabetic) {
                "lat"
            } else {
                "x"
            };
            let brk0 = toks[i].brk;
            let brk1 = toks.get(i + 1).is_some_and(|t| t.brk);
            let mut f = vec![
                h("bias", ""),
                h("w", w0.norm),
                h("s", &w0.surface),
                h("bare", w0.bare),
                h("key", toks[i].key()),
                h("s1", &suffix(1)),
                h("s2", &suffix(2)),
                h("s3", &suffix(3)),
                h("s4", &suffix(4)),
                h("p1", &sprefix(1)),
                h("p2", &sprefix(2)),
                h("p3", &sprefix(3)),
                h("w-1", wm1.norm),
                h("w+1", wp1.norm),
                h("w-2", wm2.norm),
                h("w+2", wp2.norm),
                h("s-1", &wm1.surface),
                h("s+1", &wp1.surface),
                h("b-1", wm1.bare),
                h("b+1", wp1.bare),
                hj("w-1w0", "|", &[wm1.norm, w0.norm]),
                hj("w0w+1", "|", &[w0.norm, wp1.norm]),
                hj("w-1w+1", "|", &[wm1.norm, wp1.norm]),
                hj("w-2w-1", "|", &[wm2.norm, wm1.norm]),
                h("shape", shape),
                h("len", bucket(n as u32)),
                h("lex", bucket(w0.lex)),
                h("lex-1", bucket(wm1.lex)),
                h("lex+1", bucket(wp1.lex)),
                h("lex-2", bucket(wm2.lex)),
                h("lex+2", bucket(wp2.lex)),
                hj(
                    "lex-1,0,+1",
                    "",
                    &[bucket(wm1.lex), bucket(w0.lex), bucket(wp1.lex)],
                ),
                h("gaz", yes(w0.gaz)),
                h("gaz-1", yes(wm1.gaz)),
                h("gaz+1", yes(wp1.gaz)),
                h("title", yes(w0.flags.0)),
                h("title-1", yes(wm1.flags.0)),
                h("title-2", yes(wm2.flags.0)),
                h("verb-1", yes(wm1.flags.1)),
                h("verb-2", yes(wm2.flags.1)),
                h("pat", yes(w0.flags.2)),
                h("pat-1", yes(wm1.flags.2)),
                h("pat+1", yes(wp1.flags.2)),
                h("stop", yes(w0.flags.3)),
                h("stop+1", yes(wp1.flags.3)),
                h("stop-1", yes(wm1.flags.3)),
                h("brk", yes(brk0)),
                h("brk+1", yes(brk1)),
                h("rule", rule(i, 0)),
                h("rule-1", rule(i, -1)),
                h("rule+1", rule(i, 1)),
                hj("rule-1,0,+1", "", &[rule(i, -1), rule(i, 0), rule(i, 1)]),
                h("c", &w0.cluster[0]),
                h("cf", &w0.cluster[1]),
                h("cff", &w0.cluster[2]),
                h("c-1", &wm1.cluster[0]),
                h("cf-1", &wm1.cluster[1]),
                h("cff-1", &wm1.cluster[2]),
                h("c+1", &wp1.cluster[0]),
                h("cf+1", &wp1.cluster[1]),
                h("cff+1", &wp1.cluster[2]),
                h("cf-2", &wm2.cluster[1]),
                h("cf+2", &wp2.cluster[1]),
                hj(
                    "c-1c0c+1",
                    "|",
                    &[&wm1.cluster[0], &w0.cluster[0], &wp1.cluster[0]],
                ),
                hj("cflex", "|", &[&w0.cluster[1], bucket(w0.lex)]),
                h("docrule", yes(doc_rule(i))),
                h("docrule+1", yes(i + 1 < toks.len() && doc_rule(i + 1))),
                hj("title-1lex", "", &[yes(wm1.flags.0), bucket(w0.lex)]),
                h("nl", w0.namelike),
                h("nl-1", wm1.namelike),
                h("nl+1", wp1.namelike),
                hj("nl,lex", "|", &[w0.namelike, bucket(w0.lex)]),
            ];
            f.shrink_to_fit();
            f
        })
        .collect()
}

/// The second stage's extra features, from the first stage's labels `prior`:
/// the labels around the word, and how often the first stage called the same
/// word a name, or not, elsewhere in the text.
fn stack_features(toks: &[Tok], prior: &[u8], feats: &mut [Vec<u64>]) {
    let mut counts: HashMap<&str, (u32, u32)> = HashMap::new();
    for (t, l) in toks.iter().zip(prior) {
        let c = counts.entry(t.key()).or_default();
        if *l != 0 {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
    let label = |j: isize| -> &'static str {
        if j < 0 || j as usize >= prior.len() {
            return "9";
        }
        match prior[j as usize] {
            0 => "0",
            1 => "1",
            _ => "2",
        }
    };
    for (i, f) in feats
        .iter_mut()
        .enumerate()
        .take(toks.len().min(prior.len()))
    {
        let (mut named, mut plain) = counts.get(toks[i].key()).copied().unwrap_or_default();
        // Elsewhere: not counting this token itself.
        if prior[i] != 0 {
            named = named.saturating_sub(1);
        } else {
            plain = plain.saturating_sub(1);
        }
        let k = i as isize;
        f.extend([
            h("p", label(k)),
            h("p-1", label(k - 1)),
            h("p+1", label(k + 1)),
            hj("p-1,0,+1", "", &[label(k - 1), label(k), label(k + 1)]),
            h("pnamed", bucket(named)),
            h("pplain", bucket(plain)),
            hj("pnamed,plain", "", &[bucket(named), bucket(plain)]),
        ]);
    }
}

impl Stage {
    fn emissions(&self, feats: &[Vec<u64>]) -> Vec<[f32; TAGS]> {
        feats
            .iter()
            .map(|fs| {
                let mut s = [0f32; TAGS];
                for f in fs {
                    if let Some(w) = self.weights.get(f) {
                        for t in 0..TAGS {
                            s[t] += w[t];
                        }
                    }
                }
                s
            })
            .collect()
    }

    /// Labels of a whole text.
    fn decode(&self, feats: &[Vec<u64>], cut: &[bool]) -> Vec<u8> {
        viterbi(&self.emissions(feats), &self.transitions, cut)
    }

    /// The structured averaged perceptron over `data`. Sequences are cut
    /// where punctuation separates words (a name never spans it): short
    /// sequences give many small updates.
    fn train<'a>(data: impl Iterator<Item = &'a Prepared>, epochs: usize) -> Stage {
        let mut segments: Vec<(Vec<u8>, &[Vec<u64>])> = Vec::new();
        for d in data {
            let mut start = 0;
            for end in 1..=d.gold.len() {
                if end == d.gold.len() || d.cut[end] {
                    let mut gold = d.gold[start..end].to_vec();
                    // A segment starting inside a gold name (tokenization
                    // mismatch) is learned as B.
                    if gold.first() == Some(&2) {
                        gold[0] = 1;
                    }
                    segments.push((gold, &d.feats[start..end]));
                    start = end;
                }
            }
        }
        let mut model = Stage::default();
        // Lazy averaging: per weight, the running sum and when it last changed.
        let mut totals: HashMap<u64, ([f64; TAGS], [u64; TAGS])> = HashMap::new();
        let mut trans_totals = [0f64; TRANSITIONS];
        let mut trans_stamps = [0u64; TRANSITIONS];
        let mut clock = 0u64;
        let mut order: Vec<usize> = (0..segments.len()).collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..epochs {
            shuffle(&mut order, &mut seed);
            for &d in &order {
                let (gold, feats) = &segments[d];
                clock += 1;
                let guess = viterbi(&model.emissions(feats), &model.transitions, &[]);
                if guess == *gold {
                    continue;
                }
                let mut update = |f: u64, t: usize, delta: f32| {
                    let weight = model.weights.entry(f).or_default();
                    let (total, stamp) = totals.entry(f).or_default();
                    total[t] += f64::from(weight[t]) * (clock - stamp[t]) as f64;
                    stamp[t] = clock;
                    weight[t] += delta;
                };
                for i in 0..gold.len() {
                    if gold[i] != guess[i] {
                        for &f in &feats[i] {
                            update(f, gold[i] as usize, 1.0);
                            update(f, guess[i] as usize, -1.0);
                        }
                    }
                }
                let mut trans = |k: usize, delta: f32| {
                    trans_totals[k] +=
                        f64::from(model.transitions[k]) * (clock - trans_stamps[k]) as f64;
                    trans_stamps[k] = clock;
                    model.transitions[k] += delta;
                };
                for i in 0..gold.len() {
                    let (gp, pp) = if i == 0 {
                        (TAGS, TAGS)
                    } else {
                        (gold[i - 1] as usize, guess[i - 1] as usize)
                    };
                    let (g, p) = (gp * TAGS + gold[i] as usize, pp * TAGS + guess[i] as usize);
                    if g != p {
                        trans(g, 1.0);
                        trans(p, -1.0);
                    }
                }
            }
        }
        let clock = clock.max(1);
        let mut weights =
            Weights::with_capacity_and_hasher(model.weights.len(), Default::default());
        for (f, weight) in model.weights {
            let (total, stamp) = totals.get(&f).copied().unwrap_or_default();
            let mut avg = [0f32; TAGS];
            for t in 0..TAGS {
                let sum = total[t] + f64::from(weight[t]) * (clock - stamp[t]) as f64;
                avg[t] = (sum / clock as f64) as f32;
            }
            if avg.iter().any(|x| *x != 0.0) {
                weights.insert(f, avg);
            }
        }
        let mut transitions = [0f32; TRANSITIONS];
        for k in 0..TRANSITIONS {
            let sum = trans_totals[k]
                + f64::from(model.transitions[k]) * (clock - trans_stamps[k]) as f64;
            transitions[k] = (sum / clock as f64) as f32;
        }
        Stage {
            weights,
            transitions,
        }
    }
}

/// The best label sequence (0 O, 1 B, 2 I; I never follows O or starts).
/// `cut[i]`: punctuation before token `i`, which a name never spans.
fn viterbi(emissions: &[[f32; TAGS]], transitions: &[f32; TRANSITIONS], cut: &[bool]) -> Vec<u8> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    const FORBIDDEN: f32 = f32::NEG_INFINITY;
    let allowed = |prev: usize, t: usize| !(t == 2 && (prev == 0 || prev == TAGS));
    let mut best = vec![[FORBIDDEN; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for t in 0..TAGS {
        if allowed(TAGS, t) {
            best[0][t] = emissions[0][t] + transitions[TAGS * TAGS + t];
        }
    }
    for i in 1..n {
        for t in 0..TAGS {
            if t == 2 && cut.get(i).copied().unwrap_or(false) {
                continue;
            }
            let mut top = FORBIDDEN;
            let mut arg = 0u8;
            for p in 0..TAGS {
                if !allowed(p, t) || best[i - 1][p] == FORBIDDEN {
                    continue;
                }
                let s = best[i - 1][p] + transitions[p * TAGS + t];
                if s > top {
                    top = s;
                    arg = p as u8;
                }
            }
            if top > FORBIDDEN {
                best[i][t] = top + emissions[i][t];
                back[i][t] = arg;
            }
        }
    }
    let mut last = 0u8;
    for t in 1..TAGS {
        if best[n - 1][t] > best[n - 1][last as usize] {
            last = t as u8;
        }
    }
    let mut out = vec![0u8; n];
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
    out
}

/// A text's tokens, their rule labels and punctuation cuts.
struct Analyzed<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    rules: Vec<u8>,
    cut: Vec<bool>,
}

impl Tagger {
    /// Trains on texts; `extractor` gives the gazetteer and rule features.
    pub fn train(
        extractor: &Extractor,
        texts: &[TrainingText],
        epochs: usize,
        clusters: Arc<WordClusters>,
    ) -> Tagger {
        let analyzed: Vec<(Analyzed, Vec<u8>)> = texts
            .iter()
            .map(|t| {
                let text = bounded(&t.text);
                let toks = tokenize_with_chars(text);
                let gold = gold_labels(&toks, &t.spans);
                let rules = labels(&toks, &extractor.spans(text, &toks));
                let cut = toks.iter().map(|t| t.brk).collect();
                (
                    Analyzed {
                        text,
                        toks,
                        rules,
                        cut,
                    },
                    gold,
                )
            })
            .collect();
        let namelike = Arc::new(NameLikeness::train(&clusters, 5));
        let mut data: Vec<Prepared> = analyzed
            .iter()
            .map(|(a, gold)| Prepared {
                gold: gold.clone(),
                feats: features(extractor, &clusters, &namelike, a.text, &a.toks, &a.rules),
                cut: a.cut.clone(),
            })
            .collect();
        let first = Stage::train(data.iter(), epochs);
        // The second stage learns from first-stage labels of texts the first
        // stage never saw, as it will meet them on new text.
        let n = data.len();
        let mut priors: Vec<Vec<u8>> = vec![Vec::new(); n];
        if n >= JACKKNIFE {
            for part in 0..JACKKNIFE {
                let (a, b) = (part * n / JACKKNIFE, (part + 1) * n / JACKKNIFE);
                let held = Stage::train(data[..a].iter().chain(&data[b..]), epochs);
                for k in a..b {
                    priors[k] = held.decode(&data[k].feats, &data[k].cut);
                }
            }
        } else {
            for (k, d) in data.iter().enumerate() {
                priors[k] = first.decode(&d.feats, &d.cut);
            }
        }
        for ((d, (a, _)), prior) in data.iter_mut().zip(&analyzed).zip(&priors) {
            stack_features(&a.toks, prior, &mut d.feats);
        }
        let second = Stage::train(data.iter(), epochs);
        Tagger {
            first,
            second: Some(second),
            clusters,
            namelike,
        }
    }

    /// Name spans (start token, length) of `toks`, tokens of `text`.
    pub(crate) fn tag(
        &self,
        extractor: &Extractor,
        text: &str,
        toks: &[Tok],
        rules: &[u8],
    ) -> Vec<(usize, usize)> {
        let cut: Vec<bool> = toks.iter().map(|t| t.brk).collect();
        let mut feats = features(extractor, &self.clusters, &self.namelike, text, toks, rules);
        let mut labels = self.first.decode(&feats, &cut);
        if let Some(second) = &self.second {
            stack_features(toks, &labels, &mut feats);
            labels = second.decode(&feats, &cut);
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (i, t) in labels.into_iter().enumerate() {
            match t {
                1 => out.push((i, 1)),
                2 => {
                    if let Some(last) = out.last_mut() {
                        last.1 += 1;
                    }
                }
                _ => {}
            }
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

/// Why a tagger model file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model, or one written for other features.
    #[error("not a tagger model of this khabar (train it again with `khabar persons train`)")]
    Format,
    /// Cut short or inconsistent.
    #[error("corrupt tagger model: {0}")]
    Corrupt(&'static str),
    /// Over [`MAX_MODEL_BYTES`].
    #[error("tagger model larger than {} MB", MAX_MODEL_BYTES >> 20)]
    TooLarge,
}

/// Names the feature set: any change to [`features`] changes it, so a model
/// trained for other features is refused rather than silently wrong.
const MODEL_MAGIC: &[u8; 8] = b"KHTAG\x01\x00\x03";
/// Largest model file read.
pub const MAX_MODEL_BYTES: usize = 512 << 20;

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        if self.bytes.len() < n {
            return Err(ModelError::Corrupt("cut short"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes(
            b.try_into().map_err(|_| ModelError::Corrupt("cut short"))?,
        ))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        let b = self.take(4)?;
        let v = f32::from_le_bytes(b.try_into().map_err(|_| ModelError::Corrupt("cut short"))?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(ModelError::Corrupt("weight not a finite number"))
        }
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes(
            b.try_into().map_err(|_| ModelError::Corrupt("cut short"))?,
        ))
    }
    /// A count of records of `size` bytes each, checked against what is left.
    fn count(&mut self, size: usize) -> Result<usize, ModelError> {
        let n = usize::try_from(self.u64()?).map_err(|_| ModelError::Corrupt("bad count"))?;
        if n.checked_mul(size).is_none_or(|b| b > self.bytes.len()) {
            return Err(ModelError::Corrupt("count larger than the file"));
        }
        Ok(n)
    }
}

impl Tagger {
    /// The model as bytes (word clusters, then each stage's transitions and
    /// weights), the same for the same model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.len() * 20);
        out.extend_from_slice(MODEL_MAGIC);
        let mut clusters: Vec<(&String, &[u16; 3])> = self.clusters.map.iter().collect();
        clusters.sort();
        out.extend_from_slice(&(clusters.len() as u64).to_le_bytes());
        for (word, ids) in clusters {
            let word = &word.as_bytes()[..word.len().min(u16::MAX as usize)];
            out.extend_from_slice(&(word.len() as u16).to_le_bytes());
            out.extend_from_slice(word);
            for id in ids {
                out.extend_from_slice(&id.to_le_bytes());
            }
        }
        let mut grams: Vec<(&u64, &f32)> = self.namelike.weights.iter().collect();
        grams.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(grams.len() as u64).to_le_bytes());
        for (k, w) in grams {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        self.first.write(&mut out);
        match &self.second {
            Some(stage) => {
                out.push(1);
                stage.write(&mut out);
            }
            None => out.push(0),
        }
        out
    }

    /// Reads a model written by [`Tagger::to_bytes`]; anything else is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        if bytes.len() > MAX_MODEL_BYTES {
            return Err(ModelError::TooLarge);
        }
        let mut r = Reader { bytes };
        if r.take(MODEL_MAGIC.len()).map_err(|_| ModelError::Format)? != MODEL_MAGIC {
            return Err(ModelError::Format);
        }
        let n = r.count(2 + 6)?;
        let mut map = HashMap::with_capacity(n);
        for _ in 0..n {
            let len = usize::from(r.u16()?);
            let word = std::str::from_utf8(r.take(len)?)
                .map_err(|_| ModelError::Corrupt("cluster word not UTF-8"))?
                .to_string();
            map.insert(word, [r.u16()?, r.u16()?, r.u16()?]);
        }
        let n = r.count(8 + 4)?;
        let mut grams = HashMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = r.u64()?;
            grams.insert(k, r.f32()?);
        }
        let first = Stage::read(&mut r)?;
        let second = match r.take(1)?[0] {
            0 => None,
            1 => Some(Stage::read(&mut r)?),
            _ => return Err(ModelError::Corrupt("bad stage flag")),
        };
        if !r.bytes.is_empty() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(Tagger {
            first,
            second,
            clusters: Arc::new(WordClusters { map }),
            namelike: Arc::new(NameLikeness { weights: grams }),
        })
    }

    /// A hash of the model: an index built with another model holds other
    /// person ids.
    pub fn fingerprint(&self) -> u64 {
        let mut x = 0xcbf2_9ce4_8422_2325u64;
        fnv(&mut x, &self.to_bytes());
        x
    }

    /// How many weighted features the model has (both stages).
    pub fn len(&self) -> usize {
        self.first.weights.len() + self.second.as_ref().map_or(0, |s| s.weights.len())
    }

    /// Whether the model has no weights (never trained).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Stage {
    fn write(&self, out: &mut Vec<u8>) {
        for t in self.transitions {
            out.extend_from_slice(&t.to_le_bytes());
        }
        let mut weights: Vec<(&u64, &[f32; TAGS])> = self.weights.iter().collect();
        weights.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(weights.len() as u64).to_le_bytes());
        for (k, w) in weights {
            out.extend_from_slice(&k.to_le_bytes());
            for x in w {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }

    fn read(r: &mut Reader) -> Result<Stage, ModelError> {
        let mut transitions = [0f32; TRANSITIONS];
        for t in &mut transitions {
            *t = r.f32()?;
        }
        let n = r.count(8 + 4 * TAGS)?;
        let mut weights = Weights::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = r.u64()?;
            let mut w = [0f32; TAGS];
            for x in &mut w {
                *x = r.f32()?;
            }
            weights.insert(k, w);
        }
        Ok(Stage {
            weights,
            transitions,
        })
    }
}

/// Training texts from an IOB file: one `word TAG` per line (space or tab),
/// `B-PERS`/`I-PERS` (or `B-PER`/`I-PER`) for person words, any other tag
/// for the rest; a sentence ends at a blank line or a `.` word. Sentences are
/// joined ten at a time so surname linking has context. Lines without a tag
/// are skipped.
pub fn parse_iob(text: &str) -> Vec<TrainingText> {
    let mut sentences: Vec<Vec<(String, u8)>> = Vec::new();
    let mut cur: Vec<(String, u8)> = Vec::new();
    for line in text.lines() {
        let line = line.trim_start_matches('\u{feff}').trim();
        let Some((word, tag)) = line.rsplit_once([' ', '\t']) else {
            if line.is_empty() && !cur.is_empty() {
                sentences.push(std::mem::take(&mut cur));
            }
            continue;
        };
        // Bidi marks sit inside some words (مبارك + U+200F): not part of a name.
        let word: String = word
            .trim()
            .chars()
            .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}'))
            .collect();
        if word.is_empty() {
            continue;
        }
        let label = match tag.trim() {
            "B-PERS" | "B-PER" => 1,
            "I-PERS" | "I-PER" => 2,
            _ => 0,
        };
        let end = word == ".";
        cur.push((word, label));
        if end {
            sentences.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        sentences.push(cur);
    }
    sentences.chunks(10).map(training_text).collect()
}

/// Joins labelled sentences into one text with its gold char spans.
pub fn training_text(sentences: &[Vec<(String, u8)>]) -> TrainingText {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for s in sentences {
        for (w, label) in s {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push(' ');
                chars += 1;
            }
            let n = w.chars().count();
            match label {
                1 => spans.push((chars, chars + n)),
                2 => {
                    if let Some(last) = spans.last_mut() {
                        last.1 = chars + n;
                    }
                }
                _ => {}
            }
            text.push_str(w);
            chars += n;
        }
        text.push('\n');
        chars += 1;
    }
    TrainingText { text, spans }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Extractor, Gazetteer, MentionKind};

    /// Sentences in one context the rules do not know (التقى … في العاصمة),
    /// each with a different real name.
    fn corpus() -> String {
        let names = [
            "فيصل المقداد",
            "نبيه بري",
            "سعد الحريري",
            "نجيب ميقاتي",
            "وليد جنبلاط",
            "سمير جعجع",
            "ميشال عون",
            "جبران باسيل",
            "تمام سلام",
            "فؤاد السنيورة",
            "عمرو موسى",
            "أحمد أبو الغيط",
            "نبيل العربي",
            "سامح شكري",
            "أيمن الصفدي",
            "ناصر جودة",
        ];
        let mut out = String::new();
        for (n, name) in names.iter().enumerate() {
            let verb = if n % 2 == 0 {
                "التقى"
            } else {
                "واستقبل"
            };
            out.push_str(&format!("{verb} O\n"));
            for (k, w) in name.split(' ').enumerate() {
                out.push_str(&format!(
                    "{w} {}\n",
                    if k == 0 { "B-PERS" } else { "I-PERS" }
                ));
            }
            out.push_str("وفدا O\nمن O\nالبرلمان B-ORG\nفي O\nالعاصمة O\nأمس O\n. O\n");
        }
        out
    }

    #[test]
    fn iob_lines_become_texts_with_name_spans() {
        let texts = parse_iob(
            "\u{feff}قال O\nسيرغي B-PERS\nلافروف I-PERS\nإن O\n. O\n\nوأكد O\nمبارك\u{200f} B-PER\n",
        );
        assert_eq!(texts.len(), 1);
        let t = &texts[0];
        let chars: Vec<char> = t.text.chars().collect();
        let names: Vec<String> = t
            .spans
            .iter()
            .map(|&(a, b)| chars[a..b].iter().collect())
            .collect();
        assert_eq!(names, ["سيرغي لافروف", "مبارك"]);
    }

    #[test]
    fn tagger_learns_a_context_the_rules_miss() {
        let texts = parse_iob(&corpus());
        let rules = Extractor::new(Gazetteer::default());
        let tagger = Tagger::train(&rules, &texts, 10, Arc::default());
        let text = "التقى كمال خرازي وفدا من البرلمان في العاصمة أمس .";
        assert!(
            rules.extract(text).iter().all(|m| m.text != "كمال خرازي"),
            "the rules alone should not know this context"
        );
        let with = rules.clone().with_tagger(tagger);
        let found: Vec<_> = with.extract(text);
        assert!(
            found
                .iter()
                .any(|m| m.text == "كمال خرازي" && m.kind == MentionKind::Tagger && m.start == 6),
            "{found:?}"
        );
        assert_ne!(with.fingerprint(), rules.fingerprint());
    }

    #[test]
    fn model_bytes_round_trip_and_reject_damage() {
        let texts = parse_iob(&corpus());
        let clusters = Arc::new(WordClusters::parse(
            "التقى\t1\t2\t3\nالعاصمة\t4\t5\t6\nbad line\n",
        ));
        assert_eq!(clusters.len(), 2);
        let tagger = Tagger::train(&Extractor::default(), &texts, 5, clusters);
        let bytes = tagger.to_bytes();
        let back = Tagger::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.fingerprint(), tagger.fingerprint());
        // Every truncation, a wrong magic, trailing bytes, a NaN weight: errors, no panic.
        for cut in 0..bytes.len() {
            assert!(Tagger::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut wrong = bytes.clone();
        wrong[5] ^= 0xff;
        assert!(matches!(
            Tagger::from_bytes(&wrong),
            Err(ModelError::Format)
        ));
        let mut long = bytes.clone();
        long.push(0);
        assert!(Tagger::from_bytes(&long).is_err());
        // A NaN weight (first transition of a model without clusters, so
        // without a name-likeness model either: two zero counts first).
        let plain = Tagger::train(&Extractor::default(), &texts, 2, Arc::default()).to_bytes();
        let at = MODEL_MAGIC.len() + 16;
        let mut nan = plain.clone();
        nan[at..at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(Tagger::from_bytes(&plain).is_ok());
        assert!(Tagger::from_bytes(&nan).is_err());
        // A huge count is refused before any allocation.
        let mut huge = MODEL_MAGIC.to_vec();
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(Tagger::from_bytes(&huge).is_err());
        assert!(tagger.second.is_some(), "two stages");
    }

    #[test]
    fn name_likeness_tells_names_from_words_by_their_letters() {
        // Negatives: ordinary words, as a cluster vocabulary would hold them.
        let words = "الحكومه الاقتصاد يستطيع المدينه مؤتمر الوزراء المفاوضات الانتخابات \
                     المتحده العسكريه الاجتماع الخارجيه الدوليه الشركات الاسعار";
        let tsv: String = words
            .split_whitespace()
            .enumerate()
            .map(|(k, w)| format!("{w}\t{k}\t{k}\n"))
            .collect();
        let nl = NameLikeness::train(&WordClusters::parse(&tsv), 5);
        // Names that are in no list: foreign spellings.
        for name in ["كالديرون", "بيليغريني", "جوتشولك"] {
            assert!(nl.score(name) > nl.score("الحكومات"), "{name}");
        }
        assert_eq!(NameLikeness::default().bucket("لافروف"), "-");
    }

    #[test]
    fn viterbi_never_starts_or_continues_a_name_with_i() {
        // Emissions that prefer I everywhere.
        let em = vec![[0.0, 0.0, 5.0]; 4];
        let labels = viterbi(&em, &[0.0; TRANSITIONS], &[false, false, true, false]);
        assert_eq!(labels[0], 1, "{labels:?}");
        assert_eq!(labels[2], 1, "a break before token 2: {labels:?}");
        assert!(labels.windows(2).all(|w| !(w[0] == 0 && w[1] == 2)));
    }
}
