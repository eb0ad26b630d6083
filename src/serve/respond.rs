//! The request handler: authentication, routing, fault injection and the response page.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    ALLOW, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use futures_util::stream::{self, StreamExt};
use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};

use super::faults::{Fault, FaultPicker};
use super::Collection;
use crate::schema::Diagnostic;
use crate::{Compiled, Error, ParseOptions, Secret, Span};

/// The state every request reads.
pub(crate) struct Shared {
    pub(crate) collections: HashMap<String, Collection>,
    pub(crate) api_key: Option<Secret>,
    pub(crate) faults: FaultPicker,
    pub(crate) options: ParseOptions,
}

/// How long a truncated body waits between its first half and the failure that cuts it.
const TRUNCATION_PAUSE: Duration = Duration::from_millis(5);

/// The path prefix of every collection.
const PREFIX: &str = "/v1/";

pub(crate) async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    // The body is never read, and the parts, unlike the body, can be shared across an await.
    let (request, _) = request.into_parts();
    let response = respond(&shared, &request).await;
    tracing::info!(
        method = %request.method,
        path = request.uri.path(),
        status = response.status().as_u16(),
        "request"
    );
    response
}

async fn respond(shared: &Shared, request: &Parts) -> Response {
    if let Some(key) = &shared.api_key {
        if !is_authorized(key, &request.headers) {
            let mut response = error(
                StatusCode::UNAUTHORIZED,
                "missing or invalid API key: send it in the X-API-KEY header".to_owned(),
                Map::new(),
            );
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return response;
        }
    }

    let path = request.uri.path();
    let Some(collection) = path
        .strip_prefix(PREFIX)
        .and_then(|name| percent_decode_str(name).decode_utf8().ok())
        .and_then(|name| shared.collections.get(name.as_ref()))
    else {
        let mut names: Vec<&str> = shared.collections.keys().map(String::as_str).collect();
        names.sort_unstable();
        let message = format!(
            "no collection at {path}; the collections are {PREFIX}{{{}}}",
            names.join(",")
        );
        return error(StatusCode::NOT_FOUND, message, Map::new());
    };

    if request.method != Method::GET {
        let message = format!("method {} is not allowed: use GET", request.method);
        let mut response = error(StatusCode::METHOD_NOT_ALLOWED, message, Map::new());
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET"));
        return response;
    }

    let faults = shared.faults.faults();
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    let fault = shared.faults.pick();
    match fault {
        Fault::RateLimit => {
            let seconds = faults.retry_after.as_secs();
            let message = format!("rate limit exceeded: retry after {seconds} s");
            let mut response = error(StatusCode::TOO_MANY_REQUESTS, message, Map::new());
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
            return response;
        }
        Fault::ServerError => {
            let message = "injected server error".to_owned();
            return error(StatusCode::INTERNAL_SERVER_ERROR, message, Map::new());
        }
        Fault::None | Fault::Truncate => {}
    }

    let query_text = request.uri.query().unwrap_or("");
    match page_body(shared, collection, query_text) {
        Ok(body) if fault == Fault::Truncate => truncated(body),
        Ok(body) => json_response(StatusCode::OK, body),
        Err(response) => *response,
    }
}

/// Returns whether the headers carry the key, as `X-API-KEY` or as a bearer token.
fn is_authorized(key: &Secret, headers: &HeaderMap) -> bool {
    let api_key = headers
        .get("x-api-key")
        .is_some_and(|value| key.matches(value.as_bytes()));
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.as_bytes().strip_prefix(b"Bearer "))
        .is_some_and(|token| key.matches(token));
    api_key || bearer
}

/// Evaluates the query on the collection and returns the serialized response page, or the 400
/// response for an invalid query.
fn page_body(
    shared: &Shared,
    collection: &Collection,
    query_text: &str,
) -> Result<Vec<u8>, Box<Response>> {
    let query = shared
        .options
        .parse_query(query_text)
        .map_err(|mistake| Box::new(bad_query(&mistake, query_text)))?;
    let compiled = match &collection.schema {
        Some(schema) => {
            let checked = query.validate(schema).map_err(|diagnostics| {
                Box::new(invalid_for_schema(diagnostics.errors(), query_text))
            })?;
            Compiled::from_checked(&checked)
        }
        None => Compiled::new(&query),
    }
    .map_err(|mistake| Box::new(bad_query(&mistake, query_text)))?;
    let page = compiled.page(&collection.records);
    Ok(serde_json::to_vec(&page).expect("a page of JSON values serializes"))
}

fn bad_query(mistake: &Error, query_text: &str) -> Response {
    let mut details = Map::new();
    details.insert("position".into(), position(mistake.span()));
    if let Some(help) = mistake.help() {
        details.insert("help".into(), help.into());
    }
    details.insert("query".into(), query_text.into());
    error(
        StatusCode::BAD_REQUEST,
        mistake.message().to_owned(),
        details,
    )
}

fn invalid_for_schema<'d>(
    findings: impl Iterator<Item = &'d Diagnostic>,
    query_text: &str,
) -> Response {
    let findings: Vec<&Diagnostic> = findings.collect();
    let listed: Vec<Value> = findings
        .iter()
        .map(|finding| {
            json!({
                "message": finding.message,
                "position": position(finding.span),
                "help": finding.help,
            })
        })
        .collect();
    let mut details = Map::new();
    if let Some(first) = findings.first() {
        details.insert("position".into(), position(first.span));
    }
    details.insert("errors".into(), listed.into());
    details.insert("query".into(), query_text.into());
    let message = findings
        .iter()
        .map(|finding| finding.message.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    error(StatusCode::BAD_REQUEST, message, details)
}

/// Returns the byte range of a mistake in the raw query string, as JSON.
fn position(span: Span) -> Value {
    json!({"start": span.start, "end": span.end})
}

/// Builds a JSON error response: `status`, `error` (the reason phrase), `message`, then
/// `details`.
fn error(status: StatusCode, message: String, details: Map<String, Value>) -> Response {
    let mut body = Map::new();
    body.insert("status".into(), status.as_u16().into());
    body.insert(
        "error".into(),
        status.canonical_reason().unwrap_or("Error").into(),
    );
    body.insert("message".into(), message.into());
    body.extend(details);
    let bytes = serde_json::to_vec(&Value::Object(body)).expect("a JSON map serializes");
    json_response(status, bytes)
}

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Sends the first half of `body` under a `Content-Length` of the whole, then fails the body
/// stream, so the server closes the connection mid-body as a dropped connection would.
fn truncated(body: Vec<u8>) -> Response {
    let length = body.len();
    let half = Bytes::from(body).slice(..length / 2);
    let head = stream::iter([Ok::<Bytes, std::io::Error>(half)]);
    // The pause lets the server write the headers and the first half before the failure
    // aborts the connection. Without it the client may receive no response at all.
    let failure = stream::once(async {
        tokio::time::sleep(TRUNCATION_PAUSE).await;
        Err(std::io::Error::other("injected truncated body"))
    });
    let mut response = Response::new(Body::from_stream(head.chain(failure)));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    response
}
