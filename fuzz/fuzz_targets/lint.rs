//! The whole lint of up to three in-memory files (the input split at 0xFF bytes, which
//! UTF-8 never contains), then every renderer: `cclint::invariants::check_report`. Then
//! every fix (safe and unsafe) is applied to each file without a syntax error, and the
//! result is linted and checked the same way.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let inputs: Vec<cclint::Input> = data
        .split(|&b| b == 0xFF)
        .take(3)
        .enumerate()
        .map(|(i, part)| {
            let text = String::from_utf8_lossy(part);
            cclint::Input::from_text(&format!("f{i}.ccl"), &text)
        })
        .collect();
    let settings = cclint::Settings {
        today: Some((2026, 1, 1)),
        ..Default::default()
    };
    let report = cclint::lint(inputs, &settings);
    if let Err(e) = cclint::invariants::check_report(&report) {
        panic!("{e}");
    }
    let fixed: Vec<cclint::Input> = report
        .files
        .iter()
        .map(|(id, file)| {
            let own = report.diagnostics.iter().filter(|d| d.file == Some(id));
            let (text, _) = cclint::edit::apply(&file.text, own, true);
            cclint::Input::from_text(&file.display, &text)
        })
        .collect();
    let report = cclint::lint(fixed, &settings);
    if let Err(e) = cclint::invariants::check_report(&report) {
        panic!("after fixes: {e}");
    }
});
