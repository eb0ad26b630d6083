//! Helpers for the client and server tests: a bounded runtime, the reference server on an
//! ephemeral port, hand-written misbehaving servers, captured `tracing` output and the
//! in-memory evaluation to compare against.

#![allow(dead_code)]

use std::cell::RefCell;
use std::future::Future;
use std::io::Write;
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::time::Duration;

use inperium_filter::fetch::{Client, RetryPolicy, Settings};
use inperium_filter::serve::{Collection, ServeConfig, Server};
use inperium_filter::{parse_query, Compiled, Query};
use serde_json::{json, Value};

/// The maximum time one test may run before it fails instead of hanging.
pub const TEST_BOUND: Duration = Duration::from_secs(60);

/// Runs `test` on a single-threaded runtime, failing it when it runs past [`TEST_BOUND`].
pub fn run<F: Future>(test: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime starts")
        .block_on(async {
            tokio::time::timeout(TEST_BOUND, test)
                .await
                .expect("the test finished within its bound")
        })
}

/// Loads the bundled 300 sample companies.
pub fn companies() -> Vec<Value> {
    serde_json::from_str(include_str!("../../data/companies.json")).expect("companies.json")
}

/// Serves `collections` with `config`'s other settings on 127.0.0.1, on a free port.
pub async fn start(collections: Vec<Collection>, config: ServeConfig) -> Server {
    let config = ServeConfig {
        collections,
        ..config
    };
    Server::bind("127.0.0.1:0".parse().unwrap(), config)
        .await
        .expect("the server binds 127.0.0.1:0")
}

/// Serves the sample companies at `/v1/companies` without faults or key.
pub async fn start_companies() -> Server {
    start(
        vec![Collection::new("companies", companies())],
        ServeConfig::default(),
    )
    .await
}

/// Settings whose retries wait a few milliseconds, so fault tests stay fast.
pub fn fast_settings() -> Settings {
    Settings {
        request_timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            max_retries: 8,
            base_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(2),
        },
        ..Settings::default()
    }
}

/// Builds a client of `server` with [`fast_settings`] and no credential.
pub fn client(server: &Server) -> Client {
    Client::builder(server.base_url())
        .settings(fast_settings())
        .build()
        .expect("client builds")
}

/// Returns every record the query selects from its page on, as the in-memory evaluator pages
/// them: page after page until `hasNextPage` is false.
pub fn evaluate_all(query: &Query, records: &[Value]) -> Vec<Value> {
    let mut query = query.clone();
    let mut all = Vec::new();
    loop {
        let page = Compiled::new(&query).expect("query compiles").page(records);
        all.extend(page.data.into_iter().cloned());
        if !page.paging.has_next_page {
            return all;
        }
        let next = query.page_number_or_default() + 1;
        query.page_number = parse_query(&format!("pageNumber={next}"))
            .expect("page number parses")
            .page_number;
    }
}

/// Returns the `id` of each record.
pub fn ids(records: &[Value]) -> Vec<i64> {
    records
        .iter()
        .map(|record| record["id"].as_i64().expect("record has an integer id"))
        .collect()
}

/// Starts a server whose every response comes from `answer(pageNumber)`, in place of a
/// server that breaks the paging rules.
pub async fn start_fake<F>(answer: F) -> (String, tokio::task::JoinHandle<()>)
where
    F: Fn(u32) -> (u16, String) + Send + Sync + 'static,
{
    let answer = Arc::new(answer);
    let router = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let answer = Arc::clone(&answer);
        async move {
            let page = requested_page(uri.query().unwrap_or(""));
            let (status, body) = answer(page);
            axum::http::Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body))
                .expect("response builds")
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .await
            .expect("fake server runs");
    });
    (base_url, task)
}

fn requested_page(query: &str) -> u32 {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("pageNumber="))
        .and_then(|number| number.parse().ok())
        .unwrap_or(1)
}

/// Returns a response page body with the given records and paging members.
pub fn page_body(data: Value, page: u32, total: u64, total_pages: u64, has_next: bool) -> String {
    json!({
        "data": data,
        "paging": {
            "pageNumber": page,
            "pageSize": 1,
            "totalNumberOfRecords": total,
            "totalNumberOfPages": total_pages,
            "hasNextPage": has_next,
            "hasPreviousPage": page > 1,
            "sortingCriteria": null,
            "hasMore": has_next
        }
    })
    .to_string()
}

/// Text that `tracing` events of one thread write while a [`capture_tracing`] guard lives.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Returns everything written so far.
    pub fn text(&self) -> String {
        let bytes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

thread_local! {
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Writes to the capture of the current thread, if it has one.
struct ThreadWriter;

impl Write for ThreadWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|capture| {
            if let Some(captured) = &*capture.borrow() {
                captured
                    .0
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Ends the capture of the current thread when dropped.
pub struct CaptureGuard;

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURE.with(|capture| capture.borrow_mut().take());
    }
}

/// Captures every `tracing` event of this thread, at every level, until the guard drops.
///
/// One global subscriber serves every test of the binary and writes each event to the capture
/// of the thread that emitted it. A per-thread subscriber would miss events, because `tracing`
/// caches whether each call site is enabled across threads, and tests run in parallel. The
/// tests run client and server on one single-threaded runtime, so all their events come from
/// the test's thread.
pub fn capture_tracing() -> (Captured, CaptureGuard) {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(|| ThreadWriter)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
    });
    let captured = Captured::default();
    CAPTURE.with(|capture| *capture.borrow_mut() = Some(captured.clone()));
    (captured, CaptureGuard)
}
