//! Comparing record values with literals, without a schema: the record's JSON type decides.

use std::cmp::Ordering;
use std::collections::HashSet;

use serde_json::Value;

/// A number as the filter language reads it: integers exact, everything else as `f64`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Integer(i128),
    Float(f64),
}

impl Number {
    /// Reads `-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?` in ASCII digits; anything else is not a
    /// number. Integers that fit `i64` or `u64` stay exact. Text beyond the `f64` range, such as
    /// `1e400` or 400 digits, is not a number either: it would read as infinity and so equal
    /// every other such text.
    pub fn parse(text: &str) -> Option<Number> {
        if !is_number_syntax(text.as_bytes()) {
            return None;
        }
        if let Ok(integer) = text.parse::<i64>() {
            return Some(Number::Integer(integer.into()));
        }
        if let Ok(integer) = text.parse::<u64>() {
            return Some(Number::Integer(integer.into()));
        }
        text.parse::<f64>()
            .ok()
            .filter(|float| float.is_finite())
            .map(Number::Float)
    }

    pub fn from_json(number: &serde_json::Number) -> Option<Number> {
        if let Some(integer) = number.as_i64() {
            Some(Number::Integer(integer.into()))
        } else if let Some(integer) = number.as_u64() {
            Some(Number::Integer(integer.into()))
        } else {
            number.as_f64().map(Number::Float)
        }
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Number::Integer(integer) => integer as f64,
            Number::Float(float) => float,
        }
    }

    /// Two integers compare exactly; any other pair as `f64`.
    pub fn compare(self, other: Number) -> Option<Ordering> {
        match (self, other) {
            (Number::Integer(a), Number::Integer(b)) => Some(a.cmp(&b)),
            _ => self.as_f64().partial_cmp(&other.as_f64()),
        }
    }

    /// Orders two numbers exactly, integers against floats too, so that sorting has a total
    /// order: comparing an integer with a float as `f64` would make 2^53 + 1 and 2^53 both
    /// equal to 2^53 as a float, yet unequal to each other.
    pub fn total_cmp(self, other: Number) -> Ordering {
        match (self, other) {
            (Number::Integer(a), Number::Integer(b)) => a.cmp(&b),
            (Number::Float(a), Number::Float(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
            (Number::Integer(a), Number::Float(b)) => compare_integer_float(a, b),
            (Number::Float(a), Number::Integer(b)) => compare_integer_float(b, a).reverse(),
        }
    }

    /// The bits of the `f64` form, with `-0.0` folded into `0.0`, for set membership.
    fn f64_key(self) -> u64 {
        let float = self.as_f64();
        if float == 0.0 {
            0f64.to_bits()
        } else {
            float.to_bits()
        }
    }
}

/// Compares an integer with a float exactly. When the integer rounds to a different float, that
/// float's order is the exact order, because the nearest float to the integer cannot lie on the
/// other side of `float`. When it rounds to `float` itself, `float` is a whole number within
/// the integer's range, and the two compare as integers.
fn compare_integer_float(integer: i128, float: f64) -> Ordering {
    let rounded = integer as f64;
    match rounded.partial_cmp(&float) {
        Some(Ordering::Equal) => integer.cmp(&(float as i128)),
        Some(order) => order,
        None => Ordering::Equal,
    }
}

fn is_number_syntax(bytes: &[u8]) -> bool {
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return false;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == bytes.len()
}

/// A literal with every reading of it worked out once: as text, as a number, as a boolean.
#[derive(Debug, Clone)]
pub(crate) struct Literal {
    text: String,
    number: Option<Number>,
    boolean: Option<bool>,
}

impl Literal {
    pub fn new(text: &str) -> Literal {
        Literal {
            text: text.to_owned(),
            number: Number::parse(text),
            boolean: parse_boolean(text),
        }
    }

    /// Compares `record` with this literal. `ordering` selects the rules of `gt gte lt lte btn`,
    /// under which a string that reads as a number compares numerically. `None` means the pair
    /// cannot be compared, which makes every comparison false.
    pub fn compare(&self, record: &Value, ordering: bool) -> Option<Ordering> {
        match record {
            Value::Number(number) => self.compare_number(number),
            Value::Bool(boolean) => Some(boolean.cmp(&self.boolean?)),
            Value::String(text) => {
                if ordering {
                    if let (Some(own), Some(literal)) = (Number::parse(text), self.number) {
                        return own.compare(literal);
                    }
                }
                Some(text.as_str().cmp(self.text.as_str()))
            }
            Value::Null | Value::Array(_) | Value::Object(_) => None,
        }
    }
}

impl Literal {
    /// Compares a JSON number with this literal, as [`Literal::compare`] does.
    #[inline]
    pub fn compare_number(&self, number: &serde_json::Number) -> Option<Ordering> {
        Number::from_json(number)?.compare(self.number?)
    }
}

/// `true` and `false` in lower case; `TRUE` is text.
fn parse_boolean(text: &str) -> Option<bool> {
    match text {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The values of an `in` or `nin` list, indexed by every type a record value can have.
#[derive(Debug, Clone, Default)]
pub(crate) struct ValueSet {
    texts: HashSet<String>,
    integers: HashSet<i128>,
    /// `f64` keys of the items that are not integers, for integer records: an integer and a
    /// float compare as `f64`, but two integers compare exactly.
    non_integers: HashSet<u64>,
    /// `f64` keys of every numeric item, for records holding floats.
    all_numbers: HashSet<u64>,
    booleans: [bool; 2],
    has_numbers: bool,
    has_booleans: bool,
}

impl ValueSet {
    pub fn new<'t>(items: impl IntoIterator<Item = &'t str>) -> ValueSet {
        let mut set = ValueSet::default();
        for item in items {
            set.texts.insert(item.to_owned());
            if let Some(number) = Number::parse(item) {
                set.has_numbers = true;
                match number {
                    Number::Integer(integer) => set.integers.insert(integer),
                    Number::Float(_) => set.non_integers.insert(number.f64_key()),
                };
                set.all_numbers.insert(number.f64_key());
            }
            if let Some(boolean) = parse_boolean(item) {
                set.has_booleans = true;
                set.booleans[usize::from(boolean)] = true;
            }
        }
        set
    }

    /// Returns whether some item equals `record`; `None` when no item can be compared with it.
    pub fn contains(&self, record: &Value) -> Option<bool> {
        match record {
            Value::String(text) => Some(self.texts.contains(text)),
            Value::Number(number) if self.has_numbers => {
                let number = Number::from_json(number)?;
                Some(match number {
                    Number::Integer(integer) => {
                        self.integers.contains(&integer)
                            || self.non_integers.contains(&number.f64_key())
                    }
                    Number::Float(_) => self.all_numbers.contains(&number.f64_key()),
                })
            }
            Value::Bool(boolean) if self.has_booleans => Some(self.booleans[usize::from(*boolean)]),
            _ => None,
        }
    }
}

/// Folds case one character at a time with its full Unicode lowercase mapping and no context.
pub(crate) fn fold_case(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Returns whether `haystack` contains `folded_needle` once `haystack` is case-folded by [`fold_case`].
pub(crate) fn contains_folded(haystack: &str, folded_needle: &str) -> bool {
    if haystack.is_ascii() {
        // An ASCII text folds to ASCII, so it cannot contain a needle with other characters.
        if !folded_needle.is_ascii() {
            return false;
        }
        let needle = folded_needle.as_bytes();
        if needle.is_empty() {
            return true;
        }
        return haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle));
    }
    fold_case(haystack).contains(folded_needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn number_syntax() {
        for text in ["0", "-1", "12.5", "1e3", "1E+3", "-2.5e-3", "00123"] {
            assert!(Number::parse(text).is_some(), "{text}");
        }
        for text in [
            "", "-", "1.", ".5", "1e", "+1", " 1", "1 ", "0x10", "١٢", "1,000", "NaN", "inf",
        ] {
            assert!(Number::parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn large_integers_compare_exactly() {
        let a = Number::parse("9007199254740993").unwrap();
        let b = Number::parse("9007199254740992").unwrap();
        assert_eq!(a.compare(b), Some(Ordering::Greater));
        let max = Number::parse("18446744073709551615").unwrap();
        assert_eq!(max.compare(a), Some(Ordering::Greater));
    }

    #[test]
    fn total_order_is_exact_across_integer_and_float() {
        let above = Number::Integer(9007199254740993);
        let below = Number::Integer(9007199254740992);
        let float = Number::Float(9007199254740992.0);
        assert_eq!(above.total_cmp(float), Ordering::Greater);
        assert_eq!(float.total_cmp(above), Ordering::Less);
        assert_eq!(below.total_cmp(float), Ordering::Equal);
        assert_eq!(
            Number::Integer(0).total_cmp(Number::Float(-0.0)),
            Ordering::Equal
        );
        assert_eq!(
            Number::Float(-0.0).total_cmp(Number::Float(0.0)),
            Ordering::Equal
        );
        assert_eq!(
            Number::Integer(1).total_cmp(Number::Float(1.5)),
            Ordering::Less
        );
        assert_eq!(
            Number::Integer(-2).total_cmp(Number::Float(-1.5)),
            Ordering::Less
        );
        assert_eq!(
            Number::Integer(i128::from(u64::MAX)).total_cmp(Number::Float(1e300)),
            Ordering::Less
        );
    }

    #[test]
    fn integer_and_float_compare_as_f64() {
        let one = Number::parse("1").unwrap();
        let one_float = Number::parse("1.0").unwrap();
        assert_eq!(one.compare(one_float), Some(Ordering::Equal));
    }

    #[test]
    fn string_numbers_order_numerically_only_for_ordering() {
        let literal = Literal::new("1000");
        let record = json!("999");
        assert_eq!(literal.compare(&record, true), Some(Ordering::Less));
        assert_eq!(literal.compare(&record, false), Some(Ordering::Greater));
    }

    #[test]
    fn booleans_only_in_lower_case() {
        assert_eq!(
            Literal::new("true").compare(&json!(true), false),
            Some(Ordering::Equal)
        );
        assert_eq!(Literal::new("TRUE").compare(&json!(true), false), None);
    }

    #[test]
    fn value_set_by_type() {
        let set = ValueSet::new(["US", "1.0", "2", "true"]);
        assert_eq!(set.contains(&json!("US")), Some(true));
        assert_eq!(set.contains(&json!("1")), Some(false));
        assert_eq!(set.contains(&json!(1)), Some(true));
        assert_eq!(set.contains(&json!(2.0)), Some(true));
        assert_eq!(set.contains(&json!(3)), Some(false));
        assert_eq!(set.contains(&json!(true)), Some(true));
        assert_eq!(set.contains(&json!(false)), Some(false));
        assert_eq!(set.contains(&json!(null)), None);
        assert_eq!(ValueSet::new(["x"]).contains(&json!(1)), None);
        let exact = ValueSet::new(["9007199254740992"]);
        assert_eq!(exact.contains(&json!(9007199254740993u64)), Some(false));
    }

    #[test]
    fn folding_is_per_character() {
        assert_eq!(fold_case("İ"), "i\u{307}");
        assert_eq!(fold_case("ΟΔΟΣ"), "οδοσ");
        assert!(contains_folded("Acme INC", "inc"));
        assert!(!contains_folded("Acme", "é"));
        assert!(contains_folded("ÉCOLE", "éc"));
        assert!(contains_folded("anything", ""));
    }
}
