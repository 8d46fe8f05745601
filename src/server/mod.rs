//! `cclint server`: the Language Server Protocol over stdio, a thin protocol layer over
//! the library. The session's workspace keeps every file of the repository lowered (and
//! parsed, for editor features); an edit reads again the file it touches and the model is
//! built again; findings are published for every file whose findings changed. Requests
//! are answered by [`crate::ide`] ([`requests`]), positions converted by [`convert`].

mod capabilities;
pub mod convert;
mod dispatch;
mod notifications;
mod publish;
mod reading;
mod requests;
mod session;
pub mod transport;

#[cfg(test)]
mod tests;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use lsp_types as lsp;
use lsp_types::notification::Notification;
use lsp_types::request::Request;
use serde_json::Value;

use session::State;
use transport::Incoming;

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`.
    Clean,
    /// `exit` without `shutdown`, or the client went away.
    Abrupt,
}

/// Serve one client over `input` and `output` until it exits. `fallback_root` is the
/// repository when the client names no workspace folder (the binary gives its current
/// directory).
pub fn serve(
    input: impl BufRead + Send + 'static,
    output: impl Write,
    fallback_root: PathBuf,
    sources: crate::load::Sources,
) -> Ending {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut input = input;
        // A read error ends the stream as its end does.
        while let Ok(Some(message)) = transport::read(&mut input) {
            if sender.send(message).is_err() {
                break;
            }
        }
    });
    let mut server = Server {
        output,
        fallback_root,
        sources,
        state: None,
        next_request: 1,
        cancelled: Vec::new(),
    };
    let mut queue = std::collections::VecDeque::new();
    loop {
        // Everything already sent is read before anything is handled: a request cancelled
        // while it waited is answered as cancelled, and findings are published only once
        // nothing waits, so that a burst of keystrokes costs one analysis.
        while let Ok(message) = receiver.try_recv() {
            server.note(&message);
            queue.push_back(message);
        }
        let message = match queue.pop_front() {
            Some(message) => message,
            None => {
                // Nothing waits: a cancellation not yet matched was for an answered request.
                server.cancelled.clear();
                server.publish();
                match receiver.recv() {
                    Ok(message) => {
                        server.note(&message);
                        message
                    }
                    Err(_) => return Ending::Abrupt,
                }
            }
        };
        if let Some(ending) = server.handle(message) {
            return ending;
        }
        server.tell();
    }
}

struct Server<W: Write> {
    output: W,
    fallback_root: PathBuf,
    /// Where the configuration comes from (`cclint server --config FILE`).
    sources: crate::load::Sources,
    state: Option<State>,
    next_request: i64,
    /// The ids of requests the client cancelled before they were answered.
    cancelled: Vec<Value>,
}

impl<W: Write> Server<W> {
    /// Keep the id a `$/cancelRequest` names, as soon as it is read.
    fn note(&mut self, message: &Incoming) {
        if let Incoming::Notification { method, params } = message {
            if method == lsp::notification::Cancel::METHOD {
                if let Some(id) = params.get("id") {
                    self.cancelled.push(id.clone());
                }
            }
        }
    }

    fn send(&mut self, message: Value) {
        // The client is gone if this fails; the reader will see the end of the stream.
        let _ = transport::write(&mut self.output, &message);
    }

    fn notify<N: Notification>(&mut self, params: N::Params) {
        let params = serde_json::to_value(params).expect("notification parameters serialise");
        self.send(transport::notification(N::METHOD, params));
    }

    fn handle(&mut self, message: Incoming) -> Option<Ending> {
        match message {
            Incoming::Invalid { id, code, message } => {
                self.send(transport::error(id, code, &message));
            }
            Incoming::Response { .. } => {}
            Incoming::Notification { method, .. } if method.starts_with("$/") => {
                // `$/cancelRequest` was noted when read; other `$/` messages may be ignored.
            }
            Incoming::Notification { method, params } => {
                if method == lsp::notification::Exit::METHOD {
                    let clean = self.state.as_ref().is_some_and(|s| s.shutdown);
                    return Some(if clean { Ending::Clean } else { Ending::Abrupt });
                }
                self.notification(&method, params);
            }
            Incoming::Request { id, .. } if self.cancelled.contains(&id) => {
                self.cancelled.retain(|c| *c != id);
                let message = "the request was cancelled";
                self.send(transport::error(id, transport::REQUEST_CANCELLED, message));
            }
            Incoming::Request { id, method, params } => {
                let reply = match self.request(&method, params) {
                    Ok(result) => transport::response(id, result),
                    Err((code, message)) => transport::error(id, code, &message),
                };
                self.send(reply);
            }
        }
        None
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, dispatch::Failure> {
        if method == lsp::request::Initialize::METHOD {
            return self.initialize(params);
        }
        let Some(state) = self.state.as_mut() else {
            let message = "the server is not initialized".to_string();
            return Err((transport::SERVER_NOT_INITIALIZED, message));
        };
        if state.shutdown {
            let message = "the server is shutting down".to_string();
            return Err((transport::INVALID_REQUEST, message));
        }
        if method == lsp::request::Shutdown::METHOD {
            state.shutdown = true;
            return Ok(Value::Null);
        }
        let answer = requests::answer(state, method, params);
        if matches!(&answer, Err((transport::INTERNAL_ERROR, _))) {
            // A bug: what was being built may be half made; make it again.
            state.workspace.invalidate();
            state.dirty = true;
        }
        answer
    }

    fn initialize(&mut self, params: Value) -> Result<Value, dispatch::Failure> {
        if self.state.is_some() {
            return Err((
                transport::INVALID_REQUEST,
                "already initialized".to_string(),
            ));
        }
        let params: lsp::InitializeParams = serde_json::from_value(params).map_err(|e| {
            (
                transport::INVALID_PARAMS,
                format!("invalid parameters: {e}"),
            )
        })?;
        let root = session::root_of(&params).unwrap_or_else(|| self.fallback_root.clone());
        let encoding = capabilities::encoding(&params);
        let pull = capabilities::pulls(&params);
        let markdown = capabilities::markdown(&params);
        let sources = self.sources.clone();
        self.state = Some(State::new(&root, sources, encoding, markdown, pull));
        let result = lsp::InitializeResult {
            capabilities: capabilities::server(encoding, pull),
            server_info: Some(lsp::ServerInfo {
                name: "cclint".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        };
        Ok(serde_json::to_value(result).expect("the result serialises"))
    }

    fn notification(&mut self, method: &str, params: Value) {
        if method == lsp::notification::Initialized::METHOD {
            self.register_watchers();
        }
        let Some(state) = self.state.as_mut() else {
            return;
        };
        if let Some(message) = notifications::handle(state, method, params) {
            self.log(&message);
        }
    }

    /// Show the user what they should know (a cclint.yaml that does not load, say).
    fn tell(&mut self) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        for message in std::mem::take(&mut state.messages) {
            self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
                typ: lsp::MessageType::WARNING,
                message,
            });
        }
    }

    /// Ask the client to tell us when `.ccl` files and `cclint.yaml` change on disk.
    fn register_watchers(&mut self) {
        let id = self.next_request;
        self.next_request += 1;
        let params = serde_json::to_value(capabilities::watched_files()).expect("serialises");
        let method = lsp::request::RegisterCapability::METHOD;
        self.send(transport::request(
            Value::from(format!("cclint-{id}")),
            method,
            params,
        ));
    }

    fn log(&mut self, message: &str) {
        self.notify::<lsp::notification::LogMessage>(lsp::LogMessageParams {
            typ: lsp::MessageType::WARNING,
            message: message.to_string(),
        });
    }

    /// Publish the findings of every file whose findings changed since last published.
    fn publish(&mut self) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        if !state.dirty || state.shutdown {
            return;
        }
        state.dirty = false;
        let refresh = state.pull && !state.open.is_empty();
        for params in publish::changed(state) {
            self.notify::<lsp::notification::PublishDiagnostics>(params);
        }
        if refresh {
            // The open documents' findings may have changed with another file: the client
            // pulls them again.
            let id = self.next_request;
            self.next_request += 1;
            let method = lsp::request::WorkspaceDiagnosticRefresh::METHOD;
            self.send(transport::request(
                Value::from(format!("cclint-{id}")),
                method,
                Value::Null,
            ));
        }
    }
}

/// Run the server on standard input and output; returns the process's exit code (0 after
/// `shutdown` and `exit`, 1 otherwise, as the protocol asks).
pub fn run_stdio(fallback_root: &Path, sources: crate::load::Sources) -> i32 {
    let stdin = std::io::BufReader::new(std::io::stdin());
    let stdout = std::io::stdout();
    match serve(stdin, stdout.lock(), fallback_root.to_path_buf(), sources) {
        Ending::Clean => 0,
        Ending::Abrupt => 1,
    }
}
