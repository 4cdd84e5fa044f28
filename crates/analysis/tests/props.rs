//! Property tests: idempotence, offsets, no panics.

use khabar_analysis::{AnalyzerName, analyze, normalize, skeleton, stem, trace};
use proptest::prelude::*;

/// Strings mixing Arabic letters, marks, presentation forms, joiners,
/// Persian letters, digits, Latin and punctuation.
fn arabicish() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        4 => proptest::char::range('\u{0600}', '\u{06FF}'),
        1 => proptest::char::range('\u{0750}', '\u{077F}'),
        1 => proptest::char::range('\u{08A0}', '\u{08FF}'),
        1 => proptest::char::range('\u{FB50}', '\u{FDFF}'),
        1 => proptest::char::range('\u{FE70}', '\u{FEFF}'),
        1 => proptest::char::range('\u{2000}', '\u{206F}'),
        1 => proptest::char::range('\u{00C0}', '\u{024F}'),
        1 => proptest::char::range('\u{0300}', '\u{036F}'),
        2 => proptest::char::range(' ', '~'),
        1 => any::<char>(),
    ];
    proptest::collection::vec(ch, 0..40).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn normalize_is_idempotent(s in arabicish()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
    }

    #[test]
    fn normalize_is_idempotent_any(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
    }

    #[test]
    fn offsets_are_valid(s in arabicish()) {
        for name in [AnalyzerName::Exact, AnalyzerName::Stem] {
            let mut last_pos = None;
            for t in analyze(name, &s) {
                prop_assert!(t.offset_from < t.offset_to);
                prop_assert!(t.offset_to <= s.len());
                prop_assert!(s.is_char_boundary(t.offset_from));
                prop_assert!(s.is_char_boundary(t.offset_to));
                prop_assert!(!t.term.is_empty());
                if let Some(p) = last_pos { prop_assert!(t.position > p); }
                last_pos = Some(t.position);
            }
        }
    }

    #[test]
    fn exact_terms_are_normalized_words(s in arabicish()) {
        for t in analyze(AnalyzerName::Exact, &s) {
            prop_assert_eq!(normalize(&t.term), t.term.clone());
        }
    }

    #[test]
    fn no_panics(s in any::<String>()) {
        let _ = trace(AnalyzerName::Stem, &s);
        let _ = analyze(AnalyzerName::Exact, &s);
        let _ = skeleton(&s);
        let _ = stem(&normalize(&s));
    }

    #[test]
    fn stem_is_stable_on_arabic_words(w in "[\u{0621}-\u{064A}]{1,12}") {
        let n = normalize(&w);
        prop_assume!(!n.is_empty());
        let s = stem(&n);
        prop_assert!(!s.is_empty());
        prop_assert!(s.chars().count() >= 2.min(n.chars().count()));
    }
}
