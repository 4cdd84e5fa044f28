//! Reading the files a user names (config, gazetteer, feed lists, OPML, training
//! data, tagger models): whole, bounded, with errors that name the file.

use std::io::Read;
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
}
