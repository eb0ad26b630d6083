//! `inperium-filter schema infer`: read records and print the schema they imply.

use std::path::PathBuf;

use clap::Subcommand;
use inperium_filter::schema::Inferrer;

use crate::input::{for_each_record, Source};
use crate::report::{self, Failure};

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    #[command(subcommand)]
    command: SchemaCommand,
}

#[derive(Debug, Subcommand)]
enum SchemaCommand {
    /// Infer a schema from records: print it as JSON on stdout and how each type was chosen
    /// on stderr.
    Infer(InferArgs),
}

#[derive(Debug, clap::Args)]
struct InferArgs {
    /// A JSON array or NDJSON file of records; `-` reads standard input. The records are read
    /// one at a time, so a large file need not fit in memory.
    file: PathBuf,
    /// Type a text field with at most 12 distinct values over at least 50 non-null values as
    /// an enumeration of those values. Queries naming any other value are then rejected.
    #[arg(long)]
    enumerations: bool,
}

pub fn run(args: &SchemaArgs) -> Result<(), Failure> {
    match &args.command {
        SchemaCommand::Infer(infer) => run_infer(infer),
    }
}

fn run_infer(args: &InferArgs) -> Result<(), Failure> {
    let source = if args.file.as_os_str() == "-" {
        Source::Stdin
    } else {
        Source::File(args.file.clone())
    };
    let mut inferrer = Inferrer::new().with_enumerations(args.enumerations);
    for_each_record(&source, &mut |record| {
        inferrer.add(&record);
        Ok(())
    })?;
    let inference = inferrer.finish();

    let mut notes = String::new();
    for note in &inference.notes {
        notes.push_str("note: ");
        notes.push_str(note);
        notes.push('\n');
    }
    report::write_stderr(&notes);
    let json =
        serde_json::to_string_pretty(&inference.schema).expect("a schema serializes to JSON");
    report::write_line(&json)
}
