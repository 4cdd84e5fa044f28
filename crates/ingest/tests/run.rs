//! The `khabar run` loop on tokio's paused clock against wiremock on 127.0.0.1.
//!
//! With a paused clock, tokio jumps to the next timer whenever the runtime is idle,
//! including while a real HTTP request is in flight. So these tests never stop the
//! loop on a virtual deadline that a request could race past: they stop it after a
//! number of fetches (a channel fed by the callback), give requests timeouts far
//! beyond any schedule, and assert what racing cannot change: no fetch starts
//! before its due time, and the recorded next due times.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use khabar_core::{FeedId, FeedSpec, Timestamp};
use khabar_ingest::run::{self, Clock, FetchReport, RunOptions};
use khabar_ingest::schedule::ScheduleOptions;
use khabar_ingest::{FeedStatus, IngestOptions, Ingester};
use khabar_store::Store;
use tokio::sync::mpsc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const INTERVAL: u64 = 600;

fn start() -> Timestamp {
    khabar_core::from_unix(1_750_000_000)
}

fn rss(tag: &str, n: usize, extra: &str) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>اختبار</title>",
    );
    s.push_str(extra);
    for i in 0..n {
        s.push_str(&format!(
            "<item><guid>{tag}-{i}</guid><title>خبر {tag} {i}</title><link>https://news.example/{tag}/{i}</link><description>نص</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn xml(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("Content-Type", "application/rss+xml")
        .set_body_string(body)
}

async fn mount(server: &MockServer, p: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(p))
        .respond_with(response)
        .mount(server)
        .await;
}

fn ingester(per_host: usize) -> Ingester {
    // Timeouts far beyond any schedule: the paused clock may jump while a request
    // is in flight, and it must not time the request out.
    Ingester::new(IngestOptions {
        connect_timeout: Duration::from_secs(10 * 365 * 86_400),
        timeout: Duration::from_secs(10 * 365 * 86_400),
        per_host,
        concurrency: 8,
        ..IngestOptions::default()
    })
    .unwrap()
}

fn options(jitter: f64) -> RunOptions {
    RunOptions {
        schedule: ScheduleOptions {
            default_interval: Duration::from_secs(INTERVAL),
            min_interval: Duration::from_secs(60),
            max_interval: Duration::from_secs(86_400),
            max_backoff: Duration::from_secs(4 * 3600),
            jitter,
        },
        poll_interval: Duration::from_secs(3600),
        shutdown_grace: Duration::from_secs(5),
    }
}

struct Env {
    _dir: tempfile::TempDir,
    store: Arc<Mutex<Store>>,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        Env {
            _dir: dir,
            store: Arc::new(Mutex::new(store)),
        }
    }

    fn add(&self, url: &str) -> FeedId {
        let spec = FeedSpec {
            url: url.to_string(),
            ..FeedSpec::default()
        };
        self.store.lock().unwrap().add_feed(&spec).unwrap().id
    }

    fn next_fetch(&self, id: FeedId) -> Option<Timestamp> {
        let store = self.store.lock().unwrap();
        store.feed(id).unwrap().unwrap().health.next_fetch
    }
}

/// Runs the loop until `stop_after` fetches have completed (then shuts it down) and
/// returns every fetch report.
async fn run_until(
    env: &Env,
    ingester: &Ingester,
    opts: &RunOptions,
    clock: Clock,
    stop_after: usize,
) -> (Vec<FetchReport>, run::RunReport) {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let shutdown = async move {
        for _ in 0..stop_after {
            if rx.recv().await.is_none() {
                return;
            }
        }
    };
    let mut reports = Vec::new();
    let report = run::run(ingester, env.store.clone(), opts, clock, shutdown, |f| {
        reports.push(f.clone());
        let _ = tx.send(());
    })
    .await;
    (reports, report)
}

fn delay_secs(f: &FetchReport) -> i64 {
    (f.scheduled.next_fetch - f.fetched_at).num_seconds()
}

#[tokio::test(start_paused = true)]
async fn new_feeds_are_due_at_once_then_every_interval_never_early() {
    let server = MockServer::start().await;
    mount(&server, "/a.xml", xml(rss("a", 3, ""))).await;
    mount(&server, "/b.xml", xml(rss("b", 2, ""))).await;
    let env = Env::new();
    let a = env.add(&format!("{}/a.xml", server.uri()));
    let b = env.add(&format!("{}/b.xml", server.uri()));
    let clock = Clock::tokio(start());
    let (reports, report) = run_until(&env, &ingester(2), &options(0.0), clock, 6).await;

    assert!(report.fetches >= 6, "{report:?}");
    assert_eq!(report.new_articles, 5);
    for id in [a, b] {
        let fetches: Vec<&FetchReport> = reports
            .iter()
            .filter(|r| r.scheduled.outcome.feed_id == id)
            .collect();
        assert!(fetches.len() >= 2, "{fetches:?}");
        // Never fetched: due at once.
        assert_eq!(fetches[0].fetched_at, start());
        for pair in fetches.windows(2) {
            assert_eq!(delay_secs(pair[0]), INTERVAL as i64);
            assert!(
                pair[1].fetched_at >= pair[0].scheduled.next_fetch,
                "fetched early"
            );
        }
        // The schedule is in the store, for `feeds list` and for a restart.
        assert_eq!(
            env.next_fetch(id),
            Some(fetches.last().unwrap().scheduled.next_fetch)
        );
    }
}

#[tokio::test(start_paused = true)]
async fn errors_back_off_exponentially_up_to_the_cap_and_keep_retrying() {
    let server = MockServer::start().await;
    mount(&server, "/down.xml", ResponseTemplate::new(500)).await;
    let env = Env::new();
    env.add(&format!("{}/down.xml", server.uri()));
    let (reports, report) =
        run_until(&env, &ingester(2), &options(0.0), Clock::tokio(start()), 7).await;
    assert_eq!(report.failures, report.fetches);
    let delays: Vec<i64> = reports.iter().map(delay_secs).collect();
    assert_eq!(&delays[..7], &[600, 1200, 2400, 4800, 9600, 14_400, 14_400]);
    for pair in reports.windows(2) {
        assert!(pair[1].fetched_at >= pair[0].scheduled.next_fetch);
    }
}

#[tokio::test(start_paused = true)]
async fn retry_after_and_ttl_and_cache_headers_push_the_next_fetch() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/busy.xml",
        ResponseTemplate::new(503).insert_header("Retry-After", "7200"),
    )
    .await;
    mount(&server, "/ttl.xml", xml(rss("t", 1, "<ttl>45</ttl>"))).await;
    mount(
        &server,
        "/cached.xml",
        xml(rss("c", 1, "")).insert_header("Cache-Control", "public, max-age=1800"),
    )
    .await;
    let env = Env::new();
    let busy = env.add(&format!("{}/busy.xml", server.uri()));
    let ttl = env.add(&format!("{}/ttl.xml", server.uri()));
    let cached = env.add(&format!("{}/cached.xml", server.uri()));
    let (reports, _) = run_until(&env, &ingester(4), &options(0.0), Clock::tokio(start()), 3).await;
    let delay_of = |id: FeedId| {
        reports
            .iter()
            .find(|r| r.scheduled.outcome.feed_id == id)
            .map(delay_secs)
            .unwrap()
    };
    assert_eq!(delay_of(busy), 7200);
    assert_eq!(delay_of(ttl), 45 * 60);
    assert_eq!(delay_of(cached), 1800);
    let busy_report = reports
        .iter()
        .find(|r| r.scheduled.outcome.feed_id == busy)
        .unwrap();
    assert_eq!(
        busy_report.scheduled.hints.retry_after,
        Some(Duration::from_secs(7200))
    );
}

#[tokio::test(start_paused = true)]
async fn jitter_spreads_feeds_within_bounds() {
    let server = MockServer::start().await;
    mount(&server, "/j.xml", xml(rss("j", 1, ""))).await;
    let env = Env::new();
    for i in 0..12 {
        env.add(&format!("{}/j.xml?feed={i}", server.uri()));
    }
    let (reports, _) =
        run_until(&env, &ingester(4), &options(0.1), Clock::tokio(start()), 12).await;
    let delays: std::collections::BTreeSet<i64> = reports.iter().map(delay_secs).collect();
    assert!(delays.iter().all(|d| (540..=661).contains(d)), "{delays:?}");
    assert!(delays.len() >= 6, "feeds fire apart: {delays:?}");
}

#[tokio::test(start_paused = true)]
async fn per_host_limit_serializes_fetches_to_one_host() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/slow.xml",
        xml(rss("s", 1, "")).set_delay(Duration::from_millis(100)),
    )
    .await;
    let env = Env::new();
    for i in 0..4 {
        env.add(&format!("{}/slow.xml?feed={i}", server.uri()));
    }
    let (reports, _) = run_until(&env, &ingester(1), &options(0.0), Clock::tokio(start()), 4).await;
    let mut spans: Vec<_> = reports.iter().map(|r| (r.started, r.finished)).collect();
    spans.sort();
    for pair in spans.windows(2) {
        assert!(pair[1].0 >= pair[0].1, "two fetches to one host overlapped");
    }
}

#[tokio::test(start_paused = true)]
async fn shutdown_cancels_a_slow_fetch_after_the_grace_and_leaves_it_due() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/stuck.xml",
        xml(rss("x", 1, "")).set_delay(Duration::from_secs(30)),
    )
    .await;
    let env = Env::new();
    let id = env.add(&format!("{}/stuck.xml", server.uri()));
    let real = std::time::Instant::now();
    let shutdown = tokio::time::sleep(Duration::from_secs(1));
    let report = run::run(
        &ingester(2),
        env.store.clone(),
        &options(0.0),
        Clock::tokio(start()),
        shutdown,
        |_| {},
    )
    .await;
    assert!(
        real.elapsed() < Duration::from_secs(10),
        "did not wait for the 30 s fetch"
    );
    assert_eq!(report.fetches, 0);
    assert_eq!(report.cancelled, 1);
    // Nothing recorded: the feed is still due, first in line after a restart.
    assert_eq!(env.next_fetch(id), None);
}

#[tokio::test(start_paused = true)]
async fn restart_resumes_from_the_stored_schedule_and_picks_up_new_feeds() {
    let server = MockServer::start().await;
    mount(&server, "/r.xml", xml(rss("r", 2, ""))).await;
    let env = Env::new();
    for i in 0..3 {
        env.add(&format!("{}/r.xml?feed={i}", server.uri()));
    }
    let clock = Clock::tokio(start());
    let ing = ingester(4);
    let opts = RunOptions {
        poll_interval: Duration::from_secs(30),
        ..options(0.0)
    };
    let (first, _) = run_until(&env, &ing, &opts, clock, 3).await;
    assert!(first.len() >= 3);
    let ids: Vec<FeedId> = (1..=3).map(FeedId).collect();
    let stored: Vec<Timestamp> = ids.iter().map(|id| env.next_fetch(*id).unwrap()).collect();

    // A "restarted" loop: no burst (each old feed waits for its stored due time),
    // and a feed added while it runs is picked up at the next store poll.
    let store = env.store.clone();
    let url = format!("{}/r.xml?feed=new", server.uri());
    let adder = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(100)).await;
        let spec = FeedSpec {
            url,
            ..FeedSpec::default()
        };
        store.lock().unwrap().add_feed(&spec).unwrap().id
    });
    let added_at = clock.now();
    let (tx, mut rx) = mpsc::unbounded_channel::<FeedId>();
    let new_id = FeedId(4);
    let shutdown = async move {
        while let Some(id) = rx.recv().await {
            if id == new_id {
                return;
            }
        }
    };
    let mut second = Vec::new();
    run::run(&ing, env.store.clone(), &opts, clock, shutdown, |f| {
        second.push(f.clone());
        let _ = tx.send(f.scheduled.outcome.feed_id);
    })
    .await;
    assert_eq!(adder.await.unwrap(), new_id);
    let new = second
        .iter()
        .find(|r| r.scheduled.outcome.feed_id == new_id)
        .expect("the new feed was fetched");
    assert!(matches!(
        new.scheduled.outcome.status,
        FeedStatus::Fetched { .. }
    ));
    assert!((new.fetched_at - added_at).num_seconds() >= 100);
    for r in &second {
        if let Some(i) = ids.iter().position(|id| *id == r.scheduled.outcome.feed_id) {
            assert!(
                r.fetched_at >= stored[i],
                "fetched before its stored due time"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn retry_after_pauses_every_feed_of_the_host() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/limited.xml",
        ResponseTemplate::new(429).insert_header("Retry-After", "600"),
    )
    .await;
    mount(&server, "/other.xml", xml(rss("o", 1, ""))).await;
    let env = Env::new();
    // Same host; one fetch at a time to it, the rate-limited feed first.
    let limited = env.add(&format!("{}/limited.xml", server.uri()));
    let other = env.add(&format!("{}/other.xml", server.uri()));
    let (reports, _) = run_until(&env, &ingester(1), &options(0.0), Clock::tokio(start()), 2).await;
    let at = |id: FeedId| {
        reports
            .iter()
            .find(|r| r.scheduled.outcome.feed_id == id)
            .map(|r| (r.fetched_at - start()).num_seconds())
            .unwrap()
    };
    assert_eq!(at(limited), 0);
    assert!(at(other) >= 600, "the host asked for 600 s: {}", at(other));
}
