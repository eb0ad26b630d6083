//! Reading records one at a time from a JSON array or from NDJSON, so that a large file never
//! has to fit in memory.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

use serde::de::{DeserializeSeed, Error as _, SeqAccess, Visitor};
use serde_json::Value;

use crate::report::Failure;
use crate::samples::Sample;

/// The source of the records.
pub enum Source {
    /// A file: a JSON array of records, or one JSON record per line.
    File(PathBuf),
    /// Standard input, in either form.
    Stdin,
    /// A bundled sample collection.
    Sample(&'static Sample),
}

impl Source {
    fn describe(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin => "standard input".to_owned(),
            Source::Sample(sample) => format!("the {} sample", sample.name),
        }
    }
}

/// A record as [`for_each_line`] hands it over.
pub enum Record<'a> {
    /// The text of a line of NDJSON, without the whitespace around it. It may hold something
    /// other than one JSON value.
    Line(&'a [u8]),
    /// A record read whole.
    Whole(Value),
}

/// Calls `each` with every record of `source`, in order, and stops at the first failure.
pub fn for_each_record(
    source: &Source,
    each: &mut dyn FnMut(Value) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let name = source.describe();
    let mut reader = open(source)?;
    let read_failure = |error: io::Error| Failure::Other(format!("cannot read {name}: {error}"));

    match first_byte(&mut reader).map_err(read_failure)? {
        None => Ok(()),
        Some(b'[') => read_array(reader, &name, each),
        Some(_) => read_lines(reader, &name, each),
    }
}

/// Calls `each` with every record of `source`, in order, and stops at the first failure. A
/// line of NDJSON comes as its text. When `each` returns `false` for a line, as it does for
/// text that is not one JSON value, that line and the rest of the input are read whole. So a
/// record spread over several lines is still read, and an error names its line. A JSON array
/// is read whole.
pub fn for_each_line(
    source: &Source,
    each: &mut dyn FnMut(Record<'_>) -> Result<bool, Failure>,
) -> Result<(), Failure> {
    let name = source.describe();
    let mut reader = open(source)?;
    let read_failure = |error: io::Error| Failure::Other(format!("cannot read {name}: {error}"));

    let mut whole = |record: Value| each(Record::Whole(record)).map(|_| ());
    match first_byte(&mut reader).map_err(read_failure)? {
        None => Ok(()),
        Some(b'[') => read_array(reader, &name, &mut whole),
        Some(_) => {
            let mut line = Vec::new();
            let mut lines_read: u64 = 0;
            loop {
                line.clear();
                if reader.read_until(b'\n', &mut line).map_err(read_failure)? == 0 {
                    return Ok(());
                }
                let text = trim_json_whitespace(&line);
                if !text.is_empty() && !each(Record::Line(text))? {
                    // The general reader starts after as many newlines as were read, so that
                    // the line numbers of its errors count from the start of the input.
                    let rest = io::repeat(b'\n')
                        .take(lines_read)
                        .chain(io::Cursor::new(line))
                        .chain(reader);
                    return read_lines(rest, &name, &mut |record| {
                        each(Record::Whole(record)).map(|_| ())
                    });
                }
                lines_read += 1;
            }
        }
    }
}

/// Returns `text` without the whitespace JSON allows around a value: space, tab, CR and LF.
fn trim_json_whitespace(text: &[u8]) -> &[u8] {
    let is_blank = |byte: &u8| matches!(byte, b' ' | b'\t' | b'\r' | b'\n');
    let start = text
        .iter()
        .position(|byte| !is_blank(byte))
        .unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|byte| !is_blank(byte))
        .map_or(start, |last| last + 1);
    &text[start..end]
}

fn open(source: &Source) -> Result<BufReader<Box<dyn Read + '_>>, Failure> {
    let reader: Box<dyn Read> =
        match source {
            Source::File(path) => Box::new(File::open(path).map_err(|error| {
                Failure::Other(format!("cannot read {}: {error}", path.display()))
            })?),
            Source::Stdin => Box::new(io::stdin().lock()),
            Source::Sample(sample) => Box::new(sample.json.as_bytes()),
        };
    Ok(BufReader::with_capacity(64 * 1024, reader))
}

/// Returns the first byte that is not whitespace, leaving it unread. A UTF-8 byte order mark
/// at the start, which some editors write, is skipped.
fn first_byte(reader: &mut impl BufRead) -> io::Result<Option<u8>> {
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(None);
        }
        match buffer.iter().position(|byte| !byte.is_ascii_whitespace()) {
            Some(index) => {
                let byte = buffer[index];
                reader.consume(index);
                return Ok(Some(byte));
            }
            None => {
                let length = buffer.len();
                reader.consume(length);
            }
        }
    }
}

fn read_lines(
    reader: impl Read,
    name: &str,
    each: &mut dyn FnMut(Value) -> Result<(), Failure>,
) -> Result<(), Failure> {
    for record in serde_json::Deserializer::from_reader(reader).into_iter::<Value>() {
        let record = record.map_err(|error| invalid_json(name, &error))?;
        each(record)?;
    }
    Ok(())
}

fn read_array(
    reader: impl Read,
    name: &str,
    each: &mut dyn FnMut(Value) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut stopped = None;
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let result = EachElement {
        each,
        stopped: &mut stopped,
    }
    .deserialize(&mut deserializer)
    .and_then(|()| deserializer.end());
    if let Some(failure) = stopped {
        return Err(failure);
    }
    result.map_err(|error| invalid_json(name, &error))
}

fn invalid_json(name: &str, error: &serde_json::Error) -> Failure {
    Failure::Other(format!("invalid JSON in {name}: {error}"))
}

/// Deserializes a JSON array, handing each element to `each` as soon as it is read.
struct EachElement<'a> {
    each: &'a mut dyn FnMut(Value) -> Result<(), Failure>,
    /// The failure that stopped the walk, kept here because serde errors carry only text.
    stopped: &'a mut Option<Failure>,
}

impl<'de> DeserializeSeed<'de> for EachElement<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EachElement<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<(), A::Error> {
        while let Some(record) = sequence.next_element::<Value>()? {
            if let Err(failure) = (self.each)(record) {
                *self.stopped = Some(failure);
                return Err(A::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}
