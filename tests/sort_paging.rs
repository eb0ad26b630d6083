//! Sort keys, paging parameters and the response page. Expected orders come from a stable sort
//! in plain Rust over `serde_json` values, never from the evaluator.

mod common;

use std::cmp::Ordering;

use common::{penguins_with_row, query, query_error, rows, spanned};
use inperium_filter::{Compiled, Direction, ErrorKind, Page, ParseOptions, Query};
use serde_json::{json, Value as Json};

/// Returns the sort keys of a query as `(name, direction)` pairs.
fn sort_keys(input: &str) -> Vec<(String, Direction)> {
    query(input)
        .sort
        .expect("a sort parameter")
        .keys
        .into_iter()
        .map(|key| (key.field.name, key.direction))
        .collect()
}

/// Returns the `row` of every record in sorted order, read page by page.
fn sorted_rows(sort: &str, records: &[Json]) -> Vec<u64> {
    let mut all = Vec::new();
    for page_number in 1.. {
        let parsed = query(&format!(
            "sort={sort}&pageSize=100&pageNumber={page_number}"
        ));
        let page = Compiled::new(&parsed).unwrap().page(records);
        if page.data.is_empty() {
            break;
        }
        all.extend(rows(&page.data));
    }
    all
}

/// Orders two optional keys with nulls last, or first when `descending`.
fn nulls_placed<T>(
    a: Option<T>,
    b: Option<T>,
    descending: bool,
    order: impl Fn(T, T) -> Ordering,
) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) if descending => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) if descending => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) if descending => order(a, b).reverse(),
        (Some(a), Some(b)) => order(a, b),
    }
}

fn page_of<'r>(input: &str, records: &'r [Json]) -> Page<&'r Json> {
    Compiled::new(&query(input)).unwrap().page(records)
}

// ---- sort keys ----

#[test]
fn sort_signs() {
    let cases = [
        ("sort=a", Direction::Ascending),
        ("sort=-a", Direction::Descending),
        ("sort=%2Ba", Direction::Ascending),
        ("sort=+a", Direction::Ascending),
        ("sort=%20a", Direction::Ascending),
        ("sort=%2Da", Direction::Descending),
    ];
    for (input, direction) in cases {
        assert_eq!(sort_keys(input), [("a".to_owned(), direction)], "{input}");
    }
}

#[test]
fn sort_keys_are_trimmed() {
    let keys = sort_keys("sort=+a+,+-b+,%09%2Bc%0A");
    assert_eq!(
        keys,
        [
            ("a".to_owned(), Direction::Ascending),
            ("b".to_owned(), Direction::Descending),
            ("c".to_owned(), Direction::Ascending),
        ]
    );
}

#[test]
fn sort_quoted_keys() {
    let keys = sort_keys("sort=-%22Body+Mass+(g)%22,%22a,b%22,%2B%22x%22");
    assert_eq!(
        keys,
        [
            ("Body Mass (g)".to_owned(), Direction::Descending),
            ("a,b".to_owned(), Direction::Ascending),
            ("x".to_owned(), Direction::Ascending),
        ]
    );
}

#[test]
fn sort_bare_keys() {
    let keys = sort_keys("sort=address.city,-_id,北京,a-b");
    let names: Vec<&str> = keys.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["address.city", "_id", "北京", "a-b"]);
}

#[test]
fn invalid_sort_key_is_error() {
    let cases = [
        ("sort=-country;DROP TABLE x", ";"),
        ("sort=a,,b", ","),
        ("sort=,a", ","),
        ("sort=.a", "."),
        ("sort=--a", "-"),
        ("sort=%2B-a", "-"),
        ("sort=a+b", "b"),
        ("sort=a(b)", "("),
        ("sort=a%22", "%22"),
        ("sort=-+a", "+"),
    ];
    for (input, at) in cases {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidField, "{input}");
        assert_eq!(spanned(input, &error), at, "{input}");
    }
}

#[test]
fn injection_in_sort_is_rejected() {
    let input = "sort=-country;DROP TABLE x";
    let error = query_error(input);
    assert_eq!(error.span().start, 13);
    assert!(
        error.message().contains("`-country;DROP TABLE x`"),
        "{error}"
    );
}

#[test]
fn trailing_comma_in_sort_is_error() {
    let error = query_error("sort=a,");
    assert_eq!(error.kind(), ErrorKind::InvalidField);
}

#[test]
fn empty_sort_is_error() {
    for input in ["sort=", "sort=+", "sort=%20%20"] {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::MissingValue, "{input}");
    }
    let error = query_error("sort=%22%22");
    assert_eq!(error.kind(), ErrorKind::InvalidQuoting);
}

// ---- sort order ----

#[test]
fn sort_descending_puts_nulls_first() {
    let records = penguins_with_row();
    let mut expected: Vec<usize> = (0..records.len()).collect();
    expected.sort_by(|&a, &b| {
        let mass = |i: usize| records[i]["Body Mass (g)"].as_i64();
        nulls_placed(mass(a), mass(b), true, |x, y| x.cmp(&y))
    });
    let expected: Vec<u64> = expected.into_iter().map(|i| i as u64).collect();
    assert_eq!(sorted_rows("-%22Body+Mass+(g)%22", &records), expected);
    assert!(records[expected[0] as usize]["Body Mass (g)"].is_null());
    assert!(records[expected[1] as usize]["Body Mass (g)"].is_null());
}

#[test]
fn sort_ascending_puts_nulls_last() {
    let records = penguins_with_row();
    let mut expected: Vec<usize> = (0..records.len()).collect();
    expected.sort_by(|&a, &b| {
        let length = |i: usize| records[i]["Beak Length (mm)"].as_f64();
        nulls_placed(length(a), length(b), false, |x, y| x.total_cmp(&y))
    });
    let expected: Vec<u64> = expected.into_iter().map(|i| i as u64).collect();
    assert_eq!(sorted_rows("%22Beak+Length+(mm)%22", &records), expected);
    let last = *expected.last().unwrap() as usize;
    assert!(records[last]["Beak Length (mm)"].is_null());
}

#[test]
fn sort_by_several_keys_is_stable() {
    let records = penguins_with_row();
    let mut expected: Vec<usize> = (0..records.len()).collect();
    expected.sort_by(|&a, &b| {
        let species = |i: usize| records[i]["Species"].as_str();
        let sex = |i: usize| records[i]["Sex"].as_str();
        let depth = |i: usize| records[i]["Beak Depth (mm)"].as_f64();
        nulls_placed(species(a), species(b), false, |x, y| x.cmp(y))
            .then_with(|| nulls_placed(sex(a), sex(b), true, |x, y| x.cmp(y)))
            .then_with(|| nulls_placed(depth(a), depth(b), true, |x, y| x.total_cmp(&y)))
    });
    let expected: Vec<u64> = expected.into_iter().map(|i| i as u64).collect();
    assert_eq!(
        sorted_rows("Species,-Sex,-%22Beak+Depth+(mm)%22", &records),
        expected
    );
}

#[test]
fn sort_ties_keep_input_order() {
    let records = penguins_with_row();
    let mut expected: Vec<usize> = (0..records.len()).collect();
    expected.sort_by(|&a, &b| {
        let island = |i: usize| records[i]["Island"].as_str().unwrap();
        island(b).cmp(island(a))
    });
    let expected: Vec<u64> = expected.into_iter().map(|i| i as u64).collect();
    let got = sorted_rows("-Island", &records);
    assert_eq!(got, expected);
    let first_rows: Vec<u64> = got.iter().copied().take(3).collect();
    let torgersen_rows: Vec<u64> = records
        .iter()
        .filter(|r| r["Island"] == "Torgersen")
        .map(|r| r["row"].as_u64().unwrap())
        .take(3)
        .collect();
    assert_eq!(first_rows, torgersen_rows);
}

/// Ranks a JSON value in the order that sorting without a schema uses.
fn type_rank(value: &Json) -> u8 {
    match value {
        Json::String(_) => 0,
        Json::Number(_) => 1,
        Json::Bool(_) => 2,
        Json::Array(_) => 3,
        Json::Object(_) => 4,
        Json::Null => 5,
    }
}

/// Orders two non-null values of the same rank. Two arrays or two objects are equal.
fn same_type_order(a: &Json, b: &Json) -> Ordering {
    match (a, b) {
        (Json::String(a), Json::String(b)) => a.chars().cmp(b.chars()),
        (Json::Number(a), Json::Number(b)) => a.as_f64().unwrap().total_cmp(&b.as_f64().unwrap()),
        (Json::Bool(a), Json::Bool(b)) => a.cmp(b),
        _ => Ordering::Equal,
    }
}

fn mixed_records() -> Vec<Json> {
    let values = [
        json!({}),
        json!([1]),
        json!(true),
        json!(2),
        json!("b"),
        json!(false),
        json!("a"),
        json!(null),
        json!(1.5),
        json!("10"),
        json!("9"),
        json!([0]),
        json!({"x": 1}),
        json!("A"),
        json!(-3),
    ];
    let mut records: Vec<Json> = values
        .into_iter()
        .enumerate()
        .map(|(row, value)| json!({"row": row, "v": value}))
        .collect();
    records.insert(4, json!({"row": 15}));
    records
}

#[test]
fn mixed_types_order_by_type() {
    let records = mixed_records();
    for descending in [false, true] {
        let mut expected: Vec<&Json> = records.iter().collect();
        expected.sort_by(|a, b| {
            let value = |r: &Json| r.get("v").filter(|v| !v.is_null()).cloned();
            nulls_placed(value(a), value(b), descending, |x, y| {
                type_rank(&x)
                    .cmp(&type_rank(&y))
                    .then_with(|| same_type_order(&x, &y))
            })
        });
        let sort = if descending { "-v" } else { "v" };
        let page = page_of(&format!("sort={sort}"), &records);
        assert_eq!(rows(&page.data), rows(&expected), "{sort}");
    }
}

#[test]
fn mixed_types_ascending_literal() {
    let records = mixed_records();
    let page = page_of("sort=v", &records);
    let values: Vec<Json> = page
        .data
        .iter()
        .map(|r| r.get("v").cloned().unwrap_or(Json::Null))
        .collect();
    assert_eq!(
        values,
        [
            json!("10"),
            json!("9"),
            json!("A"),
            json!("a"),
            json!("b"),
            json!(-3),
            json!(1.5),
            json!(2),
            json!(false),
            json!(true),
            json!([1]),
            json!([0]),
            json!({}),
            json!({"x": 1}),
            json!(null),
            json!(null),
        ]
    );
}

#[test]
fn numeric_strings_sort_as_text() {
    let records: Vec<Json> = ["999", "1000", "20", "3"]
        .into_iter()
        .map(|text| json!({ "n": text }))
        .collect();
    let page = page_of("sort=n", &records);
    let texts: Vec<&str> = page.data.iter().map(|r| r["n"].as_str().unwrap()).collect();
    assert_eq!(texts, ["1000", "20", "3", "999"]);
}

#[test]
fn large_integers_sort_exactly() {
    let records = vec![
        json!({"n": 9_007_199_254_740_993u64}),
        json!({"n": 9_007_199_254_740_992u64}),
        json!({"n": u64::MAX}),
        json!({"n": i64::MIN}),
    ];
    let page = page_of("sort=n", &records);
    let numbers: Vec<&Json> = page.data.iter().map(|r| &r["n"]).collect();
    assert_eq!(
        numbers,
        [
            &json!(i64::MIN),
            &json!(9_007_199_254_740_992u64),
            &json!(9_007_199_254_740_993u64),
            &json!(u64::MAX)
        ]
    );
}

#[test]
fn sort_uses_field_lookup() {
    let records = vec![
        json!({"id": 1, "properties": {"name": "c"}}),
        json!({"id": 2, "name": "a", "properties": {"name": "z"}}),
        json!({"id": 3, "address": {"city": "b"}, "properties": {"name": "b"}}),
        json!({"id": 4, "name": null, "properties": {"name": "0"}}),
    ];
    let page = page_of("sort=name", &records);
    let ids: Vec<&Json> = page.data.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, [&json!(2), &json!(3), &json!(1), &json!(4)]);

    let page = page_of("sort=-address.city", &records);
    let ids: Vec<&Json> = page.data.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, [&json!(1), &json!(2), &json!(4), &json!(3)]);
}

#[test]
fn unsorted_page_keeps_input_order() {
    let records = penguins_with_row();
    let page = page_of("pageSize=5&pageNumber=3", &records);
    assert_eq!(rows(&page.data), [10, 11, 12, 13, 14]);
}

// ---- paging parameters ----

#[test]
fn paging_defaults() {
    let parsed = query("a=1");
    assert_eq!(parsed.page_number, None);
    assert_eq!(parsed.page_size, None);
    assert_eq!(parsed.page_number_or_default(), 1);
    assert_eq!(parsed.page_size_or_default(), 20);
    let compiled = Compiled::new(&parsed).unwrap();
    assert_eq!(compiled.page_number(), 1);
    assert_eq!(compiled.page_size(), 20);
}

#[test]
fn paging_values_accepted() {
    let cases = [
        ("pageNumber=1", 1, 20),
        ("pageNumber=2147483647", 2_147_483_647, 20),
        ("pageSize=1", 1, 1),
        ("pageSize=100", 1, 100),
        ("pageNumber=007&pageSize=025", 7, 25),
    ];
    for (input, number, size) in cases {
        let parsed = query(input);
        assert_eq!(parsed.page_number_or_default(), number, "{input}");
        assert_eq!(parsed.page_size_or_default(), size, "{input}");
    }
}

#[test]
fn invalid_page_size_is_error() {
    let values = [
        "0",
        "-1",
        "abc",
        "101",
        "1000",
        "",
        "+1",
        "%2B1",
        "1.0",
        "1e2",
        "٣",
        "%201",
        "1%20",
        "0x10",
        "00",
        "4294967296",
        "18446744073709551617",
        "99999999999999999999999999999999999999999",
    ];
    for value in values {
        let input = format!("pageSize={value}");
        let error = query_error(&input);
        assert_eq!(error.kind(), ErrorKind::InvalidPaging, "{input}");
        assert_eq!(spanned(&input, &error), value, "{input}");
        assert!(error.message().contains("pageSize"), "{input}: {error}");
    }
}

#[test]
fn invalid_page_number_is_error() {
    let values = [
        "0",
        "-1",
        "x",
        "",
        "2147483648",
        "4294967295",
        "4294967296",
        "99999999999999999999999999999",
        "1.5",
        "+2",
    ];
    for value in values {
        let input = format!("pageNumber={value}");
        let error = query_error(&input);
        assert_eq!(error.kind(), ErrorKind::InvalidPaging, "{input}");
        assert!(error.message().contains("pageNumber"), "{input}: {error}");
    }
}

#[test]
fn page_size_maximum_is_configurable() {
    let options = ParseOptions::new().with_max_page_size(500);
    assert_eq!(options.max_page_size(), 500);
    let parsed = options.parse_query("pageSize=500").unwrap();
    assert_eq!(parsed.page_size_or_default(), 500);
    let error = options.parse_query("pageSize=501").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidPaging);
    assert!(error.message().contains("500"), "{error}");
    let small = ParseOptions::new().with_max_page_size(10);
    let error = small.parse_query("pageSize=11").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidPaging);
}

// ---- response page ----

#[test]
fn pages_over_penguins() {
    let records = penguins_with_row();
    let page = page_of("pageSize=25&pageNumber=2", &records);
    assert_eq!(rows(&page.data), (25..50).collect::<Vec<u64>>());
    assert_eq!(page.paging.page_number, 2);
    assert_eq!(page.paging.page_size, 25);
    assert_eq!(page.paging.total_number_of_records, 344);
    assert_eq!(page.paging.total_number_of_pages, 14);
    assert!(page.paging.has_next_page);
    assert!(page.paging.has_previous_page);
    assert!(page.paging.has_more);
    assert_eq!(page.paging.sorting_criteria, None);
}

#[test]
fn last_page_is_short() {
    let records = penguins_with_row();
    let page = page_of("pageSize=25&pageNumber=14", &records);
    assert_eq!(rows(&page.data), (325..344).collect::<Vec<u64>>());
    assert!(!page.paging.has_next_page);
    assert!(!page.paging.has_more);
    assert!(page.paging.has_previous_page);
}

#[test]
fn page_past_end_is_empty() {
    let records = penguins_with_row();
    for input in [
        "pageSize=25&pageNumber=15",
        "pageNumber=2147483647&pageSize=100",
        "pageNumber=2147483647&pageSize=100&sort=Species",
    ] {
        let page = page_of(input, &records);
        assert!(page.data.is_empty(), "{input}");
        assert_eq!(page.paging.total_number_of_records, 344, "{input}");
        assert!(!page.paging.has_next_page, "{input}");
        assert!(page.paging.has_previous_page, "{input}");
    }
}

#[test]
fn filtered_total_counts_matches() {
    let records = penguins_with_row();
    let page = page_of("Sex=isnull::&pageSize=3&pageNumber=4", &records);
    let nulls: Vec<u64> = records
        .iter()
        .filter(|r| r["Sex"].is_null())
        .map(|r| r["row"].as_u64().unwrap())
        .collect();
    assert_eq!(nulls.len(), 10);
    assert_eq!(rows(&page.data), nulls[9..]);
    assert_eq!(page.paging.total_number_of_records, 10);
    assert_eq!(page.paging.total_number_of_pages, 4);
    assert!(!page.paging.has_next_page);
}

#[test]
fn no_records_means_no_pages() {
    let records: Vec<Json> = Vec::new();
    let page = page_of("", &records);
    assert!(page.data.is_empty());
    assert_eq!(page.paging.total_number_of_records, 0);
    assert_eq!(page.paging.total_number_of_pages, 0);
    assert!(!page.paging.has_next_page);
    assert!(!page.paging.has_previous_page);
    let second = page_of("pageNumber=2", &records);
    assert!(second.paging.has_previous_page);
    assert!(!second.paging.has_more);
}

#[test]
fn exact_multiple_has_no_next_page() {
    let records: Vec<Json> = (0..40).map(|i| json!({ "i": i })).collect();
    let page = page_of("pageNumber=2", &records);
    assert_eq!(page.data.len(), 20);
    assert_eq!(page.paging.total_number_of_pages, 2);
    assert!(!page.paging.has_next_page);
}

#[test]
fn sorting_criteria_has_explicit_signs() {
    let cases = [
        (
            "sort=-country,%22Body+Mass+(g)%22",
            r#"-country,+"Body Mass (g)""#,
        ),
        ("sort=createdAt", "+createdAt"),
        ("sort=+createdAt", "+createdAt"),
        ("sort=%2BcreatedAt", "+createdAt"),
        ("sort=-a,-b.c", "-a,-b.c"),
        ("sort=%22a%2Cb%22", r#"+"a,b""#),
        ("sort=%22say+%5C%22hi%5C%22%22", r#"+"say \"hi\"""#),
    ];
    let records = vec![json!({})];
    for (input, criteria) in cases {
        let page = page_of(input, &records);
        assert_eq!(
            page.paging.sorting_criteria.as_deref(),
            Some(criteria),
            "{input}"
        );
    }
}

#[test]
fn page_json_shape() {
    let records = vec![
        json!({"id": 1, "country": "US"}),
        json!({"id": 2, "country": "FR"}),
        json!({"id": 3, "country": "US"}),
    ];
    let page = page_of(
        "sort=-id&pageSize=1&pageNumber=2&filter=eq(country,US)",
        &records,
    );
    let value = serde_json::to_value(&page).unwrap();
    assert_eq!(
        value,
        json!({
            "data": [{"id": 1, "country": "US"}],
            "paging": {
                "pageNumber": 2,
                "pageSize": 1,
                "totalNumberOfRecords": 2,
                "totalNumberOfPages": 2,
                "hasNextPage": false,
                "hasPreviousPage": true,
                "sortingCriteria": "-id",
                "hasMore": false
            }
        })
    );
}

#[test]
fn page_json_null_criteria_without_sort() {
    let records = vec![json!({"id": 1})];
    let value = serde_json::to_value(page_of("", &records)).unwrap();
    assert_eq!(value["paging"]["sortingCriteria"], Json::Null);
    assert_eq!(value["paging"]["pageSize"], json!(20));
    assert_eq!(value["paging"]["pageNumber"], json!(1));
    assert_eq!(value["paging"]["totalNumberOfPages"], json!(1));
    assert_eq!(value["data"], json!([{"id": 1}]));
}

#[test]
fn collector_matches_page() {
    let records = penguins_with_row();
    for input in [
        "pageSize=7&pageNumber=3",
        "sort=-Island&pageSize=7&pageNumber=3",
    ] {
        let compiled = Compiled::new(&query(input)).unwrap();
        let mut collector = compiled.collector();
        for record in &records {
            collector.push(record);
        }
        assert_eq!(collector.matched(), 344, "{input}");
        let streamed = collector.finish();
        assert_eq!(streamed, compiled.page(&records), "{input}");
    }
}

#[test]
fn page_of_built_query() {
    let records = vec![json!({"a": 1})];
    let page = Compiled::new(&Query::new()).unwrap().page(&records);
    assert_eq!(page.data, [&records[0]]);
    assert_eq!(page.paging.page_size, Query::DEFAULT_PAGE_SIZE);
}

#[test]
fn sort_mixed_integers_and_floats_is_total() {
    // As f64 the three values are equal, but 2^53 + 1 is above 2^53. Comparing integers exactly
    // and integers with floats as f64 is not a total order, and the sort must not panic on it.
    let mut records = Vec::new();
    for _ in 0..7 {
        records.push(serde_json::json!({"n": 9007199254740993u64}));
        records.push(serde_json::json!({"n": 9007199254740992u64}));
        records.push(serde_json::json!({"n": 9007199254740992.0}));
    }
    let query = inperium_filter::parse_query("sort=n&pageSize=100").unwrap();
    let page = inperium_filter::Compiled::new(&query)
        .unwrap()
        .page(&records);
    let values: Vec<String> = page
        .data
        .iter()
        .map(|record| record["n"].to_string())
        .collect();
    assert_eq!(values.len(), 21);
    assert!(
        values[..14].iter().all(|n| n != "9007199254740993"),
        "{values:?}"
    );
    assert!(
        values[14..].iter().all(|n| n == "9007199254740993"),
        "{values:?}"
    );
}

#[test]
fn low_max_page_size_caps_default() {
    let options = inperium_filter::ParseOptions::new().with_max_page_size(5);
    let query = options.parse_query("country=US").unwrap();
    assert_eq!(query.page_size_or_default(), 5);
    let compiled = inperium_filter::Compiled::new(&query).unwrap();
    assert_eq!(compiled.page_size(), 5);
    assert_eq!(query.to_string(), "country=US");

    let high = inperium_filter::ParseOptions::new().with_max_page_size(500);
    assert_eq!(high.parse_query("a=1").unwrap().page_size_or_default(), 20);
}

#[test]
fn zero_max_page_size_becomes_one() {
    let options = inperium_filter::ParseOptions::new().with_max_page_size(0);
    assert_eq!(options.max_page_size(), 1);
    assert!(options.parse_query("pageSize=1").is_ok());
}

#[test]
fn sorting_criteria_quote_only_where_needed() {
    let query = inperium_filter::parse_query(r#"sort="id",-"Body Mass (g)""#).unwrap();
    assert_eq!(query.sort.unwrap().to_criteria(), r#"+id,-"Body Mass (g)""#);
}
