//! Ordering records by sort keys, without a schema.

use std::borrow::Borrow;
use std::cmp::Ordering;

use serde_json::Value;

use super::compare::Number;
use super::lookup::FieldPath;
use crate::ast::{Direction, Sort, SortKey};
use crate::schema::{FieldType, Schema};

/// One compiled sort key, typed when a schema gives the field's type.
#[derive(Debug, Clone)]
pub(crate) struct SortRule {
    path: FieldPath,
    descending: bool,
    field_type: Option<FieldType>,
}

/// Compiles the sort keys. With a schema that has a key field, the key comes last, ascending,
/// unless a sort key already names it, so that ties and unsorted results have one order.
pub(crate) fn compile_sort(sort: Option<&Sort>, schema: Option<&Schema>) -> Vec<SortRule> {
    let field_type = |name: &str| {
        schema
            .and_then(|schema| schema.field(name))
            .map(|field| field.field_type.clone())
    };
    let mut rules: Vec<SortRule> = sort.map_or_else(Vec::new, |sort| {
        sort.keys
            .iter()
            .map(|key| SortRule {
                field_type: field_type(&key.field.name),
                ..SortRule::new(key)
            })
            .collect()
    });

    let key = schema.and_then(Schema::key_field);
    let key_sorted =
        sort.is_some_and(|sort| sort.keys.iter().any(|k| Some(k.field.name.as_str()) == key));
    if let Some(key) = key.filter(|_| !key_sorted) {
        rules.push(SortRule {
            path: FieldPath::new(key),
            descending: false,
            field_type: field_type(key),
        });
    }
    rules
}

impl SortRule {
    /// Returns the field this key orders by.
    pub fn path(&self) -> &FieldPath {
        &self.path
    }

    pub fn new(key: &SortKey) -> SortRule {
        SortRule {
            path: FieldPath::new(&key.field.name),
            descending: key.direction == Direction::Descending,
            field_type: None,
        }
    }

    /// Orders the values of this key in two records.
    fn compare_records(&self, a: &Value, b: &Value) -> Ordering {
        self.compare(self.path.lookup(a), self.path.lookup(b))
    }

    /// Orders two values of this key. Nulls go last ascending and first descending; other
    /// values order by type, then within the type, and descending reverses that.
    fn compare(&self, a: Option<&Value>, b: Option<&Value>) -> Ordering {
        let a = a.filter(|value| !value.is_null());
        let b = b.filter(|value| !value.is_null());
        if let Some(field_type) = &self.field_type {
            return self.compare_typed(field_type, a, b);
        }
        match (a, b) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) if self.descending => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) if self.descending => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) if self.descending => compare_values(a, b).reverse(),
            (Some(a), Some(b)) => compare_values(a, b),
        }
    }
}

impl SortRule {
    /// Orders two values read as the field's type. A value that cannot be read as the type
    /// sorts with the nulls.
    fn compare_typed(
        &self,
        field_type: &FieldType,
        a: Option<&Value>,
        b: Option<&Value>,
    ) -> Ordering {
        let a = a.and_then(|value| field_type.read_record(value));
        let b = b.and_then(|value| field_type.read_record(value));
        match (a, b) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) if self.descending => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) if self.descending => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) if self.descending => a.total_cmp(&b).reverse(),
            (Some(a), Some(b)) => a.total_cmp(&b),
        }
    }
}

/// Orders non-null JSON values totally: text, then numbers, then booleans (false first),
/// then arrays, then objects. Text orders by code point even when it reads as a number. Two
/// arrays or two objects are equal.
fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.cmp(b),
        (Value::Number(a), Value::Number(b)) => {
            match (Number::from_json(a), Number::from_json(b)) {
                (Some(a), Some(b)) => a.total_cmp(b),
                _ => Ordering::Equal,
            }
        }
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        _ => type_rank(a).cmp(&type_rank(b)),
    }
}

fn type_rank(value: &Value) -> u8 {
    match value {
        Value::String(_) => 0,
        Value::Number(_) => 1,
        Value::Bool(_) => 2,
        Value::Array(_) => 3,
        Value::Object(_) => 4,
        Value::Null => 5,
    }
}

/// Compares two records key by key.
pub(crate) fn compare_records(rules: &[SortRule], a: &Value, b: &Value) -> Ordering {
    rules
        .iter()
        .map(|rule| rule.compare_records(a, b))
        .find(|order| order.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// Sorts records stably, looking each key up once per record rather than once per comparison.
pub(crate) fn sort_records<T: Borrow<Value>>(rules: &[SortRule], records: &mut Vec<T>) {
    if rules.is_empty() {
        return;
    }
    let mut order: Vec<usize> = (0..records.len()).collect();
    {
        let keys: Vec<Vec<Option<&Value>>> = records
            .iter()
            .map(|record| {
                rules
                    .iter()
                    .map(|rule| rule.path.lookup(record.borrow()))
                    .collect()
            })
            .collect();
        order.sort_by(|&a, &b| {
            rules
                .iter()
                .zip(keys[a].iter().zip(&keys[b]))
                .map(|(rule, (a, b))| rule.compare(*a, *b))
                .find(|order| order.is_ne())
                .unwrap_or(Ordering::Equal)
        });
    }
    let mut slots: Vec<Option<T>> = records.drain(..).map(Some).collect();
    records.extend(
        order
            .into_iter()
            .map(|index| slots[index].take().expect("each index once")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Field;
    use serde_json::json;

    fn sorted(direction: Direction, values: Vec<Value>) -> Vec<Value> {
        let rules = [SortRule::new(&SortKey::new(Field::new("v"), direction))];
        let mut records: Vec<Value> = values.into_iter().map(|v| json!({ "v": v })).collect();
        sort_records(&rules, &mut records);
        records
            .into_iter()
            .map(|record| record["v"].clone())
            .collect()
    }

    #[test]
    fn types_order_text_numbers_booleans_arrays_objects() {
        let values = vec![
            json!({}),
            json!([1]),
            json!(true),
            json!(2),
            json!("b"),
            json!(false),
            json!("a"),
            json!(null),
        ];
        assert_eq!(
            sorted(Direction::Ascending, values.clone()),
            vec![
                json!("a"),
                json!("b"),
                json!(2),
                json!(false),
                json!(true),
                json!([1]),
                json!({}),
                json!(null)
            ]
        );
        assert_eq!(
            sorted(Direction::Descending, values),
            vec![
                json!(null),
                json!({}),
                json!([1]),
                json!(true),
                json!(false),
                json!(2),
                json!("b"),
                json!("a")
            ]
        );
    }

    #[test]
    fn text_orders_by_code_point_even_when_numeric() {
        let values = vec![json!("999"), json!("1000"), json!("Z"), json!("a")];
        assert_eq!(
            sorted(Direction::Ascending, values),
            vec![json!("1000"), json!("999"), json!("Z"), json!("a")]
        );
    }

    #[test]
    fn sort_is_stable() {
        let rules = [SortRule::new(&SortKey::new(
            Field::new("k"),
            Direction::Descending,
        ))];
        let mut records = vec![
            json!({"k": 1, "i": 0}),
            json!({"k": 2, "i": 1}),
            json!({"k": 1, "i": 2}),
            json!({"k": 2, "i": 3}),
        ];
        sort_records(&rules, &mut records);
        let order: Vec<i64> = records.iter().map(|r| r["i"].as_i64().unwrap()).collect();
        assert_eq!(order, vec![1, 3, 0, 2]);
    }
}
