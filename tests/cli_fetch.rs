//! `inperium-filter serve` and `inperium-filter fetch` as processes on 127.0.0.1: the fetched
//! records equal `eval` on the same file, and the key appears in no output.

mod cli_common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::Duration;

use cli_common::{assert_exit, run, stderr_of, stdout_of};

const KEY: &str = "k-cli-5e1c-secret";
const KEY_VARIABLE: &str = "INPERIUM_TEST_API_KEY";

/// The maximum time the server may take to start listening.
const START_BOUND: Duration = Duration::from_secs(30);

/// A `serve` process, stopped when dropped.
struct ServeProcess {
    child: Child,
    base_url: String,
    lines: Receiver<String>,
    reader: Option<JoinHandle<()>>,
}

impl ServeProcess {
    fn start(extra: &[&str]) -> ServeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_inperium-filter"))
            .args([
                "serve",
                "data/companies.json",
                "--addr",
                "127.0.0.1:0",
                "--api-key",
                KEY,
            ])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("inperium-filter serve starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (sender, lines) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        let mut server = ServeProcess {
            child,
            base_url: String::new(),
            lines,
            reader: Some(reader),
        };
        loop {
            let line = server
                .lines
                .recv_timeout(START_BOUND)
                .expect("serve names its address on stderr");
            if let Some(rest) = line.split(" at http://").nth(1) {
                let address = rest.split(';').next().unwrap();
                server.base_url = format!("http://{address}/v1");
                return server;
            }
        }
    }

    /// Stops the server and returns the rest of its stderr.
    fn stop(mut self) -> String {
        self.child.kill().expect("serve stops");
        self.child.wait().expect("serve exits");
        if let Some(reader) = self.reader.take() {
            reader.join().expect("stderr reader");
        }
        self.lines.try_iter().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The maximum time one `fetch` process may run before the test kills it and fails.
const FETCH_BOUND: Duration = Duration::from_secs(60);

/// Runs `fetch` with the key in its environment, killing it after [`FETCH_BOUND`].
fn fetch(args: &[&str], key: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inperium-filter"));
    command.arg("fetch").args(args).env(KEY_VARIABLE, key);
    output_within(command, FETCH_BOUND)
}

/// Runs `command` to its end, or kills it and panics when it runs past `bound`.
fn output_within(mut command: Command, bound: Duration) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("inperium-filter starts");
    let (sender, finished) = mpsc::channel();
    let id = child.id();
    let waiter = std::thread::spawn(move || {
        let output = child.wait_with_output();
        let _ = sender.send(());
        output
    });
    if finished.recv_timeout(bound).is_err() {
        // The child is still running: end it by its id, then fail the test.
        let _ = Command::new("kill").arg(id.to_string()).status();
        panic!(
            "inperium-filter {:?} ran past {bound:?}",
            command.get_args().collect::<Vec<_>>()
        );
    }
    waiter
        .join()
        .expect("waiter thread")
        .expect("output is read")
}

fn assert_no_key(text: &str) {
    assert!(!text.contains(KEY), "the key appears in:\n{text}");
}

#[test]
fn fetch_equals_eval() {
    let server = ServeProcess::start(&[]);
    let url = format!("{}/companies", server.base_url);
    let query = "filter=OR(gt(annualRevenue,500000),eq(country,US))&sort=-country,+id&pageSize=17";

    let fetched = fetch(
        &[&url, query, "--api-key-env", KEY_VARIABLE, "--ndjson"],
        KEY,
    );
    assert_exit(&fetched, 0);
    let evaluated = run(&["eval", query, "--ndjson", "data/companies.json"]);
    assert_exit(&evaluated, 0);
    assert!(stdout_of(&evaluated).lines().count() > 17, "several pages");
    assert_eq!(stdout_of(&fetched), stdout_of(&evaluated));

    let array = fetch(&[&url, query, "--api-key-env", KEY_VARIABLE], KEY);
    assert_exit(&array, 0);
    let records: Vec<serde_json::Value> = serde_json::from_str(&stdout_of(&array)).unwrap();
    assert_eq!(records.len(), stdout_of(&evaluated).lines().count());

    for output in [&fetched, &array] {
        assert_no_key(&stdout_of(output));
        assert_no_key(&stderr_of(output));
    }
    assert_no_key(&server.stop());
}

#[test]
fn fetch_max_pages() {
    let server = ServeProcess::start(&[]);
    let url = format!("{}/companies", server.base_url);
    let output = fetch(
        &[
            &url,
            "sort=+id&pageSize=10",
            "--api-key-env",
            KEY_VARIABLE,
            "--max-pages",
            "2",
            "--ndjson",
        ],
        KEY,
    );
    assert_exit(&output, 0);
    assert_eq!(stdout_of(&output).lines().count(), 20);
}

#[test]
fn fetch_wrong_key_fails() {
    let server = ServeProcess::start(&[]);
    let url = format!("{}/companies", server.base_url);
    let output = fetch(&[&url, "--api-key-env", KEY_VARIABLE], "k-wrong-key");
    assert_exit(&output, 1);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("HTTP 401 for page 1"), "{stderr}");
    assert!(!stderr.contains("k-wrong-key"), "{stderr}");
    assert_no_key(&server.stop());
}

#[test]
fn fetch_without_key_variable_fails() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inperium-filter"));
    command
        .args([
            "fetch",
            "http://127.0.0.1:9/v1/x",
            "--api-key-env",
            "INPERIUM_TEST_UNSET_VARIABLE",
        ])
        .env_remove("INPERIUM_TEST_UNSET_VARIABLE");
    let output = output_within(command, FETCH_BOUND);
    assert_exit(&output, 1);
    assert!(stderr_of(&output).contains("INPERIUM_TEST_UNSET_VARIABLE"));
}

#[test]
fn fetch_survives_faults() {
    let server = ServeProcess::start(&[
        "--fail-rate",
        "0.2",
        "--truncate-rate",
        "0.2",
        "--seed",
        "9",
    ]);
    let url = format!("{}/companies", server.base_url);
    let query = "sort=+id&pageSize=25";
    // The default backoff starts at 500 ms, so a few retries take a few seconds.
    let fetched = fetch(
        &[
            &url,
            query,
            "--api-key-env",
            KEY_VARIABLE,
            "--ndjson",
            "--retries",
            "8",
        ],
        KEY,
    );
    assert_exit(&fetched, 0);
    let evaluated = run(&["eval", query, "--ndjson", "data/companies.json"]);
    assert_eq!(stdout_of(&fetched), stdout_of(&evaluated));
    let stderr = stderr_of(&fetched);
    assert!(stderr.contains("retrying request"), "{stderr}");
    assert_no_key(&stderr);
    assert_no_key(&server.stop());
}

#[test]
fn invalid_query_exits_2() {
    let output = fetch(&["http://127.0.0.1:9/v1/x", "filter=gtx(a,1)"], KEY);
    assert_exit(&output, 2);
    assert!(stderr_of(&output).contains("gtx"));
}

/// The maximum time a `serve` run that must fail at start may take before the test fails.
const SERVE_FAILURE_BOUND: Duration = Duration::from_secs(30);

/// Returns a directory for this test file's temporary files.
fn temporary_directory() -> std::path::PathBuf {
    let directory = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-fetch-tests");
    std::fs::create_dir_all(&directory).expect("temporary directory");
    directory
}

#[test]
fn serve_rejects_duplicate_stems() {
    let directory = temporary_directory().join("duplicate-stems");
    std::fs::create_dir_all(&directory).unwrap();
    let other = directory.join("companies.json");
    std::fs::write(&other, r#"[{"id": 1}]"#).unwrap();

    let mut command = Command::new(env!("CARGO_BIN_EXE_inperium-filter"));
    command
        .args(["serve", "data/companies.json"])
        .arg(&other)
        .args(["--addr", "127.0.0.1:0"]);
    let output = output_within(command, SERVE_FAILURE_BOUND);
    assert_exit(&output, 1);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("data/companies.json"), "{stderr}");
    assert!(stderr.contains(&other.display().to_string()), "{stderr}");
    assert!(stderr.contains("/v1/companies"), "{stderr}");
}

#[test]
fn serve_rejects_two_schemas_for_one_file() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inperium-filter"));
    command.args([
        "serve",
        "data/companies.json",
        "--schema",
        "data/companies.schema.json",
        "--schema",
        "data/contacts.schema.json",
        "--addr",
        "127.0.0.1:0",
    ]);
    let output = output_within(command, SERVE_FAILURE_BOUND);
    assert_exit(&output, 1);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("two schema files"), "{stderr}");
    assert!(stderr.contains("companies"), "{stderr}");
}

#[test]
fn serve_rejects_unusable_keys() {
    // The key given with --api-key, or through the environment when `None`, and a word the
    // error must contain.
    let cases = [
        (Some(""), "empty"),
        (None, "empty"),
        (Some(" k-1"), "space"),
        (Some("k-1\t"), "space"),
        (Some("k-\u{e9}"), "non-ASCII"),
    ];
    for (argument, expected) in cases {
        let mut command = Command::new(env!("CARGO_BIN_EXE_inperium-filter"));
        command.args(["serve", "data/companies.json", "--addr", "127.0.0.1:0"]);
        match argument {
            Some(key) => command.args(["--api-key", key]),
            None => command
                .args(["--api-key-env", KEY_VARIABLE])
                .env(KEY_VARIABLE, ""),
        };
        let output = output_within(command, SERVE_FAILURE_BOUND);
        assert_exit(&output, 1);
        let stderr = stderr_of(&output);
        assert!(stderr.contains(expected), "{argument:?}: {stderr}");
    }
}

#[test]
fn fetch_url_with_query_names_fix() {
    let output = fetch(
        &["http://127.0.0.1:9/v1/companies?country=US&pageSize=5"],
        KEY,
    );
    assert_exit(&output, 1);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("`country=US&pageSize=5`"), "{stderr}");
    assert!(stderr.contains("QUERY argument"), "{stderr}");
}
