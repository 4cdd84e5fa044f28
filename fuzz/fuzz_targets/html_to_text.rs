//! HTML fragments (feed descriptions and content) to plain text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let text = khabar_ingest::process::html_to_text(html);
    // Text never has markup-sized growth: entities only shrink, and the block
    // separators add at most a newline or two per tag.
    assert!(
        text.len() <= html.len() * 4 + 16,
        "{} -> {}",
        html.len(),
        text.len()
    );
    let _ = khabar_ingest::process::html_to_line(html);
});
