//! A credential that never shows in `Debug` output, logs or error messages.

use std::fmt;

/// An API key or bearer token. `Debug` prints `Secret(***)`, and the type has no `Display`, so
/// the value leaves it only through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// Returns the credential itself, for writing it into a request header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Compares with `other` in time that depends only on the lengths, so that a server does
    /// not reveal how many leading bytes of a guessed key were right.
    pub fn matches(&self, other: &[u8]) -> bool {
        let own = self.0.as_bytes();
        own.len() == other.len()
            && own
                .iter()
                .zip(other)
                .fold(0u8, |difference, (a, b)| difference | (a ^ b))
                == 0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_value() {
        let secret = Secret::new("k-123");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
    }

    #[test]
    fn matches_only_equal_bytes() {
        let secret = Secret::new("k-123");
        assert!(secret.matches(b"k-123"));
        assert!(!secret.matches(b"k-124"));
        assert!(!secret.matches(b"k-12"));
        assert!(!secret.matches(b""));
    }
}
