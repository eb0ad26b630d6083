//! One field of many records stored as a column: numbers inline, and every other value as an
//! index into the column's dictionary of distinct values.

use std::collections::HashMap;

use serde_json::{Number, Value};

use super::check::Check;
use super::lookup::FieldPath;

/// A record's value of one field.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    /// Missing or `null`, which every check treats alike.
    Null,
    Number(Number),
    /// An index into [`Column::dictionary`].
    Coded(u32),
}

/// The values of one field over all records, in record order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Column {
    pub cells: Vec<Cell>,
    /// The distinct texts and booleans, and one array that represents every array and
    /// object, because no check compares the contents of an array or object.
    pub dictionary: Vec<Value>,
}

/// The dictionary key of a value that is not null or a number.
#[derive(PartialEq, Eq, Hash)]
enum Key {
    Text(String),
    Boolean(bool),
    Composite,
}

impl Column {
    /// Reads `path` from every record.
    pub fn read<'r>(path: &FieldPath, records: impl IntoIterator<Item = &'r Value>) -> Column {
        let mut column = Column::default();
        let mut codes: HashMap<Key, u32> = HashMap::new();
        for record in records {
            let cell = match path.lookup(record) {
                None | Some(Value::Null) => Cell::Null,
                Some(Value::Number(number)) => Cell::Number(number.clone()),
                Some(value) => {
                    let (key, stored) = match value {
                        Value::String(text) => (Key::Text(text.clone()), value.clone()),
                        Value::Bool(boolean) => (Key::Boolean(*boolean), value.clone()),
                        _ => (Key::Composite, Value::Array(Vec::new())),
                    };
                    let dictionary = &mut column.dictionary;
                    let code = *codes.entry(key).or_insert_with(|| {
                        dictionary.push(stored);
                        u32::try_from(dictionary.len() - 1)
                            .expect("fewer than 2^32 distinct values")
                    });
                    Cell::Coded(code)
                }
            };
            column.cells.push(cell);
        }
        column
    }
}

/// A check bound to a column for one query, with its result worked out once for null and for
/// each dictionary value.
#[derive(Debug)]
pub(crate) struct ColumnCheck<'p> {
    cells: &'p [Cell],
    check: &'p Check,
    null: Option<bool>,
    coded: Vec<Option<bool>>,
    three_valued: bool,
}

impl<'p> ColumnCheck<'p> {
    /// Binds `check` to `column`. With `three_valued`, results follow [`Check::evaluate`],
    /// otherwise [`Check::matches`].
    pub fn new(check: &'p Check, column: &'p Column, three_valued: bool) -> ColumnCheck<'p> {
        let result = |value: &Value| {
            if three_valued {
                check.evaluate(value)
            } else {
                Some(check.matches(value))
            }
        };
        ColumnCheck {
            cells: &column.cells,
            check,
            null: result(&Value::Null),
            coded: column.dictionary.iter().map(result).collect(),
            three_valued,
        }
    }

    /// Returns the result for record `index`. `None` is unknown under three-valued logic,
    /// and never occurs otherwise.
    #[inline]
    pub fn evaluate(&self, index: usize) -> Option<bool> {
        match &self.cells[index] {
            Cell::Null => self.null,
            Cell::Coded(code) => self.coded[*code as usize],
            Cell::Number(number) => {
                // A comparison with a non-null value is never unknown, so both logics agree.
                if let Some(matched) = self.check.matches_number(number) {
                    return Some(matched);
                }
                let value = Value::Number(number.clone());
                if self.three_valued {
                    self.check.evaluate(&value)
                } else {
                    Some(self.check.matches(&value))
                }
            }
        }
    }
}
