//! The two data sets and their filter in every peer's language.

use serde_json::Value;

use crate::records;

/// One data set with its filter written for each peer.
pub struct DataSet {
    /// `flights` or `companies`.
    pub name: &'static str,
    /// The records, as `serde_json::Value` objects.
    pub records: Vec<Value>,
    /// The filter as this crate's query string.
    pub query: &'static str,
    /// The filter as a hand-written closure for the known record shape.
    pub closure: fn(&Value) -> bool,
    /// The filter as an RFC 9535 JSONPath over the array of records, or the reason it cannot be
    /// written.
    pub jsonpath: Result<&'static str, &'static str>,
    /// The filter as a JSONLogic rule over one record.
    pub jsonlogic: &'static str,
    /// The filter as a CEL expression over one record bound to `r`.
    pub cel: &'static str,
    /// The filter as a jq program over one record.
    pub jq: &'static str,
    /// The SQL `WHERE` condition over the typed table.
    pub sql_condition: &'static str,
}

/// Loads the flights, whose fields are top-level members.
pub fn flights() -> DataSet {
    DataSet {
        name: "flights",
        records: records::flights(),
        query: records::FLIGHTS_FILTER,
        closure: flights_closure,
        jsonpath: Ok("$[?@.delay > 60 || (@.distance > 1000 && @.origin == 'LAS')]"),
        jsonlogic: r#"{"or":[{">":[{"var":"delay"},60]},{"and":[{">":[{"var":"distance"},1000]},{"==":[{"var":"origin"},"LAS"]}]}]}"#,
        cel: r#"r.delay > 60 || (r.distance > 1000 && r.origin == "LAS")"#,
        jq: r#".delay > 60 or (.distance > 1000 and .origin == "LAS")"#,
        sql_condition: "delay > 60 OR (distance > 1000 AND origin = 'LAS')",
    }
}

/// Loads the sample companies, whose fields are members of `properties` and whose
/// `employeeCount` is numeric text.
pub fn companies() -> DataSet {
    DataSet {
        name: "companies",
        records: records::companies(),
        query: records::COMPANIES_FILTER,
        closure: companies_closure,
        jsonpath: Err("RFC 9535 JSONPath has no function that reads text as a number, so it cannot compare the numeric text of employeeCount with 1000"),
        jsonlogic: r#"{"or":[{">":[{"var":"properties.annualRevenue"},500000]},{"and":[{">":[{"var":"properties.employeeCount"},1000]},{"==":[{"var":"properties.country"},"US"]}]}]}"#,
        cel: r#"double(r.properties.annualRevenue) > 500000.0 || (int(r.properties.employeeCount) > 1000 && r.properties.country == "US")"#,
        jq: r#".properties | .annualRevenue > 500000 or ((.employeeCount | if . == null then 0 else tonumber end) > 1000 and .country == "US")"#,
        sql_condition: "annualRevenue > 500000 OR (employeeCount > 1000 AND country = 'US')",
    }
}

/// Tests the flights filter, written by hand.
pub fn flights_closure(record: &Value) -> bool {
    let number = |name: &str| record.get(name).and_then(Value::as_f64);
    number("delay").is_some_and(|delay| delay > 60.0)
        || (number("distance").is_some_and(|distance| distance > 1000.0)
            && record.get("origin").and_then(Value::as_str) == Some("LAS"))
}

/// Tests the companies filter, written by hand.
pub fn companies_closure(record: &Value) -> bool {
    let Some(properties) = record.get("properties") else {
        return false;
    };
    properties
        .get("annualRevenue")
        .and_then(Value::as_f64)
        .is_some_and(|revenue| revenue > 500_000.0)
        || (properties
            .get("employeeCount")
            .and_then(Value::as_str)
            .and_then(|text| text.parse::<f64>().ok())
            .is_some_and(|count| count > 1000.0)
            && properties.get("country").and_then(Value::as_str) == Some("US"))
}
