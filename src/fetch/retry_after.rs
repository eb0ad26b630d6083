//! Reading the `Retry-After` header: a number of seconds or an HTTP date.

use std::time::{Duration, SystemTime};

/// Returns the wait that a `Retry-After` value requests, or `None` when it is neither a
/// number of seconds nor an HTTP date. A date in the past is no wait, and a number of seconds
/// too large for a `u64` is the longest wait.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds() {
        let now = SystemTime::UNIX_EPOCH;
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
    }

    #[test]
    fn seconds_beyond_u64_are_longest_wait() {
        let now = SystemTime::UNIX_EPOCH;
        let wait = parse_retry_after("99999999999999999999999", now);
        assert_eq!(wait, Some(Duration::from_secs(u64::MAX)));
    }

    #[test]
    fn http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_770);
        let wait = parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now);
        assert_eq!(wait, Some(Duration::from_secs(7)));
    }

    #[test]
    fn past_date_is_no_wait() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_800);
        let wait = parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now);
        assert_eq!(wait, Some(Duration::ZERO));
    }

    #[test]
    fn invalid_values() {
        let now = SystemTime::UNIX_EPOCH;
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }
}
