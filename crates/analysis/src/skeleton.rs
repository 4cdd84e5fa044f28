//! [`skeleton`]: a consonant skeleton for matching spelling variants of
//! names.

/// The consonant skeleton of a word, for name matching (not used by the
/// indexed fields). The word is normalized, then every `ا` `و` `ي` `ء`
/// after the first letter is dropped (long vowels and hamza seats, written
/// or not depending on the transcription), and runs of the same letter are
/// collapsed. The first letter is always kept (`وليد`, `يوسف`). Latin and
/// digits are only normalized.
///
/// ```
/// use khabar_analysis::skeleton;
/// assert_eq!(skeleton("ترامب"), skeleton("ترمب"));
/// assert_eq!(skeleton("مسؤول"), skeleton("مسئول"));
/// assert_eq!(skeleton("بوتين"), skeleton("بوتن"));
/// ```
pub fn skeleton(word: &str) -> String {
    let norm = crate::normalize(word);
    let mut out = String::with_capacity(norm.len());
    let mut first = true;
    let mut last = None;
    for c in norm.chars() {
        let letter = c.is_alphanumeric();
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
    out
}
