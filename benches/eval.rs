//! Evaluation speed over 100,000 flights and 100,000 companies (`support/records.rs`): the
//! filter alone, untyped and typed, next to a hand-written closure testing the same condition,
//! then sorting and paging.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use inperium_filter::schema::{FieldSchema, FieldType, Schema};
use inperium_filter::{parse_query, Compiled, PreparedRecords, Query};
use serde_json::Value;

#[path = "support/records.rs"]
mod records;

use records::{COMPANIES_FILTER, FLIGHTS_FILTER};

const COMPANIES_SCHEMA: &str = include_str!("../data/companies.schema.json");

/// `OR` of two `AND` groups, with `in`, `gt`, `like` and `lte`.
const MIXED: &str = "filter=OR(AND(in(origin,SFO,LAX,SEA,PDX),gt(delay,30)),AND(like(destination,AS),lte(distance,500)))";

fn query(text: &str) -> Query {
    parse_query(text).expect("the benchmark query is valid")
}

fn flights_schema() -> Schema {
    Schema::new()
        .with_field("date", FieldSchema::new(FieldType::Text))
        .with_field("delay", FieldSchema::new(FieldType::Integer))
        .with_field("distance", FieldSchema::new(FieldType::Integer))
        .with_field("origin", FieldSchema::new(FieldType::Text))
        .with_field("destination", FieldSchema::new(FieldType::Text))
}

/// The flights filter written by hand for the known record shape.
fn flights_closure(record: &Value) -> bool {
    let number = |name: &str| record.get(name).and_then(Value::as_f64);
    number("delay").is_some_and(|delay| delay > 60.0)
        || (number("distance").is_some_and(|distance| distance > 1000.0)
            && record.get("origin").and_then(Value::as_str) == Some("LAS"))
}

/// The companies filter written by hand: `employeeCount` is numeric text.
fn companies_closure(record: &Value) -> bool {
    let Some(properties) = record.get("properties") else {
        return false;
    };
    properties
        .get("annualRevenue")
        .and_then(Value::as_f64)
        .is_some_and(|revenue| revenue > 500_000.0)
        || (properties
            .get("employeeCount")
            .and_then(Value::as_str)
            .and_then(|text| text.parse::<f64>().ok())
            .is_some_and(|count| count > 1000.0)
            && properties.get("country").and_then(Value::as_str) == Some("US"))
}

fn count(records: &[Value], test: impl Fn(&Value) -> bool) -> usize {
    records
        .iter()
        .filter(|record| test(black_box(record)))
        .count()
}

fn filter(c: &mut Criterion) {
    let flights = records::flights();
    let companies = records::companies();
    let companies_schema = Schema::from_json(COMPANIES_SCHEMA).expect("valid schema");
    let typed = |text: &str, schema: &Schema| {
        let checked = query(text)
            .validate(schema)
            .expect("the query fits the schema");
        Compiled::from_checked(&checked).expect("the query compiles")
    };
    let untyped = |text: &str| Compiled::new(&query(text)).expect("the query compiles");

    let flights_untyped = untyped(FLIGHTS_FILTER);
    let flights_typed = typed(FLIGHTS_FILTER, &flights_schema());
    let companies_untyped = untyped(COMPANIES_FILTER);
    let companies_typed = typed(COMPANIES_FILTER, &companies_schema);
    let expected = count(&flights, flights_closure);
    assert_eq!(count(&flights, |r| flights_untyped.matches(r)), expected);
    assert_eq!(count(&flights, |r| flights_typed.matches(r)), expected);
    let expected = count(&companies, companies_closure);
    assert_eq!(
        count(&companies, |r| companies_untyped.matches(r)),
        expected
    );
    assert_eq!(count(&companies, |r| companies_typed.matches(r)), expected);

    let mut group = c.benchmark_group("filter_100k");
    group.throughput(Throughput::Elements(records::RECORD_COUNT as u64));
    group.bench_function("flights/closure", |b| {
        b.iter(|| count(&flights, flights_closure))
    });
    group.bench_function("flights/untyped", |b| {
        b.iter(|| count(&flights, |r| flights_untyped.matches(r)))
    });
    group.bench_function("flights/typed", |b| {
        b.iter(|| count(&flights, |r| flights_typed.matches(r)))
    });
    group.bench_function("companies/closure", |b| {
        b.iter(|| count(&companies, companies_closure))
    });
    group.bench_function("companies/untyped", |b| {
        b.iter(|| count(&companies, |r| companies_untyped.matches(r)))
    });
    group.bench_function("companies/typed", |b| {
        b.iter(|| count(&companies, |r| companies_typed.matches(r)))
    });
    let flights_prepared = PreparedRecords::new(&flights);
    let companies_prepared = PreparedRecords::new(&companies);
    group.bench_function("flights/prepared", |b| {
        b.iter(|| flights_prepared.count_matches(black_box(&flights_untyped)))
    });
    group.bench_function("companies/prepared", |b| {
        b.iter(|| companies_prepared.count_matches(black_box(&companies_untyped)))
    });
    group.bench_function("companies/prepared_typed", |b| {
        b.iter(|| companies_prepared.count_matches(black_box(&companies_typed)))
    });
    for (name, text) in [
        ("flights/eq", "filter=eq(origin,SFO)"),
        ("flights/mixed", MIXED),
        ("flights/btn", "filter=btn(distance,500,1000)"),
    ] {
        let compiled = untyped(text);
        let matching = count(&flights, |r| compiled.matches(r));
        assert!(
            0 < matching && matching < flights.len(),
            "{name} should select some records but not all, and selects {matching}"
        );
        group.bench_function(name, |b| {
            b.iter(|| count(&flights, |r| compiled.matches(r)))
        });
    }
    group.finish();
}

fn page(c: &mut Criterion) {
    let flights = records::flights();
    let companies = records::companies();
    let sorted = Compiled::new(&query("sort=-delay&pageNumber=3&pageSize=50")).expect("compiles");
    let filtered_sorted = Compiled::new(&query(&format!(
        "{FLIGHTS_FILTER}&sort=-delay,origin&pageNumber=2&pageSize=25"
    )))
    .expect("compiles");
    let unsorted = Compiled::new(&query(&format!(
        "{COMPANIES_FILTER}&pageNumber=2&pageSize=25"
    )))
    .expect("compiles");
    assert_eq!(sorted.page(&flights).data.len(), 50);
    assert_eq!(filtered_sorted.page(&flights).data.len(), 25);
    assert_eq!(unsorted.page(&companies).data.len(), 25);

    let mut group = c.benchmark_group("page_100k");
    group.throughput(Throughput::Elements(records::RECORD_COUNT as u64));
    group.bench_function("flights/sort_delay_descending", |b| {
        b.iter(|| sorted.page(black_box(&flights)))
    });
    group.bench_function("flights/filter_sort_two_keys", |b| {
        b.iter(|| filtered_sorted.page(black_box(&flights)))
    });
    group.bench_function("companies/filter_unsorted", |b| {
        b.iter(|| unsorted.page(black_box(&companies)))
    });
    group.finish();
}

/// NDJSON lines in memory: the JSON matcher against decoding each line into a whole `Value` and
/// testing it with the closure.
fn ndjson(c: &mut Criterion) {
    let flights = records::flights();
    let companies = records::companies();
    let mut group = c.benchmark_group("ndjson_100k");
    group.throughput(Throughput::Elements(records::RECORD_COUNT as u64));
    for (name, records, text, closure) in [
        (
            "flights",
            &flights,
            FLIGHTS_FILTER,
            flights_closure as fn(&Value) -> bool,
        ),
        ("companies", &companies, COMPANIES_FILTER, companies_closure),
    ] {
        let lines = records::to_ndjson(records);
        let compiled = Compiled::new(&query(text)).expect("the query compiles");
        let mut matcher = compiled.json_matcher();
        let expected = count(records, closure);
        let matched = lines
            .lines()
            .filter(|line| matcher.matches(line.as_bytes()).expect("valid JSON"))
            .count();
        assert_eq!(matched, expected);
        group.bench_function(format!("{name}/json_matcher"), |b| {
            b.iter(|| {
                lines
                    .lines()
                    .filter(|line| matcher.matches(black_box(line.as_bytes())).expect("valid"))
                    .count()
            })
        });
        group.bench_function(format!("{name}/value_closure"), |b| {
            b.iter(|| {
                lines
                    .lines()
                    .filter(|line| {
                        closure(&serde_json::from_str::<Value>(black_box(line)).expect("valid"))
                    })
                    .count()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, filter, page, ndjson);
criterion_main!(benches);
