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
    /// Char offsets in the text: only set by [`tokenize_with_chars`] (the
    /// extractor converts the offsets of its mentions alone, see [`CharCursor`]).
    pub cstart: usize,
    pub cend: usize,
    /// Something other than white space (punctuation, a quote) separates this
    /// word from the previous one: a name never spans it. A hyphen written
    /// without spaces does not ([`flag::HYPHENATED`]).
    pub brk: bool,
    /// Byte offsets in `norm` of its [`bare_forms`] (the first is 0).
    form_at: [usize; 3],
    /// How many of `form_at`/`keys` are set (1 to 3).
    nforms: usize,
    /// Skeleton keys of the forms, in the same order, one after the other
    /// (one allocation per token): key `n` ends at `key_end[n]`.
    keys: String,
    key_end: [usize; 3],
    /// What the word is ([`flag`] bits).
    flags: u16,
}

/// Word classes of a [`Tok`], computed once per token: the rules ask about
/// every word several times (is it a title? nameable?) and each answer used to
/// cost list scans over its clitic-free forms.
pub(crate) mod flag {
    /// `بن`, `ابن`, `بنت`, `ال` (the word itself).
    pub const PATRONYMIC: u16 = 1;
    /// `الله`, `الدين`…: never a surname alone (the word itself).
    pub const COMPOUND_END: u16 = 1 << 1;
    /// A title (some form).
    pub const TITLE: u16 = 1 << 2;
    /// A verb of saying (some form).
    pub const VERB: u16 = 1 << 3;
    /// Starts with the article (some form), or with `لل`.
    pub const ARTICLE: u16 = 1 << 4;
    /// A word qualifying a title (some form).
    pub const TITLE_LINK: u16 = 1 << 6;
    /// A place (some form).
    pub const PLACE: u16 = 1 << 7;
    /// Never a name (some form).
    pub const NOT_NAME: u16 = 1 << 8;
    /// Joined to the previous word by a hyphen without spaces (`جاي-إن`):
    /// part of the same name, even a word that is never a name alone.
    pub const HYPHENATED: u16 = 1 << 9;
    /// The bits that are about the word itself, not its clitic-free forms.
    pub const EXACT_ONLY: u16 = PATRONYMIC | COMPOUND_END;
}

impl Tok {
    /// A token of the normalized word `norm` with its forms, keys and flags.
    pub(crate) fn new(
        norm: String,
        start: usize,
        end: usize,
        cstart: usize,
        cend: usize,
        brk: bool,
    ) -> Tok {
        let mut t = Tok {
            norm,
            start,
            end,
            cstart,
            cend,
            brk,
            form_at: [0; 3],
            nforms: 1,
            keys: String::new(),
            key_end: [0; 3],
            flags: 0,
        };
        t.analyze();
        t
    }

    /// Recomputes forms, keys and flags from `norm` (after a join changed it).
    fn analyze(&mut self) {
        let word = self.norm.as_str();
        self.form_at = [0; 3];
        self.nforms = 1;
        // Same forms as `bare_forms`, as offsets so no borrow is kept.
        let mut it = word.char_indices();
        if let (Some((_, first)), Some((o1, second)), Some((o2, _)), Some(_)) =
            (it.next(), it.next(), it.next(), it.next())
        {
            let five = it.next().is_some();
            if matches!(first, 'و' | 'ف' | 'ب' | 'ل' | 'ك') {
                self.form_at[self.nforms] = o1;
                self.nforms += 1;
            }
            if matches!(first, 'و' | 'ف') && matches!(second, 'ب' | 'ل' | 'ك') && five {
                self.form_at[self.nforms] = o2;
                self.nforms += 1;
            }
        }
        let mut flags = crate::rules::word_class(word);
        let mut article = word.starts_with("لل");
        self.keys.clear();
        for n in 0..self.nforms {
            let form = &word[self.form_at[n]..];
            key_normalized_into(form, &mut self.keys);
            self.key_end[n] = self.keys.len();
            if n > 0 {
                flags |= crate::rules::word_class(form) & !flag::EXACT_ONLY;
            }
            article |= form.starts_with("ال");
        }
        if article {
            flags |= flag::ARTICLE;
        }
        // Where the word stands is not recomputed from its letters.
        self.flags = flags | (self.flags & flag::HYPHENATED);
    }

    /// Whether the word may be part of a name at all. Computed when asked
    /// (the stopword lookup is needed for few tokens).
    pub(crate) fn nameable(&self) -> bool {
        let excluded = flag::NOT_NAME | flag::PLACE | flag::TITLE_LINK | flag::TITLE | flag::VERB;
        self.flags & excluded == 0
            && is_arabic(&self.norm)
            && self.norm.chars().nth(1).is_some()
            && !khabar_analysis::is_stopword(&self.norm)
    }

    /// Whether the token has all of `bits` ([`flag`]).
    pub(crate) fn is(&self, bits: u16) -> bool {
        self.flags & bits == bits
    }

    /// Skeleton key of the word itself.
    pub(crate) fn key(&self) -> &str {
        self.key_n(0)
    }

    fn key_n(&self, n: usize) -> &str {
        let start = if n == 0 { 0 } else { self.key_end[n - 1] };
        self.keys.get(start..self.key_end[n]).unwrap_or("")
    }

    /// The word and its clitic-free forms ([`bare_forms`]), each with its key.
    pub(crate) fn forms(&self) -> impl Iterator<Item = (&str, &str)> {
        (0..self.nforms).map(|n| (&self.norm[self.form_at[n]..], self.key_n(n)))
    }
}

/// The Levenshtein distance between two words (letters changed, added or
/// dropped), one row at a time.
pub(crate) fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
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

/// Whether the gap between two words is a hyphen written without spaces
/// (`جونغ-أون`, `جان-إيف`): it joins the parts of one name, where a spaced
/// dash (`الدوحة - قنا`) separates clauses.
fn is_joining_hyphen(gap: &str) -> bool {
    matches!(gap, "-" | "\u{2010}" | "\u{2011}")
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let text = bounded(text);
    let mut tokenizer = ArabicTokenizer::new();
    let mut stream = tokenizer.token_stream(text);
    // About one token per 8 bytes of Arabic text (2-byte letters, 3–5 per word).
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 8);
    let mut prev_end = 0usize;
    while stream.advance() {
        let t = stream.token();
        let gap = &text[prev_end.min(t.offset_from)..t.offset_from];
        let hyphenated = !out.is_empty() && is_joining_hyphen(gap);
        let brk = out.is_empty() || (gap.chars().any(|c| !c.is_whitespace()) && !hyphenated);
        prev_end = t.offset_to;
        if let Some(last) = out.last_mut()
            && joins_next(&last.norm)
            && !brk
        {
            last.norm.push_str(&t.text);
            last.end = t.offset_to;
            last.analyze();
            continue;
        }
        let mut tok = Tok::new(t.text.clone(), t.offset_from, t.offset_to, 0, 0, brk);
        if hyphenated {
            tok.flags |= flag::HYPHENATED;
        }
        out.push(tok);
    }
    out
}

/// [`tokenize`] with the char offsets of every token set.
pub(crate) fn tokenize_with_chars(text: &str) -> Vec<Tok> {
    let mut toks = tokenize(text);
    let mut cursor = CharCursor::new(bounded(text));
    for t in &mut toks {
        t.cstart = cursor.at(t.start);
        t.cend = cursor.at(t.end);
    }
    toks
}

/// Converts byte offsets of a text to char offsets, counting from the last
/// offset asked (ascending offsets cost one pass over the text in all).
pub(crate) struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    pub(crate) fn new(text: &'a str) -> CharCursor<'a> {
        CharCursor {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The char offset of byte offset `byte` (a char boundary of the text).
    pub(crate) fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self
            .text
            .get(self.byte..byte)
            .map_or(0, |s| s.chars().count());
        self.byte = byte;
        self.chars
    }
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

/// [`key`] of a word that is already normalized (test helper).
#[cfg(test)]
pub(crate) fn key_normalized(norm: &str) -> String {
    let mut out = String::with_capacity(norm.len());
    key_normalized_into(norm, &mut out);
    out
}

/// Appends the [`key`] of a word that is already normalized (every token
/// is): the same skeleton without normalizing again, and with Arabic letters
/// recognized before the general (slow) Unicode table lookup. Extraction
/// computes one per token and clitic-free form: the hot path of indexing.
fn key_normalized_into(norm: &str, out: &mut String) {
    let mut first = true;
    let mut last = None;
    for c in norm.chars() {
        let letter = matches!(c, '\u{0621}'..='\u{064A}')
            || c.is_ascii_alphanumeric()
            || (!c.is_ascii() && c.is_alphanumeric());
        if letter && !first && matches!(c, 'ا' | 'و' | 'ي' | 'ء') {
            continue;
        }
        if letter && last == Some(c) {
            continue;
        }
        first = !letter;
        last = Some(c);
        out.push(c);
    }
}

/// Folds a Latin name: lowercase ASCII letters, words separated by one space
/// (`Zelenskyy`, `Erdoğan` → `erdogan`). An apostrophe inside a word marks a
/// hamza or an ayn, not a break (`Ra'ad` → `raad`, `Sa’ar` → `saar`); one
/// before a final `s` is the English possessive, dropped with it
/// (`Merkel's` → `merkel`).
pub(crate) fn fold_latin(text: &str) -> String {
    let chars: Vec<char> = khabar_analysis::normalize(text).chars().collect();
    let mut norm = String::with_capacity(chars.len());
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        k += 1;
        if !matches!(c, '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`') {
            norm.push(c);
        } else if matches!(chars.get(k), Some('s' | 'S'))
            && !chars.get(k + 1).is_some_and(|c| c.is_alphanumeric())
        {
            k += 1;
        }
    }
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
        let toks = tokenize_with_chars("قال عبد الله، ولافروف");
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["قال", "عبدالله", "ولافروف"]);
        assert_eq!((toks[1].cstart, toks[1].cend), (4, 12));
        assert!(toks[2].brk && !toks[1].brk);
        assert_eq!(bare_forms("ولافروف"), ["ولافروف", "لافروف", "افروف"]);
        let forms: Vec<&str> = toks[2].forms().map(|(f, _)| f).collect();
        assert_eq!(forms, bare_forms("ولافروف"));
    }

    #[test]
    fn latin_names_fold_to_plain_words_and_apostrophes_join() {
        assert_eq!(fold_latin("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
        assert_eq!(fold_latin("Zeid Ra'ad al-Hussein"), "zeid raad al hussein");
        assert_eq!(fold_latin("Gideon Sa’ar"), "gideon saar");
        assert_eq!(fold_latin("Mu`ammar"), "muammar");
        assert_eq!(fold_latin("Merkel's visit"), "merkel visit");
        assert_eq!(fold_latin("Merkel’s"), "merkel");
    }

    #[test]
    fn a_hyphen_without_spaces_joins_name_parts_and_a_spaced_dash_breaks() {
        let toks = tokenize_with_chars("الرئيس مون جاي-إن والدوحة - قنا");
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["الرييس", "مون", "جاي", "ان", "والدوحه", "قنا"]);
        assert!(!toks[3].brk && toks[3].is(flag::HYPHENATED));
        assert!(!toks[2].is(flag::HYPHENATED));
        assert!(toks[5].brk && !toks[5].is(flag::HYPHENATED));
        // A hyphenated `عبد` joined with its second word stays hyphenated.
        let toks = tokenize("جان-عبد الله");
        assert_eq!(toks[1].norm, "عبدالله");
        assert!(toks[1].is(flag::HYPHENATED) && !toks[1].brk);
        // The first token of a text is never joined, whatever precedes it.
        let toks = tokenize("-جاي");
        assert!(toks[0].brk && !toks[0].is(flag::HYPHENATED));
    }

    #[test]
    fn fast_keys_are_skeletons() {
        let text = "قال الرئيس الأمريكي دونالد ترامب وترمب، ولافروف وبوتين 2025 x-ray \
                    Zelenskyy ﻻ آية إيمان مؤتمر شؤون ـتطويل عبدالله";
        for t in tokenize(text) {
            for (form, k) in t.forms() {
                assert_eq!(k, key(form), "{form}");
                assert_eq!(key_normalized(form), khabar_analysis::skeleton(form));
            }
        }
    }
}
