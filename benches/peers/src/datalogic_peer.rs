//! datalogic-rs: a JSONLogic engine that evaluates over its own `DataValue`, allocated in a
//! bumpalo arena.

use bumpalo::Bump;
use datalogic_rs::{DataValue, Engine, EvalInput, Logic};
use serde_json::Value;

/// Converts `records` into `DataValue`s in `arena`, once.
pub fn convert<'a>(records: &'a [Value], arena: &'a Bump) -> Vec<&'a DataValue<'a>> {
    records
        .iter()
        .map(|record| {
            record
                .into_arena_value(arena)
                .expect("a record converts to a DataValue")
        })
        .collect()
}

/// Returns whether the compiled rule yields `true` for one record already in the arena.
pub fn matches_converted(
    engine: &Engine,
    logic: &Logic,
    record: &DataValue<'_>,
    scratch: &mut Bump,
) -> bool {
    let matched = {
        let result = engine.evaluate(logic, record, scratch);
        result.is_ok_and(|value| value.as_bool() == Some(true))
    };
    scratch.reset();
    matched
}

/// Returns whether the compiled rule yields `true` for a `serde_json::Value` record, which the
/// engine converts into its arena on each call.
pub fn matches_json(engine: &Engine, logic: &Logic, record: &Value, scratch: &mut Bump) -> bool {
    let matched = {
        let result = engine.evaluate(logic, record, scratch);
        result.is_ok_and(|value| value.as_bool() == Some(true))
    };
    scratch.reset();
    matched
}
