//! The reference server's responses, read with a plain HTTP client: status codes, error bodies,
//! headers and injected faults. Also checks that the key shows in no client output.

mod fetch_common;

use std::time::Duration;

use futures_util::TryStreamExt;
use inperium_filter::fetch::{Client, FetchError, RetryPolicy, Settings};
use inperium_filter::schema::Schema;
use inperium_filter::serve::{Collection, Faults, ServeConfig, Server};
use inperium_filter::{parse_query, Secret};
use serde_json::{json, Value};

use fetch_common::{capture_tracing, companies, fast_settings, run, start, start_companies};

async fn get(url: &str) -> reqwest::Response {
    reqwest::get(url).await.expect("the server answers")
}

async fn json_of(response: reqwest::Response) -> Value {
    serde_json::from_slice(&response.bytes().await.unwrap()).expect("the body is JSON")
}

#[test]
fn page_has_response_shape() {
    run(async {
        let server = start_companies().await;
        let response = get(&format!(
            "{}/companies?country=US&pageSize=3&sort=-id",
            server.base_url()
        ))
        .await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        let body = json_of(response).await;
        assert_eq!(body["data"].as_array().unwrap().len(), 3);
        assert_eq!(body["paging"]["pageSize"], 3);
        assert_eq!(body["paging"]["pageNumber"], 1);
        assert_eq!(body["paging"]["sortingCriteria"], "-id");
        assert_eq!(body["paging"]["hasNextPage"], true);
    });
}

#[test]
fn invalid_query_is_400_with_position() {
    run(async {
        let server = start_companies().await;
        let response = get(&format!("{}/companies?name=gtx::3", server.base_url())).await;
        assert_eq!(response.status(), 400);
        let body = json_of(response).await;
        assert_eq!(body["status"], 400);
        assert_eq!(body["error"], "Bad Request");
        assert_eq!(body["position"]["start"], 5);
        assert_eq!(body["position"]["end"], 8);
        assert!(body["message"].as_str().unwrap().contains("gtx"), "{body}");
        assert!(body["help"].as_str().unwrap().contains("gt"), "{body}");
    });
}

#[test]
fn schema_mistakes_are_400() {
    let schema = Schema::from_json(include_str!("../data/companies.schema.json")).unwrap();
    let collection = Collection::new("companies", companies()).with_schema(schema);
    run(async {
        let server = start(vec![collection], ServeConfig::default()).await;
        let response = get(&format!(
            "{}/companies?contry=US&employeeCount=gt::abc",
            server.base_url()
        ))
        .await;
        assert_eq!(response.status(), 400);
        let body = json_of(response).await;
        let errors = body["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 2, "{body}");
        assert_eq!(body["position"]["start"], 0, "{body}");
        assert_eq!(errors[1]["position"]["start"], 28, "{body}");
    });
}

#[test]
fn missing_key_is_401() {
    run(async {
        let config = ServeConfig {
            api_key: Some(Secret::new("k-1")),
            ..ServeConfig::default()
        };
        let server = start(vec![Collection::new("companies", companies())], config).await;
        let url = format!("{}/companies", server.base_url());
        let response = get(&url).await;
        assert_eq!(response.status(), 401);
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        assert_eq!(json_of(response).await["status"], 401);

        let http = reqwest::Client::new();
        let keyed = http
            .get(&url)
            .header("X-API-KEY", "k-1")
            .send()
            .await
            .unwrap();
        assert_eq!(keyed.status(), 200);
        let bearer = http.get(&url).bearer_auth("k-1").send().await.unwrap();
        assert_eq!(bearer.status(), 200);
        let wrong = http
            .get(&url)
            .header("X-API-KEY", "k-2")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401);
    });
}

#[test]
fn unknown_path_is_404() {
    run(async {
        let server = start_companies().await;
        for path in ["/v1/contacts", "/v1/companies/1", "/v2/companies", "/"] {
            let addr = server.local_addr();
            let response = get(&format!("http://{addr}{path}")).await;
            assert_eq!(response.status(), 404, "{path}");
            let body = json_of(response).await;
            assert!(
                body["message"].as_str().unwrap().contains("companies"),
                "{body}"
            );
        }
    });
}

#[test]
fn wrong_method_is_405() {
    run(async {
        let server = start_companies().await;
        let url = format!("{}/companies", server.base_url());
        let response = reqwest::Client::new().post(&url).send().await.unwrap();
        assert_eq!(response.status(), 405);
        assert_eq!(response.headers()["allow"], "GET");
        assert_eq!(json_of(response).await["status"], 405);
    });
}

#[test]
fn rate_limit_sends_retry_after() {
    run(async {
        let config = ServeConfig {
            faults: Faults {
                rate_limits: 1.0,
                retry_after: Duration::from_secs(7),
                ..Faults::default()
            },
            ..ServeConfig::default()
        };
        let server = start(vec![Collection::new("companies", companies())], config).await;
        let response = get(&format!("{}/companies", server.base_url())).await;
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "7");
    });
}

#[test]
fn truncated_body_fails_to_read() {
    run(async {
        let config = ServeConfig {
            faults: Faults {
                truncated_bodies: 1.0,
                ..Faults::default()
            },
            ..ServeConfig::default()
        };
        let server = start(vec![Collection::new("companies", companies())], config).await;
        let response = get(&format!("{}/companies", server.base_url())).await;
        assert_eq!(response.status(), 200);
        let length: usize = response.headers()["content-length"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(length > 1000);
        let error = response.bytes().await.unwrap_err();
        assert!(error.is_body() || error.is_decode(), "{error}");
    });
}

#[test]
fn shutdown_stops_listening() {
    run(async {
        let server = start_companies().await;
        let addr = server.local_addr();
        assert!(addr.ip().is_loopback());
        server.shutdown().await.unwrap();
        let result = reqwest::get(format!("http://{addr}/v1/companies")).await;
        assert!(result.is_err(), "the server still answers");
    });
}

#[test]
fn key_absent_from_all_output() {
    const KEY: &str = "k-7f3a-do-not-print";
    let (logs, _guard) = capture_tracing();
    run(async {
        let config = ServeConfig {
            api_key: Some(Secret::new(KEY)),
            faults: Faults {
                server_errors: 0.3,
                truncated_bodies: 0.2,
                seed: 4,
                ..Faults::default()
            },
            ..ServeConfig::default()
        };
        let server = start(vec![Collection::new("companies", companies())], config).await;
        let query = parse_query("pageSize=40").unwrap();
        let mut texts = vec![format!("{:?}", server)];

        let builder = Client::builder(server.base_url())
            .api_key(KEY)
            .settings(fast_settings());
        texts.push(format!("{builder:?}"));
        let client = builder.build().unwrap();
        texts.push(format!("{client:?}"));
        let records: Vec<Value> = client
            .records("companies", &query)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(records.len(), 300);

        let bearer = Client::builder(server.base_url())
            .bearer_token(KEY)
            .build()
            .unwrap();
        texts.push(format!("{bearer:?}"));

        // Errors from a wrong path, from failures after the last retry, and from a timeout.
        let missing: Result<Vec<Value>, FetchError> =
            client.records("nothing", &query).try_collect().await;
        let impatient = Client::builder(server.base_url())
            .api_key(KEY)
            .settings(Settings {
                request_timeout: Duration::from_millis(1),
                retry: RetryPolicy::none(),
                ..Settings::default()
            })
            .build()
            .unwrap();
        let timed_out: Result<Vec<Value>, FetchError> =
            impatient.records("companies", &query).try_collect().await;
        for error in [missing.unwrap_err(), timed_out.unwrap_err()] {
            texts.push(error.to_string());
            texts.push(format!("{error:?}"));
        }

        let logged = logs.text();
        assert!(logged.contains("retrying request"), "no retry was logged");
        assert!(logged.contains("status=200"), "no request was logged");
        texts.push(logged);
        for text in texts {
            assert!(!text.contains(KEY), "the key appears in:\n{text}");
        }
    });
}

#[test]
fn server_debug_has_address() {
    run(async {
        let server: Server = start_companies().await;
        let debug = format!("{server:?}");
        assert!(debug.contains(&server.local_addr().to_string()), "{debug}");
    });
}

#[test]
fn unusual_collection_names_found() {
    run(async {
        // The name of each collection, and the path given to the client for it.
        let cases = [
            ("my companies", "my companies"),
            ("Käufer", "Käufer"),
            ("Käufer", "K%C3%A4ufer"),
            ("a%b", "a%25b"),
            ("q?x", "q?x"),
            ("h#y", "h#y"),
        ];
        let collections = cases
            .iter()
            .map(|(name, _)| Collection::new(*name, vec![json!({"id": 1, "name": name})]))
            .collect();
        let server = start(collections, ServeConfig::default()).await;
        let client = Client::builder(server.base_url())
            .settings(fast_settings())
            .build()
            .unwrap();
        let query = parse_query("filter=eq(id,1)").unwrap();
        for (name, path) in cases {
            let records: Vec<Value> = client
                .records(path, &query)
                .try_collect()
                .await
                .unwrap_or_else(|error| panic!("{path}: {error}"));
            assert_eq!(records, vec![json!({"id": 1, "name": name})], "{path}");
        }
    });
}

#[test]
fn traversal_in_path_is_404() {
    run(async {
        let server = start_companies().await;
        let addr = server.local_addr();
        for path in ["/v1/..%2Fcompanies", "/v1/%2e%2e/companies", "/v1/%FF"] {
            let response = get(&format!("http://{addr}{path}")).await;
            assert_eq!(response.status(), 404, "{path}");
        }
    });
}
