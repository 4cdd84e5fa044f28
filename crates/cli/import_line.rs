//! One line of an import file (JSON) to an [`Article`].
//!
//! A file of its own, depending only on `serde`, `serde_json`, `khabar_core` and
//! `crate::output::parse_time`, so that the fuzz target `import_line` can include it
//! with `#[path]` (see fuzz/README.md).

use khabar_core::{Article, ArticleId};
use serde::Deserialize;

use crate::output::parse_time;

/// Reads one line (without or with its newline) into an article, or says why not.
pub fn parse_line(line: &[u8]) -> Result<Article, String> {
    serde_json::from_slice::<ImportLine>(line)
        .map_err(|e| e.to_string())
        .and_then(to_article)
}

/// One line of an import file. Other fields are ignored, so richer exports import too.
#[derive(Debug, Deserialize)]
struct ImportLine {
    id: serde_json::Value,
    title: Option<String>,
    body: Option<String>,
    url: Option<String>,
    published: Option<serde_json::Value>,
    feed: Option<String>,
    author: Option<String>,
}

fn to_article(line: ImportLine) -> Result<Article, String> {
    let id = match line.id {
        serde_json::Value::String(s) if !s.trim().is_empty() => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err("\"id\" must be a non-empty string or a number".into()),
    };
    let published = match line.published {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(n)) => {
            let secs = n
                .as_i64()
                .ok_or("\"published\": not a whole number of seconds")?;
            // from_unix maps out-of-range seconds to 1970: say so instead of storing
            // a wrong date.
            Some(
                chrono::DateTime::from_timestamp(secs, 0)
                    .ok_or("\"published\": seconds out of range")?,
            )
        }
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(
            parse_time(&s).ok_or_else(|| format!("\"published\": cannot read {s:?} as a date"))?,
        ),
        Some(_) => return Err("\"published\" must be a date string or Unix seconds".into()),
    };
    let title = line.title.unwrap_or_default();
    let body = line.body.unwrap_or_default();
    if title.trim().is_empty() && body.trim().is_empty() {
        return Err("no \"title\" and no \"body\"".into());
    }
    Ok(Article {
        id: ArticleId::new(id),
        feed_id: None,
        feed: line.feed,
        title,
        body,
        url: line.url,
        author: line.author,
        published,
        published_estimated: false,
        guid: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_lines_are_errors_not_panics() {
        // Deep nesting: serde_json's recursion limit turns it into an error.
        let deep = format!("{{\"id\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_line(deep.as_bytes()).is_err());
        for line in [
            &b"{\"id\":\"a\",\"title\":\"t\",\"published\":9223372036854775807}"[..],
            b"{\"id\":\"a\",\"title\":\"t\",\"published\":-9223372036854775808}",
            b"{\"id\":\"a\",\"title\":\"t\",\"published\":1e300}",
            b"{\"id\":\"a\",\"title\":\"t\",\"published\":\"99999-01-01\"}",
            b"{\"id\":\"a\",\"title\":\"\xff\xfe\"}",
            b"{\"id\":\"   \",\"title\":\"t\"}",
            b"{\"id\":{},\"title\":\"t\"}",
            b"\x00\x00",
            b"",
        ] {
            assert!(
                parse_line(line).is_err(),
                "{}",
                String::from_utf8_lossy(line)
            );
        }
        let ok = parse_line(b"{\"id\":1e3,\"body\":\"\\u0000x\",\"published\":0}");
        // Ids may be any number; a NUL escape is just a character of the body.
        assert!(ok.is_ok(), "{ok:?}");
    }
}
