//! The query language: any input parses or gives an error whose column lies within
//! the query (or one past its end).
#![no_main]

use khabar_index::{MAX_QUERY_CHARS, parse_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|q: &str| {
    match parse_query(q) {
        Ok(_) => {}
        Err(e) => {
            let len = q.chars().count();
            assert!(e.column >= 1, "{e:?}");
            assert!(
                e.column <= len.min(MAX_QUERY_CHARS) + 1,
                "{e:?} for {len} chars"
            );
        }
    }
});
