//! JSON-RPC over a byte stream, framed by `Content-Length` headers (the base protocol of
//! LSP). Our own rather than `lsp-server`'s: a malformed message must be answered with an
//! error (id `null`) and the session must go on, where `lsp-server`'s reader thread ends
//! the connection on the first one.

use std::io::{BufRead, Write};

use serde_json::{json, Value};

/// A message read from the client.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    Request {
        id: Value,
        method: String,
        params: Value,
    },
    Notification {
        method: String,
        params: Value,
    },
    /// A response to a request of ours (`client/registerCapability`).
    Response {
        id: Value,
    },
    /// Not a JSON-RPC message: answered with this error code and message, and the id if
    /// the message had one.
    Invalid {
        id: Value,
        code: i64,
        message: String,
    },
}

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;
pub const INTERNAL_ERROR: i64 = -32603;
pub const SERVER_NOT_INITIALIZED: i64 = -32002;
pub const REQUEST_FAILED: i64 = -32803;
pub const REQUEST_CANCELLED: i64 = -32800;

/// The largest message accepted (a whole file's text is sent on open).
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// Read the next message; `None` at the end of the stream. Framing that cannot be
/// understood is reported as an invalid message and skipped up to the next
/// `Content-Length` header, wherever it starts (the body of a frame whose length could
/// not be read runs on into the next frame's header).
pub fn read(reader: &mut impl BufRead) -> std::io::Result<Option<Incoming>> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let mut text = text.trim_end_matches(['\r', '\n']);
        // A header never starts with anything else: what comes before one is the rest
        // of a frame that could not be read.
        if let Some(at) = header_start(text) {
            if at > 0 && length.is_none() {
                text = &text[at..];
                bad_header = None;
            }
        }
        if text.is_empty() {
            if length.is_some() || bad_header.is_some() {
                break;
            }
            continue;
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_MESSAGE => length = Some(n),
                    _ => bad_header = Some(format!("invalid Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("not a header: `{text}`")),
        }
    }
    let Some(length) = length.filter(|_| bad_header.is_none()) else {
        return Ok(Some(Incoming::Invalid {
            id: Value::Null,
            code: PARSE_ERROR,
            message: bad_header.unwrap_or_else(|| "no Content-Length header".to_string()),
        }));
    };
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(classify(&body)))
}

/// Where a `Content-Length` header starts in `line`, in any case.
fn header_start(line: &str) -> Option<usize> {
    const NAME: &[u8] = b"content-length:";
    line.as_bytes()
        .windows(NAME.len())
        .position(|w| w.eq_ignore_ascii_case(NAME))
}

/// What a message body is.
fn classify(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return Incoming::Invalid {
                id: Value::Null,
                code: PARSE_ERROR,
                message: format!("the message is not JSON: {e}"),
            }
        }
    };
    let Value::Object(mut object) = value else {
        return Incoming::Invalid {
            id: Value::Null,
            code: INVALID_REQUEST,
            message: "a JSON-RPC message is an object".to_string(),
        };
    };
    let id = object.remove("id");
    let valid_id = matches!(&id, None | Some(Value::Number(_) | Value::String(_)));
    let params = object.remove("params").unwrap_or(Value::Null);
    match (object.remove("method"), id) {
        (Some(Value::String(method)), None) => Incoming::Notification { method, params },
        (Some(Value::String(method)), Some(id)) if valid_id => {
            Incoming::Request { id, method, params }
        }
        (None, Some(id)) if object.contains_key("result") || object.contains_key("error") => {
            Incoming::Response { id }
        }
        (_, id) => Incoming::Invalid {
            id: id.filter(|_| valid_id).unwrap_or(Value::Null),
            code: INVALID_REQUEST,
            message: "a JSON-RPC request has a string `method` and a number or string `id`"
                .to_string(),
        },
    }
}

/// Write one message.
pub fn write(writer: &mut impl Write, message: &Value) -> std::io::Result<()> {
    let body = serde_json::to_string(message).expect("a JSON value serialises");
    write!(writer, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    writer.flush()
}

pub fn response(id: Value, result: Value) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "result": result })
}

pub fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

pub fn notification(method: &str, params: Value) -> Value {
    json!({ "jsonrpc": "2.0", "method": method, "params": params })
}

pub fn request(id: Value, method: &str, params: Value) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reads_requests_notifications_and_survives_garbage() {
        let stream = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","method":"initialized"}"#),
            frame(r#"[1,2]"#),
            "Content-Length: x\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#),
            frame(r#"{"jsonrpc":"2.0","id":7,"result":null}"#),
        ]
        .concat();
        let mut reader = std::io::Cursor::new(stream.into_bytes());
        let mut all = Vec::new();
        while let Some(message) = read(&mut reader).unwrap() {
            all.push(message);
        }
        assert!(matches!(&all[0], Incoming::Request { method, .. } if method == "initialize"));
        assert!(matches!(
            &all[1],
            Incoming::Invalid {
                code: PARSE_ERROR,
                id: Value::Null,
                ..
            }
        ));
        assert!(
            matches!(&all[2], Incoming::Notification { method, .. } if method == "initialized")
        );
        assert!(matches!(
            &all[3],
            Incoming::Invalid {
                code: INVALID_REQUEST,
                ..
            }
        ));
        assert!(matches!(
            &all[4],
            Incoming::Invalid {
                code: PARSE_ERROR,
                ..
            }
        ));
        assert!(matches!(
            &all[5],
            Incoming::Invalid {
                code: INVALID_REQUEST,
                id: Value::Null,
                ..
            }
        ));
        assert_eq!(all[6], Incoming::Response { id: json!(7) });
        assert_eq!(all.len(), 7);
    }

    /// A length that cannot be read leaves its body in the stream, running on into the
    /// next frame's header: reading resumes at that header.
    #[test]
    fn a_malformed_length_does_not_lose_the_next_message() {
        let initialize = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#;
        for garbage in [
            "Content-Length: 4x\r\n\r\n{\"a\":1}",
            "Content-Length: 4x\r\n\r\n",
        ] {
            let stream = format!("{garbage}{}", frame(initialize));
            let mut reader = std::io::Cursor::new(stream.into_bytes());
            let mut all = Vec::new();
            while let Some(message) = read(&mut reader).unwrap() {
                all.push(message);
            }
            assert!(
                matches!(
                    &all[0],
                    Incoming::Invalid {
                        code: PARSE_ERROR,
                        ..
                    }
                ),
                "{all:?}"
            );
            assert!(
                matches!(&all[1], Incoming::Request { method, .. } if method == "initialize"),
                "{garbage:?}: {all:?}"
            );
            assert_eq!(all.len(), 2);
        }
    }
}
