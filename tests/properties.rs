//! Property test (SPEC 7): random CCL repositories, valid and damaged, never make cclint
//! panic, and every report satisfies `cclint::invariants` (JSON and SARIF parse, spans on
//! character boundaries inside their file, line/column agreeing with offsets). The same
//! invariants are checked by the fuzz targets in `fuzz/` on a nightly toolchain.

use cclint::{lint, Input, Settings};
use proptest::prelude::*;

mod common;
use common::meaning;

const KINDS: &[(&str, &[&str])] = &[
    ("organisation", &["mission"]),
    ("department", &["lead"]),
    ("role", &["department", "external"]),
    (
        "product",
        &[
            "produced_by",
            "owner",
            "audience",
            "end_user",
            "broker",
            "fixer",
            "touchpoints",
            "priority",
            "status",
        ],
    ),
    (
        "policy",
        &[
            "kind",
            "owner",
            "scope",
            "statement",
            "proactive_measures",
            "reactive_measures",
            "review",
        ],
    ),
    (
        "rule",
        &["product", "aspect", "decided_by", "consulting", "channel"],
    ),
];

const NAMES: &[&str] = &[
    "acme",
    "cx",
    "hr",
    "sales",
    "driver",
    "dealer",
    "buyer",
    "ceo",
    "hatch",
    "paper",
    "satisfaction",
    "direct",
    "external",
    "internal",
    "static",
    "human",
    "digital",
    "quarterly",
    "retired",
    "Ünïcode",
    "role",
    "product",
    "a-b",
    "x_1",
];

const STRINGS: &[&str] = &[
    "\"Acme\"",
    "\"Grüße, 東京\"",
    "\"say \\\"hi\\\"\"",
    "\"tab\\there\"",
    "\"\"",
    "\"🙂 emoji\"",
];

const COMMENTS: &[&str] = &[
    "# a comment",
    "# cclint: allow CC401 -- owned elsewhere",
    "# cclint: allow broker-decides, CC302 until 2020-01-01 -- expired",
    "# cclint: allow-file unused-suppression -- generated",
    "# cclint: allowed CC401 -- typo",
    "# cclint: allow CC999 -- unknown rule",
    "# cclint: allow CC401 until 2999-13-40 -- bad date",
    "# ünïcode comment ☃",
];

const DAMAGE: &[&str] = &[
    "{",
    "}",
    "\"",
    "\n",
    ":",
    ",",
    ";",
    "é",
    "\u{FEFF}",
    "\r\n",
    "#",
    "\\",
    "\t",
    "product",
    "role x",
    "\r",
    "\u{0}",
    "999999999999999999999999",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(NAMES).prop_map(str::to_string),
        1 => prop::sample::select(STRINGS).prop_map(str::to_string),
        1 => (0u32..20).prop_map(|n| n.to_string()),
        1 => prop::bool::ANY.prop_map(|b| b.to_string()),
    ]
}

fn field(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        prop_oneof![
            6 => prop::sample::select(keys),
            1 => prop::sample::select(&["colour", "onwer", "end_users"][..]),
        ],
        prop::collection::vec(value(), 1..4),
        prop::option::of(prop::sample::select(COMMENTS)),
        prop::bool::ANY,
    )
        .prop_map(|(key, values, comment, semicolon)| {
            let mut line = format!("{key}: {}", values.join(", "));
            if semicolon {
                line.push(';');
            }
            if let Some(comment) = comment {
                line.push_str("  ");
                line.push_str(comment);
            }
            line
        })
}

fn declaration() -> impl Strategy<Value = String> {
    prop::sample::select(KINDS).prop_flat_map(|(kind, keys)| {
        (
            prop::sample::select(NAMES),
            prop::option::of(prop::sample::select(STRINGS)),
            prop::option::of(prop::collection::vec(field(keys), 0..6)),
            prop::option::of(prop::sample::select(COMMENTS)),
            prop::bool::ANY,
        )
            .prop_map(move |(name, title, block, comment, one_line)| {
                let mut text = String::new();
                if let Some(comment) = comment {
                    text.push_str(comment);
                    text.push('\n');
                }
                text.push_str(&format!("{kind} {name}"));
                if let Some(title) = title {
                    text.push(' ');
                    text.push_str(title);
                }
                if let Some(fields) = block {
                    if one_line && fields.iter().all(|f| !f.contains('#')) {
                        text.push_str(&format!(" {{ {} }}", fields.join("; ")));
                    } else {
                        text.push_str(" {\n");
                        for f in fields {
                            text.push_str(&format!("  {f}\n"));
                        }
                        text.push('}');
                    }
                }
                text.push('\n');
                text
            })
    })
}

/// A file: declarations, then some damage (text inserted or removed at random places).
fn file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(declaration(), 0..8),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::sample::select(DAMAGE),
                0usize..4,
            ),
            0..4,
        ),
        prop::bool::ANY,
    )
        .prop_map(|(decls, damage, crlf)| {
            let mut text = decls.join("\n");
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            for (at, insert, remove) in damage {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + remove).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, insert);
            }
            text
        })
}

fn settings() -> Settings {
    Settings {
        today: Some((2026, 1, 1)),
        ..Settings::default()
    }
}

fn inputs(files: &[String]) -> Vec<Input> {
    files
        .iter()
        .enumerate()
        .map(|(i, text)| Input::from_text(&format!("dir{i}/f{i}.ccl"), text))
        .collect()
}

/// The fingerprints of core errors per file display name.
fn core_errors(report: &cclint::Report) -> std::collections::BTreeSet<(String, String)> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code.is_core())
        .filter_map(|d| {
            let file = report.file(d.file?);
            Some((file.display.clone(), d.fingerprint.to_string()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every fix, safe and unsafe, applied once to random repositories (each file without
    /// a syntax error), adds no core error: the fixes themselves are checked here, not the
    /// safety net of `fix::fix_loaded` that undoes a fix which would.
    #[test]
    fn fixes_never_introduce_a_core_error(files in prop::collection::vec(file(), 1..4)) {
        let mut given = inputs(&files);
        given.sort_by(|a, b| a.file.display.cmp(&b.file.display));
        let before = lint(given.clone(), &settings());
        let fixed_inputs: Vec<Input> = given
            .iter()
            .enumerate()
            .map(|(i, input)| {
                let id = cclint::source::FileId::new(i);
                let broken = before
                    .diagnostics
                    .iter()
                    .any(|d| d.file == Some(id) && d.code == cclint::catalog::Code::CC001);
                if broken {
                    return input.clone();
                }
                let own = before.diagnostics.iter().filter(|d| d.file == Some(id));
                let (text, _) = cclint::edit::apply(&input.file.text, own, true);
                Input::from_text(&input.file.display, &text)
            })
            .collect();
        let after = lint(fixed_inputs, &settings());
        let had = core_errors(&before);
        let added: Vec<_> = core_errors(&after).into_iter().filter(|e| !had.contains(e)).collect();
        prop_assert!(added.is_empty(), "fixes added {:?}\nfiles: {:#?}", added, files);
    }

    /// `cclint fmt` on random valid CCL: idempotent, the same declarations and fields,
    /// every comment kept in order, and the same findings (fingerprints included).
    #[test]
    fn formatting_is_stable_and_keeps_meaning(
        decls in prop::collection::vec(declaration(), 0..8),
        crlf in prop::bool::ANY,
    ) {
        let mut text = decls.join("\n");
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let parsed = cclint::syntax::parse(&text);
        prop_assume!(parsed.errors.is_empty());
        let once = cclint::format::format(&text).unwrap();
        let again = cclint::syntax::parse(&once);
        prop_assert!(again.errors.is_empty(), "{:?}\n{}", again.errors, once);
        prop_assert_eq!(cclint::format::format(&once).unwrap(), once.clone());
        prop_assert_eq!(meaning(&parsed), meaning(&again));
        let bodies = |t: &str, p: &cclint::syntax::ParsedFile| -> Vec<String> {
            p.comments.iter().map(|c| t[c.span.start()..c.span.end()].trim_end().to_string()).collect()
        };
        prop_assert_eq!(bodies(&text, &parsed), bodies(&once, &again));
        let findings = |t: &str| {
            let report = lint(vec![Input::from_text("a.ccl", t)], &settings());
            let mut found: Vec<String> = report
                .diagnostics
                .iter()
                .map(|d| format!("{:?} {} {} {:?}", d.code, d.fingerprint, d.message, d.suppressed))
                .collect();
            found.sort();
            found
        };
        prop_assert_eq!(findings(&text), findings(&once));
    }

    /// A workspace edited file by file (text replaced, lines shifted, names swapped) gives
    /// after each edit what a fresh lint of the same texts gives: the incremental model
    /// build is exact.
    #[test]
    fn an_edited_workspace_matches_a_fresh_lint(
        files in prop::collection::vec(file(), 2..4),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), 0usize..5, file(), prop::sample::select(NAMES), prop::sample::select(NAMES)),
            1..6,
        ),
    ) {
        let names: Vec<String> = (0..files.len()).map(|i| format!("dir{i}/f{i}.ccl")).collect();
        let mut texts = files.clone();
        let mut ws = cclint::Workspace::new(std::path::PathBuf::new(), None, settings());
        ws.add_inputs(inputs(&texts));
        ws.analysis();
        for (which, how, other, from, to) in edits {
            let i = which.index(texts.len());
            let text = &mut texts[i];
            match how {
                0 => *text = other,
                1 => text.insert(0, '\n'),
                2 => text.push_str("\n# a comment\n"),
                3 => *text = text.replacen(from, to, 1),
                _ => *text = text.replace(": ", ":  "),
            }
            ws.set_text(std::path::Path::new(&names[i]), text.clone());
            let incremental = ws.report(None);
            let fresh = lint(inputs(&texts), &settings());
            prop_assert_eq!(&incremental.diagnostics, &fresh.diagnostics, "after editing {}: {:#?}", names[i], texts);
            let model = |w: &mut cclint::Workspace| {
                let a = w.analysis();
                format!("{:?} {:?} {:?} {:?} {:?} {:?}", a.model.organisation, a.model.departments, a.model.roles, a.model.products, a.model.policies, a.model.rules)
            };
            let mut fresh_ws = cclint::Workspace::new(std::path::PathBuf::new(), None, settings());
            fresh_ws.add_inputs(inputs(&texts));
            prop_assert_eq!(model(&mut ws), model(&mut fresh_ws));
        }
    }

    #[test]
    fn every_report_holds_the_invariants(files in prop::collection::vec(file(), 1..4)) {
        let report = lint(inputs(&files), &settings());
        if let Err(e) = cclint::invariants::check_report(&report) {
            panic!("{e}\nfiles: {files:#?}");
        }
    }

    #[test]
    fn the_order_files_are_given_in_changes_nothing(files in prop::collection::vec(file(), 2..4)) {
        let json = |inputs| {
            let report = lint(inputs, &settings());
            cclint::render::render(&report, cclint::render::Format::Json, &Default::default(), true)
        };
        let forward = json(inputs(&files));
        let mut reversed = inputs(&files);
        reversed.reverse();
        prop_assert_eq!(forward, json(reversed));
    }
}
