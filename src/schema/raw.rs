//! The JSON form of a schema as read, checked before it becomes a [`Schema`].
//!
//! serde's `deny_unknown_fields` does not work on a struct with a `flatten` member, so a field
//! is read into [`RawFieldSchema`], which lists every member, and converted from there. A
//! misspelt member such as `"sortible"` is then an error instead of being ignored.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::{default_max_list_items, yes, FieldSchema, FieldType, Schema};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSchema {
    fields: BTreeMap<String, FieldSchema>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default = "default_max_list_items")]
    max_list_items: usize,
}

impl TryFrom<RawSchema> for Schema {
    type Error = String;

    fn try_from(raw: RawSchema) -> Result<Schema, String> {
        if raw.fields.contains_key("") {
            return Err("a field name must not be empty".to_owned());
        }
        if let Some(key) = &raw.key {
            if !raw.fields.contains_key(key) {
                return Err(format!("the key `{key}` is not one of the fields"));
            }
        }
        Ok(Schema {
            fields: raw.fields,
            key: raw.key,
            max_list_items: raw.max_list_items,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum TypeName {
    Text,
    Number,
    Integer,
    Boolean,
    Timestamp,
    Date,
    Enumeration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFieldSchema {
    #[serde(rename = "type")]
    type_name: TypeName,
    #[serde(default)]
    values: Option<Vec<String>>,
    #[serde(default)]
    storage: Option<String>,
    #[serde(default = "yes")]
    filterable: bool,
    #[serde(default = "yes")]
    sortable: bool,
}

impl TryFrom<RawFieldSchema> for FieldSchema {
    type Error = String;

    fn try_from(raw: RawFieldSchema) -> Result<FieldSchema, String> {
        let field_type = match (raw.type_name, raw.values) {
            (TypeName::Enumeration, Some(values)) => enumeration(values)?,
            (TypeName::Enumeration, None) => {
                return Err("an enumeration needs `values`, the list of allowed values".to_owned())
            }
            (_, Some(_)) => return Err("`values` applies only to enumeration fields".to_owned()),
            (TypeName::Text, None) => FieldType::Text,
            (TypeName::Number, None) => FieldType::Number,
            (TypeName::Integer, None) => FieldType::Integer,
            (TypeName::Boolean, None) => FieldType::Boolean,
            (TypeName::Timestamp, None) => FieldType::Timestamp,
            (TypeName::Date, None) => FieldType::Date,
        };
        Ok(FieldSchema {
            field_type,
            storage: raw.storage,
            filterable: raw.filterable,
            sortable: raw.sortable,
        })
    }
}

fn enumeration(values: Vec<String>) -> Result<FieldType, String> {
    if values.is_empty() {
        return Err("an enumeration needs at least one value".to_owned());
    }
    let mut seen = HashSet::new();
    if let Some(repeated) = values.iter().find(|value| !seen.insert(value.as_str())) {
        return Err(format!("the enumeration value `{repeated}` appears twice"));
    }
    Ok(FieldType::Enumeration { values })
}
