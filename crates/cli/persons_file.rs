//! The person gazetteer file (config/persons.toml): TOML, strict, turned into
//! `khabar_persons` entries. The shipped file is compiled in as the default,
//! so the index is the same whatever the working directory.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::files::{read_limited, read_text};
use khabar_persons::{Extractor, Gazetteer, PersonEntry, Tagger};
use serde::Deserialize;

/// The gazetteer shipped with khabar.
pub const BUILTIN: &str = include_str!("../../config/persons.toml");
const DEFAULT_PATH: &str = "config/persons.toml";
/// Largest gazetteer file read.
const MAX_FILE_BYTES: u64 = 64 << 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonsFile {
    version: Option<u32>,
    #[serde(default)]
    person: Vec<PersonRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonRow {
    id: String,
    ar: Vec<String>,
    #[serde(default)]
    short: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
}

/// Parses gazetteer text; `origin` names the file in errors.
pub fn parse(text: &str, origin: &Path) -> anyhow::Result<Gazetteer> {
    let file: PersonsFile = toml::from_str(text).map_err(|e| {
        anyhow::anyhow!(
            "{}: {}",
            origin.display(),
            e.to_string().trim_end().replace('\n', " ")
        )
    })?;
    if let Some(v) = file.version
        && v != 1
    {
        bail!(
            "{}: unsupported persons file version {v} (this khabar reads version 1)",
            origin.display()
        );
    }
    let entries = file
        .person
        .into_iter()
        .map(|p| PersonEntry {
            id: p.id,
            ar: p.ar,
            short: p.short,
            en: p.en,
            roles: p.roles,
        })
        .collect();
    Gazetteer::new(entries).with_context(|| format!("{}", origin.display()))
}

/// The extractor of the configured gazetteer: `explicit` (must exist), else
/// config/persons.toml if it exists, else the built-in one; with the tagger
/// model at `model` if given. Built once per process (the index options hold
/// a `'static` reference).
pub fn load(explicit: Option<&Path>, model: Option<&Path>) -> anyhow::Result<&'static Extractor> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Some(PathBuf::from(DEFAULT_PATH)).filter(|p| p.exists()),
    };
    let gazetteer = match path {
        Some(path) => {
            let text = read_text(&path, "person gazetteer", MAX_FILE_BYTES)?;
            parse(&text, &path)?
        }
        None => parse(BUILTIN, Path::new("(built-in) config/persons.toml"))?,
    };
    let mut extractor = Extractor::new(gazetteer);
    if let Some(model) = model {
        extractor = extractor.with_tagger(read_model(model)?);
    }
    Ok(khabar_index::leak_extractor(extractor))
}

/// Reads a tagger model written by `khabar persons train`.
pub fn read_model(path: &Path) -> anyhow::Result<Tagger> {
    let bytes = read_limited(
        path,
        "person tagger model",
        khabar_persons::MAX_MODEL_BYTES as u64,
    )?;
    Tagger::from_bytes(&bytes).with_context(|| format!("{}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_gazetteer_parses() {
        let g = parse(BUILTIN, Path::new("config/persons.toml")).unwrap();
        assert!(g.len() >= 250, "{}", g.len());
        assert!(g.get("sergey-lavrov").is_some());
    }

    #[test]
    fn unknown_key_is_rejected() {
        let err = parse(
            "[[person]]\nid = \"x\"\nar = [\"س\"]\nnick = [\"y\"]\n",
            Path::new("p.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("p.toml") && err.contains("nick"), "{err}");
    }

    #[test]
    fn duplicate_id_is_rejected() {
        let text =
            "[[person]]\nid = \"a\"\nar = [\"سمير\"]\n[[person]]\nid = \"a\"\nar = [\"سامي\"]\n";
        let err = format!("{:#}", parse(text, Path::new("p.toml")).unwrap_err());
        assert!(err.contains("twice"), "{err}");
    }
}
