//! Timestamps: UTC, second precision, stored as Unix seconds.

/// A point in time, UTC.
pub type Timestamp = chrono::DateTime<chrono::Utc>;

/// The current time, truncated to whole seconds (the precision the store keeps).
pub fn now() -> Timestamp {
    from_unix(chrono::Utc::now().timestamp())
}

/// Unix seconds of a timestamp.
pub fn to_unix(t: Timestamp) -> i64 {
    t.timestamp()
}

/// A timestamp from Unix seconds; out-of-range values clamp to the Unix epoch.
pub fn from_unix(secs: i64) -> Timestamp {
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default()
}
