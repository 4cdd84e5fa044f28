//! Latin (and other alphabetic scripts): lowercase, and fold Latin letters
//! to ASCII by dropping their diacritics (canonical decomposition, marks
//! removed): `Trump` → `trump`, `Macron` → `macron`, `Élysée` → `elysee`,
//! `Gdańsk` → `gdansk`. Letters with no decomposition get a fixed ASCII
//! spelling: `ß` → `ss`, `æ` → `ae`, `œ` → `oe`, `ø` → `o`, `ł` → `l`,
//! `đ`/`ð` → `d`, `þ` → `th`, `ı` → `i`. Other scripts (Cyrillic, Greek, …)
//! are only lowercased.

use super::Step;

/// ASCII spelling of Latin letters that have no canonical decomposition.
#[inline]
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        _ => return None,
    })
}

/// Normalizes a non-ASCII alphanumeric character outside the Arabic script.
#[inline]
pub(crate) fn fold_alpha(c: char, out: &mut impl FnMut(Step)) {
    if is_foldable_latin(c) {
        unicode_normalization::char::decompose_canonical(c, |d| match special(d) {
            Some(s) => s.chars().for_each(|e| out(Step::Char(e))),
            None => lower(d, out),
        });
    } else {
        lower(c, out);
    }
}

/// Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional: the
/// letters whose diacritics are dropped.
#[inline]
fn is_foldable_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

#[inline]
fn lower(c: char, out: &mut impl FnMut(Step)) {
    if super::marks::is_combining(c) {
        out(Step::Mark);
        return;
    }
    for l in c.to_lowercase() {
        if super::marks::is_combining(l) {
            out(Step::Mark);
        } else if l != c && is_foldable_latin(l) {
            // A letter outside the Latin blocks whose lowercase is inside them
            // (ANGSTROM SIGN → å) is folded like that lowercase, or normalizing
            // twice would differ from once (found by the property test
            // normalize_is_idempotent_any). `l` is lowercase: no further recursion.
            fold_alpha(l, out);
        } else if l.is_alphanumeric() {
            out(Step::Char(l));
        } else {
            out(Step::Break(l));
        }
    }
}
