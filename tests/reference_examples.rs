//! The API reference's examples, each run through the library on the sample collection it
//! belongs to. The expected records come from plain closures over `serde_json::Value`, not from
//! the evaluator, so a test fails when the two disagree.

use inperium_filter::{parse_query, Compiled, ErrorKind, Span};
use serde_json::Value;

/// The page size the API uses when a query gives none.
const DEFAULT_PAGE_SIZE: u32 = 20;

/// Reads `data/NAME.json`, a JSON array of records.
fn load_sample(name: &str) -> Vec<Value> {
    let path = format!("{}/data/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("invalid JSON in {path}: {error}"))
}

/// Returns the member `name` of the record's `properties`, or `None` when it is missing or null.
fn property<'r>(record: &'r Value, name: &str) -> Option<&'r Value> {
    record["properties"]
        .get(name)
        .filter(|value| !value.is_null())
}

fn text<'r>(record: &'r Value, name: &str) -> Option<&'r str> {
    property(record, name)?.as_str()
}

/// Reads the field as a number: a JSON number, or a text of ASCII digits such as `employeeCount`.
fn number(record: &Value, name: &str) -> Option<f64> {
    match property(record, name)? {
        Value::Number(number) => number.as_f64(),
        Value::String(digits)
            if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) =>
        {
            digits.parse().ok()
        }
        _ => None,
    }
}

fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

fn id(record: &Value) -> u64 {
    record["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("record without a numeric id: {record}"))
}

fn ids(records: &[&Value]) -> Vec<u64> {
    records.iter().map(|record| id(record)).collect()
}

fn select(records: &[Value], keep: impl Fn(&Value) -> bool) -> Vec<&Value> {
    records.iter().filter(|record| keep(record)).collect()
}

/// Orders records by `country` descending: records without a country first, in input order,
/// then the others by country descending, ties in input order.
fn by_country_descending(records: &[Value]) -> Vec<&Value> {
    let (mut ordered, mut with_country): (Vec<&Value>, Vec<&Value>) = records
        .iter()
        .partition(|record| text(record, "country").is_none());
    // `sort_by` is stable, so ties keep input order.
    with_country.sort_by(|a, b| text(b, "country").cmp(&text(a, "country")));
    ordered.extend(with_country);
    ordered
}

/// The page a query is expected to return: which page, its size and its `sortingCriteria`.
struct Window {
    page_number: u32,
    page_size: u32,
    sorting_criteria: Option<&'static str>,
}

const FIRST_PAGE: Window = Window {
    page_number: 1,
    page_size: DEFAULT_PAGE_SIZE,
    sorting_criteria: None,
};

/// Runs `query` on `records` and checks it against `expected`, every matching record in
/// result order: the set that `matches` accepts, the ids of the page and every paging number.
fn assert_query(query: &str, records: &[Value], expected: &[&Value], window: &Window) {
    assert!(
        !expected.is_empty(),
        "`{query}`: the expected result is empty, so the test would prove nothing"
    );
    let parsed = parse_query(query).unwrap_or_else(|error| panic!("`{query}`: {error}"));
    let compiled = Compiled::new(&parsed).unwrap_or_else(|error| panic!("`{query}`: {error}"));

    let mut matched: Vec<u64> = records
        .iter()
        .filter(|record| compiled.matches(record))
        .map(id)
        .collect();
    let mut expected_set = ids(expected);
    matched.sort_unstable();
    expected_set.sort_unstable();
    assert_eq!(matched, expected_set, "`{query}`: records that match");

    let page = compiled.page(records);
    let size = usize::try_from(window.page_size).unwrap();
    let first = usize::try_from(window.page_number - 1).unwrap() * size;
    let expected_page = &expected[first.min(expected.len())..(first + size).min(expected.len())];
    assert_eq!(ids(&page.data), ids(expected_page), "`{query}`: page ids");

    let total = u64::try_from(expected.len()).unwrap();
    let total_pages = total.div_ceil(u64::from(window.page_size));
    let paging = &page.paging;
    assert_eq!(
        paging.page_number, window.page_number,
        "`{query}`: pageNumber"
    );
    assert_eq!(paging.page_size, window.page_size, "`{query}`: pageSize");
    assert_eq!(
        paging.total_number_of_records, total,
        "`{query}`: totalNumberOfRecords"
    );
    assert_eq!(
        paging.total_number_of_pages, total_pages,
        "`{query}`: totalNumberOfPages"
    );
    let has_next = u64::from(window.page_number) < total_pages;
    assert_eq!(paging.has_next_page, has_next, "`{query}`: hasNextPage");
    assert_eq!(paging.has_more, has_next, "`{query}`: hasMore");
    assert_eq!(
        paging.has_previous_page,
        window.page_number > 1,
        "`{query}`: hasPreviousPage"
    );
    assert_eq!(
        paging.sorting_criteria.as_deref(),
        window.sorting_criteria,
        "`{query}`: sortingCriteria"
    );
}

/// Runs `query` on `sample` without sort or paging and checks it against the records that
/// `keep` accepts, in input order.
fn assert_filter(sample: &str, query: &str, keep: impl Fn(&Value) -> bool) {
    let records = load_sample(sample);
    let expected = select(&records, keep);
    assert_query(query, &records, &expected, &FIRST_PAGE);
}

#[test]
fn sample_employee_counts_are_digit_texts() {
    // `number` reads only digit texts, and the evaluator compares any other text as text, so the
    // closures below agree with it only while every employeeCount is made of digits.
    let companies = load_sample("companies");
    for record in &companies {
        if let Some(count) = property(record, "employeeCount") {
            let digits = count.as_str().unwrap_or_default();
            assert!(
                !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()),
                "company {}: employeeCount {count}",
                id(record)
            );
        }
    }
}

#[test]
fn basic_country_us() {
    assert_filter("companies", "country=US", |record| {
        text(record, "country") == Some("US")
    });
}

#[test]
fn basic_direction_outbound() {
    assert_filter("calls", "direction=outbound", |record| {
        text(record, "direction") == Some("outbound")
    });
}

#[test]
fn match_type_full_name_like_l() {
    assert_filter("contacts", "fullName=like::L", |record| {
        text(record, "fullName").is_some_and(|name| contains_ignoring_case(name, "L"))
    });
}

#[test]
fn match_type_company_name_like_inc() {
    let companies = load_sample("companies");
    let names: Vec<&str> = companies
        .iter()
        .filter_map(|record| text(record, "companyName"))
        .collect();
    // Both spellings occur, so the test shows that the match ignores case.
    assert!(
        names.iter().any(|name| name.contains("INC")),
        "the sample has a company name with `INC`"
    );
    assert!(
        names.iter().any(|name| name.contains("inc")),
        "the sample has a company name with `inc`"
    );
    assert_filter("companies", "companyName=like::inc", |record| {
        text(record, "companyName").is_some_and(|name| contains_ignoring_case(name, "inc"))
    });
}

#[test]
fn advanced_or_with_nested_and() {
    assert_filter(
        "companies",
        "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))",
        |record| {
            let rich = number(record, "annualRevenue").is_some_and(|revenue| revenue > 500_000.0);
            let large = number(record, "employeeCount").is_some_and(|count| count > 1000.0);
            rich || (large && text(record, "country") == Some("US"))
        },
    );
}

#[test]
fn operator_isnull() {
    let companies = load_sample("companies");
    let missing = companies
        .iter()
        .any(|record| record["properties"].get("zip").is_none());
    let null = companies
        .iter()
        .any(|record| record["properties"].get("zip") == Some(&Value::Null));
    assert!(missing, "the sample has companies without a zip member");
    assert!(null, "the sample has companies whose zip is null");
    assert_filter("companies", "filter=isnull(zip)", |record| {
        property(record, "zip").is_none()
    });
}

#[test]
fn operator_isnotnull() {
    assert_filter("companies", "filter=isnotnull(country)", |record| {
        property(record, "country").is_some()
    });
}

#[test]
fn operator_eq() {
    assert_filter("companies", "filter=eq(country,US)", |record| {
        text(record, "country") == Some("US")
    });
}

#[test]
fn operator_neq_excludes_null() {
    let companies = load_sample("companies");
    assert!(
        companies
            .iter()
            .any(|record| property(record, "industry").is_none()),
        "the sample has companies without an industry"
    );
    assert_filter("companies", "filter=neq(industry,GOVERNMENT)", |record| {
        text(record, "industry").is_some_and(|industry| industry != "GOVERNMENT")
    });
}

#[test]
fn operator_gt_on_numeric_text() {
    let companies = load_sample("companies");
    // "999" > "1000" as text, so a text comparison would wrongly include such a record.
    assert!(
        companies.iter().any(|record| {
            text(record, "employeeCount").is_some_and(|count| count > "1000")
                && number(record, "employeeCount").is_some_and(|count| count <= 1000.0)
        }),
        "the sample has an employeeCount that is above 1000 as text but not as a number"
    );
    assert_filter("companies", "filter=gt(employeeCount,1000)", |record| {
        number(record, "employeeCount").is_some_and(|count| count > 1000.0)
    });
}

#[test]
fn operator_gte() {
    assert_filter("companies", "filter=gte(annualRevenue,500000)", |record| {
        number(record, "annualRevenue").is_some_and(|revenue| revenue >= 500_000.0)
    });
}

#[test]
fn operator_lt_on_numeric_text() {
    assert_filter("companies", "filter=lt(employeeCount,15)", |record| {
        number(record, "employeeCount").is_some_and(|count| count < 15.0)
    });
}

#[test]
fn operator_lte() {
    assert_filter("companies", "filter=lte(annualRevenue,200000)", |record| {
        number(record, "annualRevenue").is_some_and(|revenue| revenue <= 200_000.0)
    });
}

#[test]
fn operator_in() {
    assert_filter("companies", "filter=in(country,US,GE,FR)", |record| {
        text(record, "country").is_some_and(|country| ["US", "GE", "FR"].contains(&country))
    });
}

#[test]
fn operator_nin_excludes_null() {
    assert_filter(
        "companies",
        "filter=nin(industry,HEALTHCARE,FINANCIAL)",
        |record| {
            text(record, "industry")
                .is_some_and(|industry| !["HEALTHCARE", "FINANCIAL"].contains(&industry))
        },
    );
}

#[test]
fn operator_btn_includes_both_ends() {
    let companies = load_sample("companies");
    for bound in ["15", "50"] {
        assert!(
            companies
                .iter()
                .any(|record| text(record, "employeeCount") == Some(bound)),
            "the sample has a company with employeeCount {bound}"
        );
    }
    assert_filter("companies", "filter=btn(employeeCount,15,50)", |record| {
        number(record, "employeeCount").is_some_and(|count| (15.0..=50.0).contains(&count))
    });
}

#[test]
fn operator_like() {
    assert_filter(
        "companies",
        "filter=like(companyName,Enterprise)",
        |record| {
            text(record, "companyName")
                .is_some_and(|name| contains_ignoring_case(name, "Enterprise"))
        },
    );
}

#[test]
fn operator_notlike() {
    assert_filter("companies", "filter=notlike(companyName,Corp)", |record| {
        text(record, "companyName").is_some_and(|name| !contains_ignoring_case(name, "Corp"))
    });
}

#[test]
fn sort_country_descending() {
    let companies = load_sample("companies");
    let expected = by_country_descending(&companies);
    assert!(
        text(expected[0], "country").is_none(),
        "the sample has companies without a country, which sort first"
    );
    let window = Window {
        page_number: 1,
        page_size: DEFAULT_PAGE_SIZE,
        sorting_criteria: Some("-country"),
    };
    assert_query("sort=-country", &companies, &expected, &window);
}

#[test]
fn second_page_sorted() {
    let companies = load_sample("companies");
    let expected = by_country_descending(&companies);
    let window = Window {
        page_number: 2,
        page_size: DEFAULT_PAGE_SIZE,
        sorting_criteria: Some("-country"),
    };
    assert_query("pageNumber=2&sort=-country", &companies, &expected, &window);
}

#[test]
fn page_size_and_number() {
    let companies = load_sample("companies");
    let expected: Vec<&Value> = companies.iter().collect();
    let window = Window {
        page_number: 2,
        page_size: 25,
        sorting_criteria: None,
    };
    assert_query("pageSize=25&pageNumber=2", &companies, &expected, &window);
}

#[test]
fn basic_product_name_harp() {
    let products = load_sample("products");
    assert!(
        products
            .iter()
            .filter_map(|record| text(record, "name"))
            .any(|name| name != "Harp" && name.contains("Harp")),
        "the sample has other names containing Harp, which an exact match excludes"
    );
    assert_filter("products", "name=Harp", |record| {
        text(record, "name") == Some("Harp")
    });
}

#[test]
fn mistyped_reference_example_rejected() {
    let query = "filter=OR(gt(annualRevenue,500000)),gt(employeeCount,1000))";
    let stray = "filter=OR(gt(annualRevenue,500000)".len();
    assert_eq!(&query[stray..=stray], ")");

    let error = parse_query(query).expect_err("one `)` too many");
    assert_eq!(error.kind(), ErrorKind::TrailingInput);
    assert_eq!(error.span(), Span::new(stray, stray + 1));

    let drawing = error.to_string();
    let lines: Vec<&str> = drawing.lines().collect();
    let line_index = lines
        .iter()
        .position(|line| line.ends_with(query))
        .unwrap_or_else(|| panic!("the drawing shows the query:\n{drawing}"));
    let query_column = lines[line_index].len() - query.len();
    let caret_line = lines
        .get(line_index + 1)
        .unwrap_or_else(|| panic!("a caret line follows the query:\n{drawing}"));
    assert_eq!(
        caret_line.find('^'),
        Some(query_column + stray),
        "the caret is under the stray `)`:\n{drawing}"
    );
    assert_eq!(caret_line.matches('^').count(), 1, "{drawing}");
}

#[test]
fn printing_keeps_parameter_order() {
    for query in [
        "pageNumber=2&sort=-country",
        "pageSize=25&pageNumber=2",
        "sort=-country&country=US",
    ] {
        let parsed = parse_query(query).unwrap_or_else(|error| panic!("`{query}`: {error}"));
        assert_eq!(parsed.to_string(), query, "canonical text of `{query}`");
    }
}
