//! The walk from a checked query to SQL text and its parameters.

use super::dialect::{escape_like, quote_identifier, Dialect};
use super::document::DocumentMember;
use super::{Layout, SqlOptions, SqlQuery, SqlValue};
use crate::ast::{Direction, Expr, GroupOp, Predicate, Query, Test, Value};
use crate::error::{excerpt, Error, ErrorKind, Span};
use crate::schema::types::Typed;
use crate::schema::{CheckedQuery, FieldType, Schema};

/// Renders `checked` as a page query and a count query for `options.dialect`.
///
/// The WHERE clause follows the in-memory rules. A comparison is false on null, so `neq` and
/// `nin` leave out null rows. `btn` includes both bounds, and `like` matches its value
/// literally anywhere in the text. ORDER BY puts nulls last ascending and first descending in every
/// dialect, compares text by code point, and ends with the schema's key field as the in-memory
/// sort does.
///
/// # Errors
///
/// [`ErrorKind::InvalidField`] for a table, column or document member name that cannot be
/// quoted, and [`ErrorKind::InvalidPaging`] for an offset beyond the range of a 64-bit integer.
pub fn render(checked: &CheckedQuery, options: &SqlOptions) -> Result<SqlQuery, Error> {
    let query = checked.query();
    let document = match &options.layout {
        Layout::Columns => None,
        Layout::Document { column } => Some(quote_identifier(options.dialect, column)?),
    };
    let mut renderer = Renderer {
        dialect: options.dialect,
        schema: checked.schema(),
        document,
        params: Vec::new(),
    };

    let mut conditions = Vec::with_capacity(query.conditions.len());
    for condition in &query.conditions {
        conditions.push(renderer.expr(&condition.expr)?);
    }
    let table = quote_identifier(options.dialect, &options.table)?;
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", join_balanced(&conditions, "AND"))
    };
    let count_sql = format!("SELECT COUNT(*) FROM {table}{filter}");
    let count_params = renderer.params.clone();

    let order = renderer.order_by(checked)?;
    let size = i64::from(query.page_size_or_default());
    let offset = i64::from(query.page_number_or_default().saturating_sub(1))
        .checked_mul(size)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidPaging,
                query
                    .page_number
                    .as_ref()
                    .map(|page| page.span)
                    .unwrap_or_default(),
                "the page offset does not fit in a 64-bit integer",
            )
        })?;
    let limit = renderer.bind(SqlValue::Integer(size));
    let offset = renderer.bind(SqlValue::Integer(offset));
    let sql = format!("SELECT * FROM {table}{filter}{order} LIMIT {limit} OFFSET {offset}");
    check_parameter_count(query, options.dialect, renderer.params.len())?;

    Ok(SqlQuery {
        sql,
        params: renderer.params,
        count_sql,
        count_params,
    })
}

struct Renderer<'s> {
    dialect: Dialect,
    schema: &'s Schema,
    /// The quoted JSON document column, when fields are its members.
    document: Option<String>,
    params: Vec<SqlValue>,
}

/// A field as SQL: the expression that reads its value, and its null tests.
struct FieldSql {
    field_type: FieldType,
    value: String,
    is_null: String,
    is_not_null: String,
}

impl Renderer<'_> {
    /// Adds a parameter and returns its placeholder.
    fn bind(&mut self, value: SqlValue) -> String {
        self.params.push(value);
        self.dialect.placeholder(self.params.len())
    }

    // The recursion is bounded: validation rejects expressions deeper than the depth ceiling.
    fn expr(&mut self, expr: &Expr) -> Result<String, Error> {
        let group = match expr {
            Expr::Predicate(predicate) => return self.predicate(predicate),
            Expr::Group(group) => group,
        };
        let mut members = Vec::with_capacity(group.members.len());
        for member in &group.members {
            members.push(self.expr(member)?);
        }
        Ok(match group.op {
            GroupOp::And => format!("({})", join_balanced(&members, "AND")),
            GroupOp::Or => format!("({})", join_balanced(&members, "OR")),
            // A NOT built in code with several members negates their AND, as in memory.
            GroupOp::Not => format!("NOT ({})", join_balanced(&members, "AND")),
        })
    }

    /// Returns the SQL that reads the field `name`. `span` is where the query names the field;
    /// validation has already checked that the schema declares it.
    fn field(&self, name: &str, span: Span) -> Result<FieldSql, Error> {
        let field = self.schema.field(name).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidField,
                span,
                format!("field `{}` is not in the schema", excerpt(name)),
            )
            .with_help("validate the query against the schema that describes the table")
        })?;
        let field_type = field.field_type.clone();
        if let Some(document) = &self.document {
            let path = field.storage.as_deref().unwrap_or(name);
            let member = DocumentMember::new(
                self.dialect,
                document.clone(),
                path,
                field.storage.is_some(),
                span,
            )?;
            return Ok(FieldSql {
                value: member.typed(&field_type),
                is_null: member.is_null(false),
                is_not_null: member.is_null(true),
                field_type,
            });
        }
        let column = field.storage.as_deref().unwrap_or(name);
        let quoted = quote_identifier(self.dialect, column).map_err(|error| {
            Error::new(error.kind(), span, error.message())
                .with_help(error.help().unwrap_or_default())
        })?;
        Ok(FieldSql {
            is_null: format!("{quoted} IS NULL"),
            is_not_null: format!("{quoted} IS NOT NULL"),
            value: quoted,
            field_type,
        })
    }

    fn predicate(&mut self, predicate: &Predicate) -> Result<String, Error> {
        let FieldSql {
            field_type,
            value: column,
            is_null,
            is_not_null,
        } = self.field(&predicate.field.name, predicate.field.span)?;
        let collation = text_collation(self.dialect, &field_type);
        let compared = format!("{column}{collation}");
        let bind = |renderer: &mut Renderer<'_>, value: &Value| -> Result<String, Error> {
            check_value(renderer.dialect, value, None)?;
            let literal = sql_literal(&field_type, &value.text);
            Ok(renderer.bind(literal))
        };

        Ok(match &predicate.test {
            Test::IsNull => is_null,
            Test::IsNotNull => is_not_null,
            Test::Eq(value) => format!("{compared} = {}", bind(self, value)?),
            Test::Neq(value) => format!("{compared} <> {}", bind(self, value)?),
            Test::Gt(value) => format!("{compared} > {}", bind(self, value)?),
            Test::Gte(value) => format!("{compared} >= {}", bind(self, value)?),
            Test::Lt(value) => format!("{compared} < {}", bind(self, value)?),
            Test::Lte(value) => format!("{compared} <= {}", bind(self, value)?),
            Test::In(values) | Test::Nin(values) => {
                let placeholders = values
                    .iter()
                    .map(|value| bind(self, value))
                    .collect::<Result<Vec<String>, Error>>()?;
                let not = if matches!(predicate.test, Test::Nin(_)) {
                    "NOT "
                } else {
                    ""
                };
                format!("{compared} {not}IN ({})", placeholders.join(", "))
            }
            Test::Btn(low, high) => {
                let low = bind(self, low)?;
                let high = bind(self, high)?;
                format!("{compared} BETWEEN {low} AND {high}")
            }
            Test::Like(value) | Test::NotLike(value) => {
                let pattern = format!("%{}%", escape_like(&value.text));
                check_value(self.dialect, value, Some(&pattern))?;
                let pattern = self.bind(SqlValue::Text(pattern));
                let negated = matches!(predicate.test, Test::NotLike(_));
                self.dialect.like(&column, &pattern, negated)
            }
        })
    }

    /// Renders ORDER BY: the query's sort keys, then the schema's key field ascending unless a
    /// sort key names it. Empty when there is neither.
    fn order_by(&self, checked: &CheckedQuery) -> Result<String, Error> {
        let query = checked.query();
        let mut terms = Vec::new();
        let mut key_sorted = false;
        let key = self.schema.key_field();
        for sort_key in query.sort.iter().flat_map(|sort| &sort.keys) {
            key_sorted |= Some(sort_key.field.name.as_str()) == key;
            let descending = sort_key.direction == Direction::Descending;
            terms.push(self.order_term(&sort_key.field.name, sort_key.field.span, descending)?);
        }
        if let Some(key) = key.filter(|_| !key_sorted) {
            terms.push(self.order_term(key, Span::default(), false)?);
        }
        if terms.is_empty() {
            return Ok(String::new());
        }
        Ok(format!(" ORDER BY {}", terms.join(", ")))
    }

    fn order_term(&self, name: &str, span: Span, descending: bool) -> Result<String, Error> {
        let field = self.field(name, span)?;
        let collation = text_collation(self.dialect, &field.field_type);
        Ok(self.dialect.order_term(&field.value, collation, descending))
    }
}

/// SQLite's default limit on the length of a LIKE pattern in bytes (`SQLITE_MAX_LIKE_PATTERN_LENGTH`).
const SQLITE_MAX_LIKE_PATTERN: usize = 50_000;

/// Rejects a value that the dialect cannot bind or match: text with NUL in PostgreSQL, whose
/// text type cannot store it, and in SQLite a `like` `pattern` with NUL or over SQLite's length
/// limit. SQLite 3.50's `LIKE` (`likeFunc`) ends a pattern at NUL, so `like(a,x%00y)` would run
/// as the pattern `%x` and match every text that ends with `x`.
fn check_value(dialect: Dialect, value: &Value, pattern: Option<&str>) -> Result<(), Error> {
    let invalid = |message: String, help: &str| {
        Err(Error::new(ErrorKind::InvalidArguments, value.span, message).with_help(help))
    };
    let has_nul = value.text.contains('\0');
    match (dialect, pattern) {
        (Dialect::Postgres, _) if has_nul => invalid(
            "PostgreSQL text cannot contain NUL (U+0000)".to_owned(),
            "remove the NUL character (%00) from the value",
        ),
        (Dialect::Sqlite, Some(_)) if has_nul => invalid(
            "the like value contains NUL (U+0000), where SQLite's LIKE ends the pattern".to_owned(),
            "remove the NUL character (%00) from the value",
        ),
        (Dialect::Sqlite, Some(pattern)) if pattern.len() > SQLITE_MAX_LIKE_PATTERN => invalid(
            format!(
                "the like pattern is {} bytes long, over SQLite's limit of {SQLITE_MAX_LIKE_PATTERN}",
                pattern.len()
            ),
            "shorten the value",
        ),
        _ => Ok(()),
    }
}

/// Rejects a statement with more bound parameters than the database accepts. The default
/// [`ParseOptions`](crate::ParseOptions) limits keep a query below SQLite's limit, but raised
/// limits do not.
fn check_parameter_count(query: &Query, dialect: Dialect, count: usize) -> Result<(), Error> {
    let max = dialect.max_parameters();
    if count <= max {
        return Ok(());
    }
    let database = match dialect {
        Dialect::Postgres => "PostgreSQL",
        Dialect::Sqlite => "SQLite",
        Dialect::MySql => "MySQL",
        Dialect::MariaDb => "MariaDB",
    };
    let span = match (query.conditions.first(), query.conditions.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => Span::default(),
    };
    Err(Error::new(
        ErrorKind::InputTooLong,
        span,
        format!("the statement binds {count} parameters, over {database}'s limit of {max}"),
    )
    .with_help("split the query, or use fewer values in `in` and `nin` lists"))
}

/// Joins conditions with `AND` or `OR` as a balanced tree of parenthesized halves. A flat chain
/// of a thousand terms is a tree a thousand levels deep to SQLite, which rejects expressions
/// deeper than 1000; halving keeps the depth logarithmic.
fn join_balanced(terms: &[String], operator: &str) -> String {
    match terms {
        [] => String::new(),
        [single] => single.clone(),
        [first, second] => format!("{first} {operator} {second}"),
        _ if terms.len() <= 8 => terms.join(&format!(" {operator} ")),
        _ => {
            let (left, right) = terms.split_at(terms.len() / 2);
            format!(
                "({}) {operator} ({})",
                join_balanced(left, operator),
                join_balanced(right, operator)
            )
        }
    }
}

/// Returns the collation that makes a text field compare by code point, and nothing for other
/// types.
fn text_collation(dialect: Dialect, field_type: &FieldType) -> &'static str {
    match field_type {
        FieldType::Text | FieldType::Enumeration { .. } => dialect.binary_collation(),
        _ => "",
    }
}

/// Converts a literal, which validation has checked, to the parameter of its column type.
fn sql_literal(field_type: &FieldType, text: &str) -> SqlValue {
    match field_type.read_literal(text) {
        Ok(Typed::Text(text)) => SqlValue::Text(text),
        Ok(Typed::Number(number)) => number_value(number),
        Ok(Typed::Boolean(boolean)) => SqlValue::Boolean(boolean),
        Ok(Typed::Instant(millis)) => {
            i64::try_from(millis).map_or(SqlValue::Real(millis as f64), SqlValue::Integer)
        }
        Ok(Typed::Date(day)) => SqlValue::Text(format_date(day)),
        // Validation rejects such a literal; text never equals a typed column's value.
        Err(_) => SqlValue::Text(text.to_owned()),
    }
}

fn number_value(number: crate::eval::Number) -> SqlValue {
    match number {
        crate::eval::Number::Integer(integer) => {
            i64::try_from(integer).map_or(SqlValue::Real(integer as f64), SqlValue::Integer)
        }
        crate::eval::Number::Float(float) => SqlValue::Real(float),
    }
}

/// Writes a Julian day number as `YYYY-MM-DD`, the form dates are stored in.
fn format_date(day: i32) -> String {
    match time::Date::from_julian_day(day) {
        Ok(date) => format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        ),
        Err(_) => String::new(),
    }
}
