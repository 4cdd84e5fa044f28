//! Full text: for feeds marked `full_text`, each new article's page is fetched and its
//! main content extracted (readability-style, with `dom_smoothie`), replacing the
//! feed's summary.
//!
//! Pages are fetched with the feed limits (body size, timeout, redirects), at most
//! `per_host` at once per host and `concurrency` at once overall. Their URLs come from
//! third-party feeds, so loopback and private hosts are refused unless
//! [`IngestOptions::allow_private_article_hosts`]. Any failure keeps the summary and is
//! logged: full text is an improvement, never a reason to lose an article.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use dom_smoothie::{Config, Readability};
use tokio::sync::Semaphore;

use crate::{Error, IngestOptions, decode, fetch, process};

/// Most HTML elements an extraction looks at: bounds the work on a hostile page
/// (a 16 MiB body can hold millions of empty elements). Real article pages have a
/// few thousand.
pub const MAX_ELEMENTS: usize = 60_000;

/// Deepest tag nesting accepted. The extractor walks the tree recursively: a page of
/// 50,000 nested `<div>`s overflows its stack (aborting the process) and takes
/// minutes. Real pages nest a few dozen deep.
pub const MAX_NESTING: usize = 256;

/// Stack of the extraction thread: headroom over [`MAX_NESTING`] for the extractor's
/// recursion (a runtime's blocking threads have 2 MiB).
const EXTRACT_STACK_BYTES: usize = 32 * 1024 * 1024;

/// Elements that never hold others, or that the HTML parser closes by itself when a
/// sibling opens: they do not deepen the tree.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "rp", "rt", "colgroup", "caption", "html", "head", "body",
];

/// An upper estimate of the tag nesting depth of `html`, scanning no further than
/// needed to see it exceed `limit`. A linear scan of the bytes, no tree.
pub fn nesting_depth(html: &str, limit: usize) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        i += p + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = b[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |n| start + n);
        if end == start {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        let tag_end = b[end..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |n| end + n);
        let self_closing = tag_end > 0 && b.get(tag_end - 1) == Some(&b'/');
        if FLAT.contains(&name.as_str()) || self_closing {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
            if max > limit {
                break;
            }
        }
    }
    max
}

/// Extracts the main text of an article page: paragraphs separated by blank lines,
/// without navigation, sidebars, comments, scripts or footers. `url` is the page's
/// address (for relative links). Fails when nothing readable is found.
pub fn extract_text(html: &str, url: &str) -> Result<String, Error> {
    let fail = |reason: String| Error::Extract {
        url: url.to_string(),
        reason,
    };
    let depth = nesting_depth(html, MAX_NESTING);
    if depth > MAX_NESTING {
        return Err(fail(format!("tags nested deeper than {MAX_NESTING}")));
    }
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    // An unusable base URL only affects links, which we drop anyway.
    let base = url::Url::parse(url).ok().map(|_| url);
    let mut readability =
        Readability::new(html, base, Some(config)).map_err(|e| fail(e.to_string()))?;
    let article = readability.parse().map_err(|e| fail(e.to_string()))?;
    // The extracted HTML goes through the same cleaner as feed bodies, so full texts
    // and summaries have the same paragraph structure.
    let text = process::html_to_text(&article.content);
    if text.is_empty() {
        return Err(fail("empty content".to_string()));
    }
    Ok(text)
}

/// Most hosts remembered by [`HostLimits`] before idle ones are dropped.
const MAX_HOSTS: usize = 4096;

/// Per-host semaphores, created on first use; one set per ingest run.
#[derive(Debug)]
pub(crate) struct HostLimits {
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl HostLimits {
    pub(crate) fn new(per_host: usize) -> HostLimits {
        HostLimits {
            per_host: per_host.clamp(1, Semaphore::MAX_PERMITS),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, host: &str) -> Arc<Semaphore> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        // A long-running daemon meets many hosts: forget the idle ones past a bound.
        if hosts.len() >= MAX_HOSTS {
            hosts.retain(|_, sem| Arc::strong_count(sem) > 1);
        }
        hosts
            .entry(host.to_ascii_lowercase())
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }
}

/// Fetches one article page and extracts its text, within the host and global
/// limits, in at most `opts.timeout` for the fetch.
pub(crate) async fn fetch_text(
    client: &reqwest::Client,
    opts: &IngestOptions,
    url: &str,
    hosts: &HostLimits,
    global: &Semaphore,
) -> Result<String, Error> {
    let host = match fetch::target(url)? {
        fetch::Target::Http(u) => u.host_str().unwrap_or_default().to_string(),
        fetch::Target::File(_) => {
            return Err(Error::BadUrl {
                url: url.to_string(),
                reason: "article pages must be http(s)".to_string(),
            });
        }
    };
    let host_sem = hosts.get(&host);
    // Host first, so pages waiting on a busy host hold no global slot.
    let _host_permit = host_sem.acquire().await.ok();
    let _permit = global.acquire().await.ok();
    let body = tokio::time::timeout(opts.timeout, fetch::fetch_page(client, url, opts))
        .await
        .map_err(|_| Error::Timeout {
            url: url.to_string(),
            after: opts.timeout,
        })??;
    let owned_url = url.to_string();
    let internal = |reason: String| Error::Internal {
        url: url.to_string(),
        reason,
    };
    // Parsing a page is CPU work: off the async threads, on a thread of its own with
    // a large stack (see EXTRACT_STACK_BYTES). The global permit, still held, bounds
    // how many run at once.
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("khabar-extract".to_string())
        .stack_size(EXTRACT_STACK_BYTES)
        .spawn(move || {
            let decoded = decode::decode(&body.bytes, body.content_type.as_deref());
            let _ = tx.send(extract_text(&decoded.text, &owned_url));
        })
        .map_err(|e| internal(e.to_string()))?;
    rx.await
        .map_err(|_| internal("the extraction thread panicked".to_string()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_fails_without_panicking() {
        assert!(extract_text("", "https://example.com/a").is_err());
        assert!(
            extract_text(
                "<html><body><script>x()</script></body></html>",
                "https://e.x/"
            )
            .is_err()
        );
        // Broken markup and a bad base URL are not errors in themselves.
        let _ = extract_text("<<<<>>>", "not a url");
        let deep = format!("{}<p>نص</p>", "<div>".repeat(50_000));
        let err = extract_text(&deep, "https://example.com/a").unwrap_err();
        assert!(err.to_string().contains("nested"), "{err}");
        let many = "<span>x</span>".repeat(MAX_ELEMENTS + 10);
        assert!(extract_text(&many, "https://example.com/a").is_err());
    }

    #[test]
    fn nesting_estimate() {
        assert_eq!(nesting_depth("<div><p>a<p>b<br><img src=x/></div>", 10), 1);
        assert_eq!(
            nesting_depth("<div><div/><section><a>x</a></section></div>", 10),
            3
        );
        assert_eq!(nesting_depth("a < b <3 </>", 10), 0);
        assert_eq!(nesting_depth(&"<div>".repeat(1000), 10), 11);
        // Just under the limit still extracts, on the default test thread stack too.
        let html = format!(
            "{}<article><p>{}</p></article>",
            "<div>".repeat(MAX_NESTING - 2),
            "جملة طويلة من نص الخبر. ".repeat(40)
        );
        assert!(extract_text(&html, "https://example.com/a").is_ok());
    }
}
