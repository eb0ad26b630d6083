//! Rendering a checked query to parameterized SQL for PostgreSQL, SQLite, MySQL and MariaDB.
//!
//! Every value is a bound parameter and never part of the SQL text, and identifiers come only
//! from field names the schema declares, quoted by [`quote_identifier`]. Each field is either a
//! column of the table, named by its schema `storage` or else its name, with a column type that
//! matches the field type, or a member of one JSON document column ([`Layout`]; see docs/sql.md).
//!
//! ```
//! use inperium_filter::schema::{FieldSchema, FieldType, Schema};
//! use inperium_filter::sql::{render, Dialect, SqlOptions};
//!
//! let schema = Schema::new()
//!     .with_field("id", FieldSchema::new(FieldType::Integer))
//!     .with_field("country", FieldSchema::new(FieldType::Text));
//! let checked = inperium_filter::parse_query("country=US&sort=-country")?.validate(&schema)?;
//! let sql = render(&checked, &SqlOptions::new(Dialect::Postgres, "companies"))?;
//! assert_eq!(
//!     sql.sql,
//!     r#"SELECT * FROM "companies" WHERE "country" COLLATE "C" = $1 ORDER BY "country" COLLATE "C" DESC NULLS FIRST, "id" ASC NULLS LAST LIMIT $2 OFFSET $3"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod dialect;
mod document;
mod render;

use serde::Serialize;

pub use dialect::{quote_identifier, Dialect};
pub use render::render;

/// The dialect, table and storage layout of the rendered SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SqlOptions {
    /// The SQL dialect to write.
    pub dialect: Dialect,
    /// The table name, quoted as an identifier.
    pub table: String,
    /// The storage layout of the fields.
    pub layout: Layout,
}

impl SqlOptions {
    /// Reads from `table`, whose columns are the schema's fields.
    pub fn new(dialect: Dialect, table: impl Into<String>) -> SqlOptions {
        SqlOptions {
            dialect,
            table: table.into(),
            layout: Layout::Columns,
        }
    }

    /// Reads every field from the JSON document in `column` instead of from columns of its own.
    pub fn with_document(mut self, column: impl Into<String>) -> SqlOptions {
        self.layout = Layout::Document {
            column: column.into(),
        };
        self
    }
}

/// The storage layout of a table: columns or one JSON document column.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Layout {
    /// Each field is a column, named by the field's `storage` or else its name, of a type that
    /// matches the field type.
    Columns,
    /// Each field is a member of the JSON document in `column`: `jsonb` in PostgreSQL, JSON text
    /// in SQLite, `JSON` in MySQL and MariaDB. The member is the field's name, or the path in its
    /// `storage`, whose member names are separated by `.` (`properties.city`). A member is read
    /// only from the JSON type that stores its field type, and as NULL from any other.
    Document {
        /// The document column's name, quoted as an identifier.
        column: String,
    },
}

/// A bound parameter's value, typed for the driver.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SqlValue {
    /// Text, also for dates written `YYYY-MM-DD` and for `like` patterns.
    Text(String),
    /// A whole number, also for timestamps in epoch milliseconds and for LIMIT and OFFSET.
    Integer(i64),
    /// A number with a fraction, or a whole number outside the `i64` range.
    Real(f64),
    /// A boolean, which SQLite, MySQL and MariaDB store as 1 or 0.
    Boolean(bool),
}

/// The rendered statements with their parameters, in placeholder order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SqlQuery {
    /// `SELECT * FROM table WHERE ... ORDER BY ... LIMIT ... OFFSET ...`.
    pub sql: String,
    /// The parameters of `sql`.
    pub params: Vec<SqlValue>,
    /// `SELECT COUNT(*) FROM table WHERE ...`, for `totalNumberOfRecords`.
    pub count_sql: String,
    /// The parameters of `count_sql`.
    pub count_params: Vec<SqlValue>,
}
