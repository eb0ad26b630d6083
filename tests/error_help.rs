//! The help line of an error gives a fix the user can type, in the syntax they used.

use inperium_filter::{parse_filter, parse_query, Error, ErrorKind};

fn query_error(input: &str) -> Error {
    parse_query(input).expect_err(input)
}

fn help(error: &Error) -> &str {
    error.help().expect("the error has help")
}

#[test]
fn expression_without_filter_parameter() {
    let error = query_error("OR(eq(a,1),eq(b,2))");
    assert_eq!(error.kind(), ErrorKind::InvalidParameter);
    assert!(
        help(&error).contains("write filter=OR(eq(a,1),eq(b,2))"),
        "{error}"
    );
}

#[test]
fn hints_percent_encode_field_names() {
    let empty = query_error("a%26b=");
    assert!(help(&empty).contains(r#"a%26b=eq::"""#), "{empty}");
    let null = query_error("Body+Mass=null");
    assert!(help(&null).contains("Body%20Mass=isnull::"), "{null}");
}

#[test]
fn advanced_hints_quote_field_names() {
    let error = parse_filter(r#"eq("Body Mass",)"#).unwrap_err();
    assert!(help(&error).contains(r#"isnull("Body Mass")"#), "{error}");
}

#[test]
fn empty_list_item_asks_for_value() {
    for input in ["a=in::US,,FR", "filter=in(a,1,,2)", "filter=btn(a,,2)"] {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::MissingValue, "{input}");
        assert!(
            help(&error).contains("between the commas"),
            "{input}: {error}"
        );
    }
}

#[test]
fn isnull_without_field_shows_its_form() {
    let error = parse_filter("isnull()").unwrap_err();
    assert_eq!(help(&error), "write isnull(field)");
}

#[test]
fn filter_prefix_in_bare_expression() {
    let error = parse_filter("filter=eq(a,1)").unwrap_err();
    assert!(help(&error).contains("drop `filter=`"), "{error}");
}

#[test]
fn stray_quote_is_not_called_bare_value() {
    for input in [r#"eq"(a,1)"#, r#"eq(a,x"y")"#] {
        let error = parse_filter(input).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Syntax, "{input}");
        assert!(
            error.message().contains("a quote can only start"),
            "{input}: {error}"
        );
    }
}

#[test]
fn short_unknown_word_suggests_nothing() {
    let error = query_error("d=a::1");
    assert!(help(&error).starts_with("the operators are"), "{error}");
    let close = query_error("d=lkie::x");
    assert!(help(&close).starts_with("did you mean `like`?"), "{close}");
}

#[test]
fn long_input_keeps_messages_short() {
    let long = "x".repeat(60_000);
    let half = "x".repeat(30_000);
    let cases = [
        long.clone(),
        format!("{half}=gtx::{half}"),
        format!("sort={long};"),
        format!("filter=eq({long} y,1)"),
        format!("pageSize={long}"),
    ];
    for input in cases {
        let error = query_error(&input);
        assert_ne!(error.kind(), ErrorKind::InputTooLong);
        let text = error.to_string();
        assert!(
            text.len() < 1_000,
            "{} bytes for {:?}",
            text.len(),
            error.kind()
        );
    }
}
