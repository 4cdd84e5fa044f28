//! `khabar run`, the real binary: SIGKILL in the middle of ingestion, restart,
//! SIGTERM; nothing stored is lost or duplicated and the index matches the store.

use std::collections::BTreeSet;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::util::TestEnv;

const FEEDS: usize = 20;
const ITEMS: usize = 15;

const WORDS: &[&str] = &[
    "الحكومة",
    "البرلمان",
    "الاقتصاد",
    "المدينة",
    "الرئيس",
    "الوزير",
    "الانتخابات",
    "الطاقة",
    "المياه",
    "الزراعة",
    "الجامعة",
    "المستشفى",
    "الشركة",
    "السوق",
    "الميناء",
    "المطار",
    "المحكمة",
    "الشرطة",
    "الجيش",
    "الملعب",
    "المتحف",
    "المسرح",
    "الصحيفة",
    "القناة",
    "الحدود",
    "الجسر",
    "القطار",
    "النفط",
    "الذهب",
    "القمح",
    "الدواء",
    "المدرسة",
];

/// An article body unlike every other one (so near-duplicate detection leaves it be),
/// always containing the word every test search looks for.
fn body(feed: usize, item: usize) -> String {
    let mut x = ((feed * 1000 + item) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut words = vec!["مراسلنا".to_string()];
    for _ in 0..25 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        words.push(WORDS[(x % WORDS.len() as u64) as usize].to_string());
    }
    words.push(format!("رقم{feed}x{item}"));
    words.join(" ")
}

fn feed_xml(feed: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>feed</title>",
    );
    for i in 0..ITEMS {
        s.push_str(&format!(
            "<item><guid>urn:khabar-test:{feed}:{i}</guid><title>خبر {feed} {i}</title><link>https://news.example/{feed}/{i}</link><description>{}</description></item>",
            body(feed, i)
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn config(env: &TestEnv, name: &str, commit_every_secs: u64) -> String {
    let text = format!(
        "version = 1\n[ingest]\nconcurrency = 2\nper_host = 2\ntimeout_secs = 10\n\
         [run]\ninterval_secs = 2\nmin_interval_secs = 1\njitter_percent = 0\npoll_secs = 1\n\
         commit_every_articles = 100000\ncommit_every_secs = {commit_every_secs}\nshutdown_grace_secs = 5\n"
    );
    env.write(name, &text).display().to_string()
}

fn spawn(env: &TestEnv, config: &str) -> Child {
    env.command()
        .args(["--config", config, "--log", "info", "run"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start khabar run")
}

fn stored_ids(env: &TestEnv) -> Vec<String> {
    let run = env.run(&["export"]);
    if run.code != 0 {
        return Vec::new();
    }
    run.json_lines()
        .iter()
        .map(|l| l["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn indexed_ids(env: &TestEnv) -> (u64, BTreeSet<String>) {
    let run = env.ok(&["search", "مراسلنا", "--json", "--limit", "10000"]);
    let lines = run.json_lines();
    let ids = lines
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    let total = lines
        .iter()
        .find(|l| l["type"] == "summary")
        .and_then(|l| l["total"].as_u64())
        .unwrap();
    (total, ids)
}

/// Polls `f` every 100 ms until it is true; panics after `limit`.
fn wait_until(limit: Duration, what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn sigterm(child: &Child) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_survives_sigkill_and_sigterm_commits_the_index() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    for f in 0..FEEDS {
        let route = format!("/f{f}.xml");
        Mock::given(method("GET"))
            .and(path(route.as_str()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(feed_xml(f).into_bytes(), "application/rss+xml")
                    .set_delay(Duration::from_millis(250)),
            )
            .mount(&server)
            .await;
        env.ok(&["feeds", "add", &format!("{}{route}", server.uri())]);
    }
    let expected = FEEDS * ITEMS;

    // First run: killed as soon as some articles are stored, mid-ingestion.
    let fast_commits = config(&env, "fast.toml", 1);
    let mut first = spawn(&env, &fast_commits);
    wait_until(Duration::from_secs(60), "the first articles", || {
        !stored_ids(&env).is_empty()
    });
    first.kill().expect("SIGKILL");
    first.wait().expect("reap");
    let after_kill = stored_ids(&env).len();
    assert!(after_kill > 0);

    // While nothing runs, `feeds list` shows the schedule recorded so far.
    let list = env.ok(&["feeds", "list", "--json"]);
    assert!(
        list.json_lines().iter().any(|f| !f["next_fetch"].is_null()),
        "{}",
        list.stdout
    );

    // Second run: commits only at the start (catch-up) and at shutdown.
    let shutdown_commits = config(&env, "slow.toml", 3600);
    let second = spawn(&env, &shutdown_commits);
    wait_until(Duration::from_secs(60), "every article stored", || {
        stored_ids(&env).len() >= expected
    });
    // Read-only commands work while the daemon runs; so does adding a feed.
    env.ok(&["feeds", "list"]);
    env.ok(&["feeds", "add", &format!("{}/late.xml", server.uri())]);
    sigterm(&second);
    let out = wait_with_limit(second, Duration::from_secs(30));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("fetch") && log.contains("SIGTERM"), "{log}");

    let stored = stored_ids(&env);
    let unique: BTreeSet<String> = stored.iter().cloned().collect();
    assert_eq!(stored.len(), expected, "nothing lost");
    assert_eq!(unique.len(), expected, "nothing duplicated");
    let (total, indexed) = indexed_ids(&env);
    assert_eq!(
        total as usize, expected,
        "index doc count equals the store's"
    );
    assert_eq!(indexed, unique, "search finds every stored article");
}

fn wait_with_limit(mut child: Child, limit: Duration) -> std::process::Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("khabar run did not exit within {limit:?} of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
