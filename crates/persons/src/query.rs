//! Person queries: what a name typed by a user means.
//!
//! An Arabic query (any clitic or spelling variant, a role, a title first)
//! resolves to gazetteer ids. A Latin query resolves through the gazetteer's
//! Latin names, else is spelled in Arabic word by word: the Wikidata table's
//! spellings and the [`Transliterator`]'s guesses, of which the corpus
//! decides. A name the gazetteer does not know resolves to its key (`~` +
//! name), the keys of its shorter forms and spellings, and the phrases a text
//! match should look for. The corpus ([`Corpus`], the index) is asked how
//! its articles write words and whom they name.

use crate::extract::{Extractor, firm_letters};
use crate::names::{has_common_namesake, is_settled_name, name_word_count, transliterate_word};
use crate::rules::{COMPOUND_ENDS, PATRONYMIC};
use crate::text::{Tok, bare_forms, flag, fold_latin, is_arabic, is_latin, key, words};
use crate::translit::Transliterator;
use crate::{MAX_NAME_WORDS, SETTLED_NAME_COUNT, UNKNOWN_PREFIX};

/// What a person query names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolved {
    /// Gazetteer ids it may mean (several: ambiguous).
    pub ids: Vec<String>,
    /// For a name not in the gazetteer: the key of its mentions (`~` + normalized name).
    pub unknown_key: Option<String>,
    /// Other keys of the same unknown name: compounds spelled apart
    /// (`~حسن نصر الله`), and shorter mentions, such as the surname alone
    /// after a title (`~السيسي` for `عبد الفتاح السيسي`). Never a father's
    /// name (`سلمان` of `محمد بن سلمان`) nor the end of a compound (`الله`).
    pub other_keys: Vec<String>,
    /// Normalized Arabic words of the query as read (a Latin name spelled in
    /// Arabic), title included.
    pub words: Vec<String>,
    /// The name as texts may write it, for that text match: the words, and
    /// compounds split or joined (`عبدالفتاح`/`عبد الفتاح`, `نصرالله`/`نصر الله`).
    pub phrases: Vec<String>,
}

impl Resolved {
    /// Whether the query could mean several people.
    pub fn is_ambiguous(&self) -> bool {
        self.people().len() > 1
    }

    /// For a name not in the gazetteer: the name of its key (without `~`).
    pub fn unknown_name(&self) -> Option<&str> {
        self.unknown_key
            .as_deref()
            .and_then(|k| k.strip_prefix(UNKNOWN_PREFIX))
    }

    /// The people it may mean: gazetteer ids, then the unknown key.
    pub fn people(&self) -> Vec<String> {
        self.ids.iter().chain(&self.unknown_key).cloned().collect()
    }

    /// Also counts the unknown person the corpus calls `name` (another
    /// spelling or fuller form of the name): its key, once.
    fn add_other_key(&mut self, name: &str) {
        let key = format!("{UNKNOWN_PREFIX}{name}");
        if !self.other_keys.contains(&key) {
            self.other_keys.push(key);
        }
    }

    /// [`Resolved::add_other_key`], and `name` searched as a phrase.
    fn add_other_name(&mut self, name: String) {
        self.add_other_key(&name);
        self.phrases.push(name);
    }
}

/// What the corpus being searched says about words and people, for reading
/// a query ([`Extractor::resolve_in`]). The search index answers; a closure
/// `Fn(&str) -> u64` answers [`Corpus::articles`] and knows no people.
pub trait Corpus {
    /// In how many articles the normalized Arabic word, or phrase of words,
    /// occurs as written.
    fn articles(&self, text: &str) -> u64;

    /// In how many articles the extractor found the person `id` (a gazetteer
    /// id or an unknown key).
    fn person_articles(&self, _id: &str) -> u64 {
        0
    }

    /// Keys of unknown people whose normalized name (the key without `~`)
    /// matches `pattern` (anchored, `regex` syntax; words are joined by one
    /// space), with how many articles name each, the most named first; at
    /// most [`MAX_NAMES_MATCHING`].
    fn names_matching(&self, _pattern: &str) -> Vec<(String, u64)> {
        Vec::new()
    }
}

/// Unknown people of two or more words whose last word matches `pattern`.
fn names_ending(corpus: &dyn Corpus, pattern: &str) -> Vec<(String, u64)> {
    corpus.names_matching(&format!("([^ ]+ )+({pattern})"))
}

/// Whether the words of `name` end in those of `tail` (`جون مايكل` in
/// `مايكل`, not in `ايكل`).
fn ends_with_words(name: &str, tail: &str) -> bool {
    name.strip_suffix(tail)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
}

/// Unknown people of two or more words whose first word matches `pattern`.
fn names_starting(corpus: &dyn Corpus, pattern: &str) -> Vec<(String, u64)> {
    corpus.names_matching(&format!("({pattern})( [^ ]+)+"))
}

/// Articles naming unknown people of two or more words whose first word is
/// `word`.
fn names_starting_articles(corpus: &dyn Corpus, word: &str) -> u64 {
    names_starting(corpus, word).iter().map(|(_, n)| n).sum()
}

/// Whether the extractor named someone `name` (normalized words) in the index.
fn names_unknown(corpus: &dyn Corpus, name: &str) -> bool {
    corpus.person_articles(&format!("{UNKNOWN_PREFIX}{name}")) > 0
}

impl<F: Fn(&str) -> u64> Corpus for F {
    fn articles(&self, text: &str) -> u64 {
        self(text)
    }
}

/// Most keys [`Corpus::names_matching`] returns (the most named first).
pub const MAX_NAMES_MATCHING: usize = 1000;

/// Candidate spellings tried per Latin word (a rare final letter, such as
/// `مقتدى` for `muqtada`, ranks near 200).
const CANDIDATES: usize = 250;
/// Spellings the corpus holds kept per word, for the phrase check.
const SPELLINGS_KEPT: usize = 8;
/// The same, when no combination of those is a phrase the corpus holds
/// (`Mahrez`: `محرز` is the model's 53rd guess, and the corpus's 14th).
const SPELLINGS_WIDE: usize = 40;
/// How much lower a plain form scores than its article form.
const PLAIN_FORM_PENALTY: f64 = 0.01;
/// How much a whole name's corpus frequency counts: much more than a word's,
/// as two guessed words seen side by side are strong evidence.
const PHRASE_WEIGHT: f64 = 2.0;
/// Combinations of the words' spellings checked as phrases.
const PHRASES_TRIED: usize = 64;
/// How much a guessed spelling's corpus frequency counts against the model's
/// score (log-linear): a little, so a common spelling beats a rare one the
/// model likes slightly more, but the model still picks among common words.
const FREQUENCY_WEIGHT: f64 = 0.5;

/// How many times more articles than the full name its surname alone may be
/// in, to stand for it (see `Extractor::add_surname`).
const SURNAME_SHARE: u64 = 3;
/// Most Wikidata people sharing a surname for it to name one person alone.
const MAX_SHARED_SURNAME: u32 = 10;
/// [`SURNAME_SHARE`] for a surname that is a common name or has the article
/// (see `Extractor::add_surname`).
const CLOSE_SURNAME_SHARE: f64 = 1.5;
/// Most articles naming someone with a word as first name, per article naming
/// someone with it as last name, for it to stand alone as a surname.
const MAX_FIRST_NAME_USE: f64 = 0.1;
/// Least share of a word's articles naming someone with it as last name, for
/// it to stand alone as a surname.
const MIN_NAME_USE: f64 = 0.1;

/// How many times more articles than a listed person an unknown person with
/// the same surname must be in, for the surname alone to mean them too.
const NAMED_UNKNOWN_SHARE: u64 = 2;
/// Most spellings of a short surname taken from the corpus.
const MAX_SURNAME_SPELLINGS: usize = 4;

/// Latin titles before a name, in Arabic (`King Salman` → `الملك سلمان`).
const LATIN_TITLES: &[(&str, &str)] = &[
    ("king", "الملك"),
    ("queen", "الملكه"),
    ("president", "الرييس"),
    ("prince", "الامير"),
    ("emir", "الامير"),
    ("sheikh", "الشيخ"),
    ("shaikh", "الشيخ"),
    ("pope", "البابا"),
    ("imam", "الامام"),
];

/// Latin words that make the next word start with the article (`al-Sarraj`,
/// `Abdel Fattah` = `عبد` + `الفتاح`), with what they write themselves.
fn latin_article(word: &str) -> Option<&'static str> {
    match word {
        "al" | "el" | "ul" | "as" | "es" | "ad" | "ed" | "ar" | "er" | "at" | "an" | "az"
        | "ash" => Some(""),
        "abdel" | "abdul" | "abdal" | "abdol" | "abdil" | "abdelal" => Some("عبد"),
        _ => None,
    }
}

/// Whether a Latin surname starts with an assimilated article (`Essebsi` =
/// `es` + `sebsi`, `Ennahda`): a vowel, then a doubled consonant.
fn assimilated_article(word: &str) -> Option<&str> {
    let b = word.as_bytes();
    (b.len() >= 5
        && matches!(b[0], b'a' | b'e')
        && b[1] == b[2]
        && !matches!(b[1], b'a' | b'e' | b'i' | b'o' | b'u'))
    .then(|| &word[2..])
}

/// Longest word [`name_word_pattern`] makes a pattern of.
const MAX_PATTERN_LETTERS: usize = 32;

/// Letters that spellings of one name add or drop: long vowels and the
/// hamza (after normalization).
fn varies(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي' | 'ء')
}

/// A regular expression (anchored, `regex` syntax) over normalized words
/// (the terms of an exact field) that matches a name word with any proclitic
/// (`ولافروف`, `للسيسي`) and, from three letters that are not long vowels up,
/// its spelling variants: long vowels and hamzas added or dropped, except a
/// final one (`رونالدو` is not `رونالد`), the [`EXCHANGED`] letters for
/// each other (`نتنياهو`: `نتانياهو`, `ونيتنياهو`; `غوتيريش`: `جوتيريس`;
/// `منوشين`: `منوتشين`), and a final `ه` or `ا` (`بنزيمة`, `بنزيما`).
/// Variants meet common words too (`ظريف`, `ظروف`), of which
/// [`name_word_matches`] keeps the names. Shorter words match as written.
/// Unlike a stemmed match, no suffix is cut (`السيسي` is not `سيسه`). `None`
/// for a word with other than Arabic letters, or longer than 32 letters.
pub fn name_word_pattern(word: &str) -> Option<String> {
    let (mut re, chars, firm) = pattern_parts(word)?;
    if firm < 3 {
        return name_word_as_written(word);
    }
    push_variants(&mut re, &chars, false);
    Some(re)
}

/// Most variants of one name word [`name_word_matches`] checks.
const MAX_VARIANTS: usize = 100;

/// What a search for one name word takes of the corpus's words that match
/// [`name_word_pattern`]`(word)`: see [`name_word_matches`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameWordMatches {
    /// Words that count wherever they are written.
    pub terms: Vec<String>,
    /// Two-word phrases, a first name of the word's people and a variant,
    /// that count only written together: the variant alone is mostly
    /// someone else's name.
    pub phrases: Vec<String>,
}

/// Which of the corpus's words that match [`name_word_pattern`]`(word)` a
/// search for the name takes: the word as written, with any proclitic; a
/// variant only when the texts write it after a first name of the word's
/// own people (in a tenth of its articles or more), or, for a word of four
/// firm letters or more that no one in the index has a first name with,
/// when a person the corpus names has it in their name (the extractor took
/// it for a name somewhere); a variant with a proclitic only when it is in
/// fewer articles than the variant alone. Other words fit the pattern
/// too: `مسيطرا` ("controlling") and `مايسترا` fit `ميستورا`, `بولايتين`
/// ("in two states") fits `بولتون`. A variant written after those first
/// names in under [`VARIANT_SHARE`] of the share of its articles the word
/// itself is, or too rarely to count alone (`جوزيه مورينو`), counts only
/// after them ([`NameWordMatches::phrases`]): `سفيان السليتي` is `سفيان
/// السليطي`, but `السليتي` alone is mostly `نعيم السليتي`, a footballer.
pub fn name_word_matches(word: &str, terms: &[String], corpus: &dyn Corpus) -> NameWordMatches {
    let folded = fold_spelling(word);
    // A term's form without proclitics: the one that folds like the word
    // (`للسراج` is `ل` + `السراج`).
    let bare = |term: &str| -> Option<String> {
        let mut forms: Vec<String> = bare_forms(term).into_iter().map(str::to_string).collect();
        if word.starts_with("ال") {
            for head in ["لل", "ولل", "فلل"] {
                if let Some(rest) = term.strip_prefix(head) {
                    forms.push(format!("ال{rest}"));
                }
            }
        }
        forms.into_iter().find(|f| fold_spelling(f) == folded)
    };
    let mut written = Vec::new();
    let mut variants: Vec<(String, String)> = Vec::new();
    for term in terms {
        match bare(term) {
            Some(b) if b == word => written.push(term.clone()),
            Some(b) => variants.push((term.clone(), b)),
            None => {}
        }
    }
    let mut spellings: Vec<String> = variants.iter().map(|(_, b)| b.clone()).collect();
    spellings.sort_unstable();
    spellings.dedup();
    spellings.truncate(MAX_VARIANTS);
    if spellings.is_empty() {
        return NameWordMatches {
            terms: written,
            phrases: Vec::new(),
        };
    }
    // The first names the corpus's people with this surname have: a variant
    // the texts write after one of them, in a tenth of its articles or more,
    // is the same name, even where the extractor named nobody with it
    // (`فيديريكا موغريني`); one written so once is not (`جوزيه مورينو`, a
    // slip, beside every other `مورينو`).
    let firsts: Vec<String> = names_ending(corpus, word)
        .into_iter()
        .filter_map(|(k, _)| {
            Some(
                k.strip_prefix(UNKNOWN_PREFIX)?
                    .rsplit_once(' ')?
                    .0
                    .to_string(),
            )
        })
        .take(MAX_FIRST_NAMES_ASKED)
        .collect();
    // The phrases `first name + spelling` the texts write, with their
    // articles: one question per first name and spelling.
    let after_firsts = |b: &str| -> Vec<(String, u64)> {
        firsts
            .iter()
            .map(|f| {
                let phrase = format!("{f} {b}");
                let n = corpus.articles(&phrase);
                (phrase, n)
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    };
    // How much of a spelling's use is after those first names.
    let share = |b: &str, after: &[(String, u64)]| {
        let most = after.iter().map(|(_, n)| *n).max().unwrap_or(0);
        most as f64 / corpus.articles(b).max(1) as f64
    };
    let own_share = share(word, &after_firsts(word));
    // Without such first names, a variant someone is named with; not for a
    // word of three firm letters, whose variants are other people's names
    // too. (The index is walked for them only then.)
    let short = pattern_parts(word).is_some_and(|(_, _, firm)| firm < 4);
    let names = if firsts.is_empty() && !short {
        corpus.names_matching(&format!("([^ ]+ )*({})( [^ ]+)*", spellings.join("|")))
    } else {
        Vec::new()
    };
    let named = |b: &str| {
        names.iter().any(|(k, _)| {
            k.strip_prefix(UNKNOWN_PREFIX)
                .is_some_and(|n| n.split(' ').any(|w| w == b))
        })
    };
    // A variant written after the first names far less often than the word
    // itself is, counts only there (`السليتي`).
    let mut phrases = Vec::new();
    let kept: Vec<&String> = spellings
        .iter()
        .filter(|b| {
            let after = after_firsts(b);
            if after.is_empty() {
                return firsts.is_empty() && named(b);
            }
            if holds_as_spelling(share(b, &after), own_share) {
                return true;
            }
            phrases.extend(after.into_iter().map(|(p, _)| p));
            false
        })
        .collect();
    // A variant with a proclitic must be rarer than the variant alone: a
    // word written more often whole is a word of its own (`بلغراد`,
    // Belgrade, is not `ب` + `لغراد`, a spelling of `لاغارد`).
    written.extend(
        variants
            .into_iter()
            .filter(|(t, b)| {
                kept.contains(&b) && (t == b || corpus.articles(t) <= corpus.articles(b))
            })
            .map(|(t, _)| t),
    );
    NameWordMatches {
        terms: written,
        phrases,
    }
}

/// How many times as many articles the people the extractor names with a
/// surname after other first names must be in as this person, for the
/// surname alone not to be this person's ([`Extractor::surname_of_others`]):
/// twice.
const OTHERS_SURNAME_SHARE: u64 = 2;

/// Fewest articles the others of [`OTHERS_SURNAME_SHARE`] must be in: a
/// handful is no evidence (`عبدالسلام هنية`, a son, in four, does not take
/// `هنية` from `إسماعيل هنية`, whom the rules name in two).
const MIN_OTHERS_ARTICLES: u64 = 5;

/// Least share of a variant's articles that write it after the first names of
/// the word's people, as a part of the word's own share, for the variant to
/// count alone in [`name_word_matches`].
const VARIANT_SHARE: f64 = 0.5;

/// Whether a variant whose share of its articles that write it in the name
/// (or after the name's first names) is `share` counts as a spelling of the
/// name, the word as written having `reference`: at least [`MIN_NAME_USE`],
/// and [`VARIANT_SHARE`] of `reference`. The one rule of
/// [`name_word_matches`] and [`phrase_word_spellings`].
fn holds_as_spelling(share: f64, reference: f64) -> bool {
    share >= MIN_NAME_USE && share >= VARIANT_SHARE * reference
}

/// Which spellings of one word of a name of several words a phrase search
/// takes, from each spelling the index holds for the word's place in
/// [`phrase_patterns`] with the articles of the phrase so spelled and of
/// the spelling alone: the word as written, and a variant whose share of
/// its articles that write it in the name is at least [`MIN_NAME_USE`] and
/// [`VARIANT_SHARE`] of the written word's (of the best spelling's, when
/// the texts never write the name as typed), as [`name_word_matches`]
/// weighs a variant alone; or one [`RARE_SLIP_SHARE`] times rarer in the
/// name than the word as written. A variant that is a common word makes a
/// common phrase of its own: `علي العريض` (Ali Laarayedh) fits `على العرض`, "on
/// the offer", in 20 of `العرض`'s 477 articles, against 23 of `العريض`'s 57.
pub fn phrase_word_spellings(word: &str, spellings: &[SpellingUse]) -> Vec<String> {
    let share = |u: &SpellingUse| u.in_phrase as f64 / u.alone.max(1) as f64;
    let reference = spellings
        .iter()
        .find(|u| u.spelling == word && u.in_phrase > 0)
        .map(share)
        .unwrap_or_else(|| spellings.iter().map(share).fold(0.0, f64::max));
    let written = spellings
        .iter()
        .find(|u| u.spelling == word)
        .map_or(0, |u| u.in_phrase);
    spellings
        .iter()
        .filter(|u| {
            u.spelling == word
                || (u.in_phrase > 0
                    && (holds_as_spelling(share(u), reference)
                        || u.in_phrase * RARE_SLIP_SHARE <= written))
        })
        .map(|u| u.spelling.clone())
        .collect()
}

/// How much the texts write one spelling of a word of a name of several
/// words: in the name (the phrase with this spelling in the word's place)
/// and alone ([`phrase_word_spellings`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpellingUse {
    /// The spelling, normalized (an index term).
    pub spelling: String,
    /// Articles of the phrase so spelled.
    pub in_phrase: u64,
    /// Articles of the spelling anywhere.
    pub alone: u64,
}

/// A variant of a name's word in at most this part of the articles of the
/// name as written ([`phrase_word_spellings`]) is a slip in writing the name,
/// kept although written elsewhere far more (`لوكا مودريش`, once, beside 167
/// `لوكا مودريتش`; `برونو لامير`, twice beside 57, though `لامير` is mostly
/// `لأمير`, "for a prince"): a common word that fits makes a phrase about as
/// common as the name (`على العرض`).
const RARE_SLIP_SHARE: u64 = 10;

/// Most first names of a surname's people [`name_word_matches`] asks about.
const MAX_FIRST_NAMES_ASKED: usize = 3;

/// The patterns of the words of a name of several, for a phrase: each with
/// its spelling variants from three firm letters up, a first name's final
/// long vowel optional too (its neighbours keep the variants to the name:
/// `هيكتور كوبر` finds `هكتور كوبر`, `سيرجيو راموس` `سيرخيو راموس`,
/// `فيليبي كوتينيو` `فيليب كوتينيو`, `فيديريكا موغيريني` `فيديريكا
/// موغريني`),
/// except for a word another common name is written like but for long
/// vowels ([`has_common_namesake`]: `محمد صلاح` is not `محمود صلاح`): that
/// one as written. Only the first word takes a proclitic (a conjunction
/// inside is another name: `عبدالله وصالح`). `None` when a word has other
/// than Arabic letters or is too long.
pub fn phrase_patterns(phrase: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = phrase.split(' ').collect();
    words
        .iter()
        .enumerate()
        .map(|(n, word)| {
            let (prefix, chars, firm) = pattern_parts(word)?;
            let mut re = if n == 0 {
                prefix
            } else if word.starts_with("ال") && chars.len() + 2 == word.chars().count() {
                "ال".to_string()
            } else {
                String::new()
            };
            if firm < 3 || has_common_namesake(word) {
                re.extend(chars);
            } else {
                push_variants(&mut re, &chars, n + 1 < words.len());
            }
            Some(re)
        })
        .collect()
}

/// [`name_word_pattern`] without spelling variants: the word as written,
/// with any proclitic (`وعبدالفتاح`, `للرئيس`).
fn name_word_as_written(word: &str) -> Option<String> {
    let (mut re, chars, _) = pattern_parts(word)?;
    re.extend(chars);
    Some(re)
}

/// The proclitic prefix of a name word's pattern, the letters of the word
/// without its article, and how many of them are firm (not long vowels).
fn pattern_parts(word: &str) -> Option<(String, Vec<char>, usize)> {
    // No name is longer; a longer word would build a needlessly large automaton.
    let letters = word.chars().count();
    if letters == 0 || letters > MAX_PATTERN_LETTERS || !arabic_letters_only(word) {
        return None;
    }
    let (prefix, core) = match word
        .strip_prefix("ال")
        .filter(|c| c.chars().nth(1).is_some())
    {
        Some(core) => ("(و|ف)?(ال|بال|كال|لل)", core),
        None => ("(و|ف)?(ب|ل|ك)?", word),
    };
    let chars: Vec<char> = core.chars().collect();
    let firm = chars.iter().skip(1).filter(|c| !varies(**c)).count() + 1;
    Some((prefix.to_string(), chars, firm))
}

/// Letters that spellings of one name write for each other (`غوتيريش`,
/// `جوتيريس`; `Angela`: `أنغيلا`, `أنجيلا`; Spanish `Sergio`: `سيرخيو`,
/// `سيرجيو`). Besides, `ch` is `تش` or `ش` (`منوتشين`, `منوشين`), and
/// Italian `z` `تس` or `س` (`ماوريتسيو`, `ماوريسيو`).
const EXCHANGED: &[&[char]] = &[&['غ', 'ج', 'خ'], &['س', 'ش'], &['ت', 'ط']];

/// The class of [`EXCHANGED`] letters `c` belongs to.
fn exchanged(c: char) -> Option<&'static [char]> {
    EXCHANGED.iter().copied().find(|class| class.contains(&c))
}

/// A word's skeleton ([`key`]) with each exchanged letter written as the
/// first of its class, `تش` as `ش`, `تس` as `س` and no final `ه` (the
/// skeleton has no final `ا`): spellings of one name fold alike (`منوتشين`,
/// `منوشين`; `سيرخيو`, `سيرجيو`; `ماوريتسيو`, `ماوريسيو`; `بنزيمة`, `بنزيما`).
fn fold_spelling(word: &str) -> String {
    let skeleton = key(word).replace("تش", "ش").replace("تس", "س");
    let skeleton = match skeleton.strip_suffix('ه') {
        Some(rest) if rest.chars().nth(1).is_some() => rest,
        _ => &skeleton,
    };
    skeleton
        .chars()
        .map(|c| exchanged(c).map_or(c, |class| class[0]))
        .collect()
}

/// [`fold_spelling`] of a first name, with `ك` folded as `خ` too: German
/// and Dutch `ch` is written either way (`يواكيم`, `يواخيم`; `ميكائيل`,
/// `ميخائيل`). Only for first names before a surname written as typed,
/// where two people of one surname and such first names are rare.
fn fold_first_name(word: &str) -> String {
    let kh = exchanged('خ').map_or('خ', |class| class[0]);
    fold_spelling(word)
        .chars()
        .map(|c| if c == 'ك' { kh } else { c })
        .collect()
}

/// Fewest letters (without the article) of a word whose `س` may be written
/// `تس` ([`push_variants`]).
const MIN_Z_LETTERS: usize = 6;

/// Appends the variants of `chars`: long vowels and hamzas added or dropped
/// except a final one (or that one too, with `final_vowel_optional`:
/// `فيليبي`, `فيليب`), the [`EXCHANGED`] letters for each other, `ت` before
/// `ش`, or before `س` inside a word of [`MIN_Z_LETTERS`], added or dropped
/// (`غوتيريش`, `جوتيريس`; `منوشين`, `منوتشين`; Italian `z`: `ماوريتسيو`,
/// `ماوريسيو`), and a final `ه` (`ة`) or `ا` for each other (`بنزيمة`,
/// `بنزيما`).
fn push_variants(re: &mut String, chars: &[char], final_vowel_optional: bool) {
    // Italian `z` (`ماوريتسيو`, `ماوريسيو`), in a long name only: a short
    // one keeps its `ت` (`كوتس`, `كوتيس`).
    let z = chars.len() >= MIN_Z_LETTERS;
    let letter = |re: &mut String, c: char, inside: bool| {
        if c == 'ش' || (c == 'س' && inside && z) {
            re.push_str("ت?");
        }
        match exchanged(c) {
            Some(class) => {
                re.push('[');
                re.extend(class);
                re.push(']');
            }
            None => re.push(c),
        }
    };
    let Some(&first) = chars.first() else {
        return;
    };
    letter(re, first, false);
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate().skip(1) {
        let before_sh = c == 'ت' && chars.get(i + 1) == Some(&'ش');
        let final_vowel = i == last && varies(c) && c != 'ا' && final_vowel_optional;
        if (varies(c) && i != last) || before_sh || final_vowel {
            continue;
        }
        re.push_str("[اويء]*");
        if c == 'ت' && chars.get(i + 1) == Some(&'س') && z {
            // The `ت?` the `س` brings is this one.
            continue;
        }
        if i == last && matches!(c, 'ه' | 'ا') {
            re.push_str("[اه]");
        } else {
            letter(re, c, true);
        }
    }
    if final_vowel_optional && chars.len() > 1 && varies(chars[last]) && chars[last] != 'ا' {
        re.push_str("[اويء]*");
    }
}

/// Spellings of a compound the texts write both ways.
fn compound_variants(word: &str) -> Option<String> {
    for head in ["عبد", "ابو"] {
        if let Some(rest) = word.strip_prefix(head)
            && rest.chars().nth(1).is_some()
        {
            return Some(format!("{head} {rest}"));
        }
    }
    for end in COMPOUND_ENDS {
        if let Some(head) = word.strip_suffix(end)
            && head.chars().nth(1).is_some()
        {
            return Some(format!("{head} {end}"));
        }
    }
    None
}

/// The words with every compound split (`عبدالفتاح` → `عبد`, `الفتاح`).
fn split_compounds(words: &[String]) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| match compound_variants(w) {
            Some(v) => v.split(' ').map(str::to_string).collect(),
            None => vec![w.clone()],
        })
        .collect()
}

/// The words with every compound joined (`نصر`, `الله` → `نصرالله`;
/// `عبد`, `الفتاح` → `عبدالفتاح`): texts write a name both ways.
fn join_compounds(words: &[String]) -> Vec<String> {
    let mut joined: Vec<String> = Vec::with_capacity(words.len());
    for w in words {
        let head_before = joined.last().is_some_and(|h| h == "عبد");
        let end_after = COMPOUND_ENDS.contains(&w.as_str())
            && joined
                .last()
                .is_some_and(|h| h.chars().nth(1).is_some() && !PATRONYMIC.contains(&h.as_str()));
        match joined.last_mut() {
            Some(h) if head_before || end_after => h.push_str(w),
            _ => joined.push(w.clone()),
        }
    }
    joined
}

impl Extractor {
    /// Resolves a person query (Arabic with any clitic or spelling variant, a
    /// role, or Latin script) to gazetteer ids, else to an unknown key and
    /// words. A Latin name no list holds is spelled by the most probable
    /// guess: use [`Extractor::resolve_in`] to let a corpus choose.
    pub fn resolve(&self, query: &str) -> Resolved {
        self.resolve_in(query, &|_: &str| 0)
    }

    /// [`Extractor::resolve`] against a corpus, which says how its articles
    /// write words and whom they name: a Latin name is spelled the way the
    /// corpus writes it (`Haftar` → `حفتر`, `Sarraj` → `السراج`, `Michel
    /// Aoun` → `ميشال عون`); a surname the gazetteer gives to someone the
    /// corpus rarely names also means the unknown person it names far more
    /// (`الأسد`: `حافظ الأسد` is listed, `بشار الأسد` is not); a short
    /// surname's spellings are those the corpus writes after the same first
    /// name (`فلاديمير بوتين`, `فلاديمير بوتن`). A closure `Fn(&str) -> u64`
    /// counting the articles of a word or phrase is a corpus too. A name of
    /// more than [`MAX_NAME_WORDS`] words is not a name: it resolves to
    /// nothing (and costs nothing: a Latin word's spelling asks the corpus
    /// hundreds of questions).
    pub fn resolve_in(&self, query: &str, corpus: &dyn Corpus) -> Resolved {
        let query = query.trim();
        if query.split_whitespace().nth(MAX_NAME_WORDS).is_some() {
            return Resolved::default();
        }
        let articles = |text: &str| corpus.articles(text);
        let mut r = if is_latin(query) {
            self.resolve_latin(query, corpus)
        } else {
            let mut ws = words(query);
            // A proclitic on the first word (`لترامب`, `لسعد الحريري`): the
            // form the corpus has the name with most (`بوتين` stays, `وتين`
            // being rare). The name's key and phrases are then that form's,
            // and a one-word phrase is matched with any proclitic anyway.
            if let Some(first) = ws.first() {
                let rest: String = ws[1..].iter().map(|w| format!(" {w}")).collect();
                let best = bare_forms(first)
                    .into_iter()
                    .enumerate()
                    .max_by_key(|(k, f)| (articles(&format!("{f}{rest}")), std::cmp::Reverse(*k)))
                    .map(|(_, f)| f.to_string());
                if let Some(best) = best {
                    ws[0] = best;
                }
            }
            self.resolve_arabic(&ws)
        };
        self.add_named_unknown(query, &mut r, corpus);
        add_titled_full_names(&mut r, corpus);
        self.add_surname(&mut r, corpus);
        add_family_name(&mut r, corpus);
        add_name_and_father(&mut r, corpus);
        add_first_name_alone(&mut r, corpus);
        add_surname_spellings(&mut r, corpus);
        add_first_name_spellings(&mut r, corpus);
        add_first_name_article(&mut r, corpus);
        add_joined_and_split(&mut r, corpus);
        let mut unique: Vec<String> = Vec::with_capacity(r.phrases.len());
        for p in std::mem::take(&mut r.phrases) {
            if !unique.contains(&p) {
                unique.push(p);
            }
        }
        r.phrases = unique;
        r
    }

    /// A one-word query that names gazetteer people by their surname may
    /// also mean someone the gazetteer does not list (the query is then
    /// ambiguous):
    /// - spelled otherwise than any of theirs (it met them on its skeleton)
    ///   and written in more than [`NAMED_UNKNOWN_SHARE`] times as many
    ///   articles as their own spellings, the word as typed: with Merkel
    ///   unlisted, `ميركل` is written far more than Meghan Markle's `ماركل`;
    /// - else the unknown person with that surname (two or more words) the
    ///   corpus names in more than [`NAMED_UNKNOWN_SHARE`] times as many
    ///   articles as any of them: with `بشار الأسد` unlisted, `الأسد` and
    ///   `Assad` mean him as well as the listed `حافظ الأسد`.
    fn add_named_unknown(&self, query: &str, r: &mut Resolved, corpus: &dyn Corpus) {
        // One word: a listed Latin full name carries no Arabic words to
        // count, and is that person (`Aguila Saleh`, not `طارق صالح`).
        if r.ids.is_empty()
            || r.unknown_key.is_some()
            || r.words.len() > 1
            || (is_latin(query) && query.split_whitespace().nth(1).is_some())
        {
            return;
        }
        let typed: Vec<String> = r
            .words
            .iter()
            .flat_map(|w| bare_forms(w))
            .filter(|w| is_arabic(w))
            .map(str::to_string)
            .collect();
        let mut listed_spellings: Vec<String> = Vec::new();
        for id in &r.ids {
            let Some(e) = self.gazetteer.get(id) else {
                continue;
            };
            for name in e.ar.iter().chain(&e.short) {
                if let Some(last) = words(name).pop() {
                    listed_spellings.push(last);
                }
            }
        }
        listed_spellings.retain(|w| is_arabic(w));
        listed_spellings.sort();
        listed_spellings.dedup();
        let most = |ws: &[String]| {
            ws.iter()
                .map(|w| (corpus.articles(w), w))
                .max()
                .map(|(n, w)| (n, w.clone()))
        };
        if !typed.is_empty() && typed.iter().all(|t| !listed_spellings.contains(t)) {
            let listed = most(&listed_spellings).map_or(0, |(n, _)| n);
            if let Some((n, word)) = most(&typed)
                && n > NAMED_UNKNOWN_SHARE * listed
            {
                r.unknown_key = Some(format!("{UNKNOWN_PREFIX}{word}"));
                r.phrases = vec![word];
                return;
            }
        }
        let mut surnames = typed;
        surnames.extend(listed_spellings);
        surnames.sort();
        surnames.dedup();
        if surnames.is_empty() {
            return;
        }
        let listed = r
            .ids
            .iter()
            .map(|id| corpus.person_articles(id))
            .max()
            .unwrap_or(0);
        let pattern = format!("({})", surnames.join("|"));
        let Some((key, n)) = names_ending(corpus, &pattern)
            .into_iter()
            .max_by_key(|(_, n)| *n)
        else {
            return;
        };
        let Some(name) = key.strip_prefix(UNKNOWN_PREFIX) else {
            return;
        };
        if n <= NAMED_UNKNOWN_SHARE * listed {
            return;
        }
        let name: Vec<String> = name.split(' ').map(str::to_string).collect();
        let unknown = self.resolve_arabic(&name);
        if unknown.ids.is_empty() && unknown.unknown_key.is_some() {
            r.unknown_key = unknown.unknown_key;
            r.other_keys = unknown.other_keys;
            r.phrases = unknown.phrases;
        }
    }

    /// The surname alone of an unknown full name, as one more phrase, when it
    /// names the person. It must be a shorter key of the name (so a name, not
    /// a role, and no father's name or compound end) and no compound. Then:
    /// - four firm letters, no article and no common name (at most
    ///   [`MAX_SHARED_SURNAME`] Wikidata people) are enough: a foreign
    ///   surname (`ميركل`, `غوتيريش`);
    /// - with three, the corpus must show that it stands for the name: it is
    ///   in at most [`SURNAME_SHARE`] times as many articles as the full name
    ///   (`فلاديمير بوتين`: `بوتين`), which a common word never is (`صلاح
    ///   جديد`: `جديد`);
    /// - a common name, or a family name with the article and two firm
    ///   letters or more, must be in at most [`CLOSE_SURNAME_SHARE`] times as
    ///   many articles, the corpus's people must rarely have it as a first
    ///   name (at most [`MAX_FIRST_NAME_USE`] of its uses as a last one:
    ///   `صلاح` of `محمد صلاح` is `صلاح قابيل`'s first name), and their
    ///   names must account for [`MIN_NAME_USE`] of its articles (`الصدر`,
    ///   of `مقتدى الصدر`, is mostly a chest). `ترامب` (12 Wikidata Trumps)
    ///   and `الأسد` pass. A common name without the article that everyone
    ///   the corpus names with it has with this name's first names, and
    ///   nobody as a first name (before a name word: `صلاح قابيل`), is held
    ///   to the second rule instead (`تيبو كورتوا`: 30 Wikidata people are
    ///   Courtois).
    ///
    /// A surname of a two-letter skeleton (`ميسي`) is held to the last rule
    /// too. A common name or such a surname that fails loses its shorter key:
    /// its mentions alone (`قال صالح`) are anyone's.
    fn add_surname(&self, r: &mut Resolved, corpus: &dyn Corpus) {
        let Some(name) = r.unknown_name().map(str::to_string) else {
            return;
        };
        let Some(last) = name.rsplit(' ').next().filter(|_| name.contains(' ')) else {
            return;
        };
        let surname_key = format!("{UNKNOWN_PREFIX}{last}");
        // Arabic letters only: the word goes into the corpus's patterns.
        if let Some(apart) = compound_variants(last).filter(|_| last.starts_with("عبد")) {
            // `عبد الرحمن` alone is a first name far more than anyone's
            // surname (`رامي عبد الرحمن`): its mentions alone do not count.
            let apart = format!("{UNKNOWN_PREFIX}{apart}");
            r.other_keys.retain(|k| *k != surname_key && *k != apart);
            return;
        }
        if !is_arabic(last)
            || !r.other_keys.contains(&surname_key)
            || compound_variants(last).is_some()
            || r.phrases.iter().any(|p| p == last)
        {
            return;
        }
        if self.surname_of_others(r, &name, last, corpus) {
            // Its mentions alone are someone else's as much (`فهد التميمي`
            // beside `عهد التميمي`; `قاسم سليماني`, listed, for `إسلام
            // سليماني`).
            r.other_keys.retain(|k| *k != surname_key);
            return;
        }
        let firm = firm_letters(&key(last));
        let plain = !last.starts_with("ال") && name_word_count(last) <= MAX_SHARED_SURNAME;
        let full = || full_name_articles(r, corpus);
        let alone = || corpus.articles(last);
        let vouched = || within_surname_share(r, corpus, alone());
        let close = || {
            let (full, alone) = (full() as f64, alone() as f64);
            if full == 0.0 || alone > CLOSE_SURNAME_SHARE * full {
                return false;
            }
            let as_last: u64 = names_ending(corpus, last).iter().map(|(_, n)| n).sum();
            let as_first = names_starting_articles(corpus, last);
            as_first as f64 <= MAX_FIRST_NAME_USE * as_last as f64
                && as_last as f64 >= MIN_NAME_USE * alone
        };
        let skeleton = key(last);
        let short = skeleton.chars().nth(2).is_none();
        // A surname many Wikidata people share (`كورتوا`, 30 Courtois) is
        // still this person's alone when everyone the corpus names with it
        // has this name's first names and nobody has it as a first name.
        let sole = || {
            let head = &name[..name.len() - last.len()];
            let people = names_ending(corpus, last);
            !people.is_empty()
                && people.iter().all(|(k, _)| {
                    k.strip_prefix(UNKNOWN_PREFIX)
                        .and_then(|n| n.strip_suffix(last))
                        .is_some_and(|h| ends_with_words(head.trim_end(), h.trim_end()))
                })
                && !names_starting(corpus, last).iter().any(|(k, _)| {
                    // Run into a word that is no name (`كورتوا ليسدد`,
                    // "Courtois to shoot"), it is no first name.
                    k.split(' ').nth(1).is_some_and(|next| {
                        name_word_count(next) > 0 || COMPOUND_ENDS.contains(&next)
                    })
                })
        };
        let taken = if plain && !short {
            firm >= 4 || (firm == 3 && vouched())
        } else if short {
            // Two consonants (`ميسي`: مس), not a long vowel and one (`اون`:
            // ان, which is also "on" in `أون لاين`).
            !skeleton.starts_with(['ا', 'و', 'ي']) && firm >= 2 && close()
        } else {
            firm >= 2 && (close() || (!last.starts_with("ال") && sole() && vouched()))
        };
        if taken {
            r.phrases.push(last.to_string());
        } else if short || name_word_count(last) > MAX_SHARED_SURNAME {
            // Nor do the mentions of a common name or a two-letter skeleton
            // alone (`قال صالح`, `قال عون`).
            r.other_keys.retain(|k| *k != surname_key);
        }
    }

    /// Whether other people have the surname `last` of the unknown `name`
    /// more than this person: gazetteer people whose surname or short form
    /// it is, in more articles than the extractor names this person in (or
    /// the full name is written in, if fewer: `قاسم سليماني` against `إسلام
    /// سليماني`; `بيل كلينتون`, named in 48, against `هيلاري كلينتون`, named
    /// in 18 and written in 103); or the people the extractor names with it after
    /// other first names, in [`OTHERS_SURNAME_SHARE`] times as many articles
    /// as it names this person in or more, and in [`MIN_OTHERS_ARTICLES`]
    /// (`فهد التميمي`, `يوسي كوهين`, against `عهد التميمي`, `مايكل كوهين`),
    /// when it names this person at all: a name the rules never find
    /// (`سيرغي سكريبال`, no title before it) gives nothing to weigh. A first
    /// name spelled a letter otherwise is this person's (`ماوريسيو ساري`,
    /// `ماوريتسيو ساري`), as is a longer name that ends in this one.
    fn surname_of_others(&self, r: &Resolved, name: &str, last: &str, corpus: &dyn Corpus) -> bool {
        let listed: u64 = self
            .gazetteer
            .with_last_word(last)
            .map(|e| corpus.person_articles(&e.id))
            .sum();
        // Weighed as the extractor names each (`بيل كلينتون`, listed, in 48
        // articles; `هيلاري كلينتون` named in 18, written in 103), or by the
        // full name's phrase when the extractor names this person less.
        let named = r
            .unknown_key
            .as_ref()
            .map_or(0, |k| corpus.person_articles(k));
        if listed > named.min(full_name_articles(r, corpus)) {
            return true;
        }
        let head = name[..name.len() - last.len()].trim_end();
        let first = |h: &str| -> Vec<char> {
            fold_first_name(h.rsplit(' ').next().unwrap_or(h))
                .chars()
                .collect()
        };
        let own_first = first(head);
        let own = |h: &str| {
            let f = first(h);
            ends_with_words(h, head)
                || ends_with_words(head, h)
                || (f.first() == own_first.first()
                    && crate::text::edit_distance(&f, &own_first) <= 1)
        };
        let (mut mine, mut others) = (0, 0);
        for (k, n) in names_ending(corpus, last) {
            let Some(h) = k
                .strip_prefix(UNKNOWN_PREFIX)
                .and_then(|n| n.strip_suffix(last))
                .map(str::trim_end)
            else {
                continue;
            };
            if own(h) {
                mine += n;
            } else {
                others += n;
            }
        }
        mine > 0 && others >= MIN_OTHERS_ARTICLES && others >= OTHERS_SURNAME_SHARE * mine
    }

    fn resolve_latin(&self, query: &str, corpus: &dyn Corpus) -> Resolved {
        let g = &self.gazetteer;
        let folded = fold_latin(query);
        // An English possessive (`Lavrov's` folds to `lavrov s`).
        let folded = folded
            .strip_suffix(" s")
            .map_or(folded.clone(), str::to_string);
        if let Some(e) = g.latin.get(&folded) {
            return Resolved {
                ids: self.ids(e),
                ..Resolved::default()
            };
        }
        if !folded.contains(' ')
            && let Some(e) = g.latin_last.get(&folded)
        {
            return Resolved {
                ids: self.ids(e),
                ..Resolved::default()
            };
        }
        // Not a listed Latin name: write it in Arabic, word by word.
        let (mut arabic, mut others) = spell_latin(&folded, corpus, &g.latin_words);
        // Articles of the phrase, its compounds joined or apart.
        let written = |words: &[String]| {
            corpus
                .articles(&words.join(" "))
                .max(corpus.articles(&split_compounds(words).join(" ")))
        };
        if let Some(apart) = latin_compounds_apart(&folded) {
            // `Abdelkarim`, `Saadeddine`, `Binali`: the Arabic writes two
            // words (`بن علي يلدريم`, where `Binali` alone is `بين الدم`,
            // "between the blood").
            let (a, o) = spell_latin(&apart, corpus, &g.latin_words);
            if !a.is_empty() && written(&a) > written(&arabic) {
                (arabic, others) = (a, o);
            }
        }
        if arabic.is_empty() {
            return Resolved::default();
        }
        let mut r = self.resolve_arabic(&arabic);
        if r.ids.is_empty() {
            // The other ways the corpus writes the whole name (`Nikki
            // Haley`: `نيكي هايلي`, `نيكي هيلي`) are the same unknown person.
            for other in others {
                let o = self.resolve_arabic(&other);
                // Written as a name, not only as words (`Unai Emery`: `ان
                // امير`, "that a prince").
                if !o.ids.is_empty()
                    || o.unknown_key
                        .as_ref()
                        .is_none_or(|k| corpus.person_articles(k) == 0)
                {
                    continue;
                }
                for k in o.unknown_key.into_iter().chain(o.other_keys) {
                    if Some(&k) != r.unknown_key.as_ref() && !r.other_keys.contains(&k) {
                        r.other_keys.push(k);
                    }
                }
                r.phrases.extend(o.phrases);
            }
        }
        if r.ids.is_empty()
            && let Some((first, last)) = folded.split_once(' ').zip(folded.rsplit_once(' '))
            && let Some(e) = g.latin_last.get(last.1)
        {
            // "Sergei Lavrov" spelled otherwise: its last word, when a listed
            // Latin name with it starts with about the same word ("Sergey";
            // not "Aguila Saleh" for "Ali Abdullah Saleh").
            let same: Vec<usize> = e
                .iter()
                .copied()
                .filter(|&i| {
                    g.entries().get(i).is_some_and(|entry| {
                        entry.en.iter().any(|name| {
                            let name = fold_latin(name);
                            name.split(' ')
                                .next()
                                .is_some_and(|w| close_spellings(w, first.0))
                        })
                    })
                })
                .collect();
            if !same.is_empty() {
                return Resolved {
                    ids: self.ids(&same),
                    ..r
                };
            }
        }
        r
    }

    pub(crate) fn resolve_arabic(&self, ws: &[String]) -> Resolved {
        let toks: Vec<Tok> = ws
            .iter()
            .map(|w| Tok::new(w.clone(), 0, 0, 0, 0, false))
            .collect();
        if toks.is_empty() {
            return Resolved::default();
        }
        // A title first (الرئيس بوتين) qualifies the name: try without it too.
        let mut starts = vec![0];
        // Not a title that is also a common first name (`خليفة حفتر`).
        let title_first = toks[0].is(flag::TITLE)
            && (toks[0].norm.starts_with("ال")
                || name_word_count(&toks[0].norm) < SETTLED_NAME_COUNT);
        if let Some(j) = self.after_title(&toks, 0).filter(|_| title_first) {
            starts.push(j);
        }
        for &s in &starts {
            let rest = &toks[s..];
            if rest.is_empty() {
                continue;
            }
            if let Some(h) = self.role_at(rest, 0).filter(|h| h.len == rest.len()) {
                return Resolved {
                    ids: self.ids(&h.entries),
                    words: ws.to_vec(),
                    ..Resolved::default()
                };
            }
            if let Some(h) = self.name_at(rest, 0).filter(|h| h.len == rest.len()) {
                return Resolved {
                    ids: self.ids(&h.entries),
                    words: ws.to_vec(),
                    ..Resolved::default()
                };
            }
            if rest.len() == 1 {
                let ids = self.surname_ids(&rest[0]);
                if !ids.is_empty() {
                    return Resolved {
                        ids,
                        words: ws.to_vec(),
                        ..Resolved::default()
                    };
                }
            }
        }
        // Unknown: the key is the name without its title (mentions are
        // stored so); the text match keeps the title, which narrows it.
        let name = &ws[starts.last().copied().unwrap_or(0).min(ws.len() - 1)..];
        let main_key = format!("{UNKNOWN_PREFIX}{}", name.join(" "));
        let split_name = split_compounds(name);
        let joined_name = join_compounds(&split_name);
        // Shorter keys and the surname alone only for a name, not a role
        // (`وزير الخارجية الروسي` must not become `الروسي`).
        let name_toks = &toks[toks.len() - name.len()..];
        let looks_like_name = name_toks.iter().any(|t| {
            name_word_count(&t.norm) > 0 || t.norm.starts_with("عبد") || t.norm.starts_with("ابو")
        }) && name_toks.iter().enumerate().all(|(n, t)| {
            // A title counts as the first name it also is (`خليفة حفتر`).
            (!t.is(flag::TITLE) || (n == 0 && name.len() == ws.len() && !title_first))
                && !t.is(flag::TITLE_LINK)
                && !t.is(flag::PLACE)
                // `علي` is also `على` once normalized: a common name is a name.
                && (name_word_count(&t.norm) >= SETTLED_NAME_COUNT
                    || !t.is(flag::NOT_NAME) && !khabar_analysis::is_stopword(&t.norm))
        });
        let mut other_keys: Vec<String> = Vec::new();
        for variant in [name, &split_name[..], &joined_name[..]] {
            let last_key = variant.last().map(|w| key(w)).unwrap_or_default();
            if !looks_like_name {
                continue;
            }
            // A surname of a two-letter skeleton (`ميسي`: مس) meets too many
            // words: only its key alone, which `add_surname` keeps only when
            // the corpus vouches for it.
            let cuts: Vec<usize> = if last_key.chars().nth(2).is_some() {
                (0..variant.len()).collect()
            } else if variant.len() > 1 && last_key.chars().nth(1).is_some() {
                vec![variant.len() - 1]
            } else {
                Vec::new()
            };
            for k in cuts {
                let first = &variant[k];
                let cut_ok = k == 0
                    || !(PATRONYMIC.contains(&variant[k - 1].as_str())
                        || PATRONYMIC.contains(&first.as_str())
                        || variant[k - 1] == "ابو"
                        || variant[k - 1] == "عبد"
                        || COMPOUND_ENDS.contains(&first.as_str())
                        || SURNAME_ENDS.contains(&first.as_str()));
                let candidate = format!("{UNKNOWN_PREFIX}{}", variant[k..].join(" "));
                if cut_ok && candidate != main_key && !other_keys.contains(&candidate) {
                    other_keys.push(candidate);
                }
            }
        }
        // The text as typed, and, for a full name after a title, the name
        // alone (`الرئيس الفلسطيني محمود عباس`: most articles name him
        // without the title). A one-word name keeps its title (`الملك سلمان`,
        // not every `سلمان`).
        let mut texts = vec![ws];
        if name.len() >= 2 && name.len() < ws.len() && looks_like_name {
            texts.push(name);
        }
        let mut phrases: Vec<String> = Vec::new();
        for t in texts {
            let split = split_compounds(t);
            for p in [
                t.join(" "),
                split.join(" "),
                join_compounds(&split).join(" "),
            ] {
                if !phrases.contains(&p) {
                    phrases.push(p);
                }
            }
        }
        Resolved {
            ids: Vec::new(),
            unknown_key: Some(main_key),
            other_keys,
            words: ws.to_vec(),
            phrases,
        }
    }

    /// Gazetteer people whose surname is this one word: spelled as written
    /// first; skeleton variants only when nothing is spelled so (`ميركل` is
    /// Merkel, not also Meghan ماركل, although both have the skeleton مركل).
    fn surname_ids(&self, tok: &Tok) -> Vec<String> {
        let mut ids = Vec::new();
        if let Some(h) = self.short_at(std::slice::from_ref(tok), 0) {
            ids = self.ids(&h.entries);
        }
        for exact in [true, false] {
            if !exact && !ids.is_empty() {
                break;
            }
            for (form, k) in tok.forms() {
                let Some(e) = self.last_words.get(k) else {
                    continue;
                };
                // A variant must have a long skeleton (`ميسي` and `موسى`
                // share مس) and agree on a final ي, which the skeleton drops
                // (`سلمان` is not `سليماني`).
                let variant_ok =
                    |w: &str| firm_letters(k) >= 4 && w.ends_with('ي') == form.ends_with('ي');
                let found: Vec<usize> = e
                    .iter()
                    .filter(|(_, w)| if exact { w == form } else { variant_ok(w) })
                    .map(|(i, _)| *i)
                    .collect();
                for id in self.ids(&found) {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        ids
    }
}

/// Most full names a title and a surname are read as
/// ([`add_titled_full_names`]).
const MAX_TITLED_NAMES: usize = 3;

/// Most full names with the surname [`add_titled_full_names`] looks at.
const MAX_TITLED_CANDIDATES: usize = 20;

/// A full name written after a title needs at least this share of the
/// articles of the title and the surname ([`add_titled_full_names`]).
const TITLED_NAME_SHARE: u64 = 10;

/// A title and a surname (`القس برانسون`) also mean the full names with
/// that surname the corpus writes after the same title (`القس اندرو
/// برانسون`), and not the others (`ريتشارد برانسون`): each adds its key and
/// its phrase, most written first.
fn add_titled_full_names(r: &mut Resolved, corpus: &dyn Corpus) {
    let Some(surname) = r
        .unknown_name()
        .filter(|n| !n.contains(' '))
        .map(str::to_string)
    else {
        return;
    };
    let [title @ .., last] = &r.words[..] else {
        return;
    };
    if title.is_empty() || *last != surname || !is_arabic(&surname) {
        return;
    }
    let title = title.join(" ");
    let typed = corpus.articles(&format!("{title} {surname}"));
    // The most named first: each costs a phrase count.
    let mut names = names_ending(corpus, &surname);
    names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    names.truncate(MAX_TITLED_CANDIDATES);
    let mut found: Vec<(String, u64)> = names
        .into_iter()
        .filter_map(|(k, _)| {
            let full = k.strip_prefix(UNKNOWN_PREFIX)?.to_string();
            // A father's name is no surname (`محمد بن سلمان` for `الملك سلمان`).
            let (head, _) = full.rsplit_once(' ')?;
            let father = head
                .rsplit(' ')
                .next()
                .is_some_and(|w| matches!(w, "بن" | "ابن" | "بنت" | "ولد"));
            let titled = corpus.articles(&format!("{title} {full}"));
            (!father && titled > 0 && titled * TITLED_NAME_SHARE >= typed).then_some((full, titled))
        })
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (full, _) in found.into_iter().take(MAX_TITLED_NAMES) {
        r.add_other_name(full);
    }
}

/// An other spelling of a surname is searched alone only when the corpus
/// writes the word in at most this many times the articles that name the
/// person with it ([`add_surname_spellings`]).
const SPELLING_ALONE_SHARE: u64 = 3;

/// Other spellings of a short unknown surname, from the corpus: three firm
/// letters are too few for [`name_word_pattern`]'s variants, which would meet
/// other names (`مورينيو`, Mourinho; `مورينو`, Lenín Moreno). A spelling
/// counts when most articles that name someone with it (two or more words)
/// give a first name the surname as typed has too (`فلاديمير بوتن` beside
/// `فلاديمير بوتين`; but `لينين مورينو` is not `جوزيه مورينيو`). Each
/// adds the keys and phrases of the name so spelled.
fn add_surname_spellings(r: &mut Resolved, corpus: &dyn Corpus) {
    let Some(name) = r.unknown_name().map(str::to_string) else {
        return;
    };
    let surname = name.rsplit(' ').next().unwrap_or(&name).to_string();
    if surname.starts_with("ال") || compound_variants(&surname).is_some() {
        return;
    }
    let Some((_, chars, 2..=3)) = pattern_parts(&surname) else {
        return;
    };
    let mut pattern = String::new();
    push_variants(&mut pattern, &chars, false);
    let names = names_ending(corpus, &pattern);
    let split = |k: &str| -> Option<(String, String)> {
        let (first, last) = k.strip_prefix(UNKNOWN_PREFIX)?.rsplit_once(' ')?;
        Some((first.to_string(), last.to_string()))
    };
    let mut firsts: Vec<String> = names
        .iter()
        .filter_map(|(k, _)| split(k))
        .filter(|(_, last)| *last == surname)
        .map(|(first, _)| first)
        .collect();
    if let Some((first, _)) = name.rsplit_once(' ') {
        firsts.push(first.to_string());
    }
    // Per other spelling: articles of the names with it, and of those whose
    // first name the surname as typed has.
    let mut spellings: Vec<(String, u64, u64)> = Vec::new();
    for (k, n) in &names {
        let Some((first, last)) = split(k) else {
            continue;
        };
        if last == surname {
            continue;
        }
        let shared = if firsts.contains(&first) { *n } else { 0 };
        match spellings.iter_mut().find(|(l, ..)| *l == last) {
            Some(s) => {
                s.1 += n;
                s.2 += shared;
            }
            None => spellings.push((last, *n, shared)),
        }
    }
    spellings.retain(|(_, all, shared)| *shared > 0 && 2 * shared >= *all);
    spellings.sort_by_key(|(_, _, shared)| std::cmp::Reverse(*shared));
    spellings.truncate(MAX_SURNAME_SPELLINGS);
    for (spelling, _, shared) in spellings {
        let respell = |text: &str| -> Option<String> {
            if text == surname {
                return Some(spelling.clone());
            }
            let head = text.strip_suffix(surname.as_str())?;
            head.ends_with(' ').then(|| format!("{head}{spelling}"))
        };
        let keys: Vec<String> = std::iter::once(format!("{UNKNOWN_PREFIX}{name}"))
            .chain(r.other_keys.iter().cloned())
            .collect();
        for k in keys {
            if let Some(respelled) = k.strip_prefix(UNKNOWN_PREFIX).and_then(respell) {
                r.add_other_key(&respelled);
            }
        }
        // Alone, the other spelling must be written mostly for this name:
        // `برونو لامير` is Le Maire, but `لامير` alone is mostly `ل` +
        // `امير` ("to the emir"). Otherwise a surname typed alone is
        // searched in that spelling after the first names both spellings
        // are written with (`نيكي هيلي` for `هايلي`); a full name typed,
        // after its own first names only (above).
        let alone = corpus.articles(&spelling) <= SPELLING_ALONE_SHARE * shared;
        let mut phrases: Vec<String> = r
            .phrases
            .iter()
            .filter(|p| alone || **p != surname)
            .filter_map(|p| respell(p))
            .collect();
        if !alone && !name.contains(' ') {
            phrases.extend(firsts.iter().map(|first| format!("{first} {spelling}")));
        }
        r.phrases.extend(phrases);
    }
}

/// The articles of the full name as the corpus writes it most (its phrases
/// of two words or more: compounds joined or apart, other spellings).
fn full_name_articles(r: &Resolved, corpus: &dyn Corpus) -> u64 {
    r.phrases
        .iter()
        .filter(|p| p.contains(' '))
        .map(|p| corpus.articles(p))
        .max()
        .unwrap_or(0)
}

/// Whether a part of an unknown name, in `alone` articles, is in at most
/// [`SURNAME_SHARE`] times as many as the full name (which is written).
fn within_surname_share(r: &Resolved, corpus: &dyn Corpus, alone: u64) -> bool {
    let full = full_name_articles(r, corpus);
    full > 0 && alone <= SURNAME_SHARE * full
}

/// Whether the word has Arabic letters only (hamza to yeh, as normalized),
/// so that it may go into the corpus's patterns as it is.
fn arabic_letters_only(word: &str) -> bool {
    word.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

/// A name that ends in `بن X`, a family name in Yemen and the Gulf (`أحمد
/// عبيد بن دغر`), is written with the first name alone before it (`أحمد بن
/// دغر`) when the corpus names someone so, and as `بن X` alone (`بن دغر`)
/// when everyone the corpus names with that ending is this person: the first
/// name, or a shorter end of the name (`محمد بن سلمان` and `خالد بن سلمان`
/// share `بن سلمان`, which stays a father's name), and `بن X` is in at most
/// [`SURNAME_SHARE`] times as many articles as the full name.
fn add_family_name(r: &mut Resolved, corpus: &dyn Corpus) {
    let Some(name) = r.unknown_name().map(str::to_string) else {
        return;
    };
    let ws: Vec<&str> = name.split(' ').collect();
    let n = ws.len();
    if n < 3 || ws[n - 2] != "بن" {
        return;
    }
    let last = ws[n - 1];
    if !arabic_letters_only(last) || last.starts_with("عبد") || COMPOUND_ENDS.contains(&last) {
        return;
    }
    let family = format!("بن {last}");
    let shortest = format!("{} {family}", ws[0]);
    if n > 3 && names_unknown(corpus, &shortest) {
        r.add_other_name(shortest);
    }
    let named = names_ending(corpus, &family);
    let ours = |k: &str| {
        k.strip_prefix(UNKNOWN_PREFIX).is_some_and(|k| {
            (name.ends_with(k) && name[..name.len() - k.len()].ends_with(' '))
                || k.split(' ').next() == Some(ws[0])
        })
    };
    if named.is_empty() || !named.iter().all(|(k, _)| ours(k)) {
        return;
    }
    if within_surname_share(r, corpus, corpus.articles(&family)) {
        r.add_other_name(family);
    }
}

/// A longer name that starts with a first name and `بن` is also written as
/// those and the father's name alone (`خالد بن أحمد` for `خالد بن أحمد آل
/// خليفة`, `زيد بن رعد` for `زيد بن رعد الحسين`), when the index names
/// someone so. And a name of three words or more is written with or without
/// the `بن` after the first name (`زيد رعد الحسين`, `زيد بن رعد الحسين`),
/// when the index names someone in the other way too.
fn add_name_and_father(r: &mut Resolved, corpus: &dyn Corpus) {
    let Some(name) = r.unknown_name().map(str::to_string) else {
        return;
    };
    let ws: Vec<&str> = name.split(' ').collect();
    if ws.len() < 3 {
        return;
    }
    let other = if ws[1] == "بن" {
        std::iter::once(ws[0])
            .chain(ws[2..].iter().copied())
            .collect::<Vec<_>>()
    } else if !PATRONYMIC.contains(&ws[1]) {
        [&ws[..1], &["بن"], &ws[1..]].concat()
    } else {
        Vec::new()
    };
    let mut forms = Vec::new();
    if other.len() >= 3 {
        forms.push(other.join(" "));
    }
    for form in [&ws[..], &other[..]] {
        if form.len() >= 4 && form[1] == "بن" {
            forms.push(form[..3].join(" "));
        }
    }
    for form in forms {
        if names_unknown(corpus, &form) {
            r.add_other_name(form);
        }
    }
}

/// Most Wikidata people a first name may have to count alone
/// ([`add_first_name_alone`]).
const MAX_RARE_FIRST_NAME: u32 = 3;

/// The first name alone of an unknown full name, as one more key and
/// phrase, when it is rare and this person's: at most
/// [`MAX_RARE_FIRST_NAME`] Wikidata people have it, three firm letters or
/// more, everyone the corpus names with it is this person and nobody has it
/// as a surname, and it is in at
/// most [`SURNAME_SHARE`] times as many articles as the full name. People
/// the news calls by their first name (`ميلانيا` of `ميلانيا ترامب`, whose
/// surname alone is her husband's) are found so; common first names never
/// are (`محمد`, `جان`).
fn add_first_name_alone(r: &mut Resolved, corpus: &dyn Corpus) {
    let Some(name) = r.unknown_name().map(str::to_string) else {
        return;
    };
    let Some((first, rest)) = name.split_once(' ') else {
        return;
    };
    if !arabic_letters_only(first)
        || first.starts_with("عبد")
        || first.starts_with("ابو")
        || first.starts_with("ال")
        || name_word_count(first) > MAX_RARE_FIRST_NAME
        || firm_letters(&key(first)) < 3
    {
        return;
    }
    let named = names_starting(corpus, first);
    let ours = |k: &str| {
        k.strip_prefix(UNKNOWN_PREFIX)
            .and_then(|n| n.strip_prefix(first))
            .and_then(|tail| tail.strip_prefix(' '))
            .and_then(|tail| tail.strip_prefix(rest))
            // A name run into the next word is still hers (`ميلانيا ترامب كينيا`).
            .is_some_and(|after| after.is_empty() || after.starts_with(' '))
    };
    // Nor anyone's surname (`سورانا كريستيا`, Sorana Cîrstea, for `كريستيا
    // فريلاند`).
    if named.is_empty()
        || !named.iter().all(|(k, _)| ours(k))
        || !names_ending(corpus, first).is_empty()
    {
        return;
    }
    let alone = corpus.articles(first);
    if alone > 0 && within_surname_share(r, corpus, alone) {
        r.add_other_name(first.to_string());
    }
}

/// The unknown full name with its first name written with the article or
/// without it, when the corpus writes it so: Maghreb news writes `المهدي بن
/// غربية` and `المهدي بن عطية` for the `مهدي` a user types, and `الهادي`,
/// `الطاهر`, `الحبيب` beside `هادي`, `طاهر`, `حبيب`. The rest of the name
/// holds the variant to the person.
fn add_first_name_article(r: &mut Resolved, corpus: &dyn Corpus) {
    let Some(name) = r.unknown_name().map(str::to_string) else {
        return;
    };
    let Some((first, rest)) = name.split_once(' ') else {
        return;
    };
    if !arabic_letters_only(first) || first.starts_with("عبد") || first.starts_with("ابو") {
        return;
    }
    let (bare, other) = match first.strip_prefix("ال") {
        Some(bare) => (bare.to_string(), bare.to_string()),
        None => (first.to_string(), format!("ال{first}")),
    };
    // A first name either way (`المهدي`: `مهدي`), not the article's word
    // (`السيد`).
    if firm_letters(&key(&bare)) < 3 || name_word_count(&bare) == 0 {
        return;
    }
    let variant = format!("{other} {rest}");
    if corpus.articles(&variant) == 0 {
        return;
    }
    if names_unknown(corpus, &variant) {
        r.add_other_key(&variant);
    }
    r.phrases.push(variant);
}

/// Other spellings of an unknown full name's first names, from the corpus:
/// the names it holds with the same surname and first names that fold alike
/// ([`fold_spelling`]: `ميشيل عون` typed, `ميشال عون` written; `سيرجيو
/// راموس`, `سيرخيو راموس`). Each adds its key and its phrase. The surname
/// must be written as typed, so that two first names of one skeleton and one
/// surname are taken for one person, and two common names that share a
/// skeleton are not one (`محمد صلاح` is not `محمود صلاح`), though a rare
/// spelling of one is (`سيرخيو راموس`, `سيرجيو راموس`). First names also
/// fold `ك` with `خ` ([`fold_first_name`]).
fn add_first_name_spellings(r: &mut Resolved, corpus: &dyn Corpus) {
    let Some(name) = r.unknown_name().map(str::to_string) else {
        return;
    };
    let Some((first, surname)) = name.rsplit_once(' ') else {
        return;
    };
    if !is_arabic(surname) {
        return;
    }
    let skeletons =
        |words: &str| -> Vec<String> { words.split(' ').map(fold_first_name).collect() };
    let wanted = skeletons(first);
    let mut found: Vec<String> = names_ending(corpus, surname)
        .into_iter()
        .filter_map(|(k, _)| {
            let (other, last) = k.strip_prefix(UNKNOWN_PREFIX)?.rsplit_once(' ')?;
            // Two common names of one skeleton are other names (`محمد`,
            // `محمود`); a rare spelling of a common one is not (`سيرخيو`,
            // `سيرجيو`).
            let settled = first
                .split(' ')
                .zip(other.split(' '))
                .any(|(a, b)| a != b && is_settled_name(a) && is_settled_name(b));
            (last == surname && other != first && !settled && skeletons(other) == wanted)
                .then(|| format!("{other} {surname}"))
        })
        .collect();
    found.truncate(MAX_SURNAME_SPELLINGS);
    for respelled in found {
        r.add_other_name(respelled);
    }
}

/// Last words of surnames written apart that are no surname alone: Turkish
/// `اوغلو` ("son of": `جاويش أوغلو`, `قليجدار أوغلو`) stands for any of
/// them.
const SURNAME_ENDS: &[&str] = &["اوغلو"];

/// Least articles a name's other way of writing its parts needs
/// ([`add_joined_and_split`]).
const MIN_RESPELLED_ARTICLES: u64 = 3;

/// A name's other way of writing its parts needs at least this share of
/// the articles of the name as typed (`زيدان`: `أبو زيد أن` is no Zidane).
const RESPELLED_SHARE: u64 = 10;

/// Shortest word [`add_joined_and_split`] cuts in two.
const MIN_SPLIT_LETTERS: usize = 5;

/// An unknown name's parts written together or apart, as the corpus writes
/// them (foreign names: `شي جين بينغ`, `شي جينبينغ`; `لودريان`, `لو
/// دريان`): each such spelling of the whole name, written in at least
/// [`MIN_RESPELLED_ARTICLES`] articles and a [`RESPELLED_SHARE`] of the
/// typed name's, adds its key and phrase. Two neighbouring words joined, or
/// one word (of [`MIN_SPLIT_LETTERS`] or more, not with the article) cut
/// into a head of two letters or more and a tail of three or more; `عبد`
/// and `الله` compounds are [`join_compounds`]'s.
fn add_joined_and_split(r: &mut Resolved, corpus: &dyn Corpus) {
    let Some(name) = r.unknown_name().map(str::to_string) else {
        return;
    };
    let ws: Vec<&str> = name.split(' ').collect();
    if !ws.iter().all(|w| is_arabic(w)) {
        return;
    }
    // The name with words `from..to` replaced by `middle`.
    let respell = |from: usize, to: usize, middle: &str| -> String {
        let mut v: Vec<&str> = ws[..from].to_vec();
        v.push(middle);
        v.extend(&ws[to..]);
        v.join(" ")
    };
    let mut respelled: Vec<String> = Vec::new();
    for (i, word) in ws.iter().enumerate() {
        if let Some(next) = ws.get(i + 1) {
            respelled.push(respell(i, i + 2, &format!("{word}{next}")));
        }
        let chars: Vec<char> = word.chars().collect();
        if chars.len() >= MIN_SPLIT_LETTERS && !word.starts_with("ال") {
            // A head of two letters may be a particle (`لو`, "le"); a tail
            // of two is a function word (`زيد ان`, "Zaid that").
            for cut in 2..=chars.len() - 3 {
                let head: String = chars[..cut].iter().collect();
                let tail: String = chars[cut..].iter().collect();
                respelled.push(respell(i, i + 1, &format!("{head} {tail}")));
            }
        }
    }
    let typed = corpus.articles(&name);
    for spelling in respelled {
        if r.phrases.contains(&spelling) {
            continue;
        }
        let n = corpus.articles(&spelling);
        if n < MIN_RESPELLED_ARTICLES || n * RESPELLED_SHARE < typed {
            continue;
        }
        r.add_other_name(spelling);
    }
}

/// Whether two folded Latin words are spellings of one name: the same first
/// letter and at most two letters changed, added or dropped (`sergei`,
/// `sergey`).
fn close_spellings(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.first() != b.first() || a.len().abs_diff(b.len()) > 2 || a.len().max(b.len()) > 32 {
        return false;
    }
    crate::text::edit_distance(&a, &b) <= 2
}

/// Arabic words for a folded Latin name: titles and articles translated,
/// every other word spelled as the corpus writes it. Each word gets its best
/// spellings the corpus holds (see [`spellings`]); among their combinations
/// the one the corpus holds as a phrase wins (`Michel Aoun`: `ميشال عون`,
/// although the table's `ميشيل` is the commoner word). Also the other
/// combinations the corpus writes in at least a [`OTHER_PHRASE_SHARE`] of
/// the winner's articles whose words fold alike ([`fold_spelling`]), at most
/// [`MAX_OTHER_PHRASES`]: one name spelled otherwise (`نيكي هايلي`, `نيكي
/// هيلي`).
fn spell_latin(
    folded: &str,
    corpus: &dyn Corpus,
    listed: &ListedSpellings,
) -> (Vec<String>, Vec<Vec<String>>) {
    let plain = spell_latin_as(folded, corpus, listed, false);
    // `Al` inside a name may be the family's `آل` rather than the article
    // (`Turki Al-Sheikh`: `تركي آل الشيخ`, `Al Thani`): whichever the
    // corpus writes more.
    if folded.split(' ').skip(1).any(|w| w == "al") {
        let family = spell_latin_as(folded, corpus, listed, true);
        let written = |words: &[String]| corpus.articles(&words.join(" "));
        if written(&family.0) > written(&plain.0) {
            return family;
        }
    }
    plain
}

/// A folded Latin name with the words that join two Arabic words into one
/// written apart, as [`spell_latin`] reads them best (`None` when there are
/// none): `Abd` and the article (`Abdelkarim`, `Abderrahmane`: `abdel karim`,
/// `abdel rahmane`, `عبد الكريم`, `عبد الرحمن`), `Abou` (`Aboutrika`, `أبو
/// تريكة`), `Ben` (`Benatia`, `بن عطية`), `-eddine` (`Saadeddine`, `سعد
/// الدين`) and Persian `-nejad`, `-zadeh` (`Ahmadinejad`, `أحمدي نجاد`).
/// Taken only when the corpus writes the name so more than as typed: many
/// such words are Wikidata words of their own (`Noureddine`, `نورالدين`),
/// and some Arabic writes as one (`Benkirane`, `بنكيران`).
fn latin_compounds_apart(folded: &str) -> Option<String> {
    let apart = |w: &str| -> Option<String> {
        if let Some(m) = w.strip_prefix("abd")
            && !LATIN_ABDULLAH.contains(&w)
        {
            for article in ["el", "al", "ul", "oul", "il", "ol"] {
                if let Some(rest) = m.strip_prefix(article)
                    && rest.len() >= 3
                    && !rest.starts_with("lah")
                {
                    return Some(format!("abdel {rest}"));
                }
            }
            // The article assimilated to a sun letter (`Abderrahmane`,
            // `Abdessalem`, `Abdennour`).
            for vowel in ["e", "ou", "u", "a"] {
                if let Some(rest) = m.strip_prefix(vowel) {
                    let mut letters = rest.chars();
                    if let (Some(a), Some(b)) = (letters.next(), letters.next())
                        && a == b
                        && "rstdnz".contains(a)
                        && rest.len() >= 4
                    {
                        return Some(format!("abdel {}", &rest[1..]));
                    }
                }
            }
        }
        // `Abu` and the article, as [`spell_latin_with`] reads them apart.
        for prefix in ["aboul", "abul"] {
            if let Some(rest) = w.strip_prefix(prefix).filter(|r| r.len() >= 4) {
                return Some(format!("{prefix} {rest}"));
            }
        }
        for prefix in ["abou", "abu", "ben", "bin"] {
            if let Some(rest) = w.strip_prefix(prefix).filter(|r| r.len() >= 3) {
                return Some(format!("{prefix} {rest}"));
            }
        }
        for suffix in [
            "eddine", "eddin", "edine", "uddine", "uddin", "addine", "addin", "iddine", "iddin",
        ] {
            if let Some(head) = w.strip_suffix(suffix).filter(|h| h.len() >= 2) {
                return Some(format!("{head} eddine"));
            }
        }
        for suffix in ["nejad", "nezhad", "zadeh"] {
            if let Some(head) = w.strip_suffix(suffix).filter(|h| h.len() >= 3) {
                return Some(format!("{head} {suffix}"));
            }
        }
        None
    };
    let mut changed = false;
    let words: Vec<String> = folded
        .split(' ')
        .map(|w| match apart(w) {
            Some(two) => {
                changed = true;
                two
            }
            None => w.to_string(),
        })
        .collect();
    changed.then(|| words.join(" "))
}

/// Latin spellings of `Abdullah`, one word to the spelling rules
/// ([`spell_latin_with`], which writes `عبدالله`; not split by
/// [`latin_compounds_apart`]).
const LATIN_ABDULLAH: &[&str] = &["abdullah", "abdallah", "abdulla", "abdellah"];

/// [`spell_latin`] reading `al` as the family's `آل` or not.
fn spell_latin_as(
    folded: &str,
    corpus: &dyn Corpus,
    listed: &ListedSpellings,
    family: bool,
) -> (Vec<String>, Vec<Vec<String>>) {
    match spell_latin_with(folded, SPELLINGS_KEPT, corpus, listed, family) {
        (words, others) if others.is_none() && folded.contains(' ') => {
            // No combination is a phrase the corpus holds: look further down
            // each word's spellings.
            match spell_latin_with(folded, SPELLINGS_WIDE, corpus, listed, family) {
                (wide, Some(others)) => (wide, others),
                _ => (words, Vec::new()),
            }
        }
        (words, others) => (words, others.unwrap_or_default()),
    }
}

/// Weight of the log of the articles naming someone with a spelling
/// ([`add_named_evidence`]): half the model's, so that a famous name does
/// not outweigh a closer spelling (`Essebsi` is `السبسي`, not `السيسي`).
const NAMED_WEIGHT: f64 = 0.5;

/// Raises the score of each spelling by how many articles name someone with
/// it (the corpus's unknown people): a Latin name is a name, so `Modi` is
/// `مودي` (`ناريندرا مودي`), not `مدي` ("range"), the commoner word. Not
/// enough for `Mahrez` alone: `محرز` is the model's 53rd guess, and `ماريز`
/// stays first.
fn add_named_evidence(spellings: &mut [(String, f64)], corpus: &dyn Corpus) {
    let arabic: Vec<&str> = spellings
        .iter()
        .map(|(a, _)| a.as_str())
        .filter(|a| is_arabic(a) && name_word_pattern(a).is_some())
        .collect();
    if arabic.is_empty() {
        return;
    }
    let names = corpus.names_matching(&format!("([^ ]+ )*({})( [^ ]+)*", arabic.join("|")));
    for (a, score) in spellings.iter_mut() {
        let named: u64 = names
            .iter()
            .filter(|(k, _)| {
                k.strip_prefix(UNKNOWN_PREFIX)
                    .is_some_and(|n| n.split(' ').any(|w| w == a))
            })
            .map(|(_, n)| n)
            .sum();
        *score += NAMED_WEIGHT * (named as f64).ln_1p();
    }
}

/// Least share of the chosen phrase's articles another spelling of a Latin
/// name needs to be searched too.
const OTHER_PHRASE_SHARE: u64 = 5;

/// Most other spellings of a Latin name searched too.
const MAX_OTHER_PHRASES: usize = 3;

/// [`spell_latin`] with `kept` spellings per word; the other spellings the
/// corpus holds as phrases (`None` when it holds none, the chosen words
/// included).
fn spell_latin_with(
    folded: &str,
    kept: usize,
    corpus: &dyn Corpus,
    listed: &ListedSpellings,
    family: bool,
) -> (Vec<String>, Option<Vec<Vec<String>>>) {
    let articles = |text: &str| corpus.articles(text);
    let ws: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    // Per position: fixed words (titles, `بن`) or scored alternatives.
    let mut slots: Vec<Vec<(String, f64)>> = Vec::new();
    let mut article = false;
    for (n, w) in ws.iter().enumerate() {
        let last = n + 1 == ws.len();
        if n == 0
            && !last
            && let Some((_, ar)) = LATIN_TITLES.iter().find(|(l, _)| l == w)
        {
            slots.push(vec![((*ar).to_string(), 0.0)]);
            continue;
        }
        if !last && let Some(written) = latin_article(w) {
            // `آل` (normalized), then a name with or without the article
            // (`آل ثاني`, `آل الشيخ`).
            let family = family && n > 0 && *w == "al";
            if !written.is_empty() {
                slots.push(vec![(written.to_string(), 0.0)]);
            } else if family {
                slots.push(vec![("ال".to_string(), 0.0)]);
            }
            article = !family;
            continue;
        }
        if matches!(*w, "bin" | "ibn" | "ben") {
            slots.push(vec![("بن".to_string(), 0.0)]);
            continue;
        }
        // `Aboul Gheit`: `أبو` and the next word's article (`أبو الغيط`).
        if !last && matches!(*w, "aboul" | "abul" | "abol" | "abuel") {
            slots.push(vec![("ابو".to_string(), 0.0)]);
            article = true;
            continue;
        }
        // Wikidata pairs `Abdullah` with `عبد`, the first of its two Arabic
        // words, which the corpus has in every `عبد X`.
        if LATIN_ABDULLAH.contains(w) {
            slots.push(vec![("عبدالله".to_string(), 0.0)]);
            article = false;
            continue;
        }
        let listed = listed.get(*w).map_or(&[][..], Vec::as_slice);
        let alternatives = spellings(w, article, kept, corpus, listed);
        article = false;
        if alternatives.is_empty() {
            return (Vec::new(), None);
        }
        slots.push(alternatives);
    }
    // Combinations, best first by the words' own scores (a small beam).
    let mut combos: Vec<(Vec<&str>, f64)> = vec![(Vec::new(), 0.0)];
    for slot in &slots {
        let mut next: Vec<(Vec<&str>, f64)> = Vec::new();
        for (words, score) in &combos {
            for (a, s) in slot {
                let mut w = words.clone();
                w.push(a.as_str());
                next.push((w, score + s));
            }
        }
        next.sort_by(|x, y| y.1.total_cmp(&x.1));
        next.truncate(PHRASES_TRIED);
        combos = next;
    }
    let mut attested: Vec<(&Vec<&str>, u64, f64)> = if slots.len() > 1 {
        combos
            .iter()
            // No name is function words only (`Kofi Annan` is not `في ان`,
            // "in that", the commonest phrase its spellings make).
            .filter(|(w, _)| !w.iter().all(|x| khabar_analysis::is_stopword(x)))
            .filter_map(|(w, score)| {
                let df = articles(&w.join(" "));
                (df > 0).then(|| (w, df, score + PHRASE_WEIGHT * (df as f64).ln()))
            })
            .collect()
    } else {
        Vec::new()
    };
    attested.sort_by(|x, y| y.2.total_cmp(&x.2));
    // `عبد` + `الفتاح` is one word in the texts' tokens.
    let as_words = |w: &[&str]| words(&w.join(" "));
    match attested.split_first() {
        Some((best, rest)) => {
            // Spellings of the same words only (`عمر ان`, "Omar that", is
            // a phrase too).
            let folded = |w: &[&str]| w.iter().map(|w| fold_spelling(w)).collect::<Vec<_>>();
            let same = folded(best.0);
            let others = rest
                .iter()
                .filter(|(w, df, _)| df * OTHER_PHRASE_SHARE >= best.1 && folded(w) == same)
                .take(MAX_OTHER_PHRASES)
                .map(|(w, ..)| as_words(w))
                .collect();
            (as_words(best.0), Some(others))
        }
        None => (
            combos.first().map(|(w, _)| as_words(w)).unwrap_or_default(),
            None,
        ),
    }
}

/// Latin words of the gazetteer's names → the Arabic words its names have
/// in their place ([`crate::Gazetteer`]'s `latin_words`).
type ListedSpellings = crate::gazetteer::Map<String, Vec<String>>;

/// Spellings of one Latin word, best first, each with its score: the
/// gazetteer's (`listed`, from its names: `caid` → `قايد`), the Wikidata
/// table's (kept only when the model finds them plausible:
/// `neymar` → `خوسيه` is a misalignment in Wikidata) and the transliterator's
/// guesses, with the article when the name had one (`al-Sarraj`) and
/// optionally otherwise (`Sarraj`, `السراج`). A spelling the corpus holds
/// scores its model log-probability plus a little for its frequency; when the
/// corpus holds none of them, the best guess alone.
fn spellings(
    word: &str,
    article: bool,
    kept_spellings: usize,
    corpus: &dyn Corpus,
    listed: &[String],
) -> Vec<(String, f64)> {
    let articles = |text: &str| corpus.articles(text);
    let model = Transliterator::builtin();
    let mut cands: Vec<(String, f64)> = model.candidates(word, CANDIDATES);
    let plausible: Vec<String> = cands
        .iter()
        .map(|(a, _)| khabar_analysis::skeleton(a))
        .collect();
    for (k, a) in transliterate_word(word).into_iter().enumerate() {
        // Attested by Wikidata: above any guess (whose shares sum to 1).
        let share = 1.0 / (k + 1) as f64;
        let p = if plausible.contains(&khabar_analysis::skeleton(&a)) {
            share
        } else {
            share * 1e-3
        };
        match cands.iter_mut().find(|(c, _)| *c == a) {
            Some(c) => c.1 = c.1.max(p),
            None => cands.push((a, p)),
        }
    }
    // Written so in the gazetteer: as sure as Wikidata's first spelling.
    for a in listed {
        match cands.iter_mut().find(|(c, _)| c == a) {
            Some(c) => c.1 = c.1.max(1.0),
            None => cands.push((a.clone(), 1.0)),
        }
    }
    if let Some(rest) = assimilated_article(word) {
        cands.extend(
            model
                .candidates(rest, CANDIDATES)
                .into_iter()
                .map(|(a, p)| (format!("ال{a}"), p)),
        );
    }
    // Surnames are often written with the article (`Sarraj`, `السراج`).
    let with_article: Vec<(String, f64)> = cands
        .iter()
        .filter(|(a, _)| !a.starts_with("ال"))
        .map(|(a, p)| (format!("ال{a}"), p * if article { 1.0 } else { 0.5 }))
        .collect();
    if article {
        cands.retain(|(a, _)| a.starts_with("ال"));
    }
    cands.extend(with_article);
    let mut seen: Vec<(String, f64)> = cands
        .iter()
        .filter(|(_, p)| *p > 0.0)
        .filter_map(|(a, p)| {
            let df = articles(a);
            (df > 0).then(|| (a.clone(), p.ln() + FREQUENCY_WEIGHT * (df as f64).ln()))
        })
        .collect();
    // With the article as often as without: a surname (`السراج`), the plain
    // form being a first name or a common word; the plain form stays just
    // below, for a phrase to pick (`Riyad Mahrez`: `رياض محرز`, although
    // `الرياض`, the city, is commoner).
    let mut plain: Vec<(String, f64)> = Vec::new();
    for (a, score) in &mut seen {
        if !a.starts_with("ال") {
            let with = format!("ال{a}");
            if articles(&with) >= articles(a) {
                plain.push((std::mem::replace(a, with), *score - PLAIN_FORM_PENALTY));
            }
        }
    }
    seen.extend(plain);
    add_named_evidence(&mut seen, corpus);
    seen.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    let mut kept: Vec<(String, f64)> = Vec::new();
    for x in seen {
        if !kept.iter().any(|k| k.0 == x.0) {
            kept.push(x);
        }
    }
    let mut seen = kept;
    seen.truncate(kept_spellings);
    if !seen.is_empty() {
        return seen;
    }
    cands
        .into_iter()
        .filter(|(_, p)| *p > 0.0)
        .max_by(|x, y| x.1.total_cmp(&y.1).then_with(|| y.0.cmp(&x.0)))
        .map(|(a, p)| vec![(a, p.ln())])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PersonEntry;

    fn extractor() -> Extractor {
        let entry = PersonEntry::for_test;
        Extractor::for_test(vec![
            entry("amr-moussa", &["عمرو موسى"], &[]),
            entry("qasem-soleimani", &["قاسم سليماني"], &["سليماني"]),
            entry("angela-merkel", &["أنغيلا ميركل"], &["ميركل"]),
            entry("meghan-markle", &["ميغان ماركل"], &["ماركل"]),
            PersonEntry {
                en: vec!["Khalid bin Salman".to_string()],
                ..entry("khalid-bin-salman", &["خالد بن سلمان"], &[])
            },
            PersonEntry {
                en: vec!["Beji Caid Essebsi".to_string()],
                ..entry("beji-caid-essebsi", &["الباجي قائد السبسي"], &["السبسي"])
            },
        ])
    }

    #[test]
    fn query_surname_spelled_as_written_wins() {
        let ex = extractor();
        assert_eq!(ex.resolve("ميركل").ids, ["angela-merkel"]);
        assert_eq!(ex.resolve("ماركل").ids, ["meghan-markle"]);
        // A Latin name not listed is transliterated, then resolved the same way.
        assert_eq!(ex.resolve("Merkel").ids, ["angela-merkel"]);
        assert_eq!(ex.resolve("Merkel’s").ids, ["angela-merkel"]);
        assert_eq!(ex.resolve("Merkel's").ids, ["angela-merkel"]);
    }

    #[test]
    fn an_unlisted_name_is_not_taken_for_a_listed_one() {
        let ex = extractor();
        // Skeletons: ميسي and موسى are both مس; سلمان and سليماني both سلمن.
        let messi = ex.resolve("ميسي");
        assert!(messi.ids.is_empty(), "{messi:?}");
        assert_eq!(messi.unknown_key.as_deref(), Some("~ميسي"));
        assert!(ex.resolve("الملك سلمان").ids.is_empty());
        // A listed Latin surname alone is the listed person only with about
        // the same first name.
        let ex_saleh = Extractor::for_test(vec![PersonEntry {
            en: vec!["Aguila Saleh".to_string()],
            ..PersonEntry::for_test("aguila-saleh", &["عقيلة صالح"], &[])
        }]);
        assert!(ex_saleh.resolve("Ali Abdullah Saleh").ids.is_empty());
        assert!(close_spellings("sergei", "sergey") && close_spellings("aguila", "agila"));
        assert!(!close_spellings("ali", "aguila") && !close_spellings("sergei", "yergei"));
        assert_eq!(
            ex.resolve("Ali Abdullah Saleh").words,
            ["علي", "عبدالله", "صالح"]
        );
        // Khalid bin Salman's "Salman" is his father's name.
        assert!(ex.resolve("King Salman").ids.is_empty());
        assert_eq!(ex.resolve("King Salman").words, ["الملك", "سلمان"]);
        assert_eq!(ex.resolve("Khalid bin Salman").ids, ["khalid-bin-salman"]);
    }

    #[test]
    fn unknown_names_carry_other_keys_and_both_compound_spellings() {
        let ex = extractor();
        let r = ex.resolve("الرئيس عبد الفتاح السيسي");
        assert_eq!(r.unknown_key.as_deref(), Some("~عبدالفتاح السيسي"));
        assert_eq!(r.other_keys, ["~السيسي", "~عبد الفتاح السيسي"]);
        assert_eq!(
            r.phrases,
            [
                "الرييس عبدالفتاح السيسي",
                "الرييس عبد الفتاح السيسي",
                "عبدالفتاح السيسي",
                "عبد الفتاح السيسي"
            ]
        );
        // A title that is a common first name is the name's (`خليفة`, caliph).
        // A proclitic on a name's first word, as the corpus writes the name.
        let corpus = |w: &str| match w {
            "سعد الحريري" => 150,
            _ => 0,
        };
        let hariri = ex.resolve_in("لسعد الحريري", &corpus);
        assert_eq!(hariri.unknown_key.as_deref(), Some("~سعد الحريري"));
        assert_eq!(ex.resolve_in("بشار الأسد", &corpus).words, ["بشار", "الاسد"]);
        // `علي` is a stopword once normalized, but a name here.
        assert_eq!(ex.resolve("علي خامنئي").other_keys, ["~خامنيي"]);
        let haftar = ex.resolve("خليفة حفتر");
        assert_eq!(haftar.unknown_key.as_deref(), Some("~خليفه حفتر"));
        assert_eq!(haftar.other_keys, ["~حفتر"]);
        assert!(haftar.phrases.iter().any(|p| p == "حفتر"), "{haftar:?}");
        // A one-word name keeps its title.
        assert_eq!(ex.resolve("الملك سلمان").phrases, ["الملك سلمان"]);
        // Never the father's name, nor the end of a compound.
        assert!(ex.resolve("محمد بن نايف").other_keys.is_empty());
        let r = ex.resolve("حسن نصرالله");
        assert_eq!(r.other_keys, ["~نصرالله", "~حسن نصر الله", "~نصر الله"]);
        assert_eq!(r.phrases, ["حسن نصرالله", "حسن نصر الله"]);
        // Written apart, it is looked for joined too.
        let r = ex.resolve("حسن نصر الله");
        assert_eq!(r.other_keys, ["~نصر الله", "~حسن نصرالله", "~نصرالله"]);
        assert_eq!(r.phrases, ["حسن نصر الله", "حسن نصرالله"]);
        assert_eq!(ex.resolve("نصر الله").phrases, ["نصر الله", "نصرالله"]);
    }

    /// A corpus that fails the test if a pattern carries anything but Arabic
    /// letters and the syntax the resolver writes itself.
    #[derive(Default)]
    struct StrictCorpus {
        patterns: std::cell::Cell<usize>,
    }

    impl Corpus for StrictCorpus {
        fn articles(&self, _: &str) -> u64 {
            100
        }

        fn names_matching(&self, pattern: &str) -> Vec<(String, u64)> {
            self.patterns.set(self.patterns.get() + 1);
            let ours = |c: char| "()[]|*+^ ".contains(c) || is_arabic(&c.to_string());
            assert!(pattern.chars().all(ours), "{pattern}");
            assert!(regex::Regex::new(pattern).is_ok(), "{pattern}");
            vec![("~محمد علي".to_string(), 1000)]
        }
    }

    #[test]
    fn hostile_queries_never_reach_the_corpus_patterns() {
        let ex = extractor();
        let mut asked = 0;
        for q in [
            "فلاديمير بوتين (.*)+",
            "فلاديمير بوتين a.*b",
            "ميركل\\",
            "علي خامنئي {1000}{1000}",
            "Angela Merkel (.*)",
            "ميشيل عون ٣٣٣",
            "بوتين \u{200f}",
            "ماركل",
        ] {
            let corpus = StrictCorpus::default();
            let _ = ex.resolve_in(q, &corpus);
            asked += corpus.patterns.get();
        }
        // The checks ran: most of these names reach the patterns.
        assert!(asked >= 5, "{asked}");
    }

    #[test]
    fn a_name_word_variant_counts_when_someone_is_named_so() {
        let corpus = TestCorpus {
            words: vec![],
            people: vec![("~ستيفان دي مستورا", 4), ("~بنيامين نتانياهو", 50)],
        };
        let terms: Vec<String> = [
            "ميستورا",
            "لميستورا",
            "مستورا",
            "ومستورا",
            "مسيطرا",
            "مايسترا",
        ]
        .map(String::from)
        .to_vec();
        let re = name_word_pattern("ميستورا").map(|p| full_match(&p));
        let re = re.expect("an Arabic word");
        assert!(terms.iter().all(|t| re(t)), "the pattern meets them all");
        let written = name_word_as_written("ميستورا").map(|p| full_match(&p));
        let written = written.expect("an Arabic word");
        assert!(written("لميستورا") && !written("مستورا"));
        let kept = name_word_matches("ميستورا", &terms, &corpus).terms;
        assert_eq!(kept, ["ميستورا", "لميستورا", "مستورا", "ومستورا"]);
        let terms = ["نتنياهو", "ونتانياهو", "للسراج"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            name_word_matches("نتنياهو", &terms, &corpus).terms,
            ["نتنياهو", "ونتانياهو"]
        );
        let terms = ["السراج", "للسراج", "والسراج"].map(String::from).to_vec();
        assert_eq!(name_word_matches("السراج", &terms, &corpus).terms, terms);
    }

    #[test]
    fn name_word_patterns_keep_the_firm_letters_and_the_ending() {
        let re = |w: &str| name_word_pattern(w).map(|p| full_match(&p));
        let netanyahu = re("نتنياهو").expect("an Arabic word");
        for w in ["نتنياهو", "نتانياهو", "نيتنياهو", "ونتنياهو", "لنتانياهو"]
        {
            assert!(netanyahu(w), "{w}");
        }
        let guterres = re("غوتيريش").expect("an Arabic word");
        assert!(guterres("غوتيريس") && guterres("جوتيريش") && !guterres("غوتيري"));
        let ronaldo = re("رونالدو").expect("an Arabic word");
        assert!(ronaldo("رونالدو") && !ronaldo("رونالد"));
        // Three firm letters: the pattern meets other words (ظريف, ظروف), of
        // which the search keeps only spellings the texts write after a first
        // name of the word's people (`name_word_matches`).
        let zarif = re("ظريف").expect("an Arabic word");
        assert!(zarif("ظريف") && zarif("وظريف") && zarif("ظروف"));
        let corpus = TestCorpus {
            words: vec![("محمد جواد ظريف", 40)],
            people: vec![("~محمد جواد ظريف", 40), ("~ظروف", 3)],
        };
        let terms = ["ظريف", "وظريف", "ظروف", "ظرف"].map(String::from).to_vec();
        assert_eq!(
            name_word_matches("ظريف", &terms, &corpus).terms,
            ["ظريف", "وظريف"]
        );
        let short = re("عون").expect("an Arabic word");
        assert!(short("وعون") && !short("عين"));
        let sisi = re("السيسي").expect("an Arabic word");
        assert!(sisi("السيسي") && sisi("للسيسي") && sisi("وبالسيسي"));
        assert!(!sisi("سيسه") && !sisi("بسيس") && !sisi("السيسية"));
        assert!(name_word_pattern("Putin").is_none());
        assert!(name_word_pattern(&"ب".repeat(MAX_PATTERN_LETTERS + 1)).is_none());
        // Roles do not leak a word of theirs as a surname.
        let role = extractor().resolve("وزير الخارجية الروسي");
        assert_eq!(role.phrases, ["وزير الخارجيه الروسي"]);
        assert!(role.other_keys.is_empty());
        let merkel = extractor().resolve("أنجيلا ميركيل");
        assert_eq!(merkel.phrases, ["انجيلا ميركيل", "ميركيل"]);
    }

    #[test]
    fn spellings_of_one_name_fold_alike_and_match_each_other() {
        // `ch` is تش or ش; Spanish `g`/`j` is ج, غ or خ.
        assert_eq!(fold_spelling("منوتشين"), fold_spelling("منوشين"));
        assert_eq!(fold_spelling("سيرخيو"), fold_spelling("سيرجيو"));
        assert_eq!(fold_spelling("بنزيمه"), fold_spelling("بنزيما"));
        assert_ne!(fold_spelling("محمد"), fold_spelling("احمد"));
        let tsh = full_match(&name_word_pattern("منوشين").expect("Arabic"));
        assert!(tsh("منوتشين") && tsh("لمنوتشين") && tsh("منوشين"));
        let sh = full_match(&name_word_pattern("منوتشين").expect("Arabic"));
        assert!(sh("منوشين") && !sh("منوين"));
        // Italian `z` is تس or س, inside a long word (not `تسالفيني`).
        assert_eq!(fold_spelling("ماوريتسيو"), fold_spelling("ماوريسيو"));
        let ts = full_match(&name_word_pattern("ماوريسيو").expect("Arabic"));
        assert!(ts("ماوريتسيو") && ts("بماوريسيو"));
        assert!(!full_match(&name_word_pattern("سالفيني").expect("Arabic"))(
            "تسالفيني"
        ));
        assert!(phrase_patterns("ماوريتسيو ساري").is_some_and(|p| full_match(&p[0])("ماوريسيو")));
        // A short name keeps its `ت`, and the vowels around it.
        let coats = full_match(&name_word_pattern("كوتس").expect("Arabic"));
        assert!(coats("كوتيس") && !coats("كوس"));
        // The words of a name: variants from three firm letters, a first
        // name's final vowel optional, a final ة or ا for each other, but not
        // variants of a name another common name is written like.
        let phrase = |p: &str, written: &[&str]| {
            let patterns = phrase_patterns(p).expect("Arabic");
            patterns.len() == written.len()
                && patterns
                    .iter()
                    .zip(written)
                    .all(|(re, w)| full_match(re)(w))
        };
        assert!(phrase("هيكتور كوبر", &["هكتور", "كوبر"]));
        assert!(phrase("سيرجيو راموس", &["وسيرخيو", "راموس"]));
        assert!(phrase("فيليبي كوتينيو", &["فيليب", "كوتينيو"]));
        assert!(phrase("كريم بنزيمه", &["كريم", "بنزيما"]));
        assert!(phrase("فيديريكا موغيريني", &["فيديريكا", "موغريني"]));
        assert!(phrase("محمد صلاح", &["ومحمد", "صلاح"]));
        assert!(!phrase("محمد صلاح", &["محمود", "صلاح"]));
        // No proclitic inside a name: `عبدالله وصالح` is two people.
        assert!(!phrase("عبدالله صالح", &["عبدالله", "وصالح"]));
        assert!(phrase("عبد الملك الحوثي", &["عبد", "الملك", "الحوثي"]));
    }

    #[test]
    fn a_name_word_variant_counts_when_written_after_its_first_name() {
        // Nobody in the index is named موغريني, but the texts write
        // `فيديريكا موغريني`, the first name of `فيديريكا موغيريني`.
        let corpus = TestCorpus {
            words: vec![("فيديريكا موغريني", 10)],
            people: vec![("~فيديريكا موغيريني", 28)],
        };
        let terms = ["موغيريني", "وموغريني", "مغريني"]
            .map(String::from)
            .to_vec();
        let re = full_match(&name_word_pattern("موغيريني").expect("Arabic"));
        assert!(terms.iter().all(|t| re(t)), "the pattern meets them all");
        assert_eq!(
            name_word_matches("موغيريني", &terms, &corpus).terms,
            ["موغيريني", "وموغريني"]
        );
        // One slip (`جوزيه مورينو`) does not make every Moreno Mourinho,
        // though `لينين مورينو` is someone the index names.
        let corpus = TestCorpus {
            words: vec![("جوزيه مورينو", 1), ("مورينو", 40)],
            people: vec![("~جوزيه مورينيو", 54), ("~لينين مورينو", 10)],
        };
        let terms = ["مورينيو", "مورينو"].map(String::from).to_vec();
        let mourinho = name_word_matches("مورينيو", &terms, &corpus);
        assert_eq!(mourinho.terms, ["مورينيو"]);
        // The slip itself still counts, after the first name.
        assert_eq!(mourinho.phrases, ["جوزيه مورينو"]);
        // `كريستين لغراد` makes `لغراد` a spelling of `لاغارد`, but Belgrade
        // (`بلغراد`), written far more than `لغراد` alone, is no `ب` + `لغراد`.
        let corpus = TestCorpus {
            words: vec![
                ("كريستين لغراد", 1),
                ("لغراد", 1),
                ("بلغراد", 19),
                ("ولغراد", 1),
            ],
            people: vec![("~كريستين لاغارد", 30)],
        };
        let terms = ["لاغارد", "ولاغارد", "لغراد", "ولغراد", "بلغراد"]
            .map(String::from)
            .to_vec();
        let re = full_match(&name_word_pattern("لاغارد").expect("Arabic"));
        assert!(terms.iter().all(|t| re(t)), "the pattern meets them all");
        assert_eq!(
            name_word_matches("لاغارد", &terms, &corpus).terms,
            ["لاغارد", "ولاغارد", "لغراد", "ولغراد"]
        );
        // `سفيان السليتي` is `سفيان السليطي`, but `السليتي` alone is mostly
        // the footballer `نعيم السليتي`: written after the first name in 4 of
        // its 14 articles, against 50 of 54 for `السليطي`, the variant
        // counts only after it.
        let sliti = |alone: u64| TestCorpus {
            words: vec![
                ("سفيان السليطي", 50),
                ("السليطي", 54),
                ("سفيان السليتي", 4),
                ("السليتي", alone),
            ],
            people: vec![("~سفيان السليطي", 52)],
        };
        let terms = ["السليطي", "والسليطي", "السليتي"]
            .map(String::from)
            .to_vec();
        let re = full_match(&name_word_pattern("السليطي").expect("Arabic"));
        assert!(terms.iter().all(|t| re(t)), "the pattern meets them all");
        let shared = name_word_matches("السليطي", &terms, &sliti(14));
        assert_eq!(shared.terms, ["السليطي", "والسليطي"]);
        assert_eq!(shared.phrases, ["سفيان السليتي"]);
        // Written mostly after the first name, the variant counts alone.
        let own = name_word_matches("السليطي", &terms, &sliti(5));
        assert_eq!(own.terms, terms);
        assert!(own.phrases.is_empty());
    }

    #[test]
    fn a_first_name_with_german_ch_is_searched_in_both_spellings() {
        let corpus = TestCorpus {
            words: vec![("يواخيم لوف", 26), ("يواكيم لوف", 20)],
            people: vec![
                ("~يواخيم لوف", 26),
                ("~يواكيم لوف", 20),
                ("~ستيفان لوف", 5),
                ("~يواكيم فاتسكه", 4),
            ],
        };
        let low = extractor().resolve_in("يواخيم لوف", &corpus);
        assert!(
            low.other_keys.contains(&"~يواكيم لوف".to_string()),
            "{low:?}"
        );
        assert!(
            !low.other_keys.iter().any(|k| k.contains("ستيفان")),
            "{low:?}"
        );
        assert!(low.phrases.contains(&"يواكيم لوف".to_string()));
        // Two common names that fold alike stay two people (`كمال`, `جمال`).
        let corpus = TestCorpus {
            words: vec![("جمال خاشقجي", 300), ("كمال خاشقجي", 4)],
            people: vec![("~جمال خاشقجي", 300), ("~كمال خاشقجي", 4)],
        };
        let jamal = extractor().resolve_in("جمال خاشقجي", &corpus);
        assert!(
            !jamal.other_keys.contains(&"~كمال خاشقجي".to_string()),
            "{jamal:?}"
        );
    }

    #[test]
    fn a_name_written_joined_or_apart_is_searched_both_ways() {
        let ex = extractor();
        let corpus = TestCorpus {
            words: vec![
                ("شي جين بينغ", 130),
                ("شي جينبينغ", 120),
                ("لودريان", 180),
                ("لو دريان", 40),
                ("زيدان", 300),
                ("زيد ان", 5),
            ],
            people: vec![],
        };
        let xi = ex.resolve_in("شي جين بينغ", &corpus);
        assert!(xi.phrases.contains(&"شي جينبينغ".to_string()));
        assert!(xi.other_keys.contains(&"~شي جينبينغ".to_string()));
        let le_drian = ex.resolve_in("لودريان", &corpus);
        assert!(le_drian.phrases.contains(&"لو دريان".to_string()));
        // `أبو زيد أن` ("Abu Zaid that") is no Zidane: a two-letter tail, and
        // too rare beside the name.
        let zidane = ex.resolve_in("زيدان", &corpus);
        assert_eq!(zidane.phrases, ["زيدان"]);
        assert!(zidane.other_keys.is_empty());
    }

    #[test]
    fn a_turkish_oglu_alone_is_no_surname() {
        let corpus = |w: &str| match w {
            "اوغلو" => 366,
            "جاويش اوغلو" => 78,
            _ => 0,
        };
        let r = extractor().resolve_in("مولود جاويش أوغلو", &corpus);
        assert!(r.other_keys.contains(&"~جاويش اوغلو".to_string()));
        assert!(!r.other_keys.contains(&"~اوغلو".to_string()));
        assert!(!r.phrases.contains(&"اوغلو".to_string()));
    }

    #[test]
    fn a_latin_name_is_spelled_as_a_name_in_every_spelling_the_corpus_writes() {
        let ex = extractor();
        // `Modi`: مدي ("range") is the commoner word, but nobody is named so.
        let corpus = TestCorpus {
            words: vec![("مودي", 46), ("مدي", 1611)],
            people: vec![("~ناريندرا مودي", 30)],
        };
        assert_eq!(ex.resolve_in("Modi", &corpus).words, ["مودي"]);
        // Both of the corpus's spellings of a whole name are searched.
        let corpus = TestCorpus {
            words: vec![
                ("نيكي", 120),
                ("هيلي", 200),
                ("هايلي", 170),
                ("نيكي هيلي", 72),
                ("نيكي هايلي", 82),
            ],
            people: vec![("~نيكي هايلي", 11), ("~نيكي هيلي", 8)],
        };
        let haley = ex.resolve_in("Nikki Haley", &corpus);
        for phrase in ["نيكي هايلي", "نيكي هيلي"] {
            assert!(haley.phrases.contains(&phrase.to_string()), "{haley:?}");
        }
        assert!(!haley.is_ambiguous());
        // A word the gazetteer's own names spell: `Caid` of `Beji Caid
        // Essebsi` is قايد, which no model guesses.
        let corpus = |w: &str| match w {
            "حافظ" => 300,
            "قايد" => 200,
            "السبسي" => 255,
            "حافظ قايد السبسي" => 38,
            _ => 0,
        };
        let hafedh = ex.resolve_in("Hafedh Caid Essebsi", &corpus);
        assert_eq!(hafedh.unknown_key.as_deref(), Some("~حافظ قايد السبسي"));
        let corpus = |w: &str| match w {
            "الغيط" => 70,
            "ابو الغيط" => 35,
            _ => 0,
        };
        // Joined as the texts' tokens join a compound.
        assert_eq!(ex.resolve_in("Aboul Gheit", &corpus).words, ["ابوالغيط"]);
        assert!(hafedh.ids.is_empty(), "not his listed father");
    }

    /// A full-match matcher for a pattern, as Tantivy's regex query applies it.
    fn full_match(pattern: &str) -> Box<dyn Fn(&str) -> bool> {
        let re = regex::Regex::new(&format!("^(?:{pattern})$")).expect("a valid pattern");
        Box::new(move |w: &str| re.is_match(w))
    }

    /// A corpus of word counts and of the people its articles name.
    struct TestCorpus {
        words: Vec<(&'static str, u64)>,
        people: Vec<(&'static str, u64)>,
    }

    impl Corpus for TestCorpus {
        fn articles(&self, text: &str) -> u64 {
            self.words
                .iter()
                .find(|(w, _)| *w == text)
                .map_or(0, |(_, n)| *n)
        }

        fn person_articles(&self, id: &str) -> u64 {
            self.people
                .iter()
                .find(|(p, _)| *p == id)
                .map_or(0, |(_, n)| *n)
        }

        fn names_matching(&self, pattern: &str) -> Vec<(String, u64)> {
            let matches = full_match(pattern);
            self.people
                .iter()
                .filter(|(p, _)| p.strip_prefix(UNKNOWN_PREFIX).is_some_and(&matches))
                .map(|(p, n)| (p.to_string(), *n))
                .collect()
        }
    }

    #[test]
    fn a_listed_latin_full_name_is_that_person_alone() {
        // The corpus names Hafedh Caid Essebsi far more than his father, but
        // the father's full name typed in Latin is the father.
        let corpus = TestCorpus {
            words: vec![("السبسي", 100)],
            people: vec![("beji-caid-essebsi", 5), ("~حافظ قائد السبسي", 60)],
        };
        let ex = extractor();
        let r = ex.resolve_in("Beji Caid Essebsi", &corpus);
        assert_eq!(r.ids, ["beji-caid-essebsi"]);
        assert_eq!(r.unknown_key, None, "{r:?}");
        // The surname alone may mean either.
        let r = ex.resolve_in("Essebsi", &corpus);
        assert_eq!(r.unknown_key.as_deref(), Some("~حافظ قائد السبسي"), "{r:?}");
    }

    #[test]
    fn a_shared_surname_counts_alone_when_the_corpus_names_only_this_person_so() {
        // 30 Wikidata people are Courtois: a common name, held to 1.5 times
        // the full name's articles, which `كورتوا` alone exceeds.
        assert!(name_word_count("كورتوا") > MAX_SHARED_SURNAME);
        let words = vec![("تيبو كورتوا", 50), ("كورتوا", 91)];
        let sole = TestCorpus {
            words: words.clone(),
            people: vec![("~تيبو كورتوا", 20), ("~كورتوا ليسدد", 2)],
        };
        let r = extractor().resolve_in("تيبو كورتوا", &sole);
        assert!(r.other_keys.contains(&"~كورتوا".to_string()), "{r:?}");
        assert!(r.phrases.contains(&"كورتوا".to_string()), "{r:?}");
        // Someone else the corpus names with it: only the full name.
        let shared = TestCorpus {
            words,
            people: vec![("~تيبو كورتوا", 20), ("~ماري كورتوا", 3)],
        };
        let r = extractor().resolve_in("تيبو كورتوا", &shared);
        assert!(r.other_keys.is_empty(), "{r:?}");
        assert_eq!(r.phrases, ["تيبو كورتوا"]);
    }

    #[test]
    fn a_rare_first_name_counts_alone_when_the_corpus_names_only_this_person_so() {
        let corpus = TestCorpus {
            words: vec![("ميلانيا ترامب", 90), ("ميلانيا", 139), ("ترامب", 4000)],
            people: vec![
                ("~ميلانيا ترامب", 36),
                ("~ميلانيا ترامب كينيا", 1),
                ("~ميلانيا", 9),
                ("~ايفانكا ترامب", 20),
            ],
        };
        let r = extractor().resolve_in("ميلانيا ترامب", &corpus);
        assert!(r.phrases.contains(&"ميلانيا".to_string()), "{r:?}");
        assert!(r.other_keys.contains(&"~ميلانيا".to_string()), "{r:?}");
        assert!(!r.phrases.contains(&"ترامب".to_string()), "{r:?}");
        // Someone else of that first name, or a common one: never alone.
        for other in ["~ميلانيا كنوس", "~سورانا ميلانيا"] {
            let corpus = TestCorpus {
                words: vec![("ميلانيا ترامب", 90), ("ميلانيا", 139)],
                people: vec![("~ميلانيا ترامب", 36), (other, 2)],
            };
            let r = extractor().resolve_in("ميلانيا ترامب", &corpus);
            assert!(!r.phrases.contains(&"ميلانيا".to_string()), "{other}: {r:?}");
        }
        let corpus = TestCorpus {
            words: vec![("محمد الزواري", 19), ("محمد", 9000)],
            people: vec![("~محمد الزواري", 19)],
        };
        let r = extractor().resolve_in("محمد الزواري", &corpus);
        assert!(!r.phrases.contains(&"محمد".to_string()), "{r:?}");
    }

    #[test]
    fn a_family_name_with_bin_is_written_after_the_first_name_and_alone() {
        let corpus = TestCorpus {
            words: vec![
                ("احمد عبيد بن دغر", 22),
                ("احمد بن دغر", 35),
                ("بن دغر", 57),
            ],
            people: vec![
                ("~احمد عبيد بن دغر", 18),
                ("~احمد بن دغر", 19),
                ("~بن دغر", 13),
            ],
        };
        let r = extractor().resolve_in("أحمد عبيد بن دغر", &corpus);
        for name in ["احمد بن دغر", "بن دغر"] {
            assert!(r.phrases.contains(&name.to_string()), "{name}: {r:?}");
            assert!(r.other_keys.contains(&format!("~{name}")), "{name}: {r:?}");
        }
        // The first name and the father's alone, when the index names them.
        let corpus = TestCorpus {
            words: vec![("خالد بن احمد ال خليفه", 20), ("خالد بن احمد", 48)],
            people: vec![("~خالد بن احمد ال خليفه", 10), ("~خالد بن احمد", 30)],
        };
        let r = extractor().resolve_in("خالد بن أحمد آل خليفة", &corpus);
        assert!(r.phrases.contains(&"خالد بن احمد".to_string()), "{r:?}");
        assert!(r.other_keys.contains(&"~خالد بن احمد".to_string()), "{r:?}");
        let unnamed = TestCorpus {
            words: vec![("خالد بن احمد ال خليفه", 20), ("خالد بن احمد", 48)],
            people: vec![("~خالد بن احمد ال خليفه", 10)],
        };
        let r = extractor().resolve_in("خالد بن أحمد آل خليفة", &unnamed);
        assert!(!r.phrases.contains(&"خالد بن احمد".to_string()), "{r:?}");
        // With or without `بن`, as the index names him both ways.
        let corpus = TestCorpus {
            words: vec![("زيد رعد الحسين", 31), ("زيد بن رعد الحسين", 35)],
            people: vec![
                ("~زيد رعد الحسين", 12),
                ("~زيد بن رعد الحسين", 14),
                ("~زيد بن رعد", 9),
            ],
        };
        let r = extractor().resolve_in("زيد رعد الحسين", &corpus);
        for name in ["زيد بن رعد الحسين", "زيد بن رعد"] {
            assert!(r.phrases.contains(&name.to_string()), "{name}: {r:?}");
        }
        let r = extractor().resolve_in("زيد بن رعد الحسين", &corpus);
        for name in ["زيد رعد الحسين", "زيد بن رعد"] {
            assert!(r.phrases.contains(&name.to_string()), "{name}: {r:?}");
        }
        // Two people end in `بن ناصر`: a father's name, never alone.
        let corpus = TestCorpus {
            words: vec![("فهد بن ناصر", 40), ("بن ناصر", 60)],
            people: vec![("~فهد بن ناصر", 30), ("~سعود بن ناصر", 10)],
        };
        let r = extractor().resolve_in("فهد بن ناصر", &corpus);
        assert!(!r.phrases.contains(&"بن ناصر".to_string()), "{r:?}");
        assert!(!r.other_keys.contains(&"~بن ناصر".to_string()), "{r:?}");
        assert!(!r.other_keys.contains(&"~ناصر".to_string()), "{r:?}");
    }

    #[test]
    fn a_title_and_a_surname_mean_the_full_names_written_after_that_title() {
        let corpus = TestCorpus {
            words: vec![("القس اندرو برانسون", 30), ("برانسون", 200)],
            people: vec![
                ("~اندرو برانسون", 150),
                ("~ريتشارد برانسون", 8),
                ("~برانسون", 40),
            ],
        };
        let r = extractor().resolve_in("القس برانسون", &corpus);
        assert_eq!(r.unknown_key.as_deref(), Some("~برانسون"));
        assert!(
            r.other_keys.contains(&"~اندرو برانسون".to_string()),
            "{r:?}"
        );
        assert!(r.phrases.contains(&"اندرو برانسون".to_string()), "{r:?}");
        // Richard Branson is never written after `القس`.
        assert!(!r.other_keys.iter().any(|k| k.contains("ريتشارد")), "{r:?}");
        assert!(!r.phrases.iter().any(|p| p.contains("ريتشارد")), "{r:?}");
        // Without a title, the surname alone is no one's full name.
        let r = extractor().resolve_in("برانسون", &corpus);
        assert!(!r.phrases.contains(&"اندرو برانسون".to_string()), "{r:?}");
        // A father's name is no surname, and a name seldom written after the
        // title is not the one meant.
        let corpus = TestCorpus {
            words: vec![
                ("الملك سلمان", 1000),
                ("الملك محمد بن سلمان", 400),
                ("الملك فهد سلمان", 20),
            ],
            people: vec![("~محمد بن سلمان", 900), ("~فهد سلمان", 30)],
        };
        let r = Extractor::default().resolve_in("الملك سلمان", &corpus);
        assert!(r.other_keys.is_empty(), "{r:?}");
        assert_eq!(r.phrases, ["الملك سلمان"]);
    }

    #[test]
    fn an_other_spelling_of_a_surname_is_searched_alone_only_if_written_mostly_for_the_name() {
        // `برونو لامير` is Le Maire; `لامير` alone is mostly "to the emir".
        let mut corpus = TestCorpus {
            words: vec![
                ("برونو لومير", 40),
                ("لومير", 45),
                ("لامير", 60),
                ("برونو لامير", 3),
            ],
            people: vec![("~برونو لومير", 40), ("~برونو لامير", 3)],
        };
        let r = extractor().resolve_in("برونو لومير", &corpus);
        assert!(r.phrases.contains(&"برونو لامير".to_string()), "{r:?}");
        assert!(!r.phrases.contains(&"لامير".to_string()), "{r:?}");
        // The surname alone: the other spelling after the shared first name.
        let r = extractor().resolve_in("لومير", &corpus);
        assert!(r.phrases.contains(&"برونو لامير".to_string()), "{r:?}");
        assert!(!r.phrases.contains(&"لامير".to_string()), "{r:?}");
        // Written about as often as the name with it: alone too.
        corpus.words[2].1 = 6;
        let r = extractor().resolve_in("برونو لومير", &corpus);
        assert!(r.phrases.contains(&"لامير".to_string()), "{r:?}");
    }

    #[test]
    fn a_compound_surname_with_abd_is_a_first_name_alone() {
        let corpus = TestCorpus {
            words: vec![("رامي عبد الرحمن", 197)],
            people: vec![
                ("~رامي عبد الرحمن", 197),
                ("~عبد الرحمن", 300),
                ("~عبدالرحمن", 120),
            ],
        };
        let r = extractor().resolve_in("رامي عبد الرحمن", &corpus);
        assert!(
            r.other_keys.contains(&"~رامي عبد الرحمن".to_string()),
            "{r:?}"
        );
        assert!(
            !r.other_keys
                .iter()
                .any(|k| k == "~عبد الرحمن" || k == "~عبدالرحمن"),
            "{r:?}"
        );
        assert!(
            !r.phrases
                .iter()
                .any(|p| p == "عبد الرحمن" || p == "عبدالرحمن"),
            "{r:?}"
        );
    }

    #[test]
    fn latin_al_is_the_family_when_the_corpus_writes_it_so() {
        let corpus = TestCorpus {
            words: vec![
                ("تركي", 3000),
                ("الشيخ", 5000),
                ("تركي ال الشيخ", 140),
                ("تركي الشيخ", 2),
            ],
            people: vec![("~تركي ال الشيخ", 140)],
        };
        let r = extractor().resolve_in("Turki Al-Sheikh", &corpus);
        assert_eq!(r.unknown_key.as_deref(), Some("~تركي ال الشيخ"), "{r:?}");
        // The article where the corpus writes it so.
        let corpus = TestCorpus {
            words: vec![("فايز", 400), ("السراج", 350), ("فايز السراج", 300)],
            people: vec![("~فايز السراج", 300)],
        };
        let r = extractor().resolve_in("Fayez al-Sarraj", &corpus);
        assert_eq!(r.unknown_key.as_deref(), Some("~فايز السراج"), "{r:?}");
    }

    #[test]
    fn an_other_spelling_of_a_latin_name_must_name_someone() {
        // `Unai Emery`: `ان امير` ("that a prince") is written, but names no one.
        let corpus = TestCorpus {
            words: vec![
                ("اوناي", 70),
                ("ايمري", 115),
                ("ان", 30000),
                ("امير", 3000),
                ("اوناي ايمري", 60),
                ("ان امير", 40),
            ],
            people: vec![("~اوناي ايمري", 60), ("~ايمري", 50)],
        };
        let r = extractor().resolve_in("Unai Emery", &corpus);
        assert_eq!(r.unknown_key.as_deref(), Some("~اوناي ايمري"), "{r:?}");
        assert!(!r.phrases.iter().any(|p| p.contains("امير")), "{r:?}");
        assert!(!r.other_keys.iter().any(|k| k.contains("امير")), "{r:?}");
    }

    #[test]
    fn a_surname_also_means_the_unknown_person_the_corpus_names_far_more() {
        let ex = extractor();
        let corpus = TestCorpus {
            words: vec![],
            people: vec![
                ("meghan-markle", 40),
                ("~انغيلا ميركل", 300),
                ("~انجيلا ميركل", 50),
                ("~ميركل", 20),
            ],
        };
        // Merkel is listed in `extractor()`; here only Markle is.
        let ex_markle = Extractor::for_test(vec![PersonEntry::for_test(
            "meghan-markle",
            &["ميغان ماركل"],
            &["ماركل"],
        )]);
        let r = ex_markle.resolve_in("ميركل", &corpus);
        assert_eq!(r.people(), ["meghan-markle", "~انغيلا ميركل"]);
        assert!(r.is_ambiguous());
        assert!(r.phrases.iter().any(|p| p == "ميركل"), "{r:?}");
        // Listed, Merkel is hers alone.
        assert_eq!(ex.resolve_in("ميركل", &corpus).people(), ["angela-merkel"]);
        // Spelled otherwise than the listed person, and written far more.
        let corpus = TestCorpus {
            words: vec![("ميركل", 300), ("ماركل", 20)],
            people: vec![("meghan-markle", 320)],
        };
        let r = ex_markle.resolve_in("لميركل", &corpus);
        assert_eq!(r.people(), ["meghan-markle", "~ميركل"]);
        assert_eq!(r.phrases, ["ميركل"]);
        assert_eq!(
            ex_markle.resolve_in("ماركل", &corpus).people(),
            ["meghan-markle"]
        );
        // Named about as often as the listed person: the listed one only.
        let corpus = TestCorpus {
            words: vec![],
            people: vec![("meghan-markle", 200), ("~انغيلا ميركل", 300)],
        };
        assert_eq!(
            ex_markle.resolve_in("ميركل", &corpus).people(),
            ["meghan-markle"]
        );
    }

    #[test]
    fn a_short_surname_takes_the_spellings_written_after_its_first_name() {
        let ex = extractor();
        let corpus = TestCorpus {
            words: vec![("فلاديمير بوتين", 300), ("بوتين", 600)],
            people: vec![
                ("~فلاديمير بوتين", 300),
                ("~فلاديمير بوتن", 150),
                ("~ساشا بوتن", 2),
                ("~جوزيه مورينيو", 80),
                ("~لينين مورينو", 40),
                ("~جوزيه مورينو", 1),
            ],
        };
        let putin = ex.resolve_in("فلاديمير بوتين", &corpus);
        assert_eq!(putin.unknown_key.as_deref(), Some("~فلاديمير بوتين"));
        assert!(
            putin.other_keys.iter().any(|k| k == "~فلاديمير بوتن"),
            "{putin:?}"
        );
        assert!(putin.other_keys.iter().any(|k| k == "~بوتن"), "{putin:?}");
        for p in ["فلاديمير بوتن", "بوتين", "بوتن"] {
            assert!(putin.phrases.iter().any(|x| x == p), "{p}: {putin:?}");
        }
        // The surname alone finds them through its first names.
        let putin = ex.resolve_in("بوتين", &corpus);
        assert_eq!(putin.phrases, ["بوتين", "بوتن"]);
        // A first name spelled otherwise, with the surname as typed.
        let corpus = TestCorpus {
            words: vec![],
            people: vec![("~ميشال عون", 60), ("~ميشيل عون", 3), ("~نعيم عون", 5)],
        };
        let aoun = ex.resolve_in("ميشيل عون", &corpus);
        assert_eq!(aoun.other_keys, ["~ميشال عون"]);
        assert_eq!(aoun.phrases, ["ميشيل عون", "ميشال عون"]);
        let corpus = TestCorpus {
            words: vec![],
            people: vec![("~محمود صلاح", 60)],
        };
        let salah = ex.resolve_in("محمد صلاح", &corpus);
        assert!(
            salah.other_keys.iter().all(|k| k != "~محمود صلاح"),
            "{salah:?}"
        );
        assert_eq!(salah.phrases, ["محمد صلاح"]);
        let corpus = TestCorpus {
            words: vec![("فلاديمير بوتين", 300), ("بوتين", 600)],
            people: vec![
                ("~جوزيه مورينيو", 80),
                ("~لينين مورينو", 40),
                ("~جوزيه مورينو", 1),
            ],
        };
        // Most names with مورينو have another first name: not Mourinho's.
        let mourinho = ex.resolve_in("مورينيو", &corpus);
        assert_eq!(mourinho.phrases, ["مورينيو"]);
        assert!(mourinho.other_keys.is_empty(), "{mourinho:?}");
    }

    #[test]
    fn a_short_surname_counts_alone_when_the_corpus_uses_it_for_the_name() {
        let ex = extractor();
        let corpus = |w: &str| match w {
            "فلاديمير بوتين" => 500,
            "بوتين" => 600,
            "صلاح جديد" => 5,
            "جديد" => 9000,
            _ => 0,
        };
        let putin = ex.resolve_in("فلاديمير بوتين", &corpus);
        assert!(putin.phrases.iter().any(|p| p == "بوتين"), "{putin:?}");
        // A common word is no surname on its own, nor a common first name.
        let jadid = ex.resolve_in("صلاح جديد", &corpus);
        assert!(!jadid.phrases.iter().any(|p| p == "جديد"), "{jadid:?}");
        let corpus = |w: &str| match w {
            "محمود عباس" => 150,
            "عباس" => 400,
            _ => 0,
        };
        let abbas = ex.resolve_in("محمود عباس", &corpus);
        assert!(!abbas.phrases.iter().any(|p| p == "عباس"), "{abbas:?}");
        // A common name or a family name only when the surname is about as
        // common as the full name, rarely a first name, and mostly a name.
        let corpus = TestCorpus {
            words: vec![
                ("دونالد ترامب", 3400),
                ("ترامب", 4300),
                ("راشد الغنوشي", 58),
                ("الغنوشي", 65),
                ("محمد صلاح", 820),
                ("صلاح", 1050),
                ("مقتدى الصدر", 155),
                ("الصدر", 240),
            ],
            people: vec![
                ("~دونالد ترامب", 2400),
                ("~ايفانكا ترامب", 60),
                ("~ترامب جونيور", 20),
                ("~راشد الغنوشي", 34),
                ("~محمد صلاح", 300),
                ("~صلاح قابيل", 20),
                ("~صلاح الدين الزحاف", 14),
                ("~موسى الصدر", 3),
                ("~مقتدى الصدر", 90),
            ],
        };
        for (name, surname) in [("دونالد ترامب", "ترامب"), ("راشد الغنوشي", "الغنوشي")]
        {
            let r = ex.resolve_in(name, &corpus);
            assert!(r.phrases.iter().any(|p| p == surname), "{r:?}");
        }
        let corpus_short = TestCorpus {
            words: vec![
                ("ليونيل ميسي", 530),
                ("ميسي", 650),
                ("ميشال عون", 70),
                ("عون", 900),
                ("كيم جونغ اون", 640),
                ("اون", 810),
            ],
            people: vec![
                ("~ليونيل ميسي", 160),
                ("~ميشال عون", 48),
                ("~عون الخصاونة", 5),
                ("~كيم جونغ اون", 300),
            ],
        };
        let messi = ex.resolve_in("ليونيل ميسي", &corpus_short);
        assert!(messi.phrases.iter().any(|p| p == "ميسي"), "{messi:?}");
        assert_eq!(messi.other_keys, ["~ميسي"]);
        let kim = ex.resolve_in("كيم جونغ اون", &corpus_short);
        assert!(!kim.phrases.iter().any(|p| p == "اون"), "{kim:?}");
        let aoun = ex.resolve_in("ميشال عون", &corpus_short);
        assert!(!aoun.phrases.iter().any(|p| p == "عون"), "{aoun:?}");
        assert!(aoun.other_keys.is_empty(), "{aoun:?}");
        let sadr = ex.resolve_in("مقتدى الصدر", &corpus);
        assert!(!sadr.phrases.iter().any(|p| p == "الصدر"), "{sadr:?}");
        assert!(sadr.other_keys.iter().any(|k| k == "~الصدر"), "{sadr:?}");
        assert!(
            sadr.other_keys.iter().all(|k| k != "~موسى الصدر"),
            "{sadr:?}"
        );
        // A common name loses its key alone too: `قال صلاح` is anyone.
        let salah = ex.resolve_in("محمد صلاح", &corpus);
        assert!(!salah.phrases.iter().any(|p| p == "صلاح"), "{salah:?}");
        assert!(salah.other_keys.is_empty(), "{salah:?}");
        // Without a corpus, never.
        assert!(
            !ex.resolve("فلاديمير بوتين")
                .phrases
                .iter()
                .any(|p| p == "بوتين")
        );
    }

    #[test]
    fn a_surname_other_people_are_named_with_more_is_not_the_person_alone() {
        let ex = extractor();
        // `التميمي` alone is fully as common as `عهد التميمي` (Ahed Tamimi),
        // but the corpus names `فهد التميمي` more than her.
        let words = vec![("عهد التميمي", 46), ("التميمي", 68)];
        let corpus = TestCorpus {
            words: words.clone(),
            people: vec![
                ("~عهد التميمي", 4),
                ("~التميمي", 3),
                ("~فهد التميمي", 7),
                ("~عبدالجليل التميمي", 1),
            ],
        };
        let ahed = ex.resolve_in("عهد التميمي", &corpus);
        assert_eq!(ahed.phrases, ["عهد التميمي"]);
        assert!(ahed.other_keys.is_empty(), "{ahed:?}");
        // Named the most, she has it alone.
        let corpus = TestCorpus {
            words,
            people: vec![("~عهد التميمي", 40), ("~التميمي", 3), ("~فهد التميمي", 7)],
        };
        let ahed = ex.resolve_in("عهد التميمي", &corpus);
        assert_eq!(ahed.phrases, ["عهد التميمي", "التميمي"]);
        assert_eq!(ahed.other_keys, ["~التميمي"]);
        // A listed person's surname: `سليماني` is Qasem Soleimani's, not the
        // Algerian footballer's (four firm letters would do otherwise).
        let corpus = TestCorpus {
            words: vec![("اسلام سليماني", 12), ("سليماني", 120)],
            people: vec![
                ("~اسلام سليماني", 2),
                ("~سليماني", 1),
                ("qasem-soleimani", 110),
            ],
        };
        let slimani = ex.resolve_in("إسلام سليماني", &corpus);
        assert_eq!(slimani.phrases, ["اسلام سليماني"]);
        assert!(slimani.other_keys.is_empty(), "{slimani:?}");
        // Weighed as the extractor names each: the full name is written in
        // more articles than the listed person is named in, but named in
        // fewer (`هيلاري كلينتون`, against `بيل كلينتون`, listed).
        let corpus = TestCorpus {
            words: vec![("اسلام سليماني", 130), ("سليماني", 150)],
            people: vec![("~اسلام سليماني", 18), ("qasem-soleimani", 48)],
        };
        let slimani = ex.resolve_in("إسلام سليماني", &corpus);
        assert_eq!(slimani.phrases, ["اسلام سليماني"], "{slimani:?}");
        // A name the rules never find gives nothing to weigh: `سكريبال`
        // is still Sergei Skripal's beside his daughter's name.
        let corpus = TestCorpus {
            words: vec![("سيرغي سكريبال", 354), ("سكريبال", 397)],
            people: vec![("~يوليا سكريبال", 6), ("~سكريبال", 3)],
        };
        let skripal = ex.resolve_in("سيرغي سكريبال", &corpus);
        assert!(
            skripal.phrases.iter().any(|p| p == "سكريبال"),
            "{skripal:?}"
        );
        // A handful of articles is not enough: a son in four does not take
        // `هنية` from his father, named in two.
        let corpus = TestCorpus {
            words: vec![("اسماعيل هنيه", 9), ("هنيه", 27)],
            people: vec![("~اسماعيل هنيه", 2), ("~عبدالسلام هنيه", 4)],
        };
        let haniyeh = ex.resolve_in("إسماعيل هنية", &corpus);
        assert!(haniyeh.phrases.iter().any(|p| p == "هنيه"), "{haniyeh:?}");
        // A first name spelled a letter otherwise is the same person.
        let corpus = TestCorpus {
            words: vec![("انطونيو غوتيريش", 30), ("غوتيريش", 60)],
            people: vec![
                ("~انطونيو غوتيريش", 2),
                ("~انتونيو غوتيريش", 6),
                ("~غوتيريش", 2),
            ],
        };
        let guterres = ex.resolve_in("أنطونيو غوتيريش", &corpus);
        assert!(
            guterres.phrases.iter().any(|p| p == "غوتيريش"),
            "{guterres:?}"
        );
    }

    #[test]
    fn latin_compounds_are_written_apart_as_the_arabic_writes_them() {
        for (name, apart) in [
            ("abdelkarim zbidi", "abdel karim zbidi"),
            ("abdulaziz", "abdel aziz"),
            // The article assimilated to a sun letter.
            ("abderrahmane souihli", "abdel rahmane souihli"),
            ("abdessalem", "abdel salem"),
            ("saadeddine othmani", "saad eddine othmani"),
            ("mohamed aboutrika", "mohamed abou trika"),
            ("aboulgheit", "aboul gheit"),
            ("medhi benatia", "medhi ben atia"),
            ("binali yildirim", "bin ali yildirim"),
            ("mahmoud ahmadinejad", "mahmoud ahmadi nejad"),
        ] {
            assert_eq!(
                latin_compounds_apart(name).as_deref(),
                Some(apart),
                "{name}"
            );
        }
        // `Abdullah` is one word to the spelling rules; short words stay.
        for name in [
            "abdullah gul",
            "abdel bari atwan",
            "ben ali",
            "sergei lavrov",
        ] {
            assert_eq!(latin_compounds_apart(name), None, "{name}");
        }
    }

    #[test]
    fn a_word_of_a_phrase_keeps_the_spellings_the_texts_write_in_the_name() {
        // `على العرض`, "on the offer", fits `علي العريض` (Ali Laarayedh).
        let s = |w: &str, in_phrase: u64, alone: u64| SpellingUse {
            spelling: w.to_string(),
            in_phrase,
            alone,
        };
        let kept = phrase_word_spellings(
            "العريض",
            &[
                s("العرض", 20, 477),
                s("العريض", 23, 57),
                s("العريضه", 5, 56),
            ],
        );
        assert_eq!(kept, ["العريض"]);
        // `جيرمي كوربن` is `جيريمي كوربين`.
        let kept = phrase_word_spellings("كوربين", &[s("كوربن", 9, 12), s("كوربين", 10, 14)]);
        assert_eq!(kept, ["كوربن", "كوربين"]);
        // A slip rare beside the name as written, though written alone too,
        // even as a common word (`لأمير`, "for a prince").
        let kept = phrase_word_spellings("مودريتش", &[s("مودريتش", 167, 183), s("مودريش", 1, 3)]);
        assert_eq!(kept, ["مودريتش", "مودريش"]);
        let kept = phrase_word_spellings("لومير", &[s("لامير", 2, 300), s("لومير", 57, 60)]);
        assert_eq!(kept, ["لامير", "لومير"]);
        // The name as typed sets the bar, not a rare variant's share.
        let kept = phrase_word_spellings(
            "مودريتش",
            &[
                s("مودريتش", 32, 180),
                s("مودريش", 1, 3),
                s("مودريتشي", 1, 1),
            ],
        );
        assert_eq!(kept, ["مودريتش", "مودريش", "مودريتشي"]);
        // A spelling the texts never write keeps those they do.
        let kept = phrase_word_spellings("كوربيين", &[s("كوربين", 10, 14), s("كوربيين", 0, 0)]);
        assert_eq!(kept, ["كوربين", "كوربيين"]);
    }

    #[test]
    fn an_overlong_name_resolves_to_nothing() {
        let ex = extractor();
        let asked = std::cell::Cell::new(0u32);
        let corpus = |_: &str| {
            asked.set(asked.get() + 1);
            1
        };
        let latin = vec!["Abcdefghijklmnopqrstuvwx"; 400].join(" ");
        assert_eq!(ex.resolve_in(&latin, &corpus), Resolved::default());
        assert_eq!(asked.get(), 0);
        let arabic = ["محمد"; MAX_NAME_WORDS + 1].join(" ");
        assert_eq!(ex.resolve(&arabic), Resolved::default());
        // Eight words still make a name.
        let arabic = ["محمد"; MAX_NAME_WORDS].join(" ");
        assert!(ex.resolve(&arabic).unknown_key.is_some());
    }

    #[test]
    fn latin_names_are_spelled_as_the_corpus_writes_them() {
        let ex = extractor();
        // A corpus that writes السراج and حفتر (not in the Wikidata table).
        let corpus = |w: &str| match w {
            "السراج" => 59,
            "حفتر" => 107,
            "سراج" => 3,
            _ => 0,
        };
        assert_eq!(ex.resolve_in("Haftar", &corpus).words, ["حفتر"]);
        // A phrase found further down the words' spellings, and the plain
        // form of a word the corpus has mostly with the article.
        let mahrez = |w: &str| match w {
            "رياض" => 50,
            "الرياض" => 900,
            "محرز" => 80,
            "ماريز" => 2,
            "ماهريز" => 1,
            "رياض محرز" => 60,
            _ => 0,
        };
        assert_eq!(
            ex.resolve_in("Riyad Mahrez", &mahrez).words,
            ["رياض", "محرز"]
        );
        let last_word = |q: &str| ex.resolve_in(q, &corpus).words.pop();
        assert_eq!(last_word("Khalifa Haftar").as_deref(), Some("حفتر"));
        assert_eq!(last_word("Fayez al-Sarraj").as_deref(), Some("السراج"));
        assert_eq!(ex.resolve_in("Sarraj", &corpus).words, ["السراج"]);
        // The corpus's spelling of the whole name beats the table's commoner
        // word: Michel is ميشيل in Wikidata, Aoun's Michel is ميشال.
        let corpus = |w: &str| match w {
            "ميشيل" => 40,
            "ميشال" => 30,
            "عون" => 500,
            "ميشال عون" => 25,
            "ميشيل عون" => 1,
            _ => 0,
        };
        assert_eq!(
            ex.resolve_in("Michel Aoun", &corpus).words,
            ["ميشال", "عون"]
        );
        // A Wikidata pair the model finds implausible is not trusted
        // (Wikidata pairs `neymar` with `خوسيه`).
        let corpus = |w: &str| match w {
            "خوسيه" => 300,
            "نيمار" => 100,
            _ => 0,
        };
        assert_eq!(ex.resolve_in("Neymar", &corpus).words, ["نيمار"]);
        // Without a corpus the model's best guess stands.
        assert_eq!(ex.resolve("Haftar").words.len(), 1);
    }
}
