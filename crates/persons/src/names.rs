//! Person-name words learned from Wikidata (CC0): which Arabic words are
//! names (a rule and tagger feature), and how Latin name words are written
//! in Arabic (transliteration of Latin queries).
//!
//! The table (`data/name-tokens-en-ar.tsv`, derived by
//! `eval/derive_name_table.py`) pairs a Latin name word with its Arabic
//! spelling and how many Wikidata people share the pair.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::fold_latin;

struct NameTable {
    /// Normalized Arabic name word → how many people have it.
    arabic: HashMap<String, u32>,
    /// Latin word → Arabic spellings (normalized), most common first.
    latin: HashMap<String, Vec<(String, u32)>>,
}

static TABLE: LazyLock<NameTable> = LazyLock::new(|| {
    let mut t = NameTable {
        arabic: HashMap::new(),
        latin: HashMap::new(),
    };
    for line in include_str!("../data/name-tokens-en-ar.tsv").lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(lat), Some(ar), Some(count)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Ok(count) = count.parse::<u32>() else {
            continue;
        };
        let ar = khabar_analysis::normalize(ar);
        *t.arabic.entry(ar.clone()).or_default() += count;
        t.latin
            .entry(lat.to_string())
            .or_default()
            .push((ar, count));
    }
    for v in t.latin.values_mut() {
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    t
});

/// How many Wikidata people have this (normalized) Arabic word in their name.
pub fn name_word_count(word: &str) -> u32 {
    TABLE.arabic.get(word).copied().unwrap_or(0)
}

/// Common names (at least [`crate::gazetteer::SETTLED_NAME_COUNT`] people)
/// by skeleton key.
static COMMON_BY_KEY: LazyLock<HashMap<String, Vec<&'static str>>> = LazyLock::new(|| {
    let mut by_key: HashMap<String, Vec<&'static str>> = HashMap::new();
    for (w, c) in &TABLE.arabic {
        if *c >= crate::gazetteer::SETTLED_NAME_COUNT {
            by_key
                .entry(crate::text::key(w))
                .or_default()
                .push(w.as_str());
        }
    }
    by_key
});

/// Whether a (normalized) name word is a common name whose skeleton another
/// common name shares (`صلاح`/`صالح`, `محمد`/`محمود`, `عمرو`/`عمار`: they
/// differ by a long vowel the skeleton drops): its spelling tells the two
/// apart, so it is settled.
pub(crate) fn is_settled_name(word: &str) -> bool {
    name_word_count(word) >= crate::gazetteer::SETTLED_NAME_COUNT
        && COMMON_BY_KEY
            .get(&crate::text::key(word))
            .is_some_and(|names| names.len() >= 2)
}

/// Whether another common name is written like `word` but for long vowels,
/// ending in the same letter: `محمد` has `محمود`, `حسن` has `حسين`; `سيرجيو`
/// has none (`سراج`, of its skeleton, ends otherwise). Spelling variants of
/// such a word would find the other name.
pub(crate) fn has_common_namesake(word: &str) -> bool {
    let Some(last) = word.chars().last() else {
        return false;
    };
    COMMON_BY_KEY
        .get(&crate::text::key(word))
        .is_some_and(|names| names.iter().any(|n| *n != word && n.ends_with(last)))
}

/// Every Arabic name word of the table with its count (the name-likeness
/// model's positive examples).
pub(crate) fn arabic_name_words() -> impl Iterator<Item = (&'static str, u32)> {
    TABLE.arabic.iter().map(|(w, c)| (w.as_str(), *c))
}

/// Arabic spellings (normalized) of a Latin name word, most common first.
pub fn transliterate_word(latin: &str) -> Vec<String> {
    let folded = fold_latin(latin);
    TABLE
        .latin
        .get(&folded)
        .map(|v| v.iter().map(|(a, _)| a.clone()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_knows_common_names() {
        assert_eq!(transliterate_word("Sergei"), ["سيرجي"]);
        assert_eq!(transliterate_word("Lavrov"), ["لافروف"]);
        assert!(name_word_count("محمد") > 100);
        assert_eq!(name_word_count("الذي"), 0);
    }
}
