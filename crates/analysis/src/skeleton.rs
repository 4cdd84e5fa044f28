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
    let mut word = crate::normalize(word);
    skeleton_in_place(&mut word, &mut String::new());
    word
}

/// [`skeleton`] as a token filter, for the `ar_skeleton` analyzer: applied after
/// stemming, it lets misspelled and variant forms (`بالجيكيا`/`بلجيكا`,
/// `ترمب`/`ترامب`) meet in a low-weight recall field.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicSkeletonFilter;

impl tantivy_tokenizer_api::TokenFilter for ArabicSkeletonFilter {
    type Tokenizer<T: tantivy_tokenizer_api::Tokenizer> = ArabicSkeletonTokenizer<T>;

    fn transform<T: tantivy_tokenizer_api::Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        ArabicSkeletonTokenizer { tokenizer }
    }
}

/// The tokenizer produced by [`ArabicSkeletonFilter`].
#[derive(Clone, Debug)]
pub struct ArabicSkeletonTokenizer<T> {
    tokenizer: T,
}

impl<T: tantivy_tokenizer_api::Tokenizer> tantivy_tokenizer_api::Tokenizer
    for ArabicSkeletonTokenizer<T>
{
    type TokenStream<'a> = ArabicSkeletonStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ArabicSkeletonStream {
            tail: self.tokenizer.token_stream(text),
            buf: String::new(),
        }
    }
}

/// The token stream of [`ArabicSkeletonFilter`].
#[derive(Debug)]
pub struct ArabicSkeletonStream<S> {
    tail: S,
    /// Reused between tokens: no allocation per token once warm.
    buf: String,
}

/// Skeleton of an already normalized word, in place (`out` is scratch space).
fn skeleton_in_place(word: &mut String, out: &mut String) {
    out.clear();
    let mut first = true;
    let mut last = None;
    for c in word.chars() {
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
    std::mem::swap(word, out);
}

impl<S: tantivy_tokenizer_api::TokenStream> tantivy_tokenizer_api::TokenStream
    for ArabicSkeletonStream<S>
{
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        skeleton_in_place(&mut self.tail.token_mut().text, &mut self.buf);
        true
    }

    fn token(&self) -> &tantivy_tokenizer_api::Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut tantivy_tokenizer_api::Token {
        self.tail.token_mut()
    }
}
