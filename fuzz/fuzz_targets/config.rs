//! The configuration parser: no panic; an error's label lies in the text and renders.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match cclint::config::Config::parse(Path::new("cclint.yaml"), text) {
        Ok(config) => {
            for path in ["a.ccl", "drafts/b.ccl", "x/y/z.ccl"] {
                config.excludes(Path::new(path), false);
            }
        }
        Err(e) => {
            if let Err(e) = cclint::invariants::check_config_error(text, &e) {
                panic!("{e}");
            }
        }
    }
});
