//! The errors and warnings of fetching pages.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// A failed fetch. Every variant that concerns a request names its URL and page number. No
/// variant contains the API key or a bearer token.
#[derive(Debug)]
#[non_exhaustive]
pub enum FetchError {
    /// HTTP 400: the server rejected the query.
    BadRequest(HttpFailure),
    /// HTTP 401: the credential is missing, wrong or expired. It is retried once after a token
    /// refresh when a [`TokenProvider`](super::TokenProvider) is set.
    Unauthorized(HttpFailure),
    /// HTTP 404: no collection at that path.
    NotFound(HttpFailure),
    /// HTTP 405: the server does not allow GET at that path.
    MethodNotAllowed(HttpFailure),
    /// Any other status that is not a success: 429 or 5xx after the last retry, or a status
    /// that is never retried, such as 403.
    Status(HttpFailure),
    /// The request failed without a complete response after the last retry: no connection,
    /// a timeout, or a connection closed while the body was read.
    Transport(TransportFailure),
    /// The body is complete but is not a response page: malformed JSON, or records that do
    /// not deserialize as the requested type.
    InvalidBody {
        /// The requested URL.
        url: String,
        /// The requested page number.
        page: u32,
        /// The problem, with the JSON line and column where known.
        message: String,
    },
    /// The response body is larger than
    /// [`Settings::max_body_bytes`](super::Settings::max_body_bytes). It is not retried.
    BodyTooLarge {
        /// The requested URL.
        url: String,
        /// The requested page number.
        page: u32,
        /// The maximum size, in bytes.
        limit: u64,
    },
    /// The server broke a paging rule, so following it could lose or repeat records or loop.
    Paging {
        /// The requested URL.
        url: String,
        /// The requested page number.
        page: u32,
        /// The rule that was broken.
        problem: PagingProblem,
    },
    /// A 429 or 503 response asked for a wait longer than
    /// [`RetryPolicy::max_retry_after`](super::RetryPolicy::max_retry_after).
    RetryAfterTooLong {
        /// The requested URL.
        url: String,
        /// The requested page number.
        page: u32,
        /// The wait that `Retry-After` asked for.
        wait: Duration,
    },
    /// The [`TokenProvider`](super::TokenProvider) failed to return a token.
    TokenRefresh {
        /// The provider's error message.
        message: String,
    },
    /// The base URL and path do not make a valid `http` or `https` URL.
    InvalidUrl {
        /// The URL as joined.
        url: String,
        /// The reason it is invalid.
        message: String,
    },
    /// The API key or token cannot be sent in an HTTP header, because it contains a control
    /// character or a byte outside visible ASCII. The value itself is not included.
    InvalidCredential {
        /// The credential: `API key` or `bearer token`.
        credential: &'static str,
    },
    /// The HTTP client or its runtime could not be created.
    Setup {
        /// The underlying error message.
        message: String,
    },
}

/// A response with an error status, and the server's description of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpFailure {
    /// The HTTP status code.
    pub status: u16,
    /// The `message` member of a JSON error body, else the body text (at most 500 characters),
    /// else the status's reason phrase.
    pub description: String,
    /// The requested URL.
    pub url: String,
    /// The requested page number.
    pub page: u32,
    /// How many requests were sent for this page, retries included.
    pub attempts: u32,
}

/// A request that failed without a complete response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportFailure {
    /// The stage that failed.
    pub kind: TransportKind,
    /// The error and its causes, joined with `: `.
    pub message: String,
    /// The requested URL.
    pub url: String,
    /// The requested page number.
    pub page: u32,
    /// How many requests were sent for this page, retries included.
    pub attempts: u32,
}

/// The stage at which a request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made.
    Connect,
    /// The connect or request timeout elapsed.
    Timeout,
    /// The connection closed or failed while the body was read, as with a truncated body.
    Body,
    /// Any other failure to send the request or read the response.
    Other,
}

/// A paging rule that a response broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingProblem {
    /// `hasNextPage` is true but `data` is empty, so following it could go on forever.
    EmptyPageWithNext,
    /// `pageNumber` names a page that was already served.
    RepeatedPage {
        /// The page number served again.
        page_number: u32,
    },
    /// `pageNumber` differs from the requested page and was not served before.
    UnexpectedPageNumber {
        /// The page number requested.
        requested: u32,
        /// The page number in the response.
        served: u32,
    },
    /// `hasNextPage` is true on the page that `totalNumberOfPages` gives as the last.
    NextPageBeyondTotal {
        /// `totalNumberOfPages` of the response.
        total_pages: u64,
    },
    /// `totalNumberOfRecords` changed since the first page, so records may have moved between
    /// pages. A warning instead of an error when [`OnAnomaly::Warn`](super::OnAnomaly::Warn) is set.
    TotalChanged {
        /// The total of the first page, or of the last change.
        before: u64,
        /// The total of this page.
        now: u64,
    },
    /// More records arrived than the largest `totalNumberOfRecords` of any page so far, so
    /// the server is paging past its own total.
    MoreRecordsThanTotal {
        /// The records received so far, without dropped duplicates.
        received: u64,
        /// The largest `totalNumberOfRecords` so far.
        total: u64,
    },
    /// A record's `id` was already seen on an earlier page or on this one. A warning instead of
    /// an error when [`OnAnomaly::Warn`](super::OnAnomaly::Warn) is set, and the repeated record is then dropped.
    DuplicateId {
        /// The `id` as JSON text.
        id: String,
    },
}

/// A paging problem that the settings tolerate, reported alongside the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingWarning {
    /// The requested URL.
    pub url: String,
    /// The requested page number.
    pub page: u32,
    /// The rule that was broken.
    pub problem: PagingProblem,
}

impl FetchError {
    /// Returns the HTTP status, for the variants that come from a response status.
    pub fn status(&self) -> Option<u16> {
        self.http_failure().map(|failure| failure.status)
    }

    /// Returns the failed response, for the variants that come from a response status.
    pub fn http_failure(&self) -> Option<&HttpFailure> {
        match self {
            FetchError::BadRequest(failure)
            | FetchError::Unauthorized(failure)
            | FetchError::NotFound(failure)
            | FetchError::MethodNotAllowed(failure)
            | FetchError::Status(failure) => Some(failure),
            _ => None,
        }
    }

    /// Returns the requested URL, for the variants that concern one request.
    pub fn url(&self) -> Option<&str> {
        match self {
            FetchError::Transport(failure) => Some(&failure.url),
            FetchError::InvalidBody { url, .. }
            | FetchError::BodyTooLarge { url, .. }
            | FetchError::Paging { url, .. }
            | FetchError::RetryAfterTooLong { url, .. }
            | FetchError::InvalidUrl { url, .. } => Some(url),
            other => other.http_failure().map(|failure| failure.url.as_str()),
        }
    }

    /// Returns the requested page number, for the variants that concern one request.
    pub fn page(&self) -> Option<u32> {
        match self {
            FetchError::Transport(failure) => Some(failure.page),
            FetchError::InvalidBody { page, .. }
            | FetchError::BodyTooLarge { page, .. }
            | FetchError::Paging { page, .. }
            | FetchError::RetryAfterTooLong { page, .. } => Some(*page),
            other => other.http_failure().map(|failure| failure.page),
        }
    }

    /// Builds the variant for an error status.
    pub(crate) fn from_status(failure: HttpFailure) -> FetchError {
        match failure.status {
            400 => FetchError::BadRequest(failure),
            401 => FetchError::Unauthorized(failure),
            404 => FetchError::NotFound(failure),
            405 => FetchError::MethodNotAllowed(failure),
            _ => FetchError::Status(failure),
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::BadRequest(failure)
            | FetchError::Unauthorized(failure)
            | FetchError::NotFound(failure)
            | FetchError::MethodNotAllowed(failure)
            | FetchError::Status(failure) => failure.fmt(f),
            FetchError::Transport(failure) => failure.fmt(f),
            FetchError::InvalidBody { url, page, message } => {
                write!(
                    f,
                    "invalid response body for page {page} from {url}: {message}"
                )
            }
            FetchError::BodyTooLarge { url, page, limit } => write!(
                f,
                "the response body for page {page} from {url} is larger than the maximum of \
                 {limit} bytes: request a smaller pageSize or raise max_body_bytes"
            ),
            FetchError::Paging { url, page, problem } => {
                write!(
                    f,
                    "the server broke paging on page {page} from {url}: {problem}"
                )
            }
            FetchError::RetryAfterTooLong { url, page, wait } => write!(
                f,
                "page {page} from {url}: the server asked to retry after {} s, longer than the \
                 configured maximum wait",
                wait.as_secs()
            ),
            FetchError::TokenRefresh { message } => {
                write!(f, "failed to refresh the bearer token: {message}")
            }
            FetchError::InvalidUrl { url, message } => write!(f, "invalid URL {url}: {message}"),
            FetchError::InvalidCredential { credential } => write!(
                f,
                "the {credential} is not a valid HTTP header value: use visible ASCII only"
            ),
            FetchError::Setup { message } => {
                write!(f, "failed to set up the HTTP client: {message}")
            }
        }
    }
}

impl StdError for FetchError {}

impl fmt::Display for HttpFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} for page {} from {}: {}",
            self.status, self.page, self.url, self.description
        )?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stage = match self.kind {
            TransportKind::Connect => "failed to connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Body => "failed to read the response body",
            TransportKind::Other => "request failed",
        };
        write!(
            f,
            "{stage} for page {} from {} after {} attempts: {}",
            self.page, self.url, self.attempts, self.message
        )
    }
}

impl fmt::Display for PagingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PagingProblem::EmptyPageWithNext => {
                f.write_str("hasNextPage is true but the page has no records")
            }
            PagingProblem::RepeatedPage { page_number } => {
                write!(f, "page {page_number} was served a second time")
            }
            PagingProblem::UnexpectedPageNumber { requested, served } => {
                write!(
                    f,
                    "page {requested} was requested but page {served} was served"
                )
            }
            PagingProblem::NextPageBeyondTotal { total_pages } => write!(
                f,
                "hasNextPage is true but totalNumberOfPages is {total_pages}"
            ),
            PagingProblem::TotalChanged { before, now } => write!(
                f,
                "totalNumberOfRecords changed from {before} to {now} while paging"
            ),
            PagingProblem::MoreRecordsThanTotal { received, total } => write!(
                f,
                "{received} records were received but totalNumberOfRecords is {total}"
            ),
            PagingProblem::DuplicateId { id } => {
                write!(f, "the record with id {id} was already received")
            }
        }
    }
}

impl fmt::Display for PagingWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "page {} from {}: {}", self.page, self.url, self.problem)
    }
}

/// Returns an error and its causes joined with `: `, skipping a cause whose text the previous
/// one already ends with.
pub(crate) fn error_chain(error: &(dyn StdError + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}
