//! Parses any text with the hand-written reader and with the grammar alone, as a query string
//! and as a bare expression: both give the same tree with the same spans, or the same error.
//! Each input runs with the default options, with `NOT` on, and with one setting of tight
//! limits chosen by its length, so that every limit is reached on short inputs.

#![no_main]

use inperium_filter::ParseOptions;
use libfuzzer_sys::fuzz_target;

/// Settings that put each limit near the size of a short input.
fn tight_settings() -> [ParseOptions; 8] {
    let base = ParseOptions::new().with_not(true);
    [
        base.clone().with_max_depth(1),
        base.clone().with_max_depth(2),
        base.clone().with_max_list_items(0),
        base.clone().with_max_list_items(1),
        base.clone().with_max_list_items(2).with_max_depth(3),
        base.clone().with_max_input_len(16),
        base.clone().with_max_page_size(1),
        base.with_pass_through(["a", "filter", "sort"]),
    ]
}

fn assert_agree(options: &ParseOptions, input: &str) {
    let grammar = options.clone().with_fast_path(false);
    assert_eq!(
        format!("{:?}", options.parse_query(input)),
        format!("{:?}", grammar.parse_query(input)),
        "the readers disagree on the query {input:?} with {options:?}"
    );
    assert_eq!(
        format!("{:?}", options.parse_filter(input)),
        format!("{:?}", grammar.parse_filter(input)),
        "the readers disagree on the expression {input:?} with {options:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let input = fuzz_support::text(data);
    assert_agree(&ParseOptions::new(), &input);
    assert_agree(&ParseOptions::new().with_not(true), &input);
    let tight = tight_settings();
    assert_agree(&tight[data.len() % tight.len()], &input);
});
