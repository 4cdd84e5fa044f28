//! Reading times written by users and by import files.
//!
//! A file of its own, depending only on `chrono` and `khabar_core`, so that the fuzz
//! target `import_line` can include it with `#[path]` (see fuzz/README.md).

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use khabar_core::Timestamp;

/// Reads a time: RFC 3339, `YYYY-MM-DD HH:MM[:SS]` (UTC) or `YYYY-MM-DD` (midnight UTC).
pub fn parse_time(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t))
}
