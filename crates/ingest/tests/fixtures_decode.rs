//! Every fixture feed decodes to exactly the titles its manifest lists.

mod common;

use common::*;
use khabar_ingest::{IngestOptions, decode, parse, parse_and_process};

fn manifest() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(fixture_dir().join("MANIFEST.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn titles(entry: &serde_json::Value) -> Vec<String> {
    entry["titles_in_feed_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

fn expected_encoding(entry: &serde_json::Value) -> &'static str {
    match entry["bytes_encoding"].as_str().unwrap() {
        "utf-8" | "utf-8+BOM" => "UTF-8",
        "cp1256" => "windows-1256",
        "iso8859_6" => "ISO-8859-6",
        "utf-16" => "UTF-16LE",
        other => panic!("unknown encoding {other}"),
    }
}

#[test]
fn raw_titles_match_the_manifest_exactly() {
    let m = manifest();
    assert!(m.len() >= 16);
    for entry in &m {
        let file = entry["file"].as_str().unwrap();
        let bytes = fixture(file);
        let decoded = decode::decode(&bytes, None);
        assert_eq!(decoded.encoding.name(), expected_encoding(entry), "{file}");
        let feed = parse::parse_feed(file, &decoded.text).unwrap();
        let got: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(got.len() as u64, entry["items"].as_u64().unwrap(), "{file}");
        assert_eq!(got, titles(entry), "{file}");
    }
}

#[test]
fn processed_articles_match_the_manifest() {
    for entry in &manifest() {
        let file = entry["file"].as_str().unwrap();
        let bytes = fixture(file);
        let feed = detached_feed(&format!("https://feeds.example/{file}"));
        let (articles, encoding) =
            parse_and_process(&feed, &bytes, None, &IngestOptions::default()).unwrap();
        assert_eq!(encoding, expected_encoding(entry), "{file}");
        let got: Vec<String> = articles.iter().map(|a| a.title.clone()).collect();
        // Some feeds repeat an item (same GUID): it is kept once, first occurrence.
        let decoded = decode::decode(&bytes, None);
        // The dedup key: GUID, else canonical link.
        let ids: Vec<String> = parse::parse_feed(file, &decoded.text)
            .unwrap()
            .entries
            .into_iter()
            .map(|e| {
                if e.id.is_empty() {
                    khabar_ingest::process::canonical_url(&e.links[0].href, None).unwrap()
                } else {
                    e.id
                }
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        let want: Vec<String> = titles(entry)
            .iter()
            .zip(&ids)
            .filter(|(_, id)| seen.insert(id.to_string()))
            .map(|(t, _)| clean_title(t))
            .collect();
        assert_eq!(got, want, "{file}");
        for a in &articles {
            assert!(!a.body.is_empty(), "{file}: {} has no body", a.title);
            assert!(
                !a.body.contains('<') || !a.body.contains("</"),
                "{file}: markup left in {:?}",
                a.body
            );
            assert!(
                a.url.as_deref().is_some_and(|u| u.starts_with("http")),
                "{file}: {:?}",
                a.url
            );
            assert!(
                a.published.is_some() && !a.published_estimated,
                "{file}: {} has no date",
                a.title
            );
            assert_eq!(a.feed_id, Some(feed.id));
            assert_eq!(a.feed.as_deref(), Some("test"));
        }
    }
}

#[test]
fn content_encoded_is_preferred_and_keeps_paragraphs() {
    let bytes = fixture("rss2-utf8-bbc-fulltext-content-encoded.xml");
    let feed = detached_feed("https://feeds.example/bbc");
    let (articles, _) = parse_and_process(&feed, &bytes, None, &IngestOptions::default()).unwrap();
    assert!(
        articles.iter().any(|a| a.body.contains("\n\n")),
        "paragraphs kept"
    );
}

#[test]
fn windows_1256_without_declaration_is_detected() {
    let bytes = fixture("rss2-windows1256-bbc.xml");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let decl_end = bytes.windows(2).position(|w| w == b"?>").unwrap() + 2;
    let undeclared = &bytes[decl_end..];
    assert!(!text.is_empty());
    let entry = manifest()
        .into_iter()
        .find(|e| e["file"] == "rss2-windows1256-bbc.xml")
        .unwrap();
    let want: Vec<String> = titles(&entry).iter().map(|t| clean_title(t)).collect();
    let feed = detached_feed("https://feeds.example/bbc");
    let opts = IngestOptions::default();
    for (label, body, ct) in [
        ("no declaration", undeclared, None),
        (
            "no declaration, HTTP says latin1",
            undeclared,
            Some("application/rss+xml; charset=ISO-8859-1"),
        ),
        (
            "no declaration, HTTP says utf-8",
            undeclared,
            Some("application/rss+xml; charset=utf-8"),
        ),
        (
            "declared, HTTP says latin1",
            &bytes[..],
            Some("text/xml; charset=iso-8859-1"),
        ),
        (
            "declared, HTTP says utf-8",
            &bytes[..],
            Some("text/xml; charset=UTF-8"),
        ),
        (
            "declared, HTTP agrees",
            &bytes[..],
            Some("text/xml; charset=windows-1256"),
        ),
    ] {
        let (articles, encoding) = parse_and_process(&feed, body, ct, &opts).unwrap();
        assert_eq!(encoding, "windows-1256", "{label}");
        let got: Vec<String> = articles.iter().map(|a| a.title.clone()).collect();
        assert_eq!(got, want, "{label}");
    }
}

#[test]
fn iso_8859_6_served_as_windows_1256_is_arbitrated() {
    let bytes = fixture("rss2-iso88596-skynews.xml");
    let feed = detached_feed("https://feeds.example/sky");
    let entry = manifest()
        .into_iter()
        .find(|e| e["file"] == "rss2-iso88596-skynews.xml")
        .unwrap();
    let want: Vec<String> = titles(&entry).iter().map(|t| clean_title(t)).collect();
    let (articles, encoding) = parse_and_process(
        &feed,
        &bytes,
        Some("text/xml; charset=windows-1256"),
        &IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(encoding, "ISO-8859-6");
    assert_eq!(
        articles.iter().map(|a| a.title.clone()).collect::<Vec<_>>(),
        want
    );
}

#[test]
fn encoding_samples_decode_like_their_utf8_reference() {
    let samples =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encoding-samples");
    let mut checked = 0;
    for enc in ["windows-1256", "iso-8859-6"] {
        for f in std::fs::read_dir(samples.join(enc)).unwrap() {
            let path = f.unwrap().path();
            let name = path.file_name().unwrap().to_owned();
            let reference = samples.join("utf8-reference").join(enc).join(&name);
            let Ok(want) = std::fs::read_to_string(&reference) else {
                continue;
            };
            let got = decode::decode(&std::fs::read(&path).unwrap(), None);
            assert_eq!(got.text, want, "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} samples had a reference");
}

#[test]
fn item_cap_is_applied() {
    let bytes = fixture("rss2-utf8-bbc.xml");
    let feed = detached_feed("https://feeds.example/bbc");
    let opts = IngestOptions {
        max_items_per_feed: 3,
        ..IngestOptions::default()
    };
    let (articles, _) = parse_and_process(&feed, &bytes, None, &opts).unwrap();
    assert_eq!(articles.len(), 3);
}
