//! Renders any valid query as SQLite SQL, runs it on a small fixed table, and compares the page
//! ids, their order and the total with the in-memory evaluator on the same records.
//!
//! SQLite's `LIKE` folds ASCII letters only (docs/sql.md), so queries with a `like` or
//! `notlike` value that contains a non-ASCII letter with another lowercase form are not compared.

#![no_main]

use std::cell::OnceCell;

use fuzz_support::sqlite::{has_only_safe_likes, Table};
use fuzz_support::{options, text};
use libfuzzer_sys::fuzz_target;

thread_local! {
    /// The table, created once per process: rusqlite connections are not `Sync`.
    static TABLE: OnceCell<Table> = const { OnceCell::new() };
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let Ok(query) = options().parse_query(&input) else {
        return;
    };
    if !query
        .conditions
        .iter()
        .all(|condition| has_only_safe_likes(&condition.expr))
    {
        return;
    }
    TABLE.with(|cell| {
        let table = cell.get_or_init(Table::open);
        let Ok(checked) = query.validate(table.schema()) else {
            return;
        };
        table.compare(&input, &checked);
    });
});
