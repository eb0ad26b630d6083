//! The differences between the dialects: placeholders, identifier quoting, text collation, case
//! folding for `like`, and how nulls are put first or last.

use crate::error::{Error, ErrorKind, Span};

/// An SQL dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dialect {
    /// PostgreSQL: `$1` placeholders, `"identifiers"`.
    Postgres,
    /// SQLite: `?1` placeholders, `"identifiers"`.
    Sqlite,
    /// MySQL: `?` placeholders, `` `identifiers` ``, text compared in `utf8mb4_bin`. It runs
    /// on MariaDB too, where `utf8mb4_bin` ignores trailing spaces in `=` and `<`.
    MySql,
    /// MariaDB: MySQL's syntax, with text compared in `utf8mb4_nopad_bin`, which does not ignore
    /// trailing spaces.
    MariaDb,
}

/// Returns `name` quoted as an identifier of `dialect`, with the quote character doubled inside.
///
/// # Errors
///
/// [`ErrorKind::InvalidField`] for an empty name or one with a NUL character, which no dialect
/// can quote.
pub fn quote_identifier(dialect: Dialect, name: &str) -> Result<String, Error> {
    if name.is_empty() || name.contains('\0') {
        return Err(Error::new(
            ErrorKind::InvalidField,
            Span::default(),
            format!("`{}` cannot be an SQL identifier", name.escape_default()),
        )
        .with_help("rename the field, or map it to a column with the schema's storage member"));
    }
    let quote = match dialect {
        Dialect::Postgres | Dialect::Sqlite => '"',
        Dialect::MySql | Dialect::MariaDb => '`',
    };
    let mut quoted = String::with_capacity(name.len() + 2);
    quoted.push(quote);
    for c in name.chars() {
        if c == quote {
            quoted.push(quote);
        }
        quoted.push(c);
    }
    quoted.push(quote);
    Ok(quoted)
}

impl Dialect {
    /// Returns the placeholder of the parameter at `index`, counting from 1.
    pub(super) fn placeholder(self, index: usize) -> String {
        match self {
            Dialect::Postgres => format!("${index}"),
            Dialect::Sqlite => format!("?{index}"),
            Dialect::MySql | Dialect::MariaDb => "?".to_owned(),
        }
    }

    /// Returns how many bound parameters one statement may have: SQLite's default
    /// `SQLITE_MAX_VARIABLE_NUMBER` since 3.32, and the 16-bit parameter count of the PostgreSQL
    /// and MySQL wire protocols, which MariaDB shares.
    pub(super) fn max_parameters(self) -> usize {
        match self {
            Dialect::Sqlite => 32_766,
            Dialect::Postgres | Dialect::MySql | Dialect::MariaDb => 65_535,
        }
    }

    /// Returns the collation suffix that makes text compare by code point, as in memory.
    /// SQLite's default BINARY collation already compares UTF-8 bytes, which is code point order.
    /// MySQL 8 and MariaDB 10.11 both have `utf8mb4_bin`, a PAD SPACE collation; only MariaDB
    /// names its NO PAD form `utf8mb4_nopad_bin`.
    pub(super) fn binary_collation(self) -> &'static str {
        match self {
            Dialect::Postgres => r#" COLLATE "C""#,
            Dialect::Sqlite => "",
            Dialect::MySql => " COLLATE utf8mb4_bin",
            Dialect::MariaDb => " COLLATE utf8mb4_nopad_bin",
        }
    }

    /// Returns the `like` test of `column` against the pattern placeholder, case-insensitive.
    /// PostgreSQL and MySQL fold both sides with `LOWER`, by the database's Unicode rules; SQLite's
    /// `LIKE` folds ASCII letters only. MySQL and MariaDB compare in the binary collation, so that
    /// an accent-insensitive column collation does not make `o` match `ö`.
    pub(super) fn like(self, column: &str, pattern: &str, negated: bool) -> String {
        let not = if negated { "NOT " } else { "" };
        match self {
            Dialect::Postgres => format!(r"LOWER({column}) {not}LIKE LOWER({pattern}) ESCAPE '\'"),
            Dialect::Sqlite => format!(r"{column} {not}LIKE {pattern} ESCAPE '\'"),
            Dialect::MySql | Dialect::MariaDb => {
                let collation = self.binary_collation();
                format!(r"LOWER({column}){collation} {not}LIKE LOWER({pattern}) ESCAPE '\\'")
            }
        }
    }

    /// Returns one ORDER BY term with nulls placed as in memory: last ascending, first
    /// descending. MySQL has no `NULLS FIRST` or `NULLS LAST`, so it sorts by `IS NULL` first.
    pub(super) fn order_term(self, column: &str, collation: &str, descending: bool) -> String {
        let direction = if descending { "DESC" } else { "ASC" };
        match self {
            Dialect::Postgres | Dialect::Sqlite => {
                let nulls = if descending {
                    "NULLS FIRST"
                } else {
                    "NULLS LAST"
                };
                format!("{column}{collation} {direction} {nulls}")
            }
            Dialect::MySql | Dialect::MariaDb => {
                let nulls = if descending { "DESC" } else { "ASC" };
                format!("{column} IS NULL {nulls}, {column}{collation} {direction}")
            }
        }
    }
}

/// Escapes `%`, `_` and `\` in `text` with `\`, so that a `like` pattern matches them literally.
pub fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_double_their_quote() {
        assert_eq!(
            quote_identifier(Dialect::Postgres, r#"a"b"#).unwrap(),
            r#""a""b""#
        );
        assert_eq!(quote_identifier(Dialect::MySql, "a`b").unwrap(), "`a``b`");
        assert!(quote_identifier(Dialect::Sqlite, "a\0b").is_err());
        assert!(quote_identifier(Dialect::Sqlite, "").is_err());
    }

    #[test]
    fn like_escape_covers_wildcards() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
    }

    #[test]
    fn placeholders_per_dialect() {
        assert_eq!(Dialect::Postgres.placeholder(3), "$3");
        assert_eq!(Dialect::Sqlite.placeholder(3), "?3");
        assert_eq!(Dialect::MySql.placeholder(3), "?");
    }
}
