use super::*;

/// Found by the `config` fuzz target: a YAML error at a no-break space gave a label
/// one byte long, ending inside the two-byte character.
#[test]
fn a_label_at_a_multi_byte_character_covers_all_of_it() {
    let text = "%1-e8888880008y\u{a0}8888000000000000612402C64";
    let error = Config::parse(Path::new("cclint.yaml"), text).unwrap_err();
    crate::invariants::check_config_error(text, &error).unwrap();
}

fn error(text: &str) -> (String, Option<String>, Option<usize>) {
    match *Config::parse(Path::new("cclint.yaml"), text).unwrap_err() {
        ConfigError::Invalid {
            message,
            help,
            span,
            ..
        } => (message, help, span.map(|s| s.offset())),
        other => panic!("{other}"),
    }
}

/// Every problem at once, in file order (`rules` is read in key order).
#[test]
fn every_problem_is_reported_in_file_order() {
    let text =
        "rules:\n  CC301: eror\n  broker-decide: error\nexlude:\n  - \"a/[\"\nbaseline: \"\"\n";
    let error = Config::parse(Path::new("cclint.yaml"), text).unwrap_err();
    let ConfigError::Several { message, errors } = *error else {
        panic!("several problems");
    };
    assert_eq!(message, "4 problems in `cclint.yaml`");
    let found: Vec<(String, usize)> = errors
        .iter()
        .map(|e| match e {
            ConfigError::Invalid { message, span, .. } => {
                (message.clone(), span.map_or(0, |s| s.offset()))
            }
            other => panic!("{other}"),
        })
        .collect();
    let at = |needle: &str| text.find(needle).unwrap();
    assert_eq!(
        found,
        [
            ("invalid level `eror` for rule `CC301`".to_string(), at("eror")),
            ("unknown rule `broker-decide`".to_string(), at("broker-decide")),
            (
                "invalid cclint.yaml: unknown field `exlude`, expected one of `rules`, `exclude`, `baseline`, `custom_fields`, `custom_rules`, `include`".to_string(),
                at("exlude")
            ),
            ("`baseline` names no file".to_string(), at("baseline")),
        ]
    );
    crate::invariants::check_config_error(
        text,
        &ConfigError::Several {
            message: String::new(),
            errors,
        },
    )
    .unwrap();
}

#[test]
fn a_byte_order_mark_does_not_shift_labels() {
    let text = "\u{FEFF}rules:\n  broker-decide: error\n";
    let error = Config::parse(Path::new("cclint.yaml"), text).unwrap_err();
    let label = miette::Diagnostic::labels(&*error).unwrap().next().unwrap();
    assert_eq!(label.offset(), text.find("broker-decide").unwrap());
    assert_eq!(label.len(), "broker-decide".len());
    let ok = Config::parse(Path::new("cclint.yaml"), "\u{FEFF}rules:\n  CC301: off\n");
    assert!(ok.is_ok());
    // YAML's own errors are placed after the mark, on a character boundary.
    let yaml = "\u{FEFF}rules:\n  CC301: off\n exclude: 3\n";
    let error = Config::parse(Path::new("cclint.yaml"), yaml).unwrap_err();
    let label = miette::Diagnostic::labels(&*error).unwrap().next().unwrap();
    assert!(label.offset() >= 3 && yaml.is_char_boundary(label.offset()));
    // A syntax error after non-ASCII text never slices inside a character.
    let bad = "\u{FEFF}# Größe\nrules: [ü\n";
    assert!(Config::parse(Path::new("cclint.yaml"), bad).is_err());
}

#[test]
fn a_rule_set_twice_by_code_and_name_is_an_error_at_the_second_key() {
    let text = "rules:\n  CC301: off\n  broker-decides: error\n";
    let error = Config::parse(Path::new("cclint.yaml"), text).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("is set twice"), "{message}");
    let label = miette::Diagnostic::labels(&*error).unwrap().next().unwrap();
    assert_eq!(label.offset(), text.find("broker-decides").unwrap());
    let reversed = "rules:\n  broker-decides: error\n  CC301: off\n";
    let error = Config::parse(Path::new("cclint.yaml"), reversed).unwrap_err();
    let label = miette::Diagnostic::labels(&*error).unwrap().next().unwrap();
    assert_eq!(label.offset(), reversed.find("CC301").unwrap());
}

#[test]
fn reads_levels_by_code_or_name_and_globs() {
    let c = Config::parse(
        Path::new("cclint.yaml"),
        "rules:\n  broker-as-end-user: error\n  CC502: warning\n  CC501: off\nexclude:\n  - \"drafts/**\"\n",
    )
    .unwrap();
    assert_eq!(
        c.levels,
        // In key order: codes sort before names.
        [
            (Code::CC501, None),
            (Code::CC502, Some(Level::Warning)),
            (Code::CC303, Some(Level::Error))
        ]
    );
    assert!(c.exclude.is_match("drafts/a.ccl"));
    assert!(Config::parse(Path::new("cclint.yaml"), "")
        .unwrap()
        .levels
        .is_empty());
}

#[test]
fn errors_point_into_the_yaml() {
    let (message, help, span) = error("rules:\n  broker-decide: error\n");
    assert_eq!(message, "unknown rule `broker-decide`");
    assert_eq!(help.as_deref(), Some("did you mean `broker-decides`?"));
    assert_eq!(span, Some(9));

    let (message, help, span) = error("rules:\n  CC301: eror\n");
    assert_eq!(message, "invalid level `eror` for rule `CC301`");
    assert!(help.unwrap().contains("did you mean `error`?"));
    assert_eq!(span, Some(16));

    let (message, _, span) = error("rules: {}\nexclud: []\n");
    assert!(message.contains("unknown field `exclud`"), "{message}");
    assert_eq!(span, Some(10));

    let (message, _, _) = error("rules:\n  CC001: off\n");
    assert!(message.contains("core rule"));

    let (message, _, _) = error("exclude:\n  - \"a/[\"\n");
    assert!(message.starts_with("invalid exclude glob"), "{message}");

    let (message, _, _) = error("rules: [1, 2]\n");
    assert!(message.starts_with("invalid cclint.yaml"), "{message}");
}
