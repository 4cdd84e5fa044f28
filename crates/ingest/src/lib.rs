//! Khabar's feed ingestion: the only crate that opens sockets.
//!
//! A feed goes through these steps, one module each:
//!
//! - [`fetch`]: bytes over HTTP(S) (conditional GET, manual redirects, bounded body,
//!   compression) or from a local file;
//! - [`decode`]: bytes to UTF-8 text (BOM, HTTP charset, XML declaration, detection);
//! - [`parse`]: text to entries with `feed-rs` (RSS 0.9x/1.0/2.0, Atom, JSON Feed);
//! - [`dates`]: a lenient date parser (RFC 822/3339 variants, Arabic month names and
//!   digits) used for every date of a feed;
//! - [`process`]: entries to clean [`khabar_core::Article`]s (HTML to text, canonical
//!   URL, stable ids);
//! - [`fulltext`]: for `full_text` feeds, each new article's page and its main text;
//! - [`dedup`]: cross-feed near-duplicates (the same wire story in several feeds);
//! - [`opml`]: feed lists in and out (OPML 2.0);
//! - [`ingester`]: many feeds at once, written to the [`khabar_store::Store`] with
//!   each fetch's outcome recorded on its feed;
//! - [`schedule`]: when each feed is due next (a pure policy);
//! - [`run`]: the long-running loop that fetches every feed when it is due.
//!
//! Errors ([`Error`]) name the feed URL they are about.
#![deny(missing_docs)]

pub mod dates;
pub mod decode;
pub mod dedup;
mod error;
pub mod fetch;
pub mod fulltext;
pub mod ingester;
pub mod opml;
pub mod parse;
pub mod process;
pub mod run;
pub mod schedule;

pub use error::Error;
pub use ingester::ScheduledOutcome;
pub use ingester::{
    FeedOutcome, FeedStatus, IngestOptions, IngestReport, Ingester, body_hash, parse_and_process,
};
