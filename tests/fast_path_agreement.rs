//! The hand-written reader and the pest grammar return the same result on every input and every
//! option setting: `options.parse_query` and `options.parse_filter` print, with `{:?}`, exactly
//! what they print with `with_fast_path(false)`, spans, quoted flags and error messages included.
//!
//! The tables hold inputs at the edges of each fast function. The property tests build
//! expressions, value lists, sort keys and query strings from tricky pieces, percent-encode parts
//! of them, and parse them under limits near the size of the input. The last tests parse on
//! threads with a large and a small stack, where pest's stack guard can end a parse.

use inperium_filter::ParseOptions;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

/// Returns a message that shows both results when the readers disagree on `input`.
fn disagreement(options: &ParseOptions, input: &str) -> Option<String> {
    let grammar = options.clone().with_fast_path(false);

    let fast_query = format!("{:?}", options.parse_query(input));
    let grammar_query = format!("{:?}", grammar.parse_query(input));
    if fast_query != grammar_query {
        return Some(format!(
            "the readers disagree on the query {input:?}\noptions: {options:?}\n\
             fast path: {fast_query}\ngrammar:   {grammar_query}"
        ));
    }

    let fast_filter = format!("{:?}", options.parse_filter(input));
    let grammar_filter = format!("{:?}", grammar.parse_filter(input));
    if fast_filter != grammar_filter {
        return Some(format!(
            "the readers disagree on the expression {input:?}\noptions: {options:?}\n\
             fast path: {fast_filter}\ngrammar:   {grammar_filter}"
        ));
    }
    None
}

/// Asserts that both readers return the same result on `input` under `options`.
fn assert_agree(options: &ParseOptions, input: &str) {
    if let Some(message) = disagreement(options, input) {
        panic!("{message}");
    }
}

/// Asserts agreement on every input under every option setting of [`option_settings`].
fn assert_agree_everywhere(inputs: &[&str]) {
    for options in option_settings() {
        for input in inputs {
            assert_agree(&options, input);
        }
    }
}

/// Option settings that move each limit next to the sizes the tables use. They cover depth 0 to
/// 3, list limits 0 to 2, `NOT` on and off, a page size of 1 and short inputs. Their pass-through
/// names collide with reserved and field names.
fn option_settings() -> Vec<ParseOptions> {
    let mut settings = vec![ParseOptions::new(), ParseOptions::new().with_not(true)];
    for depth in 0..=3 {
        settings.push(ParseOptions::new().with_max_depth(depth).with_not(true));
    }
    for items in 0..=2 {
        settings.push(ParseOptions::new().with_max_list_items(items));
        settings.push(
            ParseOptions::new()
                .with_max_list_items(items)
                .with_max_depth(2)
                .with_not(true),
        );
    }
    settings.push(ParseOptions::new().with_max_input_len(0));
    settings.push(ParseOptions::new().with_max_input_len(12));
    settings.push(ParseOptions::new().with_max_page_size(0));
    settings.push(ParseOptions::new().with_max_page_size(1).with_not(true));
    settings.push(ParseOptions::new().with_pass_through(["a", "filter", "sort", "in", "b c", ""]));
    settings.push(
        ParseOptions::new()
            .with_max_depth(ParseOptions::DEPTH_CEILING)
            .with_max_list_items(usize::MAX)
            .with_max_input_len(usize::MAX)
            .with_max_page_size(u32::MAX)
            .with_not(true),
    );
    settings
}

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

#[test]
fn blanks_around_tokens() {
    assert_agree_everywhere(&[
        "eq(a,1)",
        " eq(a,1) ",
        "\teq\t(\ta\t,\t1\t)\t",
        "\r\neq\r\n(\r\na\r\n,\r\n1\r\n)\r\n",
        "eq (a,1)",
        "AND (eq(a,1) , eq(b,2) )",
        "AND(\neq(a,1)\n)",
        "eq(a,1)\u{a0}",
        "\u{a0}eq(a,1)",
        "eq\u{a0}(a,1)",
        "eq(a\u{a0},1)",
        "eq(\u{a0}a,1)",
        "eq(a,\u{a0}1)",
        "eq(a,1\u{a0})",
        "eq(a,1\u{a0} )",
        "eq(a,\u{b}1)",
        "eq(a,1\u{c})",
        "eq(a,1\u{85})",
        "eq(a,1\u{2028})",
        "eq(a,1\u{3000})",
        "eq(a,\u{feff}1)",
        "eq(a,New York City)",
        "eq(a,New  \t York)",
        "eq(a, x y )",
        "in(a, 1 , 2 ,3 )",
        "eq(a,1)\u{0}",
        "eq(a,\u{0})",
    ]);
}

#[test]
fn unicode_names_and_values() {
    assert_agree_everywhere(&[
        "eq(é,1)",
        "eq(e\u{301},1)",
        "eq(\u{301}e,1)",
        "eq(a\u{301},1)",
        "eq(Ⅻ,1)",
        "eq(½,1)",
        "eq(٣,1)",
        "eq(ǅ,1)",
        "eq(İ,1)",
        "eq(a\u{200d}b,1)",
        "eq(a\u{200b},1)",
        "eq(\u{10ffff},1)",
        "eq(🍑,1)",
        "eq(a,🍑)",
        "eq(北京.ß_-1,x)",
        "eq(a.,1)",
        "eq(.a,1)",
        "eq(-a,1)",
        "eq(_,1)",
        "eq(a-,1)",
        "eq(ａ,1)",
        "eq(a,ａ)",
        "ｅｑ(a,1)",
        "eq(a,é)",
        "eq(a,\"é\\\"\")",
    ]);
}

#[test]
fn null_in_any_case() {
    assert_agree_everywhere(&[
        "eq(a,null)",
        "eq(a,NULL)",
        "eq(a,nUlL)",
        "eq(a, null )",
        "eq(a,\tnull\n)",
        "eq(a,\"null\")",
        "eq(a,null\u{a0})",
        "eq(a,nul l)",
        "eq(a,nulls)",
        "eq(a,ｎｕｌｌ)",
        "eq(null,1)",
        "in(a,1,null)",
        "in(a,NULL,1)",
        "btn(a,null,1)",
        "btn(a,1,Null)",
        "isnull(null)",
        "a=null",
        "a=NULL",
        "a=eq::null",
        "a=eq::nULL",
        "a=eq::\"null\"",
        "a=in::1,null",
        "a=in::null",
        "a=btn::null,1",
        "a=in::\"null\", null ",
        "filter=eq(a,nU%4cl)",
        "filter=eq(a,%6Eull)",
    ]);
}

#[test]
fn names_in_any_case() {
    assert_agree_everywhere(&[
        "And(eq(a,1))",
        "aNd(Or(EQ(a,1)),oR(b(a,1)))",
        "not(eq(a,1))",
        "NoT(eq(a,1))",
        "NOT(NOT(eq(a,1)))",
        "NOT(AND(eq(a,1),eq(b,2)))",
        "NOT(eq(a,1),eq(b,2))",
        "NOT()",
        "NOT(eq(a,1),)",
        "NOT(,eq(a,1))",
        "AND(NOT(eq(a,1)),isnull(b))",
        "ISNULL(a)",
        "IsNotNull(a)",
        "NOTLIKE(a,x)",
        "NotLike(a,%_)",
        "LIKE(a,x)",
        "Btn(a,1,2)",
        "NIN(a,1)",
        "iN(a,1,2)",
        "XOR(eq(a,1))",
        "gtx(a,1)",
        "isnotnullx(a)",
        "isnotnul(a)",
        "andd(eq(a,1))",
        "a(b)",
        "eq(eq,eq)",
        "eq(AND,OR)",
        "eq(not,NOT)",
        "a=NOT::1",
        "a=AND::1",
        "a=EQ::1",
        "a=Isnull::",
        "a=nOtLiKe::x",
        "a=BTN::1,2",
        "filter=not(eq(a,1))",
        "filter=%4EOT(eq(a,1))",
    ]);
}

#[test]
fn quotes_and_escapes() {
    assert_agree_everywhere(&[
        r#"eq("a b",1)"#,
        r#"eq("",1)"#,
        r#"eq(a,"")"#,
        r#"eq(a,"\"")"#,
        r#"eq(a,"\\")"#,
        r#"eq(a,"\n")"#,
        r#"eq(a,"\é")"#,
        r#"eq(a,"\🍑")"#,
        r#"eq(a,"x"y)"#,
        r#"eq(a, "x" )"#,
        r#"eq(a,"x" ,"y")"#,
        r#"eq(a,"(")"#,
        r#"eq(a,")")"#,
        r#"eq(a,",")"#,
        r#"eq("(",1)"#,
        r#"eq("a\"b",1)"#,
        r#"eq("a\\",1)"#,
        r#"eq(a,"open)"#,
        r#"eq(a,"x\")"#,
        r#"eq(a,"x\"#,
        r#"eq(a,x"y")"#,
        r#"eq(a,x "y")"#,
        r#""eq(a,1)""#,
        r#"eq"(a,1)"#,
        r#"AND("a")"#,
        r#"AND(eq(a,1),"x")"#,
        r#"in(a,"1","2",3)"#,
        r#"in(a,"1" "2")"#,
        r#"eq(a,"x"")"#,
        r#"eq(a,"""")"#,
        "eq(a,\"line\nbreak\")",
        r#"a=eq::"x""#,
        r#"a=eq::"x"  "#,
        "a=eq::\"x\"\t\r\n",
        "a=eq::\"x\"\u{a0}",
        r#"a=eq::"x"y"#,
        r#"a=eq::"x"#,
        r#"a=eq::"\n""#,
        r#"a=eq::"\\""#,
        r#"a=eq::"\"""#,
        r#"a=eq::"""#,
        r#"a=eq:: "x""#,
        r#"a=eq::"x","y""#,
        "a=eq::%22x%22",
        "a=eq::%22x%22+",
        "a=eq::+%22x%22",
        "a=eq::%22%5C%22%22",
        "a=eq::%22%5Cn%22",
        "a=like::%22%25%22",
        r#"a=in::"x,y",z"#,
        r#"a=in::"x" ,"y""#,
        r#"a=in::"x"y"#,
        r#"a=in::"x"#,
        r#"a=in::x"y""#,
        r#"a=in::"\q""#,
        r#"a=btn::"1","2""#,
        r#"a=btn::"(",")""#,
        r#"sort="a""#,
        r#"sort=-"B c""#,
        r#"sort=+"B c""#,
        "sort=-%22B+c%22",
        "sort=%2B%22B%20c%22",
        r#"sort="""#,
        r#"sort="a\"b""#,
        r#"sort="a\nb""#,
        r#"sort="a"b"#,
        r#"sort="a"#,
        r#"sort=-"a","b""#,
    ]);
}

#[test]
fn empty_slots() {
    assert_agree_everywhere(&[
        "",
        " ",
        "\u{a0}",
        "eq(a,)",
        "eq(,1)",
        "eq(,)",
        "eq()",
        "eq( )",
        "isnull()",
        "isnull(a,)",
        "in(a,)",
        "in(a,,1)",
        "in(a,1,,2)",
        "in(a,1,)",
        "btn(a,,2)",
        "btn(a,1,)",
        "AND()",
        "AND( )",
        "AND(,)",
        "AND(eq(a,1),)",
        "AND(,eq(a,1))",
        "AND(eq(a,1),,eq(b,2))",
        "filter=",
        "filter=%20",
        "filter=+",
        "a=in::",
        "a=in:: ",
        "a=in::,",
        "a=in::1,",
        "a=in::,1",
        "a=in::1,,2",
        "a=btn::,",
        "a=btn::1,",
        "a=eq::",
        "a=isnull::",
        "a=isnull:: ",
        "a=",
        "sort=",
        "sort=,",
        "sort=a,",
        "sort=,a",
        "sort=a,,b",
        "sort= ",
    ]);
}

#[test]
fn argument_counts() {
    assert_agree_everywhere(&[
        "eq(a)",
        "eq(a,1,2)",
        "btn(a,1)",
        "btn(a,1,2)",
        "btn(a,1,2,3)",
        "in(a)",
        "in(a,1)",
        "in(a,1,2)",
        "in(a,1,2,3)",
        "nin(a,1,2,3)",
        "isnull(a)",
        "isnull(a,1)",
        "isnotnull(a,1,2)",
        "like(a,1,2)",
        "a=btn::1",
        "a=btn::1,2",
        "a=btn::1,2,3",
        "a=in::1",
        "a=in::1,2",
        "a=in::1,2,3",
        "a=nin::1,2,3",
        "a=isnull::1",
        "a=eq::1,2",
    ]);
}

#[test]
fn nested_arguments() {
    assert_agree_everywhere(&[
        "eq(a,b(c))",
        "eq(a,b (c))",
        "eq(a (b),1)",
        "eq(eq(a,1),1)",
        "eq(a,eq(b,1))",
        "AND(a)",
        "AND(a,eq(b,1))",
        "AND(eq(a,1)x)",
        "AND(eq(a,1) x)",
        "AND(eq(a,1))x",
        "AND(eq(a,1)))",
        "AND(eq(a,1)),eq(b,2)",
        "AND(eq(a,1)",
        "AND((eq(a,1)))",
        "(eq(a,1))",
        "eq(a,1)(",
        "eq(a,1",
        "eq(a,1)eq(b,2)",
        "a=in::eq(a,1)",
        "a=in::(",
        "a=in::)",
        "a=in::a (b)",
        "a=in::\"(\"",
        "a=btn::(,)",
        "filter=eq(a,1)",
        "filter=filter=eq(a,1)",
        "filter=eq(a,1)&filter=eq(b,2)",
    ]);
}

#[test]
fn depth_at_each_limit() {
    let mut inputs = Vec::new();
    for levels in 1..=5 {
        let nested = format!(
            "{}eq(a,1){}",
            "AND(".repeat(levels - 1),
            ")".repeat(levels - 1)
        );
        inputs.push(nested.clone());
        inputs.push(format!("filter={nested}"));
        inputs.push(format!(
            "{}eq(a,1){}",
            "NOT(".repeat(levels - 1),
            ")".repeat(levels - 1)
        ));
        inputs.push(format!(
            "{}\"(\"{}",
            "AND(".repeat(levels),
            ")".repeat(levels)
        ));
    }
    inputs.push("AND(eq(a,\"((((\"),OR(eq(b,\")\")))".to_owned());
    inputs.push("AND(eq(\"((((\",1))".to_owned());
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    assert_agree_everywhere(&inputs);
}

#[test]
fn list_lengths_at_each_limit() {
    let mut inputs = Vec::new();
    for count in 0..=4 {
        let values: Vec<String> = (0..count).map(|i| i.to_string()).collect();
        let list = values.join(",");
        inputs.push(format!("in(a,{list})"));
        inputs.push(format!("nin(a, {list} )"));
        inputs.push(format!("a=in::{list}"));
        inputs.push(format!("a=nin::{list}"));
        inputs.push(format!("a=btn::{list}"));
        inputs.push(format!("btn(a,{list})"));
        inputs.push(format!("filter=in(a,{list})&b=in::{list}"));
    }
    inputs.push("eq(a,1)".to_owned());
    inputs.push("isnull(a)".to_owned());
    inputs.push("a=eq::1".to_owned());
    inputs.push("a=eq::\"1\"".to_owned());
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    assert_agree_everywhere(&inputs);
}

#[test]
fn percent_decoded_spans() {
    assert_agree_everywhere(&[
        "filter=eq(a,%22x%22)",
        "filter=eq(a,x+y)",
        "filter=eq(a,%C3%A9)",
        "filter=eq(%C3%A9,1)",
        "filter=eq(a,1)%20",
        "filter=%20eq(a,1)",
        "filter=eq(a,%0A1)",
        "filter=eq(a,%C2%A01)",
        "filter=eq(a,%FF)",
        "filter=eq(a,%2)",
        "filter=eq(a,%)",
        "filter=in(a,1%2C2)",
        "filter=in(a,1%2c2)",
        "filter=eq%28a%2C1%29",
        "filter=eq%28a%2C1%29+",
        "filter=AND(eq(a,%22%5C%22%22),isnull(b))",
        "filter=AND(eq(a,1)%29",
        "filter=eq(a,%CC%81)",
        "filter=eq(a%CC%81,1)",
        "filter=eq(a,1)%00",
        "%66ilter=eq(a,1)",
        "filter%3Deq(a,1)",
        "a=in::%201,2",
        "a=in::1%2C2",
        "a=in::%22x%2Cy%22,z",
        "a=%69n::1,2",
        "a=in%3A%3A1",
        "a=in:%3A1",
        "a=btn::1+,+2",
        "a+b=in::1,2",
        "%C3%A9=in::%C3%A9,%C3%A8",
        "sort=%2Da,%2Bb",
        "sort=a%2C-b",
        "sort=a%CC%81",
        "sort=%C3%A9",
        "sort=a%C3%A9",
        "sort=%09a",
        "sort=a%0A",
        "sort=a%C2%A0",
        "pageNumber=%31",
        "pageNumber=+1",
        "pageSize=%31%30",
    ]);
}

#[test]
fn match_type_split() {
    assert_agree_everywhere(&[
        "a=eq:x",
        "a=e1::x",
        "a=é::x",
        "a=::x",
        "a=::",
        "a=eq::::",
        "a=eq:::x",
        "a=eq ::x",
        "a= eq::x",
        "a=gtx::1",
        "a=isnull::x",
        "a=like::L",
        "a=like::",
        "a=x::y::z",
        "a=in::1::2",
        "a=eqeqeqeqeq::1",
        "a=EqEqEqEqEqEqEqEqEqEq::1",
    ]);
}

#[test]
fn sort_keys() {
    assert_agree_everywhere(&[
        "sort=a",
        "sort=-a",
        "sort=+a",
        "sort=%2Ba",
        "sort=-a,+b",
        "sort=-a,%2Bb",
        "sort= -a , b ",
        "sort=a.",
        "sort=.a",
        "sort=-",
        "sort=+",
        "sort=--a",
        "sort=-+a",
        "sort=+-a",
        "sort=-%20a",
        "sort=a+b",
        "sort=a%20b",
        "sort=a-b",
        "sort=a_b.c-1",
        "sort=_",
        "sort=1",
        "sort=-1",
        "sort=é",
        "sort=-é",
        "sort=aé",
        "sort=a;b",
        "sort=a)",
        "sort=a&sort=b",
        "sort=a,a",
        "sort=Ⅻ",
        "sort=½",
        "sort=a\u{a0}",
        "sort=\u{a0}a",
    ]);
}

#[test]
fn query_string_layer() {
    assert_agree_everywhere(&[
        "?",
        "??",
        "??a=1",
        "&",
        "&&",
        "=",
        "==",
        "a",
        "a=",
        "a==1",
        "a=b=c",
        "?a=1&&b=2",
        "&a=1&",
        "filter",
        "filter(",
        "eq(a,1)",
        "%3D=1",
        "a%26b=1",
        "a=1&a=2",
        "in=in::1",
        "b+c=1",
        "b%20c=1",
        "=1",
        "%=1",
        "a=%",
        "a=%FF",
        "%FF=1",
        "pageNumber=0",
        "pageNumber=1",
        "pageNumber=2147483648",
        "pageSize=1",
        "pageSize=2",
        "pageSize=101",
        "pageSize=1&pageSize=1",
        "pageNumber= 1",
        "pageNumber=１",
        "a=1&filter=eq(a,1)&sort=-a&pageNumber=2&pageSize=1&in=x",
    ]);
}

/// The committed fuzz seeds, query strings drawn from the tests and docs, under every setting.
#[test]
fn fuzz_seeds_under_every_setting() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut seeds = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("fuzz/seeds is readable") {
        let bytes = std::fs::read(entry.expect("a seed entry").path()).expect("a seed file");
        seeds.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    assert!(!seeds.is_empty(), "no seeds in {}", folder.display());

    let seeds: Vec<&str> = seeds.iter().map(String::as_str).collect();
    assert_agree_everywhere(&seeds);
}

// ---------------------------------------------------------------------------------------------
// Generated inputs
// ---------------------------------------------------------------------------------------------

// Each position draws mostly from pieces both readers accept and rarely from pieces near them
// that one of the readers may treat differently. So a large share of the generated inputs
// parse, and most of the rest fail at one place.

/// Blanks of the grammar.
const BLANKS: &[&str] = &["", "", "", " ", "  ", "\t", "\n", "\r\n"];

/// Characters that look blank but are not blanks of the grammar.
const NON_BLANKS: &[&str] = &["\u{a0}", "\u{b}", "\u{c}", "\u{85}", "\u{3000}", "\u{feff}"];

const GROUP_NAMES: &[&str] = &["AND", "and", "Or", "OR", "NOT", "not", "nOt"];

const WRONG_GROUP_NAMES: &[&str] = &["XOR", "AN", "eq", "ANDD", "ａnd"];

/// Operator names with the number of values each takes: `None` for a list of one or more.
const OPERATORS: &[(&str, Option<usize>)] = &[
    ("eq", Some(1)),
    ("EQ", Some(1)),
    ("neq", Some(1)),
    ("gt", Some(1)),
    ("Gte", Some(1)),
    ("lt", Some(1)),
    ("lte", Some(1)),
    ("like", Some(1)),
    ("NOTLIKE", Some(1)),
    ("notLike", Some(1)),
    ("in", None),
    ("IN", None),
    ("nin", None),
    ("btn", Some(2)),
    ("BTN", Some(2)),
    ("isnull", Some(0)),
    ("IsNull", Some(0)),
    ("isnotnull", Some(0)),
    ("ISNOTNULL", Some(0)),
];

const WRONG_OPERATORS: &[&str] = &["gtx", "isnotnulll", "AND", "a", "e q", "eq1"];

/// Bare ASCII and Unicode field names, and quoted names with escapes.
const FIELDS: &[&str] = &[
    "a",
    "Country",
    "a.b_c-1",
    "_",
    "1",
    "é",
    "e\u{301}",
    "北京",
    "Ⅻ",
    "½",
    "٣",
    "ǅ",
    "null",
    "NOT",
    r#""a b""#,
    r#""(x)""#,
    r#""a\"b""#,
    r#""a\\""#,
    r#""é,""#,
];

/// Field names that must be quoted, broken quotes, empty names and calls.
const WRONG_FIELDS: &[&str] = &[
    "\u{301}e",
    ".a",
    "-a",
    "a b",
    "a\u{a0}b",
    "a\u{200b}",
    "🍑",
    r#""a\n""#,
    r#""""#,
    r#""a"b"#,
    r#""open"#,
    "",
    "a(b)",
];

/// Bare values with inner blanks, Unicode and punctuation, and quoted values with escapes.
const VALUES: &[&str] = &[
    "1",
    "-2.5e3",
    "x",
    "New York",
    "a\tb",
    "nulls",
    "ｎｕｌｌ",
    "%_",
    "é",
    "🍑",
    "a\u{301}",
    "\u{301}",
    "x\u{a0}",
    "\u{a0}",
    "2020-01-01T00:00:00Z",
    "a:b",
    "a::b",
    "=",
    "+",
    "%41",
    "&",
    r#""""#,
    r#""null""#,
    r#""a,b""#,
    r#""(""#,
    r#""a\"b""#,
    r#""a\\b""#,
];

/// `null` in several cases, broken quotes and escapes, empty values and calls.
const WRONG_VALUES: &[&str] = &[
    "null",
    "NULL",
    "nUlL",
    r#""a\nb""#,
    r#""\é""#,
    r#""a"b"#,
    r#""open"#,
    r#"x"y""#,
    "",
    "b(c)",
    "eq(b,1)",
    "%",
];

/// Sort keys with and without signs, bare and quoted.
const SORT_KEYS: &[&str] = &[
    "a",
    "-a",
    "+a",
    "-Country",
    "a.b_c-1",
    "a.",
    "_",
    "1",
    "a-",
    r#""B c""#,
    r#"-"B c""#,
    r#"+"a\"b""#,
    r#""é""#,
];

/// Sort keys outside ASCII, which only the grammar reads, and broken keys.
const WRONG_SORT_KEYS: &[&str] = &[
    "é",
    "-é",
    "aé",
    "a\u{301}",
    "Ⅻ",
    "-½",
    r#""a\nb""#,
    r#""""#,
    r#""a"b"#,
    "--a",
    "-+a",
    "- a",
    ".a",
    "-",
    "a b",
    "a;b",
    "",
];

/// Pieces inserted into generated text to move it just outside what either reader accepts.
const EDITS: &[&str] = &[
    "(", ")", ",", "\"", "\\", " ", "\t", "\u{a0}", "null", "é", "\u{301}", "::", "AND(", "eq(",
    "&", "=", "%", "%2", "%28", "%22", "+",
];

/// Picks from `usual` 29 times in 30 and from `unusual` otherwise.
fn mostly(
    usual: &'static [&'static str],
    unusual: &'static [&'static str],
) -> impl Strategy<Value = &'static str> + Clone {
    prop_oneof![29 => select(usual), 1 => select(unusual)]
}

/// Picks a blank 99 times in 100, because a predicate has a dozen gaps.
fn gap() -> impl Strategy<Value = &'static str> + Clone {
    prop_oneof![99 => select(BLANKS), 1 => select(NON_BLANKS)]
}

/// Builds a predicate call: usually an operator with as many values as it takes, rarely a
/// wrong name or count, with a gap around every token.
fn predicate() -> impl Strategy<Value = String> {
    let operator = prop_oneof![
        30 => select(OPERATORS),
        1 => select(WRONG_OPERATORS).prop_map(|name| (name, Some(1))),
    ];
    (
        operator,
        prop_oneof![20 => Just(None), 1 => (0..5usize).prop_map(Some)],
        1..4usize,
        mostly(FIELDS, WRONG_FIELDS),
        vec(mostly(VALUES, WRONG_VALUES), 4),
        vec(gap(), 12),
    )
        .prop_map(|((name, arity), count, list_length, field, values, gaps)| {
            let count = count.unwrap_or(arity.unwrap_or(list_length));
            let mut call = format!("{}{name}{}({}{field}{}", gaps[0], gaps[1], gaps[2], gaps[3]);
            for index in 0..count {
                let gap = gaps[4 + index % 6];
                call.push_str(&format!(",{gap}{}{gap}", values[index % values.len()]));
            }
            call.push_str(&format!("){}", gaps[11]));
            call
        })
}

/// Builds expressions up to four levels deep: groups of one to three members (one for `NOT`),
/// and rarely empty groups, `NOT` with several members or groups with a value among their
/// members.
fn expression() -> impl Strategy<Value = String> {
    predicate().prop_recursive(4, 16, 3, |member| {
        let members = prop_oneof![
            30 => vec(member.clone(), 1..4),
            1 => vec(member.clone(), 0..1),
            1 => (member, select(VALUES)).prop_map(|(member, value)| vec![member, value.to_owned()]),
        ];
        (
            prop_oneof![30 => select(GROUP_NAMES), 1 => select(WRONG_GROUP_NAMES)],
            members,
            gap(),
            gap(),
            prop_oneof![30 => Just(true), 1 => Just(false)],
        )
            .prop_map(|(name, mut members, inner, outer, not_takes_one)| {
                if not_takes_one && name.eq_ignore_ascii_case("NOT") {
                    members.truncate(1);
                }
                format!("{name}{outer}({inner}{}{inner}){outer}", members.join(","))
            })
    })
}

/// Inserts `piece` at the character boundary nearest to `at` (a fraction of the length), or
/// removes the character there when `piece` is `None`.
fn edit(text: &mut String, at: f64, piece: Option<&str>) {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(index, _)| index)
        .chain([text.len()])
        .collect();
    let index = boundaries[((boundaries.len() - 1) as f64 * at) as usize];
    match piece {
        Some(piece) => text.insert_str(index, piece),
        None => {
            if index < text.len() {
                text.remove(index);
            }
        }
    }
}

/// Applies one or two insertions or removals to generated text.
fn edited(text: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (
        text,
        vec((0.0..1.0f64, proptest::option::of(select(EDITS))), 1..3),
    )
        .prop_map(|(mut text, edits)| {
            for (at, piece) in edits {
                edit(&mut text, at, piece);
            }
            text
        })
}

/// Percent-encodes the characters of `text` that `mask` picks, with upper- or lower-case hex,
/// and spaces as `+` or `%20`. `&`, `%` and `+` are always encoded, so the decoded text is
/// `text`.
fn percent_encode(text: &str, mask: &[u8]) -> String {
    let mut encoded = String::new();
    for (index, c) in text.chars().enumerate() {
        let choice = mask[index % mask.len()];
        let always = matches!(c, '&' | '%' | '+');
        if c == ' ' && choice % 3 == 1 {
            encoded.push('+');
        } else if always || !choice.is_multiple_of(3) {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                if choice.is_multiple_of(2) {
                    encoded.push_str(&format!("%{byte:02X}"));
                } else {
                    encoded.push_str(&format!("%{byte:02x}"));
                }
            }
        } else {
            encoded.push(c);
        }
    }
    encoded
}

/// Writes `text` as a parameter value: as it is when `mask[0]` is a multiple of 4 and `text` has
/// no `&`, `%` or `+`, and percent-encoded by `mask` otherwise.
fn parameter_value(text: &str, mask: &[u8]) -> String {
    if mask[0].is_multiple_of(4) && !text.contains(['&', '%', '+']) {
        text.to_owned()
    } else {
        percent_encode(text, mask)
    }
}

/// Joins `items` with commas and a gap on either side of each item.
fn join_with_gaps(items: &[&str], gaps: &[&str]) -> String {
    let mut joined = String::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            joined.push(',');
        }
        let before = gaps[index % gaps.len()];
        let after = gaps[(index + 1) % gaps.len()];
        joined.push_str(&format!("{before}{item}{after}"));
    }
    joined
}

/// Builds the arguments of a match-type `in`, `nin` or `btn`: one to four values, mostly two.
fn value_list() -> impl Strategy<Value = String> {
    (
        prop_oneof![2 => Just(2usize), 1 => 1..5usize],
        vec(mostly(VALUES, WRONG_VALUES), 4),
        vec(gap(), 4),
    )
        .prop_map(|(count, values, gaps)| join_with_gaps(&values[..count], &gaps))
}

/// Builds a sort value of one to four keys.
fn sort_value() -> impl Strategy<Value = String> {
    (vec(mostly(SORT_KEYS, WRONG_SORT_KEYS), 1..5), vec(gap(), 4))
        .prop_map(|(keys, gaps)| join_with_gaps(&keys, &gaps))
}

/// Builds one decoded `name=value` pair of any kind the query reader tells apart.
fn decoded_parameter() -> impl Strategy<Value = (String, String)> {
    let match_type = (
        select(&["a", "b c", "in", "é", "filter", "sort"][..]),
        mostly(
            &["in", "IN", "nin", "btn", "Btn", "eq", "like", "isnull"],
            &["gtx", "e1", "", "é"],
        ),
        mostly(&["::"], &[":", ":::", " ::"]),
        prop_oneof![
            value_list(),
            mostly(VALUES, WRONG_VALUES).prop_map(str::to_owned)
        ],
    )
        .prop_map(|(name, operator, colons, arguments)| {
            (name.to_owned(), format!("{operator}{colons}{arguments}"))
        });
    let basic = (
        select(&["a", "b c", "in", "é", ""][..]),
        mostly(VALUES, WRONG_VALUES),
    )
        .prop_map(|(name, value)| (name.to_owned(), value.to_owned()));
    let paging = (
        select(&["pageNumber", "pageSize"][..]),
        mostly(&["1", "2", "3", "100"], &["0", "101", " 1", "01", ""]),
    )
        .prop_map(|(name, value)| (name.to_owned(), value.to_owned()));
    prop_oneof![
        3 => expression().prop_map(|expr| ("filter".to_owned(), expr)),
        2 => sort_value().prop_map(|sort| ("sort".to_owned(), sort)),
        3 => match_type,
        1 => basic,
        1 => paging,
    ]
}

/// Builds query strings of one to four parameters, each encoded by its own mask, with an
/// optional leading `?`, and sometimes an empty segment or a parameter without `=`.
fn query_string() -> impl Strategy<Value = String> {
    let parameter = (decoded_parameter(), vec(any::<u8>(), 1..6), 0..16u8);
    (any::<bool>(), vec(parameter, 1..5)).prop_map(|(question_mark, parameters)| {
        let mut segments = Vec::new();
        for ((name, value), mask, shape) in parameters {
            let name = parameter_value(&name, &mask);
            let value = parameter_value(&value, &mask);
            match shape {
                0 => segments.push(String::new()),
                1 => segments.push(name),
                _ => segments.push(format!("{name}={value}")),
            }
        }
        let prefix = if question_mark { "?" } else { "" };
        format!("{prefix}{}", segments.join("&"))
    })
}

/// Builds option settings with every limit near the sizes the generated inputs reach.
fn options() -> impl Strategy<Value = ParseOptions> {
    (
        prop_oneof![1 => 0..=5usize, 1 => Just(64), 1 => Just(ParseOptions::DEPTH_CEILING)],
        prop_oneof![1 => 0..=4usize, 1 => Just(1000)],
        prop_oneof![6 => Just(usize::MAX), 1 => 0..=60usize],
        prop_oneof![0..=3u32, Just(100)],
        any::<bool>(),
        proptest::sample::subsequence(vec!["a", "b c", "filter", "sort", "in", "é", ""], 0..3),
    )
        .prop_map(|(depth, items, length, page_size, not, pass_through)| {
            ParseOptions::new()
                .with_max_depth(depth)
                .with_max_list_items(items)
                .with_max_input_len(length)
                .with_max_page_size(page_size)
                .with_not(not)
                .with_pass_through(pass_through)
        })
}

/// Converts a disagreement into a proptest failure that shows both results.
fn check_agree(options: &ParseOptions, input: &str) -> Result<(), TestCaseError> {
    match disagreement(options, input) {
        Some(message) => Err(TestCaseError::fail(message)),
        None => Ok(()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn generated_expressions_agree(
        options in options(),
        input in expression(),
        mask in vec(any::<u8>(), 1..6),
    ) {
        check_agree(&options, &input)?;
        check_agree(&options, &format!("filter={}", parameter_value(&input, &mask)))?;
    }

    #[test]
    fn edited_expressions_agree(options in options(), input in edited(expression())) {
        check_agree(&options, &input)?;
        check_agree(&options, &format!("filter={input}"))?;
    }

    #[test]
    fn value_lists_agree(
        options in options(),
        operator in select(&["in", "nin", "btn", "IN", "Btn"][..]),
        list in prop_oneof![3 => value_list(), 1 => edited(value_list())],
        mask in vec(any::<u8>(), 1..6),
    ) {
        check_agree(&options, &format!("a={operator}::{}", parameter_value(&list, &mask)))?;
    }

    #[test]
    fn quoted_arguments_agree(
        options in options(),
        operator in select(&["eq", "neq", "like", "notlike", "GT"][..]),
        argument in prop_oneof![
            3 => mostly(VALUES, WRONG_VALUES).prop_map(str::to_owned),
            1 => edited(mostly(VALUES, WRONG_VALUES).prop_map(str::to_owned)),
        ],
        tail in gap(),
        mask in vec(any::<u8>(), 1..6),
    ) {
        let value = format!("{argument}{tail}");
        check_agree(&options, &format!("a={operator}::{}", parameter_value(&value, &mask)))?;
    }

    #[test]
    fn sort_values_agree(
        options in options(),
        sort in prop_oneof![3 => sort_value(), 1 => edited(sort_value())],
        mask in vec(any::<u8>(), 1..6),
    ) {
        check_agree(&options, &format!("sort={}", parameter_value(&sort, &mask)))?;
    }

    #[test]
    fn query_strings_agree(
        options in options(),
        input in prop_oneof![3 => query_string(), 1 => edited(query_string())],
    ) {
        check_agree(&options, &input)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Thread stacks
// ---------------------------------------------------------------------------------------------

/// Runs [`disagreement`] on a thread with `kib` KiB of stack.
fn disagreement_on_stack(kib: usize, options: ParseOptions, input: String) -> Option<String> {
    std::thread::Builder::new()
        .stack_size(kib * 1024)
        .spawn(move || disagreement(&options, &input))
        .expect("the thread starts")
        .join()
        .expect("the thread finishes")
}

/// Nesting at the depth ceiling fits in a 2 MiB thread stack, Rust's default for spawned
/// threads, for both readers.
#[test]
fn depth_ceiling_nesting() {
    let levels = ParseOptions::DEPTH_CEILING;
    let nested = format!(
        "{}eq(a,1){}",
        "AND(".repeat(levels - 1),
        ")".repeat(levels - 1)
    );
    let too_deep = format!("AND({nested})");
    let options = ParseOptions::new().with_max_depth(levels);
    for input in [nested, too_deep] {
        if let Some(message) = disagreement_on_stack(2048, options.clone(), input) {
            panic!("on a 2 MiB stack, {message}");
        }
    }
}

/// pest 2.9.6 fails a parse when less than 64 KiB of stack is left (`REQUIRED_STACK_SPACE`), so
/// on a 64 KiB thread the grammar alone returns `DepthLimitExceeded` even for `a=1`, which it
/// splits with its `query` rule. The hand-written reader needs no such margin and parses these
/// inputs. This is the one known difference between the two readers.
#[test]
fn small_stack_fast_path_parses() {
    for input in [
        "a=1",
        "filter=eq(a,1)",
        "filter=AND(eq(a,1),in(b,2,3))&sort=-a",
    ] {
        let parsed = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || ParseOptions::new().parse_query(input).map(|_| ()))
            .expect("the thread starts")
            .join()
            .expect("the thread finishes");
        assert_eq!(parsed, Ok(()), "{input} on a 64 KiB stack");
    }
}
