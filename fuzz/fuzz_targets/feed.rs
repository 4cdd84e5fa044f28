//! Feed bodies: decode (charset detection) + parse (feed-rs and the well-formedness
//! pass) + process (HTML to text, URLs, ids), as `khabar ingest` does after a fetch.
#![no_main]

use khabar_core::{Feed, FeedHealth, FeedId};
use khabar_ingest::{IngestOptions, parse_and_process};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the Content-Type header, so charset handling is covered too.
    let (content_type, body) = match data.split_first() {
        Some((b, rest)) => (
            match b % 4 {
                0 => None,
                1 => Some("application/rss+xml; charset=utf-8"),
                2 => Some("text/xml; charset=windows-1256"),
                _ => Some("application/json"),
            },
            rest,
        ),
        None => (None, data),
    };
    let feed = Feed {
        id: FeedId(1),
        url: "https://news.example/feed".to_string(),
        name: "fuzz".to_string(),
        full_text: false,
        interval_secs: None,
        etag: None,
        last_modified: None,
        body_hash: None,
        encoding: None,
        health: FeedHealth::default(),
    };
    let opts = IngestOptions::default();
    if let Ok((articles, _encoding)) = parse_and_process(&feed, body, content_type, &opts) {
        assert!(articles.len() <= opts.max_items_per_feed);
        for a in &articles {
            // Links that survive processing are web links (javascript: etc. are dropped).
            if let Some(url) = &a.url {
                assert!(
                    url.starts_with("http://") || url.starts_with("https://"),
                    "{url}"
                );
            }
            assert!(!a.title.contains('\0') && !a.body.contains('\0'));
        }
    }
});
