//! Validation of queries against a schema: one finding per mistake, with its kind, severity,
//! byte span in the raw query string, message and help. Expected spans are found in the input
//! text with `str::find`, never taken from the library.

mod common;

use inperium_filter::schema::{
    CheckedQuery, Diagnostic, DiagnosticKind, Diagnostics, FieldSchema, FieldType, Schema, Severity,
};
use inperium_filter::{parse_query, Compiled, Span};
use serde_json::json;

const COMPANY_TYPES: [&str; 4] = ["PROSPECT", "CUSTOMER", "VENDOR", "PARTNER"];

/// The help that lists the operators a boolean or enumeration field takes.
const UNORDERED_OPERATORS: &str = "isnull, isnotnull, eq, neq, in, nin";

/// The help that lists the operators a number, integer, timestamp or date field takes.
const ORDERED_OPERATORS: &str = "isnull, isnotnull, eq, neq, gt, gte, lt, lte, in, nin, btn";

fn field(field_type: FieldType) -> FieldSchema {
    FieldSchema::new(field_type)
}

fn enumeration(values: &[&str]) -> FieldType {
    FieldType::Enumeration {
        values: values.iter().map(|value| (*value).to_owned()).collect(),
    }
}

/// Builds a company schema with a field of every type, one field that cannot be sorted by and one
/// that cannot be filtered on.
fn schema() -> Schema {
    Schema::new()
        .with_field("a", field(FieldType::Integer))
        .with_field("active", field(FieldType::Boolean))
        .with_field("annualRevenue", field(FieldType::Number))
        .with_field("companyName", field(FieldType::Text))
        .with_field("country", field(FieldType::Text))
        .with_field("createdAt", field(FieldType::Timestamp))
        .with_field("employeeCount", field(FieldType::Integer))
        .with_field("foundedOn", field(FieldType::Date))
        .with_field("id", field(FieldType::Integer))
        .with_field("notes", field(FieldType::Text).with_sortable(false))
        .with_field("ssn", field(FieldType::Text).with_filterable(false))
        .with_field("type", field(enumeration(&COMPANY_TYPES)))
}

/// Returns the span of the only occurrence of `needle` in `input`.
fn span_of(input: &str, needle: &str) -> Span {
    let start = input
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in {input:?}"));
    assert_eq!(
        input.rfind(needle),
        Some(start),
        "{needle:?} occurs more than once in {input:?}"
    );
    Span::new(start, start + needle.len())
}

/// Returns the span of the last occurrence of `needle` in `input`.
fn last_span_of(input: &str, needle: &str) -> Span {
    let start = input
        .rfind(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in {input:?}"));
    Span::new(start, start + needle.len())
}

/// Parses and validates a query that must be rejected.
fn rejected(input: &str, schema: &Schema) -> Diagnostics {
    let query =
        parse_query(input).unwrap_or_else(|error| panic!("{input:?} failed to parse:\n{error}"));
    match query.validate(schema) {
        Ok(checked) => panic!(
            "{input:?} validated, with warnings {:?}",
            checked.warnings()
        ),
        Err(diagnostics) => diagnostics,
    }
}

/// Parses and validates a query that must pass.
fn accepted(input: &str, schema: &Schema) -> CheckedQuery {
    let query =
        parse_query(input).unwrap_or_else(|error| panic!("{input:?} failed to parse:\n{error}"));
    query.validate(schema).unwrap_or_else(|diagnostics| {
        panic!("{input:?} was rejected:\n{}", diagnostics.with_input(input))
    })
}

/// Returns the one finding of a rejected query.
fn only_finding(input: &str, schema: &Schema) -> Diagnostic {
    let diagnostics = rejected(input, schema);
    let findings: Vec<&Diagnostic> = diagnostics.iter().collect();
    assert_eq!(findings.len(), 1, "{input:?}: {findings:?}");
    findings[0].clone()
}

/// The finding a test expects, compared field by field.
struct Expected {
    kind: DiagnosticKind,
    severity: Severity,
    span: Span,
    message: String,
    help: Option<String>,
}

fn assert_finding(input: &str, found: &Diagnostic, expected: &Expected) {
    assert_eq!(found.kind, expected.kind, "kind for {input:?}");
    assert_eq!(found.severity, expected.severity, "severity for {input:?}");
    assert_eq!(found.span, expected.span, "span for {input:?}");
    assert_eq!(found.message, expected.message, "message for {input:?}");
    assert_eq!(found.help, expected.help, "help for {input:?}");
}

fn error(kind: DiagnosticKind, span: Span, message: &str, help: &str) -> Expected {
    Expected {
        kind,
        severity: Severity::Error,
        span,
        message: message.to_owned(),
        help: Some(help.to_owned()),
    }
}

// Unknown fields.

#[test]
fn unknown_field_suggests_closest_name() {
    let input = "contry=US";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::UnknownField,
            span_of(input, "contry"),
            "unknown field `contry`",
            "did you mean `country`?",
        ),
    );
}

#[test]
fn unknown_field_in_advanced_syntax() {
    let input = "filter=OR(eq(country,US),gt(employeCount,10))";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::UnknownField,
            span_of(input, "employeCount"),
            "unknown field `employeCount`",
            "did you mean `employeeCount`?",
        ),
    );
}

#[test]
fn unknown_sort_key_suggests_closest_name() {
    let input = "sort=+country,-annualRevenu";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::UnknownField,
            span_of(input, "annualRevenu"),
            "unknown field `annualRevenu`",
            "did you mean `annualRevenue`?",
        ),
    );
}

#[test]
fn unknown_field_without_close_name_lists_fields() {
    let small = Schema::new()
        .with_field("country", field(FieldType::Text))
        .with_field("id", field(FieldType::Integer));
    let input = "filter=eq(zzzzzzzzzzzz,1)";
    let found = only_finding(input, &small);
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::UnknownField,
            span_of(input, "zzzzzzzzzzzz"),
            "unknown field `zzzzzzzzzzzz`",
            "the fields are country, id",
        ),
    );
}

#[test]
fn unknown_field_lists_every_field() {
    let input = "zzzzzzzzzzzz=1";
    let found = only_finding(input, &schema());
    assert_eq!(
        found.help.as_deref(),
        Some(
            "the fields are a, active, annualRevenue, companyName, country, createdAt, \
             employeeCount, foundedOn, id, notes, ssn, type"
        )
    );
}

// Operators that do not apply to the field's type.

#[test]
fn like_on_number_not_allowed() {
    let input = "annualRevenue=like::5";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::OperatorNotAllowed,
            Span::new(0, input.len()),
            "`like` does not apply to `annualRevenue`, a number field",
            &format!("a number field takes {ORDERED_OPERATORS}"),
        ),
    );
}

#[test]
fn gt_on_boolean_not_allowed() {
    let input = "filter=gt(active,true)";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::OperatorNotAllowed,
            span_of(input, "gt(active,true)"),
            "`gt` does not apply to `active`, a boolean field",
            &format!("a boolean field takes {UNORDERED_OPERATORS}"),
        ),
    );
}

#[test]
fn btn_on_enumeration_not_allowed() {
    let input = "filter=btn(type,CUSTOMER,VENDOR)";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::OperatorNotAllowed);
    assert_eq!(found.severity, Severity::Error);
    assert_eq!(found.span, span_of(input, "btn(type,CUSTOMER,VENDOR)"));
    assert!(
        found
            .message
            .starts_with("`btn` does not apply to `type`, a"),
        "{}",
        found.message
    );
    assert!(
        found
            .help
            .as_deref()
            .is_some_and(|help| help.ends_with(&format!("field takes {UNORDERED_OPERATORS}"))),
        "{:?}",
        found.help
    );
}

#[test]
fn enumeration_operator_message_uses_an() {
    let found = only_finding("filter=btn(type,CUSTOMER,VENDOR)", &schema());
    assert_eq!(
        found.message,
        "`btn` does not apply to `type`, an enumeration field"
    );
    assert_eq!(
        found.help,
        Some(format!("an enumeration field takes {UNORDERED_OPERATORS}"))
    );
}

#[test]
fn integer_operator_message_uses_an() {
    let found = only_finding("employeeCount=like::5", &schema());
    assert_eq!(
        found.message,
        "`like` does not apply to `employeeCount`, an integer field"
    );
    assert_eq!(
        found.help,
        Some(format!("an integer field takes {ORDERED_OPERATORS}"))
    );
}

#[test]
fn like_on_text_allowed() {
    let checked = accepted("companyName=like::acme&filter=notlike(notes,x)", &schema());
    assert!(checked.warnings().is_empty());
}

// Values that are not of the field's type.

#[test]
fn text_for_integer_invalid() {
    let input = "filter=gt(employeeCount,abc)";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::InvalidValue,
            span_of(input, "abc"),
            "`abc` is not a valid integer for `employeeCount`",
            "write a whole number such as 42",
        ),
    );
}

#[test]
fn fraction_for_integer_invalid() {
    let input = "employeeCount=1.5";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::InvalidValue,
            span_of(input, "1.5"),
            "`1.5` is not a valid integer for `employeeCount`",
            "write a whole number such as 42",
        ),
    );
}

#[test]
fn exponent_for_integer_invalid() {
    let input = "employeeCount=gte::1e3";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::InvalidValue);
    assert_eq!(found.span, span_of(input, "1e3"));
}

#[test]
fn percent_encoded_invalid_value_spans_raw_text() {
    let input = "filter=gt(employeeCount,%31.5)";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::InvalidValue,
            span_of(input, "%31.5"),
            "`1.5` is not a valid integer for `employeeCount`",
            "write a whole number such as 42",
        ),
    );
}

#[test]
fn text_for_number_invalid() {
    let input = "annualRevenue=lt::lots";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::InvalidValue,
            span_of(input, "lots"),
            "`lots` is not a valid number for `annualRevenue`",
            "write a number such as 42 or -1.5",
        ),
    );
}

#[test]
fn bad_timestamp_invalid() {
    let input = "filter=gt(createdAt,yesterday)";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::InvalidValue);
    assert_eq!(found.severity, Severity::Error);
    assert_eq!(found.span, span_of(input, "yesterday"));
    assert_eq!(
        found.message,
        "`yesterday` is not a valid timestamp for `createdAt`"
    );
    assert!(
        found
            .help
            .as_deref()
            .is_some_and(|help| help.starts_with("write epoch milliseconds such as 1613433600000")),
        "{:?}",
        found.help
    );
}

#[test]
fn timestamp_with_bad_offset_invalid() {
    let input = "createdAt=gt::2024-06-01T00:00:00%2B25:00";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::InvalidValue);
    assert_eq!(found.span, span_of(input, "2024-06-01T00:00:00%2B25:00"));
    assert_eq!(
        found.message,
        "`2024-06-01T00:00:00+25:00` is not a valid timestamp for `createdAt`"
    );
}

#[test]
fn bad_date_invalid() {
    let input = "foundedOn=2021-02-30";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::InvalidValue);
    assert_eq!(found.severity, Severity::Error);
    assert_eq!(found.span, span_of(input, "2021-02-30"));
    assert_eq!(
        found.message,
        "`2021-02-30` is not a valid date for `foundedOn`"
    );
    assert!(
        found
            .help
            .as_deref()
            .is_some_and(|help| help.starts_with("write a date written YYYY-MM-DD")),
        "{:?}",
        found.help
    );
}

#[test]
fn timestamp_help_not_cut() {
    let found = only_finding("filter=gt(createdAt,yesterday)", &schema());
    assert_eq!(
        found.help.as_deref(),
        Some(
            "write epoch milliseconds such as 1613433600000, or an RFC 3339 instant such as \
             2021-02-16T00:00:00Z"
        )
    );
}

#[test]
fn date_help_not_cut() {
    let found = only_finding("foundedOn=2021-02-30", &schema());
    assert_eq!(
        found.help.as_deref(),
        Some("write a date written YYYY-MM-DD, such as 2021-02-16")
    );
}

#[test]
fn enumeration_help_lists_every_value() {
    let found = only_finding("type=PARTNERS", &schema());
    assert_eq!(
        found.help.as_deref(),
        Some("write one of PROSPECT, CUSTOMER, VENDOR, PARTNER")
    );
}

#[test]
fn upper_case_boolean_invalid() {
    let input = "active=TRUE";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::InvalidValue,
            span_of(input, "TRUE"),
            "`TRUE` is not a valid boolean for `active`",
            "write true or false",
        ),
    );
}

#[test]
fn every_bad_list_item_reported() {
    let input = "filter=in(employeeCount,1,one,3,two)";
    let diagnostics = rejected(input, &schema());
    let spans: Vec<Span> = diagnostics.iter().map(|d| d.span).collect();
    assert_eq!(spans, vec![span_of(input, "one"), span_of(input, "two")]);
    assert!(diagnostics
        .iter()
        .all(|d| d.kind == DiagnosticKind::InvalidValue));
}

#[test]
fn valid_literals_of_every_type_accepted() {
    let input = "a=-7&active=false&annualRevenue=gt::-1.5e3&companyName=00123\
                 &filter=AND(btn(createdAt,1613433600000,2021-02-16T00:00:00Z),\
                 gte(foundedOn,2020-02-29),in(type,PROSPECT,VENDOR))";
    let checked = accepted(input, &schema());
    assert!(checked.warnings().is_empty());
}

// Values outside an enumeration.

#[test]
fn value_outside_enumeration() {
    let input = "filter=eq(type,PARTNERS)";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::NotInEnumeration);
    assert_eq!(found.severity, Severity::Error);
    assert_eq!(found.span, span_of(input, "PARTNERS"));
    assert_eq!(
        found.message,
        "`PARTNERS` is not a valid enumeration for `type`"
    );
    assert!(
        found
            .help
            .as_deref()
            .is_some_and(|help| help.starts_with("write one of PROSPECT, CUSTOMER")),
        "{:?}",
        found.help
    );
}

#[test]
fn enumeration_compares_case() {
    let short = Schema::new().with_field("kind", field(enumeration(&["A", "B"])));
    let input = "kind=in::A,b";
    let found = only_finding(input, &short);
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::NotInEnumeration,
            span_of(input, "b"),
            "`b` is not a valid enumeration for `kind`",
            "write one of A, B",
        ),
    );
}

// Empty ranges.

#[test]
fn btn_with_bounds_reversed() {
    let input = "filter=btn(a,9,1)";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::EmptyRange,
            span_of(input, "9,1"),
            "the lower bound `9` is above the upper bound `1`, so nothing matches",
            "swap the two bounds",
        ),
    );
}

#[test]
fn btn_compares_bounds_as_numbers() {
    // As text, "10" sorts before "9", but as integers the range 9..10 is not empty.
    let checked = accepted("filter=btn(a,9,10)", &schema());
    assert!(checked.warnings().is_empty());
}

#[test]
fn btn_with_equal_bounds_accepted() {
    accepted("filter=btn(a,5,5)", &schema());
}

#[test]
fn btn_match_type_reversed() {
    let input = "annualRevenue=btn::1000.5,-2";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::EmptyRange);
    assert_eq!(found.span, span_of(input, "1000.5,-2"));
}

#[test]
fn btn_timestamps_in_both_forms_reversed() {
    // 2024-06-01T00:00:00Z is 1717200000000 ms, and the first bound is one day later.
    let input = "filter=btn(createdAt,2024-06-02T00:00:00Z,1717200000000)";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::EmptyRange,
            span_of(input, "2024-06-02T00:00:00Z,1717200000000"),
            "the lower bound `2024-06-02T00:00:00Z` is above the upper bound `1717200000000`, \
             so nothing matches",
            "swap the two bounds",
        ),
    );
}

#[test]
fn btn_millis_above_instant_reversed() {
    let input = "filter=btn(createdAt,1717200000001,2024-06-01T00:00:00Z)";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::EmptyRange);
    assert_eq!(
        found.span,
        span_of(input, "1717200000001,2024-06-01T00:00:00Z")
    );
}

#[test]
fn btn_same_instant_in_both_forms_accepted() {
    // Both bounds are 2024-06-01T00:00:00Z, the second written with a +02:00 offset.
    accepted(
        "filter=btn(createdAt,1717200000000,2024-06-01T02:00:00%2B02:00)",
        &schema(),
    );
}

#[test]
fn btn_percent_encoded_offset_reversed() {
    // 02:00:01+02:00 is one second after 1717200000000 ms.
    let input = "filter=btn(createdAt,2024-06-01T02:00:01%2B02:00,1717200000000)";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::EmptyRange,
            span_of(input, "2024-06-01T02:00:01%2B02:00,1717200000000"),
            "the lower bound `2024-06-01T02:00:01+02:00` is above the upper bound \
             `1717200000000`, so nothing matches",
            "swap the two bounds",
        ),
    );
}

#[test]
fn btn_dates_reversed() {
    let input = "foundedOn=btn::2021-03-01,2021-02-28";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::EmptyRange);
    assert_eq!(found.span, span_of(input, "2021-03-01,2021-02-28"));
}

#[test]
fn btn_with_invalid_bound_reports_only_value() {
    let input = "filter=btn(a,x,1)";
    let found = only_finding(input, &schema());
    assert_eq!(found.kind, DiagnosticKind::InvalidValue);
    assert_eq!(found.span, span_of(input, "x"));
}

// Too many list items.

fn three_item_schema() -> Schema {
    let mut schema = schema();
    schema.max_list_items = 3;
    schema
}

#[test]
fn list_over_schema_limit() {
    let input = "filter=in(country,US,FR,DE,GB,JP)";
    let found = only_finding(input, &three_item_schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::TooManyItems,
            span_of(input, "GB"),
            "more than 3 values in one list for `country`",
            "split the list into several in conditions joined with OR",
        ),
    );
}

#[test]
fn nin_over_schema_limit_splits_with_and() {
    let input = "filter=nin(country,US,FR,DE,GB,JP)";
    let found = only_finding(input, &three_item_schema());
    assert_eq!(found.kind, DiagnosticKind::TooManyItems);
    assert_eq!(
        found.help.as_deref(),
        Some("split the list into several nin conditions joined with AND")
    );
}

#[test]
fn nin_match_type_over_schema_limit() {
    let input = "country=nin::US,FR,DE,GB";
    let found = only_finding(input, &three_item_schema());
    assert_eq!(found.kind, DiagnosticKind::TooManyItems);
    assert_eq!(found.span, span_of(input, "GB"));
}

#[test]
fn list_at_schema_limit_accepted() {
    accepted("filter=in(country,US,FR,DE)", &three_item_schema());
}

// Fields the schema does not let queries filter on or sort by.

#[test]
fn filter_on_unfilterable_field() {
    let input = "ssn=123-45-6789";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::FilterNotAllowed,
            span_of(input, "ssn"),
            "the schema does not allow filtering on `ssn`",
            "remove this condition",
        ),
    );
}

#[test]
fn sort_by_unfilterable_field_accepted() {
    accepted("sort=-ssn", &schema());
}

#[test]
fn sort_by_unsortable_field() {
    let input = "sort=+country,-notes";
    let found = only_finding(input, &schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::SortNotAllowed,
            span_of(input, "-notes"),
            "the schema does not allow sorting by `notes`",
            "remove this sort key",
        ),
    );
}

#[test]
fn filter_on_unsortable_field_accepted() {
    accepted("notes=like::urgent", &schema());
}

// Repeated equality, a warning.

fn repeated_equality(span: Span, field: &str, value: &str) -> Expected {
    Expected {
        kind: DiagnosticKind::RepeatedEquality,
        severity: Severity::Warning,
        span,
        message: format!("`{field}` is compared with eq more than once in one AND"),
        help: Some(format!(
            "a record matches both only when the values are equal; use in({field},...) to \
             match `{value}` or the other value"
        )),
    }
}

#[test]
fn repeated_field_parameter_warns() {
    let input = "country=US&country=FR";
    let checked = accepted(input, &schema());
    let warnings = checked.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let expected = repeated_equality(span_of(input, "country=FR"), "country", "FR");
    assert_finding(input, &warnings[0], &expected);
}

#[test]
fn repeated_eq_inside_and_warns() {
    let input = "filter=AND(eq(a,1),eq(a,2))";
    let checked = accepted(input, &schema());
    let warnings = checked.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let expected = repeated_equality(span_of(input, "eq(a,2)"), "a", "2");
    assert_finding(input, &warnings[0], &expected);
}

#[test]
fn nested_and_warns_once_per_repeat() {
    let input = "filter=AND(eq(a,1),AND(eq(a,2),gt(id,0)))&a=3";
    let checked = accepted(input, &schema());
    let spans: Vec<Span> = checked.warnings().iter().map(|w| w.span).collect();
    assert_eq!(
        spans,
        vec![span_of(input, "eq(a,2)"), span_of(input, "a=3")]
    );
}

#[test]
fn and_under_or_warns() {
    let input = "filter=OR(eq(id,1),AND(eq(a,1),eq(a,2)))";
    let checked = accepted(input, &schema());
    let spans: Vec<Span> = checked.warnings().iter().map(|w| w.span).collect();
    assert_eq!(spans, vec![span_of(input, "eq(a,2)")]);
}

#[test]
fn repeated_eq_across_syntaxes_warns() {
    let input = "a=1&filter=AND(gt(employeeCount,5),eq(a,2))";
    let checked = accepted(input, &schema());
    let spans: Vec<Span> = checked.warnings().iter().map(|w| w.span).collect();
    assert_eq!(spans, vec![span_of(input, "eq(a,2)")]);
}

#[test]
fn repeated_eq_inside_or_silent() {
    let checked = accepted("filter=OR(eq(a,1),eq(a,2))", &schema());
    assert!(checked.warnings().is_empty(), "{:?}", checked.warnings());
}

#[test]
fn eq_in_separate_or_branches_silent() {
    let checked = accepted(
        "filter=OR(AND(eq(a,1),eq(country,US)),AND(eq(a,2),eq(country,FR)))",
        &schema(),
    );
    assert!(checked.warnings().is_empty(), "{:?}", checked.warnings());
}

#[test]
fn eq_on_different_fields_silent() {
    let checked = accepted("a=1&country=US&filter=eq(id,3)", &schema());
    assert!(checked.warnings().is_empty(), "{:?}", checked.warnings());
}

#[test]
fn warning_kept_beside_errors() {
    let input = "country=US&country=FR&contry=DE";
    let diagnostics = rejected(input, &schema());
    assert_eq!(diagnostics.errors().count(), 1);
    assert_eq!(diagnostics.warnings().count(), 1);
    assert!(diagnostics.has_errors());
}

// Every finding at once.

#[test]
fn every_finding_reported_in_order() {
    let input = "contry=US&employeeCount=gt::abc\
                 &filter=AND(like(annualRevenue,5),btn(a,9,1),eq(type,PARTNERS))\
                 &sort=-notes,cuntry";
    let diagnostics = rejected(input, &schema());
    let kinds: Vec<DiagnosticKind> = diagnostics.iter().map(|d| d.kind).collect();
    let spans: Vec<Span> = diagnostics.iter().map(|d| d.span).collect();

    assert_eq!(
        kinds,
        vec![
            DiagnosticKind::UnknownField,
            DiagnosticKind::InvalidValue,
            DiagnosticKind::OperatorNotAllowed,
            DiagnosticKind::EmptyRange,
            DiagnosticKind::NotInEnumeration,
            DiagnosticKind::SortNotAllowed,
            DiagnosticKind::UnknownField,
        ]
    );
    assert_eq!(
        spans,
        vec![
            span_of(input, "contry"),
            span_of(input, "abc"),
            span_of(input, "like(annualRevenue,5)"),
            span_of(input, "9,1"),
            span_of(input, "PARTNERS"),
            span_of(input, "-notes"),
            span_of(input, "cuntry"),
        ]
    );
    assert_eq!(diagnostics.len(), 7);
    assert_eq!(diagnostics.errors().count(), 7);
    assert_eq!(diagnostics.warnings().count(), 0);
}

#[test]
fn findings_in_one_expression_sorted() {
    // The checker visits members from the last one, so this order holds only because the
    // findings are sorted.
    let input = "filter=OR(eq(zzz,1),gt(active,true),eq(a,x),in(type,A,B))";
    let diagnostics = rejected(input, &schema());
    let starts: Vec<usize> = diagnostics.iter().map(|d| d.span.start).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    assert_eq!(diagnostics.len(), 5);
    assert_eq!(
        diagnostics.iter().last().map(|d| d.span),
        Some(last_span_of(input, "B"))
    );
}

#[test]
fn diagnostics_display_snapshot() {
    let schema = Schema::new()
        .with_field("b", field(FieldType::Boolean))
        .with_field("n", field(FieldType::Integer))
        .with_field("s", field(FieldType::Text).with_sortable(false))
        .with_field("t", field(FieldType::Text));
    let input = "t=a&t=b&nm=x&n=gt::z&b=lt::1&sort=-s";
    let rendered = rejected(input, &schema).with_input(input).to_string();
    let expected = r#"warning: `t` is compared with eq more than once in one AND
  |
1 | t=a&t=b&nm=x&n=gt::z&b=lt::1&sort=-s
  |     ^^^
  = help: a record matches both only when the values are equal; use in(t,...) to match `b` or the other value

error: unknown field `nm`
  |
1 | t=a&t=b&nm=x&n=gt::z&b=lt::1&sort=-s
  |         ^^
  = help: did you mean `n`?

error: `z` is not a valid integer for `n`
  |
1 | t=a&t=b&nm=x&n=gt::z&b=lt::1&sort=-s
  |                    ^
  = help: write a whole number such as 42

error: `lt` does not apply to `b`, a boolean field
  |
1 | t=a&t=b&nm=x&n=gt::z&b=lt::1&sort=-s
  |                      ^^^^^^^
  = help: a boolean field takes isnull, isnotnull, eq, neq, in, nin

error: the schema does not allow sorting by `s`
  |
1 | t=a&t=b&nm=x&n=gt::z&b=lt::1&sort=-s
  |                                   ^^
  = help: remove this sort key

error: the query is invalid: 4 errors, 1 warning
"#;
    assert_eq!(rendered, expected);
}

#[test]
fn diagnostics_display_without_input() {
    let rendered = rejected("contry=US", &schema()).to_string();
    assert_eq!(
        rendered,
        "error: unknown field `contry`\n  = help: did you mean `country`?\n\n\
         error: the query is invalid: 1 error, 0 warnings\n"
    );
}

// Schema JSON.

fn full_schema() -> Schema {
    let mut schema = Schema::new()
        .with_key("companyName")
        .with_field("active", field(FieldType::Boolean))
        .with_field(
            "annualRevenue",
            field(FieldType::Number).with_storage("annual_revenue"),
        )
        .with_field("companyName", field(FieldType::Text))
        .with_field("createdAt", field(FieldType::Timestamp))
        .with_field(
            "employeeCount",
            field(FieldType::Integer).with_storage("properties.employeeCount"),
        )
        .with_field("foundedOn", field(FieldType::Date).with_sortable(false))
        .with_field("ssn", field(FieldType::Text).with_filterable(false))
        .with_field("type", field(enumeration(&COMPANY_TYPES)));
    schema.max_list_items = 50;
    schema
}

#[test]
fn schema_json_round_trip() {
    let schema = full_schema();
    let text = serde_json::to_string(&schema).expect("a schema serializes");
    let back = Schema::from_json(&text).expect("serialized schema reads back");
    assert_eq!(back, schema);
}

#[test]
fn schema_json_form() {
    let value = serde_json::to_value(full_schema()).expect("a schema serializes");
    assert_eq!(value["key"], json!("companyName"));
    assert_eq!(value["max_list_items"], json!(50));
    assert_eq!(
        value["fields"]["annualRevenue"],
        json!({"type": "number", "storage": "annual_revenue"})
    );
    assert_eq!(
        value["fields"]["type"],
        json!({"type": "enumeration", "values": COMPANY_TYPES})
    );
    assert_eq!(value["fields"]["foundedOn"]["sortable"], json!(false));
    assert_eq!(value["fields"]["ssn"]["filterable"], json!(false));
}

#[test]
fn schema_json_defaults() {
    let schema = Schema::from_json(
        r#"{"fields": {"id": {"type": "integer"}, "kind": {"type": "enumeration", "values": ["A"]}}}"#,
    )
    .expect("valid schema");
    assert_eq!(schema.key, None);
    assert_eq!(schema.key_field(), Some("id"));
    assert_eq!(schema.max_list_items, 1000);
    let id = schema.field("id").expect("id is declared");
    assert_eq!(id.field_type, FieldType::Integer);
    assert_eq!(id.storage, None);
    assert!(id.filterable);
    assert!(id.sortable);
    assert_eq!(
        schema.field("kind").map(|kind| &kind.field_type),
        Some(&enumeration(&["A"]))
    );
}

#[test]
fn schema_without_id_has_no_key() {
    let schema = Schema::from_json(r#"{"fields": {"name": {"type": "text"}}}"#).unwrap();
    assert_eq!(schema.key_field(), None);
}

#[test]
fn schema_json_unknown_type_rejected() {
    let error = Schema::from_json(r#"{"fields": {"a": {"type": "string"}}}"#).unwrap_err();
    assert!(error.is_data(), "{error}");
    assert!(error.to_string().contains("string"), "{error}");
    assert!(error.to_string().contains("`timestamp`"), "{error}");
}

#[test]
fn schema_json_type_name_case_sensitive() {
    let error = Schema::from_json(r#"{"fields": {"a": {"type": "Integer"}}}"#).unwrap_err();
    assert!(error.to_string().contains("Integer"), "{error}");
}

#[test]
fn schema_json_missing_type_rejected() {
    assert!(Schema::from_json(r#"{"fields": {"a": {"storage": "x"}}}"#).is_err());
}

#[test]
fn schema_json_enumeration_needs_values() {
    let error = Schema::from_json(r#"{"fields": {"a": {"type": "enumeration"}}}"#).unwrap_err();
    assert!(error.to_string().contains("values"), "{error}");
}

#[test]
fn schema_json_unknown_member_rejected() {
    let error = Schema::from_json(r#"{"feilds": {}}"#).unwrap_err();
    assert!(error.to_string().contains("feilds"), "{error}");
}

#[test]
fn schema_json_syntax_error_has_position() {
    let error = Schema::from_json("{\n  \"fields\": {\n    \"a\": {\"type\": \"text\"},\n  }\n}")
        .unwrap_err();
    assert!(error.is_syntax(), "{error}");
    assert_eq!(error.line(), 4);
}

// Field names with spaces, as in the penguin data set.

fn penguin_schema() -> Schema {
    Schema::from_json(
        r#"{
            "fields": {
                "Species": {"type": "enumeration", "values": ["Adelie", "Chinstrap", "Gentoo"]},
                "Island": {"type": "text"},
                "Beak Length (mm)": {"type": "number"},
                "Beak Depth (mm)": {"type": "number"},
                "Flipper Length (mm)": {"type": "integer"},
                "Body Mass (g)": {"type": "integer", "sortable": false},
                "Sex": {"type": "enumeration", "values": ["MALE", "FEMALE"]}
            }
        }"#,
    )
    .expect("the penguin schema is valid")
}

#[test]
fn quoted_names_with_spaces_validate() {
    let input =
        "filter=AND(gt(\"Beak Length (mm)\",40),eq(Species,Gentoo))&sort=-\"Flipper+Length+(mm)\"";
    let checked = accepted(input, &penguin_schema());
    assert!(checked.warnings().is_empty());
}

#[test]
fn field_parameter_with_spaces_validates() {
    accepted(
        "Beak+Length+(mm)=gt::40&Body%20Mass%20(g)=btn::3000,4000",
        &penguin_schema(),
    );
}

#[test]
fn misspelt_quoted_name_suggests_closest() {
    let input = "filter=gt(\"Beak Lenght (mm)\",40)";
    let found = only_finding(input, &penguin_schema());
    assert_finding(
        input,
        &found,
        &error(
            DiagnosticKind::UnknownField,
            span_of(input, "\"Beak Lenght (mm)\""),
            "unknown field `Beak Lenght (mm)`",
            "did you mean `Beak Length (mm)`?",
        ),
    );
}

#[test]
fn encoded_name_with_spaces_spans_raw_text() {
    let input = "Beak%20Lenght%20(mm)=gt::40";
    let found = only_finding(input, &penguin_schema());
    assert_eq!(found.kind, DiagnosticKind::UnknownField);
    assert_eq!(found.span, span_of(input, "Beak%20Lenght%20(mm)"));
    assert_eq!(
        found.help.as_deref(),
        Some("did you mean `Beak Length (mm)`?")
    );
}

#[test]
fn name_with_spaces_type_checked() {
    let input = "filter=gt(\"Flipper Length (mm)\",181.5)&sort=\"Body Mass (g)\"";
    let diagnostics = rejected(input, &penguin_schema());
    let kinds: Vec<DiagnosticKind> = diagnostics.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        vec![DiagnosticKind::InvalidValue, DiagnosticKind::SortNotAllowed]
    );
    let spans: Vec<Span> = diagnostics.iter().map(|d| d.span).collect();
    assert_eq!(
        spans,
        vec![span_of(input, "181.5"), span_of(input, "\"Body Mass (g)\"")]
    );
}

#[test]
fn names_with_spaces_evaluate() {
    let penguins = common::penguins();
    let input = "filter=AND(gt(\"Beak Length (mm)\",40),in(Sex,FEMALE))";
    let compiled = Compiled::from_checked(&accepted(input, &penguin_schema()))
        .expect("a checked query compiles");
    let selected = penguins
        .iter()
        .filter(|record| compiled.matches(record))
        .count();
    let expected = penguins
        .iter()
        .filter(|record| {
            record["Beak Length (mm)"]
                .as_f64()
                .is_some_and(|beak| beak > 40.0)
                && record["Sex"] == json!("FEMALE")
        })
        .count();
    assert_eq!(selected, expected);
    assert!(expected > 0);
}

#[test]
fn misspelt_field_member_is_rejected() {
    let error = Schema::from_json(r#"{"fields":{"a":{"type":"integer","sortible":false}}}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown field `sortible`"), "{error}");
}

#[test]
fn invalid_schema_shapes_are_rejected() {
    let cases = [
        (
            r#"{"fields":{"a":{"type":"text","values":["x"]}}}"#,
            "only to enumeration",
        ),
        (
            r#"{"fields":{"a":{"type":"enumeration","values":[]}}}"#,
            "at least one value",
        ),
        (
            r#"{"fields":{"a":{"type":"enumeration","values":["x","x"]}}}"#,
            "appears twice",
        ),
        (
            r#"{"fields":{"a":{"type":"integer"}},"key":"b"}"#,
            "not one of the fields",
        ),
        (r#"{"fields":{"":{"type":"integer"}}}"#, "must not be empty"),
    ];
    for (json, expected) in cases {
        let error = Schema::from_json(json).unwrap_err().to_string();
        assert!(error.contains(expected), "{json}: {error}");
    }
}

#[test]
fn repeated_equal_values_do_not_warn() {
    let schema = Schema::new().with_field("n", FieldSchema::new(FieldType::Integer));
    let checked = inperium_filter::parse_query("n=1&n=1")
        .unwrap()
        .validate(&schema)
        .unwrap();
    assert!(checked.warnings().is_empty());
}

#[test]
fn hand_built_deep_query_is_rejected() {
    let mut expr = inperium_filter::field("n").eq(1);
    for _ in 0..100_000 {
        expr = inperium_filter::and([expr]);
    }
    let query = inperium_filter::Query::new().with_filter(expr);
    let schema = Schema::new().with_field("n", FieldSchema::new(FieldType::Integer));
    let diagnostics = query.validate(&schema).unwrap_err();
    let finding = diagnostics.iter().next().unwrap();
    assert_eq!(finding.kind, DiagnosticKind::DepthLimitExceeded);
}

#[test]
fn long_enumeration_help_is_cut() {
    let values: Vec<String> = (0..1000).map(|n| format!("V{n}")).collect();
    let schema = Schema::new().with_field("e", FieldSchema::new(FieldType::Enumeration { values }));
    let diagnostics = inperium_filter::parse_query("e=x")
        .unwrap()
        .validate(&schema)
        .unwrap_err();
    let help = diagnostics.iter().next().unwrap().help.clone().unwrap();
    assert!(help.ends_with("and 988 more"), "{help}");
}
