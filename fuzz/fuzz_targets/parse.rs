//! The parser on one file: no panic, and the tree's invariants (`cclint::invariants::check_parse`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = cclint::syntax::parse(text);
    if let Err(e) = cclint::invariants::check_parse(text, &parsed) {
        panic!("{e}");
    }
});
