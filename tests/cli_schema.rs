//! The schema commands of `inperium-filter`, run as a process: `check`, `eval --schema`,
//! `eval --sample-schema` and `schema infer`, with their output, exit statuses and messages.

mod cli_common;

use std::path::PathBuf;

use inperium_filter::schema::{FieldType, Schema};
use serde_json::Value;

use cli_common::{assert_exit, run, run_with_stdin, stderr_of, stdout_of};

fn data_path(name: &str) -> String {
    format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn companies_schema() -> String {
    data_path("companies.schema.json")
}

/// Creates and returns the directory for the files these tests write.
fn scratch_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-schema-tests");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
    dir
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text)
        .unwrap_or_else(|error| panic!("output is not JSON ({error}):\n{text}"))
}

fn companies() -> Vec<Value> {
    let text = std::fs::read_to_string(data_path("companies.json")).expect("companies.json");
    serde_json::from_str(&text).expect("companies.json is a JSON array")
}

/// Returns a company's `employeeCount`, stored as text, as a number.
fn employee_count(record: &Value) -> Option<i64> {
    record["properties"]["employeeCount"]
        .as_str()
        .map(|text| text.parse().expect("employeeCount text is an integer"))
}

fn ids(page: &Value) -> Vec<i64> {
    page["data"]
        .as_array()
        .expect("the page has data")
        .iter()
        .map(|record| record["id"].as_i64().expect("a record has an id"))
        .collect()
}

#[test]
fn check_reports_every_mistake() {
    let query =
        "contry=US&employeeCount=gt::abc&filter=like(annualRevenue,5)&type=PARTNERS&sort=-dealIds";
    let output = run(&["check", "--schema", &companies_schema(), query]);
    assert_exit(&output, 2);
    assert!(output.stdout.is_empty(), "nothing on stdout");

    let stderr = stderr_of(&output);
    for expected in [
        "error: unknown field `contry`",
        "did you mean `country`?",
        "error: `abc` is not a valid integer for `employeeCount`",
        "error: `like` does not apply to `annualRevenue`, a number field",
        "error: `PARTNERS` is not a valid enumeration for `type`",
        "error: unknown field `dealIds`",
        "error: the query is invalid: 5 errors, 0 warnings",
    ] {
        assert!(stderr.contains(expected), "`{expected}` in:\n{stderr}");
    }
    let caret_lines = stderr.lines().filter(|line| line.contains('^')).count();
    assert_eq!(caret_lines, 5, "one caret line per error in:\n{stderr}");
}

#[test]
fn check_valid_query_prints_ok() {
    let query = "filter=AND(gt(employeeCount,1000),in(industry,ENERGY,RETAIL))&sort=-createdAt";
    let output = run(&["check", "--schema", &companies_schema(), query]);
    assert_exit(&output, 0);
    assert_eq!(stdout_of(&output), "ok\n");
    assert_eq!(stderr_of(&output), "");
}

#[test]
fn check_prints_warnings_and_ok() {
    let query = "country=US&country=FR";
    let output = run(&["check", "--schema", &companies_schema(), query]);
    assert_exit(&output, 0);
    assert_eq!(stdout_of(&output), "ok\n");

    let stderr = stderr_of(&output);
    assert!(
        stderr.starts_with("warning: `country` is compared with eq more than once in one AND\n"),
        "{stderr}"
    );
    assert!(stderr.contains("1 | country=US&country=FR\n"), "{stderr}");
    // The caret underlines the second condition, `country=FR`.
    assert!(stderr.contains("  |            ^^^^^^^^^^\n"), "{stderr}");
    assert!(stderr.ends_with("warning: 1 warning\n"), "{stderr}");
}

#[test]
fn check_parse_error_draws_caret() {
    let output = run(&[
        "check",
        "--schema",
        &companies_schema(),
        "filter=OR(eq(a,1)",
    ]);
    assert_exit(&output, 2);
    let stderr = stderr_of(&output);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("1 | filter=OR(eq(a,1)\n"), "{stderr}");
    assert!(stderr.contains("  |                  ^\n"), "{stderr}");
}

#[test]
fn eval_schema_compares_employee_count_numerically() {
    let query = "filter=gt(employeeCount,1000)&pageSize=100";
    let output = run(&["eval", "--schema", &companies_schema(), query]);
    assert_exit(&output, 0);
    let page = parse_json(&stdout_of(&output));

    let expected: Vec<i64> = companies()
        .iter()
        .filter(|record| employee_count(record).is_some_and(|count| count > 1000))
        .map(|record| record["id"].as_i64().expect("id"))
        .collect();
    assert!(!expected.is_empty(), "some company has over 1000 employees");
    assert_eq!(
        page["paging"]["totalNumberOfRecords"],
        Value::from(expected.len()),
        "{page}"
    );
    assert_eq!(ids(&page), expected[..expected.len().min(100)]);
}

#[test]
fn eval_schema_sorts_employee_count_numerically() {
    let query = "sort=employeeCount&pageSize=10";
    let typed = parse_json(&stdout_of(&run(&[
        "eval",
        "--schema",
        &companies_schema(),
        query,
    ])));

    let mut counted: Vec<(i64, i64)> = companies()
        .iter()
        .filter_map(|record| Some((employee_count(record)?, record["id"].as_i64()?)))
        .collect();
    // Ties order by the key field, `id`, ascending.
    counted.sort();
    let expected: Vec<i64> = counted.iter().take(10).map(|(_, id)| *id).collect();
    assert_eq!(ids(&typed), expected);

    // Without a schema the text "10130" sorts before "200", so the order differs.
    let untyped = parse_json(&stdout_of(&run(&["eval", query])));
    assert_ne!(ids(&untyped), expected);
}

#[test]
fn eval_sample_schema_matches_schema_file() {
    let query = "filter=btn(employeeCount,15,50)&sort=-annualRevenue";
    let from_file = run(&["eval", "--schema", &companies_schema(), query]);
    let bundled = run(&["eval", "--sample-schema", query]);
    assert_exit(&from_file, 0);
    assert_exit(&bundled, 0);
    assert_eq!(stdout_of(&from_file), stdout_of(&bundled));
}

#[test]
fn eval_schema_invalid_query_exits_2() {
    let query = "filter=eq(type,PARTNERS)&employeeCount=gt::many";
    let output = run(&["eval", "--schema", &companies_schema(), query]);
    assert_exit(&output, 2);
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("`PARTNERS` is not a valid enumeration"),
        "{stderr}"
    );
    assert!(stderr.contains("`many` is not a valid integer"), "{stderr}");
    assert!(stderr.contains("2 errors"), "{stderr}");
}

#[test]
fn eval_schema_warning_still_evaluates() {
    let query = "country=US&country=FR";
    let output = run(&["eval", "--schema", &companies_schema(), query]);
    assert_exit(&output, 0);
    let page = parse_json(&stdout_of(&output));
    assert_eq!(page["paging"]["totalNumberOfRecords"], Value::from(0));
    assert!(stderr_of(&output).contains("warning: 1 warning"));
}

#[test]
fn infer_penguins_prints_schema() {
    let path = format!("{}/tests/data/penguins.json", env!("CARGO_MANIFEST_DIR"));
    let output = run(&["schema", "infer", &path]);
    assert_exit(&output, 0);

    let schema = Schema::from_json(&stdout_of(&output))
        .unwrap_or_else(|error| panic!("{error}:\n{}", stdout_of(&output)));
    assert_eq!(schema.fields.len(), 7);
    assert_eq!(
        schema.field("Body Mass (g)").map(|field| &field.field_type),
        Some(&FieldType::Integer)
    );
    assert_eq!(
        schema
            .field("Beak Length (mm)")
            .map(|field| &field.field_type),
        Some(&FieldType::Number)
    );
    assert_eq!(
        schema.field("Species").map(|field| &field.field_type),
        Some(&FieldType::Text)
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.starts_with("note: inferred from 344 records\n"),
        "{stderr}"
    );
}

#[test]
fn infer_enumerations_flag() {
    let path = format!("{}/tests/data/penguins.json", env!("CARGO_MANIFEST_DIR"));
    let output = run(&["schema", "infer", "--enumerations", &path]);
    assert_exit(&output, 0);
    let schema = Schema::from_json(&stdout_of(&output)).expect("schema JSON");
    assert_eq!(
        schema.field("Island").map(|field| &field.field_type),
        Some(&FieldType::Enumeration {
            values: vec!["Biscoe".into(), "Dream".into(), "Torgersen".into()]
        })
    );
}

#[test]
fn infer_reads_ndjson_from_stdin() {
    let input = b"{\"id\":1,\"n\":\"650\",\"tags\":[1]}\n{\"id\":2,\"n\":\"12\",\"tags\":[]}\n";
    let output = run_with_stdin(&["schema", "infer", "-"], input);
    assert_exit(&output, 0);
    let schema = Schema::from_json(&stdout_of(&output)).expect("schema JSON");
    assert_eq!(
        schema.field("n").map(|field| &field.field_type),
        Some(&FieldType::Integer)
    );
    assert!(schema.field("tags").is_none());
    assert_eq!(schema.key.as_deref(), Some("id"));

    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("note: inferred from 2 records\n"),
        "{stderr}"
    );
    assert!(stderr.contains("`n` contains numeric text"), "{stderr}");
    assert!(stderr.contains("`tags` contains arrays"), "{stderr}");
}

#[test]
fn infer_missing_file_exits_1() {
    let path = scratch_dir().join("no-such-records.json");
    let path = path.to_str().expect("UTF-8 path");
    let output = run(&["schema", "infer", path]);
    assert_exit(&output, 1);
    assert!(stderr_of(&output).contains(path), "{}", stderr_of(&output));
}

#[test]
fn invalid_schema_file_exits_1() {
    let path = scratch_dir().join("misspelt-type.schema.json");
    std::fs::write(&path, "{\n  \"fields\": {\"a\": {\"type\": \"txt\"}}\n}\n")
        .expect("write the test file");
    let path = path.to_str().expect("UTF-8 path");

    for args in [
        ["check", "--schema", path, "a=1"],
        ["eval", "--schema", path, "a=1"],
    ] {
        let output = run(&args);
        assert_exit(&output, 1);
        assert!(output.stdout.is_empty(), "nothing on stdout for {args:?}");
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains(path),
            "the message names the path:\n{stderr}"
        );
        assert!(stderr.contains("unknown variant `txt`"), "{stderr}");
        assert!(stderr.contains("line 2 column"), "the line:\n{stderr}");
    }
}

#[test]
fn missing_schema_file_exits_1() {
    let path = scratch_dir().join("no-such.schema.json");
    let path = path.to_str().expect("UTF-8 path");
    let output = run(&["check", "--schema", path, "a=1"]);
    assert_exit(&output, 1);
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains(path),
        "the message names the path:\n{stderr}"
    );
}

#[test]
fn sample_schema_needs_no_file() {
    let path = data_path("companies.json");
    let output = run(&["eval", "--sample-schema", "a=1", &path]);
    assert_exit(&output, 2);
    assert!(!output.stderr.is_empty(), "a usage message on stderr");
}

#[test]
fn demo_examples_pass_their_schemas() {
    let output = run(&["demo"]);
    assert_exit(&output, 0);
    let stdout = stdout_of(&output);
    assert!(
        !stdout.contains("rejected by the schema"),
        "every example is valid for its collection's schema:\n{stdout}"
    );
    assert!(!stdout.contains("warning:"), "no example warns:\n{stdout}");
}
