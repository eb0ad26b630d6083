//! `NOT(expr)`: off by default; when enabled, evaluated with SQL's three-valued logic.

use inperium_filter::{parse_query, Compiled, ErrorKind, ParseOptions, Target};
use serde_json::{json, Value};

fn with_not() -> ParseOptions {
    ParseOptions::new().with_not(true)
}

/// Returns the `id` of each record that the query selects, in input order.
fn selected_ids(query: &str, records: &[Value]) -> Vec<i64> {
    let query = with_not().parse_query(query).expect("query parses");
    let compiled = Compiled::new(&query).expect("query compiles");
    records
        .iter()
        .filter(|record| compiled.matches(record))
        .map(|record| record["id"].as_i64().expect("records have an id"))
        .collect()
}

fn records() -> Vec<Value> {
    vec![
        json!({"id": 1, "a": 1, "b": 2}),
        json!({"id": 2, "a": 2, "b": 1}),
        json!({"id": 3, "a": null, "b": 2}),
        json!({"id": 4, "b": 1}),
    ]
}

#[test]
fn not_rejected_by_default() {
    let error = parse_query("filter=NOT(eq(a,1))").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::UnknownOperator);
    assert_eq!(error.span().start, 7);
    assert_eq!(error.span().end, 10);
    assert!(error.help().unwrap().contains("with_not(true)"));
}

#[test]
fn not_parses_in_any_case_and_prints_upper() {
    let query = with_not().parse_query("filter=not(eq(a,1))").unwrap();
    assert_eq!(query.to_string(), "filter=NOT(eq(a,1))");
    let reparsed = with_not().parse_query(&query.to_string()).unwrap();
    assert_eq!(reparsed, query);
}

#[test]
fn not_takes_exactly_one_condition() {
    let empty = with_not().parse_query("filter=NOT()").unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::InvalidArguments);
    let two = with_not()
        .parse_query("filter=NOT(eq(a,1),eq(b,2))")
        .unwrap_err();
    assert_eq!(two.kind(), ErrorKind::InvalidArguments);
    assert!(two.message().contains("exactly one"));
}

#[test]
fn not_of_comparison_excludes_nulls() {
    assert_eq!(selected_ids("filter=NOT(eq(a,1))", &records()), vec![2]);
}

#[test]
fn not_of_isnull_is_isnotnull() {
    assert_eq!(
        selected_ids("filter=NOT(isnull(a))", &records()),
        vec![1, 2]
    );
}

#[test]
fn not_of_unknown_or_stays_unknown() {
    // Record 3: OR(unknown, false) is unknown, so NOT of it selects nothing.
    assert_eq!(
        selected_ids("filter=NOT(OR(eq(a,1),eq(b,1)))", &records()),
        Vec::<i64>::new()
    );
}

#[test]
fn not_of_false_and_is_true() {
    // Record 3: AND(unknown, false) is false, so NOT of it is true; record 4 gives
    // AND(unknown, true), which is unknown.
    assert_eq!(
        selected_ids("filter=NOT(AND(eq(a,1),eq(b,1)))", &records()),
        vec![1, 2, 3]
    );
}

#[test]
fn double_not_keeps_null_rule() {
    assert_eq!(
        selected_ids("filter=NOT(NOT(eq(a,1)))", &records()),
        vec![1]
    );
}

#[test]
fn not_cannot_be_field_parameters() {
    let query = with_not().parse_query("filter=NOT(eq(a,1))").unwrap();
    let error = query.to_query_string(Target::FieldParameters).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unprintable);
    assert!(error.message().contains("NOT"));
}
