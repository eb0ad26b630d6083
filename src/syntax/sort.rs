//! The `sort`, `pageNumber` and `pageSize` parameters.

use super::advanced::{is_bare_field, is_blank};
use super::decode::Located;
use super::grammar::{parse, raw_span, unquote, Rule};
use crate::ast::{Direction, Field, PageParameter, Sort, SortKey};
use crate::error::{excerpt, Error, ErrorKind};
use crate::print::quote;

/// The largest page number: the largest signed 32-bit integer, which APIs of this kind accept.
pub(crate) const MAX_PAGE_NUMBER: u32 = i32::MAX as u32;

/// Reads a decoded `sort` value such as `-country,+"Body Mass (g)"`.
pub(super) fn read_sort(value: &Located<'_>) -> Result<Sort, Error> {
    let span = value.raw_span(0, value.text.len());
    if value.text.trim_matches(is_blank).is_empty() {
        return Err(
            Error::new(ErrorKind::MissingValue, span, "empty sort parameter")
                .with_help("write sort=field, sort=-field or several keys separated by commas"),
        );
    }

    let sort = parse(Rule::sort, value)
        .map_err(|error| {
            Error::new(
                ErrorKind::InvalidField,
                error.span(),
                format!(
                    "invalid sort key in `{}`: {}",
                    excerpt(&value.text),
                    error.message()
                ),
            )
            .with_help(
                r#"a sort key is field, +field or -field; quote a field name with other characters, such as -"Body Mass (g)""#,
            )
        })?
        .next()
        .expect("the sort rule yields one pair");

    let mut keys = Vec::new();
    for key in sort
        .into_inner()
        .filter(|pair| pair.as_rule() == Rule::sort_key)
    {
        let key_span = raw_span(&key, value);
        let mut direction = Direction::Ascending;
        let mut field = None;
        for part in key.into_inner() {
            match part.as_rule() {
                Rule::sort_sign if part.as_str() == "-" => direction = Direction::Descending,
                Rule::sort_sign => {}
                Rule::quoted => {
                    let name = unquote(&part, value)?;
                    let name_span = raw_span(&part, value);
                    if name.is_empty() {
                        return Err(Error::new(
                            ErrorKind::InvalidQuoting,
                            name_span,
                            "empty field name in sort",
                        )
                        .with_help("write the field's name between the quotes"));
                    }
                    field = Some(Field {
                        name,
                        quoted: true,
                        span: name_span,
                    });
                }
                _ => {
                    let name = part.as_str();
                    let name_span = raw_span(&part, value);
                    // The grammar's ALPHABETIC and NUMBER come from pest's Unicode tables, which
                    // can be newer than the standard library's (Unicode 18.0 in pest 2.9.6,
                    // 17.0 in Rust 1.95). The printer and the advanced syntax use
                    // `is_bare_field`, so it decides here too.
                    if !is_bare_field(name) {
                        return Err(Error::new(
                            ErrorKind::InvalidField,
                            name_span,
                            format!("field name `{name}` must be quoted"),
                        )
                        .with_help(format!(
                            "a bare field name holds only letters, digits, `_`, `.` and `-`: write {}",
                            quote(name)
                        )));
                    }
                    field = Some(Field {
                        name: name.to_owned(),
                        quoted: false,
                        span: name_span,
                    });
                }
            }
        }
        let field = field.expect("a sort key has a field name");
        keys.push(SortKey {
            field,
            direction,
            span: key_span,
        });
    }
    Ok(Sort { keys, span })
}

/// Reads a decoded `pageNumber` value: 1 to [`MAX_PAGE_NUMBER`].
pub(super) fn read_page_number(value: &Located<'_>) -> Result<PageParameter, Error> {
    read_page_value(value, "pageNumber", MAX_PAGE_NUMBER)
}

/// Reads a decoded `pageSize` value: 1 to `max`.
pub(super) fn read_page_size(value: &Located<'_>, max: u32) -> Result<PageParameter, Error> {
    read_page_value(value, "pageSize", max)
}

fn read_page_value(value: &Located<'_>, name: &str, max: u32) -> Result<PageParameter, Error> {
    let text: &str = &value.text;
    let span = value.raw_span(0, text.len());
    let out_of_range = || {
        Error::new(
            ErrorKind::InvalidPaging,
            span,
            format!(
                "{name} must be a whole number from 1 to {max}, but it is `{}`",
                excerpt(text)
            ),
        )
        .with_help(format!(
            "write {name}=1 up to {name}={max}, in ASCII digits"
        ))
    };

    // The grammar's `page_value` rule, checked without running the parser: ASCII digits only.
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(out_of_range());
    }
    let digits = text.trim_start_matches('0');
    // Over ten digits is always above the largest u32, and parsing them would overflow.
    if digits.len() > 10 {
        return Err(out_of_range());
    }
    match digits.parse::<u64>() {
        Ok(number) if (1..=u64::from(max)).contains(&number) => Ok(PageParameter {
            value: number as u32,
            span,
        }),
        _ => Err(out_of_range()),
    }
}
