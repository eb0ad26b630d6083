//! Printing queries back as text: `Display` gives the canonical form, and
//! [`Query::to_query_string`] can target one syntax.
//!
//! The canonical form keeps each parameter's syntax and the order parameters were written in.
//! It writes operators in canonical case (`AND`, `OR`, lowercase operators), and quotes a value
//! only when it was written quoted or cannot be read back otherwise. It percent-encodes only
//! what a URL query needs, always `+` as `%2B`. `parse_query(&q.to_string()) == q` is true for
//! every parsed query.

use std::collections::HashSet;
use std::fmt::{self, Display, Write as _};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::ast::{
    Direction, Expr, Field, Group, GroupOp, Operator, ParameterRef, Predicate, Query, Sort,
    SortKey, Syntax, Test, Value,
};
use crate::error::{Error, ErrorKind, Span};
use crate::syntax::{is_bare_field, is_blank};

/// Bytes a URL query value cannot hold as they are (RFC 3986 allows the others), plus the
/// query string's own separators `&` and `+`.
const VALUE_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Bytes a parameter name cannot contain: those of a value, plus `=`, and `?` because a leading
/// one would be read as the start of the query string.
const NAME_ESCAPES: &AsciiSet = &VALUE_ESCAPES.add(b'=').add(b'?');

/// Parameter names that are not field conditions.
pub(crate) const RESERVED_NAMES: [&str; 4] = ["filter", "sort", "pageNumber", "pageSize"];

/// The syntax [`Query::to_query_string`] writes conditions in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Target {
    /// Each condition in the syntax it was written in: the same text as `Display`.
    Canonical,
    /// All conditions in one `filter=` parameter, joined with `AND` when there are several.
    Advanced,
    /// Field parameters only. Fails on `OR` and `NOT` groups, which field parameters cannot
    /// express.
    FieldParameters,
}

/// Returns a parameter name percent-encoded as the printer writes it.
pub(crate) fn encode_name(name: &str) -> String {
    utf8_percent_encode(name, NAME_ESCAPES).to_string()
}

/// Returns a parameter value percent-encoded as the printer writes it.
pub(crate) fn encode_value(value: &str) -> String {
    utf8_percent_encode(value, VALUE_ESCAPES).to_string()
}

/// Returns `text` in double quotes, with `"` and `\` escaped.
pub fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// Returns whether the advanced syntax needs `text` quoted to read it back as the same value.
pub(crate) fn value_needs_quotes(text: &str) -> bool {
    text.is_empty()
        || text.contains([',', '(', ')', '"'])
        || text.starts_with(is_blank)
        || text.ends_with(is_blank)
        || text.eq_ignore_ascii_case("null")
}

/// Returns whether a one-value match-type operator needs `text` quoted to read it back.
fn single_needs_quotes(text: &str) -> bool {
    text.is_empty() || text.starts_with('"') || text.eq_ignore_ascii_case("null")
}

/// Returns whether `text` reads back as itself in the basic syntax.
pub(crate) fn is_basic_value(text: &str) -> bool {
    let looks_match_type = text
        .split_once("::")
        .is_some_and(|(word, _)| !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphabetic()));
    !text.is_empty() && !text.eq_ignore_ascii_case("null") && !looks_match_type
}

fn write_value(out: &mut impl fmt::Write, value: &Value) -> fmt::Result {
    if value.quoted || value_needs_quotes(&value.text) {
        out.write_str(&quote(&value.text))
    } else {
        out.write_str(&value.text)
    }
}

fn write_field(out: &mut impl fmt::Write, field: &Field) -> fmt::Result {
    if field.quoted || !is_bare_field(&field.name) {
        out.write_str(&quote(&field.name))
    } else {
        out.write_str(&field.name)
    }
}

fn write_values(out: &mut impl fmt::Write, values: &[&Value]) -> fmt::Result {
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.write_char(',')?;
        }
        write_value(out, value)?;
    }
    Ok(())
}

impl Display for Expr {
    /// Writes the advanced syntax, without percent-encoding. It walks the tree with a heap
    /// stack, so an expression of any depth prints without overflowing the call stack.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// What is left to write: an expression, or the text that follows a group's member.
        enum Step<'e> {
            Expr(&'e Expr),
            Text(char),
        }

        let mut pending = vec![Step::Expr(self)];
        while let Some(step) = pending.pop() {
            match step {
                Step::Text(c) => f.write_char(c)?,
                Step::Expr(Expr::Predicate(predicate)) => predicate.fmt(f)?,
                Step::Expr(Expr::Group(group)) => {
                    f.write_str(group.op.name())?;
                    f.write_char('(')?;
                    pending.push(Step::Text(')'));
                    for (index, member) in group.members.iter().enumerate().rev() {
                        pending.push(Step::Expr(member));
                        if index > 0 {
                            pending.push(Step::Text(','));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The expression printer handles a group, and does so without recursion.
        let mut members = self.members.iter();
        f.write_str(self.op.name())?;
        f.write_char('(')?;
        if let Some(first) = members.next() {
            first.fmt(f)?;
        }
        for member in members {
            f.write_char(',')?;
            member.fmt(f)?;
        }
        f.write_char(')')
    }
}

impl Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.test.operator().name())?;
        f.write_char('(')?;
        write_field(f, &self.field)?;
        for value in self.test.values() {
            f.write_char(',')?;
            write_value(f, value)?;
        }
        f.write_char(')')
    }
}

impl Display for SortKey {
    /// Writes `-field` or `field`, quoting the name where needed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.direction == Direction::Descending {
            f.write_char('-')?;
        }
        write_field(f, &self.field)
    }
}

impl Display for Sort {
    /// Writes the keys as the `sort` parameter's decoded value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, key) in self.keys.iter().enumerate() {
            if index > 0 {
                f.write_char(',')?;
            }
            key.fmt(f)?;
        }
        Ok(())
    }
}

impl Sort {
    /// Returns the keys with an explicit sign each, as the response page's `sortingCriteria`
    /// shows them: `-country,+"Body Mass (g)"`. A name is quoted only where it needs quotes,
    /// even when the query quoted it.
    pub fn to_criteria(&self) -> String {
        let mut criteria = String::new();
        for (index, key) in self.keys.iter().enumerate() {
            if index > 0 {
                criteria.push(',');
            }
            criteria.push(match key.direction {
                Direction::Ascending => '+',
                Direction::Descending => '-',
            });
            if is_bare_field(&key.field.name) {
                criteria.push_str(&key.field.name);
            } else {
                criteria.push_str(&quote(&key.field.name));
            }
        }
        criteria
    }
}

impl Display for Query {
    /// Writes the canonical query string, as [`Target::Canonical`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self
            .to_query_string(Target::Canonical)
            .expect("the canonical form can write every query");
        f.write_str(&text)
    }
}

impl Query {
    /// Writes the query string with its conditions in `target`'s syntax, in the order the
    /// parameters were written. Sort, paging and pass-through parameters are written as in the
    /// canonical form. [`Target::Advanced`] writes its one `filter=` where the first condition
    /// was. Joining conditions nests an `OR` or `NOT` condition one level deeper, so a query at
    /// the depth limit can print one level past it.
    ///
    /// ```
    /// use inperium_filter::{parse_query, Target};
    ///
    /// let query = parse_query("country=US&sort=-country&employeeCount=gt::1000")?;
    /// assert_eq!(
    ///     query.to_query_string(Target::Advanced)?,
    ///     "filter=AND(eq(country,US),gt(employeeCount,1000))&sort=-country"
    /// );
    /// # Ok::<(), inperium_filter::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Unprintable`] for [`Target::FieldParameters`] when a condition contains an
    /// `OR` group of several members or a `NOT` group, or a field whose name is `filter`,
    /// `sort`, `pageNumber`, `pageSize` or that of a pass-through parameter in the query.
    // NOTE: pass-through names declared in `ParseOptions` but absent from the query are not
    // known here, so a field of such a name prints as a parameter that reads back as
    // pass-through.
    pub fn to_query_string(&self, target: Target) -> Result<String, Error> {
        let mut printer = Printer::new(self);
        let mut wrote_filter = false;
        for parameter in self.print_order() {
            match parameter {
                ParameterRef::Condition(index) => {
                    let condition = &self.conditions[index];
                    match target {
                        Target::Canonical => {
                            printer.canonical_condition(condition.syntax, &condition.expr);
                        }
                        Target::Advanced if !wrote_filter => {
                            wrote_filter = true;
                            let expr = self.filter_expr().expect("the query has a condition");
                            printer.filter(&expr);
                        }
                        Target::Advanced => {}
                        Target::FieldParameters => printer.field_parameters(&condition.expr)?,
                    }
                }
                ParameterRef::PassThrough(index) => {
                    let parameter = &self.pass_through[index];
                    printer.push(&parameter.name, &parameter.value);
                }
                ParameterRef::Sort => {
                    let sort = self.sort.as_ref().expect("listed only when present");
                    printer.push("sort", &sort.to_string());
                }
                ParameterRef::PageNumber => {
                    let page = self.page_number.as_ref().expect("listed only when present");
                    printer.push("pageNumber", &page.value.to_string());
                }
                ParameterRef::PageSize => {
                    let size = self.page_size.as_ref().expect("listed only when present");
                    printer.push("pageSize", &size.value.to_string());
                }
            }
        }
        Ok(printer.parameters.join("&"))
    }

    /// Lists every parameter once: first as [`Query::written_order`] gives them, skipping
    /// entries that name nothing or repeat, then the parameters it leaves out, such as those
    /// added after parsing.
    fn print_order(&self) -> Vec<ParameterRef> {
        let present = |parameter: &ParameterRef| match parameter {
            ParameterRef::Condition(index) => *index < self.conditions.len(),
            ParameterRef::PassThrough(index) => *index < self.pass_through.len(),
            ParameterRef::Sort => self.sort.is_some(),
            ParameterRef::PageNumber => self.page_number.is_some(),
            ParameterRef::PageSize => self.page_size.is_some(),
        };
        let every = (0..self.conditions.len())
            .map(ParameterRef::Condition)
            .chain((0..self.pass_through.len()).map(ParameterRef::PassThrough))
            .chain([
                ParameterRef::Sort,
                ParameterRef::PageNumber,
                ParameterRef::PageSize,
            ]);

        let mut seen = HashSet::new();
        self.written_order
            .iter()
            .copied()
            .chain(every)
            .filter(|parameter| present(parameter) && seen.insert(*parameter))
            .collect()
    }
}

/// Collects the `&`-separated parameters of a query string.
struct Printer<'q> {
    query: &'q Query,
    parameters: Vec<String>,
}

impl<'q> Printer<'q> {
    fn new(query: &'q Query) -> Printer<'q> {
        Printer {
            query,
            parameters: Vec::new(),
        }
    }

    fn push(&mut self, name: &str, value: &str) {
        let name = utf8_percent_encode(name, NAME_ESCAPES);
        let value = utf8_percent_encode(value, VALUE_ESCAPES);
        self.parameters.push(format!("{name}={value}"));
    }

    /// Returns whether `name` would be read back as a field parameter.
    fn is_field_parameter(&self, name: &str) -> bool {
        !name.is_empty()
            && !RESERVED_NAMES.contains(&name)
            && !self.query.pass_through.iter().any(|p| p.name == name)
    }

    fn filter(&mut self, expr: &Expr) {
        self.push("filter", &expr.to_string());
    }

    /// Writes a condition in its own syntax where it reads back the same, and as `filter=`
    /// where it does not (a group, or a field named like a reserved parameter).
    fn canonical_condition(&mut self, syntax: Syntax, expr: &Expr) {
        let Expr::Predicate(predicate) = expr else {
            return self.filter(expr);
        };
        if syntax == Syntax::Advanced || !self.is_field_parameter(&predicate.field.name) {
            return self.filter(expr);
        }
        match &predicate.test {
            Test::Eq(value)
                if syntax == Syntax::Basic && !value.quoted && is_basic_value(&value.text) =>
            {
                self.push(&predicate.field.name, &value.text);
            }
            _ => self.match_type(predicate),
        }
    }

    fn match_type(&mut self, predicate: &Predicate) {
        let operator = predicate.test.operator();
        let mut text = format!("{}::", operator.name());
        match (&predicate.test, operator) {
            (Test::IsNull | Test::IsNotNull, _) => {}
            (_, Operator::In | Operator::Nin | Operator::Btn) => {
                write_values(&mut text, &predicate.test.values())
                    .expect("writing to a String cannot fail");
            }
            (test, _) => {
                let value = test.values()[0];
                if value.quoted || single_needs_quotes(&value.text) {
                    text.push_str(&quote(&value.text));
                } else {
                    text.push_str(&value.text);
                }
            }
        }
        self.push(&predicate.field.name, &text);
    }

    /// Writes `expr` as field parameters: the members of AND groups one by one, each predicate
    /// in the basic syntax when it is a plain `eq`, else in the match-type syntax.
    fn field_parameters(&mut self, expr: &Expr) -> Result<(), Error> {
        let mut pending = vec![expr];
        while let Some(expr) = pending.pop() {
            match expr {
                Expr::Group(group)
                    if group.op == GroupOp::And
                        || (group.op == GroupOp::Or && group.members.len() == 1) =>
                {
                    pending.extend(group.members.iter().rev());
                }
                Expr::Group(group) => {
                    return Err(unprintable(
                        group.span,
                        &format!(
                            "{} cannot be written as field parameters, which are always combined with AND",
                            match group.op {
                                GroupOp::Not => "a NOT group",
                                _ => "an OR group",
                            }
                        ),
                    ));
                }
                Expr::Predicate(predicate) => {
                    if !self.is_field_parameter(&predicate.field.name) {
                        return Err(unprintable(
                            predicate.field.span,
                            &format!(
                                "field `{}` cannot be written as a field parameter, because that name means something else",
                                predicate.field.name
                            ),
                        ));
                    }
                    match &predicate.test {
                        Test::Eq(value) if is_basic_value(&value.text) => {
                            self.push(&predicate.field.name, &value.text);
                        }
                        _ => self.match_type(predicate),
                    }
                }
            }
        }
        Ok(())
    }
}

fn unprintable(span: Span, message: &str) -> Error {
    Error::new(ErrorKind::Unprintable, span, message)
        .with_help("print the query with Target::Advanced (--target advanced on the command line), which can express every query")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_quote_and_backslash() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote(""), r#""""#);
    }

    #[test]
    fn values_needing_quotes() {
        for text in [
            "", "a,b", "(x", "y)", "q\"", " lead", "trail ", "null", "NULL",
        ] {
            assert!(value_needs_quotes(text), "{text:?}");
        }
        for text in ["New York", "Bob's", "/a/b", "北京", "🍑", "AND", "a\\b"] {
            assert!(!value_needs_quotes(text), "{text:?}");
        }
    }

    #[test]
    fn basic_values() {
        assert!(is_basic_value("US"));
        assert!(is_basic_value("12::30"));
        assert!(is_basic_value("a,b(c)"));
        assert!(!is_basic_value("eq::x"));
        assert!(!is_basic_value(""));
        assert!(!is_basic_value("Null"));
    }
}
