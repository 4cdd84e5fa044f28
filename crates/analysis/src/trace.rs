//! [`trace`] and [`analyze`]: run an analyzer outside tantivy, for tests,
//! the CLI (`khabar analyze`) and debugging.

use tantivy_tokenizer_api::{TokenStream, Tokenizer};

use crate::{AnalyzerName, ArabicTokenizer, is_stopword, stem::stem_in_place};

/// One token of [`analyze`]'s output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The indexed term.
    pub term: String,
    /// Start of the word in the original text (bytes).
    pub offset_from: usize,
    /// End of the word in the original text (bytes, exclusive).
    pub offset_to: usize,
    /// Position of the token (stopwords leave gaps).
    pub position: usize,
}

/// How one word went through an analyzer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenTrace {
    /// The word as written in the original text (`text[offset_from..offset_to]`).
    pub original: String,
    /// Start of the word in the original text (bytes).
    pub offset_from: usize,
    /// End of the word in the original text (bytes, exclusive).
    pub offset_to: usize,
    /// Position of the token.
    pub position: usize,
    /// The indexed term, or `None` when the word was removed as a stopword.
    pub term: Option<String>,
    /// The stages that changed the word, each with the value after it:
    /// `[("normalize", "الرييس"), ("stem", "رييس")]`. A removed stopword
    /// has `("stopword", "")`.
    pub stages: Vec<(&'static str, String)>,
}

/// Traces every word of `text` through the analyzer `analyzer`.
pub fn trace(analyzer: AnalyzerName, text: &str) -> Vec<TokenTrace> {
    let mut tokenizer = ArabicTokenizer::new();
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        let original = &text[t.offset_from..t.offset_to];
        let mut stages = Vec::new();
        if t.text != original {
            stages.push(("normalize", t.text.clone()));
        }
        let mut term = Some(t.text.clone());
        if analyzer == AnalyzerName::Stem {
            if is_stopword(&t.text) {
                stages.push(("stopword", String::new()));
                term = None;
            } else {
                let mut s = t.text.clone();
                stem_in_place(&mut s);
                if s != t.text {
                    stages.push(("stem", s.clone()));
                }
                term = Some(s);
            }
        }
        out.push(TokenTrace {
            original: original.to_owned(),
            offset_from: t.offset_from,
            offset_to: t.offset_to,
            position: t.position,
            term,
            stages,
        });
    }
    out
}

/// Runs the analyzer `name` on `text`: the indexed terms with their offsets
/// and positions (removed stopwords leave position gaps).
///
/// ```
/// use khabar_analysis::{AnalyzerName, analyze};
/// let terms: Vec<String> = analyze(AnalyzerName::Stem, "قال ترامب إن روسيا")
///     .into_iter().map(|t| t.term).collect();
/// assert_eq!(terms, ["قال", "ترامب", "روسيا"]);
/// ```
pub fn analyze(name: AnalyzerName, text: &str) -> Vec<AnalyzedToken> {
    trace(name, text)
        .into_iter()
        .filter_map(|t| {
            Some(AnalyzedToken {
                term: t.term?,
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: t.position,
            })
        })
        .collect()
}
