//! Testing records given as JSON text without building whole values: each member the filter
//! reads goes to a slot of its own, and every other member is skipped unread.

use std::fmt;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::Value;

use super::lookup::{follow, FieldPath, Fields};
use super::projection::{Key, Projection};
use super::Compiled;

/// Tests records given as JSON text, from [`Compiled::json_matcher`].
///
/// It decodes only the members that field lookups can reach, each into a slot reused from one
/// record to the next, and skips the rest without building values. A record matches exactly
/// when [`Compiled::matches`] would match it decoded whole.
///
/// ```
/// use inperium_filter::{parse_query, Compiled};
///
/// let compiled = Compiled::new(&parse_query("filter=gt(delay,60)")?)?;
/// let mut matcher = compiled.json_matcher();
/// assert_eq!(matcher.matches(br#"{"delay":95,"origin":"HNL"}"#).ok(), Some(true));
/// assert_eq!(matcher.matches(br#"{"delay":4,"origin":"LAS"}"#).ok(), Some(false));
/// assert!(matcher.matches(br#"{"delay":"#).is_err());
/// # Ok::<(), inperium_filter::Error>(())
/// ```
#[derive(Debug)]
pub struct JsonMatcher<'c> {
    compiled: &'c Compiled,
    /// The record members that the filter and sort keys read.
    projection: Projection,
    slots: Slots,
}

/// The kept members of one record, by their position among the projection's names.
#[derive(Debug, Default)]
struct Slots {
    is_object: bool,
    top: Vec<Option<Value>>,
    properties: Vec<Option<Value>>,
}

impl<'c> JsonMatcher<'c> {
    pub(super) fn new(compiled: &'c Compiled) -> JsonMatcher<'c> {
        let projection = compiled.projection();
        let size = projection.len();
        JsonMatcher {
            compiled,
            projection,
            slots: Slots {
                is_object: false,
                top: vec![None; size],
                properties: vec![None; size],
            },
        }
    }

    /// Returns whether the record in `json`, one JSON value with only whitespace around it,
    /// satisfies every condition.
    ///
    /// # Errors
    ///
    /// The error of `serde_json` when `json` is not one valid JSON value.
    pub fn matches(&mut self, json: &[u8]) -> Result<bool, serde_json::Error> {
        self.slots.clear();
        let projection = &self.projection;
        // Text checked as UTF-8 once is read without checking each string again.
        match std::str::from_utf8(json) {
            Ok(text) => read(
                &mut serde_json::Deserializer::from_str(text),
                projection,
                &mut self.slots,
            )?,
            Err(_) => read(
                &mut serde_json::Deserializer::from_slice(json),
                projection,
                &mut self.slots,
            )?,
        }
        let record = SlotRecord {
            projection,
            slots: &self.slots,
        };
        Ok(self.compiled.matches_fields(&record))
    }
}

fn read<'de, R: serde_json::de::Read<'de>>(
    deserializer: &mut serde_json::Deserializer<R>,
    projection: &Projection,
    slots: &mut Slots,
) -> Result<(), serde_json::Error> {
    Level {
        projection,
        slots,
        top: true,
    }
    .deserialize(&mut *deserializer)?;
    deserializer.end()
}

impl Slots {
    fn clear(&mut self) {
        self.is_object = false;
        self.top.iter_mut().for_each(|slot| *slot = None);
        self.properties.iter_mut().for_each(|slot| *slot = None);
    }
}

/// The record, as field lookups see it through the slots.
struct SlotRecord<'s> {
    projection: &'s Projection,
    slots: &'s Slots,
}

impl<'s> Fields<'s> for SlotRecord<'s> {
    fn find(&self, path: &FieldPath) -> Option<&'s Value> {
        if !self.slots.is_object {
            return None;
        }
        let index = self.projection.position(path.name())?;
        if let Some(value) = &self.slots.top[index] {
            return Some(value);
        }
        if let Some(value) = &self.slots.properties[index] {
            return Some(value);
        }
        let first = self.projection.position(path.first_segment()?)?;
        let rest = path.rest_segments()?;
        let from_top = self.slots.top[first].as_ref();
        let from_properties = self.slots.properties[first].as_ref();
        from_top
            .and_then(|value| follow(value, rest))
            .or_else(|| from_properties.and_then(|value| follow(value, rest)))
    }
}

/// One object level: the record itself, or its `properties`.
struct Level<'a> {
    projection: &'a Projection,
    slots: &'a mut Slots,
    top: bool,
}

impl<'de> DeserializeSeed<'de> for Level<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Level<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.top {
            self.slots.is_object = true;
        }
        while let Some(Key(name)) = map.next_key()? {
            let position = self.projection.position(&name);
            if self.top && name == "properties" {
                // A later `properties` member replaces an earlier one, as in a JSON object.
                self.slots
                    .properties
                    .iter_mut()
                    .for_each(|slot| *slot = None);
                match position {
                    Some(index) => {
                        let value: Value = map.next_value()?;
                        fill_properties(self.projection, &value, &mut self.slots.properties);
                        self.slots.top[index] = Some(value);
                    }
                    None => map.next_value_seed(Level {
                        projection: self.projection,
                        slots: &mut *self.slots,
                        top: false,
                    })?,
                }
            } else if let Some(index) = position {
                let slots = if self.top {
                    &mut self.slots.top
                } else {
                    &mut self.slots.properties
                };
                slots[index] = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<(), A::Error> {
        while sequence.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Copies the kept members of a `properties` object that is also kept whole.
fn fill_properties(projection: &Projection, value: &Value, slots: &mut [Option<Value>]) {
    let Some(object) = value.as_object() else {
        return;
    };
    for (name, member) in object {
        if let Some(index) = projection.position(name) {
            slots[index] = Some(member.clone());
        }
    }
}
