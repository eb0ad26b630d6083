//! cel: the Common Expression Language, over its own `Value` type.

use cel::{Context, Program, Value as CelValue};
use serde_json::Value;

/// Converts one record into a CEL value.
pub fn convert(record: &Value) -> CelValue {
    cel::to_value(record).expect("a record converts to a CEL value")
}

/// Returns whether `program` yields `true` with `r` bound to `record`. An execution error,
/// such as comparing null with a number, counts as no match.
pub fn matches(program: &Program, root: &Context<'_, '_>, record: CelValue) -> bool {
    let mut scope = root.new_inner_scope();
    scope.add_variable_from_value("r", record);
    matches!(program.execute(&scope), Ok(CelValue::Bool(true)))
}
