//! A paging HTTP client for Inperium-style list endpoints (feature `fetch`).
//!
//! [`Client::pages`] requests one page after another, from the query's `pageNumber`, for as long
//! as the response says `hasNextPage`, and returns them as a stream of [`Page`]s.
//! [`Client::records`] flattens that stream into records. Query strings come from the crate's
//! printer, so every name and value is percent-encoded as the parser reads it back.
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use inperium_filter::fetch::Client;
//! use inperium_filter::parse_query;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder("http://127.0.0.1:8080/v1")
//!     .api_key(std::env::var("INPERIUM_API_KEY")?)
//!     .build()?;
//! let query = parse_query("country=US&sort=-annualRevenue&pageSize=100")?;
//! let companies: Vec<serde_json::Value> = client.records("companies", &query).try_collect().await?;
//! # Ok(())
//! # }
//! ```
//!
//! Failed requests are sent again as [`RetryPolicy`] allows, and each retry is logged as a
//! `tracing` event at WARN level. The client checks every page against the paging rules
//! ([`PagingProblem`]), so a misbehaving server ends the stream with an error instead of
//! looping. The API key and token never appear in `Debug` output, errors or events.
//!
//! Redirects are not followed, because a redirect to another host would receive the
//! `X-API-KEY` header; a 3xx response is a [`FetchError::Status`].

mod auth;
mod blocking;
mod error;
mod guard;
mod pages;
mod request;
mod retry_after;
mod settings;

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::ast::PageParameter;
use crate::{Query, Secret};
use auth::Credentials;

pub use auth::{Auth, BoxError, TokenFuture, TokenProvider};
pub use blocking::{BlockingClient, BlockingPages};
pub use error::{
    FetchError, HttpFailure, PagingProblem, PagingWarning, TransportFailure, TransportKind,
};
pub use pages::{Pages, Records};
pub use settings::{OnAnomaly, RetryPolicy, Settings};

/// A client for one API: a base URL, a credential and settings. Clones share the connection
/// pool and the current bearer token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    settings: Settings,
}

/// Sets up a [`Client`], from [`Client::builder`].
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    provider: Option<Arc<dyn TokenProvider>>,
    settings: Settings,
}

impl Client {
    /// Starts a client for the API at `base_url`, such as `https://api.example.com/v1`.
    /// Paths given to [`Client::pages`] are appended to it.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            auth: Auth::None,
            provider: None,
            settings: Settings::default(),
        }
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Returns the URL of the collection at `path`: the base URL, then `/` and `path` when
    /// `path` is not empty. `?` and `#` in `path` are percent-encoded, so they stay part of the
    /// path instead of starting the query or fragment. `%` starts an escape, as in any URL
    /// path, so a literal `%` must be written `%25`.
    pub fn collection_url(&self, path: &str) -> String {
        let path = path.trim_start_matches('/');
        if path.is_empty() {
            return self.inner.base_url.clone();
        }
        let path = path.replace('?', "%3F").replace('#', "%23");
        format!("{}/{path}", self.inner.base_url)
    }

    /// Returns the URL of page `page_number` of `query` on the collection at `path`, with the
    /// query string from the crate's printer.
    pub fn page_url(&self, path: &str, query: &Query, page_number: u32) -> String {
        let mut query = query.clone();
        query.page_number = Some(PageParameter::new(page_number));
        format!("{}?{query}", self.collection_url(path))
    }

    /// Streams the pages of `query` on the collection at `path`, from the query's `pageNumber`
    /// (1 when not given) for as long as `hasNextPage` is true, up to the settings' page and
    /// record limits. Each record is deserialized as `T`. The stream ends after its first
    /// error.
    pub fn pages<T: DeserializeOwned + Send + 'static>(
        &self,
        path: &str,
        query: &Query,
    ) -> Pages<T> {
        Pages::new(self.clone(), path, query)
    }

    /// Streams the records of every page of `query`, as [`Client::pages`] fetches them.
    pub fn records<T: DeserializeOwned + Send + 'static>(
        &self,
        path: &str,
        query: &Query,
    ) -> Records<T> {
        self.pages(path, query).into_records()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.credentials.describe())
            .field("token_provider", &self.inner.credentials.can_refresh())
            .field("settings", &self.inner.settings)
            .finish()
    }
}

impl ClientBuilder {
    /// Authenticates with an `X-API-KEY` header.
    pub fn api_key(mut self, key: impl Into<Secret>) -> ClientBuilder {
        self.auth = Auth::ApiKey(key.into());
        self
    }

    /// Authenticates with an `Authorization: Bearer` header.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> ClientBuilder {
        self.auth = Auth::Bearer(Some(token.into()));
        self
    }

    /// Refreshes the bearer token through `provider`: before the first request when no token
    /// was given, and once after a 401 response. It replaces an API key.
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> ClientBuilder {
        if !matches!(self.auth, Auth::Bearer(_)) {
            self.auth = Auth::Bearer(None);
        }
        self.provider = Some(provider);
        self
    }

    /// Replaces the settings.
    pub fn settings(mut self, settings: Settings) -> ClientBuilder {
        self.settings = settings;
        self
    }

    /// Creates the client.
    ///
    /// # Errors
    ///
    /// [`FetchError::InvalidUrl`] when the base URL is not an `http` or `https` URL without
    /// query or fragment, [`FetchError::InvalidCredential`] when the key or token cannot be a
    /// header value, and [`FetchError::Setup`] when the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, FetchError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        check_base_url(&base_url)?;
        match &self.auth {
            Auth::ApiKey(key) => drop(auth::sensitive(key.expose(), "API key")?),
            Auth::Bearer(Some(token)) => drop(auth::sensitive(token.expose(), "bearer token")?),
            Auth::None | Auth::Bearer(None) => {}
        }
        let http = reqwest::Client::builder()
            .connect_timeout(self.settings.connect_timeout)
            .timeout(self.settings.request_timeout)
            .user_agent(self.settings.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| FetchError::Setup {
                message: error::error_chain(&error),
            })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials: Credentials::new(
                    self.auth,
                    self.provider,
                    self.settings.request_timeout,
                ),
                settings: self.settings,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("token_provider", &self.provider.is_some())
            .field("settings", &self.settings)
            .finish()
    }
}

fn check_base_url(base_url: &str) -> Result<(), FetchError> {
    let invalid = |message: &str| FetchError::InvalidUrl {
        url: redact_userinfo(base_url),
        message: message.to_owned(),
    };
    let url = reqwest::Url::parse(base_url).map_err(|error| invalid(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("the base URL must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "the base URL must not contain credentials; use an API key or token",
        ));
    }
    Ok(())
}

/// Returns `url` with its user name and password replaced by `***`, so that an error message
/// does not repeat a password. A URL that fails to parse or has no host loses everything up to
/// its last `@`, because then a password in it has no known end: `user:pw@host` parses as
/// scheme `user` and path `pw@host`.
fn redact_userinfo(url: &str) -> String {
    if let Some(mut parsed) = reqwest::Url::parse(url).ok().filter(reqwest::Url::has_host) {
        if parsed.username().is_empty() && parsed.password().is_none() {
            return url.to_owned();
        }
        // Both calls fail only for URLs that cannot have credentials, which have none to hide.
        let _ = parsed.set_username("***");
        let _ = parsed.set_password(None);
        return parsed.to_string();
    }
    let authority_start = url.find("://").map_or(0, |index| index + 3);
    match url[authority_start..].rfind('@') {
        Some(at) => format!(
            "{}***{}",
            &url[..authority_start],
            &url[authority_start + at..]
        ),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_path_and_query() {
        let client = Client::builder("http://127.0.0.1:9/v1/").build().unwrap();
        assert_eq!(
            client.collection_url("companies"),
            "http://127.0.0.1:9/v1/companies"
        );
        assert_eq!(
            client.collection_url("/companies"),
            "http://127.0.0.1:9/v1/companies"
        );
        assert_eq!(client.collection_url(""), "http://127.0.0.1:9/v1");
        assert_eq!(
            client.collection_url("a?b#c"),
            "http://127.0.0.1:9/v1/a%3Fb%23c"
        );
        let query = crate::parse_query("filter=eq(name,\"a b%26c\")&pageSize=5").unwrap();
        assert_eq!(
            client.page_url("companies", &query, 3),
            "http://127.0.0.1:9/v1/companies?filter=eq(name,%22a%20b%26c%22)&pageSize=5&pageNumber=3"
        );
    }

    #[test]
    fn base_url_checks() {
        for url in [
            "ftp://127.0.0.1/v1",
            "not a url",
            "http://127.0.0.1/v1?x=1",
            "http://u:p@127.0.0.1/",
        ] {
            let error = Client::builder(url).build().unwrap_err();
            assert!(
                matches!(error, FetchError::InvalidUrl { .. }),
                "{url}: {error}"
            );
        }
    }

    #[test]
    fn invalid_url_hides_password() {
        for url in [
            "http://user:hunter2@127.0.0.1/v1",
            "http://user:hunter2@127.0.0.1:99999/v1",
            "ftp://user:hunter2@127.0.0.1/v1",
            "http://user:hunter2@127.0.0.1/v1?x=1",
            "user:hunter2@127.0.0.1/v1",
            "http://user:hun/ter2@127.0.0.1/v1",
            "http://user:hun?ter2@127.0.0.1/v1",
        ] {
            let error = Client::builder(url).build().unwrap_err();
            assert!(
                matches!(error, FetchError::InvalidUrl { .. }),
                "{url}: {error}"
            );
            for part in ["hunter2", "hun", "ter2"] {
                assert!(!error.to_string().contains(part), "{error}");
                assert!(!format!("{error:?}").contains(part), "{error:?}");
            }
            assert!(error.to_string().contains("127.0.0.1"), "{error}");
        }
    }

    #[test]
    fn invalid_key_is_not_shown() {
        let error = Client::builder("http://127.0.0.1:9")
            .api_key("bad\nkey-value")
            .build()
            .unwrap_err();
        assert!(matches!(error, FetchError::InvalidCredential { .. }));
        assert!(!error.to_string().contains("key-value"));
        assert!(!format!("{error:?}").contains("key-value"));
    }

    #[test]
    fn debug_hides_credentials() {
        let builder = Client::builder("http://127.0.0.1:9").api_key("k-secret-1");
        assert!(!format!("{builder:?}").contains("k-secret-1"));
        let client = builder.build().unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("k-secret-1"), "{debug}");
        assert!(debug.contains("API key"), "{debug}");
    }
}
