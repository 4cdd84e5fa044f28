//! Digits: Arabic-Indic ٠-٩ (U+0660–U+0669) and Extended Arabic-Indic
//! (Persian/Urdu) ۰-۹ (U+06F0–U+06F9) fold to ASCII 0-9, so `٢٠٢٤`, `۲۰۲۴`
//! and `2024` are one term. The Arabic decimal/thousands separators
//! (U+066B, U+066C) split, like `.` and `,` do between ASCII digits.

/// The ASCII digit for an Arabic-Indic or Extended Arabic-Indic digit.
#[inline]
pub(crate) fn fold_digit(c: char) -> Option<char> {
    match c {
        '\u{0660}'..='\u{0669}' => Some((b'0' + (c as u32 - 0x0660) as u8) as char),
        '\u{06F0}'..='\u{06F9}' => Some((b'0' + (c as u32 - 0x06F0) as u8) as char),
        _ => None,
    }
}
