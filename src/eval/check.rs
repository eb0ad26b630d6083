//! The test a compiled predicate applies to one record value: without a schema by the value's
//! JSON type, with one by the field's type.

use std::cmp::Ordering;

use serde_json::Value;

use super::compare::{contains_folded, fold_case, Literal, ValueSet};
use crate::ast::{Predicate, Test};
use crate::schema::types::{Typed, TypedRef};
use crate::schema::FieldType;

#[derive(Debug, Clone)]
pub(super) enum Check {
    IsNull,
    IsNotNull,
    Compare(Comparison, Literal),
    Like(String),
    NotLike(String),
    In(ValueSet),
    Nin(ValueSet),
    Between(Literal, Literal),
    /// A comparison with a literal already read as the field's type.
    TypedCompare(Comparison, FieldType, Typed),
    TypedIn(FieldType, TypedSet),
    TypedNin(FieldType, TypedSet),
    TypedBetween(FieldType, Typed, Typed),
    /// `like` on a text field of a schema, which reads a number or boolean as its text, and
    /// finds an array or object unknown under three-valued logic rather than false.
    TextLike(String),
    TextNotLike(String),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Comparison {
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
}

/// The values of a typed `in` or `nin` list, sorted for binary search.
#[derive(Debug, Clone)]
pub(super) struct TypedSet(Vec<Typed>);

impl TypedSet {
    fn new(mut values: Vec<Typed>) -> TypedSet {
        values.sort_by(|a, b| a.as_ref().total_cmp(&b.as_ref()));
        TypedSet(values)
    }

    fn contains(&self, value: &TypedRef<'_>) -> bool {
        self.0
            .binary_search_by(|probe| probe.as_ref().total_cmp(value))
            .is_ok()
    }
}

/// Compiles a predicate's test. With a field type, literals are read as that type, which
/// validation has checked. A literal that cannot be read is left as text, which no record value
/// of a non-text type equals. A text field compares as text even where both sides read
/// as numbers.
pub(super) fn compile_check(predicate: &Predicate, field_type: Option<&FieldType>) -> Check {
    match field_type {
        Some(field_type) => typed_check(predicate, field_type),
        None => untyped_check(predicate),
    }
}

fn untyped_check(predicate: &Predicate) -> Check {
    let compare = |comparison, value: &crate::ast::Value| {
        Check::Compare(comparison, Literal::new(&value.text))
    };
    let set = |values: &[crate::ast::Value]| ValueSet::new(values.iter().map(|v| v.text.as_str()));
    match &predicate.test {
        Test::IsNull => Check::IsNull,
        Test::IsNotNull => Check::IsNotNull,
        Test::Eq(value) => compare(Comparison::Eq, value),
        Test::Neq(value) => compare(Comparison::Neq, value),
        Test::Gt(value) => compare(Comparison::Gt, value),
        Test::Gte(value) => compare(Comparison::Gte, value),
        Test::Lt(value) => compare(Comparison::Lt, value),
        Test::Lte(value) => compare(Comparison::Lte, value),
        Test::Like(value) => Check::Like(fold_case(&value.text)),
        Test::NotLike(value) => Check::NotLike(fold_case(&value.text)),
        Test::In(values) => Check::In(set(values)),
        Test::Nin(values) => Check::Nin(set(values)),
        Test::Btn(low, high) => Check::Between(Literal::new(&low.text), Literal::new(&high.text)),
    }
}

fn typed_check(predicate: &Predicate, field_type: &FieldType) -> Check {
    let read = |value: &crate::ast::Value| {
        field_type
            .read_literal(&value.text)
            .unwrap_or_else(|_| Typed::Text(value.text.clone()))
    };
    let compare =
        |comparison, value| Check::TypedCompare(comparison, field_type.clone(), read(value));
    let set = |values: &[crate::ast::Value]| TypedSet::new(values.iter().map(read).collect());
    match &predicate.test {
        Test::IsNull => Check::IsNull,
        Test::IsNotNull => Check::IsNotNull,
        Test::Eq(value) => compare(Comparison::Eq, value),
        Test::Neq(value) => compare(Comparison::Neq, value),
        Test::Gt(value) => compare(Comparison::Gt, value),
        Test::Gte(value) => compare(Comparison::Gte, value),
        Test::Lt(value) => compare(Comparison::Lt, value),
        Test::Lte(value) => compare(Comparison::Lte, value),
        // Validation lets `like` through on text fields only.
        Test::Like(value) => Check::TextLike(fold_case(&value.text)),
        Test::NotLike(value) => Check::TextNotLike(fold_case(&value.text)),
        Test::In(values) => Check::TypedIn(field_type.clone(), set(values)),
        Test::Nin(values) => Check::TypedNin(field_type.clone(), set(values)),
        Test::Btn(low, high) => Check::TypedBetween(field_type.clone(), read(low), read(high)),
    }
}

impl Check {
    /// Returns whether the check holds for a JSON number, as [`Check::matches`] and
    /// [`Check::evaluate`] both decide, for the checks that can tell without building a
    /// [`Value`]. `None` means the caller must ask [`Check::matches`].
    #[inline]
    pub(super) fn matches_number(&self, number: &serde_json::Number) -> Option<bool> {
        match self {
            Check::Compare(comparison, literal) => Some(
                literal
                    .compare_number(number)
                    .is_some_and(|order| comparison.holds(order)),
            ),
            _ => None,
        }
    }

    /// Returns whether the check holds for `value`, a record's value of the field; a missing
    /// field is passed as null.
    pub(super) fn matches(&self, value: &Value) -> bool {
        match self {
            Check::IsNull => value.is_null(),
            Check::IsNotNull => !value.is_null(),
            Check::Compare(comparison, literal) => literal
                .compare(value, comparison.is_ordering())
                .is_some_and(|order| comparison.holds(order)),
            Check::Like(needle) => value
                .as_str()
                .is_some_and(|text| contains_folded(text, needle)),
            Check::NotLike(needle) => value
                .as_str()
                .is_some_and(|text| !contains_folded(text, needle)),
            Check::TextLike(needle) => {
                read_text(value).is_some_and(|text| contains_folded(&text, needle))
            }
            Check::TextNotLike(needle) => {
                read_text(value).is_some_and(|text| !contains_folded(&text, needle))
            }
            Check::In(set) => set.contains(value) == Some(true),
            Check::Nin(set) => set.contains(value) == Some(false),
            Check::Between(low, high) => {
                low.compare(value, true).is_some_and(Ordering::is_ge)
                    && high.compare(value, true).is_some_and(Ordering::is_le)
            }
            Check::TypedCompare(comparison, field_type, literal) => {
                field_type.read_record(value).is_some_and(|own| {
                    own.compare(&literal.as_ref())
                        .is_some_and(|order| comparison.holds(order))
                })
            }
            Check::TypedIn(field_type, set) => field_type
                .read_record(value)
                .is_some_and(|own| set.contains(&own)),
            Check::TypedNin(field_type, set) => field_type
                .read_record(value)
                .is_some_and(|own| !set.contains(&own)),
            Check::TypedBetween(field_type, low, high) => {
                field_type.read_record(value).is_some_and(|own| {
                    own.compare(&low.as_ref()).is_some_and(Ordering::is_ge)
                        && own.compare(&high.as_ref()).is_some_and(Ordering::is_le)
                })
            }
        }
    }

    /// Evaluates with SQL's three-valued logic: `None` (unknown) for a comparison on null, and
    /// on a value that cannot be read as the field's type, which a typed column would hold as
    /// null. `isnull` and `isnotnull` are always known.
    pub(super) fn evaluate(&self, value: &Value) -> Option<bool> {
        let field_type = match self {
            Check::IsNull | Check::IsNotNull => return Some(self.matches(value)),
            _ if value.is_null() => return None,
            Check::TextLike(_) | Check::TextNotLike(_) => {
                return read_text(value).map(|_| self.matches(value));
            }
            Check::TypedCompare(_, field_type, _)
            | Check::TypedIn(field_type, _)
            | Check::TypedNin(field_type, _)
            | Check::TypedBetween(field_type, _, _) => field_type,
            _ => return Some(self.matches(value)),
        };
        field_type.read_record(value)?;
        Some(self.matches(value))
    }
}

/// Reads a record value as a text field does.
fn read_text(value: &Value) -> Option<std::borrow::Cow<'_, str>> {
    match FieldType::Text.read_record(value)? {
        TypedRef::Text(text) => Some(text),
        _ => None,
    }
}

impl Comparison {
    fn is_ordering(self) -> bool {
        matches!(
            self,
            Comparison::Gt | Comparison::Gte | Comparison::Lt | Comparison::Lte
        )
    }

    /// Returns whether the record value's order against the literal satisfies the comparison.
    fn holds(self, order: Ordering) -> bool {
        match self {
            Comparison::Eq => order.is_eq(),
            Comparison::Neq => order.is_ne(),
            Comparison::Gt => order.is_gt(),
            Comparison::Gte => order.is_ge(),
            Comparison::Lt => order.is_lt(),
            Comparison::Lte => order.is_le(),
        }
    }
}
