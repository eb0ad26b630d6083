//! Schema inference from records: the penguin and flight data sets, the bundled samples, and
//! crafted records for each typing rule and note.

use inperium_filter::parse_query;
use inperium_filter::schema::{infer, FieldType, Inference, Inferrer, Schema};
use serde_json::{json, Value};

fn load(path: &str) -> Vec<Value> {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn field_type(inference: &Inference, name: &str) -> FieldType {
    inference
        .schema
        .field(name)
        .unwrap_or_else(|| panic!("no field `{name}` in {:#?}", inference.schema))
        .field_type
        .clone()
}

/// Returns whether some note names the field in backquotes and contains every one of `words`.
fn has_note(inference: &Inference, field: &str, words: &[&str]) -> bool {
    let quoted = format!("`{field}`");
    inference
        .notes
        .iter()
        .any(|note| note.contains(&quoted) && words.iter().all(|word| note.contains(word)))
}

fn enumeration(values: &[&str]) -> FieldType {
    FieldType::Enumeration {
        values: values.iter().map(|value| (*value).to_owned()).collect(),
    }
}

#[test]
fn penguins_types() {
    let records = load("tests/data/penguins.json");
    let inference = infer(&records);

    assert_eq!(field_type(&inference, "Species"), FieldType::Text);
    assert_eq!(field_type(&inference, "Island"), FieldType::Text);
    assert_eq!(field_type(&inference, "Sex"), FieldType::Text);
    assert_eq!(
        field_type(&inference, "Beak Length (mm)"),
        FieldType::Number
    );
    assert_eq!(field_type(&inference, "Beak Depth (mm)"), FieldType::Number);
    assert_eq!(
        field_type(&inference, "Flipper Length (mm)"),
        FieldType::Integer
    );
    assert_eq!(field_type(&inference, "Body Mass (g)"), FieldType::Integer);
    assert_eq!(inference.schema.fields.len(), 7);
    assert_eq!(inference.schema.key, None);
    assert_eq!(inference.notes[0], "inferred from 344 records");
}

#[test]
fn penguins_candidates_for_enumerations() {
    let inference = infer(&load("tests/data/penguins.json"));
    let candidates = inference
        .notes
        .iter()
        .find(|note| note.contains("could be enumerations"))
        .expect("a note lists the enumeration candidates");
    assert!(candidates.contains("`Island` (3)"), "{candidates}");
    assert!(candidates.contains("`Sex` (3)"), "{candidates}");
    assert!(candidates.contains("`Species` (3)"), "{candidates}");
}

#[test]
fn penguins_enumerations_when_enabled() {
    let mut inferrer = Inferrer::new().with_enumerations(true);
    for record in &load("tests/data/penguins.json") {
        inferrer.add(record);
    }
    let inference = inferrer.finish();

    assert_eq!(
        field_type(&inference, "Species"),
        enumeration(&["Adelie", "Chinstrap", "Gentoo"])
    );
    assert_eq!(
        field_type(&inference, "Island"),
        enumeration(&["Biscoe", "Dream", "Torgersen"])
    );
    // The data set writes one unknown sex as ".".
    assert_eq!(
        field_type(&inference, "Sex"),
        enumeration(&[".", "FEMALE", "MALE"])
    );
    assert!(has_note(&inference, "Species", &["enumeration"]));
    assert_eq!(field_type(&inference, "Body Mass (g)"), FieldType::Integer);
}

#[test]
fn penguins_schema_validates_queries() {
    let schema = infer(&load("tests/data/penguins.json")).schema;
    let valid = parse_query(
        "filter=AND(gt(%22Body%20Mass%20(g)%22,4000),eq(Species,Gentoo))&sort=-%22Beak%20Length%20(mm)%22",
    )
    .expect("the query parses");
    assert!(valid.validate(&schema).is_ok());

    let invalid =
        parse_query("filter=gt(%22Body%20Mass%20(g)%22,heavy)").expect("the query parses");
    assert!(invalid.validate(&schema).is_err());
}

#[test]
fn flights_types() {
    let inference = infer(&load("tests/data/flights-20k.json"));

    // `2001/01/01 00:47` is neither RFC 3339 nor `YYYY-MM-DD`.
    assert_eq!(field_type(&inference, "date"), FieldType::Text);
    assert_eq!(field_type(&inference, "delay"), FieldType::Integer);
    assert_eq!(field_type(&inference, "distance"), FieldType::Integer);
    assert_eq!(field_type(&inference, "origin"), FieldType::Text);
    assert_eq!(field_type(&inference, "destination"), FieldType::Text);
    assert_eq!(inference.schema.fields.len(), 5);
    assert_eq!(inference.notes, vec!["inferred from 20000 records"]);
}

#[test]
fn streaming_matches_batch() {
    let records = load("tests/data/flights-20k.json");
    let mut inferrer = Inferrer::new();
    for record in &records {
        inferrer.add(record);
    }
    assert_eq!(inferrer.finish(), infer(&records));
}

#[test]
fn companies_sample_types() {
    let inference = infer(&load("data/companies.json"));

    assert_eq!(field_type(&inference, "id"), FieldType::Integer);
    assert_eq!(inference.schema.key.as_deref(), Some("id"));
    assert_eq!(field_type(&inference, "employeeCount"), FieldType::Integer);
    assert_eq!(field_type(&inference, "annualRevenue"), FieldType::Number);
    assert_eq!(field_type(&inference, "createdAt"), FieldType::Timestamp);
    assert_eq!(field_type(&inference, "updatedAt"), FieldType::Timestamp);
    assert_eq!(field_type(&inference, "zip"), FieldType::Text);
    assert!(inference.schema.field("properties").is_none());
    assert!(inference.schema.field("dealIds").is_none());
    assert!(has_note(&inference, "dealIds", &["arrays"]));
    assert!(has_note(&inference, "employeeCount", &["numeric text"]));
    assert!(has_note(&inference, "createdAt", &["epoch milliseconds"]));
}

/// The inferred schema of each sample agrees with its hand-written schema, except that the
/// hand-written one may declare an enumeration where inference finds text.
#[test]
fn samples_agree_with_written_schemas() {
    for name in ["companies", "products", "contacts", "calls"] {
        let records = load(&format!("data/{name}.json"));
        let written_path = format!("{}/data/{name}.schema.json", env!("CARGO_MANIFEST_DIR"));
        let written_text = std::fs::read_to_string(&written_path).expect("the schema file exists");
        let written = Schema::from_json(&written_text)
            .unwrap_or_else(|error| panic!("{written_path}: {error}"));
        let inferred = infer(&records).schema;

        let inferred_names: Vec<&String> = inferred.fields.keys().collect();
        let written_names: Vec<&String> = written.fields.keys().collect();
        assert_eq!(inferred_names, written_names, "{name}: field names");
        for (field, declared) in &written.fields {
            let found = &inferred.fields[field].field_type;
            let agrees = match &declared.field_type {
                FieldType::Enumeration { .. } => *found == FieldType::Text,
                declared_type => found == declared_type,
            };
            assert!(
                agrees,
                "{name}.{field}: written {:?}, inferred {found:?}",
                declared.field_type
            );
        }
        assert_eq!(inferred.key, written.key, "{name}: key");
    }
}

#[test]
fn numeric_text_recognised() {
    let records = [
        json!({"count": "650", "price": "19.5", "mixed": 3}),
        json!({"count": "-12", "price": "20", "mixed": "4.25"}),
        json!({"count": null, "price": "1e3", "mixed": null}),
    ];
    let inference = infer(&records);

    assert_eq!(field_type(&inference, "count"), FieldType::Integer);
    assert_eq!(field_type(&inference, "price"), FieldType::Number);
    assert_eq!(field_type(&inference, "mixed"), FieldType::Number);
    assert!(has_note(&inference, "count", &["numeric text", "integer"]));
    assert!(has_note(&inference, "price", &["numeric text", "number"]));
    assert!(has_note(&inference, "mixed", &["numeric text", "number"]));
}

#[test]
fn mixed_types_become_text_with_note() {
    let records = [
        json!({"code": 17, "flag": true, "n": 1}),
        json!({"code": "A-17", "flag": 1, "n": 2.5}),
    ];
    let inference = infer(&records);

    assert_eq!(field_type(&inference, "code"), FieldType::Text);
    assert!(has_note(&inference, "code", &["integer and text"]));
    assert_eq!(field_type(&inference, "flag"), FieldType::Text);
    assert!(has_note(&inference, "flag", &["boolean and integer"]));
    // Integers and fractions together are one numeric type.
    assert_eq!(field_type(&inference, "n"), FieldType::Number);
    assert!(!inference.notes.iter().any(|note| note.contains("`n`")));
}

#[test]
fn leading_zero_text_stays_text() {
    let records = [json!({"zip": "02389"}), json!({"zip": "13626"})];
    let inference = infer(&records);
    assert_eq!(field_type(&inference, "zip"), FieldType::Text);
    assert!(has_note(&inference, "zip", &["leading zero", "`02389`"]));
}

#[test]
fn epoch_integers_need_a_time_name() {
    let millis = 1_613_433_600_000_i64;
    let records = [
        json!({"createdAt": millis, "created_at": millis, "size": millis, "startedAt": 42}),
        json!({"createdAt": millis + 1, "created_at": null, "size": 7, "startedAt": 43}),
    ];
    let inference = infer(&records);

    assert_eq!(field_type(&inference, "createdAt"), FieldType::Timestamp);
    assert_eq!(field_type(&inference, "created_at"), FieldType::Timestamp);
    assert_eq!(field_type(&inference, "size"), FieldType::Integer);
    // 42 milliseconds after the epoch is too early to be a real instant.
    assert_eq!(field_type(&inference, "startedAt"), FieldType::Integer);
}

#[test]
fn instant_and_date_text() {
    let records = [
        json!({"at": "2021-02-16T00:00:00Z", "on": "2021-02-16", "label": "2021-02-16"}),
        json!({"at": "2021-02-16T01:00:00+01:00", "on": "2020-02-29", "label": "soon"}),
        json!({"at": 1_613_433_600_000_i64, "on": null, "label": null}),
    ];
    let inference = infer(&records);

    assert_eq!(field_type(&inference, "at"), FieldType::Timestamp);
    assert_eq!(field_type(&inference, "on"), FieldType::Date);
    assert_eq!(field_type(&inference, "label"), FieldType::Text);
}

#[test]
fn booleans_and_boolean_text() {
    let records = [
        json!({"a": true, "b": "true"}),
        json!({"a": false, "b": "false"}),
    ];
    let inference = infer(&records);
    assert_eq!(field_type(&inference, "a"), FieldType::Boolean);
    assert_eq!(field_type(&inference, "b"), FieldType::Boolean);
    assert!(has_note(&inference, "b", &["boolean"]));
}

#[test]
fn arrays_left_out_with_note() {
    let records = [
        json!({"tags": ["a"], "ids": [1], "owner": {"name": "Ann"}}),
        json!({"tags": "b", "ids": [], "owner": null}),
    ];
    let inference = infer(&records);

    assert!(inference.schema.field("ids").is_none());
    assert!(has_note(&inference, "ids", &["arrays", "leaves it out"]));
    assert_eq!(field_type(&inference, "tags"), FieldType::Text);
    assert!(has_note(
        &inference,
        "tags",
        &["arrays or objects in 1 of 2"]
    ));
    assert!(inference.schema.field("owner").is_none());
    assert_eq!(field_type(&inference, "owner.name"), FieldType::Text);
}

#[test]
fn properties_members_without_prefix() {
    let records = [json!({"id": 7, "properties": {"name": "x", "address": {"city": "Oslo"}}})];
    let inference = infer(&records);
    let names: Vec<&str> = inference.schema.fields.keys().map(String::as_str).collect();
    assert_eq!(names, ["address.city", "id", "name"]);
    assert_eq!(inference.schema.key.as_deref(), Some("id"));
}

#[test]
fn only_nulls_typed_as_text() {
    let records = [json!({"a": null}), json!({"a": null})];
    let inference = infer(&records);
    assert_eq!(field_type(&inference, "a"), FieldType::Text);
    assert!(has_note(&inference, "a", &["only null"]));
}

#[test]
fn non_objects_counted_and_skipped() {
    let records = [json!([1, 2]), json!("text"), json!({"a": 1})];
    let inference = infer(&records);
    assert_eq!(inference.notes[0], "inferred from 3 records");
    assert_eq!(
        inference.notes[1],
        "skipped 2 records that are not JSON objects"
    );
    assert_eq!(inference.schema.fields.len(), 1);
}

#[test]
fn empty_input_gives_empty_schema() {
    let inference = infer(&[]);
    assert!(inference.schema.fields.is_empty());
    assert_eq!(inference.notes, vec!["inferred from 0 records"]);
}

#[test]
fn schema_json_round_trip() {
    let schema = infer(&load("data/companies.json")).schema;
    let text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    assert_eq!(
        Schema::from_json(&text).expect("the JSON reads back"),
        schema
    );
}
