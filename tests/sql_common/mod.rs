//! Data sets and query generation shared by the differential SQL tests, `sql_sqlite.rs` and
//! `sql_servers.rs`: the sample companies, the penguins, generated records with hard cases,
//! record values converted to column values or JSON documents, and generated query strings.

#![allow(dead_code)]

use std::collections::BTreeSet;

use inperium_filter::schema::{read_date, read_timestamp, FieldSchema, FieldType, Schema};
use inperium_filter::sql::{Dialect, SqlOptions, SqlValue};
use inperium_filter::Query;
use inperium_filter::{and, field, not, or, Direction, Expr, Operator};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value as Json};

/// The table every data set is loaded into, unless a test names another.
pub const TABLE: &str = "records";

/// How a test table stores the fields: one column per field, or members of one JSON document
/// column with the given name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Columns,
    Document(&'static str),
}

/// Both layouts, which every differential test runs in.
pub const LAYOUTS: [Layout; 2] = [Layout::Columns, Layout::Document("doc")];

impl Layout {
    /// Returns the render options for `table` in this layout.
    pub fn options(self, dialect: Dialect, table: &str) -> SqlOptions {
        match self {
            Layout::Columns => SqlOptions::new(dialect, table),
            Layout::Document(column) => SqlOptions::new(dialect, table).with_document(column),
        }
    }

    /// Returns `table` with a suffix for the document layout, so that both layouts can be
    /// loaded side by side.
    pub fn table_name(self, table: &str) -> String {
        match self {
            Layout::Columns => table.to_owned(),
            Layout::Document(_) => format!("{table}_doc"),
        }
    }
}

/// Literals that try to break out of a parameter or a `like` pattern.
pub const HOSTILE: [&str; 22] = [
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

/// Finds a field's value as the evaluator does for an undotted name: the top-level member, even
/// when it is null, else the member of the `properties` object.
pub fn lookup<'r>(record: &'r Json, name: &str) -> Option<&'r Json> {
    let object = record.as_object()?;
    if let Some(value) = object.get(name) {
        return Some(value);
    }
    object.get("properties")?.as_object()?.get(name)
}

/// Returns the column that stores a field: its `storage`, else its name.
pub fn column_name<'s>(name: &'s str, field: &'s FieldSchema) -> &'s str {
    field.storage.as_deref().unwrap_or(name)
}

/// Returns whether `text` is a number as the query language writes one:
/// `-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?` in ASCII digits.
pub fn is_number_text(text: &str) -> bool {
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

/// Converts a record value to the value its column stores, `None` for SQL NULL.
///
/// # Panics
///
/// When the value cannot be read as `field_type`, or is an integer outside the `i64` range,
/// which the data sets must not hold.
pub fn column_value(name: &str, field_type: &FieldType, value: &Json) -> Option<SqlValue> {
    let unreadable = || -> ! {
        panic!(
            "record value {value} of field `{name}` cannot be stored as {}",
            field_type.name()
        )
    };
    match (field_type, value) {
        (_, Json::Null) => None,
        (FieldType::Text | FieldType::Enumeration { .. }, Json::String(text)) => {
            Some(SqlValue::Text(text.clone()))
        }
        (FieldType::Text | FieldType::Enumeration { .. }, Json::Number(number)) => {
            Some(SqlValue::Text(number.to_string()))
        }
        (FieldType::Text | FieldType::Enumeration { .. }, Json::Bool(boolean)) => {
            Some(SqlValue::Text(boolean.to_string()))
        }
        (FieldType::Integer, Json::Number(number)) => Some(SqlValue::Integer(
            number.as_i64().unwrap_or_else(|| unreadable()),
        )),
        (FieldType::Integer, Json::String(text))
            if is_number_text(text) && !text.contains(['.', 'e', 'E']) =>
        {
            Some(SqlValue::Integer(
                text.parse().unwrap_or_else(|_| unreadable()),
            ))
        }
        (FieldType::Number, Json::Number(number)) => Some(SqlValue::Real(
            number.as_f64().unwrap_or_else(|| unreadable()),
        )),
        (FieldType::Number, Json::String(text)) if is_number_text(text) => Some(SqlValue::Real(
            text.parse().unwrap_or_else(|_| unreadable()),
        )),
        (FieldType::Boolean, Json::Bool(boolean)) => Some(SqlValue::Boolean(*boolean)),
        (FieldType::Boolean, Json::String(text)) if text == "true" || text == "false" => {
            Some(SqlValue::Boolean(text == "true"))
        }
        (FieldType::Timestamp, Json::Number(number)) => match number.as_i64() {
            Some(millis) => Some(SqlValue::Integer(millis)),
            None => match number.as_f64() {
                Some(millis) if millis.fract() == 0.0 && millis.abs() < 9.0e15 => {
                    Some(SqlValue::Integer(millis as i64))
                }
                _ => unreadable(),
            },
        },
        (FieldType::Timestamp, Json::String(text)) => {
            let millis = read_timestamp(text).unwrap_or_else(|| unreadable());
            Some(SqlValue::Integer(
                i64::try_from(millis).unwrap_or_else(|_| unreadable()),
            ))
        }
        (FieldType::Date, Json::String(text)) if read_date(text).is_some() => {
            Some(SqlValue::Text(text.clone()))
        }
        _ => unreadable(),
    }
}

/// Converts a column value to the JSON value a document stores for it: the canonical JSON type
/// of its field type.
pub fn json_of(value: &SqlValue) -> Json {
    match value {
        SqlValue::Text(text) => json!(text),
        SqlValue::Integer(integer) => json!(integer),
        SqlValue::Real(real) => json!(real),
        SqlValue::Boolean(boolean) => json!(boolean),
    }
}

/// Returns the JSON document that stores `record` in the document layout: each field's column
/// value at its path (the field's `storage` split on `.`, else its name), plus `id` when the
/// schema has no such field. A SQL NULL is a JSON `null` in records with an even id and a
/// missing member in the others, so that both forms are covered.
pub fn document_of(schema: &Schema, record: &Json) -> Json {
    let id = record_id(record);
    let mut document = serde_json::Map::new();
    if !schema.fields.contains_key("id") {
        document.insert("id".to_owned(), json!(id));
    }
    for (name, field) in &schema.fields {
        let value = lookup(record, name).unwrap_or(&Json::Null);
        let stored = match column_value(name, &field.field_type, value) {
            Some(stored) => json_of(&stored),
            None if id % 2 == 0 => Json::Null,
            None => continue,
        };
        let path: Vec<&str> = match &field.storage {
            Some(storage) => storage.split('.').collect(),
            None => vec![name.as_str()],
        };
        insert_at(&mut document, &path, stored);
    }
    Json::Object(document)
}

fn insert_at(object: &mut serde_json::Map<String, Json>, path: &[&str], value: Json) {
    match path {
        [] => {}
        [last] => {
            object.insert((*last).to_owned(), value);
        }
        [first, rest @ ..] => {
            let child = object
                .entry((*first).to_owned())
                .or_insert_with(|| Json::Object(serde_json::Map::new()));
            let child = child
                .as_object_mut()
                .unwrap_or_else(|| panic!("storage path member `{first}` is not an object"));
            insert_at(child, rest, value);
        }
    }
}

/// Returns documents whose members are not all in the JSON type of their field type, stored as
/// they are: numeric text in number fields, a number in a text field, an array, an object.
pub fn mistyped_documents() -> (Schema, Vec<Json>) {
    let schema = Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("n", FieldSchema::new(FieldType::Integer))
        .with_field("t", FieldSchema::new(FieldType::Text))
        .with_field("b", FieldSchema::new(FieldType::Boolean))
        .with_field("x", FieldSchema::new(FieldType::Number))
        .with_key("id");
    let records = vec![
        json!({"id": 1, "n": 650, "t": "a", "b": true, "x": 1.5}),
        json!({"id": 2, "n": "650", "t": 650, "b": "true", "x": "1.5"}),
        json!({"id": 3, "n": "abc", "t": ["a"], "b": 1, "x": {"v": 1}}),
        json!({"id": 4, "n": null, "t": null}),
        json!({"id": 5}),
    ];
    (schema, records)
}

/// Queries over [`mistyped_documents`] with the ids they select in memory and in the document
/// layout of every dialect. The evaluator reads `"650"` as the integer 650, `650` as the text
/// `650` and `"true"` as true, while SQL reads each as NULL. Both agree on `isnull`.
pub const MISTYPED_CASES: &[(&str, &[i64], &[i64])] = &[
    ("filter=eq(n,650)", &[1, 2], &[1]),
    ("filter=neq(n,1)", &[1, 2], &[1]),
    ("filter=isnull(n)", &[4, 5], &[4, 5]),
    ("filter=isnotnull(n)", &[1, 2, 3], &[1, 2, 3]),
    ("filter=eq(t,650)", &[2], &[]),
    ("filter=isnotnull(t)", &[1, 2, 3], &[1, 2, 3]),
    ("filter=like(t,a)", &[1], &[1]),
    ("filter=eq(b,true)", &[1, 2], &[1]),
    ("filter=gt(x,1)", &[1, 2], &[1]),
    ("sort=-n", &[3, 4, 5, 1, 2], &[2, 3, 4, 5, 1]),
];

pub fn record_id(record: &Json) -> i64 {
    lookup(record, "id")
        .and_then(Json::as_i64)
        .unwrap_or_else(|| panic!("record {record} has no integer id"))
}

pub fn read_data_file(name: &str) -> String {
    let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// Loads the 300 sample companies and their schema. `dealIds` has no schema field and is not
/// loaded.
pub fn companies() -> (Schema, Vec<Json>) {
    let schema = Schema::from_json(&read_data_file("companies.schema.json"))
        .expect("companies.schema.json is a schema");
    let records = serde_json::from_str(&read_data_file("companies.json"))
        .expect("companies.json is a JSON array");
    (schema, records)
}

/// Loads the 344 penguins of `tests/data/penguins.json`, numbered by an added `id` from 1, with
/// a schema of their fields. Their names hold spaces and parentheses.
pub fn penguins() -> (Schema, Vec<Json>) {
    let path = format!("{}/tests/data/penguins.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let mut records: Vec<Json> =
        serde_json::from_str(&text).expect("penguins.json is a JSON array");
    for (index, record) in records.iter_mut().enumerate() {
        record
            .as_object_mut()
            .expect("each penguin is an object")
            .insert("id".to_owned(), json!(index + 1));
    }
    let schema = Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("Species", FieldSchema::new(FieldType::Text))
        .with_field("Island", FieldSchema::new(FieldType::Text))
        .with_field("Beak Length (mm)", FieldSchema::new(FieldType::Number))
        .with_field("Beak Depth (mm)", FieldSchema::new(FieldType::Number))
        .with_field("Flipper Length (mm)", FieldSchema::new(FieldType::Integer))
        .with_field("Body Mass (g)", FieldSchema::new(FieldType::Integer))
        .with_field("Sex", FieldSchema::new(FieldType::Text))
        .with_key("id");
    (schema, records)
}

/// Returns the companies schema with each field that the records keep in `properties` stored
/// at `properties.NAME`: a nested member in the document layout, and a column of that name
/// with a dot in the columns layout.
pub fn companies_with_nested_storage() -> (Schema, Vec<Json>) {
    let (mut schema, records) = companies();
    let first = records[0].as_object().expect("a company is an object");
    for (name, field) in schema.fields.iter_mut() {
        if !first.contains_key(name) {
            field.storage = Some(format!("properties.{name}"));
        }
    }
    (schema, records)
}

pub const STATUSES: [&str; 7] = ["NEW", "OPEN", "CLOSED", "ÉTÉ", "it's", "50%_off", "a\"b"];

/// Returns a schema with one field of every type. `qty` is stored in the column `quantity`.
pub fn generated_schema() -> Schema {
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
pub struct Lcg(u64);

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
pub fn generated_records() -> Vec<Json> {
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
pub fn is_like_safe(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii() || c.to_lowercase().eq(std::iter::once(c)))
}

/// Returns a record value as text fields read it: a string, or the text of a number or boolean.
pub fn text_of(value: &Json) -> Option<String> {
    match value {
        Json::String(text) => Some(text.clone()),
        Json::Number(number) => Some(number.to_string()),
        Json::Bool(boolean) => Some(boolean.to_string()),
        _ => None,
    }
}

/// Returns whether every text-field value of `record` is like-safe.
pub fn is_like_safe_record(schema: &Schema, record: &Json) -> bool {
    schema
        .fields
        .iter()
        .filter(|(_, field)| field.field_type == FieldType::Text)
        .filter_map(|(name, _)| lookup(record, name).and_then(text_of))
        .all(|text| is_like_safe(&text))
}

/// Builds a query string from an expression, with the builder's quoting and encoding.
pub fn filter_text(expr: Expr) -> String {
    Query::new().with_filter(expr).to_string()
}

/// The name of a hostile field with a backslash and both quotes, which JSON paths escape.
pub const ESCAPED_NAME: &str = "back\\slash 'q' \"dq\"";

/// Returns a schema whose field, column and member names try to end the statement or the JSON
/// path.
pub fn hostile_schema() -> Schema {
    Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("a\"; DROP TABLE t; --", FieldSchema::new(FieldType::Text))
        .with_field(
            "x'y",
            FieldSchema::new(FieldType::Integer).with_storage("n\"); DROP TABLE t; --"),
        )
        .with_field(ESCAPED_NAME, FieldSchema::new(FieldType::Text))
}

pub fn hostile_records() -> Vec<Json> {
    vec![
        json!({"id": 1, "a\"; DROP TABLE t; --": "'; DROP TABLE t; --", "x'y": 1, ESCAPED_NAME: "one"}),
        json!({"id": 2, "a\"; DROP TABLE t; --": "\"; DROP TABLE t; --", "x'y": 2, ESCAPED_NAME: "two"}),
        json!({"id": 3, "a\"; DROP TABLE t; --": "%", "x'y": null}),
        json!({"id": 4, "a\"; DROP TABLE t; --": "\\", "x'y": 4}),
        json!({"id": 5, "a\"; DROP TABLE t; --": "plain", "x'y": 5}),
        json!({"id": 6, "x'y": 6}),
    ]
}

/// Returns queries over the hostile schema: every hostile literal on the field `name` with each
/// text operator, a sort on every hostile name, and conditions on the escaped name.
pub fn hostile_queries(name: &str) -> Vec<String> {
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
    queries.push(
        Query::new()
            .with_filter(or([
                field(ESCAPED_NAME).is_null(),
                field(ESCAPED_NAME).eq("one"),
            ]))
            .with_sort_desc(ESCAPED_NAME)
            .to_string(),
    );
    queries.push(filter_text(field(ESCAPED_NAME).is_not_null()));
    queries
}

/// One field of a data set with the literals a generated query may compare it with.
pub struct FieldChoice {
    pub name: String,
    pub field_type: FieldType,
    pub operators: Vec<Operator>,
    /// Literals that validation accepts for the field's type.
    pub literals: Vec<String>,
    /// Like-safe needles for `like` and `notlike`, empty when the field takes no `like`.
    pub needles: Vec<String>,
}

/// Literals that every field of a type is also compared with, beyond the data's own values.
pub fn edge_literals(field_type: &FieldType) -> Vec<String> {
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
pub fn literal_of(field_type: &FieldType, value: &Json) -> Option<String> {
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
pub fn needles_of(text: &str) -> Vec<String> {
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
pub fn field_choices(schema: &Schema, records: &[Json]) -> Vec<FieldChoice> {
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
pub enum Shape {
    Leaf(Index, Index, Vec<Index>),
    And(Vec<Shape>),
    Or(Vec<Shape>),
    Not(Box<Shape>),
}

pub fn shape_strategy() -> impl Strategy<Value = Shape> {
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
pub struct QueryPlan {
    conditions: Vec<(Shape, bool)>,
    sort: Vec<(Index, bool)>,
    page: Option<(u32, u32)>,
}

pub fn plan_strategy() -> impl Strategy<Value = QueryPlan> {
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
pub fn order_bounds<'l>(field_type: &FieldType, a: &'l str, b: &'l str) -> (&'l str, &'l str) {
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

pub fn build_expr(shape: &Shape, choices: &[FieldChoice]) -> Expr {
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
pub fn build_query_text(plan: &QueryPlan, choices: &[FieldChoice]) -> String {
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

/// Queries with every operator on every field type of `generated_schema`.
pub const OPERATOR_CASES: &[&str] = &[
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

/// Queries with nested `AND` and `OR` groups and field parameters over `generated_schema`.
pub const GROUP_CASES: &[&str] = &[
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

/// Queries with `NOT` over `generated_schema`, where null rows follow three-valued logic.
pub const NOT_CASES: &[&str] = &[
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

/// Queries over the sample companies.
pub const COMPANY_CASES: &[&str] = &[
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

/// Returns a schema with an integer `id` and a text `title`.
pub fn title_schema() -> Schema {
    Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("title", FieldSchema::new(FieldType::Text))
}

/// Returns titles with NUL (U+0000) inside, which PostgreSQL cannot store.
pub fn nul_records() -> Vec<Json> {
    vec![
        json!({"id": 1, "title": "a\u{0}b"}),
        json!({"id": 2, "title": "a"}),
        json!({"id": 3, "title": "ab"}),
        json!({"id": 4, "title": "a\u{0}c"}),
        json!({"id": 5, "title": "\u{0}"}),
    ]
}

/// Queries over [`nul_records`] that compare, list and sort text with NUL.
pub const NUL_CASES: &[&str] = &[
    "filter=eq(title,a%00b)",
    "filter=neq(title,a%00b)",
    "filter=gt(title,a)&sort=-title",
    "filter=lt(title,a%00c)&sort=title",
    "filter=in(title,%00,a%00c)",
    "filter=btn(title,a%00,a%00z)",
    "sort=title",
];

/// Queries over [`penguins`], whose field names hold spaces and parentheses.
pub const PENGUIN_CASES: &[&str] = &[
    "filter=gt(\"Beak Length (mm)\",50)&sort=-\"Body Mass (g)\"&pageSize=3",
    "Species=Gentoo&sort=\"Flipper Length (mm)\"&pageSize=100",
    "filter=OR(isnull(Sex),isnull(\"Beak Depth (mm)\"))&sort=-Sex",
    "filter=AND(eq(Island,Biscoe),btn(\"Body Mass (g)\",4000,5000))&sort=-\"Beak Depth (mm)\",Species",
    "filter=in(\"Flipper Length (mm)\",181,190,210)&sort=\"Body Mass (g)\"",
    "filter=NOT(OR(eq(Sex,MALE),like(Species,lie)))&pageSize=100",
    "filter=lte(\"Beak Depth (mm)\",15)&sort=Island,-\"Beak Length (mm)\"",
    "filter=neq(Sex,FEMALE)&sort=Sex&pageSize=50&pageNumber=3",
    "sort=-\"Beak Length (mm)\"&pageSize=100&pageNumber=4",
];

/// Sorts on every field of `generated_schema`, alone and combined, with paging.
pub fn sort_cases() -> Vec<String> {
    let mut cases: Vec<String> = Vec::new();
    for name in generated_schema().fields.keys() {
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
    cases
}

/// Pages of several sizes, up to far past the end of the data.
pub fn paging_cases() -> Vec<String> {
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
    cases
}
