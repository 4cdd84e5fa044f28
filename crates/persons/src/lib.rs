//! Person mentions in Arabic news, for person search.
//!
//! [`Extractor::extract`] finds mentions of people in a text and resolves each
//! to a person id: the id of a [`Gazetteer`] entry, or `~` + the normalized
//! name for someone the gazetteer does not know. Mentions come from, in order
//! of precedence at each word:
//! 1. **Full names** of the gazetteer, matched on consonant skeletons
//!    ([`khabar_analysis::skeleton`]) so spelling variants meet (`دونالد ترمب`),
//!    the first word with or without proclitics (`ولافروف`). A match right
//!    after `بن`/`ابن`/`بنت` is a father's name and does not count.
//! 2. **Roles** (`وزير الخارجية الروسي`): count as a mention of their person
//!    only when that person is named somewhere in the same text (roles change
//!    hands; an article naming the person settles who is meant). A role
//!    followed by a name is that name's title (`الرئيس السوري بشار الأسد`).
//! 3. **Short forms** (`لافروف`, `ترامب`), also on skeletons when 4+ consonants;
//!    after another person's common first name, the two words are that
//!    person (`سامي عنان`, not Kofi Annan).
//! 4. **Surnames** linked to a full name mentioned earlier in the text
//!    (`مايك والتز` … `والتز`), known person or not; spelled as that name
//!    was, a surname outranks a short form met on its skeleton (`أنجيلا
//!    ميركل` … `ميركل` is not Meghan `ماركل`), and one spelled as listed
//!    unless the text has named the listed person already or a title comes
//!    right before it.
//! 5. **Triggers** for people the gazetteer does not know: a title
//!    (`الرئيس`, `وزير`, `المتحدث باسم`, `المدرب`…, with its qualifiers
//!    `الخارجية الروسي` skipped) or a verb of saying (`قال`, `أكد`) followed
//!    by name-like words (Wikidata name words, see [`name_word_count`]).
//! 6. Optionally a trained [`Tagger`] (`khabar persons train`; no weights are
//!    shipped, see its docs).
//!
//! No I/O: the CLI reads the gazetteer file and builds [`PersonEntry`] values.

#![deny(missing_docs)]

mod extract;
mod gazetteer;
mod names;
mod query;
mod rules;
mod tagger;
mod text;
mod translit;

pub use extract::{
    Extractor, MAX_MENTIONS, Mention, MentionKind, PersonCount, RULES_VERSION, UNKNOWN_PREFIX,
};
pub use gazetteer::{
    Gazetteer, GazetteerError, MAX_ENTRIES, MAX_NAME_WORDS, MAX_NAMES_PER_ENTRY, PersonEntry,
    SETTLED_NAME_COUNT,
};
pub use names::{name_word_count, transliterate_word};
pub use query::{
    Corpus, MAX_NAMES_MATCHING, NameWordMatches, Resolved, SpellingUse, name_word_matches,
    name_word_pattern, phrase_patterns, phrase_word_spellings,
};
pub use tagger::{
    LabelledSentence, MAX_COUNTED_WORDS, MAX_MODEL_BYTES, MAX_SENTENCE_WORDS, ModelError,
    NameCounts, SELF_TRAINING_ROUNDS, Tagger, TrainingText, WordClusters, iob_sentences, parse_iob,
    training_text,
};
pub use text::{MAX_TEXT_BYTES, is_latin};
pub use translit::{MAX_WORD_LETTERS, Transliterator};
