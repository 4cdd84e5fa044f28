//! Parsing decoded feed text with `feed-rs`, after fixing what trips it up.

use feed_rs::model::Feed as ParsedFeed;

use crate::Error;
use crate::decode::declare_utf8;

/// RSS versions feed-rs dispatches on; any other `version` of an `<rss>` root
/// (`2.00`, `2`, `0.90`, `0.93`, `0.94`, none) is read as RSS 2.0, its superset.
const KNOWN_RSS_VERSIONS: &[&str] = &["2.0", "0.91", "0.92"];

/// Deepest element nesting accepted. Real feeds nest a dozen levels (XHTML content a
/// few dozen more); quick-xml's namespace resolver, under feed-rs, counts levels in a
/// `u16` and panics (debug) or wraps (release) past 65,535, so hostile depth is
/// refused here, before feed-rs sees it.
pub const MAX_XML_DEPTH: usize = 1_000;

/// Rewrites the `version` attribute of an `<rss>` root element that feed-rs would
/// not recognise to `2.0`.
pub fn fix_rss_version(text: &str) -> Option<String> {
    // The root element is the first element: skip the prolog (declaration,
    // comments, doctype).
    let mut pos = 0;
    let b = text.as_bytes();
    loop {
        let lt = pos + text[pos..].find('<')?;
        if text[lt..].starts_with("<?") {
            pos = lt + text[lt..].find("?>")? + 2;
        } else if text[lt..].starts_with("<!--") {
            pos = lt + text[lt..].find("-->")? + 3;
        } else if text[lt..].starts_with("<!") {
            pos = lt + text[lt..].find('>')? + 1;
        } else {
            pos = lt;
            break;
        }
    }
    if !(text[pos..].starts_with("<rss")
        && b.get(pos + 4)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'>'))
    {
        return None;
    }
    let tag_end = pos + text[pos..].find('>')?;
    let tag = &text[pos..tag_end];
    let vpos = tag.find("version");
    let fixed_tag = match vpos {
        None => format!("{} version=\"2.0\"{}", &tag[..4], &tag[4..]),
        Some(v) => {
            let rest = &tag[v + "version".len()..];
            let eq = rest.find('=')?;
            let after = rest[eq + 1..].trim_start();
            let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let close = after[1..].find(quote)?;
            let value = after[1..1 + close].trim();
            if KNOWN_RSS_VERSIONS.contains(&value) {
                return None;
            }
            let value_start = tag.len() - after.len();
            format!(
                "{}version=\"2.0\"{}",
                &tag[..v],
                &tag[value_start + close + 2..]
            )
        }
    };
    Some(format!("{}{}{}", &text[..pos], fixed_tag, &text[tag_end..]))
}

/// Parses decoded feed text (RSS 0.9x/1.0/2.0, Atom, JSON Feed). `url` names the feed
/// in errors and resolves relative links.
///
/// Entries without an id keep an empty `id` (feed-rs would otherwise make one up), so
/// that callers can tell a real GUID from none. Dates go through
/// [`crate::dates::parse_date`].
pub fn parse_feed(url: &str, text: &str) -> Result<ParsedFeed, Error> {
    let text = declare_utf8(text);
    let text = fix_rss_version(&text).unwrap_or(text);
    let base = url::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    let not_a_feed = |reason: String| Error::NotAFeed {
        url: url.to_string(),
        reason,
    };
    // Everything feed-rs would read as XML (anything but JSON) is checked first, so
    // that no text reaches its XML parser unchecked (e.g. one with junk before `<`).
    if !text.trim_start().starts_with('{') {
        check_well_formed(&text).map_err(not_a_feed)?;
    }
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base.as_ref().map(|u| u.as_str()))
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .timestamp_parser(crate::dates::parse_date)
        .build();
    parser
        .parse(text.as_bytes())
        .map_err(|e| not_a_feed(e.to_string()))
}

/// Checks that XML text is well-formed enough to trust: end tags match start tags
/// and every element is closed. feed-rs skips over such errors and silently loses
/// content, so they are reported instead.
pub fn check_well_formed(text: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth: usize = 0;
    let mut roots = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(format!(
                        "elements nested deeper than {MAX_XML_DEPTH} levels at byte {}",
                        reader.buffer_position()
                    ));
                }
            }
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "malformed XML at byte {}: {e}",
                    reader.error_position()
                ));
            }
        }
    }
    if depth > 0 {
        return Err(format!(
            "malformed XML: {depth} element(s) not closed at the end"
        ));
    }
    if roots == 0 {
        return Err("no root element".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_versions() {
        let fixed = fix_rss_version(
            "<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.00\" xmlns:a=\"b\"><channel/></rss>",
        );
        assert_eq!(
            fixed.as_deref(),
            Some(
                "<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\" xmlns:a=\"b\"><channel/></rss>"
            )
        );
        assert_eq!(
            fix_rss_version("<rss><channel/></rss>").as_deref(),
            Some("<rss version=\"2.0\"><channel/></rss>")
        );
        assert_eq!(
            fix_rss_version("<rss version='0.94'>").as_deref(),
            Some("<rss version=\"2.0\">")
        );
        assert_eq!(fix_rss_version("<rss version=\"2.0\">"), None);
        assert_eq!(fix_rss_version("<rss version=\"0.91\">"), None);
        assert_eq!(
            fix_rss_version("<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            None
        );
    }

    #[test]
    fn quirky_versions_parse() {
        for v in ["2.00", "2", "0.94", ""] {
            let attr = if v.is_empty() {
                String::new()
            } else {
                format!(" version=\"{v}\"")
            };
            let xml = format!(
                "<rss{attr}><channel><title>t</title><item><title>خبر</title><guid>g1</guid></item></channel></rss>"
            );
            let feed = parse_feed("https://example.com/rss", &xml).unwrap();
            assert_eq!(feed.entries.len(), 1, "{v}");
            assert_eq!(feed.entries[0].id, "g1");
        }
    }

    #[test]
    fn missing_ids_stay_empty() {
        let xml = "<rss version=\"2.0\"><channel><item><title>a</title><link>https://e.com/a</link></item></channel></rss>";
        let feed = parse_feed("https://example.com/rss", xml).unwrap();
        assert_eq!(feed.entries[0].id, "");
    }

    #[test]
    fn not_feeds() {
        for body in [
            "<!DOCTYPE html><html><head><title>x</title></head><body><p>hi</p></body></html>",
            "<rss version=\"2.0\"><channel><item><title>a</wrong></item></channel></rss>",
            "just text",
            "",
            "<rss version=\"2.0\"><channel><item><title>cut off",
        ] {
            let err = parse_feed("https://example.com/rss", body).unwrap_err();
            let msg = err.to_string();
            assert!(
                msg.starts_with("feed https://example.com/rss: not a feed ("),
                "{body}: {msg}"
            );
        }
    }

    #[test]
    fn json_feed() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"ج","items":[{"id":"1","title":"خبر","content_html":"<p>نص</p>","date_published":"2020-01-02T03:04:05Z"}]}"#;
        let feed = parse_feed("https://example.com/feed.json", json).unwrap();
        assert_eq!(feed.entries.len(), 1);
        assert_eq!(feed.entries[0].id, "1");
    }
}
