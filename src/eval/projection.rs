//! The record members that a compiled query reads.

use std::borrow::Cow;
use std::fmt;

use serde::de::Visitor;
use serde::Deserializer;

use super::lookup::FieldPath;

/// The members that field lookups can reach: at the top level and in `properties`, each
/// member whose name is a field name or the first segment of a dotted field name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Projection {
    names: Vec<String>,
}

impl Projection {
    pub fn new<'p>(paths: impl IntoIterator<Item = &'p FieldPath>) -> Projection {
        let mut names: Vec<String> = Vec::new();
        for path in paths {
            for name in [Some(path.name()), path.first_segment()]
                .into_iter()
                .flatten()
            {
                if !names.iter().any(|kept| kept == name) {
                    names.push(name.to_owned());
                }
            }
        }
        Projection { names }
    }

    /// Returns the position of `name` among the kept names.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|kept| kept == name)
    }

    /// Returns how many names are kept.
    pub fn len(&self) -> usize {
        self.names.len()
    }
}

/// A member name, borrowed from the input unless it has escapes.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}
