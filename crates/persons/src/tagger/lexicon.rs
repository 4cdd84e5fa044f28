//! What the tagger knows of words beyond its training data: clusters learned
//! from unlabelled news ([`WordClusters`]), how often unlabelled news names
//! someone with a word ([`NameCounts`]), and how much a word's letters look
//! like a name ([`NameLikeness`]).

use std::collections::HashMap;
use std::sync::Arc;

use super::{KeyHasher, shuffle};
use crate::extract::{Extractor, labels};
use crate::gazetteer::fnv;
use crate::text::{bounded, tokenize_with_chars};

/// All the tagger knows of words beyond its training data, shared by its
/// stages.
#[derive(Clone, Default)]
pub(super) struct Lexicon {
    pub(super) clusters: Arc<WordClusters>,
    pub(super) namelike: Arc<NameLikeness>,
    pub(super) names: Arc<NameCounts>,
}

/// Word clusters learned from unlabelled news (see the `word_clusters`
/// example): words used in the same contexts share a cluster, so a name the
/// training data never showed still looks like one.
#[derive(Clone, Default, Debug)]
pub struct WordClusters {
    pub(super) map: HashMap<String, [u16; 3]>,
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
    pub(super) fn of(&self, forms: &[&str]) -> Option<[u16; 3]> {
        forms.iter().find_map(|f| self.map.get(*f).copied())
    }
}

/// Counts per word: begins a name, continues one, stands right before one,
/// right after one, occurs at all.
pub(super) const NAME_COUNTS: usize = 5;

/// Most distinct words counted (news beyond them still counts for the words
/// already met): bounds memory on any input (ANT's 41,686 articles have
/// about 220,000).
pub const MAX_COUNTED_WORDS: usize = 2_000_000;

/// Words seen fewer times than this in unlabelled news keep no counts: their
/// shares say little (and the model stays small).
const MIN_NAME_COUNT_TOTAL: u32 = 5;

/// How often unlabelled news names someone with each word, as an extractor
/// reads it: per word as written (clitics and all), the times it begins a
/// name, continues one, stands right before one (`السيناتور`, `الكيني`) or
/// right after one, and occurs at all. Counted with the rules and
/// gazetteer, then again with a first tagger (self-training: see
/// [`Tagger::train_on_news`](super::Tagger::train_on_news)), so a name the
/// training data never showed, but the news often writes after a title or
/// with a first name, reads as one wherever it stands (`استبق سبيكتر`).
#[derive(Clone, Default, Debug)]
pub struct NameCounts {
    pub(super) map: HashMap<String, [u32; NAME_COUNTS]>,
}

impl NameCounts {
    /// Adds the words of `text` (bounded to [`crate::MAX_TEXT_BYTES`]) as
    /// `extractor` reads them: its rules, gazetteer and tagger if it has one.
    pub fn add_text(&mut self, extractor: &Extractor, text: &str) {
        let text = bounded(text);
        let toks = tokenize_with_chars(text);
        let found = labels(&toks, &extractor.spans(text, &toks));
        for (i, t) in toks.iter().enumerate() {
            if !crate::text::is_arabic(&t.norm) {
                continue;
            }
            let label = found[i];
            let next = found.get(i + 1).copied().unwrap_or(0);
            let prev = if i > 0 { found[i - 1] } else { 0 };
            if !self.map.contains_key(t.norm.as_str()) {
                if self.map.len() >= MAX_COUNTED_WORDS {
                    continue;
                }
                self.map.insert(t.norm.clone(), [0; NAME_COUNTS]);
            }
            let Some(c) = self.map.get_mut(t.norm.as_str()) else {
                continue;
            };
            let facts = [
                label == 1,
                label == 2,
                label == 0 && next == 1,
                label == 0 && prev != 0,
                true,
            ];
            for (n, fact) in c.iter_mut().zip(facts) {
                *n = n.saturating_add(u32::from(fact));
            }
        }
    }

    /// Drops the words seen too seldom to count.
    pub(super) fn prune(&mut self) {
        self.map
            .retain(|_, c| c[NAME_COUNTS - 1] >= MIN_NAME_COUNT_TOTAL);
        self.map.shrink_to_fit();
    }

    /// How many words have counts.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no word has counts.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Buckets of the share of a word's occurrences (or, failing that, of
    /// its clitic-free forms') inside a name, beginning one, continuing one,
    /// right before one and right after one ("-": not counted).
    pub(super) fn buckets(&self, forms: &[&str]) -> [&'static str; NAME_COUNTS] {
        let Some([begins, continues, before, after, total]) =
            forms.iter().find_map(|f| self.map.get(*f).copied())
        else {
            return ["-"; NAME_COUNTS];
        };
        [
            begins.saturating_add(continues),
            begins,
            continues,
            before,
            after,
        ]
        .map(|n| share_bucket(n, total))
    }
}

/// A feature value for `n` of `total`: none, under 2%, 10%, 30%, 60%, more.
fn share_bucket(n: u32, total: u32) -> &'static str {
    let share = f64::from(n) / f64::from(total.max(1));
    match share {
        0.0 => "0",
        s if s < 0.02 => "1",
        s if s < 0.1 => "2",
        s if s < 0.3 => "3",
        s if s < 0.6 => "4",
        _ => "5",
    }
}

/// How much a word looks like a name, from its letters alone: an averaged
/// perceptron over character n-grams, trained on the Wikidata name words
/// (names) against the cluster vocabulary's other words (mostly not names).
/// It scores spellings no list has seen (`ايريزوز`, `جوتشولك`).
#[derive(Clone, Default)]
pub(super) struct NameLikeness {
    pub(super) weights: HashMap<u64, f32, std::hash::BuildHasherDefault<KeyHasher>>,
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

    pub(super) fn score(&self, word: &str) -> f32 {
        let mut s = 0f32;
        Self::grams(word, |g| s += self.weights.get(&g).copied().unwrap_or(0.0));
        s
    }

    /// A bucket of [`NameLikeness::score`] for a feature ("-": no model).
    pub(super) fn bucket(&self, word: &str) -> &'static str {
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

    pub(super) fn train(clusters: &WordClusters, epochs: usize) -> NameLikeness {
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
