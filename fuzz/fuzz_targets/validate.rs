//! Validates any query against the sample companies schema and evaluates it by the schema's
//! types, and reads any text as a schema: no panic, and every diagnostic lies inside the input.

#![no_main]

use std::sync::OnceLock;

use fuzz_support::{check_diagnostics, options, text};
use inperium_filter::schema::Schema;
use inperium_filter::Compiled;
use libfuzzer_sys::fuzz_target;
use serde_json::Value as Json;

/// Returns the sample schema and its first records, read once.
fn companies() -> &'static (Schema, Vec<Json>) {
    static COMPANIES: OnceLock<(Schema, Vec<Json>)> = OnceLock::new();
    COMPANIES.get_or_init(|| {
        let schema = Schema::from_json(include_str!("../../data/companies.schema.json"))
            .expect("companies.schema.json is a schema");
        let mut records: Vec<Json> =
            serde_json::from_str(include_str!("../../data/companies.json"))
                .expect("companies.json is a JSON array");
        records.truncate(40);
        (schema, records)
    })
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    if input.starts_with('{') {
        if let Ok(schema) = Schema::from_json(&input) {
            let query = inperium_filter::parse_query("filter=gt(a,1)&sort=-b").expect("parses");
            let _ = query.validate(&schema);
        }
        return;
    }

    let Ok(query) = options().parse_query(&input) else {
        return;
    };
    let (schema, records) = companies();
    match query.validate(schema) {
        Err(diagnostics) => check_diagnostics(&input, diagnostics),
        Ok(checked) => {
            let compiled = Compiled::from_checked(&checked).expect("a checked query compiles");
            let page = compiled.page(records);
            assert!(page.data.len() <= query.page_size_or_default() as usize);
        }
    }
});
