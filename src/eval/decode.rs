//! Decoding a JSON record with only the members a compiled query reads, so that a stream of
//! records can be filtered without building every value of every record.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::{Map, Value};

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
            for name in [Some(path.name()), path.first_segment()].into_iter().flatten() {
                if !names.iter().any(|kept| kept == name) {
                    names.push(name.to_owned());
                }
            }
        }
        Projection { names }
    }

    fn keeps(&self, name: &str) -> bool {
        self.names.iter().any(|kept| kept == name)
    }

    /// Decodes one JSON value. An object keeps the members that lookups reach, and the
    /// `properties` object is cut the same way; any other value is decoded whole.
    pub fn decode(&self, json: &[u8]) -> Result<Value, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(json);
        let value = Level {
            projection: self,
            top: true,
        }
        .deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(value)
    }
}

/// One object level of the decoding: the record itself, or its `properties`.
#[derive(Clone, Copy)]
struct Level<'p> {
    projection: &'p Projection,
    top: bool,
}

impl<'de> DeserializeSeed<'de> for Level<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Level<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut kept = Map::new();
        while let Some(Key(name)) = map.next_key()? {
            if self.projection.keeps(&name) {
                kept.insert(name.into_owned(), map.next_value()?);
            } else if self.top && name == "properties" {
                let properties = map.next_value_seed(Level {
                    projection: self.projection,
                    top: false,
                })?;
                kept.insert(name.into_owned(), properties);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Value::Object(kept))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = sequence.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // serde_json yields only finite floats, which always convert.
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// A member name, borrowed from the input unless it has escapes.
struct Key<'de>(Cow<'de, str>);

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn projection(names: &[&str]) -> Projection {
        let paths: Vec<FieldPath> = names.iter().map(|name| FieldPath::new(name)).collect();
        Projection::new(&paths)
    }

    #[test]
    fn keeps_named_members_only() {
        let decoded = projection(&["a"])
            .decode(br#"{"a":1,"b":{"c":[1,2]},"d":"x"}"#)
            .unwrap();
        assert_eq!(decoded, json!({"a": 1}));
    }

    #[test]
    fn cuts_properties_too() {
        let decoded = projection(&["country"])
            .decode(br#"{"id":1,"properties":{"country":"US","zip":"1"}}"#)
            .unwrap();
        assert_eq!(decoded, json!({"properties": {"country": "US"}}));
    }

    #[test]
    fn keeps_first_segment_whole() {
        let decoded = projection(&["address.city"])
            .decode(br#"{"address":{"city":"Oslo","zip":"1"},"properties":{"address":{"city":"Bergen"}}}"#)
            .unwrap();
        assert_eq!(
            decoded,
            json!({"address": {"city": "Oslo", "zip": "1"}, "properties": {"address": {"city": "Bergen"}}})
        );
    }

    #[test]
    fn properties_as_field_is_kept_whole() {
        let decoded = projection(&["properties"])
            .decode(br#"{"properties":{"a":1}}"#)
            .unwrap();
        assert_eq!(decoded, json!({"properties": {"a": 1}}));
    }

    #[test]
    fn escaped_names_and_non_objects() {
        let decoded = projection(&["a\"b"]).decode(br#"{"a\"b":true}"#).unwrap();
        assert_eq!(decoded, json!({"a\"b": true}));
        let decoded = projection(&["a"]).decode(br#"[1,"x",null,2.5]"#).unwrap();
        assert_eq!(decoded, json!([1, "x", null, 2.5]));
    }

    #[test]
    fn rejects_invalid_and_trailing_text() {
        assert!(projection(&["a"]).decode(br#"{"a":1"#).is_err());
        assert!(projection(&["a"]).decode(br#"{"a":1} {"a":2}"#).is_err());
        assert!(projection(&["a"]).decode(br#"{"b":[1,}"#).is_err());
    }
}
