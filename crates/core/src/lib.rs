//! Khabar's shared domain types.
//!
//! Every crate of the workspace speaks in these types; they do no I/O and no async,
//! so they can be used from anywhere (store, ingest, index, CLI) without pulling
//! in a runtime.
#![deny(missing_docs)]

mod article;
mod feed;
mod time;

pub use article::{Article, ArticleId, StoredArticle};
pub use feed::{Feed, FeedHealth, FeedId, FeedSpec};
pub use time::{Timestamp, from_unix, now, to_unix};
