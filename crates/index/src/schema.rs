//! The index schema: field names and which analyzer each field uses.
//!
//! Every text field is indexed twice: stemmed (`ar_stem`, recall) and normalized but
//! unstemmed (`ar_exact`, precision, exact-form quoting and phrases), so an exact-form
//! match outscores a stem-only one.

use khabar_analysis::names::{AR_EXACT, AR_SKELETON, AR_STEM};
use tantivy::schema::{
    DateOptions, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

/// Field names.
pub mod names {
    /// Article id (raw).
    pub const ID: &str = "id";
    /// Title, stemmed; stored.
    pub const TITLE: &str = "title";
    /// Title, exact form.
    pub const TITLE_EXACT: &str = "title_exact";
    /// Body, stemmed; stored.
    pub const BODY: &str = "body";
    /// Body, exact form.
    pub const BODY_EXACT: &str = "body_exact";
    /// Title and body, consonant skeletons of the stems (spelling variants).
    pub const SKELETON: &str = "skeleton";
    /// Feed display name (raw; stored).
    pub const FEED: &str = "feed";
    /// Feed id in the store.
    pub const FEED_ID: &str = "feed_id";
    /// Publication time.
    pub const PUBLISHED: &str = "published";
    /// Article URL (stored only).
    pub const URL: &str = "url";
    /// Byline (stored only).
    pub const AUTHOR: &str = "author";
    /// Id of the article this one duplicates (raw; stored).
    pub const DUPLICATE_OF: &str = "duplicate_of";
    /// Person ids (raw), one value per mention: term frequency = mention count.
    pub const PERSONS: &str = "persons";
    /// Stored only: one value per person, `id \t display name \t count \t spelling|spelling`.
    pub const PERSON_INFO: &str = "person_info";
}

/// Handles of every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// See [`names::ID`].
    pub id: Field,
    /// See [`names::TITLE`].
    pub title: Field,
    /// See [`names::TITLE_EXACT`].
    pub title_exact: Field,
    /// See [`names::BODY`].
    pub body: Field,
    /// See [`names::BODY_EXACT`].
    pub body_exact: Field,
    /// See [`names::SKELETON`].
    pub skeleton: Field,
    /// See [`names::FEED`].
    pub feed: Field,
    /// See [`names::FEED_ID`].
    pub feed_id: Field,
    /// See [`names::PUBLISHED`].
    pub published: Field,
    /// See [`names::URL`].
    pub url: Field,
    /// See [`names::AUTHOR`].
    pub author: Field,
    /// See [`names::DUPLICATE_OF`].
    pub duplicate_of: Field,
    /// See [`names::PERSONS`].
    pub persons: Field,
    /// See [`names::PERSON_INFO`].
    pub person_info: Field,
}

fn text(analyzer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

pub(crate) fn build_schema() -> (Schema, Fields) {
    use names::*;
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field(ID, STRING | STORED | FAST),
        title: b.add_text_field(TITLE, text(AR_STEM, true)),
        title_exact: b.add_text_field(TITLE_EXACT, text(AR_EXACT, false)),
        body: b.add_text_field(BODY, text(AR_STEM, true)),
        body_exact: b.add_text_field(BODY_EXACT, text(AR_EXACT, false)),
        skeleton: b.add_text_field(SKELETON, text(AR_SKELETON, false)),
        feed: b.add_text_field(FEED, STRING | STORED | FAST),
        feed_id: b.add_i64_field(FEED_ID, INDEXED | STORED),
        published: b.add_date_field(
            PUBLISHED,
            DateOptions::from(INDEXED).set_stored().set_fast(),
        ),
        url: b.add_text_field(URL, STORED),
        author: b.add_text_field(AUTHOR, STORED),
        duplicate_of: b.add_text_field(DUPLICATE_OF, STRING | STORED | FAST),
        // Raw ids with frequencies, so an article about someone outscores one
        // that names them once.
        persons: b.add_text_field(
            PERSONS,
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer("raw")
                        .set_index_option(IndexRecordOption::WithFreqs),
                )
                // Fast, for `--facets person`.
                .set_fast("raw"),
        ),
        person_info: b.add_text_field(PERSON_INFO, STORED),
    };
    (b.build(), fields)
}

impl Fields {
    pub(crate) fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        use names::*;
        Ok(Fields {
            id: schema.get_field(ID)?,
            title: schema.get_field(TITLE)?,
            title_exact: schema.get_field(TITLE_EXACT)?,
            body: schema.get_field(BODY)?,
            body_exact: schema.get_field(BODY_EXACT)?,
            skeleton: schema.get_field(SKELETON)?,
            feed: schema.get_field(FEED)?,
            feed_id: schema.get_field(FEED_ID)?,
            published: schema.get_field(PUBLISHED)?,
            url: schema.get_field(URL)?,
            author: schema.get_field(AUTHOR)?,
            duplicate_of: schema.get_field(DUPLICATE_OF)?,
            persons: schema.get_field(PERSONS)?,
            person_info: schema.get_field(PERSON_INFO)?,
        })
    }
}
