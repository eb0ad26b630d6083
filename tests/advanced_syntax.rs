//! The advanced syntax: groups, calls, whitespace, values and field names.

mod common;

use common::{
    and, assert_caret, call, eq, filter, filter_error, or, predicate, query, query_error, spanned,
};
use inperium_filter::{
    quote, ErrorKind, Expr, Field, GroupOp, Operator, ParseOptions, Predicate, Span, Test, Value,
};

/// Returns the only value of a one-value predicate.
fn single_value(input: &str) -> Value {
    let expr = filter(input);
    let values = predicate(&expr).test.values();
    assert_eq!(values.len(), 1, "{input}");
    values[0].clone()
}

// ---- names ----

#[test]
fn group_names_ignore_case() {
    let expected = and(vec![eq("a", "1"), or(vec![eq("b", "2")])]);
    for input in [
        "AND(eq(a,1),OR(eq(b,2)))",
        "and(eq(a,1),or(eq(b,2)))",
        "And(eq(a,1),oR(eq(b,2)))",
    ] {
        assert_eq!(filter(input), expected, "{input}");
    }
}

#[test]
fn operator_names_ignore_case() {
    for operator in Operator::ALL {
        let arguments = match operator {
            Operator::IsNull | Operator::IsNotNull => "a",
            Operator::Btn => "a,1,2",
            _ => "a,1",
        };
        for name in [operator.name().to_owned(), operator.name().to_uppercase()] {
            let input = format!("{name}({arguments})");
            let expr = filter(&input);
            assert_eq!(predicate(&expr).test.operator(), operator, "{input}");
        }
    }
}

#[test]
fn unknown_operator_is_error() {
    let input = "gtx(a,1)";
    let error = filter_error(input);
    assert_eq!(error.kind(), ErrorKind::UnknownOperator);
    assert_eq!(error.span(), Span::new(0, 3));
    assert!(error.message().contains("`gtx`"), "{error}");
    assert_eq!(error.help(), Some("did you mean `gt`?"));
}

#[test]
fn unknown_group_suggests_group() {
    let error = filter_error("ANDD(eq(a,1))");
    assert_eq!(error.kind(), ErrorKind::UnknownOperator);
    assert_eq!(error.help(), Some("did you mean `AND`?"));
}

#[test]
fn not_is_off_by_default() {
    let error = filter_error("NOT(eq(a,1))");
    assert_eq!(error.kind(), ErrorKind::UnknownOperator);
}

// ---- whitespace ----

#[test]
fn whitespace_around_tokens() {
    let expected = or(vec![call("a", Test::Gt(Value::new("1"))), eq("b", "x y")]);
    for input in [
        "OR(gt(a,1),eq(b,x y))",
        " OR ( gt ( a , 1 ) , eq ( b , x y ) ) ",
        "\tOR(\n  gt(a,\t1),\r\n  eq(b,  x y  )\n)\n",
        "OR\n(gt(a,1),eq(b,x y))",
    ] {
        assert_eq!(filter(input), expected, "{input:?}");
    }
}

#[test]
fn whitespace_in_filter_parameter() {
    let parsed = query("filter=+OR(+gt(a,1)+,%0Aeq(b,x+y)+)+");
    assert_eq!(parsed.conditions[0].expr, filter("OR(gt(a,1),eq(b,x y))"));
}

#[test]
fn bare_value_keeps_inner_whitespace() {
    assert_eq!(single_value("eq(a,New York)"), Value::new("New York"));
    assert_eq!(single_value("eq(a, New  York )"), Value::new("New  York"));
    assert_eq!(single_value("eq(a,x\ty)"), Value::new("x\ty"));
    assert_eq!(single_value("eq(a,x\ny)"), Value::new("x\ny"));
}

#[test]
fn other_whitespace_is_bare_value_text() {
    let cases = [
        ("eq(a,\u{a0}x\u{a0})", "\u{a0}x\u{a0}"),
        ("eq(a, \u{a0}x)", "\u{a0}x"),
        ("eq(a,\u{2003}x\u{3000})", "\u{2003}x\u{3000}"),
        ("eq(a,\u{b}x\u{c})", "\u{b}x\u{c}"),
        ("eq(a,x\u{85})", "x\u{85}"),
    ];
    for (input, text) in cases {
        assert_eq!(single_value(input), Value::new(text), "{input:?}");
    }
}

#[test]
fn other_whitespace_is_not_between_tokens() {
    let cases = [
        ("\u{a0}eq(a,1)", ErrorKind::Syntax, Span::new(0, 2)),
        ("eq(a,1)\u{a0}", ErrorKind::TrailingInput, Span::new(7, 9)),
        ("eq\u{a0}(a,1)", ErrorKind::Syntax, Span::new(2, 4)),
    ];
    for (input, kind, span) in cases {
        let error = filter_error(input);
        assert_eq!(error.kind(), kind, "{input:?}");
        assert_eq!(error.span(), span, "{input:?}");
    }
}

#[test]
fn nbsp_in_bare_field_is_error() {
    let error = filter_error("eq(\u{a0}a,1)");
    assert_eq!(error.kind(), ErrorKind::InvalidField);
}

#[test]
fn blank_expression_is_error() {
    for input in ["", " ", "\t\n"] {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::MissingValue, "{input:?}");
    }
    let error = query_error("filter=");
    assert_eq!(error.kind(), ErrorKind::MissingValue);
}

// ---- groups ----

#[test]
fn one_member_group_is_kept() {
    let expr = filter("AND(eq(a,1))");
    assert_eq!(expr, and(vec![eq("a", "1")]));
    assert_eq!(expr.to_string(), "AND(eq(a,1))");
    let expr = filter("or(or(eq(a,1)))");
    assert_eq!(expr.to_string(), "OR(OR(eq(a,1)))");
}

#[test]
fn groups_nest_in_any_order() {
    let expr = filter("OR(AND(eq(a,1),OR(eq(b,2),AND(eq(c,3)))),eq(d,4))");
    assert_eq!(
        expr,
        or(vec![
            and(vec![
                eq("a", "1"),
                or(vec![eq("b", "2"), and(vec![eq("c", "3")])])
            ]),
            eq("d", "4"),
        ])
    );
    assert_eq!(expr.depth(), 5);
}

#[test]
fn group_members_keep_order() {
    let Expr::Group(group) = filter("AND(eq(c,1),eq(a,2),eq(b,3))") else {
        panic!("expected a group");
    };
    assert_eq!(group.op, GroupOp::And);
    let names: Vec<&str> = group
        .members
        .iter()
        .map(|member| predicate(member).field.name.as_str())
        .collect();
    assert_eq!(names, ["c", "a", "b"]);
}

#[test]
fn empty_group_is_error() {
    for input in ["AND()", "OR( )", "and(\n)"] {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidArguments, "{input:?}");
        assert!(
            error.message().contains("at least one condition"),
            "{input:?}: {error}"
        );
    }
}

#[test]
fn group_trailing_comma_is_error() {
    let input = "AND(eq(a,1),)";
    let error = filter_error(input);
    assert_eq!(error.kind(), ErrorKind::InvalidArguments);
    assert!(error.message().contains("missing condition"), "{error}");
    assert_eq!(error.span().start, 12);
}

#[test]
fn group_leading_comma_is_error() {
    let error = filter_error("OR(,eq(a,1))");
    assert_eq!(error.kind(), ErrorKind::InvalidArguments);
}

#[test]
fn group_member_must_be_condition() {
    for input in ["AND(a)", "OR(eq(a,1),x)", "AND(\"eq(a,1)\")"] {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidArguments, "{input}");
        assert!(error.message().contains("is a value"), "{input}: {error}");
    }
}

#[test]
fn bare_word_is_not_expression() {
    for input in ["x", "eq", "AND", "\"eq(a,1)\""] {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::Syntax, "{input}");
    }
}

#[test]
fn unclosed_group_is_error() {
    let input = "OR(eq(a,1)";
    let error = filter_error(input);
    assert_eq!(error.kind(), ErrorKind::Syntax);
    assert_eq!(error.span(), Span::new(10, 10));
    assert!(error.message().contains("`)`"), "{error}");
}

// ---- trailing input ----

#[test]
fn extra_close_error_points_at_it() {
    let input = "AND(eq(a,1)))";
    let error = filter_error(input);
    assert_eq!(error.kind(), ErrorKind::TrailingInput);
    assert_eq!(error.span(), Span::new(12, 13));
    assert_eq!(error.help(), Some("remove the extra `)`"));
    assert_caret(input, &error);
}

#[test]
fn extra_close_in_query_string() {
    let input = "filter=AND(eq(a,1)))";
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::TrailingInput);
    assert_eq!(error.span(), Span::new(19, 20));
}

#[test]
fn extra_close_after_whitespace() {
    let input = "eq(a,1) )";
    let error = filter_error(input);
    assert_eq!(error.kind(), ErrorKind::TrailingInput);
    assert_eq!(error.span(), Span::new(8, 9));
}

#[test]
fn mistyped_reference_example_stray_close() {
    let input = "filter=OR(gt(annualRevenue,500000)),gt(employeeCount,1000))";
    let error = query_error(input);
    assert_eq!(error.kind(), ErrorKind::TrailingInput);
    assert_eq!(error.span(), Span::new(34, 35));
    assert_eq!(spanned(input, &error), ")");
    assert_eq!(&input[..35], "filter=OR(gt(annualRevenue,500000))");
    assert_caret(input, &error);
}

#[test]
fn mistyped_reference_example_as_filter() {
    let input = "OR(gt(annualRevenue,500000)),gt(employeeCount,1000))";
    let error = filter_error(input);
    assert_eq!(error.kind(), ErrorKind::TrailingInput);
    assert_eq!(error.span(), Span::new(27, 28));
    assert!(error.message().contains("`OR(`"), "{error}");
}

#[test]
fn second_expression_is_trailing_input() {
    for input in ["eq(a,1)eq(b,2)", "eq(a,1) x", "eq(a,1),eq(b,2)"] {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::TrailingInput, "{input}");
    }
}

// ---- argument counts ----

#[test]
fn list_needs_a_value() {
    for input in ["in(f)", "nin(f)", "IN( f )"] {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidArguments, "{input}");
        assert!(
            error.message().contains("one or more values"),
            "{input}: {error}"
        );
    }
}

#[test]
fn trailing_comma_is_missing_value() {
    let cases = [("in(f,1,2,)", 9), ("in(f,,1)", 5), ("nin(f,1,\n)", 9)];
    for (input, at) in cases {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::MissingValue, "{input}");
        assert_eq!(error.span().start, at, "{input}");
    }
}

#[test]
fn trailing_comma_is_named() {
    let cases = [("eq(a,1,)", 7), ("btn(a,1,2,)", 10)];
    for (input, at) in cases {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::MissingValue, "{input}");
        assert!(error.message().contains("trailing `,`"), "{input}: {error}");
        assert_eq!(error.span().start, at, "{input}");
    }
}

#[test]
fn missing_value_is_error_with_hint() {
    let input = "eq(ssn,)";
    let error = filter_error(input);
    assert_eq!(error.kind(), ErrorKind::MissingValue);
    assert_eq!(error.span(), Span::new(7, 7));
    assert!(error.message().contains("`eq`"), "{error}");
    assert!(error.message().contains("`ssn`"), "{error}");
    let help = error.help().unwrap();
    assert!(help.contains(r#"eq(ssn,"")"#), "{help}");
    assert!(help.contains("isnull(ssn)"), "{help}");
}

#[test]
fn blank_value_is_missing() {
    let error = filter_error("eq(ssn, )");
    assert_eq!(error.kind(), ErrorKind::MissingValue);
}

#[test]
fn wrong_argument_count_names_expected() {
    let cases = [
        ("eq(a)", "one value", "0 values were given"),
        ("eq(a,1,2)", "one value", "2 values were given"),
        ("like(a,1,2)", "one value", "2 values were given"),
        ("isnull(a,1)", "no value", "1 value was given"),
        ("isnotnull(a,1,2)", "no value", "2 values were given"),
        ("btn(a,1)", "two values", "1 value was given"),
        ("btn(a,1,2,3)", "two values", "3 values were given"),
        ("gt(a)", "one value", "0 values were given"),
    ];
    for (input, expected, given) in cases {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidArguments, "{input}");
        assert!(error.message().contains(expected), "{input}: {error}");
        assert!(error.message().contains(given), "{input}: {error}");
        assert_eq!(error.span(), Span::new(0, input.len()), "{input}");
        assert!(error.help().unwrap().starts_with("write "), "{input}");
    }
}

#[test]
fn missing_field_is_error() {
    for input in ["eq(,1)", "isnull()", "in( ,1)"] {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidArguments, "{input}");
        assert!(error.message().contains("field name"), "{input}: {error}");
    }
}

#[test]
fn condition_as_field_is_error() {
    let error = filter_error("eq(eq(a,1),1)");
    assert_eq!(error.kind(), ErrorKind::InvalidArguments);
}

#[test]
fn condition_as_value_is_error() {
    let error = filter_error("eq(a,AND(eq(b,1)))");
    assert_eq!(error.kind(), ErrorKind::Syntax);
}

// ---- bare values ----

#[test]
fn bare_values() {
    let cases = [
        "New York", "Bob's", "/a/b/c", "北京", "🍑", "AND", "OR", "eq", "a\\b", "100%", "a_b",
        "x=y&z", "+1", "-1.5e3", "::", "TRUE", "nulls", "'null'",
    ];
    for text in cases {
        let input = format!("eq(a,{text})");
        assert_eq!(single_value(&input), Value::new(text), "{input}");
    }
}

#[test]
fn bare_values_in_lists() {
    let expr = filter("in(city, New York ,北京,🍑,AND)");
    let texts: Vec<&str> = predicate(&expr)
        .test
        .values()
        .into_iter()
        .map(|value| value.text.as_str())
        .collect();
    assert_eq!(texts, ["New York", "北京", "🍑", "AND"]);
}

#[test]
fn bare_value_with_quote_is_error() {
    let unclosed = filter_error(r#"eq(a,x"y)"#);
    assert_eq!(unclosed.kind(), ErrorKind::Syntax);
    assert_eq!(unclosed.span(), Span::new(6, 7));
    let inside = filter_error(r#"eq(a,x"y")"#);
    assert_eq!(inside.kind(), ErrorKind::Syntax);
    assert_eq!(inside.span(), Span::new(6, 7));
}

#[test]
fn bare_value_with_parenthesis_is_error() {
    let input = "eq(a,foo (bar))";
    let error = filter_error(input);
    assert_eq!(error.kind(), ErrorKind::Syntax);
    assert_eq!(spanned(input, &error), "foo (bar)");
    assert!(error.help().unwrap().contains(r#""foo (bar)""#), "{error}");
}

#[test]
fn bare_null_is_error_with_hint() {
    for written in ["null", "NULL", "Null"] {
        let input = format!("eq(status,{written})");
        let error = filter_error(&input);
        assert_eq!(error.kind(), ErrorKind::NullValue, "{input}");
        assert_eq!(spanned(&input, &error), written, "{input}");
        let help = error.help().unwrap();
        assert!(help.contains("isnull(status)"), "{input}: {help}");
        assert!(help.contains(&format!(r#""{written}""#)), "{input}: {help}");
    }
}

#[test]
fn bare_null_rejected_everywhere() {
    for input in [
        "in(a,1,null)",
        "btn(a,null,2)",
        "nin(a, NULL )",
        "like(a,null)",
    ] {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::NullValue, "{input}");
    }
}

#[test]
fn quoted_null_is_text() {
    assert_eq!(single_value(r#"eq(a,"null")"#), Value::quoted("null"));
    assert_eq!(single_value(r#"eq(a,"NULL")"#), Value::quoted("NULL"));
}

// ---- quoted values ----

#[test]
fn quoted_values() {
    let cases = [
        (r#""x""#, "x"),
        (r#""""#, ""),
        (r#""a,b""#, "a,b"),
        (r#""(x)""#, "(x)"),
        (r#""  lead""#, "  lead"),
        (r#""trail  ""#, "trail  "),
        (r#""a\"b""#, "a\"b"),
        (r#""a\\b""#, "a\\b"),
        (r#""\\\"""#, "\\\""),
        (r#""'""#, "'"),
        (r#""%2C""#, "%2C"),
        ("\"line\nbreak\"", "line\nbreak"),
        (r#""北京""#, "北京"),
    ];
    for (written, text) in cases {
        let input = format!("eq(a,{written})");
        assert_eq!(single_value(&input), Value::quoted(text), "{input}");
    }
}

#[test]
fn whitespace_around_quoted_value() {
    assert_eq!(single_value("eq(a,  \"x\"\t)"), Value::quoted("x"));
    assert_eq!(single_value("eq(a,\n\" x \"\n)"), Value::quoted(" x "));
}

#[test]
fn quoted_value_then_text_is_error() {
    let cases = [
        (r#"eq(a,"x"y)"#, 8),
        (r#"eq(a,y"x")"#, 6),
        (r#"eq(a,"x" "y")"#, 9),
    ];
    for (input, at) in cases {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::Syntax, "{input}");
        assert_eq!(error.span().start, at, "{input}");
    }
}

#[test]
fn invalid_escape_is_error() {
    let cases = [
        (r#"eq(a,"\n")"#, r"\n"),
        (r#"eq(a,"x\t")"#, r"\t"),
        (r#"eq(a,"\'")"#, r"\'"),
        (r#"eq(a,"\u0041")"#, r"\u"),
        (r#"eq(a,"\北")"#, r"\北"),
        (r#"eq("a\b",1)"#, r"\b"),
    ];
    for (input, escape) in cases {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidQuoting, "{input}");
        assert_eq!(spanned(input, &error), escape, "{input}");
        assert!(error.message().contains(escape), "{input}: {error}");
    }
}

#[test]
fn unclosed_quote_is_error() {
    for (input, at) in [(r#"eq(a,"x)"#, 5), (r#"eq(a,"x\")"#, 5), (r#"eq("a,1)"#, 3)] {
        let error = filter_error(input);
        assert_eq!(error.kind(), ErrorKind::InvalidQuoting, "{input}");
        assert_eq!(error.span(), Span::new(at, at + 1), "{input}");
    }
}

// ---- field names ----

#[test]
fn bare_field_names() {
    for name in [
        "a",
        "annualRevenue",
        "_id",
        "a_b.c-d",
        "address.city",
        "x1",
        "1x",
        "北京",
        "Ärger",
        "a..b",
        "a-",
        "٣",
        "½",
        "Ⅻ",
        "x²",
    ] {
        let input = format!("eq({name},1)");
        let expr = filter(&input);
        let field = &predicate(&expr).field;
        assert_eq!(field, &Field::new(name), "{input}");
    }
}

#[test]
fn bare_field_invalid_characters() {
    let cases = [
        "a b", ".a", "-a", "a/b", "a'b", "a%b", "a:b", "🍑", "a+b", "a\\b", "$a", "a=b",
    ];
    for name in cases {
        let input = format!("eq({name},1)");
        let error = filter_error(&input);
        assert_eq!(error.kind(), ErrorKind::InvalidField, "{input}");
        assert_eq!(spanned(&input, &error), name, "{input}");
        let help = error.help().unwrap();
        assert!(help.contains(&quote(name)), "{input}: {help}");
    }
}

#[test]
fn quoted_field_names() {
    let cases = [
        (r#""Beak Length (mm)""#, "Beak Length (mm)"),
        (r#""a,b""#, "a,b"),
        (r#"" x ""#, " x "),
        (r#""a\"b""#, "a\"b"),
        (r#""🍑""#, "🍑"),
        (r#""country""#, "country"),
    ];
    for (written, name) in cases {
        let input = format!("gt({written},40)");
        let expr = filter(&input);
        let field = &predicate(&expr).field;
        assert_eq!(field.name, name, "{input}");
        assert!(field.quoted, "{input}");
    }
}

#[test]
fn empty_quoted_field_is_error() {
    let input = r#"eq("",1)"#;
    let error = filter_error(input);
    assert_eq!(error.kind(), ErrorKind::InvalidQuoting);
    assert_eq!(error.span(), Span::new(3, 5));
}

#[test]
fn quoted_field_in_query() {
    let parsed = query("filter=gt(%22Beak+Length+(mm)%22,40)");
    let expected = Predicate::new(
        Field {
            quoted: true,
            ..Field::new("Beak Length (mm)")
        },
        Test::Gt(Value::new("40")),
    );
    assert_eq!(predicate(&parsed.conditions[0].expr), &expected);
}

// ---- limits ----

#[test]
fn list_limit_applies() {
    let options = ParseOptions::new().with_max_list_items(2);
    assert!(options.parse_filter("in(a,1,2)").is_ok());
    let error = options.parse_filter("in(a,1,2,3)").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ListTooLong);
    assert_eq!(error.span(), Span::new(9, 10));
}
