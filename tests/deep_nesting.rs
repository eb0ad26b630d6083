//! Deeply nested input. The depth limit rejects it before anything recurses, and the ceiling of
//! 256 levels parses, evaluates and prints on a 2 MiB test thread. An AST
//! built by hand a million levels deep is dropped and printed, and `Compiled::new` rejects it, without a
//! stack overflow.

use std::thread;

use inperium_filter::{
    parse_filter, parse_query, Compiled, ErrorKind, Expr, Field, Group, GroupOp, ParseOptions,
    Predicate, Query, Span, Syntax, Test, Value,
};
use serde_json::json;

/// Levels of nesting far beyond every limit, enough to overflow the stack of a recursive parser.
const HUGE: usize = 100_000;

/// The default nesting limit of [`ParseOptions`].
const DEFAULT_DEPTH: usize = 64;

/// The stack size of Rust's test threads, unless `RUST_MIN_STACK` sets another.
const TEST_THREAD_STACK: usize = 2 * 1024 * 1024;

/// Returns `eq(a,1)` inside `groups` one-member `AND` groups: `groups + 1` levels deep.
fn nested_and(groups: usize) -> String {
    format!("{}eq(a,1){}", "AND(".repeat(groups), ")".repeat(groups))
}

/// Returns `groups` two-member groups that alternate `AND` and `OR`, so that evaluation cannot
/// merge them: `AND(eq(a,1),OR(eq(b,1),AND(...,eq(x,y))))`, `groups + 1` levels deep. A record
/// with `a` 1 and `b` not 1 is decided by the innermost `eq(x,y)`.
fn alternating(groups: usize) -> String {
    let mut text = String::new();
    for level in 0..groups {
        if level % 2 == 0 {
            text.push_str("AND(eq(a,1),");
        } else {
            text.push_str("OR(eq(b,1),");
        }
    }
    text.push_str("eq(x,y)");
    text.push_str(&")".repeat(groups));
    text
}

/// Options that let input of any length reach the depth check.
fn any_length() -> ParseOptions {
    ParseOptions::new().with_max_input_len(usize::MAX)
}

/// A stack large enough for the parser at the depth ceiling in a debug build too.
const LARGE_STACK: usize = 16 * 1024 * 1024;

/// Runs `body` on a thread with the 2 MiB test stack, whatever `RUST_MIN_STACK` sets, and
/// returns its result.
fn on_test_stack<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    on_stack(TEST_THREAD_STACK, body)
}

fn on_stack<T: Send + 'static>(bytes: usize, body: impl FnOnce() -> T + Send + 'static) -> T {
    thread::Builder::new()
        .stack_size(bytes)
        .spawn(body)
        .expect("spawning a thread")
        .join()
        .expect("the thread panicked")
}

/// Builds `eq(a,1)` inside `groups` one-member `AND` groups, with a loop.
fn hand_built(groups: usize) -> Expr {
    let mut expr = Expr::Predicate(Predicate::new(Field::new("a"), Test::Eq(Value::new("1"))));
    for _ in 0..groups {
        expr = Expr::Group(Group::new(GroupOp::And, vec![expr]));
    }
    expr
}

#[test]
fn huge_filter_exceeds_depth_limit() {
    let input = format!("filter={}", nested_and(HUGE));
    let error = any_length().parse_query(&input).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");

    // The error points at the 65th `(`: `filter=` is 7 bytes and each `AND(` is 4.
    let at = 7 + 4 * (DEFAULT_DEPTH + 1) - 1;
    assert_eq!(error.span(), Span::new(at, at + 1));
    assert!(error.message().contains("64"), "{}", error.message());
}

#[test]
fn huge_filter_is_too_long_by_default() {
    let input = format!("filter={}", nested_and(HUGE));
    let error = parse_query(&input).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InputTooLong, "{error}");
}

#[test]
fn huge_bare_expression_exceeds_depth_limit() {
    let error = any_length().parse_filter(&nested_and(HUGE)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");
    let at = 4 * (DEFAULT_DEPTH + 1) - 1;
    assert_eq!(error.span(), Span::new(at, at + 1));
}

#[test]
fn huge_unterminated_filter_exceeds_depth_limit() {
    for input in [
        format!("filter={}", "AND(".repeat(HUGE)),
        format!("filter={}", "(".repeat(HUGE)),
        format!("filter=eq(a,1{}", "(".repeat(HUGE)),
    ] {
        let error = any_length().parse_query(&input).unwrap_err();
        assert_eq!(
            error.kind(),
            ErrorKind::DepthLimitExceeded,
            "{}",
            &input[..20]
        );
    }
}

#[test]
fn huge_unterminated_bare_expression_exceeds_depth_limit() {
    let error = any_length().parse_filter(&"OR(".repeat(HUGE)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");
}

#[test]
fn huge_percent_encoded_filter_points_at_raw_input() {
    let input = format!("filter={}eq(a,1)", "AND%28".repeat(HUGE));
    let error = any_length().parse_query(&input).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");

    // Each `AND%28` is 6 bytes, and the 65th `%28` starts 3 bytes into the 65th of them.
    let at = 7 + 6 * DEFAULT_DEPTH + 3;
    assert_eq!(error.span(), Span::new(at, at + 3));
}

#[test]
fn huge_match_type_list_exceeds_depth_limit() {
    for operator in ["in", "nin", "btn"] {
        for value in [
            "(".repeat(HUGE),
            format!("{}1{}", "(".repeat(HUGE), ")".repeat(HUGE)),
            format!("1,{}", "eq(".repeat(HUGE)),
        ] {
            let input = format!("f={operator}::{value}");
            let error = any_length().parse_query(&input).unwrap_err();
            assert_eq!(
                error.kind(),
                ErrorKind::DepthLimitExceeded,
                "{operator}: {error}"
            );
        }
    }
}

#[test]
fn ceiling_depth_match_type_list_on_test_stack() {
    on_test_stack(|| {
        let options = ParseOptions::new().with_max_depth(ParseOptions::DEPTH_CEILING);
        for depth in [500, 700, 900, ParseOptions::DEPTH_CEILING] {
            let input = format!("f=in::1,{}", nested_and(depth - 1));
            let error = options.parse_query(&input).unwrap_err();
            assert!(
                matches!(
                    error.kind(),
                    ErrorKind::Syntax | ErrorKind::DepthLimitExceeded
                ),
                "depth {depth}: {error}"
            );
        }
    });
}

#[test]
fn huge_input_error_draws_a_window() {
    let input = format!("filter={}", nested_and(HUGE));
    let error = any_length().parse_query(&input).unwrap_err();
    let drawn = error.to_string();
    assert!(drawn.len() < 1000, "{} bytes drawn", drawn.len());
    assert!(drawn.contains('^'), "{drawn}");
}

#[test]
fn huge_unterminated_quote_is_invalid_quoting() {
    let input = format!("filter=eq(a,\"{}", "(".repeat(HUGE));
    let error = any_length().parse_query(&input).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidQuoting, "{error}");
    assert_eq!(error.span(), Span::new(12, 13));
}

#[test]
fn parentheses_in_quotes_do_not_nest() {
    let text = "(".repeat(HUGE);
    let input = format!("filter=eq(a,\"{text}\")");
    let query = any_length().parse_query(&input).unwrap();
    let expected = Expr::Predicate(Predicate::new(
        Field::new("a"),
        Test::Eq(Value::quoted(text)),
    ));
    assert_eq!(query.conditions[0].expr, expected);
}

#[test]
fn parentheses_in_field_values_are_text() {
    let text = "(".repeat(HUGE);
    for input in [format!("f={text}"), format!("f=eq::{text}")] {
        let query = any_length().parse_query(&input).unwrap();
        let Expr::Predicate(predicate) = &query.conditions[0].expr else {
            panic!("expected a predicate");
        };
        assert_eq!(predicate.test, Test::Eq(Value::new(text.clone())));
    }
}

#[test]
fn huge_closing_run_is_an_error() {
    let input = format!("filter=eq(a,1{}", ")".repeat(HUGE));
    let error = any_length().parse_query(&input).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TrailingInput, "{error}");
}

#[test]
fn default_depth_limit_is_inclusive() {
    let input = format!("filter={}", nested_and(DEFAULT_DEPTH - 1));
    let query = parse_query(&input).unwrap();
    assert_eq!(query.conditions[0].expr.depth(), DEFAULT_DEPTH);

    let expr = parse_filter(&nested_and(DEFAULT_DEPTH - 1)).unwrap();
    assert_eq!(expr.depth(), DEFAULT_DEPTH);
}

#[test]
fn default_depth_limit_rejects_one_more() {
    let input = format!("filter={}", nested_and(DEFAULT_DEPTH));
    let error = parse_query(&input).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");

    let error = parse_filter(&nested_and(DEFAULT_DEPTH)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");
}

#[test]
fn max_depth_is_capped_at_ceiling() {
    let options = ParseOptions::new().with_max_depth(usize::MAX);
    assert_eq!(options.max_depth(), ParseOptions::DEPTH_CEILING);

    let input = format!("filter={}", nested_and(HUGE));
    let error = options
        .with_max_input_len(usize::MAX)
        .parse_query(&input)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");
    let at = 7 + 4 * (ParseOptions::DEPTH_CEILING + 1) - 1;
    assert_eq!(error.span(), Span::new(at, at + 1));
}

#[test]
fn ceiling_depth_rejects_one_more() {
    let options = ParseOptions::new().with_max_depth(ParseOptions::DEPTH_CEILING);
    let input = nested_and(ParseOptions::DEPTH_CEILING);
    let error = options.parse_filter(&input).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");
}

/// Parses `expr` nested [`ParseOptions::DEPTH_CEILING`] levels deep on a thread with `stack`
/// bytes of stack, then evaluates it, prints it and parses the printed text again.
fn ceiling_depth_round_trip(stack: usize, expr: String, record: serde_json::Value, expected: bool) {
    on_stack(stack, move || {
        let options = ParseOptions::new().with_max_depth(ParseOptions::DEPTH_CEILING);
        let input = format!("filter={expr}");
        let query = options
            .parse_query(&input)
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            query.conditions[0].expr.depth(),
            ParseOptions::DEPTH_CEILING
        );

        let compiled = Compiled::new(&query).unwrap();
        assert_eq!(compiled.matches(&record), expected);

        let printed = query.to_string();
        assert_eq!(printed, input);
        let reparsed = options.parse_query(&printed).unwrap();
        assert_eq!(reparsed, query);
    });
}

#[test]
fn ceiling_depth_chain_round_trips() {
    let groups = ParseOptions::DEPTH_CEILING - 1;
    for stack in [TEST_THREAD_STACK, LARGE_STACK] {
        ceiling_depth_round_trip(stack, nested_and(groups), json!({"a": 1}), true);
        ceiling_depth_round_trip(stack, nested_and(groups), json!({"a": 2}), false);
    }
}

#[test]
fn ceiling_depth_alternating_round_trips() {
    let groups = ParseOptions::DEPTH_CEILING - 1;
    let innermost = json!({"a": 1, "b": 0, "x": "y"});
    let innermost_fails = json!({"a": 1, "b": 0, "x": "z"});
    let outermost = json!({"a": 1, "b": 1});
    for stack in [TEST_THREAD_STACK, LARGE_STACK] {
        ceiling_depth_round_trip(stack, alternating(groups), innermost.clone(), true);
        ceiling_depth_round_trip(stack, alternating(groups), innermost_fails.clone(), false);
        ceiling_depth_round_trip(stack, alternating(groups), outermost.clone(), true);
    }
}

#[test]
fn parsed_depths_evaluate_on_test_stack() {
    on_test_stack(|| {
        let options = ParseOptions::new().with_max_depth(ParseOptions::DEPTH_CEILING);
        let record = json!({"a": 1, "b": 0, "x": "y"});
        for depth in (DEFAULT_DEPTH..=ParseOptions::DEPTH_CEILING).step_by(16) {
            for expr in [nested_and(depth - 1), alternating(depth - 1)] {
                let input = format!("filter={expr}");
                let query = options
                    .parse_query(&input)
                    .unwrap_or_else(|error| panic!("depth {depth}: {error}"));
                assert_eq!(query.conditions[0].expr.depth(), depth);

                let compiled = Compiled::new(&query).unwrap();
                assert!(compiled.matches(&record), "depth {depth}");

                assert_eq!(query.to_string(), input);
                let reparsed = options.parse_filter(&expr).unwrap();
                assert_eq!(reparsed, query.conditions[0].expr, "depth {depth}");
            }
        }
    });
}

#[test]
fn hand_built_ceiling_depth_on_test_stack() {
    on_test_stack(|| {
        let expr = hand_built(ParseOptions::DEPTH_CEILING - 1);
        assert_eq!(expr.depth(), ParseOptions::DEPTH_CEILING);
        let query = Query::new().with_condition(Syntax::Advanced, expr);

        let compiled = Compiled::new(&query).unwrap();
        assert!(compiled.matches(&json!({"a": 1})));
        assert!(!compiled.matches(&json!({"a": 2})));

        let printed = query.to_string();
        assert_eq!(
            printed,
            format!("filter={}", nested_and(ParseOptions::DEPTH_CEILING - 1))
        );

        let copy = query.clone();
        assert_eq!(copy, query);
    });
}

#[test]
fn hand_built_over_ceiling_is_rejected() {
    on_test_stack(|| {
        let query =
            Query::new().with_condition(Syntax::Advanced, hand_built(ParseOptions::DEPTH_CEILING));
        let error = Compiled::new(&query).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");
    });
}

#[test]
fn hand_built_million_levels_is_rejected_and_dropped() {
    const LEVELS: usize = 1_000_000;
    on_test_stack(|| {
        let expr = hand_built(LEVELS - 1);
        assert_eq!(expr.depth(), LEVELS);
        let query = Query::new()
            .with_condition(Syntax::Basic, hand_built(0))
            .with_condition(Syntax::Advanced, expr);

        let error = Compiled::new(&query).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::DepthLimitExceeded, "{error}");
        assert!(error.message().contains("1000000"), "{}", error.message());
        drop(query);
    });
}

#[test]
fn hand_built_million_levels_prints() {
    const GROUPS: usize = 999_999;
    on_test_stack(|| {
        let text = hand_built(GROUPS).to_string();
        let expected = format!("{}eq(a,1){}", "AND(".repeat(GROUPS), ")".repeat(GROUPS));
        assert!(
            text == expected,
            "printed text differs from the nested groups"
        );
    });
}
