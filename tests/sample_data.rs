//! The bundled sample collections are exactly what the committed generator writes.

#[path = "../data/generate.rs"]
mod generate;

#[test]
fn sample_files_match_generator() {
    let files = generate::sample_files();
    assert_eq!(files.len(), 4);
    for (name, expected) in files {
        let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
        let written = std::fs::read_to_string(&path).expect("sample file exists");
        assert!(
            written == expected,
            "{path} differs from what data/generate.rs writes: run `cargo run --example generate-sample-data`"
        );
    }
}
