//! Finding a field's value in a record.

use serde_json::Value;

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

    /// Finds the field in `record`: the top-level member of that name (even when it is null),
    /// else that member of the `properties` object, else the dotted path through nested
    /// objects, from the record and then from `properties`. `None` means missing.
    pub fn lookup<'v>(&self, record: &'v Value) -> Option<&'v Value> {
        let object = record.as_object()?;
        if let Some(value) = object.get(&self.name) {
            return Some(value);
        }
        let properties = object.get("properties").and_then(Value::as_object);
        if let Some(value) = properties.and_then(|properties| properties.get(&self.name)) {
            return Some(value);
        }
        let segments = self.segments.as_ref()?;
        follow(record, segments).or_else(|| follow(object.get("properties")?, segments))
    }
}

fn follow<'v>(start: &'v Value, segments: &[String]) -> Option<&'v Value> {
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
