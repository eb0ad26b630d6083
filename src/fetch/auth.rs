//! Authentication: an API key, or a bearer token that a caller-supplied provider can refresh.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};

use super::FetchError;
use crate::Secret;

/// The error type a [`TokenProvider`] returns.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, BoxError>> + Send + 'a>>;

/// A source of fresh bearer tokens. The client calls it before the first request when no
/// token was given, and after a 401 response, once per request. A call that takes longer than
/// [`Settings::request_timeout`](super::Settings::request_timeout) fails with
/// [`FetchError::TokenRefresh`].
///
/// The API does not publish the format of its refresh request, so the caller implements it:
///
/// ```
/// use inperium_filter::fetch::{TokenFuture, TokenProvider};
/// use inperium_filter::Secret;
///
/// struct FromVault;
///
/// impl TokenProvider for FromVault {
///     fn refresh(&self) -> TokenFuture<'_> {
///         Box::pin(async { Ok(Secret::new("token-from-the-vault")) })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync {
    /// Obtains a new token. An error message must not contain a credential, because it
    /// becomes part of [`FetchError::TokenRefresh`].
    fn refresh(&self) -> TokenFuture<'_>;
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credential.
    None,
    /// An `X-API-KEY` header.
    ApiKey(Secret),
    /// An `Authorization: Bearer` header. `None` before a provider has issued a token.
    Bearer(Option<Secret>),
}

/// The credential state shared by clones of one client.
pub(crate) struct Credentials {
    auth: Mutex<Auth>,
    provider: Option<Arc<dyn TokenProvider>>,
    /// The maximum time one call of the provider may take.
    refresh_timeout: Duration,
}

const API_KEY_HEADER: HeaderName = HeaderName::from_static("x-api-key");

impl Credentials {
    pub(crate) fn new(
        auth: Auth,
        provider: Option<Arc<dyn TokenProvider>>,
        refresh_timeout: Duration,
    ) -> Credentials {
        Credentials {
            auth: Mutex::new(auth),
            provider,
            refresh_timeout,
        }
    }

    /// Returns whether a provider can refresh the token.
    pub(crate) fn can_refresh(&self) -> bool {
        self.provider.is_some()
    }

    /// Returns the kind of credential, for `Debug` output.
    pub(crate) fn describe(&self) -> &'static str {
        match &*self.auth.lock().unwrap_or_else(PoisonError::into_inner) {
            Auth::None => "none",
            Auth::ApiKey(_) => "API key",
            Auth::Bearer(_) => "bearer token",
        }
    }

    /// Returns the header to send, asking the provider for a token first when there is none.
    pub(crate) async fn header(&self) -> Result<Option<(HeaderName, HeaderValue)>, FetchError> {
        let needs_token = matches!(
            &*self.auth.lock().unwrap_or_else(PoisonError::into_inner),
            Auth::Bearer(None)
        );
        if needs_token && self.provider.is_some() {
            self.refresh().await?;
        }
        let auth = self.auth.lock().unwrap_or_else(PoisonError::into_inner);
        match &*auth {
            Auth::None | Auth::Bearer(None) => Ok(None),
            Auth::ApiKey(key) => Ok(Some((API_KEY_HEADER, sensitive(key.expose(), "API key")?))),
            Auth::Bearer(Some(token)) => {
                let value = format!("Bearer {}", token.expose());
                Ok(Some((AUTHORIZATION, sensitive(&value, "bearer token")?)))
            }
        }
    }

    /// Replaces the bearer token with a new one from the provider, which must return within
    /// the refresh timeout.
    pub(crate) async fn refresh(&self) -> Result<(), FetchError> {
        let Some(provider) = &self.provider else {
            return Ok(());
        };
        let token = match tokio::time::timeout(self.refresh_timeout, provider.refresh()).await {
            Ok(Ok(token)) => token,
            Ok(Err(error)) => {
                return Err(FetchError::TokenRefresh {
                    message: error.to_string(),
                })
            }
            Err(_) => {
                return Err(FetchError::TokenRefresh {
                    message: format!(
                        "the token provider did not return within the request timeout of {} ms",
                        self.refresh_timeout.as_millis()
                    ),
                })
            }
        };
        *self.auth.lock().unwrap_or_else(PoisonError::into_inner) = Auth::Bearer(Some(token));
        Ok(())
    }
}

/// Builds a header value that HTTP/2 header compression and `Debug` output treat as secret.
pub(crate) fn sensitive(value: &str, credential: &'static str) -> Result<HeaderValue, FetchError> {
    let mut header =
        HeaderValue::from_str(value).map_err(|_| FetchError::InvalidCredential { credential })?;
    header.set_sensitive(true);
    Ok(header)
}
