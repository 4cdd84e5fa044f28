//! The long-running loop of `khabar run`: every feed fetched when it is due, for
//! months, through network faults, bad feeds and restarts.
//!
//! The schedule lives in the store (`feeds.next_fetch_at`), not in memory: each
//! fetch records its outcome and the feed's next due time in one write, so
//! `khabar feeds list` shows it at once and a restart resumes exactly where the last
//! process left off (a feed never fetched is due at once; one fetched a minute ago
//! waits for its time). The loop itself keeps only what is in flight.
//!
//! It is one `tokio::select!` over three events:
//!
//! - `Tick`: the sleep until the soonest due time (or the store poll interval)
//!   ended: ask the store which feeds are due and start a task for each one not
//!   already in flight. Polling the store is also how feeds added or removed by
//!   `khabar feeds add/remove` while the loop runs are picked up.
//! - `FetchDone`: a task ended: log one line, report it through the callback (the
//!   CLI indexes on it), and sleep no longer than the feed's new due time.
//! - `Shutdown`: stop starting fetches; give those in flight `shutdown_grace` to
//!   finish, then cancel them. A cancelled fetch has recorded nothing, so the feed
//!   is still due and is fetched first after a restart; articles already written
//!   are in the store (one transaction per feed), never half.
//!
//! Concurrency is bounded twice: a global semaphore (`IngestOptions::concurrency`)
//! and one per host (`IngestOptions::per_host`), the host's taken first so that
//! feeds queued behind a busy host hold no global slot.
//!
//! Time comes from a [`Clock`]: the system's in production; in tests, tokio's
//! (paused) clock, so that hours of schedule run in milliseconds.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use khabar_core::{FeedId, Timestamp};
use khabar_store::{FetchRecord, Store};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::schedule::ScheduleOptions;
use crate::{FeedStatus, Ingester, ScheduledOutcome, fetch};

/// Settings of the loop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOptions {
    /// When each feed is due.
    pub schedule: ScheduleOptions,
    /// Longest sleep between looks at the store: the delay before a feed added
    /// while the loop runs is noticed.
    pub poll_interval: Duration,
    /// On shutdown, how long fetches in flight may take before they are cancelled.
    pub shutdown_grace: Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            schedule: ScheduleOptions::default(),
            poll_interval: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system's wall clock (production).
    System,
    /// `start` plus the time elapsed on tokio's clock since `at`: follows a paused
    /// test clock.
    Tokio {
        /// Wall time at `at`.
        start: Timestamp,
        /// Tokio's instant at `start`.
        at: Instant,
    },
}

impl Clock {
    /// A clock following tokio's, starting at `start` now.
    pub fn tokio(start: Timestamp) -> Clock {
        Clock::Tokio {
            start,
            at: Instant::now(),
        }
    }

    /// The current time, whole seconds.
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => khabar_core::now(),
            Clock::Tokio { start, at } => {
                let secs = i64::try_from(at.elapsed().as_secs()).unwrap_or(i64::MAX / 2);
                khabar_core::from_unix(khabar_core::to_unix(*start).saturating_add(secs))
            }
        }
    }

    /// The tokio instant of a timestamp (now, when it is past).
    fn instant_of(&self, t: Timestamp) -> Instant {
        let secs = (t - self.now()).num_seconds().max(0);
        // Bounded: a due time years ahead (bad data) still wakes the loop within a day.
        Instant::now() + Duration::from_secs(secs.unsigned_abs().min(24 * 3600))
    }
}

/// One fetch as the loop saw it.
#[derive(Debug, Clone)]
pub struct FetchReport {
    /// What happened and when the feed is next due.
    pub scheduled: ScheduledOutcome,
    /// The clock's time when the fetch started (what `next_fetch` counts from).
    pub fetched_at: Timestamp,
    /// When it got its permits and started (tokio's clock).
    pub started: Instant,
    /// When it ended.
    pub finished: Instant,
}

/// What a run did, from start to shutdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Fetches completed (any status).
    pub fetches: usize,
    /// Fetches that failed.
    pub failures: usize,
    /// Articles new to the store.
    pub new_articles: usize,
    /// Stored articles that changed.
    pub updated_articles: usize,
    /// Fetches cancelled at shutdown (their feeds stay due).
    pub cancelled: usize,
}

/// What a task ends with.
enum Done {
    Fetched(Box<FetchReport>),
    /// Shutdown began while it waited for its permits: nothing was done.
    Skipped,
}

enum Event {
    Tick,
    FetchDone(Result<(tokio::task::Id, Done), tokio::task::JoinError>),
    Shutdown,
}

/// Runs until `shutdown` resolves, then stops as described in the module docs.
/// `on_fetch` is called after every fetch, once its articles and schedule are in
/// the store. Never fails: a store error is logged and retried at the next poll.
pub async fn run(
    ingester: &Ingester,
    store: Arc<Mutex<Store>>,
    opts: &RunOptions,
    clock: Clock,
    shutdown: impl Future<Output = ()>,
    mut on_fetch: impl FnMut(&FetchReport),
) -> RunReport {
    let ingest_opts = ingester.options();
    let global = Arc::new(Semaphore::new(
        ingest_opts.concurrency.clamp(1, Semaphore::MAX_PERMITS),
    ));
    let per_host = ingest_opts.per_host.clamp(1, Semaphore::MAX_PERMITS);
    let poll = opts.poll_interval.max(Duration::from_millis(100));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let mut tasks: JoinSet<Done> = JoinSet::new();
    let mut in_flight: HashMap<tokio::task::Id, FeedId> = HashMap::new();
    let mut busy: HashSet<FeedId> = HashSet::new();
    let stopping = Arc::new(AtomicBool::new(false));
    let mut deadline: Option<Instant> = None;
    let mut wake = Instant::now();
    let mut report = RunReport::default();
    // Hosts that answered 429/503 with Retry-After: none of their feeds is fetched
    // before that time, whichever feed asked (many feeds share a host).
    let paused_hosts: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    tokio::pin!(shutdown);

    loop {
        let event = tokio::select! {
            // Shutdown first: a signal is never starved by a busy stream of fetches.
            biased;
            () = &mut shutdown, if deadline.is_none() => Event::Shutdown,
            Some(done) = tasks.join_next_with_id(), if !tasks.is_empty() => Event::FetchDone(done),
            () = tokio::time::sleep_until(wake) => Event::Tick,
        };
        match event {
            Event::Shutdown => {
                tracing::info!(
                    in_flight = tasks.len(),
                    grace_secs = opts.shutdown_grace.as_secs_f64(),
                    "shutting down: no new fetches"
                );
                stopping.store(true, Ordering::SeqCst);
                let at = Instant::now() + opts.shutdown_grace;
                deadline = Some(at);
                wake = at;
                if tasks.is_empty() {
                    break;
                }
            }
            Event::FetchDone(joined) => {
                let feed_id = match &joined {
                    Ok((id, _)) => in_flight.remove(id),
                    Err(e) => in_flight.remove(&e.id()),
                };
                if let Some(f) = feed_id {
                    busy.remove(&f);
                }
                match joined {
                    Ok((_, Done::Fetched(fetch))) => {
                        log_fetch(&fetch.scheduled, &clock);
                        report.fetches += 1;
                        match &fetch.scheduled.outcome.status {
                            FeedStatus::Fetched { new, updated, .. } => {
                                report.new_articles += new;
                                report.updated_articles += updated;
                            }
                            FeedStatus::Failed { .. } => report.failures += 1,
                            _ => {}
                        }
                        if deadline.is_none() {
                            wake = wake.min(clock.instant_of(fetch.scheduled.next_fetch));
                        }
                        on_fetch(&fetch);
                    }
                    Ok((_, Done::Skipped)) => report.cancelled += 1,
                    Err(e) if e.is_cancelled() => report.cancelled += 1,
                    Err(e) => {
                        // A panic in a fetch task is a bug; the feed is put back on
                        // the schedule at the minimum interval so that it neither
                        // spins nor is forgotten.
                        tracing::error!(feed_id = ?feed_id, error = %e, "fetch task failed");
                        report.failures += 1;
                        if let Some(f) = feed_id {
                            record_panic(&store, f, &clock, opts, &e.to_string());
                        }
                    }
                }
                if deadline.is_some() && tasks.is_empty() {
                    break;
                }
            }
            Event::Tick => {
                if let Some(at) = deadline {
                    if Instant::now() >= at {
                        tracing::warn!(
                            cancelled = tasks.len(),
                            "shutdown grace over: cancelling fetches in flight"
                        );
                        report.cancelled += tasks.len();
                        tasks.abort_all();
                        // Bounded: aborted tasks end at their next await point.
                        while tasks.join_next().await.is_some() {}
                        break;
                    }
                    wake = at;
                    continue;
                }
                let now = clock.now();
                let (due, next_due) = {
                    let store = store.lock().unwrap_or_else(PoisonError::into_inner);
                    (store.due_feeds(now), store.next_due())
                };
                paused_hosts
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .retain(|_, until| *until > Instant::now());
                let mut host_wake: Option<Instant> = None;
                match due {
                    Ok(feeds) => {
                        for feed in feeds {
                            if busy.contains(&feed.id) {
                                continue;
                            }
                            let host = host_of(&feed.url);
                            let pause = host.as_ref().and_then(|h| {
                                paused_hosts
                                    .lock()
                                    .unwrap_or_else(PoisonError::into_inner)
                                    .get(h)
                                    .copied()
                            });
                            if let Some(until) = pause
                                && until > Instant::now()
                            {
                                // Still due: fetched once the host's Retry-After has passed.
                                host_wake =
                                    Some(host_wake.map_or(until, |w: Instant| w.min(until)));
                                continue;
                            }
                            let host_sem = host.clone().map(|h| {
                                hosts
                                    .entry(h)
                                    .or_insert_with(|| Arc::new(Semaphore::new(per_host)))
                                    .clone()
                            });
                            let feed_id = feed.id;
                            let task = fetch_task(
                                ingester.clone(),
                                store.clone(),
                                feed,
                                clock,
                                opts.schedule,
                                global.clone(),
                                host_sem,
                                stopping.clone(),
                                paused_hosts.clone(),
                                host.clone(),
                            );
                            let handle = tasks.spawn(task);
                            in_flight.insert(handle.id(), feed_id);
                            busy.insert(feed_id);
                        }
                    }
                    Err(e) => tracing::error!(error = %e, "cannot read the due feeds; retrying"),
                }
                // Sleep until the soonest future due time, but look at the store at
                // least every `poll` (feeds added meanwhile). Feeds in flight are
                // past due until they finish; their completion wakes the loop.
                let mut next = Instant::now() + poll;
                if let Some(at) = host_wake {
                    next = next.min(at);
                }
                if let Ok(Some(t)) = next_due
                    && t > now
                {
                    next = next.min(clock.instant_of(t));
                }
                wake = next;
            }
        }
    }
    report
}

/// Waits for permits (host, then global), then fetches and stores one feed.
#[allow(clippy::too_many_arguments)]
async fn fetch_task(
    ingester: Ingester,
    store: Arc<Mutex<Store>>,
    feed: khabar_core::Feed,
    clock: Clock,
    policy: ScheduleOptions,
    global: Arc<Semaphore>,
    host: Option<Arc<Semaphore>>,
    stopping: Arc<AtomicBool>,
    paused_hosts: Arc<Mutex<HashMap<String, Instant>>>,
    host_name: Option<String>,
) -> Done {
    let _host_permit = match host {
        Some(s) => s.acquire_owned().await.ok(),
        None => None,
    };
    // Another feed of this host got a 429/503 with Retry-After while this one queued:
    // wait it out holding the host's permit (so the others queue too), not a global one.
    let pause = host_name.as_ref().and_then(|h| {
        paused_hosts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(h)
            .copied()
    });
    if let Some(until) = pause {
        tokio::time::sleep_until(until).await;
    }
    let _permit = global.acquire_owned().await.ok();
    if stopping.load(Ordering::SeqCst) {
        return Done::Skipped;
    }
    let started = Instant::now();
    let fetched_at = clock.now();
    let scheduled = ingester.ingest_one(store, feed, fetched_at, policy).await;
    // Recorded before this task lets go of the host's permit, so the next feed of the
    // host, queued on it, already sees the pause.
    if let (
        FeedStatus::Failed {
            retry_after: Some(wait),
            ..
        },
        Some(host),
    ) = (&scheduled.outcome.status, host_name)
    {
        let until = Instant::now() + (*wait).min(fetch::MAX_RETRY_AFTER);
        let mut paused = paused_hosts.lock().unwrap_or_else(PoisonError::into_inner);
        let slot = paused.entry(host).or_insert(until);
        *slot = (*slot).max(until);
    }
    Done::Fetched(Box::new(FetchReport {
        scheduled,
        fetched_at,
        started,
        finished: Instant::now(),
    }))
}

fn log_fetch(s: &ScheduledOutcome, clock: &Clock) {
    let o = &s.outcome;
    let next_in_secs = (s.next_fetch - clock.now()).num_seconds();
    let ms = o.duration.as_millis() as u64;
    match &o.status {
        FeedStatus::Fetched { new, updated, .. } => tracing::info!(
            feed_id = o.feed_id.0, feed = %o.url, status = "fetched", new, updated,
            duration_ms = ms, next_in_secs, "fetch"
        ),
        FeedStatus::NotModified => tracing::info!(
            feed_id = o.feed_id.0, feed = %o.url, status = "not_modified", new = 0, updated = 0,
            duration_ms = ms, next_in_secs, "fetch"
        ),
        FeedStatus::Unchanged => tracing::info!(
            feed_id = o.feed_id.0, feed = %o.url, status = "unchanged", new = 0, updated = 0,
            duration_ms = ms, next_in_secs, "fetch"
        ),
        FeedStatus::Failed { error, .. } => tracing::info!(
            feed_id = o.feed_id.0, feed = %o.url, status = "failed", new = 0, updated = 0,
            duration_ms = ms, next_in_secs, %error, "fetch"
        ),
    }
}

fn record_panic(store: &Mutex<Store>, feed: FeedId, clock: &Clock, opts: &RunOptions, error: &str) {
    let now = clock.now();
    let secs = i64::try_from(opts.schedule.min_interval.as_secs().max(1)).unwrap_or(300);
    let next = khabar_core::from_unix(khabar_core::to_unix(now).saturating_add(secs));
    let record = FetchRecord::Failed {
        error: format!("internal error: {error}"),
        gone: false,
    };
    let store = store.lock().unwrap_or_else(PoisonError::into_inner);
    if let Err(e) = store.record_fetch(feed, now, &record, Some(next)) {
        tracing::warn!(feed_id = feed.0, error = %e, "cannot record the failure");
    }
}

/// The lower-cased host of an http(s) feed URL.
fn host_of(url: &str) -> Option<String> {
    match fetch::target(url) {
        Ok(fetch::Target::Http(u)) => u.host_str().map(str::to_ascii_lowercase),
        _ => None,
    }
}
