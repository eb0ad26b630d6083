//! Parse, print and evaluate the filter, sort and paging query strings of Inperium-style list
//! endpoints.
//!
//! A query string such as
//! `country=US&fullName=like::L&filter=OR(gt(annualRevenue,500000),eq(type,PARTNER))&sort=-createdAt&pageSize=25`
//! mixes three filter syntaxes: basic (`country=US`), match-type (`fullName=like::L`) and
//! advanced (`filter=...`), with sort keys and paging. The crate handles it in stages:
//!
//! 1. **Parse** ([`parse_query`], [`parse_filter`], [`ParseOptions`]): the text becomes a
//!    [`Query`] that records what was written, with byte spans. Mistakes come back as an
//!    [`Error`] that draws the input with a caret under the mistake.
//! 2. **Print** (`Display`, [`Query::to_query_string`]): a query prints back as its canonical
//!    text, and `parse_query(&query.to_string())` gives the same query again.
//! 3. **Validate** ([`Query::validate`], [`schema::Schema`]): optionally, a schema gives each
//!    field a type; validation reports every mistake at once and returns a
//!    [`schema::CheckedQuery`].
//! 4. **Evaluate** ([`Compiled::new`], or [`Compiled::from_checked`] for typed evaluation): a
//!    query compiles once into a predicate over JSON records, then filters, sorts and pages them
//!    into the API's response [`Page`].
//!
//! Queries can also be built in code with [`field`], [`and`], [`or`], [`not`] and the
//! `Query::with_*` methods of the [`build`] module, which quote names and values as needed.
//!
//! ```
//! use inperium_filter::{parse_query, Compiled};
//! use serde_json::json;
//!
//! let query = parse_query("country=US&employeeCount=gt::1000&sort=-annualRevenue")?;
//! assert_eq!(query.to_string(), "country=US&employeeCount=gt::1000&sort=-annualRevenue");
//!
//! let records = vec![
//!     json!({"id": 1, "properties": {"country": "US", "employeeCount": "1200", "annualRevenue": 5}}),
//!     json!({"id": 2, "properties": {"country": "US", "employeeCount": "999", "annualRevenue": 9}}),
//!     json!({"id": 3, "properties": {"country": "FR", "employeeCount": "5000", "annualRevenue": 7}}),
//! ];
//! let page = Compiled::new(&query)?.page(&records);
//! assert_eq!(page.data, vec![&records[0]]);
//! assert_eq!(page.paging.total_number_of_records, 1);
//! # Ok::<(), inperium_filter::Error>(())
//! ```
//!
//! The crate never prints. It logs only through `tracing`, in the modules of the `fetch` and
//! `serve` features. The `cli` feature (on by default) builds the `inperium-filter` command;
//! library users can turn default features off. Optional features:
//!
//! - `fetch`: [`fetch::Client`], which pulls every page of a query from the API with retries and
//!   paging checks;
//! - `serve`: [`serve::Server`], a local server that implements the API's list protocol over JSON
//!   records, with fault injection for testing clients.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod ast;
pub mod build;
mod error;
pub mod eval;
#[cfg(feature = "fetch")]
pub mod fetch;
mod print;
pub mod schema;
#[cfg(any(feature = "fetch", feature = "serve"))]
mod secret;
#[cfg(feature = "serve")]
pub mod serve;
pub mod sql;
mod syntax;

pub use ast::{
    Condition, Direction, Expr, Field, Group, GroupOp, Operator, Predicate, Query, Sort, SortKey,
    Syntax, Test, Value,
};
pub use build::{and, field, not, or};
pub use error::{Error, ErrorKind, Span};
pub use eval::{Compiled, JsonMatcher, Page, PageCollector, Paging, PreparedRecords};
pub use print::{quote, Target};
#[cfg(any(feature = "fetch", feature = "serve"))]
pub use secret::Secret;
pub use syntax::{parse_filter, parse_query, ParseOptions};

/// The examples of README.md, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The examples of docs/fetch.md, compiled as doctests.
#[cfg(all(doctest, feature = "fetch"))]
#[doc = include_str!("../docs/fetch.md")]
pub struct FetchDoctests;

/// The examples of docs/syntax.md, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/syntax.md")]
pub struct SyntaxDoctests;
