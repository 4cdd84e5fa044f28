//! OPML feed lists: import (`khabar feeds import`) and export (`khabar feeds export`).
//!
//! Reading is defensive, as OPML files come from anywhere: the document is bounded
//! ([`MAX_OPML_BYTES`], [`MAX_OUTLINES`], [`MAX_DEPTH`]), a `DOCTYPE` is refused (so
//! no entity can be declared, let alone expanded: only the five XML entities and
//! character references are decoded), and only `http(s)` feed URLs are taken (an OPML
//! file must not make Khabar read local files).

use std::collections::HashSet;

use khabar_core::{Feed, FeedSpec};
use quick_xml::events::{BytesStart, Event};

use crate::Error;

/// Largest OPML document read.
pub const MAX_OPML_BYTES: usize = 4 * 1024 * 1024;
/// Most `<outline>` elements read.
pub const MAX_OUTLINES: usize = 20_000;
/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 64;
/// Longest name kept (characters); longer titles are cut.
const MAX_NAME_CHARS: usize = 500;
/// Longest feed URL accepted (bytes).
const MAX_URL_BYTES: usize = 8192;

/// Attribute carrying Khabar's `full_text` flag on export, read back on import. Other
/// readers ignore unknown outline attributes.
const FULL_TEXT_ATTR: &str = "khabarFullText";

fn err(reason: impl Into<String>) -> Error {
    Error::Opml {
        reason: reason.into(),
    }
}

/// The feeds of an OPML document: every `<outline>` with an `xmlUrl`, at any depth
/// (categories are outlines without one), in document order, each URL once. The name
/// is the outline's `title`, else its `text`. Outlines whose URL is not `http(s)` are
/// skipped.
pub fn parse_opml(text: &str) -> Result<Vec<FeedSpec>, Error> {
    if text.len() > MAX_OPML_BYTES {
        return Err(err(format!("document larger than {MAX_OPML_BYTES} bytes")));
    }
    let mut reader = quick_xml::Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    let mut depth = 0usize;
    let mut outlines = 0usize;
    let mut seen_opml = false;
    let mut specs = Vec::new();
    let mut urls = HashSet::new();
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| err(format!("malformed XML at byte {pos}: {e}")))?;
        let (start, empty) = match &event {
            Event::Start(s) => (Some(s), false),
            Event::Empty(s) => (Some(s), true),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                (None, false)
            }
            Event::DocType(_) => {
                return Err(err("a DOCTYPE is not accepted (entity declarations)"));
            }
            Event::Eof => break,
            _ => (None, false),
        };
        let Some(start) = start else { continue };
        if !empty {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(err(format!("nesting deeper than {MAX_DEPTH}")));
            }
        }
        let name = start.local_name();
        let name = name.as_ref();
        if name.eq_ignore_ascii_case(b"opml") {
            seen_opml = true;
        }
        if !name.eq_ignore_ascii_case(b"outline") {
            continue;
        }
        outlines += 1;
        if outlines > MAX_OUTLINES {
            return Err(err(format!("more than {MAX_OUTLINES} outlines")));
        }
        if let Some(spec) = outline_feed(start, reader.buffer_position())?
            && urls.insert(spec.url.clone())
        {
            specs.push(spec);
        }
    }
    if !seen_opml {
        return Err(err("no <opml> element"));
    }
    Ok(specs)
}

/// The feed an outline names, if it has an `http(s)` `xmlUrl`.
fn outline_feed(start: &BytesStart<'_>, pos: u64) -> Result<Option<FeedSpec>, Error> {
    let (mut url, mut title, mut text, mut full_text): (
        Option<String>,
        Option<String>,
        Option<String>,
        bool,
    ) = (None, None, None, false);
    for attr in start.attributes().with_checks(true) {
        let attr = attr.map_err(|e| err(format!("bad attribute near byte {pos}: {e}")))?;
        let key = attr.key.local_name();
        let key = std::str::from_utf8(key.as_ref()).unwrap_or("");
        let value = || {
            // Only the predefined entities and character references are resolved.
            attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .map_err(|e| err(format!("bad value of {key} near byte {pos}: {e}")))
        };
        // Exporters disagree on case: xmlUrl, xmlURL, xmlurl.
        if key.eq_ignore_ascii_case("xmlurl") {
            url = Some(value()?);
        } else if key.eq_ignore_ascii_case("title") {
            title = Some(value()?);
        } else if key.eq_ignore_ascii_case("text") {
            text = Some(value()?);
        } else if key.eq_ignore_ascii_case(FULL_TEXT_ATTR) {
            full_text = value()?.trim().eq_ignore_ascii_case("true");
        }
    }
    let Some(url) = url.map(|u| u.trim().to_string()) else {
        return Ok(None);
    };
    let http = url::Url::parse(&url)
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .unwrap_or(false);
    if !http || url.len() > MAX_URL_BYTES {
        return Ok(None);
    }
    let name = [title, text]
        .into_iter()
        .flatten()
        .map(|n| clean_name(&n))
        .find(|n| !n.is_empty());
    Ok(Some(FeedSpec {
        url,
        name,
        full_text,
        interval_secs: None,
    }))
}

/// A name on one line, without control or format characters, bounded.
fn clean_name(raw: &str) -> String {
    let kept: String = raw
        .chars()
        .filter(|c| !crate::process::is_format_char(*c))
        .take(MAX_NAME_CHARS * 2)
        .collect();
    kept.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_NAME_CHARS)
        .collect()
}

/// Escapes an attribute value; characters XML 1.0 cannot carry are dropped, line
/// breaks and tabs kept as character references (an attribute would fold them).
fn attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// The feeds as an OPML 2.0 document (UTF-8): one `<outline type="rss">` per feed
/// with `text`, `title` and `xmlUrl`, and `khabarFullText="true"` on full-text feeds.
pub fn write_opml(feeds: &[Feed]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>Khabar feeds</title>\n",
    );
    out.push_str(&format!(
        "    <dateCreated>{}</dateCreated>\n  </head>\n  <body>\n",
        khabar_core::now().to_rfc2822()
    ));
    for feed in feeds {
        let name = attr(&feed.name);
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{}\"",
            attr(&feed.url)
        ));
        if feed.full_text {
            out.push_str(&format!(" {FULL_TEXT_ATTR}=\"true\""));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_core::{FeedHealth, FeedId};

    #[test]
    fn nested_outlines_names_and_duplicates() {
        let doc = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>x</title></head><body>
  <outline text="أخبار">
    <outline text="بي بي سي" type="rss" xmlUrl="https://feeds.bbci.co.uk/arabic/rss.xml"/>
    <outline text="ignored" title="العربية &amp; نت" xmlURL=" https://www.alarabiya.net/feed/rss2/ar.xml "/>
    <outline text="Category"><outline xmlurl="https://example.com/a?x=1&amp;y=2" khabarFullText="true"></outline></outline>
  </outline>
  <outline text="dup" xmlUrl="https://feeds.bbci.co.uk/arabic/rss.xml"/>
  <outline text="local" xmlUrl="file:///etc/passwd"/>
  <outline text="relative" xmlUrl="/feed.xml"/>
  <outline text="no url"/>
</body></opml>"#;
        let specs = parse_opml(doc).unwrap();
        let got: Vec<_> = specs
            .iter()
            .map(|s| (s.url.as_str(), s.name.as_deref(), s.full_text))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "https://feeds.bbci.co.uk/arabic/rss.xml",
                    Some("بي بي سي"),
                    false
                ),
                (
                    "https://www.alarabiya.net/feed/rss2/ar.xml",
                    Some("العربية & نت"),
                    false
                ),
                ("https://example.com/a?x=1&y=2", None, true),
            ]
        );
    }

    #[test]
    fn hostile_documents_are_refused() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<opml><body><outline text="&lol2;" xmlUrl="https://x.example/"/></body></opml>"#;
        assert!(
            parse_opml(bomb)
                .unwrap_err()
                .to_string()
                .contains("DOCTYPE")
        );
        let undeclared =
            r#"<opml><body><outline text="&lol;" xmlUrl="https://x.example/"/></body></opml>"#;
        assert!(parse_opml(undeclared).is_err());
        let deep = format!("<opml>{}</opml>", "<outline>".repeat(100));
        assert!(parse_opml(&deep).is_err());
        let many = format!(
            "<opml><body>{}</body></opml>",
            "<outline/>".repeat(MAX_OUTLINES + 1)
        );
        assert!(
            parse_opml(&many)
                .unwrap_err()
                .to_string()
                .contains("outlines")
        );
        let big = " ".repeat(MAX_OPML_BYTES + 1);
        assert!(parse_opml(&big).is_err());
        assert!(parse_opml("<opml><body><outline xmlUrl='https://a/'></body></opml>").is_err());
        assert!(parse_opml("<rss/>").is_err());
        assert!(parse_opml("not xml at all <<<").is_err());
    }

    #[test]
    fn export_round_trips() {
        let feed = |id, url: &str, name: &str, full_text| Feed {
            id: FeedId(id),
            url: url.to_string(),
            name: name.to_string(),
            full_text,
            interval_secs: None,
            etag: None,
            last_modified: None,
            body_hash: None,
            encoding: None,
            health: FeedHealth::default(),
        };
        let feeds = [
            feed(
                1,
                "https://example.com/rss?a=1&b=\"2\"",
                "سكاي <نيوز> & \"عربية\"\n",
                false,
            ),
            feed(2, "https://example.org/atom", "France 24\u{1}", true),
        ];
        let doc = write_opml(&feeds);
        assert!(doc.contains("<opml version=\"2.0\">"), "{doc}");
        let specs = parse_opml(&doc).unwrap();
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[0].url, feeds[0].url);
        assert_eq!(specs[0].name.as_deref(), Some("سكاي <نيوز> & \"عربية\""));
        assert!(!specs[0].full_text);
        assert_eq!(specs[1].name.as_deref(), Some("France 24"));
        assert!(specs[1].full_text);
    }
}
