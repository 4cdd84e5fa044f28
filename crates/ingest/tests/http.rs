//! Ingestion over real HTTP (wiremock on 127.0.0.1) into a real SQLite store.

mod common;

use std::io::Write;
use std::time::Duration;

use common::*;
use khabar_ingest::{FeedStatus, IngestOptions, Ingester};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn xml(body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("Content-Type", "application/rss+xml")
        .set_body_bytes(body.into())
}

fn test_options() -> IngestOptions {
    IngestOptions {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(1),
        max_body_bytes: 1024 * 1024,
        ..IngestOptions::default()
    }
}

async fn mount(server: &MockServer, p: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(p))
        .respond_with(response)
        .mount(server)
        .await;
}

fn failed(status: &FeedStatus) -> (&str, Option<Duration>, bool) {
    match status {
        FeedStatus::Failed {
            error,
            retry_after,
            gone,
        } => (error.as_str(), *retry_after, *gone),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[tokio::test]
async fn conditional_get_and_unchanged_bodies_skip_parsing() {
    let server = MockServer::start().await;
    let body = rss(&[("a1", "خبر أول"), ("a2", "خبر ثان")]);
    // Conditional requests get a 304; mounted first, so it wins when it matches.
    Mock::given(method("GET"))
        .and(path("/etag.xml"))
        .and(header("If-None-Match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .mount(&server)
        .await;
    mount(
        &server,
        "/etag.xml",
        xml(body.clone())
            .insert_header("ETag", "\"v1\"")
            .insert_header("Last-Modified", "Fri, 07 Sep 2018 05:00:00 GMT"),
    )
    .await;
    mount(&server, "/plain.xml", xml(body.clone())).await;

    let ts = TestStore::new();
    let etag_feed = ts.add(&format!("{}/etag.xml", server.uri()));
    let plain_feed = ts.add(&format!("{}/plain.xml", server.uri()));
    let ingester = Ingester::new(test_options()).unwrap();

    let report = ingester
        .ingest(&ts.store, vec![etag_feed.clone(), plain_feed.clone()])
        .await;
    for outcome in &report.feeds {
        assert!(
            matches!(&outcome.status, FeedStatus::Fetched { new: 2, updated: 0, unchanged: 0, encoding } if encoding == "UTF-8"),
            "{outcome:?}"
        );
    }
    let stored = ts.feed(etag_feed.id);
    assert_eq!(stored.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        stored.last_modified.as_deref(),
        Some("Fri, 07 Sep 2018 05:00:00 GMT")
    );
    assert_eq!(stored.encoding.as_deref(), Some("UTF-8"));
    assert!(stored.body_hash.is_some());
    assert_eq!(
        stored.name, "قناة الاختبار",
        "a feed named after its URL takes the feed's title"
    );
    let seq_before = ts.store.lock().unwrap().last_seq().unwrap();

    let feeds = vec![ts.feed(etag_feed.id), ts.feed(plain_feed.id)];
    let report = ingester.ingest(&ts.store, feeds).await;
    assert_eq!(report.feeds[0].status, FeedStatus::NotModified);
    let requests = server.received_requests().await.unwrap();
    let conditional = requests
        .iter()
        .rev()
        .find(|r| r.url.path() == "/etag.xml")
        .unwrap();
    assert_eq!(
        conditional
            .headers
            .get("if-modified-since")
            .and_then(|v| v.to_str().ok()),
        Some("Fri, 07 Sep 2018 05:00:00 GMT")
    );
    assert!(
        conditional
            .headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ua| ua.starts_with("khabar/"))
    );
    assert_eq!(report.feeds[1].status, FeedStatus::Unchanged);
    assert_eq!(
        ts.store.lock().unwrap().last_seq().unwrap(),
        seq_before,
        "nothing re-stored"
    );
    assert_eq!(ts.count(etag_feed.id), 2);
    assert_eq!(ts.count(plain_feed.id), 2);
    let stored = ts.feed(etag_feed.id);
    assert!(stored.health.last_success.is_some());
    assert_eq!(stored.health.error_count, 0);
}

#[tokio::test]
async fn edited_item_is_updated_and_keeps_first_seen() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/feed.xml",
        xml(rss(&[("g1", "عنوان قديم"), ("g2", "ثابت")])),
    )
    .await;
    let ts = TestStore::new();
    let feed = ts.add(&format!("{}/feed.xml", server.uri()));
    let ingester = Ingester::new(test_options()).unwrap();
    ingester.ingest(&ts.store, vec![feed.clone()]).await;
    let before = ts.articles(feed.id);
    let first = before
        .iter()
        .find(|a| a.article.guid.as_deref() == Some("g1"))
        .unwrap()
        .clone();
    assert_eq!(first.article.title, "عنوان قديم");
    assert_eq!(
        first.article.url.as_deref(),
        Some("https://news.example/g1"),
        "tracking parameters dropped"
    );
    assert_eq!(first.article.body, "نص عنوان قديم");

    tokio::time::sleep(Duration::from_millis(1100)).await;
    server.reset().await;
    mount(
        &server,
        "/feed.xml",
        xml(rss(&[("g1", "عنوان جديد"), ("g2", "ثابت")])),
    )
    .await;
    let report = ingester.ingest(&ts.store, vec![ts.feed(feed.id)]).await;
    assert!(
        matches!(
            report.feeds[0].status,
            FeedStatus::Fetched {
                new: 0,
                updated: 1,
                unchanged: 1,
                ..
            }
        ),
        "{:?}",
        report.feeds[0]
    );
    let after = ts.articles(feed.id);
    assert_eq!(after.len(), 2);
    let edited = after
        .iter()
        .find(|a| a.article.id == first.article.id)
        .unwrap();
    assert_eq!(edited.article.title, "عنوان جديد");
    assert_eq!(edited.first_seen, first.first_seen);
    assert!(edited.updated > first.updated);
}

#[tokio::test]
async fn permanent_redirect_updates_the_feed_url() {
    let server = MockServer::start().await;
    let new_url = format!("{}/new.xml", server.uri());
    mount(
        &server,
        "/old.xml",
        ResponseTemplate::new(301).insert_header("Location", "/new.xml"),
    )
    .await;
    mount(&server, "/new.xml", xml(rss(&[("m1", "منقول")]))).await;
    mount(
        &server,
        "/temp.xml",
        ResponseTemplate::new(302).insert_header("Location", "/new2.xml"),
    )
    .await;
    mount(&server, "/new2.xml", xml(rss(&[("t1", "مؤقت")]))).await;
    let ts = TestStore::new();
    let moved = ts.add(&format!("{}/old.xml", server.uri()));
    let temp = ts.add(&format!("{}/temp.xml", server.uri()));
    let report = Ingester::new(test_options())
        .unwrap()
        .ingest(&ts.store, vec![moved.clone(), temp.clone()])
        .await;
    assert!(
        matches!(report.feeds[0].status, FeedStatus::Fetched { new: 1, .. }),
        "{report:?}"
    );
    assert!(
        matches!(report.feeds[1].status, FeedStatus::Fetched { new: 1, .. }),
        "{report:?}"
    );
    assert_eq!(ts.feed(moved.id).url, new_url);
    assert_eq!(
        ts.feed(temp.id).url,
        temp.url,
        "a 302 does not move the feed"
    );
}

fn gzip_bomb(inflated: usize) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 64 * 1024];
    for _ in 0..inflated / zeros.len() {
        enc.write_all(&zeros).unwrap();
    }
    enc.finish().unwrap()
}

#[tokio::test]
async fn failures_are_recorded_and_never_stop_other_feeds() {
    let server = MockServer::start().await;
    let uri = server.uri();
    mount(
        &server,
        "/good.xml",
        xml(rss(&[("g1", "جيد"), ("g2", "جيد أيضا")])),
    )
    .await;
    mount(&server, "/500.xml", ResponseTemplate::new(500)).await;
    mount(
        &server,
        "/429.xml",
        ResponseTemplate::new(429).insert_header("Retry-After", "120"),
    )
    .await;
    mount(
        &server,
        "/503.xml",
        ResponseTemplate::new(503).insert_header("Retry-After", "30"),
    )
    .await;
    mount(&server, "/404.xml", ResponseTemplate::new(404)).await;
    mount(&server, "/410.xml", ResponseTemplate::new(410)).await;
    mount(
        &server,
        "/loop-a",
        ResponseTemplate::new(302).insert_header("Location", "/loop-b"),
    )
    .await;
    mount(
        &server,
        "/loop-b",
        ResponseTemplate::new(301).insert_header("Location", "/loop-a"),
    )
    .await;
    for i in 0..7 {
        mount(
            &server,
            &format!("/hop{i}"),
            ResponseTemplate::new(302).insert_header("Location", format!("/hop{}", i + 1)),
        )
        .await;
    }
    mount(
        &server,
        "/slow.xml",
        xml(rss(&[("s", "بطيء")])).set_delay(Duration::from_secs(4)),
    )
    .await;
    mount(&server, "/big.xml", xml(vec![b' '; 2 * 1024 * 1024])).await;
    let bomb = gzip_bomb(8 * 1024 * 1024);
    assert!(bomb.len() < 64 * 1024, "bomb is small: {}", bomb.len());
    mount(
        &server,
        "/bomb.xml",
        xml(bomb).insert_header("Content-Encoding", "gzip"),
    )
    .await;
    mount(
        &server,
        "/malformed.xml",
        xml("<rss version=\"2.0\"><channel><item><title>مكسور</item></channel></rss>"),
    )
    .await;
    mount(
        &server,
        "/truncated.xml",
        xml(rss(&[("x", "مقطوع")])[..150].to_string()),
    )
    .await;
    mount(
        &server,
        "/page.html",
        ResponseTemplate::new(200)
            .insert_header("Content-Type", "text/html")
            .set_body_string("<!DOCTYPE html><html><head><title>صفحة</title></head><body><p>ليست خلاصة</p></body></html>"),
    )
    .await;
    mount(&server, "/empty.xml", xml(rss(&[]))).await;
    mount(
        &server,
        "/dup.xml",
        xml(rss(&[("d1", "مكرر"), ("d2", "وحيد"), ("d1", "مكرر")])),
    )
    .await;

    // A port nobody listens on.
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/feed.xml", l.local_addr().unwrap())
    };
    let file_path = fixture_dir().join("rss2-windows1256-alarabia.xml");

    let ts = TestStore::new();
    let names = [
        "good",
        "500",
        "429",
        "503",
        "404",
        "410",
        "loop",
        "hops",
        "slow",
        "big",
        "bomb",
        "malformed",
        "truncated",
        "page",
        "empty",
        "dup",
        "refused",
        "file-url",
        "path",
        "missing-file",
    ];
    let urls = [
        format!("{uri}/good.xml"),
        format!("{uri}/500.xml"),
        format!("{uri}/429.xml"),
        format!("{uri}/503.xml"),
        format!("{uri}/404.xml"),
        format!("{uri}/410.xml"),
        format!("{uri}/loop-a"),
        format!("{uri}/hop0"),
        format!("{uri}/slow.xml"),
        format!("{uri}/big.xml"),
        format!("{uri}/bomb.xml"),
        format!("{uri}/malformed.xml"),
        format!("{uri}/truncated.xml"),
        format!("{uri}/page.html"),
        format!("{uri}/empty.xml"),
        format!("{uri}/dup.xml"),
        refused.clone(),
        url::Url::from_file_path(&file_path).unwrap().to_string(),
        file_path.display().to_string(),
        "/nonexistent/khabar/feed.xml".to_string(),
    ];
    let feeds: Vec<_> = urls.iter().map(|u| ts.add(u)).collect();
    let started = std::time::Instant::now();
    let report = Ingester::new(test_options())
        .unwrap()
        .ingest(&ts.store, feeds.clone())
        .await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "bounded: {:?}",
        started.elapsed()
    );
    assert_eq!(report.feeds.len(), feeds.len());
    let by_name = |n: &str| {
        let i = names.iter().position(|x| *x == n).unwrap();
        assert_eq!(report.feeds[i].feed_id, feeds[i].id);
        (&report.feeds[i], &feeds[i])
    };

    // Successes.
    let (o, f) = by_name("good");
    assert!(
        matches!(o.status, FeedStatus::Fetched { new: 2, .. }),
        "{o:?}"
    );
    assert_eq!(ts.count(f.id), 2);
    let (o, f) = by_name("empty");
    assert!(
        matches!(
            o.status,
            FeedStatus::Fetched {
                new: 0,
                updated: 0,
                unchanged: 0,
                ..
            }
        ),
        "{o:?}"
    );
    assert_eq!(ts.count(f.id), 0);
    assert!(ts.feed(f.id).health.last_error.is_none());
    let (o, f) = by_name("dup");
    assert!(
        matches!(
            o.status,
            FeedStatus::Fetched {
                new: 2,
                updated: 0,
                unchanged: 0,
                ..
            }
        ),
        "{o:?}"
    );
    assert_eq!(ts.count(f.id), 2, "a duplicate item is stored once");
    for n in ["file-url", "path"] {
        let (o, f) = by_name(n);
        assert!(
            matches!(&o.status, FeedStatus::Fetched { new: 20, encoding, .. } if encoding == "windows-1256"),
            "{n}: {o:?}"
        );
        assert_eq!(ts.count(f.id), 20);
        assert_eq!(ts.feed(f.id).encoding.as_deref(), Some("windows-1256"));
    }

    // Failures: recorded on the feed, with a message naming the URL.
    let expect_failure = |n: &str, needle: &str| {
        let (o, f) = by_name(n);
        let (error, _, _) = failed(&o.status);
        assert!(error.contains(&f.url), "{n}: {error}");
        assert!(error.contains(needle), "{n}: {error:?} lacks {needle:?}");
        let stored = ts.feed(f.id);
        assert_eq!(stored.health.last_error.as_deref(), Some(error), "{n}");
        assert_eq!(stored.health.error_count, 1, "{n}");
        assert!(stored.health.last_success.is_none(), "{n}");
        assert!(stored.body_hash.is_none(), "{n}");
        assert_eq!(ts.count(f.id), 0, "{n}");
        (o.clone(), stored)
    };
    expect_failure("500", "HTTP 500");
    expect_failure("404", "HTTP 404");
    let (o, _) = expect_failure("429", "HTTP 429");
    assert_eq!(failed(&o.status).1, Some(Duration::from_secs(120)));
    let (o, _) = expect_failure("503", "HTTP 503");
    assert_eq!(failed(&o.status).1, Some(Duration::from_secs(30)));
    let (o, stored) = expect_failure("410", "HTTP 410");
    assert!(failed(&o.status).2);
    assert!(stored.health.gone);
    let (_, stored) = expect_failure("loop", "redirect loop");
    assert_eq!(
        stored.url,
        format!("{uri}/loop-a"),
        "a failed redirect chain does not move the feed"
    );
    expect_failure("hops", "more than 5 redirects");
    expect_failure("slow", "timed out");
    expect_failure("big", "larger than the limit");
    expect_failure("bomb", "larger than the limit");
    expect_failure("malformed", "not a feed");
    expect_failure("truncated", "not a feed");
    expect_failure("page", "not a feed");
    expect_failure("refused", "request failed");
    expect_failure("missing-file", "cannot read file");
    for outcome in &report.feeds {
        assert!(
            !matches!(outcome.status, FeedStatus::Failed { gone: true, .. })
                || outcome.url.ends_with("/410.xml")
        );
    }

    // Every article in the store belongs to a feed that succeeded.
    assert_eq!(
        ts.store.lock().unwrap().article_count().unwrap(),
        2 + 2 + 20 + 20
    );
}

#[tokio::test]
async fn per_host_and_global_limits_still_fetch_everything() {
    let server = MockServer::start().await;
    for i in 0..6 {
        mount(
            &server,
            &format!("/f{i}.xml"),
            xml(rss(&[(&format!("i{i}"), "خبر")])).set_delay(Duration::from_millis(100)),
        )
        .await;
    }
    let ts = TestStore::new();
    let feeds: Vec<_> = (0..6)
        .map(|i| ts.add(&format!("{}/f{i}.xml", server.uri())))
        .collect();
    let opts = IngestOptions {
        concurrency: 2,
        per_host: 1,
        ..test_options()
    };
    let started = std::time::Instant::now();
    let report = Ingester::new(opts).unwrap().ingest(&ts.store, feeds).await;
    assert!(
        started.elapsed() >= Duration::from_millis(550),
        "one at a time per host: {:?}",
        started.elapsed()
    );
    assert!(
        report
            .feeds
            .iter()
            .all(|o| matches!(o.status, FeedStatus::Fetched { new: 1, .. })),
        "{report:?}"
    );
}
