//! Schemas: the type, storage name and permissions of each field, and validation of a query
//! against them.
//!
//! A schema is JSON such as
//!
//! ```json
//! {
//!   "key": "id",
//!   "fields": {
//!     "id": {"type": "integer"},
//!     "companyName": {"type": "text"},
//!     "employeeCount": {"type": "integer", "storage": "employee_count"},
//!     "createdAt": {"type": "timestamp", "filterable": true, "sortable": true},
//!     "type": {"type": "enumeration", "values": ["PROSPECT", "CUSTOMER"]}
//!   }
//! }
//! ```
//!
//! or is built in code with [`Schema::new`] and [`Schema::with_field`].
//!
//! Timestamps and dates are read with the `time` crate: it parses RFC 3339 with its `parsing`
//! feature alone, pulls in no system time-zone database, and is maintained by the time-rs
//! project with a stated minimum Rust version.

mod infer;
mod raw;
pub(crate) mod types;
mod validate;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use infer::{infer, Inference, Inferrer};
pub use types::{read_date, read_timestamp, FieldType};
pub use validate::{CheckedQuery, Diagnostic, DiagnosticKind, Diagnostics, Severity};

/// The fields a query may name, with their types.
///
/// Reading one from JSON rejects unknown members at every level, an empty field name, a `key`
/// that names no field, and an enumeration without values or with a value twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "raw::RawSchema")]
pub struct Schema {
    /// The fields by name.
    pub fields: BTreeMap<String, FieldSchema>,
    /// The field that orders ties last, ascending: `id` when the schema has a field of that
    /// name and names no other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The maximum number of values in one `in` or `nin` list.
    #[serde(default = "default_max_list_items")]
    pub max_list_items: usize,
}

fn default_max_list_items() -> usize {
    1000
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// The type, storage and permissions of one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "raw::RawFieldSchema")]
pub struct FieldSchema {
    /// The type that values of the field are read and compared as.
    #[serde(flatten)]
    pub field_type: FieldType,
    /// The column or JSON path that stores the field, for SQL; the field name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// Whether conditions may name the field.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub filterable: bool,
    /// Whether sort keys may name the field.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub sortable: bool,
}

impl FieldSchema {
    /// Creates a field of `field_type`, filterable and sortable, stored under its own name.
    pub fn new(field_type: FieldType) -> FieldSchema {
        FieldSchema {
            field_type,
            storage: None,
            filterable: true,
            sortable: true,
        }
    }

    /// Sets the column or JSON path that stores the field.
    pub fn with_storage(mut self, storage: impl Into<String>) -> FieldSchema {
        self.storage = Some(storage.into());
        self
    }

    /// Sets whether conditions may name the field.
    pub fn with_filterable(mut self, filterable: bool) -> FieldSchema {
        self.filterable = filterable;
        self
    }

    /// Sets whether sort keys may name the field.
    pub fn with_sortable(mut self, sortable: bool) -> FieldSchema {
        self.sortable = sortable;
        self
    }
}

impl Default for Schema {
    fn default() -> Schema {
        Schema::new()
    }
}

impl Schema {
    /// Creates a schema with no fields.
    pub fn new() -> Schema {
        Schema {
            fields: BTreeMap::new(),
            key: None,
            max_list_items: default_max_list_items(),
        }
    }

    /// Adds or replaces a field.
    pub fn with_field(mut self, name: impl Into<String>, field: FieldSchema) -> Schema {
        self.fields.insert(name.into(), field);
        self
    }

    /// Names the key field.
    pub fn with_key(mut self, name: impl Into<String>) -> Schema {
        self.key = Some(name.into());
        self
    }

    /// Reads a schema from its JSON text.
    ///
    /// # Errors
    ///
    /// The JSON error, with its line and column, when the text is not a schema.
    pub fn from_json(text: &str) -> Result<Schema, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Returns the field of that name.
    pub fn field(&self, name: &str) -> Option<&FieldSchema> {
        self.fields.get(name)
    }

    /// Returns the key field's name: the named key, else `id` when the schema has that field.
    pub fn key_field(&self) -> Option<&str> {
        match &self.key {
            Some(key) => Some(key),
            None => self.fields.contains_key("id").then_some("id"),
        }
    }

    /// Returns the known field name closest to `name`, for suggestions.
    pub fn closest_field(&self, name: &str) -> Option<&str> {
        let max_distance = name.chars().count().div_ceil(2).max(1);
        self.fields
            .keys()
            .map(|known| (strsim::levenshtein(name, known), known.as_str()))
            .filter(|(distance, _)| *distance <= max_distance)
            .min()
            .map(|(_, known)| known)
    }
}
