//! `inperium-filter eval`: filter, sort and page records.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use inperium_filter::Compiled;
use serde_json::Value;

use crate::check;
use crate::input::{for_each_line, for_each_record, Record, Source};
use crate::report::Failure;
use crate::samples;
use crate::ParseFlags;

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The query string, such as 'country=US&sort=-annualRevenue&pageSize=5'.
    query: String,
    /// A JSON array or NDJSON file of records; `-` reads standard input. Without FILE, the
    /// bundled sample collection is used.
    file: Option<PathBuf>,
    /// The bundled collection to use without FILE: companies, products, contacts or calls.
    /// Its values compare by their JSON types unless --sample-schema or --schema is given.
    #[arg(long, default_value = "companies", conflicts_with = "file")]
    sample: String,
    /// A schema file to validate the query against before evaluating. Its field types then
    /// decide how values compare: in an integer field the text "650" is the number 650.
    /// Without a schema, each comparison follows the record value's JSON type.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Validate against the bundled schema of the --sample collection, as --schema does.
    #[arg(long, conflicts_with_all = ["file", "schema"])]
    sample_schema: bool,
    /// Print every matching record on its own line, ignoring paging. Without sort keys, and
    /// without a schema whose key field orders results, this streams, so memory stays flat on a
    /// large file.
    #[arg(long)]
    ndjson: bool,
    #[command(flatten)]
    parsing: ParseFlags,
}

/// How many records pass between two progress updates on a terminal.
const PROGRESS_EVERY: u64 = 100_000;

pub fn run(args: &EvalArgs) -> Result<(), Failure> {
    let query = args.parsing.options().parse_query(&args.query)?;
    let source = match &args.file {
        Some(path) if path.as_os_str() == "-" => Source::Stdin,
        Some(path) => Source::File(path.clone()),
        None => Source::Sample(samples::find(&args.sample).ok_or_else(|| {
            Failure::Other(format!(
                "unknown sample `{}`: the samples are {}",
                args.sample,
                samples::names()
            ))
        })?),
    };
    let schema = match (&args.schema, &source) {
        (Some(path), _) => Some(check::load_schema(path)?),
        (None, Source::Sample(sample)) if args.sample_schema => Some(samples::schema(sample)),
        (None, _) => None,
    };
    let compiled = match &schema {
        Some(schema) => Compiled::from_checked(&check::validate(&query, schema, &args.query)?)?,
        None => Compiled::new(&query)?,
    };

    // Streamed records go to stdout as they match, so progress would interleave with them.
    let streaming = args.ndjson && !compiled.has_sort();
    let mut progress = Progress::new(!streaming);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if streaming {
        // A line is tested from its text, reading only the members the filter needs, and a
        // match is printed as the line it was read from.
        let mut matcher = compiled.json_matcher();
        for_each_line(&source, &mut |record| {
            match record {
                Record::Line(text) => {
                    let Ok(matched) = matcher.matches(text) else {
                        return Ok(false);
                    };
                    progress.tick();
                    if matched {
                        out.write_all(text)?;
                        out.write_all(b"\n")?;
                    }
                }
                Record::Whole(record) => {
                    progress.tick();
                    if compiled.matches(&record) {
                        serde_json::to_writer(&mut out, &record).map_err(io::Error::from)?;
                        out.write_all(b"\n")?;
                    }
                }
            }
            Ok(true)
        })?;
    } else if args.ndjson {
        let mut matches = Vec::new();
        for_each_record(&source, &mut |record| {
            progress.tick();
            if compiled.matches(&record) {
                matches.push(record);
            }
            Ok(())
        })?;
        progress.clear();
        compiled.sort(&mut matches);
        for record in &matches {
            serde_json::to_writer(&mut out, record).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
    } else {
        let mut collector = compiled.collector::<Value>();
        for_each_record(&source, &mut |record| {
            progress.tick();
            collector.push(record);
            Ok(())
        })?;
        progress.clear();
        serde_json::to_writer_pretty(&mut out, &collector.finish()).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    progress.clear();
    out.flush()?;
    Ok(())
}

/// A count of records read, shown on stderr while stdout and stderr are both terminals.
struct Progress {
    shown: bool,
    enabled: bool,
    records: u64,
}

impl Progress {
    fn new(wanted: bool) -> Progress {
        Progress {
            shown: false,
            enabled: wanted && io::stdout().is_terminal() && io::stderr().is_terminal(),
            records: 0,
        }
    }

    #[allow(clippy::print_stderr)]
    fn tick(&mut self) {
        self.records += 1;
        if self.enabled && self.records.is_multiple_of(PROGRESS_EVERY) {
            eprint!("\rread {} records…", self.records);
            self.shown = true;
        }
    }

    #[allow(clippy::print_stderr)]
    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[2K");
            self.shown = false;
        }
    }
}
