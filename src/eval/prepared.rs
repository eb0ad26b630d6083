//! Records loaded once into columns, for running many queries over the same records.

use std::collections::HashMap;

use serde_json::Value;

use super::column::{Column, ColumnCheck};
use super::lookup::FieldPath;
use super::{Compiled, Node, Page};

/// Records loaded once into one column per field, for filtering many times over.
///
/// Each top-level member and each member of `properties` becomes a column: numbers are stored
/// inline, and texts and booleans as indexes into a dictionary of distinct values. A query's
/// checks run once per distinct text rather than once per record, and a record's test then
/// reads one cell per condition. Results are exactly those of [`Compiled::page`] over the same
/// records; a dotted field name, which no column holds, is read from the records per query.
///
/// ```
/// use inperium_filter::{parse_query, Compiled, PreparedRecords};
/// use serde_json::json;
///
/// let records = vec![
///     json!({"id": 1, "properties": {"country": "US", "employeeCount": "1200"}}),
///     json!({"id": 2, "properties": {"country": "FR", "employeeCount": "5000"}}),
/// ];
/// let prepared = PreparedRecords::new(&records);
/// let compiled = Compiled::new(&parse_query("country=US&employeeCount=gt::1000")?)?;
/// assert_eq!(prepared.page(&compiled), compiled.page(&records));
/// assert_eq!(prepared.count_matches(&compiled), 1);
/// # Ok::<(), inperium_filter::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PreparedRecords<'r> {
    records: Vec<&'r Value>,
    columns: HashMap<String, Column>,
}

impl<'r> PreparedRecords<'r> {
    /// Loads `records` into columns: one for every member name found at the top level or in
    /// `properties` of any record.
    pub fn new<I: IntoIterator<Item = &'r Value>>(records: I) -> PreparedRecords<'r> {
        let records: Vec<&'r Value> = records.into_iter().collect();
        let mut names: Vec<&'r str> = Vec::new();
        let mut seen: std::collections::HashSet<&'r str> = std::collections::HashSet::new();
        let mut note = |object: &'r serde_json::Map<String, Value>| {
            for name in object.keys() {
                if seen.insert(name.as_str()) {
                    names.push(name.as_str());
                }
            }
        };
        for record in &records {
            if let Some(object) = record.as_object() {
                note(object);
                if let Some(properties) = object.get("properties").and_then(Value::as_object) {
                    note(properties);
                }
            }
        }
        let columns = names
            .into_iter()
            .map(|name| {
                let column = Column::read(&FieldPath::new(name), records.iter().copied());
                (name.to_owned(), column)
            })
            .collect();
        PreparedRecords { records, columns }
    }

    /// Returns how many records there are.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Returns whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Counts the records that satisfy every condition of `compiled`.
    pub fn count_matches(&self, compiled: &Compiled) -> usize {
        let Some(node) = &compiled.filter else {
            return self.records.len();
        };
        let extra = self.missing_columns(node);
        let plan = self.plan(node, &extra, compiled.three_valued);
        (0..self.records.len())
            .filter(|&index| plan.holds(index, compiled.three_valued))
            .count()
    }

    /// Filters, sorts and pages the records into the response page, as [`Compiled::page`]
    /// does.
    pub fn page(&self, compiled: &Compiled) -> Page<&'r Value> {
        let mut collector = compiled.collector();
        let Some(node) = &compiled.filter else {
            for record in &self.records {
                collector.push_matched(*record);
            }
            return collector.finish();
        };
        let extra = self.missing_columns(node);
        let plan = self.plan(node, &extra, compiled.three_valued);
        for (index, record) in self.records.iter().enumerate() {
            if plan.holds(index, compiled.three_valued) {
                collector.push_matched(*record);
            }
        }
        collector.finish()
    }

    /// Reads the fields of `node` that have no column, such as dotted names, from the records.
    fn missing_columns(&self, node: &Node) -> HashMap<String, Column> {
        let mut paths = Vec::new();
        node.collect_paths(&mut paths);
        let mut extra = HashMap::new();
        for path in paths {
            if !self.columns.contains_key(path.name()) && !extra.contains_key(path.name()) {
                let column = Column::read(path, self.records.iter().copied());
                extra.insert(path.name().to_owned(), column);
            }
        }
        extra
    }

    fn plan<'p>(
        &'p self,
        node: &'p Node,
        extra: &'p HashMap<String, Column>,
        three_valued: bool,
    ) -> Plan<'p> {
        let column = |name: &str| {
            self.columns
                .get(name)
                .or_else(|| extra.get(name))
                .expect("every field of the filter has a column")
        };
        Plan::new(node, &column, three_valued)
    }
}

/// The filter's tree with each leaf bound to its column.
enum Plan<'p> {
    All(Vec<Plan<'p>>),
    Any(Vec<Plan<'p>>),
    Not(Box<Plan<'p>>),
    Leaf(ColumnCheck<'p>),
}

impl<'p> Plan<'p> {
    fn new(node: &'p Node, column: &dyn Fn(&str) -> &'p Column, three_valued: bool) -> Plan<'p> {
        let members = |members: &'p [Node]| {
            members
                .iter()
                .map(|member| Plan::new(member, column, three_valued))
                .collect()
        };
        match node {
            Node::All(nodes) => Plan::All(members(nodes)),
            Node::Any(nodes) => Plan::Any(members(nodes)),
            Node::Not(node) => Plan::Not(Box::new(Plan::new(node, column, three_valued))),
            Node::Leaf(path, check) => {
                Plan::Leaf(ColumnCheck::new(check, column(path.name()), three_valued))
            }
        }
    }

    /// Returns whether record `index` matches, as [`Compiled::matches`] decides.
    fn holds(&self, index: usize, three_valued: bool) -> bool {
        if three_valued {
            self.evaluate(index) == Some(true)
        } else {
            self.matches(index)
        }
    }

    fn matches(&self, index: usize) -> bool {
        match self {
            Plan::All(members) => members.iter().all(|member| member.matches(index)),
            Plan::Any(members) => members.iter().any(|member| member.matches(index)),
            Plan::Not(member) => !member.matches(index),
            Plan::Leaf(check) => check.evaluate(index) == Some(true),
        }
    }

    /// Evaluates with SQL's three-valued logic, as the filter's nodes do.
    fn evaluate(&self, index: usize) -> Option<bool> {
        match self {
            Plan::All(members) => {
                let mut unknown = false;
                for member in members {
                    match member.evaluate(index) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                (!unknown).then_some(true)
            }
            Plan::Any(members) => {
                let mut unknown = false;
                for member in members {
                    match member.evaluate(index) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                (!unknown).then_some(false)
            }
            Plan::Not(member) => member.evaluate(index).map(|holds| !holds),
            Plan::Leaf(check) => check.evaluate(index),
        }
    }
}
