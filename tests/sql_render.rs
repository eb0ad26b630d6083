//! What each operator renders to in each dialect; docs/sql.md shows the same table.

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
                (r#"LOWER(`name`) LIKE LOWER(?) ESCAPE '\\'"#, r#"["%50\\%\\_%"]"#),
            ],
        ),
        (
            r#"filter=notlike(name,x)"#,
            [
                (r#"LOWER("name") NOT LIKE LOWER($1) ESCAPE '\'"#, r#"["%x%"]"#),
                (r#""name" NOT LIKE ?1 ESCAPE '\'"#, r#"["%x%"]"#),
                (r#"LOWER(`name`) NOT LIKE LOWER(?) ESCAPE '\\'"#, r#"["%x%"]"#),
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
