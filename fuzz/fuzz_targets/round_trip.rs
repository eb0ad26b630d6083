//! Parses, prints and parses again: the second parse equals the first, printing is stable, and
//! the advanced-only and field-parameters-only texts select the same records.

#![no_main]

use fuzz_support::{mixed_records, options, page_ids, text};
use inperium_filter::{ParseOptions, Query, Target};
use libfuzzer_sys::fuzz_target;

/// Options that read back any printed query. Printing may quote and percent-encode, so the text
/// can outgrow the input limit, and the advanced-only text wraps several conditions in one more
/// `AND` level.
fn reread_options() -> ParseOptions {
    options()
        .with_max_input_len(usize::MAX)
        .with_max_depth(ParseOptions::DEPTH_CEILING)
}

fn reparse(printed: &str) -> Query {
    reread_options()
        .parse_query(printed)
        .unwrap_or_else(|error| panic!("printed text does not parse again:\n{error}"))
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let Ok(query) = options().parse_query(&input) else {
        return;
    };

    let printed = query.to_string();
    let again = reparse(&printed);
    assert_eq!(again, query, "{input:?} printed as {printed:?}");
    assert_eq!(
        again.to_string(),
        printed,
        "printing {input:?} is not stable"
    );

    let records = mixed_records();
    let expected = page_ids(&query, records);
    for target in [Target::Advanced, Target::FieldParameters] {
        let Ok(text) = query.to_query_string(target) else {
            continue;
        };
        let other = reparse(&text);
        assert_eq!(
            page_ids(&other, records),
            expected,
            "{input:?} printed for {target:?} as {text:?} selects other records"
        );
    }
});
