//! Field types, and reading literals and record values as a type.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};

use crate::ast::Operator;
use crate::eval::Number;

/// The type of a field, which decides how its values are read and compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum FieldType {
    /// Text, compared by code point; `like` and `notlike` apply.
    Text,
    /// Any number, read and compared as a 64-bit float, as a REAL or double precision column
    /// stores it. Numeric text in a record is read as the number.
    Number,
    /// A whole number; a literal with a fraction or exponent is invalid.
    Integer,
    /// `true` or `false`; a record may also hold the text `"true"` or `"false"`.
    Boolean,
    /// An instant in epoch milliseconds. A literal or record value is an integer of
    /// milliseconds or an RFC 3339 text such as `2021-02-16T00:00:00Z`.
    Timestamp,
    /// A calendar date written `YYYY-MM-DD`.
    Date,
    /// Text that must be one of `values`.
    Enumeration {
        /// The allowed values, compared exactly.
        values: Vec<String>,
    },
}

impl FieldType {
    /// The type's name as schemas write it.
    pub fn name(&self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::Timestamp => "timestamp",
            FieldType::Date => "date",
            FieldType::Enumeration { .. } => "enumeration",
        }
    }

    /// Returns whether `operator` applies to values of this type: `like` and `notlike` only to
    /// text, ordering (`gt gte lt lte btn`) not to booleans and enumerations.
    pub fn allows(&self, operator: Operator) -> bool {
        match operator {
            Operator::Like | Operator::NotLike => *self == FieldType::Text,
            Operator::Gt | Operator::Gte | Operator::Lt | Operator::Lte | Operator::Btn => {
                !matches!(self, FieldType::Boolean | FieldType::Enumeration { .. })
            }
            _ => true,
        }
    }

    /// Reads a query literal as this type, or explains what the type expects.
    pub(crate) fn read_literal(&self, text: &str) -> Result<Typed, String> {
        match self {
            FieldType::Text => Ok(Typed::Text(text.to_owned())),
            FieldType::Enumeration { values } => {
                if values.iter().any(|allowed| allowed == text) {
                    return Ok(Typed::Text(text.to_owned()));
                }
                // A long enumeration is cut, so that many invalid values in one query cannot
                // each repeat thousands of allowed values.
                const LISTED: usize = 12;
                let listed = values[..values.len().min(LISTED)].join(", ");
                Err(match values.len().saturating_sub(LISTED) {
                    0 => format!("one of {listed}"),
                    more => format!("one of {listed} and {more} more"),
                })
            }
            FieldType::Number => Number::parse(text)
                .map(|number| Typed::Number(Number::Float(number.as_f64())))
                .ok_or_else(|| "a number such as 42 or -1.5".to_owned()),
            FieldType::Integer => match Number::parse(text) {
                Some(number @ Number::Integer(_)) => Ok(Typed::Number(number)),
                Some(_) if !text.contains(['.', 'e', 'E']) => {
                    Err("a whole number from -9223372036854775808 to 18446744073709551615".to_owned())
                }
                _ => Err("a whole number such as 42".to_owned()),
            },
            FieldType::Boolean => match text {
                "true" => Ok(Typed::Boolean(true)),
                "false" => Ok(Typed::Boolean(false)),
                _ => Err("true or false".to_owned()),
            },
            FieldType::Timestamp => read_timestamp(text).map(Typed::Instant).ok_or_else(|| {
                "epoch milliseconds such as 1613433600000, or an RFC 3339 instant such as 2021-02-16T00:00:00Z".to_owned()
            }),
            FieldType::Date => read_date(text)
                .map(Typed::Date)
                .ok_or_else(|| "a date written YYYY-MM-DD, such as 2021-02-16".to_owned()),
        }
    }

    /// Reads a record value as this type. `None` when it cannot be read, which no comparison
    /// matches. Only a number or boolean in a text field is converted to text, which
    /// allocates. Every other reading borrows from the record or copies a number.
    pub(crate) fn read_record<'v>(&self, value: &'v Json) -> Option<TypedRef<'v>> {
        match (self, value) {
            (FieldType::Text | FieldType::Enumeration { .. }, Json::String(text)) => {
                Some(TypedRef::Text(Cow::Borrowed(text)))
            }
            (FieldType::Text | FieldType::Enumeration { .. }, Json::Number(number)) => {
                Some(TypedRef::Text(Cow::Owned(number.to_string())))
            }
            (FieldType::Text | FieldType::Enumeration { .. }, Json::Bool(boolean)) => {
                Some(TypedRef::Text(Cow::Borrowed(if *boolean {
                    "true"
                } else {
                    "false"
                })))
            }
            // A number field is a 64-bit float, as in a REAL or double precision column, so that
            // memory and SQL compare alike. An integer field keeps integers exact.
            (FieldType::Number, Json::Number(number)) => number
                .as_f64()
                .map(|float| TypedRef::Number(Number::Float(float))),
            (FieldType::Number, Json::String(text)) => {
                Number::parse(text).map(|number| TypedRef::Number(Number::Float(number.as_f64())))
            }
            (FieldType::Integer, Json::Number(number)) => {
                Number::from_json(number).map(TypedRef::Number)
            }
            (FieldType::Integer, Json::String(text)) => Number::parse(text).map(TypedRef::Number),
            (FieldType::Boolean, Json::Bool(boolean)) => Some(TypedRef::Boolean(*boolean)),
            (FieldType::Boolean, Json::String(text)) => match text.as_str() {
                "true" => Some(TypedRef::Boolean(true)),
                "false" => Some(TypedRef::Boolean(false)),
                _ => None,
            },
            (FieldType::Timestamp, Json::Number(number)) => match number.as_i64() {
                Some(millis) => Some(TypedRef::Instant(i128::from(millis))),
                // Some writers put epoch milliseconds as a float such as 1613433600000.0.
                None => number
                    .as_f64()
                    .filter(|millis| millis.fract() == 0.0 && millis.abs() < 9.0e15)
                    .map(|millis| TypedRef::Instant(millis as i128)),
            },
            (FieldType::Timestamp, Json::String(text)) => {
                read_timestamp(text).map(TypedRef::Instant)
            }
            (FieldType::Date, Json::String(text)) => read_date(text).map(TypedRef::Date),
            _ => None,
        }
    }
}

/// A literal read as its field's type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Typed {
    Text(String),
    Number(Number),
    Boolean(bool),
    /// Epoch milliseconds.
    Instant(i128),
    /// Days from the Julian epoch.
    Date(i32),
}

/// A record value read as its field's type, borrowing text from the record where it can.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TypedRef<'v> {
    Text(Cow<'v, str>),
    Number(Number),
    Boolean(bool),
    Instant(i128),
    Date(i32),
}

impl Typed {
    pub fn as_ref(&self) -> TypedRef<'_> {
        match self {
            Typed::Text(text) => TypedRef::Text(Cow::Borrowed(text)),
            Typed::Number(number) => TypedRef::Number(*number),
            Typed::Boolean(boolean) => TypedRef::Boolean(*boolean),
            Typed::Instant(millis) => TypedRef::Instant(*millis),
            Typed::Date(day) => TypedRef::Date(*day),
        }
    }
}

impl TypedRef<'_> {
    /// Compares two values of one type as a filter does: two integers exactly, any other pair of
    /// numbers as `f64`. `None` when they cannot be compared.
    pub fn compare(&self, other: &TypedRef<'_>) -> Option<Ordering> {
        match (self, other) {
            (TypedRef::Number(a), TypedRef::Number(b)) => a.compare(*b),
            _ => Some(self.total_cmp(other)),
        }
    }

    /// Orders two values of one type exactly, as sorting and list lookups need. Values of different types, which one field's
    /// type never produces, are equal.
    pub fn total_cmp(&self, other: &TypedRef<'_>) -> Ordering {
        match (self, other) {
            (TypedRef::Text(a), TypedRef::Text(b)) => a.cmp(b),
            (TypedRef::Number(a), TypedRef::Number(b)) => a.total_cmp(*b),
            (TypedRef::Boolean(a), TypedRef::Boolean(b)) => a.cmp(b),
            (TypedRef::Instant(a), TypedRef::Instant(b)) => a.cmp(b),
            (TypedRef::Date(a), TypedRef::Date(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

/// Reads a timestamp: an integer of epoch milliseconds, or an RFC 3339 instant.
pub fn read_timestamp(text: &str) -> Option<i128> {
    if let Some(Number::Integer(millis)) = Number::parse(text) {
        return Some(millis);
    }
    let instant = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    Some(instant.unix_timestamp_nanos().div_euclid(1_000_000))
}

/// Reads a date written `YYYY-MM-DD` as days from the Julian epoch.
pub fn read_date(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        part.iter().all(u8::is_ascii_digit).then(|| {
            part.iter()
                .fold(0, |total, digit| total * 10 + u32::from(digit - b'0'))
        })
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    let month = Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?;
    let day = u8::try_from(digits(8..10)?).ok()?;
    Date::from_calendar_date(year, month, day)
        .ok()
        .map(Date::to_julian_day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_both_forms_agree() {
        assert_eq!(
            read_timestamp("2021-02-16T00:00:00Z"),
            Some(1_613_433_600_000)
        );
        assert_eq!(read_timestamp("1613433600000"), Some(1_613_433_600_000));
        assert_eq!(
            read_timestamp("2021-02-16T01:00:00+01:00"),
            Some(1_613_433_600_000)
        );
        assert_eq!(read_timestamp("1969-12-31T23:59:59.999Z"), Some(-1));
        assert_eq!(read_timestamp("2021-02-16"), None);
        assert_eq!(read_timestamp("yesterday"), None);
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(read_date("2021-02-28").is_some());
        assert_eq!(
            read_date("2020-02-29").unwrap() - read_date("2020-02-28").unwrap(),
            1
        );
        assert_eq!(read_date("2021-02-29"), None);
        assert_eq!(read_date("2021-13-01"), None);
        assert_eq!(read_date("2021-2-01"), None);
        assert_eq!(read_date("２０２１-02-01"), None);
    }

    #[test]
    fn operators_by_type() {
        assert!(!FieldType::Number.allows(Operator::Like));
        assert!(FieldType::Text.allows(Operator::Like));
        assert!(!FieldType::Boolean.allows(Operator::Gt));
        assert!(FieldType::Timestamp.allows(Operator::Btn));
        assert!(FieldType::Boolean.allows(Operator::In));
    }

    #[test]
    fn schema_json_form() {
        let field: crate::schema::FieldSchema =
            serde_json::from_str(r#"{"type":"enumeration","values":["A","B"],"storage":"kind"}"#)
                .unwrap();
        assert_eq!(
            field.field_type,
            FieldType::Enumeration {
                values: vec!["A".into(), "B".into()]
            }
        );
        assert_eq!(field.storage.as_deref(), Some("kind"));
        assert!(field.filterable);
    }
}
