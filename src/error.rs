//! Spans, the error type and its rustc-style drawing.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A byte range `start..end` in the text that was parsed: the raw query string for
/// [`parse_query`](crate::parse_query), the expression for [`parse_filter`](crate::parse_filter).
///
/// AST nodes carry spans, but their equality ignores them, so two queries written with different
/// spacing or encoding compare equal when they mean the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates the span `start..end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Returns the span that covers both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The kind of an [`Error`]. Each variant names an input that triggers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A `%` not followed by two hex digits (`a=%G1`), or decoded bytes that are not UTF-8
    /// (`a=%FF`).
    InvalidEncoding,
    /// A parameter without `=` (`country`) or with an empty name (`=US`).
    InvalidParameter,
    /// `filter`, `sort`, `pageNumber` or `pageSize` given twice (`sort=a&sort=b`).
    RepeatedParameter,
    /// A condition without a value (`ssn=`, `name=eq::`, `eq(ssn,)`).
    MissingValue,
    /// The bare word `null` used as a value (`status=null`).
    NullValue,
    /// An operator or group name that does not exist (`gtx::3`, `gtx(a,1)`).
    UnknownOperator,
    /// An operator given the wrong number or kind of arguments (`btn(a,1)`, `AND()`,
    /// `isnull::x`).
    InvalidArguments,
    /// Text that does not fit the grammar (`OR(eq(a,1)`, `eq(a,x"y)`).
    Syntax,
    /// Text left after a complete expression (`AND(eq(a,1)))`).
    TrailingInput,
    /// A quoted text with an escape other than `\"` and `\\` (`eq(a,"\n")`), no closing quote
    /// (`eq(a,"x)`), or an empty quoted field name (`eq("",1)`).
    InvalidQuoting,
    /// A field name with characters that need quoting (`eq(a b,1)`), or a sort key that is not
    /// a field name (`sort=-country;DROP TABLE x`).
    InvalidField,
    /// A `pageNumber` or `pageSize` that is not a whole number in range (`pageSize=0`,
    /// `pageNumber=-1`, `pageSize=1000`).
    InvalidPaging,
    /// Nesting deeper than the configured limit (`AND(AND(AND(...)))`).
    DepthLimitExceeded,
    /// A query string longer than the configured limit, or SQL rendered with more bound
    /// parameters than the database accepts.
    InputTooLong,
    /// More values in one list than the configured limit (`in(a,1,2,...)`).
    ListTooLong,
    /// A query that cannot be written in the requested target syntax (an `OR` group printed as
    /// field parameters).
    Unprintable,
}

/// An error from parsing, printing or compiling a query, with the span it concerns.
///
/// `Display` draws the input with a caret under the span when the input is known, then the fix
/// where one is known:
///
/// ```text
/// error: unmatched `)`: the expression `AND(...)` already ended
///   |
/// 1 | AND(eq(a,1)))
///   |             ^
///   = help: remove the extra `)`
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    span: Span,
    message: String,
    help: Option<String>,
    input: Option<String>,
}

impl Error {
    /// Creates an error of `kind` at `span` with a short lowercase message.
    pub fn new(kind: ErrorKind, span: Span, message: impl Into<String>) -> Error {
        Error {
            kind,
            span,
            message: message.into(),
            help: None,
            input: None,
        }
    }

    /// Adds the fix to suggest.
    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }

    /// Attaches the text that `span` points into, so that `Display` can draw it.
    pub fn with_input(mut self, input: impl Into<String>) -> Error {
        self.input = Some(input.into());
        self
    }

    /// The kind of mistake.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The byte range of the input that the error concerns.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The message, without the drawing or the help.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The suggested fix, if one is known.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The text that the span points into, if it was attached.
    pub fn input(&self) -> Option<&str> {
        self.input.as_deref()
    }
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = Report {
            level: "error",
            message: &self.message,
            span: self.span,
            help: self.help.as_deref(),
            input: self.input.as_deref(),
        };
        report.fmt(f)
    }
}

/// One rustc-style report: `level: message`, the input drawn with a caret under the span when
/// the input is known, then the help.
pub(crate) struct Report<'a> {
    pub level: &'a str,
    pub message: &'a str,
    pub span: Span,
    pub help: Option<&'a str>,
    pub input: Option<&'a str>,
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.level, self.message)?;
        if let Some(input) = self.input {
            draw_caret(f, input, self.span)?;
        }
        if let Some(help) = self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Returns `text` cut to its first 40 characters and `…` when it is longer, so that a message
/// that quotes user input stays short however long the input is.
/// Control characters and bidirectional controls become U+FFFD, so that a message written to a
/// terminal cannot run escape sequences or reorder the text after the quote.
pub(crate) fn excerpt(text: &str) -> Cow<'_, str> {
    const MAX_CHARS: usize = 40;
    let cut = match text.char_indices().nth(MAX_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    };
    if !cut.contains(is_unsafe_to_show) {
        return cut;
    }
    let replaced = cut
        .chars()
        .map(|c| if is_unsafe_to_show(c) { '\u{FFFD}' } else { c })
        .collect();
    Cow::Owned(replaced)
}

fn is_unsafe_to_show(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// How many characters of a long line the drawing shows around the span.
const WINDOW: usize = 80;

/// Draws the line of `input` that contains `span.start`, with carets under the span, at least one
/// even at the end of the input. A long line is cut to a window around the span.
fn draw_caret(f: &mut fmt::Formatter<'_>, input: &str, span: Span) -> fmt::Result {
    let start = floor_char_boundary(input, span.start.min(input.len()));
    let end = floor_char_boundary(input, span.end.clamp(start, input.len()));

    let line_start = input[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = input[start..].find('\n').map_or(input.len(), |i| start + i);
    let line_number = input[..start].matches('\n').count() + 1;
    let line = &input[line_start..line_end];

    let column = input[line_start..start].chars().count();
    let span_chars = input[start..end.min(line_end)].chars().count().max(1);

    // Cut a long line to a window that keeps the caret in view. Only the window is collected,
    // so drawing many findings on one long line stays cheap.
    let line_chars = column + line[start - line_start..].chars().count();
    let first = column.saturating_sub(WINDOW / 2);
    let last = (first + WINDOW).max(column + 1).min(line_chars);
    let chars: Vec<char> = line
        .chars()
        .skip(first)
        .take(last - first)
        .map(printable)
        .collect();
    let mut shown: String = chars.iter().collect();
    if first > 0 {
        shown.insert(0, '…');
    }
    if last < line_chars {
        shown.push('…');
    }

    // Pad and underline by display width, so that the caret stays under wide characters
    // such as CJK ideographs and emoji.
    let lead = usize::from(first > 0);
    let caret_at = column.min(last) - first;
    let caret_column = lead + display_width(&chars[..caret_at]);
    let underlined = &chars[caret_at..((column + span_chars).min(last) - first)];
    let width = display_width(underlined).max(1);

    let gutter = " ".repeat(line_number.to_string().len());
    writeln!(f, "{gutter} |")?;
    writeln!(f, "{line_number} | {shown}")?;
    writeln!(
        f,
        "{gutter} | {}{}",
        " ".repeat(caret_column),
        "^".repeat(width)
    )
}

/// Replaces a tab or other control character with one visible character, so that the caret
/// lines up under it. Bidirectional controls such as U+202E are replaced too, because a
/// terminal would reorder the text after them and move it away from the caret.
fn printable(c: char) -> char {
    if c == '\t' {
        ' '
    } else if c.is_control() || is_bidi_control(c) {
        '\u{FFFD}'
    } else {
        c
    }
}

/// Returns whether `c` changes the display order of the text around it: the embeddings,
/// overrides and isolates of Unicode's bidirectional algorithm (UAX #9) and the implicit marks.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Returns how many terminal columns `chars` take.
fn display_width(chars: &[char]) -> usize {
    chars
        .iter()
        .map(|&c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .sum()
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(input: &str, span: Span) -> String {
        Error::new(ErrorKind::Syntax, span, "bad")
            .with_input(input)
            .to_string()
    }

    #[test]
    fn caret_under_span() {
        assert_eq!(
            drawn("eq(a b,1)", Span::new(5, 6)),
            "error: bad\n  |\n1 | eq(a b,1)\n  |      ^\n"
        );
    }

    #[test]
    fn caret_at_end_of_input() {
        assert_eq!(
            drawn("eq(a", Span::new(4, 4)),
            "error: bad\n  |\n1 | eq(a\n  |     ^\n"
        );
    }

    #[test]
    fn caret_on_second_line() {
        assert_eq!(
            drawn("AND(\n  x)", Span::new(7, 8)),
            "error: bad\n  |\n2 |   x)\n  |   ^\n"
        );
    }

    #[test]
    fn caret_counts_display_columns() {
        assert_eq!(
            drawn("eq(北京,x y)", Span::new(13, 14)),
            "error: bad\n  |\n1 | eq(北京,x y)\n  |            ^\n"
        );
    }

    #[test]
    fn long_line_is_windowed() {
        let input = format!("{}X{}", "a".repeat(200), "b".repeat(200));
        let text = drawn(&input, Span::new(200, 201));
        let line = text.lines().nth(2).unwrap();
        let caret = text.lines().nth(3).unwrap();
        assert!(line.contains('X'));
        assert!(line.starts_with("1 | …"));
        let x_column = line.chars().position(|c| c == 'X');
        let caret_column = caret.chars().position(|c| c == '^');
        assert_eq!(x_column, caret_column);
    }

    #[test]
    fn help_line_follows() {
        let error = Error::new(ErrorKind::Syntax, Span::new(0, 1), "bad")
            .with_help("do this")
            .with_input("x");
        assert!(error.to_string().ends_with("  = help: do this\n"));
    }
}
