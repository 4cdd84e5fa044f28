//! Articles: what is stored, indexed and searched.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{FeedId, Timestamp};

/// The stable identity of an article.
///
/// Imported articles keep the id they come with. Articles from feeds get an id derived
/// from their feed and their dedup key (GUID, else canonical link, else content hash),
/// see [`ArticleId::for_feed_item`], so that fetching the same item twice updates one
/// article instead of creating two.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(String);

impl ArticleId {
    /// Wraps an id as given (imports, the store).
    pub fn new(id: impl Into<String>) -> Self {
        ArticleId(id.into())
    }

    /// The id of a feed item: a short hash of the feed's key and the item's dedup key.
    ///
    /// `feed_key` is stable for a feed (its id in the store); `dedup_key` is the item's
    /// GUID, canonical link or content hash, in that order of preference.
    pub fn for_feed_item(feed_key: &str, dedup_key: &str) -> Self {
        let mut h = Sha256::new();
        h.update(feed_key.as_bytes());
        h.update([0u8]);
        h.update(dedup_key.as_bytes());
        let digest = h.finalize();
        let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
        ArticleId(format!("f{hex}"))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An article as ingested or imported: everything a rebuild of the index needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable id (see [`ArticleId`]).
    pub id: ArticleId,
    /// The feed it came from, when it came from a feed in the store.
    pub feed_id: Option<FeedId>,
    /// Display name of its source (the feed's name, or the `feed` field of an import).
    pub feed: Option<String>,
    /// Headline, as clean text.
    pub title: String,
    /// Body, as clean text; paragraphs separated by blank lines.
    pub body: String,
    /// Link to the article page.
    pub url: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Publication time, when known.
    pub published: Option<Timestamp>,
    /// True when `published` is the fetch time, not a date the source gave.
    pub published_estimated: bool,
    /// The item's GUID in its feed, when it had one.
    pub guid: Option<String>,
}

impl Article {
    /// A hash of the content fields, used to tell an edited article from an unchanged one.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            self.title.as_str(),
            self.body.as_str(),
            self.url.as_deref().unwrap_or(""),
            self.author.as_deref().unwrap_or(""),
            self.feed.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        if let Some(p) = self.published {
            h.update(p.timestamp().to_le_bytes());
        }
        let digest = h.finalize();
        digest[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// An article as the store holds it: the article plus bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    /// The article.
    pub article: Article,
    /// When the store first saw it (kept across updates).
    pub first_seen: Timestamp,
    /// When its content last changed in the store.
    pub updated: Timestamp,
    /// Monotonic change sequence number: every insert or content change gets a new,
    /// higher one. The index remembers the highest it has applied.
    pub seq: i64,
    /// Id of the article this one is a near-duplicate of (the same wire story in another feed).
    pub duplicate_of: Option<ArticleId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_item_ids_are_stable_and_distinct() {
        let a = ArticleId::for_feed_item("1", "https://example.com/a");
        let b = ArticleId::for_feed_item("1", "https://example.com/a");
        let c = ArticleId::for_feed_item("2", "https://example.com/a");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.as_str().len(), 21);
    }
}
