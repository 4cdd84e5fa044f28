//! Hostile input, end to end: each case gets a clear error or a bounded, correct
//! result, in bounded time. (Peak memory of the worst cases: BENCHMARKS.md, "Hostile input".)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Stdio;
use std::time::{Duration, Instant};

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::util::TestEnv;

/// Serves, to every connection on 127.0.0.1, `prefix` then `fill` bytes until `total`
/// bytes are sent or the client hangs up, without a Content-Length (so only the
/// fetcher's cap on the streamed body can stop it). Nothing is ever held in memory
/// beyond one 64 KiB chunk.
fn stream_server(prefix: &'static [u8], fill: u8, total: u64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            std::thread::spawn(move || {
                // Read the request head (up to the blank line); its content is ignored.
                let mut reader = BufReader::new(conn.try_clone().expect("clone socket"));
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    if line == "\r\n" {
                        break;
                    }
                    line.clear();
                }
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n";
                if conn.write_all(head.as_bytes()).is_err() || conn.write_all(prefix).is_err() {
                    return;
                }
                let chunk = vec![fill; 64 * 1024];
                let mut sent = prefix.len() as u64;
                while sent < total {
                    let n = chunk.len().min((total - sent) as usize);
                    if conn.write_all(&chunk[..n]).is_err() {
                        return; // The client stopped reading: the point of the test.
                    }
                    sent += n as u64;
                }
            });
        }
    });
    format!("http://{addr}/feed.xml")
}

fn assert_no_panic(run: &crate::util::Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

fn body_limit_cuts_off(prefix: &'static [u8], fill: u8, total: u64) {
    let url = stream_server(prefix, fill, total);
    let env = TestEnv::new();
    env.ok(&["feeds", "add", &url, "--name", "flood"]);
    let started = Instant::now();
    let run = env.run(&["ingest"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("larger than the limit"),
        "{}",
        run.stderr
    );
    assert_no_panic(&run);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    // The failure is recorded on the feed; nothing was stored.
    let feeds = env.ok(&["feeds", "list", "--json"]).json_lines();
    assert!(
        feeds[0].to_string().contains("larger than the limit"),
        "{feeds:?}"
    );
    assert!(env.ok(&["export"]).stdout.is_empty());
}

#[test]
fn a_gigabyte_of_whitespace_is_cut_off_by_the_body_limit() {
    body_limit_cuts_off(
        b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">",
        b' ',
        1 << 30,
    );
}

#[test]
fn a_100_mb_single_line_feed_is_cut_off_by_the_body_limit() {
    body_limit_cuts_off(b"<rss version=\"2.0\"><channel><title>", b'a', 100 << 20);
}

#[test]
fn a_100_mb_import_line_is_refused_by_the_line_limit() {
    let env = TestEnv::new();
    let mut child = env
        .command()
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn khabar");
    let mut stdin = child.stdin.take().expect("stdin");
    // Streamed, never held whole: a valid first line, then one line of 100 MB.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all("{\"id\":\"ok\",\"title\":\"عنوان\"}\n".as_bytes());
        let _ = stdin.write_all(b"{\"id\":\"big\",\"title\":\"");
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            if stdin.write_all(&chunk).is_err() {
                return; // khabar stopped reading at its limit.
            }
        }
        let _ = stdin.write_all(b"\"}\n");
    });
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let status = child.wait().expect("wait");
    writer.join().expect("writer thread");
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("-:2: line longer than"),
        "the error names the line: {stderr}"
    );
}

/// Adds a local feed file, ingests it, and returns the run and the stored articles.
fn ingest_file(
    env: &TestEnv,
    name: &str,
    bytes: &[u8],
) -> (crate::util::Run, Vec<serde_json::Value>) {
    let path = env.dir.path().join(name);
    std::fs::write(&path, bytes).expect("write feed");
    env.ok(&[
        "feeds",
        "add",
        path.to_str().expect("utf-8 path"),
        "--name",
        name,
    ]);
    let run = env.run(&["ingest"]);
    assert_no_panic(&run);
    let articles = env.ok(&["export"]).json_lines();
    (run, articles)
}

#[test]
fn entity_expansion_and_external_entities_are_not_honoured() {
    let env = TestEnv::new();
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    laughs.push_str("<!ENTITY lol0 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 1..10 {
        let prev = format!("&lol{};", i - 1).repeat(10);
        laughs.push_str(&format!("<!ENTITY lol{i} \"{prev}\">\n"));
    }
    laughs.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n<rss version=\"2.0\"><channel><title>t</title>\
        <item><guid>a</guid><title>ضحك &lol9;</title><description>سر &xxe;</description></item>\
        </channel></rss>\n");
    let started = Instant::now();
    let (run, articles) = ingest_file(&env, "laughs.xml", laughs.as_bytes());
    assert!(started.elapsed() < Duration::from_secs(30));
    // Either the feed is refused or the entities stay unexpanded: never a billion
    // "lol"s, never the contents of a local file.
    for a in &articles {
        let text = a.to_string();
        assert!(text.len() < 10_000, "expanded: {} bytes", text.len());
        assert!(!text.contains("root:"), "external entity read: {text}");
    }
    assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
}

#[test]
fn deeply_nested_html_and_xml_do_not_overflow_the_stack() {
    let env = TestEnv::new();
    let depth = 100_000;
    let html = format!(
        "{}عمق{}",
        "<div><b>".repeat(depth),
        "</b></div>".repeat(depth)
    );
    let xml_nest = format!("{}x{}", "<x>".repeat(depth), "</x>".repeat(depth));
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>t</title>\
         <item><guid>html</guid><title>عنوان عميق</title><description><![CDATA[{html}]]></description></item>\
         <item><guid>xml</guid><title>عنوان آخر</title><description>d</description>{xml_nest}</item>\
         </channel></rss>"
    );
    let (run, articles) = ingest_file(&env, "nested.xml", feed.as_bytes());
    assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
    if let Some(a) = articles.iter().find(|a| a["title"] == "عنوان عميق") {
        assert_eq!(a["body"].as_str().map(str::trim), Some("عمق"), "{a}");
    }
}

#[test]
fn invalid_utf8_and_nul_bytes_in_a_utf8_feed() {
    let env = TestEnv::new();
    let mut feed = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>t</title>".to_vec();
    feed.extend_from_slice("<item><guid>bad</guid><title>خبر ".as_bytes());
    feed.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    feed.extend_from_slice(" مكسور</title></item>".as_bytes());
    feed.extend_from_slice("<item><guid>nul</guid><title>خبر\0 فيه صفر</title><description>a&#0;b\0c</description></item>".as_bytes());
    feed.extend_from_slice(
        "<item><guid>good</guid><title>خبر سليم</title></item></channel></rss>".as_bytes(),
    );
    let (run, articles) = ingest_file(&env, "broken-utf8.xml", &feed);
    assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
    for a in &articles {
        let text = a.to_string();
        assert!(!text.contains("\\u0000"), "a NUL byte was stored: {text}");
    }
    if run.code == 0 {
        let titles: Vec<_> = articles.iter().map(|a| a["title"].to_string()).collect();
        assert!(titles.iter().any(|t| t.contains("خبر سليم")), "{titles:?}");
    } else {
        assert!(run.stderr.contains("broken-utf8.xml"), "{}", run.stderr);
    }
    // Whatever was stored is searchable.
    let search = env.run(&["search", "خبر", "--json"]);
    assert!(search.code == 0 || search.code == 1, "{}", search.stderr);
}

#[test]
fn javascript_and_non_http_links_are_dropped() {
    let env = TestEnv::new();
    let mut feed = String::from(
        "<rss version=\"2.0\"><channel><title>t</title><link>https://news.example/</link>",
    );
    for (i, link) in [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "ftp://news.example/a",
        "vbscript:msgbox(1)",
        "https://news.example/ok",
    ]
    .iter()
    .enumerate()
    {
        feed.push_str(&format!(
            "<item><guid>g{i}</guid><title>خبر {i}</title><link>{link}</link></item>"
        ));
    }
    feed.push_str("</channel></rss>");
    let (run, articles) = ingest_file(&env, "links.xml", feed.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        articles.len(),
        7,
        "the articles are kept, only their links go"
    );
    for a in &articles {
        match a["url"].as_str() {
            None => {}
            Some(url) => assert!(url.starts_with("https://news.example/"), "{url} kept"),
        }
    }
}

/// An intranet page no article fetch may reach (its text must never be stored).
fn secret_page() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        "<html><body><article><p>سر داخلي لا يجوز جلبه</p></article></body></html>",
        "text/html",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_text_never_fetches_private_article_hosts_by_default() {
    let server = MockServer::start().await;
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>t</title>\
         <item><guid>a</guid><title>خبر محلي</title><link>{0}/page</link><description>ملخص فقط</description></item>\
         <item><guid>b</guid><title>خبر آخر</title><link>http://10.0.0.1/page</link><description>ملخص آخر</description></item>\
         <item><guid>c</guid><title>خبر ثالث</title><link>http://localhost:{1}/page</link><description>ملخص ثالث</description></item>\
         </channel></rss>",
        server.uri(),
        server.address().port()
    );
    Mock::given(method("GET"))
        .and(path("/feed.xml"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(feed, "application/rss+xml"))
        .mount(&server)
        .await;
    // The feed is the user's own (127.0.0.1 is allowed); its article pages are not.
    Mock::given(method("GET"))
        .and(path("/page"))
        .respond_with(secret_page())
        .expect(0)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let url = format!("{}/feed.xml", server.uri());
    let run = tokio::task::spawn_blocking(move || {
        env.ok(&["feeds", "add", &url, "--full-text"]);
        let run = env.run(&["ingest"]);
        let export = env.ok(&["export"]);
        (run, export)
    })
    .await
    .expect("join");
    let (run, export) = run;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!export.stdout.contains("سر داخلي"), "{}", export.stdout);
    assert_eq!(export.json_lines().len(), 3);
    // `server` drops here and verifies `.expect(0)`.
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxy_does_not_open_the_intranet_to_article_pages() {
    // The "proxy": every request that reaches it is a failure.
    let proxy = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(secret_page())
        .expect(0)
        .mount(&proxy)
        .await;
    let env = TestEnv::new();
    // A feed file (read directly, not through the proxy) linking a name that
    // only an intranet DNS would know.
    let feed = env.write(
        "feed.xml",
        "<rss version=\"2.0\"><channel><title>t</title>\
         <item><guid>a</guid><title>خبر داخلي</title><link>http://intranet.invalid/page</link>\
         <description>ملخص فقط</description></item></channel></rss>",
    );
    let uri = proxy.uri();
    let (run, export) = tokio::task::spawn_blocking(move || {
        env.ok(&[
            "feeds",
            "add",
            feed.to_str().expect("utf-8 path"),
            "--full-text",
        ]);
        let run: crate::util::Run = env
            .command()
            .env("HTTP_PROXY", &uri)
            .env("http_proxy", &uri)
            .env("HTTPS_PROXY", &uri)
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .arg("ingest")
            .output()
            .expect("run khabar")
            .into();
        (run, env.ok(&["export"]))
    })
    .await
    .expect("join");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!export.stdout.contains("سر داخلي"), "{}", export.stdout);
    assert_eq!(
        export.json_lines().len(),
        1,
        "the article is kept, with its summary"
    );
    // `proxy` drops here and verifies `.expect(0)`.
}

fn env_with_one_article() -> TestEnv {
    let env = TestEnv::new();
    let file = env.write(
        "one.jsonl",
        "{\"id\":\"a1\",\"title\":\"البرلمان يناقش الميزانية\",\"body\":\"نص الخبر\"}\n",
    );
    env.ok(&["import", file.to_str().expect("utf-8 path")]);
    env
}

#[test]
fn huge_and_pathological_queries_get_an_error_or_a_bounded_result() {
    let env = env_with_one_article();
    let cases = [
        "((((((((((".to_string(),
        "\"".repeat(10_000),
        "a* b?".to_string(),
        "(".repeat(5_000),
        format!("{}البرلمان{}", "(".repeat(40), ")".repeat(40)),
        "NOT NOT NOT -- -البرلمان".to_string(),
        "title: body: feed: person:".to_string(),
        "البرلمان ".repeat(999),
        "\u{202e}\u{0000}البرلمان\u{fffd}".replace('\0', ""),
    ];
    for q in &cases {
        let started = Instant::now();
        let run = env.run(&["search", q, "--json"]);
        assert_no_panic(&run);
        assert!(
            matches!(run.code, 0..=2),
            "{:?}: exit {}",
            &q[..q.len().min(40)],
            run.code
        );
        if run.code == 2 {
            assert!(
                run.stderr.contains("column") || run.stderr.contains("longer than"),
                "{:?}: {}",
                &q[..q.len().min(40)],
                run.stderr
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }

    // 100,000 terms: too long for one argv string (128 KiB), so through --batch, both
    // parsed and --plain.
    let big = "البرلمان ".repeat(100_000);
    let batch = env.write(
        "queries.jsonl",
        &format!(
            "{}\n",
            serde_json::json!({ "qid": "big", "query": big.trim_end() })
        ),
    );
    for extra in [None, Some("--plain")] {
        let started = Instant::now();
        let mut args = vec!["search", "--batch", batch.to_str().expect("utf-8 path")];
        args.extend(extra);
        let run = env.run(&args);
        assert_no_panic(&run);
        assert!(matches!(run.code, 0..=2), "{}", run.stderr);
        if extra.is_none() {
            assert!(run.stderr.contains("longer than"), "{}", run.stderr);
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{:?}",
            started.elapsed()
        );
    }
}

#[test]
fn config_with_wrong_types_is_a_clear_error() {
    let env = TestEnv::new();
    for (text, key) in [
        ("[ingest]\nmax_body_bytes = \"big\"\n", "max_body_bytes"),
        ("[ingest]\nconcurrency = -1\n", "concurrency"),
        ("[search]\nlimit = 1e400\n", "limit"),
        ("[index]\nthreads = [1, 2]\n", "threads"),
        ("version = 99999999999\n", "version"),
        ("[run]\ninterval_secs = { a = 1 }\n", "interval_secs"),
        ("ingest = 3\n", "ingest"),
    ] {
        let config = env.write("bad.toml", text);
        let run = env.run(&[
            "--config",
            config.to_str().expect("utf-8 path"),
            "feeds",
            "list",
        ]);
        assert_eq!(run.code, 2, "{text}: {}", run.stderr);
        assert_no_panic(&run);
        assert!(
            run.stderr.contains("bad.toml") && run.stderr.contains(key),
            "{text}: {}",
            run.stderr
        );
    }
    // Not TOML at all, or not text.
    let path = env.dir.path().join("binary.toml");
    std::fs::write(&path, [0xff, 0x00, 0xfe, b'=']).expect("write");
    let run = env.run(&[
        "--config",
        path.to_str().expect("utf-8 path"),
        "feeds",
        "list",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("binary.toml"), "{}", run.stderr);
}

#[test]
fn a_second_writer_is_refused_with_the_holders_pid() {
    // An index exists already, so that readers have something to read meanwhile.
    let env = env_with_one_article();
    // A first import reads stdin, which stays open: it holds the writer lock.
    let mut first = env
        .command()
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn khabar");
    let pid = first.id().to_string();
    let lock = env.data_dir().join("khabar.lock");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(&lock).unwrap_or_default().trim() != pid {
        assert!(
            Instant::now() < deadline,
            "the first import never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let file = env.write("two.jsonl", "{\"id\":\"b\",\"title\":\"خبر\"}\n");
    for args in [
        vec!["import", file.to_str().expect("utf-8 path")],
        vec!["ingest"],
    ] {
        let run = env.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("already") && run.stderr.contains(&pid),
            "{args:?}: {}",
            run.stderr
        );
    }
    // Readers are never refused, and a rebuild (its own lock) runs beside the writer.
    assert!(matches!(env.run(&["search", "خبر"]).code, 0 | 1));
    env.ok(&["rebuild"]);

    // The first writer finishes normally once its input ends; then writing works.
    let mut stdin = first.stdin.take().expect("stdin");
    stdin
        .write_all("{\"id\":\"a\",\"title\":\"خبر أول\"}\n".as_bytes())
        .expect("write");
    drop(stdin);
    let output = first.wait_with_output().expect("wait");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    env.ok(&["import", file.to_str().expect("utf-8 path")]);
    assert_eq!(env.ok(&["export"]).json_lines().len(), 3);
}
