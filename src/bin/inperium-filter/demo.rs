//! `inperium-filter demo`: every example of the API reference, validated against its
//! collection's bundled schema and run on the bundled samples.

use std::io::{self, BufWriter, Write};

use inperium_filter::{parse_query, Compiled};

use crate::check;
use crate::report::Failure;
use crate::samples;

/// One example: what it shows, the collection it runs on, and the query string.
struct Example {
    title: &'static str,
    sample: &'static str,
    query: &'static str,
}

const fn example(title: &'static str, sample: &'static str, query: &'static str) -> Example {
    Example {
        title,
        sample,
        query,
    }
}

/// The API reference's examples, in its order.
const EXAMPLES: &[Example] = &[
    example("Basic syntax: exact match", "companies", "country=US"),
    example("Basic syntax on calls", "calls", "direction=outbound"),
    example(
        "Match-type syntax: contains L",
        "contacts",
        "fullName=like::L",
    ),
    example(
        "Match-type syntax: contains inc",
        "companies",
        "companyName=like::inc",
    ),
    example(
        "Advanced syntax: OR of a condition and an AND group",
        "companies",
        "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))",
    ),
    example("isnull: no zip", "companies", "filter=isnull(zip)"),
    example(
        "isnotnull: has a country",
        "companies",
        "filter=isnotnull(country)",
    ),
    example("eq: equal to", "companies", "filter=eq(country,US)"),
    example(
        "neq: not equal to",
        "companies",
        "filter=neq(industry,GOVERNMENT)",
    ),
    example(
        "gt: greater than",
        "companies",
        "filter=gt(employeeCount,1000)",
    ),
    example(
        "gte: greater than or equal to",
        "companies",
        "filter=gte(annualRevenue,500000)",
    ),
    example("lt: less than", "companies", "filter=lt(employeeCount,15)"),
    example(
        "lte: less than or equal to",
        "companies",
        "filter=lte(annualRevenue,200000)",
    ),
    example("in: one of", "companies", "filter=in(country,US,GE,FR)"),
    example(
        "nin: none of",
        "companies",
        "filter=nin(industry,HEALTHCARE,FINANCIAL)",
    ),
    example(
        "btn: between, both ends included",
        "companies",
        "filter=btn(employeeCount,15,50)",
    ),
    example(
        "like: contains, ignoring case",
        "companies",
        "filter=like(companyName,Enterprise)",
    ),
    example(
        "notlike: does not contain",
        "companies",
        "filter=notlike(companyName,Corp)",
    ),
    example("Sort descending", "companies", "sort=-country"),
    example(
        "Second page, sorted",
        "companies",
        "pageNumber=2&sort=-country",
    ),
    example(
        "Page size and number",
        "companies",
        "pageSize=25&pageNumber=2",
    ),
    example("Exact match on products", "products", "name=Harp"),
    example(
        "The reference's mistyped example: one `)` too many",
        "companies",
        "filter=OR(gt(annualRevenue,500000)),gt(employeeCount,1000))",
    ),
];

pub fn run() -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (index, example) in EXAMPLES.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        show(&mut out, example)?;
    }
    out.flush()?;
    Ok(())
}

fn show(out: &mut impl Write, example: &Example) -> Result<(), Failure> {
    let sample = samples::find(example.sample).expect("examples name bundled samples");
    let records = samples::records(sample);
    writeln!(out, "== {} ==", example.title)?;
    writeln!(
        out,
        "collection: {} ({} records)",
        sample.name,
        records.len()
    )?;
    writeln!(out, "query:      {}", example.query)?;

    let query = match parse_query(example.query) {
        Ok(query) => query,
        Err(error) => {
            writeln!(out, "result:     rejected")?;
            write!(out, "{error}")?;
            return Ok(());
        }
    };
    writeln!(out, "canonical:  {query}")?;
    let checked = match query.validate(&samples::schema(sample)) {
        Ok(checked) => checked,
        Err(diagnostics) => {
            writeln!(out, "result:     rejected by the schema")?;
            write!(out, "{}", diagnostics.with_input(example.query))?;
            return Ok(());
        }
    };
    write!(
        out,
        "{}",
        check::draw_warnings(checked.warnings(), example.query)
    )?;
    let page = Compiled::from_checked(&checked)?.page(&records);

    // The response page, with one record a line so that a page stays readable.
    writeln!(out, "{{\"data\":[")?;
    for (index, record) in page.data.iter().enumerate() {
        let separator = if index + 1 < page.data.len() { "," } else { "" };
        writeln!(
            out,
            "  {}{separator}",
            serde_json::to_string(record).map_err(io::Error::from)?
        )?;
    }
    let paging = serde_json::to_string(&page.paging).map_err(io::Error::from)?;
    writeln!(out, "],\"paging\":{paging}}}")?;
    Ok(())
}
