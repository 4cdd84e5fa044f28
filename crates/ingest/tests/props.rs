//! Property tests of ingestion: the same feed bytes processed twice (at different
//! times) give the same article ids, and storing them again changes nothing.

mod common;

use common::*;
use khabar_core::from_unix;
use khabar_ingest::{decode, parse, process};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Item {
    guid: Option<String>,
    title: String,
    link: Option<String>,
    date: Option<i64>,
    body: String,
}

fn word() -> impl Strategy<Value = String> {
    "[\u{0621}-\u{064A}]{1,8}"
}

fn item() -> impl Strategy<Value = Item> {
    (
        proptest::option::of("[a-z0-9]{1,10}"),
        proptest::collection::vec(word(), 1..6),
        proptest::option::of("[a-z0-9/]{1,12}"),
        proptest::option::of(1_000_000_000i64..1_900_000_000),
        proptest::collection::vec(word(), 0..20),
    )
        .prop_map(|(guid, title, link, date, body)| Item {
            guid,
            title: title.join(" "),
            link: link.map(|l| format!("https://news.example/{l}?utm_source=rss")),
            date,
            body: body.join(" "),
        })
}

fn rss(items: &[Item]) -> Vec<u8> {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>قناة</title><link>https://news.example/</link>\n",
    );
    for it in items {
        s.push_str("<item>");
        if let Some(g) = &it.guid {
            s.push_str(&format!("<guid isPermaLink=\"false\">{g}</guid>"));
        }
        s.push_str(&format!("<title>{}</title>", it.title));
        if let Some(l) = &it.link {
            s.push_str(&format!("<link>{l}</link>"));
        }
        if let Some(d) = it.date {
            s.push_str(&format!("<pubDate>{}</pubDate>", from_unix(d).to_rfc2822()));
        }
        s.push_str(&format!(
            "<description>&lt;p&gt;{}&lt;/p&gt;</description></item>\n",
            it.body
        ));
    }
    s.push_str("</channel></rss>\n");
    s.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn same_bytes_twice_same_ids_nothing_updated(
        items in proptest::collection::vec(item(), 1..15),
        t1 in 1_600_000_000i64..1_700_000_000,
        dt in 1i64..10_000_000,
    ) {
        let ts = TestStore::new();
        let feed = ts.add("https://news.example/feed.xml");
        let bytes = rss(&items);
        let run = |at: i64| {
            let decoded = decode::decode(&bytes, Some("application/rss+xml"));
            let parsed = parse::parse_feed(&feed.url, &decoded.text).unwrap();
            process::articles_from_feed(&feed, &parsed, from_unix(at), 1000)
        };
        let first = run(t1);
        let second = run(t1 + dt);
        let ids = |a: &[khabar_core::Article]| a.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&first), ids(&second));
        let mut unique = ids(&first);
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), first.len(), "an id is yielded twice");

        let mut store = ts.store.lock().unwrap();
        let r1 = store.upsert_articles(&first).unwrap();
        prop_assert_eq!(r1.inserted, first.len());
        let seq = store.last_seq().unwrap();
        let r2 = store.upsert_articles(&second).unwrap();
        prop_assert_eq!((r2.inserted, r2.updated), (0, 0));
        prop_assert_eq!(store.last_seq().unwrap(), seq);
    }
}
