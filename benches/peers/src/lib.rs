//! The same filter, written in the language of each peer, over the same records: the shared
//! setup of the benchmarks in `benches/`. Every peer's selection is checked against the
//! hand-written closure before it is timed.

#[path = "../../support/records.rs"]
pub mod records;

pub mod cel_peer;
pub mod data_sets;
pub mod datalogic_peer;
pub mod jaq_peer;
pub mod sqlite_peer;
