//! What the tagger knows of words beyond its training data: clusters learned
//! from unlabelled news ([`WordClusters`]) and how much a word's letters look
//! like a name ([`NameLikeness`]).

use std::collections::HashMap;

use super::{KeyHasher, shuffle};
use crate::gazetteer::fnv;

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
