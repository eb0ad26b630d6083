//! The `inperium-filter` command, run as a process: its output, exit statuses and messages.
//! Expected records come from plain closures over `serde_json::Value`.

mod cli_common;

use std::io::Write;
use std::path::PathBuf;

use inperium_filter::parse_query;
use serde_json::Value;

use cli_common::{assert_exit, run, run_with_stdin, stderr_of, stdout_of};

const MISTYPED_QUERY: &str = "filter=OR(gt(annualRevenue,500000)),gt(employeeCount,1000))";

/// Byte offset of the stray `)` in [`MISTYPED_QUERY`], the one right after `500000)`.
const MISTYPED_STRAY: usize = "filter=OR(gt(annualRevenue,500000)".len();

/// The API reference's examples that parse, as `demo` runs them.
const EXAMPLE_QUERIES: [&str; 22] = [
    "country=US",
    "direction=outbound",
    "fullName=like::L",
    "companyName=like::inc",
    "filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))",
    "filter=isnull(zip)",
    "filter=isnotnull(country)",
    "filter=eq(country,US)",
    "filter=neq(industry,GOVERNMENT)",
    "filter=gt(employeeCount,1000)",
    "filter=gte(annualRevenue,500000)",
    "filter=lt(employeeCount,15)",
    "filter=lte(annualRevenue,200000)",
    "filter=in(country,US,GE,FR)",
    "filter=nin(industry,HEALTHCARE,FINANCIAL)",
    "filter=btn(employeeCount,15,50)",
    "filter=like(companyName,Enterprise)",
    "filter=notlike(companyName,Corp)",
    "sort=-country",
    "pageNumber=2&sort=-country",
    "pageSize=25&pageNumber=2",
    "name=Harp",
];

/// Runs a command expected to succeed and returns its stdout.
fn run_ok(args: &[&str]) -> String {
    let output = run(args);
    assert_exit(&output, 0);
    stdout_of(&output)
}

fn test_data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn load_json_array(path: &str) -> Vec<Value> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("invalid JSON in {path}: {error}"))
}

/// Creates and returns the directory for the files these tests write, under Cargo's temporary
/// directory for integration tests.
fn scratch_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
    dir
}

fn parse_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("output line is not JSON ({error}): {line}"))
        })
        .collect()
}

fn parse_page(text: &str) -> Value {
    serde_json::from_str(text)
        .unwrap_or_else(|error| panic!("output is not JSON ({error}):\n{text}"))
}

/// Checks every member of a response page's `paging` object.
fn assert_paging(
    page: &Value,
    page_number: u64,
    page_size: u64,
    total: u64,
    sorting_criteria: Option<&str>,
) {
    let paging = &page["paging"];
    let total_pages = total.div_ceil(page_size);
    let has_next = page_number < total_pages;
    assert_eq!(paging["pageNumber"], page_number, "pageNumber");
    assert_eq!(paging["pageSize"], page_size, "pageSize");
    assert_eq!(
        paging["totalNumberOfRecords"], total,
        "totalNumberOfRecords"
    );
    assert_eq!(
        paging["totalNumberOfPages"], total_pages,
        "totalNumberOfPages"
    );
    assert_eq!(paging["hasNextPage"], has_next, "hasNextPage");
    assert_eq!(paging["hasMore"], has_next, "hasMore");
    assert_eq!(
        paging["hasPreviousPage"],
        page_number > 1,
        "hasPreviousPage"
    );
    let criteria = sorting_criteria.map_or(Value::Null, Value::from);
    assert_eq!(paging["sortingCriteria"], criteria, "sortingCriteria");
}

/// Returns the records of page `page_number` of size `page_size` out of `all`.
fn page_slice(all: &[Value], page_number: usize, page_size: usize) -> &[Value] {
    let first = ((page_number - 1) * page_size).min(all.len());
    let end = (first + page_size).min(all.len());
    &all[first..end]
}

/// Asserts that `drawing` shows `input` on a line and a single caret under byte `offset` of it.
fn assert_caret_under(drawing: &str, input: &str, offset: usize) {
    let lines: Vec<&str> = drawing.lines().collect();
    let line_index = lines
        .iter()
        .position(|line| line.ends_with(input))
        .unwrap_or_else(|| panic!("the drawing shows `{input}`:\n{drawing}"));
    let input_column = lines[line_index].len() - input.len();
    let caret_line = lines
        .get(line_index + 1)
        .unwrap_or_else(|| panic!("a caret line follows the input:\n{drawing}"));
    assert_eq!(
        caret_line.find('^'),
        Some(input_column + offset),
        "caret position:\n{drawing}"
    );
    assert_eq!(caret_line.matches('^').count(), 1, "one caret:\n{drawing}");
}

/// Returns the number in a penguin's field, or `None` when it is null or missing.
fn penguin_number(record: &Value, field: &str) -> Option<f64> {
    record.get(field).and_then(Value::as_f64)
}

/// Sorts penguins by `Body Mass (g)` descending: nulls first, ties in input order.
fn by_body_mass_descending(records: Vec<Value>) -> Vec<Value> {
    let (mut ordered, mut with_mass): (Vec<Value>, Vec<Value>) = records
        .into_iter()
        .partition(|record| penguin_number(record, "Body Mass (g)").is_none());
    // `sort_by` is stable, so ties keep input order.
    with_mass.sort_by(|a, b| {
        let a = penguin_number(a, "Body Mass (g)").unwrap();
        let b = penguin_number(b, "Body Mass (g)").unwrap();
        b.total_cmp(&a)
    });
    ordered.extend(with_mass);
    ordered
}

#[test]
fn demo_shows_every_example() {
    let stdout = run_ok(&["demo"]);
    let lines: Vec<&str> = stdout.lines().collect();
    for query in EXAMPLE_QUERIES {
        let canonical = parse_query(query)
            .unwrap_or_else(|error| panic!("`{query}`: {error}"))
            .to_string();
        let query_line = lines
            .iter()
            .position(|line| line.starts_with("query:") && line["query:".len()..].trim() == query)
            .unwrap_or_else(|| panic!("demo shows the query `{query}`"));
        let canonical_line = lines
            .get(query_line + 1)
            .and_then(|line| line.strip_prefix("canonical:"))
            .unwrap_or_else(|| panic!("a canonical line follows `{query}`"));
        assert_eq!(
            canonical_line.trim(),
            canonical,
            "canonical form of `{query}`"
        );
    }
}

#[test]
fn demo_shows_mistyped_example_error() {
    let stdout = run_ok(&["demo"]);
    let lines: Vec<&str> = stdout.lines().collect();
    let query_line = lines
        .iter()
        .position(|line| {
            line.starts_with("query:") && line["query:".len()..].trim() == MISTYPED_QUERY
        })
        .unwrap_or_else(|| panic!("demo shows the mistyped query:\n{stdout}"));
    // The example's output runs up to the blank line before the next example.
    let section = lines[query_line + 1..]
        .iter()
        .take_while(|line| !line.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(section.contains("error:"), "an error follows:\n{section}");
    assert_caret_under(&section, MISTYPED_QUERY, MISTYPED_STRAY);
}

#[test]
fn eval_penguins_quoted_field_sort_paging() {
    let query = "filter=gt(%22Beak%20Length%20(mm)%22,50)\
                 &sort=-%22Body%20Mass%20(g)%22&pageSize=7&pageNumber=3";
    let path = test_data("penguins.json");
    let page = parse_page(&run_ok(&["eval", query, &path]));

    let penguins = load_json_array(&path);
    let long_beaks: Vec<Value> = penguins
        .into_iter()
        .filter(|record| penguin_number(record, "Beak Length (mm)").is_some_and(|beak| beak > 50.0))
        .collect();
    let expected = by_body_mass_descending(long_beaks);
    assert!(expected.len() > 3 * 7, "page 3 of 7 is full");

    let data = page["data"].as_array().expect("data is an array");
    assert_eq!(data.as_slice(), page_slice(&expected, 3, 7), "data");
    assert_paging(
        &page,
        3,
        7,
        expected.len() as u64,
        Some("-\"Body Mass (g)\""),
    );
}

#[test]
fn eval_penguins_nulls_first_descending() {
    let query = "sort=-%22Body%20Mass%20(g)%22&pageSize=5";
    let path = test_data("penguins.json");
    let page = parse_page(&run_ok(&["eval", query, &path]));

    let expected = by_body_mass_descending(load_json_array(&path));
    assert!(
        expected[0]["Body Mass (g)"].is_null(),
        "the data has penguins without a body mass"
    );
    let data = page["data"].as_array().expect("data is an array");
    assert_eq!(data.as_slice(), page_slice(&expected, 1, 5), "data");
    assert_paging(
        &page,
        1,
        5,
        expected.len() as u64,
        Some("-\"Body Mass (g)\""),
    );
}

#[test]
fn eval_ndjson_keeps_input_order() {
    let path = test_data("flights-20k.json");
    let stdout = run_ok(&[
        "eval",
        "--ndjson",
        "filter=gt(delay,60)&pageSize=5&pageNumber=2",
        &path,
    ]);
    let expected: Vec<Value> = load_json_array(&path)
        .into_iter()
        .filter(|record| record["delay"].as_i64().is_some_and(|delay| delay > 60))
        .collect();
    assert!(expected.len() > 10, "enough matches that paging would cut");

    let lines = parse_lines(&stdout);
    assert_eq!(
        lines.len(),
        expected.len(),
        "one line per match, paging ignored"
    );
    assert_eq!(lines, expected, "matches in input order");
}

#[test]
fn eval_ndjson_sorted() {
    let path = test_data("flights-20k.json");
    let stdout = run_ok(&[
        "eval",
        "--ndjson",
        "origin=SFO&sort=-delay&pageSize=3",
        &path,
    ]);
    let mut expected: Vec<Value> = load_json_array(&path)
        .into_iter()
        .filter(|record| record["origin"] == "SFO")
        .collect();
    // Stable, so flights with the same delay keep input order.
    expected.sort_by_key(|record| std::cmp::Reverse(record["delay"].as_i64().unwrap()));
    assert!(expected.len() > 3, "enough matches that paging would cut");

    assert_eq!(parse_lines(&stdout), expected);
}

#[test]
fn eval_stdin_json_array() {
    let input = br#"[
        {"id": 1, "properties": {"country": "US", "employeeCount": "999"}},
        {"id": 2, "properties": {"country": "FR", "employeeCount": "5000"}},
        {"id": 3, "properties": {"country": "US", "employeeCount": "1200"}},
        {"id": 4, "properties": {"country": null}}
    ]"#;
    let output = run_with_stdin(
        &["eval", "filter=gt(employeeCount,998)&sort=-id", "-"],
        input,
    );
    assert_exit(&output, 0);
    let page = parse_page(&stdout_of(&output));
    let ids: Vec<&Value> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, [3, 2, 1]);
    assert_paging(&page, 1, 20, 3, Some("-id"));
}

#[test]
fn eval_stdin_ndjson() {
    let input = b"{\"id\":1,\"city\":\"Oslo\"}\n{\"id\":2,\"city\":\"Lyon\"}\n\n{\"id\":3,\"city\":\"Lome\"}\n";
    let output = run_with_stdin(
        &["eval", "city=like::o&pageSize=1&pageNumber=2", "-"],
        input,
    );
    assert_exit(&output, 0);
    let page = parse_page(&stdout_of(&output));
    assert_eq!(page["data"], serde_json::json!([{"id": 2, "city": "Lyon"}]));
    assert_paging(&page, 2, 1, 3, None);
}

#[test]
fn eval_sample_products() {
    let page = parse_page(&run_ok(&["eval", "name=Harp", "--sample", "products"]));
    let path = format!("{}/data/products.json", env!("CARGO_MANIFEST_DIR"));
    let expected: Vec<Value> = load_json_array(&path)
        .into_iter()
        .filter(|record| record["properties"]["name"] == "Harp")
        .collect();
    assert!(!expected.is_empty(), "the products sample has a Harp");
    assert_eq!(page["data"].as_array().unwrap(), &expected);
    assert_paging(&page, 1, 20, expected.len() as u64, None);
}

#[test]
fn eval_invalid_query_exits_2() {
    let output = run(&["eval", MISTYPED_QUERY]);
    assert_exit(&output, 2);
    assert!(output.stdout.is_empty(), "nothing on stdout");
    assert_caret_under(&stderr_of(&output), MISTYPED_QUERY, MISTYPED_STRAY);
}

#[test]
fn eval_missing_file_exits_1() {
    let path = scratch_dir().join("no-such-file.json");
    let path = path.to_str().expect("UTF-8 path");
    let output = run(&["eval", "country=US", path]);
    assert_exit(&output, 1);
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains(path),
        "the message names the path:\n{stderr}"
    );
}

#[test]
fn eval_invalid_json_exits_1() {
    let path = scratch_dir().join("trailing-comma.json");
    std::fs::write(&path, "[{\"a\": 1},\n{\"a\": 2,}]\n").expect("write the test file");
    let path = path.to_str().expect("UTF-8 path");
    let output = run(&["eval", "a=1", path]);
    assert_exit(&output, 1);
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains(path),
        "the message names the path:\n{stderr}"
    );
    assert!(
        stderr.contains("line 2 column 9"),
        "the message gives the line and column of the `}}`:\n{stderr}"
    );
}

#[test]
fn eval_invalid_utf8_exits_1() {
    let cases: [(&str, &[u8]); 3] = [
        ("invalid-utf8-array.json", b"[{\"a\": \"x\xFFy\"}]\n"),
        (
            "invalid-utf8-lines.json",
            b"{\"a\": 1}\n{\"a\": \"\xC3\x28\"}\n",
        ),
        ("invalid-utf8-key.json", b"[{\"\xED\xA0\x80\": 1}]"),
    ];
    for (name, bytes) in cases {
        let path = scratch_dir().join(name);
        std::fs::write(&path, bytes).expect("write the test file");
        let path = path.to_str().expect("UTF-8 path");
        let output = run(&["eval", "a=1", path]);
        assert_exit(&output, 1);
        let stderr = stderr_of(&output);
        assert!(stderr.contains("invalid JSON in"), "{name}:\n{stderr}");
        assert!(stderr.contains("invalid unicode"), "{name}:\n{stderr}");
    }
}

#[test]
fn schema_invalid_utf8_exits_1() {
    let path = scratch_dir().join("invalid-utf8.schema.json");
    std::fs::write(&path, b"{\"fields\": {\"a\xFF\": {\"type\": \"text\"}}}").unwrap();
    let path = path.to_str().expect("UTF-8 path");
    let output = run(&["check", "--schema", path, "a=1"]);
    assert_exit(&output, 1);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("cannot read the schema"), "{stderr}");
    assert!(stderr.contains("valid UTF-8"), "{stderr}");
}

#[test]
fn invalid_utf8_argument_exits_2() {
    use std::os::unix::ffi::OsStrExt;
    let argument = std::ffi::OsStr::from_bytes(b"a=x\xFFy");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_inperium-filter"))
        .arg("fmt")
        .arg(argument)
        .output()
        .expect("inperium-filter runs");
    assert_exit(&output, 2);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("invalid UTF-8"), "{stderr}");
}

#[test]
fn escaped_invalid_utf8_query_exits_2() {
    let output = run(&["fmt", "a=x%FFy"]);
    assert_exit(&output, 2);
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("not valid UTF-8 once percent-decoded"),
        "{stderr}"
    );
    assert!(stderr.contains("1 | a=x%FFy\n  |    ^^^\n"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let sample_path = test_data("penguins.json");
    let cases: [&[&str]; 5] = [
        &[],
        &["no-such-command"],
        &["eval"],
        &["eval", "a=1", &sample_path, "--sample", "products"],
        &["fmt", "a=1", "--target", "no-such-target"],
    ];
    for args in cases {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "exit status of {args:?}");
        assert!(
            !output.stderr.is_empty(),
            "a message on stderr for {args:?}"
        );
    }
}

#[test]
fn fmt_prints_canonical_text() {
    let stdout = run_ok(&["fmt", "?filter=or(EQ(a,1),gt(b,2))&Country=US&x=a%2Bb"]);
    assert_eq!(stdout, "filter=OR(eq(a,1),gt(b,2))&Country=US&x=a%2Bb\n");
}

#[test]
fn fmt_target_advanced() {
    let stdout = run_ok(&[
        "fmt",
        "--target",
        "advanced",
        "country=US&employeeCount=gt::1000&sort=-country",
    ]);
    assert_eq!(
        stdout,
        "filter=AND(eq(country,US),gt(employeeCount,1000))&sort=-country\n"
    );
}

#[test]
fn fmt_target_fields() {
    let stdout = run_ok(&[
        "fmt",
        "--target",
        "fields",
        "filter=AND(eq(country,US),gt(employeeCount,1000))",
    ]);
    assert_eq!(stdout, "country=US&employeeCount=gt::1000\n");
}

#[test]
fn fmt_target_fields_rejects_or() {
    let query = "filter=OR(eq(a,1),eq(b,2))";
    let output = run(&["fmt", "--target", "fields", query]);
    assert_exit(&output, 2);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("OR"), "the message names OR:\n{stderr}");
    assert!(stderr.contains('^'), "the message draws a caret:\n{stderr}");
}

#[test]
fn parse_prints_json() {
    let stdout = run_ok(&["parse", "country=US&filter=gt(employeeCount,1000)&sort=-id"]);
    let parsed: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|error| panic!("parse output is not JSON ({error}):\n{stdout}"));
    let conditions = parsed["conditions"].as_array().expect("a conditions array");
    assert_eq!(conditions.len(), 2);

    let stdout = run_ok(&["parse", "--filter", "OR(eq(a,1),gt(b,2))"]);
    let parsed: Result<Value, _> = serde_json::from_str(&stdout);
    assert!(
        parsed.is_ok(),
        "parse --filter output is not JSON:\n{stdout}"
    );
}

#[test]
fn eval_ndjson_streams_large_input() {
    const RECORDS: u64 = 200_000;
    let path = scratch_dir().join("large-input.ndjson");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create the file"));
    for id in 0..RECORDS {
        writeln!(
            file,
            r#"{{"id":{id},"bucket":{},"name":"record {id}"}}"#,
            id % 1000
        )
        .expect("write a record");
    }
    file.into_inner()
        .expect("flush the file")
        .sync_all()
        .expect("sync the file");

    let path = path.to_str().expect("UTF-8 path");
    let stdout = run_ok(&["eval", "--ndjson", "filter=eq(bucket,7)", path]);
    let ids: Vec<u64> = parse_lines(&stdout)
        .iter()
        .map(|record| record["id"].as_u64().expect("a numeric id"))
        .collect();
    let expected: Vec<u64> = (0..RECORDS).filter(|id| id % 1000 == 7).collect();
    assert_eq!(ids.len(), expected.len(), "number of matches");
    assert_eq!(ids, expected, "matches in input order");
}

#[test]
fn eval_skips_byte_order_mark() {
    for input in [
        &b"\xEF\xBB\xBF{\"a\":1}\n{\"a\":2}\n"[..],
        &b"\xEF\xBB\xBF[{\"a\":1},{\"a\":2}]"[..],
    ] {
        let output = run_with_stdin(&["eval", "a=1", "-", "--ndjson"], input);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&output.stdout), "{\"a\":1}\n");
    }
}

#[test]
fn fmt_accepts_parse_flags() {
    let output = run(&[
        "fmt",
        "--max-page-size",
        "500",
        "--pass-through",
        "objectType",
        "objectType=x&pageSize=500",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "objectType=x&pageSize=500\n"
    );
}

#[test]
fn sql_prints_statements_and_parameters() {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/data/companies.schema.json");
    let output = run(&[
        "sql",
        "--schema",
        schema,
        "--dialect",
        "sqlite",
        "--table",
        "companies",
        "country=US",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        printed["count_sql"],
        r#"SELECT COUNT(*) FROM "companies" WHERE "country" = ?1"#
    );
    assert_eq!(printed["params"], serde_json::json!(["US", 20, 0]));

    let invalid = run(&[
        "sql",
        "--schema",
        schema,
        "--dialect",
        "mysql",
        "--table",
        "companies",
        "contry=US",
    ]);
    assert_eq!(invalid.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("did you mean `country`?"));
}

#[test]
fn sql_reads_members_of_a_document_column() {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/data/companies.schema.json");
    let output = run(&[
        "sql",
        "--schema",
        schema,
        "--dialect",
        "postgres",
        "--table",
        "companies",
        "--document",
        "record",
        "filter=isnull(country)",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        printed["count_sql"],
        r#"SELECT COUNT(*) FROM "companies" WHERE "record" ->> 'country' IS NULL"#
    );
}
