//! The query builder: the text it prints, the quoting it chooses for hard names and values, and
//! property tests that built queries print, parse and validate back to equal queries. Also the
//! serde round trip of queries, built and parsed.

use inperium_filter::build::PredicateBuilder;
use inperium_filter::schema::{
    CheckedQuery, DiagnosticKind, FieldSchema, FieldType, Schema, Severity,
};
use inperium_filter::{
    and, field, not, or, parse_filter, parse_query, Direction, Expr, Field, Operator, ParseOptions,
    Query, Syntax, Test,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

/// Parses `input`, panicking with the drawn error on failure.
fn parsed(input: &str) -> Query {
    parse_query(input).unwrap_or_else(|error| panic!("{input:?} does not parse:\n{error}"))
}

/// Returns the only predicate of `expr`, panicking when it is a group.
fn predicate_of(expr: &Expr) -> &inperium_filter::Predicate {
    match expr {
        Expr::Predicate(predicate) => predicate,
        Expr::Group(_) => panic!("expected a predicate, got {expr}"),
    }
}

#[test]
fn builder_matches_reference_example() {
    let expr = or([
        field("annualRevenue").gt(500000),
        and([field("employeeCount").gt(1000), field("country").eq("US")]),
    ]);
    let query = Query::new()
        .with_filter(expr)
        .with_sort_desc("createdAt")
        .with_page(2, 25);
    let expected = "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))&sort=-createdAt&pageNumber=2&pageSize=25";
    assert_eq!(query.to_string(), expected);
    assert_eq!(parsed(expected), query);
}

#[test]
fn builder_writes_every_operator() {
    let cases: Vec<(Expr, &str)> = vec![
        (field("a").eq("x"), "eq(a,x)"),
        (field("a").neq(7), "neq(a,7)"),
        (field("a").gt(-2.5), "gt(a,-2.5)"),
        (field("a").gte(0u8), "gte(a,0)"),
        (field("a").lt(1_000_000_i64), "lt(a,1000000)"),
        (field("a").lte("2021-02-16"), "lte(a,2021-02-16)"),
        (field("a").like("Smi"), "like(a,Smi)"),
        (field("a").not_like('x'), "notlike(a,x)"),
        (field("a").is_null(), "isnull(a)"),
        (field("a").is_not_null(), "isnotnull(a)"),
        (field("a").in_(["x", "y", "z"]), "in(a,x,y,z)"),
        (field("a").in_([1, 2]), "in(a,1,2)"),
        (field("a").nin(vec![String::from("x")]), "nin(a,x)"),
        (field("a").btn(1, 9), "btn(a,1,9)"),
        (field("a").eq(true), "eq(a,true)"),
    ];
    for (expr, expected) in cases {
        assert_eq!(expr.to_string(), expected);
        assert_eq!(parse_filter(expected).unwrap(), expr, "{expected}");
    }
}

#[test]
fn builder_writes_groups() {
    let cases: Vec<(Expr, &str)> = vec![
        (and([field("a").eq(1)]), "AND(eq(a,1))"),
        (
            or([field("a").eq(1), field("b").eq(2), field("c").eq(3)]),
            "OR(eq(a,1),eq(b,2),eq(c,3))",
        ),
        (
            and([
                or([field("a").eq(1), field("b").eq(2)]),
                field("c").is_null(),
            ]),
            "AND(OR(eq(a,1),eq(b,2)),isnull(c))",
        ),
        (not(field("a").eq(1)), "NOT(eq(a,1))"),
        (
            not(and([field("a").eq(1), field("b").eq(2)])),
            "NOT(AND(eq(a,1),eq(b,2)))",
        ),
    ];
    let options = ParseOptions::new().with_not(true);
    for (expr, expected) in cases {
        assert_eq!(expr.to_string(), expected);
        assert_eq!(options.parse_filter(expected).unwrap(), expr, "{expected}");
    }
}

#[test]
fn and_takes_any_iterator() {
    let names = ["a", "b", "c"];
    let expr = and(names.iter().map(|name| field(*name).is_not_null()));
    assert_eq!(
        expr.to_string(),
        "AND(isnotnull(a),isnotnull(b),isnotnull(c))"
    );
}

/// Hard texts, each with the advanced syntax's writing as a value and as a field name.
const HARD_TEXTS: &[(&str, &str, &str)] = &[
    ("a,b", r#""a,b""#, r#""a,b""#),
    ("(x", r#""(x""#, r#""(x""#),
    ("y)", r#""y)""#, r#""y)""#),
    (" x", r#"" x""#, r#"" x""#),
    ("x ", r#""x ""#, r#""x ""#),
    ("\tx", "\"\tx\"", "\"\tx\""),
    ("x\r", "\"x\r\"", "\"x\r\""),
    ("\nx", "\"\nx\"", "\"\nx\""),
    ("null", r#""null""#, "null"),
    ("NULL", r#""NULL""#, "NULL"),
    ("nUlL", r#""nUlL""#, "nUlL"),
    ("", r#""""#, ""),
    (r#"""#, r#""\"""#, r#""\"""#),
    (r#""""#, r#""\"\"""#, r#""\"\"""#),
    (r"\", r"\", r#""\\""#),
    (r#"a\"b"#, r#""a\\\"b""#, r#""a\\\"b""#),
    ("🍑", "🍑", r#""🍑""#),
    ("北京", "北京", "北京"),
    ("New York", "New York", r#""New York""#),
    ("a b", "a b", r#""a b""#),
    ("eq::x", "eq::x", r#""eq::x""#),
    ("AND", "AND", "AND"),
    ("-x", "-x", r#""-x""#),
    (".x", ".x", r#"".x""#),
    ("x.y-z_1", "x.y-z_1", "x.y-z_1"),
];

#[test]
fn values_are_quoted_when_needed() {
    for (text, written, _) in HARD_TEXTS {
        let expr = field("f").eq(text);
        assert_eq!(expr.to_string(), format!("eq(f,{written})"), "{text:?}");

        let Test::Eq(value) = &predicate_of(&expr).test else {
            panic!("expected eq");
        };
        assert_eq!(value.text, *text);
        assert_eq!(value.quoted, written.starts_with('"'), "{text:?}");
    }
}

#[test]
fn quoted_values_parse_back_equal() {
    for (text, _, _) in HARD_TEXTS {
        let expr = field("f").in_([text, text]);
        let printed = expr.to_string();
        let reparsed = parse_filter(&printed)
            .unwrap_or_else(|error| panic!("{text:?} printed as {printed}:\n{error}"));
        assert_eq!(reparsed, expr, "{text:?} printed as {printed}");

        let query = Query::new().with_filter(expr);
        assert_eq!(parsed(&query.to_string()), query, "{text:?}");
    }
}

#[test]
fn field_names_are_quoted_when_needed() {
    for (name, _, written) in HARD_TEXTS {
        if name.is_empty() {
            continue;
        }
        let expr = field(*name).is_null();
        assert_eq!(expr.to_string(), format!("isnull({written})"), "{name:?}");

        let built = &predicate_of(&expr).field;
        assert_eq!(built.name, *name);
        assert_eq!(built.quoted, written.starts_with('"'), "{name:?}");

        let query = Query::new().with_filter(expr).with_sort_desc(*name);
        let printed = query.to_string();
        assert_eq!(parsed(&printed), query, "{name:?} printed as {printed}");
    }
}

#[test]
fn sort_keys_append_in_order() {
    let query = Query::new()
        .with_sort_desc("country")
        .with_sort_asc("Body Mass (g)")
        .with_sort("createdAt", Direction::Descending);
    assert_eq!(
        query.to_string(),
        "sort=-country,%22Body%20Mass%20(g)%22,-createdAt"
    );
    assert_eq!(parsed(&query.to_string()), query);
}

#[test]
fn paging_sets_both_parameters() {
    let query = Query::new().with_page(3, 50);
    assert_eq!(query.to_string(), "pageNumber=3&pageSize=50");
    assert_eq!(query.page_number_or_default(), 3);
    assert_eq!(query.page_size_or_default(), 50);

    assert_eq!(Query::new().with_page_size(5).to_string(), "pageSize=5");
    let last = Query::new().with_page_number(i32::MAX as u32);
    assert_eq!(last.to_string(), "pageNumber=2147483647");
    assert_eq!(parsed(&last.to_string()), last);
}

#[test]
fn second_filter_joins_with_and() {
    let query = Query::new()
        .with_filter(field("a").eq(1))
        .with_filter(field("b").eq(2))
        .with_filter(field("c").eq(3));
    assert_eq!(query.conditions.len(), 1);
    assert_eq!(query.to_string(), "filter=AND(eq(a,1),eq(b,2),eq(c,3))");
    assert_eq!(parsed(&query.to_string()), query);

    let query = Query::new()
        .with_filter(or([field("a").eq(1), field("b").eq(2)]))
        .with_filter(field("c").eq(3));
    assert_eq!(query.to_string(), "filter=AND(OR(eq(a,1),eq(b,2)),eq(c,3))");
}

#[test]
fn filter_stays_where_first_added() {
    let query = Query::new()
        .with_field_condition(field("a").eq(1))
        .with_filter(field("b").eq(2))
        .with_field_condition(field("c").eq(3))
        .with_filter(field("d").eq(4));
    assert_eq!(query.to_string(), "a=1&filter=AND(eq(b,2),eq(d,4))&c=3");
    assert_eq!(parsed(&query.to_string()), query);
}

#[test]
fn field_conditions_choose_syntax() {
    let cases: Vec<(Expr, Syntax, &str)> = vec![
        (field("country").eq("US"), Syntax::Basic, "country=US"),
        (
            field("city").eq("New York"),
            Syntax::Basic,
            "city=New%20York",
        ),
        (field("n").eq("12::30"), Syntax::Basic, "n=12::30"),
        (field("n").eq("eq::x"), Syntax::MatchType, "n=eq::eq::x"),
        (field("n").eq(""), Syntax::MatchType, r#"n=eq::%22%22"#),
        (field("n").eq("null"), Syntax::MatchType, "n=eq::%22null%22"),
        (field("n").eq("a,b"), Syntax::MatchType, "n=eq::%22a,b%22"),
        (field("n").gt(5), Syntax::MatchType, "n=gt::5"),
        (field("n").is_null(), Syntax::MatchType, "n=isnull::"),
        (
            field("n").in_(["a", "b,c"]),
            Syntax::MatchType,
            "n=in::a,%22b,c%22",
        ),
        (field("n").btn(1, 2), Syntax::MatchType, "n=btn::1,2"),
        (
            field("Body Mass (g)").gte(4000),
            Syntax::MatchType,
            "Body%20Mass%20(g)=gte::4000",
        ),
        (field("sort").eq("x"), Syntax::Advanced, "filter=eq(sort,x)"),
        (
            field("filter").eq("x"),
            Syntax::Advanced,
            "filter=eq(filter,x)",
        ),
        (
            or([field("a").eq(1), field("b").eq(2)]),
            Syntax::Advanced,
            "filter=OR(eq(a,1),eq(b,2))",
        ),
    ];
    for (expr, syntax, expected) in cases {
        let query = Query::new().with_field_condition(expr);
        assert_eq!(query.conditions[0].syntax, syntax, "{expected}");
        assert_eq!(query.to_string(), expected);
        assert_eq!(parsed(expected), query, "{expected}");
    }
}

#[test]
fn field_condition_names_are_unquoted() {
    let query = Query::new().with_field_condition(field("Body Mass (g)").gt(1));
    let predicate = predicate_of(&query.conditions[0].expr);
    assert!(!predicate.field.quoted);
}

#[test]
#[should_panic(expected = "AND(...) needs at least one member")]
fn empty_and_panics() {
    let _ = and(Vec::new());
}

#[test]
#[should_panic(expected = "OR(...) needs at least one member")]
fn empty_or_panics() {
    let _ = or(std::iter::empty());
}

#[test]
#[should_panic(expected = "in(...) needs at least one value")]
fn empty_in_panics() {
    let _ = field("a").in_(Vec::<String>::new());
}

#[test]
#[should_panic(expected = "nin(...) needs at least one value")]
fn empty_nin_panics() {
    let _ = field("a").nin(Vec::<i32>::new());
}

#[test]
#[should_panic(expected = "a field name must not be empty")]
fn empty_field_name_panics() {
    let _ = field("");
}

#[test]
#[should_panic(expected = "a field name must not be empty")]
fn empty_sort_name_panics() {
    let _ = Query::new().with_sort_asc("");
}

#[test]
#[should_panic(expected = "pageNumber must be from 1 to 2147483647, but it is 0")]
fn page_number_zero_panics() {
    let _ = Query::new().with_page(0, 10);
}

#[test]
#[should_panic(expected = "pageNumber must be from 1 to 2147483647, but it is 2147483648")]
fn page_number_above_i32_panics() {
    let _ = Query::new().with_page_number(2_147_483_648);
}

#[test]
#[should_panic(expected = "pageSize must be at least 1")]
fn page_size_zero_panics() {
    let _ = Query::new().with_page(1, 0);
}

#[test]
fn repeated_eq_warns_after_parsing() {
    let schema = Schema::new().with_field("a", FieldSchema::new(FieldType::Text));
    let query = Query::new()
        .with_field_condition(field("a").eq(1))
        .with_field_condition(field("a").eq(2));
    let built = query.validate(&schema).unwrap();
    let reread = parsed(&query.to_string()).validate(&schema).unwrap();

    assert_eq!(built.warnings().len(), 1);
    assert_eq!(reread.warnings().len(), 1);
    assert_eq!(built.warnings()[0].kind, DiagnosticKind::RepeatedEquality);
    assert_eq!(built.warnings()[0].message, reread.warnings()[0].message);
}

// TODO: validation orders predicates by span start, and every span of a built query is empty,
// so it reports the first `eq` as the repeated one and its help cites `1`, where the parsed
// query's warning cites `2`. The warning's span differs as well.
#[test]
fn repeated_eq_warning_matches_parsed() {
    let schema = Schema::new().with_field("a", FieldSchema::new(FieldType::Text));
    let query = Query::new()
        .with_field_condition(field("a").eq(1))
        .with_field_condition(field("a").eq(2));
    let built = query.validate(&schema).unwrap();
    let reread = parsed(&query.to_string()).validate(&schema).unwrap();
    assert_eq!(built.warnings()[0].help, reread.warnings()[0].help);
}

#[test]
fn predicate_builder_is_reusable_by_clone() {
    let country: PredicateBuilder = field("country");
    let expr = or([country.clone().eq("US"), country.eq("FR")]);
    assert_eq!(expr.to_string(), "OR(eq(country,US),eq(country,FR))");
}

#[test]
fn serde_keeps_parsed_query_and_spans() {
    let options = ParseOptions::new()
        .with_not(true)
        .with_pass_through(["objectType"])
        .with_max_page_size(10);
    let input = r#"sort=-x,"b c"&country=US&objectType=Products&filter=OR(gt(a,1),NOT(isnull("b c")))&employeeCount=btn::1,9&pageNumber=2&pageSize=5"#;
    let query = options.parse_query(input).unwrap();
    let json = serde_json::to_string(&query).unwrap();
    let read: Query = serde_json::from_str(&json).unwrap();

    assert_eq!(read, query);
    for (read, parsed) in read.conditions.iter().zip(&query.conditions) {
        assert_eq!(read.span, parsed.span);
        assert_eq!(read.expr.span(), parsed.expr.span());
    }
    let sort = query.sort.as_ref().unwrap();
    let read_sort = read.sort.as_ref().unwrap();
    assert_eq!(read_sort.span, sort.span);
    assert_eq!(read_sort.keys[1].field.span, sort.keys[1].field.span);
    assert_eq!(read.pass_through[0].span, query.pass_through[0].span);
    assert_eq!(
        read.page_size.as_ref().unwrap().span,
        query.page_size.as_ref().unwrap().span
    );
    assert_eq!(serde_json::to_string(&read).unwrap(), json);
}

#[test]
fn serde_skips_written_order_and_default_size() {
    let options = ParseOptions::new().with_max_page_size(10);
    let query = options.parse_query("sort=x&country=US").unwrap();
    assert_eq!(query.default_page_size, 10);
    assert_eq!(query.to_string(), "sort=x&country=US");

    let read: Query = serde_json::from_str(&serde_json::to_string(&query).unwrap()).unwrap();
    assert!(read.written_order.is_empty());
    assert_eq!(read.default_page_size, Query::DEFAULT_PAGE_SIZE);
    assert_eq!(read.to_string(), "country=US&sort=x");
}

#[test]
fn serde_reads_json_without_spans() {
    let json = r#"{
        "conditions": [
            {"syntax": "basic", "expr": {"predicate": {
                "field": {"name": "country", "quoted": false},
                "test": {"eq": {"text": "US", "quoted": false}}
            }}},
            {"syntax": "advanced", "expr": {"group": {"op": "OR", "members": [
                {"predicate": {"field": {"name": "a b", "quoted": true}, "test": "isnull"}},
                {"predicate": {"field": {"name": "n", "quoted": false},
                    "test": {"btn": [{"text": "1", "quoted": false}, {"text": "", "quoted": true}]}}}
            ]}}}
        ],
        "sort": {"keys": [{"field": {"name": "createdAt", "quoted": false}, "direction": "descending"}]},
        "pageSize": {"value": 25}
    }"#;
    let read: Query = serde_json::from_str(json).unwrap();
    let expected = Query::new()
        .with_field_condition(field("country").eq("US"))
        .with_filter(or([field("a b").is_null(), field("n").btn(1, "")]))
        .with_sort_desc("createdAt")
        .with_page_size(25);
    assert_eq!(read, expected);
    assert_eq!(read.default_page_size, Query::DEFAULT_PAGE_SIZE);

    let empty: Query = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, Query::new());
}

/// Pieces of the grammars' alphabet that generated names and values are built from: the
/// punctuation of each syntax, whitespace, escapes, percent signs, the word null, reserved
/// parameter names, and multi-byte Unicode.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "0",
    "9",
    "_",
    ".",
    "-",
    " ",
    "\t",
    "\r",
    "\n",
    ",",
    "(",
    ")",
    "\"",
    "\\",
    "\\\"",
    "%",
    "%20",
    "%2",
    "+",
    "&",
    "=",
    "?",
    "#",
    ":",
    "::",
    "eq::",
    "in::",
    "null",
    "NULL",
    "nUlL",
    "AND(",
    "OR",
    "NOT",
    "filter",
    "sort",
    "pageNumber",
    "pageSize",
    "北京",
    "İ",
    "🍑",
    "e\u{301}",
    "\u{0}",
    "\u{a0}",
    "\u{7f}",
];

fn text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        any::<String>(),
        vec(select(PIECES), 0..5).prop_map(|pieces| pieces.concat()),
    ]
}

/// Generates a field name: any text, or one of a few names, so that predicates share fields and
/// repeated `eq` warnings occur.
fn field_name() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        2 => text().prop_filter("non-empty field name", |name| !name.is_empty()),
        1 => select(&["a", "b", "a b"][..]).prop_map(String::from),
    ]
}

/// Builds a predicate with the builder. `btn` takes the first and last value in ascending
/// order, because a text range with its bounds reversed fails validation.
fn build_predicate(name: String, operator: Operator, mut values: Vec<String>) -> Expr {
    let field = field(name);
    let first = values[0].clone();
    match operator {
        Operator::IsNull => field.is_null(),
        Operator::IsNotNull => field.is_not_null(),
        Operator::Eq => field.eq(first),
        Operator::Neq => field.neq(first),
        Operator::Gt => field.gt(first),
        Operator::Gte => field.gte(first),
        Operator::Lt => field.lt(first),
        Operator::Lte => field.lte(first),
        Operator::Like => field.like(first),
        Operator::NotLike => field.not_like(first),
        Operator::In => field.in_(values),
        Operator::Nin => field.nin(values),
        Operator::Btn => {
            let last = values.pop().expect("at least one value");
            let (low, high) = if first <= last {
                (first, last)
            } else {
                (last, first)
            };
            field.btn(low, high)
        }
    }
}

/// Generates a predicate, `eq` more often than the other operators so that repeated `eq`
/// warnings occur.
fn predicate() -> impl Strategy<Value = Expr> {
    let operator = prop_oneof![
        3 => select(Operator::ALL.to_vec()),
        1 => Just(Operator::Eq),
    ];
    (field_name(), operator, vec(text(), 1..4))
        .prop_map(|(name, operator, values)| build_predicate(name, operator, values))
}

/// Generates an expression of up to four levels, with AND, OR and NOT groups.
fn expr() -> impl Strategy<Value = Expr> {
    predicate().prop_recursive(3, 16, 3, |member| {
        prop_oneof![
            vec(member.clone(), 1..4).prop_map(and),
            vec(member.clone(), 1..4).prop_map(or),
            member.prop_map(not),
        ]
    })
}

/// Generates a query built with `with_filter` and `with_field_condition` in any order, sort
/// keys, and paging. A quarter of the queries end with two `eq` conditions on one field, which
/// validation warns about.
fn built_query() -> impl Strategy<Value = Query> {
    (
        vec((any::<bool>(), expr()), 0..4),
        option::weighted(0.25, (field_name(), text(), text())),
        vec((field_name(), any::<bool>()), 0..3),
        option::of(1..=i32::MAX as u32),
        option::of(1..=100u32),
    )
        .prop_map(
            |(conditions, repeated, sort_keys, page_number, page_size)| {
                let mut query = Query::new();
                for (as_field_parameter, expr) in conditions {
                    query = if as_field_parameter {
                        query.with_field_condition(expr)
                    } else {
                        query.with_filter(expr)
                    };
                }
                if let Some((name, first, second)) = repeated {
                    query = query
                        .with_field_condition(field(name.clone()).eq(first))
                        .with_field_condition(field(name).eq(second));
                }
                for (name, descending) in sort_keys {
                    query = if descending {
                        query.with_sort_desc(name)
                    } else {
                        query.with_sort_asc(name)
                    };
                }
                if let Some(number) = page_number {
                    query = query.with_page_number(number);
                }
                if let Some(size) = page_size {
                    query = query.with_page_size(size);
                }
                query
            },
        )
}

/// Returns a schema that declares every field of `query`'s conditions and sort keys as text.
fn text_schema(query: &Query) -> Schema {
    let mut names: Vec<&Field> = Vec::new();
    let mut pending: Vec<&Expr> = query.conditions.iter().map(|c| &c.expr).collect();
    while let Some(expr) = pending.pop() {
        match expr {
            Expr::Group(group) => pending.extend(&group.members),
            Expr::Predicate(predicate) => names.push(&predicate.field),
        }
    }
    if let Some(sort) = &query.sort {
        names.extend(sort.keys.iter().map(|key| &key.field));
    }
    names.into_iter().fold(Schema::new(), |schema, field| {
        schema.with_field(field.name.clone(), FieldSchema::new(FieldType::Text))
    })
}

/// Returns the severity, kind and message of each warning, sorted, because the order of
/// warnings follows their spans.
fn warning_summary(checked: &CheckedQuery) -> Vec<(Severity, DiagnosticKind, String)> {
    let mut summary: Vec<_> = checked
        .warnings()
        .iter()
        .map(|warning| (warning.severity, warning.kind, warning.message.clone()))
        .collect();
    summary.sort_by(|left, right| left.2.cmp(&right.2));
    summary
}

/// Returns whether the advanced syntax needs `text` quoted, restated from the printing rules
/// of docs/syntax.md so that the test does not reuse the code it checks.
fn needs_quotes(text: &str) -> bool {
    let is_blank = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    text.is_empty()
        || text.contains([',', '(', ')', '"'])
        || text.starts_with(is_blank)
        || text.ends_with(is_blank)
        || text.eq_ignore_ascii_case("null")
}

/// Returns the parse options for text that the builder printed: `NOT` enabled, and no input
/// length limit, because `any::<String>()` names and values percent-encode to long text.
fn reader() -> ParseOptions {
    ParseOptions::new()
        .with_not(true)
        .with_max_input_len(usize::MAX)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn built_expression_parses_back(expr in expr()) {
        let printed = expr.to_string();
        let parsed = reader().parse_filter(&printed).map_err(|error| {
            TestCaseError::fail(format!("printed expression does not parse:\n{error}"))
        })?;
        prop_assert_eq!(&parsed, &expr, "printed as {}", printed);
    }

    #[test]
    fn built_query_parses_and_validates_back(query in built_query()) {
        let printed = query.to_string();
        let parsed = reader().parse_query(&printed).map_err(|error| {
            TestCaseError::fail(format!("printed query does not parse:\n{error}"))
        })?;
        prop_assert_eq!(&parsed, &query, "printed as {}", printed);
        prop_assert_eq!(parsed.to_string(), printed.clone());

        let schema = text_schema(&query);
        let built = query.validate(&schema).map_err(|diagnostics| {
            TestCaseError::fail(format!("built query is invalid:\n{diagnostics}"))
        })?;
        let reread = parsed.validate(&schema).map_err(|diagnostics| {
            let drawn = diagnostics.with_input(printed.clone());
            TestCaseError::fail(format!("parsed query is invalid:\n{drawn}"))
        })?;
        prop_assert_eq!(reread.query(), built.query(), "printed as {}", printed);
        prop_assert_eq!(reread.schema(), built.schema());
        prop_assert_eq!(
            warning_summary(&reread),
            warning_summary(&built),
            "printed as {}",
            printed
        );
        prop_assert_eq!(reread, built, "printed as {}", printed);
    }

    #[test]
    fn built_query_survives_serde(query in built_query()) {
        let json = serde_json::to_string(&query).map_err(|error| {
            TestCaseError::fail(format!("serializing failed: {error}"))
        })?;
        let read: Query = serde_json::from_str(&json).map_err(|error| {
            TestCaseError::fail(format!("deserializing {json} failed: {error}"))
        })?;
        prop_assert_eq!(&read, &query, "serialized as {}", json);
        prop_assert_eq!(read.to_string(), query.to_string());
    }

    #[test]
    fn built_values_keep_any_text(text in text()) {
        let expr = field("f").eq(&text);
        let Expr::Predicate(predicate) = &expr else {
            return Err(TestCaseError::fail("expected a predicate"));
        };
        let Test::Eq(value) = &predicate.test else {
            return Err(TestCaseError::fail("expected eq"));
        };
        prop_assert_eq!(&value.text, &text);
        prop_assert_eq!(value.quoted, needs_quotes(&text), "{:?}", text);

        let parsed = parse_filter(&expr.to_string()).map_err(|error| {
            TestCaseError::fail(format!("printed value does not parse:\n{error}"))
        })?;
        prop_assert_eq!(parsed, expr);
    }
}
