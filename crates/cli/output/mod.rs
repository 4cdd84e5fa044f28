//! Printing results for humans and for scripts, and reading times from users.

pub mod human;
pub mod json;

mod time;

use khabar_core::Timestamp;

pub use time::parse_time;

/// A time for humans: `2025-02-14 09:30`.
pub fn format_time(t: Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Reads `--since`/`--until`: a time (see [`parse_time`]) or an age before `now`
/// (`90m`, `24h`, `7d`, `2w`).
pub fn parse_time_or_age(s: &str, now: Timestamp) -> Option<Timestamp> {
    let s = s.trim();
    if let Some(t) = parse_time(s) {
        return Some(t);
    }
    let unit = s.chars().last()?;
    let n: i64 = s[..s.len() - unit.len_utf8()].parse().ok()?;
    let secs = match unit {
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        'w' => 7 * 86_400,
        _ => return None,
    };
    now.checked_sub_signed(chrono::Duration::try_seconds(n.checked_mul(secs)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_ages() {
        let now = parse_time("2025-02-14T12:00:00Z").unwrap();
        assert_eq!(
            parse_time_or_age("24h", now),
            parse_time("2025-02-13 12:00:00")
        );
        assert_eq!(
            parse_time_or_age("7d", now),
            parse_time("2025-02-07T12:00:00+00:00")
        );
        assert_eq!(
            parse_time_or_age("2025-02-01", now),
            parse_time("2025-02-01 00:00")
        );
        assert_eq!(parse_time_or_age("yesterday", now), None);
        assert_eq!(parse_time_or_age("99999999999999d", now), None);
    }
}
