//! A hand-written reader for well-formed advanced expressions, value lists and sort keys.
//!
//! Each function returns `None` at the first thing it does not accept, and its caller then reads
//! the same text with the pest grammar. The grammar stays the definition of the language and the
//! source of every error message. On any text this reader accepts, it builds the same tree, with
//! the same spans, as the grammar and its walk, so it changes speed and not results. The one
//! exception is a thread with less than 64 KiB of stack left, where pest 2.9 stops with an
//! error that this reader does not raise. `ParseOptions::with_fast_path(false)` turns it off,
//! and the property tests and the `fast_path` fuzz target compare the two readers on that switch.
//!
//! The reader needs no nesting pre-check: it counts levels as it descends and gives up above
//! the depth limit, so it recurses at most `ParseOptions::DEPTH_CEILING` levels, which fit in a
//! 2 MiB thread stack.

use super::advanced::{build_test, is_bare_field};
use super::decode::Located;
use super::ParseOptions;
use crate::ast::{
    Arity, Direction, Expr, Field, Group, GroupOp, Operator, Predicate, Sort, SortKey, Test, Value,
};
use crate::error::Span;

/// Reads a decoded `filter` value or a bare expression.
pub(super) fn read_filter(source: &Located<'_>, options: &ParseOptions) -> Option<Expr> {
    let mut cursor = Cursor::new(source);
    cursor.skip_blanks();
    let expr = read_call(&mut cursor, 1, options)?;
    cursor.skip_blanks();
    cursor.at_end().then_some(expr)
}

/// Reads the arguments of a match-type `in`, `nin` or `btn`: values separated by commas, with
/// as many values as `operator` takes.
pub(super) fn read_value_list(
    source: &Located<'_>,
    options: &ParseOptions,
    operator: Operator,
) -> Option<Vec<Value>> {
    let mut cursor = Cursor::new(source);
    let mut values = Vec::new();
    loop {
        cursor.skip_blanks();
        values.push(read_value(&mut cursor)?);
        if operator.arity() == Arity::List && values.len() > options.max_list_items {
            return None;
        }
        cursor.skip_blanks();
        if cursor.at_end() {
            break;
        }
        if !cursor.eat(b',') {
            return None;
        }
    }
    operator.arity().accepts(values.len()).then_some(values)
}

/// Reads the argument of a one-value match-type operator that starts with `"`: one quoted text,
/// then nothing but whitespace.
pub(super) fn read_quoted_argument(source: &Located<'_>) -> Option<Value> {
    let mut cursor = Cursor::new(source);
    let start = cursor.position;
    let text = cursor.quoted()?;
    let span = cursor.span_from(start);
    cursor.skip_blanks();
    cursor.at_end().then_some(Value {
        text,
        quoted: true,
        span,
    })
}

/// Reads a decoded `sort` value. Bare names must be ASCII here: the grammar matches other
/// letters with pest's Unicode tables, which can differ from the standard library's, so such
/// names are left to the grammar.
pub(super) fn read_sort(source: &Located<'_>) -> Option<Sort> {
    let mut cursor = Cursor::new(source);
    let mut keys = Vec::new();
    loop {
        cursor.skip_blanks();
        keys.push(read_sort_key(&mut cursor)?);
        cursor.skip_blanks();
        if cursor.at_end() {
            break;
        }
        if !cursor.eat(b',') {
            return None;
        }
    }
    Some(Sort {
        keys,
        span: source.raw_span(0, source.text.len()),
    })
}

fn read_sort_key(cursor: &mut Cursor<'_, '_>) -> Option<SortKey> {
    let start = cursor.position;
    let direction = if cursor.eat(b'-') {
        Direction::Descending
    } else {
        cursor.eat(b'+');
        Direction::Ascending
    };
    let name_start = cursor.position;
    let (name, quoted) = if cursor.peek() == Some(b'"') {
        let name = cursor.quoted()?;
        if name.is_empty() {
            return None;
        }
        (name, true)
    } else {
        let name = cursor.ascii_field_name()?;
        (name.to_owned(), false)
    };
    let field = Field {
        name,
        quoted,
        span: cursor.span_from(name_start),
    };
    Some(SortKey {
        field,
        direction,
        span: cursor.span_from(start),
    })
}

/// Reads a group or a predicate at `depth` levels of nesting, starting at its name.
fn read_call(cursor: &mut Cursor<'_, '_>, depth: usize, options: &ParseOptions) -> Option<Expr> {
    let start = cursor.position;
    let name = cursor.word()?;
    cursor.skip_blanks();
    if depth > options.max_depth || !cursor.eat(b'(') {
        return None;
    }
    match GroupOp::from_name(name) {
        Some(GroupOp::Not) if !options.not => None,
        Some(op) => read_group(cursor, op, start, depth, options),
        None => read_predicate(cursor, Operator::from_name(name)?, start, options),
    }
}

fn read_group(
    cursor: &mut Cursor<'_, '_>,
    op: GroupOp,
    start: usize,
    depth: usize,
    options: &ParseOptions,
) -> Option<Expr> {
    let mut members = Vec::with_capacity(2);
    loop {
        cursor.skip_blanks();
        members.push(read_call(cursor, depth + 1, options)?);
        if !cursor.next_argument()? {
            break;
        }
    }
    if op == GroupOp::Not && members.len() != 1 {
        return None;
    }
    Some(Expr::Group(Group {
        op,
        members,
        span: cursor.span_from(start),
    }))
}

fn read_predicate(
    cursor: &mut Cursor<'_, '_>,
    operator: Operator,
    start: usize,
    options: &ParseOptions,
) -> Option<Expr> {
    cursor.skip_blanks();
    let field = read_field(cursor)?;
    let test = match operator.arity() {
        Arity::List => build_test(operator, read_values(cursor, options)?),
        Arity::None => {
            if cursor.next_argument()? {
                return None;
            }
            build_test(operator, Vec::new())
        }
        Arity::One => {
            let value = read_next_value(cursor)?;
            if cursor.next_argument()? {
                return None;
            }
            one_value_test(operator, value)
        }
        Arity::Two => {
            let low = read_next_value(cursor)?;
            let high = read_next_value(cursor)?;
            if cursor.next_argument()? {
                return None;
            }
            Test::Btn(low, high)
        }
    };
    Some(Expr::Predicate(Predicate {
        field,
        test,
        span: cursor.span_from(start),
    }))
}

/// Reads the values after a field up to the closing `)`: one or more, and at most the list
/// limit.
fn read_values(cursor: &mut Cursor<'_, '_>, options: &ParseOptions) -> Option<Vec<Value>> {
    let mut values = Vec::new();
    while cursor.next_argument()? {
        cursor.skip_blanks();
        values.push(read_value(cursor)?);
        if values.len() > options.max_list_items {
            return None;
        }
    }
    (!values.is_empty()).then_some(values)
}

/// Reads `,` and the value after it.
fn read_next_value(cursor: &mut Cursor<'_, '_>) -> Option<Value> {
    if !cursor.next_argument()? {
        return None;
    }
    cursor.skip_blanks();
    read_value(cursor)
}

/// Builds the test of an operator that takes one value.
fn one_value_test(operator: Operator, value: Value) -> Test {
    match operator {
        Operator::Eq => Test::Eq(value),
        Operator::Neq => Test::Neq(value),
        Operator::Gt => Test::Gt(value),
        Operator::Gte => Test::Gte(value),
        Operator::Lt => Test::Lt(value),
        Operator::Lte => Test::Lte(value),
        Operator::Like => Test::Like(value),
        Operator::NotLike => Test::NotLike(value),
        _ => build_test(operator, vec![value]),
    }
}

fn read_field(cursor: &mut Cursor<'_, '_>) -> Option<Field> {
    let start = cursor.position;
    let (name, quoted) = match cursor.argument()? {
        Argument::Quoted(name) if !name.is_empty() => (name, true),
        Argument::Bare(name) if is_bare_field(name) => (name.to_owned(), false),
        _ => return None,
    };
    Some(Field {
        name,
        quoted,
        span: cursor.span_from(start),
    })
}

fn read_value(cursor: &mut Cursor<'_, '_>) -> Option<Value> {
    let start = cursor.position;
    let (text, quoted) = match cursor.argument()? {
        Argument::Quoted(text) => (text, true),
        Argument::Bare(text) if text.eq_ignore_ascii_case("null") => return None,
        Argument::Bare(text) => (text.to_owned(), false),
    };
    Some(Value {
        text,
        quoted,
        span: cursor.span_from(start),
    })
}

/// A value or field name as written: quoted text already unescaped, or bare text.
enum Argument<'t> {
    Quoted(String),
    Bare(&'t str),
}

/// A position in a decoded text.
struct Cursor<'s, 'a> {
    source: &'s Located<'a>,
    text: &'s str,
    position: usize,
}

impl<'s, 'a> Cursor<'s, 'a> {
    fn new(source: &'s Located<'a>) -> Cursor<'s, 'a> {
        Cursor {
            source,
            text: &source.text,
            position: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.position).copied()
    }

    fn at_end(&self) -> bool {
        self.position == self.text.len()
    }

    /// Consumes `byte` when it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.position += usize::from(found);
        found
    }

    /// Skips the whitespace that the grammar allows between tokens.
    fn skip_blanks(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.position += 1;
        }
    }

    /// Maps `start` up to the current position to the raw input.
    fn span_from(&self, start: usize) -> Span {
        self.source.raw_span(start, self.position)
    }

    /// After an argument: consumes `,` and returns true, consumes `)` and returns false, and
    /// returns `None` at anything else.
    fn next_argument(&mut self) -> Option<bool> {
        self.skip_blanks();
        match self.peek()? {
            b',' => {
                self.position += 1;
                Some(true)
            }
            b')' => {
                self.position += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// Reads one or more ASCII letters: the name of a group or an operator.
    fn word(&mut self) -> Option<&'s str> {
        let start = self.position;
        let length = self.text.as_bytes()[start..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphabetic())
            .count();
        self.position += length;
        (length > 0).then(|| &self.text[start..self.position])
    }

    /// Reads a bare field name of ASCII letters, digits, `_`, `.` and `-` that does not start
    /// with `.` or `-`. A non-ASCII character right after it ends the fast path.
    fn ascii_field_name(&mut self) -> Option<&'s str> {
        let start = self.position;
        let bytes = &self.text.as_bytes()[start..];
        let first = *bytes.first()?;
        if !(first.is_ascii_alphanumeric() || first == b'_') {
            return None;
        }
        let length = bytes
            .iter()
            .take_while(|&&byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-'))
            .count();
        if bytes.get(length).is_some_and(|byte| !byte.is_ascii()) {
            return None;
        }
        self.position += length;
        Some(&self.text[start..self.position])
    }

    /// Reads a quoted or a bare argument. An empty slot, as in `eq(a,)`, returns `None`.
    fn argument(&mut self) -> Option<Argument<'s>> {
        match self.peek()? {
            b'"' => self.quoted().map(Argument::Quoted),
            b',' | b'(' | b')' => None,
            _ => Some(Argument::Bare(self.bare())),
        }
    }

    /// Reads bare text: everything up to the next `,` `(` `)` `"` or the end, without the
    /// whitespace before it.
    fn bare(&mut self) -> &'s str {
        let start = self.position;
        let rest = &self.text.as_bytes()[start..];
        let stop = rest
            .iter()
            .position(|byte| matches!(byte, b',' | b'(' | b')' | b'"'))
            .unwrap_or(rest.len());
        let kept = rest[..stop]
            .iter()
            .rposition(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n'))
            .map_or(0, |last| last + 1);
        self.position += kept;
        &self.text[start..self.position]
    }

    /// Reads `"..."` and returns its text unescaped. Only `\"` and `\\` are escapes; any other
    /// escape, or a missing closing quote, returns `None`.
    fn quoted(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let bytes = self.text.as_bytes();
        let mut text = String::new();
        let mut run_start = self.position;
        loop {
            let offset = memchr::memchr2(b'"', b'\\', &bytes[self.position..])?;
            let stop = self.position + offset;
            text.push_str(&self.text[run_start..stop]);
            if bytes[stop] == b'"' {
                self.position = stop + 1;
                return Some(text);
            }
            let escaped = *bytes.get(stop + 1)?;
            if !matches!(escaped, b'"' | b'\\') {
                return None;
            }
            text.push(char::from(escaped));
            self.position = stop + 2;
            run_start = self.position;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grammar() -> ParseOptions {
        ParseOptions::new().with_fast_path(false).with_not(true)
    }

    fn fast_filter(input: &str) -> Option<Expr> {
        read_filter(&Located::verbatim(input, 0), &grammar())
    }

    #[test]
    fn accepted_expressions_match_grammar() {
        let inputs = [
            "eq(country,US)",
            "  OR( gt(annualRevenue , 500000) ,AND(gt(employeeCount,1000),eq(country,US)) ) \n",
            "and(Or(EQ(a,1)),not(isnull(b)))",
            "eq (a,b)",
            r#"eq("Beak Length (mm)","a \"quoted\" \\ text")"#,
            r#"eq(a,"")"#,
            "eq(a,New York City)",
            "eq(a,x\u{a0}y\u{a0})",
            "in(id,1, 2 ,3)",
            "btn(d,2020-01-01T00:00:00Z,2021-01-01)",
            "like(name,%_)",
            "eq(北京.ß_-1,🍑)",
            "isnotnull(x)",
            "eq(a,nulls)",
        ];
        for input in inputs {
            let fast = fast_filter(input);
            assert!(fast.is_some(), "the fast path declined {input:?}");
            assert_eq!(
                format!("{:?}", fast.map(Ok::<_, crate::Error>)),
                format!("{:?}", Some(grammar().parse_filter(input))),
                "{input:?}"
            );
        }
    }

    #[test]
    fn declined_expressions() {
        let inputs = [
            "",
            "eq(a,)",
            "eq(,1)",
            "eq(a,null)",
            "eq(a,NULL)",
            "eq(a b,1)",
            "eq(a,1,2)",
            "in(a)",
            "btn(a,1)",
            "isnull(a,1)",
            "gtx(a,1)",
            "AND()",
            "AND(eq(a,1),)",
            "AND(eq(a,1),b)",
            "NOT(eq(a,1),eq(b,2))",
            "eq(a,b(c))",
            r#"eq(a,b"c")"#,
            r#"eq(a,"\n")"#,
            r#"eq(a,"open)"#,
            "eq(a,1))",
            "eq(a,1) x",
            "eq(a,1",
            "eq(\"\",1)",
            "filter=eq(a,1)",
        ];
        for input in inputs {
            assert!(
                fast_filter(input).is_none(),
                "the fast path accepted {input:?}"
            );
        }
    }

    #[test]
    fn depth_limit_declines() {
        let options = grammar().with_max_depth(2);
        let source = |text| Located::verbatim(text, 0);
        assert!(read_filter(&source("AND(eq(a,1))"), &options).is_some());
        assert!(read_filter(&source("AND(OR(eq(a,1)))"), &options).is_none());
    }

    #[test]
    fn list_limit_declines() {
        let options = grammar().with_max_list_items(2);
        let source = |text| Located::verbatim(text, 0);
        assert!(read_filter(&source("in(a,1,2)"), &options).is_some());
        assert!(read_filter(&source("in(a,1,2,3)"), &options).is_none());
        assert!(read_value_list(&source("1,2"), &options, Operator::In).is_some());
        assert!(read_value_list(&source("1,2,3"), &options, Operator::In).is_none());
    }

    #[test]
    fn limits_agree_with_grammar() {
        let queries = [
            "filter=eq(a,1)",
            "filter=btn(a,1,2)",
            "filter=in(a,1,2,3)",
            "filter=isnull(a)",
            "filter=AND(OR(eq(a,1)),eq(b,2))",
            "a=in::1,2,3&b=btn::1,2&c=eq::\"x\"",
        ];
        for items in 0..4 {
            for depth in 1..4 {
                let fast = ParseOptions::new()
                    .with_max_list_items(items)
                    .with_max_depth(depth);
                let grammar = fast.clone().with_fast_path(false);
                for query in queries {
                    assert_eq!(
                        format!("{:?}", fast.parse_query(query)),
                        format!("{:?}", grammar.parse_query(query)),
                        "{query} with {items} items and depth {depth}"
                    );
                }
            }
        }
    }

    #[test]
    fn not_needs_the_extension() {
        let source = Located::verbatim("NOT(eq(a,1))", 0);
        assert!(read_filter(&source, &grammar()).is_some());
        assert!(read_filter(&source, &ParseOptions::new()).is_none());
    }

    #[test]
    fn value_lists_and_quoted_arguments() {
        let source = |text| Located::verbatim(text, 0);
        let options = grammar();
        let values = read_value_list(&source(r#" 1 , "a,b" ,c d "#), &options, Operator::In)
            .expect("a list of three values");
        let texts: Vec<&str> = values.iter().map(|value| value.text.as_str()).collect();
        assert_eq!(texts, ["1", "a,b", "c d"]);
        assert_eq!(values[1].span, Span::new(5, 10));
        assert!(read_value_list(&source("1,2,3"), &options, Operator::Btn).is_none());
        assert!(read_value_list(&source("1,,2"), &options, Operator::In).is_none());

        let value = read_quoted_argument(&source("\"a\\\"b\"  ")).expect("one quoted text");
        assert_eq!(value.text, "a\"b");
        assert_eq!(value.span, Span::new(0, 6));
        assert!(read_quoted_argument(&source("\"a\"b")).is_none());
    }

    #[test]
    fn sort_keys() {
        let source = |text| Located::verbatim(text, 0);
        let sort =
            read_sort(&source(r#" -country , +"Body Mass (g)",a.b_c-1"#)).expect("three sort keys");
        assert_eq!(sort.keys.len(), 3);
        assert_eq!(sort.keys[0].direction, Direction::Descending);
        assert_eq!(sort.keys[0].span, Span::new(1, 9));
        assert_eq!(sort.keys[1].field.name, "Body Mass (g)");
        assert_eq!(sort.keys[1].field.span, Span::new(13, 28));
        assert_eq!(sort.keys[2].field.name, "a.b_c-1");
        for declined in ["", "- a", "-.a", "a b", "a,", "ßa", "aß", "\"\"", "a;b"] {
            assert!(read_sort(&source(declined)).is_none(), "{declined:?}");
        }
    }
}
