//! Parses any text with the hand-written reader and with the grammar alone, as a query string
//! and as a bare expression: both give the same tree with the same spans, or the same error.

#![no_main]

use fuzz_support::options;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = fuzz_support::text(data);
    for not in [true, false] {
        let fast = options().with_not(not);
        let grammar = fast.clone().with_fast_path(false);
        assert_eq!(
            format!("{:?}", fast.parse_query(&input)),
            format!("{:?}", grammar.parse_query(&input)),
            "the readers disagree on the query {input:?}"
        );
        assert_eq!(
            format!("{:?}", fast.parse_filter(&input)),
            format!("{:?}", grammar.parse_filter(&input)),
            "the readers disagree on the expression {input:?}"
        );
    }
});
