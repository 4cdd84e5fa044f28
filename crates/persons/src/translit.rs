//! Latin → Arabic spelling of name words the Wikidata table does not hold
//! (`Haftar` → `حفتر`, `Sarraj` → `سراج`), learned from the table itself.
//!
//! The model is a joint-sequence model: a Latin word and its Arabic spelling
//! are cut into aligned pairs of chunks, 1–3 Latin letters with 0–2 Arabic
//! letters (`sh`/`ش`, `a`/`ا`, `a`/``, `ou`/`و`), each marked by where it
//! stands in the word (a final `a` is often `ة`, an initial one `ع` or `ا`).
//! [`train`] learns the chunk pairs' probabilities with EM over every
//! alignment of each Wikidata pair; [`Transliterator::candidates`] scores the
//! spellings of a new word by summing over its segmentations.
//!
//! The learned table (`data/translit.tsv`) is derived by the `translit_train`
//! example, so no start-up pays for training. Candidates are guesses: the
//! caller keeps those its corpus has seen (see [`crate::Extractor::resolve_in`]).

use std::collections::HashMap;
use std::sync::LazyLock;

/// Longest Latin chunk, in letters.
const MAX_LATIN: usize = 2;
/// Longest Arabic chunk, in letters.
const MAX_ARABIC: usize = 2;
/// Longest Latin word considered (longer ones are not names).
pub const MAX_WORD_LETTERS: usize = 24;
/// Spellings kept at each Latin position while decoding.
const BEAM: usize = 64;

/// Where a chunk stands: bit 0 set when it starts the word, bit 1 when it
/// ends it.
fn place(start: usize, end: usize, len: usize) -> u8 {
    u8::from(start == 0) | (u8::from(end == len) << 1)
}

/// A chunk pair: where the Latin chunk stands, the Latin chunk, the Arabic one.
type ChunkPair = (u8, String, String);
/// Chunk pair → probability (joint, summing to 1 over all pairs).
type Params = HashMap<ChunkPair, f64>;

/// A trained transliteration model.
#[derive(Debug, Default, Clone)]
pub struct Transliterator {
    /// (place, Latin chunk) → Arabic chunks with their joint probability.
    chunks: HashMap<(u8, String), Vec<(String, f64)>>,
}

/// The Latin letters of a word, lowercase ASCII (other characters dropped),
/// a doubled consonant written once: Arabic writes it once too (`Sarraj`,
/// `سراج`), so the model need not learn it.
fn latin_letters(word: &str) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(word.len());
    for b in word.bytes().filter(u8::is_ascii_alphabetic) {
        let b = b.to_ascii_lowercase();
        if out.last() == Some(&b) && !matches!(b, b'a' | b'e' | b'i' | b'o' | b'u') {
            continue;
        }
        out.push(b);
    }
    out
}

fn chunk(latin: &[u8]) -> String {
    latin.iter().map(|&b| b as char).collect()
}

/// Calls `f(from_i, from_j, to_i, to_j, key)` for every chunk pair that can
/// align `latin[i0..i1]` with `arabic[j0..j1]`.
fn edges(
    latin: &[u8],
    arabic: &[char],
    mut f: impl FnMut(usize, usize, usize, usize, (u8, String, String)),
) {
    let n = latin.len();
    for i in 0..n {
        for dl in 1..=MAX_LATIN.min(n - i) {
            let l = chunk(&latin[i..i + dl]);
            let p = place(i, i + dl, n);
            for j in 0..=arabic.len() {
                for da in 0..=MAX_ARABIC.min(arabic.len() - j) {
                    let a: String = arabic[j..j + da].iter().collect();
                    f(i, j, i + dl, j + da, (p, l.clone(), a));
                }
            }
        }
    }
}

impl Transliterator {
    /// Learns a model from `(latin, arabic, weight)` pairs with `iterations`
    /// rounds of EM (the Arabic normalized by `khabar_analysis::normalize`;
    /// pairs with a word over [`MAX_WORD_LETTERS`] letters are skipped).
    pub fn train(pairs: &[(String, String, f64)], iterations: usize) -> Transliterator {
        let data: Vec<(Vec<u8>, Vec<char>, f64)> = pairs
            .iter()
            .map(|(l, a, w)| (latin_letters(l), a.chars().collect::<Vec<char>>(), *w))
            .filter(|(l, a, _)| {
                !l.is_empty()
                    && !a.is_empty()
                    && l.len() <= MAX_WORD_LETTERS
                    && a.len() <= MAX_WORD_LETTERS
            })
            .collect();
        // Start uniform over the pairs that occur at all.
        let mut params: Params = HashMap::new();
        for (l, a, _) in &data {
            edges(l, a, |_, _, _, _, key| {
                params.insert(key, 1.0);
            });
        }
        for _ in 0..iterations {
            let mut counts: Params = HashMap::with_capacity(params.len());
            for (l, a, w) in &data {
                let (n, m) = (l.len(), a.len());
                let at = |i: usize, j: usize| i * (m + 1) + j;
                let mut alpha = vec![0.0f64; (n + 1) * (m + 1)];
                let mut beta = vec![0.0f64; (n + 1) * (m + 1)];
                let mut list: Vec<(usize, usize, f64, ChunkPair)> = Vec::new();
                edges(l, a, |i0, j0, i1, j1, key| {
                    let p = params.get(&key).copied().unwrap_or(0.0);
                    if p > 0.0 {
                        list.push((at(i0, j0), at(i1, j1), p, key));
                    }
                });
                // Edges run from lower to higher node numbers in both orders.
                alpha[0] = 1.0;
                list.sort_by_key(|e| e.0);
                for e in &list {
                    alpha[e.1] += alpha[e.0] * e.2;
                }
                beta[at(n, m)] = 1.0;
                for e in list.iter().rev() {
                    beta[e.0] += e.2 * beta[e.1];
                }
                let z = alpha[at(n, m)];
                if !(z > 0.0 && z.is_finite()) {
                    continue;
                }
                for (from, to, p, key) in list {
                    let c = alpha[from] * p * beta[to] / z * w;
                    if c > 1e-9 {
                        *counts.entry(key).or_default() += c;
                    }
                }
            }
            let total: f64 = counts.values().sum();
            if total <= 0.0 {
                break;
            }
            params = counts
                .into_iter()
                .filter(|(_, c)| *c >= 1e-3)
                .map(|(k, c)| (k, c / total))
                .collect();
        }
        Transliterator::from_params(params.into_iter().filter(|(_, p)| *p >= 1e-7))
    }

    /// The model learned from the Wikidata name table, built into the
    /// binary (`data/translit.tsv`).
    pub fn builtin() -> &'static Transliterator {
        &MODEL
    }

    fn from_params(params: impl Iterator<Item = ((u8, String, String), f64)>) -> Transliterator {
        let mut chunks: HashMap<(u8, String), Vec<(String, f64)>> = HashMap::new();
        for ((p, l, a), prob) in params {
            chunks.entry((p, l)).or_default().push((a, prob));
        }
        for v in chunks.values_mut() {
            v.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        }
        Transliterator { chunks }
    }

    /// The model as text lines `place TAB latin TAB arabic TAB probability`,
    /// sorted (the format of `data/translit.tsv`).
    pub fn to_tsv(&self) -> String {
        let mut rows: Vec<(u8, &str, &str, f64)> = self
            .chunks
            .iter()
            .flat_map(|((p, l), v)| {
                v.iter()
                    .map(move |(a, prob)| (*p, l.as_str(), a.as_str(), *prob))
            })
            .collect();
        rows.sort_by(|x, y| (x.0, x.1, x.2).cmp(&(y.0, y.1, y.2)));
        let mut out = String::new();
        for (p, l, a, prob) in rows {
            out.push_str(&format!("{p}\t{l}\t{a}\t{prob:.6e}\n"));
        }
        out
    }

    /// Reads [`Transliterator::to_tsv`] output; malformed lines are skipped
    /// (the table is built into the binary).
    pub fn from_tsv(text: &str) -> Transliterator {
        let rows = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|line| {
                let mut parts = line.split('\t');
                let p: u8 = parts.next()?.parse().ok()?;
                let l = parts.next()?.to_string();
                let a = parts.next()?.to_string();
                let prob: f64 = parts.next()?.parse().ok()?;
                (prob.is_finite() && prob > 0.0).then_some(((p, l, a), prob))
            });
        Transliterator::from_params(rows)
    }

    /// Whether the model has any chunk pair.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// Up to `n` Arabic spellings of one Latin word, most probable first, with
    /// their share of the probability of the `n` (so scores are comparable
    /// across words). Empty for a word without letters or longer than
    /// [`MAX_WORD_LETTERS`].
    pub fn candidates(&self, word: &str, n: usize) -> Vec<(String, f64)> {
        let latin = latin_letters(word);
        let len = latin.len();
        if len == 0 || len > MAX_WORD_LETTERS {
            return Vec::new();
        }
        // states[i]: spellings of latin[..i] with their summed probability.
        let mut states: Vec<HashMap<String, f64>> = vec![HashMap::new(); len + 1];
        states[0].insert(String::new(), 1.0);
        for i in 0..len {
            let mut here: Vec<(String, f64)> = std::mem::take(&mut states[i]).into_iter().collect();
            here.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            here.truncate(BEAM);
            for dl in 1..=MAX_LATIN.min(len - i) {
                let key = (place(i, i + dl, len), chunk(&latin[i..i + dl]));
                let Some(outs) = self.chunks.get(&key) else {
                    continue;
                };
                for (prefix, p) in &here {
                    for (a, q) in outs {
                        let mut s = String::with_capacity(prefix.len() + a.len());
                        s.push_str(prefix);
                        s.push_str(a);
                        *states[i + dl].entry(s).or_default() += p * q;
                    }
                }
            }
        }
        let mut out: Vec<(String, f64)> = std::mem::take(&mut states[len])
            .into_iter()
            .filter(|(s, _)| !s.is_empty())
            .collect();
        out.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        out.truncate(n);
        let total: f64 = out.iter().map(|x| x.1).sum();
        if total > 0.0 {
            for x in &mut out {
                x.1 /= total;
            }
        }
        out
    }
}

static MODEL: LazyLock<Transliterator> =
    LazyLock::new(|| Transliterator::from_tsv(include_str!("../data/translit.tsv")));

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String, f64)> {
        list.iter()
            .map(|(l, a)| (l.to_string(), khabar_analysis::normalize(a), 1.0))
            .collect()
    }

    #[test]
    fn em_learns_the_training_pairs() {
        let data = pairs(&[
            ("shams", "شمس"),
            ("shadi", "شادي"),
            ("rashid", "راشد"),
            ("hisham", "هشام"),
            ("khalid", "خالد"),
            ("khalil", "خليل"),
            ("salim", "سليم"),
            ("sami", "سامي"),
            ("hamid", "حامد"),
            ("karim", "كريم"),
            ("dalia", "داليا"),
            ("mahdi", "مهدي"),
            ("samir", "سمير"),
            ("lina", "لينا"),
            ("nadim", "نديم"),
            ("rami", "رامي"),
        ]);
        let model = Transliterator::train(&data, 8);
        // Every training word is spelled back among the first three.
        for (latin, arabic, _) in &data {
            let top = model.candidates(latin, 3);
            assert!(top.iter().any(|x| &x.0 == arabic), "{latin}: {top:?}");
        }
        let round = Transliterator::from_tsv(&model.to_tsv());
        let spellings = |m: &Transliterator| -> Vec<String> {
            m.candidates("khalid", 3).into_iter().map(|x| x.0).collect()
        };
        assert_eq!(spellings(&round), spellings(&model));
        assert!(model.candidates("", 3).is_empty());
        assert!(
            model
                .candidates(&"a".repeat(MAX_WORD_LETTERS + 1), 3)
                .is_empty()
        );
    }

    #[test]
    fn shipped_model_spells_names_the_table_lacks() {
        // None of these is in the Wikidata table; each spelling is the one
        // Arabic news uses.
        for (latin, arabic) in [
            ("haftar", "حفتر"),
            ("sarraj", "سراج"),
            ("ghannouchi", "غنوشي"),
        ] {
            let top: Vec<String> = Transliterator::builtin()
                .candidates(latin, 30)
                .into_iter()
                .map(|x| x.0)
                .collect();
            assert!(top.iter().any(|s| s == arabic), "{latin}: {top:?}");
        }
    }
}
