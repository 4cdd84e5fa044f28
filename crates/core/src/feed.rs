//! Feeds: the sources Khabar polls, with their fetch state.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// A feed's id in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FeedId(pub i64);

impl fmt::Display for FeedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a user says about a feed when adding it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedSpec {
    /// `http(s)://` URL, `file://` URL or local path.
    pub url: String,
    /// Display name; defaults to the feed's own title or its URL.
    pub name: Option<String>,
    /// Fetch each article's page and extract its full text.
    pub full_text: bool,
    /// Poll interval in seconds, if the feed overrides the default.
    pub interval_secs: Option<i64>,
}

/// A feed with its fetch state, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// Id in the store.
    pub id: FeedId,
    /// Where it is fetched from (updated after a permanent redirect).
    pub url: String,
    /// Display name.
    pub name: String,
    /// Fetch article pages for full text.
    pub full_text: bool,
    /// Poll interval override, seconds.
    pub interval_secs: Option<i64>,
    /// `ETag` of the last 200 response.
    pub etag: Option<String>,
    /// `Last-Modified` of the last 200 response.
    pub last_modified: Option<String>,
    /// Hash of the last body parsed, to skip unchanged 200s.
    pub body_hash: Option<String>,
    /// Encoding used to decode the last body (`UTF-8`, `windows-1256`, …).
    pub encoding: Option<String>,
    /// Health and schedule.
    pub health: FeedHealth,
}

/// How a feed has been doing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedHealth {
    /// When it was added.
    pub added: Option<Timestamp>,
    /// Last fetch attempt.
    pub last_fetch: Option<Timestamp>,
    /// Last successful fetch (200 or 304).
    pub last_success: Option<Timestamp>,
    /// Last error message.
    pub last_error: Option<String>,
    /// Consecutive errors since the last success.
    pub error_count: i64,
    /// When the next fetch is due.
    pub next_fetch: Option<Timestamp>,
    /// The server said 410 Gone: not fetched again unless re-enabled.
    pub gone: bool,
}
