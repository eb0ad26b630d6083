//! The baseline for NDJSON filtering: decodes each line of a file into a whole
//! `serde_json::Value`, tests it with a hand-written closure for the flights filter of
//! `scripts/bench-cli.sh`, and prints each matching line as it was read.
//!
//! Usage: `cargo run --release --example ndjson-closure -- FILE`

use std::io::{self, BufRead, BufReader, BufWriter, Write};

use serde_json::Value;

/// `OR(gt(delay,60),AND(gt(distance,1000),eq(origin,LAS)))`, written by hand.
fn matches(record: &Value) -> bool {
    let number = |name: &str| record.get(name).and_then(Value::as_f64);
    number("delay").is_some_and(|delay| delay > 60.0)
        || (number("distance").is_some_and(|distance| distance > 1000.0)
            && record.get("origin").and_then(Value::as_str) == Some("LAS"))
}

fn main() -> io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| io::Error::other("usage: ndjson-closure FILE"))?;
    let mut reader = BufReader::with_capacity(64 * 1024, std::fs::File::open(path)?);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let text = line.trim_ascii();
        if text.is_empty() {
            continue;
        }
        let record: Value = serde_json::from_slice(text).map_err(io::Error::other)?;
        if matches(&record) {
            out.write_all(text)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()
}
