//! Finding a field's value in a record.

use std::cell::OnceCell;

use serde_json::{Map, Value};

/// A field name resolved once for lookups: the name itself, and its dotted segments when it
/// has any.
#[derive(Debug, Clone)]
pub(crate) struct FieldPath {
    name: String,
    segments: Option<Vec<String>>,
}

impl FieldPath {
    pub fn new(name: &str) -> FieldPath {
        let segments = name
            .contains('.')
            .then(|| name.split('.').map(str::to_owned).collect());
        FieldPath {
            name: name.to_owned(),
            segments,
        }
    }

    /// Returns the field name as written, dots included.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns the first dotted segment, when the name has dots.
    pub fn first_segment(&self) -> Option<&str> {
        self.segments.as_ref()?.first().map(String::as_str)
    }

    /// Returns the segments after the first, when the name has dots.
    pub fn rest_segments(&self) -> Option<&[String]> {
        self.segments.as_deref().map(|segments| &segments[1..])
    }

    /// Finds the field in `record`: the top-level member of that name (even when it is null),
    /// else that member of the `properties` object, else the dotted path through nested
    /// objects, from the record and then from `properties`. `None` means missing.
    pub fn lookup<'v>(&self, record: &'v Value) -> Option<&'v Value> {
        self.lookup_in(&RecordView::new(record))
    }

    /// Finds the field as [`FieldPath::lookup`] does, in a record whose `properties` member
    /// other lookups may already have found.
    pub fn lookup_in<'v>(&self, view: &RecordView<'v>) -> Option<&'v Value> {
        let object = view.object?;
        if let Some(value) = member(object, &self.name) {
            return Some(value);
        }
        let properties = view.properties();
        if let Some(value) = properties.and_then(|properties| member(properties, &self.name)) {
            return Some(value);
        }
        let segments = self.segments.as_ref()?;
        follow(view.record, segments).or_else(|| follow(object.get("properties")?, segments))
    }
}

/// A record during evaluation: the source of each field's value.
pub(crate) trait Fields<'v> {
    /// Finds the field as [`FieldPath::lookup`] does; `None` means missing.
    fn find(&self, path: &FieldPath) -> Option<&'v Value>;
}

impl<'v> Fields<'v> for RecordView<'v> {
    fn find(&self, path: &FieldPath) -> Option<&'v Value> {
        path.lookup_in(self)
    }
}

/// A record during one evaluation: its object and, once a lookup needed it, its `properties`
/// object, so that several lookups in one record search for `properties` once.
pub(crate) struct RecordView<'v> {
    record: &'v Value,
    object: Option<&'v Map<String, Value>>,
    properties: OnceCell<Option<&'v Map<String, Value>>>,
}

impl<'v> RecordView<'v> {
    pub fn new(record: &'v Value) -> RecordView<'v> {
        RecordView {
            record,
            object: record.as_object(),
            properties: OnceCell::new(),
        }
    }

    fn properties(&self) -> Option<&'v Map<String, Value>> {
        *self
            .properties
            .get_or_init(|| member(self.object?, "properties").and_then(Value::as_object))
    }
}

/// Objects with at most this many members are searched by comparing names in order, which
/// costs less than hashing the name when the map keeps insertion order in a hash table.
const SCAN_MEMBERS: usize = 12;

/// Finds the member `name` of `object`.
#[inline]
fn member<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if object.len() <= SCAN_MEMBERS {
        object
            .iter()
            .find_map(|(key, value)| (key == name).then_some(value))
    } else {
        object.get(name)
    }
}

pub(crate) fn follow<'v>(start: &'v Value, segments: &[String]) -> Option<&'v Value> {
    segments
        .iter()
        .try_fold(start, |value, segment| value.as_object()?.get(segment))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn top_level_wins_even_when_null() {
        let record = json!({"country": null, "properties": {"country": "US"}});
        assert_eq!(
            FieldPath::new("country").lookup(&record),
            Some(&Value::Null)
        );
    }

    #[test]
    fn properties_member_is_found() {
        let record = json!({"id": 1, "properties": {"country": "US"}});
        assert_eq!(
            FieldPath::new("country").lookup(&record),
            Some(&json!("US"))
        );
    }

    #[test]
    fn dotted_path_through_objects() {
        let record = json!({"address": {"city": "Oslo"}, "properties": {"geo": {"lat": 1}}});
        assert_eq!(
            FieldPath::new("address.city").lookup(&record),
            Some(&json!("Oslo"))
        );
        assert_eq!(FieldPath::new("geo.lat").lookup(&record), Some(&json!(1)));
        assert_eq!(FieldPath::new("address.zip").lookup(&record), None);
    }

    #[test]
    fn dotted_member_wins_over_path() {
        let record = json!({"a.b": 1, "a": {"b": 2}});
        assert_eq!(FieldPath::new("a.b").lookup(&record), Some(&json!(1)));
    }

    #[test]
    fn non_object_record_has_no_fields() {
        assert_eq!(FieldPath::new("a").lookup(&json!([1, 2])), None);
    }
}
