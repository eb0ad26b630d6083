//! Evaluation over JSON records: a [`Query`] compiles once into a [`Compiled`] predicate, sort
//! and page window, which then runs over any number of records.
//!
//! Without a schema, a comparison follows the record value's JSON type:
//!
//! - missing and `null` are null, and every comparison is false on null (`isnull` is true);
//! - a number compares numerically with a value that reads as a number;
//! - a boolean compares with `true` or `false`;
//! - a string compares as text by code point, except that `gt gte lt lte btn` compare
//!   numerically when both sides read as numbers;
//! - arrays and objects match no comparison.

mod compare;
mod lookup;
mod page;
mod sort;

use std::cmp::Ordering;

use serde_json::Value;

use crate::ast::{Expr, Group, GroupOp, Predicate, Query, Test};
use crate::error::{Error, ErrorKind};
use crate::ParseOptions;
use compare::{contains_folded, fold_case, Literal, ValueSet};

pub(crate) use compare::Number;
use lookup::FieldPath;
use sort::SortRule;

pub use page::{Page, PageCollector, Paging};

/// A query compiled for evaluation: field paths resolved, numbers parsed, `in` lists in sets
/// and `like` needles case-folded, so that no text is parsed again per record.
#[derive(Debug, Clone)]
pub struct Compiled {
    filter: Option<Node>,
    /// Whether the filter has a `NOT`, which needs SQL's three-valued logic to agree with a
    /// database: a comparison on null is unknown, and `NOT` of unknown is unknown.
    three_valued: bool,
    sort: Vec<SortRule>,
    sorting_criteria: Option<String>,
    page_number: u32,
    page_size: u32,
}

// Leaves are most nodes, and boxing them would add a pointer chase to every test.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    Leaf(FieldPath, Check),
}

#[derive(Debug, Clone)]
enum Check {
    IsNull,
    IsNotNull,
    Compare(Comparison, Literal),
    Like(String),
    NotLike(String),
    In(ValueSet),
    Nin(ValueSet),
    Between(Literal, Literal),
}

#[derive(Debug, Clone, Copy)]
enum Comparison {
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
}

impl Compiled {
    /// Compiles `query`: its conditions, sort and page.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::DepthLimitExceeded`] for an expression built by hand deeper than
    /// [`ParseOptions::DEPTH_CEILING`]; parsed queries are never that deep.
    pub fn new(query: &Query) -> Result<Compiled, Error> {
        let mut members = Vec::with_capacity(query.conditions.len());
        for condition in &query.conditions {
            let depth = condition.expr.depth();
            if depth > ParseOptions::DEPTH_CEILING {
                return Err(Error::new(
                    ErrorKind::DepthLimitExceeded,
                    condition.span,
                    format!(
                        "expression nested {depth} levels deep, over the limit of {}",
                        ParseOptions::DEPTH_CEILING
                    ),
                ));
            }
            push_flattened(&mut members, compile_expr(&condition.expr), GroupOp::And);
        }
        let filter = match members.len() {
            0 => None,
            1 => members.pop(),
            _ => Some(Node::All(members)),
        };
        let three_valued = query
            .conditions
            .iter()
            .any(|condition| contains_not(&condition.expr));

        let sort = query.sort.as_ref().map_or_else(Vec::new, |sort| {
            sort.keys.iter().map(SortRule::new).collect()
        });
        Ok(Compiled {
            filter,
            three_valued,
            sort,
            sorting_criteria: query.sort.as_ref().map(|sort| sort.to_criteria()),
            page_number: query.page_number_or_default(),
            page_size: query.page_size_or_default(),
        })
    }

    /// Returns whether `record` satisfies every condition.
    pub fn matches(&self, record: &Value) -> bool {
        match &self.filter {
            None => true,
            Some(node) if self.three_valued => node.evaluate(record) == Some(true),
            Some(node) => node.matches(record),
        }
    }

    /// Returns whether the query has sort keys, so that paging needs every match before it can cut.
    pub fn has_sort(&self) -> bool {
        !self.sort.is_empty()
    }

    /// Sorts records by the query's keys: stable, nulls last ascending and first descending.
    pub fn sort<T: std::borrow::Borrow<Value>>(&self, records: &mut Vec<T>) {
        sort::sort_records(&self.sort, records);
    }

    /// Compares two records by the query's sort keys.
    pub fn compare(&self, a: &Value, b: &Value) -> Ordering {
        sort::compare_records(&self.sort, a, b)
    }

    /// Filters, sorts and pages `records` into the response page.
    pub fn page<'r, I>(&self, records: I) -> Page<&'r Value>
    where
        I: IntoIterator<Item = &'r Value>,
    {
        let mut collector = self.collector();
        for record in records {
            collector.push(record);
        }
        collector.finish()
    }

    /// Starts collecting a page from records given one at a time. Without sort keys it keeps
    /// only the records of the requested page, so memory stays flat over a long stream.
    pub fn collector<T: std::borrow::Borrow<Value>>(&self) -> PageCollector<'_, T> {
        PageCollector::new(self)
    }

    /// The requested page number, 1 when not given.
    pub fn page_number(&self) -> u32 {
        self.page_number
    }

    /// The requested page size, 20 when not given.
    pub fn page_size(&self) -> u32 {
        self.page_size
    }

    /// The sort keys as `sortingCriteria` writes them, with explicit signs.
    pub fn sorting_criteria(&self) -> Option<&str> {
        self.sorting_criteria.as_deref()
    }
}

fn compile_expr(expr: &Expr) -> Node {
    match expr {
        Expr::Predicate(predicate) => compile_predicate(predicate),
        Expr::Group(group) => compile_group(group),
    }
}

/// Compiles a group. A `NOT` built by hand with several members negates their `AND`.
fn compile_group(group: &Group) -> Node {
    let mut members = Vec::with_capacity(group.members.len());
    let combine = if group.op == GroupOp::Or {
        GroupOp::Or
    } else {
        GroupOp::And
    };
    for member in &group.members {
        push_flattened(&mut members, compile_expr(member), combine);
    }
    let combined = if members.len() == 1 {
        members.pop().expect("one member")
    } else if combine == GroupOp::Or {
        Node::Any(members)
    } else {
        Node::All(members)
    };
    match group.op {
        GroupOp::Not => Node::Not(Box::new(combined)),
        GroupOp::And | GroupOp::Or => combined,
    }
}

fn contains_not(expr: &Expr) -> bool {
    let mut pending = vec![expr];
    while let Some(expr) = pending.pop() {
        if let Expr::Group(group) = expr {
            if group.op == GroupOp::Not {
                return true;
            }
            pending.extend(&group.members);
        }
    }
    false
}

/// Adds `node` to the members of an `op` group, merging a nested group of the same operator.
fn push_flattened(members: &mut Vec<Node>, node: Node, op: GroupOp) {
    match (node, op) {
        (Node::All(nested), GroupOp::And) | (Node::Any(nested), GroupOp::Or) => {
            members.extend(nested);
        }
        (node, _) => members.push(node),
    }
}

fn compile_predicate(predicate: &Predicate) -> Node {
    let path = FieldPath::new(&predicate.field.name);
    let compare = |comparison, value: &crate::ast::Value| {
        Check::Compare(comparison, Literal::new(&value.text))
    };
    let check = match &predicate.test {
        Test::IsNull => Check::IsNull,
        Test::IsNotNull => Check::IsNotNull,
        Test::Eq(value) => compare(Comparison::Eq, value),
        Test::Neq(value) => compare(Comparison::Neq, value),
        Test::Gt(value) => compare(Comparison::Gt, value),
        Test::Gte(value) => compare(Comparison::Gte, value),
        Test::Lt(value) => compare(Comparison::Lt, value),
        Test::Lte(value) => compare(Comparison::Lte, value),
        Test::Like(value) => Check::Like(fold_case(&value.text)),
        Test::NotLike(value) => Check::NotLike(fold_case(&value.text)),
        Test::In(values) => Check::In(ValueSet::new(values.iter().map(|v| v.text.as_str()))),
        Test::Nin(values) => Check::Nin(ValueSet::new(values.iter().map(|v| v.text.as_str()))),
        Test::Btn(low, high) => Check::Between(Literal::new(&low.text), Literal::new(&high.text)),
    };
    Node::Leaf(path, check)
}

impl Node {
    fn matches(&self, record: &Value) -> bool {
        match self {
            Node::All(members) => members.iter().all(|member| member.matches(record)),
            Node::Any(members) => members.iter().any(|member| member.matches(record)),
            Node::Not(member) => !member.matches(record),
            Node::Leaf(path, check) => check.matches(path.lookup(record).unwrap_or(&Value::Null)),
        }
    }

    /// Evaluates with SQL's three-valued logic: `None` is unknown, which a comparison on null
    /// gives, `AND` and `OR` combine as Kleene logic, and `NOT` of unknown stays unknown.
    fn evaluate(&self, record: &Value) -> Option<bool> {
        match self {
            Node::All(members) => {
                let mut unknown = false;
                for member in members {
                    match member.evaluate(record) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                (!unknown).then_some(true)
            }
            Node::Any(members) => {
                let mut unknown = false;
                for member in members {
                    match member.evaluate(record) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                (!unknown).then_some(false)
            }
            Node::Not(member) => member.evaluate(record).map(|holds| !holds),
            Node::Leaf(path, check) => {
                let value = path.lookup(record).unwrap_or(&Value::Null);
                let null_test = matches!(check, Check::IsNull | Check::IsNotNull);
                (null_test || !value.is_null()).then(|| check.matches(value))
            }
        }
    }
}

impl Check {
    fn matches(&self, value: &Value) -> bool {
        match self {
            Check::IsNull => value.is_null(),
            Check::IsNotNull => !value.is_null(),
            Check::Compare(comparison, literal) => {
                let ordering = matches!(
                    comparison,
                    Comparison::Gt | Comparison::Gte | Comparison::Lt | Comparison::Lte
                );
                literal
                    .compare(value, ordering)
                    .is_some_and(|order| comparison.holds(order))
            }
            Check::Like(needle) => value
                .as_str()
                .is_some_and(|text| contains_folded(text, needle)),
            Check::NotLike(needle) => value
                .as_str()
                .is_some_and(|text| !contains_folded(text, needle)),
            Check::In(set) => set.contains(value) == Some(true),
            Check::Nin(set) => set.contains(value) == Some(false),
            Check::Between(low, high) => {
                low.compare(value, true).is_some_and(Ordering::is_ge)
                    && high.compare(value, true).is_some_and(Ordering::is_le)
            }
        }
    }
}

impl Comparison {
    /// Whether the record value's order against the literal satisfies the comparison.
    fn holds(self, order: Ordering) -> bool {
        match self {
            Comparison::Eq => order.is_eq(),
            Comparison::Neq => order.is_ne(),
            Comparison::Gt => order.is_gt(),
            Comparison::Gte => order.is_ge(),
            Comparison::Lt => order.is_lt(),
            Comparison::Lte => order.is_le(),
        }
    }
}
