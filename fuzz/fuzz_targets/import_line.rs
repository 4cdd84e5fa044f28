//! One line of `khabar import` (JSON to Article), included from the binary's source.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../crates/cli/output/time.rs"]
mod output;

#[allow(dead_code)]
#[path = "../../crates/cli/import_line.rs"]
mod import_line;

fuzz_target!(|line: &[u8]| {
    if let Ok(article) = import_line::parse_line(line) {
        assert!(!article.id.as_str().trim().is_empty());
        assert!(!(article.title.trim().is_empty() && article.body.trim().is_empty()));
    }
});
