//! Field parameters: the basic syntax `NAME=VALUE` and the match-type syntax `NAME=OP::VALUE`.

mod common;

use common::{assert_caret, condition, query, query_error, spanned, value_texts};
use inperium_filter::{ErrorKind, Operator, ParseOptions, Span, Syntax, Test, Value};

/// Parses one field parameter and returns its syntax and test.
fn field_test(input: &str) -> (Syntax, Test) {
    let parsed = query(input);
    assert_eq!(parsed.conditions.len(), 1, "{input}");
    (
        parsed.conditions[0].syntax,
        condition(&parsed, 0).test.clone(),
    )
}

// ---- basic syntax ----

#[test]
fn basic_value_is_verbatim() {
    let cases = [
        ("a=US", "US"),
        ("a=%20US%20", " US "),
        ("a=+US+", " US "),
        ("a=x,y", "x,y"),
        ("a=f(x)", "f(x)"),
        ("a=%22quoted%22", "\"quoted\""),
        ("a=%22", "\""),
        ("a=Bob's", "Bob's"),
        ("a=/a/b/c", "/a/b/c"),
        ("a=AND", "AND"),
        ("a=eq(a,1)", "eq(a,1)"),
        ("a=a\\b", "a\\b"),
        ("a=00123", "00123"),
        ("a=nulls", "nulls"),
        ("a=%09x", "\tx"),
    ];
    for (input, text) in cases {
        let (syntax, test) = field_test(input);
        assert_eq!(syntax, Syntax::Basic, "{input}");
        assert_eq!(test, Test::Eq(Value::new(text)), "{input}");
    }
}

#[test]
fn basic_name_is_verbatim() {
    let cases = [
        ("Body+Mass+(g)=1", "Body Mass (g)"),
        ("%20a%20=1", " a "),
        ("a.b=1", "a.b"),
        ("-x=1", "-x"),
        ("%22a%22=1", "\"a\""),
    ];
    for (input, name) in cases {
        let parsed = query(input);
        let field = &condition(&parsed, 0).field;
        assert_eq!(field.name, name, "{input}");
        assert!(!field.quoted, "{input}");
    }
}

#[test]
fn empty_basic_value_is_error() {
    let input = "ssn=";
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::MissingValue);
    assert_eq!(error.span(), Span::new(4, 4));
    assert!(error.message().contains("`ssn`"), "{error}");
    let help = error.help().expect("a hint");
    assert!(help.contains(r#"ssn=eq::"""#), "{help}");
    assert!(help.contains("ssn=isnull::"), "{help}");
}

#[test]
fn empty_basic_value_after_other_parameter() {
    let input = "a=1&ssn=&b=2";
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::MissingValue);
    assert_eq!(error.span(), Span::new(8, 8));
}

#[test]
fn null_basic_value_is_error() {
    for written in ["null", "NULL", "Null", "nUlL"] {
        let input = format!("status={written}");
        let error = query_error(&input);
        assert_eq!(error.kind(), ErrorKind::NullValue, "{input}");
        assert_eq!(spanned(&input, &error), written, "{input}");
        let help = error.help().expect("a hint");
        assert!(help.contains("status=isnull::"), "{input}: {help}");
        assert!(
            help.contains(&format!(r#"status=eq::"{written}""#)),
            "{input}: {help}"
        );
    }
}

#[test]
fn null_with_spaces_is_basic_text() {
    let (syntax, test) = field_test("status=+null");
    assert_eq!(syntax, Syntax::Basic);
    assert_eq!(test, Test::Eq(Value::new(" null")));
}

// ---- match-type detection ----

#[test]
fn word_before_colons_is_match_type() {
    let cases = [
        ("fullName=like::L", Test::Like(Value::new("L"))),
        ("a=EQ::x", Test::Eq(Value::new("x"))),
        ("a=Like::x", Test::Like(Value::new("x"))),
        ("a=NotLike::x", Test::NotLike(Value::new("x"))),
        ("a=gte::5", Test::Gte(Value::new("5"))),
        ("a=LTE::5", Test::Lte(Value::new("5"))),
        ("a=neq::5", Test::Neq(Value::new("5"))),
        ("a=lt::5", Test::Lt(Value::new("5"))),
        ("a=gt::5", Test::Gt(Value::new("5"))),
    ];
    for (input, expected) in cases {
        let (syntax, test) = field_test(input);
        assert_eq!(syntax, Syntax::MatchType, "{input}");
        assert_eq!(test, expected, "{input}");
    }
}

#[test]
fn every_operator_name_is_match_type() {
    for operator in Operator::ALL {
        let arguments = match operator {
            Operator::IsNull | Operator::IsNotNull => "",
            Operator::Btn => "1,2",
            _ => "1",
        };
        let input = format!("a={}::{arguments}", operator.name());
        let (syntax, test) = field_test(&input);
        assert_eq!(syntax, Syntax::MatchType, "{input}");
        assert_eq!(test.operator(), operator, "{input}");
    }
}

#[test]
fn non_word_before_colons_is_basic() {
    let cases = [
        "time=12::30",
        "a=::x",
        "a=x1::y",
        "a=_x::y",
        "a=é::y",
        "a=e+q::y",
        "a=eq:x",
        "a=eq",
        "a=isnull",
        "a=x-y::z",
        "a=%20eq::x",
    ];
    for input in cases {
        let (syntax, test) = field_test(input);
        let written = input.split_once('=').unwrap().1.replace("%20", " ");
        let written = written.replace('+', " ");
        assert_eq!(syntax, Syntax::Basic, "{input}");
        assert_eq!(test, Test::Eq(Value::new(written)), "{input}");
    }
}

#[test]
fn value_after_first_colons_keeps_colons() {
    let (syntax, test) = field_test("ns=eq::std::vec");
    assert_eq!(syntax, Syntax::MatchType);
    assert_eq!(test, Test::Eq(Value::new("std::vec")));
}

#[test]
fn unknown_word_is_error_with_suggestion() {
    let input = "a=gtx::3";
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::UnknownOperator);
    assert_eq!(error.span(), Span::new(2, 5));
    assert!(error.message().contains("`gtx`"), "{error}");
    let help = error.help().expect("a hint");
    assert!(help.contains("did you mean `gt`?"), "{help}");
    assert!(help.contains("a=eq::gtx::3"), "{help}");
    assert_caret(input, &error);
}

#[test]
fn unknown_word_keeps_its_case() {
    let error = query_error("a=GTX::3");
    assert_eq!(error.kind(), ErrorKind::UnknownOperator);
    assert!(error.message().contains("`GTX`"), "{error}");
    assert!(error.help().unwrap().contains("`gt`"));
}

#[test]
fn unknown_word_suggests_closest() {
    let cases = [
        ("a=lik::x", "like"),
        ("a=notlik::x", "notlike"),
        ("a=isnul::", "isnull"),
        ("a=ni::1", "nin"),
        ("a=inn::1", "in"),
        ("a=bnt::1,2", "btn"),
    ];
    for (input, suggestion) in cases {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::UnknownOperator, "{input}");
        let help = error.help().unwrap();
        assert!(
            help.contains(&format!("did you mean `{suggestion}`?")),
            "{input}: {help}"
        );
    }
}

#[test]
fn unknown_word_does_not_suggest_groups() {
    let error = query_error("a=ANDD::x");
    assert_eq!(error.kind(), ErrorKind::UnknownOperator);
    assert!(!error.help().unwrap().contains("`AND`"), "{error}");
}

#[test]
fn text_with_word_prefix_needs_eq() {
    let error = query_error("ns=std::vec");
    assert_eq!(error.kind(), ErrorKind::UnknownOperator);
    assert!(error.help().unwrap().contains("ns=eq::std::vec"), "{error}");
}

#[test]
fn unknown_word_span_maps_through_encoding() {
    let input = "a=%67tx::3";
    let error = query_error(input);
    assert_eq!(spanned(input, &error), "%67tx");
}

// ---- one-value operators ----

#[test]
fn single_value_is_verbatim() {
    let cases = [
        ("a=eq::x,y", "x,y"),
        ("a=eq::f(x)", "f(x)"),
        ("a=eq::+x+", " x "),
        ("a=eq::x%22y", "x\"y"),
        ("a=eq::+%22x%22", " \"x\""),
        ("a=like::%25", "%"),
        ("a=eq::AND", "AND"),
        ("a=eq::eq::x", "eq::x"),
        ("a=eq::a\\n", "a\\n"),
    ];
    for (input, text) in cases {
        let (syntax, test) = field_test(input);
        assert_eq!(syntax, Syntax::MatchType, "{input}");
        assert_eq!(test.values(), vec![&Value::new(text)], "{input}");
    }
}

#[test]
fn single_value_quoted() {
    let cases = [
        (r#"a=eq::"x""#, "x"),
        (r#"a=eq::"a,b""#, "a,b"),
        (r#"a=eq::"""#, ""),
        (r#"a=eq::"null""#, "null"),
        (r#"a=eq::"+x""#, " x"),
        (r#"a=eq::"a\"b""#, "a\"b"),
        (r#"a=eq::"a\\b""#, "a\\b"),
        (r#"a=like::"(x)""#, "(x)"),
    ];
    for (input, text) in cases {
        let (_, test) = field_test(input);
        assert_eq!(test.values(), vec![&Value::quoted(text)], "{input}");
    }
}

#[test]
fn quoted_value_allows_trailing_whitespace() {
    for input in [
        r#"a=eq::"x"+"#,
        r#"a=eq::"x"%09"#,
        r#"a=eq::"x"%0D%0A"#,
        r#"a=eq::"x"++"#,
    ] {
        let (_, test) = field_test(input);
        assert_eq!(test, Test::Eq(Value::quoted("x")), "{input}");
    }
}

#[test]
fn quoted_value_then_text_is_error() {
    for input in [
        r#"a=eq::"x"y"#,
        r#"a=eq::"x",y"#,
        r#"a=eq::"x""y""#,
        r#"a=eq::"x"%C2%A0"#,
    ] {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidQuoting, "{input}");
    }
}

#[test]
fn quoted_value_then_text_span() {
    let input = r#"a=eq::"x"y"#;
    let error = query_error(input);
    assert_eq!(spanned(input, &error), "y");
}

#[test]
fn unclosed_quote_is_error() {
    let input = r#"a=eq::"x"#;
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::InvalidQuoting);
}

#[test]
fn invalid_escape_in_single_value() {
    let input = r#"a=eq::"\n""#;
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::InvalidQuoting);
    assert_eq!(spanned(input, &error), r"\n");
}

#[test]
fn empty_single_value_is_error() {
    for operator in [
        "eq", "neq", "gt", "gte", "lt", "lte", "like", "notlike", "EQ",
    ] {
        let input = format!("name={operator}::");
        let error = query_error(&input);
        assert_eq!(error.kind(), ErrorKind::MissingValue, "{input}");
        assert!(error.help().unwrap().contains("isnull::"), "{input}");
    }
}

#[test]
fn null_single_value_is_error() {
    for written in ["null", "NULL", "Null"] {
        let input = format!("name=eq::{written}");
        let error = query_error(&input);
        assert_eq!(error.kind(), ErrorKind::NullValue, "{input}");
        assert_eq!(spanned(&input, &error), written, "{input}");
        assert!(error.help().unwrap().contains("isnull"), "{input}");
    }
}

// ---- list operators ----

#[test]
fn in_takes_one_or_more_values() {
    let cases = [
        ("a=in::x", vec!["x"]),
        ("a=in::x,y,z", vec!["x", "y", "z"]),
        ("a=nin::1,2", vec!["1", "2"]),
        ("a=in::+x+,+y", vec!["x", "y"]),
        ("a=in::New+York,北京", vec!["New York", "北京"]),
        (r#"a=in::"a,b",c"#, vec!["a,b", "c"]),
        (r#"a=in::"",x"#, vec!["", "x"]),
        (r#"a=IN::"(x)""#, vec!["(x)"]),
    ];
    for (input, items) in cases {
        let (syntax, test) = field_test(input);
        assert_eq!(syntax, Syntax::MatchType, "{input}");
        assert_eq!(value_texts(&test), items, "{input}");
    }
}

#[test]
fn list_items_keep_quoting() {
    let (_, test) = field_test(r#"a=in::"x",y"#);
    assert_eq!(test, Test::In(vec![Value::quoted("x"), Value::new("y")]));
}

#[test]
fn btn_takes_two_values() {
    let (syntax, test) = field_test("a=btn::1,10");
    assert_eq!(syntax, Syntax::MatchType);
    assert_eq!(test, Test::Btn(Value::new("1"), Value::new("10")));
    let (_, test) = field_test(r#"a=btn::"a,b",+z+"#);
    assert_eq!(test, Test::Btn(Value::quoted("a,b"), Value::new("z")));
}

#[test]
fn btn_with_wrong_count_is_error() {
    for input in ["a=btn::1", "a=btn::1,2,3"] {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidArguments, "{input}");
        assert!(error.message().contains("two values"), "{input}: {error}");
    }
}

#[test]
fn empty_list_is_error() {
    for input in ["a=in::", "a=nin::", "a=btn::"] {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::MissingValue, "{input}");
    }
}

#[test]
fn empty_list_item_is_error() {
    let cases = [
        ("a=in::1,", 8),
        ("a=in::,1", 6),
        ("a=in::1,,2", 8),
        ("a=btn::1,", 9),
        ("a=nin::1,+", 10),
    ];
    for (input, at) in cases {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::MissingValue, "{input}");
        assert_eq!(error.span().start, at, "{input}");
    }
}

#[test]
fn null_list_item_is_error() {
    for input in ["a=in::1,null", "a=nin::NULL", "a=btn::null,2"] {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::NullValue, "{input}");
    }
}

#[test]
fn list_item_with_parenthesis_is_error() {
    let cases = [
        ("a=in::x(y)", ErrorKind::Syntax, "x(y)"),
        ("a=in::x)", ErrorKind::Syntax, ")"),
        ("a=in::(x", ErrorKind::Syntax, "("),
        ("a=in::x%22y", ErrorKind::Syntax, "%22"),
    ];
    for (input, kind, at) in cases {
        let error = query_error(input);
        assert_eq!(error.kind(), kind, "{input}");
        assert_eq!(spanned(input, &error), at, "{input}");
    }
}

#[test]
fn list_item_quoted_escapes() {
    let (_, test) = field_test(r#"a=in::"a\"b","c\\d""#);
    assert_eq!(value_texts(&test), ["a\"b", "c\\d"]);
    let error = query_error(r#"a=in::"\t""#);
    assert_eq!(error.kind(), ErrorKind::InvalidQuoting);
}

#[test]
fn match_type_list_limit() {
    let options = ParseOptions::new().with_max_list_items(3);
    assert!(options.parse_query("a=in::1,2,3").is_ok());
    let error = options.parse_query("a=in::1,2,3,4").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ListTooLong);
}

// ---- isnull, isnotnull ----

#[test]
fn isnull_takes_nothing() {
    let cases = [
        ("zip=isnull::", Test::IsNull),
        ("zip=ISNULL::", Test::IsNull),
        ("zip=isnotnull::", Test::IsNotNull),
        ("zip=IsNotNull::", Test::IsNotNull),
    ];
    for (input, expected) in cases {
        let (syntax, test) = field_test(input);
        assert_eq!(syntax, Syntax::MatchType, "{input}");
        assert_eq!(test, expected, "{input}");
    }
}

#[test]
fn isnull_with_text_is_error() {
    let cases = [
        ("zip=isnull::x", "x"),
        ("zip=isnull::+", "+"),
        ("zip=isnotnull::1,2", "1,2"),
        (r#"zip=isnull::"""#, r#""""#),
    ];
    for (input, rest) in cases {
        let error = query_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidArguments, "{input}");
        assert_eq!(spanned(input, &error), rest, "{input}");
        assert!(error.help().unwrap().contains("zip="), "{input}");
    }
}
