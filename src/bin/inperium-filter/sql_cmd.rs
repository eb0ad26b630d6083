//! `inperium-filter sql`: render a query as parameterized SQL for a dialect.

use std::path::PathBuf;

use clap::ValueEnum;
use inperium_filter::sql::{render, Dialect, SqlOptions};

use crate::check::{load_schema, validate};
use crate::report::{self, Failure};
use crate::ParseFlags;

#[derive(Debug, clap::Args)]
pub struct SqlArgs {
    /// The query string, such as 'country=US&sort=-createdAt&pageSize=25'.
    query: String,
    /// The schema file; its fields are the table's columns, or members of the document column.
    #[arg(long, value_name = "FILE")]
    schema: PathBuf,
    /// The SQL dialect to write.
    #[arg(long, value_enum)]
    dialect: DialectArg,
    /// The table to read from.
    #[arg(long, value_name = "NAME")]
    table: String,
    /// Read every field from this JSON document column (jsonb in PostgreSQL) instead of from
    /// columns of its own.
    #[arg(long, value_name = "COLUMN")]
    document: Option<String>,
    #[command(flatten)]
    parsing: ParseFlags,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DialectArg {
    /// PostgreSQL, with $1 placeholders.
    Postgres,
    /// SQLite, with ?1 placeholders.
    Sqlite,
    /// MySQL 8, with ? placeholders; on MariaDB, `=` then ignores trailing spaces.
    Mysql,
    /// MariaDB, with ? placeholders and text compared in utf8mb4_nopad_bin.
    Mariadb,
}

/// Prints a JSON object with `sql`, `params`, `count_sql` and `count_params`.
pub fn run(args: &SqlArgs) -> Result<(), Failure> {
    let query = args.parsing.options().parse_query(&args.query)?;
    let schema = load_schema(&args.schema)?;
    let checked = validate(&query, &schema, &args.query)?;
    let dialect = match args.dialect {
        DialectArg::Postgres => Dialect::Postgres,
        DialectArg::Sqlite => Dialect::Sqlite,
        DialectArg::Mysql => Dialect::MySql,
        DialectArg::Mariadb => Dialect::MariaDb,
    };
    let mut options = SqlOptions::new(dialect, args.table.as_str());
    if let Some(column) = &args.document {
        options = options.with_document(column.as_str());
    }
    let rendered = render(&checked, &options)?;
    let json = serde_json::to_string_pretty(&rendered).expect("rendered SQL serializes to JSON");
    report::write_line(&json)
}
