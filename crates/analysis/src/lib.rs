//! Arabic text analysis for Khabar: the `ar_stem` and `ar_exact` analyzers.
//!
//! The rules, in the order they apply:
//! 1. **Segmentation** ([`ArabicTokenizer`]): words are runs of letters and
//!    digits of any script; harakat, tatweel and invisible joiners (ZWNJ,
//!    ZWJ, bidi marks) do not split a word; spaces, punctuation (Latin and
//!    Arabic: `، ؛ ؟ « » “ ”`) and symbols do. Offsets are bytes of the
//!    original text.
//! 2. **Normalization**, in the same pass (see [`normalize()`]):
//!    presentation forms → NFKC (`ﻻ` → `لا`); harakat, superscript alef,
//!    Quranic marks, tatweel removed; `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`,
//!    `ؤ` → `و`, `ئ` → `ي`; Persian/Urdu letters → Arabic (`ی` → `ي`,
//!    `ک` → `ك`…); `٠-٩` `۰-۹` → `0-9`; Latin lowercased and
//!    diacritics removed (`É` → `e`).
//! 3. **Stopwords** ([`ArabicStopWordFilter`], `ar_stem` only): function
//!    words removed, positions keep their gaps.
//! 4. **Light stemming** ([`ArabicLightStemmer`], `ar_stem` only): clitics
//!    stripped only when a real stem remains (`والمفاوضات` → `مفاوض`,
//!    `لترامب` → `ترامب`, `واشنطن` stays).
//!
//! `ar_exact` = 1 + 2 (precision, phrases); `ar_stem` = 1 + 2 + 3 + 4
//! (recall). [`skeleton()`] gives a looser key for name matching.
//! [`ANALYZER_VERSION`] must be bumped on any output change.
//!
//! ```
//! use khabar_analysis::{AnalyzerName, analyze};
//!
//! let stem: Vec<String> = analyze(AnalyzerName::Stem, "وقال الرئيسُ لترامب في ٢٠٢٤")
//!     .into_iter().map(|t| t.term).collect();
//! assert_eq!(stem, ["قال", "رييس", "ترامب", "2024"]);
//! let exact: Vec<String> = analyze(AnalyzerName::Exact, "وقال الرئيسُ لترامب في ٢٠٢٤")
//!     .into_iter().map(|t| t.term).collect();
//! assert_eq!(exact, ["وقال", "الرييس", "لترامب", "في", "2024"]);
//! ```
//!
//! With tantivy (in the index crate):
//! `TextAnalyzer::builder(ArabicTokenizer::new()).filter(ArabicStopWordFilter).filter(ArabicLightStemmer).build()`
//! registered as [`names::AR_STEM`], and `TextAnalyzer::from(ArabicTokenizer::new())`
//! as [`names::AR_EXACT`].

#![deny(missing_docs)]

pub use normalize::normalize;
pub use skeleton::{ArabicSkeletonFilter, ArabicSkeletonStream, ArabicSkeletonTokenizer, skeleton};
pub use stem::{
    ArabicLightStemmer, ArabicLightStemmerFilter, ArabicLightStemmerStream, is_protected, stem,
};
pub use stopwords::{
    ArabicStopWordFilter, ArabicStopWordFilterWrapper, ArabicStopWordStream, is_stopword,
};
pub use tokenizer::{ArabicTokenStream, ArabicTokenizer};
pub use trace::{AnalyzedToken, TokenTrace, analyze, trace};
pub use version::ANALYZER_VERSION;

mod normalize;
mod skeleton;
mod stem;
mod stopwords;
mod tokenizer;
mod trace;
mod version;

/// Names under which the analyzers are registered in tantivy.
pub mod names {
    /// Tokenize + normalize + stopwords + light stem (recall).
    pub const AR_STEM: &str = "ar_stem";
    /// Tokenize + normalize only (precision, phrases).
    pub const AR_EXACT: &str = "ar_exact";
    /// `ar_stem` + consonant skeleton (spelling variants; low weight).
    pub const AR_SKELETON: &str = "ar_skeleton";
}

/// One of the two analyzers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnalyzerName {
    /// [`names::AR_STEM`].
    Stem,
    /// [`names::AR_EXACT`].
    Exact,
}

impl AnalyzerName {
    /// The analyzer with this registered name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            names::AR_STEM => Some(Self::Stem),
            names::AR_EXACT => Some(Self::Exact),
            _ => None,
        }
    }

    /// The registered name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stem => names::AR_STEM,
            Self::Exact => names::AR_EXACT,
        }
    }
}
