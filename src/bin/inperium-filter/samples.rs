//! The sample collections built into the binary, so that `demo` and `eval` work from any
//! directory.

use inperium_filter::schema::Schema;

/// A bundled collection: its name, its JSON text and the JSON text of its schema.
pub struct Sample {
    pub name: &'static str,
    pub json: &'static str,
    pub schema: &'static str,
}

/// Every bundled collection; `companies` is the default.
pub const SAMPLES: [Sample; 4] = [
    Sample {
        name: "companies",
        json: include_str!("../../../data/companies.json"),
        schema: include_str!("../../../data/companies.schema.json"),
    },
    Sample {
        name: "products",
        json: include_str!("../../../data/products.json"),
        schema: include_str!("../../../data/products.schema.json"),
    },
    Sample {
        name: "contacts",
        json: include_str!("../../../data/contacts.json"),
        schema: include_str!("../../../data/contacts.schema.json"),
    },
    Sample {
        name: "calls",
        json: include_str!("../../../data/calls.json"),
        schema: include_str!("../../../data/calls.schema.json"),
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

/// Reads a bundled collection's schema.
pub fn schema(sample: &Sample) -> Schema {
    Schema::from_json(sample.schema).expect("bundled sample schemas are valid schema JSON")
}
