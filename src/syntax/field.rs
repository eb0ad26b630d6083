//! Field parameters: the basic syntax `NAME=VALUE` and the match-type syntax `NAME=OP::VALUE`.

use super::advanced::{build_test, check_value_count, read_value_list};
use super::decode::Located;
use super::fast_path;
use super::grammar::{parse, raw_span, unquote, Rule};
use super::hints::{missing_value, null_value, unknown_operator, HintStyle};
use super::ParseOptions;
use crate::ast::{Arity, Condition, Expr, Field, Operator, Predicate, Syntax, Test, Value};
use crate::error::{excerpt, Error, ErrorKind, Span};

/// Reads one field parameter. `name` and `value` are decoded; `span` covers the raw parameter.
pub(super) fn read_field_condition(
    name: &Located<'_>,
    value: &Located<'_>,
    span: Span,
    options: &ParseOptions,
) -> Result<Condition, Error> {
    let field = Field {
        name: name.text.clone().into_owned(),
        quoted: false,
        span: name.raw_span(0, name.text.len()),
    };

    let operator_length = if options.fast_path_enabled() {
        match_type_operator(&value.text)
    } else {
        parsed_match_type_operator(value)?
    };
    let (syntax, test) = if let Some(length) = operator_length {
        let written = &value.text[..length];
        let operator = Operator::from_name(written).ok_or_else(|| {
            unknown_match_type(written, value.raw_span(0, length), value, &field.name)
        })?;
        let arguments = Located::sub(value, length + "::".len(), value.text.len());
        let test = read_match_type(operator, &arguments, span, &field.name, options)?;
        (Syntax::MatchType, test)
    } else {
        (
            Syntax::Basic,
            Test::Eq(read_basic_value(value, &field.name)?),
        )
    };

    Ok(Condition {
        syntax,
        expr: Expr::Predicate(Predicate { field, test, span }),
        span,
    })
}

/// Returns the length of the operator word when `text` is match-type: one or more ASCII
/// letters, then `::`. The grammar's `field_value` rule defines the same, and a test checks that
/// they agree.
fn match_type_operator(text: &str) -> Option<usize> {
    let length = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    (length > 0 && text[length..].starts_with("::")).then_some(length)
}

/// Returns what [`match_type_operator`] returns, read with the grammar's `field_value` rule.
fn parsed_match_type_operator(value: &Located<'_>) -> Result<Option<usize>, Error> {
    let form = parse(Rule::field_value, value)?
        .next()
        .expect("the field value rule yields one pair")
        .into_inner()
        .next()
        .expect("a field value is match-type or basic");
    if form.as_rule() != Rule::match_type {
        return Ok(None);
    }
    let operator = form
        .into_inner()
        .next()
        .expect("match-type starts with its operator");
    Ok(Some(operator.as_span().end()))
}

fn read_basic_value(value: &Located<'_>, field: &str) -> Result<Value, Error> {
    let text: &str = &value.text;
    let span = value.raw_span(0, text.len());
    if text.is_empty() {
        return Err(Error::new(
            ErrorKind::MissingValue,
            span,
            format!("empty value for `{}`", excerpt(field)),
        )
        .with_help(format!(
            "to match an empty string write {}; to match a missing value write {}",
            HintStyle::MatchType.empty_string(field),
            HintStyle::MatchType.is_null(field)
        )));
    }
    if text.eq_ignore_ascii_case("null") {
        return Err(Error::new(
            ErrorKind::NullValue,
            span,
            format!("`{text}` is not a value: null is tested with isnull"),
        )
        .with_help(format!(
            r#"to match a missing value write {}; to match the text write {}=eq::"{text}""#,
            HintStyle::MatchType.is_null(field),
            HintStyle::MatchType.field(field)
        )));
    }
    Ok(Value {
        text: text.to_owned(),
        quoted: false,
        span,
    })
}

fn read_match_type(
    operator: Operator,
    arguments: &Located<'_>,
    span: Span,
    field: &str,
    options: &ParseOptions,
) -> Result<Test, Error> {
    let text: &str = &arguments.text;
    let whole = arguments.raw_span(0, text.len());
    let name = operator.name();
    let values = match operator.arity() {
        Arity::None if text.is_empty() => Vec::new(),
        Arity::None => {
            return Err(Error::new(
                ErrorKind::InvalidArguments,
                whole,
                format!(
                    "`{name}` takes no value, but `{}` follows `::`",
                    excerpt(text)
                ),
            )
            .with_help(format!(
                "write {}={name}::",
                HintStyle::MatchType.field(field)
            )));
        }
        Arity::One => vec![read_single_value(arguments, field, name, options)?],
        Arity::Two | Arity::List => {
            if text.is_empty() {
                return Err(missing_value(whole, field, name, HintStyle::MatchType));
            }
            if let Some(values) =
                options.fast(|| fast_path::read_value_list(arguments, options, operator))
            {
                return Ok(build_test(operator, values));
            }
            let values = read_value_list(arguments, options, field, operator)?;
            check_value_count(operator, span, values.len(), field, HintStyle::MatchType)?;
            values
        }
    };
    Ok(build_test(operator, values))
}

/// Reads the value of a one-value match-type operator: the rest of the text verbatim, or exactly
/// one quoted value when it starts with `"`.
fn read_single_value(
    arguments: &Located<'_>,
    field: &str,
    operator: &str,
    options: &ParseOptions,
) -> Result<Value, Error> {
    let text: &str = &arguments.text;
    let span = arguments.raw_span(0, text.len());
    if text.is_empty() {
        return Err(Error::new(
            ErrorKind::MissingValue,
            span,
            format!("missing value after `{operator}::` for `{}`", excerpt(field)),
        )
        .with_help(format!(
            r#"to match an empty string write {}={operator}::""; to match a missing value write {}"#,
            HintStyle::MatchType.field(field),
            HintStyle::MatchType.is_null(field)
        )));
    }
    if !text.starts_with('"') {
        if text.eq_ignore_ascii_case("null") {
            return Err(null_value(span, field, text, HintStyle::MatchType));
        }
        return Ok(Value {
            text: text.to_owned(),
            quoted: false,
            span,
        });
    }
    if let Some(value) = options.fast(|| fast_path::read_quoted_argument(arguments)) {
        return Ok(value);
    }

    let argument = parse(Rule::quoted_argument, arguments).map_err(|error| {
        Error::new(
            ErrorKind::InvalidQuoting,
            error.span(),
            format!(
                "a value that starts with `\"` must be one quoted text, as in {operator}::\"a,b\""
            ),
        )
        .with_help(r#"end the value at its closing quote, or write a quote inside it as `\"`"#)
    })?;
    let quoted = argument
        .flatten()
        .find(|pair| pair.as_rule() == Rule::quoted)
        .expect("a quoted argument contains a quoted text");
    Ok(Value {
        text: unquote(&quoted, arguments)?,
        quoted: true,
        span: raw_span(&quoted, arguments),
    })
}

fn unknown_match_type(written: &str, span: Span, value: &Located<'_>, field: &str) -> Error {
    let error = unknown_operator(written, span, false);
    let help = error.help().unwrap_or_default().to_owned();
    let text = excerpt(&value.text);
    error.with_help(format!(
        "{help} To match the text `{text}` exactly, write {}=eq::{}",
        HintStyle::MatchType.field(field),
        excerpt(&crate::print::encode_value(&value.text))
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parsed(text: &str) -> Option<usize> {
        parsed_match_type_operator(&Located::verbatim(text, 0)).expect("every text matches")
    }

    #[test]
    fn match_type_needs_letters_then_colons() {
        assert_eq!(match_type_operator("like::L"), Some(4));
        assert_eq!(match_type_operator("in::"), Some(2));
        assert_eq!(match_type_operator("::x"), None);
        assert_eq!(match_type_operator("a1::x"), None);
        assert_eq!(match_type_operator("eq:x"), None);
        assert_eq!(match_type_operator("é::x"), None);
    }

    proptest! {
        #[test]
        fn match_type_agrees_with_grammar(text in "[a-zA-Z:1é ]{0,12}") {
            prop_assert_eq!(match_type_operator(&text), parsed(&text));
        }
    }
}
