//! Marks: characters removed from words without splitting them.
//!
//! Two kinds, both dropped from the normalized text:
//! - *combining* marks, which belong to the letter they sit on and are kept
//!   inside the highlighted span of a token:
//!   - harakat and other Arabic marks U+064B–U+065F (fathatan … wavy hamza;
//!     includes shadda U+0651, sukun U+0652, hamza above/below U+0654/U+0655):
//!     `الرَّئِيسُ` → `الرئيس`;
//!   - superscript alef U+0670: `هٰذا` → `هذا`;
//!   - Arabic honorific/small marks U+0610–U+061A;
//!   - Quranic annotation marks U+06D6–U+06ED (except the symbols U+06DD,
//!     U+06DE, U+06E9, which split);
//!   - Arabic Extended-A marks U+08CA–U+08FF (except U+08E2);
//!   - tatweel (kashida) U+0640: `كـتـاب` → `كتاب`;
//!   - Latin combining diacritics U+0300–U+036F, U+1AB0–U+1AFF,
//!     U+1DC0–U+1DFF, U+20D0–U+20FF, U+FE20–U+FE2F (decomposed `é`).
//! - *joiners*: invisible format characters that may appear inside a word
//!   and must not split it: ZWNJ U+200C, ZWJ U+200D, LRM U+200E, RLM U+200F,
//!   ALM U+061C, bidi embeddings/overrides U+202A–U+202E, isolates
//!   U+2066–U+2069, word joiner U+2060, BOM/ZWNBSP U+FEFF, soft hyphen
//!   U+00AD, CGJ U+034F. `ميـ‌ـزان` with a ZWNJ stays one word.

/// Whether `c` is a combining mark removed by normalization.
#[inline]
pub(crate) fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0610}'..='\u{061A}'
        | '\u{0640}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}'
        | '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `c` is an invisible joiner/format character removed by
/// normalization without splitting the word.
#[inline]
pub(crate) fn is_joiner(c: char) -> bool {
    matches!(c,
        '\u{200C}'..='\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{034F}')
}
