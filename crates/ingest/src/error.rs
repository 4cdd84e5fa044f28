//! Errors of ingestion. Every message names the feed URL it is about.

use std::time::Duration;

/// Why a feed could not be fetched, decoded, parsed or stored.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    /// The URL is neither `http(s)://`, `file://` nor a local path.
    #[error("feed {url}: unsupported URL ({reason})")]
    BadUrl {
        /// The feed URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Connection refused, DNS failure, TLS failure, reset…
    #[error("feed {url}: request failed: {reason}")]
    Request {
        /// The feed URL.
        url: String,
        /// The underlying error.
        reason: String,
    },
    /// The fetch took longer than the configured timeout.
    #[error("feed {url}: timed out after {}s", .after.as_secs_f64())]
    Timeout {
        /// The feed URL.
        url: String,
        /// The timeout that was exceeded.
        after: Duration,
    },
    /// The server answered with an error status.
    #[error("feed {url}: HTTP {status}{}", retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    Status {
        /// The feed URL.
        url: String,
        /// The HTTP status code.
        status: u16,
        /// The server's `Retry-After`, if it sent one (429 / 503).
        retry_after: Option<Duration>,
    },
    /// Redirects went round in a loop or were too many.
    #[error("feed {url}: {reason}")]
    Redirect {
        /// The feed URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The body (after decompression) is larger than allowed.
    #[error("feed {url}: body larger than the limit of {limit} bytes")]
    TooLarge {
        /// The feed URL.
        url: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A local file could not be read.
    #[error("feed {url}: cannot read file: {reason}")]
    Io {
        /// The feed URL or path.
        url: String,
        /// The underlying error.
        reason: String,
    },
    /// The body is not a feed (an HTML page, malformed XML, …).
    #[error("feed {url}: not a feed ({reason})")]
    NotAFeed {
        /// The feed URL.
        url: String,
        /// What the parser said.
        reason: String,
    },
    /// The store refused a write.
    #[error("feed {url}: store error: {source}")]
    Store {
        /// The feed URL.
        url: String,
        /// The store's error.
        #[source]
        source: khabar_store::Error,
    },
    /// An article page on a host that is refused (loopback, private range) unless
    /// `IngestOptions::allow_private_article_hosts`.
    #[error("article {url}: refused ({reason})")]
    Blocked {
        /// The article URL.
        url: String,
        /// Which host or address was refused.
        reason: String,
    },
    /// No main text could be extracted from an article page.
    #[error("article {url}: no text extracted ({reason})")]
    Extract {
        /// The article URL.
        url: String,
        /// What the extractor said.
        reason: String,
    },
    /// An OPML document that cannot be read.
    #[error("OPML: {reason}")]
    Opml {
        /// What is wrong, with the byte position when known.
        reason: String,
    },
    /// An internal task failed (a bug).
    #[error("feed {url}: internal error: {reason}")]
    Internal {
        /// The feed URL.
        url: String,
        /// What failed.
        reason: String,
    },
}

impl Error {
    /// The server's `Retry-After`, when the error is a 429 or 503 that gave one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// True when the server said 410 Gone.
    pub fn is_gone(&self) -> bool {
        matches!(self, Error::Status { status: 410, .. })
    }
}
