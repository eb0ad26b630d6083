//! Helpers shared by the integration tests: parsing that panics with the drawn error, hand-built
//! AST nodes, evaluation over records, and the penguin data set.

#![allow(dead_code)]

use inperium_filter::{
    parse_filter, parse_query, Compiled, Error, Expr, Field, Group, GroupOp, Predicate, Query,
    Syntax, Test, Value,
};
use serde_json::Value as Json;

/// Loads the 344 Palmer penguin records, unchanged from the data file.
pub fn penguins() -> Vec<Json> {
    let text = include_str!("../data/penguins.json");
    serde_json::from_str(text).expect("penguins.json is a JSON array")
}

/// Loads the penguin records and adds to each a member `row` with its index in the file, so
/// that a test can see the order records come back in.
pub fn penguins_with_row() -> Vec<Json> {
    let mut records = penguins();
    for (index, record) in records.iter_mut().enumerate() {
        record
            .as_object_mut()
            .expect("every penguin record is an object")
            .insert("row".to_owned(), Json::from(index));
    }
    records
}

/// Returns the `row` member of each record.
pub fn rows(records: &[&Json]) -> Vec<u64> {
    records
        .iter()
        .map(|record| record["row"].as_u64().expect("record has a row"))
        .collect()
}

/// Parses a query string, panicking with the drawn error on failure.
pub fn query(input: &str) -> Query {
    parse_query(input).unwrap_or_else(|error| panic!("{input:?} failed to parse:\n{error}"))
}

/// Parses a query string that must fail, and returns the error.
pub fn query_error(input: &str) -> Error {
    match parse_query(input) {
        Ok(query) => panic!("{input:?} parsed, as {query}"),
        Err(error) => error,
    }
}

/// Parses a bare advanced expression, panicking with the drawn error on failure.
pub fn filter(input: &str) -> Expr {
    parse_filter(input).unwrap_or_else(|error| panic!("{input:?} failed to parse:\n{error}"))
}

/// Parses a bare advanced expression that must fail, and returns the error.
pub fn filter_error(input: &str) -> Error {
    match parse_filter(input) {
        Ok(expr) => panic!("{input:?} parsed, as {expr}"),
        Err(error) => error,
    }
}

/// Returns the text of `input` that the error's span covers.
pub fn spanned<'i>(input: &'i str, error: &Error) -> &'i str {
    let span = error.span();
    &input[span.start..span.end]
}

/// Returns the predicate of an expression that must be one.
pub fn predicate(expr: &Expr) -> &Predicate {
    match expr {
        Expr::Predicate(predicate) => predicate,
        Expr::Group(group) => panic!("expected a predicate, found {group:?}"),
    }
}

/// Returns the predicate of the condition at `index`.
pub fn condition(query: &Query, index: usize) -> &Predicate {
    predicate(&query.conditions[index].expr)
}

/// Returns the texts of a test's values, in order.
pub fn value_texts(test: &Test) -> Vec<String> {
    test.values()
        .into_iter()
        .map(|value| value.text.clone())
        .collect()
}

/// Builds `eq(field,value)` with a bare field and an unquoted value.
pub fn eq(field: &str, value: &str) -> Expr {
    Expr::Predicate(Predicate::new(
        Field::new(field),
        Test::Eq(Value::new(value)),
    ))
}

/// Builds a predicate with a bare field.
pub fn call(field: &str, test: Test) -> Expr {
    Expr::Predicate(Predicate::new(Field::new(field), test))
}

/// Builds an `AND` group.
pub fn and(members: Vec<Expr>) -> Expr {
    Expr::Group(Group::new(GroupOp::And, members))
}

/// Builds an `OR` group.
pub fn or(members: Vec<Expr>) -> Expr {
    Expr::Group(Group::new(GroupOp::Or, members))
}

/// Builds a query with one condition.
pub fn single(syntax: Syntax, expr: Expr) -> Query {
    Query::new().with_condition(syntax, expr)
}

/// Returns whether the advanced expression `expression` matches `record`.
pub fn matches(expression: &str, record: &Json) -> bool {
    let query = single(Syntax::Advanced, filter(expression));
    Compiled::new(&query)
        .expect("a parsed expression compiles")
        .matches(record)
}

/// Returns the indices of the records that the advanced expression matches.
pub fn selected(expression: &str, records: &[Json]) -> Vec<usize> {
    let query = single(Syntax::Advanced, filter(expression));
    let compiled = Compiled::new(&query).expect("a parsed expression compiles");
    (0..records.len())
        .filter(|&index| compiled.matches(&records[index]))
        .collect()
}

/// Returns the indices of the records for which `keep` is true.
pub fn indices_where(records: &[Json], keep: impl Fn(&Json) -> bool) -> Vec<usize> {
    (0..records.len())
        .filter(|&index| keep(&records[index]))
        .collect()
}

/// Returns how many terminal columns `text` takes, counting a CJK ideograph as two; the inputs
/// that tests draw hold no other wide characters.
fn columns(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Checks that the error draws `input` on line 1 with carets under exactly its span. Only for
/// single-line inputs short enough to be drawn whole and free of control characters.
pub fn assert_caret(input: &str, error: &Error) {
    let span = error.span();
    let column = columns(&input[..span.start]);
    let width = columns(&input[span.start..span.end]).max(1);
    let drawing = error.to_string();
    let lines: Vec<&str> = drawing.lines().collect();

    assert_eq!(
        lines[0],
        format!("error: {}", error.message()),
        "{input:?}: {drawing}"
    );
    assert_eq!(lines[1], "  |", "{input:?}: {drawing}");
    assert_eq!(lines[2], format!("1 | {input}"), "{input:?}: {drawing}");
    assert_eq!(
        lines[3],
        format!("  | {}{}", " ".repeat(column), "^".repeat(width)),
        "{input:?}: {drawing}"
    );
}
