//! Orchestration: many feeds fetched concurrently, each one's outcome written to the
//! store. A failing feed never stops the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use khabar_core::{Article, Feed, FeedId, Timestamp};
use khabar_store::{FeedUpdate, FetchRecord, Store};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::fetch::{self, Fetched};
use crate::{Error, decode, parse, process};

/// Settings of an ingest run. Every size, count and wait is bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Time allowed to establish a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole fetch, redirects and body included.
    pub timeout: Duration,
    /// Largest body accepted, counted after decompression (bounds compression bombs).
    pub max_body_bytes: u64,
    /// Most redirects followed for one fetch.
    pub max_redirects: usize,
    /// Most items taken from one feed (the first ones, i.e. the newest).
    pub max_items_per_feed: usize,
    /// Most feeds fetched at once.
    pub concurrency: usize,
    /// Most feeds fetched at once from one host.
    pub per_host: usize,
    /// Fetch article pages for full text (not implemented yet; ignored).
    pub full_text: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 16 * 1024 * 1024,
            max_redirects: 5,
            max_items_per_feed: 1000,
            concurrency: 8,
            per_host: 2,
            full_text: false,
        }
    }
}

/// The outcome of an ingest run, one entry per feed, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IngestReport {
    /// Per-feed outcomes.
    pub feeds: Vec<FeedOutcome>,
}

impl IngestReport {
    /// The feeds that failed.
    pub fn failures(&self) -> impl Iterator<Item = &FeedOutcome> {
        self.feeds
            .iter()
            .filter(|f| matches!(f.status, FeedStatus::Failed { .. }))
    }
}

/// What happened to one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOutcome {
    /// The feed's id.
    pub feed_id: FeedId,
    /// The URL it was fetched from (before any permanent redirect).
    pub url: String,
    /// What happened.
    pub status: FeedStatus,
    /// How long it took.
    pub duration: Duration,
}

/// What happened to one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedStatus {
    /// Fetched, parsed and stored.
    Fetched {
        /// Articles new to the store.
        new: usize,
        /// Stored articles whose content changed.
        updated: usize,
        /// Stored articles unchanged.
        unchanged: usize,
        /// Encoding the body was decoded with.
        encoding: String,
    },
    /// 304 Not Modified: nothing parsed.
    NotModified,
    /// 200 with the same body as last time: nothing parsed.
    Unchanged,
    /// Failed; recorded on the feed.
    Failed {
        /// The error message (it names the feed URL).
        error: String,
        /// The server's `Retry-After` (429 / 503), if any.
        retry_after: Option<Duration>,
        /// The server said 410 Gone.
        gone: bool,
    },
}

/// Articles parsed from one body, with what was learnt on the way.
#[derive(Debug, Clone)]
struct Processed {
    articles: Vec<Article>,
    encoding: String,
    title: String,
}

fn process_body(
    feed: &Feed,
    bytes: &[u8],
    content_type: Option<&str>,
    opts: &IngestOptions,
    fetched_at: Timestamp,
) -> Result<Processed, Error> {
    let decoded = decode::decode(bytes, content_type);
    let parsed = parse::parse_feed(&feed.url, &decoded.text)?;
    let articles = process::articles_from_feed(feed, &parsed, fetched_at, opts.max_items_per_feed);
    Ok(Processed {
        articles,
        encoding: decoded.encoding.name().to_string(),
        title: process::feed_title(&parsed),
    })
}

/// Decodes, parses and processes a feed body without any network or store: the
/// articles it yields (at most `opts.max_items_per_feed`, each id once) and the name
/// of the encoding used. Articles without a date get the current time, marked as an
/// estimate.
pub fn parse_and_process(
    feed: &Feed,
    bytes: &[u8],
    content_type: Option<&str>,
    opts: &IngestOptions,
) -> Result<(Vec<Article>, String), Error> {
    process_body(feed, bytes, content_type, opts, khabar_core::now())
        .map(|p| (p.articles, p.encoding))
}

/// Hex SHA-256 of a body.
pub fn body_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a feed's task found, before the store is touched.
enum TaskResult {
    NotModified,
    Unchanged {
        etag: Option<String>,
        last_modified: Option<String>,
        hash: String,
    },
    Parsed {
        processed: Processed,
        etag: Option<String>,
        last_modified: Option<String>,
        hash: String,
    },
    Failed(Error),
}

struct TaskOutput {
    index: usize,
    result: TaskResult,
    moved_to: Option<String>,
    fetched_at: Timestamp,
    elapsed: Duration,
}

/// Fetches and ingests feeds.
#[derive(Debug, Clone)]
pub struct Ingester {
    client: reqwest::Client,
    options: Arc<IngestOptions>,
}

impl Ingester {
    /// An ingester with these options (builds the HTTP client).
    pub fn new(options: IngestOptions) -> Result<Ingester, Error> {
        let client = fetch::client(&options)?;
        Ok(Ingester {
            client,
            options: Arc::new(options),
        })
    }

    /// The options it runs with.
    pub fn options(&self) -> &IngestOptions {
        &self.options
    }

    /// Fetches every feed (at most `concurrency` at once, `per_host` per host),
    /// stores their articles and records each fetch on its feed. Failures are
    /// recorded and reported, never returned: one feed failing does not stop others.
    pub async fn ingest(&self, store: &Mutex<Store>, feeds: Vec<Feed>) -> IngestReport {
        let global = Arc::new(Semaphore::new(
            self.options.concurrency.clamp(1, Semaphore::MAX_PERMITS),
        ));
        let per_host = self.options.per_host.clamp(1, Semaphore::MAX_PERMITS);
        let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
        let mut tasks = tokio::task::JoinSet::new();
        let mut task_index = HashMap::new();
        for (index, feed) in feeds.iter().enumerate() {
            let host = match fetch::target(&feed.url) {
                Ok(fetch::Target::Http(u)) => u.host_str().map(str::to_ascii_lowercase),
                _ => None,
            };
            let host_sem = host.map(|h| {
                hosts
                    .entry(h)
                    .or_insert_with(|| Arc::new(Semaphore::new(per_host)))
                    .clone()
            });
            let global = global.clone();
            let client = self.client.clone();
            let opts = self.options.clone();
            let feed = feed.clone();
            let handle = tasks.spawn(async move {
                // Host first, so feeds waiting on a busy host hold no global slot.
                let _host_permit = match host_sem {
                    Some(s) => s.acquire_owned().await.ok(),
                    None => None,
                };
                let _permit = global.acquire_owned().await.ok();
                let started = Instant::now();
                let fetched_at = khabar_core::now();
                let (result, moved_to) = run_feed(client, opts, feed, fetched_at).await;
                TaskOutput {
                    index,
                    result,
                    moved_to,
                    fetched_at,
                    elapsed: started.elapsed(),
                }
            });
            task_index.insert(handle.id(), index);
        }

        let mut outcomes: Vec<Option<FeedOutcome>> = vec![None; feeds.len()];
        while let Some(joined) = tasks.join_next_with_id().await {
            let (index, outcome) = match joined {
                Ok((_, out)) => {
                    let feed = &feeds[out.index];
                    let started = Instant::now();
                    let status = apply(store, feed, out.result, out.moved_to, out.fetched_at);
                    let outcome = FeedOutcome {
                        feed_id: feed.id,
                        url: feed.url.clone(),
                        status,
                        duration: out.elapsed + started.elapsed(),
                    };
                    (out.index, outcome)
                }
                Err(e) => {
                    let Some(&index) = task_index.get(&e.id()) else {
                        continue;
                    };
                    let feed = &feeds[index];
                    let err = Error::Internal {
                        url: feed.url.clone(),
                        reason: e.to_string(),
                    };
                    let status = apply(
                        store,
                        feed,
                        TaskResult::Failed(err),
                        None,
                        khabar_core::now(),
                    );
                    (
                        index,
                        FeedOutcome {
                            feed_id: feed.id,
                            url: feed.url.clone(),
                            status,
                            duration: Duration::ZERO,
                        },
                    )
                }
            };
            if let Some(slot) = outcomes.get_mut(index) {
                *slot = Some(outcome);
            }
        }
        IngestReport {
            feeds: outcomes.into_iter().flatten().collect(),
        }
    }
}

/// Fetch, then decode/parse/process off the async threads.
async fn run_feed(
    client: reqwest::Client,
    opts: Arc<IngestOptions>,
    feed: Feed,
    fetched_at: Timestamp,
) -> (TaskResult, Option<String>) {
    let fetched =
        match tokio::time::timeout(opts.timeout, fetch::fetch(&client, &feed, &opts)).await {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => return (TaskResult::Failed(e), None),
            Err(_) => {
                return (
                    TaskResult::Failed(Error::Timeout {
                        url: feed.url.clone(),
                        after: opts.timeout,
                    }),
                    None,
                );
            }
        };
    let moved_to = fetched.moved_to;
    let body = match fetched.fetched {
        Fetched::NotModified => return (TaskResult::NotModified, moved_to),
        Fetched::Body(b) => b,
    };
    let hash = body_hash(&body.bytes);
    if feed.body_hash.as_deref() == Some(hash.as_str()) {
        return (
            TaskResult::Unchanged {
                etag: body.etag,
                last_modified: body.last_modified,
                hash,
            },
            moved_to,
        );
    }
    let url = feed.url.clone();
    let etag = body.etag.clone();
    let last_modified = body.last_modified.clone();
    let processed = tokio::task::spawn_blocking(move || {
        process_body(
            &feed,
            &body.bytes,
            body.content_type.as_deref(),
            &opts,
            fetched_at,
        )
    })
    .await;
    let result = match processed {
        Ok(Ok(processed)) => TaskResult::Parsed {
            processed,
            etag,
            last_modified,
            hash,
        },
        Ok(Err(e)) => TaskResult::Failed(e),
        Err(e) => TaskResult::Failed(Error::Internal {
            url,
            reason: e.to_string(),
        }),
    };
    (result, moved_to)
}

/// Writes a feed's outcome to the store and says what happened.
fn apply(
    store: &Mutex<Store>,
    feed: &Feed,
    result: TaskResult,
    moved_to: Option<String>,
    fetched_at: Timestamp,
) -> FeedStatus {
    let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(new_url) = moved_to.filter(|u| *u != feed.url) {
        let update = FeedUpdate {
            url: Some(new_url.clone()),
            ..FeedUpdate::default()
        };
        match store.update_feed(feed.id, &update) {
            Ok(()) => tracing::info!(feed = %feed.url, to = %new_url, "feed moved permanently"),
            Err(e) => {
                tracing::warn!(feed = %feed.url, to = %new_url, error = %e, "cannot record the feed's new URL")
            }
        }
    }
    let (record, status) = match result {
        TaskResult::NotModified => (FetchRecord::NotModified, FeedStatus::NotModified),
        TaskResult::Unchanged {
            etag,
            last_modified,
            hash,
        } => (
            FetchRecord::Fetched {
                etag,
                last_modified,
                body_hash: Some(hash),
                encoding: None,
            },
            FeedStatus::Unchanged,
        ),
        TaskResult::Parsed {
            mut processed,
            etag,
            last_modified,
            hash,
        } => {
            // A feed still named after its URL (no name given) takes its own title,
            // before its articles are stored so that they carry the new name.
            if feed.name == feed.url && !processed.title.is_empty() {
                let update = FeedUpdate {
                    name: Some(processed.title.clone()),
                    ..FeedUpdate::default()
                };
                match store.update_feed(feed.id, &update) {
                    Ok(()) => {
                        for a in &mut processed.articles {
                            a.feed = Some(processed.title.clone());
                        }
                    }
                    Err(e) => {
                        tracing::warn!(feed = %feed.url, error = %e, "cannot rename the feed")
                    }
                }
            }
            match store.upsert_articles_at(&processed.articles, fetched_at) {
                Ok(report) => (
                    FetchRecord::Fetched {
                        etag,
                        last_modified,
                        body_hash: Some(hash),
                        encoding: Some(processed.encoding.clone()),
                    },
                    FeedStatus::Fetched {
                        new: report.inserted,
                        updated: report.updated,
                        unchanged: report.unchanged,
                        encoding: processed.encoding,
                    },
                ),
                Err(e) => failure(Error::Store {
                    url: feed.url.clone(),
                    source: e,
                }),
            }
        }
        TaskResult::Failed(e) => failure(e),
    };
    if let FeedStatus::Failed { error, .. } = &status {
        tracing::warn!(feed = %feed.url, %error, "feed failed");
    }
    if let Err(e) = store.record_fetch(feed.id, fetched_at, &record, None) {
        tracing::warn!(feed = %feed.url, error = %e, "cannot record the fetch");
    }
    status
}

fn failure(e: Error) -> (FetchRecord, FeedStatus) {
    let error = e.to_string();
    let gone = e.is_gone();
    (
        FetchRecord::Failed {
            error: error.clone(),
            gone,
        },
        FeedStatus::Failed {
            error,
            retry_after: e.retry_after(),
            gone,
        },
    )
}
