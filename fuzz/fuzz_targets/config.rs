//! `config/khabar.toml`: the binary's strict config parser, included from its source.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../crates/cli/config_file.rs"]
mod config_file;

fuzz_target!(|text: &str| {
    if let Err(e) = config_file::parse_config(text, Path::new("fuzz.toml")) {
        // Errors name the file, on one line.
        let msg = e.to_string();
        assert!(msg.starts_with("fuzz.toml: "), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }
});
