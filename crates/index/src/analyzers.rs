//! Every analyzer the index uses, composed in one place under constant names.

use khabar_analysis::names::{AR_EXACT, AR_SKELETON, AR_STEM};
use khabar_analysis::{
    ArabicLightStemmer, ArabicSkeletonFilter, ArabicStopWordFilter, ArabicTokenizer,
};
use tantivy::Index;
use tantivy::tokenizer::TextAnalyzer;

/// The `ar_stem` chain: tokenize + normalize, drop stopwords, light-stem.
pub fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(ArabicTokenizer::new())
        .filter(ArabicStopWordFilter)
        .filter(ArabicLightStemmer)
        .build()
}

/// The `ar_skeleton` chain: `ar_stem`, then the consonant skeleton of each stem.
pub fn skeleton_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(ArabicTokenizer::new())
        .filter(ArabicStopWordFilter)
        .filter(ArabicLightStemmer)
        .filter(ArabicSkeletonFilter)
        .build()
}

/// The `ar_exact` chain: tokenize + normalize only.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(ArabicTokenizer::new()).build()
}

/// Registers Khabar's analyzers on an index (they are not persisted by Tantivy).
pub fn register_analyzers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(AR_STEM, stem_analyzer());
    manager.register(AR_EXACT, exact_analyzer());
    manager.register(AR_SKELETON, skeleton_analyzer());
}
