use super::*;

fn frame(message: Value) -> String {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// A request cancelled before it is handled is answered with -32800; the others as
/// usual, and the session ends cleanly.
#[test]
fn a_cancelled_request_is_answered_as_cancelled() {
    let dir = std::env::temp_dir().join(format!("cclint-cancel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hover = serde_json::json!({
        "textDocument": { "uri": "file:///nowhere/a.ccl" },
        "position": { "line": 0, "character": 0 },
    });
    let input: String = [
        serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }),
        serde_json::json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
        serde_json::json!({ "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": hover }),
        serde_json::json!({ "jsonrpc": "2.0", "method": "$/cancelRequest", "params": { "id": 2 } }),
        serde_json::json!({ "jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": hover }),
        serde_json::json!({ "jsonrpc": "2.0", "id": 4, "method": "shutdown" }),
        serde_json::json!({ "jsonrpc": "2.0", "method": "exit" }),
    ]
    .into_iter()
    .map(frame)
    .collect();
    let mut output = Vec::new();
    let ending = serve(
        std::io::Cursor::new(input.into_bytes()),
        &mut output,
        dir.clone(),
        Default::default(),
    );
    assert_eq!(ending, Ending::Clean);
    let mut answers = std::collections::HashMap::new();
    // What the client reads: each frame's body, by the id it answers.
    let text = String::from_utf8(output).unwrap();
    for body in text.split("Content-Length: ").skip(1) {
        let json = &body[body.find("\r\n\r\n").unwrap() + 4..];
        let value: Value = serde_json::from_str(json).unwrap();
        if let Some(id) = value.get("id").and_then(Value::as_i64) {
            answers.insert(id, value);
        }
    }
    assert_eq!(answers[&2]["error"]["code"], transport::REQUEST_CANCELLED);
    assert!(answers[&3].get("error").is_none(), "{}", answers[&3]);
    assert_eq!(answers[&4]["result"], Value::Null);
    let _ = std::fs::remove_dir_all(dir);
}
