//! Parsing, validation, compiling and printing speed over the query shapes of the API
//! reference.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use inperium_filter::schema::Schema;
use inperium_filter::{parse_query, Compiled, ParseOptions};

#[path = "support/records.rs"]
mod records;

use records::{fifty_condition_query, FLAGSHIP_QUERY, SIMPLE_QUERY};

const COMPANIES_SCHEMA: &str = include_str!("../data/companies.schema.json");

/// Returns `filter=in(id,0,1,...,999)`: one list of 1000 values, the default maximum.
fn long_in_list() -> String {
    let values: Vec<String> = (0..1000).map(|value| value.to_string()).collect();
    format!("filter=in(id,{})", values.join(","))
}

fn parse(c: &mut Criterion) {
    let cases = [
        ("simple", SIMPLE_QUERY.to_owned()),
        ("flagship", FLAGSHIP_QUERY.to_owned()),
        ("fifty_conditions", fifty_condition_query()),
        ("basic", "country=US&type=PARTNER".to_owned()),
        (
            "match_type",
            "fullName=like::L&employeeCount=gt::1000&country=in::US,CA,MX&zip=isnull::".to_owned(),
        ),
        ("in_list_1000", long_in_list()),
        (
            "percent_encoded",
            "filter=OR(eq(%22Beak%20Length%20(mm)%22,40),like(city,New+York))\
             &country=%E5%8C%97%E4%BA%AC&note=eq::%22a%2Cb%22&sort=-%22Body%20Mass%20(g)%22"
                .to_owned(),
        ),
    ];

    // The same inputs with the hand-written reader, the default, and with the grammar alone.
    for (group_name, fast_path) in [("parse", true), ("parse_grammar_only", false)] {
        let options = ParseOptions::new().with_fast_path(fast_path);
        let mut group = c.benchmark_group(group_name);
        for (name, input) in &cases {
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_function(*name, |b| {
                b.iter(|| {
                    options
                        .parse_query(black_box(input))
                        .expect("the benchmark input is valid")
                })
            });
        }
        group.finish();
    }
}

/// Validation against the companies schema, and compiling with and without it.
fn validate_and_compile(c: &mut Criterion) {
    let schema = Schema::from_json(COMPANIES_SCHEMA).expect("the companies schema is valid");
    let query = parse_query(FLAGSHIP_QUERY).expect("the flagship query is valid");
    let checked = query
        .validate(&schema)
        .expect("the flagship query fits the schema");

    let mut group = c.benchmark_group("prepare");
    group.bench_function("validate_flagship", |b| {
        b.iter(|| black_box(&query).validate(&schema).expect("valid"))
    });
    group.bench_function("compile_flagship", |b| {
        b.iter(|| Compiled::new(black_box(&query)).expect("the query compiles"))
    });
    group.bench_function("compile_checked_flagship", |b| {
        b.iter(|| Compiled::from_checked(black_box(&checked)).expect("the query compiles"))
    });
    for (name, text) in [
        ("parse_compile_simple", SIMPLE_QUERY.to_owned()),
        ("parse_compile_flagship", FLAGSHIP_QUERY.to_owned()),
        ("parse_compile_fifty_conditions", fifty_condition_query()),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let query = parse_query(black_box(&text)).expect("valid");
                Compiled::new(&query).expect("the query compiles")
            })
        });
    }
    group.finish();
}

fn print(c: &mut Criterion) {
    let query = parse_query(FLAGSHIP_QUERY).expect("the flagship query is valid");
    let printed = query.to_string();

    let mut group = c.benchmark_group("print");
    group.throughput(Throughput::Bytes(printed.len() as u64));
    group.bench_function("flagship", |b| b.iter(|| black_box(&query).to_string()));
    group.finish();
}

criterion_group!(benches, parse, validate_and_compile, print);
criterion_main!(benches);
