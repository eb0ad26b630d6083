//! Evaluation of conditions over JSON records without a schema. Expected results come from
//! plain Rust over `serde_json` values, never from the evaluator.

mod common;

use std::cmp::Ordering;

use common::{indices_where, matches, penguins, query, selected};
use inperium_filter::{quote, Compiled};
use serde_json::{json, Value as Json};

/// Checks each `(record, expression, expected)` row on its own.
fn check_table(rows: &[(Json, &str, bool)]) {
    for (record, expression, expected) in rows {
        assert_eq!(
            matches(expression, record),
            *expected,
            "{expression} on {record}"
        );
    }
}

/// Folds case one character at a time with the full lowercase mapping.
fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Reads a penguin member as a number, `None` when it is null.
fn number(record: &Json, field: &str) -> Option<f64> {
    record[field].as_f64()
}

/// Reads a penguin member as text, `None` when it is null.
fn text<'r>(record: &'r Json, field: &str) -> Option<&'r str> {
    record[field].as_str()
}

const COMPARISONS: [&str; 17] = [
    "eq(a,1)",
    "eq(a,x)",
    r#"eq(a,"")"#,
    "neq(a,1)",
    "neq(a,x)",
    "gt(a,1)",
    "gte(a,1)",
    "lt(a,1)",
    "lte(a,x)",
    "in(a,1,x)",
    "nin(a,1)",
    "nin(a,x)",
    "btn(a,0,9)",
    "like(a,x)",
    r#"like(a,"")"#,
    "notlike(a,x)",
    r#"notlike(a,"")"#,
];

// ---- null ----

#[test]
fn comparisons_are_false_on_null() {
    for record in [json!({}), json!({"a": null}), json!({"b": 1})] {
        for expression in COMPARISONS {
            assert!(!matches(expression, &record), "{expression} on {record}");
        }
    }
}

#[test]
fn isnull_is_true_on_null() {
    for record in [json!({}), json!({"a": null}), json!({"b": 1})] {
        assert!(matches("isnull(a)", &record), "{record}");
        assert!(!matches("isnotnull(a)", &record), "{record}");
    }
}

#[test]
fn isnull_is_false_on_values() {
    let values = [
        json!(""),
        json!(0),
        json!(false),
        json!([]),
        json!({}),
        json!("null"),
    ];
    for value in values {
        let record = json!({ "a": value });
        assert!(!matches("isnull(a)", &record), "{record}");
        assert!(matches("isnotnull(a)", &record), "{record}");
    }
}

#[test]
fn neq_and_nin_exclude_null() {
    let records = [
        json!({"id": 1, "country": "US"}),
        json!({"id": 2, "country": "FR"}),
        json!({"id": 3, "country": null}),
        json!({"id": 4}),
    ];
    assert_eq!(selected("neq(country,US)", &records), [1]);
    assert_eq!(selected("nin(country,US)", &records), [1]);
    assert_eq!(selected("nin(country,DE)", &records), [0, 1]);
}

// ---- text ----

#[test]
fn eq_on_text_is_case_sensitive() {
    check_table(&[
        (json!({"a": "US"}), "eq(a,US)", true),
        (json!({"a": "us"}), "eq(a,US)", false),
        (json!({"a": "Us"}), "eq(a,US)", false),
        (json!({"a": "us"}), "neq(a,US)", true),
        (json!({"a": "US"}), "neq(a,US)", false),
        (json!({"a": "US "}), "eq(a,US)", false),
        (json!({"a": "ß"}), "eq(a,SS)", false),
        (json!({"a": "é"}), "eq(a,e\u{301})", false),
        (json!({"a": ""}), r#"eq(a,"")"#, true),
    ]);
}

#[test]
fn text_orders_by_code_point() {
    let words = [
        "", "a", "Z", "z", "é", "ab", "B", "İ", "ß", "😀", "\u{FF5E}", "Ω", "a b", "A",
    ];
    let operators = [
        ("gt", Ordering::is_gt as fn(Ordering) -> bool),
        ("gte", Ordering::is_ge),
        ("lt", Ordering::is_lt),
        ("lte", Ordering::is_le),
    ];
    for record_text in words {
        let record = json!({ "a": record_text });
        for literal in words {
            let order = record_text.chars().cmp(literal.chars());
            for (name, holds) in operators {
                let expression = format!("{name}(a,{})", quote(literal));
                assert_eq!(
                    matches(&expression, &record),
                    holds(order),
                    "{expression} on {record}"
                );
            }
        }
    }
}

#[test]
fn code_point_order_differs_from_utf16() {
    let record = json!({"a": "😀"});
    assert!(matches("gt(a,\u{FF5E})", &record));
    assert!(!matches("lt(a,\u{FF5E})", &record));
}

// ---- btn ----

#[test]
fn btn_includes_both_ends() {
    check_table(&[
        (json!({"a": 0}), "btn(a,1,3)", false),
        (json!({"a": 1}), "btn(a,1,3)", true),
        (json!({"a": 2}), "btn(a,1,3)", true),
        (json!({"a": 3}), "btn(a,1,3)", true),
        (json!({"a": 4}), "btn(a,1,3)", false),
        (json!({"a": 3.0}), "btn(a,1,3)", true),
        (json!({"a": 3.0001}), "btn(a,1,3)", false),
        (json!({"a": 1}), "btn(a,1,1)", true),
        (json!({"a": 2}), "btn(a,3,1)", false),
        (json!({"a": "b"}), "btn(a,b,d)", true),
        (json!({"a": "c"}), "btn(a,b,d)", true),
        (json!({"a": "d"}), "btn(a,b,d)", true),
        (json!({"a": "a"}), "btn(a,b,d)", false),
        (json!({"a": "da"}), "btn(a,b,d)", false),
    ]);
}

#[test]
fn btn_bounds_compare_on_their_own() {
    check_table(&[
        (json!({"a": 5}), "btn(a,1,x)", false),
        (json!({"a": 5}), "btn(a,x,9)", false),
        (json!({"a": "15"}), "btn(a,9,100)", true),
        (json!({"a": "15"}), "btn(a,1,x)", true),
        (json!({"a": "y"}), "btn(a,1,x)", false),
        (json!({"a": true}), "btn(a,false,true)", true),
    ]);
}

// ---- like ----

#[test]
fn like_matches_substring_ignoring_case() {
    let haystacks = [
        "Acme Inc",
        "ACME",
        "İstanbul",
        "istanbul",
        "ΟΔΟΣ",
        "οδος",
        "οδοσ",
        "Straße",
        "STRASSE",
        "50% off",
        "500 off",
        "a_b",
        "ab",
        "a\\b",
        "",
        "ǅemal",
        "ÉCOLE",
    ];
    let needles = [
        "acme", "INC", "i", "İ", "i\u{307}", "οδοσ", "ΟΔΟΣ", "ς", "σ", "ß", "ss", "%", "50%", "_",
        "a_b", "\\", "é", "ǆ", "Ǆ", "", "ab",
    ];
    for haystack in haystacks {
        let record = json!({ "a": haystack });
        for needle in needles {
            let contained = fold(haystack).contains(&fold(needle));
            let like = format!("like(a,{})", quote(needle));
            let notlike = format!("notlike(a,{})", quote(needle));
            assert_eq!(matches(&like, &record), contained, "{like} on {record}");
            assert_eq!(
                matches(&notlike, &record),
                !contained,
                "{notlike} on {record}"
            );
        }
    }
}

#[test]
fn like_folds_dotted_capital_i() {
    let record = json!({"city": "İstanbul"});
    assert!(matches("like(city,i)", &record));
    assert!(matches("like(city,İST)", &record));
    assert!(matches("like(city,i\u{307}s)", &record));
    assert!(!matches("like(city,ist)", &record));
    let lower = json!({"city": "istanbul"});
    assert!(!matches("like(city,İ)", &lower));
    assert!(matches("like(city,I)", &lower));
}

#[test]
fn like_folds_sigma_without_context() {
    let record = json!({"a": "ΟΔΟΣ"});
    assert!(matches("like(a,οδοσ)", &record));
    assert!(!matches("like(a,οδος)", &record));
    assert!(matches("notlike(a,ς)", &record));
    let final_sigma = json!({"a": "οδος"});
    assert!(!matches("like(a,ΟΔΟΣ)", &final_sigma));
}

#[test]
fn like_wildcards_are_ordinary() {
    check_table(&[
        (json!({"a": "50% off"}), "like(a,50%)", true),
        (json!({"a": "500 off"}), "like(a,50%)", false),
        (json!({"a": "500 off"}), "like(a,%)", false),
        (json!({"a": "a_b"}), "like(a,_)", true),
        (json!({"a": "ab"}), "like(a,_)", false),
        (json!({"a": "ab"}), "like(a,a_b)", false),
        (json!({"a": "a\\b"}), r"like(a,\)", true),
        (json!({"a": "ab"}), r"like(a,\)", false),
        (json!({"a": "a%b"}), r"like(a,\%)", false),
        (json!({"a": "a\\%b"}), r"like(a,\%)", true),
        (json!({"a": "ab"}), "notlike(a,%)", true),
    ]);
}

#[test]
fn like_applies_to_text_only() {
    for value in [
        json!(5),
        json!(1.5),
        json!(true),
        json!(["x"]),
        json!({"x": "x"}),
    ] {
        let record = json!({ "a": value });
        for expression in ["like(a,x)", "like(a,5)", "like(a,true)", r#"like(a,"")"#] {
            assert!(!matches(expression, &record), "{expression} on {record}");
        }
        for expression in ["notlike(a,x)", "notlike(a,y)", "notlike(a,5)"] {
            assert!(!matches(expression, &record), "{expression} on {record}");
        }
    }
}

// ---- numbers, strings and booleans ----

#[test]
fn json_number_compares_numerically() {
    check_table(&[
        (json!({"a": 5}), "eq(a,5)", true),
        (json!({"a": 5}), "eq(a,5.0)", true),
        (json!({"a": 5}), "eq(a,5e0)", true),
        (json!({"a": 5}), "eq(a,0.5E1)", true),
        (json!({"a": 5}), "eq(a,05)", true),
        (json!({"a": 5}), r#"eq(a,"5")"#, true),
        (json!({"a": 5}), "eq(a,6)", false),
        (json!({"a": 5}), "neq(a,6)", true),
        (json!({"a": 5}), "neq(a,5.0)", false),
        (json!({"a": 5}), "gt(a,4.99)", true),
        (json!({"a": 5}), "gt(a,10)", false),
        (json!({"a": 5}), "gte(a,5)", true),
        (json!({"a": 5}), "lt(a,-5)", false),
        (json!({"a": -5}), "lt(a,-4)", true),
        (json!({"a": 5}), "lte(a,5e0)", true),
        (json!({"a": 1.5}), "gt(a,1)", true),
        (json!({"a": 1.5}), "lt(a,2)", true),
        (json!({"a": 1.5}), "eq(a,1.50)", true),
        (json!({"a": 1.5}), "eq(a,15e-1)", true),
        (json!({"a": -0.0}), "eq(a,0)", true),
        (json!({"a": 1000}), "gt(a,999)", true),
    ]);
}

#[test]
fn json_number_vs_non_number_false() {
    let literals = [
        "x", "+5", "5.", ".5", " 5", "5 ", "0x5", "٥", "1,000", "NaN", "inf", "true", "5e", "--5",
        "",
    ];
    let record = json!({"a": 5});
    for literal in literals {
        for operator in ["eq", "neq", "gt", "gte", "lt", "lte", "in", "nin"] {
            let expression = format!("{operator}(a,{})", quote(literal));
            assert!(!matches(&expression, &record), "{expression}");
        }
    }
}

#[test]
fn json_boolean_compares_with_lowercase_words() {
    check_table(&[
        (json!({"a": true}), "eq(a,true)", true),
        (json!({"a": true}), r#"eq(a,"true")"#, true),
        (json!({"a": true}), "eq(a,false)", false),
        (json!({"a": true}), "eq(a,TRUE)", false),
        (json!({"a": true}), "eq(a,True)", false),
        (json!({"a": true}), "neq(a,false)", true),
        (json!({"a": true}), "neq(a,TRUE)", false),
        (json!({"a": true}), "neq(a,x)", false),
        (json!({"a": true}), "eq(a,1)", false),
        (json!({"a": false}), "eq(a,false)", true),
        (json!({"a": false}), "eq(a,0)", false),
        (json!({"a": false}), "neq(a,0)", false),
    ]);
}

#[test]
fn json_string_equality_is_text() {
    check_table(&[
        (json!({"a": "5"}), "eq(a,5)", true),
        (json!({"a": "5"}), "eq(a,5.0)", false),
        (json!({"a": "5"}), "eq(a,05)", false),
        (json!({"a": "5"}), "neq(a,5.0)", true),
        (json!({"a": "00123"}), "eq(a,00123)", true),
        (json!({"a": "00123"}), "eq(a,123)", false),
        (json!({"a": "TRUE"}), "eq(a,TRUE)", true),
        (json!({"a": "true"}), "eq(a,true)", true),
        (json!({"a": "true"}), "eq(a,TRUE)", false),
        (json!({"a": "999"}), "eq(a,999)", true),
        (json!({"a": "999"}), "neq(a,999.0)", true),
    ]);
}

#[test]
fn numeric_strings_order_numerically() {
    check_table(&[
        (json!({"a": "999"}), "lt(a,1000)", true),
        (json!({"a": "999"}), "gt(a,1000)", false),
        (json!({"a": "999"}), "gte(a,1000)", false),
        (json!({"a": "1000"}), "gt(a,999)", true),
        (json!({"a": "5"}), "gt(a,10)", false),
        (json!({"a": "5"}), "lt(a,10)", true),
        (json!({"a": "5"}), "gte(a,5.0)", true),
        (json!({"a": "5"}), "lte(a,5.0)", true),
        (json!({"a": "5"}), "btn(a,4.5,10)", true),
        (json!({"a": "00123"}), "gt(a,122)", true),
        (json!({"a": "00123"}), "lte(a,123)", true),
        (json!({"a": "1e3"}), "gte(a,1000)", true),
        (json!({"a": "1e3"}), "eq(a,1000)", false),
        (json!({"a": "-2"}), "lt(a,-1)", true),
    ]);
}

#[test]
fn mixed_strings_order_as_text() {
    check_table(&[
        (json!({"a": "abc"}), "gt(a,1000)", true),
        (json!({"a": "abc"}), "lt(a,1000)", false),
        (json!({"a": "999"}), "lt(a,abc)", true),
        (json!({"a": "999"}), "gt(a,abc)", false),
        (json!({"a": "+5"}), "lt(a,10)", true),
        (json!({"a": " 5"}), "lt(a,10)", true),
        (json!({"a": "5 "}), "gt(a,10)", true),
    ]);
}

// ---- in, nin ----

#[test]
fn in_and_nin_compare_each_item() {
    check_table(&[
        (json!({"a": 1}), "in(a,1,x)", true),
        (json!({"a": 1}), "in(a,x,1.0)", true),
        (json!({"a": 1}), r#"in(a,"1")"#, true),
        (json!({"a": 2}), "in(a,1,x)", false),
        (json!({"a": 2}), "in(a,x,y)", false),
        (json!({"a": 2}), "nin(a,1,x)", true),
        (json!({"a": 1}), "nin(a,1,x)", false),
        (json!({"a": 1}), "nin(a,1.0)", false),
        (json!({"a": "1"}), "in(a,1)", true),
        (json!({"a": "1"}), "in(a,1.0)", false),
        (json!({"a": "1"}), "nin(a,1.0)", true),
        (json!({"a": "x"}), "in(a,X,x)", true),
        (json!({"a": "x"}), "nin(a,X,y)", true),
        (json!({"a": true}), "in(a,true)", true),
        (json!({"a": true}), "in(a,x,true)", true),
        (json!({"a": true}), "in(a,TRUE)", false),
        (json!({"a": true}), "nin(a,false,x)", true),
        (json!({"a": true}), "nin(a,true,x)", false),
        (json!({"a": "true"}), "in(a,true)", true),
    ]);
}

#[test]
fn nin_without_comparable_item_is_false() {
    check_table(&[
        (json!({"a": 2}), "nin(a,x,y)", false),
        (json!({"a": 2}), "nin(a,true)", false),
        (json!({"a": true}), "nin(a,TRUE)", false),
        (json!({"a": true}), "nin(a,1,x)", false),
        (json!({"a": [1]}), "nin(a,1)", false),
        (json!({"a": {}}), "nin(a,x)", false),
    ]);
}

// ---- arrays and objects ----

#[test]
fn arrays_and_objects_match_no_comparison() {
    let values = [
        json!([]),
        json!([1]),
        json!(["x"]),
        json!([null]),
        json!({}),
        json!({"b": 1}),
        json!({"a": "x"}),
    ];
    for value in values {
        let record = json!({ "a": value });
        for expression in COMPARISONS {
            assert!(!matches(expression, &record), "{expression} on {record}");
        }
        assert!(matches("isnotnull(a)", &record), "{record}");
    }
}

// ---- large integers ----

#[test]
fn integers_beyond_f64_compare_exactly() {
    let above = json!({"a": 9_007_199_254_740_993u64});
    check_table(&[
        (above.clone(), "eq(a,9007199254740993)", true),
        (above.clone(), "eq(a,9007199254740992)", false),
        (above.clone(), "gt(a,9007199254740992)", true),
        (above.clone(), "lt(a,9007199254740994)", true),
        (above.clone(), "in(a,9007199254740992)", false),
        (above.clone(), "in(a,9007199254740993)", true),
        (above.clone(), "nin(a,9007199254740992)", true),
        (
            above.clone(),
            "btn(a,9007199254740993,9007199254740993)",
            true,
        ),
        (
            above.clone(),
            "btn(a,9007199254740994,9007199254740999)",
            false,
        ),
    ]);
}

#[test]
fn integers_at_u64_and_i64_ends() {
    let max = json!({"a": u64::MAX});
    let min = json!({"a": i64::MIN});
    check_table(&[
        (max.clone(), "eq(a,18446744073709551615)", true),
        (max.clone(), "gt(a,18446744073709551614)", true),
        (max.clone(), "gt(a,-1)", true),
        (max.clone(), "eq(a,9223372036854775807)", false),
        (min.clone(), "eq(a,-9223372036854775808)", true),
        (min.clone(), "lt(a,-9223372036854775807)", true),
        (min.clone(), "lt(a,18446744073709551615)", true),
    ]);
}

#[test]
fn integer_and_float_compare_as_f64() {
    let above = json!({"a": 9_007_199_254_740_993u64});
    assert!(matches("eq(a,9007199254740992.0)", &above));
    assert!(matches("eq(a,9.007199254740992e15)", &above));
    let float: Json = serde_json::from_str(r#"{"a": 18446744073709551616}"#).unwrap();
    assert!(float["a"].is_f64());
    assert!(matches("eq(a,18446744073709551616)", &float));
    let max = json!({"a": u64::MAX});
    assert!(matches("eq(a,18446744073709551616)", &max));
}

#[test]
fn large_numeric_strings_order_exactly() {
    let record = json!({"a": "9007199254740993"});
    assert!(matches("gt(a,9007199254740992)", &record));
    assert!(!matches("gt(a,9007199254740993)", &record));
}

// ---- field lookup ----

#[test]
fn field_lookup_order() {
    check_table(&[
        (json!({"a": 1}), "eq(a,1)", true),
        (json!({"properties": {"a": 1}}), "eq(a,1)", true),
        (json!({"a": 2, "properties": {"a": 1}}), "eq(a,2)", true),
        (json!({"a": 2, "properties": {"a": 1}}), "eq(a,1)", false),
        (json!({"a": null, "properties": {"a": 1}}), "eq(a,1)", false),
        (
            json!({"a": null, "properties": {"a": 1}}),
            "isnull(a)",
            true,
        ),
        (json!({"properties": {"a": null}}), "isnull(a)", true),
        (json!({"properties": 5}), "isnull(a)", true),
    ]);
}

#[test]
fn dotted_path_follows_objects() {
    check_table(&[
        (
            json!({"address": {"city": "Oslo"}}),
            "eq(address.city,Oslo)",
            true,
        ),
        (json!({"a": {"b": {"c": 1}}}), "eq(a.b.c,1)", true),
        (json!({"a": {"b": {"c": 1}}}), "isnull(a.b.x)", true),
        (json!({"a": {"b": {"c": 1}}}), "isnull(a.b.c.d)", true),
        (json!({"a": {"b": null}}), "isnull(a.b)", true),
        (json!({"a": [{"b": 1}]}), "isnull(a.0.b)", true),
        (json!({"a": "x"}), "isnull(a.b)", true),
    ]);
}

#[test]
fn dotted_member_wins_over_path() {
    check_table(&[
        (
            json!({"address.city": "Bergen", "address": {"city": "Oslo"}}),
            "eq(address.city,Bergen)",
            true,
        ),
        (
            json!({"address.city": "Bergen", "address": {"city": "Oslo"}}),
            "eq(address.city,Oslo)",
            false,
        ),
        (
            json!({"properties": {"address.city": "Bergen"}, "address": {"city": "Oslo"}}),
            "eq(address.city,Bergen)",
            true,
        ),
        (
            json!({"address.city": null, "address": {"city": "Oslo"}}),
            "isnull(address.city)",
            true,
        ),
    ]);
}

#[test]
fn non_object_record_has_no_fields() {
    for record in [json!([1]), json!("x"), json!(null), json!(5)] {
        assert!(matches("isnull(a)", &record), "{record}");
        assert!(!matches("eq(a,1)", &record), "{record}");
    }
}

#[test]
fn api_record_shape() {
    let records = [
        json!({"id": 1, "properties": {"country": "US", "employeeCount": "1200"}}),
        json!({"id": 2, "properties": {"country": "US", "employeeCount": "999"}}),
        json!({"id": 3, "properties": {"country": "FR", "employeeCount": "5000"}}),
    ];
    let compiled = Compiled::new(&query("country=US&employeeCount=gt::1000")).unwrap();
    let ids: Vec<&Json> = records
        .iter()
        .filter(|record| compiled.matches(record))
        .map(|record| &record["id"])
        .collect();
    assert_eq!(ids, [&json!(1)]);
}

// ---- groups ----

#[test]
fn groups_combine_members() {
    check_table(&[
        (json!({"a": 1, "b": 2}), "AND(eq(a,1),eq(b,2))", true),
        (json!({"a": 1, "b": 3}), "AND(eq(a,1),eq(b,2))", false),
        (json!({"a": 1, "b": 3}), "OR(eq(a,1),eq(b,2))", true),
        (json!({"a": 0, "b": 3}), "OR(eq(a,1),eq(b,2))", false),
        (json!({"a": 0}), "OR(eq(a,1),AND(isnull(b),eq(a,0)))", true),
        (json!({"a": 1}), "AND(eq(a,1))", true),
        (json!({"a": 1}), "OR(neq(a,1))", false),
    ]);
}

// ---- penguins ----

#[test]
fn penguins_greater_than() {
    let records = penguins();
    let expected = indices_where(&records, |r| {
        number(r, "Beak Length (mm)").is_some_and(|v| v > 40.0)
    });
    assert_eq!(selected(r#"gt("Beak Length (mm)",40)"#, &records), expected);
    assert!(!expected.is_empty());
}

#[test]
fn penguins_between_integers() {
    let records = penguins();
    let expected = indices_where(&records, |r| {
        number(r, "Body Mass (g)").is_some_and(|v| (3000.0..=4000.0).contains(&v))
    });
    assert_eq!(
        selected(r#"btn("Body Mass (g)",3000,4000)"#, &records),
        expected
    );
    let boundary = indices_where(&records, |r| number(r, "Body Mass (g)") == Some(4000.0));
    assert!(!boundary.is_empty());
}

#[test]
fn penguins_float_equality() {
    let records = penguins();
    let expected = indices_where(&records, |r| number(r, "Beak Depth (mm)") == Some(18.0));
    assert_eq!(
        selected(r#"eq("Beak Depth (mm)",18.0)"#, &records),
        expected
    );
    assert_eq!(selected(r#"eq("Beak Depth (mm)",18)"#, &records), expected);
    assert!(expected.len() > 1);
}

#[test]
fn penguins_isnull() {
    let records = penguins();
    let expected = indices_where(&records, |r| r["Sex"].is_null());
    assert_eq!(selected("isnull(Sex)", &records), expected);
    assert_eq!(expected.len(), 10);
    let present = indices_where(&records, |r| !r["Sex"].is_null());
    assert_eq!(selected("isnotnull(Sex)", &records), present);
}

#[test]
fn penguins_neq_excludes_null() {
    let records = penguins();
    let expected = indices_where(&records, |r| text(r, "Sex").is_some_and(|s| s != "MALE"));
    assert_eq!(selected("neq(Sex,MALE)", &records), expected);
    let null_count = records.iter().filter(|r| r["Sex"].is_null()).count();
    assert_eq!(
        expected.len() + null_count + selected("eq(Sex,MALE)", &records).len(),
        344
    );
}

#[test]
fn penguins_nin() {
    let records = penguins();
    let expected = indices_where(&records, |r| {
        text(r, "Island").is_some_and(|s| s != "Biscoe" && s != "Dream")
    });
    assert_eq!(selected("nin(Island,Biscoe,Dream)", &records), expected);
}

#[test]
fn penguins_like() {
    let records = penguins();
    let expected = indices_where(&records, |r| {
        text(r, "Species").is_some_and(|s| fold(s).contains("adel"))
    });
    assert_eq!(selected("like(Species,ADEL)", &records), expected);
    let mixed = indices_where(&records, |r| {
        text(r, "Sex").is_some_and(|s| !fold(s).contains("fem"))
    });
    assert_eq!(selected("notlike(Sex,Fem)", &records), mixed);
}

#[test]
fn penguins_or_and() {
    let records = penguins();
    let expected = indices_where(&records, |r| {
        let gentoo = text(r, "Species") == Some("Gentoo");
        let short = number(r, "Flipper Length (mm)").is_some_and(|v| v < 190.0);
        let heavy_male = text(r, "Sex") == Some("MALE")
            && number(r, "Body Mass (g)").is_some_and(|v| v >= 4000.0);
        gentoo || short || heavy_male
    });
    let expression = r#"OR(eq(Species,Gentoo),lt("Flipper Length (mm)",190),AND(eq(Sex,MALE),gte("Body Mass (g)",4000)))"#;
    assert_eq!(selected(expression, &records), expected);
}

#[test]
fn penguins_from_query_string() {
    let records = penguins();
    let compiled = Compiled::new(&query(
        "Species=Adelie&Island=in::Torgersen,Dream&filter=gte(%22Body+Mass+(g)%22,3500)",
    ))
    .unwrap();
    let got = indices_where(&records, |r| compiled.matches(r));
    let expected = indices_where(&records, |r| {
        text(r, "Species") == Some("Adelie")
            && matches!(text(r, "Island"), Some("Torgersen" | "Dream"))
            && number(r, "Body Mass (g)").is_some_and(|v| v >= 3500.0)
    });
    assert_eq!(got, expected);
    assert!(!expected.is_empty());
}
