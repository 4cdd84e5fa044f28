//! Character normalization, one rule family per module.
//!
//! Every character of the input maps to a sequence of [`Step`]s: letters and
//! digits (already folded), marks (removed, the word goes on) or breaks (the
//! word ends). The tokenizer and [`normalize`] share this one function, so a
//! token's text is exactly the normalized form of the word.

pub(crate) mod digits;
pub(crate) mod latin;
pub(crate) mod letters;
pub(crate) mod marks;
pub(crate) mod presentation;

/// What one input character becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// A word character, already normalized.
    Char(char),
    /// A combining mark (harakat, tatweel, Latin diacritic): removed, the word
    /// goes on, and the mark counts in the token's highlighted span.
    Mark,
    /// An invisible joiner (ZWNJ, bidi mark): removed, the word goes on, and
    /// the joiner is not part of the highlighted span.
    Join,
    /// A separator (space, punctuation, symbol): ends the word. Carries the
    /// character to keep in [`normalize`]'s output.
    Break(char),
}

/// Feeds the normalization of `c` to `out`.
#[inline]
pub(crate) fn normalize_char(c: char, out: &mut impl FnMut(Step)) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out(Step::Char(c.to_ascii_lowercase()));
        } else {
            out(Step::Break(c));
        }
        return;
    }
    if letters::is_arabic_letter(c) {
        out(Step::Char(letters::fold_letter(c)));
    } else if let Some(d) = digits::fold_digit(c) {
        out(Step::Char(d));
    } else if marks::is_combining(c) || presentation::is_mark_form(c) {
        out(Step::Mark);
    } else if marks::is_joiner(c) {
        out(Step::Join);
    } else if presentation::is_compat_form(c) {
        let mut any = false;
        unicode_normalization::char::decompose_compatible(c, |d| {
            any = true;
            if d == c {
                // No decomposition: classify the character itself.
                other(d, out);
            } else {
                normalize_char(d, out);
            }
        });
        if !any {
            out(Step::Break(c));
        }
    } else {
        other(c, out);
    }
}

#[inline]
fn other(c: char, out: &mut impl FnMut(Step)) {
    if c.is_alphanumeric() {
        latin::fold_alpha(c, out);
    } else {
        out(Step::Break(c));
    }
}

/// Normalizes a whole text: every word is replaced by its normalized form
/// (the token text of [`crate::ArabicTokenizer`]); separators are kept.
/// Idempotent: `normalize(&normalize(t)) == normalize(t)`.
///
/// ```
/// assert_eq!(khabar_analysis::normalize("الرَّئِيسُ، كـتـاب ٢٠٢٤"), "الرييس، كتاب 2024");
/// ```
pub fn normalize(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        normalize_char(c, &mut |step| match step {
            Step::Char(d) | Step::Break(d) => s.push(d),
            Step::Mark | Step::Join => {}
        });
    }
    s
}
