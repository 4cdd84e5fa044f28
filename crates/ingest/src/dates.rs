//! Publication dates: a lenient parser for what feeds actually write.
//!
//! Accepts RFC 3339 / ISO 8601 (with `T` or a space, with or without a zone or
//! fractional seconds), RFC 822 / 2822 (with or without the weekday, full month
//! names, `GMT`/`UTC`/`Z` or unknown zone abbreviations, a `+hh:mm` zone), plain
//! `YYYY-MM-DD HH:MM[:SS]` and `YYYY/MM/DD`, and dates written with Arabic month
//! names (Egyptian/Gulf `يناير … ديسمبر` and Levantine `كانون الثاني … كانون الأول`)
//! or English month names, with Western, Arabic-Indic (`٠-٩`) or Persian (`۰-۹`)
//! digits. A date without a zone is taken as UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use khabar_core::Timestamp;

/// Longest input considered; anything longer is not a date.
const MAX_LEN: usize = 200;

/// Parses a date as feeds write them; `None` when it is not recognisable.
pub fn parse_date(input: &str) -> Option<Timestamp> {
    if input.len() > MAX_LEN {
        return None;
    }
    let s = normalize(input);
    if s.is_empty() {
        return None;
    }
    parse_rfc3339(&s)
        .or_else(|| parse_rfc2822(&s))
        .or_else(|| parse_numeric(&s))
        .or_else(|| parse_with_month_names(&s))
        // Whole seconds: the precision the store keeps.
        .and_then(|t| DateTime::from_timestamp(t.timestamp(), 0))
}

/// Western digits, no format characters or tatweel, single spaces.
fn normalize(input: &str) -> String {
    let mapped: String = input
        .chars()
        .filter_map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
            '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
            '\u{060C}' => Some(','),
            '\u{066B}' => Some('.'),
            '\u{0640}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}' => None,
            c if c.is_whitespace() => Some(' '),
            c => Some(c),
        })
        .collect();
    mapped
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_rfc3339(s: &str) -> Option<Timestamp> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    // `YYYY-MM-DD HH:MM:SS+03:00`, `…z`, `…+0300`.
    let b = s.as_bytes();
    if b.len() < 16
        || !(b[4] == b'-' && b[7] == b'-' && (b[10] == b'T' || b[10] == b' ' || b[10] == b't'))
    {
        return None;
    }
    let mut t = String::with_capacity(s.len() + 4);
    t.push_str(&s[..10]);
    t.push('T');
    t.push_str(&s[11..]);
    let t = t.replace(' ', "");
    let t = if t.ends_with('z') {
        format!("{}Z", &t[..t.len() - 1])
    } else {
        t
    };
    if let Ok(d) = DateTime::parse_from_rfc3339(&t) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(d) = DateTime::parse_from_str(&t, fmt) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(&t, fmt) {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    None
}

const EN_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn parse_rfc2822(s: &str) -> Option<Timestamp> {
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    // Lenient: drop the weekday and comments, shorten month names, fix the zone.
    let s = match s.find('(') {
        Some(i) => s[..i].trim(),
        None => s,
    };
    let mut words: Vec<String> = s
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words
        .first()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_alphabetic()) && w.len() >= 3)
        && words
            .get(1)
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        words.remove(0);
    }
    if words.len() < 4 {
        return None;
    }
    // Day Month Year Time [Zone]
    let day: u32 = words[0].parse().ok()?;
    let month = month_from_english(&words[1])?;
    let year: i32 = match words[2].parse::<i32>().ok()? {
        y @ 0..=49 => 2000 + y,
        y @ 50..=99 => 1900 + y,
        y => y,
    };
    let time = parse_time(&words[3])?;
    let offset = words
        .get(4)
        .map_or(Some(0), |z| zone_offset(z))
        .unwrap_or(0);
    let naive = NaiveDate::from_ymd_opt(year, month, day)?.and_time(time);
    Some(Utc.from_utc_datetime(&naive) - chrono::Duration::seconds(offset))
}

fn month_from_english(w: &str) -> Option<u32> {
    let lower = w.to_ascii_lowercase();
    let short = lower.get(..3)?;
    let i = EN_MONTHS.iter().position(|m| *m == short)?;
    // Accept "sep", "sept", "september"; reject "separate".
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][i];
    (lower.len() == 3 || full.starts_with(lower.as_str())).then_some(i as u32 + 1)
}

fn parse_time(w: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(w, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(w, "%H:%M"))
        .or_else(|_| NaiveTime::parse_from_str(w, "%H:%M:%S%.f"))
        .ok()
}

/// Offset east of UTC, in seconds; unknown zone names count as UTC.
fn zone_offset(z: &str) -> Option<i64> {
    let z = z.trim();
    let (sign, digits) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => {
            return Some(match z.to_ascii_uppercase().as_str() {
                "EST" => -5 * 3600,
                "EDT" => -4 * 3600,
                "CST" => -6 * 3600,
                "CDT" => -5 * 3600,
                "MST" => -7 * 3600,
                "MDT" => -6 * 3600,
                "PST" => -8 * 3600,
                "PDT" => -7 * 3600,
                "CET" => 3600,
                "CEST" | "EET" => 2 * 3600,
                "EEST" | "MSK" => 3 * 3600,
                _ => 0,
            });
        }
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i64 = digits[..2].parse().ok()?;
    let m: i64 = digits[2..].parse().ok()?;
    (h < 24 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// `YYYY-MM-DD[ HH:MM[:SS]]`, `YYYY/MM/DD[ HH:MM[:SS]]`.
fn parse_numeric(s: &str) -> Option<Timestamp> {
    let s = s.replace('/', "-");
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(&s, fmt) {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| Utc.from_utc_datetime(&d))
}

/// Arabic letter variants folded, so `أيار`, `ايار` and `إيار` compare equal.
fn fold_arabic(w: &str) -> String {
    w.chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' | 'ی' => 'ي',
            'ک' => 'ك',
            c => c,
        })
        .collect()
}

fn month_from_arabic(w: &str, next: Option<&str>) -> Option<(u32, bool)> {
    let w = fold_arabic(w);
    let w = w
        .strip_prefix('ب')
        .filter(|r| r.chars().count() >= 3 && month_from_arabic_word(r).is_some())
        .unwrap_or(&w);
    let next = next.map(fold_arabic);
    let next = next.as_deref().map(|n| n.strip_prefix("ال").unwrap_or(n));
    match w {
        "كانون" => match next {
            Some("ثاني") => Some((1, true)),
            Some("اول") => Some((12, true)),
            _ => None,
        },
        "تشرين" => match next {
            Some("ثاني") => Some((11, true)),
            Some("اول") => Some((10, true)),
            _ => None,
        },
        _ => month_from_arabic_word(w).map(|m| (m, false)),
    }
}

fn month_from_arabic_word(w: &str) -> Option<u32> {
    Some(match w {
        "يناير" => 1,
        "فبراير" | "شباط" => 2,
        "مارس" | "اذار" => 3,
        "ابريل" | "نيسان" => 4,
        "مايو" | "ايار" => 5,
        "يونيو" | "يونيه" | "حزيران" => 6,
        "يوليو" | "يوليه" | "تموز" => 7,
        "اغسطس" | "اب" => 8,
        "سبتمبر" | "ايلول" => 9,
        "اكتوبر" => 10,
        "نوفمبر" => 11,
        "ديسمبر" => 12,
        _ => return None,
    })
}

/// `7 سبتمبر 2018 14:30`, `الأحد ٧ أيلول ٢٠١٨`, `September 7, 2018`, `7 Sep 2018 2:30 م`…
fn parse_with_month_names(s: &str) -> Option<Timestamp> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/' | '،' | '|' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 16 {
        return None;
    }
    let mut month = None;
    let mut month_at = 0;
    let mut i = 0;
    while i < words.len() {
        if let Some((m, two)) = month_from_arabic(words[i], words.get(i + 1).copied()) {
            month_at = i;
            if two {
                i += 1;
            }
            let numbers = collect_numbers(&words, month_at, i);
            return build(m, numbers);
        }
        if words[i].chars().all(|c| c.is_ascii_alphabetic())
            && words[i].len() >= 3
            && let Some(m) = month_from_english(words[i])
        {
            month = Some(m);
            month_at = i;
            break;
        }
        i += 1;
    }
    let m = month?;
    build(m, collect_numbers(&words, month_at, month_at))
}

struct Numbers {
    day: Option<u32>,
    year: Option<i32>,
    time: Option<NaiveTime>,
    pm: bool,
}

fn collect_numbers(words: &[&str], month_start: usize, month_end: usize) -> Numbers {
    let mut n = Numbers {
        day: None,
        year: None,
        time: None,
        pm: false,
    };
    for (j, w) in words.iter().enumerate() {
        if j >= month_start && j <= month_end {
            continue;
        }
        if w.contains(':') {
            if n.time.is_none() {
                n.time = parse_time(w);
            }
            continue;
        }
        if matches!(*w, "م" | "مساء" | "مساءً" | "PM" | "pm") {
            n.pm = true;
            continue;
        }
        if let Ok(v) = w.parse::<u32>() {
            if w.len() == 4 && n.year.is_none() {
                n.year = i32::try_from(v).ok();
            } else if (1..=31).contains(&v) && n.day.is_none() {
                n.day = Some(v);
            }
        }
    }
    n
}

fn build(month: u32, n: Numbers) -> Option<Timestamp> {
    let date = NaiveDate::from_ymd_opt(n.year?, month, n.day?)?;
    let mut time = n.time.unwrap_or(NaiveTime::MIN);
    if n.pm && time < NaiveTime::from_hms_opt(12, 0, 0)? {
        time += chrono::Duration::hours(12);
    }
    Some(Utc.from_utc_datetime(&date.and_time(time)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap()
    }

    #[test]
    fn table() {
        let cases: &[(&str, Option<&str>)] = &[
            // RFC 822 / 2822
            (
                "Fri, 07 Sep 2018 04:59:05 +0000",
                Some("2018-09-07T04:59:05Z"),
            ),
            (
                "Thu, 05 Jul 2018 17:04:26 +0400",
                Some("2018-07-05T13:04:26Z"),
            ),
            (
                "Fri, 07 Sep 2018 04:59:05 GMT",
                Some("2018-09-07T04:59:05Z"),
            ),
            ("07 Sep 2018 04:59:05 UTC", Some("2018-09-07T04:59:05Z")),
            (
                "Fri, 7 September 2018 04:59 +03:00",
                Some("2018-09-07T01:59:00Z"),
            ),
            (
                "Friday, 07 Sep 2018 04:59:05 CEST",
                Some("2018-09-07T02:59:05Z"),
            ),
            (
                "Fri, 07 Sep 18 04:59:05 +0000",
                Some("2018-09-07T04:59:05Z"),
            ),
            (
                "Fri, 07 Sep 2018 04:59:05 +0000 (UTC)",
                Some("2018-09-07T04:59:05Z"),
            ),
            // RFC 3339 and variants
            ("2018-09-07T04:59:05Z", Some("2018-09-07T04:59:05Z")),
            (
                "2018-09-07T04:59:05.123+03:00",
                Some("2018-09-07T01:59:05Z"),
            ),
            ("2018-09-07 04:59:05+03:00", Some("2018-09-07T01:59:05Z")),
            ("2018-09-07T04:59:05+0300", Some("2018-09-07T01:59:05Z")),
            ("2018-09-07T04:59:05", Some("2018-09-07T04:59:05Z")),
            ("2018-09-07t04:59:05z", Some("2018-09-07T04:59:05Z")),
            // Plain
            ("2018-09-07 04:59:05", Some("2018-09-07T04:59:05Z")),
            ("2018-09-07 04:59", Some("2018-09-07T04:59:00Z")),
            ("2018/09/07 04:59:05", Some("2018-09-07T04:59:05Z")),
            ("2018-09-07", Some("2018-09-07T00:00:00Z")),
            ("٢٠١٨-٠٩-٠٧ ٠٤:٥٩:٠٥", Some("2018-09-07T04:59:05Z")),
            // Arabic month names
            ("7 سبتمبر 2018", Some("2018-09-07T00:00:00Z")),
            ("الجمعة 7 سبتمبر 2018 - 14:30", Some("2018-09-07T14:30:00Z")),
            ("٧ أيلول ٢٠١٨", Some("2018-09-07T00:00:00Z")),
            ("۷ ایلول ۲۰۱۸", Some("2018-09-07T00:00:00Z")),
            ("15 كانون الثاني 2019 10:00", Some("2019-01-15T10:00:00Z")),
            ("15 كانون الأول 2019", Some("2019-12-15T00:00:00Z")),
            ("3 تشرين الأول 2020", Some("2020-10-03T00:00:00Z")),
            ("3 تشرين الثاني 2020", Some("2020-11-03T00:00:00Z")),
            ("1 شباط 2020", Some("2020-02-01T00:00:00Z")),
            ("1 آذار 2020", Some("2020-03-01T00:00:00Z")),
            ("1 نيسان 2020", Some("2020-04-01T00:00:00Z")),
            ("1 أيار 2020", Some("2020-05-01T00:00:00Z")),
            ("1 حزيران 2020", Some("2020-06-01T00:00:00Z")),
            ("1 تموز 2020", Some("2020-07-01T00:00:00Z")),
            ("1 آب 2020", Some("2020-08-01T00:00:00Z")),
            ("1 يناير 2020", Some("2020-01-01T00:00:00Z")),
            ("1 فبراير 2020", Some("2020-02-01T00:00:00Z")),
            ("1 مارس 2020", Some("2020-03-01T00:00:00Z")),
            ("1 أبريل 2020", Some("2020-04-01T00:00:00Z")),
            ("1 ابريل 2020", Some("2020-04-01T00:00:00Z")),
            ("1 مايو 2020", Some("2020-05-01T00:00:00Z")),
            ("1 يونيه 2020", Some("2020-06-01T00:00:00Z")),
            ("1 يوليو 2020", Some("2020-07-01T00:00:00Z")),
            ("1 يوليه 2020", Some("2020-07-01T00:00:00Z")),
            ("1 أغسطس 2020", Some("2020-08-01T00:00:00Z")),
            ("1 أكتوبر 2020", Some("2020-10-01T00:00:00Z")),
            ("1 نوفمبر 2020", Some("2020-11-01T00:00:00Z")),
            ("٣١ ديسمبر ٢٠٢٠ ٠٩:١٥ م", Some("2020-12-31T21:15:00Z")),
            ("السبت، ٨ سبتمبر ٢٠١٨", Some("2018-09-08T00:00:00Z")),
            // English month names
            ("September 7, 2018", Some("2018-09-07T00:00:00Z")),
            ("7 Sept 2018 10:00", Some("2018-09-07T10:00:00Z")),
            // Not dates
            ("", None),
            ("yesterday", None),
            ("31 فبراير 2020", None),
            ("2018-13-45", None),
            ("منذ ساعتين", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), want.map(ts), "{input}");
        }
    }

    #[test]
    fn huge_input_is_not_a_date() {
        assert_eq!(parse_date(&"1 ".repeat(1000)), None);
    }
}
