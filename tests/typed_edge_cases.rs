//! Typed evaluation at its edges: values that cannot be read as the field's type under NOT, and
//! numbers that compare as f64.

use inperium_filter::schema::{FieldSchema, FieldType, Schema};
use inperium_filter::{parse_query, Compiled, ParseOptions};
use serde_json::{json, Value};

fn selected_ids(schema: &Schema, query: &str, records: &[Value]) -> Vec<i64> {
    let query = ParseOptions::new()
        .with_not(true)
        .parse_query(query)
        .unwrap();
    let checked = query.validate(schema).unwrap();
    let compiled = Compiled::from_checked(&checked).unwrap();
    records
        .iter()
        .filter(|record| compiled.matches(record))
        .map(|record| record["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn not_like_reads_scalars_as_text() {
    let schema = Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("t", FieldSchema::new(FieldType::Text));
    let records = vec![
        json!({"id": 1, "t": "x"}),
        json!({"id": 2, "t": 5}),
        json!({"id": 3, "t": true}),
        json!({"id": 4, "t": "abc"}),
        json!({"id": 5}),
    ];
    // A text field reads the number 5 as "5" and true as "true"; record 5 has no `t`, which
    // stays unknown under NOT.
    assert_eq!(
        selected_ids(&schema, "filter=NOT(like(t,x))", &records),
        vec![2, 3, 4]
    );
    assert_eq!(
        selected_ids(&schema, "filter=NOT(notlike(t,x))", &records),
        vec![1]
    );
    assert_eq!(
        selected_ids(&schema, "filter=NOT(eq(t,x))", &records),
        vec![2, 3, 4]
    );
    assert_eq!(selected_ids(&schema, "t=5", &records), vec![2]);
    assert_eq!(
        selected_ids(&schema, "filter=like(t,ru)", &records),
        vec![3]
    );
}

#[test]
fn typed_number_compares_integer_and_float_as_f64() {
    let schema = Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("n", FieldSchema::new(FieldType::Number));
    let records = vec![json!({"id": 1, "n": 9007199254740992.0})];
    assert_eq!(
        selected_ids(&schema, "n=eq::9007199254740993", &records),
        vec![1]
    );
    let untyped = parse_query("n=eq::9007199254740993").unwrap();
    let compiled = Compiled::new(&untyped).unwrap();
    assert!(compiled.matches(&records[0]));
}

#[test]
fn not_like_on_array_is_unknown() {
    let schema = Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("t", FieldSchema::new(FieldType::Text));
    let records = vec![json!({"id": 1, "t": ["x"]}), json!({"id": 2, "t": "y"})];
    assert_eq!(
        selected_ids(&schema, "filter=NOT(like(t,x))", &records),
        vec![2]
    );
}

#[test]
fn timestamp_reads_whole_float_milliseconds() {
    let schema = Schema::new()
        .with_field("id", FieldSchema::new(FieldType::Integer))
        .with_field("at", FieldSchema::new(FieldType::Timestamp));
    let records = vec![
        json!({"id": 1, "at": 1613433600000.0}),
        json!({"id": 2, "at": 1613433600000.5}),
    ];
    assert_eq!(
        selected_ids(&schema, "filter=eq(at,2021-02-16T00:00:00Z)", &records),
        vec![1]
    );
}

#[test]
fn integer_out_of_range_says_so() {
    let schema = Schema::new().with_field("n", FieldSchema::new(FieldType::Integer));
    let diagnostics = parse_query("n=99999999999999999999")
        .unwrap()
        .validate(&schema)
        .unwrap_err();
    let help = diagnostics.iter().next().unwrap().help.clone().unwrap();
    assert!(help.contains("18446744073709551615"), "{help}");
}

#[test]
fn flagship_query_with_sample_schema() {
    let root = env!("CARGO_MANIFEST_DIR");
    let schema_text =
        std::fs::read_to_string(format!("{root}/data/companies.schema.json")).unwrap();
    let schema = Schema::from_json(&schema_text).unwrap();
    let companies: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/data/companies.json")).unwrap(),
    )
    .unwrap();

    let query = "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))";
    let checked = parse_query(query).unwrap().validate(&schema).unwrap();
    let compiled = Compiled::from_checked(&checked).unwrap();
    let selected: Vec<i64> = companies
        .iter()
        .filter(|record| compiled.matches(record))
        .map(|record| record["id"].as_i64().unwrap())
        .collect();

    // employeeCount is text in the records; the schema makes it an integer.
    let expected: Vec<i64> = companies
        .iter()
        .filter(|record| {
            let properties = &record["properties"];
            let revenue = properties["annualRevenue"].as_f64();
            let employees = properties["employeeCount"]
                .as_str()
                .and_then(|text| text.parse::<i64>().ok());
            revenue.is_some_and(|revenue| revenue > 500_000.0)
                || (employees.is_some_and(|count| count > 1000) && properties["country"] == "US")
        })
        .map(|record| record["id"].as_i64().unwrap())
        .collect();
    assert!(!expected.is_empty());
    assert!(expected.len() < companies.len());
    assert_eq!(selected, expected);
}
