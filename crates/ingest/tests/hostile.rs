//! Hostile feed bodies, without network or store: each gives an error or a bounded
//! result, never a panic. Inputs found by the fuzz targets (fuzz/) are kept here as
//! regression tests.

mod common;

use common::*;
use khabar_ingest::parse::{MAX_XML_DEPTH, check_well_formed};
use khabar_ingest::process::html_to_text;
use khabar_ingest::{IngestOptions, parse_and_process};

fn process(bytes: &[u8]) -> Result<Vec<khabar_core::Article>, khabar_ingest::Error> {
    parse_and_process(
        &detached_feed("https://news.example/feed.xml"),
        bytes,
        None,
        &IngestOptions::default(),
    )
    .map(|(articles, _)| articles)
}

fn nested_item(depth: usize) -> String {
    format!(
        "<rss version=\"2.0\"><channel><title>t</title><item><guid>g</guid><title>عنوان</title>{}x{}</item></channel></rss>",
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    )
}

/// Found by the hostile-input tests: 65,536+ nested elements overflowed the `u16`
/// level counter of quick-xml's namespace resolver under feed-rs (a panic in debug
/// builds, a wrap in release ones). Such depth is now refused before feed-rs.
#[test]
fn deep_xml_nesting_is_refused_not_a_panic() {
    let err = process(nested_item(70_000).as_bytes())
        .unwrap_err()
        .to_string();
    assert!(err.contains("nested deeper than"), "{err}");
    // Junk before the first `<` does not skip the check.
    let junked = format!("junk{}", nested_item(70_000));
    assert!(process(junked.as_bytes()).is_err());
}

#[test]
fn nesting_up_to_the_limit_is_accepted() {
    // The channel and item take three levels.
    let ok = process(nested_item(MAX_XML_DEPTH - 3).as_bytes()).unwrap();
    assert_eq!(ok.len(), 1);
    assert!(check_well_formed(&nested_item(MAX_XML_DEPTH - 2)).is_err());
}

#[test]
fn deeply_nested_html_is_flattened_without_recursion() {
    let depth = 200_000;
    let html = format!(
        "{}عمق{}",
        "<div><b><i>".repeat(depth),
        "</i></b></div>".repeat(depth)
    );
    assert_eq!(html_to_text(&html).trim(), "عمق");
    // Unclosed, too.
    let open = format!("{}نص", "<div>".repeat(depth));
    assert_eq!(html_to_text(&open).trim(), "نص");
}

#[test]
fn entity_expansion_is_not_performed() {
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"aaaaaaaaaa\">\n");
    let mut prev = "a".to_string();
    for i in 0..12 {
        let name = format!("e{i}");
        laughs.push_str(&format!(
            "<!ENTITY {name} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
        prev = name;
    }
    laughs.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n");
    laughs.push_str(&format!(
        "<rss version=\"2.0\"><channel><title>t</title><item><guid>g</guid><title>x &{prev}; y</title><description>&xxe;</description></item></channel></rss>"
    ));
    if let Ok(articles) = process(laughs.as_bytes()) {
        for a in articles {
            assert!(a.title.len() + a.body.len() < 1000, "expanded");
            assert!(!a.body.contains("root:"), "external entity read");
        }
    }
}

#[test]
fn invalid_utf8_and_nul_bytes_do_not_panic() {
    let mut feed = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title><item><guid>g</guid><title>a".to_vec();
    feed.extend_from_slice(&[0xff, 0xc3, 0x00, 0xed, 0xa0, 0x80]);
    feed.extend_from_slice(b"b</title></item></channel></rss>");
    if let Ok(articles) = process(&feed) {
        for a in articles {
            assert!(!a.title.contains('\0'), "{:?}", a.title);
        }
    }
}
