//! Reading the files a user names (config, gazetteer, feed lists, OPML, training
//! data, tagger models): whole, bounded, with errors that name the file; and
//! JSON Lines files (imports, news), a bounded line at a time.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{Context, bail};

/// Largest config or feed-list file read.
pub const MAX_CONFIG_BYTES: u64 = 4 << 20;

/// The bytes of `path`, refused past `max` bytes. Read through a limit rather
/// than trusting the file's size, so a device or a FIFO cannot grow it without
/// end. Errors name the file and `what` it is.
pub fn read_limited(path: &Path, what: &str, max: u64) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    if bytes.len() as u64 > max {
        bail!("{}: {what} larger than {max} bytes", path.display());
    }
    Ok(bytes)
}

/// [`read_limited`], as UTF-8 text.
pub fn read_text(path: &Path, what: &str, max: u64) -> anyhow::Result<String> {
    String::from_utf8(read_limited(path, what, max)?)
        .map_err(|_| anyhow::anyhow!("{}: {what} is not UTF-8 text", path.display()))
}

/// Longest line of a JSON Lines file (one article), in bytes.
/// (16 MiB, like the feed body limit: parsing a line peaks at about 11× its size.)
pub const MAX_LINE_BYTES: u64 = 16 << 20;

/// Calls `each` with the number (from 1) and bytes of every line of `input`
/// that is not blank, newline included. A line over [`MAX_LINE_BYTES`] is an
/// error naming `name` and the line, never read whole; so is a read error.
pub fn for_each_line(
    input: impl Read,
    name: &str,
    mut each: impl FnMut(usize, &[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let (mut line, mut number) = (Vec::new(), 0usize);
    loop {
        line.clear();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut line)
            .with_context(|| format!("{name}: read failed"))?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        if n as u64 > MAX_LINE_BYTES {
            bail!("{name}:{number}: line longer than {MAX_LINE_BYTES} bytes");
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            each(number, &line)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feeds.toml");
        std::fs::write(&path, "[[feed]]\nurl = \"https://example.com/\"\n").unwrap();
        assert!(read_text(&path, "feeds file", 1 << 20).is_ok());
        let err = read_text(&path, "feeds file", 8).unwrap_err().to_string();
        assert!(
            err.contains("feeds.toml") && err.contains("larger than 8 bytes"),
            "{err}"
        );
        std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        let err = read_text(&path, "feeds file", 1 << 20)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not UTF-8"), "{err}");
        let err = format!(
            "{:#}",
            read_text(&dir.path().join("missing.toml"), "config file", 10).unwrap_err()
        );
        assert!(
            err.contains("cannot read config file") && err.contains("missing.toml"),
            "{err}"
        );
        // A device that never ends is cut at the limit.
        let err = read_limited(Path::new("/dev/zero"), "model", 1000)
            .unwrap_err()
            .to_string();
        assert!(err.contains("larger than 1000 bytes"), "{err}");
    }

    #[test]
    fn lines_are_numbered_blank_ones_skipped_and_long_ones_refused() {
        let mut seen = Vec::new();
        for_each_line(
            &b"{\"a\": 1}\n\n  \n{\"b\": 2}"[..],
            "news.jsonl",
            |n, line| {
                seen.push((n, String::from_utf8_lossy(line).trim().to_string()));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, [(1, "{\"a\": 1}".into()), (4, "{\"b\": 2}".into())]);
        // The closure's error stops the reading.
        let err = for_each_line(&b"x\ny\n"[..], "f", |n, _| {
            anyhow::ensure!(n < 2, "stop at {n}");
            Ok(())
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "stop at 2");
        // A line that never ends is cut at the limit, and named.
        let endless = std::io::repeat(b'x').take(MAX_LINE_BYTES + 10);
        let err = for_each_line(endless, "big.jsonl", |_, _| Ok(()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("big.jsonl:1: line longer than"), "{err}");
    }
}
