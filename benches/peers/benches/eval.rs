//! Evaluation over 100,000 flights and 100,000 companies: this crate, the hand-written
//! closure and every peer, on the same filter and records in one run. Each peer's match count
//! is checked against the closure's before it is timed.

use std::hint::black_box;
use std::time::Duration;

use bumpalo::Bump;
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use inperium_filter::{parse_query, Compiled, PreparedRecords};
use inperium_filter_peers::data_sets::{self, DataSet};
use inperium_filter_peers::{cel_peer, datalogic_peer, jaq_peer, sqlite_peer};
use serde_json::Value;

fn evaluate(c: &mut Criterion) {
    for data_set in [data_sets::flights(), data_sets::companies()] {
        let mut group = c.benchmark_group(format!("eval_{}", data_set.name));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .throughput(Throughput::Elements(data_set.records.len() as u64));
        let expected = data_set
            .records
            .iter()
            .filter(|r| (data_set.closure)(r))
            .count();
        assert!(expected > 0, "the filter selects no {}", data_set.name);
        assert!(
            expected < data_set.records.len(),
            "the filter selects every one of the {}",
            data_set.name
        );

        bench_native(&mut group, &data_set, expected);
        bench_jsonpath(&mut group, &data_set, expected);
        bench_jsonlogic(&mut group, &data_set, expected);
        bench_cel(&mut group, &data_set, expected);
        bench_jaq(&mut group, &data_set, expected);
        bench_sqlite(&mut group, &data_set, expected);
        group.finish();
    }
}

/// Checks that a peer selects as many records as the closure, then times it.
fn timed(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    expected: usize,
    mut run: impl FnMut() -> usize,
) {
    let selected = run();
    assert_eq!(
        selected, expected,
        "{name} selects {selected} records, the closure {expected}"
    );
    group.bench_function(name, |b| b.iter(&mut run));
}

fn bench_native(group: &mut BenchmarkGroup<'_, WallTime>, data_set: &DataSet, expected: usize) {
    let records = &data_set.records;
    let closure = data_set.closure;
    timed(group, "closure", expected, || {
        records.iter().filter(|r| closure(black_box(r))).count()
    });
    let compiled =
        Compiled::new(&parse_query(data_set.query).expect("valid query")).expect("compiles");
    timed(group, "inperium_filter", expected, || {
        records
            .iter()
            .filter(|r| compiled.matches(black_box(r)))
            .count()
    });
    let prepared = PreparedRecords::new(records);
    timed(group, "inperium_filter/prepared", expected, || {
        prepared.count_matches(black_box(&compiled))
    });
    // Loading the records into columns, once per record set.
    group.bench_function("inperium_filter/prepare_load", |b| {
        b.iter(|| PreparedRecords::new(black_box(records)).len())
    });
}

fn bench_jsonpath(group: &mut BenchmarkGroup<'_, WallTime>, data_set: &DataSet, expected: usize) {
    let Ok(path) = data_set.jsonpath else {
        return;
    };
    let array = Value::Array(data_set.records.clone());
    let serde_path = serde_json_path::JsonPath::parse(path).expect("a valid JSONPath");
    timed(group, "serde_json_path", expected, || {
        serde_path.query(black_box(&array)).len()
    });
    let rust_path = jsonpath_rust::parser::parse_json_path(path).expect("a valid JSONPath");
    timed(group, "jsonpath_rust", expected, || {
        jsonpath_rust::query::js_path_process(&rust_path, black_box(&array))
            .expect("the query runs")
            .len()
    });
}

fn bench_jsonlogic(group: &mut BenchmarkGroup<'_, WallTime>, data_set: &DataSet, expected: usize) {
    let records = &data_set.records;
    let rule: Value = serde_json::from_str(data_set.jsonlogic).expect("a JSON rule");
    // jsonlogic-rs has no compiled form: `apply` reads the rule on every call.
    timed(group, "jsonlogic_rs", expected, || {
        records
            .iter()
            .filter(|r| {
                jsonlogic_rs::apply(&rule, black_box(r)).is_ok_and(|v| v == Value::Bool(true))
            })
            .count()
    });

    let engine = datalogic_rs::Engine::new();
    let logic = engine
        .compile(data_set.jsonlogic)
        .expect("the rule compiles");
    let mut scratch = Bump::new();
    timed(group, "datalogic_rs/converting", expected, || {
        records
            .iter()
            .filter(|r| datalogic_peer::matches_json(&engine, &logic, black_box(r), &mut scratch))
            .count()
    });
    let arena = Bump::new();
    let converted = datalogic_peer::convert(records, &arena);
    timed(group, "datalogic_rs/arena", expected, || {
        converted
            .iter()
            .filter(|r| {
                datalogic_peer::matches_converted(&engine, &logic, black_box(r), &mut scratch)
            })
            .count()
    });
}

fn bench_cel(group: &mut BenchmarkGroup<'_, WallTime>, data_set: &DataSet, expected: usize) {
    let records = &data_set.records;
    let program = cel::Program::compile(data_set.cel).expect("the CEL expression compiles");
    let root = cel::Context::default();
    timed(group, "cel/converting", expected, || {
        records
            .iter()
            .filter(|r| cel_peer::matches(&program, &root, cel_peer::convert(black_box(r))))
            .count()
    });
    let converted: Vec<_> = records.iter().map(cel_peer::convert).collect();
    timed(group, "cel/converted", expected, || {
        converted
            .iter()
            .filter(|r| cel_peer::matches(&program, &root, black_box(*r).clone()))
            .count()
    });
}

fn bench_jaq(group: &mut BenchmarkGroup<'_, WallTime>, data_set: &DataSet, expected: usize) {
    let records = &data_set.records;
    let filter = jaq_peer::compile(data_set.jq);
    timed(group, "jaq_core/converting", expected, || {
        records
            .iter()
            .filter(|r| jaq_peer::matches(&filter, jaq_peer::convert(black_box(r))))
            .count()
    });
    let converted: Vec<_> = records.iter().map(jaq_peer::convert).collect();
    timed(group, "jaq_core/converted", expected, || {
        converted
            .iter()
            .filter(|r| jaq_peer::matches(&filter, black_box(*r).clone()))
            .count()
    });
}

fn bench_sqlite(group: &mut BenchmarkGroup<'_, WallTime>, data_set: &DataSet, expected: usize) {
    let connection = sqlite_peer::load(data_set.name, &data_set.records);
    timed(group, "sqlite_typed_table", expected, || {
        sqlite_peer::count(
            &connection,
            data_set.name,
            black_box(data_set.sql_condition),
        )
    });
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
