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

mod check;
mod column;
mod compare;
mod json_matcher;
mod lookup;
mod page;
mod prepared;
mod projection;
mod sort;

use std::cmp::Ordering;

use serde_json::Value;

use crate::ast::{Expr, Group, GroupOp, Query};
use crate::error::{Error, ErrorKind};
use crate::schema::{CheckedQuery, Schema};
use crate::ParseOptions;
use check::{compile_check, Check};
use projection::Projection;

pub(crate) use compare::Number;
use lookup::{FieldPath, Fields, RecordView};
use sort::SortRule;

pub use json_matcher::JsonMatcher;
pub use page::{Page, PageCollector, Paging};
pub use prepared::PreparedRecords;

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

impl Compiled {
    /// Compiles `query`: its conditions, sort and page.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::DepthLimitExceeded`] for an expression built by hand deeper than
    /// [`ParseOptions::DEPTH_CEILING`]; parsed queries are never that deep.
    pub fn new(query: &Query) -> Result<Compiled, Error> {
        Compiled::compile(query, None)
    }

    /// Compiles a query that passed validation, reading each literal and record value as its
    /// field's type: the text `"100"` is the number 100 in a number field, timestamps compare
    /// as instants, and sorting follows the type. When the schema has a key field, it orders
    /// ties last, ascending, and orders unsorted results too.
    ///
    /// # Errors
    ///
    /// As [`Compiled::new`].
    pub fn from_checked(checked: &CheckedQuery) -> Result<Compiled, Error> {
        Compiled::compile(checked.query(), Some(checked.schema()))
    }

    fn compile(query: &Query, schema: Option<&Schema>) -> Result<Compiled, Error> {
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
            let node = compile_expr(&condition.expr, schema);
            // One condition is the filter as it is, so an `AND` group keeps its members in
            // place instead of moving them one by one.
            if query.conditions.len() == 1 {
                members.push(node);
            } else {
                push_flattened(&mut members, node, GroupOp::And);
            }
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

        let sort = sort::compile_sort(query.sort.as_ref(), schema);
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
        self.matches_fields(&RecordView::new(record))
    }

    /// Starts testing records given as JSON text, such as the lines of NDJSON, reading only
    /// the members the filter needs. See [`JsonMatcher`].
    pub fn json_matcher(&self) -> JsonMatcher<'_> {
        JsonMatcher::new(self)
    }

    /// Returns the record members that the filter and sort keys read.
    fn projection(&self) -> Projection {
        let mut paths = Vec::new();
        if let Some(node) = &self.filter {
            node.collect_paths(&mut paths);
        }
        paths.extend(self.sort.iter().map(SortRule::path));
        Projection::new(paths)
    }

    /// Returns whether the record whose fields `record` finds satisfies every condition.
    fn matches_fields<'v>(&self, record: &impl Fields<'v>) -> bool {
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
    /// only the records of the requested page, so memory stays flat over a long stream. A
    /// schema's key field counts as a sort key, so a typed query keeps every match.
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

fn compile_expr(expr: &Expr, schema: Option<&Schema>) -> Node {
    match expr {
        Expr::Predicate(predicate) => {
            let field_type = schema
                .and_then(|schema| schema.field(&predicate.field.name))
                .map(|field| &field.field_type);
            Node::Leaf(
                FieldPath::new(&predicate.field.name),
                compile_check(predicate, field_type),
            )
        }
        Expr::Group(group) => compile_group(group, schema),
    }
}

/// Compiles a group. A `NOT` built by hand with several members negates their `AND`.
fn compile_group(group: &Group, schema: Option<&Schema>) -> Node {
    let mut members = Vec::with_capacity(group.members.len());
    let combine = if group.op == GroupOp::Or {
        GroupOp::Or
    } else {
        GroupOp::And
    };
    for member in &group.members {
        push_flattened(&mut members, compile_expr(member, schema), combine);
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
    if let Expr::Predicate(_) = expr {
        return false;
    }
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

impl Node {
    /// Appends the field of every leaf to `paths`.
    fn collect_paths<'n>(&'n self, paths: &mut Vec<&'n FieldPath>) {
        match self {
            Node::All(members) | Node::Any(members) => {
                for member in members {
                    member.collect_paths(paths);
                }
            }
            Node::Not(member) => member.collect_paths(paths),
            Node::Leaf(path, _) => paths.push(path),
        }
    }

    fn matches<'v>(&self, record: &impl Fields<'v>) -> bool {
        match self {
            Node::All(members) => members.iter().all(|member| member.matches(record)),
            Node::Any(members) => members.iter().any(|member| member.matches(record)),
            Node::Not(member) => !member.matches(record),
            Node::Leaf(path, check) => check.matches(record.find(path).unwrap_or(&Value::Null)),
        }
    }

    /// Evaluates with SQL's three-valued logic: `None` is unknown, which a comparison on null
    /// gives, `AND` and `OR` combine as Kleene logic, and `NOT` of unknown stays unknown.
    fn evaluate<'v>(&self, record: &impl Fields<'v>) -> Option<bool> {
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
                let value = record.find(path).unwrap_or(&Value::Null);
                check.evaluate(value)
            }
        }
    }
}
