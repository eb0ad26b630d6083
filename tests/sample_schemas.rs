//! The schema files next to the bundled samples describe those samples exactly: every record
//! member has a field, and every field reads every non-null record value as its type.

use inperium_filter::schema::{FieldType, Schema};
use inperium_filter::{Compiled, Expr, Field, Predicate, Query, Syntax, Test, Value};
use serde_json::Value as Json;

const SAMPLES: [&str; 4] = ["companies", "products", "contacts", "calls"];

/// Record members that no schema field describes, because no field type reads an array.
const ARRAY_MEMBERS: [&str; 1] = ["dealIds"];

fn read(path: &str) -> String {
    let path = format!("{}/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn sample(name: &str) -> (Schema, Vec<Json>) {
    let schema = Schema::from_json(&read(&format!("{name}.schema.json")))
        .unwrap_or_else(|error| panic!("{name}.schema.json: {error}"));
    let records = serde_json::from_str(&read(&format!("{name}.json")))
        .unwrap_or_else(|error| panic!("{name}.json: {error}"));
    (schema, records)
}

/// Returns the record's members as field lookup finds them: top-level members other than the
/// `properties` object, then the members of `properties`.
fn members(record: &Json) -> Vec<(&str, &Json)> {
    let object = record
        .as_object()
        .expect("every sample record is an object");
    let mut members: Vec<(&str, &Json)> = object
        .iter()
        .filter(|(name, _)| name.as_str() != "properties")
        .map(|(name, value)| (name.as_str(), value))
        .collect();
    if let Some(properties) = object.get("properties").and_then(Json::as_object) {
        members.extend(
            properties
                .iter()
                .map(|(name, value)| (name.as_str(), value)),
        );
    }
    members
}

/// Returns the value as a query literal: a string's text, or a number's JSON text.
fn literal(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Builds `eq(field,text)` without going through query-string syntax, so no value needs quoting.
fn eq_query(field: &str, text: &str) -> Query {
    let predicate = Predicate::new(Field::new(field), Test::Eq(Value::new(text)));
    Query::new().with_condition(Syntax::Advanced, Expr::Predicate(predicate))
}

#[test]
fn every_record_member_has_a_field() {
    for name in SAMPLES {
        let (schema, records) = sample(name);
        for record in &records {
            for (member, _) in members(record) {
                assert!(
                    schema.field(member).is_some() || ARRAY_MEMBERS.contains(&member),
                    "{name}: record {} has `{member}`, which {name}.schema.json lacks",
                    record["id"]
                );
            }
        }
    }
}

#[test]
fn array_members_are_arrays() {
    let (_, records) = sample("companies");
    for record in &records {
        assert!(
            record["properties"]["dealIds"].is_array(),
            "record {}",
            record["id"]
        );
    }
}

/// Each non-null value, written as a literal, passes validation for its field, and the typed
/// query `eq(field,value)` matches the record it came from, which happens only when the field's
/// type reads the record value.
#[test]
fn every_field_reads_every_value() {
    for name in SAMPLES {
        let (schema, records) = sample(name);
        for (field, field_schema) in &schema.fields {
            let mut read = 0;
            for record in &records {
                let Some((_, value)) = members(record)
                    .into_iter()
                    .find(|(member, _)| member == field)
                else {
                    continue;
                };
                if value.is_null() {
                    continue;
                }
                if matches!(
                    field_schema.field_type,
                    FieldType::Text | FieldType::Enumeration { .. }
                ) {
                    assert!(
                        value.is_string(),
                        "{name}.{field}: {value} in record {} is not a string",
                        record["id"]
                    );
                }
                let text = literal(value);
                let checked =
                    eq_query(field, &text)
                        .validate(&schema)
                        .unwrap_or_else(|diagnostics| {
                            panic!(
                                "{name}.{field}: {value} in record {} is invalid:\n{diagnostics}",
                                record["id"]
                            )
                        });
                let compiled = Compiled::from_checked(&checked).expect("an eq query compiles");
                assert!(
                    compiled.matches(record),
                    "{name}.{field}: record {} does not read {value} as {}",
                    record["id"],
                    field_schema.field_type.name()
                );
                read += 1;
            }
            assert!(read > 0, "{name}.{field}: no record has a value");
        }
    }
}
