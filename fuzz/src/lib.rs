//! Checks shared by the fuzz targets in `fuzz_targets/`. Every check panics on failure, which
//! libFuzzer reports as a crash.

mod spans;
pub mod sqlite;

pub use spans::{check_diagnostics, check_error};

use std::sync::OnceLock;

use inperium_filter::{Compiled, ParseOptions, Query};
use serde_json::{json, Value as Json};

/// Returns the options every target parses with: the defaults, with `NOT` enabled so that its paths
/// are reached too.
pub fn options() -> ParseOptions {
    ParseOptions::new().with_not(true)
}

/// Records of mixed JSON types, nulls and missing members, for evaluating untyped queries,
/// built once.
pub fn mixed_records() -> &'static [Json] {
    static RECORDS: OnceLock<Vec<Json>> = OnceLock::new();
    RECORDS.get_or_init(build_mixed_records)
}

fn build_mixed_records() -> Vec<Json> {
    vec![
        json!({"id": 1, "a": 1, "b": "x", "properties": {"c": true}}),
        json!({"id": 2, "a": "1", "b": null, "properties": {"a": 7}}),
        json!({"id": 3, "a": 2.5, "b": "X y", "c": false}),
        json!({"id": 4, "a": "abc", "b": ["x"], "properties": {"b": "z"}}),
        json!({"id": 5, "a": -0.0, "b": "é", "c": {"d": 1}}),
        json!({"id": 6, "b": "\u{202e}abc", "c": "2021-02-16T00:00:00Z"}),
        json!({"id": 7, "a": 1e300, "b": "", "c": 1_613_433_600_000_i64}),
        json!({"id": 8, "a": null}),
    ]
}

/// Returns the ids of the page that `query` selects from `records`, or `None` when it does not
/// compile.
pub fn page_ids(query: &Query, records: &[Json]) -> Option<Vec<Json>> {
    let compiled = Compiled::new(query).ok()?;
    let page = compiled.page(records);
    Some(
        page.data
            .iter()
            .map(|record| record["id"].clone())
            .collect(),
    )
}

/// Returns fuzz input as text. Invalid UTF-8 becomes U+FFFD, because the library reads `&str`.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
