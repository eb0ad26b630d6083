//! A small fixed record set in an in-memory SQLite table, and the comparison of rendered SQL
//! with the in-memory evaluator on it.

use inperium_filter::schema::{CheckedQuery, FieldSchema, FieldType, Schema};
use inperium_filter::sql::{render, Dialect, SqlOptions, SqlValue};
use inperium_filter::{Compiled, Expr, Test};
use rusqlite::types::Value as SqliteValue;
use rusqlite::Connection;
use serde_json::{json, Value as Json};

/// The table the records are loaded into.
const TABLE: &str = "records";

/// Returns a schema with one field of every type, with `qty` stored in the column `quantity`.
pub fn schema() -> Schema {
    let statuses = ["NEW", "OPEN", "it's", "50%_off", "Zoë"];
    Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("title", FieldSchema::new(FieldType::Text))
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
                values: statuses.iter().map(|value| value.to_string()).collect(),
            }),
        )
        .with_key("id")
}

/// Records with nulls, missing members, ties, extreme numbers, quotes, wildcards and non-ASCII
/// text. No text contains a letter that SQLite's `LIKE` and the evaluator fold differently (see
/// [`is_like_safe`]), and none contains NUL.
pub fn records() -> Vec<Json> {
    vec![
        json!({"id": 1, "title": "Acme", "qty": 3, "price": 1.5, "active": true, "seenAt": 1_613_433_600_000_i64, "day": "2021-02-16", "status": "NEW"}),
        json!({"id": 2, "title": "acme", "qty": 3, "price": -1.5, "active": false, "seenAt": 0, "day": "1970-01-01", "status": "OPEN"}),
        json!({"id": 3, "title": "", "qty": 0, "price": 0.0, "active": null, "seenAt": -1, "day": null, "status": "it's"}),
        json!({"id": 4, "title": "50% off_now", "qty": -7, "price": 1e300, "active": true, "seenAt": null, "day": "2000-02-29", "status": "50%_off"}),
        json!({"id": 5, "title": "it's \"quoted\" \\ back", "qty": i64::MAX, "price": -1e300, "seenAt": 253_402_300_799_999_i64, "day": "9999-12-31", "status": "Zoë"}),
        json!({"id": 6, "title": "Straße", "qty": i64::MIN, "price": 42, "active": false, "seenAt": -62_135_596_800_000_i64, "day": "0001-01-01", "status": null}),
        json!({"id": 7, "title": "日本語 😀", "qty": null, "price": null, "active": true, "seenAt": 1_613_433_600_001_i64, "day": "2021-02-16", "status": "NEW"}),
        json!({"id": 8, "title": "zoë \u{202e}txt", "qty": 42, "price": 0.1, "active": true, "seenAt": 1_613_433_600_000_i64, "day": "2021-02-17", "status": "OPEN"}),
        json!({"id": 9, "title": " padded ", "qty": 42, "price": 42.0, "active": false, "seenAt": 1, "day": "2021-01-31", "status": "NEW"}),
        json!({"id": 10, "title": null, "qty": 1, "price": 2.5, "active": null, "seenAt": 2, "day": "2020-12-31", "status": "OPEN"}),
        json!({"id": 11, "title": "tab\tline\nend", "qty": 9_007_199_254_740_993_i64, "price": 9_007_199_254_740_992.0, "active": true, "seenAt": 3, "day": "2021-02-16", "status": "it's"}),
        json!({"id": 12, "title": "ACME corp", "qty": -1, "price": -0.0, "active": false, "seenAt": 1_613_433_600_000_i64, "day": "1999-12-31", "status": "NEW"}),
    ]
}

/// Returns whether SQLite's `LIKE`, which folds ASCII letters only, and the evaluator, which
/// folds every letter, read `text` alike: it has no non-ASCII letter whose lowercase differs.
pub fn is_like_safe(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii() || c.to_lowercase().eq(std::iter::once(c)))
}

/// Returns whether every `like` and `notlike` value in `expr` is like-safe.
pub fn has_only_safe_likes(expr: &Expr) -> bool {
    match expr {
        Expr::Group(group) => group.members.iter().all(has_only_safe_likes),
        Expr::Predicate(predicate) => match &predicate.test {
            Test::Like(value) | Test::NotLike(value) => is_like_safe(&value.text),
            _ => true,
        },
    }
}

fn column_type(field_type: &FieldType) -> &'static str {
    match field_type {
        FieldType::Number => "REAL",
        FieldType::Integer | FieldType::Boolean | FieldType::Timestamp => "INTEGER",
        _ => "TEXT",
    }
}

fn column_value(field_type: &FieldType, value: &Json) -> SqliteValue {
    match (field_type, value) {
        (_, Json::Null) => SqliteValue::Null,
        (FieldType::Number, Json::Number(number)) => {
            SqliteValue::Real(number.as_f64().expect("a number is a float"))
        }
        (_, Json::Number(number)) => {
            SqliteValue::Integer(number.as_i64().expect("an integer fits i64"))
        }
        (_, Json::Bool(boolean)) => SqliteValue::Integer(i64::from(*boolean)),
        (_, Json::String(text)) => SqliteValue::Text(text.clone()),
        _ => panic!("no column value for {value}"),
    }
}

/// An in-memory SQLite database with [`records`] loaded, and the same records for the
/// evaluator.
pub struct Table {
    conn: Connection,
    schema: Schema,
    records: Vec<Json>,
}

impl Table {
    /// Creates the table and inserts the records.
    pub fn open() -> Table {
        let schema = schema();
        let records = records();
        let conn = Connection::open_in_memory().expect("in-memory SQLite opens");
        let columns: Vec<(String, &FieldType)> = schema
            .fields
            .iter()
            .map(|(name, field)| {
                let column = field.storage.clone().unwrap_or_else(|| name.clone());
                (column, &field.field_type)
            })
            .collect();
        let definitions: Vec<String> = columns
            .iter()
            .map(|(column, field_type)| format!("\"{column}\" {}", column_type(field_type)))
            .collect();
        conn.execute(
            &format!("CREATE TABLE {TABLE} ({})", definitions.join(", ")),
            [],
        )
        .expect("CREATE TABLE succeeds");

        let names: Vec<String> = columns
            .iter()
            .map(|(column, _)| format!("\"{column}\""))
            .collect();
        let placeholders = vec!["?"; names.len()].join(", ");
        let insert = format!(
            "INSERT INTO {TABLE} ({}) VALUES ({placeholders})",
            names.join(", ")
        );
        for record in &records {
            assert!(record_is_like_safe(record), "{record}");
            let row = schema.fields.iter().map(|(name, field)| {
                column_value(&field.field_type, record.get(name).unwrap_or(&Json::Null))
            });
            conn.execute(&insert, rusqlite::params_from_iter(row))
                .expect("INSERT succeeds");
        }
        Table {
            conn,
            schema,
            records,
        }
    }

    /// Returns the schema the table follows.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Runs `checked` in memory and as SQL, and panics when the page ids, their order or the
    /// totals differ, or when SQLite rejects the rendered SQL.
    pub fn compare(&self, input: &str, checked: &CheckedQuery) {
        let Ok(rendered) = render(checked, &SqlOptions::new(Dialect::Sqlite, TABLE)) else {
            return;
        };
        let page = Compiled::from_checked(checked)
            .expect("a checked query compiles")
            .page(&self.records);
        let memory_ids: Vec<i64> = page
            .data
            .iter()
            .map(|record| record["id"].as_i64().expect("every record has an id"))
            .collect();

        let failed = |error: rusqlite::Error| -> ! {
            panic!(
                "{input:?}: SQLite rejects {}\n{:?}\n{error}",
                rendered.sql, rendered.params
            )
        };
        let mut statement = self
            .conn
            .prepare_cached(&rendered.sql)
            .unwrap_or_else(|error| failed(error));
        let sql_ids: Vec<i64> = statement
            .query_map(bind(&rendered.params), |row| row.get::<_, i64>("id"))
            .unwrap_or_else(|error| failed(error))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|error| failed(error));
        let sql_total: i64 = self
            .conn
            .prepare_cached(&rendered.count_sql)
            .and_then(|mut count| count.query_row(bind(&rendered.count_params), |row| row.get(0)))
            .unwrap_or_else(|error| failed(error));

        assert_eq!(
            memory_ids, sql_ids,
            "{input:?}: page ids differ\nSQL: {}\nparams: {:?}",
            rendered.sql, rendered.params
        );
        assert_eq!(
            page.paging.total_number_of_records,
            u64::try_from(sql_total).expect("COUNT(*) is not negative"),
            "{input:?}: totals differ\nSQL: {}\nparams: {:?}",
            rendered.count_sql,
            rendered.count_params
        );
    }
}

fn record_is_like_safe(record: &Json) -> bool {
    let text = record["title"].as_str().unwrap_or_default();
    is_like_safe(text) && !text.contains('\0')
}

fn bind(params: &[SqlValue]) -> rusqlite::ParamsFromIter<Vec<SqliteValue>> {
    let values = params.iter().map(|value| match value {
        SqlValue::Text(text) => SqliteValue::Text(text.clone()),
        SqlValue::Integer(integer) => SqliteValue::Integer(*integer),
        SqlValue::Real(real) => SqliteValue::Real(*real),
        SqlValue::Boolean(boolean) => SqliteValue::Integer(i64::from(*boolean)),
    });
    rusqlite::params_from_iter(values.collect::<Vec<_>>())
}
