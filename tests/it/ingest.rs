//! Feed → store → index → search, over real HTTP.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::util::{TestEnv, demo_feed};

async fn serve(server: &MockServer, route: &str, body: Vec<u8>, content_type: &str) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_are_ingested_indexed_and_found_and_bad_feeds_do_not_stop_the_rest() {
    let server = MockServer::start().await;
    let read = |name: &str| std::fs::read(demo_feed(name)).unwrap();
    serve(
        &server,
        "/seed.xml",
        read("seed-article.xml"),
        "application/rss+xml",
    )
    .await;
    serve(
        &server,
        "/bbc.xml",
        read("rss2-utf8-bbc.xml"),
        "application/rss+xml; charset=utf-8",
    )
    .await;
    serve(
        &server,
        "/alarabiya.xml",
        read("rss2-windows1256-alarabia.xml"),
        "application/rss+xml",
    )
    .await;
    serve(
        &server,
        "/broken.xml",
        b"<rss><channel><item><title>x</ti".to_vec(),
        "application/rss+xml",
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/missing.xml"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;

    let env = TestEnv::new();
    let base = server.uri();
    for route in [
        "seed.xml",
        "bbc.xml",
        "broken.xml",
        "missing.xml",
        "alarabiya.xml",
    ] {
        env.ok(&["feeds", "add", &format!("{base}/{route}")]);
    }
    let ingest = env.run(&["ingest"]);
    // Two feeds failed: exit 2, each named on stderr; the other three were ingested.
    assert_eq!(ingest.code, 2, "{}", ingest.stderr);
    assert!(ingest.stderr.contains("broken.xml"), "{}", ingest.stderr);
    assert!(
        ingest.stderr.contains("missing.xml") && ingest.stderr.contains("404"),
        "{}",
        ingest.stderr
    );
    assert!(!ingest.stderr.contains("panicked"), "{}", ingest.stderr);

    let export = env.ok(&["export"]);
    assert_eq!(
        export.json_lines().len(),
        41,
        "1 seed + 20 BBC + 20 Al Arabiya articles"
    );

    // The seed article, for a person's name, and for the name with a clitic.
    for query in ["لافروف", "ولافروف"] {
        let run = env.ok(&["search", query, "--json"]);
        let lines = run.json_lines();
        let first = &lines[0];
        assert_eq!(first["type"], "hit");
        assert!(
            first["title"].as_str().unwrap().contains("لافروف"),
            "{first}"
        );
        assert!(first["url"].as_str().unwrap().ends_with("/rubio-lavrov"));
        let highlights = first["snippet"]["highlights"].as_array().unwrap();
        assert!(!highlights.is_empty(), "{first}");
        let summary = lines.last().unwrap();
        assert_eq!(summary["type"], "summary");
        assert!(summary["total"].as_u64().unwrap() >= 1);
    }

    // windows-1256 decoded right: an Al Arabiya headline is found by its words.
    let run = env.ok(&["search", "ترامب", "--json", "--limit", "50"]);
    let feeds: Vec<String> = run
        .json_lines()
        .iter()
        .filter_map(|l| l["feed"].as_str().map(String::from))
        .collect();
    assert!(feeds.len() >= 3, "{}", run.stdout);

    // Human output names title, feed, date and url.
    let run = env.ok(&["search", "لافروف"]);
    assert!(run.stdout.starts_with("1. "), "{}", run.stdout);
    assert!(
        run.stdout.contains("2025-02-15")
            && run
                .stdout
                .contains("https://example.org/khabar/seed/rubio-lavrov")
    );

    // Re-ingesting stores nothing new.
    let again = env.run(&["ingest"]);
    assert_eq!(again.code, 2);
    assert_eq!(env.ok(&["export"]).json_lines().len(), 41);
    let list = env.ok(&["feeds", "list", "--json"]);
    let feeds = list.json_lines();
    assert_eq!(feeds.len(), 5);
    let broken = feeds
        .iter()
        .find(|f| f["url"].as_str().unwrap().ends_with("broken.xml"))
        .unwrap();
    assert_eq!(broken["error_count"], 2);
    let bbc = feeds
        .iter()
        .find(|f| f["url"].as_str().unwrap().ends_with("bbc.xml"))
        .unwrap();
    assert_eq!(bbc["articles"], 20);
    assert!(bbc["last_error"].is_null());
}

fn rss(title: &str, guid: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>{guid}</title>\
         <item><title>{title}</title><link>https://example.com/{guid}</link><guid>{guid}</guid>\
         <pubDate>Mon, 17 Feb 2025 10:00:00 +0000</pubDate><description>{body}</description></item></channel></rss>"
    )
}

#[test]
fn copies_of_a_wire_story_collapse_into_one_hit() {
    let env = TestEnv::new();
    let story = "أعلنت وزارة الخارجية الروسية أن الوزير سيرغي لافروف سيلتقي نظيره الأمريكي ماركو روبيو \
                 في الرياض الأسبوع المقبل لبحث العلاقات الثنائية والحرب في أوكرانيا، وذلك في أول لقاء \
                 رفيع المستوى بين البلدين منذ سنوات، وقالت الوزارة إن المحادثات ستتناول ملفات عديدة \
                 بينها السفارات والعقوبات والتعاون الاقتصادي وأمن الطاقة في أوروبا والشرق الأوسط.";
    let a = env.write(
        "a.xml",
        &rss("لافروف يلتقي روبيو في الرياض", "wire-a", story),
    );
    let b = env.write(
        "b.xml",
        &rss(
            "لافروف يلتقي روبيو في الرياض.",
            "wire-b",
            &format!("{story} وأضافت أن الموعد لم يحدد بعد."),
        ),
    );
    env.ok(&["feeds", "add", a.to_str().unwrap(), "--name", "وكالة أ"]);
    env.ok(&["feeds", "add", b.to_str().unwrap(), "--name", "وكالة ب"]);
    env.ok(&["ingest"]);
    let collapsed = env.ok(&["search", "لافروف الرياض", "--json"]);
    let hits: Vec<_> = collapsed
        .json_lines()
        .into_iter()
        .filter(|l| l["type"] == "hit")
        .collect();
    assert_eq!(hits.len(), 1, "{}", collapsed.stdout);
    assert_eq!(
        hits[0]["duplicates"].as_array().unwrap().len(),
        1,
        "{}",
        collapsed.stdout
    );
    let all = env.ok(&["search", "لافروف الرياض", "--json", "--no-collapse"]);
    assert_eq!(
        all.json_lines()
            .iter()
            .filter(|l| l["type"] == "hit")
            .count(),
        2
    );
}
