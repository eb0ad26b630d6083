//! Error spans and drawings, and the configurable limits on depth, input length and list size.

mod common;

use common::{assert_caret, filter_error, query_error, spanned};
use inperium_filter::{
    parse_filter, parse_query, Compiled, ErrorKind, Expr, Field, Group, GroupOp, ParseOptions,
    Predicate, Query, Span, Syntax, Test, Value,
};
use proptest::prelude::*;

/// Returns `levels` levels of nested `AND` groups around `eq(a,1)`: 1 is the bare predicate.
fn nested(levels: usize) -> String {
    let groups = levels - 1;
    format!("{}eq(a,1){}", "AND(".repeat(groups), ")".repeat(groups))
}

/// Returns `in(a,1,2,...)` with `items` values.
fn in_list(items: usize) -> String {
    let values: Vec<String> = (1..=items).map(|item| item.to_string()).collect();
    format!("in(a,{})", values.join(","))
}

/// Builds a predicate wrapped in `levels - 1` groups, without parsing.
fn built_deep(levels: usize) -> Expr {
    let mut expr = Expr::Predicate(Predicate::new(Field::new("a"), Test::Eq(Value::new("1"))));
    for _ in 1..levels {
        expr = Expr::Group(Group::new(GroupOp::And, vec![expr]));
    }
    expr
}

// ---- spans and drawings ----

#[test]
fn every_query_error_draws_caret() {
    let inputs = [
        "a=%G1",
        "a=%FF",
        "a%ZZ=1",
        "country",
        "=US",
        "sort=a&sort=b",
        "ssn=",
        "status=null",
        "a=gtx::3",
        "a=eq::",
        "a=eq::\"x\"y",
        "a=in::1,",
        "a=btn::1",
        "zip=isnull::x",
        "filter=",
        "filter=x",
        "filter=gtx(a,1)",
        "filter=AND()",
        "filter=in(f)",
        "filter=eq(ssn,)",
        "filter=eq(a,null)",
        "filter=eq(a b,1)",
        "filter=eq(a,\"x)",
        "filter=eq(a,\"\\n\")",
        "filter=eq(\"\",1)",
        "filter=OR(eq(a,1)",
        "filter=AND(eq(a,1)))",
        "filter=eq(a,foo (bar))",
        "sort=-country;DROP TABLE x",
        "sort=",
        "pageSize=0",
        "pageNumber=2147483648",
        "city=北京&filter=eq(北京,null)",
    ];
    for input in inputs {
        let error = query_error(input);
        let span = error.span();
        assert!(span.start <= span.end, "{input}");
        assert!(span.end <= input.len(), "{input}");
        assert_eq!(error.input(), Some(input), "{input}");
        assert_caret(input, &error);
    }
}

#[test]
fn every_filter_error_draws_caret() {
    let inputs = [
        "",
        "x",
        "AND(eq(a,1)))",
        "OR(gt(annualRevenue,500000)),gt(employeeCount,1000))",
        "eq(a,1,2)",
        "isnull(a,1)",
        "AND(eq(a,1),)",
        "eq(.a,1)",
        "eq(a,\"\\'\")",
        "in(a,1,null)",
        "NOT(eq(a,1))",
    ];
    for input in inputs {
        let error = filter_error(input);
        assert_eq!(error.input(), Some(input), "{input}");
        assert_caret(input, &error);
    }
}

#[test]
fn error_display_snapshots() {
    let cases = [
        (
            "filter=AND(eq(a,1)))",
            "error: unmatched `)`: the expression `AND(...)` already ended
  |
1 | filter=AND(eq(a,1)))
  |                    ^
  = help: remove the extra `)`
",
        ),
        (
            "filter=OR(gt(annualRevenue,500000)),gt(employeeCount,1000))",
            "error: this `)` closes `OR(`, so the text after it is left over
  |
1 | filter=OR(gt(annualRevenue,500000)),gt(employeeCount,1000))
  |                                   ^
  = help: remove this `)` if what follows belongs inside `OR(...)`, or join the expressions in AND(...) or OR(...)
",
        ),
        (
            "a=gtx::3",
            "error: unknown operator `gtx`
  |
1 | a=gtx::3
  |   ^^^
  = help: did you mean `gt`? To match the text `gtx::3` exactly, write a=eq::gtx::3
",
        ),
        (
            "ssn=",
            r#"error: empty value for `ssn`
  |
1 | ssn=
  |     ^
  = help: to match an empty string write ssn=eq::""; to match a missing value write ssn=isnull::
"#,
        ),
        (
            "status=null",
            r#"error: `null` is not a value: null is tested with isnull
  |
1 | status=null
  |        ^^^^
  = help: to match a missing value write status=isnull::; to match the text write status=eq::"null"
"#,
        ),
        (
            "sort=-country;DROP TABLE x",
            r#"error: invalid sort key in `-country;DROP TABLE x`: unexpected `;`, expected the end of the text or `,`
  |
1 | sort=-country;DROP TABLE x
  |              ^
  = help: a sort key is field, +field or -field; quote a field name with other characters, such as -"Body Mass (g)"
"#,
        ),
        (
            "pageSize=0",
            "error: pageSize must be a whole number from 1 to 100, but it is `0`
  |
1 | pageSize=0
  |          ^
  = help: write pageSize=1 up to pageSize=100, in ASCII digits
",
        ),
        (
            r#"filter=eq(a,"\n")"#,
            r#"error: invalid escape `\n` in a quoted text
  |
1 | filter=eq(a,"\n")
  |              ^^
  = help: only `\"` and `\\` are escapes: write a backslash as `\\`
"#,
        ),
        (
            "filter=btn(a,1)",
            "error: `btn` takes a field and two values, but 1 value was given
  |
1 | filter=btn(a,1)
  |        ^^^^^^^^
  = help: write btn(a,low,high)
",
        ),
        (
            "city=北京&filter=eq(a,null)",
            r#"error: `null` is not a value: null is tested with isnull
  |
1 | city=北京&filter=eq(a,null)
  |                       ^^^^
  = help: to match a missing value write isnull(a); to match the text write "null" in quotes
"#,
        ),
        (
            "a=1&country&b=2",
            "error: parameter `country` has no `=` and no value
  |
1 | a=1&country&b=2
  |     ^^^^^^^
  = help: write `country=VALUE`, or `country=isnull::` to match a missing value
",
        ),
    ];
    for (input, drawing) in cases {
        assert_eq!(query_error(input).to_string(), drawing, "{input}");
    }
}

#[test]
fn error_on_later_line_drawing() {
    let input = "AND(\n  eq(a,1),\n  eq(b,)\n)";
    let error = filter_error(input);
    assert_eq!(
        error.to_string(),
        r#"error: missing value for `eq` on `b`
  |
3 |   eq(b,)
  |        ^
  = help: to match an empty string write eq(b,""); to match a missing value write isnull(b)
"#
    );
}

#[test]
fn long_line_keeps_caret_in_view() {
    let values: Vec<String> = (0..60).map(|item| item.to_string()).collect();
    let input = format!("in(a,{},)", values.join(","));
    let error = filter_error(&input);
    assert_eq!(error.kind(), ErrorKind::MissingValue);
    assert_eq!(error.span().start, input.len() - 1);
    let drawing = error.to_string();
    let lines: Vec<&str> = drawing.lines().collect();
    assert!(lines[2].starts_with("1 | …"), "{drawing}");
    let caret = lines[3].find('^').expect("a caret");
    let close = lines[2].char_indices().position(|(_, c)| c == ')');
    let caret_column = lines[3][..caret].chars().count();
    assert_eq!(Some(caret_column), close, "{drawing}");
}

#[test]
fn error_accessors() {
    let error = query_error("a=gtx::3");
    assert_eq!(error.kind(), ErrorKind::UnknownOperator);
    assert_eq!(error.span(), Span::new(2, 5));
    assert_eq!(error.message(), "unknown operator `gtx`");
    assert!(error.help().is_some());
    assert_eq!(error.input(), Some("a=gtx::3"));
    let source: &dyn std::error::Error = &error;
    assert!(source.to_string().starts_with("error: unknown operator"));
}

// ---- depth ----

#[test]
fn depth_default_is_64() {
    assert_eq!(ParseOptions::new().max_depth(), 64);
    let expr = parse_filter(&nested(64)).unwrap();
    assert_eq!(expr.depth(), 64);
    let error = filter_error(&nested(65));
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded);
}

#[test]
fn depth_error_points_at_deepest_open() {
    let input = nested(65);
    let error = filter_error(&input);
    assert_eq!(error.span(), Span::new(258, 259));
    assert_eq!(&input[256..259], "eq(");
}

#[test]
fn depth_counts_top_level_as_one() {
    let options = ParseOptions::new().with_max_depth(1);
    assert!(options.parse_filter("eq(a,1)").is_ok());
    let error = options.parse_filter("AND(eq(a,1))").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded);
}

#[test]
fn depth_in_query_string() {
    let ok = format!("filter={}", nested(64));
    assert!(parse_query(&ok).is_ok());
    let error = query_error(&format!("filter={}", nested(65)));
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded);
}

#[test]
fn depth_limit_is_configurable() {
    let options = ParseOptions::new().with_max_depth(3);
    assert_eq!(options.max_depth(), 3);
    assert!(options.parse_filter(&nested(3)).is_ok());
    let error = options.parse_filter(&nested(4)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded);
    let wide = "OR(AND(eq(a,1),eq(b,2)),AND(eq(c,3)),eq(d,4))";
    assert!(options.parse_filter(wide).is_ok());
}

/// Runs `work` on a new thread with a stack of `bytes`.
fn on_stack<T: Send + 'static>(bytes: usize, work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(bytes)
        .spawn(work)
        .expect("the thread starts")
        .join()
        .expect("the thread finishes without a panic")
}

/// Returns `levels` levels of groups that alternate `OR` and `AND`, which evaluation cannot
/// merge into one group.
fn alternating(levels: usize) -> String {
    let mut text = "eq(a,1)".to_owned();
    for level in 1..levels {
        let name = if level % 2 == 0 { "AND" } else { "OR" };
        text = format!("{name}({text},eq(b,{level}))");
    }
    text
}

#[test]
fn depth_limit_has_ceiling() {
    let options = ParseOptions::new().with_max_depth(1_000_000);
    assert_eq!(options.max_depth(), ParseOptions::DEPTH_CEILING);
    let parsed = on_stack(64 << 20, move || {
        let deepest = options.parse_filter(&nested(ParseOptions::DEPTH_CEILING));
        let over = options.parse_filter(&nested(ParseOptions::DEPTH_CEILING + 1));
        (deepest, over)
    });
    assert_eq!(parsed.0.unwrap().depth(), ParseOptions::DEPTH_CEILING);
    assert_eq!(parsed.1.unwrap_err().kind(), ErrorKind::DepthLimitExceeded);
}

#[test]
fn ceiling_depth_fits_thread_stack() {
    let options = ParseOptions::new().with_max_depth(ParseOptions::DEPTH_CEILING);
    let result = on_stack(2 << 20, move || {
        options
            .parse_filter(&alternating(ParseOptions::DEPTH_CEILING))
            .map(|expr| expr.depth())
    });
    assert_eq!(result.unwrap(), ParseOptions::DEPTH_CEILING);
}

#[test]
fn deepest_parsed_tree_prints_and_evaluates() {
    let options = ParseOptions::new().with_max_depth(ParseOptions::DEPTH_CEILING);
    let text = alternating(ParseOptions::DEPTH_CEILING);
    let expected = text.clone();
    let expr = on_stack(64 << 20, move || options.parse_filter(&text).unwrap());
    let (printed, matched) = on_stack(2 << 20, move || {
        let printed = expr.to_string();
        let query = Query::new().with_condition(Syntax::Advanced, expr);
        let compiled = Compiled::new(&query).unwrap();
        let top_member =
            compiled.matches(&serde_json::json!({"b": ParseOptions::DEPTH_CEILING - 1}));
        let innermost = compiled.matches(&serde_json::json!({"a": 1}));
        (printed, (top_member, innermost))
    });
    assert_eq!(printed, expected);
    assert!(matched.0);
    assert!(!matched.1);
}

#[test]
fn parentheses_in_quotes_do_not_nest() {
    let options = ParseOptions::new().with_max_depth(1);
    assert!(options.parse_filter(r#"eq(a,"((((((")"#).is_ok());
    assert!(options.parse_filter(r#"eq("(((",x)"#).is_ok());
}

#[test]
fn unbalanced_deep_input_is_error() {
    let options = ParseOptions::new().with_max_input_len(usize::MAX);
    for input in ["AND(".repeat(250_000), "(".repeat(1_000_000)] {
        let error = options.parse_filter(&input).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded);
    }
}

#[test]
fn deep_built_tree_drops() {
    let expr = built_deep(200_000);
    assert_eq!(expr.depth(), 200_000);
    drop(expr);
}

#[test]
fn deep_built_tree_does_not_compile() {
    let query = Query::new().with_condition(Syntax::Advanced, built_deep(100_000));
    let error = Compiled::new(&query).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded);
    drop(query);
}

// ---- input length ----

#[test]
fn input_length_default_is_64_kib() {
    assert_eq!(ParseOptions::new().max_input_len(), 65_536);
    let longest = format!("a={}", "x".repeat(65_534));
    assert_eq!(longest.len(), 65_536);
    assert!(parse_query(&longest).is_ok());
    let over = format!("{longest}y");
    let error = query_error(&over);
    assert_eq!(error.kind(), ErrorKind::InputTooLong);
    assert_eq!(error.span(), Span::new(65_536, 65_537));
}

#[test]
fn input_length_applies_to_filter() {
    let longest = format!("eq(a,{})", "x".repeat(65_536 - 6));
    assert_eq!(longest.len(), 65_536);
    assert!(parse_filter(&longest).is_ok());
    let over = format!("eq(a,{})", "x".repeat(65_536 - 5));
    assert_eq!(
        parse_filter(&over).unwrap_err().kind(),
        ErrorKind::InputTooLong
    );
}

#[test]
fn input_length_counts_raw_bytes() {
    let options = ParseOptions::new().with_max_input_len(10);
    assert_eq!(options.max_input_len(), 10);
    assert!(options.parse_query("a=12345678").is_ok());
    let error = options.parse_query("a=123456789").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InputTooLong);
    let encoded = options.parse_query("a=%41%41%41").unwrap_err();
    assert_eq!(encoded.kind(), ErrorKind::InputTooLong);
    let multibyte = options.parse_query("a=北京京").unwrap_err();
    assert_eq!(multibyte.kind(), ErrorKind::InputTooLong);
}

#[test]
fn input_length_error_draws() {
    let options = ParseOptions::new().with_max_input_len(8);
    let input = "country=US";
    let error = options.parse_query(input).unwrap_err();
    assert_eq!(spanned(input, &error), "US");
    assert!(error.message().contains("10 bytes"), "{error}");
    assert!(error.message().contains("8 bytes"), "{error}");
    assert_caret(input, &error);
}

// ---- list items ----

#[test]
fn list_default_is_1000_items() {
    assert_eq!(ParseOptions::new().max_list_items(), 1000);
    assert!(parse_filter(&in_list(1000)).is_ok());
    let input = in_list(1001);
    let error = filter_error(&input);
    assert_eq!(error.kind(), ErrorKind::ListTooLong);
    assert_eq!(spanned(&input, &error), "1001");
}

#[test]
fn list_limit_applies_to_match_type() {
    let values: Vec<String> = (1..=1001).map(|item| item.to_string()).collect();
    let ok = format!("a=nin::{}", values[..1000].join(","));
    assert!(parse_query(&ok).is_ok());
    let over = format!("a=nin::{}", values.join(","));
    let error = query_error(&over);
    assert_eq!(error.kind(), ErrorKind::ListTooLong);
    assert_eq!(spanned(&over, &error), "1001");
}

#[test]
fn list_limit_is_configurable() {
    let options = ParseOptions::new().with_max_list_items(5);
    assert_eq!(options.max_list_items(), 5);
    assert!(options.parse_filter(&in_list(5)).is_ok());
    assert_eq!(
        options.parse_filter(&in_list(6)).unwrap_err().kind(),
        ErrorKind::ListTooLong
    );
    let many = ParseOptions::new().with_max_list_items(5000);
    assert!(many.parse_filter(&in_list(5000)).is_ok());
}

#[test]
fn list_limit_counts_only_in_and_nin() {
    let options = ParseOptions::new().with_max_list_items(0);
    for input in [
        "filter=eq(a,1)",
        "filter=btn(a,1,2)",
        "a=eq::1",
        "a=btn::1,2",
    ] {
        assert!(options.parse_query(input).is_ok(), "{input}");
    }
    for input in ["filter=in(a,1)", "filter=nin(a,1)", "a=in::1", "a=nin::1"] {
        let error = options.parse_query(input).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ListTooLong, "{input}");
    }
}

// ---- no panics ----

/// Checks that an error's span lies on character boundaries of `input` and that it draws.
fn check_error_shape(input: &str, result: Result<(), inperium_filter::Error>) {
    let Err(error) = result else {
        return;
    };
    let span = error.span();
    assert!(span.start <= span.end, "{input:?}: {span:?}");
    assert!(span.end <= input.len(), "{input:?}: {span:?}");
    assert!(input.is_char_boundary(span.start), "{input:?}: {span:?}");
    assert!(input.is_char_boundary(span.end), "{input:?}: {span:?}");
    let drawing = error.to_string();
    assert!(drawing.starts_with("error: "), "{input:?}: {drawing}");
    assert!(drawing.contains('^'), "{input:?}: {drawing}");
}

proptest! {
    #[test]
    fn any_text_parses_or_errors(input in any::<String>()) {
        check_error_shape(&input, parse_query(&input).map(drop));
        check_error_shape(&input, parse_filter(&input).map(drop));
    }

    #[test]
    fn query_like_text_parses_or_errors(
        input in r#"[a-zA-Z=&%+(),"\\:? .\-0-9F北🍑]{0,40}"#
    ) {
        check_error_shape(&input, parse_query(&input).map(drop));
        check_error_shape(&input, parse_filter(&input).map(drop));
    }
}
