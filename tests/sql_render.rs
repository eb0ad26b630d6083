//! What each operator renders to in each dialect, in both storage layouts. docs/sql.md shows
//! the same tables, and `docs_show_the_rendered_tables` checks them.

use inperium_filter::schema::Schema;
use inperium_filter::sql::{render, Dialect, SqlOptions};
use inperium_filter::ParseOptions;

const SCHEMA: &str = r#"{"key":"id","fields":{"id":{"type":"integer"},"name":{"type":"text"},"n":{"type":"number"},"at":{"type":"timestamp"},"on":{"type":"date"},"ok":{"type":"boolean"},"kind":{"type":"enumeration","values":["A","B"]}}}"#;

const DIALECTS: [Dialect; 3] = [Dialect::Postgres, Dialect::Sqlite, Dialect::MySql];

/// Each query with its WHERE text and its parameters as JSON, for PostgreSQL, SQLite and MySQL.
#[rustfmt::skip]
const CASES: &[(&str, [(&str, &str); 3])] = &[
        (
            r#"filter=isnull(name)"#,
            [
                (r#""name" IS NULL"#, r#"[]"#),
                (r#""name" IS NULL"#, r#"[]"#),
                (r#"`name` IS NULL"#, r#"[]"#),
            ],
        ),
        (
            r#"filter=isnotnull(name)"#,
            [
                (r#""name" IS NOT NULL"#, r#"[]"#),
                (r#""name" IS NOT NULL"#, r#"[]"#),
                (r#"`name` IS NOT NULL"#, r#"[]"#),
            ],
        ),
        (
            r#"filter=eq(name,x)"#,
            [
                (r#""name" COLLATE "C" = $1"#, r#"["x"]"#),
                (r#""name" = ?1"#, r#"["x"]"#),
                (r#"`name` COLLATE utf8mb4_bin = ?"#, r#"["x"]"#),
            ],
        ),
        (
            r#"filter=neq(name,x)"#,
            [
                (r#""name" COLLATE "C" <> $1"#, r#"["x"]"#),
                (r#""name" <> ?1"#, r#"["x"]"#),
                (r#"`name` COLLATE utf8mb4_bin <> ?"#, r#"["x"]"#),
            ],
        ),
        (
            r#"filter=gt(n,1.5)"#,
            [
                (r#""n" > $1"#, r#"[1.5]"#),
                (r#""n" > ?1"#, r#"[1.5]"#),
                (r#"`n` > ?"#, r#"[1.5]"#),
            ],
        ),
        (
            r#"filter=gte(at,2021-02-16T00:00:00Z)"#,
            [
                (r#""at" >= $1"#, r#"[1613433600000]"#),
                (r#""at" >= ?1"#, r#"[1613433600000]"#),
                (r#"`at` >= ?"#, r#"[1613433600000]"#),
            ],
        ),
        (
            r#"filter=lt(on,2021-02-16)"#,
            [
                (r#""on" < $1"#, r#"["2021-02-16"]"#),
                (r#""on" < ?1"#, r#"["2021-02-16"]"#),
                (r#"`on` < ?"#, r#"["2021-02-16"]"#),
            ],
        ),
        (
            r#"filter=lte(n,3)"#,
            [
                (r#""n" <= $1"#, r#"[3.0]"#),
                (r#""n" <= ?1"#, r#"[3.0]"#),
                (r#"`n` <= ?"#, r#"[3.0]"#),
            ],
        ),
        (
            r#"filter=in(kind,A,B)"#,
            [
                (r#""kind" COLLATE "C" IN ($1, $2)"#, r#"["A","B"]"#),
                (r#""kind" IN (?1, ?2)"#, r#"["A","B"]"#),
                (r#"`kind` COLLATE utf8mb4_bin IN (?, ?)"#, r#"["A","B"]"#),
            ],
        ),
        (
            r#"filter=nin(n,1,2)"#,
            [
                (r#""n" NOT IN ($1, $2)"#, r#"[1.0,2.0]"#),
                (r#""n" NOT IN (?1, ?2)"#, r#"[1.0,2.0]"#),
                (r#"`n` NOT IN (?, ?)"#, r#"[1.0,2.0]"#),
            ],
        ),
        (
            r#"filter=btn(n,1,2)"#,
            [
                (r#""n" BETWEEN $1 AND $2"#, r#"[1.0,2.0]"#),
                (r#""n" BETWEEN ?1 AND ?2"#, r#"[1.0,2.0]"#),
                (r#"`n` BETWEEN ? AND ?"#, r#"[1.0,2.0]"#),
            ],
        ),
        (
            r#"filter=like(name,50%25_)"#,
            [
                (r#"LOWER("name") LIKE LOWER($1) ESCAPE '\'"#, r#"["%50\\%\\_%"]"#),
                (r#""name" LIKE ?1 ESCAPE '\'"#, r#"["%50\\%\\_%"]"#),
                (r#"LOWER(`name`) COLLATE utf8mb4_bin LIKE LOWER(?) ESCAPE '\\'"#, r#"["%50\\%\\_%"]"#),
            ],
        ),
        (
            r#"filter=notlike(name,x)"#,
            [
                (r#"LOWER("name") NOT LIKE LOWER($1) ESCAPE '\'"#, r#"["%x%"]"#),
                (r#""name" NOT LIKE ?1 ESCAPE '\'"#, r#"["%x%"]"#),
                (r#"LOWER(`name`) COLLATE utf8mb4_bin NOT LIKE LOWER(?) ESCAPE '\\'"#, r#"["%x%"]"#),
            ],
        ),
        (
            r#"filter=eq(ok,true)"#,
            [
                (r#""ok" = $1"#, r#"[true]"#),
                (r#""ok" = ?1"#, r#"[true]"#),
                (r#"`ok` = ?"#, r#"[true]"#),
            ],
        ),
        (
            r#"filter=NOT(OR(eq(n,1),isnull(name)))"#,
            [
                (r#"NOT (("n" = $1 OR "name" IS NULL))"#, r#"[1.0]"#),
                (r#"NOT (("n" = ?1 OR "name" IS NULL))"#, r#"[1.0]"#),
                (r#"NOT ((`n` = ? OR `name` IS NULL))"#, r#"[1.0]"#),
            ],
        ),
];

#[test]
fn operators_render_per_dialect() {
    let schema = Schema::from_json(SCHEMA).unwrap();
    let options = ParseOptions::new().with_not(true);
    for (query, expected) in CASES {
        let checked = options
            .parse_query(query)
            .unwrap()
            .validate(&schema)
            .unwrap();
        for (dialect, (where_text, params)) in DIALECTS.iter().zip(expected) {
            let rendered = render(&checked, &SqlOptions::new(*dialect, "t")).unwrap();
            let (_, rendered_where) = rendered.count_sql.split_once(" WHERE ").unwrap();
            assert_eq!(rendered_where, *where_text, "{query} in {dialect:?}");
            let rendered_params = serde_json::to_string(&rendered.count_params).unwrap();
            assert_eq!(rendered_params, *params, "{query} in {dialect:?}");
        }
    }
}

#[test]
fn page_and_count_statements() {
    let schema = Schema::from_json(SCHEMA).unwrap();
    let checked = inperium_filter::parse_query("n=gt::1&sort=-name&pageNumber=3&pageSize=10")
        .unwrap()
        .validate(&schema)
        .unwrap();
    let postgres = render(&checked, &SqlOptions::new(Dialect::Postgres, "t")).unwrap();
    assert_eq!(
        postgres.sql,
        r#"SELECT * FROM "t" WHERE "n" > $1 ORDER BY "name" COLLATE "C" DESC NULLS FIRST, "id" ASC NULLS LAST LIMIT $2 OFFSET $3"#
    );
    assert_eq!(
        serde_json::to_string(&postgres.params).unwrap(),
        "[1.0,10,20]"
    );
    assert_eq!(
        postgres.count_sql,
        r#"SELECT COUNT(*) FROM "t" WHERE "n" > $1"#
    );
    let mysql = render(&checked, &SqlOptions::new(Dialect::MySql, "t")).unwrap();
    assert_eq!(
        mysql.sql,
        "SELECT * FROM `t` WHERE `n` > ? ORDER BY `name` IS NULL DESC, `name` COLLATE utf8mb4_bin DESC, `id` IS NULL ASC, `id` ASC LIMIT ? OFFSET ?"
    );
}

#[test]
fn hostile_names_are_quoted() {
    let schema =
        Schema::from_json(r#"{"fields":{"a\"; DROP TABLE t; --":{"type":"text"}}}"#).unwrap();
    let checked =
        inperium_filter::parse_query("filter=eq(%22a%5C%22;%20DROP%20TABLE%20t;%20--%22,x)")
            .unwrap()
            .validate(&schema)
            .unwrap();
    let sqlite = render(&checked, &SqlOptions::new(Dialect::Sqlite, "t")).unwrap();
    assert_eq!(
        sqlite.count_sql,
        r#"SELECT COUNT(*) FROM "t" WHERE "a""; DROP TABLE t; --" = ?1"#
    );
}

#[test]
fn values_never_reach_the_text() {
    let schema = Schema::from_json(SCHEMA).unwrap();
    let checked = inperium_filter::parse_query("name=%27;%20DROP%20TABLE%20t;%20--")
        .unwrap()
        .validate(&schema)
        .unwrap();
    for dialect in DIALECTS {
        let rendered = render(&checked, &SqlOptions::new(dialect, "t")).unwrap();
        assert!(!rendered.sql.contains("DROP"), "{}", rendered.sql);
    }
}

/// The queries of the document layout's table in docs/sql.md: one per field type, and the
/// tests that read the member itself.
const DOCUMENT_QUERIES: &[&str] = &[
    "filter=eq(name,x)",
    "filter=like(name,x)",
    "filter=eq(kind,A)",
    "filter=eq(id,7)",
    "filter=gt(n,1.5)",
    "filter=gte(at,2021-02-16T00:00:00Z)",
    "filter=lt(on,2021-02-16)",
    "filter=eq(ok,true)",
    "filter=isnull(name)",
    "filter=isnotnull(name)",
];

/// Writes `text` as a Markdown code span, with double backticks when it has a backtick.
fn code_span(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// Renders each query in each dialect and returns the Markdown table of their WHERE texts and
/// parameters.
fn markdown_table(queries: &[&str], document: Option<&str>) -> String {
    let schema = Schema::from_json(SCHEMA).unwrap();
    let options = ParseOptions::new().with_not(true);
    let mut table = String::from(
        "| query | PostgreSQL | SQLite | MySQL / MariaDB |\n| --- | --- | --- | --- |\n",
    );
    for query in queries {
        let checked = options
            .parse_query(query)
            .unwrap()
            .validate(&schema)
            .unwrap();
        table.push_str(&format!("| {} |", code_span(query)));
        for dialect in DIALECTS {
            let mut sql_options = SqlOptions::new(dialect, "t");
            if let Some(column) = document {
                sql_options = sql_options.with_document(column);
            }
            let rendered = render(&checked, &sql_options).unwrap();
            let (_, where_text) = rendered.count_sql.split_once(" WHERE ").unwrap();
            let params = serde_json::to_string(&rendered.count_params).unwrap();
            table.push_str(&format!(" {} {params} |", code_span(where_text)));
        }
        table.push('\n');
    }
    table
}

/// docs/sql.md contains both tables as rendered. When a rendering changes, the failure prints the
/// new table to paste into the doc.
#[test]
fn docs_show_the_rendered_tables() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/sql.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let queries: Vec<&str> = CASES.iter().map(|(query, _)| *query).collect();
    let columns = markdown_table(&queries, None);
    assert!(
        doc.contains(&columns),
        "docs/sql.md lacks this table:\n{columns}"
    );
    let documents = markdown_table(DOCUMENT_QUERIES, Some("doc"));
    assert!(
        doc.contains(&documents),
        "docs/sql.md lacks this table:\n{documents}"
    );
}

#[test]
fn document_members_follow_storage_paths() {
    let schema = Schema::from_json(
        r#"{"fields":{"id":{"type":"integer"},"city":{"type":"text","storage":"properties.city"},"a.b":{"type":"integer"}}}"#,
    )
    .unwrap();
    let checked = inperium_filter::parse_query("city=Oslo&a.b=gt::1")
        .unwrap()
        .validate(&schema)
        .unwrap();
    let options = SqlOptions::new(Dialect::Sqlite, "t").with_document("doc");
    let rendered = render(&checked, &options).unwrap();
    assert_eq!(
        rendered.count_sql,
        r#"SELECT COUNT(*) FROM "t" WHERE CASE WHEN json_type("doc", '$."properties"."city"') = 'text' THEN json_extract("doc", '$."properties"."city"') END = ?1 AND CASE WHEN json_type("doc", '$."a.b"') IN ('integer', 'real') THEN json_extract("doc", '$."a.b"') END > ?2"#
    );
}

#[test]
fn bad_storage_paths_are_errors() {
    let schema =
        Schema::from_json(r#"{"fields":{"city":{"type":"text","storage":"properties..city"}}}"#)
            .unwrap();
    let checked = inperium_filter::parse_query("city=Oslo")
        .unwrap()
        .validate(&schema)
        .unwrap();
    let options = SqlOptions::new(Dialect::Postgres, "t").with_document("doc");
    let error = render(&checked, &options).unwrap_err();
    assert_eq!(error.kind(), inperium_filter::ErrorKind::InvalidField);
    assert_eq!(error.span(), inperium_filter::Span::new(0, 4));
    assert!(
        error.message().contains("empty member name"),
        "{}",
        error.message()
    );

    // The columns layout takes the same storage as one column name.
    let rendered = render(&checked, &SqlOptions::new(Dialect::Postgres, "t")).unwrap();
    assert!(
        rendered.sql.contains(r#""properties..city""#),
        "{}",
        rendered.sql
    );
}

/// MariaDB renders as MySQL does, with `utf8mb4_nopad_bin` in place of `utf8mb4_bin`.
#[test]
fn mariadb_differs_from_mysql_in_collation_only() {
    let schema = Schema::from_json(SCHEMA).unwrap();
    let options = ParseOptions::new().with_not(true);
    let queries = CASES
        .iter()
        .map(|(query, _)| *query)
        .chain(DOCUMENT_QUERIES.iter().copied());
    for query in queries {
        let checked = options
            .parse_query(query)
            .unwrap()
            .validate(&schema)
            .unwrap();
        for document in [false, true] {
            let with_layout = |dialect| {
                let sql_options = SqlOptions::new(dialect, "t");
                if document {
                    sql_options.with_document("doc")
                } else {
                    sql_options
                }
            };
            let mysql = render(&checked, &with_layout(Dialect::MySql)).unwrap();
            let mariadb = render(&checked, &with_layout(Dialect::MariaDb)).unwrap();
            assert_eq!(
                mariadb.sql,
                mysql.sql.replace("utf8mb4_bin", "utf8mb4_nopad_bin"),
                "{query}"
            );
            assert_eq!(mariadb.params, mysql.params, "{query}");
        }
    }
}

/// PostgreSQL text cannot store NUL, and SQLite's `LIKE` stops reading a pattern at NUL, so
/// those values are errors at the value's position. MySQL and MariaDB take them.
#[test]
fn nul_values_are_errors_where_unsupported() {
    let schema = Schema::from_json(SCHEMA).unwrap();
    let cases = [
        ("filter=eq(name,a%00)", Dialect::Postgres, Some((15, 19))),
        ("filter=in(name,x,%00)", Dialect::Postgres, Some((17, 20))),
        ("filter=like(name,%00)", Dialect::Postgres, Some((17, 20))),
        ("filter=like(name,%00)", Dialect::Sqlite, Some((17, 20))),
        ("filter=eq(name,a%00)", Dialect::Sqlite, None),
        ("filter=like(name,%00)", Dialect::MySql, None),
        ("filter=like(name,%00)", Dialect::MariaDb, None),
    ];
    for (query, dialect, span) in cases {
        let checked = inperium_filter::parse_query(query)
            .unwrap()
            .validate(&schema)
            .unwrap();
        let result = render(&checked, &SqlOptions::new(dialect, "t"));
        match span {
            Some((start, end)) => {
                let error = result.unwrap_err();
                assert_eq!(error.kind(), inperium_filter::ErrorKind::InvalidArguments);
                assert_eq!(
                    error.span(),
                    inperium_filter::Span::new(start, end),
                    "{query}"
                );
                assert!(error.message().contains("NUL"), "{}", error.message());
            }
            None => assert!(result.is_ok(), "{query} in {dialect:?}"),
        }
    }
}
