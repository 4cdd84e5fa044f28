//! When to fetch a feed next: a pure function of what is known about it, so that
//! the policy is tested without clocks, sockets or a store.
//!
//! The delay after a fetch is computed in this order:
//!
//! 1. the feed's configured interval (its own `interval_secs`, else the default);
//! 2. adapted to how often the feed actually publishes: a feed whose recent items
//!    are a minute apart is polled more often, a feed that publishes once a day less
//!    often, within a factor of [`ADAPT_FACTOR`] of the configured interval (a
//!    feed's own override is honoured as given: the user asked for it);
//! 3. raised to what the server asked for: RSS `<ttl>`, `Cache-Control: max-age`,
//!    `Expires` (polling sooner only costs both sides a request for nothing);
//! 4. clamped to `[min_interval, max_interval]`;
//! 5. spread by a deterministic jitter of ±`jitter` so feeds added together do not
//!    fire together for ever;
//! 6. on consecutive errors, replaced by exponential backoff from the interval,
//!    capped at `max_backoff` (a failing feed keeps being retried at the cap, never
//!    dropped), and never sooner than the server's `Retry-After`.

use std::time::Duration;

/// How far publication-rate adaptation may move the configured interval, both ways.
pub const ADAPT_FACTOR: u32 = 4;

/// The scheduling policy's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScheduleOptions {
    /// Interval of a feed that does not set its own.
    pub default_interval: Duration,
    /// No feed is polled more often than this (unless it is failing: see backoff).
    pub min_interval: Duration,
    /// No healthy feed waits longer than this.
    pub max_interval: Duration,
    /// The longest wait after errors; a failing feed is retried at this pace.
    pub max_backoff: Duration,
    /// Jitter, as a fraction of the delay (0.1 = ±10 %); clamped to [0, 0.5].
    pub jitter: f64,
}

impl Default for ScheduleOptions {
    fn default() -> Self {
        ScheduleOptions {
            default_interval: Duration::from_secs(15 * 60),
            min_interval: Duration::from_secs(5 * 60),
            max_interval: Duration::from_secs(24 * 3600),
            max_backoff: Duration::from_secs(24 * 3600),
            jitter: 0.1,
        }
    }
}

/// What the server said about when to come back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerHints {
    /// RSS `<ttl>` (the feed says minutes; kept here as a duration).
    pub ttl: Option<Duration>,
    /// `Cache-Control: max-age` (or `s-maxage`).
    pub max_age: Option<Duration>,
    /// `Expires`, as a delay from the response's time.
    pub expires_in: Option<Duration>,
    /// `Retry-After` of a 429 / 503.
    pub retry_after: Option<Duration>,
}

/// Everything the policy looks at for one feed after one fetch.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ScheduleInput {
    /// The feed's own interval, when it overrides the default.
    pub interval_override: Option<Duration>,
    /// Consecutive errors including this fetch (0 after a success).
    pub consecutive_errors: u32,
    /// Typical gap between the feed's recent publications, when known.
    pub publish_gap: Option<Duration>,
    /// What the server asked for.
    pub hints: ServerHints,
    /// Seed of the jitter (see [`jitter_seed`]).
    pub seed: u64,
}

/// The delay until a feed's next fetch. Pure: same input, same answer.
pub fn next_delay(opts: &ScheduleOptions, input: &ScheduleInput) -> Duration {
    let min = opts.min_interval.max(Duration::from_secs(1));
    let max = opts.max_interval.max(min);
    let configured = input.interval_override.unwrap_or(opts.default_interval);
    let mut interval = match (input.interval_override, input.publish_gap) {
        (None, Some(gap)) => gap.clamp(configured / ADAPT_FACTOR, configured * ADAPT_FACTOR),
        _ => configured,
    };
    let h = &input.hints;
    for hint in [h.ttl, h.max_age, h.expires_in].into_iter().flatten() {
        // A server hint raises the interval but cannot push it past the maximum:
        // a feed that says "cache for a month" is still checked daily.
        interval = interval.max(hint.min(max));
    }
    let interval = interval.clamp(min, max);
    if input.consecutive_errors == 0 {
        return jittered(interval, opts.jitter, input.seed).clamp(min, max);
    }
    let cap = opts.max_backoff.max(min);
    let exp = input.consecutive_errors.saturating_sub(1).min(32);
    let backoff = interval
        .checked_mul(1u32 << exp.min(31))
        .unwrap_or(cap)
        .min(cap);
    let backoff = jittered(backoff, opts.jitter, input.seed).min(cap);
    // Retry-After is honoured even past the cap (it is bounded by the fetch layer).
    backoff.max(h.retry_after.unwrap_or(Duration::ZERO))
}

/// `delay` moved by up to ±`fraction` of itself, deterministically from `seed`.
pub fn jittered(delay: Duration, fraction: f64, seed: u64) -> Duration {
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 0.5)
    } else {
        0.0
    };
    // splitmix64: a good spread from consecutive seeds, no dependency.
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    // Uniform in [-1, 1].
    let unit = (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
    let secs = delay.as_secs_f64() * (1.0 + fraction * unit);
    Duration::from_secs_f64(secs.max(0.0))
}

/// A jitter seed that differs per feed and per fetch, so one feed's delays vary
/// from fetch to fetch and two feeds' differ.
pub fn jitter_seed(feed_id: i64, fetched_at_unix: i64) -> u64 {
    (feed_id as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(fetched_at_unix as u64)
}

/// Typical gap between publications, from recent publication times (any order):
/// the mean gap between consecutive ones, stretched to the time since the newest
/// one when the feed has been quiet for longer. `None` with fewer than two dates.
pub fn publish_gap(times_unix: &[i64], now_unix: i64) -> Option<Duration> {
    let mut times: Vec<i64> = times_unix
        .iter()
        .copied()
        .filter(|&t| t <= now_unix)
        .collect();
    if times.len() < 2 {
        return None;
    }
    times.sort_unstable();
    let (first, last) = (times[0], times[times.len() - 1]);
    let mean = (last - first) / (times.len() as i64 - 1);
    let quiet = now_unix - last;
    Some(Duration::from_secs(mean.max(quiet).max(0) as u64))
}

/// Parses `Cache-Control` for `max-age` (or `s-maxage`); `no-cache`/`no-store`
/// mean no hint. Values above a year are capped.
pub fn parse_max_age(value: &str) -> Option<Duration> {
    let mut age = None;
    for directive in value.split(',') {
        let directive = directive.trim().to_ascii_lowercase();
        if directive == "no-cache" || directive == "no-store" {
            return None;
        }
        if let Some(v) = directive
            .strip_prefix("max-age=")
            .or_else(|| directive.strip_prefix("s-maxage="))
            && let Ok(secs) = v.trim_matches('"').parse::<u64>()
        {
            age = Some(age.map_or(secs, |a: u64| a.max(secs)));
        }
    }
    age.map(|s| Duration::from_secs(s.min(365 * 24 * 3600)))
}

/// Parses `Expires` (an HTTP date) as a delay from `now_unix`; past or invalid
/// dates give no hint (`Expires: 0` means "already expired").
pub fn parse_expires(value: &str, now_unix: i64) -> Option<Duration> {
    let at = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    let secs = at.timestamp() - now_unix;
    (secs > 0).then(|| Duration::from_secs(secs as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60;

    fn opts() -> ScheduleOptions {
        ScheduleOptions {
            jitter: 0.0,
            ..ScheduleOptions::default()
        }
    }

    fn secs(d: Duration) -> u64 {
        d.as_secs()
    }

    #[test]
    fn default_and_override_intervals() {
        let o = opts();
        assert_eq!(secs(next_delay(&o, &ScheduleInput::default())), 15 * MIN);
        let input = ScheduleInput {
            interval_override: Some(Duration::from_secs(30 * MIN)),
            ..ScheduleInput::default()
        };
        assert_eq!(secs(next_delay(&o, &input)), 30 * MIN);
    }

    #[test]
    fn clamped_to_bounds() {
        let o = opts();
        let fast = ScheduleInput {
            interval_override: Some(Duration::from_secs(10)),
            ..ScheduleInput::default()
        };
        assert_eq!(secs(next_delay(&o, &fast)), 5 * MIN);
        let slow = ScheduleInput {
            interval_override: Some(Duration::from_secs(7 * 24 * 3600)),
            ..ScheduleInput::default()
        };
        assert_eq!(secs(next_delay(&o, &slow)), 24 * 3600);
    }

    #[test]
    fn adapts_to_publication_rate_within_bounds() {
        let o = opts();
        let with_gap = |gap: u64| ScheduleInput {
            publish_gap: Some(Duration::from_secs(gap)),
            ..ScheduleInput::default()
        };
        // Busy feed: polled faster, but not under min (5 min) nor under 15/4 min.
        assert_eq!(secs(next_delay(&o, &with_gap(60))), 5 * MIN);
        // Quiet feed: polled slower, at most 4 × the interval.
        assert_eq!(secs(next_delay(&o, &with_gap(3600))), 60 * MIN);
        assert_eq!(secs(next_delay(&o, &with_gap(86_400))), 60 * MIN);
        // An explicit override is not adapted.
        let pinned = ScheduleInput {
            interval_override: Some(Duration::from_secs(20 * MIN)),
            ..with_gap(86_400)
        };
        assert_eq!(secs(next_delay(&o, &pinned)), 20 * MIN);
    }

    #[test]
    fn server_hints_raise_the_interval_up_to_max() {
        let o = opts();
        let hinted = |h: ServerHints| ScheduleInput {
            hints: h,
            ..ScheduleInput::default()
        };
        let ttl = ServerHints {
            ttl: Some(Duration::from_secs(60 * MIN)),
            ..ServerHints::default()
        };
        assert_eq!(secs(next_delay(&o, &hinted(ttl))), 60 * MIN);
        let short = ServerHints {
            max_age: Some(Duration::from_secs(60)),
            ..ServerHints::default()
        };
        assert_eq!(
            secs(next_delay(&o, &hinted(short))),
            15 * MIN,
            "never lowers"
        );
        let huge = ServerHints {
            expires_in: Some(Duration::from_secs(90 * 24 * 3600)),
            ..ServerHints::default()
        };
        assert_eq!(secs(next_delay(&o, &hinted(huge))), 24 * 3600);
    }

    #[test]
    fn exponential_backoff_is_capped_and_never_drops_the_feed() {
        let o = opts();
        let failing = |n: u32| ScheduleInput {
            consecutive_errors: n,
            ..ScheduleInput::default()
        };
        let delays: Vec<u64> = (1..=12)
            .map(|n| secs(next_delay(&o, &failing(n))))
            .collect();
        assert_eq!(&delays[..4], &[15 * MIN, 30 * MIN, 60 * MIN, 120 * MIN]);
        assert!(delays.windows(2).all(|w| w[0] <= w[1]), "{delays:?}");
        assert_eq!(*delays.last().unwrap(), 24 * 3600);
        assert_eq!(secs(next_delay(&o, &failing(u32::MAX))), 24 * 3600);
    }

    #[test]
    fn retry_after_is_honoured() {
        let o = opts();
        let input = ScheduleInput {
            consecutive_errors: 1,
            hints: ServerHints {
                retry_after: Some(Duration::from_secs(3 * 3600)),
                ..ServerHints::default()
            },
            ..ScheduleInput::default()
        };
        assert_eq!(secs(next_delay(&o, &input)), 3 * 3600);
        let small = ScheduleInput {
            hints: ServerHints {
                retry_after: Some(Duration::from_secs(1)),
                ..ServerHints::default()
            },
            ..input
        };
        assert_eq!(
            secs(next_delay(&o, &small)),
            15 * MIN,
            "backoff still applies"
        );
    }

    #[test]
    fn jitter_is_bounded_deterministic_and_spread() {
        let o = ScheduleOptions {
            jitter: 0.1,
            ..ScheduleOptions::default()
        };
        let base = (15 * MIN) as f64;
        let mut seen = std::collections::BTreeSet::new();
        for feed in 0..500 {
            let input = ScheduleInput {
                seed: jitter_seed(feed, 1_700_000_000),
                ..ScheduleInput::default()
            };
            let d = next_delay(&o, &input).as_secs_f64();
            assert!(d >= base * 0.9 - 1e-6 && d <= base * 1.1 + 1e-6, "{d}");
            assert_eq!(next_delay(&o, &input), next_delay(&o, &input));
            seen.insert((d / 10.0) as u64);
        }
        // 500 feeds spread over the ±90 s window, not bunched.
        assert!(seen.len() >= 15, "{seen:?}");
        // Jitter never escapes the bounds.
        let at_min = ScheduleInput {
            interval_override: Some(Duration::from_secs(1)),
            seed: 7,
            ..ScheduleInput::default()
        };
        assert!(next_delay(&o, &at_min) >= o.min_interval);
    }

    #[test]
    fn publication_gaps() {
        assert_eq!(publish_gap(&[100], 200), None);
        // Mean gap 100 s, newest 10 s ago.
        assert_eq!(
            publish_gap(&[300, 100, 200], 310),
            Some(Duration::from_secs(100))
        );
        // Quiet for an hour since: the gap is at least that.
        assert_eq!(
            publish_gap(&[100, 200, 300], 3900),
            Some(Duration::from_secs(3600))
        );
        // Future dates (bad clocks) are ignored.
        assert_eq!(publish_gap(&[100, 99_999], 200), None);
    }

    #[test]
    fn cache_headers() {
        assert_eq!(
            parse_max_age("public, max-age=600"),
            Some(Duration::from_secs(600))
        );
        assert_eq!(
            parse_max_age("s-maxage=60, max-age=30"),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse_max_age("no-cache, max-age=600"), None);
        assert_eq!(parse_max_age("private"), None);
        assert_eq!(parse_max_age("max-age=x"), None);
        let now = chrono::DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z")
            .unwrap()
            .timestamp();
        assert_eq!(
            parse_expires("Wed, 21 Oct 2015 07:38:00 GMT", now),
            Some(Duration::from_secs(600))
        );
        assert_eq!(parse_expires("Wed, 21 Oct 2015 07:00:00 GMT", now), None);
        assert_eq!(parse_expires("0", now), None);
    }
}
