//! The parsed query: what was written, with byte spans, ready to print back.
//!
//! Equality ignores spans, so a parsed query equals one built by hand. The AST is not
//! `#[non_exhaustive]`: callers may match every node.

use serde::{Deserialize, Serialize};

use crate::error::Span;

/// A parsed query string: conditions, sort, paging and pass-through parameters.
///
/// All conditions are combined with AND. Printing writes the parameters in
/// [`Query::written_order`], then any that it does not list: conditions, pass-through
/// parameters, `sort`, `pageNumber` and `pageSize`, in that order.
///
/// Serialization leaves out [`Query::written_order`] and [`Query::default_page_size`], so a
/// deserialized query prints its parameters in the order above and has the default page size
/// of [`Query::default`]. Deserializing takes any other missing field from [`Query::default`]
/// too, and a missing span is empty. It checks only the shape of the data, not the rules that
/// the parser enforces, such as non-empty groups or page numbers of at least 1.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Query {
    /// Field parameters and `filter` parameters, in the order they were given.
    pub conditions: Vec<Condition>,
    /// The `sort` parameter.
    pub sort: Option<Sort>,
    /// The `pageNumber` parameter.
    pub page_number: Option<PageParameter>,
    /// The `pageSize` parameter.
    pub page_size: Option<PageParameter>,
    /// Parameters declared as pass-through in [`ParseOptions`](crate::ParseOptions), kept
    /// verbatim and in order.
    pub pass_through: Vec<PassThrough>,
    /// The order the parameters were written in, which printing keeps. Equality ignores it, as
    /// it ignores spans.
    #[serde(skip)]
    pub written_order: Vec<ParameterRef>,
    /// The page size when `pageSize` is not given: [`Query::DEFAULT_PAGE_SIZE`], or the
    /// configured maximum page size when that is lower. Printing and equality ignore it.
    #[serde(skip)]
    pub default_page_size: u32,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            conditions: Vec::new(),
            sort: None,
            page_number: None,
            page_size: None,
            pass_through: Vec::new(),
            written_order: Vec::new(),
            default_page_size: Query::DEFAULT_PAGE_SIZE,
        }
    }
}

impl PartialEq for Query {
    fn eq(&self, other: &Query) -> bool {
        self.conditions == other.conditions
            && self.sort == other.sort
            && self.page_number == other.page_number
            && self.page_size == other.page_size
            && self.pass_through == other.pass_through
    }
}

/// One parameter of a [`Query`], by its place in the query's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterRef {
    /// `conditions[index]`.
    Condition(usize),
    /// `pass_through[index]`.
    PassThrough(usize),
    /// The `sort` parameter.
    Sort,
    /// The `pageNumber` parameter.
    PageNumber,
    /// The `pageSize` parameter.
    PageSize,
}

impl Query {
    /// The page size when `pageSize` is not given and the maximum page size allows it.
    pub const DEFAULT_PAGE_SIZE: u32 = 20;

    /// Creates an empty query, which matches every record.
    pub fn new() -> Query {
        Query::default()
    }

    /// Adds a condition in the given syntax.
    pub fn with_condition(mut self, syntax: Syntax, expr: Expr) -> Query {
        self.conditions.push(Condition::new(syntax, expr));
        self
    }

    /// The requested page number, 1 when not given.
    pub fn page_number_or_default(&self) -> u32 {
        self.page_number.as_ref().map_or(1, |page| page.value)
    }

    /// The requested page size, [`Query::default_page_size`] when not given.
    pub fn page_size_or_default(&self) -> u32 {
        self.page_size
            .as_ref()
            .map_or(self.default_page_size, |size| size.value)
    }

    /// Returns all conditions as one expression: `None` without conditions, the expression itself
    /// for one, and an `AND` group of them for more. The members of a condition that is itself
    /// an `AND` group join that group, so the result nests no deeper than it has to.
    pub fn filter_expr(&self) -> Option<Expr> {
        match self.conditions.as_slice() {
            [] => None,
            [single] => Some(single.expr.clone()),
            many => {
                let mut members = Vec::with_capacity(many.len());
                for condition in many {
                    match &condition.expr {
                        Expr::Group(group) if group.op == GroupOp::And => {
                            members.extend(group.members.iter().cloned());
                        }
                        expr => members.push(expr.clone()),
                    }
                }
                Some(Expr::Group(Group::new(GroupOp::And, members)))
            }
        }
    }
}

/// One condition of a query, with the syntax it was written in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Condition {
    /// The syntax it was written in, which printing keeps where the condition allows it.
    pub syntax: Syntax,
    /// The test it applies. For [`Syntax::Basic`] and [`Syntax::MatchType`] this is an
    /// [`Expr::Predicate`]; a group printed in those syntaxes falls back to `filter=`.
    pub expr: Expr,
    /// The whole parameter.
    #[serde(default)]
    pub span: Span,
}

impl Condition {
    /// Creates a condition with an empty span.
    pub fn new(syntax: Syntax, expr: Expr) -> Condition {
        Condition {
            syntax,
            expr,
            span: Span::default(),
        }
    }
}

impl PartialEq for Condition {
    fn eq(&self, other: &Condition) -> bool {
        self.syntax == other.syntax && self.expr == other.expr
    }
}

/// The syntax a condition was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Syntax {
    /// `NAME=VALUE`: exact match.
    Basic,
    /// `NAME=OP::VALUE`.
    MatchType,
    /// `filter=EXPR`.
    Advanced,
}

/// An advanced expression: a group or a predicate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Expr {
    /// `AND(...)` or `OR(...)`.
    Group(Group),
    /// One of the thirteen operators applied to a field.
    Predicate(Predicate),
}

impl Expr {
    /// The span of the whole expression.
    pub fn span(&self) -> Span {
        match self {
            Expr::Group(group) => group.span,
            Expr::Predicate(predicate) => predicate.span,
        }
    }

    /// Returns the nesting depth: 1 for a predicate, one more than its deepest member for a
    /// group. It walks the tree with a heap stack, so any depth is safe to measure.
    pub fn depth(&self) -> usize {
        if let Expr::Predicate(_) = self {
            return 1;
        }
        let mut deepest = 0;
        let mut stack = vec![(self, 1)];
        while let Some((expr, level)) = stack.pop() {
            deepest = deepest.max(level);
            if let Expr::Group(group) = expr {
                stack.extend(group.members.iter().map(|member| (member, level + 1)));
            }
        }
        deepest
    }
}

/// `AND(...)` or `OR(...)` with one or more members, or `NOT(...)` with exactly one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    /// `AND`, `OR` or `NOT`.
    pub op: GroupOp,
    /// The members, in order.
    pub members: Vec<Expr>,
    /// From the group name to the closing parenthesis.
    #[serde(default)]
    pub span: Span,
}

impl Group {
    /// Creates a group with an empty span.
    pub fn new(op: GroupOp, members: Vec<Expr>) -> Group {
        Group {
            op,
            members,
            span: Span::default(),
        }
    }
}

impl PartialEq for Group {
    fn eq(&self, other: &Group) -> bool {
        self.op == other.op && self.members == other.members
    }
}

/// Drops nested groups with a heap stack, so that dropping a tree of any depth cannot overflow
/// the call stack.
impl Drop for Group {
    fn drop(&mut self) {
        let has_groups = |members: &[Expr]| members.iter().any(|m| matches!(m, Expr::Group(_)));
        if !has_groups(&self.members) {
            return;
        }
        // Predicates drop where they are, so the stack holds only groups still to take apart.
        let mut stack = std::mem::take(&mut self.members);
        stack.retain(|member| matches!(member, Expr::Group(_)));
        while let Some(expr) = stack.pop() {
            if let Expr::Group(mut group) = expr {
                if has_groups(&group.members) {
                    group
                        .members
                        .retain(|member| matches!(member, Expr::Group(_)));
                    stack.append(&mut group.members);
                }
            }
        }
    }
}

/// The operator of a [`Group`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum GroupOp {
    /// Every member holds.
    And,
    /// At least one member holds.
    Or,
    /// The one member does not hold. An optional extension, parsed only with
    /// [`ParseOptions::with_not`](crate::ParseOptions::with_not); with it, evaluation uses SQL's
    /// three-valued logic.
    Not,
}

impl GroupOp {
    /// The canonical name: `AND`, `OR` or `NOT`.
    pub fn name(self) -> &'static str {
        match self {
            GroupOp::And => "AND",
            GroupOp::Or => "OR",
            GroupOp::Not => "NOT",
        }
    }

    /// Looks a group name up, ignoring case.
    pub fn from_name(name: &str) -> Option<GroupOp> {
        if name.eq_ignore_ascii_case("AND") {
            Some(GroupOp::And)
        } else if name.eq_ignore_ascii_case("OR") {
            Some(GroupOp::Or)
        } else if name.eq_ignore_ascii_case("NOT") {
            Some(GroupOp::Not)
        } else {
            None
        }
    }
}

/// An operator applied to a field, such as `gt(annualRevenue,500000)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Predicate {
    /// The field tested.
    pub field: Field,
    /// The operator and its values.
    pub test: Test,
    /// The whole predicate as written.
    #[serde(default)]
    pub span: Span,
}

impl Predicate {
    /// Creates a predicate with an empty span.
    pub fn new(field: Field, test: Test) -> Predicate {
        Predicate {
            field,
            test,
            span: Span::default(),
        }
    }
}

impl PartialEq for Predicate {
    fn eq(&self, other: &Predicate) -> bool {
        self.field == other.field && self.test == other.test
    }
}

/// An operator with its values. Each variant contains exactly the values its operator takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Test {
    /// The field is missing or null.
    IsNull,
    /// The field is present and not null.
    IsNotNull,
    /// Equal to the value.
    Eq(Value),
    /// Not equal to the value (false on null).
    Neq(Value),
    /// Greater than the value.
    Gt(Value),
    /// Greater than or equal to the value.
    Gte(Value),
    /// Less than the value.
    Lt(Value),
    /// Less than or equal to the value.
    Lte(Value),
    /// Text containing the value, ignoring case.
    Like(Value),
    /// Text not containing the value, ignoring case.
    NotLike(Value),
    /// Equal to one of the values.
    In(Vec<Value>),
    /// Equal to none of the values.
    Nin(Vec<Value>),
    /// Between the two values, both included.
    Btn(Value, Value),
}

impl Test {
    /// The operator of this test.
    pub fn operator(&self) -> Operator {
        match self {
            Test::IsNull => Operator::IsNull,
            Test::IsNotNull => Operator::IsNotNull,
            Test::Eq(_) => Operator::Eq,
            Test::Neq(_) => Operator::Neq,
            Test::Gt(_) => Operator::Gt,
            Test::Gte(_) => Operator::Gte,
            Test::Lt(_) => Operator::Lt,
            Test::Lte(_) => Operator::Lte,
            Test::Like(_) => Operator::Like,
            Test::NotLike(_) => Operator::NotLike,
            Test::In(_) => Operator::In,
            Test::Nin(_) => Operator::Nin,
            Test::Btn(_, _) => Operator::Btn,
        }
    }

    /// The values, in order.
    pub fn values(&self) -> Vec<&Value> {
        match self {
            Test::IsNull | Test::IsNotNull => Vec::new(),
            Test::Eq(value)
            | Test::Neq(value)
            | Test::Gt(value)
            | Test::Gte(value)
            | Test::Lt(value)
            | Test::Lte(value)
            | Test::Like(value)
            | Test::NotLike(value) => vec![value],
            Test::In(values) | Test::Nin(values) => values.iter().collect(),
            Test::Btn(low, high) => vec![low, high],
        }
    }
}

/// The thirteen operators of the filter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Operator {
    /// `isnull`
    IsNull,
    /// `isnotnull`
    IsNotNull,
    /// `eq`
    Eq,
    /// `neq`
    Neq,
    /// `gt`
    Gt,
    /// `gte`
    Gte,
    /// `lt`
    Lt,
    /// `lte`
    Lte,
    /// `like`
    Like,
    /// `notlike`
    NotLike,
    /// `in`
    In,
    /// `nin`
    Nin,
    /// `btn`
    Btn,
}

/// How many values an operator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// No value: `isnull`, `isnotnull`.
    None,
    /// Exactly one value.
    One,
    /// Exactly two values: `btn`.
    Two,
    /// One or more values: `in`, `nin`.
    List,
}

impl Arity {
    /// Returns whether an operator of this arity takes `count` values.
    pub fn accepts(self, count: usize) -> bool {
        match self {
            Arity::None => count == 0,
            Arity::One => count == 1,
            Arity::Two => count == 2,
            Arity::List => count >= 1,
        }
    }
}

impl Operator {
    /// Every operator, in the order of the API reference's table.
    pub const ALL: [Operator; 13] = [
        Operator::IsNull,
        Operator::IsNotNull,
        Operator::Eq,
        Operator::Neq,
        Operator::Gt,
        Operator::Gte,
        Operator::Lt,
        Operator::Lte,
        Operator::In,
        Operator::Nin,
        Operator::Btn,
        Operator::Like,
        Operator::NotLike,
    ];

    /// The canonical, lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Operator::IsNull => "isnull",
            Operator::IsNotNull => "isnotnull",
            Operator::Eq => "eq",
            Operator::Neq => "neq",
            Operator::Gt => "gt",
            Operator::Gte => "gte",
            Operator::Lt => "lt",
            Operator::Lte => "lte",
            Operator::Like => "like",
            Operator::NotLike => "notlike",
            Operator::In => "in",
            Operator::Nin => "nin",
            Operator::Btn => "btn",
        }
    }

    /// Looks an operator name up, ignoring case.
    pub fn from_name(name: &str) -> Option<Operator> {
        // Operator names are at most nine letters long (`isnotnull`).
        let mut lower = [0u8; 9];
        let written = name.as_bytes();
        let lower = lower.get_mut(..written.len())?;
        for (slot, byte) in lower.iter_mut().zip(written) {
            *slot = byte.to_ascii_lowercase();
        }
        let operator = match &*lower {
            b"isnull" => Operator::IsNull,
            b"isnotnull" => Operator::IsNotNull,
            b"eq" => Operator::Eq,
            b"neq" => Operator::Neq,
            b"gt" => Operator::Gt,
            b"gte" => Operator::Gte,
            b"lt" => Operator::Lt,
            b"lte" => Operator::Lte,
            b"like" => Operator::Like,
            b"notlike" => Operator::NotLike,
            b"in" => Operator::In,
            b"nin" => Operator::Nin,
            b"btn" => Operator::Btn,
            _ => return None,
        };
        Some(operator)
    }

    /// How many values the operator takes.
    pub fn arity(self) -> Arity {
        match self {
            Operator::IsNull | Operator::IsNotNull => Arity::None,
            Operator::In | Operator::Nin => Arity::List,
            Operator::Btn => Arity::Two,
            _ => Arity::One,
        }
    }
}

/// A field name, bare or quoted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Field {
    /// The name, unescaped.
    pub name: String,
    /// Whether it was written in quotes. Printing quotes it when this is set or the name needs
    /// quotes.
    pub quoted: bool,
    /// The name as written, quotes included.
    #[serde(default)]
    pub span: Span,
}

impl Field {
    /// Creates an unquoted field name with an empty span.
    pub fn new(name: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            quoted: false,
            span: Span::default(),
        }
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.name == other.name && self.quoted == other.quoted
    }
}

/// A literal value: its text, and whether it was written in quotes.
///
/// The text is never typed by how it looks: `00123` stays the text `00123`, and evaluation decides
/// how to compare it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Value {
    /// The text, unescaped.
    pub text: String,
    /// Whether it was written in quotes. Printing quotes it when this is set or the text needs
    /// quotes.
    pub quoted: bool,
    /// The value as written, quotes included.
    #[serde(default)]
    pub span: Span,
}

impl Value {
    /// Creates an unquoted value with an empty span.
    pub fn new(text: impl Into<String>) -> Value {
        Value {
            text: text.into(),
            quoted: false,
            span: Span::default(),
        }
    }

    /// Creates a quoted value with an empty span.
    pub fn quoted(text: impl Into<String>) -> Value {
        Value {
            quoted: true,
            ..Value::new(text)
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.text == other.text && self.quoted == other.quoted
    }
}

/// The `sort` parameter: one or more keys, the first one deciding first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sort {
    /// The keys, in order.
    pub keys: Vec<SortKey>,
    /// The decoded parameter value.
    #[serde(default)]
    pub span: Span,
}

impl PartialEq for Sort {
    fn eq(&self, other: &Sort) -> bool {
        self.keys == other.keys
    }
}

/// One sort key, such as `-country`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SortKey {
    /// The field to order by.
    pub field: Field,
    /// Ascending unless written with `-`.
    pub direction: Direction,
    /// The key as written, sign included.
    #[serde(default)]
    pub span: Span,
}

impl SortKey {
    /// Creates a sort key with an empty span.
    pub fn new(field: Field, direction: Direction) -> SortKey {
        SortKey {
            field,
            direction,
            span: Span::default(),
        }
    }
}

impl PartialEq for SortKey {
    fn eq(&self, other: &SortKey) -> bool {
        self.field == other.field && self.direction == other.direction
    }
}

/// The direction of a sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    /// Smallest first, nulls last.
    Ascending,
    /// Largest first, nulls first.
    Descending,
}

/// A `pageNumber` or `pageSize` value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageParameter {
    /// The number, at least 1.
    pub value: u32,
    /// The parameter's value as written.
    #[serde(default)]
    pub span: Span,
}

impl PageParameter {
    /// Creates a paging value with an empty span.
    pub fn new(value: u32) -> PageParameter {
        PageParameter {
            value,
            span: Span::default(),
        }
    }
}

impl PartialEq for PageParameter {
    fn eq(&self, other: &PageParameter) -> bool {
        self.value == other.value
    }
}

/// A parameter that is neither a condition nor sort or paging, kept as it was decoded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PassThrough {
    /// The decoded name.
    pub name: String,
    /// The decoded value.
    pub value: String,
    /// The whole parameter.
    #[serde(default)]
    pub span: Span,
}

impl PartialEq for PassThrough {
    fn eq(&self, other: &PassThrough) -> bool {
        self.name == other.name && self.value == other.value
    }
}
