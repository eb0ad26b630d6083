//! Input an attacker controls: a mebibyte of text, deep builder trees, long lists, many
//! parameters, long runs of `%` escapes, invalid UTF-8 once decoded, control and bidirectional
//! characters, and numbers at and past the edge of `f64`. Each test bounds the size of its input
//! and checks the result or the exact error, never the time taken. `benches/growth.rs` shows that
//! parsing time grows linearly with input size. Deeply nested text is in `deep_nesting.rs`.

mod common;

use std::thread;

use common::{query, query_error, spanned};
use inperium_filter::schema::{DiagnosticKind, FieldSchema, FieldType, Schema};
use inperium_filter::sql::{render, Dialect, SqlOptions, SqlValue};
use inperium_filter::{
    and, field, not, or, parse_query, Compiled, ErrorKind, Expr, ParseOptions, Query, Span, Test,
};
use serde_json::{json, Value as Json};

const MIB: usize = 1 << 20;

/// The default input limit of [`ParseOptions`].
const DEFAULT_MAX_INPUT: usize = 64 * 1024;

/// Options with no input limit, so that large input reaches the other limits.
fn unlimited_input() -> ParseOptions {
    ParseOptions::new().with_max_input_len(usize::MAX)
}

/// Returns the ids of the records that `query_text` selects, up to 100.
fn selected(query_text: &str, records: &[Json]) -> Vec<i64> {
    let query = ParseOptions::new()
        .with_max_page_size(100)
        .parse_query(&format!("{query_text}&pageSize=100"))
        .unwrap_or_else(|error| panic!("{query_text:?} failed to parse:\n{error}"));
    let page = Compiled::new(&query).expect("compiles").page(records);
    page.data
        .iter()
        .map(|record| record["id"].as_i64().unwrap())
        .collect()
}

/// Runs `body` on a thread with the 2 MiB stack of Rust's spawned threads.
fn on_2_mib_stack<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(body)
        .expect("spawning a thread")
        .join()
        .expect("the thread panicked")
}

// ---- a mebibyte of input ----

#[test]
fn mebibyte_query_is_too_long() {
    let input = format!("a={}", "x".repeat(MIB - 2));
    let error = query_error(&input);
    assert_eq!(error.kind(), ErrorKind::InputTooLong);
    assert_eq!(error.span(), Span::new(DEFAULT_MAX_INPUT, MIB));
    assert!(
        error.message().contains("1048576 bytes"),
        "{}",
        error.message()
    );
}

#[test]
fn mebibyte_value_parses_when_allowed() {
    let input = format!("a={}", "x".repeat(MIB - 2));
    let query = unlimited_input().parse_query(&input).unwrap();
    assert_eq!(query.to_string(), input);
    let record = json!({"id": 1, "a": "x".repeat(MIB - 2)});
    assert!(Compiled::new(&query).unwrap().matches(&record));
}

#[test]
fn mebibyte_quoted_filter_parses_when_allowed() {
    let escaped = r#"\""#.repeat((MIB - 20) / 2);
    let input = format!(r#"filter=eq(a,"{escaped}")"#);
    let query = unlimited_input().parse_query(&input).unwrap();
    let expr = &query.conditions[0].expr;
    let Expr::Predicate(predicate) = expr else {
        panic!("expected a predicate")
    };
    let Test::Eq(value) = &predicate.test else {
        panic!("expected eq")
    };
    assert_eq!(value.text, "\"".repeat((MIB - 20) / 2));
}

#[test]
fn mebibyte_of_ampersands_is_empty_query() {
    let input = "&".repeat(MIB);
    let query = unlimited_input().parse_query(&input).unwrap();
    assert!(query.conditions.is_empty());
    assert_eq!(query.to_string(), "");
}

#[test]
fn mebibyte_of_commas_in_list_is_missing_item() {
    let input = format!("filter=in(a,{})", ",".repeat(MIB));
    let error = unlimited_input().parse_query(&input).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::MissingValue, "{error}");
    assert_eq!(error.span(), Span::new(12, 12));
}

// ---- 100,000 levels built in code ----

/// Builds 100,000 levels with the builder: `NOT`, `AND` and `OR` in turn, each group around
/// the level below and one predicate.
fn built_100_000_levels() -> Expr {
    let mut expr = field("a").eq(1);
    for level in 1..100_000 {
        expr = match level % 3 {
            0 => not(expr),
            1 => and([expr, field("b").eq(level)]),
            _ => or([field("c").is_null(), expr]),
        };
    }
    expr
}

#[test]
fn builder_100_000_levels_is_rejected_and_dropped() {
    on_2_mib_stack(|| {
        let expr = built_100_000_levels();
        assert_eq!(expr.depth(), 100_000);
        let query = Query::new().with_filter(expr);

        let error = Compiled::new(&query).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");

        let schema = Schema::new()
            .with_field("a", FieldSchema::new(FieldType::Integer))
            .with_field("b", FieldSchema::new(FieldType::Integer))
            .with_field("c", FieldSchema::new(FieldType::Text));
        let diagnostics = query.validate(&schema).unwrap_err();
        let kinds: Vec<DiagnosticKind> = diagnostics.iter().map(|found| found.kind).collect();
        assert_eq!(kinds, [DiagnosticKind::DepthLimitExceeded]);
        drop(query);
    });
}

#[test]
fn builder_100_000_levels_prints() {
    on_2_mib_stack(|| {
        let text = Query::new().with_filter(built_100_000_levels()).to_string();
        assert!(
            text.starts_with("filter=NOT(OR(isnull(c),AND(NOT(OR("),
            "{}",
            &text[..40]
        );
        assert_eq!(text.matches('(').count(), text.matches(')').count());
        let error = unlimited_input().parse_query(&text).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");
    });
}

// ---- 100,000 list items ----

fn list_of(items: usize) -> String {
    let values: Vec<String> = (1..=items).map(|item| item.to_string()).collect();
    values.join(",")
}

#[test]
fn list_100_000_items_stops_at_limit() {
    let list = list_of(100_000);
    for input in [format!("filter=in(a,{list})"), format!("a=nin::{list}")] {
        let error = unlimited_input().parse_query(&input).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ListTooLong, "{error}");
        assert_eq!(spanned(&input, &error), "1001");
    }
}

#[test]
fn list_100_000_items_parses_when_allowed() {
    let input = format!("filter=in(a,{})", list_of(100_000));
    let query = unlimited_input()
        .with_max_list_items(100_000)
        .parse_query(&input)
        .unwrap();
    let compiled = Compiled::new(&query).unwrap();
    assert!(compiled.matches(&json!({"a": 99_999})));
    assert!(!compiled.matches(&json!({"a": 100_001})));
    assert_eq!(query.to_string(), input);
}

#[test]
fn sql_over_parameter_limit_is_error() {
    let input = format!("filter=in(n,{})", list_of(40_000));
    let query = unlimited_input()
        .with_max_list_items(40_000)
        .parse_query(&input)
        .unwrap();
    let schema = Schema::new().with_field("n", FieldSchema::new(FieldType::Integer));
    let schema = Schema {
        max_list_items: 40_000,
        ..schema
    };
    let checked = query.validate(&schema).unwrap();

    let error = render(&checked, &SqlOptions::new(Dialect::Sqlite, "t")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InputTooLong, "{error}");
    assert!(error.message().contains("40002 parameters"), "{error}");
    assert!(error.message().contains("32766"), "{error}");
    let postgres = render(&checked, &SqlOptions::new(Dialect::Postgres, "t")).unwrap();
    assert_eq!(postgres.params.len(), 40_002);
}

/// Fills the default 64 KiB input with `a=in::1,1,...` parameters of 1000 values each, the most
/// bound parameters per byte that the default limits allow.
fn densest_default_query() -> String {
    let full = format!("a=in::{}", vec!["1"; 1000].join(","));
    let mut parameters = Vec::new();
    let mut length = 0;
    while length + full.len() < DEFAULT_MAX_INPUT {
        length += full.len() + 1;
        parameters.push(full.clone());
    }
    let room = (DEFAULT_MAX_INPUT - length - "a=in::".len()).div_ceil(2);
    parameters.push(format!("a=in::{}", vec!["1"; room].join(",")));
    parameters.join("&")
}

#[test]
fn densest_default_query_runs_in_sqlite() {
    let input = densest_default_query();
    assert!(input.len() <= DEFAULT_MAX_INPUT, "{}", input.len());
    assert!(input.len() >= DEFAULT_MAX_INPUT - 1, "{}", input.len());
    let schema = Schema::new().with_field("a", FieldSchema::new(FieldType::Integer));
    let checked = query(&input).validate(&schema).unwrap();
    let sql = render(&checked, &SqlOptions::new(Dialect::Sqlite, "t")).unwrap();
    assert!(sql.params.len() > 32_000, "{}", sql.params.len());

    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute("CREATE TABLE t (a INTEGER)", []).unwrap();
    conn.execute("INSERT INTO t VALUES (1), (2)", []).unwrap();
    let params: Vec<i64> = sql
        .params
        .iter()
        .map(|param| match param {
            SqlValue::Integer(integer) => *integer,
            other => panic!("unexpected parameter {other:?}"),
        })
        .collect();
    let mut statement = conn.prepare(&sql.sql).unwrap();
    let rows: Vec<i64> = statement
        .query_map(rusqlite::params_from_iter(params), |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows, [1]);
}

// ---- 10,000 parameters ----

#[test]
fn parameters_10_000_parse_print_and_evaluate() {
    let parameters: Vec<String> = (0..10_000).map(|i| format!("f{i}=gte::{i}")).collect();
    let input = parameters.join("&");
    let query = unlimited_input().parse_query(&input).unwrap();
    assert_eq!(query.conditions.len(), 10_000);
    assert_eq!(query.to_string(), input);

    let mut record = serde_json::Map::new();
    for i in 0..10_000 {
        record.insert(format!("f{i}"), json!(i));
    }
    let record = Json::Object(record);
    assert!(Compiled::new(&query).unwrap().matches(&record));
}

#[test]
fn repeated_eq_warns_once_per_repeat() {
    let parameters: Vec<String> = (0..10_000).map(|i| format!("a={i}")).collect();
    let query = unlimited_input()
        .parse_query(&parameters.join("&"))
        .unwrap();
    assert_eq!(query.conditions.len(), 10_000);
    let schema = Schema::new().with_field("a", FieldSchema::new(FieldType::Integer));
    let checked = query.validate(&schema).unwrap();
    assert_eq!(checked.warnings().len(), 9_999);
    let sql = render(&checked, &SqlOptions::new(Dialect::Sqlite, "t")).unwrap();
    assert_eq!(sql.params.len(), 10_002);
}

#[test]
fn sort_10_000_keys_parses() {
    let keys: Vec<String> = (0..10_000).map(|i| format!("-k{i}")).collect();
    let input = format!("sort={}", keys.join(","));
    let query = unlimited_input().parse_query(&input).unwrap();
    assert_eq!(query.sort.as_ref().unwrap().keys.len(), 10_000);
    assert_eq!(query.to_string(), input);
}

// ---- runs of percent escapes ----

#[test]
fn long_run_of_escapes_decodes() {
    let input = format!("a={}", "%41".repeat(20_000));
    let query = query(&input);
    let predicate = common::condition(&query, 0);
    assert_eq!(common::value_texts(&predicate.test), ["A".repeat(20_000)]);
    assert_eq!(query.to_string(), format!("a={}", "A".repeat(20_000)));
}

#[test]
fn long_run_of_percent_signs_fails_at_first() {
    let input = format!("a={}", "%".repeat(60_000));
    let error = query_error(&input);
    assert_eq!(error.kind(), ErrorKind::InvalidEncoding);
    assert_eq!(error.span(), Span::new(2, 5));
}

#[test]
fn escaped_invalid_utf8_after_long_run() {
    for (bad, length) in [("%FF", 3), ("%C3", 3), ("%C3%28", 3), ("%ED%A0%80", 3)] {
        let input = format!("a={}{bad}x", "%41".repeat(10_000));
        let error = query_error(&input);
        assert_eq!(error.kind(), ErrorKind::InvalidEncoding, "{bad}");
        assert_eq!(error.span(), Span::new(30_002, 30_002 + length), "{bad}");
    }
}

#[test]
fn escaped_invalid_utf8_in_name_and_filter() {
    for (input, start) in [("%FF=1", 0), ("filter=eq(a,%80)", 12), ("sort=%C0%80", 5)] {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidEncoding, "{input}");
        assert_eq!(error.span(), Span::new(start, start + 3), "{input}");
    }
}

// ---- NUL and other control characters ----

#[test]
fn control_characters_round_trip_as_data() {
    let controls: String = (0u8..0x20).chain([0x7f]).map(char::from).collect();
    let query = Query::new().with_filter(field("a").eq(&controls));
    let printed = query.to_string();
    assert!(!printed.contains(|c: char| c.is_control()), "{printed:?}");
    let reparsed = parse_query(&printed).unwrap();
    assert_eq!(reparsed, query);

    let record = json!({"a": controls});
    assert!(Compiled::new(&reparsed).unwrap().matches(&record));
}

#[test]
fn raw_nul_in_input_is_data() {
    let query = query("a=x\0y&filter=eq(b,\u{1}\0)");
    assert_eq!(query.to_string(), "a=x%00y&filter=eq(b,%01%00)");
    let record = json!({"a": "x\u{0}y", "b": "\u{1}\u{0}"});
    assert!(Compiled::new(&query).unwrap().matches(&record));
}

#[test]
fn control_characters_do_not_break_drawing() {
    let input = "filter=eq(a\0\u{1b}[2J b,1)";
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::InvalidField);
    let drawing = error.to_string();
    let lines: Vec<&str> = drawing.lines().collect();
    assert_eq!(lines.len(), 5, "{drawing}");
    assert!(!drawing.contains(['\0', '\u{1b}']), "{drawing:?}");
    assert!(!error.message().contains('\u{1b}'), "{}", error.message());
    assert!(!error.help().unwrap().contains('\u{1b}'), "{drawing:?}");
}

/// SQLite's `LIKE` ends its pattern at NUL, so `like::\0...` matched every row there. The second
/// case is the shape of the input that the `sql_sqlite` fuzz target found.
#[test]
fn sqlite_like_rejects_nul() {
    let schema = Schema::new().with_field("a", FieldSchema::new(FieldType::Text));
    let cases = [
        ("filter=like(a,x%00y)", "x%00y"),
        ("a=like::\0\0x", "\0\0x"),
        ("a=notlike::x%00", "x%00"),
    ];
    for (input, value) in cases {
        let checked = query(input).validate(&schema).unwrap();
        let error = render(&checked, &SqlOptions::new(Dialect::Sqlite, "t")).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArguments, "{input:?}");
        assert_eq!(spanned(input, &error), value, "{input:?}");
        assert!(render(&checked, &SqlOptions::new(Dialect::MySql, "t")).is_ok());
    }
}

// ---- bidirectional controls ----

const RLO: char = '\u{202E}';

#[test]
fn right_to_left_override_is_kept_in_order() {
    let text = format!("abc{RLO}def\u{2066}g\u{2069}");
    let input = format!("a={text}&filter=eq(b,\"{text}\")");
    let query = query(&input);
    assert_eq!(
        common::value_texts(&common::condition(&query, 0).test),
        [text.as_str()]
    );
    assert_eq!(
        common::value_texts(&common::condition(&query, 1).test),
        [text.as_str()]
    );

    let printed = query.to_string();
    assert!(printed.contains("abc%E2%80%AEdef"), "{printed}");
    assert!(!printed.contains(RLO), "{printed}");
    assert_eq!(parse_query(&printed).unwrap(), query);
}

#[test]
fn right_to_left_override_evaluates_as_data() {
    let records = [
        json!({"id": 1, "a": format!("abc{RLO}def")}),
        json!({"id": 2, "a": "fedcba"}),
        json!({"id": 3, "a": format!("{RLO}abcdef")}),
    ];
    assert_eq!(selected(&format!("a=abc{RLO}def"), &records), [1]);
    assert_eq!(selected("a=like::%E2%80%AE", &records), [1, 3]);
    // Text sorts by code point, and U+202E sorts after every ASCII letter.
    assert_eq!(selected("filter=gt(a,abc)&sort=a", &records), [1, 2, 3]);
    assert_eq!(
        selected(&format!("filter=gt(a,abc{RLO})&sort=-a"), &records),
        [3, 2, 1]
    );
    // A terminal shows record 1 as `abcfed`, but the data holds `abc`, U+202E, `def`.
    assert_eq!(selected("a=like::cfed", &records), Vec::<i64>::new());
    assert_eq!(selected("a=like::c%E2%80%AEd", &records), [1]);
}

#[test]
fn right_to_left_override_is_not_drawn() {
    let input = format!("filter=eq(a{RLO} b,1)&x=gtx::{RLO}");
    let error = query_error(&input);
    assert_eq!(error.kind(), ErrorKind::InvalidField);
    let drawing = error.to_string();
    assert!(!drawing.contains(RLO), "{drawing}");
    assert!(drawing.contains('\u{FFFD}'), "{drawing}");
}

// ---- numbers ----

fn number_schema() -> Schema {
    Schema::new()
        .with_field("n", FieldSchema::new(FieldType::Integer))
        .with_field("x", FieldSchema::new(FieldType::Number))
}

/// Returns the kinds of the diagnostics of `input` against [`number_schema`], empty when valid.
fn diagnostic_kinds(input: &str) -> Vec<DiagnosticKind> {
    match query(input).validate(&number_schema()) {
        Ok(_) => Vec::new(),
        Err(diagnostics) => diagnostics.iter().map(|found| found.kind).collect(),
    }
}

#[test]
fn ten_thousand_digits_is_invalid_for_typed_fields() {
    let digits = "9".repeat(10_000);
    for input in [format!("n=gt::{digits}"), format!("x=gt::{digits}")] {
        assert_eq!(diagnostic_kinds(&input), [DiagnosticKind::InvalidValue]);
    }
    let fraction = format!("x=gt::0.{}1", "0".repeat(10_000));
    assert_eq!(diagnostic_kinds(&fraction), []);
}

#[test]
fn ten_thousand_digits_compare_as_text() {
    let digits = "9".repeat(10_000);
    let records = [
        json!({"id": 1, "a": digits.clone()}),
        json!({"id": 2, "a": format!("{digits}8")}),
        json!({"id": 3, "a": 1e300}),
    ];
    assert_eq!(selected(&format!("a={digits}"), &records), [1]);
}

#[test]
fn out_of_range_exponent_is_not_a_number() {
    assert_eq!(
        diagnostic_kinds("x=gt::1e400"),
        [DiagnosticKind::InvalidValue]
    );
    assert_eq!(diagnostic_kinds("x=gt::1e308"), []);
    let records = [
        json!({"id": 1, "a": "1e400"}),
        json!({"id": 2, "a": "2e400"}),
        json!({"id": 3, "a": 1e308}),
    ];
    assert_eq!(selected("a=1e400", &records), [1]);
    assert_eq!(selected("a=1e308", &records), [3]);
}

#[test]
fn negative_zero_equals_zero() {
    assert_eq!(diagnostic_kinds("n=-0&x=-0"), []);
    let records = [
        json!({"id": 1, "a": 0}),
        json!({"id": 2, "a": -0.0}),
        json!({"id": 3, "a": "-0"}),
        json!({"id": 4, "a": 1}),
    ];
    assert_eq!(selected("a=-0", &records), [1, 2, 3]);
    // `eq` compares a string record as text, and the text `-0` is not `0`.
    assert_eq!(selected("a=0", &records), [1, 2]);
}

#[test]
fn nan_is_text() {
    assert_eq!(diagnostic_kinds("x=NaN"), [DiagnosticKind::InvalidValue]);
    assert_eq!(diagnostic_kinds("n=nan"), [DiagnosticKind::InvalidValue]);
    let records = [
        json!({"id": 1, "a": "NaN"}),
        json!({"id": 2, "a": 0}),
        json!({"id": 3, "a": "nan"}),
    ];
    assert_eq!(selected("a=NaN", &records), [1]);
    assert_eq!(selected("filter=gt(a,NaN)&sort=a", &records), [3]);
}
