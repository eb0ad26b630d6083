//! The faster ways to evaluate agree with `Compiled`: `PreparedRecords` selects, sorts and pages
//! exactly as `Compiled::page` does, and `JsonMatcher` matches JSON text exactly when
//! `Compiled::matches` matches the decoded record, with and without a schema, on hand-picked
//! records and on generated ones.

use inperium_filter::schema::{FieldSchema, FieldType, Schema};
use inperium_filter::{
    and, field, not, or, parse_query, Compiled, Expr, ParseOptions, PreparedRecords, Query,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};

fn companies() -> Vec<Value> {
    let text = include_str!("../data/companies.json");
    serde_json::from_str(text).expect("the sample companies are a JSON array")
}

/// Parse options with the `NOT` extension enabled.
fn with_not() -> ParseOptions {
    ParseOptions::default().with_not(true)
}

fn assert_same_page(records: &[Value], compiled: &Compiled, label: &str) {
    let prepared = PreparedRecords::new(records);
    let expected = compiled.page(records);
    assert_eq!(prepared.page(compiled), expected, "page of {label}");
    assert_eq!(
        prepared.count_matches(compiled) as u64,
        expected.paging.total_number_of_records,
        "count of {label}"
    );
}

#[test]
fn sample_queries_match_compiled_page() {
    let records = companies();
    for text in [
        "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))",
        "country=US&sort=-annualRevenue&pageSize=7&pageNumber=2",
        "filter=NOT(eq(country,US))",
        "filter=AND(like(companyName,inc),in(industry,ENERGY,RETAIL))",
        "filter=btn(employeeCount,10,500)&sort=employeeCount",
        "filter=isnull(zip)",
        "filter=OR(isnotnull(dealIds),eq(id,3))",
        "filter=eq(missing.path,1)",
        "pageSize=5&pageNumber=3",
    ] {
        let query = with_not().parse_query(text).expect("valid");
        let compiled = Compiled::new(&query).expect("compiles");
        assert_same_page(&records, &compiled, text);
    }
}

#[test]
fn typed_queries_match_compiled_page() {
    let records = companies();
    let schema = Schema::from_json(include_str!("../data/companies.schema.json")).expect("valid");
    for text in [
        "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))",
        "filter=NOT(gt(employeeCount,100))&sort=-createdAt",
        "filter=lt(createdAt,2025-01-01T00:00:00Z)",
    ] {
        let query = with_not().parse_query(text).expect("valid");
        let checked = query.validate(&schema).expect("fits");
        let compiled = Compiled::from_checked(&checked).expect("compiles");
        assert_same_page(&records, &compiled, text);
    }
}

#[test]
fn dotted_fields_read_from_records() {
    let records = vec![
        json!({"address": {"city": "Oslo"}}),
        json!({"properties": {"address": {"city": "Lyon"}}}),
        json!({"address": "flat"}),
        json!([1, 2]),
    ];
    let compiled = Compiled::new(&parse_query("filter=like(address.city,o)").expect("valid"))
        .expect("compiles");
    let prepared = PreparedRecords::new(&records);
    assert_eq!(prepared.page(&compiled), compiled.page(&records));
    assert_eq!(prepared.count_matches(&compiled), 2);
}

#[test]
fn json_matcher_reads_needed_members() {
    let compiled = Compiled::new(
        &parse_query("filter=OR(eq(properties,x),like(address.city,o),isnull(zip))")
            .expect("valid"),
    )
    .expect("compiles");
    let mut matcher = compiled.json_matcher();
    for text in [
        r#"{"address":{"city":"Oslo"},"zip":"1"}"#,
        r#"{"properties":{"address":{"city":"Lyon"}},"zip":"1"}"#,
        r#"{"properties":"x","zip":"1"}"#,
        r#"{"properties":{"zip":"1"},"properties":{"country":"US"}}"#,
        r#"{"zip":"1","zip":null}"#,
        r#"{"a\"b":[1,{"c":2}],"zip":"\u0031"}"#,
        r#"[1,2]"#,
        r#""text""#,
        r#"null"#,
        r#"{"properties":[1],"zip":2.5e3}"#,
    ] {
        let record: Value = serde_json::from_str(text).expect("valid JSON");
        assert_eq!(
            matcher.matches(text.as_bytes()).expect("valid JSON"),
            compiled.matches(&record),
            "{text}"
        );
    }
}

#[test]
fn json_matcher_rejects_invalid_text() {
    let compiled = Compiled::new(&parse_query("a=1").expect("valid")).expect("compiles");
    let mut matcher = compiled.json_matcher();
    for text in [
        &b"{\"a\":1"[..],
        b"{\"a\":1} {}",
        b"{\"b\":[1,}",
        b"",
        b"{\"a\":\"\xff\"}",
    ] {
        assert!(
            matcher.matches(text).is_err(),
            "{}",
            String::from_utf8_lossy(text)
        );
    }
}

#[test]
fn empty_set_has_no_matches() {
    let records: Vec<Value> = Vec::new();
    let prepared = PreparedRecords::new(&records);
    assert!(prepared.is_empty());
    let compiled = Compiled::new(&parse_query("a=1").expect("valid")).expect("compiles");
    assert_eq!(prepared.count_matches(&compiled), 0);
}

/// Record values that every comparison treats differently: null, integers, floats, numeric
/// and other text, case variants, booleans, arrays and objects.
fn value() -> impl Strategy<Value = Option<Value>> {
    select(vec![
        None,
        Some(json!(null)),
        Some(json!(1)),
        Some(json!(2)),
        Some(json!(-3)),
        Some(json!(2.5)),
        Some(json!(1.0)),
        Some(json!(18446744073709551615u64)),
        Some(json!("1")),
        Some(json!("10")),
        Some(json!("2.5")),
        Some(json!("abc")),
        Some(json!("ABC")),
        Some(json!("")),
        Some(json!("true")),
        Some(json!(true)),
        Some(json!(false)),
        Some(json!([1])),
        Some(json!({"x": 1})),
    ])
}

const FIELDS: [&str; 3] = ["a", "b", "c"];

/// A record with each field absent, at the top level or in `properties`.
fn record() -> impl Strategy<Value = Value> {
    (vec((value(), any::<bool>()), FIELDS.len()), any::<bool>()).prop_map(|(values, as_array)| {
        if as_array {
            return json!(["not", "an", "object"]);
        }
        let mut top = serde_json::Map::new();
        let mut properties = serde_json::Map::new();
        for (name, (value, nested)) in FIELDS.iter().zip(values) {
            if let Some(value) = value {
                let target = if nested { &mut properties } else { &mut top };
                target.insert((*name).to_owned(), value);
            }
        }
        top.insert("properties".to_owned(), Value::Object(properties));
        Value::Object(top)
    })
}

fn literal() -> impl Strategy<Value = &'static str> {
    select(vec![
        "1", "2", "2.5", "10", "-3", "abc", "b", "true", "false", "", "1e0",
    ])
}

fn condition() -> impl Strategy<Value = Expr> {
    (select(FIELDS.to_vec()), 0..13usize, literal(), literal()).prop_map(
        |(name, operator, first, second)| {
            let field = field(name);
            match operator {
                0 => field.eq(first),
                1 => field.neq(first),
                2 => field.gt(first),
                3 => field.gte(first),
                4 => field.lt(first),
                5 => field.lte(first),
                6 => field.like(first),
                7 => field.not_like(first),
                8 => field.is_null(),
                9 => field.is_not_null(),
                10 => field.in_([first, second]),
                11 => field.nin([first, second]),
                _ => field.btn(first, second),
            }
        },
    )
}

fn expression() -> impl Strategy<Value = Expr> {
    condition().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 1..4).prop_map(and),
            vec(inner.clone(), 1..4).prop_map(or),
            inner.prop_map(not),
        ]
    })
}

fn query() -> impl Strategy<Value = Query> {
    (
        expression(),
        option::of(select(FIELDS.to_vec())),
        1..4u32,
        1..6u32,
    )
        .prop_map(|(expr, sort, page_number, page_size)| {
            let query = Query::new()
                .with_filter(expr)
                .with_page(page_number, page_size);
            match sort {
                Some(name) => query.with_sort_desc(name),
                None => query,
            }
        })
}

fn integer_schema() -> Schema {
    Schema::new()
        .with_field("a", FieldSchema::new(FieldType::Integer))
        .with_field("b", FieldSchema::new(FieldType::Text))
        .with_field("c", FieldSchema::new(FieldType::Number))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn prepared_page_equals_compiled_page(records in vec(record(), 0..24), query in query()) {
        let compiled = Compiled::new(&query).expect("generated queries compile");
        let prepared = PreparedRecords::new(&records);
        prop_assert_eq!(prepared.page(&compiled), compiled.page(&records));
    }

    #[test]
    fn json_matcher_equals_compiled_matches(records in vec(record(), 0..24), query in query()) {
        let compiled = Compiled::new(&query).expect("generated queries compile");
        let mut matcher = compiled.json_matcher();
        for record in &records {
            let text = record.to_string();
            prop_assert_eq!(matcher.matches(text.as_bytes()).ok(), Some(compiled.matches(record)));
        }
    }

    #[test]
    fn typed_prepared_page_equals_compiled_page(records in vec(record(), 0..24), query in query()) {
        // A generated query may not fit the schema, such as `like` on an integer field.
        if let Ok(checked) = query.validate(&integer_schema()) {
            let compiled = Compiled::from_checked(&checked).expect("checked queries compile");
            let prepared = PreparedRecords::new(&records);
            prop_assert_eq!(prepared.page(&compiled), compiled.page(&records));
        }
    }
}
