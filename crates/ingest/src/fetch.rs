//! Fetching a feed's bytes: HTTP(S) with conditional GET and manual redirects, or a
//! local file. Every size and wait is bounded by [`IngestOptions`].

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use khabar_core::Feed;
use reqwest::header::{
    CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION, RETRY_AFTER,
};
use url::Url;

use crate::{Error, IngestOptions};

/// The longest `Retry-After` honoured; longer ones are capped.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(7 * 24 * 3600);

/// A body as fetched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The bytes, decompressed.
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The `ETag` header, if any.
    pub etag: Option<String>,
    /// The `Last-Modified` header, if any.
    pub last_modified: Option<String>,
}

/// What a fetch got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304 Not Modified.
    NotModified,
    /// A 200 with its body.
    Body(Body),
}

/// A fetch's result, with the feed's new URL when it was permanently redirected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchResult {
    /// What was fetched.
    pub fetched: Fetched,
    /// Where the feed now lives, when every redirect followed was permanent (301/308).
    pub moved_to: Option<String>,
    /// `Cache-Control: max-age` / `Expires` of the final response (200 or 304), for
    /// the scheduler; `ttl` and `retry_after` are filled in by later steps.
    pub hints: crate::schedule::ServerHints,
}

/// Where a feed is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An `http(s)://` URL.
    Http(Url),
    /// A local file (`file://` URL or path).
    File(PathBuf),
}

/// Classifies a feed URL.
pub fn target(url: &str) -> Result<Target, Error> {
    let bad = |reason: &str| Error::BadUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    match Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(Target::Http(u)),
        Ok(u) if u.scheme() == "file" => u
            .to_file_path()
            .map(Target::File)
            .map_err(|()| bad("not a local file path")),
        // `C:\feeds\x.xml` parses as scheme `c`.
        Ok(u) if u.scheme().len() == 1 => Ok(Target::File(PathBuf::from(url))),
        Ok(u) => Err(bad(&format!("scheme {} is not supported", u.scheme()))),
        Err(url::ParseError::RelativeUrlWithoutBase) if !url.trim().is_empty() => {
            Ok(Target::File(PathBuf::from(url)))
        }
        Err(e) => Err(bad(&e.to_string())),
    }
}

/// Builds the HTTP client: rustls, every compression, no automatic redirects (they
/// are followed by [`fetch`], which needs to see 301/308), `User-Agent: khabar/…`.
pub fn client(opts: &IngestOptions) -> Result<reqwest::Client, Error> {
    builder(opts)
        .build()
        .map_err(|e| Error::Client(error_chain(&e)))
}

fn builder(opts: &IngestOptions) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .user_agent(concat!("khabar/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(opts.connect_timeout)
        .timeout(opts.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .gzip(true)
        .brotli(true)
        .deflate(true)
        .zstd(true)
}

/// An error and its sources, `: `-separated.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    let mut depth = 0;
    while let Some(s) = source {
        let s_msg = s.to_string();
        if !msg.contains(&s_msg) {
            msg.push_str(": ");
            msg.push_str(&s_msg);
        }
        source = s.source();
        depth += 1;
        if depth > 8 {
            break;
        }
    }
    msg
}

fn request_error(url: &str, e: &reqwest::Error, opts: &IngestOptions) -> Error {
    if e.is_timeout() {
        Error::Timeout {
            url: url.to_string(),
            after: opts.timeout,
        }
    } else {
        Error::Request {
            url: url.to_string(),
            reason: error_chain(e),
        }
    }
}

/// Parses `Retry-After`: delay seconds or an HTTP date; capped at [`MAX_RETRY_AFTER`].
pub fn parse_retry_after(value: &str, now: khabar_core::Timestamp) -> Option<Duration> {
    let value = value.trim();
    let d = if let Ok(secs) = value.parse::<u64>() {
        Duration::from_secs(secs)
    } else {
        let at = chrono::DateTime::parse_from_rfc2822(value)
            .ok()?
            .with_timezone(&chrono::Utc);
        (at - now).to_std().unwrap_or(Duration::ZERO)
    };
    Some(d.min(MAX_RETRY_AFTER))
}

fn header(resp: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Fetches a feed: conditional GET with its stored `ETag` / `Last-Modified`,
/// redirects followed by hand (at most `max_redirects`, loops refused), body read up
/// to `max_body_bytes` after decompression. Local files are read up to the same limit.
///
/// The caller bounds the whole call with `opts.timeout` as well; each request is
/// bounded by the client's own timeouts.
pub async fn fetch(
    client: &reqwest::Client,
    feed: &Feed,
    opts: &IngestOptions,
) -> Result<FetchResult, Error> {
    match target(&feed.url)? {
        Target::File(path) => {
            let bytes = read_file(&feed.url, path, opts.max_body_bytes).await?;
            Ok(FetchResult {
                fetched: Fetched::Body(Body {
                    bytes,
                    ..Body::default()
                }),
                moved_to: None,
                hints: Default::default(),
            })
        }
        Target::Http(url) => fetch_http(client, feed, url, opts).await,
    }
}

async fn read_file(url: &str, path: PathBuf, limit: u64) -> Result<Vec<u8>, Error> {
    let url_owned = url.to_string();
    let io = move |e: std::io::Error| Error::Io {
        url: url_owned.clone(),
        reason: e.to_string(),
    };
    let url_owned = url.to_string();
    tokio::task::spawn_blocking(move || {
        let file = std::fs::File::open(&path).map_err(&io)?;
        let mut buf = Vec::new();
        file.take(limit.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(&io)?;
        if buf.len() as u64 > limit {
            return Err(Error::TooLarge {
                url: url_owned,
                limit,
            });
        }
        Ok(buf)
    })
    .await
    .map_err(|e| Error::Internal {
        url: url.to_string(),
        reason: e.to_string(),
    })?
}

/// One HTTP fetch: the URL errors name, the conditional-request validators, and
/// whether hosts on loopback / private ranges are refused (article pages, whose URLs
/// come from third-party feeds, must not reach the intranet).
struct Request<'a> {
    url: &'a str,
    etag: Option<&'a str>,
    last_modified: Option<&'a str>,
    public_only: bool,
}

async fn fetch_http(
    client: &reqwest::Client,
    feed: &Feed,
    start: Url,
    opts: &IngestOptions,
) -> Result<FetchResult, Error> {
    let request = Request {
        url: &feed.url,
        etag: feed.etag.as_deref(),
        last_modified: feed.last_modified.as_deref(),
        public_only: false,
    };
    fetch_request(client, &request, start, opts).await
}

/// Fetches an article page (for full text): `http(s)` only, no conditional GET,
/// the same redirect, size and time limits as feeds. Unless
/// `opts.allow_private_article_hosts`, a URL (or any redirect) whose host is
/// `localhost` or a loopback / private / link-local address is refused.
pub async fn fetch_page(
    client: &reqwest::Client,
    url: &str,
    opts: &IngestOptions,
) -> Result<Body, Error> {
    let start = match target(url)? {
        Target::Http(u) => u,
        Target::File(_) => {
            return Err(Error::BadUrl {
                url: url.to_string(),
                reason: "article pages must be http(s)".to_string(),
            });
        }
    };
    let request = Request {
        url,
        etag: None,
        last_modified: None,
        public_only: !opts.allow_private_article_hosts,
    };
    match fetch_request(client, &request, start, opts).await?.fetched {
        Fetched::Body(body) => Ok(body),
        // Impossible without validators, but a broken server may send it anyway.
        Fetched::NotModified => Err(Error::Status {
            url: url.to_string(),
            status: 304,
            retry_after: None,
        }),
    }
}

/// True for addresses an article page must not be fetched from by default:
/// unspecified, loopback, private (10/8, 172.16/12, 192.168/16), link-local
/// (169.254/16, fe80::/10), carrier-grade NAT (100.64/10), broadcast, unique local
/// (fc00::/7), and IPv4-mapped / compatible IPv6 forms of those.
pub fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_unspecified()
                || v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_broadcast()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private_ip(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            v6.is_unspecified()
                || v6.is_loopback()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80
                // Deprecated IPv4-compatible form ::a.b.c.d.
                || (seg[..6].iter().all(|s| *s == 0)
                    && is_private_ip(IpAddr::V4(std::net::Ipv4Addr::from(
                        (u32::from(seg[6]) << 16) | u32::from(seg[7]),
                    ))))
        }
    }
}

/// Why a URL's host is refused for article pages, or `None` when it may be fetched.
/// Host names are checked again after DNS by [`PublicResolver`].
pub fn blocked_host(url: &Url) -> Option<String> {
    match url.host() {
        None => Some("no host".to_string()),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            (d == "localhost" || d.ends_with(".localhost")).then(|| format!("host {d} is local"))
        }
        Some(url::Host::Ipv4(ip)) => {
            is_private_ip(IpAddr::V4(ip)).then(|| format!("address {ip} is loopback or private"))
        }
        Some(url::Host::Ipv6(ip)) => {
            is_private_ip(IpAddr::V6(ip)).then(|| format!("address {ip} is loopback or private"))
        }
    }
}

/// Why a host name is refused after resolving it here, or `None`: it resolves to
/// no address, or to a loopback / private one. [`PublicResolver`] already drops
/// such addresses on a direct connection, but through a proxy (`HTTP_PROXY`,
/// `HTTPS_PROXY`) the proxy resolves the name and would reach the intranet for a
/// feed: this check runs first whatever the route. The lookup is bounded by the
/// connect timeout.
async fn resolves_privately(url: &Url, opts: &IngestOptions) -> Option<String> {
    let Some(url::Host::Domain(host)) = url.host() else {
        return None;
    };
    let port = url.port_or_known_default().unwrap_or(80);
    let lookup = tokio::net::lookup_host((host, port));
    let addrs: Vec<SocketAddr> = match tokio::time::timeout(opts.connect_timeout, lookup).await {
        Ok(Ok(addrs)) => addrs.take(16).collect(),
        Ok(Err(e)) => return Some(format!("host {host} does not resolve here ({e})")),
        Err(_) => return Some(format!("host {host} did not resolve in time")),
    };
    if addrs.is_empty() {
        return Some(format!("host {host} resolves to no address"));
    }
    addrs
        .iter()
        .find(|a| is_private_ip(a.ip()))
        .map(|a| format!("host {host} resolves to {}, loopback or private", a.ip()))
}

/// A DNS resolver that drops loopback / private addresses, so that a public-looking
/// host name pointing at the intranet (or rebinding to it) is refused too. IP
/// literals never reach a resolver; [`blocked_host`] checks those.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicResolver;

impl reqwest::dns::Resolve for PublicResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| !is_private_ip(a.ip()))
                // A hostile DNS answer may be huge; a few addresses are enough.
                .take(16)
                .collect();
            if addrs.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The client for article pages: [`client`], plus [`PublicResolver`] unless private
/// hosts are allowed.
pub fn article_client(opts: &IngestOptions) -> Result<reqwest::Client, Error> {
    if opts.allow_private_article_hosts {
        return client(opts);
    }
    builder(opts)
        .dns_resolver(std::sync::Arc::new(PublicResolver))
        .build()
        .map_err(|e| Error::Client(error_chain(&e)))
}

async fn fetch_request(
    client: &reqwest::Client,
    request: &Request<'_>,
    start: Url,
    opts: &IngestOptions,
) -> Result<FetchResult, Error> {
    let url = request.url;
    let mut current = start;
    let mut seen: Vec<Url> = vec![current.clone()];
    let mut permanent = true;
    let mut moved_to: Option<String> = None;
    let mut hops = 0usize;
    loop {
        if request.public_only
            && let Some(reason) = match blocked_host(&current) {
                Some(reason) => Some(reason),
                None => resolves_privately(&current, opts).await,
            }
        {
            return Err(Error::Blocked {
                url: url.to_string(),
                reason: format!("{current}: {reason}"),
            });
        }
        let mut req = client.get(current.clone());
        if let Some(etag) = request.etag {
            req = req.header(IF_NONE_MATCH, etag);
        }
        if let Some(lm) = request.last_modified {
            req = req.header(IF_MODIFIED_SINCE, lm);
        }
        let mut resp = req.send().await.map_err(|e| request_error(url, &e, opts))?;
        let status = resp.status();
        if status.is_redirection() && status != reqwest::StatusCode::NOT_MODIFIED {
            let location = header(&resp, LOCATION).ok_or_else(|| Error::Redirect {
                url: url.to_string(),
                reason: format!("HTTP {} without a Location header", status.as_u16()),
            })?;
            let next = current.join(&location).map_err(|e| Error::Redirect {
                url: url.to_string(),
                reason: format!("bad redirect Location {location:?}: {e}"),
            })?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(Error::Redirect {
                    url: url.to_string(),
                    reason: format!("redirect to unsupported URL {next}"),
                });
            }
            if seen.contains(&next) {
                return Err(Error::Redirect {
                    url: url.to_string(),
                    reason: format!("redirect loop at {next}"),
                });
            }
            hops += 1;
            if hops > opts.max_redirects {
                return Err(Error::Redirect {
                    url: url.to_string(),
                    reason: format!("more than {} redirects", opts.max_redirects),
                });
            }
            permanent &= matches!(status.as_u16(), 301 | 308);
            if permanent {
                moved_to = Some(next.to_string());
            }
            seen.push(next.clone());
            current = next;
            continue;
        }
        let hints = cache_hints(&resp);
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(FetchResult {
                fetched: Fetched::NotModified,
                moved_to,
                hints,
            });
        }
        if !status.is_success() {
            let retry_after = if matches!(status.as_u16(), 429 | 503) {
                header(&resp, RETRY_AFTER).and_then(|v| parse_retry_after(&v, khabar_core::now()))
            } else {
                None
            };
            return Err(Error::Status {
                url: url.to_string(),
                status: status.as_u16(),
                retry_after,
            });
        }
        let limit = opts.max_body_bytes;
        let too_large = || Error::TooLarge {
            url: url.to_string(),
            limit,
        };
        if resp.content_length().is_some_and(|len| len > limit) {
            return Err(too_large());
        }
        let content_type = header(&resp, CONTENT_TYPE);
        let etag = header(&resp, ETAG);
        let last_modified = header(&resp, LAST_MODIFIED);
        let mut bytes: Vec<u8> = Vec::new();
        // Chunks are decompressed bytes: counting them bounds a compression bomb.
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| request_error(url, &e, opts))?
        {
            if bytes.len() as u64 + chunk.len() as u64 > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(FetchResult {
            fetched: Fetched::Body(Body {
                bytes,
                content_type,
                etag,
                last_modified,
            }),
            moved_to,
            hints,
        });
    }
}

/// `Cache-Control: max-age` and `Expires` of a response, as scheduling hints.
fn cache_hints(resp: &reqwest::Response) -> crate::schedule::ServerHints {
    use reqwest::header::{CACHE_CONTROL, EXPIRES};
    let max_age = header(resp, CACHE_CONTROL).and_then(|v| crate::schedule::parse_max_age(&v));
    let expires_in = header(resp, EXPIRES)
        .and_then(|v| crate::schedule::parse_expires(&v, khabar_core::now().timestamp()));
    crate::schedule::ServerHints {
        max_age,
        expires_in,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert!(matches!(
            target("https://example.com/rss").unwrap(),
            Target::Http(_)
        ));
        assert_eq!(
            target("file:///tmp/a.xml").unwrap(),
            Target::File(PathBuf::from("/tmp/a.xml"))
        );
        assert_eq!(
            target("/tmp/a.xml").unwrap(),
            Target::File(PathBuf::from("/tmp/a.xml"))
        );
        assert_eq!(
            target("feeds/a.xml").unwrap(),
            Target::File(PathBuf::from("feeds/a.xml"))
        );
        assert!(target("ftp://example.com/a.xml").is_err());
        assert!(target("").is_err());
    }

    #[test]
    fn retry_after() {
        let now = chrono::DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("99999999999", now), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
