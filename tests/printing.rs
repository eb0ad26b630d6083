//! Printing: the canonical text, its round trip through the parser, and the single-syntax
//! targets.

mod common;

use common::{and, call, eq, filter, or, query, single};
use inperium_filter::{
    parse_query, Compiled, ErrorKind, Expr, Field, ParseOptions, Predicate, Query, Syntax, Target,
    Test, Value,
};
use serde_json::json;

/// Queries whose canonical text is checked, each with that text.
const CANONICAL: &[(&str, &str)] = &[
    ("country=US", "country=US"),
    ("?country=US", "country=US"),
    ("a=1&&b=2&", "a=1&b=2"),
    ("fullName=like::L", "fullName=like::L"),
    ("a=EQ::x", "a=eq::x"),
    ("a=NotLike::x", "a=notlike::x"),
    ("zip=ISNULL::", "zip=isnull::"),
    ("zip=IsNotNull::", "zip=isnotnull::"),
    ("a=eq::x", "a=eq::x"),
    ("a=IN::1,2", "a=in::1,2"),
    ("a=in::+1+,+2", "a=in::1,2"),
    ("a=btn::1,2", "a=btn::1,2"),
    (
        "filter=and(EQ(a,1),Or(GT(b,2)))",
        "filter=AND(eq(a,1),OR(gt(b,2)))",
    ),
    ("filter=+eq(+a+,+1+)+", "filter=eq(a,1)"),
    ("filter=AND(eq(a,1))", "filter=AND(eq(a,1))"),
    ("filter=eq(a,New+York)", "filter=eq(a,New%20York)"),
    ("filter=eq(a,%22x%22)", "filter=eq(a,%22x%22)"),
    ("filter=eq(%22a%22,x)", "filter=eq(%22a%22,x)"),
    ("filter=like(a,%25)", "filter=like(a,%25)"),
    ("filter=eq(a,%2B1)", "filter=eq(a,%2B1)"),
    ("a=1%2B2", "a=1%2B2"),
    ("a=New+York", "a=New%20York"),
    ("a=x%2Cy", "a=x,y"),
    ("a=f(x)", "a=f(x)"),
    ("a=a?b", "a=a?b"),
    ("a=x%3Dy", "a=x=y"),
    ("a=x/y:z@", "a=x/y:z@"),
    ("a=!$'()*,;:@/?~-._", "a=!$'()*,;:@/?~-._"),
    ("a=%26%23%25", "a=%26%23%25"),
    ("a=北京", "a=%E5%8C%97%E4%BA%AC"),
    ("a=12::30", "a=12::30"),
    ("ns=eq::std::vec", "ns=eq::std::vec"),
    ("a%3Db=1", "a%3Db=1"),
    ("a%26b=1", "a%26b=1"),
    ("%3Fa=1", "%3Fa=1"),
    ("Body+Mass+(g)=1", "Body%20Mass%20(g)=1"),
    ("sort=%2Ba,-b", "sort=a,-b"),
    ("sort=+a", "sort=a"),
    ("sort=-%22Body+Mass+(g)%22", "sort=-%22Body%20Mass%20(g)%22"),
    ("pageNumber=007&pageSize=025", "pageNumber=7&pageSize=25"),
    (
        "sort=-a&country=US&pageSize=5&filter=gt(b,1)&pageNumber=2",
        "sort=-a&country=US&pageSize=5&filter=gt(b,1)&pageNumber=2",
    ),
    (
        "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))",
        "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))",
    ),
];

/// Further queries for the round trip, beyond those in [`CANONICAL`].
const ROUND_TRIP: &[&str] = &[
    "",
    "a=eq::%22%22",
    "a=eq::%22null%22",
    "a=eq::%22+x%22",
    "a=eq::+x",
    "a=eq::x%22y",
    "a=eq::%22a%5C%22b%22",
    "a=in::%22a,b%22,c,%22%22",
    "a=nin::New+York,%E5%8C%97",
    "a=btn::%22(%22,%22)%22",
    "filter=eq(a,%22%22)",
    "filter=eq(a,%22null%22)",
    "filter=eq(a,%22+lead%22)",
    "filter=eq(a,%22trail+%22)",
    "filter=eq(a,%22a%5C%5Cb%22)",
    "filter=eq(a,%22line%0Abreak%22)",
    "filter=eq(a,x%09y)",
    "filter=eq(a,%C2%A0x%C2%A0)",
    "filter=in(city,New+York,%E5%8C%97%E4%BA%AC,%F0%9F%8D%91,AND)",
    "filter=gt(%22Beak+Length+(mm)%22,40)",
    "filter=eq(a.b-c_d,1)",
    "filter=eq(%22a%22,x)",
    "filter=isnull(%22%F0%9F%8D%91%22)",
    "filter=btn(a,-1.5e3,2)",
    "filter=like(a,%5C)",
    "filter=OR(AND(eq(a,1),OR(eq(b,2))),isnotnull(c))",
    "a=%20x%20",
    "a=%22",
    "a=%09",
    "a=%0D%0A",
    "a=%00x",
    "a=1&a=2&a=3",
    "sort=%22a,b%22,-%22x%5C%22y%22",
    "sort=a.b,-_c,%E5%8C%97",
    "pageSize=100&pageNumber=2147483647",
    "filter=eq(a,1)&country=US&b=in::1,2",
];

/// Parses `input` with `sort`, `filter` and paging treated as reserved and `objectType` as
/// pass-through.
fn pass_through_query(input: &str) -> Query {
    ParseOptions::new()
        .with_pass_through(["objectType"])
        .parse_query(input)
        .unwrap_or_else(|error| panic!("{input:?}:\n{error}"))
}

// ---- canonical text ----

#[test]
fn canonical_text() {
    for (input, canonical) in CANONICAL {
        assert_eq!(query(input).to_string(), *canonical, "{input}");
    }
}

#[test]
fn canonical_target_equals_display() {
    for (input, canonical) in CANONICAL {
        let text = query(input).to_query_string(Target::Canonical).unwrap();
        assert_eq!(text, *canonical, "{input}");
    }
}

#[test]
fn plus_always_prints_encoded() {
    let parsed = query("a=1%2B2&filter=eq(b,%2B)&c=eq::%2B&d=in::%2B,-");
    let printed = parsed.to_string();
    assert!(!printed.contains('+'), "{printed}");
    assert_eq!(printed, "a=1%2B2&filter=eq(b,%2B)&c=eq::%2B&d=in::%2B,-");
}

#[test]
fn space_prints_as_percent_20() {
    let printed = query("a=x+y&filter=eq(b,x+y)").to_string();
    assert_eq!(printed, "a=x%20y&filter=eq(b,x%20y)");
}

#[test]
fn syntax_of_each_condition_is_kept() {
    let printed = query("a=x&b=eq::x&filter=eq(c,x)").to_string();
    assert_eq!(printed, "a=x&b=eq::x&filter=eq(c,x)");
}

#[test]
fn pass_through_keeps_its_place() {
    let parsed = pass_through_query("a=1&objectType=Products&sort=-a&b=2");
    assert_eq!(parsed.to_string(), "a=1&objectType=Products&sort=-a&b=2");
}

#[test]
fn pass_through_value_is_encoded() {
    let parsed = pass_through_query("objectType=A+B%2BC%26D");
    assert_eq!(parsed.to_string(), "objectType=A%20B%2BC%26D");
}

#[test]
fn built_values_quote_only_when_needed() {
    let cases = [
        ("x", "eq(a,x)"),
        ("New York", "eq(a,New York)"),
        ("AND", "eq(a,AND)"),
        ("a\\b", "eq(a,a\\b)"),
        ("a,b", r#"eq(a,"a,b")"#),
        ("(x", r#"eq(a,"(x")"#),
        ("x)", r#"eq(a,"x)")"#),
        ("say \"hi\"", r#"eq(a,"say \"hi\"")"#),
        ("", r#"eq(a,"")"#),
        (" x", r#"eq(a," x")"#),
        ("x\t", "eq(a,\"x\t\")"),
        ("null", r#"eq(a,"null")"#),
        ("NULL", r#"eq(a,"NULL")"#),
        ("\u{a0}x", "eq(a,\u{a0}x)"),
    ];
    for (text, printed) in cases {
        let expr = eq("a", text);
        assert_eq!(expr.to_string(), printed, "{text:?}");
    }
}

#[test]
fn built_fields_quote_only_when_needed() {
    let cases = [
        ("a", "isnull(a)"),
        ("a.b-c_d", "isnull(a.b-c_d)"),
        ("北京", "isnull(北京)"),
        ("Beak Length (mm)", r#"isnull("Beak Length (mm)")"#),
        ("-a", r#"isnull("-a")"#),
        (".a", r#"isnull(".a")"#),
        ("🍑", r#"isnull("🍑")"#),
        ("a\"b", r#"isnull("a\"b")"#),
    ];
    for (name, printed) in cases {
        let expr = call(name, Test::IsNull);
        assert_eq!(expr.to_string(), printed, "{name:?}");
    }
}

#[test]
fn quoted_flag_is_printed() {
    let value = Expr::Predicate(Predicate::new(
        Field::new("a"),
        Test::Eq(Value::quoted("x")),
    ));
    assert_eq!(value.to_string(), r#"eq(a,"x")"#);
    let field = Field {
        quoted: true,
        ..Field::new("a")
    };
    let expr = Expr::Predicate(Predicate::new(field, Test::Eq(Value::new("x"))));
    assert_eq!(expr.to_string(), r#"eq("a",x)"#);
}

#[test]
fn match_type_leading_quote_is_quoted() {
    let built = single(Syntax::MatchType, call("a", Test::Eq(Value::new("\"x"))));
    let printed = built.to_string();
    assert_eq!(printed, "a=eq::%22%5C%22x%22");
    let parsed = query(&printed);
    assert_eq!(
        parsed.conditions[0].expr,
        call("a", Test::Eq(Value::quoted("\"x")))
    );
}

#[test]
fn ambiguous_basic_value_prints_match_type() {
    let cases = [
        ("eq::x", r#"a=eq::eq::x"#),
        ("", "a=eq::%22%22"),
        ("null", "a=eq::%22null%22"),
        ("Null", "a=eq::%22Null%22"),
    ];
    for (text, printed) in cases {
        let built = single(Syntax::Basic, eq("a", text));
        assert_eq!(built.to_string(), printed, "{text:?}");
        let parsed = query(printed);
        let Expr::Predicate(predicate) = &parsed.conditions[0].expr else {
            panic!("expected a predicate");
        };
        assert_eq!(predicate.test.values()[0].text, text, "{text:?}");
    }
}

#[test]
fn field_syntax_group_prints_as_filter() {
    let built = single(Syntax::Basic, or(vec![eq("a", "1"), eq("b", "2")]));
    assert_eq!(built.to_string(), "filter=OR(eq(a,1),eq(b,2))");
}

#[test]
fn reserved_field_name_prints_as_filter() {
    let built = single(Syntax::Basic, eq("sort", "x"));
    assert_eq!(built.to_string(), "filter=eq(sort,x)");
    let parsed = query(&built.to_string());
    assert_eq!(parsed.sort, None);
    assert_eq!(parsed.conditions[0].expr, eq("sort", "x"));
}

// ---- round trip ----

#[test]
fn print_parse_round_trip() {
    let inputs = CANONICAL
        .iter()
        .map(|(input, _)| *input)
        .chain(ROUND_TRIP.iter().copied());
    for input in inputs {
        let parsed = query(input);
        let printed = parsed.to_string();
        let reparsed = parse_query(&printed)
            .unwrap_or_else(|error| panic!("{input:?} printed as {printed:?}:\n{error}"));
        assert_eq!(reparsed, parsed, "{input:?} printed as {printed:?}");
        assert_eq!(reparsed.to_string(), printed, "{input:?}");
    }
}

#[test]
fn round_trip_keeps_pass_through() {
    let input = "objectType=Products&name=Harp&objectType=x%2By";
    let parsed = pass_through_query(input);
    let reparsed = pass_through_query(&parsed.to_string());
    assert_eq!(reparsed, parsed);
    assert_eq!(reparsed.pass_through.len(), 2);
}

#[test]
fn round_trip_keeps_meaning() {
    let records = [
        json!({"a": 1, "b": "x y", "country": "US"}),
        json!({"a": 2, "b": "x", "country": "FR"}),
        json!({"a": null, "b": "北京"}),
    ];
    for input in ROUND_TRIP {
        let parsed = query(input);
        let reparsed = query(&parsed.to_string());
        let before = Compiled::new(&parsed).unwrap();
        let after = Compiled::new(&reparsed).unwrap();
        for record in &records {
            assert_eq!(
                after.matches(record),
                before.matches(record),
                "{input} on {record}"
            );
        }
    }
}

// ---- advanced target ----

#[test]
fn advanced_target_joins_with_and() {
    let cases = [
        ("country=US", "filter=eq(country,US)"),
        (
            "country=US&employeeCount=gt::1000",
            "filter=AND(eq(country,US),gt(employeeCount,1000))",
        ),
        (
            "a=1&filter=OR(eq(b,2),eq(c,3))",
            "filter=AND(eq(a,1),OR(eq(b,2),eq(c,3)))",
        ),
        (
            "sort=-a&country=US&pageSize=5&b=isnull::",
            "sort=-a&filter=AND(eq(country,US),isnull(b))&pageSize=5",
        ),
        ("sort=a", "sort=a"),
        ("a=in::%22x,y%22,z", "filter=in(a,%22x,y%22,z)"),
        (
            "Body+Mass+(g)=eq::3750",
            "filter=eq(%22Body%20Mass%20(g)%22,3750)",
        ),
        ("a=%20x", "filter=eq(a,%22%20x%22)"),
    ];
    for (input, printed) in cases {
        let text = query(input).to_query_string(Target::Advanced).unwrap();
        assert_eq!(text, printed, "{input}");
    }
}

#[test]
fn advanced_target_keeps_meaning() {
    let records = [
        json!({"country": "US", "employeeCount": "1200", "a": 1}),
        json!({"country": "US", "employeeCount": "999", "a": 1}),
        json!({"country": "FR", "employeeCount": "5000"}),
    ];
    let input = "country=US&employeeCount=gt::1000&a=in::1,2";
    let parsed = query(input);
    let text = parsed.to_query_string(Target::Advanced).unwrap();
    let advanced = query(&text);
    assert_eq!(advanced.conditions.len(), 1);
    assert_eq!(advanced.conditions[0].syntax, Syntax::Advanced);
    let before = Compiled::new(&parsed).unwrap();
    let after = Compiled::new(&advanced).unwrap();
    for record in &records {
        assert_eq!(after.matches(record), before.matches(record), "{record}");
    }
}

// ---- field-parameter target ----

#[test]
fn field_parameter_target() {
    let cases = [
        ("filter=eq(country,US)", "country=US"),
        ("filter=AND(eq(country,US),gt(b,1))", "country=US&b=gt::1"),
        ("filter=AND(AND(eq(a,1)),isnull(b))", "a=1&b=isnull::"),
        ("filter=OR(eq(a,1))", "a=1"),
        ("filter=in(a,1,%22x,y%22)", "a=in::1,%22x,y%22"),
        ("filter=eq(a,%22eq::x%22)", "a=eq::%22eq::x%22"),
        ("filter=eq(a,eq::x)", "a=eq::eq::x"),
        ("filter=eq(a,%22%22)", "a=eq::%22%22"),
        ("filter=eq(a,%22null%22)", "a=eq::%22null%22"),
        ("filter=eq(a,%22+x%22)", "a=%20x"),
        ("filter=eq(%22Body+Mass%22,1)", "Body%20Mass=1"),
        ("a=eq::x&sort=-a", "a=x&sort=-a"),
        ("country=US", "country=US"),
    ];
    for (input, printed) in cases {
        let text = query(input)
            .to_query_string(Target::FieldParameters)
            .unwrap_or_else(|error| panic!("{input}:\n{error}"));
        assert_eq!(text, printed, "{input}");
    }
}

#[test]
fn field_parameter_target_keeps_values() {
    let input = "filter=AND(eq(a,%22eq::x%22),eq(b,%22%22),eq(c,%22+x%22),like(d,%22%5C%22%22))";
    let parsed = query(input);
    let text = parsed.to_query_string(Target::FieldParameters).unwrap();
    let fields = query(&text);
    let texts: Vec<String> = fields
        .conditions
        .iter()
        .map(|condition| {
            let Expr::Predicate(predicate) = &condition.expr else {
                panic!("expected a predicate");
            };
            predicate.test.values()[0].text.clone()
        })
        .collect();
    assert_eq!(texts, ["eq::x", "", " x", "\""]);
}

#[test]
fn or_cannot_be_field_parameters() {
    let input = "a=1&filter=OR(eq(a,1),eq(b,2))";
    let error = query(input)
        .to_query_string(Target::FieldParameters)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unprintable);
    assert_eq!(
        &input[error.span().start..error.span().end],
        "OR(eq(a,1),eq(b,2))"
    );
    assert!(error.message().contains("OR"), "{error}");
    assert!(
        error.help().unwrap().contains("Target::Advanced"),
        "{error}"
    );
}

#[test]
fn nested_or_cannot_be_field_parameters() {
    let error = query("filter=AND(eq(a,1),OR(eq(b,2),eq(c,3)))")
        .to_query_string(Target::FieldParameters)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unprintable);
}

#[test]
fn reserved_name_is_unprintable() {
    for name in ["sort", "filter", "pageNumber", "pageSize"] {
        let built = single(Syntax::Advanced, eq(name, "x"));
        let error = built.to_query_string(Target::FieldParameters).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Unprintable, "{name}");
    }
}

#[test]
fn pass_through_name_is_unprintable() {
    let parsed = pass_through_query("objectType=Products&filter=eq(objectType,x)");
    let error = parsed.to_query_string(Target::FieldParameters).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unprintable);
}

// ---- expressions ----

#[test]
fn expression_display_is_canonical() {
    let cases = [
        ("and(eq(a,1))", "AND(eq(a,1))"),
        ("Or( Gt(a , 1) , NIN(b,x, y) )", "OR(gt(a,1),nin(b,x,y))"),
        ("BTN(a,1,2)", "btn(a,1,2)"),
        ("isNotNull(a)", "isnotnull(a)"),
        ("notLike(a,\"x\")", "notlike(a,\"x\")"),
    ];
    for (input, printed) in cases {
        assert_eq!(filter(input).to_string(), printed, "{input}");
    }
}

#[test]
fn built_query_prints_in_added_order() {
    let built = Query::new()
        .with_condition(Syntax::Basic, eq("country", "US"))
        .with_condition(Syntax::Advanced, and(vec![eq("a", "1")]))
        .with_condition(Syntax::MatchType, call("b", Test::Gt(Value::new("2"))));
    assert_eq!(built.to_string(), "country=US&filter=AND(eq(a,1))&b=gt::2");
}
