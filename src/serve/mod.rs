//! A local server that implements the API's list protocol over JSON records (feature `serve`).
//!
//! Each [`Collection`] is served at `GET /v1/<name>`, with the query string evaluated by the
//! crate: the response page is what [`Compiled::page`](crate::Compiled::page) returns for the
//! same query on the same records. The server answers
//!
//! - 200 with the response page `{"data":[...],"paging":{...}}`;
//! - 400 with a JSON error whose `position` gives the byte range of the mistake in the query
//!   string;
//! - 401 when an API key is set and the request has neither `X-API-KEY: KEY` nor
//!   `Authorization: Bearer KEY`;
//! - 404 for a path that is not a collection;
//! - 405 for a method other than GET.
//!
//! Every error body is JSON: `{"status":404,"error":"Not Found","message":"..."}`. [`Faults`]
//! adds error responses, rate limits, latency and truncated bodies, for testing clients.
//!
//! ```no_run
//! use inperium_filter::serve::{Collection, ServeConfig, Server};
//! use serde_json::json;
//!
//! # async fn run() -> std::io::Result<()> {
//! let config = ServeConfig {
//!     collections: vec![Collection::new("companies", vec![json!({"id": 1})])],
//!     ..ServeConfig::default()
//! };
//! let server = Server::bind("127.0.0.1:0".parse().unwrap(), config).await?;
//! println!("{}/companies", server.base_url());
//! server.shutdown().await
//! # }
//! ```

mod faults;
mod respond;

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::schema::Schema;
use crate::{ParseOptions, Secret};
use faults::FaultPicker;

pub use faults::Faults;

/// A named list of records, served at `/v1/<name>`.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The collection's name, the last segment of its path.
    pub name: String,
    /// The records, in the order that unsorted queries return them.
    pub records: Vec<Value>,
    /// The schema that queries are validated against and that types the evaluation.
    pub schema: Option<Schema>,
}

impl Collection {
    /// Creates a collection without a schema.
    pub fn new(name: impl Into<String>, records: Vec<Value>) -> Collection {
        Collection {
            name: name.into(),
            records,
            schema: None,
        }
    }

    /// Sets the schema.
    pub fn with_schema(mut self, schema: Schema) -> Collection {
        self.schema = Some(schema);
        self
    }
}

/// The collections, key, faults and parse options of a [`Server`].
#[derive(Debug, Clone, Default)]
pub struct ServeConfig {
    /// The collections. A later collection replaces an earlier one of the same name.
    pub collections: Vec<Collection>,
    /// The key that requests must send; without one, every request is allowed.
    pub api_key: Option<Secret>,
    /// The faults to inject.
    pub faults: Faults,
    /// The limits and extensions of the query parser.
    pub parse_options: ParseOptions,
}

/// A running server, from [`Server::bind`]. Dropping it stops the server.
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Server {
    /// Binds `addr` and serves `config` on the current tokio runtime until [`Server::shutdown`]
    /// or drop. Port 0 picks a free port; [`Server::local_addr`] returns it.
    ///
    /// # Errors
    ///
    /// The I/O error when the address cannot be bound.
    pub async fn bind(addr: SocketAddr, config: ServeConfig) -> io::Result<Server> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let collections: HashMap<String, Collection> = config
            .collections
            .into_iter()
            .map(|collection| (collection.name.clone(), collection))
            .collect();
        tracing::info!(%addr, collections = collections.len(), "server started");
        let shared = Arc::new(respond::Shared {
            collections,
            api_key: config.api_key,
            faults: FaultPicker::new(config.faults),
            options: config.parse_options,
        });
        let router = axum::Router::new()
            .fallback(respond::handle)
            .with_state(shared);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let result = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    // An error means the `Server` was dropped, which stops it too.
                    let _ = stopped.await;
                })
                .await;
            tracing::info!(%addr, "server stopped");
            result
        });
        Ok(Server {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// Returns the address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Returns the URL that collection paths are appended to: `http://ADDR/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Stops accepting connections, lets requests in progress finish, and waits for the
    /// server to stop.
    ///
    /// # Errors
    ///
    /// The I/O error that ended the server, if one did.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            // An error means the server task already ended, which the join below reports.
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}
