//! Parses any text as a query string and as a bare expression: no panic, and every error span
//! lies inside the input on character boundaries.

#![no_main]

use fuzz_support::{check_error, options, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let options = options();
    if let Err(error) = options.parse_query(&input) {
        check_error(&input, &error);
    }
    if let Err(error) = options.parse_filter(&input) {
        check_error(&input, &error);
    }
});
