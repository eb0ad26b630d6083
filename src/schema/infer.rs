//! Inferring a schema from sample records.
//!
//! Each member path of the records becomes a field: top-level members, the members of a
//! `properties` object named without the `properties.` prefix (field lookup finds them there),
//! and the members of nested objects as dotted paths such as `address.city`. A field's type
//! follows from every non-null value seen:
//!
//! | values | type |
//! | --- | --- |
//! | JSON booleans, or the text `true` and `false` | boolean |
//! | JSON integers, or text such as `"650"` | integer |
//! | numbers, or numeric text, with any fraction or exponent | number |
//! | integers in a member named like `createdAt` or `created_at`, all from 1e11 to 1e14 (epoch milliseconds from 1973 to the year 5138) | timestamp |
//! | RFC 3339 text such as `2021-02-16T00:00:00Z` | timestamp |
//! | text written `YYYY-MM-DD` | date |
//! | any other text, or a mix of types | text |
//!
//! Numeric text follows the query language's number syntax,
//! `-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?`. Numeric text with a leading zero, such as the zip
//! code `02389`, stays text, because reading it as a number would drop the zero. Arrays match
//! no condition, so a field that contains only arrays is left out of the schema.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{read_date, read_timestamp, FieldSchema, FieldType, Schema};
use crate::eval::Number;

/// The maximum number of distinct values a text field may have to become an enumeration.
const ENUMERATION_MAX_VALUES: usize = 12;

/// The minimum number of non-null values a text field needs before its distinct values count
/// as the whole set of an enumeration.
const ENUMERATION_MIN_VALUES: u64 = 50;

/// Integers in a time-named member from this many epoch milliseconds (1973-03-03) on read as
/// timestamps.
const EPOCH_MILLIS_MIN: i64 = 100_000_000_000;

/// Integers in a time-named member up to this many epoch milliseconds (the year 5138) read as
/// timestamps.
const EPOCH_MILLIS_MAX: i64 = 100_000_000_000_000;

/// An inferred schema, with notes on how it was inferred: how many records were read, and
/// every field whose type came from a guess, a conversion or a mix of types.
#[derive(Debug, Clone, PartialEq)]
pub struct Inference {
    /// The schema: one field for each member path seen, `id` as the key when present.
    pub schema: Schema,
    /// One sentence per note, in field order after the record counts.
    pub notes: Vec<String>,
}

/// Infers a schema from `records`, as described in the module documentation.
///
/// ```
/// use inperium_filter::schema::{infer, FieldType};
/// use serde_json::json;
///
/// let records = [
///     json!({"id": 1, "properties": {"employeeCount": "650", "country": "US"}}),
///     json!({"id": 2, "properties": {"employeeCount": "12", "country": null}}),
/// ];
/// let inference = infer(&records);
/// let field_type = |name: &str| &inference.schema.field(name).unwrap().field_type;
/// assert_eq!(field_type("employeeCount"), &FieldType::Integer);
/// assert_eq!(field_type("country"), &FieldType::Text);
/// assert_eq!(inference.schema.key.as_deref(), Some("id"));
/// ```
pub fn infer<'a, I: IntoIterator<Item = &'a Value>>(records: I) -> Inference {
    let mut inferrer = Inferrer::new();
    for record in records {
        inferrer.add(record);
    }
    inferrer.finish()
}

/// Infers a schema from records given one at a time, keeping a summary of each field rather
/// than the records.
///
/// Memory grows with the number of distinct member paths, not with the number of records.
#[derive(Debug, Clone, Default)]
pub struct Inferrer {
    fields: BTreeMap<String, Observed>,
    records: u64,
    not_objects: u64,
    enumerations: bool,
}

impl Inferrer {
    /// Creates an inferrer that types text as text, never as an enumeration.
    pub fn new() -> Inferrer {
        Inferrer::default()
    }

    /// Sets whether a text field with at most 12 distinct values over at least 50 non-null
    /// values becomes an enumeration of those values.
    ///
    /// An enumeration rejects every value that the records did not show, so this suits
    /// samples that contain every value the field can take.
    pub fn with_enumerations(mut self, enumerations: bool) -> Inferrer {
        self.enumerations = enumerations;
        self
    }

    /// Adds one record. A value that is not a JSON object is counted and otherwise skipped.
    pub fn add(&mut self, record: &Value) {
        self.records += 1;
        let Some(object) = record.as_object() else {
            self.not_objects += 1;
            return;
        };
        for (name, value) in object {
            if name == "properties" && value.is_object() {
                continue;
            }
            self.observe_member(name.clone(), value);
        }
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for (name, value) in properties {
                // Field lookup finds a top-level member first, even a null one.
                if !object.contains_key(name) {
                    self.observe_member(name.clone(), value);
                }
            }
        }
    }

    /// Records `value` under `path`, then the members of nested objects under dotted paths.
    /// The walk uses a stack rather than recursion, so that deep nesting cannot overflow it.
    fn observe_member(&mut self, path: String, value: &Value) {
        let mut pending: Vec<(String, &Value)> = vec![(path, value)];
        while let Some((path, value)) = pending.pop() {
            if let Value::Object(members) = value {
                push_members(&mut pending, &path, members);
            }
            self.fields.entry(path).or_default().observe(value);
        }
    }

    /// Returns the schema and the notes.
    pub fn finish(self) -> Inference {
        let mut notes = vec![format!(
            "inferred from {} record{}",
            self.records,
            plural(self.records)
        )];
        if self.not_objects > 0 {
            let skipped = if self.not_objects == 1 {
                "record that is not a JSON object"
            } else {
                "records that are not JSON objects"
            };
            notes.push(format!("skipped {} {skipped}", self.not_objects));
        }

        let mut schema = Schema::new();
        let mut enumeration_candidates = Vec::new();
        for (name, observed) in &self.fields {
            let Some(field_type) = observed.decide(name, &mut notes) else {
                continue;
            };
            let field_type = match (field_type, observed.few_distinct_texts()) {
                (FieldType::Text, Some(values)) if self.enumerations => {
                    notes.push(format!(
                        "`{name}` has {} distinct values in {} records, so it is typed as an enumeration of them",
                        values.len(),
                        observed.non_null()
                    ));
                    FieldType::Enumeration {
                        values: values.iter().cloned().collect(),
                    }
                }
                (FieldType::Text, Some(values)) => {
                    enumeration_candidates.push(format!("`{name}` ({})", values.len()));
                    FieldType::Text
                }
                (field_type, _) => field_type,
            };
            schema = schema.with_field(name.clone(), FieldSchema::new(field_type));
        }
        if !enumeration_candidates.is_empty() {
            notes.push(format!(
                "text fields with at most {ENUMERATION_MAX_VALUES} distinct values, which could be enumerations: {}",
                enumeration_candidates.join(", ")
            ));
        }
        if schema.fields.contains_key("id") {
            schema = schema.with_key("id");
        }
        Inference { schema, notes }
    }
}

fn push_members<'v>(
    pending: &mut Vec<(String, &'v Value)>,
    path: &str,
    members: &'v Map<String, Value>,
) {
    for (name, value) in members {
        pending.push((format!("{path}.{name}"), value));
    }
}

fn plural(count: u64) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// Counts of each kind of non-null value seen in one field.
#[derive(Debug, Clone, Default)]
struct Observed {
    booleans: u64,
    integers: u64,
    /// The integers from [`EPOCH_MILLIS_MIN`] to [`EPOCH_MILLIS_MAX`].
    epoch_integers: u64,
    floats: u64,
    boolean_texts: u64,
    integer_texts: u64,
    float_texts: u64,
    /// A numeric text with a leading zero, such as `02389`, when one was seen.
    leading_zero: Option<String>,
    timestamp_texts: u64,
    date_texts: u64,
    other_texts: u64,
    arrays: u64,
    objects: u64,
    /// The distinct texts, while there are at most [`ENUMERATION_MAX_VALUES`].
    distinct_texts: BTreeSet<String>,
    /// Whether more than [`ENUMERATION_MAX_VALUES`] distinct texts were seen, which empties
    /// `distinct_texts` to bound memory.
    many_distinct_texts: bool,
}

impl Observed {
    fn observe(&mut self, value: &Value) {
        match value {
            Value::Null => {}
            Value::Bool(_) => self.booleans += 1,
            Value::Number(number) if number.is_i64() || number.is_u64() => {
                self.integers += 1;
                if number
                    .as_i64()
                    .is_some_and(|n| (EPOCH_MILLIS_MIN..=EPOCH_MILLIS_MAX).contains(&n))
                {
                    self.epoch_integers += 1;
                }
            }
            Value::Number(_) => self.floats += 1,
            Value::String(text) => self.observe_text(text),
            Value::Array(_) => self.arrays += 1,
            Value::Object(_) => self.objects += 1,
        }
    }

    fn observe_text(&mut self, text: &str) {
        if !self.many_distinct_texts && !self.distinct_texts.contains(text) {
            if self.distinct_texts.len() == ENUMERATION_MAX_VALUES {
                self.many_distinct_texts = true;
                self.distinct_texts.clear();
            } else {
                self.distinct_texts.insert(text.to_owned());
            }
        }

        if text == "true" || text == "false" {
            self.boolean_texts += 1;
        } else if let Some(number) = Number::parse(text) {
            match number {
                Number::Integer(_) => self.integer_texts += 1,
                Number::Float(_) => self.float_texts += 1,
            }
            if self.leading_zero.is_none() && has_leading_zero(text) {
                self.leading_zero = Some(text.to_owned());
            }
        } else if read_date(text).is_some() {
            self.date_texts += 1;
        } else if read_timestamp(text).is_some() {
            self.timestamp_texts += 1;
        } else {
            self.other_texts += 1;
        }
    }

    fn numeric_texts(&self) -> u64 {
        self.integer_texts + self.float_texts
    }

    fn time_texts(&self) -> u64 {
        self.timestamp_texts + self.date_texts
    }

    fn texts(&self) -> u64 {
        self.boolean_texts + self.numeric_texts() + self.time_texts() + self.other_texts
    }

    fn scalars(&self) -> u64 {
        self.booleans + self.integers + self.floats + self.texts()
    }

    fn non_null(&self) -> u64 {
        self.scalars() + self.arrays + self.objects
    }

    /// Returns the distinct texts when every non-null value is text, there are at least
    /// [`ENUMERATION_MIN_VALUES`] of them, and at most [`ENUMERATION_MAX_VALUES`] distinct.
    fn few_distinct_texts(&self) -> Option<&BTreeSet<String>> {
        let all_text = self.texts() == self.non_null();
        let enough = self.texts() >= ENUMERATION_MIN_VALUES;
        let few = !self.many_distinct_texts;
        (all_text && enough && few).then_some(&self.distinct_texts)
    }

    /// Returns the field's type, or `None` to leave it out, and adds a note for each guess,
    /// conversion or mix of types.
    fn decide(&self, name: &str, notes: &mut Vec<String>) -> Option<FieldType> {
        if self.scalars() == 0 {
            if self.arrays > 0 {
                notes.push(format!(
                    "`{name}` contains arrays, which no condition can compare, so the schema leaves it out"
                ));
                return None;
            }
            if self.objects > 0 {
                // Its members are fields of their own, under dotted paths.
                return None;
            }
            notes.push(format!(
                "`{name}` contains only null, so it is typed as text"
            ));
            return Some(FieldType::Text);
        }

        let composite = self.arrays + self.objects;
        if composite > 0 {
            notes.push(format!(
                "`{name}` contains arrays or objects in {composite} of {} values, which no condition matches, so its type comes from the other values",
                self.non_null()
            ));
        }

        let scalars = self.scalars();
        let numbers = self.integers + self.floats;
        if self.booleans + self.boolean_texts == scalars {
            if self.boolean_texts > 0 {
                notes.push(format!(
                    "`{name}` contains the text true or false, recognised as boolean"
                ));
            }
            return Some(FieldType::Boolean);
        }
        if numbers + self.numeric_texts() == scalars {
            return Some(self.decide_numeric(name, notes));
        }
        let epoch_only = self.floats == 0 && self.epoch_integers == self.integers;
        if self.timestamp_texts > 0 && self.timestamp_texts + self.integers == scalars && epoch_only
        {
            return Some(FieldType::Timestamp);
        }
        if self.date_texts == scalars {
            return Some(FieldType::Date);
        }

        let kinds = self.json_kinds();
        if kinds.len() > 1 {
            notes.push(format!(
                "`{name}` contains {} values, so it is typed as text",
                join_and(&kinds)
            ));
        }
        Some(FieldType::Text)
    }

    /// Types a field whose values are all numbers or numeric text.
    fn decide_numeric(&self, name: &str, notes: &mut Vec<String>) -> FieldType {
        if let Some(example) = &self.leading_zero {
            let kinds = self.json_kinds();
            let mixed = if kinds.len() > 1 {
                format!(" (it contains {} values)", join_and(&kinds))
            } else {
                String::new()
            };
            notes.push(format!(
                "`{name}` contains numeric text with a leading zero such as `{example}`, so it is typed as text to keep the zero{mixed}"
            ));
            return FieldType::Text;
        }
        let epoch = self.numeric_texts() == 0
            && self.floats == 0
            && self.epoch_integers == self.integers
            && is_time_name(name);
        if epoch {
            notes.push(format!(
                "`{name}` is named like a time and contains integers from 1e11 to 1e14, read as epoch milliseconds, so it is typed as timestamp"
            ));
            return FieldType::Timestamp;
        }
        let field_type = if self.floats + self.float_texts > 0 {
            FieldType::Number
        } else {
            FieldType::Integer
        };
        if self.numeric_texts() > 0 {
            notes.push(format!(
                "`{name}` contains numeric text, recognised as {}",
                field_type.name()
            ));
        }
        field_type
    }

    /// Returns the JSON types seen among the non-null scalar values, as schema type names.
    fn json_kinds(&self) -> Vec<&'static str> {
        let mut kinds = Vec::new();
        if self.booleans > 0 {
            kinds.push("boolean");
        }
        if self.integers > 0 {
            kinds.push("integer");
        }
        if self.floats > 0 {
            kinds.push("number");
        }
        if self.texts() > 0 {
            kinds.push("text");
        }
        kinds
    }
}

/// Returns whether numeric text starts with a zero that a number would drop: `02389` and
/// `-007`, but not `0`, `0.5` or `0e3`.
fn has_leading_zero(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text).as_bytes();
    digits.len() > 1 && digits[0] == b'0' && digits[1].is_ascii_digit()
}

/// Returns whether the last segment of a field name reads as a point in time: camelCase ending
/// in `At` (`createdAt`, `startedAt`) or snake_case ending in `_at` (`created_at`).
fn is_time_name(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    if let Some(stem) = last.strip_suffix("At") {
        return stem
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    }
    last.strip_suffix("_at")
        .is_some_and(|stem| !stem.is_empty())
}

/// Joins words as English lists them: `a`, `a and b`, `a, b and c`.
fn join_and(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field_type(inference: &Inference, name: &str) -> FieldType {
        inference
            .schema
            .field(name)
            .unwrap_or_else(|| panic!("no field `{name}` in {:?}", inference.schema))
            .field_type
            .clone()
    }

    #[test]
    fn time_names() {
        assert!(is_time_name("createdAt"));
        assert!(is_time_name("properties2At"));
        assert!(is_time_name("meta.updated_at"));
        assert!(!is_time_name("At"));
        assert!(!is_time_name("VAT"));
        assert!(!is_time_name("_at"));
        assert!(!is_time_name("format"));
    }

    #[test]
    fn leading_zeros() {
        assert!(has_leading_zero("02389"));
        assert!(has_leading_zero("-007"));
        assert!(!has_leading_zero("0"));
        assert!(!has_leading_zero("0.5"));
        assert!(!has_leading_zero("0e3"));
        assert!(!has_leading_zero("100"));
    }

    #[test]
    fn english_lists() {
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b"]), "a and b");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn top_level_member_hides_property() {
        let records = [json!({"n": "x", "properties": {"n": 5, "m": 1}})];
        let inference = infer(&records);
        assert_eq!(field_type(&inference, "n"), FieldType::Text);
        assert_eq!(field_type(&inference, "m"), FieldType::Integer);
        assert!(inference.schema.field("properties").is_none());
    }

    #[test]
    fn nested_objects_become_dotted_paths() {
        let records = [json!({"address": {"city": "Oslo", "geo": {"lat": 59.9}}})];
        let inference = infer(&records);
        assert_eq!(field_type(&inference, "address.city"), FieldType::Text);
        assert_eq!(field_type(&inference, "address.geo.lat"), FieldType::Number);
        assert!(inference.schema.field("address").is_none());
    }

    #[test]
    fn boolean_text_and_dates() {
        let records = [
            json!({"active": "true", "day": "2021-02-16", "at": "2021-02-16T00:00:00Z"}),
            json!({"active": false, "day": "2020-02-29", "at": 1_613_433_600_000_i64}),
        ];
        let inference = infer(&records);
        assert_eq!(field_type(&inference, "active"), FieldType::Boolean);
        assert_eq!(field_type(&inference, "day"), FieldType::Date);
        assert_eq!(field_type(&inference, "at"), FieldType::Timestamp);
    }

    #[test]
    fn distinct_texts_stop_past_the_limit() {
        let mut observed = Observed::default();
        for index in 0..100 {
            observed.observe(&json!(format!("v{}", index % 13)));
        }
        assert_eq!(observed.few_distinct_texts(), None);

        let mut observed = Observed::default();
        for index in 0..100 {
            observed.observe(&json!(format!("v{}", index % 12)));
        }
        assert_eq!(observed.few_distinct_texts().map(BTreeSet::len), Some(12));
    }
}
