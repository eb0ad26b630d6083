//! Building queries in code.
//!
//! [`field`] starts a predicate, [`and`], [`or`] and [`not`] group expressions, and the
//! `Query::with_*` methods add conditions, sort keys and paging. The builder sets the `quoted`
//! flag of every field name and value exactly when the advanced syntax needs quotes for it, so
//! a built query prints as text that parses back to an equal query. Parsing that text needs
//! [`ParseOptions::with_not`](crate::ParseOptions::with_not) when the query contains `NOT`,
//! and limits of depth, input length, list items and page size that the query fits in.
//!
//! ```
//! use inperium_filter::{and, field, or, parse_query, Query};
//!
//! let expr = or([
//!     field("annualRevenue").gt(500000),
//!     and([field("employeeCount").gt(1000), field("country").eq("US")]),
//! ]);
//! let query = Query::new()
//!     .with_filter(expr)
//!     .with_sort_desc("createdAt")
//!     .with_page(2, 25);
//! assert_eq!(
//!     query.to_string(),
//!     "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))&sort=-createdAt&pageNumber=2&pageSize=25"
//! );
//! assert_eq!(parse_query(&query.to_string())?, query);
//!
//! // Names and values that the syntax cannot write bare are quoted.
//! let expr = field("Body Mass (g)").btn("", "null");
//! assert_eq!(expr.to_string(), r#"btn("Body Mass (g)","","null")"#);
//! # Ok::<(), inperium_filter::Error>(())
//! ```

use crate::ast::{
    Direction, Expr, Field, Group, GroupOp, PageParameter, Predicate, Query, Sort, SortKey, Syntax,
    Test, Value,
};
use crate::error::Span;
use crate::print::{is_basic_value, value_needs_quotes, RESERVED_NAMES};
use crate::syntax::{is_bare_field, MAX_PAGE_NUMBER};

/// Starts a predicate on the field `name`. The name is quoted when it is not a bare field name
/// (letters, digits, `_`, `.` and `-`, not starting with `.` or `-`).
///
/// ```
/// use inperium_filter::field;
///
/// assert_eq!(field("country").eq("US").to_string(), "eq(country,US)");
/// assert_eq!(field("e-mail").is_null().to_string(), "isnull(e-mail)");
/// assert_eq!(field("Flipper (mm)").gte(190).to_string(), r#"gte("Flipper (mm)",190)"#);
/// ```
///
/// # Panics
///
/// When `name` is empty, because no syntax can write an empty field name.
pub fn field(name: impl Into<String>) -> PredicateBuilder {
    PredicateBuilder {
        field: field_named(name.into()),
    }
}

/// Joins `members` with AND: the group matches when every member matches.
///
/// # Panics
///
/// When `members` is empty, because the syntax has no empty group.
pub fn and(members: impl IntoIterator<Item = Expr>) -> Expr {
    group(GroupOp::And, members)
}

/// Joins `members` with OR: the group matches when at least one member matches.
///
/// # Panics
///
/// When `members` is empty, because the syntax has no empty group.
pub fn or(members: impl IntoIterator<Item = Expr>) -> Expr {
    group(GroupOp::Or, members)
}

/// Negates `member`. `NOT` is an extension of the advanced syntax, so a query that contains it
/// parses only with [`ParseOptions::with_not`](crate::ParseOptions::with_not).
pub fn not(member: Expr) -> Expr {
    Expr::Group(Group::new(GroupOp::Not, vec![member]))
}

fn group(op: GroupOp, members: impl IntoIterator<Item = Expr>) -> Expr {
    let members: Vec<Expr> = members.into_iter().collect();
    assert!(
        !members.is_empty(),
        "{}(...) needs at least one member",
        op.name()
    );
    Expr::Group(Group::new(op, members))
}

/// Returns a field named `name`, quoted when it is not a bare field name.
fn field_named(name: String) -> Field {
    assert!(!name.is_empty(), "a field name must not be empty");
    Field {
        quoted: !is_bare_field(&name),
        ..Field::new(name)
    }
}

/// Converts `value` to a [`Value`] of its `to_string()` text, quoted when the advanced syntax
/// needs quotes for it.
fn value_of(value: impl ToString) -> Value {
    let text = value.to_string();
    Value {
        quoted: value_needs_quotes(&text),
        ..Value::new(text)
    }
}

/// Builds predicates on one field, from [`field`].
///
/// Each method takes values as `impl ToString`, so text and numbers both work. A value is
/// written as its `to_string()` text. It is quoted when it is empty, contains `,`, `(`, `)` or
/// `"`, starts or ends with a space, tab, CR or LF, or is the word `null` in any case.
#[derive(Debug, Clone)]
#[must_use = "a predicate builder does nothing until one of its methods makes an expression"]
pub struct PredicateBuilder {
    field: Field,
}

impl PredicateBuilder {
    fn test(self, test: Test) -> Expr {
        Expr::Predicate(Predicate::new(self.field, test))
    }

    /// Builds `eq(field,value)`, which matches values equal to `value`.
    pub fn eq(self, value: impl ToString) -> Expr {
        self.test(Test::Eq(value_of(value)))
    }

    /// Builds `neq(field,value)`, which matches values not equal to `value`.
    pub fn neq(self, value: impl ToString) -> Expr {
        self.test(Test::Neq(value_of(value)))
    }

    /// Builds `gt(field,value)`, which matches values greater than `value`.
    pub fn gt(self, value: impl ToString) -> Expr {
        self.test(Test::Gt(value_of(value)))
    }

    /// Builds `gte(field,value)`, which matches values greater than or equal to `value`.
    pub fn gte(self, value: impl ToString) -> Expr {
        self.test(Test::Gte(value_of(value)))
    }

    /// Builds `lt(field,value)`, which matches values less than `value`.
    pub fn lt(self, value: impl ToString) -> Expr {
        self.test(Test::Lt(value_of(value)))
    }

    /// Builds `lte(field,value)`, which matches values less than or equal to `value`.
    pub fn lte(self, value: impl ToString) -> Expr {
        self.test(Test::Lte(value_of(value)))
    }

    /// Builds `like(field,value)`, which matches text containing `value`, ignoring case.
    pub fn like(self, value: impl ToString) -> Expr {
        self.test(Test::Like(value_of(value)))
    }

    /// Builds `notlike(field,value)`, which matches text not containing `value`, ignoring case.
    pub fn not_like(self, value: impl ToString) -> Expr {
        self.test(Test::NotLike(value_of(value)))
    }

    /// Builds `isnull(field)`, which matches when the field is missing or null.
    pub fn is_null(self) -> Expr {
        self.test(Test::IsNull)
    }

    /// Builds `isnotnull(field)`, which matches when the field is present and not null.
    pub fn is_not_null(self) -> Expr {
        self.test(Test::IsNotNull)
    }

    /// Builds `in(field,a,b,...)`, which matches values equal to one of `values`.
    ///
    /// # Panics
    ///
    /// When `values` is empty, because `in` takes at least one value.
    #[doc(alias = "in")]
    #[doc(alias = "one_of")]
    pub fn in_<I>(self, values: I) -> Expr
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        let values = list_of(values, "in");
        self.test(Test::In(values))
    }

    /// Builds `nin(field,a,b,...)`, which matches values equal to none of `values`.
    ///
    /// # Panics
    ///
    /// When `values` is empty, because `nin` takes at least one value.
    #[doc(alias = "none_of")]
    pub fn nin<I>(self, values: I) -> Expr
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        let values = list_of(values, "nin");
        self.test(Test::Nin(values))
    }

    /// Builds `btn(field,low,high)`, which matches values from `low` to `high`, both included.
    pub fn btn(self, low: impl ToString, high: impl ToString) -> Expr {
        self.test(Test::Btn(value_of(low), value_of(high)))
    }
}

fn list_of<I>(values: I, operator: &str) -> Vec<Value>
where
    I: IntoIterator,
    I::Item: ToString,
{
    let values: Vec<Value> = values.into_iter().map(value_of).collect();
    assert!(
        !values.is_empty(),
        "{operator}(...) needs at least one value"
    );
    values
}

impl Query {
    /// Adds `expr` to the `filter` parameter. A query string has at most one `filter`
    /// parameter, so a second call joins the expressions with AND. When the present filter is
    /// an AND group, `expr` becomes its last member. Otherwise both become members of a new
    /// AND group.
    ///
    /// ```
    /// use inperium_filter::{field, Query};
    ///
    /// let query = Query::new()
    ///     .with_filter(field("country").eq("US"))
    ///     .with_filter(field("employeeCount").gt(1000));
    /// assert_eq!(
    ///     query.to_string(),
    ///     "filter=AND(eq(country,US),gt(employeeCount,1000))"
    /// );
    /// ```
    pub fn with_filter(mut self, expr: Expr) -> Query {
        let present = self
            .conditions
            .iter_mut()
            .find(|condition| condition.syntax == Syntax::Advanced);
        let Some(condition) = present else {
            return self.with_condition(Syntax::Advanced, expr);
        };
        match &mut condition.expr {
            Expr::Group(group) if group.op == GroupOp::And => group.members.push(expr),
            filter => {
                let placeholder = Expr::Group(Group::new(GroupOp::And, Vec::new()));
                let first = std::mem::replace(filter, placeholder);
                *filter = Expr::Group(Group::new(GroupOp::And, vec![first, expr]));
            }
        }
        self
    }

    /// Adds `expr` as a field parameter: `NAME=VALUE` for an `eq` whose value the basic syntax
    /// reads back as itself, and `NAME=OP::VALUE` for any other predicate. The field name is
    /// written unquoted, as parameter names are. A group, or a predicate on a field named
    /// `filter`, `sort`, `pageNumber` or `pageSize`, cannot be a field parameter and goes to
    /// [`Query::with_filter`] instead.
    ///
    /// ```
    /// use inperium_filter::{field, Query};
    ///
    /// let query = Query::new()
    ///     .with_field_condition(field("country").eq("US"))
    ///     .with_field_condition(field("employeeCount").gt(1000));
    /// assert_eq!(query.to_string(), "country=US&employeeCount=gt::1000");
    /// ```
    // NOTE: pass-through names are not known here, so a field named like a pass-through
    // parameter of the reader prints as a parameter that reads back as pass-through.
    pub fn with_field_condition(self, expr: Expr) -> Query {
        let mut predicate = match expr {
            Expr::Predicate(predicate) => predicate,
            group => return self.with_filter(group),
        };
        let name = predicate.field.name.as_str();
        if name.is_empty() || RESERVED_NAMES.contains(&name) {
            return self.with_filter(Expr::Predicate(predicate));
        }

        predicate.field.quoted = false;
        let syntax = match &predicate.test {
            Test::Eq(value) if !value.quoted && is_basic_value(&value.text) => Syntax::Basic,
            _ => Syntax::MatchType,
        };
        self.with_condition(syntax, Expr::Predicate(predicate))
    }

    /// Appends the sort key `name`, ascending (smallest first, nulls last).
    ///
    /// # Panics
    ///
    /// When `name` is empty, because no syntax can write an empty field name.
    pub fn with_sort_asc(self, name: impl Into<String>) -> Query {
        self.with_sort(name, Direction::Ascending)
    }

    /// Appends the sort key `-name`, descending (largest first, nulls first).
    ///
    /// # Panics
    ///
    /// When `name` is empty, because no syntax can write an empty field name.
    pub fn with_sort_desc(self, name: impl Into<String>) -> Query {
        self.with_sort(name, Direction::Descending)
    }

    /// Appends a sort key on `name` in `direction`. Earlier keys decide first.
    ///
    /// # Panics
    ///
    /// When `name` is empty, because no syntax can write an empty field name.
    pub fn with_sort(mut self, name: impl Into<String>, direction: Direction) -> Query {
        let key = SortKey::new(field_named(name.into()), direction);
        match &mut self.sort {
            Some(sort) => sort.keys.push(key),
            None => {
                self.sort = Some(Sort {
                    keys: vec![key],
                    span: Span::default(),
                });
            }
        }
        self
    }

    /// Sets `pageNumber` and `pageSize`, as [`Query::with_page_number`] and
    /// [`Query::with_page_size`] do.
    ///
    /// # Panics
    ///
    /// When `number` or `size` is 0, or `number` is above `i32::MAX`.
    pub fn with_page(self, number: u32, size: u32) -> Query {
        self.with_page_number(number).with_page_size(size)
    }

    /// Sets `pageNumber`, counted from 1.
    ///
    /// # Panics
    ///
    /// When `number` is 0 or above `i32::MAX`, the range that parsing accepts.
    pub fn with_page_number(mut self, number: u32) -> Query {
        assert!(
            (1..=MAX_PAGE_NUMBER).contains(&number),
            "pageNumber must be from 1 to {MAX_PAGE_NUMBER}, but it is {number}"
        );
        self.page_number = Some(PageParameter::new(number));
        self
    }

    /// Sets `pageSize`, the number of records on a page. A reader rejects sizes above its
    /// maximum page size, which is 100 unless
    /// [`ParseOptions::with_max_page_size`](crate::ParseOptions::with_max_page_size) sets
    /// another.
    ///
    /// # Panics
    ///
    /// When `size` is 0.
    pub fn with_page_size(mut self, size: u32) -> Query {
        assert!(size >= 1, "pageSize must be at least 1");
        self.page_size = Some(PageParameter::new(size));
        self
    }
}
