#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Mutex;

use khabar_core::{Feed, FeedHealth, FeedId, FeedSpec};
use khabar_store::Store;

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds")
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_dir().join(name)).unwrap()
}

/// Removes the characters the processor removes and collapses whitespace.
pub fn clean_title(t: &str) -> String {
    let kept: String = t
        .chars()
        .filter(|c| !khabar_ingest::process::is_format_char(*c))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub struct TestStore {
    pub dir: tempfile::TempDir,
    pub store: Mutex<Store>,
}

impl TestStore {
    pub fn new() -> TestStore {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        TestStore {
            dir,
            store: Mutex::new(store),
        }
    }

    pub fn add(&self, url: &str) -> Feed {
        self.store
            .lock()
            .unwrap()
            .add_feed(&FeedSpec {
                url: url.to_string(),
                ..FeedSpec::default()
            })
            .unwrap()
    }

    pub fn feed(&self, id: FeedId) -> Feed {
        self.store.lock().unwrap().feed(id).unwrap().unwrap()
    }

    pub fn count(&self, id: FeedId) -> i64 {
        self.store
            .lock()
            .unwrap()
            .article_counts_by_feed()
            .unwrap()
            .into_iter()
            .find(|(f, _)| *f == id)
            .map_or(0, |(_, n)| n)
    }

    pub fn articles(&self, id: FeedId) -> Vec<khabar_core::StoredArticle> {
        let store = self.store.lock().unwrap();
        let filter = khabar_store::ArticleFilter { feed_id: Some(id) };
        let mut out = Vec::new();
        store
            .for_each_article::<khabar_store::Error>(&filter, |a| {
                out.push(a);
                Ok(())
            })
            .unwrap();
        out
    }
}

/// A feed that is not in any store (for the pure helpers).
pub fn detached_feed(url: &str) -> Feed {
    Feed {
        id: FeedId(1),
        url: url.to_string(),
        name: "test".to_string(),
        full_text: false,
        interval_secs: None,
        etag: None,
        last_modified: None,
        body_hash: None,
        encoding: None,
        health: FeedHealth::default(),
    }
}

/// A small RSS 2.0 feed; items are (guid, title).
pub fn rss(items: &[(&str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>قناة الاختبار</title><link>https://news.example/</link>\n",
    );
    for (guid, title) in items {
        s.push_str(&format!(
            "<item><guid>{guid}</guid><title>{title}</title><link>https://news.example/{guid}?utm_source=rss</link><description>&lt;p&gt;نص {title}&lt;/p&gt;</description><pubDate>Fri, 07 Sep 2018 04:59:05 +0000</pubDate></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}
