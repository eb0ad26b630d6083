//! Failure reporting and exit statuses, and writing to stdout.

use std::io::{self, Write};
use std::process::ExitCode;

use inperium_filter::schema::Diagnostics;

/// Why a command failed, which decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// An invalid query: exit status 2, with the caret drawing on stderr.
    Query(inperium_filter::Error),
    /// A query that a schema rejects: exit status 2, with every finding drawn on stderr.
    Invalid(Diagnostics),
    /// Anything else, such as an unreadable file: exit status 1.
    Other(String),
    /// stdout was closed by its reader, as `| head` does: exit quietly.
    BrokenPipe,
}

impl From<inperium_filter::Error> for Failure {
    fn from(error: inperium_filter::Error) -> Failure {
        Failure::Query(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Other(format!("cannot write the output: {error}"))
        }
    }
}

impl Failure {
    /// Prints the failure on stderr and returns the exit status.
    #[allow(clippy::print_stderr)]
    pub fn report(self) -> ExitCode {
        match self {
            Failure::Query(error) => {
                eprint!("{error}");
                ExitCode::from(2)
            }
            Failure::Invalid(diagnostics) => {
                eprint!("{diagnostics}");
                ExitCode::from(2)
            }
            Failure::Other(message) => {
                eprintln!("error: {message}");
                ExitCode::from(1)
            }
            Failure::BrokenPipe => ExitCode::SUCCESS,
        }
    }
}

/// Writes one line to stdout.
pub fn write_line(text: &str) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{text}")?;
    stdout.flush()?;
    Ok(())
}

/// Writes text to stderr as it is, for warnings and notes that accompany the output.
#[allow(clippy::print_stderr)]
pub fn write_stderr(text: &str) {
    eprint!("{text}");
}
