//! The sample collections built into the binary, so that `demo` and `eval` work from any
//! directory.

/// A bundled collection: its name and its JSON text.
pub struct Sample {
    pub name: &'static str,
    pub json: &'static str,
}

/// Every bundled collection; `companies` is the default.
pub const SAMPLES: [Sample; 4] = [
    Sample {
        name: "companies",
        json: include_str!("../../../data/companies.json"),
    },
    Sample {
        name: "products",
        json: include_str!("../../../data/products.json"),
    },
    Sample {
        name: "contacts",
        json: include_str!("../../../data/contacts.json"),
    },
    Sample {
        name: "calls",
        json: include_str!("../../../data/calls.json"),
    },
];

/// Looks a collection up by name.
pub fn find(name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|sample| sample.name == name)
}

/// Returns the names of all collections, for messages.
pub fn names() -> String {
    SAMPLES
        .iter()
        .map(|sample| sample.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a bundled collection into records.
pub fn records(sample: &Sample) -> Vec<serde_json::Value> {
    serde_json::from_str(sample.json).expect("bundled sample data is a JSON array")
}
