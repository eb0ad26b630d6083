//! The walk from pest's pairs to an advanced [`Expr`], and the checks of operator names,
//! argument counts and argument kinds.

use pest::iterators::Pair;

use super::decode::Located;
use super::fast_path;
use super::grammar::{check_nesting, parse, raw_span, unquote, Rule};
use super::hints::{
    list_too_long, missing_list_item, missing_value, null_value, unknown_operator, HintStyle,
};
use super::ParseOptions;
use crate::ast::{Arity, Expr, Field, Group, GroupOp, Operator, Predicate, Test, Value};
use crate::error::{excerpt, Error, ErrorKind, Span};

/// Parses the decoded value of a `filter` parameter, or a bare expression.
pub(super) fn read_filter(source: &Located<'_>, options: &ParseOptions) -> Result<Expr, Error> {
    if let Some(expr) = options.fast(|| fast_path::read_filter(source, options)) {
        return Ok(expr);
    }
    if source.text.trim_matches(is_blank).is_empty() {
        return Err(Error::new(
            ErrorKind::MissingValue,
            source.raw_span(0, source.text.len()),
            "empty filter expression",
        )
        .with_help(
            "write an expression such as filter=eq(country,US), or leave the parameter out",
        ));
    }
    if source.text.starts_with("filter=") {
        return Err(Error::new(
            ErrorKind::Syntax,
            source.raw_span(0, "filter=".len()),
            "`filter=` names the query parameter and is not part of the expression",
        )
        .with_help("drop `filter=`, or parse the whole text as a query string"));
    }
    check_nesting(source, options.max_depth)?;

    let filter = parse(Rule::filter, source)?
        .next()
        .expect("the filter rule yields one pair");
    let call = filter
        .into_inner()
        .find(|pair| pair.as_rule() == Rule::call)
        .expect("a filter contains one call");
    let end = call.as_span().end();
    let expr = read_call(call, source, options)?;
    check_nothing_follows(source, end, &expr)?;
    Ok(expr)
}

/// Rejects text after a complete expression. When the text goes on with `,`, the `)` that
/// ended the expression most likely closed it too early, so the error points at that `)`.
fn check_nothing_follows(source: &Located<'_>, end: usize, expr: &Expr) -> Result<(), Error> {
    let rest = &source.text[end..];
    let Some(offset) = rest.find(|c: char| !is_blank(c)) else {
        return Ok(());
    };
    let at = end + offset;
    let found = rest[offset..].chars().next().unwrap_or(' ');
    let name = expression_name(expr);

    let error = if found == ')' {
        Error::new(
            ErrorKind::TrailingInput,
            source.raw_span(at, at + 1),
            format!("unmatched `)`: the expression `{name}(...)` already ended"),
        )
        .with_help("remove the extra `)`")
    } else if found == ',' {
        Error::new(
            ErrorKind::TrailingInput,
            source.raw_span(end - 1, end),
            format!("this `)` closes `{name}(`, so the text after it is left over"),
        )
        .with_help(format!(
            "remove this `)` if what follows belongs inside `{name}(...)`, or join the expressions in AND(...) or OR(...)"
        ))
    } else {
        Error::new(
            ErrorKind::TrailingInput,
            source.raw_span(at, at + found.len_utf8()),
            format!(
                "unexpected `{}` after the end of the expression `{name}(...)`",
                excerpt(found.encode_utf8(&mut [0; 4]))
            ),
        )
        .with_help("join several expressions in AND(...) or OR(...)")
    };
    Err(error)
}

fn expression_name(expr: &Expr) -> &'static str {
    match expr {
        Expr::Group(group) => group.op.name(),
        Expr::Predicate(predicate) => predicate.test.operator().name(),
    }
}

/// One argument position of a call: its span and what it holds.
struct Slot<'i> {
    span: Span,
    argument: Option<Pair<'i, Rule>>,
}

fn read_call(
    call: Pair<'_, Rule>,
    source: &Located<'_>,
    options: &ParseOptions,
) -> Result<Expr, Error> {
    let span = raw_span(&call, source);
    let mut inner = call.into_inner();
    let name_pair = inner.next().expect("a call starts with its name");
    let name = name_pair.as_str();
    let name_span = raw_span(&name_pair, source);
    let slots: Vec<Slot<'_>> = inner
        .filter(|pair| pair.as_rule() == Rule::slot)
        .map(|slot| Slot {
            span: raw_span(&slot, source),
            argument: slot.into_inner().next(),
        })
        .collect();

    match GroupOp::from_name(name) {
        Some(GroupOp::Not) if !options.not => {
            return Err(Error::new(
                ErrorKind::UnknownOperator,
                name_span,
                format!("`{name}` is not enabled"),
            )
            .with_help(
                "NOT is an optional extension: enable it with ParseOptions::with_not(true), or --not on the command line",
            ));
        }
        Some(op) => return read_group(op, span, slots, source, options),
        None => {}
    }
    let Some(operator) = Operator::from_name(name) else {
        return Err(unknown_operator(name, name_span, true));
    };
    read_predicate(operator, span, slots, source, options)
}

fn read_group(
    op: GroupOp,
    span: Span,
    slots: Vec<Slot<'_>>,
    source: &Located<'_>,
    options: &ParseOptions,
) -> Result<Expr, Error> {
    if slots.len() == 1 && slots[0].argument.is_none() {
        return Err(Error::new(
            ErrorKind::InvalidArguments,
            span,
            format!("`{}()` needs at least one condition", op.name()),
        )
        .with_help(match op {
            GroupOp::Not => "write NOT(eq(a,1)), or leave the group out".to_owned(),
            _ => format!(
                "write {}(eq(a,1),eq(b,2)), or leave the group out",
                op.name()
            ),
        }));
    }
    if op == GroupOp::Not && slots.len() != 1 {
        return Err(Error::new(
            ErrorKind::InvalidArguments,
            span,
            format!(
                "`NOT` takes exactly one condition, but {} were given",
                slots.len()
            ),
        )
        .with_help("write NOT(AND(...)) or NOT(OR(...)) to negate several conditions"));
    }

    let mut members = Vec::with_capacity(slots.len());
    for slot in slots {
        match slot.argument {
            Some(pair) if pair.as_rule() == Rule::call => {
                members.push(read_call(pair, source, options)?);
            }
            Some(pair) => {
                return Err(Error::new(
                    ErrorKind::InvalidArguments,
                    raw_span(&pair, source),
                    format!(
                        "`{}` takes conditions, but `{}` is a value",
                        op.name(),
                        excerpt(pair.as_str())
                    ),
                )
                .with_help("write a condition such as eq(field,value) here"));
            }
            None => {
                return Err(Error::new(
                    ErrorKind::InvalidArguments,
                    slot.span,
                    format!("missing condition in `{}(...)`", op.name()),
                )
                .with_help("remove the extra `,`, or write a condition such as eq(field,value)"));
            }
        }
    }
    Ok(Expr::Group(Group { op, members, span }))
}

fn read_predicate(
    operator: Operator,
    span: Span,
    slots: Vec<Slot<'_>>,
    source: &Located<'_>,
    options: &ParseOptions,
) -> Result<Expr, Error> {
    let name = operator.name();
    let mut slots = slots.into_iter();
    let field_slot = slots.next().expect("a call has at least one slot");
    let field = read_field(field_slot, name, source)?;

    let value_slots: Vec<Slot<'_>> = slots.collect();
    if let Some(index) = value_slots.iter().position(|slot| slot.argument.is_none()) {
        let slot = &value_slots[index];
        if index > 0 && index + 1 == value_slots.len() {
            return Err(Error::new(
                ErrorKind::MissingValue,
                slot.span,
                format!("trailing `,` in `{name}(...)`"),
            )
            .with_help("remove the `,` before `)`, or write the missing value"));
        }
        if matches!(operator.arity(), Arity::Two | Arity::List) {
            return Err(missing_list_item(slot.span, name));
        }
        return Err(missing_value(
            slot.span,
            &field.name,
            name,
            HintStyle::Advanced,
        ));
    }
    check_value_count(
        operator,
        span,
        value_slots.len(),
        &field.name,
        HintStyle::Advanced,
    )?;
    if operator.arity() == Arity::List && value_slots.len() > options.max_list_items {
        let extra = &value_slots[options.max_list_items];
        return Err(list_too_long(extra.span, options.max_list_items));
    }

    let mut values = Vec::with_capacity(value_slots.len());
    for slot in value_slots {
        values.push(read_value(
            slot,
            source,
            &field.name,
            name,
            HintStyle::Advanced,
        )?);
    }
    let test = build_test(operator, values);
    Ok(Expr::Predicate(Predicate { field, test, span }))
}

fn read_field(slot: Slot<'_>, operator: &str, source: &Located<'_>) -> Result<Field, Error> {
    let example = match Operator::from_name(operator).map(Operator::arity) {
        Some(Arity::None) => format!("{operator}(field)"),
        _ => format!("{operator}(field,...)"),
    };
    let Some(pair) = slot.argument else {
        return Err(Error::new(
            ErrorKind::InvalidArguments,
            slot.span,
            format!("`{operator}` needs a field name first"),
        )
        .with_help(format!("write {example}")));
    };
    let span = raw_span(&pair, source);
    match pair.as_rule() {
        Rule::quoted => {
            let name = unquote(&pair, source)?;
            if name.is_empty() {
                return Err(
                    Error::new(ErrorKind::InvalidQuoting, span, "empty field name")
                        .with_help("write the field's name between the quotes"),
                );
            }
            Ok(Field {
                name,
                quoted: true,
                span,
            })
        }
        Rule::bare if is_bare_field(pair.as_str()) => Ok(Field {
            name: pair.as_str().to_owned(),
            quoted: false,
            span,
        }),
        Rule::bare => Err(Error::new(
            ErrorKind::InvalidField,
            span,
            format!("field name `{}` must be quoted", excerpt(pair.as_str())),
        )
        .with_help(format!(
            "a bare field name contains only letters, digits, `_`, `.` and `-`: write {}",
            excerpt(&crate::print::quote(pair.as_str()))
        ))),
        _ => Err(Error::new(
            ErrorKind::InvalidArguments,
            span,
            format!("`{operator}` needs a field name first, not a condition"),
        )
        .with_help(format!("write {example}"))),
    }
}

fn read_value(
    slot: Slot<'_>,
    source: &Located<'_>,
    field: &str,
    operator: &str,
    style: HintStyle,
) -> Result<Value, Error> {
    let Some(pair) = slot.argument else {
        return Err(missing_value(slot.span, field, operator, style));
    };
    let span = raw_span(&pair, source);
    match pair.as_rule() {
        Rule::quoted => Ok(Value {
            text: unquote(&pair, source)?,
            quoted: true,
            span,
        }),
        Rule::bare => {
            let text = pair.as_str();
            if text.eq_ignore_ascii_case("null") {
                return Err(null_value(span, field, text, style));
            }
            Ok(Value {
                text: text.to_owned(),
                quoted: false,
                span,
            })
        }
        _ => Err(Error::new(
            ErrorKind::Syntax,
            span,
            format!("`{}` is not a value: it has `(`", excerpt(pair.as_str())),
        )
        .with_help(format!(
            "quote values that contain , ( ) such as {}",
            excerpt(&crate::print::quote(pair.as_str()))
        ))),
    }
}

/// Reads the item slots of a match-type `in`, `nin` or `btn`, which share the advanced syntax's
/// value rules.
pub(super) fn read_value_list(
    source: &Located<'_>,
    options: &ParseOptions,
    field: &str,
    operator: Operator,
) -> Result<Vec<Value>, Error> {
    check_nesting(source, options.max_depth)?;
    let list = parse(Rule::value_list, source)?
        .next()
        .expect("the value list rule yields one pair");
    let slots: Vec<Slot<'_>> = list
        .into_inner()
        .filter(|pair| pair.as_rule() == Rule::slot)
        .map(|slot| Slot {
            span: raw_span(&slot, source),
            argument: slot.into_inner().next(),
        })
        .collect();
    if operator.arity() == Arity::List && slots.len() > options.max_list_items {
        return Err(list_too_long(
            slots[options.max_list_items].span,
            options.max_list_items,
        ));
    }
    if let Some(empty) = slots.iter().find(|slot| slot.argument.is_none()) {
        return Err(missing_list_item(empty.span, operator.name()));
    }
    slots
        .into_iter()
        .map(|slot| read_value(slot, source, field, operator.name(), HintStyle::MatchType))
        .collect()
}

/// Checks the number of values against the operator's arity.
pub(super) fn check_value_count(
    operator: Operator,
    span: Span,
    count: usize,
    field: &str,
    style: HintStyle,
) -> Result<(), Error> {
    let name = operator.name();
    if operator.arity().accepts(count) {
        return Ok(());
    }
    let (expected, arguments) = match operator.arity() {
        Arity::None => ("no value", ""),
        Arity::One => ("one value", "value"),
        Arity::Two => ("two values", "low,high"),
        Arity::List => ("one or more values", "a,b"),
    };
    let field = style.field(field);
    let example = match (style, arguments) {
        (HintStyle::Advanced, "") => format!("{name}({field})"),
        (HintStyle::Advanced, _) => format!("{name}({field},{arguments})"),
        (HintStyle::MatchType, _) => format!("{field}={name}::{arguments}"),
    };
    Err(Error::new(
        ErrorKind::InvalidArguments,
        span,
        format!(
            "`{name}` takes a field and {expected}, but {count} {} given",
            if count == 1 {
                "value was"
            } else {
                "values were"
            }
        ),
    )
    .with_help(format!("write {example}")))
}

/// Builds the test from values whose count [`check_value_count`] accepted.
pub(super) fn build_test(operator: Operator, values: Vec<Value>) -> Test {
    let mut values = values.into_iter();
    let mut one = || values.next().expect("the value count was checked");
    match operator {
        Operator::IsNull => Test::IsNull,
        Operator::IsNotNull => Test::IsNotNull,
        Operator::Eq => Test::Eq(one()),
        Operator::Neq => Test::Neq(one()),
        Operator::Gt => Test::Gt(one()),
        Operator::Gte => Test::Gte(one()),
        Operator::Lt => Test::Lt(one()),
        Operator::Lte => Test::Lte(one()),
        Operator::Like => Test::Like(one()),
        Operator::NotLike => Test::NotLike(one()),
        Operator::Btn => {
            let low = one();
            Test::Btn(low, one())
        }
        Operator::In => Test::In(values.collect()),
        Operator::Nin => Test::Nin(values.collect()),
    }
}

/// Returns whether `name` can be written as a bare field name: Unicode letters and digits, `_`, `.`
/// and `-`, not starting with `.` or `-`.
pub(crate) fn is_bare_field(name: &str) -> bool {
    let bytes = name.as_bytes();
    if bytes
        .iter()
        .all(|&byte| ASCII_NAME_BYTES[usize::from(byte)])
    {
        return bytes
            .first()
            .is_some_and(|first| first.is_ascii_alphanumeric() || *first == b'_');
    }
    if name.is_ascii() {
        return false;
    }
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphanumeric() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// The bytes of an ASCII bare field name: letters, digits, `_`, `.` and `-`.
static ASCII_NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < table.len() {
        let c = byte as u8;
        table[byte] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-');
        byte += 1;
    }
    table
};

/// The whitespace the advanced syntax allows around tokens.
pub(crate) fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}
