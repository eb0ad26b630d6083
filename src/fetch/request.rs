//! One page request, sent again after 429 and 5xx responses, timeouts and dropped connections.

use std::time::{Duration, SystemTime};

use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;

use super::error::error_chain;
use super::retry_after::parse_retry_after;
use super::{FetchError, HttpFailure, Inner, TransportFailure, TransportKind};

/// The maximum length of body text kept as the description of an error status.
const MAX_DESCRIPTION_CHARS: usize = 500;

/// The outcome of one attempt.
enum Attempt {
    /// A success status and its whole body.
    Body(Vec<u8>),
    /// A failure that may pass if the request is sent again.
    Retry {
        error: FetchError,
        retry_after: Option<Duration>,
    },
    /// A 401 response, which a token refresh may fix.
    Unauthorized(FetchError),
    /// A failure that sending again would not fix.
    Fail(FetchError),
}

/// Fetches the body of `url`, retrying as the client's [`RetryPolicy`](super::RetryPolicy)
/// allows.
pub(crate) async fn get_body(inner: &Inner, url: &str, page: u32) -> Result<Vec<u8>, FetchError> {
    let policy = &inner.settings.retry;
    let mut attempts = 0;
    let mut retries = 0;
    let mut refreshed = false;
    loop {
        attempts += 1;
        match send_once(inner, url, page, attempts).await? {
            Attempt::Body(body) => return Ok(body),
            Attempt::Fail(error) => return Err(error),
            Attempt::Unauthorized(error) => {
                if refreshed || !inner.credentials.can_refresh() {
                    return Err(error);
                }
                refreshed = true;
                tracing::warn!(url, page, "refreshing the bearer token after HTTP 401");
                inner.credentials.refresh().await?;
            }
            Attempt::Retry { error, retry_after } => {
                if let Some(wait) = retry_after.filter(|wait| *wait > policy.max_retry_after) {
                    return Err(FetchError::RetryAfterTooLong {
                        url: url.to_owned(),
                        page,
                        wait,
                    });
                }
                if retries >= policy.max_retries {
                    tracing::warn!(url, page, attempts, %error, "giving up after the last retry");
                    return Err(error);
                }
                let delay = policy.delay(retries, retry_after, fastrand::f64());
                retries += 1;
                tracing::warn!(
                    url,
                    page,
                    retry = retries,
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    retry_after_s = retry_after.map(|wait| wait.as_secs()),
                    %error,
                    "retrying request"
                );
                tokio::time::sleep(delay).await;
            }
        }
    }
}

async fn send_once(
    inner: &Inner,
    url: &str,
    page: u32,
    attempts: u32,
) -> Result<Attempt, FetchError> {
    let mut request = inner.http.get(url);
    if let Some((name, value)) = inner.credentials.header().await? {
        request = request.header(name, value);
    }
    let transport = |error: &reqwest::Error| transport_failure(error, url, page, attempts);

    let response = match request.send().await {
        Ok(response) => response,
        Err(error) => return Ok(retry_transport(&error, transport(&error))),
    };
    let status = response.status();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, SystemTime::now()));
    let limit = inner.settings.max_body_bytes;
    let body = match read_body(response, limit).await {
        Ok(body) => body,
        Err(error) => return Ok(retry_transport(&error, transport(&error))),
    };
    if status.is_success() {
        return Ok(match body {
            Body::Complete(body) => Attempt::Body(body),
            Body::TooLarge(_) => Attempt::Fail(FetchError::BodyTooLarge {
                url: url.to_owned(),
                page,
                limit,
            }),
        });
    }
    let (Body::Complete(body) | Body::TooLarge(body)) = body;

    let error = FetchError::from_status(HttpFailure {
        status: status.as_u16(),
        description: describe(status, &body),
        url: url.to_owned(),
        page,
        attempts,
    });
    Ok(match status {
        StatusCode::UNAUTHORIZED => Attempt::Unauthorized(error),
        StatusCode::TOO_MANY_REQUESTS => Attempt::Retry { error, retry_after },
        status if status.is_server_error() => Attempt::Retry { error, retry_after },
        _ => Attempt::Fail(error),
    })
}

/// A response body read up to a size limit.
enum Body {
    /// The whole body, no larger than the limit.
    Complete(Vec<u8>),
    /// The first bytes of a body larger than the limit, which was not read further.
    TooLarge(Vec<u8>),
}

/// Reads the body of `response`, but stops at `limit` bytes, so that a server cannot make the
/// client hold an unbounded body in memory.
async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<Body, reqwest::Error> {
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Ok(Body::TooLarge(Vec::new()));
    }
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if chunk.len() > limit - body.len() {
            body.extend_from_slice(&chunk[..limit - body.len()]);
            return Ok(Body::TooLarge(body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Body::Complete(body))
}

/// Retries every transport failure except an invalid request or a redirect loop.
fn retry_transport(error: &reqwest::Error, failure: FetchError) -> Attempt {
    if error.is_builder() || error.is_redirect() {
        Attempt::Fail(failure)
    } else {
        Attempt::Retry {
            error: failure,
            retry_after: None,
        }
    }
}

fn transport_failure(error: &reqwest::Error, url: &str, page: u32, attempts: u32) -> FetchError {
    let kind = if error.is_timeout() {
        TransportKind::Timeout
    } else if error.is_connect() {
        TransportKind::Connect
    } else if error.is_body() || error.is_decode() {
        TransportKind::Body
    } else {
        TransportKind::Other
    };
    FetchError::Transport(TransportFailure {
        kind,
        message: error_chain(error),
        url: url.to_owned(),
        page,
        attempts,
    })
}

/// Returns the server's description of an error: the `message` member of a JSON object body,
/// else the body text, else the reason phrase.
fn describe(status: StatusCode, body: &[u8]) -> String {
    if let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(body) {
        if let Some(serde_json::Value::String(message)) = object.get("message") {
            return message.clone();
        }
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return status
            .canonical_reason()
            .unwrap_or("no description")
            .to_owned();
    }
    let mut description: String = text.chars().take(MAX_DESCRIPTION_CHARS).collect();
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        description.push('…');
    }
    description
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_prefers_json_message() {
        let body = br#"{"status":400,"message":"unknown operator `gtx`"}"#;
        assert_eq!(
            describe(StatusCode::BAD_REQUEST, body),
            "unknown operator `gtx`"
        );
    }

    #[test]
    fn describe_falls_back_to_text() {
        assert_eq!(
            describe(StatusCode::BAD_GATEWAY, b" upstream down\n"),
            "upstream down"
        );
        assert_eq!(describe(StatusCode::BAD_GATEWAY, b""), "Bad Gateway");
    }

    #[test]
    fn describe_cuts_long_text() {
        let body = "x".repeat(MAX_DESCRIPTION_CHARS + 10);
        let description = describe(StatusCode::INTERNAL_SERVER_ERROR, body.as_bytes());
        assert_eq!(description.chars().count(), MAX_DESCRIPTION_CHARS + 1);
        assert!(description.ends_with('…'));
    }
}
