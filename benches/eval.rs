//! Evaluation speed over the 20,000 flight records of `tests/data/flights-20k.json`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use inperium_filter::{parse_query, Compiled, Query};
use serde_json::Value;

const RECORDS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/flights-20k.json");

/// `OR` of two `AND` groups, with `in`, `gt`, `like` and `lte`.
const MIXED: &str = "filter=OR(AND(in(origin,SFO,LAX,SEA,PDX),gt(delay,30)),AND(like(destination,AS),lte(distance,500)))";

fn load_records() -> Vec<Value> {
    let text = std::fs::read_to_string(RECORDS_PATH).expect("reading the flight records");
    serde_json::from_str(&text).expect("the flight records are a JSON array")
}

fn query(text: &str) -> Query {
    parse_query(text).expect("the benchmark query is valid")
}

fn compile(c: &mut Criterion) {
    let mixed = query(MIXED);
    c.bench_function("compile/mixed", |b| {
        b.iter(|| Compiled::new(black_box(&mixed)).expect("the query compiles"))
    });
}

fn filter(c: &mut Criterion) {
    let records = load_records();
    let cases = [
        ("eq", "filter=eq(origin,SFO)"),
        ("mixed", MIXED),
        ("btn", "filter=btn(distance,500,1000)"),
    ];

    let mut group = c.benchmark_group("filter");
    group.throughput(Throughput::Elements(records.len() as u64));
    for (name, text) in cases {
        let compiled = Compiled::new(&query(text)).expect("the query compiles");
        let matching = records
            .iter()
            .filter(|record| compiled.matches(record))
            .count();
        assert!(
            0 < matching && matching < records.len(),
            "{name} should select some records but not all, and selects {matching}"
        );
        group.bench_function(name, |b| {
            b.iter(|| {
                records
                    .iter()
                    .filter(|record| compiled.matches(black_box(record)))
                    .count()
            })
        });
    }
    group.finish();
}

fn page(c: &mut Criterion) {
    let records = load_records();
    let compiled =
        Compiled::new(&query("sort=-delay&pageNumber=3&pageSize=50")).expect("the query compiles");
    assert_eq!(compiled.page(&records).data.len(), 50);

    let mut group = c.benchmark_group("page");
    group.throughput(Throughput::Elements(records.len() as u64));
    group.bench_function("sort_delay_descending", |b| {
        b.iter(|| compiled.page(black_box(&records)))
    });
    group.finish();
}

criterion_group!(benches, compile, filter, page);
criterion_main!(benches);
