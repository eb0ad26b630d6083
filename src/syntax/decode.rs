//! Form-decoding of parameter names and values, with a map back to raw byte offsets.

use std::borrow::Cow;

use crate::error::{excerpt, Error, ErrorKind, Span};

/// A decoded text and where each of its bytes came from in the raw query string, so that an
/// error found in the decoded text points at what the user wrote.
#[derive(Debug)]
pub(crate) struct Located<'a> {
    /// The decoded text.
    pub text: Cow<'a, str>,
    /// Raw offset of the decoded text's first byte.
    raw_start: usize,
    /// Raw offset of every decoded byte, plus one entry for the end; `None` when decoding
    /// changed nothing, so that offsets map one to one.
    offsets: Option<Vec<usize>>,
}

impl<'a> Located<'a> {
    /// Wraps text that is read as it is, starting at `raw_start`.
    pub fn verbatim(text: &'a str, raw_start: usize) -> Located<'a> {
        Located {
            text: Cow::Borrowed(text),
            raw_start,
            offsets: None,
        }
    }

    /// Returns the part `start..end` of this text, still mapped to the raw input.
    pub fn sub(&self, start: usize, end: usize) -> Located<'_> {
        Located {
            text: Cow::Borrowed(&self.text[start..end]),
            raw_start: self.raw_offset(start),
            offsets: self
                .offsets
                .as_ref()
                .map(|offsets| offsets[start..=end].to_vec()),
        }
    }

    /// Maps an offset in the decoded text to an offset in the raw input.
    pub fn raw_offset(&self, decoded: usize) -> usize {
        match &self.offsets {
            None => self.raw_start + decoded,
            Some(offsets) => offsets[decoded.min(offsets.len() - 1)],
        }
    }

    /// Maps a span of the decoded text to a span of the raw input.
    pub fn raw_span(&self, start: usize, end: usize) -> Span {
        Span::new(self.raw_offset(start), self.raw_offset(end))
    }
}

/// Decodes one name or value as `application/x-www-form-urlencoded`: `%XX` becomes a byte, `+`
/// becomes a space, and the result must be UTF-8. `what` names the part in error messages, such
/// as "parameter `country`", and is called only for an error.
pub(crate) fn form_decode<'a, W: std::fmt::Display>(
    raw: &'a str,
    raw_start: usize,
    what: impl Fn() -> W,
) -> Result<Located<'a>, Error> {
    if memchr::memchr2(b'%', b'+', raw.as_bytes()).is_none() {
        return Ok(Located::verbatim(raw, raw_start));
    }

    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut offsets = Vec::with_capacity(bytes.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        offsets.push(raw_start + i);
        match bytes[i] {
            b'%' => {
                let byte = hex_pair(bytes.get(i + 1..i + 3)).ok_or_else(|| {
                    let end = floor_char_boundary(raw, (i + 3).min(raw.len()));
                    Error::new(
                        ErrorKind::InvalidEncoding,
                        Span::new(raw_start + i, raw_start + end),
                        format!(
                            "invalid percent-encoding `{}` in {}: `%` must be followed by two hex digits",
                            excerpt(&raw[i..end]),
                            what()
                        ),
                    )
                    .with_help("write `%25` for a literal `%`")
                })?;
                decoded.push(byte);
                i += 3;
            }
            b'+' => {
                decoded.push(b' ');
                i += 1;
            }
            byte => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    offsets.push(raw_start + raw.len());

    let text = String::from_utf8(decoded).map_err(|error| {
        let bad = error.utf8_error().valid_up_to();
        let span = Span::new(offsets[bad], offsets[bad + 1]);
        Error::new(
            ErrorKind::InvalidEncoding,
            span,
            format!("{} is not valid UTF-8 once percent-decoded", what()),
        )
        .with_help("percent-encode text as UTF-8 bytes, such as `%C3%A9` for `é`")
    })?;

    Ok(Located {
        text: Cow::Owned(text),
        raw_start,
        offsets: Some(offsets),
    })
}

fn hex_pair(pair: Option<&[u8]>) -> Option<u8> {
    let [high, low] = pair? else { return None };
    let digit = |byte: u8| (byte as char).to_digit(16);
    Some((digit(*high)? * 16 + digit(*low)?) as u8)
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

    #[test]
    fn plus_and_percent_decode() {
        let located = form_decode("New+York%2C%20NY", 10, || "value").unwrap();
        assert_eq!(located.text, "New York, NY");
        assert_eq!(located.raw_offset(0), 10);
        assert_eq!(located.raw_offset(8), 18);
        assert_eq!(located.raw_span(9, 12), Span::new(21, 26));
    }

    #[test]
    fn unchanged_text_maps_one_to_one() {
        let located = form_decode("abc", 4, || "value").unwrap();
        assert!(matches!(located.text, Cow::Borrowed("abc")));
        assert_eq!(located.raw_span(1, 3), Span::new(5, 7));
    }

    #[test]
    fn bad_percent_is_an_error_at_the_percent() {
        for raw in ["%G1", "%", "%4", "a%zz"] {
            let error = form_decode(raw, 0, || "value").unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidEncoding, "{raw}");
            assert_eq!(error.span().start, raw.find('%').unwrap(), "{raw}");
        }
    }

    #[test]
    fn percent_before_multibyte_char_does_not_panic() {
        let error = form_decode("%é", 0, || "value").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidEncoding);
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let error = form_decode("ok%FFx", 0, || "value").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidEncoding);
        assert_eq!(error.span(), Span::new(2, 5));
    }
}
