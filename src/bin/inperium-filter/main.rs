//! The `inperium-filter` command: evaluate, check, format and inspect filter query strings, and
//! infer schemas.

mod check;
mod demo;
mod eval;
#[cfg(feature = "fetch")]
mod fetch_cmd;
mod input;
mod report;
mod samples;
mod schema_cmd;
#[cfg(feature = "serve")]
mod serve_cmd;
mod sql_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use inperium_filter::ParseOptions;

use report::Failure;

/// Filter, sort and page JSON records with Inperium-style query strings.
#[derive(Debug, Parser)]
#[command(name = "inperium-filter", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Filter, sort and page records, and print the response page as JSON.
    Eval(eval::EvalArgs),
    /// Validate a query against a schema and report every mistake at once.
    Check(check::CheckArgs),
    /// Infer a schema from records: `schema infer FILE`.
    Schema(schema_cmd::SchemaArgs),
    /// Render a query as parameterized SQL for PostgreSQL, SQLite or MySQL.
    Sql(sql_cmd::SqlArgs),
    /// Print the canonical text of a query.
    Fmt(FmtArgs),
    /// Print the parsed query as JSON.
    Parse(ParseArgs),
    /// Run every example of the API reference on the bundled sample data.
    Demo,
    /// Fetch every page of a query from a list endpoint and print the records.
    #[cfg(feature = "fetch")]
    Fetch(fetch_cmd::FetchArgs),
    /// Serve JSON files as list endpoints on this machine, at /v1/<file stem>.
    #[cfg(feature = "serve")]
    Serve(serve_cmd::ServeArgs),
}

#[derive(Debug, clap::Args)]
struct FmtArgs {
    /// The query string, such as 'country=US&sort=-createdAt' (a leading `?` is allowed).
    query: String,
    /// The syntax to write conditions in.
    #[arg(long, value_enum, default_value_t = TargetArg::Canonical)]
    target: TargetArg,
    /// Read QUERY as a bare advanced expression, such as 'OR(eq(a,1),gt(b,2))'.
    #[arg(long, conflicts_with = "target")]
    filter: bool,
    #[command(flatten)]
    parsing: ParseFlags,
}

#[derive(Debug, clap::Args)]
struct ParseArgs {
    /// The query string to parse.
    query: String,
    /// Read QUERY as a bare advanced expression.
    #[arg(long)]
    filter: bool,
    #[command(flatten)]
    parsing: ParseFlags,
}

/// The parse options every command that reads a query accepts.
#[derive(Debug, clap::Args)]
pub struct ParseFlags {
    /// Accept the NOT(expr) extension, evaluated with SQL's three-valued logic.
    #[arg(long)]
    not: bool,
    /// A parameter to keep as pass-through instead of reading it as a field condition;
    /// repeat for several.
    #[arg(long = "pass-through", value_name = "NAME")]
    pass_through: Vec<String>,
    /// The largest pageSize to accept; below 20 it is also the page size when none is given.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    max_page_size: u32,
}

impl ParseFlags {
    /// Returns the parse options these flags set.
    pub fn options(&self) -> ParseOptions {
        ParseOptions::new()
            .with_not(self.not)
            .with_pass_through(self.pass_through.iter().cloned())
            .with_max_page_size(self.max_page_size)
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TargetArg {
    /// Each condition in the syntax it was written in.
    Canonical,
    /// All conditions in one `filter=` parameter.
    Advanced,
    /// Field parameters only (fails on OR).
    Fields,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Eval(args) => eval::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Schema(args) => schema_cmd::run(&args),
        Command::Sql(args) => sql_cmd::run(&args),
        Command::Fmt(args) => run_fmt(&args),
        Command::Parse(args) => run_parse(&args),
        Command::Demo => demo::run(),
        #[cfg(feature = "fetch")]
        Command::Fetch(args) => {
            log_to_stderr(tracing::Level::WARN);
            fetch_cmd::run(&args)
        }
        #[cfg(feature = "serve")]
        Command::Serve(args) => {
            log_to_stderr(tracing::Level::INFO);
            serve_cmd::run(&args)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// Writes the library's `tracing` events at `level` and above to stderr: retries for `fetch`,
/// and starts, stops and requests for `serve`.
#[cfg(any(feature = "fetch", feature = "serve"))]
fn log_to_stderr(level: tracing::Level) {
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .finish();
    // Only this function sets the global subscriber, once per run.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

fn run_fmt(args: &FmtArgs) -> Result<(), Failure> {
    let options = args.parsing.options();
    let text = if args.filter {
        options.parse_filter(&args.query)?.to_string()
    } else {
        let query = options.parse_query(&args.query)?;
        let target = match args.target {
            TargetArg::Canonical => inperium_filter::Target::Canonical,
            TargetArg::Advanced => inperium_filter::Target::Advanced,
            TargetArg::Fields => inperium_filter::Target::FieldParameters,
        };
        query
            .to_query_string(target)
            .map_err(|error| error.with_input(args.query.as_str()))?
    };
    report::write_line(&text)
}

fn run_parse(args: &ParseArgs) -> Result<(), Failure> {
    let options = args.parsing.options();
    let json = if args.filter {
        serde_json::to_string_pretty(&options.parse_filter(&args.query)?)
    } else {
        serde_json::to_string_pretty(&options.parse_query(&args.query)?)
    };
    report::write_line(&json.expect("the AST serializes to JSON"))
}
