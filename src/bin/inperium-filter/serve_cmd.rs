//! `inperium-filter serve`: serve JSON files as list endpoints of the API, on this machine.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use inperium_filter::schema::Schema;
use inperium_filter::serve::{Collection, Faults, ServeConfig, Server};
use inperium_filter::Secret;

use crate::check::load_schema;
use crate::input::{for_each_record, Source};
use crate::report::{self, Failure};
use crate::ParseFlags;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// JSON array or NDJSON files of records. Each is served at /v1/<file stem>, so
    /// data/companies.json is /v1/companies.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The address to listen on. Port 0 picks a free port, which the first line on stderr
    /// names.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The key every request must send, as the X-API-KEY header or as a bearer token.
    #[arg(long, value_name = "KEY", conflicts_with = "api_key_env")]
    api_key: Option<String>,
    /// The environment variable that contains the key, which keeps it out of the process
    /// list.
    #[arg(long, value_name = "VAR")]
    api_key_env: Option<String>,
    /// A schema file. NAME.schema.json applies to the collection NAME; with one data file,
    /// any schema file applies to it. Repeat for several collections.
    #[arg(long = "schema", value_name = "FILE")]
    schemas: Vec<PathBuf>,
    /// The fraction of requests that get HTTP 500, from 0 to 1.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0, value_parser = fraction)]
    fail_rate: f64,
    /// The fraction of requests that get HTTP 429 with a Retry-After header.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0, value_parser = fraction)]
    rate_limit_rate: f64,
    /// The Retry-After of a 429 response, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 1)]
    retry_after: u64,
    /// Time to wait before answering each request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency_ms: u64,
    /// The fraction of responses whose body stops halfway, with the connection closed.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0, value_parser = fraction)]
    truncate_rate: f64,
    /// The seed of the fault generator: the same seed draws the same faults.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[command(flatten)]
    parsing: ParseFlags,
}

fn fraction(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a fraction from 0 to 1")),
    }
}

pub fn run(args: &ServeArgs) -> Result<(), Failure> {
    let mut collections: Vec<Collection> = Vec::with_capacity(args.files.len());
    for (index, path) in args.files.iter().enumerate() {
        let name = collection_name(path)?;
        if let Some(earlier) = collections.iter().position(|other| other.name == name) {
            return Err(Failure::Other(format!(
                "{} and {} would both be served at /v1/{name}: rename or copy one of them",
                args.files[earlier].display(),
                args.files[index].display(),
            )));
        }
        let mut records = Vec::new();
        for_each_record(&Source::File(path.clone()), &mut |record| {
            records.push(record);
            Ok(())
        })?;
        collections.push(Collection::new(name, records));
    }
    attach_schemas(&mut collections, &args.schemas)?;
    let api_key = match (&args.api_key, &args.api_key_env) {
        (Some(key), _) => Some(Secret::new(key.as_str())),
        (None, Some(variable)) => Some(Secret::new(std::env::var(variable).map_err(|_| {
            Failure::Other(format!(
                "the environment variable {variable} named by --api-key-env is not set or not UTF-8"
            ))
        })?)),
        (None, None) => None,
    };
    if let Some(key) = &api_key {
        check_api_key(key)?;
    }
    let names: Vec<String> = collections
        .iter()
        .map(|collection| format!("/v1/{}", collection.name))
        .collect();
    let config = ServeConfig {
        collections,
        api_key,
        faults: Faults {
            server_errors: args.fail_rate,
            rate_limits: args.rate_limit_rate,
            retry_after: Duration::from_secs(args.retry_after),
            latency: Duration::from_millis(args.latency_ms),
            truncated_bodies: args.truncate_rate,
            seed: args.seed,
        },
        parse_options: args.parsing.options(),
    };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::Other(format!("failed to start the async runtime: {error}")))?;
    runtime.block_on(async {
        let server = Server::bind(args.addr, config)
            .await
            .map_err(|error| Failure::Other(format!("cannot listen on {}: {error}", args.addr)))?;
        report::write_stderr(&format!(
            "serving {} at http://{}; stop with Ctrl-C\n",
            names.join(", "),
            server.local_addr()
        ));
        tokio::signal::ctrl_c()
            .await
            .map_err(|error| Failure::Other(format!("cannot wait for Ctrl-C: {error}")))?;
        server
            .shutdown()
            .await
            .map_err(|error| Failure::Other(format!("the server failed: {error}")))
    })
}

/// Rejects a key that no client could send and match: an empty one, or one that an HTTP header
/// cannot carry unchanged.
fn check_api_key(key: &Secret) -> Result<(), Failure> {
    let key = key.expose();
    if key.is_empty() {
        return Err(Failure::Other(
            "the API key is empty: give a non-empty key, or leave out --api-key and --api-key-env to allow every request"
                .to_owned(),
        ));
    }
    // HTTP parsers drop spaces around a header value, and the client sends only visible ASCII
    // and inner spaces.
    let sendable = key
        .bytes()
        .all(|byte| byte == b' ' || byte.is_ascii_graphic());
    if !sendable || key.trim() != key {
        return Err(Failure::Other(
            "the API key starts or ends with a space, or contains a control or non-ASCII character, which an HTTP header cannot carry unchanged: use visible ASCII only"
                .to_owned(),
        ));
    }
    Ok(())
}

fn collection_name(path: &Path) -> Result<String, Failure> {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .filter(|stem| !stem.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| {
            Failure::Other(format!(
                "cannot name a collection after {}: the file name has no UTF-8 stem",
                path.display()
            ))
        })
}

/// Gives each schema file to the collection it names, or to the only collection.
fn attach_schemas(collections: &mut [Collection], schemas: &[PathBuf]) -> Result<(), Failure> {
    for path in schemas {
        let schema: Schema = load_schema(path)?;
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(|name| name.strip_suffix(".schema.json"));
        let index = match collections {
            [_] => Some(0),
            _ => name.and_then(|name| {
                collections
                    .iter()
                    .position(|collection| collection.name == name)
            }),
        };
        let Some(index) = index else {
            return Err(Failure::Other(format!(
                "the schema {} names no collection: call it NAME.schema.json after the data file NAME.json",
                path.display()
            )));
        };
        if collections[index].schema.is_some() {
            return Err(Failure::Other(format!(
                "two schema files apply to the collection {}: give one --schema per collection",
                collections[index].name
            )));
        }
        collections[index].schema = Some(schema);
    }
    Ok(())
}
