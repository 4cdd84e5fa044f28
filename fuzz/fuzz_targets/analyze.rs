//! Both analyzer chains: tokens have valid offsets (in bounds, on char boundaries,
//! non-empty) and increasing positions; `normalize` is idempotent.
#![no_main]

use khabar_analysis::{AnalyzerName, analyze};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for name in [AnalyzerName::Stem, AnalyzerName::Exact] {
        let mut last = None;
        for t in analyze(name, text) {
            assert!(t.offset_from < t.offset_to, "{t:?}");
            assert!(t.offset_to <= text.len(), "{t:?}");
            assert!(text.is_char_boundary(t.offset_from), "{t:?}");
            assert!(text.is_char_boundary(t.offset_to), "{t:?}");
            assert!(!t.term.is_empty(), "{t:?}");
            if let Some(p) = last {
                assert!(t.position > p, "{t:?}");
            }
            last = Some(t.position);
        }
    }
    let _ = khabar_analysis::skeleton(text);
    let once = khabar_analysis::normalize(text);
    assert_eq!(khabar_analysis::normalize(&once), once);
});
