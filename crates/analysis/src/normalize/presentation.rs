//! Presentation forms: compatibility characters are replaced by their NFKC
//! (here NFKD, which is the same for these blocks once marks are removed)
//! decomposition, then normalized letter by letter:
//! - Arabic Presentation Forms-A U+FB50–U+FDFF and -B U+FE70–U+FEFE:
//!   `ﻻ` → `لا`, `ﺍﻟﻌﺮﺑﻴﺔ` → `العربيه`, `ﷲ` → `الله`. Ligatures of whole
//!   phrases split where their decomposition has a space: `ﷺ` →
//!   `صلي` `الله` `عليه` `وسلم` (all four tokens carry the offsets of the
//!   one original character).
//! - The isolated/medial forms of harakat U+FE70–U+FE7F and the isolated
//!   shadda ligatures U+FC5E–U+FC63 (whose decomposition starts with a
//!   space) are treated as combining marks, not as splits.
//! - Alphabetic presentation forms U+FB00–U+FB4F (`ﬁ` → `fi`) and
//!   halfwidth/fullwidth forms U+FF00–U+FFEF (`Ａ１` → `a1`).

/// Whether `c` is a harakat presentation form handled as a combining mark.
#[inline]
pub(crate) fn is_mark_form(c: char) -> bool {
    matches!(c, '\u{FE70}'..='\u{FE7F}' | '\u{FC5E}'..='\u{FC63}')
}

/// Whether `c` is a compatibility form that is decomposed.
#[inline]
pub(crate) fn is_compat_form(c: char) -> bool {
    matches!(c, '\u{FB00}'..='\u{FDFF}' | '\u{FE80}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFEF}')
}
