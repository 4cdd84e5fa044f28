//! Training texts from IOB files (ANERcorp's format).

/// A training text with its gold person spans (char offsets, end exclusive).
#[derive(Debug, Clone)]
pub struct TrainingText {
    /// The text.
    pub text: String,
    /// Person mentions.
    pub spans: Vec<(usize, usize)>,
}

/// A sentence of an IOB file: each word with its label (0 other, 1 first
/// word of a person name, 2 a later word of it).
pub type LabelledSentence = Vec<(String, u8)>;

/// Longest sentence kept whole: a file without sentence ends is cut into
/// pieces this long, so no training text grows without bound.
pub const MAX_SENTENCE_WORDS: usize = 5000;

/// Training texts from an IOB file ([`iob_sentences`]), joined ten sentences
/// at a time so surname linking has context.
pub fn parse_iob(text: &str) -> Vec<TrainingText> {
    iob_sentences(text).chunks(10).map(training_text).collect()
}

/// The sentences of an IOB file: one `word TAG` per line (space or tab),
/// `B-PERS`/`I-PERS` (or `B-PER`/`I-PER`) for person words, any other tag
/// for the rest; a sentence ends at a blank line or a `.` word. Lines without
/// a tag are skipped.
pub fn iob_sentences(text: &str) -> Vec<LabelledSentence> {
    let mut sentences: Vec<LabelledSentence> = Vec::new();
    let mut cur: LabelledSentence = Vec::new();
    for line in text.lines() {
        let line = line.trim_start_matches('\u{feff}').trim();
        let Some((word, tag)) = line.rsplit_once([' ', '\t']) else {
            if line.is_empty() && !cur.is_empty() {
                sentences.push(std::mem::take(&mut cur));
            }
            continue;
        };
        // Bidi marks sit inside some words (مبارك + U+200F): not part of a name.
        let word: String = word
            .trim()
            .chars()
            .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}'))
            .collect();
        if word.is_empty() {
            continue;
        }
        let label = match tag.trim() {
            "B-PERS" | "B-PER" => 1,
            "I-PERS" | "I-PER" => 2,
            _ => 0,
        };
        let end = word == "." || cur.len() + 1 >= MAX_SENTENCE_WORDS;
        cur.push((word, label));
        if end {
            sentences.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        sentences.push(cur);
    }
    sentences
}

/// Joins labelled sentences into one text with its gold char spans.
pub fn training_text(sentences: &[LabelledSentence]) -> TrainingText {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for s in sentences {
        for (w, label) in s {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push(' ');
                chars += 1;
            }
            let n = w.chars().count();
            match label {
                1 => spans.push((chars, chars + n)),
                2 => {
                    if let Some(last) = spans.last_mut() {
                        last.1 = chars + n;
                    }
                }
                _ => {}
            }
            text.push_str(w);
            chars += n;
        }
        text.push('\n');
        chars += 1;
    }
    TrainingText { text, spans }
}
