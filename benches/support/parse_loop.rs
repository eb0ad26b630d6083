//! A driver for instruction counts of parsing and compiling: parses and compiles one benchmark
//! query many times, so that `valgrind --tool=callgrind` counts the same work on any machine.
//!
//! Usage: `cargo run --release --example parse-loop -- NAME TIMES [grammar]`, where NAME is
//! `simple`, `flagship`, `flagship-sort` or `fifty`, and `grammar` turns the hand-written reader
//! off. The difference between the counts of two runs with different TIMES, divided by the
//! difference in TIMES, is the cost of one parse and compile.

use std::hint::black_box;
use std::io;

use inperium_filter::{Compiled, ParseOptions};

#[path = "records.rs"]
mod records;

fn main() -> io::Result<()> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let query = match arguments.first().map(String::as_str) {
        Some("simple") => records::SIMPLE_QUERY.to_owned(),
        Some("flagship") => records::COMPANIES_FILTER.to_owned(),
        Some("flagship-sort") => records::FLAGSHIP_QUERY.to_owned(),
        Some("fifty") => records::fifty_condition_query(),
        _ => {
            return Err(io::Error::other(
                "usage: parse-loop simple|flagship|flagship-sort|fifty TIMES [grammar]",
            ))
        }
    };
    let Some(times) = arguments
        .get(1)
        .and_then(|times| times.parse::<usize>().ok())
    else {
        return Err(io::Error::other("TIMES must be a whole number"));
    };
    let fast_path = arguments.get(2).map(String::as_str) != Some("grammar");
    let options = ParseOptions::new().with_fast_path(fast_path);

    for _ in 0..times {
        let parsed = options
            .parse_query(black_box(&query))
            .expect("the benchmark query is valid");
        black_box(Compiled::new(&parsed).expect("the benchmark query compiles"));
    }
    Ok(())
}
