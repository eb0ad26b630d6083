//! Differential tests of the SQL renderer on SQLite (bundled by rusqlite): for every query, the
//! rendered SQL selects the same records in the same order as the in-memory evaluator, and its
//! COUNT equals the evaluator's `totalNumberOfRecords`.
//!
//! The tables hold one column per schema field, typed as docs/sql.md describes. Every record
//! value can be read as its field's type. A value that cannot, such as the text `"n/a"` in an
//! integer field, matches no comparison in memory but would be compared as stored by SQLite, so
//! the data sets hold none and `column_value` rejects one.
//!
//! SQLite's `LIKE` folds ASCII letters only, while the evaluator folds every letter with its
//! Unicode lowercase mapping. `like` and `notlike` are therefore generated only for text that
//! has no non-ASCII letter with a different lowercase form (`is_like_safe`), and
//! `like_folds_unicode_only_in_memory` shows the difference.

use std::collections::BTreeSet;

use inperium_filter::schema::{read_date, read_timestamp, FieldSchema, FieldType, Schema};
use inperium_filter::sql::{render, Dialect, SqlOptions, SqlQuery, SqlValue};
use inperium_filter::Query;
use inperium_filter::{and, field, not, or, Compiled, Direction, Expr, Operator, ParseOptions};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rusqlite::types::Value as SqliteValue;
use rusqlite::Connection;
use serde_json::{json, Value as Json};

/// The table every data set is loaded into, unless a test names another.
const TABLE: &str = "records";

/// Literals that try to break out of a parameter or a `like` pattern.
const HOSTILE: [&str; 22] = [
    "'; DROP TABLE t; --",
    "\"; DROP TABLE t; --",
    "' OR '1'='1",
    "') OR 1=1 --",
    "'",
    "''",
    "\"",
    "\\",
    "\\'",
    "%",
    "_",
    "%_%",
    "\\%",
    "50%",
    "a_b",
    "O'Brien",
    "?1",
    "$1",
    "null",
    "NULL",
    " ",
    "",
];

// ---------------------------------------------------------------------------------------------
// Loading records into SQLite
// ---------------------------------------------------------------------------------------------

/// Finds a field's value as the evaluator does for an undotted name: the top-level member, even
/// when it is null, else the member of the `properties` object.
fn lookup<'r>(record: &'r Json, name: &str) -> Option<&'r Json> {
    let object = record.as_object()?;
    if let Some(value) = object.get(name) {
        return Some(value);
    }
    object.get("properties")?.as_object()?.get(name)
}

/// Returns `name` as an SQLite identifier, with `"` doubled.
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Returns the column that stores a field: its `storage`, else its name.
fn column_name<'s>(name: &'s str, field: &'s FieldSchema) -> &'s str {
    field.storage.as_deref().unwrap_or(name)
}

fn column_type(field_type: &FieldType) -> &'static str {
    match field_type {
        FieldType::Text | FieldType::Enumeration { .. } | FieldType::Date => "TEXT",
        FieldType::Integer | FieldType::Boolean | FieldType::Timestamp => "INTEGER",
        FieldType::Number => "REAL",
    }
}

/// Returns whether `text` is a number as the query language writes one:
/// `-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?` in ASCII digits.
fn is_number_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return false;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == bytes.len()
}

/// Converts a record value to the value its column stores.
///
/// # Panics
///
/// When the value cannot be read as `field_type`, or is an integer outside the `i64` range,
/// which the data sets must not hold.
fn column_value(name: &str, field_type: &FieldType, value: &Json) -> SqliteValue {
    let unreadable = || -> ! {
        panic!(
            "record value {value} of field `{name}` cannot be stored as {}",
            field_type.name()
        )
    };
    match (field_type, value) {
        (_, Json::Null) => SqliteValue::Null,
        (FieldType::Text | FieldType::Enumeration { .. }, Json::String(text)) => {
            SqliteValue::Text(text.clone())
        }
        (FieldType::Text | FieldType::Enumeration { .. }, Json::Number(number)) => {
            SqliteValue::Text(number.to_string())
        }
        (FieldType::Text | FieldType::Enumeration { .. }, Json::Bool(boolean)) => {
            SqliteValue::Text(boolean.to_string())
        }
        (FieldType::Integer, Json::Number(number)) => {
            SqliteValue::Integer(number.as_i64().unwrap_or_else(|| unreadable()))
        }
        (FieldType::Integer, Json::String(text))
            if is_number_text(text) && !text.contains(['.', 'e', 'E']) =>
        {
            SqliteValue::Integer(text.parse().unwrap_or_else(|_| unreadable()))
        }
        (FieldType::Number, Json::Number(number)) => {
            SqliteValue::Real(number.as_f64().unwrap_or_else(|| unreadable()))
        }
        (FieldType::Number, Json::String(text)) if is_number_text(text) => {
            SqliteValue::Real(text.parse().unwrap_or_else(|_| unreadable()))
        }
        (FieldType::Boolean, Json::Bool(boolean)) => SqliteValue::Integer(i64::from(*boolean)),
        (FieldType::Boolean, Json::String(text)) if text == "true" || text == "false" => {
            SqliteValue::Integer(i64::from(text == "true"))
        }
        (FieldType::Timestamp, Json::Number(number)) => match number.as_i64() {
            Some(millis) => SqliteValue::Integer(millis),
            None => match number.as_f64() {
                Some(millis) if millis.fract() == 0.0 && millis.abs() < 9.0e15 => {
                    SqliteValue::Integer(millis as i64)
                }
                _ => unreadable(),
            },
        },
        (FieldType::Timestamp, Json::String(text)) => {
            let millis = read_timestamp(text).unwrap_or_else(|| unreadable());
            SqliteValue::Integer(i64::try_from(millis).unwrap_or_else(|_| unreadable()))
        }
        (FieldType::Date, Json::String(text)) if read_date(text).is_some() => {
            SqliteValue::Text(text.clone())
        }
        _ => unreadable(),
    }
}

/// Creates `table` with one column per schema field, plus `id` INTEGER when the schema has no
/// such field, and inserts `records`.
fn load_table(conn: &Connection, table: &str, schema: &Schema, records: &[Json]) {
    let mut columns: Vec<String> = Vec::new();
    let has_id_column = schema
        .fields
        .iter()
        .any(|(name, field)| column_name(name, field) == "id");
    if !has_id_column {
        columns.push("\"id\" INTEGER".to_owned());
    }
    for (name, field) in &schema.fields {
        columns.push(format!(
            "{} {}",
            quote_identifier(column_name(name, field)),
            column_type(&field.field_type)
        ));
    }
    let table = quote_identifier(table);
    conn.execute(
        &format!("CREATE TABLE {table} ({})", columns.join(", ")),
        [],
    )
    .expect("CREATE TABLE failed");

    let mut names: Vec<String> = Vec::new();
    if !has_id_column {
        names.push("\"id\"".to_owned());
    }
    names.extend(
        schema
            .fields
            .iter()
            .map(|(name, field)| quote_identifier(column_name(name, field))),
    );
    let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let insert = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        placeholders.join(", ")
    );
    let mut statement = conn.prepare(&insert).expect("INSERT failed to prepare");
    for record in records {
        let mut row: Vec<SqliteValue> = Vec::new();
        if !has_id_column {
            row.push(SqliteValue::Integer(record_id(record)));
        }
        for (name, field) in &schema.fields {
            let value = lookup(record, name).unwrap_or(&Json::Null);
            row.push(column_value(name, &field.field_type, value));
        }
        statement
            .execute(rusqlite::params_from_iter(row))
            .expect("INSERT failed");
    }
}

/// Opens an in-memory database with `records` loaded into [`TABLE`].
fn open_table(schema: &Schema, records: &[Json]) -> Connection {
    let conn = Connection::open_in_memory().expect("in-memory SQLite failed to open");
    load_table(&conn, TABLE, schema, records);
    conn
}

fn record_id(record: &Json) -> i64 {
    lookup(record, "id")
        .and_then(Json::as_i64)
        .unwrap_or_else(|| panic!("record {record} has no integer id"))
}

// ---------------------------------------------------------------------------------------------
// Running a query both ways
// ---------------------------------------------------------------------------------------------

/// What one query selects in memory and in SQLite.
#[derive(Debug)]
struct Outcome {
    memory_ids: Vec<i64>,
    memory_total: u64,
    sql_ids: Vec<i64>,
    sql_total: u64,
    rendered: SqlQuery,
}

fn sqlite_value(value: &SqlValue) -> SqliteValue {
    match value {
        SqlValue::Text(text) => SqliteValue::Text(text.clone()),
        SqlValue::Integer(integer) => SqliteValue::Integer(*integer),
        SqlValue::Real(real) => SqliteValue::Real(*real),
        SqlValue::Boolean(boolean) => SqliteValue::Integer(i64::from(*boolean)),
    }
}

fn bind_all(params: &[SqlValue]) -> rusqlite::ParamsFromIter<Vec<SqliteValue>> {
    rusqlite::params_from_iter(params.iter().map(sqlite_value).collect::<Vec<_>>())
}

/// Parses `query_text` with `NOT` enabled, validates it against `schema`, and runs it in memory
/// over `records` and as rendered SQL against `table`.
fn run_both(
    schema: &Schema,
    records: &[Json],
    conn: &Connection,
    table: &str,
    query_text: &str,
) -> Result<Outcome, String> {
    let query = ParseOptions::new()
        .with_not(true)
        .parse_query(query_text)
        .map_err(|error| format!("{query_text:?} failed to parse:\n{error}"))?;
    let checked = query
        .validate(schema)
        .map_err(|diagnostics| format!("{query_text:?} failed validation:\n{diagnostics}"))?;

    let page = Compiled::from_checked(&checked)
        .map_err(|error| format!("{query_text:?} failed to compile:\n{error}"))?
        .page(records);
    let memory_ids: Vec<i64> = page.data.iter().map(|record| record_id(record)).collect();

    let options = SqlOptions::new(Dialect::Sqlite, table);
    let rendered = render(&checked, &options)
        .map_err(|error| format!("{query_text:?} failed to render:\n{error}"))?;
    let sql_failed = |error: rusqlite::Error| {
        format!(
            "{query_text:?} rendered SQL failed in SQLite: {error}\n{}\n{:?}",
            rendered.sql, rendered.params
        )
    };
    let mut statement = conn.prepare(&rendered.sql).map_err(sql_failed)?;
    let sql_ids = statement
        .query_map(bind_all(&rendered.params), |row| row.get::<_, i64>("id"))
        .map_err(sql_failed)?
        .collect::<Result<Vec<i64>, _>>()
        .map_err(sql_failed)?;
    let sql_total: i64 = conn
        .query_row(
            &rendered.count_sql,
            bind_all(&rendered.count_params),
            |row| row.get(0),
        )
        .map_err(sql_failed)?;

    Ok(Outcome {
        memory_ids,
        memory_total: page.paging.total_number_of_records,
        sql_ids,
        sql_total: u64::try_from(sql_total).expect("COUNT(*) is never negative"),
        rendered,
    })
}

/// Checks that the page and the count agree, naming the query, SQL and parameters when not.
fn compare_with_sqlite(
    schema: &Schema,
    records: &[Json],
    conn: &Connection,
    table: &str,
    query_text: &str,
) -> Result<(), String> {
    let outcome = run_both(schema, records, conn, table, query_text)?;
    if outcome.memory_ids != outcome.sql_ids {
        return Err(format!(
            "{query_text:?}: page ids differ\n  memory: {:?}\n  SQLite: {:?}\n  SQL: {}\n  params: {:?}",
            outcome.memory_ids, outcome.sql_ids, outcome.rendered.sql, outcome.rendered.params
        ));
    }
    if outcome.memory_total != outcome.sql_total {
        return Err(format!(
            "{query_text:?}: totals differ\n  memory: {}\n  SQLite: {}\n  SQL: {}\n  params: {:?}",
            outcome.memory_total,
            outcome.sql_total,
            outcome.rendered.count_sql,
            outcome.rendered.count_params
        ));
    }
    Ok(())
}

/// Asserts that `query_text` selects the same page, in the same order, and counts the same
/// total in memory over `records` and in SQLite over [`TABLE`].
fn assert_same(schema: &Schema, records: &[Json], conn: &Connection, query_text: &str) {
    if let Err(message) = compare_with_sqlite(schema, records, conn, TABLE, query_text) {
        panic!("{message}");
    }
}

// ---------------------------------------------------------------------------------------------
// Data sets
// ---------------------------------------------------------------------------------------------

fn read_data_file(name: &str) -> String {
    let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// Loads the 300 sample companies and their schema. `dealIds` has no schema field and is not
/// loaded.
fn companies() -> (Schema, Vec<Json>) {
    let schema = Schema::from_json(&read_data_file("companies.schema.json"))
        .expect("companies.schema.json is a schema");
    let records = serde_json::from_str(&read_data_file("companies.json"))
        .expect("companies.json is a JSON array");
    (schema, records)
}

const STATUSES: [&str; 7] = ["NEW", "OPEN", "CLOSED", "ÉTÉ", "it's", "50%_off", "a\"b"];

/// Returns a schema with one field of every type. `qty` is stored in the column `quantity`.
fn generated_schema() -> Schema {
    Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("title", FieldSchema::new(FieldType::Text))
        .with_field("label", FieldSchema::new(FieldType::Text))
        .with_field(
            "qty",
            FieldSchema::new(FieldType::Integer).with_storage("quantity"),
        )
        .with_field("price", FieldSchema::new(FieldType::Number))
        .with_field("active", FieldSchema::new(FieldType::Boolean))
        .with_field("seenAt", FieldSchema::new(FieldType::Timestamp))
        .with_field("day", FieldSchema::new(FieldType::Date))
        .with_field(
            "status",
            FieldSchema::new(FieldType::Enumeration {
                values: STATUSES.iter().map(|value| value.to_string()).collect(),
            }),
        )
        .with_key("id")
}

/// A linear congruential generator with a fixed seed, so that the data set is the same on every
/// run.
struct Lcg(u64);

impl Lcg {
    fn next_index(&mut self, len: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % len as u64) as usize
    }
}

/// Returns records over the generated schema: nulls, missing members, empty strings, Unicode
/// (`İ`, `ß`, emoji), quotes, backslashes and `like` wildcards, extreme and negative numbers,
/// numeric text, timestamps as integers and as RFC 3339 text, and many equal values. Each member
/// sits at the top level or inside `properties`, at random.
fn generated_records() -> Vec<Json> {
    let long_text: String = "x'%_\\\"".repeat(60);
    let titles: Vec<Json> = vec![
        json!(""),
        json!("Acme"),
        json!("acme"),
        json!("ACME corp"),
        json!("İstanbul"),
        json!("istanbul"),
        json!("Straße"),
        json!("STRASSE"),
        json!("ß"),
        json!("😀 emoji"),
        json!("Zoë"),
        json!("ÉCOLE"),
        json!("école"),
        json!("100%"),
        json!("a_b"),
        json!("back\\slash"),
        json!("it's"),
        json!("say \"hi\""),
        json!("'; DROP TABLE t; --"),
        json!("null"),
        json!(" padded "),
        json!("tab\tinside"),
        json!(long_text),
        json!("日本語"),
        json!("Ωmega"),
        json!(42),
        json!(true),
        json!("42"),
        Json::Null,
    ];
    let labels: Vec<Json> = vec![
        json!(""),
        json!("alpha"),
        json!("Alpha"),
        json!("ALPHA beta"),
        json!("straße"),
        json!("ß"),
        json!("😀"),
        json!("zoë"),
        json!("école"),
        json!("日本語"),
        json!("50% off"),
        json!("a_b_c"),
        json!("c:\\path"),
        json!("O'Brien"),
        json!("\"quoted\""),
        json!("'; DROP TABLE t; --"),
        json!(7),
        Json::Null,
    ];
    let quantities: Vec<Json> = vec![
        json!(0),
        json!(1),
        json!(-1),
        json!(42),
        json!(42),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(9_007_199_254_740_993_i64),
        json!(-9_007_199_254_740_993_i64),
        json!("42"),
        json!("-7"),
        json!("00123"),
        Json::Null,
    ];
    let prices: Vec<Json> = vec![
        json!(0.0),
        json!(-0.0),
        json!(0),
        json!(1.5),
        json!(-1.5),
        json!(42),
        json!(42.0),
        json!(0.1),
        json!(1e300),
        json!(-1e300),
        json!(9_007_199_254_740_992.0),
        json!("2.5"),
        json!("1e3"),
        json!("-0.25"),
        Json::Null,
    ];
    let booleans: Vec<Json> = vec![
        json!(true),
        json!(false),
        json!("true"),
        json!("false"),
        Json::Null,
    ];
    let instants: Vec<Json> = vec![
        json!(0),
        json!(-1),
        json!(1_613_433_600_000_i64),
        json!("2021-02-16T00:00:00Z"),
        json!("2021-02-16T01:00:00+01:00"),
        json!("2021-02-16T00:00:00.0005Z"),
        json!("1969-12-31T23:59:59.999Z"),
        json!(1_613_433_600_000.0),
        json!("1613433600001"),
        json!(253_402_300_799_999_i64),
        json!(-62_135_596_800_000_i64),
        Json::Null,
    ];
    let days: Vec<Json> = vec![
        json!("2021-02-16"),
        json!("2021-02-16"),
        json!("2020-02-29"),
        json!("1999-12-31"),
        json!("0001-01-01"),
        json!("9999-12-31"),
        Json::Null,
    ];
    let mut statuses: Vec<Json> = STATUSES.iter().map(|status| json!(status)).collect();
    statuses.push(json!("ARCHIVED"));
    statuses.push(Json::Null);

    let members: [(&str, &[Json]); 8] = [
        ("title", &titles),
        ("label", &labels),
        ("qty", &quantities),
        ("price", &prices),
        ("active", &booleans),
        ("seenAt", &instants),
        ("day", &days),
        ("status", &statuses),
    ];

    let mut random = Lcg(0x5eed);
    let mut records = Vec::new();
    for id in 1..=240 {
        let mut top = serde_json::Map::new();
        let mut properties = serde_json::Map::new();
        top.insert("id".to_owned(), json!(id));
        for (name, pool) in members {
            // One pool slot past the end leaves the member out.
            let pick = random.next_index(pool.len() + 1);
            let Some(value) = pool.get(pick) else {
                continue;
            };
            if random.next_index(2) == 0 {
                top.insert(name.to_owned(), value.clone());
            } else {
                properties.insert(name.to_owned(), value.clone());
            }
        }
        top.insert("properties".to_owned(), Json::Object(properties));
        records.push(Json::Object(top));
    }

    // A top-level null hides the member of `properties`.
    records.push(
        json!({"id": 241, "title": null, "qty": null, "properties": {"title": "Acme", "qty": 5}}),
    );
    // No members at all.
    records.push(json!({"id": 242}));
    records
}

/// Returns whether SQLite's ASCII-only `LIKE` folding and the evaluator's Unicode folding agree
/// on `text`: it contains no non-ASCII character whose lowercase form differs from it.
fn is_like_safe(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii() || c.to_lowercase().eq(std::iter::once(c)))
}

/// Returns a record value as text fields read it: a string, or the text of a number or boolean.
fn text_of(value: &Json) -> Option<String> {
    match value {
        Json::String(text) => Some(text.clone()),
        Json::Number(number) => Some(number.to_string()),
        Json::Bool(boolean) => Some(boolean.to_string()),
        _ => None,
    }
}

/// Returns whether every text-field value of `record` is like-safe.
fn is_like_safe_record(schema: &Schema, record: &Json) -> bool {
    schema
        .fields
        .iter()
        .filter(|(_, field)| field.field_type == FieldType::Text)
        .filter_map(|(name, _)| lookup(record, name).and_then(text_of))
        .all(|text| is_like_safe(&text))
}

// ---------------------------------------------------------------------------------------------
// Table tests
// ---------------------------------------------------------------------------------------------

/// Builds a query string from an expression, with the builder's quoting and encoding.
fn filter_text(expr: Expr) -> String {
    Query::new().with_filter(expr).to_string()
}

#[test]
fn operators_on_every_type() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    let cases = [
        "filter=isnull(title)",
        "filter=isnotnull(title)",
        "filter=isnull(qty)",
        "filter=isnotnull(active)",
        "filter=isnull(seenAt)",
        "filter=isnotnull(day)",
        "filter=isnull(status)",
        "filter=eq(title,Acme)",
        "filter=eq(title,42)",
        "filter=eq(title,true)",
        "filter=eq(title,\"\")",
        "filter=eq(title,\"null\")",
        "filter=neq(title,acme)",
        "filter=gt(title,a)",
        "filter=gte(title,Acme)",
        "filter=lt(title,Z)",
        "filter=lte(title,\"\")",
        "filter=in(title,Acme,acme,\"\",ß)",
        "filter=nin(title,Acme,acme)",
        "filter=btn(title,A,b)",
        "filter=eq(qty,42)",
        "qty=42",
        "filter=eq(qty,00042)",
        "filter=neq(qty,42)",
        "filter=gt(qty,0)",
        "filter=gte(qty,-1)",
        "filter=lt(qty,9223372036854775807)",
        "filter=lte(qty,-9223372036854775808)",
        "filter=gt(qty,18446744073709551615)",
        "filter=lt(qty,18446744073709551615)",
        "filter=eq(qty,9007199254740993)",
        "filter=eq(qty,9007199254740992)",
        "filter=in(qty,42,-7,123,9223372036854775807)",
        "filter=nin(qty,42,0)",
        "filter=btn(qty,-1,42)",
        "filter=btn(qty,-9223372036854775808,9223372036854775807)",
        "filter=eq(price,0)",
        "filter=eq(price,-0.0)",
        "filter=eq(price,42)",
        "filter=neq(price,1.5)",
        "filter=gt(price,0.1)",
        "filter=gte(price,1e3)",
        "filter=lt(price,-1.5)",
        "filter=lte(price,2.5)",
        "filter=in(price,1.5,42,1000,0.1)",
        "filter=nin(price,0,42)",
        "filter=btn(price,-1e300,1e300)",
        "filter=btn(price,0,9007199254740992)",
        "filter=in(price,9007199254740993)",
        "filter=nin(price,9007199254740993)",
        "filter=eq(price,18446744073709551615)",
        "filter=lt(price,18446744073709551615)",
        "filter=eq(active,true)",
        "active=false",
        "filter=neq(active,true)",
        "filter=in(active,true,false)",
        "filter=nin(active,false)",
        "filter=eq(seenAt,1613433600000)",
        "filter=eq(seenAt,2021-02-16T00:00:00Z)",
        "filter=eq(seenAt,2021-02-16T02:00:00%2B02:00)",
        "filter=neq(seenAt,0)",
        "filter=gt(seenAt,1969-12-31T23:59:59.9995Z)",
        "filter=gte(seenAt,-1)",
        "filter=lt(seenAt,0)",
        "filter=lte(seenAt,1613433600001)",
        "filter=gt(seenAt,18446744073709551615)",
        "filter=in(seenAt,0,1613433600000,2021-02-16T00:00:00.001Z)",
        "filter=nin(seenAt,0,-1)",
        "filter=btn(seenAt,0,2021-02-16T00:00:00Z)",
        "filter=eq(day,2021-02-16)",
        "filter=neq(day,2020-02-29)",
        "filter=gt(day,1999-12-31)",
        "filter=gte(day,0001-01-01)",
        "filter=lt(day,2021-02-16)",
        "filter=lte(day,9999-12-31)",
        "filter=in(day,2020-02-29,9999-12-31)",
        "filter=nin(day,2021-02-16)",
        "filter=btn(day,2000-01-01,2021-12-31)",
        "filter=eq(status,OPEN)",
        "status=%C3%89T%C3%89",
        "filter=neq(status,NEW)",
        "filter=in(status,OPEN,CLOSED,it's)",
        "filter=nin(status,NEW,50%25_off)",
        "filter=eq(status,\"a\\\"b\")",
        "filter=like(label,alpha)",
        "filter=like(label,ALPHA)",
        "filter=like(label,%25)",
        "filter=like(label,_)",
        "filter=like(label,\\)",
        "filter=like(label,')",
        "filter=like(label,\"\\\"\")",
        "filter=like(label,\"\")",
        "filter=like(label,straße)",
        "filter=like(label,%F0%9F%98%80)",
        "filter=like(label,7)",
        "filter=notlike(label,alpha)",
        "filter=notlike(label,%25)",
        "filter=notlike(label,\"\")",
        "label=like::B",
        "label=notlike::_",
    ];
    for query_text in cases {
        assert_same(&schema, &records, &conn, query_text);
    }
}

#[test]
fn hostile_literals_on_every_operator() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    for hostile in HOSTILE {
        let exprs = [
            field("title").eq(hostile),
            field("title").neq(hostile),
            field("title").gt(hostile),
            field("title").lte(hostile),
            field("title").in_([hostile, "Acme"]),
            field("title").nin([hostile, "Acme"]),
            field("title").btn(hostile, "zzz"),
            field("label").like(hostile),
            field("label").not_like(hostile),
        ];
        for expr in exprs {
            assert_same(&schema, &records, &conn, &filter_text(expr));
        }
    }
}

#[test]
fn groups_nest_and_combine() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    let cases = [
        "filter=AND(eq(active,true),gt(qty,0))",
        "filter=OR(eq(active,true),gt(qty,0))",
        "filter=OR(isnull(title),AND(like(label,a),lt(price,2)))",
        "filter=AND(OR(eq(status,OPEN),eq(status,NEW)),OR(isnull(day),gt(day,2000-01-01)))",
        "filter=OR(AND(neq(qty,42),nin(status,OPEN)),AND(eq(qty,42),in(status,OPEN,NEW)))",
        "filter=AND(OR(AND(gt(price,0),lt(price,100)),isnull(price)),OR(eq(active,false),isnull(active)))",
        "filter=OR(eq(title,Acme))",
        "filter=AND(AND(AND(isnotnull(title))))",
        "active=true&qty=gt::0&filter=OR(isnull(day),eq(status,CLOSED))",
        "title=Acme&title=acme",
        "filter=eq(qty,42)&active=true&sort=-seenAt",
    ];
    for query_text in cases {
        assert_same(&schema, &records, &conn, query_text);
    }
}

#[test]
fn not_follows_three_valued_logic() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    let cases = [
        "filter=NOT(eq(title,Acme))",
        "filter=NOT(neq(qty,42))",
        "filter=NOT(isnull(price))",
        "filter=NOT(isnotnull(price))",
        "filter=NOT(in(status,OPEN,NEW))",
        "filter=NOT(nin(status,OPEN,NEW))",
        "filter=NOT(like(label,a))",
        "filter=NOT(notlike(label,a))",
        "filter=NOT(btn(seenAt,0,1613433600000))",
        "filter=NOT(NOT(eq(active,true)))",
        "filter=NOT(AND(eq(active,true),gt(qty,0)))",
        "filter=NOT(OR(eq(active,true),gt(qty,0)))",
        "filter=OR(NOT(eq(active,true)),isnull(active))",
        "filter=AND(NOT(OR(isnull(day),lt(day,2000-01-01))),NOT(eq(status,OPEN)))",
        "filter=NOT(AND(OR(gt(price,0),isnull(title)),NOT(lt(qty,0))))",
    ];
    for query_text in cases {
        assert_same(&schema, &records, &conn, query_text);
    }
}

#[test]
fn sort_orders_nulls_and_ties() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    let mut cases: Vec<String> = Vec::new();
    for name in schema.fields.keys() {
        cases.push(format!("sort={name}&pageSize=100"));
        cases.push(format!("sort=-{name}&pageSize=100"));
        cases.push(format!("sort={name}&pageSize=100&pageNumber=3"));
        cases.push(format!("sort=-{name},-id&pageSize=100&pageNumber=2"));
    }
    cases.extend(
        [
            "sort=active,-qty&pageSize=100",
            "sort=-status,day,-price&pageSize=100&pageNumber=2",
            "sort=title,label&pageSize=100",
            "sort=-seenAt,active&pageSize=50&pageNumber=4",
            "filter=isnotnull(qty)&sort=-qty",
            "filter=isnull(price)&sort=price",
            "filter=eq(status,OPEN)&sort=-day,title",
        ]
        .map(str::to_owned),
    );
    for query_text in &cases {
        assert_same(&schema, &records, &conn, query_text);
    }
}

#[test]
fn paging_through_and_past_the_end() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    let mut cases: Vec<String> = Vec::new();
    for size in [1, 7, 20, 100] {
        for number in [1, 2, 3, 13, 35, 1000] {
            cases.push(format!("sort=-price&pageNumber={number}&pageSize={size}"));
            cases.push(format!(
                "filter=eq(active,true)&pageNumber={number}&pageSize={size}"
            ));
        }
    }
    cases.push("pageNumber=2147483647&pageSize=100".to_owned());
    cases.push("filter=eq(title,nothing)&pageNumber=1".to_owned());
    cases.push("filter=eq(title,nothing)&pageNumber=5&pageSize=3".to_owned());
    cases.push(String::new());
    for query_text in &cases {
        assert_same(&schema, &records, &conn, query_text);
    }
}

#[test]
fn companies_sample_queries() {
    let (schema, records) = companies();
    let conn = open_table(&schema, &records);
    let cases = [
        "",
        "country=US&employeeCount=gt::1000&sort=-annualRevenue",
        "filter=OR(gt(annualRevenue,500000),eq(type,PARTNER))&sort=-createdAt&pageSize=25",
        "filter=AND(in(industry,ENERGY,RETAIL),isnotnull(zip))&sort=zip,-id",
        "filter=btn(createdAt,2024-01-01T00:00:00Z,2025-06-30T23:59:59.999Z)&sort=createdAt",
        "filter=OR(isnull(country),isnull(industry),isnull(annualRevenue))&sort=-country,industry",
        "filter=NOT(eq(country,US))&sort=country&pageSize=100",
        "filter=NOT(OR(isnull(zip),like(city,o)))&pageSize=100&pageNumber=2",
        "city=like::san&sort=-employeeCount",
        "companyName=notlike::inc&sort=companyName&pageSize=100&pageNumber=3",
        "filter=gt(updatedAt,2025-01-01T00:00:00Z)&sort=-updatedAt",
        "filter=gte(annualRevenue,591622.79)&sort=annualRevenue",
        "filter=lte(employeeCount,47)&sort=-employeeCount,type",
        "filter=nin(type,CUSTOMER,PARTNER)&sort=type",
        "sort=-annualRevenue&pageSize=100&pageNumber=4",
        "sort=industry,-zip&pageSize=7&pageNumber=9",
        "sort=-updatedAt&pageNumber=100&pageSize=100",
    ];
    for query_text in cases {
        assert_same(&schema, &records, &conn, query_text);
    }
}

/// `like` ignores case only for ASCII letters in SQLite, and for every letter in memory. The
/// evaluator folds `İ` to `i̇` and `É` to `é`, so in memory `like(title,i)` matches `İstanbul`
/// and `like(title,éc)` matches `ÉCOLE`, while SQLite's `LIKE` matches neither.
#[test]
fn like_folds_unicode_only_in_memory() {
    let schema = Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("title", FieldSchema::new(FieldType::Text));
    let records = vec![
        json!({"id": 1, "title": "İstanbul"}),
        json!({"id": 2, "title": "ÉCOLE"}),
        json!({"id": 3, "title": "école"}),
        json!({"id": 4, "title": "Straße"}),
    ];
    let conn = open_table(&schema, &records);
    // (query, ids in memory, ids in SQLite)
    let cases: [(&str, &[i64], &[i64]); 5] = [
        ("filter=like(title,i)", &[1], &[]),
        ("filter=like(title,%C3%A9c)", &[2, 3], &[3]),
        ("filter=notlike(title,%C3%A9c)", &[1, 4], &[1, 2, 4]),
        ("filter=like(title,%C3%89C)", &[2, 3], &[2]),
        ("filter=like(title,STRA%C3%9FE)", &[4], &[4]),
    ];
    for (query_text, memory_ids, sql_ids) in cases {
        let outcome = run_both(&schema, &records, &conn, TABLE, query_text)
            .unwrap_or_else(|message| panic!("{message}"));
        assert_eq!(outcome.memory_ids, memory_ids, "{query_text} in memory");
        assert_eq!(outcome.sql_ids, sql_ids, "{query_text} in SQLite");
    }
}

/// Returns a schema whose field and column names try to end the statement.
fn hostile_schema() -> Schema {
    Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("a\"; DROP TABLE t; --", FieldSchema::new(FieldType::Text))
        .with_field(
            "x'y",
            FieldSchema::new(FieldType::Integer).with_storage("n\"); DROP TABLE t; --"),
        )
}

fn hostile_records() -> Vec<Json> {
    vec![
        json!({"id": 1, "a\"; DROP TABLE t; --": "'; DROP TABLE t; --", "x'y": 1}),
        json!({"id": 2, "a\"; DROP TABLE t; --": "\"; DROP TABLE t; --", "x'y": 2}),
        json!({"id": 3, "a\"; DROP TABLE t; --": "%", "x'y": null}),
        json!({"id": 4, "a\"; DROP TABLE t; --": "\\", "x'y": 4}),
        json!({"id": 5, "a\"; DROP TABLE t; --": "plain", "x'y": 5}),
        json!({"id": 6, "x'y": 6}),
    ]
}

fn table_row_count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(
        &format!("SELECT COUNT(*) FROM {}", quote_identifier(table)),
        [],
        |row| row.get(0),
    )
    .unwrap_or_else(|error| panic!("table {table:?} is not readable: {error}"))
}

#[test]
fn hostile_names_and_values_stay_data() {
    let schema = hostile_schema();
    let records = hostile_records();
    for table in ["t", "t\"; DROP TABLE t; --"] {
        let conn = Connection::open_in_memory().expect("in-memory SQLite failed to open");
        load_table(&conn, table, &schema, &records);
        if table != "t" {
            // A second table named `t`, which a broken quote would drop.
            load_table(&conn, "t", &schema, &records);
        }
        let name = "a\"; DROP TABLE t; --";
        let mut queries: Vec<String> = Vec::new();
        for hostile in HOSTILE {
            queries.push(filter_text(field(name).eq(hostile)));
            queries.push(filter_text(field(name).neq(hostile)));
            queries.push(filter_text(field(name).like(hostile)));
            queries.push(filter_text(field(name).not_like(hostile)));
            queries.push(filter_text(field(name).in_([hostile, "plain"])));
        }
        queries.push(
            Query::new()
                .with_filter(or([field("x'y").gt(2), field(name).is_null()]))
                .with_sort_desc(name)
                .with_sort_asc("x'y")
                .to_string(),
        );
        queries.push(
            Query::new()
                .with_field_condition(field(name).eq("'; DROP TABLE t; --"))
                .to_string(),
        );
        for query_text in &queries {
            if let Err(message) = compare_with_sqlite(&schema, &records, &conn, table, query_text) {
                panic!("{message}");
            }
        }

        // The rows each hostile value names come back: the value is compared, not executed.
        let expected: [(&str, &[i64]); 4] = [
            ("'; DROP TABLE t; --", &[1]),
            ("\"; DROP TABLE t; --", &[2]),
            ("%", &[3]),
            ("\\", &[4]),
        ];
        for (value, ids) in expected {
            let query_text = filter_text(field(name).eq(value));
            let outcome = run_both(&schema, &records, &conn, table, &query_text)
                .unwrap_or_else(|message| panic!("{message}"));
            assert_eq!(outcome.sql_ids, ids, "{query_text}");
        }
        let like_percent = filter_text(field(name).like("%"));
        let outcome = run_both(&schema, &records, &conn, table, &like_percent)
            .unwrap_or_else(|message| panic!("{message}"));
        assert_eq!(outcome.sql_ids, [3], "{like_percent}");

        assert_eq!(table_row_count(&conn, "t"), 6);
        assert_eq!(table_row_count(&conn, table), 6);
    }
}

// ---------------------------------------------------------------------------------------------
// Generated queries
// ---------------------------------------------------------------------------------------------

/// One field of a data set with the literals a generated query may compare it with.
struct FieldChoice {
    name: String,
    field_type: FieldType,
    operators: Vec<Operator>,
    /// Literals that validation accepts for the field's type.
    literals: Vec<String>,
    /// Like-safe needles for `like` and `notlike`, empty when the field takes no `like`.
    needles: Vec<String>,
}

/// Literals that every field of a type is also compared with, beyond the data's own values.
fn edge_literals(field_type: &FieldType) -> Vec<String> {
    let literals: &[&str] = match field_type {
        FieldType::Text => &HOSTILE,
        FieldType::Integer => &[
            "0",
            "-1",
            "00042",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
            "9007199254740993",
        ],
        // NOTE: an integer literal that `f64` cannot hold, such as 9007199254740993, is left out:
        // `number_literals_beyond_f64_precision` shows how comparisons with it differ.
        FieldType::Number => &[
            "0",
            "-0.0",
            "0.5",
            "1e3",
            "2.5e-3",
            "-1e300",
            "1.7976931348623157e308",
            "9007199254740992",
        ],
        FieldType::Boolean => &["true", "false"],
        FieldType::Timestamp => &[
            "0",
            "-1",
            "2021-02-16T00:00:00Z",
            "2021-02-16T01:00:00+01:00",
            "1969-12-31T23:59:59.9995Z",
            "9999-12-31T23:59:59.999Z",
            "18446744073709551615",
        ],
        FieldType::Date => &[
            "0001-01-01",
            "2000-01-01",
            "2020-02-29",
            "2021-02-16",
            "9999-12-31",
        ],
        FieldType::Enumeration { .. } => &[],
    };
    let mut literals: Vec<String> = literals.iter().map(|text| text.to_string()).collect();
    if let FieldType::Text = field_type {
        literals.push("long ".repeat(80));
    }
    if let FieldType::Enumeration { values } = field_type {
        literals.extend(values.iter().cloned());
    }
    literals
}

/// Returns a record value as a literal that validation accepts for `field_type`, if any.
fn literal_of(field_type: &FieldType, value: &Json) -> Option<String> {
    match (field_type, value) {
        (_, Json::Null) => None,
        (FieldType::Text, _) => text_of(value),
        (FieldType::Enumeration { values }, Json::String(text)) => {
            values.contains(text).then(|| text.clone())
        }
        (FieldType::Timestamp, Json::Number(number)) => match number.as_i64() {
            Some(millis) => Some(millis.to_string()),
            None => number.as_f64().map(|millis| (millis as i64).to_string()),
        },
        (FieldType::Enumeration { .. }, _) => None,
        _ => text_of(value),
    }
}

/// Returns `like` needles cut from `text`: the whole text, its ASCII upper case, and a few
/// slices.
fn needles_of(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let slice = |start: usize, end: usize| -> String {
        chars[start.min(chars.len())..end.min(chars.len())]
            .iter()
            .collect()
    };
    vec![
        text.to_owned(),
        text.to_ascii_uppercase(),
        slice(0, 3),
        slice(1, 4),
        slice(chars.len().saturating_sub(2), chars.len()),
    ]
}

/// Lists the fields of a data set with their operators and literals. `like` and `notlike` are
/// offered only on text fields whose values are all like-safe.
fn field_choices(schema: &Schema, records: &[Json]) -> Vec<FieldChoice> {
    let mut choices = Vec::new();
    for (name, field) in &schema.fields {
        let field_type = &field.field_type;
        let values: Vec<&Json> = records
            .iter()
            .filter_map(|record| lookup(record, name))
            .collect();

        let mut literals: BTreeSet<String> = values
            .iter()
            .filter_map(|value| literal_of(field_type, value))
            .collect();
        literals.extend(edge_literals(field_type));

        let texts: Vec<String> = values.iter().filter_map(|value| text_of(value)).collect();
        let like_field =
            *field_type == FieldType::Text && texts.iter().all(|text| is_like_safe(text));
        let mut needles: BTreeSet<String> = BTreeSet::new();
        if like_field {
            needles.extend(texts.iter().flat_map(|text| needles_of(text)));
            needles.extend(HOSTILE.iter().map(|text| text.to_string()));
            needles.retain(|needle| is_like_safe(needle));
        }

        let operators = Operator::ALL
            .into_iter()
            .filter(|operator| field_type.allows(*operator))
            .filter(|operator| {
                like_field || !matches!(operator, Operator::Like | Operator::NotLike)
            })
            .collect();
        choices.push(FieldChoice {
            name: name.clone(),
            field_type: field_type.clone(),
            operators,
            literals: literals.into_iter().collect(),
            needles: needles.into_iter().collect(),
        });
    }
    choices
}

/// A generated filter expression, whose leaves pick a field, an operator and literals by index.
#[derive(Debug, Clone)]
enum Shape {
    Leaf(Index, Index, Vec<Index>),
    And(Vec<Shape>),
    Or(Vec<Shape>),
    Not(Box<Shape>),
}

fn shape_strategy() -> impl Strategy<Value = Shape> {
    let leaf = (
        any::<Index>(),
        any::<Index>(),
        prop::collection::vec(any::<Index>(), 1..5),
    )
        .prop_map(|(field, operator, literals)| Shape::Leaf(field, operator, literals));
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(Shape::And),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Shape::Or),
            inner.prop_map(|member| Shape::Not(Box::new(member))),
        ]
    })
}

/// A generated query: conditions (each as a field parameter when the flag is set and the
/// condition is one predicate), sort keys by field index and direction, and paging.
#[derive(Debug, Clone)]
struct QueryPlan {
    conditions: Vec<(Shape, bool)>,
    sort: Vec<(Index, bool)>,
    page: Option<(u32, u32)>,
}

fn plan_strategy() -> impl Strategy<Value = QueryPlan> {
    let page = prop_oneof![
        2 => Just(None),
        6 => (1u32..=12, 1u32..=40).prop_map(Some),
        1 => (1u32..=2_147_483_647, 1u32..=100).prop_map(Some),
    ];
    (
        prop::collection::vec((shape_strategy(), any::<bool>()), 0..=3),
        prop::collection::vec((any::<Index>(), any::<bool>()), 0..=3),
        page,
    )
        .prop_map(|(conditions, sort, page)| QueryPlan {
            conditions,
            sort,
            page,
        })
}

/// Returns two literals low first, in the order of `field_type`, because validation rejects
/// `btn` with the bounds swapped.
fn order_bounds<'l>(field_type: &FieldType, a: &'l str, b: &'l str) -> (&'l str, &'l str) {
    let swapped = match field_type {
        FieldType::Integer | FieldType::Number => {
            let number = |text: &str| -> f64 { text.parse().expect("a numeric literal") };
            match (a.parse::<i128>(), b.parse::<i128>()) {
                (Ok(a), Ok(b)) => a > b,
                _ => number(a) > number(b),
            }
        }
        FieldType::Timestamp => read_timestamp(a) > read_timestamp(b),
        _ => a > b,
    };
    if swapped {
        (b, a)
    } else {
        (a, b)
    }
}

fn build_expr(shape: &Shape, choices: &[FieldChoice]) -> Expr {
    match shape {
        Shape::Leaf(field_index, operator_index, literal_indexes) => {
            let choice = field_index.get(choices);
            let operator = *operator_index.get(&choice.operators);
            let pool = match operator {
                Operator::Like | Operator::NotLike => &choice.needles,
                _ => &choice.literals,
            };
            let literals: Vec<&str> = literal_indexes
                .iter()
                .map(|index| index.get(pool).as_str())
                .collect();
            let first = literals[0];
            let builder = field(choice.name.as_str());
            match operator {
                Operator::IsNull => builder.is_null(),
                Operator::IsNotNull => builder.is_not_null(),
                Operator::Eq => builder.eq(first),
                Operator::Neq => builder.neq(first),
                Operator::Gt => builder.gt(first),
                Operator::Gte => builder.gte(first),
                Operator::Lt => builder.lt(first),
                Operator::Lte => builder.lte(first),
                Operator::Like => builder.like(first),
                Operator::NotLike => builder.not_like(first),
                Operator::In => builder.in_(literals),
                Operator::Nin => builder.nin(literals),
                Operator::Btn => {
                    let (low, high) =
                        order_bounds(&choice.field_type, first, literals[literals.len() / 2]);
                    builder.btn(low, high)
                }
            }
        }
        Shape::And(members) => and(members.iter().map(|member| build_expr(member, choices))),
        Shape::Or(members) => or(members.iter().map(|member| build_expr(member, choices))),
        Shape::Not(member) => not(build_expr(member, choices)),
    }
}

/// Writes a plan as a query string.
fn build_query_text(plan: &QueryPlan, choices: &[FieldChoice]) -> String {
    let mut query = Query::new();
    for (shape, as_field_parameter) in &plan.conditions {
        let expr = build_expr(shape, choices);
        query = if *as_field_parameter {
            query.with_field_condition(expr)
        } else {
            query.with_filter(expr)
        };
    }
    let mut sorted: BTreeSet<&str> = BTreeSet::new();
    for (field_index, descending) in &plan.sort {
        let name = field_index.get(choices).name.as_str();
        if !sorted.insert(name) {
            continue;
        }
        let direction = if *descending {
            Direction::Descending
        } else {
            Direction::Ascending
        };
        query = query.with_sort(name, direction);
    }
    if let Some((number, size)) = plan.page {
        query = query.with_page(number, size);
    }
    query.to_string()
}

/// Runs `cases` generated queries over one data set and fails with the smallest failing query.
fn check_generated_queries(schema: &Schema, records: &[Json], cases: u32) {
    let conn = open_table(schema, records);
    let choices = field_choices(schema, records);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = plan_strategy().prop_map(move |plan| build_query_text(&plan, &choices));
    let result = runner.run(&strategy, |query_text| {
        compare_with_sqlite(schema, records, &conn, TABLE, &query_text).map_err(TestCaseError::fail)
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

#[test]
fn generated_queries_match_on_generated_data() {
    let schema = generated_schema();
    check_generated_queries(&schema, &generated_records(), 2000);
}

#[test]
fn generated_queries_match_on_like_safe_generated_data() {
    let schema = generated_schema();
    let records: Vec<Json> = generated_records()
        .into_iter()
        .filter(|record| is_like_safe_record(&schema, record))
        .collect();
    check_generated_queries(&schema, &records, 2000);
}

#[test]
fn generated_queries_match_on_companies() {
    let (schema, records) = companies();
    check_generated_queries(&schema, &records, 1000);
}

#[test]
fn generated_queries_match_on_like_safe_companies() {
    let (schema, records) = companies();
    let records: Vec<Json> = records
        .into_iter()
        .filter(|record| is_like_safe_record(&schema, record))
        .collect();
    check_generated_queries(&schema, &records, 1000);
}

/// In memory, `eq`, `gt`, `btn` and the other comparisons of a number field compare an integer
/// literal with a fractional record value as `f64`, but `in` and `nin` compare exactly. SQLite
/// compares an INTEGER parameter with a REAL column exactly, so the comparisons differ from
/// memory when the literal is beyond 2^53, as 9007199254740993 is: in memory it equals the
/// record value 9007199254740992.0.
#[test]
fn number_literals_beyond_f64_precision() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    let cases = [
        "filter=eq(price,9007199254740993)",
        "filter=neq(price,9007199254740993)",
        "filter=gte(price,9007199254740993)",
        "filter=lt(price,9007199254740993)",
        "filter=btn(price,9007199254740993,9007199254740993)",
    ];
    for query_text in cases {
        assert_same(&schema, &records, &conn, query_text);
    }
}

/// The rendered `a AND b AND c ...` of a group with 1000 members, or of 1000 field parameters,
/// fails in SQLite 3.50.2 (bundled by rusqlite 0.37) with "Expression tree is too large (maximum
/// depth 1000)", because SQLite nests one expression level per member. 999 members run.
#[test]
fn wide_groups_run_in_sqlite() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    let members = vec!["isnotnull(title)"; 1000].join(",");
    let cases = [
        format!("filter=AND({members})"),
        format!("filter=OR({members})"),
        vec!["qty=gt::0"; 1000].join("&"),
    ];
    for query_text in &cases {
        assert_same(&schema, &records, &conn, query_text);
    }
}

/// SQLite 3.50.2 rejects a `LIKE` pattern longer than 50000 bytes with "LIKE or GLOB pattern
/// too complex". The pattern is the value between two `%`, so a value of 49998 bytes runs, and
/// rendering a longer one for SQLite is an error that says why.
#[test]
fn long_like_values_run_in_sqlite() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    let longest = "a".repeat(49_998);
    for query_text in [
        format!("filter=like(label,{longest})"),
        format!("filter=notlike(label,{longest})"),
    ] {
        assert_same(&schema, &records, &conn, &query_text);
    }

    let too_long = "a".repeat(49_999);
    let checked = inperium_filter::parse_query(&format!("filter=like(label,{too_long})"))
        .unwrap()
        .validate(&schema)
        .unwrap();
    let error = render(&checked, &SqlOptions::new(Dialect::Sqlite, "t")).unwrap_err();
    assert_eq!(error.kind(), inperium_filter::ErrorKind::InvalidArguments);
    assert!(
        error.message().contains("SQLite's limit of 50000"),
        "{}",
        error.message()
    );
}

/// Builds `operator(name, value)` for the operators a text field takes.
fn text_predicate(name: &str, operator: Operator, value: &str) -> Expr {
    let builder = field(name);
    match operator {
        Operator::Eq => builder.eq(value),
        Operator::Neq => builder.neq(value),
        Operator::Gt => builder.gt(value),
        Operator::Lte => builder.lte(value),
        Operator::In => builder.in_([value, "Acme"]),
        Operator::Nin => builder.nin([value, "Acme"]),
        Operator::Btn => builder.btn(value.min("~"), value.max("~")),
        Operator::Like => builder.like(value),
        Operator::NotLike => builder.not_like(value),
        other => panic!("{} is not generated here", other.name()),
    }
}

/// Values of 3 or more characters never appear in the SQL text, except where the same query
/// with the value `v` has the value's text too, such as a value that is a column name.
#[test]
fn values_never_reach_sql_text() {
    let schema = generated_schema();
    let records = generated_records();
    let conn = open_table(&schema, &records);
    let operators = [
        Operator::Eq,
        Operator::Neq,
        Operator::Gt,
        Operator::Lte,
        Operator::In,
        Operator::Nin,
        Operator::Btn,
        Operator::Like,
        Operator::NotLike,
    ];
    let value = prop_oneof![
        prop::sample::select(HOSTILE.to_vec()).prop_map(str::to_owned),
        "[ -~]{3,40}",
        "\\PC{3,20}",
        "[a-z'\"%_\\\\;-]{3,12}",
    ];
    let strategy = (value, prop::sample::select(operators.to_vec()))
        .prop_filter("values of 3 or more characters", |(value, _)| {
            value.chars().count() >= 3
        });
    let mut runner = TestRunner::new(Config {
        cases: 1000,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&strategy, |(value, operator)| {
        // `like` runs on `label`, whose values are like-safe, and only with a like-safe value.
        let (name, operator) = match operator {
            Operator::Like | Operator::NotLike if is_like_safe(&value) => ("label", operator),
            Operator::Like | Operator::NotLike => ("title", Operator::Eq),
            _ => ("title", operator),
        };
        let query_text = filter_text(text_predicate(name, operator, &value));
        let baseline_text = filter_text(text_predicate(name, operator, "v"));
        let rendered = run_both(&schema, &records, &conn, TABLE, &query_text)
            .map_err(TestCaseError::fail)?
            .rendered;
        let baseline = run_both(&schema, &records, &conn, TABLE, &baseline_text)
            .map_err(TestCaseError::fail)?
            .rendered;
        for (sql, baseline_sql) in [
            (&rendered.sql, &baseline.sql),
            (&rendered.count_sql, &baseline.count_sql),
        ] {
            prop_assert!(
                !sql.contains(value.as_str()) || baseline_sql.contains(value.as_str()),
                "value {value:?} appears in {sql}"
            );
        }
        compare_with_sqlite(&schema, &records, &conn, TABLE, &query_text)
            .map_err(TestCaseError::fail)?;
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    assert_eq!(table_row_count(&conn, TABLE), 242);
}

#[test]
fn generated_data_holds_the_hard_cases() {
    let schema = generated_schema();
    let records = generated_records();
    assert_eq!(records.len(), 242);
    let like_safe = records
        .iter()
        .filter(|record| is_like_safe_record(&schema, record))
        .count();
    assert!(like_safe > 100, "{like_safe} like-safe records");
    assert!(like_safe < records.len(), "every record is like-safe");
    for name in schema.fields.keys() {
        let nulls = records
            .iter()
            .filter(|record| lookup(record, name).is_none_or(Json::is_null))
            .count();
        if name != "id" {
            assert!(nulls > 0, "field {name} has no nulls");
        }
    }
}

/// `column_value` reads numeric text with `is_number_text`, which must accept what the
/// evaluator reads as a number and nothing else.
#[test]
fn number_text_syntax() {
    for text in ["0", "-1", "12.5", "1e3", "1E+3", "-2.5e-3", "00123"] {
        assert!(is_number_text(text), "{text}");
    }
    for text in [
        "", "-", "1.", ".5", "1e", "+1", " 1", "1 ", "0x10", "1,000", "NaN",
    ] {
        assert!(!is_number_text(text), "{text}");
    }
}
