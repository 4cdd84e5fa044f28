//! [`ArabicStopWordFilter`]: removes Arabic function words.
//!
//! The list is `data/stopwords-ar.txt` (provenance in the file); each entry
//! is normalized with [`crate::normalize()`] when loaded, so lookups take
//! normalized words.

use std::collections::HashSet;
use std::sync::LazyLock;

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

static STOPWORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../data/stopwords-ar.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(crate::normalize)
        .collect()
});

/// Whether a normalized word is a stopword: `is_stopword("علي")` (from
/// `على`) and `is_stopword("الي")` (from `إلى`) are true.
pub fn is_stopword(normalized_word: &str) -> bool {
    // All stopwords are short: skip the hash for long words.
    normalized_word.len() <= 16 && STOPWORDS.contains(normalized_word)
}

/// Token filter removing stopwords. Positions are not renumbered: the
/// remaining tokens keep the gaps, so positions match those of `ar_exact`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicStopWordFilter;

impl TokenFilter for ArabicStopWordFilter {
    type Tokenizer<T: Tokenizer> = ArabicStopWordFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        ArabicStopWordFilterWrapper { tokenizer }
    }
}

/// The tokenizer produced by [`ArabicStopWordFilter`].
#[derive(Clone, Debug)]
pub struct ArabicStopWordFilterWrapper<T> {
    tokenizer: T,
}

impl<T: Tokenizer> Tokenizer for ArabicStopWordFilterWrapper<T> {
    type TokenStream<'a> = ArabicStopWordStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ArabicStopWordStream {
            tail: self.tokenizer.token_stream(text),
        }
    }
}

/// The token stream of [`ArabicStopWordFilterWrapper`].
#[derive(Debug)]
pub struct ArabicStopWordStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for ArabicStopWordStream<S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if !is_stopword(&self.tail.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
