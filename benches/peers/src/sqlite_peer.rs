//! The records as rows of typed columns in an in-memory SQLite database.

use rusqlite::{params_from_iter, types::Value as Sql, Connection};
use serde_json::Value;

/// Returns the columns of each data set's table, with their SQL types.
fn columns(data_set: &str) -> &'static [(&'static str, &'static str)] {
    match data_set {
        "flights" => &[
            ("date", "TEXT"),
            ("delay", "INTEGER"),
            ("distance", "INTEGER"),
            ("origin", "TEXT"),
            ("destination", "TEXT"),
        ],
        _ => &[
            ("id", "INTEGER"),
            ("createdAt", "INTEGER"),
            ("companyName", "TEXT"),
            ("industry", "TEXT"),
            ("type", "TEXT"),
            ("employeeCount", "INTEGER"),
            ("annualRevenue", "REAL"),
            ("city", "TEXT"),
            ("country", "TEXT"),
        ],
    }
}

/// Creates an in-memory database with one table named after the data set, holding `records`
/// with each field in a column of its type. Numeric text goes into an INTEGER column as a
/// number, as a loader would convert it.
pub fn load(data_set: &str, records: &[Value]) -> Connection {
    let connection = Connection::open_in_memory().expect("opening an in-memory database");
    let columns = columns(data_set);
    let definitions: Vec<String> = columns
        .iter()
        .map(|(name, sql_type)| format!("\"{name}\" {sql_type}"))
        .collect();
    connection
        .execute(
            &format!("CREATE TABLE {data_set} ({})", definitions.join(", ")),
            [],
        )
        .expect("creating the table");
    let placeholders = vec!["?"; columns.len()].join(", ");
    let transaction = connection.unchecked_transaction().expect("a transaction");
    {
        let mut insert = transaction
            .prepare(&format!("INSERT INTO {data_set} VALUES ({placeholders})"))
            .expect("preparing the insert");
        for record in records {
            let row = columns
                .iter()
                .map(|(name, sql_type)| to_sql(field(record, name), sql_type));
            insert
                .execute(params_from_iter(row))
                .expect("inserting a row");
        }
    }
    transaction.commit().expect("committing the rows");
    connection
}

/// Counts the rows that satisfy `condition`, with a statement prepared once.
pub fn count(connection: &Connection, data_set: &str, condition: &str) -> usize {
    let mut statement = connection
        .prepare_cached(&format!(
            "SELECT count(*) FROM {data_set} WHERE {condition}"
        ))
        .expect("preparing the count");
    statement
        .query_row([], |row| row.get::<_, i64>(0))
        .expect("counting") as usize
}

fn field<'v>(record: &'v Value, name: &str) -> Option<&'v Value> {
    record
        .get(name)
        .or_else(|| record.get("properties")?.get(name))
}

fn to_sql(value: Option<&Value>, sql_type: &str) -> Sql {
    match (value, sql_type) {
        (Some(Value::Number(number)), "INTEGER") => number.as_i64().map_or(Sql::Null, Sql::Integer),
        (Some(Value::String(text)), "INTEGER") => text.parse().map_or(Sql::Null, Sql::Integer),
        (Some(Value::Number(number)), "REAL") => number.as_f64().map_or(Sql::Null, Sql::Real),
        (Some(Value::String(text)), "TEXT") => Sql::Text(text.clone()),
        _ => Sql::Null,
    }
}
