//! The client against injected faults and misbehaving servers: it returns every record once,
//! or stops with an error that names the URL and page, and never hangs.

mod fetch_common;

use std::time::Duration;

use futures_util::TryStreamExt;
use inperium_filter::fetch::{
    Client, FetchError, OnAnomaly, PagingProblem, RetryPolicy, Settings, TransportKind,
};
use inperium_filter::serve::{Collection, Faults, ServeConfig};
use inperium_filter::{parse_query, Query};
use serde_json::{json, Value};

use fetch_common::{
    capture_tracing, companies, evaluate_all, fast_settings, page_body, run, start, start_fake,
};

const QUERY: &str = "filter=gt(annualRevenue,1000000)&sort=+createdAt&pageSize=9";

fn query() -> Query {
    parse_query(QUERY).unwrap()
}

async fn fetch_with(faults: Faults, settings: Settings) -> Result<Vec<Value>, FetchError> {
    let config = ServeConfig {
        faults,
        ..ServeConfig::default()
    };
    let server = start(vec![Collection::new("companies", companies())], config).await;
    let client = Client::builder(server.base_url())
        .settings(settings)
        .build()
        .unwrap();
    client.records("companies", &query()).try_collect().await
}

fn expected() -> Vec<Value> {
    evaluate_all(&query(), &companies())
}

#[test]
fn server_errors_are_retried() {
    let faults = Faults {
        server_errors: 0.3,
        seed: 11,
        ..Faults::default()
    };
    let (logs, _guard) = capture_tracing();
    let records = run(fetch_with(faults, fast_settings())).unwrap();
    assert_eq!(records, expected());
    assert!(logs.text().contains("retrying request"), "no retry logged");
}

#[test]
fn rate_limits_are_retried() {
    let faults = Faults {
        rate_limits: 0.3,
        retry_after: Duration::ZERO,
        seed: 12,
        ..Faults::default()
    };
    let records = run(fetch_with(faults, fast_settings())).unwrap();
    assert_eq!(records, expected());
}

#[test]
fn retry_after_sets_the_wait() {
    // Seed 3 draws a 429 on one of the first requests. The logged wait is at least the one
    // second that Retry-After names, although the backoff alone is a few milliseconds.
    let faults = Faults {
        rate_limits: 0.1,
        retry_after: Duration::from_secs(1),
        seed: 3,
        ..Faults::default()
    };
    let (logs, _guard) = capture_tracing();
    let records = run(fetch_with(faults, fast_settings())).unwrap();
    assert_eq!(records, expected());
    let text = logs.text();
    let retry_lines: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("retrying request"))
        .collect();
    assert!(!retry_lines.is_empty(), "no 429 drawn; logs:\n{text}");
    for line in retry_lines {
        assert!(line.contains("retry_after_s=1"), "{line}");
        let delay: u64 = line
            .split("delay_ms=")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|number| number.parse().ok())
            .unwrap_or_else(|| panic!("no delay in {line}"));
        assert!(delay >= 1000, "{line}");
    }
}

#[test]
fn retry_after_over_maximum_fails() {
    let faults = Faults {
        rate_limits: 1.0,
        retry_after: Duration::from_secs(30),
        ..Faults::default()
    };
    let error = run(fetch_with(faults, fast_settings())).unwrap_err();
    let FetchError::RetryAfterTooLong { wait, page, .. } = &error else {
        panic!("expected RetryAfterTooLong, got {error}");
    };
    assert_eq!(*wait, Duration::from_secs(30));
    assert_eq!(*page, 1);
}

#[test]
fn latency_within_timeout_is_fine() {
    let faults = Faults {
        latency: Duration::from_millis(20),
        ..Faults::default()
    };
    let records = run(fetch_with(faults, fast_settings())).unwrap();
    assert_eq!(records, expected());
}

#[test]
fn latency_over_timeout_fails() {
    let faults = Faults {
        latency: Duration::from_secs(5),
        ..Faults::default()
    };
    let settings = Settings {
        request_timeout: Duration::from_millis(50),
        retry: RetryPolicy {
            max_retries: 2,
            ..fast_settings().retry
        },
        ..fast_settings()
    };
    let error = run(fetch_with(faults, settings)).unwrap_err();
    let FetchError::Transport(failure) = &error else {
        panic!("expected a timeout, got {error}");
    };
    assert_eq!(failure.kind, TransportKind::Timeout, "{error}");
    assert_eq!(failure.attempts, 3);
    assert_eq!(failure.page, 1);
    assert!(
        error
            .to_string()
            .contains("timed out for page 1 from http://127.0.0.1:"),
        "{error}"
    );
}

#[test]
fn truncated_bodies_are_retried() {
    let faults = Faults {
        truncated_bodies: 0.4,
        seed: 5,
        ..Faults::default()
    };
    let (logs, _guard) = capture_tracing();
    let records = run(fetch_with(faults, fast_settings())).unwrap();
    assert_eq!(records, expected());
    assert!(
        logs.text().contains("retrying request"),
        "no truncation drawn"
    );
}

#[test]
fn always_truncated_fails_naming_page() {
    let faults = Faults {
        truncated_bodies: 1.0,
        ..Faults::default()
    };
    let error = run(fetch_with(faults, fast_settings())).unwrap_err();
    let FetchError::Transport(failure) = &error else {
        panic!("expected a body failure, got {error}");
    };
    assert_eq!(failure.kind, TransportKind::Body, "{error}");
    assert_eq!(failure.attempts, 9);
    assert!(failure.url.contains("/v1/companies?"), "{error}");
    assert!(error.to_string().contains("page 1"), "{error}");
}

#[test]
fn persistent_server_errors_fail() {
    let faults = Faults {
        server_errors: 1.0,
        ..Faults::default()
    };
    let error = run(fetch_with(faults, fast_settings())).unwrap_err();
    let FetchError::Status(failure) = &error else {
        panic!("expected HTTP 500, got {error}");
    };
    assert_eq!(failure.status, 500);
    assert_eq!(failure.attempts, 9);
    assert_eq!(failure.description, "injected server error");
}

#[test]
fn mixed_faults_lose_nothing() {
    let expected = expected();
    let mut completed = 0;
    for seed in 1..=6 {
        let faults = Faults {
            server_errors: 0.2,
            rate_limits: 0.2,
            retry_after: Duration::ZERO,
            latency: Duration::from_millis(2),
            truncated_bodies: 0.2,
            seed,
        };
        match run(fetch_with(faults, fast_settings())) {
            Ok(records) => {
                assert_eq!(records, expected, "seed {seed}");
                completed += 1;
            }
            Err(error) => {
                assert!(error.url().is_some(), "seed {seed}: {error}");
                assert!(error.to_string().contains("page"), "seed {seed}: {error}");
            }
        }
    }
    assert!(completed >= 5, "only {completed} of 6 runs completed");
}

#[test]
fn malformed_body_names_url_and_page() {
    run(async {
        let (base_url, _server) = start_fake(|_| (200, "{\"data\": [".to_owned())).await;
        let client = Client::builder(base_url)
            .settings(fast_settings())
            .build()
            .unwrap();
        let result: Result<Vec<Value>, FetchError> = client
            .records("x", &parse_query("pageNumber=4").unwrap())
            .try_collect()
            .await;
        let error = result.unwrap_err();
        let FetchError::InvalidBody { url, page, .. } = &error else {
            panic!("expected an invalid body, got {error}");
        };
        assert_eq!(*page, 4);
        assert!(url.ends_with("/v1/x?pageNumber=4"), "{error}");
    });
}

/// Fetches every page from a fake server and returns the paging problem it stopped with.
fn paging_problem<F>(answer: F, settings: Settings) -> (PagingProblem, u32)
where
    F: Fn(u32) -> (u16, String) + Send + Sync + 'static,
{
    run(async {
        let (base_url, _server) = start_fake(answer).await;
        let client = Client::builder(base_url)
            .settings(settings)
            .build()
            .unwrap();
        let result: Result<Vec<Value>, FetchError> = client
            .records("x", &parse_query("").unwrap())
            .try_collect()
            .await;
        match result.unwrap_err() {
            FetchError::Paging { problem, page, .. } => (problem, page),
            other => panic!("expected a paging error, got {other}"),
        }
    })
}

#[test]
fn endless_same_page_stops() {
    let (problem, page) = paging_problem(
        |_| (200, page_body(json!([{"id": 1}]), 1, 1000, 1000, true)),
        fast_settings(),
    );
    assert_eq!(problem, PagingProblem::RepeatedPage { page_number: 1 });
    assert_eq!(page, 2);
}

#[test]
fn endless_next_page_stops_at_total() {
    let (problem, page) = paging_problem(
        |page| (200, page_body(json!([{"id": page}]), page, 3, 3, true)),
        fast_settings(),
    );
    assert_eq!(
        problem,
        PagingProblem::NextPageBeyondTotal { total_pages: 3 }
    );
    assert_eq!(page, 3);
}

#[test]
fn empty_page_with_next_stops() {
    let (problem, page) = paging_problem(
        |page| (200, page_body(json!([]), page, 10, 10, true)),
        fast_settings(),
    );
    assert_eq!(problem, PagingProblem::EmptyPageWithNext);
    assert_eq!(page, 1);
}

#[test]
fn changing_total_stops() {
    let (problem, page) = paging_problem(
        |page| {
            let total = 100 + u64::from(page);
            (
                200,
                page_body(json!([{"id": page}]), page, total, total, true),
            )
        },
        fast_settings(),
    );
    assert_eq!(
        problem,
        PagingProblem::TotalChanged {
            before: 101,
            now: 102
        }
    );
    assert_eq!(page, 2);
}

#[test]
fn duplicate_id_stops() {
    let (problem, page) = paging_problem(
        |page| {
            (
                200,
                page_body(json!([{"id": "same"}]), page, 5, 5, page < 5),
            )
        },
        fast_settings(),
    );
    assert_eq!(
        problem,
        PagingProblem::DuplicateId {
            id: "\"same\"".into()
        }
    );
    assert_eq!(page, 2);
}

#[test]
fn tolerated_problems_become_warnings() {
    run(async {
        let (base_url, _server) = start_fake(|page| {
            let total = 3 + u64::from(page);
            let data = json!([{"id": page}, {"id": 1}]);
            (200, page_body(data, page, total, 3, page < 3))
        })
        .await;
        let settings = Settings {
            on_total_change: OnAnomaly::Warn,
            on_duplicate_id: OnAnomaly::Warn,
            ..fast_settings()
        };
        let client = Client::builder(base_url)
            .settings(settings)
            .build()
            .unwrap();
        let mut records = client.records::<Value>("x", &parse_query("").unwrap());
        let mut ids = Vec::new();
        while let Some(record) = records.try_next().await.unwrap() {
            ids.push(record["id"].as_i64().unwrap());
        }
        assert_eq!(ids, [1, 2, 3], "each id once");
        let problems: Vec<PagingProblem> = records
            .warnings()
            .into_iter()
            .map(|warning| warning.problem)
            .collect();
        assert_eq!(
            problems,
            [
                PagingProblem::DuplicateId { id: "1".into() },
                PagingProblem::TotalChanged { before: 4, now: 5 },
                PagingProblem::DuplicateId { id: "1".into() },
                PagingProblem::TotalChanged { before: 5, now: 6 },
                PagingProblem::DuplicateId { id: "1".into() },
            ]
        );
    });
}

fn body_limit_settings() -> Settings {
    Settings {
        max_body_bytes: 1024,
        ..fast_settings()
    }
}

#[test]
fn oversized_body_fails() {
    run(async {
        let big = "x".repeat(4096);
        let (base_url, _server) = start_fake(move |page| {
            (
                200,
                page_body(json!([{"id": 1, "notes": big}]), page, 1, 1, false),
            )
        })
        .await;
        let client = Client::builder(base_url)
            .settings(body_limit_settings())
            .build()
            .unwrap();
        let result: Result<Vec<Value>, FetchError> = client
            .records("x", &parse_query("pageNumber=2").unwrap())
            .try_collect()
            .await;
        let error = result.unwrap_err();
        let FetchError::BodyTooLarge { page, limit, .. } = &error else {
            panic!("expected a body that is too large, got {error}");
        };
        assert_eq!(*page, 2);
        assert_eq!(*limit, 1024);
        assert!(error.to_string().contains("/v1/x?pageNumber=2"), "{error}");
    });
}

#[test]
fn oversized_chunked_body_fails() {
    run(async {
        // A body without Content-Length that would never end, so only the limit stops it.
        let router = axum::Router::new().fallback(|| async {
            let chunks = futures_util::stream::repeat_with(|| {
                Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b' '; 512]))
            });
            axum::http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(axum::body::Body::from_stream(chunks))
                .expect("response builds")
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
        let _server = tokio::spawn(async move { axum::serve(listener, router).await });
        let client = Client::builder(base_url)
            .settings(body_limit_settings())
            .build()
            .unwrap();
        let result: Result<Vec<Value>, FetchError> = client
            .records("x", &parse_query("").unwrap())
            .try_collect()
            .await;
        let error = result.unwrap_err();
        assert!(
            matches!(error, FetchError::BodyTooLarge { page: 1, .. }),
            "{error}"
        );
    });
}

#[test]
fn paging_past_total_stops() {
    // Two records in all, but a next page forever, up to 1000 pages, and no ids to repeat.
    let (problem, page) = paging_problem(
        |page| (200, page_body(json!([{"page": page}]), page, 2, 1000, true)),
        fast_settings(),
    );
    assert_eq!(
        problem,
        PagingProblem::MoreRecordsThanTotal {
            received: 3,
            total: 2
        }
    );
    assert_eq!(page, 3);
}
