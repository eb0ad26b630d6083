//! Rendering speed of parameterized SQL for the flagship query.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use inperium_filter::parse_query;
use inperium_filter::schema::Schema;
use inperium_filter::sql::{render, Dialect, SqlOptions};

#[path = "support/records.rs"]
mod records;

const COMPANIES_SCHEMA: &str = include_str!("../data/companies.schema.json");

fn render_sql(c: &mut Criterion) {
    let schema = Schema::from_json(COMPANIES_SCHEMA).expect("the companies schema is valid");
    let query = parse_query(records::FLAGSHIP_QUERY).expect("the flagship query is valid");
    let checked = query
        .validate(&schema)
        .expect("the flagship query fits the schema");

    let mut group = c.benchmark_group("sql");
    for (name, options) in [
        (
            "postgres_columns",
            SqlOptions::new(Dialect::Postgres, "companies"),
        ),
        (
            "sqlite_columns",
            SqlOptions::new(Dialect::Sqlite, "companies"),
        ),
        (
            "postgres_document",
            SqlOptions::new(Dialect::Postgres, "companies").with_document("doc"),
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| render(black_box(&checked), &options).expect("the query renders"))
        });
    }
    group.finish();
}

criterion_group!(benches, render_sql);
criterion_main!(benches);
