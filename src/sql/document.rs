//! Fields stored as members of a JSON document column: the path to a member, and the SQL that
//! reads it as the field's type in each dialect.
//!
//! A member is read only from the JSON type that stores its field type: a string for text,
//! enumerations and dates, a number for integers, numbers and timestamps, and `true` or `false`
//! for booleans. A member of another JSON type reads as SQL NULL, which no comparison matches,
//! so that one bad document cannot make a cast fail. A number beyond the range of a 64-bit float
//! in a `number` field reads as NULL too. `isnull` tests the member itself: it is true
//! only when the member is missing or JSON `null`, as in memory.
//!
//! The path keys are written into the SQL text as string literals, so that an expression index
//! on the same expression can serve the query. Each key is escaped for the JSON path syntax and
//! then for the string literal, and a key that cannot be escaped is an error.

use super::dialect::Dialect;
use crate::error::{excerpt, Error, ErrorKind, Span};
use crate::schema::FieldType;

/// One member of a JSON document column, ready to render.
#[derive(Debug, Clone)]
pub(super) struct DocumentMember {
    dialect: Dialect,
    /// The document column, already quoted.
    column: String,
    /// The member names from the document root, at least one.
    keys: Vec<String>,
}

impl DocumentMember {
    /// Returns the member of `column` (quoted) at `path`. A `storage` path names nested members
    /// separated by `.`; a field name without storage is one member, dots included.
    pub fn new(
        dialect: Dialect,
        column: String,
        path: &str,
        split_dots: bool,
        span: Span,
    ) -> Result<DocumentMember, Error> {
        let keys: Vec<String> = if split_dots {
            path.split('.').map(str::to_owned).collect()
        } else {
            vec![path.to_owned()]
        };
        let invalid = |message: String, help: &str| {
            Err(Error::new(ErrorKind::InvalidField, span, message).with_help(help))
        };
        if split_dots && keys.iter().any(String::is_empty) {
            return invalid(
                format!(
                    "the storage path `{}` has an empty member name",
                    excerpt(path)
                ),
                "separate member names with single dots, as in `properties.city`",
            );
        }
        if dialect == Dialect::Postgres && path.contains('\0') {
            return invalid(
                format!("the member name `{}` contains NUL", path.escape_default()),
                "PostgreSQL text cannot contain NUL; set the field's storage to another name",
            );
        }
        Ok(DocumentMember {
            dialect,
            column,
            keys,
        })
    }

    /// Returns SQL that is true when the member is missing or JSON `null`, or with `negated`,
    /// when it is neither.
    pub fn is_null(&self, negated: bool) -> String {
        let not = if negated { "NOT " } else { "" };
        match self.dialect {
            Dialect::Postgres => format!("{} IS {not}NULL", self.postgres_text()),
            Dialect::Sqlite => {
                format!(
                    "json_extract({}, {}) IS {not}NULL",
                    self.column,
                    self.path()
                )
            }
            // MariaDB's JSON_TYPE returns NULL for JSON null, where MySQL returns 'NULL'.
            Dialect::MySql | Dialect::MariaDb => {
                let operator = if negated { "<>" } else { "=" };
                format!(
                    "COALESCE(JSON_TYPE({}), 'NULL') {operator} 'NULL'",
                    self.extract()
                )
            }
        }
    }

    /// Returns the member read as `field_type`: NULL when it is missing, JSON `null`, or of
    /// another JSON type.
    pub fn typed(&self, field_type: &FieldType) -> String {
        let kind = JsonKind::of(field_type);
        match self.dialect {
            Dialect::Postgres => self.postgres_typed(kind),
            Dialect::Sqlite => self.sqlite_typed(kind),
            Dialect::MySql | Dialect::MariaDb => self.mysql_typed(kind),
        }
    }

    fn postgres_typed(&self, kind: JsonKind) -> String {
        let text = self.postgres_text();
        let (json_type, value) = match kind {
            JsonKind::String => ("string", text),
            JsonKind::Whole => ("number", format!("({text})::numeric")),
            JsonKind::Float => ("number", postgres_float(&text)),
            JsonKind::Boolean => ("boolean", format!("({text})::boolean")),
        };
        format!(
            "CASE WHEN jsonb_typeof({}) = '{json_type}' THEN {value} END",
            self.postgres_json()
        )
    }

    fn sqlite_typed(&self, kind: JsonKind) -> String {
        let (column, path) = (&self.column, self.path());
        let extract = format!("json_extract({column}, {path})");
        let (json_types, value): (&[&str], String) = match kind {
            JsonKind::String => (&["text"], extract),
            JsonKind::Whole => (&["integer", "real"], extract),
            JsonKind::Float => (&["integer", "real"], format!("CAST({extract} AS REAL)")),
            JsonKind::Boolean => (&["true", "false"], extract),
        };
        let test = type_test(&format!("json_type({column}, {path})"), json_types);
        format!("CASE WHEN {test} THEN {value} END")
    }

    fn mysql_typed(&self, kind: JsonKind) -> String {
        let extract = self.extract();
        // MySQL 8 names four number types; MariaDB names INTEGER and DOUBLE only.
        let numbers: &[&str] = &["INTEGER", "UNSIGNED INTEGER", "DOUBLE", "DECIMAL"];
        let (json_types, value): (&[&str], String) = match kind {
            JsonKind::String => (&["STRING"], format!("JSON_UNQUOTE({extract})")),
            // DECIMAL(65,30) stores every 64-bit integer exactly, and a fraction too.
            JsonKind::Whole => (numbers, format!("CAST({extract} AS DECIMAL(65,30))")),
            JsonKind::Float => (numbers, format!("CAST({extract} AS DOUBLE)")),
            JsonKind::Boolean => (&["BOOLEAN"], format!("(JSON_UNQUOTE({extract}) = 'true')")),
        };
        let test = type_test(&format!("JSON_TYPE({extract})"), json_types);
        format!("CASE WHEN {test} THEN {value} END")
    }

    /// `"doc" -> 'a' -> 'b'`: the member as `jsonb`.
    fn postgres_json(&self) -> String {
        let mut json = self.column.clone();
        for key in &self.keys {
            json.push_str(" -> ");
            json.push_str(&postgres_literal(key));
        }
        json
    }

    /// `"doc" -> 'a' ->> 'b'`: the member as text, NULL for JSON `null`.
    fn postgres_text(&self) -> String {
        let (last, parents) = self
            .keys
            .split_last()
            .expect("a member has at least one key");
        let mut text = self.column.clone();
        for key in parents {
            text.push_str(" -> ");
            text.push_str(&postgres_literal(key));
        }
        text.push_str(" ->> ");
        text.push_str(&postgres_literal(last));
        text
    }

    /// `JSON_EXTRACT(`doc`, '$."a"."b"')`: the member as JSON, for MySQL.
    fn extract(&self) -> String {
        format!("JSON_EXTRACT({}, {})", self.column, self.path())
    }

    /// Returns the JSON path `$."a"."b"` as a string literal of the dialect. Each key is a JSON
    /// string, so `"`, `\` and control characters inside it are escaped the way JSON escapes them.
    fn path(&self) -> String {
        let mut path = String::from("$");
        for key in &self.keys {
            path.push('.');
            path.push_str(&serde_json::to_string(key).expect("a string serializes to JSON"));
        }
        match self.dialect {
            Dialect::Sqlite | Dialect::Postgres => standard_literal(&path),
            Dialect::MySql | Dialect::MariaDb => mysql_literal(&path),
        }
    }
}

/// Returns `number_text` cast to `double precision`, or NULL when the number is beyond the range
/// of a 64-bit float. `jsonb` stores any decimal number, such as `1e400`, and PostgreSQL 15
/// raises an error when the cast overflows or underflows to zero, which would fail the whole
/// query. The bounds are the largest float and the smallest positive subnormal one.
fn postgres_float(number_text: &str) -> String {
    let number = format!("({number_text})::numeric");
    format!(
        "CASE WHEN {number} = 0 OR abs({number}) BETWEEN 4.9406564584124654e-324 AND 1.7976931348623157e308 THEN ({number_text})::double precision END"
    )
}

/// Returns `{json_type} = 'a'`, or `{json_type} IN ('a', 'b')` for several type names.
fn type_test(json_type: &str, names: &[&str]) -> String {
    match names {
        [name] => format!("{json_type} = '{name}'"),
        _ => {
            let names: Vec<String> = names.iter().map(|name| format!("'{name}'")).collect();
            format!("{json_type} IN ({})", names.join(", "))
        }
    }
}

/// The JSON type that stores a field type in a document.
#[derive(Debug, Clone, Copy)]
enum JsonKind {
    /// Text, enumerations and dates (`YYYY-MM-DD`).
    String,
    /// Integers and timestamps (epoch milliseconds), read exactly.
    Whole,
    /// Numbers, read as 64-bit floats as in memory.
    Float,
    Boolean,
}

impl JsonKind {
    fn of(field_type: &FieldType) -> JsonKind {
        match field_type {
            FieldType::Text | FieldType::Enumeration { .. } | FieldType::Date => JsonKind::String,
            FieldType::Integer | FieldType::Timestamp => JsonKind::Whole,
            FieldType::Number => JsonKind::Float,
            FieldType::Boolean => JsonKind::Boolean,
        }
    }
}

/// Writes a string literal with `'` doubled, which is SQLite's only escape and PostgreSQL's for
/// text without a backslash.
fn standard_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Writes a PostgreSQL string literal. Text with a backslash becomes an escape string
/// (`E'a\\b'`), which reads the same whatever `standard_conforming_strings` is set to.
fn postgres_literal(text: &str) -> String {
    if text.contains('\\') {
        format!("E'{}'", text.replace('\\', r"\\").replace('\'', "''"))
    } else {
        standard_literal(text)
    }
}

/// Writes a MySQL string literal with `\` and `'` escaped, which reads as written in the default
/// SQL mode.
fn mysql_literal(text: &str) -> String {
    format!("'{}'", text.replace('\\', r"\\").replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(dialect: Dialect, path: &str, split_dots: bool) -> DocumentMember {
        let column = super::super::quote_identifier(dialect, "doc").unwrap();
        DocumentMember::new(dialect, column, path, split_dots, Span::default()).unwrap()
    }

    #[test]
    fn keys_are_escaped_per_dialect() {
        let key = r#"it's "x" \ y"#;
        assert_eq!(
            member(Dialect::Postgres, key, false).is_null(false),
            r#""doc" ->> E'it''s "x" \\ y' IS NULL"#
        );
        assert_eq!(
            member(Dialect::Sqlite, key, false).is_null(false),
            r#"json_extract("doc", '$."it''s \"x\" \\ y"') IS NULL"#
        );
        assert_eq!(
            member(Dialect::MySql, key, false).is_null(false),
            r#"COALESCE(JSON_TYPE(JSON_EXTRACT(`doc`, '$."it''s \\"x\\" \\\\ y"')), 'NULL') = 'NULL'"#
        );
    }

    #[test]
    fn storage_paths_split_on_dots() {
        assert_eq!(
            member(Dialect::Postgres, "properties.city", true).typed(&FieldType::Text),
            r#"CASE WHEN jsonb_typeof("doc" -> 'properties' -> 'city') = 'string' THEN "doc" -> 'properties' ->> 'city' END"#
        );
        assert_eq!(
            member(Dialect::Sqlite, "a.b", false).is_null(false),
            r#"json_extract("doc", '$."a.b"') IS NULL"#
        );
    }

    #[test]
    fn empty_members_and_nul_are_rejected() {
        let column = "\"doc\"".to_owned();
        for path in ["a..b", ".a", "a."] {
            let result =
                DocumentMember::new(Dialect::Sqlite, column.clone(), path, true, Span::default());
            assert!(result.is_err(), "{path}");
        }
        let nul = DocumentMember::new(Dialect::Postgres, column, "a\0", false, Span::default());
        assert!(nul.is_err());
    }

    #[test]
    fn control_characters_are_json_escaped() {
        assert_eq!(
            member(Dialect::Sqlite, "tab\there\0", false).is_null(false),
            r#"json_extract("doc", '$."tab\there\u0000"') IS NULL"#
        );
    }
}
