//! The client against the reference server on 127.0.0.1: every page, in order, equal to the
//! in-memory evaluation; limits; typed records; encoding; authentication and error statuses.

mod fetch_common;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use inperium_filter::fetch::{
    BlockingClient, Client, FetchError, Settings, TokenFuture, TokenProvider,
};
use inperium_filter::schema::Schema;
use inperium_filter::serve::{Collection, ServeConfig};
use inperium_filter::{parse_query, Compiled, Page, ParseOptions, Secret};
use serde_json::{json, Value};

use fetch_common::{
    client, companies, evaluate_all, fast_settings, ids, run, start, start_companies,
};

#[test]
fn every_page_equals_evaluation() {
    run(async {
        let server = start_companies().await;
        let client = client(&server);
        let query =
            parse_query("filter=gt(annualRevenue,1000000)&sort=-annualRevenue&pageSize=7").unwrap();
        let expected = evaluate_all(&query, &companies());
        assert!(expected.len() > 14, "the query selects several pages");

        let pages: Vec<Page<Value>> = client
            .pages("companies", &query)
            .try_collect()
            .await
            .unwrap();
        let numbers: Vec<u32> = pages.iter().map(|page| page.paging.page_number).collect();
        let expected_pages = expected.len().div_ceil(7);
        assert_eq!(numbers, (1..=expected_pages as u32).collect::<Vec<_>>());
        let records: Vec<Value> = pages.into_iter().flat_map(|page| page.data).collect();
        assert_eq!(records, expected);
    });
}

#[test]
fn records_equal_evaluation_without_sort() {
    run(async {
        let server = start_companies().await;
        let query = parse_query("filter=OR(eq(country,US),eq(country,FR))&pageSize=13").unwrap();
        let records: Vec<Value> = client(&server)
            .records("companies", &query)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(records, evaluate_all(&query, &companies()));
        assert!(!records.is_empty());
    });
}

#[test]
fn paging_starts_at_page_number() {
    run(async {
        let server = start_companies().await;
        let query = parse_query("sort=+id&pageSize=50&pageNumber=5").unwrap();
        let records: Vec<Value> = client(&server)
            .records("companies", &query)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&records), (201..=300).collect::<Vec<_>>());
    });
}

#[test]
fn limits_stop_without_error() {
    run(async {
        let server = start_companies().await;
        let query = parse_query("sort=+id&pageSize=10").unwrap();
        let settings = Settings {
            max_pages: Some(3),
            ..fast_settings()
        };
        let limited = Client::builder(server.base_url())
            .settings(settings)
            .build()
            .unwrap();
        let records: Vec<Value> = limited
            .records("companies", &query)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&records), (1..=30).collect::<Vec<_>>());

        let settings = Settings {
            max_records: Some(25),
            ..fast_settings()
        };
        let limited = Client::builder(server.base_url())
            .settings(settings)
            .build()
            .unwrap();
        let pages: Vec<Page<Value>> = limited
            .pages("companies", &query)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[2].data.len(), 5);
    });
}

#[test]
fn records_deserialize_as_type() {
    #[derive(serde::Deserialize)]
    struct Company {
        id: u64,
        properties: Properties,
    }
    #[derive(serde::Deserialize)]
    struct Properties {
        country: Option<String>,
    }

    run(async {
        let server = start_companies().await;
        let query = parse_query("country=US&pageSize=100").unwrap();
        let companies: Vec<Company> = client(&server)
            .records("companies", &query)
            .try_collect()
            .await
            .unwrap();
        assert!(!companies.is_empty());
        assert!(companies
            .iter()
            .all(|company| company.properties.country.as_deref() == Some("US")));
        assert!(companies.windows(2).all(|pair| pair[0].id < pair[1].id));
    });
}

#[test]
fn wrong_record_type_is_invalid_body() {
    run(async {
        let server = start_companies().await;
        let query = parse_query("pageSize=5").unwrap();
        let result: Result<Vec<String>, FetchError> = client(&server)
            .records("companies", &query)
            .try_collect()
            .await;
        let error = result.unwrap_err();
        assert!(
            matches!(error, FetchError::InvalidBody { page: 1, .. }),
            "{error}"
        );
        assert!(error.to_string().contains("/v1/companies?"), "{error}");
    });
}

#[test]
fn special_characters_round_trip() {
    let names = ["a&b", "c d", "e+f", "50%", "x\"y", "ü,(z)", "#1=2"];
    let records: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(index, name)| json!({"id": index, "name": name}))
        .collect();
    run(async {
        let server = start(
            vec![Collection::new("names", records)],
            ServeConfig::default(),
        )
        .await;
        let client = client(&server);
        for (index, name) in names.iter().enumerate() {
            let query = inperium_filter::Query::new().with_condition(
                inperium_filter::Syntax::Advanced,
                inperium_filter::field("name").eq(*name),
            );
            let found: Vec<Value> = client.records("names", &query).try_collect().await.unwrap();
            assert_eq!(ids(&found), vec![index as i64], "name {name:?}");
        }
    });
}

#[test]
fn schema_server_types_evaluation() {
    let schema =
        Schema::from_json(include_str!("../data/companies.schema.json")).expect("schema reads");
    let collection = Collection::new("companies", companies()).with_schema(schema.clone());
    run(async {
        let server = start(vec![collection], ServeConfig::default()).await;
        let text = "employeeCount=gt::1000&sort=-employeeCount&pageSize=9";
        let query = parse_query(text).unwrap();
        let records: Vec<Value> = client(&server)
            .records("companies", &query)
            .try_collect()
            .await
            .unwrap();

        let checked = query.validate(&schema).unwrap();
        let compiled = Compiled::from_checked(&checked).unwrap();
        let mut expected: Vec<&Value> = Vec::new();
        let all = companies();
        expected.extend(all.iter().filter(|record| compiled.matches(record)));
        compiled.sort(&mut expected);
        let expected: Vec<Value> = expected.into_iter().cloned().collect();
        assert!(!expected.is_empty());
        assert_eq!(records, expected);
    });
}

#[test]
fn blocking_client_fetches_all() {
    let (base_url, stop, server_thread) = fetch_common_thread::serve_companies();
    let client = Client::builder(base_url)
        .settings(fast_settings())
        .build()
        .unwrap();
    let blocking = BlockingClient::new(client).unwrap();
    let query = parse_query("sort=-id&pageSize=40").unwrap();
    let mut pages = blocking.pages::<Value>("companies", &query);
    let first = pages.next().unwrap().unwrap();
    assert_eq!(first.data.len(), 40);
    assert_eq!(pages.count(), 7);
    let records: Vec<Value> = blocking.records("companies", &query).unwrap();
    assert_eq!(ids(&records), (1..=300).rev().collect::<Vec<_>>());
    assert!(blocking
        .pages::<Value>("companies", &query)
        .warnings()
        .is_empty());
    stop.send(()).unwrap();
    server_thread.join().unwrap();
}

/// A server on its own thread and runtime, for the blocking client.
mod fetch_common_thread {
    use std::sync::mpsc;
    use std::thread::JoinHandle;

    use super::fetch_common::start_companies;

    pub fn serve_companies() -> (String, tokio::sync::oneshot::Sender<()>, JoinHandle<()>) {
        let (address_sender, address) = mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            super::run(async move {
                let server = start_companies().await;
                address_sender.send(server.base_url()).unwrap();
                let _ = stopped.await;
                server.shutdown().await.unwrap();
            });
        });
        let base_url = address
            .recv_timeout(super::fetch_common::TEST_BOUND)
            .expect("the server thread starts");
        (base_url, stop, thread)
    }
}

fn keyed_config(key: &str) -> ServeConfig {
    ServeConfig {
        api_key: Some(Secret::new(key)),
        ..ServeConfig::default()
    }
}

#[test]
fn api_key_and_bearer_accepted() {
    run(async {
        let server = start(
            vec![Collection::new("companies", companies())],
            keyed_config("k-1"),
        )
        .await;
        let query = parse_query("pageSize=100").unwrap();
        for builder in [
            Client::builder(server.base_url()).api_key("k-1"),
            Client::builder(server.base_url()).bearer_token("k-1"),
        ] {
            let client = builder.settings(fast_settings()).build().unwrap();
            let records: Vec<Value> = client
                .records("companies", &query)
                .try_collect()
                .await
                .unwrap();
            assert_eq!(records.len(), 300);
        }
    });
}

#[test]
fn wrong_key_is_unauthorized() {
    run(async {
        let server = start(
            vec![Collection::new("companies", companies())],
            keyed_config("k-1"),
        )
        .await;
        let client = Client::builder(server.base_url())
            .api_key("k-2")
            .settings(fast_settings())
            .build()
            .unwrap();
        let mut pages = client.pages::<Value>("companies", &parse_query("").unwrap());
        let error = pages.next().await.unwrap().unwrap_err();
        let FetchError::Unauthorized(failure) = &error else {
            panic!("expected 401, got {error}");
        };
        assert_eq!(failure.status, 401);
        assert_eq!(failure.attempts, 1, "401 is not retried");
        assert!(failure.description.contains("API key"), "{error}");
        assert!(
            pages.next().await.is_none(),
            "the stream ends after an error"
        );
    });
}

/// Issues the server's key, counting its calls.
struct CountingProvider {
    calls: AtomicU32,
}

impl TokenProvider for CountingProvider {
    fn refresh(&self) -> TokenFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Secret::new("k-1")) })
    }
}

#[test]
fn token_refreshed_once_after_401() {
    run(async {
        let server = start(
            vec![Collection::new("companies", companies())],
            keyed_config("k-1"),
        )
        .await;
        let provider = Arc::new(CountingProvider {
            calls: AtomicU32::new(0),
        });
        let client = Client::builder(server.base_url())
            .bearer_token("expired")
            .token_provider(provider.clone())
            .settings(fast_settings())
            .build()
            .unwrap();
        let query = parse_query("pageSize=100").unwrap();
        let records: Vec<Value> = client
            .records("companies", &query)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(records.len(), 300);
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
    });
}

/// Issues a token the server rejects.
struct StaleProvider;

impl TokenProvider for StaleProvider {
    fn refresh(&self) -> TokenFuture<'_> {
        Box::pin(async { Ok(Secret::new("still-wrong")) })
    }
}

#[test]
fn refresh_then_401_fails() {
    run(async {
        let server = start(
            vec![Collection::new("companies", companies())],
            keyed_config("k-1"),
        )
        .await;
        let client = Client::builder(server.base_url())
            .token_provider(Arc::new(StaleProvider))
            .settings(fast_settings())
            .build()
            .unwrap();
        let result: Result<Vec<Value>, FetchError> = client
            .records("companies", &parse_query("").unwrap())
            .try_collect()
            .await;
        let error = result.unwrap_err();
        assert_eq!(error.status(), Some(401), "{error}");
        assert_eq!(
            error.http_failure().unwrap().attempts,
            2,
            "one retry after the refresh"
        );
    });
}

#[test]
fn unknown_collection_is_not_found() {
    run(async {
        let server = start_companies().await;
        let result: Result<Vec<Value>, FetchError> = client(&server)
            .records("contacts", &parse_query("").unwrap())
            .try_collect()
            .await;
        let error = result.unwrap_err();
        let FetchError::NotFound(failure) = &error else {
            panic!("expected 404, got {error}");
        };
        assert!(failure.description.contains("/v1/contacts"), "{error}");
        assert_eq!(error.page(), Some(1));
        assert!(
            error.url().unwrap().ends_with("/v1/contacts?pageNumber=1"),
            "{error}"
        );
    });
}

#[test]
fn rejected_query_is_bad_request() {
    run(async {
        let config = ServeConfig {
            parse_options: ParseOptions::new().with_max_page_size(10),
            ..ServeConfig::default()
        };
        let server = start(vec![Collection::new("companies", companies())], config).await;
        let query = parse_query("pageSize=50").unwrap();
        let result: Result<Vec<Value>, FetchError> = client(&server)
            .records("companies", &query)
            .try_collect()
            .await;
        let error = result.unwrap_err();
        let FetchError::BadRequest(failure) = &error else {
            panic!("expected 400, got {error}");
        };
        assert_eq!(failure.attempts, 1, "400 is not retried");
        assert!(failure.description.contains("10"), "{error}");
    });
}

#[test]
fn method_not_allowed_is_typed() {
    run(async {
        let (base_url, _server) =
            fetch_common::start_fake(|_| (405, r#"{"message":"use POST"}"#.to_owned())).await;
        let client = Client::builder(base_url)
            .settings(fast_settings())
            .build()
            .unwrap();
        let result: Result<Vec<Value>, FetchError> = client
            .records("x", &parse_query("").unwrap())
            .try_collect()
            .await;
        let error = result.unwrap_err();
        let FetchError::MethodNotAllowed(failure) = &error else {
            panic!("expected 405, got {error}");
        };
        assert_eq!(failure.description, "use POST");
    });
}

/// Never returns a token.
struct HangingProvider;

impl TokenProvider for HangingProvider {
    fn refresh(&self) -> TokenFuture<'_> {
        Box::pin(std::future::pending())
    }
}

#[test]
fn hanging_token_provider_times_out() {
    run(async {
        let server = start(
            vec![Collection::new("companies", companies())],
            keyed_config("k-1"),
        )
        .await;
        let settings = Settings {
            request_timeout: Duration::from_millis(200),
            ..fast_settings()
        };
        let client = Client::builder(server.base_url())
            .token_provider(Arc::new(HangingProvider))
            .settings(settings)
            .build()
            .unwrap();
        let result: Result<Vec<Value>, FetchError> = client
            .records("companies", &parse_query("").unwrap())
            .try_collect()
            .await;
        let error = result.unwrap_err();
        assert!(matches!(error, FetchError::TokenRefresh { .. }), "{error}");
        assert!(error.to_string().contains("did not return"), "{error}");
    });
}
