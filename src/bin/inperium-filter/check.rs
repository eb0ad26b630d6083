//! `inperium-filter check`: validate a query against a schema and report every finding. Also
//! the schema loading and validation that `eval --schema` shares.

use std::path::{Path, PathBuf};

use inperium_filter::schema::{CheckedQuery, Diagnostic, Diagnostics, Schema};
use inperium_filter::Query;

use crate::report::{self, Failure};
use crate::ParseFlags;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The query string, such as 'filter=gt(employeeCount,1000)&sort=-createdAt'.
    query: String,
    /// The schema file: JSON such as
    /// {"key":"id","fields":{"employeeCount":{"type":"integer"}}}.
    #[arg(long, value_name = "FILE")]
    schema: PathBuf,
    #[command(flatten)]
    parsing: ParseFlags,
}

/// Prints `ok` when the query is valid. Every error and warning goes to stderr, and any error
/// makes the exit status 2.
pub fn run(args: &CheckArgs) -> Result<(), Failure> {
    let query = args.parsing.options().parse_query(&args.query)?;
    let schema = load_schema(&args.schema)?;
    validate(&query, &schema, &args.query)?;
    report::write_line("ok")
}

/// Reads a schema file.
///
/// # Errors
///
/// [`Failure::Other`] naming the path, with the I/O error or the JSON error and its line and
/// column.
pub fn load_schema(path: &Path) -> Result<Schema, Failure> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Failure::Other(format!(
            "cannot read the schema {}: {error}",
            path.display()
        ))
    })?;
    Schema::from_json(&text)
        .map_err(|error| Failure::Other(format!("invalid schema in {}: {error}", path.display())))
}

/// Validates `query`, parsed from `input`, against `schema`, and writes any warnings to stderr.
///
/// # Errors
///
/// [`Failure::Invalid`] with every finding when any is an error.
pub fn validate(query: &Query, schema: &Schema, input: &str) -> Result<CheckedQuery, Failure> {
    let checked = query
        .validate(schema)
        .map_err(|diagnostics| Failure::Invalid(diagnostics.with_input(input)))?;
    report::write_stderr(&draw_warnings(checked.warnings(), input));
    Ok(checked)
}

/// Draws warnings under `input` as `Diagnostics` draws them, then a count, or returns an empty
/// string when there are none.
pub fn draw_warnings(warnings: &[Diagnostic], input: &str) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    Diagnostics::from(warnings.to_vec())
        .with_input(input)
        .to_string()
}
