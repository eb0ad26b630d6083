//! Evaluation of queries checked against a schema, where each field's type decides how
//! literals and record values compare and sort. Expected results come from plain Rust over
//! `serde_json` values, never from the evaluator.

use std::cmp::Ordering;
use std::path::Path;

use inperium_filter::schema::{CheckedQuery, Schema};
use inperium_filter::{Compiled, ParseOptions};
use serde_json::{json, Value as Json};

/// 2024-01-01T00:00:00Z in epoch milliseconds.
const START_OF_2024: i64 = 1_704_067_200_000;
/// 2024-06-01T00:00:00Z in epoch milliseconds.
const JUNE_2024: i64 = 1_717_200_000_000;
/// 2025-01-01T00:00:00Z in epoch milliseconds.
const START_OF_2025: i64 = 1_735_689_600_000;

/// Loads the 300 sample companies. `employeeCount` is text in every record that has it.
fn companies() -> Vec<Json> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/companies.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text).expect("companies.json is a JSON array")
}

const COMPANY_SCHEMA: &str = r#"{
    "fields": {
        "id": {"type": "integer"},
        "companyName": {"type": "text"},
        "country": {"type": "text"},
        "city": {"type": "text"},
        "zip": {"type": "text"},
        "employeeCount": {"type": "integer"},
        "annualRevenue": {"type": "number"},
        "createdAt": {"type": "timestamp"},
        "updatedAt": {"type": "timestamp"},
        "industry": {
            "type": "enumeration",
            "values": ["EDUCATION", "ENERGY", "FINANCIAL", "GOVERNMENT", "HEALTHCARE",
                       "MANUFACTURING", "RETAIL", "TECHNOLOGY"]
        },
        "type": {"type": "enumeration", "values": ["PROSPECT", "CUSTOMER", "VENDOR", "PARTNER"]},
        "active": {"type": "boolean"},
        "foundedOn": {"type": "date"}
    }
}"#;

fn company_schema() -> Schema {
    Schema::from_json(COMPANY_SCHEMA).expect("the company schema is valid")
}

/// Returns the company schema with `companyName` as its key field.
fn schema_keyed_by_name() -> Schema {
    company_schema().with_key("companyName")
}

/// Parses and validates `input` with `NOT` enabled.
fn checked(input: &str, schema: &Schema) -> CheckedQuery {
    let query = ParseOptions::new()
        .with_not(true)
        .parse_query(input)
        .unwrap_or_else(|error| panic!("{input:?} failed to parse:\n{error}"));
    query.validate(schema).unwrap_or_else(|diagnostics| {
        panic!("{input:?} was rejected:\n{}", diagnostics.with_input(input))
    })
}

/// Compiles `input` for typed evaluation against `schema`.
fn typed_with(input: &str, schema: &Schema) -> Compiled {
    Compiled::from_checked(&checked(input, schema)).expect("a checked query compiles")
}

/// Compiles `input` for typed evaluation against the company schema.
fn typed(input: &str) -> Compiled {
    typed_with(input, &company_schema())
}

/// Compiles `input` without a schema.
fn untyped(input: &str) -> Compiled {
    let query = ParseOptions::new()
        .with_not(true)
        .parse_query(input)
        .unwrap_or_else(|error| panic!("{input:?} failed to parse:\n{error}"));
    Compiled::new(&query).expect("a parsed query compiles")
}

fn id(record: &Json) -> i64 {
    record["id"]
        .as_i64()
        .expect("every record has an integer id")
}

fn ids<'r>(records: impl IntoIterator<Item = &'r Json>) -> Vec<i64> {
    records.into_iter().map(id).collect()
}

/// Returns the ids of the records that `compiled` matches, in input order.
fn selected(compiled: &Compiled, records: &[Json]) -> Vec<i64> {
    ids(records.iter().filter(|record| compiled.matches(record)))
}

/// Returns the ids of the records for which `keep` is true, in input order.
fn ids_where(records: &[Json], keep: impl Fn(&Json) -> bool) -> Vec<i64> {
    ids(records.iter().filter(|record| keep(record)))
}

/// Returns the ids in the order `compiled` sorts the records.
fn sorted_ids(compiled: &Compiled, records: &[Json]) -> Vec<i64> {
    let mut refs: Vec<&Json> = records.iter().collect();
    compiled.sort(&mut refs);
    ids(refs)
}

/// Returns a company member: the top-level one, else the one inside `properties`. `None` when
/// it is missing or null.
fn member<'r>(record: &'r Json, name: &str) -> Option<&'r Json> {
    let value = match record.get(name) {
        Some(value) => value,
        None => record.get("properties")?.get(name)?,
    };
    (!value.is_null()).then_some(value)
}

fn text<'r>(record: &'r Json, name: &str) -> Option<&'r str> {
    member(record, name)?.as_str()
}

/// Reads `employeeCount` as a whole number from its text or a JSON integer.
fn employee_count(record: &Json) -> Option<i64> {
    match member(record, "employeeCount")? {
        Json::String(text) => text.parse().ok(),
        other => other.as_i64(),
    }
}

fn annual_revenue(record: &Json) -> Option<f64> {
    member(record, "annualRevenue")?.as_f64()
}

fn created_at(record: &Json) -> Option<i64> {
    member(record, "createdAt")?.as_i64()
}

/// Reorders records by a fixed Fisher-Yates shuffle, so that input order is not `id` order.
fn shuffled(mut records: Vec<Json>) -> Vec<Json> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for index in (1..records.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let other = usize::try_from((state >> 33) % (index as u64 + 1)).expect("fits usize");
        records.swap(index, other);
    }
    records
}

/// Orders two optional values with missing ones first, then `present` on the values.
fn nulls_first<T>(a: Option<T>, b: Option<T>, present: impl Fn(T, T) -> Ordering) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => present(a, b),
    }
}

/// Orders two optional values with missing ones last, then `present` on the values.
fn nulls_last<T>(a: Option<T>, b: Option<T>, present: impl Fn(T, T) -> Ordering) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => present(a, b),
    }
}

// Numbers stored as text.

#[test]
fn flagship_compares_employee_count_as_number() {
    let records = companies();
    let compiled =
        typed("filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))");
    let expected = ids_where(&records, |record| {
        annual_revenue(record).is_some_and(|revenue| revenue > 500_000.0)
            || (employee_count(record).is_some_and(|count| count > 1000)
                && text(record, "country") == Some("US"))
    });
    let found = selected(&compiled, &records);
    assert_eq!(found, expected);

    // A US company whose count is above "1000" as text but not as a number, such as "650".
    let text_trap = records.iter().find(|record| {
        text(record, "country") == Some("US")
            && annual_revenue(record).is_some_and(|revenue| revenue <= 500_000.0)
            && text(record, "employeeCount").is_some_and(|count| count > "1000")
            && employee_count(record).is_some_and(|count| count <= 1000)
    });
    let text_trap = text_trap.expect("the sample has a US company such as employeeCount 650");
    assert!(!found.contains(&id(text_trap)));

    // A US company that only the AND branch selects.
    let and_branch = records.iter().find(|record| {
        text(record, "country") == Some("US")
            && annual_revenue(record).is_none_or(|revenue| revenue <= 500_000.0)
            && employee_count(record).is_some_and(|count| count > 1000)
    });
    let and_branch = and_branch.expect("the sample has a large US company with low revenue");
    assert!(found.contains(&id(and_branch)));
}

#[test]
fn in_list_matches_numeric_text() {
    let records = companies();
    let found = selected(&typed("filter=in(employeeCount,15,50)"), &records);
    let expected = ids_where(&records, |record| {
        matches!(text(record, "employeeCount"), Some("15" | "50"))
    });
    assert_eq!(found, expected);
    assert!(!expected.is_empty());
}

#[test]
fn leading_zero_literal_reads_as_integer() {
    let records = companies();
    let found = selected(&typed("filter=eq(employeeCount,015)"), &records);
    let expected = ids_where(&records, |record| {
        text(record, "employeeCount") == Some("15")
    });
    assert_eq!(found, expected);
    assert!(!expected.is_empty());
}

#[test]
fn integer_field_reads_text_and_numbers() {
    let records = vec![
        json!({"id": 1, "employeeCount": "15"}),
        json!({"id": 2, "employeeCount": 15}),
        json!({"id": 3, "employeeCount": "015"}),
        json!({"id": 4, "employeeCount": "15.0"}),
        json!({"id": 5, "employeeCount": " 15"}),
        json!({"id": 6, "employeeCount": 16}),
    ];
    // "15.0" reads as the number 15, which equals the integer 15. " 15" is not a number.
    let found = selected(&typed("employeeCount=15"), &records);
    assert_eq!(found, vec![1, 2, 3, 4]);
}

#[test]
fn number_field_reads_numeric_text() {
    let records = vec![
        json!({"id": 1, "annualRevenue": "100"}),
        json!({"id": 2, "annualRevenue": 100.0}),
        json!({"id": 3, "annualRevenue": "99.5"}),
        json!({"id": 4, "annualRevenue": "1e2"}),
        json!({"id": 5, "annualRevenue": "abc"}),
    ];
    let equal = selected(&typed("annualRevenue=100"), &records);
    assert_eq!(equal, vec![1, 2, 4]);
    let below = selected(&typed("annualRevenue=lt::100"), &records);
    assert_eq!(below, vec![3]);
}

#[test]
fn enumeration_filters_exactly() {
    let records = companies();
    let found = selected(
        &typed("filter=in(industry,ENERGY,RETAIL)&type=CUSTOMER"),
        &records,
    );
    let expected = ids_where(&records, |record| {
        matches!(text(record, "industry"), Some("ENERGY" | "RETAIL"))
            && text(record, "type") == Some("CUSTOMER")
    });
    assert_eq!(found, expected);
    assert!(!expected.is_empty());
}

// Timestamps.

#[test]
fn timestamp_literal_forms_agree() {
    let records = companies();
    let expected = ids_where(&records, |record| {
        created_at(record).is_some_and(|millis| millis > JUNE_2024)
    });
    let rfc_3339 = selected(
        &typed("filter=gt(createdAt,2024-06-01T00:00:00Z)"),
        &records,
    );
    let millis = selected(&typed("filter=gt(createdAt,1717200000000)"), &records);
    let match_type = selected(&typed("createdAt=gt::2024-06-01T00:00:00Z"), &records);

    assert_eq!(rfc_3339, expected);
    assert_eq!(millis, expected);
    assert_eq!(match_type, expected);
    assert!(!expected.is_empty());
    assert!(expected.len() < records.len());
}

#[test]
fn timestamp_btn_with_offsets() {
    let records = companies();
    // The bounds are midnight UTC at the start of 2024 and of 2025, written with offsets.
    // `%2B` is `+`, which a query string would otherwise decode to a space.
    let found = selected(
        &typed("filter=btn(createdAt,2024-01-01T09:00:00%2B09:00,2024-12-31T16:00:00-08:00)"),
        &records,
    );
    let expected = ids_where(&records, |record| {
        created_at(record).is_some_and(|millis| (START_OF_2024..=START_OF_2025).contains(&millis))
    });
    assert_eq!(found, expected);
    assert!(!expected.is_empty());
    assert!(expected.len() < records.len());
}

#[test]
fn timestamp_btn_forms_agree() {
    let records = companies();
    let offsets = selected(
        &typed("updatedAt=btn::2024-01-01T09:00:00%2B09:00,2024-12-31T16:00:00-08:00"),
        &records,
    );
    let millis = selected(
        &typed("updatedAt=btn::1704067200000,1735689600000"),
        &records,
    );
    assert_eq!(offsets, millis);
}

#[test]
fn timestamp_records_in_both_forms() {
    let records = vec![
        json!({"id": 1, "createdAt": JUNE_2024}),
        json!({"id": 2, "createdAt": "2024-06-01T02:00:00+02:00"}),
        json!({"id": 3, "createdAt": "2024-06-01T00:00:00.000Z"}),
        json!({"id": 4, "createdAt": "2024-06-01"}),
        json!({"id": 5, "createdAt": JUNE_2024 + 1}),
        json!({"id": 6, "createdAt": "2024-05-31T23:59:59.999Z"}),
        json!({"id": 7}),
    ];
    // Records 1 to 3 are the same instant. "2024-06-01" is a date, not a timestamp.
    let equal = selected(&typed("createdAt=2024-06-01T00:00:00Z"), &records);
    assert_eq!(equal, vec![1, 2, 3]);
    let before = selected(&typed("createdAt=lt::1717200000000"), &records);
    assert_eq!(before, vec![6]);

    let order = sorted_ids(&typed("sort=createdAt"), &records);
    assert_eq!(order, vec![6, 1, 2, 3, 5, 4, 7]);
}

// Sorting by type.

/// Orders two companies as `sort=-employeeCount` with `id` as key should: counts that cannot
/// be read first, then counts from high to low, then ties by `id`.
fn by_count_descending_then_id(a: &Json, b: &Json) -> Ordering {
    nulls_first(employee_count(a), employee_count(b), |a, b| b.cmp(&a))
        .then_with(|| id(a).cmp(&id(b)))
}

#[test]
fn sort_by_integer_is_numeric() {
    let records = shuffled(companies());
    let found = sorted_ids(&typed("sort=-employeeCount"), &records);

    let mut expected_records: Vec<&Json> = records.iter().collect();
    expected_records.sort_by(|a, b| by_count_descending_then_id(a, b));
    let expected = ids(expected_records.iter().copied());
    assert_eq!(found, expected);

    // The order differs from the code-point order of the text.
    let mut as_text: Vec<&Json> = records.iter().collect();
    as_text.sort_by(|a, b| {
        nulls_first(
            text(a, "employeeCount"),
            text(b, "employeeCount"),
            |a, b| b.cmp(a),
        )
        .then_with(|| id(a).cmp(&id(b)))
    });
    assert_ne!(ids(as_text), expected);
}

#[test]
fn sort_descending_puts_missing_first() {
    let records = shuffled(companies());
    let found = sorted_ids(&typed("sort=-employeeCount"), &records);
    let mut missing = ids_where(&records, |record| employee_count(record).is_none());
    missing.sort_unstable();
    assert!(!missing.is_empty());
    assert_eq!(found[..missing.len()], missing[..]);
}

#[test]
fn sort_ascending_puts_missing_last() {
    let records = shuffled(companies());
    let found = sorted_ids(&typed("sort=employeeCount"), &records);

    let mut expected_records: Vec<&Json> = records.iter().collect();
    expected_records.sort_by(|a, b| {
        nulls_last(employee_count(a), employee_count(b), |a, b| a.cmp(&b))
            .then_with(|| id(a).cmp(&id(b)))
    });
    assert_eq!(found, ids(expected_records));
}

#[test]
fn sort_ties_ordered_by_id() {
    let records = shuffled(companies());
    let found = sorted_ids(&typed("sort=-employeeCount"), &records);
    let mut fifty_one = ids_where(&records, |record| employee_count(record) == Some(51));
    assert!(
        fifty_one.len() > 1,
        "the sample has several companies of 51"
    );

    let in_result: Vec<i64> = found
        .iter()
        .copied()
        .filter(|id| fifty_one.contains(id))
        .collect();
    fifty_one.sort_unstable();
    assert_eq!(in_result, fifty_one);
}

#[test]
fn sort_on_key_itself_not_repeated() {
    let records = shuffled(companies());
    let found = sorted_ids(&typed("sort=-id"), &records);
    let mut expected = ids(&records);
    expected.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(found, expected);
}

#[test]
fn unsorted_results_ordered_by_id() {
    let records = shuffled(companies());
    let input_order = ids_where(&records, |record| text(record, "country") == Some("US"));
    let mut expected = input_order.clone();
    expected.sort_unstable();
    assert_ne!(
        input_order, expected,
        "the shuffle leaves the records out of id order"
    );

    let compiled = typed("country=US&pageSize=100");
    let page = compiled.page(&records);
    assert_eq!(ids(page.data.iter().copied()), expected);
    assert_eq!(page.paging.sorting_criteria, None);
}

#[test]
fn unsorted_pages_follow_id_order() {
    let records = shuffled(companies());
    let mut expected = ids_where(&records, |record| text(record, "country") == Some("US"));
    expected.sort_unstable();

    let page = typed("country=US&pageSize=10&pageNumber=2").page(&records);
    assert_eq!(ids(page.data.iter().copied()), expected[10..20]);
}

#[test]
fn key_field_named_by_schema() {
    let records = shuffled(companies());
    let found = sorted_ids(
        &typed_with("sort=-employeeCount", &schema_keyed_by_name()),
        &records,
    );

    let name = |record: &Json| text(record, "companyName").map(str::to_owned);
    let mut expected_records: Vec<&Json> = records.iter().collect();
    expected_records.sort_by(|a, b| {
        nulls_first(employee_count(a), employee_count(b), |a, b| b.cmp(&a))
            .then_with(|| name(a).cmp(&name(b)))
    });
    let expected = ids(expected_records);
    assert_eq!(found, expected);

    // Ordering ties by id instead gives another order, so the key is visible.
    let mut by_id: Vec<&Json> = records.iter().collect();
    by_id.sort_by(|a, b| by_count_descending_then_id(a, b));
    assert_ne!(ids(by_id), expected);
}

#[test]
fn unsorted_results_ordered_by_named_key() {
    let records = shuffled(companies());
    let compiled = typed_with("country=US&pageSize=100", &schema_keyed_by_name());
    let page = compiled.page(&records);

    let mut expected_records: Vec<&Json> = records
        .iter()
        .filter(|record| text(record, "country") == Some("US"))
        .collect();
    expected_records.sort_by_key(|record| text(record, "companyName").map(str::to_owned));
    assert_eq!(ids(page.data.iter().copied()), ids(expected_records));
}

// Record values that cannot be read as the field's type.

/// Returns the companies and four records whose `employeeCount` is not a whole number.
fn companies_with_unreadable_counts() -> Vec<Json> {
    let mut records = companies();
    for (id, count) in [(1001, "n/a"), (1002, "1,200"), (1003, ""), (1004, "ten")] {
        records.push(json!({
            "id": id,
            "properties": {"country": "US", "employeeCount": count, "annualRevenue": 1}
        }));
    }
    records
}

/// A condition on a whole-number employee count.
type CountTest = fn(i64) -> bool;

#[test]
fn unreadable_values_match_no_comparison() {
    let records = companies_with_unreadable_counts();
    let cases: [(&str, CountTest); 6] = [
        ("employeeCount=gt::0", |count| count > 0),
        ("employeeCount=lt::100000000", |count| count < 100_000_000),
        ("employeeCount=neq::5", |count| count != 5),
        ("employeeCount=nin::5", |count| count != 5),
        ("employeeCount=btn::-1,100000000", |count| {
            (-1..=100_000_000).contains(&count)
        }),
        ("employeeCount=gte::-1", |count| count >= -1),
    ];
    for (query, holds) in cases {
        let found = selected(&typed(query), &records);
        let expected = ids_where(&records, |record| employee_count(record).is_some_and(holds));
        assert_eq!(found, expected, "{query}");
        for id in [1001, 1002, 1003, 1004] {
            assert!(!found.contains(&id), "{query} selected record {id}");
        }
    }
}

#[test]
fn unreadable_values_are_not_null() {
    let records = companies_with_unreadable_counts();
    let found = selected(&typed("filter=isnull(employeeCount)"), &records);
    let expected = ids_where(&records, |record| member(record, "employeeCount").is_none());
    assert_eq!(found, expected);
}

#[test]
fn unreadable_values_sort_with_nulls() {
    let records = shuffled(companies_with_unreadable_counts());
    let descending = sorted_ids(&typed("sort=-employeeCount"), &records);
    let ascending = sorted_ids(&typed("sort=employeeCount"), &records);

    let mut nulls = ids_where(&records, |record| employee_count(record).is_none());
    nulls.sort_unstable();
    assert!(nulls.contains(&1001));
    assert_eq!(descending[..nulls.len()], nulls[..]);
    assert_eq!(ascending[ascending.len() - nulls.len()..], nulls[..]);
}

// Booleans and dates.

fn flags_and_dates() -> Vec<Json> {
    vec![
        json!({"id": 1, "active": true, "foundedOn": "2021-02-16"}),
        json!({"id": 2, "active": "false", "foundedOn": "2020-12-31"}),
        json!({"id": 3, "active": "true", "foundedOn": "2021-02-03"}),
        json!({"id": 4, "active": false, "foundedOn": "2021-2-3"}),
        json!({"id": 5, "active": "TRUE", "foundedOn": null}),
        json!({"id": 6, "active": 1, "foundedOn": "2021-02-30"}),
        json!({"id": 7}),
    ]
}

#[test]
fn boolean_reads_json_and_text() {
    let records = flags_and_dates();
    assert_eq!(selected(&typed("active=true"), &records), vec![1, 3]);
    assert_eq!(selected(&typed("active=false"), &records), vec![2, 4]);
    assert_eq!(selected(&typed("active=neq::true"), &records), vec![2, 4]);
    assert_eq!(
        selected(&typed("active=in::true,false"), &records),
        vec![1, 2, 3, 4]
    );
    assert_eq!(selected(&typed("active=isnull::"), &records), vec![7]);
}

#[test]
fn boolean_sort_false_first() {
    let records = flags_and_dates();
    assert_eq!(
        sorted_ids(&typed("sort=active"), &records),
        vec![2, 4, 1, 3, 5, 6, 7]
    );
    assert_eq!(
        sorted_ids(&typed("sort=-active"), &records),
        vec![5, 6, 7, 1, 3, 2, 4]
    );
}

#[test]
fn date_compares_calendar_dates() {
    let records = flags_and_dates();
    assert_eq!(
        selected(&typed("foundedOn=gt::2021-01-01"), &records),
        vec![1, 3]
    );
    assert_eq!(
        selected(
            &typed("filter=btn(foundedOn,2020-12-31,2021-02-03)"),
            &records
        ),
        vec![2, 3]
    );
    assert_eq!(selected(&typed("foundedOn=2021-02-03"), &records), vec![3]);
}

#[test]
fn date_sort_with_unreadable_last() {
    let records = flags_and_dates();
    // "2021-2-3" and "2021-02-30" are not dates, so they sort with null and the missing one.
    assert_eq!(
        sorted_ids(&typed("sort=foundedOn"), &records),
        vec![2, 3, 1, 4, 5, 6, 7]
    );
    assert_eq!(
        sorted_ids(&typed("sort=-foundedOn"), &records),
        vec![4, 5, 6, 7, 1, 3, 2]
    );
}

// NOT with a schema.

#[test]
fn not_excludes_missing_values() {
    let records = companies();
    let found = selected(&typed("filter=NOT(gt(employeeCount,1000))"), &records);
    let expected = ids_where(&records, |record| {
        employee_count(record).is_some_and(|count| count <= 1000)
    });
    assert_eq!(found, expected);

    let missing = ids_where(&records, |record| member(record, "employeeCount").is_none());
    assert!(!missing.is_empty());
    assert!(missing.iter().all(|id| !found.contains(id)));
}

#[test]
fn not_of_text_excludes_missing_country() {
    let records = companies();
    let found = selected(&typed("filter=NOT(eq(country,US))"), &records);
    let expected = ids_where(&records, |record| {
        text(record, "country").is_some_and(|country| country != "US")
    });
    assert_eq!(found, expected);
}

#[test]
fn not_of_typed_list() {
    let records = companies();
    let found = selected(&typed("filter=NOT(in(employeeCount,15,50))"), &records);
    let expected = ids_where(&records, |record| {
        employee_count(record).is_some_and(|count| count != 15 && count != 50)
    });
    assert_eq!(found, expected);
}

#[test]
fn not_excludes_unreadable_values() {
    let records = companies_with_unreadable_counts();
    let found = selected(&typed("filter=NOT(gt(employeeCount,1000))"), &records);
    let expected = ids_where(&records, |record| {
        employee_count(record).is_some_and(|count| count <= 1000)
    });
    assert!(!found.contains(&1001), "NOT selected employeeCount \"n/a\"");
    assert_eq!(found, expected);
}

// Typed and untyped evaluation.

#[test]
fn untyped_sort_orders_text() {
    let records = shuffled(companies());
    let found = sorted_ids(&untyped("sort=-employeeCount"), &records);

    // Without a key, ties keep input order, which a stable sort of the input gives.
    let mut expected_records: Vec<&Json> = records.iter().collect();
    expected_records.sort_by(|a, b| {
        nulls_first(
            text(a, "employeeCount"),
            text(b, "employeeCount"),
            |a, b| b.cmp(a),
        )
    });
    assert_eq!(found, ids(expected_records));
}

#[test]
fn typed_and_untyped_sorts_differ() {
    let records = shuffled(companies());
    let untyped_order = sorted_ids(&untyped("sort=-employeeCount"), &records);
    let typed_order = sorted_ids(&typed("sort=-employeeCount"), &records);
    assert_ne!(untyped_order, typed_order);
}

#[test]
fn untyped_leading_zero_is_text() {
    let records = companies();
    assert!(selected(&untyped("filter=eq(employeeCount,015)"), &records).is_empty());
    assert!(!selected(&typed("filter=eq(employeeCount,015)"), &records).is_empty());
}

#[test]
fn untyped_timestamp_text_matches_nothing() {
    let records = companies();
    let input = "filter=gt(createdAt,2024-06-01T00:00:00Z)";
    assert!(selected(&untyped(input), &records).is_empty());
    assert!(!selected(&typed(input), &records).is_empty());
}

#[test]
fn typed_and_untyped_agree_on_plain_filters() {
    let records = companies();
    for input in [
        "country=US",
        "filter=gt(annualRevenue,500000)",
        "filter=in(employeeCount,15,50)",
        "filter=AND(gte(employeeCount,100),lte(employeeCount,1000))",
    ] {
        assert_eq!(
            selected(&untyped(input), &records),
            selected(&typed(input), &records),
            "{input}"
        );
    }
}

#[test]
fn text_field_orders_by_code_point() {
    let records = vec![
        json!({"id": 1, "zip": "9"}),
        json!({"id": 2, "zip": "10"}),
        json!({"id": 3, "zip": "100"}),
        json!({"id": 4, "zip": "A1"}),
    ];
    // As text, "10" and "100" sort before "5" and "9" after it.
    assert_eq!(selected(&typed("zip=gt::5"), &records), vec![1, 4]);
    assert_eq!(selected(&typed("zip=btn::1,5"), &records), vec![2, 3]);
}

#[test]
fn text_field_sorts_by_code_point() {
    let records = vec![
        json!({"id": 1, "zip": "9"}),
        json!({"id": 2, "zip": "10"}),
        json!({"id": 3, "zip": "100"}),
    ];
    assert_eq!(sorted_ids(&typed("sort=zip"), &records), vec![2, 3, 1]);
}
