//! jaq-core: the jq language over jaq-json's `Val`.

use jaq_core::compile::Filter;
use jaq_core::load::{Arena, File, Loader};
use jaq_core::{data, unwrap_valr, Compiler, Ctx, Native, ValT, Vars};
use jaq_json::Val;
use serde_json::Value;

/// A compiled jq program.
pub type JaqFilter = Filter<Native<data::JustLut<Val>>>;

/// Parses and compiles `code` with jaq's standard library.
pub fn compile(code: &str) -> JaqFilter {
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let modules = loader
        .load(&arena, File { code, path: () })
        .expect("the jq program parses");
    Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .expect("the jq program compiles")
}

/// Converts one record into a jaq value by writing and reading its JSON text, as jaq-json
/// reads only text.
pub fn convert(record: &Value) -> Val {
    let text = serde_json::to_vec(record).expect("a record serializes");
    jaq_json::read::parse_single(&text).expect("jaq reads the record")
}

/// Returns whether the program's first output for `record` is `true`.
pub fn matches(filter: &JaqFilter, record: Val) -> bool {
    let context = Ctx::<data::JustLut<Val>>::new(&filter.lut, Vars::new([]));
    let mut outputs = filter.id.run((context, record)).map(unwrap_valr);
    matches!(outputs.next(), Some(Ok(value)) if value.as_bool())
}
