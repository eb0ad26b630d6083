//! Checks that errors and diagnostics point inside the text they were found in.

use inperium_filter::schema::Diagnostics;
use inperium_filter::{Error, Span};

/// Panics unless `span` is a range of `input` that starts and ends on character boundaries.
fn check_span(input: &str, span: Span, message: &dyn std::fmt::Display) {
    assert!(
        span.start <= span.end,
        "{input:?}: {span:?} is reversed: {message}"
    );
    assert!(
        span.end <= input.len(),
        "{input:?}: {span:?} ends past the input: {message}"
    );
    assert!(
        input.is_char_boundary(span.start),
        "{input:?}: {span:?}: {message}"
    );
    assert!(
        input.is_char_boundary(span.end),
        "{input:?}: {span:?}: {message}"
    );
}

/// Panics unless `error` has a span inside `input`, carries `input`, and draws a caret.
pub fn check_error(input: &str, error: &Error) {
    check_span(input, error.span(), error);
    assert_eq!(error.input(), Some(input), "{error}");
    let drawing = error.to_string();
    assert!(drawing.starts_with("error: "), "{drawing}");
    assert!(drawing.contains('^'), "{drawing}");
}

/// Panics unless every diagnostic has a span inside `input`, and the report draws.
pub fn check_diagnostics(input: &str, diagnostics: Diagnostics) {
    for diagnostic in diagnostics.iter() {
        check_span(input, diagnostic.span, &diagnostic.message);
    }
    let drawing = diagnostics.with_input(input).to_string();
    assert!(drawing.contains('^'), "{drawing}");
}
