//! Tokens as the extractor sees them: normalized words with byte and char
//! offsets, whether punctuation separates them from the previous word, and
//! their forms without proclitics.

use khabar_analysis::ArabicTokenizer;
use tantivy_tokenizer_api::{TokenStream, Tokenizer};

/// Longest text looked at: a longer article is cut (at a char boundary), so
/// extraction time and memory stay bounded whatever a feed sends.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// One word of the text.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// Normalized form ([`khabar_analysis::normalize`]).
    pub norm: String,
    /// Byte offsets in the text.
    pub start: usize,
    pub end: usize,
    /// Char offsets in the text.
    pub cstart: usize,
    pub cend: usize,
    /// Something other than white space (punctuation, a quote) separates this
    /// word from the previous one: a name never spans it.
    pub brk: bool,
}

/// Cuts `text` to at most [`MAX_TEXT_BYTES`], at a char boundary.
pub(crate) fn bounded(text: &str) -> &str {
    if text.len() <= MAX_TEXT_BYTES {
        return text;
    }
    let mut cut = MAX_TEXT_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// Compound name parts written either joined or apart (`عبد الله`/`عبدالله`,
/// `أبو مازن`/`ابومازن`): the two words become one token so both spellings
/// give one key.
fn joins_next(norm: &str) -> bool {
    matches!(norm, "عبد" | "ابو" | "عبدال")
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let text = bounded(text);
    let mut tokenizer = ArabicTokenizer::new();
    let mut stream = tokenizer.token_stream(text);
    let mut out: Vec<Tok> = Vec::new();
    let mut prev_end = 0usize;
    let mut chars_before = 0usize;
    let mut char_pos_at = 0usize; // byte offset chars_before counts up to
    while stream.advance() {
        let t = stream.token();
        chars_before += text[char_pos_at..t.offset_from].chars().count();
        char_pos_at = t.offset_from;
        let cstart = chars_before;
        let clen = text[t.offset_from..t.offset_to].chars().count();
        let gap = &text[prev_end.min(t.offset_from)..t.offset_from];
        let brk = out.is_empty() || gap.chars().any(|c| !c.is_whitespace());
        let tok = Tok {
            norm: t.text.clone(),
            start: t.offset_from,
            end: t.offset_to,
            cstart,
            cend: cstart + clen,
            brk,
        };
        prev_end = t.offset_to;
        if let Some(last) = out.last_mut()
            && joins_next(&last.norm)
            && !tok.brk
        {
            last.norm.push_str(&tok.norm);
            last.end = tok.end;
            last.cend = tok.cend;
            continue;
        }
        out.push(tok);
    }
    out
}

/// Normalized words of a name or phrase, with the same joining as [`tokenize`].
pub(crate) fn words(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.norm).collect()
}

/// `word` and its forms without proclitics (a conjunction و ف, then a
/// preposition ب ل ك), most literal first; at least 3 letters must remain.
pub(crate) fn bare_forms(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < 4 {
        return out;
    }
    let first = chars[0].1;
    let second = chars[1].1;
    if matches!(first, 'و' | 'ف' | 'ب' | 'ل' | 'ك') {
        out.push(&word[chars[1].0..]);
    }
    if matches!(first, 'و' | 'ف') && matches!(second, 'ب' | 'ل' | 'ك') && chars.len() >= 5 {
        out.push(&word[chars[2].0..]);
    }
    out
}

/// Whether the word is written in Arabic letters only.
pub(crate) fn is_arabic(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| matches!(c, '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{06FF}'))
}

/// The key of a name word: its consonant skeleton ([`khabar_analysis::skeleton`]),
/// so `ترامب`/`ترمب` and `بوتين`/`بوتن` meet.
pub(crate) fn key(word: &str) -> String {
    khabar_analysis::skeleton(word)
}

/// Folds a Latin name: lowercase ASCII letters, words separated by one space
/// (`Zelenskyy`, `Erdoğan` → `erdogan`).
pub(crate) fn fold_latin(text: &str) -> String {
    let norm = khabar_analysis::normalize(text);
    let mut out = String::with_capacity(norm.len());
    for word in norm
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether the text has Latin letters (a Latin-script query).
pub fn is_latin(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_breaks_and_joins() {
        let toks = tokenize("قال عبد الله، ولافروف");
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["قال", "عبدالله", "ولافروف"]);
        assert_eq!((toks[1].cstart, toks[1].cend), (4, 12));
        assert!(toks[2].brk && !toks[1].brk);
        assert_eq!(bare_forms("ولافروف"), ["ولافروف", "لافروف", "افروف"]);
    }
}
