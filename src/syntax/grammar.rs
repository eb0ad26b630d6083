//! The private pest parser, and the pieces of the walk that every parameter kind shares:
//! unescaping quoted text, the nesting pre-check and turning pest's errors into ours.

use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::Parser as _;

use super::decode::Located;
use crate::error::{excerpt, Error, ErrorKind, Span};

/// The parser generated from `grammar/query.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/query.pest"]
pub(crate) struct Grammar;

/// Runs `rule` over the whole of `source.text`, mapping a pest error to an [`Error`] whose span
/// points into the raw input.
pub(crate) fn parse<'t>(
    rule: Rule,
    source: &'t Located<'_>,
) -> Result<pest::iterators::Pairs<'t, Rule>, Error> {
    Grammar::parse(rule, &source.text).map_err(|error| syntax_error(&error, source))
}

/// Maps the span of `pair` to the raw input.
pub(crate) fn raw_span(pair: &Pair<'_, Rule>, source: &Located<'_>) -> Span {
    let span = pair.as_span();
    source.raw_span(span.start(), span.end())
}

/// Returns the text of a `quoted` pair without its quotes and with `\"` and `\\` unescaped.
pub(crate) fn unquote(pair: &Pair<'_, Rule>, source: &Located<'_>) -> Result<String, Error> {
    let inner = pair
        .clone()
        .into_inner()
        .next()
        .expect("a quoted text has its inner text");
    let text = inner.as_str();
    let base = inner.as_span().start();

    let mut unescaped = String::with_capacity(text.len());
    let mut chars = text.char_indices();
    while let Some((index, c)) = chars.next() {
        if c != '\\' {
            unescaped.push(c);
            continue;
        }
        match chars.next() {
            Some((_, escaped @ ('"' | '\\'))) => unescaped.push(escaped),
            other => {
                let end = other.map_or(text.len(), |(at, escaped)| at + escaped.len_utf8());
                let written = &text[index..end];
                return Err(Error::new(
                    ErrorKind::InvalidQuoting,
                    source.raw_span(base + index, base + end),
                    format!("invalid escape `{written}` in a quoted text"),
                )
                .with_help(r#"only `\"` and `\\` are escapes: write a backslash as `\\`"#));
            }
        }
    }
    Ok(unescaped)
}

/// Checks, before pest runs, that parentheses nest at most `max_depth` deep and that every quote
/// is closed. pest's parser is recursive, so this bound is what keeps deep input from
/// overflowing the stack.
pub(crate) fn check_nesting(source: &Located<'_>, max_depth: usize) -> Result<(), Error> {
    let text: &str = &source.text;
    let mut depth = 0usize;
    let mut open_quote: Option<usize> = None;
    let mut bytes = text.bytes().enumerate();
    while let Some((index, byte)) = bytes.next() {
        if open_quote.is_some() {
            match byte {
                b'\\' => {
                    bytes.next();
                }
                b'"' => open_quote = None,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' if starts_argument(&text[..index]) => open_quote = Some(index),
            b'"' => {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    source.raw_span(index, index + 1),
                    "unexpected `\"`: a quote can only start a value or a field name",
                )
                .with_help(r#"quote the whole value, and write a quote inside it as `\"`"#));
            }
            b'(' => {
                depth += 1;
                if depth > max_depth {
                    return Err(Error::new(
                        ErrorKind::DepthLimitExceeded,
                        source.raw_span(index, index + 1),
                        format!("expression nested deeper than {max_depth} levels"),
                    )
                    .with_help("flatten the expression: AND and OR take any number of members"));
                }
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }

    match open_quote {
        None => Ok(()),
        Some(index) => Err(Error::new(
            ErrorKind::InvalidQuoting,
            source.raw_span(index, index + 1),
            "quoted text has no closing `\"`",
        )
        .with_help(r#"close the quote, and write a quote inside quoted text as `\"`"#)),
    }
}

/// Returns whether a quote after `before` starts an argument: it follows `(`, `,` or nothing, with
/// only whitespace between.
fn starts_argument(before: &str) -> bool {
    matches!(
        before
            .trim_end_matches([' ', '\t', '\r', '\n'])
            .chars()
            .last(),
        None | Some('(' | ',')
    )
}

/// Turns a pest error into an [`Error`]: what was found at the failing position, what could
/// stand there instead, and a fix where the found character suggests one.
fn syntax_error(error: &pest::error::Error<Rule>, source: &Located<'_>) -> Error {
    let position = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((start, _)) => start,
    };
    let found = source.text[position..].chars().next();
    let end = position + found.map_or(0, char::len_utf8);
    let span = source.raw_span(position, end);

    // pest 2.9 stops with a custom error, not a stack overflow, when less than 64 KiB of the
    // thread's stack is left, which the depth ceiling keeps a 2 MiB thread from reaching.
    if let ErrorVariant::CustomError { message } = &error.variant {
        return Error::new(
            ErrorKind::DepthLimitExceeded,
            span,
            format!("expression nested too deeply for the parser: {message}"),
        )
        .with_help(
            "flatten the expression (AND and OR take any number of members), or parse it on a thread with a larger stack",
        );
    }

    let expected = expected_description(error);
    let found_text = match found {
        None => "end of input".to_owned(),
        Some(c) => format!("`{}`", excerpt(c.encode_utf8(&mut [0; 4]))),
    };
    let message = match &expected {
        Some(expected) => format!("unexpected {found_text}, expected {expected}"),
        None => format!("unexpected {found_text}"),
    };

    let after_quote = source.text[..position]
        .trim_end_matches([' ', '\t', '\r', '\n'])
        .ends_with('"');
    let help = match found {
        Some(_) if after_quote => {
            "a quoted text ends at its closing quote: put `,` or `)` right after it"
        }
        None if expected
            .as_deref()
            .is_some_and(|words| words.contains("`)`")) =>
        {
            "close every `(` with a `)`"
        }
        None => {
            "an expression is a group or an operator with its arguments, such as eq(country,US)"
        }
        Some('"') => {
            r#"a quote can only start a value: quote the whole value, and write a quote inside it as `\"`"#
        }
        Some('(' | ')' | ',') => {
            r#"quote values and field names that contain , ( ) such as "Body Mass (g)""#
        }
        Some(_) => {
            r#"quote a field name that contains characters other than letters, digits, `_`, `.` and `-`, such as "Beak Length (mm)", and a value that contains , ( ) or a quote"#
        }
    };
    Error::new(ErrorKind::Syntax, span, message).with_help(help)
}

/// Lists the tokens and rules pest would have accepted, in plain words.
fn expected_description(error: &pest::error::Error<Rule>) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        // Where a field name may stand, a quoted text is a quoted field name.
        let field_expected = positives.contains(&Rule::bare_field);
        for rule in positives {
            let word = match rule {
                Rule::call | Rule::call_name => "a condition such as eq(field,value)",
                Rule::quoted if field_expected => continue,
                Rule::slot | Rule::bare | Rule::quoted => "a value",
                Rule::bare_field | Rule::sort_key => "a field name",
                Rule::EOI => "the end of the text",
                Rule::open => "`(`",
                Rule::close => "`)`",
                Rule::comma => "`,`",
                _ => continue,
            };
            words.push(word);
        }
    }
    let mut unique: Vec<&str> = Vec::new();
    for word in words {
        if !unique.contains(&word) {
            unique.push(word);
        }
    }
    match unique.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [init @ .., last] => Some(format!("{} or {last}", init.join(", "))),
    }
}
