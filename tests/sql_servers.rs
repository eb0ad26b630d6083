//! Differential tests of the SQL renderer on PostgreSQL and MariaDB servers: for every query, the
//! rendered SQL selects the same records in the same order as the in-memory evaluator, and its
//! COUNT equals the evaluator's `totalNumberOfRecords`. The data sets and generated queries are
//! those of `sql_sqlite.rs`.
//!
//! The servers are found through `INPERIUM_PG_URL` and `INPERIUM_MYSQL_URL`, by default the
//! user, password and database `inperium` on 127.0.0.1, as `.ci/run` creates them. When a server
//! is unreachable, each of its tests prints why and passes, except with `CI=true`, where it fails.
//!
//! Each test loads its own tables, named after the test, and drops and recreates them on every
//! run. Text columns are `text` in PostgreSQL and `TEXT` with the collation `utf8mb4_bin` in
//! MariaDB, and document columns are `jsonb` and `JSON`. MariaDB runs the MariaDB dialect unless
//! a test says otherwise. The renderer adds `COLLATE "C"` or `COLLATE utf8mb4_nopad_bin` to
//! comparisons, and PostgreSQL's `LOWER` folds case by the database's `LC_CTYPE`, which is
//! `C.UTF-8` in the cluster that Debian 12's `postgresql` package creates.

mod sql_common;

use inperium_filter::schema::{FieldSchema, FieldType, Schema};
use inperium_filter::sql::{render, Dialect, SqlOptions, SqlQuery, SqlValue};
use inperium_filter::{field, Compiled, ParseOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value as Json};
use sql_common::*;

const PG_URL_VARIABLE: &str = "INPERIUM_PG_URL";
const PG_DEFAULT_URL: &str = "postgresql://inperium:inperium@127.0.0.1:5432/inperium";
const MYSQL_URL_VARIABLE: &str = "INPERIUM_MYSQL_URL";
const MYSQL_DEFAULT_URL: &str = "mysql://inperium:inperium@127.0.0.1:3306/inperium";

// ---------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------

/// A database server that the rendered SQL runs on.
trait Server {
    fn name(&self) -> &'static str;

    fn dialect(&self) -> Dialect;

    /// Drops and creates `table` with one column per schema field, plus `id` when the schema
    /// has no such column, and inserts `records`.
    fn load_columns(&mut self, table: &str, schema: &Schema, records: &[Json]);

    /// Drops and creates `table` with an `id` column and the JSON document column `column`,
    /// and inserts each `(id, document)`.
    fn load_documents(&mut self, table: &str, column: &str, documents: &[(i64, Json)]);

    /// Runs a page query and returns the `id` column of its rows, in order.
    fn select_ids(&mut self, sql: &str, params: &[SqlValue]) -> Result<Vec<i64>, String>;

    /// Runs a `COUNT(*)` query.
    fn count(&mut self, sql: &str, params: &[SqlValue]) -> Result<i64, String>;

    /// Returns the number of rows in `table`.
    fn row_count(&mut self, table: &str) -> i64;
}

/// Returns the server's connection URL from `variable`, else `default`.
fn server_url(variable: &str, default: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| default.to_owned())
}

/// Fails when `CI` is `true`, and otherwise prints why the test is skipped.
// The skip message goes to standard error so that `cargo test` shows it with `--nocapture`.
#[allow(clippy::print_stderr)]
fn server_unreachable(server: &str, variable: &str, error: &dyn std::error::Error) {
    let mut error_text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        error_text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    let message = format!(
        "{server} is unreachable at the URL in {variable} or its local default: {error_text}. \
         Start the server and create the `inperium` user and database as .ci/run does, or set \
         {variable}."
    );
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{message}");
    }
    eprintln!("skipped: {message}");
}

/// Drops, creates and fills `table` in `layout`.
fn load_table(
    server: &mut dyn Server,
    table: &str,
    schema: &Schema,
    records: &[Json],
    layout: Layout,
) {
    match layout {
        Layout::Columns => server.load_columns(table, schema, records),
        Layout::Document(column) => {
            let documents: Vec<(i64, Json)> = records
                .iter()
                .map(|record| (record_id(record), document_of(schema, record)))
                .collect();
            server.load_documents(table, column, &documents);
        }
    }
}

/// Returns the schema's columns in table order, `id` first when the schema has no such column,
/// with the field type of each (`None` for the added `id`).
fn table_columns(schema: &Schema) -> Vec<(String, Option<&FieldType>)> {
    let mut columns: Vec<(String, Option<&FieldType>)> = Vec::new();
    let has_id_column = schema
        .fields
        .iter()
        .any(|(name, field)| column_name(name, field) == "id");
    if !has_id_column {
        columns.push(("id".to_owned(), None));
    }
    for (name, field) in &schema.fields {
        columns.push((column_name(name, field).to_owned(), Some(&field.field_type)));
    }
    columns
}

/// Returns a record's values in the order of [`table_columns`], `None` for SQL NULL.
fn table_row(schema: &Schema, record: &Json) -> Vec<Option<SqlValue>> {
    let mut row = Vec::new();
    if table_columns(schema)[0].1.is_none() {
        row.push(Some(SqlValue::Integer(record_id(record))));
    }
    for (name, field) in &schema.fields {
        let value = lookup(record, name).unwrap_or(&Json::Null);
        row.push(column_value(name, &field.field_type, value));
    }
    row
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

struct Postgres {
    client: postgres::Client,
}

fn connect_postgres() -> Option<Postgres> {
    let url = server_url(PG_URL_VARIABLE, PG_DEFAULT_URL);
    match postgres::Client::connect(&url, postgres::NoTls) {
        Ok(client) => Some(Postgres { client }),
        Err(error) => {
            server_unreachable("PostgreSQL", PG_URL_VARIABLE, &error);
            None
        }
    }
}

fn pg_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn pg_column_type(field_type: Option<&FieldType>) -> postgres::types::Type {
    use postgres::types::Type;
    match field_type {
        Some(FieldType::Text | FieldType::Enumeration { .. } | FieldType::Date) => Type::TEXT,
        None | Some(FieldType::Integer | FieldType::Timestamp) => Type::INT8,
        Some(FieldType::Number) => Type::FLOAT8,
        Some(FieldType::Boolean) => Type::BOOL,
    }
}

/// Returns the PostgreSQL type that a parameter is bound as.
fn pg_parameter_type(value: &SqlValue) -> postgres::types::Type {
    use postgres::types::Type;
    match value {
        SqlValue::Text(_) => Type::TEXT,
        SqlValue::Integer(_) => Type::INT8,
        SqlValue::Real(_) => Type::FLOAT8,
        SqlValue::Boolean(_) => Type::BOOL,
    }
}

/// Returns a parameter for the postgres crate. A NULL takes the Rust type of its column type.
fn pg_value(
    value: Option<&SqlValue>,
    column_type: &postgres::types::Type,
) -> Box<dyn postgres::types::ToSql + Sync> {
    use postgres::types::Type;
    match value {
        Some(SqlValue::Text(text)) => Box::new(text.clone()),
        Some(SqlValue::Integer(integer)) => Box::new(*integer),
        Some(SqlValue::Real(real)) => Box::new(*real),
        Some(SqlValue::Boolean(boolean)) => Box::new(*boolean),
        None if *column_type == Type::TEXT => Box::new(None::<String>),
        None if *column_type == Type::INT8 => Box::new(None::<i64>),
        None if *column_type == Type::FLOAT8 => Box::new(None::<f64>),
        None => Box::new(None::<bool>),
    }
}

impl Postgres {
    /// Prepares `sql` with each parameter typed by its `SqlValue` variant. Without the types,
    /// PostgreSQL infers a parameter's type from the column it is compared with, and the
    /// postgres crate then rejects a float bound where `bigint` is inferred
    /// (`untyped_float_parameter_fails_on_bigint` shows this).
    fn query(
        &mut self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<postgres::Row>, postgres::Error> {
        let types: Vec<postgres::types::Type> = params.iter().map(pg_parameter_type).collect();
        let statement = self.client.prepare_typed(sql, &types)?;
        let values: Vec<Box<dyn postgres::types::ToSql + Sync>> = params
            .iter()
            .zip(&types)
            .map(|(value, column_type)| pg_value(Some(value), column_type))
            .collect();
        let references: Vec<&(dyn postgres::types::ToSql + Sync)> =
            values.iter().map(|value| value.as_ref()).collect();
        self.client.query(&statement, &references)
    }
}

impl Server for Postgres {
    fn name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn load_documents(&mut self, table: &str, column: &str, documents: &[(i64, Json)]) {
        use postgres::types::Type;

        let table = pg_identifier(table);
        let column = pg_identifier(column);
        let mut transaction = self.client.transaction().expect("BEGIN failed");
        transaction
            .batch_execute(&format!(
                "DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (\"id\" bigint, {column} jsonb)"
            ))
            .unwrap_or_else(|error| panic!("CREATE TABLE {table} failed: {error}"));
        let insert = transaction
            .prepare_typed(
                &format!("INSERT INTO {table} (\"id\", {column}) VALUES ($1, $2::jsonb)"),
                &[Type::INT8, Type::TEXT],
            )
            .expect("INSERT failed to prepare");
        for (id, document) in documents {
            transaction
                .execute(&insert, &[id, &document.to_string()])
                .unwrap_or_else(|error| panic!("INSERT of {document} failed: {error}"));
        }
        transaction.commit().expect("COMMIT failed");
    }

    fn load_columns(&mut self, table: &str, schema: &Schema, records: &[Json]) {
        let columns = table_columns(schema);
        let column_types: Vec<postgres::types::Type> = columns
            .iter()
            .map(|(_, field_type)| pg_column_type(*field_type))
            .collect();
        let definitions: Vec<String> = columns
            .iter()
            .zip(&column_types)
            .map(|((name, _), column_type)| {
                let sql_type = match column_type.name() {
                    "float8" => "double precision",
                    "int8" => "bigint",
                    "bool" => "boolean",
                    other => other,
                };
                format!("{} {sql_type}", pg_identifier(name))
            })
            .collect();
        let quoted_table = pg_identifier(table);
        let names: Vec<String> = columns
            .iter()
            .map(|(name, _)| pg_identifier(name))
            .collect();
        let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();

        let mut transaction = self.client.transaction().expect("BEGIN failed");
        transaction
            .batch_execute(&format!(
                "DROP TABLE IF EXISTS {quoted_table}; CREATE TABLE {quoted_table} ({})",
                definitions.join(", ")
            ))
            .unwrap_or_else(|error| panic!("CREATE TABLE {quoted_table} failed: {error}"));
        let insert = transaction
            .prepare_typed(
                &format!(
                    "INSERT INTO {quoted_table} ({}) VALUES ({})",
                    names.join(", "),
                    placeholders.join(", ")
                ),
                &column_types,
            )
            .expect("INSERT failed to prepare");
        for record in records {
            let values: Vec<Box<dyn postgres::types::ToSql + Sync>> = table_row(schema, record)
                .iter()
                .zip(&column_types)
                .map(|(value, column_type)| pg_value(value.as_ref(), column_type))
                .collect();
            let references: Vec<&(dyn postgres::types::ToSql + Sync)> =
                values.iter().map(|value| value.as_ref()).collect();
            transaction
                .execute(&insert, &references)
                .unwrap_or_else(|error| panic!("INSERT of {record} failed: {error}"));
        }
        transaction.commit().expect("COMMIT failed");
    }

    fn select_ids(&mut self, sql: &str, params: &[SqlValue]) -> Result<Vec<i64>, String> {
        let rows = self.query(sql, params).map_err(|error| error.to_string())?;
        rows.iter()
            .map(|row| {
                row.try_get::<_, i64>("id")
                    .map_err(|error| error.to_string())
            })
            .collect()
    }

    fn count(&mut self, sql: &str, params: &[SqlValue]) -> Result<i64, String> {
        let rows = self.query(sql, params).map_err(|error| error.to_string())?;
        rows.first()
            .ok_or_else(|| "COUNT(*) returned no row".to_owned())?
            .try_get(0)
            .map_err(|error| error.to_string())
    }

    fn row_count(&mut self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {}", pg_identifier(table));
        self.count(&sql, &[])
            .unwrap_or_else(|error| panic!("table {table:?} is not readable: {error}"))
    }
}

// ---------------------------------------------------------------------------------------------
// MariaDB
// ---------------------------------------------------------------------------------------------

struct MariaDb {
    conn: mysql::Conn,
    /// The collation of the text columns of the tables that `load_columns` creates.
    table_collation: &'static str,
    /// The dialect the tests render for this server: `MariaDb`, or `MySql` to show how MySQL's
    /// collation differs on MariaDB.
    dialect: Dialect,
}

fn connect_mariadb() -> Option<MariaDb> {
    let url = server_url(MYSQL_URL_VARIABLE, MYSQL_DEFAULT_URL);
    let connected = mysql::Opts::from_url(&url)
        .map_err(mysql::Error::from)
        .and_then(mysql::Conn::new);
    match connected {
        Ok(conn) => Some(MariaDb {
            conn,
            table_collation: "utf8mb4_bin",
            dialect: Dialect::MariaDb,
        }),
        Err(error) => {
            server_unreachable("MariaDB", MYSQL_URL_VARIABLE, &error);
            None
        }
    }
}

fn mysql_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn mysql_column_type(field_type: Option<&FieldType>) -> &'static str {
    match field_type {
        Some(FieldType::Text | FieldType::Enumeration { .. } | FieldType::Date) => "TEXT",
        None | Some(FieldType::Integer | FieldType::Timestamp) => "BIGINT",
        Some(FieldType::Number) => "DOUBLE",
        Some(FieldType::Boolean) => "TINYINT(1)",
    }
}

fn mysql_value(value: Option<&SqlValue>) -> mysql::Value {
    match value {
        None => mysql::Value::NULL,
        Some(SqlValue::Text(text)) => mysql::Value::Bytes(text.as_bytes().to_vec()),
        Some(SqlValue::Integer(integer)) => mysql::Value::Int(*integer),
        Some(SqlValue::Real(real)) => mysql::Value::Double(*real),
        Some(SqlValue::Boolean(boolean)) => mysql::Value::Int(i64::from(*boolean)),
    }
}

fn mysql_params(params: &[SqlValue]) -> mysql::Params {
    if params.is_empty() {
        mysql::Params::Empty
    } else {
        mysql::Params::Positional(
            params
                .iter()
                .map(|value| mysql_value(Some(value)))
                .collect(),
        )
    }
}

impl Server for MariaDb {
    fn name(&self) -> &'static str {
        "MariaDB"
    }

    fn dialect(&self) -> Dialect {
        self.dialect
    }

    fn load_documents(&mut self, table: &str, column: &str, documents: &[(i64, Json)]) {
        use mysql::prelude::Queryable;

        let table = mysql_identifier(table);
        let column = mysql_identifier(column);
        self.conn
            .query_drop(format!("DROP TABLE IF EXISTS {table}"))
            .unwrap_or_else(|error| panic!("DROP TABLE {table} failed: {error}"));
        self.conn
            .query_drop(format!(
                "CREATE TABLE {table} (`id` BIGINT, {column} JSON) CHARACTER SET utf8mb4 COLLATE {}",
                self.table_collation
            ))
            .unwrap_or_else(|error| panic!("CREATE TABLE {table} failed: {error}"));
        let mut transaction = self
            .conn
            .start_transaction(mysql::TxOpts::default())
            .expect("BEGIN failed");
        let statement = transaction
            .prep(format!(
                "INSERT INTO {table} (`id`, {column}) VALUES (?, ?)"
            ))
            .expect("INSERT failed to prepare");
        for (id, document) in documents {
            transaction
                .exec_drop(&statement, (id, document.to_string()))
                .unwrap_or_else(|error| panic!("INSERT of {document} failed: {error}"));
        }
        transaction.commit().expect("COMMIT failed");
    }

    fn load_columns(&mut self, table: &str, schema: &Schema, records: &[Json]) {
        use mysql::prelude::Queryable;

        let columns = table_columns(schema);
        let definitions: Vec<String> = columns
            .iter()
            .map(|(name, field_type)| {
                format!(
                    "{} {}",
                    mysql_identifier(name),
                    mysql_column_type(*field_type)
                )
            })
            .collect();
        let quoted_table = mysql_identifier(table);
        self.conn
            .query_drop(format!("DROP TABLE IF EXISTS {quoted_table}"))
            .unwrap_or_else(|error| panic!("DROP TABLE {quoted_table} failed: {error}"));
        self.conn
            .query_drop(format!(
                "CREATE TABLE {quoted_table} ({}) CHARACTER SET utf8mb4 COLLATE {}",
                definitions.join(", "),
                self.table_collation
            ))
            .unwrap_or_else(|error| panic!("CREATE TABLE {quoted_table} failed: {error}"));

        let names: Vec<String> = columns
            .iter()
            .map(|(name, _)| mysql_identifier(name))
            .collect();
        let placeholders = vec!["?"; columns.len()].join(", ");
        let insert = format!(
            "INSERT INTO {quoted_table} ({}) VALUES ({placeholders})",
            names.join(", ")
        );
        let mut transaction = self
            .conn
            .start_transaction(mysql::TxOpts::default())
            .expect("BEGIN failed");
        let statement = transaction.prep(&insert).expect("INSERT failed to prepare");
        for record in records {
            let row: Vec<mysql::Value> = table_row(schema, record)
                .iter()
                .map(|value| mysql_value(value.as_ref()))
                .collect();
            transaction
                .exec_drop(&statement, mysql::Params::Positional(row))
                .unwrap_or_else(|error| panic!("INSERT of {record} failed: {error}"));
        }
        transaction.commit().expect("COMMIT failed");
    }

    fn select_ids(&mut self, sql: &str, params: &[SqlValue]) -> Result<Vec<i64>, String> {
        use mysql::prelude::Queryable;

        let rows: Vec<mysql::Row> = self
            .conn
            .exec(sql, mysql_params(params))
            .map_err(|error| error.to_string())?;
        rows.iter()
            .map(|row| {
                row.get_opt::<i64, &str>("id")
                    .ok_or_else(|| "a row has no `id` column".to_owned())?
                    .map_err(|error| error.to_string())
            })
            .collect()
    }

    fn count(&mut self, sql: &str, params: &[SqlValue]) -> Result<i64, String> {
        use mysql::prelude::Queryable;

        let count: Option<i64> = self
            .conn
            .exec_first(sql, mysql_params(params))
            .map_err(|error| error.to_string())?;
        count.ok_or_else(|| "COUNT(*) returned no row".to_owned())
    }

    fn row_count(&mut self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {}", mysql_identifier(table));
        self.count(&sql, &[])
            .unwrap_or_else(|error| panic!("table {table:?} is not readable: {error}"))
    }
}

// ---------------------------------------------------------------------------------------------
// Running a query both ways
// ---------------------------------------------------------------------------------------------

/// What one query selects in memory and on the server.
#[derive(Debug)]
struct Outcome {
    memory_ids: Vec<i64>,
    memory_total: u64,
    sql_ids: Vec<i64>,
    sql_total: u64,
    rendered: SqlQuery,
}

/// Parses `query_text` with `NOT` enabled, validates it against `schema`, and runs it in memory
/// over `records` and as rendered SQL against `table` in `layout` on `server`.
fn run_both(
    server: &mut dyn Server,
    schema: &Schema,
    records: &[Json],
    table: &str,
    layout: Layout,
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

    let options = layout.options(server.dialect(), table);
    let rendered = render(&checked, &options)
        .map_err(|error| format!("{query_text:?} failed to render:\n{error}"))?;
    let name = server.name();
    let sql_ids = server
        .select_ids(&rendered.sql, &rendered.params)
        .map_err(|error| {
            format!(
                "{query_text:?} rendered SQL failed in {name}: {error}\n{}\n{:?}",
                rendered.sql, rendered.params
            )
        })?;
    let sql_total = server
        .count(&rendered.count_sql, &rendered.count_params)
        .map_err(|error| {
            format!(
                "{query_text:?} rendered COUNT failed in {name}: {error}\n{}\n{:?}",
                rendered.count_sql, rendered.count_params
            )
        })?;

    Ok(Outcome {
        memory_ids,
        memory_total: page.paging.total_number_of_records,
        sql_ids,
        sql_total: u64::try_from(sql_total).expect("COUNT(*) is never negative"),
        rendered,
    })
}

/// Checks that the page and the count agree, naming the query, SQL and parameters when not.
fn compare_with_server(
    server: &mut dyn Server,
    schema: &Schema,
    records: &[Json],
    table: &str,
    layout: Layout,
    query_text: &str,
) -> Result<(), String> {
    let outcome = run_both(server, schema, records, table, layout, query_text)?;
    let name = server.name();
    if outcome.memory_ids != outcome.sql_ids {
        return Err(format!(
            "{query_text:?} ({layout:?}): page ids differ\n  memory: {:?}\n  {name}: {:?}\n  SQL: {}\n  params: {:?}",
            outcome.memory_ids, outcome.sql_ids, outcome.rendered.sql, outcome.rendered.params
        ));
    }
    if outcome.memory_total != outcome.sql_total {
        return Err(format!(
            "{query_text:?} ({layout:?}): totals differ\n  memory: {}\n  {name}: {}\n  SQL: {}\n  params: {:?}",
            outcome.memory_total,
            outcome.sql_total,
            outcome.rendered.count_sql,
            outcome.rendered.count_params
        ));
    }
    Ok(())
}

/// Loads `records` into `table` in each layout and asserts that every query selects the same
/// page, in the same order, and counts the same total in memory and on the server.
fn assert_all_same<S: AsRef<str>>(
    server: &mut dyn Server,
    schema: &Schema,
    records: &[Json],
    table: &str,
    cases: &[S],
) {
    for layout in LAYOUTS {
        let table = layout.table_name(table);
        load_table(server, &table, schema, records, layout);
        for query_text in cases {
            let query_text = query_text.as_ref();
            if let Err(message) =
                compare_with_server(server, schema, records, &table, layout, query_text)
            {
                panic!("{message}");
            }
        }
    }
}

/// Checks `cases` on the generated records in `table`, in each layout.
fn check_generated_cases<S: AsRef<str>>(server: &mut dyn Server, table: &str, cases: &[S]) {
    let schema = generated_schema();
    let records = generated_records();
    assert_all_same(server, &schema, &records, table, cases);
}

/// Runs `cases` generated queries over one data set in each layout, and fails with the smallest
/// failing query.
fn check_generated_queries(
    server: &mut dyn Server,
    table: &str,
    schema: &Schema,
    records: &[Json],
    cases: u32,
) {
    for layout in LAYOUTS {
        let table = layout.table_name(table);
        load_table(server, &table, schema, records, layout);
        check_generated_queries_in(server, &table, layout, schema, records, cases);
    }
}

fn check_generated_queries_in(
    server: &mut dyn Server,
    table: &str,
    layout: Layout,
    schema: &Schema,
    records: &[Json],
    cases: u32,
) {
    let choices = field_choices(schema, records);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = plan_strategy().prop_map(move |plan| build_query_text(&plan, &choices));
    let server = std::cell::RefCell::new(server);
    let result = runner.run(&strategy, |query_text| {
        let mut server = server.borrow_mut();
        compare_with_server(*server, schema, records, table, layout, &query_text)
            .map_err(TestCaseError::fail)
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

// ---------------------------------------------------------------------------------------------
// Tests, each run on both servers
// ---------------------------------------------------------------------------------------------

fn operators_on_every_type(server: &mut dyn Server, table: &str) {
    check_generated_cases(server, table, OPERATOR_CASES);
}

fn hostile_literals_on_every_operator(server: &mut dyn Server, table: &str) {
    let mut cases: Vec<String> = Vec::new();
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
        cases.extend(exprs.into_iter().map(filter_text));
    }
    check_generated_cases(server, table, &cases);
}

fn groups_nest_and_combine(server: &mut dyn Server, table: &str) {
    check_generated_cases(server, table, GROUP_CASES);
}

fn not_follows_three_valued_logic(server: &mut dyn Server, table: &str) {
    check_generated_cases(server, table, NOT_CASES);
}

fn sort_orders_nulls_and_ties(server: &mut dyn Server, table: &str) {
    check_generated_cases(server, table, &sort_cases());
}

fn paging_through_and_past_the_end(server: &mut dyn Server, table: &str) {
    check_generated_cases(server, table, &paging_cases());
}

fn companies_sample_queries(server: &mut dyn Server, table: &str) {
    let (schema, records) = companies();
    assert_all_same(server, &schema, &records, table, COMPANY_CASES);
}

fn penguins_queries(server: &mut dyn Server, table: &str) {
    let (schema, records) = penguins();
    assert_all_same(server, &schema, &records, table, PENGUIN_CASES);
}

/// Fields stored at `properties.NAME`: nested members of the document, and columns whose names
/// have a dot.
fn companies_nested_storage_queries(server: &mut dyn Server, table: &str) {
    let (schema, records) = companies_with_nested_storage();
    assert_all_same(server, &schema, &records, table, COMPANY_CASES);
}

/// Checks literals beyond 2^53 on a number field, which binds every literal as a float, so that
/// the server compares them as memory does.
fn number_literals_beyond_f64_precision(server: &mut dyn Server, table: &str) {
    let cases = [
        "filter=eq(price,9007199254740993)",
        "filter=neq(price,9007199254740993)",
        "filter=gte(price,9007199254740993)",
        "filter=lt(price,9007199254740993)",
        "filter=btn(price,9007199254740993,9007199254740993)",
        "filter=in(price,9007199254740993)",
        "filter=nin(price,9007199254740993)",
    ];
    check_generated_cases(server, table, &cases);
}

/// Groups of 1000 members and 1000 field parameters, and a `like` value of 60,000 bytes, which
/// SQLite rejects, run on both servers.
fn wide_groups_and_long_values(server: &mut dyn Server, table: &str) {
    let members = vec!["isnotnull(title)"; 1000].join(",");
    let long_value = "a".repeat(60_000);
    let cases = [
        format!("filter=AND({members})"),
        format!("filter=OR({members})"),
        vec!["qty=gt::0"; 1000].join("&"),
        format!("filter=like(label,{long_value})"),
        format!("filter=notlike(label,{long_value})"),
    ];
    check_generated_cases(server, table, &cases);
}

/// MariaDB limits table names to 64 characters, so this test ignores its own name and uses
/// `hostile_t` and a table whose name tries to drop it.
fn hostile_names_and_values_stay_data(server: &mut dyn Server, _table: &str) {
    let schema = hostile_schema();
    let records = hostile_records();
    let victim = "hostile_t";
    let table = format!("{victim}\"`; DROP TABLE {victim}; --");
    let name = "a\"; DROP TABLE t; --";
    let queries = hostile_queries(name);
    for layout in [Layout::Columns, Layout::Document("d\"`'; DROP TABLE t; --")] {
        load_table(server, &table, &schema, &records, layout);
        load_table(server, victim, &schema, &records, layout);
        for query_text in &queries {
            if let Err(message) =
                compare_with_server(server, &schema, &records, &table, layout, query_text)
            {
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
            let outcome = run_both(server, &schema, &records, &table, layout, &query_text)
                .unwrap_or_else(|message| panic!("{message}"));
            assert_eq!(outcome.sql_ids, ids, "{query_text} ({layout:?})");
        }
        let escaped = filter_text(field(ESCAPED_NAME).eq("two"));
        let outcome = run_both(server, &schema, &records, &table, layout, &escaped)
            .unwrap_or_else(|message| panic!("{message}"));
        assert_eq!(outcome.sql_ids, [2], "{escaped} ({layout:?})");
        assert_eq!(server.row_count(victim), 6);
        assert_eq!(server.row_count(&table), 6);
    }
}

/// About 1250 generated queries per server and layout, over the five data sets of
/// `sql_sqlite.rs`.
fn generated_queries_match(server: &mut dyn Server, table: &str) {
    let schema = generated_schema();
    let records = generated_records();
    check_generated_queries(server, table, &schema, &records, 250);

    let like_safe: Vec<Json> = records
        .into_iter()
        .filter(|record| is_like_safe_record(&schema, record))
        .collect();
    check_generated_queries(server, table, &schema, &like_safe, 250);

    let (schema, records) = companies();
    check_generated_queries(server, table, &schema, &records, 250);

    let like_safe: Vec<Json> = records
        .into_iter()
        .filter(|record| is_like_safe_record(&schema, record))
        .collect();
    check_generated_queries(server, table, &schema, &like_safe, 250);

    let (schema, records) = penguins();
    check_generated_queries(server, table, &schema, &records, 250);
}

/// Writes one `#[test]` per server for each test function, in the modules
/// `postgres_server` and `mariadb_server`. Each test loads its tables under its own name.
macro_rules! server_tests {
    ($($test:ident),* $(,)?) => {
        mod postgres_server {
            $(
                #[test]
                fn $test() {
                    if let Some(mut server) = super::connect_postgres() {
                        super::$test(&mut server, stringify!($test));
                    }
                }
            )*
        }

        mod mariadb_server {
            $(
                #[test]
                fn $test() {
                    if let Some(mut server) = super::connect_mariadb() {
                        super::$test(&mut server, stringify!($test));
                    }
                }
            )*
        }
    };
}

server_tests!(
    operators_on_every_type,
    hostile_literals_on_every_operator,
    groups_nest_and_combine,
    not_follows_three_valued_logic,
    sort_orders_nulls_and_ties,
    paging_through_and_past_the_end,
    companies_sample_queries,
    number_literals_beyond_f64_precision,
    wide_groups_and_long_values,
    hostile_names_and_values_stay_data,
    generated_queries_match,
    like_folds_unicode,
    document_reads_only_canonical_json_types,
    penguins_queries,
    companies_nested_storage_queries,
);

/// A schema with an `id` field gets no second `id` column.
#[test]
fn table_row_uses_schema_id() {
    let schema = Schema::new().with_field("id", FieldSchema::new(FieldType::Integer));
    assert_eq!(table_columns(&schema).len(), 1);
    assert_eq!(
        table_row(&schema, &json!({"id": 7})),
        [Some(SqlValue::Integer(7))]
    );
}

// ---------------------------------------------------------------------------------------------
// Known differences
// ---------------------------------------------------------------------------------------------

/// Runs `query_text` over `records` loaded into `table` as columns and returns the page ids in
/// memory and on the server.
fn ids_both_ways(
    server: &mut dyn Server,
    schema: &Schema,
    records: &[Json],
    table: &str,
    query_text: &str,
) -> (Vec<i64>, Vec<i64>) {
    let outcome = run_both(server, schema, records, table, Layout::Columns, query_text)
        .unwrap_or_else(|message| panic!("{message}"));
    (outcome.memory_ids, outcome.sql_ids)
}

/// `like` folds case with the evaluator's Unicode lowercase mapping in memory and with `LOWER`
/// on the servers, and both agree on these letters.
fn like_folds_unicode(server: &mut dyn Server, table: &str) {
    let schema = title_schema();
    let records = vec![
        json!({"id": 1, "title": "İstanbul"}),
        json!({"id": 2, "title": "ÉCOLE"}),
        json!({"id": 3, "title": "école"}),
        json!({"id": 4, "title": "Straße"}),
    ];
    let cases = [
        "filter=like(title,i)",
        "filter=like(title,%C3%A9c)",
        "filter=notlike(title,%C3%A9c)",
        "filter=like(title,%C3%89C)",
        "filter=like(title,STRA%C3%9FE)",
    ];
    assert_all_same(server, &schema, &records, table, &cases);
}

/// Checks that a document member of another JSON type than its field type's reads as NULL in
/// SQL, while the evaluator converts numeric text and the like. `isnull` agrees.
fn document_reads_only_canonical_json_types(server: &mut dyn Server, table: &str) {
    let (schema, records) = mistyped_documents();
    let documents: Vec<(i64, Json)> = records
        .iter()
        .map(|record| (record_id(record), record.clone()))
        .collect();
    server.load_documents(table, "doc", &documents);
    for (query_text, memory_ids, sql_ids) in MISTYPED_CASES {
        let outcome = run_both(
            server,
            &schema,
            &records,
            table,
            Layout::Document("doc"),
            query_text,
        )
        .unwrap_or_else(|message| panic!("{message}"));
        assert_eq!(outcome.memory_ids, *memory_ids, "{query_text} in memory");
        assert_eq!(
            outcome.sql_ids,
            *sql_ids,
            "{query_text} in {}",
            server.name()
        );
    }
}

/// `jsonb` stores numbers beyond the range of a 64-bit float, which serde_json cannot read. A
/// `number` field reads them as NULL instead of failing the query on the cast.
#[test]
fn postgres_server_out_of_range_numbers_read_as_null() {
    let Some(mut server) = connect_postgres() else {
        return;
    };
    let schema = Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("x", FieldSchema::new(FieldType::Number));
    let table = "postgres_server_out_of_range_numbers";
    server.load_documents(table, "doc", &[]);
    for (id, number) in [
        (1, "1e400"),
        (2, "-1e400"),
        (3, "1e-400"),
        (4, "1.5"),
        (5, "0"),
    ] {
        let document = format!(r#"{{"id": {id}, "x": {number}}}"#);
        server
            .client
            .execute(
                &format!("INSERT INTO {table} (id, doc) VALUES ($1, $2::text::jsonb)"),
                &[&i64::from(id), &document],
            )
            .unwrap();
    }
    let cases: [(&str, &[i64]); 4] = [
        ("filter=gt(x,1)", &[4]),
        ("filter=lte(x,0)", &[5]),
        ("filter=isnotnull(x)&sort=-x", &[1, 2, 3, 4, 5]),
        ("filter=neq(x,0)&sort=x", &[4]),
    ];
    for (query_text, expected) in cases {
        let checked = ParseOptions::new()
            .parse_query(query_text)
            .unwrap()
            .validate(&schema)
            .unwrap();
        let options = SqlOptions::new(Dialect::Postgres, table).with_document("doc");
        let rendered = render(&checked, &options).unwrap();
        let ids = server.select_ids(&rendered.sql, &rendered.params);
        assert_eq!(ids.as_deref(), Ok(expected), "{query_text}");
    }
}

/// MariaDB stores, compares and matches text with NUL as memory does, in both layouts. The
/// renderer rejects a NUL value for PostgreSQL, which cannot store one.
#[test]
fn mariadb_server_nul_in_text() {
    let Some(mut server) = connect_mariadb() else {
        return;
    };
    let schema = title_schema();
    let records = nul_records();
    let mut cases: Vec<&str> = NUL_CASES.to_vec();
    cases.extend([
        "filter=like(title,b)",
        "filter=like(title,%00)",
        "filter=notlike(title,a%00)",
    ]);
    assert_all_same(
        &mut server,
        &schema,
        &records,
        "mariadb_server_nul_in_text",
        &cases,
    );
}

/// MariaDB 10.11's `utf8mb4_bin`, the collation of the MySQL dialect, is a PAD SPACE collation:
/// `=`, `<` and `IN` ignore trailing spaces, so `eq(title," ")` matches the empty title there
/// and no record in memory. The MariaDB dialect's `utf8mb4_nopad_bin` does not pad, and `LIKE`
/// pads in neither.
#[test]
fn mariadb_server_pads_trailing_spaces() {
    let Some(mut server) = connect_mariadb() else {
        return;
    };
    let schema = title_schema();
    let records = vec![
        json!({"id": 1, "title": ""}),
        json!({"id": 2, "title": "a"}),
        json!({"id": 3, "title": "a "}),
    ];
    let table = "mariadb_server_pads_trailing_spaces";
    server.load_columns(table, &schema, &records);
    // (query, ids in memory and with the MariaDB dialect, ids with the MySQL dialect)
    let cases: [(&str, &[i64], &[i64]); 5] = [
        ("filter=eq(title,%22%20%22)", &[], &[1]),
        ("filter=eq(title,a)", &[2], &[2, 3]),
        ("filter=in(title,%22a%20%20%22)", &[], &[2, 3]),
        ("filter=gt(title,a)", &[3], &[]),
        ("filter=like(title,%22a%20%22)", &[3], &[3]),
    ];
    for (query_text, memory_ids, mysql_ids) in cases {
        server.dialect = Dialect::MariaDb;
        let (memory, sql) = ids_both_ways(&mut server, &schema, &records, table, query_text);
        assert_eq!(memory, memory_ids, "{query_text} in memory");
        assert_eq!(sql, memory_ids, "{query_text} in MariaDB, MariaDB dialect");
        server.dialect = Dialect::MySql;
        let (_, sql) = ids_both_ways(&mut server, &schema, &records, table, query_text);
        assert_eq!(sql, mysql_ids, "{query_text} in MariaDB, MySQL dialect");
    }
}

/// `like` compares `LOWER(column)` with `LOWER(pattern)` in the binary collation, whatever the
/// column's collation is. With MariaDB's default `utf8mb4_general_ci`, which ignores accents,
/// `like(title,o)` would otherwise match `Köln`, which it does not in memory. The other tests
/// use `utf8mb4_bin` columns.
#[test]
fn mariadb_server_like_ignores_column_collation() {
    let Some(mut server) = connect_mariadb() else {
        return;
    };
    server.table_collation = "utf8mb4_general_ci";
    let schema = title_schema();
    let records = vec![
        json!({"id": 1, "title": "Köln"}),
        json!({"id": 2, "title": "Bonn"}),
        json!({"id": 3, "title": "Ulm"}),
        json!({"id": 4, "title": "KÖLN"}),
    ];
    let table = "mariadb_server_like_ignores_column_collation";
    server.load_columns(table, &schema, &records);
    let cases: [(&str, &[i64]); 3] = [
        ("filter=like(title,o)", &[2]),
        ("filter=like(title,%C3%B6)", &[1, 4]),
        ("filter=notlike(title,o)", &[1, 3, 4]),
    ];
    for dialect in [Dialect::MariaDb, Dialect::MySql] {
        server.dialect = dialect;
        for (query_text, expected) in cases {
            let (memory, sql) = ids_both_ways(&mut server, &schema, &records, table, query_text);
            assert_eq!(memory, expected, "{query_text} in memory");
            assert_eq!(sql, expected, "{query_text} in MariaDB, {dialect:?}");
        }
    }
}

/// An integer field's literal outside the `i64` range is bound as a float. PostgreSQL infers an
/// untyped parameter compared with a `bigint` column as `bigint`, and the postgres crate then
/// rejects the `f64`, so the tests prepare every statement with the parameter types.
#[test]
fn postgres_server_untyped_float_parameter_fails_on_bigint() {
    let Some(mut server) = connect_postgres() else {
        return;
    };
    let schema = generated_schema();
    let table = "postgres_server_untyped_float_parameter";
    server.load_columns(table, &schema, &generated_records());
    let checked = ParseOptions::new()
        .parse_query("filter=gt(qty,18446744073709551615)")
        .unwrap()
        .validate(&schema)
        .unwrap();
    let rendered = render(&checked, &SqlOptions::new(Dialect::Postgres, table)).unwrap();
    assert_eq!(
        rendered.count_params,
        [SqlValue::Real(18446744073709551615.0)]
    );

    let error = server
        .client
        .query(&rendered.count_sql, &[&18446744073709551615.0_f64])
        .unwrap_err();
    assert!(
        error.to_string().contains("error serializing parameter 0"),
        "{error}"
    );
    let typed = server.count(&rendered.count_sql, &rendered.count_params);
    assert_eq!(typed, Ok(0));
}
