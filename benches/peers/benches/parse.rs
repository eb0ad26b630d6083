//! Parsing and compiling the simple, flagship and 50-condition filters: this crate next to
//! peers that read an equivalent expression in their own language.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use inperium_filter::{parse_query, Compiled};
use inperium_filter_peers::records::{fifty_conditions, COMPANIES_FILTER, SIMPLE_QUERY};

/// One filter written in every language.
struct Expressions {
    name: &'static str,
    ours: String,
    jsonpath: String,
    jsonlogic: String,
    rsql: String,
    aip160: String,
    odata: String,
    cel: String,
}

fn simple() -> Expressions {
    Expressions {
        name: "simple",
        ours: SIMPLE_QUERY.to_owned(),
        jsonpath: "$[?@.country == 'US']".to_owned(),
        jsonlogic: r#"{"==":[{"var":"country"},"US"]}"#.to_owned(),
        rsql: "country==US".to_owned(),
        aip160: "country = \"US\"".to_owned(),
        odata: "country eq 'US'".to_owned(),
        cel: "r.country == \"US\"".to_owned(),
    }
}

fn flagship() -> Expressions {
    Expressions {
        name: "flagship",
        ours: COMPANIES_FILTER.to_owned(),
        jsonpath: "$[?@.annualRevenue > 500000 || (@.employeeCount > 1000 && @.country == 'US')]".to_owned(),
        jsonlogic: r#"{"or":[{">":[{"var":"annualRevenue"},500000]},{"and":[{">":[{"var":"employeeCount"},1000]},{"==":[{"var":"country"},"US"]}]}]}"#.to_owned(),
        rsql: "annualRevenue=gt=500000,(employeeCount=gt=1000;country==US)".to_owned(),
        aip160: "annualRevenue > 500000 OR (employeeCount > 1000 AND country = \"US\")".to_owned(),
        odata: "annualRevenue gt 500000 or (employeeCount gt 1000 and country eq 'US')".to_owned(),
        cel: "r.annualRevenue > 500000 || (r.employeeCount > 1000 && r.country == \"US\")".to_owned(),
    }
}

fn fifty() -> Expressions {
    let conditions = fifty_conditions();
    let join = |each: &dyn Fn(&str, &str, &str) -> String, separator: &str| {
        conditions
            .iter()
            .map(|(operator, field, literal)| each(operator, field, literal))
            .collect::<Vec<_>>()
            .join(separator)
    };
    let is_number = |literal: &str| literal.parse::<f64>().is_ok();
    let symbol = |operator: &str| match operator {
        "eq" => "==",
        "neq" => "!=",
        "gt" => ">",
        "gte" => ">=",
        "lt" => "<",
        _ => "<=",
    };
    let jsonpath_literal = |literal: &str| {
        if is_number(literal) {
            literal.to_owned()
        } else {
            format!("'{literal}'")
        }
    };
    let json_literal = |literal: &str| {
        if is_number(literal) {
            literal.to_owned()
        } else {
            format!("\"{literal}\"")
        }
    };
    Expressions {
        name: "fifty_conditions",
        ours: format!(
            "filter=AND({})",
            join(&|o, f, l| format!("{o}({f},{l})"), ",")
        ),
        jsonpath: format!(
            "$[?{}]",
            join(
                &|o, f, l| format!("@.{f} {} {}", symbol(o), jsonpath_literal(l)),
                " && "
            )
        ),
        jsonlogic: format!(
            r#"{{"and":[{}]}}"#,
            join(
                &|o, f, l| format!(
                    r#"{{"{}":[{{"var":"{f}"}},{}]}}"#,
                    symbol(o),
                    json_literal(l)
                ),
                ","
            )
        ),
        rsql: join(
            &|o, f, l| {
                let operator = match o {
                    "eq" => "==",
                    "neq" => "!=",
                    "gt" => "=gt=",
                    "gte" => "=ge=",
                    "lt" => "=lt=",
                    _ => "=le=",
                };
                format!("{f}{operator}{l}")
            },
            ";",
        ),
        aip160: join(
            &|o, f, l| format!("{f} {} {}", symbol(o).replace("==", "="), json_literal(l)),
            " AND ",
        ),
        odata: join(
            &|o, f, l| {
                let operator = match o {
                    "neq" => "ne",
                    "gte" => "ge",
                    "lte" => "le",
                    other => other,
                };
                format!("{f} {operator} {}", jsonpath_literal(l))
            },
            " and ",
        ),
        cel: join(
            &|o, f, l| format!("r.{f} {} {}", symbol(o), json_literal(l)),
            " && ",
        ),
    }
}

fn parse(c: &mut Criterion) {
    let engine = datalogic_rs::Engine::new();
    for expressions in [simple(), flagship(), fifty()] {
        let mut group = c.benchmark_group(format!("parse_{}", expressions.name));
        let e = &expressions;
        group.bench_function("inperium_filter/parse_compile", |b| {
            b.iter(|| {
                let query = parse_query(black_box(&e.ours)).expect("valid");
                Compiled::new(&query).expect("compiles")
            })
        });
        group.bench_function("inperium_filter/parse", |b| {
            b.iter(|| parse_query(black_box(&e.ours)).expect("valid"))
        });
        group.bench_function("serde_json_path", |b| {
            b.iter(|| serde_json_path::JsonPath::parse(black_box(&e.jsonpath)).expect("valid"))
        });
        group.bench_function("jsonpath_rust", |b| {
            b.iter(|| {
                jsonpath_rust::parser::parse_json_path(black_box(&e.jsonpath)).expect("valid")
            })
        });
        group.bench_function("datalogic_rs", |b| {
            b.iter(|| {
                engine
                    .compile(black_box(e.jsonlogic.as_str()))
                    .expect("valid")
            })
        });
        group.bench_function("cel", |b| {
            b.iter(|| cel::Program::compile(black_box(&e.cel)).expect("valid"))
        });
        group.bench_function("rest_sql", |b| {
            b.iter(|| rest_sql::parsing::parse(black_box(&e.rsql)).expect("valid"))
        });
        group.bench_function("aip_160", |b| {
            b.iter(|| aip_160::parse_filter(black_box(&e.aip160)).expect("valid"))
        });
        group.bench_function("odata_params", |b| {
            b.iter(|| odata_params::filters::parse_str(black_box(&e.odata)).expect("valid"))
        });
        group.finish();
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);
