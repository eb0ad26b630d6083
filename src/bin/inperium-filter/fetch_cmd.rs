//! `inperium-filter fetch`: pull every page of a query from a list endpoint.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::time::Duration;

use inperium_filter::fetch::{BlockingClient, Client, RetryPolicy, Settings};
use inperium_filter::Secret;
use serde_json::Value;

use crate::report::{self, Failure};
use crate::ParseFlags;

#[derive(Debug, clap::Args)]
pub struct FetchArgs {
    /// The collection URL, such as http://127.0.0.1:8080/v1/companies.
    url: String,
    /// The query string, such as 'country=US&sort=-annualRevenue&pageSize=100'. Its pageNumber
    /// is the first page to fetch. Without QUERY, every record is fetched.
    query: Option<String>,
    /// The environment variable that contains the API key, which is sent as the X-API-KEY
    /// header. The key is never read from the command line.
    #[arg(long, value_name = "VAR")]
    api_key_env: Option<String>,
    /// Stop after N pages.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_pages: Option<u32>,
    /// Stop after N records.
    #[arg(long, value_name = "N")]
    max_records: Option<u64>,
    /// Print every record on its own line as its page arrives, instead of one JSON array at
    /// the end.
    #[arg(long)]
    ndjson: bool,
    /// The maximum time for one request, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// How many times to send a failed request again (429, 5xx, timeouts, dropped
    /// connections).
    #[arg(long, value_name = "N", default_value_t = 5)]
    retries: u32,
    #[command(flatten)]
    parsing: ParseFlags,
}

pub fn run(args: &FetchArgs) -> Result<(), Failure> {
    if let Some((_, query_string)) = args.url.split_once('?') {
        return Err(Failure::Other(format!(
            "the URL contains the query string `{query_string}`: give the URL without it, and the \
             query string as the QUERY argument after the URL"
        )));
    }
    let text = args.query.as_deref().unwrap_or("");
    let query = args.parsing.options().parse_query(text)?;
    let settings = Settings {
        request_timeout: Duration::from_secs(args.timeout),
        retry: RetryPolicy {
            max_retries: args.retries,
            ..RetryPolicy::default()
        },
        max_pages: args.max_pages,
        max_records: args.max_records,
        ..Settings::default()
    };
    let mut builder = Client::builder(args.url.as_str()).settings(settings);
    if let Some(variable) = &args.api_key_env {
        builder = builder.api_key(read_key(variable)?);
    }
    let client =
        BlockingClient::new(builder.build().map_err(fetch_failure)?).map_err(fetch_failure)?;

    let mut progress = Progress::new();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut collected = Vec::new();
    let mut pages = client.pages::<Value>("", &query);
    for page in pages.by_ref() {
        let page = page.map_err(|error| {
            progress.clear();
            fetch_failure(error)
        })?;
        progress.update(&page.paging, page.data.len());
        if args.ndjson {
            for record in &page.data {
                serde_json::to_writer(&mut out, record).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
        } else {
            collected.extend(page.data);
        }
    }
    progress.clear();
    for warning in pages.warnings() {
        report::write_stderr(&format!("warning: {warning}\n"));
    }
    if !args.ndjson {
        serde_json::to_writer_pretty(&mut out, &collected).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn read_key(variable: &str) -> Result<Secret, Failure> {
    match std::env::var(variable) {
        Ok(key) if !key.is_empty() => Ok(Secret::new(key)),
        Ok(_) => Err(Failure::Other(format!(
            "the environment variable {variable} named by --api-key-env is empty"
        ))),
        Err(_) => Err(Failure::Other(format!(
            "the environment variable {variable} named by --api-key-env is not set or not UTF-8"
        ))),
    }
}

fn fetch_failure(error: inperium_filter::fetch::FetchError) -> Failure {
    Failure::Other(error.to_string())
}

/// A line on stderr with the pages and records fetched so far, on_screen only when stderr is a
/// terminal.
struct Progress {
    enabled: bool,
    on_screen: bool,
    records: u64,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            enabled: io::stderr().is_terminal(),
            on_screen: false,
            records: 0,
        }
    }

    #[allow(clippy::print_stderr)]
    fn update(&mut self, paging: &inperium_filter::Paging, records: usize) {
        self.records += records as u64;
        if self.enabled {
            eprint!(
                "\r\x1b[2Kpage {} of {}, {} records…",
                paging.page_number, paging.total_number_of_pages, self.records
            );
            self.on_screen = true;
        }
    }

    #[allow(clippy::print_stderr)]
    fn clear(&mut self) {
        if self.on_screen {
            eprint!("\r\x1b[2K");
            self.on_screen = false;
        }
    }
}
