//! The records and filters that the benchmarks share: the flights of
//! `tests/data/flights-20k.json` and the sample companies of `data/companies.json`, each
//! repeated to 100,000 records with varied values so that no two copies are identical.
//!
//! Both `benches/*.rs` and the peer crate in `benches/peers` include this file with `#[path]`.

#![allow(dead_code)]

use serde_json::{Map, Value};

/// How many records each scaled data set has.
pub const RECORD_COUNT: usize = 100_000;

/// The flagship filter over the companies: `OR` of a number test and an `AND` of a test on
/// numeric text (`employeeCount` holds text such as `"650"`) and a text equality.
pub const COMPANIES_FILTER: &str =
    "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))";

/// The same shape over the flights, whose fields are all top-level members.
pub const FLIGHTS_FILTER: &str = "filter=OR(gt(delay,60),AND(gt(distance,1000),eq(origin,LAS)))";

/// A simple condition.
pub const SIMPLE_QUERY: &str = "country=US";

/// The flagship filter with sort and paging, as the API reference writes it.
pub const FLAGSHIP_QUERY: &str = "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))&sort=-country&pageNumber=2&pageSize=25";

/// The operators and literals that the 50-condition filter cycles through.
const CYCLE: [(&str, &str); 5] = [
    ("eq", "US"),
    ("gt", "1000"),
    ("lte", "500"),
    ("neq", "PARTNER"),
    ("gte", "42"),
];

/// Returns `filter=AND(eq(field0,US),gt(field1,1000),...)` with 50 conditions.
pub fn fifty_condition_query() -> String {
    let conditions: Vec<String> = fifty_conditions()
        .iter()
        .map(|(operator, field, literal)| format!("{operator}({field},{literal})"))
        .collect();
    format!("filter=AND({})", conditions.join(","))
}

/// The 50 conditions as (operator, field, literal), for writing the same filter in other
/// languages.
pub fn fifty_conditions() -> Vec<(&'static str, String, &'static str)> {
    (0..50)
        .map(|index| {
            let (operator, literal) = CYCLE[index % CYCLE.len()];
            (operator, format!("field{index}"), literal)
        })
        .collect()
}

/// Reads the 20,000 flights and repeats them to [`RECORD_COUNT`]; copy `k` adds `k` to
/// `delay` and `3 * k` to `distance`.
pub fn flights() -> Vec<Value> {
    let base = read_array("tests/data/flights-20k.json");
    (0..RECORD_COUNT)
        .map(|index| {
            let copy = (index / base.len()) as i64;
            let mut record = base[index % base.len()].clone();
            let object = record.as_object_mut().expect("a flight is an object");
            add_to_integer(object, "delay", copy);
            add_to_integer(object, "distance", 3 * copy);
            record
        })
        .collect()
}

/// Reads the 300 sample companies and repeats them to [`RECORD_COUNT`] with ids from 1; copy
/// `k` scales `annualRevenue` by `1 + (k % 4)` and adds `k % 50` to the text of
/// `employeeCount`.
pub fn companies() -> Vec<Value> {
    let base = read_array("data/companies.json");
    (0..RECORD_COUNT)
        .map(|index| {
            let copy = (index / base.len()) as i64;
            let mut record = base[index % base.len()].clone();
            let object = record.as_object_mut().expect("a company is an object");
            object.insert("id".to_owned(), Value::from(index as u64 + 1));
            let properties = object
                .get_mut("properties")
                .and_then(Value::as_object_mut)
                .expect("a company has properties");
            scale_revenue(properties, 1 + copy % 4);
            if let Some(Value::String(count)) = properties.get_mut("employeeCount") {
                if let Ok(number) = count.parse::<i64>() {
                    *count = (number + copy % 50).to_string();
                }
            }
            record
        })
        .collect()
}

/// Writes `records` as NDJSON, one record a line.
pub fn to_ndjson(records: &[Value]) -> String {
    let mut text = String::new();
    for record in records {
        text.push_str(&record.to_string());
        text.push('\n');
    }
    text
}

fn read_array(relative: &str) -> Vec<Value> {
    let path = format!("{}/{relative}", repository_root());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The repository root: the manifest directory of the library, or two levels above that of
/// the peer crate in `benches/peers`.
fn repository_root() -> String {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if manifest.join("tests/data/flights-20k.json").exists() {
        return manifest.display().to_string();
    }
    manifest.join("../..").display().to_string()
}

fn add_to_integer(object: &mut Map<String, Value>, name: &str, amount: i64) {
    if let Some(number) = object.get(name).and_then(Value::as_i64) {
        object.insert(name.to_owned(), Value::from(number + amount));
    }
}

fn scale_revenue(properties: &mut Map<String, Value>, factor: i64) {
    let scaled = match properties.get("annualRevenue") {
        Some(Value::Number(number)) => match number.as_i64() {
            Some(integer) => Value::from(integer * factor),
            None => Value::from(number.as_f64().unwrap_or(0.0) * factor as f64),
        },
        _ => return,
    };
    properties.insert("annualRevenue".to_owned(), scaled);
}
