//! From parsed feed entries to clean [`Article`]s: HTML to text, canonical URLs, ids.

use std::collections::HashSet;

use feed_rs::model::{Entry, Feed as ParsedFeed};
use khabar_core::{Article, ArticleId, Feed, Timestamp};
use sha2::{Digest, Sha256};
use url::Url;

/// Query parameters dropped from article URLs: trackers that never change the page.
/// Every parameter whose name starts with `utm_` is dropped too. `ref` is kept: some
/// sites use it for content.
pub const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "at_medium",
    "at_campaign",
    "at_custom1",
    "at_custom2",
    "at_custom3",
    "at_custom4",
    "_ga",
    "_gl",
];

/// Elements whose content is never text.
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "noscript", "template", "object", "svg", "math", "head",
];

/// Elements that separate paragraphs.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "tr",
    "pre",
    "hr",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "aside",
    "nav",
    "main",
    "address",
    "form",
    "fieldset",
    "details",
    "summary",
    "body",
    "html",
    "title",
    "caption",
    "thead",
    "tbody",
    "tfoot",
];

/// True for characters that only steer rendering (bidi controls, zero-width
/// characters, BOM, soft hyphen) and carry nothing for search. All are removed,
/// ZWNJ included.
pub fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}' | '\u{00AD}'
    ) || (c.is_control() && !c.is_whitespace())
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    None,
    Space,
    Line,
    Para,
}

/// Collects text, collapsing whitespace and placing line and paragraph breaks.
struct TextBuilder {
    out: String,
    pending: Pending,
}

impl TextBuilder {
    fn new(capacity: usize) -> Self {
        TextBuilder {
            out: String::with_capacity(capacity),
            pending: Pending::None,
        }
    }

    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.pending = self.pending.max(Pending::Space);
            } else if !is_format_char(c) {
                if !self.out.is_empty() {
                    match self.pending {
                        Pending::None => {}
                        Pending::Space => self.out.push(' '),
                        Pending::Line => self.out.push('\n'),
                        Pending::Para => self.out.push_str("\n\n"),
                    }
                }
                self.pending = Pending::None;
                self.out.push(c);
            }
        }
    }

    fn brk(&mut self, kind: Pending) {
        self.pending = self.pending.max(kind);
    }

    fn finish(self) -> String {
        self.out
    }
}

/// Finds `needle` (ASCII, lower-case) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// Index just past the `>` closing a tag that starts at `start`, honouring quoted
/// attribute values; `None` when the tag never closes.
fn tag_end(b: &[u8], start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => {
                // A quote opens a value only right after `=` (possibly spaced).
                let prev = b[start..i].iter().rev().find(|x| !x.is_ascii_whitespace());
                if prev == Some(&b'=') {
                    quote = Some(c);
                }
            }
            None if c == b'>' => return Some(i + 1),
            None => {}
        }
        i += 1;
    }
    // Unbalanced quote: fall back to the first `>`.
    b[start..]
        .iter()
        .position(|&c| c == b'>')
        .map(|p| start + p + 1)
}

fn push_decoded(tb: &mut TextBuilder, raw: &str) {
    if raw.contains('&') {
        tb.push_text(&html_escape::decode_html_entities(raw));
    } else {
        tb.push_text(raw);
    }
}

/// Converts an HTML fragment (or plain text) to clean text: block elements become
/// paragraphs separated by a blank line, `<br>` a line break; the content of
/// `script`, `style`, `iframe`, `noscript`, `template` (and `object`, `svg`, `math`,
/// `head`) is dropped; entities are decoded; whitespace is collapsed; format
/// characters ([`is_format_char`]) are removed.
///
/// A single forward scan, no recursion and no tree: any nesting depth and any broken
/// markup take linear time.
pub fn html_to_text(html: &str) -> String {
    let b = html.as_bytes();
    let mut tb = TextBuilder::new(html.len());
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        let is_markup = next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?';
        if !is_markup {
            i += 1;
            continue;
        }
        push_decoded(&mut tb, &html[text_start..i]);
        if b[i..].starts_with(b"<!--") {
            i = find_ci(b, i + 4, b"-->").map_or(b.len(), |p| p + 3);
        } else if b[i..].starts_with(b"<![CDATA[") {
            let start = i + 9;
            let end = find_ci(b, start, b"]]>").unwrap_or(b.len());
            tb.push_text(&html[start..end]);
            i = (end + 3).min(b.len());
        } else if next == b'!' || next == b'?' {
            i = b[i..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |p| i + p + 1);
        } else {
            let closing = next == b'/';
            let name_start = if closing { i + 2 } else { i + 1 };
            let name_end = b[name_start..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':'))
                .map_or(b.len(), |p| name_start + p);
            let name = html[name_start..name_end].to_ascii_lowercase();
            let Some(end) = tag_end(b, name_end) else {
                // A tag that never closes: the rest is markup.
                i = b.len();
                text_start = i;
                break;
            };
            i = end;
            let self_closing = end >= 2 && b[end - 2] == b'/';
            if !closing && !self_closing && DROPPED.contains(&name.as_str()) {
                let mut close = Vec::with_capacity(name.len() + 2);
                close.extend_from_slice(b"</");
                close.extend_from_slice(name.as_bytes());
                i = match find_ci(b, i, &close) {
                    Some(p) => tag_end(b, p + close.len()).unwrap_or(b.len()),
                    None => b.len(),
                };
            } else if name == "br" {
                tb.brk(Pending::Line);
            } else if BLOCKS.contains(&name.as_str()) {
                tb.brk(Pending::Para);
            } else if matches!(name.as_str(), "td" | "th" | "img" | "option") {
                tb.brk(Pending::Space);
            }
        }
        text_start = i;
    }
    if text_start < b.len() {
        push_decoded(&mut tb, &html[text_start..]);
    }
    tb.finish()
}

/// [`html_to_text`] on one line: for titles, names, bylines.
pub fn html_to_line(html: &str) -> String {
    let text = html_to_text(html);
    if text.contains('\n') {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        text
    }
}

/// The canonical form of an article link, or `None` when it is not an `http(s)` URL.
///
/// Relative links are resolved against `base`. Scheme and host are lower-cased (the
/// `url` crate does it, and drops default ports), the fragment is dropped, and so are
/// tracking parameters (`utm_*` and [`TRACKING_PARAMS`]); other parameters keep their
/// order and spelling.
pub fn canonical_url(raw: &str, base: Option<&Url>) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 8192 {
        return None;
    }
    let mut url = match Url::parse(raw) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(raw).ok()?,
        Err(_) => return None,
    };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    url.set_fragment(None);
    if let Some(query) = url.query() {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                if pair.is_empty() {
                    return false;
                }
                let key = pair.split('=').next().unwrap_or("");
                let key = url::form_urlencoded::parse(key.as_bytes())
                    .next()
                    .map(|(k, _)| k.to_ascii_lowercase())
                    .unwrap_or_default();
                !(key.starts_with("utm_") || TRACKING_PARAMS.contains(&key.as_str()))
            })
            .collect();
        let kept = kept.join("&");
        url.set_query(if kept.is_empty() { None } else { Some(&kept) });
    }
    Some(url.to_string())
}

/// Hex SHA-256 of the parts, NUL-separated.
fn content_key(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The feed's own title, as clean text (empty when it has none).
pub fn feed_title(parsed: &ParsedFeed) -> String {
    parsed
        .title
        .as_ref()
        .map(|t| html_to_line(&t.content))
        .unwrap_or_default()
}

fn entry_link(entry: &Entry) -> Option<&str> {
    entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.as_str())
}

/// Turns one parsed entry into an article. `fetched_at` is used (and marked as an
/// estimate) when the entry has no usable date. `None` for an entry with no title,
/// no body and no link.
pub fn entry_to_article(
    feed: &Feed,
    base: Option<&Url>,
    entry: &Entry,
    fetched_at: Timestamp,
) -> Option<Article> {
    let title = entry
        .title
        .as_ref()
        .map(|t| html_to_line(&t.content))
        .unwrap_or_default();
    let body_html = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .filter(|b| !b.trim().is_empty())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.as_str()))
        .unwrap_or("");
    let body = html_to_text(body_html);
    let guid = Some(entry.id.trim())
        .filter(|g| !g.is_empty())
        .map(str::to_string);
    let url = entry_link(entry)
        .and_then(|l| canonical_url(l, base))
        .or_else(|| guid.as_deref().and_then(|g| canonical_url(g, None)));
    if title.is_empty() && body.is_empty() && url.is_none() {
        return None;
    }
    let dedup_key = match (&guid, &url) {
        (Some(g), _) => g.clone(),
        (None, Some(u)) => u.clone(),
        (None, None) => content_key(&[&title, &body]),
    };
    let author = entry
        .authors
        .iter()
        .map(|p| html_to_line(&p.name))
        .find(|n| !n.is_empty());
    let date = entry.published.or(entry.updated);
    Some(Article {
        id: ArticleId::for_feed_item(&feed.id.to_string(), &dedup_key),
        feed_id: Some(feed.id),
        feed: Some(feed.name.clone()),
        title,
        body,
        url,
        author,
        published: Some(date.unwrap_or(fetched_at)),
        published_estimated: date.is_none(),
        guid,
    })
}

/// Turns the entries of a parsed feed into articles: at most `max_items`, each id
/// once (the first occurrence wins, feeds list newest first).
pub fn articles_from_feed(
    feed: &Feed,
    parsed: &ParsedFeed,
    fetched_at: Timestamp,
    max_items: usize,
) -> Vec<Article> {
    let base = parsed
        .links
        .iter()
        .find_map(|l| Url::parse(&l.href).ok())
        .or_else(|| {
            Url::parse(&feed.url)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
        });
    let mut seen = HashSet::new();
    parsed
        .entries
        .iter()
        .take(max_items)
        .filter_map(|e| entry_to_article(feed, base.as_ref(), e, fetched_at))
        .filter(|a| seen.insert(a.id.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_article_html() {
        let html = r#"<div class="article"><div><div><p>قال وزير الخارجية&nbsp;السعودي عادل الجبير
            إن &quot;الحوثيين&quot; جندوا أطفالاً&hellip;</p>
            <script>var x = "<p>not text</p>";</script>
            <p>وأضاف: <b>المساعدات</b> الإنسانية &amp; الطبية<br/>سُرقت.</p></div></div>
            <style>p { color: red }</style><iframe src="x">إطار</iframe><noscript>فعّل جافاسكربت</noscript>
            <template><p>قالب</p></template>
            <p>&#1575;&#x644;&#1606;&#1607;&#1575;&#1610;&#1577;</p></div>"#;
        assert_eq!(
            html_to_text(html),
            "قال وزير الخارجية السعودي عادل الجبير إن \"الحوثيين\" جندوا أطفالاً…\n\n\
             وأضاف: المساعدات الإنسانية & الطبية\nسُرقت.\n\nالنهاية"
        );
    }

    #[test]
    fn html_cases() {
        let cases: &[(&str, &str)] = &[
            ("plain text", "plain text"),
            ("  a \n\t b  ", "a b"),
            ("a<br>b<br/>c<BR />d", "a\nb\nc\nd"),
            ("<P>one</P><P>two</P>", "one\n\ntwo"),
            ("<p>one</p><p></p><p></p><p>two</p>", "one\n\ntwo"),
            ("a &lt;b&gt; c", "a <b> c"),
            ("a < b and c > d", "a < b and c > d"),
            ("x<!-- <p>comment</p> -->y", "xy"),
            ("<![CDATA[خبر <عاجل>]]>", "خبر <عاجل>"),
            ("<a href=\"x>y\" title='q'>link</a> text", "link text"),
            ("text <b unclosed", "text"),
            ("<script>never closed", ""),
            ("<SCRIPT type=x>alert(1)</Script>after", "after"),
            ("عبد\u{202a} \u{202c}الخبير\u{200f}", "عبد الخبير"),
            ("ب\u{200c}ا\u{200b}\u{feff}ب", "باب"),
            ("<ul><li>أ</li><li>ب</li></ul>", "أ\n\nب"),
            ("<td>a</td><td>b</td>", "a b"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(html_to_text(input), *want, "{input:?}");
        }
    }

    #[test]
    fn deep_nesting_is_linear() {
        let n = 200_000;
        let html = format!("{}نص{}", "<div><span>".repeat(n), "</span></div>".repeat(n));
        assert_eq!(html_to_text(&html), "نص");
        let broken = "<div<p<<>>&&&;<".repeat(10_000);
        let _ = html_to_text(&broken);
    }

    #[test]
    fn titles_are_one_line() {
        assert_eq!(
            html_to_line("<b>عاجل</b>: &quot;خبر&quot;<br>ثان"),
            "عاجل: \"خبر\" ثان"
        );
    }

    #[test]
    fn canonical_urls() {
        let base = Url::parse("https://www.example.com/ar/news/").unwrap();
        let cases: &[(&str, Option<&str>)] = &[
            (
                "HTTPS://WWW.Example.COM/a/b?x=1#frag",
                Some("https://www.example.com/a/b?x=1"),
            ),
            ("https://example.com:443/a", Some("https://example.com/a")),
            (
                "https://example.com/a?utm_source=rss&id=5&UTM_Medium=x&fbclid=abc&gclid=1&mc_cid=2&mc_eid=3&at_medium=4&at_campaign=5",
                Some("https://example.com/a?id=5"),
            ),
            (
                "https://example.com/a?utm_source=rss",
                Some("https://example.com/a"),
            ),
            (
                "https://example.com/a?ref=home&b=%20c",
                Some("https://example.com/a?ref=home&b=%20c"),
            ),
            ("/ar/story/1", Some("https://www.example.com/ar/story/1")),
            ("story/2", Some("https://www.example.com/ar/news/story/2")),
            (
                "https://www.alarabiya.net/ar/2018/مارادونا.html",
                Some(
                    "https://www.alarabiya.net/ar/2018/%D9%85%D8%A7%D8%B1%D8%A7%D8%AF%D9%88%D9%86%D8%A7.html",
                ),
            ),
            ("javascript:alert(1)", None),
            ("mailto:a@b.c", None),
            ("ftp://example.com/x", None),
            ("", None),
            ("  http://example.com  ", Some("http://example.com/")),
        ];
        for (input, want) in cases {
            assert_eq!(
                canonical_url(input, Some(&base)).as_deref(),
                *want,
                "{input}"
            );
        }
        assert_eq!(canonical_url("/relative", None), None);
    }
}
