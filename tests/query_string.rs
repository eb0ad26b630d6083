//! The query-string layer: splitting into parameters, form decoding, and which parameter is
//! which.

mod common;

use common::{condition, eq, query, query_error, spanned, value_texts};
use inperium_filter::{
    parse_filter, Compiled, ErrorKind, Expr, ParseOptions, Query, Span, Syntax, Test, Value,
};
use serde_json::json;

#[test]
fn field_parameter_is_condition() {
    let parsed = query("country=US");
    let expected = Query::new().with_condition(Syntax::Basic, eq("country", "US"));
    assert_eq!(parsed, expected);
}

#[test]
fn filter_parameter_is_advanced_condition() {
    let parsed = query("filter=gt(a,1)");
    assert_eq!(parsed.conditions.len(), 1);
    assert_eq!(parsed.conditions[0].syntax, Syntax::Advanced);
    assert_eq!(condition(&parsed, 0).test, Test::Gt(Value::new("1")));
}

#[test]
fn layers_keep_their_syntax() {
    let parsed =
        query("country=US&fullName=like::L&filter=gt(a,1)&sort=-b&pageNumber=2&pageSize=5");
    let syntaxes: Vec<Syntax> = parsed.conditions.iter().map(|c| c.syntax).collect();
    assert_eq!(
        syntaxes,
        vec![Syntax::Basic, Syntax::MatchType, Syntax::Advanced]
    );
    assert_eq!(parsed.sort.as_ref().map(|sort| sort.keys.len()), Some(1));
    assert_eq!(parsed.page_number.as_ref().map(|page| page.value), Some(2));
    assert_eq!(parsed.page_size.as_ref().map(|size| size.value), Some(5));
    assert!(parsed.pass_through.is_empty());
}

#[test]
fn conditions_combine_with_and() {
    let parsed = query("country=US&filter=gt(a,1)");
    let combined = parsed.filter_expr().expect("two conditions");
    assert_eq!(
        combined,
        parse_filter("AND(eq(country,US),gt(a,1))").unwrap()
    );
}

#[test]
fn conditions_combine_with_and_in_evaluation() {
    let compiled = Compiled::new(&query("country=US&filter=gt(a,1)")).unwrap();
    assert!(compiled.matches(&json!({"country": "US", "a": 2})));
    assert!(!compiled.matches(&json!({"country": "US", "a": 1})));
    assert!(!compiled.matches(&json!({"country": "FR", "a": 2})));
}

#[test]
fn empty_query_matches_everything() {
    let parsed = query("");
    assert_eq!(parsed, Query::new());
    assert_eq!(parsed.filter_expr(), None);
    let compiled = Compiled::new(&parsed).unwrap();
    assert!(compiled.matches(&json!({})));
    assert!(compiled.matches(&json!({"a": null})));
}

#[test]
fn leading_question_mark_is_allowed() {
    assert_eq!(query("?country=US"), query("country=US"));
    assert_eq!(query("?"), Query::new());
}

#[test]
fn only_first_question_mark_is_skipped() {
    let parsed = query("??a=1");
    assert_eq!(condition(&parsed, 0).field.name, "?a");
}

#[test]
fn empty_segments_are_skipped() {
    let expected = query("a=1&b=2");
    for input in [
        "a=1&&b=2",
        "a=1&b=2&",
        "&a=1&b=2",
        "a=1&&&b=2&&",
        "?&a=1&b=2",
    ] {
        assert_eq!(query(input), expected, "{input}");
    }
    assert_eq!(query("&"), Query::new());
    assert_eq!(query("&&&"), Query::new());
}

#[test]
fn parameter_splits_at_first_equals() {
    let parsed = query("a=b=c");
    assert_eq!(condition(&parsed, 0).field.name, "a");
    assert_eq!(condition(&parsed, 0).test, Test::Eq(Value::new("b=c")));
}

#[test]
fn filter_value_splits_at_first_equals() {
    let parsed = query("filter=eq(a,x=y)");
    assert_eq!(condition(&parsed, 0).test, Test::Eq(Value::new("x=y")));
}

#[test]
fn percent_and_plus_decode() {
    let cases = [
        ("a=New+York", "New York"),
        ("a=New%20York", "New York"),
        ("a=%41%62", "Ab"),
        ("a=%e5%8c%97%E4%BA%AC", "北京"),
        ("a=%F0%9F%8D%91", "🍑"),
        ("a=1%2B2", "1+2"),
        ("a=100%25", "100%"),
        ("a=%26%3D", "&="),
        ("a=%3Fx", "?x"),
        ("a=北京", "北京"),
        ("a=x%2By+z", "x+y z"),
    ];
    for (input, text) in cases {
        let parsed = query(input);
        assert_eq!(
            condition(&parsed, 0).test,
            Test::Eq(Value::new(text)),
            "{input}"
        );
    }
}

#[test]
fn names_are_decoded() {
    let cases = [
        ("Body+Mass=1", "Body Mass"),
        ("Body%20Mass%20(g)=1", "Body Mass (g)"),
        ("a%3Db=1", "a=b"),
        ("a%26b=1", "a&b"),
        ("%E5%8C%97=1", "北"),
    ];
    for (input, name) in cases {
        let parsed = query(input);
        assert_eq!(condition(&parsed, 0).field.name, name, "{input}");
    }
}

#[test]
fn decoding_happens_once() {
    let parsed = query("a=%2541");
    assert_eq!(condition(&parsed, 0).test, Test::Eq(Value::new("%41")));
}

#[test]
fn encoded_comma_plain_in_basic_value() {
    let parsed = query("city=Paris%2C+France");
    assert_eq!(
        condition(&parsed, 0).test,
        Test::Eq(Value::new("Paris, France"))
    );
}

#[test]
fn encoded_comma_splits_list_items() {
    let parsed = query("a=in::x%2Cy");
    assert_eq!(value_texts(&condition(&parsed, 0).test), ["x", "y"]);
}

#[test]
fn encoded_comma_separates_advanced_arguments() {
    let error = query_error("filter=eq(a,x%2Cy)");
    assert_eq!(error.kind(), ErrorKind::InvalidArguments);
}

#[test]
fn encoded_comma_inside_quotes_is_kept() {
    let parsed = query("filter=eq(a,%22x%2Cy%22)");
    let test = &condition(&parsed, 0).test;
    assert_eq!(test, &Test::Eq(Value::quoted("x,y")));
}

#[test]
fn encoded_parentheses_are_syntax_in_filter() {
    let decoded = query("filter=eq%28a%2C1%29");
    assert_eq!(decoded, query("filter=eq(a,1)"));
}

#[test]
fn invalid_percent_names_value_parameter() {
    let cases = [
        ("a=%G1", "%G1"),
        ("a=x%", "%"),
        ("a=%4", "%4"),
        ("a=x%zz", "%zz"),
        ("city=%", "%"),
    ];
    for (input, written) in cases {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidEncoding, "{input}");
        assert_eq!(spanned(input, &error), written, "{input}");
        let name = input.split('=').next().unwrap();
        assert!(
            error.message().contains(&format!("`{name}`")),
            "{input}: {}",
            error.message()
        );
    }
}

#[test]
fn invalid_percent_in_name() {
    let input = "a%ZZ=1";
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::InvalidEncoding);
    assert_eq!(error.span(), Span::new(1, 4));
    assert!(error.message().contains("parameter name"), "{error}");
}

#[test]
fn percent_before_multibyte_char_is_error() {
    let error = query_error("a=%é");
    assert_eq!(error.kind(), ErrorKind::InvalidEncoding);
    let error = query_error("a=%4é");
    assert_eq!(error.kind(), ErrorKind::InvalidEncoding);
}

#[test]
fn invalid_utf8_names_parameter() {
    let cases = [
        ("a=%FF", "%FF"),
        ("a=ok%C3", "%C3"),
        ("a=%E5%8C", "%E5"),
        ("a=%C3%28", "%C3"),
        ("name=%80", "%80"),
    ];
    for (input, bad) in cases {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidEncoding, "{input}");
        assert_eq!(spanned(input, &error), bad, "{input}");
        let name = input.split('=').next().unwrap();
        assert!(
            error.message().contains(&format!("`{name}`")),
            "{input}: {}",
            error.message()
        );
    }
}

#[test]
fn invalid_utf8_in_name() {
    let error = query_error("%FF=1");
    assert_eq!(error.kind(), ErrorKind::InvalidEncoding);
    assert_eq!(error.span(), Span::new(0, 3));
}

#[test]
fn invalid_encoding_in_filter_value() {
    let error = query_error("filter=eq(a,%FF)");
    assert_eq!(error.kind(), ErrorKind::InvalidEncoding);
    assert!(error.message().contains("`filter`"), "{error}");
}

#[test]
fn repeated_once_only_parameter_is_error() {
    let cases = [
        "filter=gt(x,1)&filter=lt(x,2)",
        "sort=a&sort=b",
        "pageNumber=1&pageNumber=2",
        "pageSize=10&pageSize=10",
        "sort=a&country=US&sort=a",
        "filter=gt(x,1)&%66ilter=lt(x,2)",
    ];
    for input in cases {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::RepeatedParameter, "{input}");
        assert!(
            error.message().starts_with("repeated parameter"),
            "{input}: {}",
            error.message()
        );
    }
}

#[test]
fn repeated_parameter_points_at_second() {
    let input = "sort=a&country=US&sort=b";
    let error = query_error(input);
    assert_eq!(error.span(), Span::new(18, 24));
    assert_eq!(spanned(input, &error), "sort=b");
}

#[test]
fn repeated_field_parameter_adds_conditions() {
    let parsed = query("a=1&a=2");
    let expected = Query::new()
        .with_condition(Syntax::Basic, eq("a", "1"))
        .with_condition(Syntax::Basic, eq("a", "2"));
    assert_eq!(parsed, expected);
}

#[test]
fn repeated_field_parameter_needs_both() {
    let compiled = Compiled::new(&query("a=gt::1&a=lt::5")).unwrap();
    assert!(compiled.matches(&json!({"a": 3})));
    assert!(!compiled.matches(&json!({"a": 6})));
    assert!(!compiled.matches(&json!({"a": 0})));
}

#[test]
fn empty_name_is_error() {
    for input in ["=US", "a=1&=US", "=", "=&a=1"] {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidParameter, "{input}");
    }
}

#[test]
fn empty_name_span_covers_parameter() {
    let input = "a=1&=US";
    let error = query_error(input);
    assert_eq!(spanned(input, &error), "=US");
}

#[test]
fn missing_equals_is_error() {
    let input = "a=1&country&b=2";
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::InvalidParameter);
    assert_eq!(spanned(input, &error), "country");
    assert!(error.message().contains("`country`"), "{error}");
    assert!(error.message().contains('='), "{error}");
}

#[test]
fn reserved_name_without_equals_is_error() {
    for input in ["filter", "sort", "pageSize", "pageNumber", "?country"] {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidParameter, "{input}");
    }
}

#[test]
fn reserved_names_are_case_sensitive() {
    let parsed = query("Filter=eq(a,1)&SORT=a&pagesize=5&PageNumber=2");
    assert_eq!(parsed.conditions.len(), 4);
    for index in 0..4 {
        assert_eq!(parsed.conditions[index].syntax, Syntax::Basic, "{index}");
    }
    assert_eq!(condition(&parsed, 0).field.name, "Filter");
    assert_eq!(condition(&parsed, 0).test, Test::Eq(Value::new("eq(a,1)")));
    assert_eq!(parsed.sort, None);
    assert_eq!(parsed.page_size, None);
    assert_eq!(parsed.page_number, None);
}

#[test]
fn field_names_are_case_sensitive() {
    let parsed = query("Country=US&country=US");
    assert_eq!(condition(&parsed, 0).field.name, "Country");
    assert_eq!(condition(&parsed, 1).field.name, "country");
    let compiled = Compiled::new(&query("Country=US")).unwrap();
    assert!(!compiled.matches(&json!({"country": "US"})));
    assert!(compiled.matches(&json!({"Country": "US"})));
}

#[test]
fn pass_through_is_kept_not_condition() {
    let options = ParseOptions::new().with_pass_through(["objectType"]);
    let parsed = options
        .parse_query("objectType=Products&name=Harp")
        .unwrap();
    assert_eq!(parsed.pass_through.len(), 1);
    assert_eq!(parsed.pass_through[0].name, "objectType");
    assert_eq!(parsed.pass_through[0].value, "Products");
    assert_eq!(parsed.conditions.len(), 1);
    assert_eq!(condition(&parsed, 0).field.name, "name");
}

#[test]
fn pass_through_value_is_not_parsed() {
    let options = ParseOptions::new().with_pass_through(["objectType", "view"]);
    let parsed = options
        .parse_query("objectType=null&view=&objectType=eq::x%2B1")
        .unwrap();
    let values: Vec<&str> = parsed
        .pass_through
        .iter()
        .map(|parameter| parameter.value.as_str())
        .collect();
    assert_eq!(values, ["null", "", "eq::x+1"]);
    assert!(parsed.conditions.is_empty());
}

#[test]
fn pass_through_names_are_case_sensitive() {
    let options = ParseOptions::new().with_pass_through(["objectType"]);
    let parsed = options.parse_query("objecttype=Products").unwrap();
    assert!(parsed.pass_through.is_empty());
    assert_eq!(parsed.conditions.len(), 1);
}

#[test]
fn pass_through_value_must_decode() {
    let options = ParseOptions::new().with_pass_through(["objectType"]);
    let error = options.parse_query("objectType=%FF").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidEncoding);
    assert!(error.message().contains("`objectType`"), "{error}");
}

#[test]
fn undeclared_name_is_field_condition() {
    let parsed = query("objectType=Products");
    assert!(parsed.pass_through.is_empty());
    assert_eq!(condition(&parsed, 0).field.name, "objectType");
}

#[test]
fn parse_filter_does_not_decode() {
    let expr = parse_filter("eq(a,x+y%2C)").unwrap();
    let Expr::Predicate(predicate) = expr else {
        panic!("expected a predicate");
    };
    assert_eq!(predicate.test, Test::Eq(Value::new("x+y%2C")));
}

#[test]
fn parse_filter_rejects_query_string() {
    let error = parse_filter("filter=eq(a,1)").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Syntax);
    assert_eq!(error.span(), Span::new(0, 7));
    assert!(error.help().unwrap().contains("drop `filter=`"));
}

#[test]
fn spans_point_into_raw_query() {
    let input = "country=US&filter=eq(a,%22x%2Cy%22)";
    let parsed = query(input);
    let span = parsed.conditions[1].span;
    assert_eq!(&input[span.start..span.end], "filter=eq(a,%22x%2Cy%22)");
    let value = &condition(&parsed, 1).test.values()[0].span;
    assert_eq!(&input[value.start..value.end], "%22x%2Cy%22");
}

#[test]
fn error_span_maps_through_decoding() {
    let input = "filter=AND(eq(a,1))%29";
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::TrailingInput);
    assert_eq!(spanned(input, &error), "%29");
}
