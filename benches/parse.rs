//! Parsing and printing speed over the query shapes of the API reference.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use inperium_filter::parse_query;

/// The API reference's advanced filter, with sort and paging.
const REFERENCE: &str = "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))&sort=-country&pageNumber=2";

/// Returns `filter=in(id,0,1,...,999)`: one list of 1000 values, the default maximum.
fn long_in_list() -> String {
    let values: Vec<String> = (0..1000).map(|value| value.to_string()).collect();
    format!("filter=in(id,{})", values.join(","))
}

fn parse(c: &mut Criterion) {
    let cases = [
        ("basic", "country=US&type=PARTNER".to_owned()),
        (
            "match_type",
            "fullName=like::L&employeeCount=gt::1000&country=in::US,CA,MX&zip=isnull::".to_owned(),
        ),
        ("advanced_reference", REFERENCE.to_owned()),
        ("in_list_1000", long_in_list()),
        (
            "percent_encoded",
            "filter=OR(eq(%22Beak%20Length%20(mm)%22,40),like(city,New+York))\
             &country=%E5%8C%97%E4%BA%AC&note=eq::%22a%2Cb%22&sort=-%22Body%20Mass%20(g)%22"
                .to_owned(),
        ),
    ];

    let mut group = c.benchmark_group("parse");
    for (name, input) in &cases {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| parse_query(black_box(input)).expect("the benchmark input is valid"))
        });
    }
    group.finish();
}

fn print(c: &mut Criterion) {
    let query = parse_query(REFERENCE).expect("the reference query is valid");
    let printed = query.to_string();

    let mut group = c.benchmark_group("print");
    group.throughput(Throughput::Bytes(printed.len() as u64));
    group.bench_function("advanced_reference", |b| {
        b.iter(|| black_box(&query).to_string())
    });
    group.finish();
}

criterion_group!(benches, parse, print);
criterion_main!(benches);
