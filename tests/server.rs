//! `cclint server` end to end: a JSON-RPC client drives the binary over stdio as an
//! editor does (initialize, open, change, diagnostics, hover, definition, references,
//! rename, completion, code actions, formatting, shutdown), and the session survives bad
//! input.

mod common;
mod lsp;

use std::path::Path;
use std::time::Duration;

use common::repo_text;
use lsp::{position_of, uri, Client};
use serde_json::{json, Value};

const ROLES: &str = "organisation acme \"Acme\"\ndepartment hr \"Human resources\" { lead: head }\nrole head \"Head of HR\" { department: hr }\nrole clerk \"Clerk\" { department: hr }\n";
const POLICY: &str = "policy care { kind: satisfaction; owner: head; proactive_measures: \"survey\"; review: yearly }\n";
const PAYSLIP: &str = "product payslip \"Payslip — für alle\" {\n  produced_by: hr\n  owner: head\n  end_user: staf\n}\n";

fn repository() -> tempfile::TempDir {
    repo_text(&[
        ("roles.ccl", ROLES),
        ("policy.ccl", POLICY),
        ("products/payslip.ccl", PAYSLIP),
    ])
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn text_document(path: &Path) -> Value {
    json!({ "uri": uri(path) })
}

/// The labels of a completion response's items.
fn labels(completion: &Value) -> Vec<&str> {
    completion["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect()
}

fn at(path: &Path, text: &str, needle: &str, shift: usize) -> Value {
    json!({ "textDocument": text_document(path), "position": position_of(text, needle, shift) })
}

#[test]
fn an_editing_session() {
    let dir = repository();
    let root = dir.path().canonicalize().unwrap();
    let (roles, payslip) = (root.join("roles.ccl"), root.join("products/payslip.ccl"));
    // The server writes no file of its own (its temporary directory stays empty).
    let tmp = tempfile::tempdir().unwrap();
    let mut client = Client::start(&root, &[("TMPDIR", tmp.path().to_str().unwrap())]);
    let init = client.initialize(&root, json!({}));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    // The watched files are registered with the client.
    let register = client.notification("client/registerCapability");
    assert_eq!(
        register["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );

    // Findings of files that are not open are published too.
    let found = client.diagnostics_for(&uri(&payslip));
    assert_eq!(codes(&found), ["CC002"], "{found:?}");
    let d = &found[0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "cclint");
    assert_eq!(d["range"]["start"], json!({ "line": 3, "character": 12 }));
    assert!(d["message"].as_str().unwrap().contains("`staf`"), "{d}");
    // The code links to the rule's page on the documentation site.
    let href = d["codeDescription"]["href"].as_str().unwrap();
    assert_eq!(
        href,
        "https://cclint.dev/rules/CC002-unknown-reference.html"
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);

    // Declaring `staf` in roles.ccl clears the finding in payslip.ccl.
    client.open(&roles, ROLES);
    let end = ROLES.lines().count();
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri(&roles), "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": end, "character": 0 }, "end": { "line": end, "character": 0 } },
                "text": "role staf \"Staff\" { department: hr }\n",
            }],
        }),
    );
    let cleared = client.diagnostics_for(&uri(&payslip));
    assert!(cleared.is_empty(), "{cleared:?}");

    // Hover, definition and references.
    client.open(&payslip, PAYSLIP);
    let hover = client.request(
        "textDocument/hover",
        at(&payslip, PAYSLIP, "owner: head", 8),
    );
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.starts_with("**role** `head` — Head of HR"),
        "{markdown}"
    );
    assert!(
        markdown.contains("internal: an employee of `hr`"),
        "{markdown}"
    );
    let definition = client.request(
        "textDocument/definition",
        at(&payslip, PAYSLIP, "owner: head", 8),
    );
    assert_eq!(definition["result"]["uri"], uri(&roles));
    assert_eq!(
        definition["result"]["range"]["start"],
        position_of(ROLES, "head \"Head", 0)
    );
    let mut references = at(&roles, ROLES, "role head", 6);
    references["context"] = json!({ "includeDeclaration": true });
    let references = client.request("textDocument/references", references);
    let places: Vec<(String, Value)> = references["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().to_string(),
                l["range"]["start"].clone(),
            )
        })
        .collect();
    assert_eq!(places.len(), 4, "{places:?}"); // declaration, lead, policy owner, product owner
    assert!(places.contains(&(uri(&payslip), position_of(PAYSLIP, "head", 0))));

    // Rename across files.
    let mut rename = at(&payslip, PAYSLIP, "staf", 1);
    rename["newName"] = json!("staff");
    let prepared = client.request(
        "textDocument/prepareRename",
        at(&payslip, PAYSLIP, "staf", 1),
    );
    assert_eq!(prepared["result"]["placeholder"], "staf", "{prepared}");
    let edit = client.request("textDocument/rename", rename.clone());
    let changes = edit["result"]["changes"].as_object().unwrap();
    assert_eq!(changes[&uri(&roles)].as_array().unwrap().len(), 1, "{edit}");
    assert_eq!(changes[&uri(&payslip)][0]["newText"], "staff");
    rename["newName"] = json!("clerk");
    let taken = client.request("textDocument/rename", rename);
    assert!(
        taken["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`clerk` is already declared"),
        "{taken}"
    );

    // Completion of a reference field offers roles.
    let typed = PAYSLIP.replace("end_user: staf", "end_user: staf, ");
    client.change(&payslip, 2, &typed);
    let completion = client.request("textDocument/completion", at(&payslip, &typed, "staf, ", 6));
    assert_eq!(
        labels(&completion),
        ["clerk", "head", "staf"],
        "{completion}"
    );

    // A quick fix for a misspelt owner.
    let misspelt = PAYSLIP.replace("owner: head", "owner: hed");
    client.change(&payslip, 3, &misspelt);
    let found = client.diagnostics_at_version(&uri(&payslip), 3);
    assert!(codes(&found).contains(&"CC002".to_string()), "{found:?}");
    let range = json!({ "start": position_of(&misspelt, "hed", 1), "end": position_of(&misspelt, "hed", 1) });
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": text_document(&payslip), "range": range, "context": { "diagnostics": [] } }),
    );
    let first = &actions["result"][0];
    assert_eq!(first["title"], "Replace `hed` with `head`", "{actions}");
    assert_eq!(first["isPreferred"], true);
    assert_eq!(
        first["edit"]["changes"][uri(&payslip)][0]["newText"],
        "head"
    );
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        !titles.iter().any(|t| t.starts_with("Suppress")),
        "core findings cannot be suppressed: {titles:?}"
    );

    // Formatting through cclint fmt.
    let messy = "role   x {external:true}\n\n\n\nrole y { external: true }";
    client.change(&payslip, 4, messy);
    let formatted = client.request("textDocument/formatting", json!({ "textDocument": text_document(&payslip), "options": { "tabSize": 2, "insertSpaces": true } }));
    assert_eq!(
        formatted["result"][0]["newText"],
        "role x { external: true }\n\nrole y { external: true }\n",
        "{formatted}"
    );

    // Outline and workspace symbols.
    let outline = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": text_document(&roles) }),
    );
    let names: Vec<&str> = outline["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme", "hr", "head", "clerk", "staf"]);
    let symbols = client.request("workspace/symbol", json!({ "query": "cler" }));
    assert_eq!(symbols["result"][0]["name"], "clerk", "{symbols}");

    assert_eq!(client.stop(), Some(0));
}

#[test]
fn bad_input_never_ends_the_session() {
    let dir = repository();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root, &[]);
    let early = client.request(
        "textDocument/hover",
        at(&root.join("roles.ccl"), ROLES, "hr", 0),
    );
    assert_eq!(early["error"]["code"], -32002, "{early}");
    client.send_raw(b"{ this is not json");
    let error = client.response(Value::Null);
    assert_eq!(error["error"]["code"], -32700, "{error}");
    client.send_raw(br#"{"jsonrpc":"2.0","id":[1],"method":"x"}"#);
    let error = client.response(Value::Null);
    assert_eq!(error["error"]["code"], -32600, "{error}");

    client.initialize(&root, json!({}));
    let unknown = client.request("textDocument/unheardOf", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad_params = client.request("textDocument/hover", json!({ "textDocument": 3 }));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");

    // Still serving.
    let hover = client.request(
        "textDocument/hover",
        at(&root.join("roles.ccl"), ROLES, "lead: head", 7),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("`head`"),
        "{hover}"
    );
    // A change to a file that is not open is logged, not fatal.
    client.notify("textDocument/didChange", json!({ "textDocument": { "uri": "file:///nowhere/x.ccl", "version": 1 }, "contentChanges": [] }));
    let after = client.request("workspace/symbol", json!({ "query": "clerk" }));
    assert_eq!(after["result"][0]["name"], "clerk");
    // After shutdown, requests are refused; exit without shutdown is exit code 1.
    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    let refused = client.request("workspace/symbol", json!({ "query": "" }));
    assert_eq!(refused["error"]["code"], -32600, "{refused}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), Some(0));

    let mut abrupt = Client::start(&root, &[]);
    abrupt.initialize(&root, json!({}));
    abrupt.notify("exit", Value::Null);
    assert_eq!(abrupt.wait(), Some(1));
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = repository();
    let root = dir.path().canonicalize().unwrap();
    let payslip = root.join("products/payslip.ccl");
    let text = "product payslip \"für\" { produced_by: hr; owner: head; end_user: ghost }\n";
    let mut client = Client::start(&root, &[]);
    let init = client.initialize(
        &root,
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    client.open(&payslip, text);
    let found = loop {
        let found = client.diagnostics_for(&uri(&payslip));
        if found
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("ghost"))
        {
            break found;
        }
    };
    let ghost = found
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("ghost"))
        .unwrap();
    assert_eq!(
        ghost["range"]["start"]["character"],
        text.find("ghost").unwrap(),
        "bytes"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn files_on_disk_config_and_suppressions_count_as_in_check() {
    let dir = repo_text(&[
        ("roles.ccl", ROLES),
        ("policy.ccl", POLICY),
        ("cclint.yaml", "rules:\n  product-without-owner: off\n"),
        (
            "products/payslip.ccl",
            "product payslip { produced_by: hr; end_user: staf }\n# cclint: allow unidentified-end-user -- counted next quarter\nproduct badge { produced_by: hr }\nproduct card { produced_by: hr }\n",
        ),
    ]);
    std::fs::write(dir.path().join("binary.ccl"), b"role \xff\xfe\n").unwrap();
    let root = dir.path().canonicalize().unwrap();
    let payslip = root.join("products/payslip.ccl");
    let mut client = Client::start(&root, &[]);
    client.initialize(&root, json!({}));
    let found = client.diagnostics_for(&uri(&payslip));
    // CC401 is off by the config; CC202 on `badge` is suppressed, on `card` it is not.
    assert_eq!(codes(&found), ["CC002", "CC202"], "{found:?}");
    let binary = client.diagnostics_for(&uri(&root.join("binary.ccl")));
    assert_eq!(codes(&binary), ["CC009"], "{binary:?}");

    // A file created on disk (not open) declares `staf`.
    let staff = root.join("staff.ccl");
    std::fs::write(&staff, "role staf { department: hr }\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&staff), "type": 1 }] }),
    );
    let found = client.diagnostics_for(&uri(&payslip));
    assert_eq!(codes(&found), ["CC202"], "{found:?}");
    std::fs::remove_file(&staff).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&staff), "type": 3 }] }),
    );
    let found = client.diagnostics_for(&uri(&payslip));
    assert_eq!(codes(&found), ["CC002", "CC202"], "{found:?}");

    // The config changes: CC401 is back.
    std::fs::write(root.join("cclint.yaml"), "rules: {}\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&root.join("cclint.yaml")), "type": 2 }] }),
    );
    let found = loop {
        let found = client.diagnostics_for(&uri(&payslip));
        if !found.is_empty() {
            break found;
        }
    };
    assert_eq!(
        codes(&found),
        ["CC401", "CC002", "CC401", "CC202", "CC401"],
        "{found:?}"
    );
    assert!(!client.published_within(&uri(&root.join("roles.ccl")), Duration::from_millis(300)));
    assert_eq!(client.stop(), Some(0));
}

/// A frame whose length cannot be read does not lose the next message: reading resumes at
/// the next header.
#[test]
fn a_malformed_length_is_answered_and_the_next_message_too() {
    let dir = repository();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root, &[]);
    client.send_bytes(b"Content-Length: 4x\r\n\r\n{\"a\":1}");
    let error = client.response(Value::Null);
    assert_eq!(error["error"]["code"], -32700, "{error}");
    let init = client.initialize(&root, json!({}));
    assert!(init["result"]["capabilities"].is_object(), "{init}");
    assert_eq!(client.stop(), Some(0));
}

/// Memory follows the open documents, not the history of edits: many edits, each a
/// different large text with names of its own, leave the server where a few left it.
#[cfg(target_os = "linux")]
#[test]
fn memory_follows_the_open_documents() {
    let dir = repository();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root, &[]);
    client.initialize(&root, json!({}));
    let path = root.join("big.ccl");
    // About 600 KB an edit, every name and title new.
    let text = |round: usize| -> String {
        let long = "x".repeat(40);
        (0..3000)
            .map(|i| format!("role r{round}_{i}_{long} \"Role {round} {i} {long}{long}\" {{ department: hr }}\n"))
            .collect()
    };
    client.open(&path, &text(0));
    let mut after_warm_up = 0.0;
    for round in 1..=50 {
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri(&path), "version": round + 1 },
                "contentChanges": [{ "text": text(round) }],
            }),
        );
        client.diagnostics_at_version(&uri(&path), round as i64 + 1);
        client.forget();
        if round == 10 {
            after_warm_up = client.resident_mb().unwrap();
        }
    }
    let at_end = client.resident_mb().unwrap();
    eprintln!("{after_warm_up:.1} MB after 10 edits, {at_end:.1} MB after 50");
    assert!(
        at_end < after_warm_up * 1.2 + 5.0 && at_end < 100.0,
        "{after_warm_up:.1} MB after 10 edits, {at_end:.1} MB after 50"
    );
    assert_eq!(client.stop(), Some(0));
}

/// What helps a reader: folds, selection ranges, highlights of a name, semantic tokens and
/// inlay hints, as an editor asks for them.
#[test]
fn reading_aids() {
    let dir = repository();
    let root = dir.path().canonicalize().unwrap();
    let payslip = root.join("products/payslip.ccl");
    let mut client = Client::start(&root, &[]);
    let init = client.initialize(&root, json!({}));
    let caps = &init["result"]["capabilities"];
    let legend = &caps["semanticTokensProvider"]["legend"];
    assert_eq!(legend["tokenTypes"][3], "class", "{caps}");
    assert_eq!(
        legend["tokenModifiers"],
        json!(["declaration", "unresolved"])
    );
    for provider in [
        "foldingRangeProvider",
        "selectionRangeProvider",
        "documentHighlightProvider",
        "inlayHintProvider",
    ] {
        assert_eq!(caps[provider], true, "{provider}");
    }
    client.open(&payslip, PAYSLIP);
    let document = json!({ "textDocument": text_document(&payslip) });

    // The block folds from its first line to the line before `}`.
    let folds = client.request("textDocument/foldingRange", document.clone());
    assert_eq!(
        folds["result"],
        json!([{ "startLine": 0, "endLine": 3, "kind": "region" }])
    );

    // A block on the first line folds nothing (and must not fail).
    let one = root.join("one.ccl");
    client.open(&one, "role x { external: true }\n");
    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": text_document(&one) }),
    );
    assert_eq!(folds["result"], json!([]), "{folds}");

    // A selection grows from the owner's value to its field, the block, the declaration.
    let mut select = document.clone();
    select["positions"] = json!([position_of(PAYSLIP, "head", 1)]);
    let ranges = client.request("textDocument/selectionRange", select);
    let mut range = &ranges["result"][0];
    let mut grown = Vec::new();
    while !range.is_null() {
        grown.push(range["range"].clone());
        range = &range["parent"];
    }
    assert_eq!(grown.len(), 5, "{ranges}");
    assert_eq!(grown[0]["start"], position_of(PAYSLIP, "head", 0));
    assert_eq!(grown[1]["start"], position_of(PAYSLIP, "owner", 0));

    // Both uses of `head` in this file, read, not written.
    let highlights = client.request(
        "textDocument/documentHighlight",
        at(&payslip, PAYSLIP, "head", 1),
    );
    assert_eq!(highlights["result"][0]["kind"], 2, "{highlights}");
    assert_eq!(highlights["result"].as_array().unwrap().len(), 1);

    // Tokens: `product` a keyword, `payslip` a declared product, `hr` a department,
    // `staf` unresolved. Each token is 5 numbers, positions relative to the one before.
    let tokens = client.request("textDocument/semanticTokens/full", document.clone());
    let data: Vec<u64> = tokens["result"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let types = legend["tokenTypes"].as_array().unwrap();
    let mut line = 0;
    let mut column = 0;
    let mut found = Vec::new();
    for token in data.chunks(5) {
        line += token[0];
        column = if token[0] == 0 {
            column + token[1]
        } else {
            token[1]
        };
        let text: String = PAYSLIP
            .lines()
            .nth(line as usize)
            .unwrap()
            .encode_utf16()
            .skip(column as usize)
            .take(token[2] as usize)
            .collect::<Vec<u16>>()
            .iter()
            .map(|&u| char::from_u32(u32::from(u)).unwrap_or('?'))
            .collect();
        found.push(format!(
            "{text} {} {}",
            types[token[3] as usize].as_str().unwrap(),
            token[4]
        ));
    }
    assert_eq!(
        found,
        [
            "product keyword 0",
            "payslip type 1",
            "\"Payslip — für alle\" string 0",
            "produced_by property 0",
            "hr struct 0",
            "owner property 0",
            "head class 0",
            "end_user property 0",
            "staf variable 2",
        ]
    );

    // Findings can be pulled as well as pushed.
    let pulled = client.request("textDocument/diagnostic", document.clone());
    assert_eq!(pulled["result"]["kind"], "full", "{pulled}");
    assert_eq!(
        codes(pulled["result"]["items"].as_array().unwrap()),
        ["CC002"]
    );

    // After a role: whether it is internal.
    let mut hints = document;
    hints["range"] =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 5, "character": 0 } });
    let hints = client.request("textDocument/inlayHint", hints);
    assert_eq!(hints["result"][0]["label"], "internal", "{hints}");
    assert_eq!(
        hints["result"][0]["position"],
        position_of(PAYSLIP, "head", 4)
    );
    assert_eq!(client.stop(), Some(0));
}

/// A client that pulls findings gets them by `textDocument/diagnostic` for its open
/// documents (nothing pushed for those), is asked to pull again when another file changes
/// them, and still gets the findings of files it has not opened pushed.
#[test]
fn a_client_that_pulls_findings() {
    let dir = repository();
    let root = dir.path().canonicalize().unwrap();
    let (roles, payslip) = (root.join("roles.ccl"), root.join("products/payslip.ccl"));
    let mut client = Client::start(&root, &[]);
    let pulls = json!({
        "textDocument": { "diagnostic": {} },
        "workspace": { "diagnostic": { "refreshSupport": true } },
    });
    let init = client.initialize(&root, pulls);
    let provider = &init["result"]["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["identifier"], "cclint", "{init}");
    assert_eq!(provider["interFileDependencies"], true);
    // Not open: pushed.
    assert_eq!(codes(&client.diagnostics_for(&uri(&payslip))), ["CC002"]);
    // Open: what was pushed is withdrawn, and the findings are pulled.
    client.open(&payslip, PAYSLIP);
    assert!(client.diagnostics_for(&uri(&payslip)).is_empty());
    let document = json!({ "textDocument": text_document(&payslip) });
    let pulled = client.request("textDocument/diagnostic", document.clone());
    assert_eq!(
        codes(pulled["result"]["items"].as_array().unwrap()),
        ["CC002"]
    );
    // Declaring `staf` elsewhere: the client is asked to pull again, and finds nothing.
    client.open(&roles, ROLES);
    let end = ROLES.lines().count();
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri(&roles), "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": end, "character": 0 }, "end": { "line": end, "character": 0 } },
                "text": "role staf \"Staff\" { department: hr }\n",
            }],
        }),
    );
    let refresh = client.notification("workspace/diagnostic/refresh");
    assert!(refresh["id"].is_string(), "{refresh}");
    let pulled = client.request("textDocument/diagnostic", document);
    assert!(
        pulled["result"]["items"].as_array().unwrap().is_empty(),
        "{pulled}"
    );
    assert!(
        !client.published_within(&uri(&payslip), Duration::from_millis(300)),
        "an open document's findings are not pushed to a client that pulls them"
    );
    assert_eq!(client.stop(), Some(0));
}

/// `cclint server --config FILE` lints with that configuration, as `check --config` does.
#[test]
fn a_named_configuration() {
    let dir = repository();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("other.yaml"), "exclude: [roles.ccl]\n").unwrap();
    let payslip = root.join("products/payslip.ccl");
    let mut client = Client::start_with(&root, &["--config", "other.yaml"], &[]);
    client.initialize(&root, json!({}));
    // Without roles.ccl, `hr` and `head` are unknown too.
    let found = client.diagnostics_for(&uri(&payslip));
    assert_eq!(codes(&found), ["CC002", "CC002", "CC002"], "{found:?}");
    assert_eq!(client.stop(), Some(0));
}

/// Rules named in `cclint.yaml` are explained on hover, and a rule's code or name (there,
/// or in a suppression comment) leads to where `cclint.yaml` sets its level. The open
/// configuration is not linted as CCL.
#[test]
fn rules_in_the_configuration_and_in_suppressions() {
    const CONFIG: &str = "rules:\n  broker-decides: error\n  CC502: warning\n";
    const ALLOW: &str = "# cclint: allow CC301 -- agreed\nrole r { department: hr }\n";
    let dir = repo_text(&[
        ("cclint.yaml", CONFIG),
        ("roles.ccl", ROLES),
        ("allow.ccl", ALLOW),
    ]);
    let root = dir.path().canonicalize().unwrap();
    let (config, allow) = (root.join("cclint.yaml"), root.join("allow.ccl"));
    let mut client = Client::start(&root, &[]);
    client.initialize(&root, json!({}));
    client.open(&config, CONFIG);
    let hover = client.request("textDocument/hover", at(&config, CONFIG, "decides", 0));
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**CC301** `broker-decides`"), "{hover}");
    let from_config = client.request("textDocument/definition", at(&config, CONFIG, "CC502", 1));
    assert_eq!(from_config["result"]["uri"], uri(&config));
    assert_eq!(
        from_config["result"]["range"]["start"],
        position_of(CONFIG, "CC502", 0)
    );
    client.open(&allow, ALLOW);
    let from_comment = client.request("textDocument/definition", at(&allow, ALLOW, "CC301", 2));
    assert_eq!(
        from_comment["result"]["uri"],
        uri(&config),
        "{from_comment}"
    );
    assert_eq!(
        from_comment["result"]["range"]["start"],
        position_of(CONFIG, "broker-decides", 0)
    );
    assert!(
        !client.published_within(&uri(&config), Duration::from_millis(300)),
        "cclint.yaml is not linted as CCL"
    );
    assert_eq!(client.stop(), Some(0));
}

/// Organisation rules in the editor: their findings are published, hover on their code
/// explains them, and they can be suppressed with a quick fix.
#[test]
fn organisation_rules_in_the_editor() {
    const CONFIG: &str = "custom_rules:\n  - code: ACME001\n    name: products-have-fixers\n    summary: Every product names who fixes it\n    why: Broken products need someone to call.\n    for: product\n    require: size(self.fixer) > 0\n    message: \"product `{{ self.name }}` names no fixer\"\n";
    let dir = repo_text(&[
        ("cclint.yaml", CONFIG),
        ("roles.ccl", ROLES),
        ("policy.ccl", POLICY),
        ("products/payslip.ccl", &PAYSLIP.replace("staf", "clerk")),
    ]);
    let root = dir.path().canonicalize().unwrap();
    let payslip = root.join("products/payslip.ccl");
    let mut client = Client::start(&root, &[]);
    client.initialize(&root, json!({}));
    let text = PAYSLIP.replace("staf", "clerk");
    client.open(&payslip, &text);
    let found = client.diagnostics_for(&uri(&payslip));
    assert_eq!(codes(&found), ["ACME001"], "{found:?}");
    assert_eq!(found[0]["message"], "product `payslip` names no fixer");
    let range = json!({ "start": position_of(&text, "payslip", 1), "end": position_of(&text, "payslip", 1) });
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": text_document(&payslip), "range": range, "context": { "diagnostics": found } }),
    );
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Suppress `products-have-fixers`")),
        "{titles:?}"
    );
    // Hover on the code in a suppression comment explains the rule.
    let allowed = format!("# cclint: allow ACME001 -- the vendor fixes it\n{text}");
    client.change(&payslip, 2, &allowed);
    let found = client.diagnostics_at_version(&uri(&payslip), 2);
    assert!(codes(&found).is_empty(), "{found:?}");
    let hover = client.request("textDocument/hover", at(&payslip, &allowed, "ACME001", 2));
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(value.contains("products-have-fixers"), "{hover}");
    assert!(
        value.contains("Broken products need someone to call."),
        "{hover}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn organisation_fields_in_the_editor() {
    const CONFIG: &str = "custom_fields:\n  product:\n    sponsor: { type: role, description: the executive who answers for it }\n    region: { one_of: [eu, us, apac] }\n";
    let text = "product payslip \"Payslip\" {\n  produced_by: hr\n  owner: head\n  end_user: clerk\n  sponsor: clerk\n  region: eu\n}\n";
    let dir = repo_text(&[
        ("cclint.yaml", CONFIG),
        ("roles.ccl", ROLES),
        ("policy.ccl", POLICY),
        ("products/payslip.ccl", text),
    ]);
    let root = dir.path().canonicalize().unwrap();
    let (roles, payslip) = (root.join("roles.ccl"), root.join("products/payslip.ccl"));
    let mut client = Client::start(&root, &[]);
    client.initialize(&root, json!({}));
    client.open(&payslip, text);
    let found = client.diagnostics_for(&uri(&payslip));
    assert!(
        found.is_empty(),
        "organisation fields are fields: {found:?}"
    );

    // Go to definition from the organisation's reference field.
    let definition = client.request(
        "textDocument/definition",
        at(&payslip, text, "sponsor: clerk", 10),
    );
    assert_eq!(definition["result"]["uri"], uri(&roles), "{definition}");
    assert_eq!(
        definition["result"]["range"]["start"],
        position_of(ROLES, "clerk \"Clerk", 0)
    );

    // Renaming the role renames it in the organisation's field too.
    let mut rename = at(&roles, ROLES, "role clerk", 6);
    rename["newName"] = json!("officer");
    let edit = client.request("textDocument/rename", rename);
    let edits = edit["result"]["changes"][uri(&payslip)].as_array().unwrap();
    let mut lines: Vec<u64> = edits
        .iter()
        .map(|e| e["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    lines.sort_unstable();
    assert_eq!(lines, [3, 4], "end_user and sponsor: {edit}");

    // Hover on the key says what the organisation wrote of it.
    let hover = client.request("textDocument/hover", at(&payslip, text, "sponsor", 1));
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        value.contains("the executive who answers for it"),
        "{hover}"
    );
    assert!(value.contains("Takes a role"), "{hover}");

    // Completion offers the field's words, and the field among the keys.
    let typed = text.replace("region: eu", "region: ");
    client.change(&payslip, 2, &typed);
    let completion = client.request(
        "textDocument/completion",
        at(&payslip, &typed, "region: ", 8),
    );
    assert_eq!(labels(&completion), ["eu", "us", "apac"], "{completion}");
    let typed = text.replace("  region: eu\n", "  \n");
    client.change(&payslip, 3, &typed);
    let completion = client.request("textDocument/completion", json!({ "textDocument": text_document(&payslip), "position": { "line": 5, "character": 2 } }));
    let keys = labels(&completion);
    assert!(keys.contains(&"region"), "{keys:?}");
    assert!(!keys.contains(&"sponsor"), "already written: {keys:?}");

    // A bad value is CC005 with what the field takes.
    let wrong = text.replace("region: eu", "region: europe");
    client.change(&payslip, 4, &wrong);
    let found = client.diagnostics_at_version(&uri(&payslip), 4);
    assert_eq!(codes(&found), ["CC005"], "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("`eu`, `us` or `apac`"),
        "{found:?}"
    );
    assert_eq!(client.stop(), Some(0));
}
