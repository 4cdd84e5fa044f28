//! What the examples share: reading a gazetteer file (the shape of
//! config/persons.toml). The `khabar` binary has the strict reader
//! (`crates/cli/persons_file.rs`: unknown keys, versions, size limits); this
//! one is for evaluation runs on the repository's own file.

use khabar_persons::{Gazetteer, PersonEntry};

#[derive(serde::Deserialize)]
struct File {
    #[serde(default)]
    person: Vec<Row>,
}

#[derive(serde::Deserialize)]
struct Row {
    id: String,
    ar: Vec<String>,
    #[serde(default)]
    short: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
}

/// The gazetteer of a persons file; exits with a message naming the file on
/// any error.
pub fn load_gazetteer(path: &str) -> Gazetteer {
    let fail = |e: &dyn std::fmt::Display| -> ! {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&e));
    let file: File = toml::from_str(&text).unwrap_or_else(|e| fail(&e));
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
    Gazetteer::new(entries).unwrap_or_else(|e| fail(&e))
}
