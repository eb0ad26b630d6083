//! Differential tests of the SQL renderer on SQLite (bundled by rusqlite): for every query, the
//! rendered SQL selects the same records in the same order as the in-memory evaluator, and its
//! COUNT equals the evaluator's `totalNumberOfRecords`.
//!
//! Every test runs in both storage layouts. A columns table has one column per schema field,
//! typed as docs/sql.md describes. A document table has `id` and a JSON document with each
//! field's value in the JSON type of its field type (`document_of`). Every record value can be
//! read as its field's type. A value that cannot, such as the text `"n/a"` in an
//! integer field, matches no comparison in memory but would be compared as stored by SQLite, so
//! the data sets hold none and `column_value` rejects one.
//!
//! SQLite's `LIKE` folds ASCII letters only, while the evaluator folds every letter with its
//! Unicode lowercase mapping. `like` and `notlike` are therefore generated only for text that
//! has no non-ASCII letter with a different lowercase form (`is_like_safe`), and
//! `like_folds_unicode_only_in_memory` shows the difference.

mod sql_common;

use inperium_filter::schema::{FieldSchema, FieldType, Schema};
use inperium_filter::sql::{render, Dialect, SqlOptions, SqlQuery, SqlValue};
use inperium_filter::{field, Compiled, Expr, Operator, ParseOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rusqlite::types::Value as SqliteValue;
use rusqlite::Connection;
use serde_json::{json, Value as Json};
use sql_common::*;

// ---------------------------------------------------------------------------------------------
// Loading records into SQLite
// ---------------------------------------------------------------------------------------------

/// Returns `name` as an SQLite identifier, with `"` doubled.
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn column_type(field_type: &FieldType) -> &'static str {
    match field_type {
        FieldType::Text | FieldType::Enumeration { .. } | FieldType::Date => "TEXT",
        FieldType::Integer | FieldType::Boolean | FieldType::Timestamp => "INTEGER",
        FieldType::Number => "REAL",
    }
}

/// Creates `table` in `layout` and inserts `records`.
fn load_table(conn: &Connection, table: &str, schema: &Schema, records: &[Json], layout: Layout) {
    match layout {
        Layout::Columns => load_columns(conn, table, schema, records),
        Layout::Document(column) => load_documents(conn, table, column, schema, records),
    }
}

/// Creates `table` with an `id` INTEGER column and `column` holding each record's document as
/// JSON text, and inserts `records`.
fn load_documents(conn: &Connection, table: &str, column: &str, schema: &Schema, records: &[Json]) {
    let documents: Vec<(i64, Json)> = records
        .iter()
        .map(|record| (record_id(record), document_of(schema, record)))
        .collect();
    insert_documents(conn, table, column, &documents);
}

/// Creates `table` with an `id` INTEGER column and `column` holding JSON text, and inserts each
/// `(id, document)`.
fn insert_documents(conn: &Connection, table: &str, column: &str, documents: &[(i64, Json)]) {
    let table = quote_identifier(table);
    let column = quote_identifier(column);
    conn.execute(
        &format!("CREATE TABLE {table} (\"id\" INTEGER, {column} TEXT)"),
        [],
    )
    .expect("CREATE TABLE failed");
    let insert = format!("INSERT INTO {table} (\"id\", {column}) VALUES (?1, ?2)");
    let mut statement = conn.prepare(&insert).expect("INSERT failed to prepare");
    for (id, document) in documents {
        statement
            .execute((id, document.to_string()))
            .expect("INSERT failed");
    }
}

/// Creates `table` with one column per schema field, plus `id` INTEGER when the schema has no
/// such field, and inserts `records`.
fn load_columns(conn: &Connection, table: &str, schema: &Schema, records: &[Json]) {
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
            let stored = column_value(name, &field.field_type, value);
            row.push(stored.as_ref().map_or(SqliteValue::Null, sqlite_value));
        }
        statement
            .execute(rusqlite::params_from_iter(row))
            .expect("INSERT failed");
    }
}

/// Opens an in-memory database with `records` loaded into [`TABLE`] in `layout`.
fn open_table(schema: &Schema, records: &[Json], layout: Layout) -> Connection {
    let conn = Connection::open_in_memory().expect("in-memory SQLite failed to open");
    load_table(&conn, TABLE, schema, records, layout);
    conn
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
/// over `records` and as rendered SQL against `table` in `layout`.
fn run_both(
    schema: &Schema,
    records: &[Json],
    conn: &Connection,
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

    let options = layout.options(Dialect::Sqlite, table);
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
    layout: Layout,
    query_text: &str,
) -> Result<(), String> {
    let outcome = run_both(schema, records, conn, table, layout, query_text)?;
    if outcome.memory_ids != outcome.sql_ids {
        return Err(format!(
            "{query_text:?} ({layout:?}): page ids differ\n  memory: {:?}\n  SQLite: {:?}\n  SQL: {}\n  params: {:?}",
            outcome.memory_ids, outcome.sql_ids, outcome.rendered.sql, outcome.rendered.params
        ));
    }
    if outcome.memory_total != outcome.sql_total {
        return Err(format!(
            "{query_text:?} ({layout:?}): totals differ\n  memory: {}\n  SQLite: {}\n  SQL: {}\n  params: {:?}",
            outcome.memory_total,
            outcome.sql_total,
            outcome.rendered.count_sql,
            outcome.rendered.count_params
        ));
    }
    Ok(())
}

/// Asserts that every query selects the same page, in the same order, and counts the same
/// total in memory over `records` and in SQLite over [`TABLE`], in both layouts.
fn assert_all_same<S: AsRef<str>>(schema: &Schema, records: &[Json], cases: &[S]) {
    for layout in LAYOUTS {
        let conn = open_table(schema, records, layout);
        for query_text in cases {
            let query_text = query_text.as_ref();
            if let Err(message) =
                compare_with_sqlite(schema, records, &conn, TABLE, layout, query_text)
            {
                panic!("{message}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Data sets
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Table tests
// ---------------------------------------------------------------------------------------------

#[test]
fn operators_on_every_type() {
    let schema = generated_schema();
    let records = generated_records();
    assert_all_same(&schema, &records, OPERATOR_CASES);
}

#[test]
fn hostile_literals_on_every_operator() {
    let schema = generated_schema();
    let records = generated_records();
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
    assert_all_same(&schema, &records, &cases);
}

#[test]
fn groups_nest_and_combine() {
    let schema = generated_schema();
    let records = generated_records();
    assert_all_same(&schema, &records, GROUP_CASES);
}

#[test]
fn not_follows_three_valued_logic() {
    let schema = generated_schema();
    let records = generated_records();
    assert_all_same(&schema, &records, NOT_CASES);
}

#[test]
fn sort_orders_nulls_and_ties() {
    let schema = generated_schema();
    let records = generated_records();
    assert_all_same(&schema, &records, &sort_cases());
}

#[test]
fn paging_through_and_past_the_end() {
    let schema = generated_schema();
    let records = generated_records();
    assert_all_same(&schema, &records, &paging_cases());
}

#[test]
fn companies_sample_queries() {
    let (schema, records) = companies();
    assert_all_same(&schema, &records, COMPANY_CASES);
}

#[test]
fn penguins_queries() {
    let (schema, records) = penguins();
    assert_all_same(&schema, &records, PENGUIN_CASES);
}

/// Fields stored at `properties.NAME`: nested members of the document, and columns whose names
/// have a dot.
#[test]
fn companies_nested_storage_queries() {
    let (schema, records) = companies_with_nested_storage();
    assert_all_same(&schema, &records, COMPANY_CASES);
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
    // (query, ids in memory, ids in SQLite)
    let cases: [(&str, &[i64], &[i64]); 5] = [
        ("filter=like(title,i)", &[1], &[]),
        ("filter=like(title,%C3%A9c)", &[2, 3], &[3]),
        ("filter=notlike(title,%C3%A9c)", &[1, 4], &[1, 2, 4]),
        ("filter=like(title,%C3%89C)", &[2, 3], &[2]),
        ("filter=like(title,STRA%C3%9FE)", &[4], &[4]),
    ];
    for layout in LAYOUTS {
        let conn = open_table(&schema, &records, layout);
        for (query_text, memory_ids, sql_ids) in cases {
            let outcome = run_both(&schema, &records, &conn, TABLE, layout, query_text)
                .unwrap_or_else(|message| panic!("{message}"));
            assert_eq!(outcome.memory_ids, memory_ids, "{query_text} in memory");
            assert_eq!(
                outcome.sql_ids, sql_ids,
                "{query_text} in SQLite, {layout:?}"
            );
        }
    }
}

/// Text with NUL compares and sorts as in memory, but SQLite's `LIKE` stops reading text at
/// NUL, so `like(title,b)` does not match `a\0b` there. A `like` value with NUL is a render
/// error for SQLite.
#[test]
fn nul_in_text_compares_but_ends_like() {
    let schema = title_schema();
    let records = nul_records();
    assert_all_same(&schema, &records, NUL_CASES);
    for layout in LAYOUTS {
        let conn = open_table(&schema, &records, layout);
        let outcome = run_both(
            &schema,
            &records,
            &conn,
            TABLE,
            layout,
            "filter=like(title,b)",
        )
        .unwrap_or_else(|message| panic!("{message}"));
        assert_eq!(outcome.memory_ids, [1, 3], "in memory");
        assert_eq!(outcome.sql_ids, [3], "in SQLite, {layout:?}");
    }
}

/// A document member of another JSON type than its field type's reads as NULL in SQL, while the
/// evaluator converts numeric text and the like. `isnull` agrees.
#[test]
fn document_reads_only_canonical_json_types() {
    let (schema, records) = mistyped_documents();
    let conn = Connection::open_in_memory().expect("in-memory SQLite failed to open");
    let documents: Vec<(i64, Json)> = records
        .iter()
        .map(|record| (record_id(record), record.clone()))
        .collect();
    insert_documents(&conn, TABLE, "doc", &documents);
    for (query_text, memory_ids, sql_ids) in MISTYPED_CASES {
        let outcome = run_both(
            &schema,
            &records,
            &conn,
            TABLE,
            Layout::Document("doc"),
            query_text,
        )
        .unwrap_or_else(|message| panic!("{message}"));
        assert_eq!(outcome.memory_ids, *memory_ids, "{query_text} in memory");
        assert_eq!(outcome.sql_ids, *sql_ids, "{query_text} in SQLite");
    }
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
    let layouts = [Layout::Columns, Layout::Document("d\"`; DROP TABLE t; --")];
    for (table, layout) in ["t", "t\"; DROP TABLE t; --"]
        .into_iter()
        .flat_map(|table| layouts.map(|layout| (table, layout)))
    {
        let conn = Connection::open_in_memory().expect("in-memory SQLite failed to open");
        load_table(&conn, table, &schema, &records, layout);
        if table != "t" {
            // A second table named `t`, which a broken quote would drop.
            load_table(&conn, "t", &schema, &records, layout);
        }
        let name = "a\"; DROP TABLE t; --";
        let queries = hostile_queries(name);
        for query_text in &queries {
            if let Err(message) =
                compare_with_sqlite(&schema, &records, &conn, table, layout, query_text)
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
            let outcome = run_both(&schema, &records, &conn, table, layout, &query_text)
                .unwrap_or_else(|message| panic!("{message}"));
            assert_eq!(outcome.sql_ids, ids, "{query_text}");
        }
        let like_percent = filter_text(field(name).like("%"));
        let outcome = run_both(&schema, &records, &conn, table, layout, &like_percent)
            .unwrap_or_else(|message| panic!("{message}"));
        assert_eq!(outcome.sql_ids, [3], "{like_percent}");
        let escaped = filter_text(field(ESCAPED_NAME).eq("two"));
        let outcome = run_both(&schema, &records, &conn, table, layout, &escaped)
            .unwrap_or_else(|message| panic!("{message}"));
        assert_eq!(outcome.sql_ids, [2], "{escaped}");

        assert_eq!(table_row_count(&conn, "t"), 6);
        assert_eq!(table_row_count(&conn, table), 6);
    }
}

// ---------------------------------------------------------------------------------------------
// Generated queries
// ---------------------------------------------------------------------------------------------

/// Runs `cases` generated queries over one data set and fails with the smallest failing query.
fn check_generated_queries(schema: &Schema, records: &[Json], cases: u32) {
    for layout in LAYOUTS {
        check_generated_queries_in(schema, records, layout, cases);
    }
}

fn check_generated_queries_in(schema: &Schema, records: &[Json], layout: Layout, cases: u32) {
    let conn = open_table(schema, records, layout);
    let choices = field_choices(schema, records);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = plan_strategy().prop_map(move |plan| build_query_text(&plan, &choices));
    let result = runner.run(&strategy, |query_text| {
        compare_with_sqlite(schema, records, &conn, TABLE, layout, &query_text)
            .map_err(TestCaseError::fail)
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
fn generated_queries_match_on_penguins() {
    let (schema, records) = penguins();
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
    let cases = [
        "filter=eq(price,9007199254740993)",
        "filter=neq(price,9007199254740993)",
        "filter=gte(price,9007199254740993)",
        "filter=lt(price,9007199254740993)",
        "filter=btn(price,9007199254740993,9007199254740993)",
    ];
    assert_all_same(&schema, &records, &cases);
}

/// The rendered `a AND b AND c ...` of a group with 1000 members, or of 1000 field parameters,
/// fails in SQLite 3.50.2 (bundled by rusqlite 0.37) with "Expression tree is too large (maximum
/// depth 1000)", because SQLite nests one expression level per member. 999 members run.
#[test]
fn wide_groups_run_in_sqlite() {
    let schema = generated_schema();
    let records = generated_records();
    let members = vec!["isnotnull(title)"; 1000].join(",");
    let cases = [
        format!("filter=AND({members})"),
        format!("filter=OR({members})"),
        vec!["qty=gt::0"; 1000].join("&"),
    ];
    assert_all_same(&schema, &records, &cases);
}

/// SQLite 3.50.2 rejects a `LIKE` pattern longer than 50000 bytes with "LIKE or GLOB pattern
/// too complex". The pattern is the value between two `%`, so a value of 49998 bytes runs, and
/// rendering a longer one for SQLite is an error that gives the limit.
#[test]
fn long_like_values_run_in_sqlite() {
    let schema = generated_schema();
    let records = generated_records();
    let longest = "a".repeat(49_998);
    let cases = [
        format!("filter=like(label,{longest})"),
        format!("filter=notlike(label,{longest})"),
    ];
    assert_all_same(&schema, &records, &cases);

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
    for layout in LAYOUTS {
        let conn = open_table(&schema, &records, layout);
        let mut runner = TestRunner::new(Config {
            cases: 1000,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&strategy.clone(), |(value, operator)| {
            // `like` runs on `label`, whose values are like-safe, and only with a like-safe value.
            let (name, operator) = match operator {
                Operator::Like | Operator::NotLike if is_like_safe(&value) => ("label", operator),
                Operator::Like | Operator::NotLike => ("title", Operator::Eq),
                _ => ("title", operator),
            };
            let query_text = filter_text(text_predicate(name, operator, &value));
            let baseline_text = filter_text(text_predicate(name, operator, "v"));
            let rendered = run_both(&schema, &records, &conn, TABLE, layout, &query_text)
                .map_err(TestCaseError::fail)?
                .rendered;
            let baseline = run_both(&schema, &records, &conn, TABLE, layout, &baseline_text)
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
            compare_with_sqlite(&schema, &records, &conn, TABLE, layout, &query_text)
                .map_err(TestCaseError::fail)?;
            Ok(())
        });
        if let Err(error) = result {
            panic!("{error}");
        }
        assert_eq!(table_row_count(&conn, TABLE), 242);
    }
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
