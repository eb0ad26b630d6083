//! Checking a parsed query against a schema, collecting every mistake at once.

use std::fmt;

use super::{FieldType, Schema};
use crate::ast::{Expr, GroupOp, Operator, Predicate, Query, Test, Value};
use crate::error::{excerpt, Report, Span};

/// Whether a diagnostic stops the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The query is rejected.
    Error,
    /// The query runs, but probably not as meant.
    Warning,
}

/// The kind of a [`Diagnostic`]. Each variant names an input that triggers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// A field the schema does not have (`eq(contry,US)`).
    UnknownField,
    /// An operator that does not apply to the field's type (`like` on a number, `gt` on a
    /// boolean).
    OperatorNotAllowed,
    /// A value that is not of the field's type (`gt(employeeCount,abc)`, a bad timestamp).
    InvalidValue,
    /// A value outside an enumeration (`eq(type,PARTNERS)`).
    NotInEnumeration,
    /// `btn` with its lower bound above its upper bound (`btn(a,9,1)`).
    EmptyRange,
    /// More list items than the schema allows.
    TooManyItems,
    /// A condition on a field that the schema does not let queries filter on.
    FilterNotAllowed,
    /// A sort key on a field that the schema does not let queries sort by.
    SortNotAllowed,
    /// An expression built in code nested deeper than
    /// [`ParseOptions::DEPTH_CEILING`](crate::ParseOptions::DEPTH_CEILING) levels, which the
    /// parser never produces.
    DepthLimitExceeded,
    /// A warning: two `eq` on one field in one AND (`country=US&country=FR`), which no record
    /// satisfies unless the values are equal.
    RepeatedEquality,
}

/// One finding of validation, with the span it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of finding.
    pub kind: DiagnosticKind,
    /// The byte range of the query text it concerns.
    pub span: Span,
    /// A short lowercase message.
    pub message: String,
    /// The fix, where one is known.
    pub help: Option<String>,
}

/// Every finding of one validation, in the order of the query text.
///
/// `Display` draws each one rustc-style under the input, when the input is attached with
/// [`Diagnostics::with_input`], then a summary line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    input: Option<String>,
}

impl Diagnostics {
    /// Attaches the query text that the spans point into.
    pub fn with_input(mut self, input: impl Into<String>) -> Diagnostics {
        self.input = Some(input.into());
        self
    }

    /// Returns every finding, errors and warnings, in the order of the query text.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Returns the findings of severity error.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Returns the findings of severity warning.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Returns whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Returns how many findings there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Returns whether there are no findings.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Collects findings, such as a checked query's warnings, for drawing.
impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics { items, input: None }
    }
}

/// How many findings `Display` draws; [`Diagnostics::iter`] still returns all of them.
const MAX_DRAWN: usize = 100;

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.items.iter().take(MAX_DRAWN) {
            let report = Report {
                level: match diagnostic.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                message: &diagnostic.message,
                span: diagnostic.span,
                help: diagnostic.help.as_deref(),
                input: self.input.as_deref(),
            };
            report.fmt(f)?;
            writeln!(f)?;
        }
        if self.items.len() > MAX_DRAWN {
            writeln!(
                f,
                "note: {} more findings are not shown\n",
                self.items.len() - MAX_DRAWN
            )?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        let plural = |count: usize, word: &str| {
            format!("{count} {word}{}", if count == 1 { "" } else { "s" })
        };
        if errors > 0 {
            writeln!(
                f,
                "error: the query is invalid: {}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            )
        } else {
            writeln!(f, "warning: {}", plural(warnings, "warning"))
        }
    }
}

impl std::error::Error for Diagnostics {}

/// A query that passed validation against a schema, ready for typed evaluation.
///
/// Equality ignores spans, as the AST's does: the warnings of a query built in code and of the
/// same query parsed from text compare equal. Warnings compare as a set, because their order
/// follows the spans.
#[derive(Debug, Clone)]
pub struct CheckedQuery {
    query: Query,
    schema: Schema,
    warnings: Vec<Diagnostic>,
}

impl PartialEq for CheckedQuery {
    fn eq(&self, other: &CheckedQuery) -> bool {
        let without_spans = |warnings: &[Diagnostic]| {
            let mut kept: Vec<_> = warnings
                .iter()
                .map(|d| (d.kind as u8, d.message.clone(), d.help.clone()))
                .collect();
            kept.sort();
            kept
        };
        self.query == other.query
            && self.schema == other.schema
            && without_spans(&self.warnings) == without_spans(&other.warnings)
    }
}

impl CheckedQuery {
    /// The query as parsed.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The schema it was checked against.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The warnings validation found; errors would have rejected the query.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

impl Query {
    /// Checks every field, operator and value against `schema`.
    ///
    /// ```
    /// use inperium_filter::schema::{FieldSchema, FieldType, Schema};
    ///
    /// let schema = Schema::new()
    ///     .with_field("country", FieldSchema::new(FieldType::Text))
    ///     .with_field("employeeCount", FieldSchema::new(FieldType::Integer));
    /// let query = inperium_filter::parse_query("contry=US&employeeCount=gt::abc")?;
    /// let diagnostics = query.validate(&schema).unwrap_err();
    /// assert_eq!(diagnostics.errors().count(), 2);
    /// # Ok::<(), inperium_filter::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Every error and warning at once when any finding is an error.
    pub fn validate(&self, schema: &Schema) -> Result<CheckedQuery, Diagnostics> {
        let mut checker = Checker {
            schema,
            items: Vec::new(),
            suggestions_left: MAX_SUGGESTIONS,
        };
        // Copying a query into the checked query recurses once per level, so a tree built in
        // code deeper than any parse is rejected before anything recurses.
        for condition in &self.conditions {
            let depth = condition.expr.depth();
            if depth > crate::ParseOptions::DEPTH_CEILING {
                checker.report(
                    DiagnosticKind::DepthLimitExceeded,
                    condition.span,
                    format!(
                        "expression nested {depth} levels deep, over the limit of {}",
                        crate::ParseOptions::DEPTH_CEILING
                    ),
                    Some(
                        "flatten the expression: AND and OR take any number of members".to_owned(),
                    ),
                );
                return Err(Diagnostics {
                    items: checker.items,
                    input: None,
                });
            }
        }
        checker.check_conditions(self);
        checker.check_sort(self);
        checker.items.sort_by_key(|d| (d.span.start, d.span.end));

        if checker.items.iter().any(|d| d.severity == Severity::Error) {
            return Err(Diagnostics {
                items: checker.items,
                input: None,
            });
        }
        Ok(CheckedQuery {
            query: self.clone(),
            schema: schema.clone(),
            warnings: checker.items,
        })
    }
}

/// Returns the type name with `a` or `an` before it.
fn with_article(type_name: &str) -> String {
    let article = if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {type_name}")
}

/// How many unknown fields get a closest-name suggestion. Each suggestion compares the name with
/// every field of the schema, so the cap keeps a query full of unknown names fast.
const MAX_SUGGESTIONS: usize = 64;

/// How many allowed values or known fields a help line lists before it gives the count of the rest.
const MAX_LISTED: usize = 12;

/// Returns the first [`MAX_LISTED`] names joined with commas, and how many more there are.
fn listing<'n>(names: impl IntoIterator<Item = &'n str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    let listed = names[..names.len().min(MAX_LISTED)].join(", ");
    match names.len().saturating_sub(MAX_LISTED) {
        0 => listed,
        more => format!("{listed} and {more} more"),
    }
}

struct Checker<'s> {
    schema: &'s Schema,
    items: Vec<Diagnostic>,
    suggestions_left: usize,
}

impl Checker<'_> {
    fn report(&mut self, kind: DiagnosticKind, span: Span, message: String, help: Option<String>) {
        let severity = match kind {
            DiagnosticKind::RepeatedEquality => Severity::Warning,
            _ => Severity::Error,
        };
        self.items.push(Diagnostic {
            severity,
            kind,
            span,
            message,
            help,
        });
    }

    /// Checks every predicate, and looks for repeated `eq` within each AND: the query's
    /// conditions together, and every AND group.
    fn check_conditions(&mut self, query: &Query) {
        let top: Vec<&Expr> = query.conditions.iter().map(|c| &c.expr).collect();
        let mut and_scopes: Vec<Vec<&Expr>> = vec![top];
        // The stack contains members in reverse, so predicates are checked in the order written.
        // Each entry records whether its parent is an AND. An AND inside an AND joins its
        // parent's conjunction, and only an AND under OR or NOT starts a conjunction of its own.
        let mut pending: Vec<(&Expr, bool)> = query
            .conditions
            .iter()
            .rev()
            .map(|c| (&c.expr, true))
            .collect();
        while let Some((expr, in_and)) = pending.pop() {
            match expr {
                Expr::Predicate(predicate) => self.check_predicate(predicate),
                Expr::Group(group) => {
                    let is_and = group.op == GroupOp::And;
                    if is_and && !in_and {
                        and_scopes.push(group.members.iter().collect());
                    }
                    pending.extend(group.members.iter().rev().map(|member| (member, is_and)));
                }
            }
        }
        for scope in and_scopes {
            self.check_repeated_equality(&scope);
        }
    }

    fn check_repeated_equality(&mut self, members: &[&Expr]) {
        // Members in the order written, with a nested AND's members in its place, because
        // they belong to the same conjunction.
        let mut flattened: Vec<&Expr> = members.iter().rev().copied().collect();
        let mut predicates = Vec::new();
        while let Some(expr) = flattened.pop() {
            match expr {
                Expr::Predicate(predicate) => predicates.push(predicate),
                Expr::Group(group) if group.op == GroupOp::And => {
                    flattened.extend(group.members.iter().rev());
                }
                Expr::Group(_) => {}
            }
        }
        let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
        for predicate in predicates {
            let Test::Eq(value) = &predicate.test else {
                continue;
            };
            let first = *seen
                .entry(predicate.field.name.as_str())
                .or_insert(value.text.as_str());
            if first != value.text {
                let field = excerpt(&predicate.field.name);
                self.report(
                    DiagnosticKind::RepeatedEquality,
                    predicate.span,
                    format!("`{field}` is compared with eq more than once in one AND"),
                    Some(format!(
                        "a record matches both only when the values are equal; use in({field},...) to match `{}` or the other value",
                        excerpt(&value.text)
                    )),
                );
            }
        }
    }

    fn check_predicate(&mut self, predicate: &Predicate) {
        let name = &predicate.field.name;
        let Some(field) = self.schema.field(name) else {
            return self.unknown_field(name, predicate.field.span);
        };
        if !field.filterable {
            self.report(
                DiagnosticKind::FilterNotAllowed,
                predicate.field.span,
                format!("the schema does not allow filtering on `{}`", excerpt(name)),
                Some("remove this condition".to_owned()),
            );
        }

        let operator = predicate.test.operator();
        if !field.field_type.allows(operator) {
            return self.operator_not_allowed(operator, &field.field_type, predicate);
        }

        let values = predicate.test.values();
        if matches!(operator, Operator::In | Operator::Nin)
            && values.len() > self.schema.max_list_items
        {
            self.report(
                DiagnosticKind::TooManyItems,
                values[self.schema.max_list_items].span,
                format!(
                    "more than {} values in one list for `{}`",
                    self.schema.max_list_items,
                    excerpt(name)
                ),
                Some(
                    match operator {
                        Operator::Nin => {
                            "split the list into several nin conditions joined with AND"
                        }
                        _ => "split the list into several in conditions joined with OR",
                    }
                    .to_owned(),
                ),
            );
        }

        let mut typed = Vec::with_capacity(values.len());
        for value in &values {
            match field.field_type.read_literal(&value.text) {
                Ok(literal) => typed.push(literal),
                Err(expected) => self.invalid_value(&field.field_type, name, value, &expected),
            }
        }

        if let (Test::Btn(low, high), [low_typed, high_typed]) = (&predicate.test, typed.as_slice())
        {
            if low_typed.as_ref().total_cmp(&high_typed.as_ref()).is_gt() {
                self.report(
                    DiagnosticKind::EmptyRange,
                    low.span.to(high.span),
                    format!(
                        "the lower bound `{}` is above the upper bound `{}`, so nothing matches",
                        excerpt(&low.text),
                        excerpt(&high.text)
                    ),
                    Some("swap the two bounds".to_owned()),
                );
            }
        }
    }

    fn unknown_field(&mut self, name: &str, span: Span) {
        let closest = if self.suggestions_left > 0 {
            self.suggestions_left -= 1;
            self.schema.closest_field(name)
        } else {
            None
        };
        let help = match closest {
            Some(closest) => format!("did you mean `{closest}`?"),
            None if self.schema.fields.is_empty() => "the schema declares no fields".to_owned(),
            None => format!(
                "the fields are {}",
                listing(self.schema.fields.keys().map(String::as_str))
            ),
        };
        self.report(
            DiagnosticKind::UnknownField,
            span,
            format!("unknown field `{}`", excerpt(name)),
            Some(help),
        );
    }

    fn operator_not_allowed(
        &mut self,
        operator: Operator,
        field_type: &FieldType,
        predicate: &Predicate,
    ) {
        let allowed: Vec<&str> = Operator::ALL
            .iter()
            .filter(|candidate| field_type.allows(**candidate))
            .map(|candidate| candidate.name())
            .collect();
        self.report(
            DiagnosticKind::OperatorNotAllowed,
            predicate.span,
            format!(
                "`{}` does not apply to `{}`, {} field",
                operator.name(),
                excerpt(&predicate.field.name),
                with_article(field_type.name())
            ),
            Some(format!(
                "{} field takes {}",
                with_article(field_type.name()),
                allowed.join(", ")
            )),
        );
    }

    fn invalid_value(&mut self, field_type: &FieldType, name: &str, value: &Value, expected: &str) {
        let kind = match field_type {
            FieldType::Enumeration { .. } => DiagnosticKind::NotInEnumeration,
            _ => DiagnosticKind::InvalidValue,
        };
        self.report(
            kind,
            value.span,
            format!(
                "`{}` is not a valid {} for `{}`",
                excerpt(&value.text),
                field_type.name(),
                excerpt(name)
            ),
            Some(format!("write {expected}")),
        );
    }

    fn check_sort(&mut self, query: &Query) {
        let Some(sort) = &query.sort else { return };
        for key in &sort.keys {
            let name = &key.field.name;
            match self.schema.field(name) {
                None => self.unknown_field(name, key.field.span),
                Some(field) if !field.sortable => self.report(
                    DiagnosticKind::SortNotAllowed,
                    key.span,
                    format!("the schema does not allow sorting by `{}`", excerpt(name)),
                    Some("remove this sort key".to_owned()),
                ),
                Some(_) => {}
            }
        }
    }
}
