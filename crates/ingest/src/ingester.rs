//! Orchestration: many feeds fetched concurrently, each one's outcome written to the
//! store. A failing feed never stops the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use khabar_core::{Article, Feed, FeedId, Timestamp};
use khabar_store::{FeedUpdate, FetchRecord, Store, UpsertOutcome, UpsertReport};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::fetch::{self, Fetched};
use crate::fulltext::{self, HostLimits};
use crate::schedule::{self, ScheduleInput, ScheduleOptions, ServerHints};
use crate::{Error, decode, dedup, parse, process};

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
    /// Fetch article pages for the feeds marked `full_text` (see [`crate::fulltext`]);
    /// false turns full text off for every feed.
    pub full_text: bool,
    /// Allow article pages on loopback / private hosts (`localhost`, 127/8, 10/8,
    /// 172.16/12, 192.168/16, 169.254/16, ::1, fc00::/7). Off by default: article URLs
    /// come from third parties and must not reach the intranet. Feed URLs are the
    /// user's own and are never restricted.
    pub allow_private_article_hosts: bool,
    /// How far back new articles are compared for cross-feed near-duplicates (see
    /// [`crate::dedup`]); older fingerprints are pruned. Zero turns detection off.
    pub near_duplicate_window: Duration,
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
            full_text: true,
            allow_private_article_hosts: false,
            near_duplicate_window: Duration::from_secs(3 * 24 * 3600),
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
    /// RSS `<ttl>`, minutes (a scheduling hint).
    ttl: Option<u32>,
    /// Compare new articles with fingerprints seen since then (`None`: detection off).
    dedup_since: Option<Timestamp>,
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
        ttl: parsed.ttl,
        dedup_since: dedup_since(opts, fetched_at),
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
    /// The article pages were fetched already (full-text feeds go through twice).
    full_text_done: bool,
}

/// Fetches and ingests feeds.
#[derive(Debug, Clone)]
pub struct Ingester {
    client: reqwest::Client,
    /// Article pages: the same client, or one that refuses private addresses after
    /// DNS too (see [`fetch::article_client`]).
    article_client: reqwest::Client,
    options: Arc<IngestOptions>,
    /// Limits on article pages (per host, overall), shared by every feed and call.
    page_hosts: Arc<HostLimits>,
    page_global: Arc<Semaphore>,
}

impl Ingester {
    /// An ingester with these options (builds the HTTP client).
    pub fn new(options: IngestOptions) -> Result<Ingester, Error> {
        let client = fetch::client(&options)?;
        let article_client = fetch::article_client(&options)?;
        Ok(Ingester {
            client,
            article_client,
            page_hosts: Arc::new(HostLimits::new(options.per_host)),
            page_global: Arc::new(Semaphore::new(
                options.concurrency.clamp(1, Semaphore::MAX_PERMITS),
            )),
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
                let (result, moved_to, _) = run_feed(client, opts, feed, fetched_at).await;
                TaskOutput {
                    index,
                    result,
                    moved_to,
                    fetched_at,
                    elapsed: started.elapsed(),
                    full_text_done: false,
                }
            });
            task_index.insert(handle.id(), index);
        }

        let mut outcomes: Vec<Option<FeedOutcome>> = vec![None; feeds.len()];
        while let Some(joined) = tasks.join_next_with_id().await {
            let (index, outcome) = match joined {
                Ok((_, mut out)) => {
                    let feed = &feeds[out.index];
                    if !out.full_text_done
                        && let Some(pending) =
                            prepare_full_text(store, feed, &mut out.result, &self.options)
                    {
                        // Second pass of a full-text feed, off the store: its new
                        // articles' pages. The store is only borrowed here, so the
                        // task gets the articles, not the store.
                        let pages = self.pages();
                        let feed_url = feed.url.clone();
                        let index = out.index;
                        let handle = tasks.spawn(async move {
                            let started = Instant::now();
                            pages
                                .add_full_text(&feed_url, pending, &mut out.result)
                                .await;
                            out.full_text_done = true;
                            out.elapsed += started.elapsed();
                            out
                        });
                        task_index.insert(handle.id(), index);
                        continue;
                    }
                    let started = Instant::now();
                    let status = apply(
                        store,
                        feed,
                        out.result,
                        out.moved_to,
                        out.fetched_at,
                        &mut |_, _| None,
                    );
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
                        &mut |_, _| None,
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

    fn pages(&self) -> Pages {
        Pages {
            client: self.article_client.clone(),
            opts: self.options.clone(),
            hosts: self.page_hosts.clone(),
            global: self.page_global.clone(),
        }
    }

    /// Full text for one fetched feed, store at hand (for callers that own the store,
    /// like the scheduler's per-feed path): keeps the stored body of known articles and
    /// fetches the pages of new ones. Does nothing unless the feed is `full_text`.
    async fn with_full_text(
        &self,
        store: &Mutex<Store>,
        feed: &Feed,
        mut result: TaskResult,
    ) -> TaskResult {
        if let Some(pending) = prepare_full_text(store, feed, &mut result, &self.options) {
            self.pages()
                .add_full_text(&feed.url, pending, &mut result)
                .await;
        }
        result
    }
}

/// Start of the near-duplicate window for articles fetched at `at`.
fn dedup_since(opts: &IngestOptions, at: Timestamp) -> Option<Timestamp> {
    let window = opts.near_duplicate_window;
    if window.is_zero() {
        return None;
    }
    Some(
        chrono::Duration::from_std(window)
            .ok()
            .and_then(|w| at.checked_sub_signed(w))
            .unwrap_or_default(),
    )
}

/// For a parsed full-text feed: keeps the stored body of the articles already in the
/// store (their page was fetched when they were new; the feed's summary must not
/// overwrite it) and lists the new ones whose page is to be fetched, as (index,
/// URL). `None` when there is nothing to fetch.
fn prepare_full_text(
    store: &Mutex<Store>,
    feed: &Feed,
    result: &mut TaskResult,
    opts: &IngestOptions,
) -> Option<Vec<(usize, String)>> {
    if !feed.full_text {
        return None;
    }
    let TaskResult::Parsed { processed, .. } = result else {
        return None;
    };
    let store = store.lock().unwrap_or_else(PoisonError::into_inner);
    let mut pending = Vec::new();
    for (i, article) in processed.articles.iter_mut().enumerate() {
        match store.article(&article.id) {
            Ok(Some(stored)) => article.body = stored.article.body,
            Ok(None) => {
                if let Some(url) = &article.url {
                    pending.push((i, url.clone()));
                }
            }
            Err(e) => {
                tracing::warn!(feed = %feed.url, article = %article.id, error = %e, "cannot read the stored article")
            }
        }
    }
    (opts.full_text && !pending.is_empty()).then_some(pending)
}

/// What fetching article pages needs, cheap to clone into a task.
#[derive(Clone)]
struct Pages {
    client: reqwest::Client,
    opts: Arc<IngestOptions>,
    hosts: Arc<HostLimits>,
    global: Arc<Semaphore>,
}

impl Pages {
    /// Fetches the pages of `pending` articles (all at once, within the host and
    /// global limits) and puts each extracted text in place of the summary. A
    /// failure, or a text shorter than the summary (the extractor found the wrong
    /// block), keeps the summary and is logged.
    async fn add_full_text(
        &self,
        feed_url: &str,
        pending: Vec<(usize, String)>,
        result: &mut TaskResult,
    ) {
        let TaskResult::Parsed { processed, .. } = result else {
            return;
        };
        let mut tasks = tokio::task::JoinSet::new();
        for (i, url) in pending {
            let pages = self.clone();
            tasks.spawn(async move {
                let text = fulltext::fetch_text(
                    &pages.client,
                    &pages.opts,
                    &url,
                    &pages.hosts,
                    &pages.global,
                )
                .await;
                (i, url, text)
            });
        }
        while let Some(joined) = tasks.join_next().await {
            let Ok((i, url, text)) = joined else {
                tracing::warn!(feed = %feed_url, "an article page task failed");
                continue;
            };
            let Some(article) = processed.articles.get_mut(i) else {
                continue;
            };
            match text {
                Ok(text) if text.chars().count() >= article.body.chars().count() => {
                    article.body = text;
                }
                Ok(_) => {
                    tracing::info!(feed = %feed_url, article = %url, "extracted text shorter than the summary; summary kept")
                }
                Err(e) => {
                    tracing::warn!(feed = %feed_url, article = %url, error = %e, "no full text; summary kept")
                }
            }
        }
    }
}

/// Fetch, then decode/parse/process off the async threads.
async fn run_feed(
    client: reqwest::Client,
    opts: Arc<IngestOptions>,
    feed: Feed,
    fetched_at: Timestamp,
) -> (TaskResult, Option<String>, ServerHints) {
    let fetched =
        match tokio::time::timeout(opts.timeout, fetch::fetch(&client, &feed, &opts)).await {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => return (TaskResult::Failed(e), None, ServerHints::default()),
            Err(_) => {
                return (
                    TaskResult::Failed(Error::Timeout {
                        url: feed.url.clone(),
                        after: opts.timeout,
                    }),
                    None,
                    ServerHints::default(),
                );
            }
        };
    let moved_to = fetched.moved_to;
    let hints = fetched.hints;
    let body = match fetched.fetched {
        Fetched::NotModified => return (TaskResult::NotModified, moved_to, hints),
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
            hints,
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
    (result, moved_to, hints)
}

/// Writes a feed's outcome to the store and says what happened.
fn apply(
    store: &Mutex<Store>,
    feed: &Feed,
    result: TaskResult,
    moved_to: Option<String>,
    fetched_at: Timestamp,
    // When the feed is next due, decided with the store at hand (the scheduler
    // reads the feed's recent publication times); `None` leaves it unscheduled.
    schedule: &mut dyn FnMut(&Store, &FeedStatus) -> Option<Timestamp>,
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
            match store.upsert_articles_outcomes_at(&processed.articles, fetched_at) {
                Ok(outcomes) => {
                    let report = link_near_duplicates(
                        &store,
                        feed,
                        &processed.articles,
                        &outcomes,
                        fetched_at,
                        processed.dedup_since,
                    );
                    (
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
                    )
                }
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
    let next_fetch = schedule(&store, &status);
    if let Err(e) = store.record_fetch(feed.id, fetched_at, &record, next_fetch) {
        tracing::warn!(feed = %feed.url, error = %e, "cannot record the fetch");
    }
    status
}

/// Counts the upsert outcomes and links each new article to an earlier copy of the
/// same story, if any (see [`dedup`]). Detection failures are logged, not fatal: the
/// articles are stored already.
fn link_near_duplicates(
    store: &Store,
    feed: &Feed,
    articles: &[Article],
    outcomes: &[UpsertOutcome],
    seen_at: Timestamp,
    since: Option<Timestamp>,
) -> UpsertReport {
    let mut report = UpsertReport::default();
    if let Some(since) = since
        && outcomes.contains(&UpsertOutcome::Inserted)
        && let Err(e) = store.prune_fingerprints(since)
    {
        tracing::warn!(feed = %feed.url, error = %e, "cannot prune near-duplicate fingerprints");
    }
    for (article, outcome) in articles.iter().zip(outcomes) {
        match outcome {
            UpsertOutcome::Inserted => report.inserted += 1,
            UpsertOutcome::Updated => report.updated += 1,
            UpsertOutcome::Unchanged => report.unchanged += 1,
        }
        let (UpsertOutcome::Inserted, Some(since)) = (outcome, since) else {
            continue;
        };
        match dedup::link_new_article(store, article, seen_at, since) {
            Ok(Some(original)) => {
                tracing::debug!(feed = %feed.url, article = %article.id, %original, "near-duplicate")
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(feed = %feed.url, article = %article.id, error = %e, "near-duplicate detection failed")
            }
        }
    }
    report
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

/// One fetch of one feed, stored, with its next fetch scheduled (see [`Ingester::ingest_one`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledOutcome {
    /// What happened.
    pub outcome: FeedOutcome,
    /// When the feed is next due, as recorded in the store.
    pub next_fetch: Timestamp,
    /// What the server asked for (ttl, max-age, Expires, Retry-After).
    pub hints: ServerHints,
}

impl Ingester {
    /// Fetches one feed, stores its articles and records the fetch together with
    /// the feed's next due time, computed by [`schedule::next_delay`] from `now`
    /// (the caller's clock, so that tests can drive it). Never fails: a failure is
    /// recorded on the feed and scheduled with backoff.
    ///
    /// The store work runs on a blocking thread: SQLite must not stall the async
    /// workers that drive other fetches.
    pub async fn ingest_one(
        &self,
        store: Arc<Mutex<Store>>,
        feed: Feed,
        now: Timestamp,
        policy: ScheduleOptions,
    ) -> ScheduledOutcome {
        let started = Instant::now();
        let (result, moved_to, mut hints) =
            run_feed(self.client.clone(), self.options.clone(), feed.clone(), now).await;
        // Full-text feeds: new articles' pages (a few indexed store reads first).
        let result = self.with_full_text(&store, &feed, result).await;
        match &result {
            TaskResult::Parsed { processed, .. } => {
                hints.ttl = processed
                    .ttl
                    .map(|minutes| Duration::from_secs(u64::from(minutes) * 60));
            }
            TaskResult::Failed(e) => hints.retry_after = e.retry_after(),
            _ => {}
        }
        let url = feed.url.clone();
        let feed_id = feed.id;
        let stored = tokio::task::spawn_blocking(move || {
            let mut next = now;
            let status = apply(
                &store,
                &feed,
                result,
                moved_to,
                now,
                &mut |store, status| {
                    let now_unix = khabar_core::to_unix(now);
                    let times = store
                        .recent_publication_times(feed.id, 20)
                        .unwrap_or_default();
                    let failed = matches!(status, FeedStatus::Failed { .. });
                    let input = ScheduleInput {
                        interval_override: feed
                            .interval_secs
                            .filter(|s| *s > 0)
                            .map(|s| Duration::from_secs(s as u64)),
                        consecutive_errors: if failed {
                            u32::try_from(feed.health.error_count.saturating_add(1))
                                .unwrap_or(u32::MAX)
                        } else {
                            0
                        },
                        publish_gap: schedule::publish_gap(&times, now_unix),
                        hints,
                        seed: schedule::jitter_seed(feed.id.0, now_unix),
                    };
                    let delay = schedule::next_delay(&policy, &input);
                    // Whole seconds (the store's precision), rounded up so a feed is
                    // never due before its delay has passed.
                    let secs = i64::try_from(delay.as_secs() + u64::from(delay.subsec_nanos() > 0))
                        .unwrap_or(i64::MAX / 2);
                    next = khabar_core::from_unix(now_unix.saturating_add(secs));
                    Some(next)
                },
            );
            (status, next)
        })
        .await;
        let (status, next_fetch) = match stored {
            Ok(done) => done,
            // A panic while storing (a bug): reported; the feed stays due, so it is
            // retried on the next pass rather than forgotten.
            Err(e) => (
                FeedStatus::Failed {
                    error: Error::Internal {
                        url: url.clone(),
                        reason: e.to_string(),
                    }
                    .to_string(),
                    retry_after: None,
                    gone: false,
                },
                now,
            ),
        };
        ScheduledOutcome {
            outcome: FeedOutcome {
                feed_id,
                url,
                status,
                duration: started.elapsed(),
            },
            next_fetch,
            hints,
        }
    }
}
