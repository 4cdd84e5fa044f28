//! Index generations on disk and the atomic `CURRENT` pointer.
//!
//! ```text
//! <data-dir>/index/CURRENT        "gen-3\n": the generation searches open
//! <data-dir>/index/gen-3/         a complete Tantivy index + khabar-index.json
//! <data-dir>/index/gen-4/         a rebuild in progress (or left by a killed one)
//! ```
//! `CURRENT` is replaced with write-to-temp + fsync + rename, so it always names a
//! complete generation. Generations other than the current one are garbage and are
//! removed by the next rebuild.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Error;

/// Name of the index directory inside the data directory.
pub const INDEX_DIR: &str = "index";
/// Version of the index schema (fields and their options). Bump on any change.
pub const SCHEMA_VERSION: u32 = 3;

const CURRENT_FILE: &str = "CURRENT";
const META_FILE: &str = "khabar-index.json";
const GEN_PREFIX: &str = "gen-";

/// What a generation was built with, stored beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// `khabar_analysis::ANALYZER_VERSION` at build time.
    pub analyzer_version: u32,
    /// [`SCHEMA_VERSION`] at build time.
    pub schema_version: u32,
    /// Version of the khabar that built it.
    pub khabar_version: String,
    /// Fingerprint of the person extraction (gazetteer + rules) the person ids
    /// come from, hex (`khabar_persons::Extractor::fingerprint`); `None` for a
    /// new index nothing was written to yet.
    #[serde(default)]
    pub persons_fingerprint: Option<String>,
}

impl IndexMeta {
    /// The versions of this build.
    pub fn current() -> IndexMeta {
        IndexMeta {
            analyzer_version: khabar_analysis::ANALYZER_VERSION,
            schema_version: SCHEMA_VERSION,
            khabar_version: env!("CARGO_PKG_VERSION").to_string(),
            persons_fingerprint: None,
        }
    }

    /// How a fingerprint is written in the metadata.
    pub fn fingerprint_hex(fingerprint: u64) -> String {
        format!("{fingerprint:016x}")
    }

    pub(crate) fn read(dir: &Path) -> Result<IndexMeta, Error> {
        let path = dir.join(META_FILE);
        let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        serde_json::from_str(&text).map_err(|e| Error::BadMeta {
            path,
            reason: e.to_string(),
        })
    }

    pub(crate) fn write(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(META_FILE);
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::BadMeta {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        write_atomically(&path, text.as_bytes())
    }
}

/// The current generation's directory, if any.
pub(crate) fn current(root: &Path) -> Result<Option<PathBuf>, Error> {
    let path = root.join(CURRENT_FILE);
    let name = match fs::read_to_string(&path) {
        Ok(name) => name,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let name = name.trim();
    if parse_generation(name).is_none() {
        return Err(Error::BadMeta {
            path,
            reason: format!("names {name:?}, not a generation"),
        });
    }
    let dir = root.join(name);
    if !dir.is_dir() {
        return Err(Error::BadMeta {
            path,
            reason: format!("names {name}, which does not exist"),
        });
    }
    Ok(Some(dir))
}

fn parse_generation(name: &str) -> Option<u64> {
    name.strip_prefix(GEN_PREFIX)?.parse().ok()
}

fn generations(root: &Path) -> Result<Vec<(u64, PathBuf)>, Error> {
    let entries = match fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(root, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(root, e))?;
        if let Some(n) = entry.file_name().to_str().and_then(parse_generation) {
            found.push((n, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// Creates a fresh, empty directory for the next generation.
pub(crate) fn create_generation(root: &Path) -> Result<PathBuf, Error> {
    fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
    let next = generations(root)?.last().map_or(1, |(n, _)| n + 1);
    let dir = root.join(format!("{GEN_PREFIX}{next}"));
    fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}

/// Points `CURRENT` at `dir`, atomically.
pub(crate) fn switch_current(root: &Path, dir: &Path) -> Result<(), Error> {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::BadMeta {
            path: dir.to_path_buf(),
            reason: "not a generation".into(),
        })?;
    write_atomically(&root.join(CURRENT_FILE), format!("{name}\n").as_bytes())
}

/// Removes every generation but the current one (leftovers of killed rebuilds and
/// replaced generations). Errors are ignored: garbage is retried next time.
pub(crate) fn remove_stale(root: &Path) {
    let Ok(Some(current)) = current(root) else {
        return;
    };
    let Ok(all) = generations(root) else { return };
    for (_, dir) in all {
        if dir != current {
            let _ = fs::remove_dir_all(&dir);
        }
    }
}

/// Writes a file so that readers see either the old or the new content, never a mix.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let tmp = path.with_extension("tmp");
    let mut file = fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    file.write_all(bytes).map_err(|e| Error::io(&tmp, e))?;
    file.sync_all().map_err(|e| Error::io(&tmp, e))?;
    drop(file);
    fs::rename(&tmp, path).map_err(|e| Error::io(path, e))?;
    if let Some(parent) = path.parent()
        && let Ok(dir) = fs::File::open(parent)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Total size of the files in a directory (not recursive: Tantivy's layout is flat).
pub(crate) fn dir_size(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
