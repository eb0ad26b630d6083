//! Errors shared by the advanced and match-type syntaxes, with help written in the syntax the
//! user wrote.

use super::advanced::is_bare_field;
use crate::ast::Operator;
use crate::error::{excerpt, Error, ErrorKind, Span};

/// An error for an unknown operator word, suggesting the closest name.
pub(super) fn unknown_operator(name: &str, span: Span, with_groups: bool) -> Error {
    let mut candidates: Vec<&str> = Operator::ALL.iter().map(|op| op.name()).collect();
    if with_groups {
        candidates.extend(["AND", "OR"]);
    }
    let lower = name.to_ascii_lowercase();
    let closest = candidates
        .iter()
        .map(|candidate| {
            let distance = strsim::levenshtein(&lower, &candidate.to_ascii_lowercase());
            (distance, *candidate)
        })
        .min();
    // At most one edit for every two letters: `gtx` suggests `gt` and `lkie` suggests `like`,
    // while a short word such as `a` or `ab` is too far from every operator.
    let max_distance = name.len().div_ceil(2);

    let error = Error::new(
        ErrorKind::UnknownOperator,
        span,
        format!("unknown operator `{}`", excerpt(name)),
    );
    match closest {
        Some((distance, candidate)) if distance <= max_distance => {
            error.with_help(format!("did you mean `{candidate}`?"))
        }
        _ => error.with_help(format!("the operators are {}.", candidates.join(", "))),
    }
}

/// The syntax that an error's help writes its examples in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HintStyle {
    /// `eq(field,"")`, `isnull(field)`.
    Advanced,
    /// `field=eq::""`, `field=isnull::`.
    MatchType,
}

impl HintStyle {
    /// Returns the field name as this syntax writes it, shortened for a message: quoted where
    /// the advanced syntax needs it, percent-encoded as a parameter name.
    pub(super) fn field(self, field: &str) -> String {
        let written = match self {
            HintStyle::Advanced if is_bare_field(field) => field.to_owned(),
            HintStyle::Advanced => crate::print::quote(field),
            HintStyle::MatchType => crate::print::encode_name(field),
        };
        excerpt(&written).into_owned()
    }

    pub(super) fn empty_string(self, field: &str) -> String {
        let field = self.field(field);
        match self {
            HintStyle::Advanced => format!(r#"eq({field},"")"#),
            HintStyle::MatchType => format!(r#"{field}=eq::"""#),
        }
    }

    pub(super) fn is_null(self, field: &str) -> String {
        let field = self.field(field);
        match self {
            HintStyle::Advanced => format!("isnull({field})"),
            HintStyle::MatchType => format!("{field}=isnull::"),
        }
    }
}

pub(super) fn missing_value(span: Span, field: &str, operator: &str, style: HintStyle) -> Error {
    Error::new(
        ErrorKind::MissingValue,
        span,
        format!("missing value for `{operator}` on `{}`", excerpt(field)),
    )
    .with_help(format!(
        "to match an empty string write {}; to match a missing value write {}",
        style.empty_string(field),
        style.is_null(field)
    ))
}

pub(super) fn missing_list_item(span: Span, operator: &str) -> Error {
    Error::new(
        ErrorKind::MissingValue,
        span,
        format!("missing value in the list of `{operator}`"),
    )
    .with_help(r#"write a value between the commas, or "" for an empty string"#)
}

pub(super) fn null_value(span: Span, field: &str, written: &str, style: HintStyle) -> Error {
    Error::new(
        ErrorKind::NullValue,
        span,
        format!("`{written}` is not a value: null is tested with isnull"),
    )
    .with_help(format!(
        r#"to match a missing value write {}; to match the text write "{written}" in quotes"#,
        style.is_null(field)
    ))
}

pub(super) fn list_too_long(span: Span, limit: usize) -> Error {
    Error::new(
        ErrorKind::ListTooLong,
        span,
        format!("more than {limit} values in one list"),
    )
    .with_help("split the list, or raise the limit with ParseOptions::with_max_list_items")
}
