//! Full text from article pages (saved Arabic pages, wiremock) and cross-feed
//! near-duplicates, through the real ingester and store.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::*;
use khabar_core::{FeedSpec, StoredArticle};
use khabar_ingest::fulltext::extract_text;
use khabar_ingest::{FeedStatus, IngestOptions, Ingester};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn article_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles")
}

fn page(name: &str) -> String {
    std::fs::read_to_string(article_dir().join(format!("{name}.html"))).unwrap()
}

/// The article's paragraphs (from the ANT corpus), whitespace collapsed.
fn paragraphs(name: &str) -> Vec<String> {
    std::fs::read_to_string(article_dir().join(format!("{name}.expected.txt")))
        .unwrap()
        .lines()
        .map(collapse)
        .filter(|p| !p.is_empty())
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text of the page chrome around each saved article: menus, tickers, sidebars,
/// related links, comments, share bars, footers, scripts.
const CHROME: &[&str] = &[
    "العرب والعالم",
    "تابعوا البث المباشر",
    "الأكثر قراءة",
    "أسعار النفط ترتفع",
    "مقال رائع شكرا لكم",
    "جميع الحقوق محفوظة",
    "لا تظهر هذه الجملة",
    "dataLayer",
    "شارك على فيسبوك",
    "الشرق الأوسط",
    "موضوعات ذات صلة",
    "الأمم المتحدة تحذر",
    "شارك هذه القصة",
    "شروط الاستخدام",
    "orb/cookies",
    "font-size",
    "اقرأ أيضا",
    "ترامب يلتقي ماكرون",
    "أضف تعليقك",
    "البث المباشر",
    "حمّل التطبيق",
    "NewsArticle",
    "تتبع",
];

#[test]
fn saved_arabic_pages_yield_the_article_and_not_the_chrome() {
    for name in ["alarabiya", "bbc", "skynews"] {
        let text = extract_text(&page(name), &format!("https://news.example/{name}.html"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let flat = collapse(&text);
        for p in paragraphs(name) {
            assert!(
                flat.contains(&p),
                "{name}: paragraph missing: {p}\n---\n{text}"
            );
        }
        for chrome in CHROME {
            assert!(
                !flat.contains(chrome),
                "{name}: chrome {chrome:?} kept\n---\n{text}"
            );
        }
        // Paragraphs stay paragraphs.
        assert!(
            text.matches("\n\n").count() + 1 >= paragraphs(name).len(),
            "{name}: {text}"
        );
    }
}

fn options(allow_private: bool) -> IngestOptions {
    IngestOptions {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(2),
        max_body_bytes: 1024 * 1024,
        allow_private_article_hosts: allow_private,
        ..IngestOptions::default()
    }
}

/// An RSS feed whose items link to `base/<guid>`, with a one-sentence summary.
fn linked_rss(base: &str, items: &[(&str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>قناة</title>\n",
    );
    for (guid, summary) in items {
        s.push_str(&format!(
            "<item><guid>{guid}</guid><title>عنوان {guid}</title><link>{base}/{guid}</link><description>{summary}</description><pubDate>Fri, 07 Sep 2018 04:59:05 +0000</pubDate></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

fn html(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("Content-Type", "text/html; charset=utf-8")
        .set_body_string(body)
}

fn add_full_text_feed(ts: &TestStore, url: &str) -> khabar_core::Feed {
    ts.store
        .lock()
        .unwrap()
        .add_feed(&FeedSpec {
            url: url.to_string(),
            full_text: true,
            ..FeedSpec::default()
        })
        .unwrap()
}

fn by_guid<'a>(articles: &'a [StoredArticle], guid: &str) -> &'a StoredArticle {
    articles
        .iter()
        .find(|a| a.article.guid.as_deref() == Some(guid))
        .unwrap_or_else(|| panic!("no article {guid}"))
}

#[tokio::test]
async fn full_text_replaces_the_summary_and_failures_keep_it() {
    let server = MockServer::start().await;
    let base = format!("{}/ar", server.uri());
    let feed_body = linked_rss(
        &base,
        &[
            ("alarabiya", "ملخص قصير للخبر الأول"),
            ("missing", "ملخص الخبر الثاني يبقى"),
            ("empty", "ملخص الخبر الثالث يبقى"),
        ],
    );
    Mock::given(method("GET"))
        .and(path("/feed.xml"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Content-Type", "application/rss+xml")
                .set_body_string(feed_body),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ar/alarabiya"))
        .respond_with(html(page("alarabiya")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ar/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ar/empty"))
        .respond_with(html(
            "<html><body><nav>قائمة</nav></body></html>".to_string(),
        ))
        .mount(&server)
        .await;

    let ts = TestStore::new();
    let feed = add_full_text_feed(&ts, &format!("{}/feed.xml", server.uri()));
    let ingester = Ingester::new(options(true)).unwrap();
    let report = ingester.ingest(&ts.store, vec![feed.clone()]).await;
    assert!(
        matches!(report.feeds[0].status, FeedStatus::Fetched { new: 3, .. }),
        "{report:?}"
    );
    let articles = ts.articles(feed.id);
    let full = collapse(&by_guid(&articles, "alarabiya").article.body);
    for p in paragraphs("alarabiya") {
        assert!(full.contains(&p), "missing paragraph {p}");
    }
    assert!(!full.contains("الأكثر قراءة"));
    assert_eq!(
        by_guid(&articles, "missing").article.body,
        "ملخص الخبر الثاني يبقى"
    );
    assert_eq!(
        by_guid(&articles, "empty").article.body,
        "ملخص الخبر الثالث يبقى"
    );

    // The feed changes (its hash differs): the known article keeps its full text and
    // its page is not fetched again (`expect(1)` above).
    let feed = ts.feed(feed.id);
    let report = ingester.ingest(&ts.store, vec![feed.clone()]).await;
    assert!(
        !matches!(report.feeds[0].status, FeedStatus::Failed { .. }),
        "{report:?}"
    );
    let again = ts.articles(feed.id);
    assert_eq!(collapse(&by_guid(&again, "alarabiya").article.body), full);
}

#[tokio::test]
async fn private_article_hosts_are_refused_by_default() {
    let server = MockServer::start().await;
    let base = format!("{}/ar", server.uri());
    Mock::given(method("GET"))
        .and(path("/feed.xml"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(linked_rss(&base, &[("bbc", "ملخص فقط")])),
        )
        .mount(&server)
        .await;
    // Never fetched: the feed is on 127.0.0.1 (allowed), its article page is refused.
    Mock::given(method("GET"))
        .and(path("/ar/bbc"))
        .respond_with(html(page("bbc")))
        .expect(0)
        .mount(&server)
        .await;
    let ts = TestStore::new();
    let feed = add_full_text_feed(&ts, &format!("{}/feed.xml", server.uri()));
    let report = Ingester::new(options(false))
        .unwrap()
        .ingest(&ts.store, vec![feed.clone()])
        .await;
    assert!(
        matches!(report.feeds[0].status, FeedStatus::Fetched { new: 1, .. }),
        "{report:?}"
    );
    assert_eq!(ts.articles(feed.id)[0].article.body, "ملخص فقط");
}

#[test]
fn private_hosts_are_recognized() {
    use khabar_ingest::fetch::blocked_host;
    let blocked = |u: &str| blocked_host(&url::Url::parse(u).unwrap()).is_some();
    for u in [
        "http://127.0.0.1/a",
        "http://127.9.9.9/a",
        "http://localhost:8080/a",
        "http://api.localhost/a",
        "http://10.1.2.3/a",
        "http://172.16.0.1/a",
        "http://172.31.255.255/a",
        "http://192.168.1.1/a",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/a",
        "http://[::1]/a",
        "http://[fc00::1]/a",
        "http://[fd12:3456::1]/a",
        "http://[fe80::1]/a",
        "http://[::ffff:127.0.0.1]/a",
        "http://[::ffff:10.0.0.1]/a",
    ] {
        assert!(blocked(u), "{u}");
    }
    for u in [
        "https://www.alarabiya.net/a",
        "http://8.8.8.8/a",
        "http://172.32.0.1/a",
        "http://192.169.0.1/a",
        "http://[2001:4860::8888]/a",
    ] {
        assert!(!blocked(u), "{u}");
    }
}

/// A feed file with one item per (guid, title, body).
fn write_feed(dir: &std::path::Path, name: &str, items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>قناة</title>\n",
    );
    for (guid, title, body) in items {
        s.push_str(&format!(
            "<item><guid>{guid}</guid><title>{title}</title><link>https://{name}.example/{guid}</link><description>{body}</description><pubDate>Fri, 07 Sep 2018 04:59:05 +0000</pubDate></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    let path = dir.join(format!("{name}.xml"));
    std::fs::write(&path, s).unwrap();
    path.to_string_lossy().into_owned()
}

#[tokio::test]
async fn the_same_wire_story_in_two_feeds_is_linked() {
    let story = paragraphs("skynews").join("\n");
    let other = paragraphs("bbc").join("\n");
    let third = paragraphs("alarabiya").join("\n");
    let first_paragraph = paragraphs("skynews")[0].clone();
    // The copy: other title punctuation, a sentence added, one paragraph re-spelled.
    let copy = format!(
        "{}\nوأضاف المصدر أن التفاصيل الكاملة ستعلن خلال الأيام المقبلة.",
        story.replacen(&first_paragraph, &first_paragraph.replace('،', ","), 1)
    );
    let dir = tempfile::tempdir().unwrap();
    let a = write_feed(
        dir.path(),
        "a",
        &[("s1", "خبر: عاجل", &story), ("o1", "خبر آخر", &other)],
    );
    let b = write_feed(
        dir.path(),
        "b",
        &[("s2", "خبر - عاجل!", &copy), ("t2", "خبر ثالث", &third)],
    );
    let ts = TestStore::new();
    let fa = ts.add(&a);
    let fb = ts.add(&b);
    let ingester = Ingester::new(options(false)).unwrap();
    // One after the other: feed a's articles are seen first, so they are the originals.
    ingester.ingest(&ts.store, vec![fa.clone()]).await;
    ingester.ingest(&ts.store, vec![fb.clone()]).await;
    let in_a = ts.articles(fa.id);
    let in_b = ts.articles(fb.id);
    let s1 = by_guid(&in_a, "s1");
    assert_eq!(
        by_guid(&in_b, "s2").duplicate_of.as_ref(),
        Some(&s1.article.id)
    );
    assert_eq!(s1.duplicate_of, None);
    assert_eq!(by_guid(&in_a, "o1").duplicate_of, None);
    assert_eq!(by_guid(&in_b, "t2").duplicate_of, None);

    // A third copy links to the original, not to the copy.
    let c = write_feed(dir.path(), "c", &[("s3", "عاجل", &copy)]);
    let fc = ts.add(&c);
    ingester.ingest(&ts.store, vec![fc.clone()]).await;
    assert_eq!(
        ts.articles(fc.id)[0].duplicate_of.as_ref(),
        Some(&s1.article.id)
    );

    // Detection off: no link.
    let d = write_feed(dir.path(), "d", &[("s4", "عاجل", &story)]);
    let fd = ts.add(&d);
    let off = IngestOptions {
        near_duplicate_window: Duration::ZERO,
        ..options(false)
    };
    Ingester::new(off)
        .unwrap()
        .ingest(&ts.store, vec![fd.clone()])
        .await;
    assert_eq!(ts.articles(fd.id)[0].duplicate_of, None);
}
