//! The incremental model build: the input, split at 0xFF bytes, is two files and then a
//! sequence of new texts for them in turn (an editor's keystrokes). After each edit the
//! workspace's findings must be exactly those of a fresh lint of the same texts.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parts: Vec<String> = data
        .split(|&b| b == 0xFF)
        .take(8)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect();
    if parts.len() < 2 {
        return;
    }
    let settings = cclint::Settings {
        today: Some((2026, 1, 1)),
        ..Default::default()
    };
    let names = ["a.ccl", "b.ccl"];
    let mut texts = [parts[0].clone(), parts[1].clone()];
    let mut workspace = cclint::Workspace::new(Default::default(), None, settings.clone());
    for (name, text) in names.iter().zip(&texts) {
        workspace.set_text(std::path::Path::new(name), text.clone());
    }
    workspace.analysis();
    for (i, text) in parts[2..].iter().enumerate() {
        texts[i % 2] = text.clone();
        workspace.set_text(std::path::Path::new(names[i % 2]), text.clone());
        let incremental = workspace.report(None);
        let fresh = cclint::lint(
            names
                .iter()
                .zip(&texts)
                .map(|(n, t)| cclint::Input::from_text(n, t))
                .collect(),
            &settings,
        );
        assert_eq!(incremental.diagnostics, fresh.diagnostics, "after edit {i}");
    }
});
