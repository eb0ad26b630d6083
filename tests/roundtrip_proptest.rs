//! Property tests: printing and parsing are inverse on every query the parser can produce, a
//! quoted value keeps any text, and no input makes parsing, printing or evaluation panic.
//!
//! The strategies build only ASTs that the parser can return. The `is_*` helpers below restate
//! the parser's rules for each position, so that a generated query prints back to the same AST.

use inperium_filter::ast::{PageParameter, ParameterRef, PassThrough};
use inperium_filter::{
    parse_filter, parse_query, quote, Compiled, Condition, Direction, Error, ErrorKind, Expr,
    Field, Group, GroupOp, ParseOptions, Predicate, Query, Sort, SortKey, Span, Syntax, Target,
    Test, Value,
};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::json;

/// Pieces that generated text is built from: the grammar's punctuation, whitespace, escapes,
/// percent signs, words the parser treats specially, and Unicode that is multi-byte, changes
/// length when case-folded, combines with the previous character or lies outside the BMP.
const TEXT_PIECES: &[&str] = &[
    "a", "B", "z", "0", "7", "-", "_", ".", " ", "  ", "\t", "\n", "\r", ",", "(", ")", "\"", "\\",
    "\\\"", "%", "%20", "%2", "+", "&", "=", "#", "?", ":", "::", "eq::", "in::", "null", "NULL",
    "nUlL", "AND", "or(", "北京", "İ", "ß", "e\u{301}", "\u{301}", "🍑", "\u{a0}", "\u{0}",
    "\u{7f}", "\u{200b}", "%FF", "New York", "Bob's",
];

/// Characters that bare field names are built from: ASCII, letters outside ASCII, and digits
/// of the Unicode categories Nd (`٣`), Nl (`Ⅻ`) and No (`½`).
const FIELD_CHARS: &[char] = &[
    'a', 'Z', 'q', '_', '0', '9', '.', '-', 'é', 'İ', 'ß', '北', '京', 'ǅ', 'Ⅻ', '½', '٣',
];

/// Tokens of the filter grammar, concatenated at random to reach deep paths of the parser.
const FILTER_TOKENS: &[&str] = &[
    "AND(", "OR(", "and(", "eq(", "neq(", "in(", "nin(", "btn(", "isnull(", "like(", "notlike(",
    "gtx(", "NOT(", "(", ")", ")", ",", ",", "\"", "\\", "\\\"", " ", "\t", "a", "b", "1",
    "-2.5e3", "null", "::", "北京", "🍑", "\"x y\"", "%22", "%28", "%29", "%2C", "%C3%A9", "+",
];

/// Tokens of the query-string layer: separators, parameter names, match-type operators and
/// percent-encodings, some of them invalid.
const QUERY_TOKENS: &[&str] = &[
    "&",
    "=",
    "?",
    "%",
    "%2",
    "%FF",
    "%E5%8C%97",
    "filter=",
    "sort=",
    "-",
    "+",
    "pageNumber=",
    "pageSize=",
    "0",
    "100",
    "2147483648",
    "eq::",
    "in::",
    "btn::",
    "isnull::",
    "like::",
    "gtx::",
];

/// How generated token strings start: nothing, or a parameter whose value the filter tokens
/// then fill.
const TOKEN_PREFIXES: &[&str] = &[
    "",
    "filter=",
    "f=",
    "f=in::",
    "f=btn::",
    "f=eq::",
    "sort=",
    "sort=-",
    "pageSize=",
];

/// Characters of the grammars' alphabet, for inputs of single characters.
const ALPHABET: &[char] = &[
    '(', ')', '"', ',', '\\', '&', '=', '%', '+', ':', '?', '-', ' ', 'a', 'd', 'e', 'i', 'n', 'q',
    'r', 'A', 'N', 'D', 'O', 'R', '1', '2', 'F',
];

/// Parameter names that are never field conditions.
const RESERVED_NAMES: [&str; 4] = ["filter", "sort", "pageNumber", "pageSize"];

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_null_word(text: &str) -> bool {
    text.eq_ignore_ascii_case("null")
}

/// Returns whether `name` is read as a bare field name in the advanced syntax and in `sort`.
fn is_bare_field(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphanumeric() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Returns whether `text` is read as an unquoted value in the advanced syntax and in match-type lists.
fn is_bare_value(text: &str) -> bool {
    !text.is_empty()
        && !text.contains([',', '(', ')', '"'])
        && !text.starts_with(is_blank)
        && !text.ends_with(is_blank)
        && !is_null_word(text)
}

/// Returns whether a field parameter's value starts with an ASCII word and `::`, which makes it a
/// match-type value.
fn looks_match_type(text: &str) -> bool {
    text.split_once("::")
        .is_some_and(|(word, _)| !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// Returns whether `text` is read as the value of the basic syntax `NAME=VALUE`.
fn is_basic_value(text: &str) -> bool {
    !text.is_empty() && !is_null_word(text) && !looks_match_type(text)
}

/// Returns whether `text` is read verbatim as the value of a one-value match-type operator.
fn is_verbatim_single_value(text: &str) -> bool {
    !text.is_empty() && !text.starts_with('"') && !is_null_word(text)
}

fn text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => vec(select(TEXT_PIECES), 0..6).prop_map(|pieces| pieces.concat()),
        1 => vec(any::<char>(), 0..6).prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn non_empty_text() -> impl Strategy<Value = String> + Clone {
    text().prop_filter("non-empty text", |text| !text.is_empty())
}

/// Generates text that reads back as a bare value: generated text without `,()"`, trimmed.
fn bare_value_text() -> impl Strategy<Value = String> + Clone {
    text().prop_filter_map("bare value", |text| {
        let kept: String = text
            .chars()
            .filter(|c| !matches!(c, ',' | '(' | ')' | '"'))
            .collect();
        let trimmed = kept.trim_matches(is_blank).to_owned();
        is_bare_value(&trimmed).then_some(trimmed)
    })
}

/// Generates a value as the advanced syntax and match-type lists read it: bare or quoted.
fn list_value() -> BoxedStrategy<Value> {
    prop_oneof![
        bare_value_text().prop_map(Value::new),
        text().prop_map(Value::quoted),
    ]
    .boxed()
}

/// Generates the value of a one-value match-type operator: verbatim text, or one quoted text.
fn single_value() -> BoxedStrategy<Value> {
    prop_oneof![
        text()
            .prop_filter("verbatim value", |text| is_verbatim_single_value(text))
            .prop_map(Value::new),
        text().prop_map(Value::quoted),
    ]
    .boxed()
}

/// Generates each of the thirteen operators, with `single` values for the one-value operators and
/// `item` values for `in`, `nin` and `btn`.
fn test_strategy(single: BoxedStrategy<Value>, item: BoxedStrategy<Value>) -> BoxedStrategy<Test> {
    prop_oneof![
        Just(Test::IsNull),
        Just(Test::IsNotNull),
        single.clone().prop_map(Test::Eq),
        single.clone().prop_map(Test::Neq),
        single.clone().prop_map(Test::Gt),
        single.clone().prop_map(Test::Gte),
        single.clone().prop_map(Test::Lt),
        single.clone().prop_map(Test::Lte),
        single.clone().prop_map(Test::Like),
        single.prop_map(Test::NotLike),
        vec(item.clone(), 1..5).prop_map(Test::In),
        vec(item.clone(), 1..5).prop_map(Test::Nin),
        (item.clone(), item).prop_map(|(low, high)| Test::Btn(low, high)),
    ]
    .boxed()
}

fn bare_field_name() -> impl Strategy<Value = String> + Clone {
    let field_char = prop_oneof![4 => select(FIELD_CHARS), 1 => any::<char>()];
    vec(field_char, 1..7).prop_filter_map("bare field name", |chars| {
        let name: String = chars
            .into_iter()
            .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
            .skip_while(|c| matches!(c, '.' | '-'))
            .collect();
        is_bare_field(&name).then_some(name)
    })
}

fn quoted_field(name: String) -> Field {
    Field {
        quoted: true,
        ..Field::new(name)
    }
}

/// Generates a field name as the advanced syntax and `sort` read it: bare or quoted.
fn field() -> impl Strategy<Value = Field> + Clone {
    prop_oneof![
        bare_field_name().prop_map(Field::new),
        non_empty_text().prop_map(quoted_field),
    ]
}

/// Generates a parameter name for a field condition or a pass-through parameter.
fn parameter_name() -> impl Strategy<Value = String> + Clone {
    non_empty_text().prop_filter("not a reserved parameter", |name| {
        !RESERVED_NAMES.contains(&name.as_str())
    })
}

/// Generates an advanced expression: groups nested up to five levels, one-member `AND` and `OR` groups
/// included, and `NOT` groups, which parse only with [`ParseOptions::with_not`].
fn expr() -> impl Strategy<Value = Expr> {
    let predicate = (field(), test_strategy(list_value(), list_value()))
        .prop_map(|(field, test)| Expr::Predicate(Predicate::new(field, test)));
    predicate.prop_recursive(4, 24, 4, |member| {
        let and_or = (
            select(vec![GroupOp::And, GroupOp::Or]),
            vec(member.clone(), 1..4),
        )
            .prop_map(|(op, members)| Expr::Group(Group::new(op, members)));
        let not = member.prop_map(|member| Expr::Group(Group::new(GroupOp::Not, vec![member])));
        prop_oneof![3 => and_or, 1 => not]
    })
}

/// Generates a basic or match-type condition.
fn field_condition() -> impl Strategy<Value = Condition> {
    let basic = (
        parameter_name(),
        text().prop_filter("basic value", |text| is_basic_value(text)),
    )
        .prop_map(|(name, text)| {
            let predicate = Predicate::new(Field::new(name), Test::Eq(Value::new(text)));
            Condition::new(Syntax::Basic, Expr::Predicate(predicate))
        });
    let match_type = (
        parameter_name(),
        test_strategy(single_value(), list_value()),
    )
        .prop_map(|(name, test)| {
            let predicate = Predicate::new(Field::new(name), test);
            Condition::new(Syntax::MatchType, Expr::Predicate(predicate))
        });
    prop_oneof![basic, match_type]
}

fn sort() -> impl Strategy<Value = Sort> {
    let key = (
        field(),
        select(vec![Direction::Ascending, Direction::Descending]),
    )
        .prop_map(|(field, direction)| SortKey::new(field, direction));
    vec(key, 1..4).prop_map(|keys| Sort {
        keys,
        span: Span::default(),
    })
}

/// Generates a whole query with the pass-through names it is parsed with. It has field conditions, at
/// most one `filter` parameter at any position among them, optional sort, paging and
/// pass-through parameters, and a shuffled written order.
fn query() -> impl Strategy<Value = (Vec<String>, Query)> {
    unordered_query().prop_flat_map(|(declared, query)| {
        let every: Vec<ParameterRef> = (0..query.conditions.len())
            .map(ParameterRef::Condition)
            .chain((0..query.pass_through.len()).map(ParameterRef::PassThrough))
            .chain(query.sort.as_ref().map(|_| ParameterRef::Sort))
            .chain(query.page_number.as_ref().map(|_| ParameterRef::PageNumber))
            .chain(query.page_size.as_ref().map(|_| ParameterRef::PageSize))
            .collect();
        (Just(declared), Just(query), Just(every).prop_shuffle()).prop_map(
            |(declared, mut query, shuffled)| {
                query.written_order = parser_order(&shuffled);
                (declared, query)
            },
        )
    })
}

/// Renumbers conditions and pass-through parameters in the order they appear, as the parser
/// does: only the interleaving of the kinds of parameter is free.
fn parser_order(shuffled: &[ParameterRef]) -> Vec<ParameterRef> {
    let mut conditions = 0..;
    let mut pass_through = 0..;
    shuffled
        .iter()
        .map(|parameter| match parameter {
            ParameterRef::Condition(_) => ParameterRef::Condition(conditions.next().unwrap()),
            ParameterRef::PassThrough(_) => ParameterRef::PassThrough(pass_through.next().unwrap()),
            other => *other,
        })
        .collect()
}

fn unordered_query() -> impl Strategy<Value = (Vec<String>, Query)> {
    vec(parameter_name(), 0..3).prop_flat_map(|mut declared| {
        declared.sort();
        declared.dedup();
        let pass_through = if declared.is_empty() {
            Just(Vec::new()).boxed()
        } else {
            vec((select(declared.clone()), text()), 0..3).boxed()
        };
        (
            Just(declared),
            vec(field_condition(), 0..4),
            option::of((expr(), any::<Index>())),
            option::of(sort()),
            option::of(1..=i32::MAX as u32),
            option::of(1..=100u32),
            pass_through,
        )
            .prop_map(
                |(declared, mut conditions, filter, sort, page_number, page_size, pass_through)| {
                    conditions.retain(|condition| {
                        let Expr::Predicate(predicate) = &condition.expr else {
                            return true;
                        };
                        !declared.contains(&predicate.field.name)
                    });
                    if let Some((expr, position)) = filter {
                        let at = position.index(conditions.len() + 1);
                        conditions.insert(at, Condition::new(Syntax::Advanced, expr));
                    }
                    let query = Query {
                        conditions,
                        sort,
                        page_number: page_number.map(PageParameter::new),
                        page_size: page_size.map(PageParameter::new),
                        pass_through: pass_through
                            .into_iter()
                            .map(|(name, value)| PassThrough {
                                name,
                                value,
                                span: Span::default(),
                            })
                            .collect(),
                        ..Query::new()
                    };
                    (declared, query)
                },
            )
    })
}

/// Clears the `quoted` flag of every field and value, so that two expressions compare by
/// meaning alone.
fn without_quote_flags(expr: &mut Expr) {
    match expr {
        Expr::Group(group) => group.members.iter_mut().for_each(without_quote_flags),
        Expr::Predicate(predicate) => {
            predicate.field.quoted = false;
            match &mut predicate.test {
                Test::IsNull | Test::IsNotNull => {}
                Test::Eq(value)
                | Test::Neq(value)
                | Test::Gt(value)
                | Test::Gte(value)
                | Test::Lt(value)
                | Test::Lte(value)
                | Test::Like(value)
                | Test::NotLike(value) => value.quoted = false,
                Test::In(values) | Test::Nin(values) => {
                    values.iter_mut().for_each(|value| value.quoted = false);
                }
                Test::Btn(low, high) => {
                    low.quoted = false;
                    high.quoted = false;
                }
            }
        }
    }
}

/// Returns the predicates that field parameters write for `expr`: the members of `AND` groups
/// and one-member `OR` groups, in order. `None` when a `NOT` group or an `OR` group of two or
/// more members is among them, which field parameters cannot express.
fn field_parameter_predicates(expr: &Expr) -> Option<Vec<Predicate>> {
    match expr {
        Expr::Predicate(predicate) => Some(vec![predicate.clone()]),
        Expr::Group(group)
            if group.op == GroupOp::And
                || (group.op == GroupOp::Or && group.members.len() == 1) =>
        {
            let mut predicates = Vec::new();
            for member in &group.members {
                predicates.extend(field_parameter_predicates(member)?);
            }
            Some(predicates)
        }
        Expr::Group(_) => None,
    }
}

fn options_with(declared: &[String]) -> ParseOptions {
    ParseOptions::new()
        .with_not(true)
        .with_pass_through(declared.iter().cloned())
}

fn parse_printed(options: &ParseOptions, printed: &str) -> Result<Query, TestCaseError> {
    options
        .parse_query(printed)
        .map_err(|error| TestCaseError::fail(format!("printed query does not parse:\n{error}")))
}

/// Sample records with every JSON type, nested objects, `properties` and non-object records, for
/// the fields that generated inputs name.
fn records() -> Vec<serde_json::Value> {
    vec![
        json!({"a": 1, "b": "x", "f": null, "properties": {"c": "北京", "d": [1, 2]}}),
        json!({"a": "1", "B": true, "e": {"q": 2.5}, "n": "NULL", "f": "İstanbul 🍑"}),
        json!({"a": -3e5, "b": "", "d": {"x": {}}, "properties": {"a": 2}}),
        json!({"a": u64::MAX, "b": "-2.5e3", "e": false, "AND": "AND"}),
        json!([1, 2]),
        json!("text"),
        json!(null),
    ]
}

/// Checks that an error points inside `input` and has a message, and that drawing it works.
fn check_error(error: &Error, input: &str) -> Result<(), TestCaseError> {
    let span = error.span();
    prop_assert!(
        span.start <= span.end,
        "span {:?} is reversed for {:?}",
        span,
        input
    );
    prop_assert!(
        span.end <= input.len(),
        "span {:?} ends past the input's {} bytes for {:?}",
        span,
        input.len(),
        input
    );
    prop_assert!(
        input.is_char_boundary(span.start) && input.is_char_boundary(span.end),
        "span {:?} splits a character of {:?}",
        span,
        input
    );
    prop_assert!(!error.message().is_empty(), "empty message for {:?}", input);
    prop_assert!(!error.to_string().is_empty());
    Ok(())
}

/// Compiles `query` and runs it over the sample records, alone and as a page.
fn evaluate(query: &Query, input: &str) -> Result<(), TestCaseError> {
    let compiled = Compiled::new(query).map_err(|error| {
        TestCaseError::fail(format!("parsed query {input:?} does not compile: {error}"))
    })?;
    let records = records();
    for record in &records {
        compiled.matches(record);
    }
    let page = compiled.page(&records);
    prop_assert!(page.data.len() <= records.len());
    Ok(())
}

/// Checks that the hand-written reader and the grammar alone give the same result for `input`,
/// as a query string and as a bare expression: the same tree with the same spans, or the same
/// error.
fn check_readers_agree(options: &ParseOptions, input: &str) -> Result<(), TestCaseError> {
    let grammar = options.clone().with_fast_path(false);
    prop_assert_eq!(
        format!("{:?}", options.parse_query(input)),
        format!("{:?}", grammar.parse_query(input)),
        "the readers disagree on the query {:?}",
        input
    );
    prop_assert_eq!(
        format!("{:?}", options.parse_filter(input)),
        format!("{:?}", grammar.parse_filter(input)),
        "the readers disagree on the expression {:?}",
        input
    );
    Ok(())
}

/// Parses `input` as a query string and as a bare expression, with the default options and
/// with `NOT` enabled, and exercises whatever comes out: a query prints, reparses to itself and
/// evaluates, and an error is well-formed. Both readers must agree on it.
fn check_any_input(input: &str) -> Result<(), TestCaseError> {
    for options in [ParseOptions::new(), ParseOptions::new().with_not(true)] {
        check_readers_agree(&options, input)?;
        match options.parse_query(input) {
            Ok(query) => {
                let printed = query.to_string();
                let reparsed = parse_printed(&options, &printed)?;
                prop_assert_eq!(&reparsed, &query, "{:?} printed as {:?}", input, printed);
                prop_assert_eq!(reparsed.to_string(), printed);
                query.to_query_string(Target::Advanced).map_err(|error| {
                    TestCaseError::fail(format!("{input:?} cannot print as advanced: {error}"))
                })?;
                if let Err(error) = query.to_query_string(Target::FieldParameters) {
                    prop_assert_eq!(error.kind(), ErrorKind::Unprintable);
                    prop_assert!(!error.message().is_empty());
                }
                evaluate(&query, input)?;
            }
            Err(error) => check_error(&error, input)?,
        }

        match options.parse_filter(input) {
            Ok(expr) => {
                let printed = expr.to_string();
                let reparsed = options.parse_filter(&printed).map_err(|error| {
                    TestCaseError::fail(format!("printed expression does not parse:\n{error}"))
                })?;
                prop_assert_eq!(&reparsed, &expr, "{:?} printed as {:?}", input, printed);
                evaluate(&Query::new().with_condition(Syntax::Advanced, expr), input)?;
            }
            Err(error) => check_error(&error, input)?,
        }
    }
    Ok(())
}

/// Parses the query `f=...` or `filter=...` and returns the values of its only condition.
fn only_values(input: &str) -> Result<Vec<Value>, TestCaseError> {
    let query = parse_query(input)
        .map_err(|error| TestCaseError::fail(format!("{input:?} does not parse:\n{error}")))?;
    prop_assert_eq!(query.conditions.len(), 1);
    let Expr::Predicate(predicate) = &query.conditions[0].expr else {
        return Err(TestCaseError::fail(format!("{input:?} is not a predicate")));
    };
    Ok(predicate.test.values().into_iter().cloned().collect())
}

/// Any text, control characters and lone combining marks included.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        vec(any::<char>(), 0..24).prop_map(|chars| chars.into_iter().collect()),
        text(),
    ]
}

/// Checks that the sort parameter and the advanced syntax read `name` alike as a bare field name,
/// and a sort key of that name prints back to itself.
fn check_bare_name_agrees(name: &str) -> Result<(), TestCaseError> {
    let encoded = utf8_percent_encode(name, NON_ALPHANUMERIC).to_string();
    let sort = parse_query(&format!("sort={encoded}"));
    let advanced = parse_query(&format!("filter=isnull({encoded})"));
    prop_assert_eq!(
        sort.is_ok(),
        advanced.is_ok(),
        "sort and filter disagree on bare name {:?}",
        name
    );
    if let Ok(query) = sort {
        let printed = query.to_string();
        let reparsed = parse_printed(&ParseOptions::new(), &printed)?;
        prop_assert_eq!(reparsed, query, "{:?} printed as {}", name, printed);
    }
    Ok(())
}

/// Characters that pest 2.9.6's Unicode 18.0 tables call alphabetic and Rust 1.95's Unicode 17.0
/// tables do not: U+0558 in Armenian and U+3D000 in plane 3.
#[test]
fn bare_names_agree_on_new_letters() {
    for name in ["\u{558}", "a\u{558}", "\u{3D000}", "_\u{3D000}9"] {
        if let Err(error) = check_bare_name_agrees(name) {
            panic!("{error}");
        }
    }
}

/// A small change to valid text, so that errors are found deep inside otherwise valid input.
#[derive(Debug, Clone)]
enum Edit {
    /// Inserts a token.
    Insert(&'static str),
    /// Removes up to this many characters.
    Delete(usize),
    /// Writes the next characters, up to this many, twice.
    Repeat(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        prop_oneof![select(FILTER_TOKENS), select(QUERY_TOKENS)].prop_map(Edit::Insert),
        (1..4usize).prop_map(Edit::Delete),
        (1..12usize).prop_map(Edit::Repeat),
    ]
}

/// Applies each edit at a position chosen by its index, moved back to a character boundary.
fn apply_edits(text: &str, edits: &[(Index, Edit)]) -> String {
    let mut text = text.to_owned();
    for (position, edit) in edits {
        let mut at = position.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let (head, tail) = text.split_at(at);
        let chars = |count: usize| {
            tail.char_indices()
                .nth(count)
                .map_or(tail.len(), |(i, _)| i)
        };
        text = match edit {
            Edit::Insert(token) => format!("{head}{token}{tail}"),
            Edit::Delete(count) => format!("{head}{}", &tail[chars(*count)..]),
            Edit::Repeat(count) => format!("{head}{}{tail}", &tail[..chars(*count)]),
        };
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn printed_query_parses_back((declared, query) in query()) {
        let options = options_with(&declared);
        let printed = query.to_string();
        let parsed = parse_printed(&options, &printed)?;
        prop_assert_eq!(&parsed, &query, "printed as {}", printed);
        check_readers_agree(&options, &printed)?;

        let reprinted = parsed.to_string();
        prop_assert_eq!(reprinted, printed);
    }

    #[test]
    fn serde_json_keeps_query((_, query) in query()) {
        let json = serde_json::to_string(&query).map_err(|error| {
            TestCaseError::fail(format!("serializing failed: {error}"))
        })?;
        let read: Query = serde_json::from_str(&json).map_err(|error| {
            TestCaseError::fail(format!("deserializing {json} failed: {error}"))
        })?;
        prop_assert_eq!(&read, &query, "serialized as {}", json);
    }

    #[test]
    fn printed_expression_parses_back(expr in expr()) {
        let printed = expr.to_string();
        let parsed = options_with(&[]).parse_filter(&printed).map_err(|error| {
            TestCaseError::fail(format!("printed expression does not parse:\n{error}"))
        })?;
        prop_assert_eq!(&parsed, &expr, "printed as {}", printed);
        check_readers_agree(&options_with(&[]), &printed)?;
        prop_assert_eq!(parsed.to_string(), printed);
    }

    #[test]
    fn advanced_target_keeps_meaning((declared, query) in query()) {
        let options = options_with(&declared);
        let printed = query.to_query_string(Target::Advanced)?;
        let parsed = parse_printed(&options, &printed)?;

        prop_assert!(parsed.conditions.len() <= 1, "printed as {}", printed);
        prop_assert!(parsed.conditions.iter().all(|c| c.syntax == Syntax::Advanced));
        let mut expected = query.filter_expr();
        let mut actual = parsed.filter_expr();
        expected.iter_mut().for_each(without_quote_flags);
        actual.iter_mut().for_each(without_quote_flags);
        prop_assert_eq!(actual, expected, "printed as {}", printed);
        prop_assert_eq!(&parsed.sort, &query.sort);
        prop_assert_eq!(&parsed.page_number, &query.page_number);
        prop_assert_eq!(&parsed.page_size, &query.page_size);
        prop_assert_eq!(&parsed.pass_through, &query.pass_through);
    }

    #[test]
    fn field_parameter_target_keeps_meaning((_, query) in query()) {
        // The printer checks field names against the pass-through parameters present in the
        // query alone, so only those are declared when the output is read back.
        let declared: Vec<String> =
            query.pass_through.iter().map(|parameter| parameter.name.clone()).collect();
        let options = options_with(&declared);
        let expected = query
            .conditions
            .iter()
            .map(|condition| field_parameter_predicates(&condition.expr))
            .collect::<Option<Vec<_>>>()
            .map(|lists| lists.concat())
            .filter(|predicates| {
                predicates.iter().all(|predicate| {
                    let name = predicate.field.name.as_str();
                    !RESERVED_NAMES.contains(&name) && !declared.iter().any(|d| d == name)
                })
            });

        match (query.to_query_string(Target::FieldParameters), expected) {
            (Ok(printed), Some(expected)) => {
                let parsed = parse_printed(&options, &printed)?;
                let mut actual = Vec::new();
                for condition in parsed.conditions {
                    prop_assert_ne!(condition.syntax, Syntax::Advanced, "printed as {}", &printed);
                    let mut expr = condition.expr;
                    without_quote_flags(&mut expr);
                    actual.push(expr);
                }
                let expected: Vec<Expr> = expected
                    .into_iter()
                    .map(|predicate| {
                        let mut expr = Expr::Predicate(predicate);
                        without_quote_flags(&mut expr);
                        expr
                    })
                    .collect();
                prop_assert_eq!(actual, expected, "printed as {}", printed);
                prop_assert_eq!(&parsed.sort, &query.sort);
                prop_assert_eq!(&parsed.pass_through, &query.pass_through);
            }
            (Err(error), None) => prop_assert_eq!(error.kind(), ErrorKind::Unprintable),
            (Ok(printed), None) => {
                return Err(TestCaseError::fail(format!(
                    "an OR group or reserved field name was printed as field parameters: {printed}"
                )));
            }
            (Err(error), Some(_)) => {
                return Err(TestCaseError::fail(format!(
                    "field parameters could express the query but printing failed: {error}"
                )));
            }
        }
    }

    #[test]
    fn quoted_value_keeps_any_text(text in any_text()) {
        let predicate = Predicate::new(Field::new("f"), Test::Eq(Value::quoted(text.clone())));
        let printed = Query::new()
            .with_condition(Syntax::Advanced, Expr::Predicate(predicate))
            .to_string();
        let values = only_values(&printed)?;
        prop_assert_eq!(&values, &vec![Value::quoted(text.clone())], "printed as {}", printed);

        let encoded = utf8_percent_encode(&quote(&text), NON_ALPHANUMERIC).to_string();
        let advanced = only_values(&format!("filter=eq(f,{encoded})"))?;
        prop_assert_eq!(&advanced[0].text, &text);

        let match_type = only_values(&format!("f=eq::{encoded}"))?;
        prop_assert_eq!(&match_type[0].text, &text);
        prop_assert!(match_type[0].quoted);

        let list = only_values(&format!("f=in::{encoded},{encoded}"))?;
        prop_assert_eq!(list.len(), 2);
        prop_assert_eq!(&list[0].text, &text);
        prop_assert_eq!(&list[1].text, &text);

        let expr = parse_filter(&format!("eq(f, {} )", quote(&text))).map_err(|error| {
            TestCaseError::fail(format!("quoted text does not parse:\n{error}"))
        })?;
        let Expr::Predicate(predicate) = expr else {
            return Err(TestCaseError::fail("expected a predicate"));
        };
        prop_assert_eq!(predicate.test, Test::Eq(Value::quoted(text)));
    }

    #[test]
    fn bare_names_agree_on_any_char(c in any::<char>(), rest in bare_field_name()) {
        check_bare_name_agrees(&c.to_string())?;
        check_bare_name_agrees(&format!("{rest}{c}"))?;
    }

    #[test]
    fn any_string_is_handled(input in any::<String>()) {
        check_any_input(&input)?;
    }

    #[test]
    fn any_chars_are_handled(chars in vec(any::<char>(), 0..40)) {
        check_any_input(&chars.into_iter().collect::<String>())?;
    }

    #[test]
    fn alphabet_strings_are_handled(chars in vec(select(ALPHABET), 0..60)) {
        check_any_input(&chars.into_iter().collect::<String>())?;
    }

    #[test]
    fn token_strings_are_handled(
        prefix in select(TOKEN_PREFIXES),
        tokens in vec(prop_oneof![8 => select(FILTER_TOKENS), 1 => select(QUERY_TOKENS)], 0..40),
    ) {
        check_any_input(&format!("{prefix}{}", tokens.concat()))?;
    }

    #[test]
    fn edited_query_text_is_handled(
        (_, query) in query(),
        edits in vec((any::<Index>(), edit()), 1..4),
    ) {
        check_any_input(&apply_edits(&query.to_string(), &edits))?;
    }

    #[test]
    fn edited_expression_text_is_handled(
        expr in expr(),
        edits in vec((any::<Index>(), edit()), 1..4),
    ) {
        check_any_input(&apply_edits(&expr.to_string(), &edits))?;
    }
}
