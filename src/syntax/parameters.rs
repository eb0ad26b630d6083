//! Splitting a query string into its raw parameters, by hand or with the grammar's `query` rule.
//! Every text splits, so the two ways differ only in speed, and a property test checks that
//! they agree. The rule can still fail on a thread with less than 64 KiB of stack left, where
//! pest 2.9 stops every parse.

use super::decode::Located;
use super::grammar::{parse, raw_span, Rule};
use crate::error::{Error, Span};

/// One parameter of a query string, still percent-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawParameter<'i> {
    /// The name: everything up to the first `=` or the next `&`.
    pub name: &'i str,
    /// Offset of the name in the query string.
    pub name_start: usize,
    /// The value after the first `=` and its offset, or `None` when the parameter has no `=`.
    pub value: Option<(&'i str, usize)>,
    /// The whole parameter.
    pub span: Span,
}

/// Calls `visit` on each parameter of `input` in order, empty ones included. An optional
/// leading `?` is skipped. With `by_hand` off, the grammar's `query` rule splits the text.
pub(super) fn for_each_parameter<'i>(
    input: &'i str,
    by_hand: bool,
    mut visit: impl FnMut(RawParameter<'i>) -> Result<(), Error>,
) -> Result<(), Error> {
    if !by_hand {
        return for_each_parsed_parameter(input, visit);
    }
    let mut start = usize::from(input.starts_with('?'));
    for segment in input[start..].split('&') {
        visit(split_parameter(segment, start))?;
        start += segment.len() + 1;
    }
    Ok(())
}

/// Splits one `&`-separated segment that starts at `start` into its name and value.
fn split_parameter(segment: &str, start: usize) -> RawParameter<'_> {
    let span = Span::new(start, start + segment.len());
    match segment.bytes().position(|byte| byte == b'=') {
        Some(equals) => RawParameter {
            name: &segment[..equals],
            name_start: start,
            value: Some((&segment[equals + 1..], start + equals + 1)),
            span,
        },
        None => RawParameter {
            name: segment,
            name_start: start,
            value: None,
            span,
        },
    }
}

fn for_each_parsed_parameter<'i>(
    input: &'i str,
    mut visit: impl FnMut(RawParameter<'i>) -> Result<(), Error>,
) -> Result<(), Error> {
    let whole = Located::verbatim(input, 0);
    let pairs = parse(Rule::query, &whole)?;
    for parameter in pairs
        .flatten()
        .filter(|pair| pair.as_rule() == Rule::parameter)
    {
        let span = raw_span(&parameter, &whole);
        let mut parts = parameter.into_inner();
        let name = parts.next().expect("a parameter has a name").as_span();
        let value = parts.next().map(|value| {
            let value = value.as_span();
            (&input[value.start()..value.end()], value.start())
        });
        visit(RawParameter {
            name: &input[name.start()..name.end()],
            name_start: name.start(),
            value,
            span,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn collect(input: &str, by_hand: bool) -> Vec<RawParameter<'_>> {
        let mut parameters = Vec::new();
        for_each_parameter(input, by_hand, |parameter| {
            parameters.push(parameter);
            Ok(())
        })
        .expect("every text splits");
        parameters
    }

    #[test]
    fn split_keeps_offsets_and_empty_segments() {
        let parameters = collect("?a=1&&b&c==2", true);
        assert_eq!(parameters.len(), 4);
        assert_eq!(parameters[0].value, Some(("1", 3)));
        assert_eq!(parameters[1].span, Span::new(5, 5));
        assert_eq!(parameters[2].value, None);
        assert_eq!(parameters[3].name, "c");
        assert_eq!(parameters[3].value, Some(("=2", 10)));
    }

    #[test]
    fn split_agrees_with_grammar_on_edge_cases() {
        for input in ["", "?", "??a", "&", "=", "a=", "?=&=", "a=b=c&&", "é=ü&x"] {
            assert_eq!(collect(input, true), collect(input, false), "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn split_agrees_with_grammar(input in "[?&=a-cé%+]{0,24}") {
            prop_assert_eq!(collect(&input, true), collect(&input, false));
        }
    }
}
