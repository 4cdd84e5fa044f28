//! [`ArabicLightStemmer`]: a light stemmer that strips clitics only when
//! what remains is a real stem.
//!
//! The input is a normalized word (see [`crate::normalize()`]). Words that are
//! not entirely Arabic letters (Latin, digits, mixed) are returned unchanged.
//!
//! Steps, in order:
//! 1. A whole word listed as a variant (`ترمب=ترامب` in
//!    `data/protected-ar.txt`) maps to its canonical spelling.
//! 2. Prefixes: at most one conjunction (و ف), then at most one preposition
//!    (ب ك ل), then at most one article (ال; `لل` is ل + ال with the alef
//!    elided). Longest combination first. A combination is rejected when
//!    - fewer than 3 letters would remain (2 after an article), or
//!    - the word starting at the combination's start or at one of its inner
//!      boundaries keeps its first letter (it, or one of the forms the
//!      suffix layers of step 4 make of it, is in sections 1 or 2a):
//!      `بغداد` stays, `ببغداد` → `بغداد`, `للبنان` → `لبنان` (not
//!      `بنان`), `ولافروف` → `لافروف`, `وزارتها` keeps its و.
//! 3. Step 1 again on what is left (`لترمب` → `ترامب`).
//! 4. Suffixes, each layer at most once, each only if at least 3 letters
//!    remain, stopping as soon as a word that keeps its ending (sections 1
//!    or 2b) is reached:
//!    - a possessive pronoun `هما` `ها` `هم` `نا`; a then-final `ت` after a
//!      non-alef (teh marbuta before a pronoun) is restored as `ه`:
//!      `حكومتها` → `حكومه`;
//!    - `ات` `ون` `ين` `ان` (plurals and duals);
//!    - `يه` (not after `ا`) or else `ه` (nisba feminine, teh marbuta,
//!      pronoun `ه`);
//!    - `ي` (nisba, pronoun `ي`), not after `ا` (`ولايه` → `ولاي`).
//! 5. Hamza seat: a `وو` after the first letter becomes `يو`, so the two
//!    spellings `مسؤول`/`مسئول` (normalized `مسوول`/`مسيول`) and
//!    `شؤون`/`شئون` give one term.
//!
//! The protected list (`data/protected-ar.txt`) holds names and nouns that
//! begin with و ف ب ك ل (section 2a) or end in ان ون ين ات نا ها هم
//! (section 2b) without that being a clitic, and hand-written names that
//! keep both (section 1): `واشنطن`, `وليد`, `لبنان`, `بيروت`, `فرنسا`, `بوتين`, `بغداد`,
//! `وزاره`, `قانون`… Its provenance is described in the file.
//!
//! The stemmed field does not use [`crate::skeleton()`]: dropping long vowels
//! conflates too many words (`وزير`, `زير`, `زار`). Known name variants are
//! mapped instead (`ترمب=ترامب`).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

/// FNV-1a: the protected words are short, SipHash would dominate.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Build = BuildHasherDefault<Fnv>;

struct Lexicon {
    /// Words that keep their first letter (sections 1 and 2a).
    keep_prefix: HashSet<String, Build>,
    /// Words that keep their ending (sections 1 and 2b).
    keep_suffix: HashSet<String, Build>,
    variants: HashMap<String, String, Build>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lex = Lexicon {
        keep_prefix: HashSet::default(),
        keep_suffix: HashSet::default(),
        variants: HashMap::default(),
    };
    let (mut prefix, mut suffix) = (true, true);
    for line in include_str!("../data/protected-ar.txt").lines() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix("# --- section ") {
            prefix = !header.starts_with("2b");
            suffix = !header.starts_with("2a");
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let word = match line.split_once('=') {
            Some((from, to)) => {
                let to = crate::normalize(to.trim());
                lex.variants
                    .insert(crate::normalize(from.trim()), to.clone());
                to
            }
            None => crate::normalize(line),
        };
        if prefix {
            lex.keep_prefix.insert(word.clone());
        }
        if suffix {
            lex.keep_suffix.insert(word);
        }
    }
    lex
});

/// Whether `word` (normalized) is in the stemmer's protected list (either
/// section).
pub fn is_protected(word: &str) -> bool {
    LEXICON.keep_prefix.contains(word) || LEXICON.keep_suffix.contains(word)
}

/// Arabic letters of U+0600–U+07FF are 2 bytes in UTF-8: lengths in letters
/// are byte lengths / 2.
#[inline]
fn is_arabic_word(w: &str) -> bool {
    w.chars()
        .all(|c| matches!(c, '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{06FF}'))
}

#[inline]
fn n(s: &str) -> usize {
    s.len() / 2
}

/// Prefix combinations: (prefix, inner boundaries in letters, ends with an
/// article), longest first.
const PREFIXES: &[(&str, &[usize], bool)] = &[
    ("وبال", &[1, 2], true),
    ("وكال", &[1, 2], true),
    ("فبال", &[1, 2], true),
    ("فكال", &[1, 2], true),
    ("وال", &[1], true),
    ("فال", &[1], true),
    ("بال", &[1], true),
    ("كال", &[1], true),
    ("ولل", &[1, 2], true),
    ("فلل", &[1, 2], true),
    ("لل", &[1], true),
    ("ال", &[], true),
    ("وب", &[1], false),
    ("وك", &[1], false),
    ("ول", &[1], false),
    ("فب", &[1], false),
    ("فل", &[1], false),
    ("و", &[], false),
    ("ف", &[], false),
    ("ب", &[], false),
    ("ك", &[], false),
    ("ل", &[], false),
];

/// Result of the suffix layers on a slice: keep `s[..end]`, with its last
/// letter replaced by `ه` when `teh`. `keeps_prefix` when the word or one of
/// its intermediate forms keeps its first letter.
struct Suffixed {
    end: usize,
    teh: bool,
    keeps_prefix: bool,
}

/// Looks `s[..end]` (last letter replaced by ه when `teh`) up in `set`.
fn lookup(set: &HashSet<String, Build>, s: &str, end: usize, teh: bool) -> bool {
    if !teh {
        return set.contains(&s[..end]);
    }
    let mut buf = [0u8; 128];
    if end > buf.len() || end < 2 {
        return false;
    }
    buf[..end - 2].copy_from_slice(&s.as_bytes()[..end - 2]);
    buf[end - 2..end].copy_from_slice("ه".as_bytes());
    std::str::from_utf8(&buf[..end]).is_ok_and(|k| set.contains(k))
}

fn suffixes(s: &str) -> Suffixed {
    let lex = &*LEXICON;
    let mut r = Suffixed {
        end: s.len(),
        teh: false,
        keeps_prefix: lex.keep_prefix.contains(s),
    };
    // Records the current form; true when it keeps its ending.
    let visit = |r: &mut Suffixed| {
        r.keeps_prefix |= lookup(&lex.keep_prefix, s, r.end, r.teh);
        lookup(&lex.keep_suffix, s, r.end, r.teh)
    };
    if lex.keep_suffix.contains(s) {
        return r;
    }
    // The current word is s[..end] (with ه as last letter when teh).
    let ends = |r: &Suffixed, suf: &str| !r.teh && s[..r.end].ends_with(suf);
    // a. pronouns
    for suf in ["هما", "ها", "هم", "نا"] {
        if ends(&r, suf) && n(&s[..r.end]) >= n(suf) + 3 {
            r.end -= suf.len();
            let w = &s[..r.end];
            if n(w) >= 4 && w.ends_with('ت') && !w[..w.len() - 2].ends_with('ا') {
                r.teh = true;
            }
            if visit(&mut r) {
                return r;
            }
            break;
        }
    }
    // b. plurals, duals
    for suf in ["ات", "ون", "ين", "ان"] {
        if ends(&r, suf) && n(&s[..r.end]) >= 5 {
            r.end -= suf.len();
            if visit(&mut r) {
                return r;
            }
            break;
        }
    }
    // c. يه, ه
    let len = n(&s[..r.end]);
    if (r.teh || s[..r.end].ends_with('ه')) && len >= 4 {
        if r.teh {
            r.teh = false;
            r.end -= 2;
        } else if s[..r.end].ends_with("يه") && !s[..r.end].ends_with("ايه") && len >= 5 {
            r.end -= 4;
        } else {
            r.end -= 2;
        }
        if visit(&mut r) {
            return r;
        }
    }
    // d. ي
    if !r.teh && s[..r.end].ends_with('ي') && !s[..r.end].ends_with("اي") && n(&s[..r.end]) >= 4
    {
        r.end -= 2;
        visit(&mut r);
    }
    r
}

/// Length in bytes of the prefix to strip from `w`.
fn prefix_len(w: &str) -> usize {
    if suffixes(w).keeps_prefix {
        return 0;
    }
    'candidates: for &(p, inner, article) in PREFIXES {
        if !w.starts_with(p) {
            continue;
        }
        let rest = n(w) - n(p);
        if rest < if article { 2 } else { 3 } {
            continue;
        }
        for &k in inner {
            if suffixes(&w[2 * k..]).keeps_prefix {
                continue 'candidates;
            }
        }
        return p.len();
    }
    0
}

/// Stems a normalized word in place.
pub(crate) fn stem_in_place(w: &mut String) {
    if !is_arabic_word(w) || w.len() < 6 {
        return;
    }
    if let Some(v) = LEXICON.variants.get(w.as_str()) {
        w.clone_from(v);
        return;
    }
    let p = prefix_len(w);
    w.drain(..p);
    if let Some(v) = LEXICON.variants.get(w.as_str()) {
        w.clone_from(v);
        return;
    }
    let r = suffixes(w);
    w.truncate(r.end);
    if r.teh {
        w.truncate(r.end - 2);
        w.push('ه');
    }
    // Hamza seat: وو after the first letter → يو.
    if let Some(i) = w[2..].find("وو") {
        w.replace_range(2 + i..2 + i + 2, "ي");
    }
}

/// Light-stems a normalized word (see the module documentation):
///
/// ```
/// use khabar_analysis::stem;
/// assert_eq!(stem("والمفاوضات"), stem("مفاوضات"));
/// assert_eq!(stem("لترامب"), "ترامب");
/// assert_eq!(stem("واشنطن"), "واشنطن");
/// ```
pub fn stem(normalized_word: &str) -> String {
    let mut s = normalized_word.to_owned();
    stem_in_place(&mut s);
    s
}

/// Token filter applying [`stem`] to every token.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicLightStemmer;

impl TokenFilter for ArabicLightStemmer {
    type Tokenizer<T: Tokenizer> = ArabicLightStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        ArabicLightStemmerFilter { tokenizer }
    }
}

/// The tokenizer produced by [`ArabicLightStemmer`].
#[derive(Clone, Debug)]
pub struct ArabicLightStemmerFilter<T> {
    tokenizer: T,
}

impl<T: Tokenizer> Tokenizer for ArabicLightStemmerFilter<T> {
    type TokenStream<'a> = ArabicLightStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ArabicLightStemmerStream {
            tail: self.tokenizer.token_stream(text),
        }
    }
}

/// The token stream of [`ArabicLightStemmerFilter`].
#[derive(Debug)]
pub struct ArabicLightStemmerStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for ArabicLightStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem_in_place(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
