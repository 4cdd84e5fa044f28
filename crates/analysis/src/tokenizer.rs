//! [`ArabicTokenizer`]: segmentation and normalization in one pass.

use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

use crate::normalize::{Step, normalize_char};

/// Splits text into words and normalizes them in the same pass.
///
/// A word is a maximal run of letters and digits (any script); combining
/// marks (harakat, tatweel) and invisible joiners (ZWNJ, ZWJ, bidi marks)
/// are removed without splitting it; everything else (spaces, Latin and
/// Arabic punctuation `، ؛ ؟ « » “ ”`, symbols) splits. `token.text` is
/// the normalized word; `offset_from..offset_to` are byte offsets of the
/// word in the original text (from its first letter to its last letter or
/// combining mark; leading/trailing joiners are outside); positions count
/// tokens from 0. There is no length limit.
#[derive(Clone, Debug, Default)]
pub struct ArabicTokenizer {
    token: Token,
}

impl ArabicTokenizer {
    /// A new tokenizer.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.token.reset();
        ArabicTokenStream {
            text,
            pos: 0,
            token: &mut self.token,
            pending: Pending::default(),
        }
    }
}

/// Steps of one character waiting to be consumed (a presentation form
/// decomposing into several letters and maybe spaces).
#[derive(Default)]
struct Pending {
    steps: [Option<Step>; 24],
    len: usize,
    next: usize,
    from: usize,
    to: usize,
}

/// The [`TokenStream`] of [`ArabicTokenizer`].
pub struct ArabicTokenStream<'a> {
    text: &'a str,
    pos: usize,
    token: &'a mut Token,
    pending: Pending,
}

impl ArabicTokenStream<'_> {
    /// Applies one step of the character at `from..to`; returns true when a
    /// token is complete.
    #[inline]
    fn apply(&mut self, step: Step, from: usize, to: usize, in_token: &mut bool) -> bool {
        match step {
            Step::Char(c) => {
                if !*in_token {
                    *in_token = true;
                    self.token.offset_from = from;
                    self.token.text.clear();
                }
                self.token.text.push(c);
                self.token.offset_to = to;
                false
            }
            Step::Mark => {
                if *in_token {
                    self.token.offset_to = to;
                }
                false
            }
            Step::Join => false,
            Step::Break(_) => *in_token,
        }
    }
}

impl TokenStream for ArabicTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let mut in_token = false;
        loop {
            // Steps left over from a multi-step character.
            while self.pending.next < self.pending.len {
                let step = self.pending.steps[self.pending.next].take();
                self.pending.next += 1;
                let (from, to) = (self.pending.from, self.pending.to);
                if let Some(step) = step
                    && self.apply(step, from, to, &mut in_token)
                {
                    return self.emit();
                }
            }
            let Some(c) = self.text[self.pos..].chars().next() else {
                return in_token && self.emit();
            };
            let from = self.pos;
            let to = from + c.len_utf8();
            self.pos = to;
            if c.is_ascii() {
                // Fast path.
                if c.is_ascii_alphanumeric() {
                    if !in_token {
                        in_token = true;
                        self.token.offset_from = from;
                        self.token.text.clear();
                    }
                    self.token.text.push(c.to_ascii_lowercase());
                    self.token.offset_to = to;
                } else if in_token {
                    return self.emit();
                }
                continue;
            }
            let mut first = None;
            let pending = &mut self.pending;
            pending.len = 0;
            pending.next = 0;
            normalize_char(c, &mut |step| {
                if first.is_none() {
                    first = Some(step);
                } else if pending.len < pending.steps.len() {
                    pending.steps[pending.len] = Some(step);
                    pending.len += 1;
                }
            });
            pending.from = from;
            pending.to = to;
            if let Some(step) = first
                && self.apply(step, from, to, &mut in_token)
            {
                return self.emit();
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl ArabicTokenStream<'_> {
    #[inline]
    fn emit(&mut self) -> bool {
        self.token.position = self.token.position.wrapping_add(1);
        self.token.position_length = 1;
        true
    }
}
