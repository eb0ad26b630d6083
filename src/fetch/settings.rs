//! Client settings: timeouts, user agent, retry policy, limits and paging checks.

use std::time::Duration;

/// The timeouts, retry policy, limits and paging checks of a client. Build it with struct update syntax:
/// `Settings { max_pages: Some(3), ..Settings::default() }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The maximum time to establish a connection. Default 10 s.
    pub connect_timeout: Duration,
    /// The maximum time for one request, from sending it to reading the whole body. Default
    /// 30 s.
    pub request_timeout: Duration,
    /// The `User-Agent` header. Default `inperium-filter/VERSION`.
    pub user_agent: String,
    /// When and how long to wait before sending a failed request again.
    pub retry: RetryPolicy,
    /// The maximum size of one response body, in bytes. A larger page fails with
    /// [`FetchError::BodyTooLarge`](super::FetchError::BodyTooLarge), and an error response
    /// is read only up to it. Default 32 MiB.
    pub max_body_bytes: u64,
    /// Stop after this many pages, without an error. Default no limit.
    pub max_pages: Option<u32>,
    /// Stop after this many records, without an error; the last page is cut to fit. Default no
    /// limit.
    pub max_records: Option<u64>,
    /// The response to a change of `totalNumberOfRecords` while paging. Default
    /// [`OnAnomaly::Fail`].
    pub on_total_change: OnAnomaly,
    /// The response to a record whose `id` was already received. Default [`OnAnomaly::Fail`].
    pub on_duplicate_id: OnAnomaly,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            user_agent: concat!("inperium-filter/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            max_body_bytes: 32 * 1024 * 1024,
            max_pages: None,
            max_records: None,
            on_total_change: OnAnomaly::Fail,
            on_duplicate_id: OnAnomaly::Fail,
        }
    }
}

/// The response to a paging problem that could lose or repeat records without looping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OnAnomaly {
    /// Stop with [`FetchError::Paging`](super::FetchError::Paging).
    Fail,
    /// Go on, and record a [`PagingWarning`](super::PagingWarning). A repeated record is
    /// dropped.
    Warn,
}

/// Retries of 429 and 5xx responses, timeouts and dropped connections, with exponential
/// backoff and jitter.
///
/// The wait before retry `n` (from 0) is a random time between half and all of
/// `min(base_delay * 2^n, max_delay)`. A `Retry-After` header makes the wait at least the time
/// it names. A 401 is retried only once, after a token refresh; other error statuses are not
/// retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times one request may be sent again. Default 5.
    pub max_retries: u32,
    /// The backoff before the first retry. Default 500 ms.
    pub base_delay: Duration,
    /// The maximum backoff. Default 30 s.
    pub max_delay: Duration,
    /// The maximum `Retry-After` wait to honour. A longer one fails at once with
    /// [`FetchError::RetryAfterTooLong`](super::FetchError::RetryAfterTooLong). Default 120 s.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Returns a policy that never retries.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Returns the wait before retry `retry` (from 0), given a `Retry-After` wait and a random
    /// `fraction` in `[0, 1)` that places the wait between half and all of the backoff.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, fraction: f64) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(31));
        let backoff = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let jittered = backoff.mul_f64(0.5 + 0.5 * fraction.clamp(0.0, 1.0));
        match retry_after {
            Some(wait) => jittered.max(wait),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            max_retry_after: Duration::from_secs(5),
        }
    }

    #[test]
    fn delay_doubles_within_jitter() {
        let policy = policy();
        assert_eq!(policy.delay(0, None, 0.0), Duration::from_millis(50));
        assert_eq!(policy.delay(0, None, 1.0), Duration::from_millis(100));
        assert_eq!(policy.delay(2, None, 1.0), Duration::from_millis(400));
        assert_eq!(policy.delay(2, None, 0.0), Duration::from_millis(200));
    }

    #[test]
    fn delay_stops_at_maximum() {
        let policy = policy();
        assert_eq!(policy.delay(10, None, 1.0), Duration::from_millis(1000));
        assert_eq!(
            policy.delay(u32::MAX, None, 1.0),
            Duration::from_millis(1000)
        );
    }

    #[test]
    fn delay_honours_retry_after() {
        let policy = policy();
        let wait = Some(Duration::from_secs(2));
        assert_eq!(policy.delay(0, wait, 0.5), Duration::from_secs(2));
        let short = Some(Duration::from_millis(10));
        assert_eq!(policy.delay(1, short, 1.0), Duration::from_millis(200));
    }
}
