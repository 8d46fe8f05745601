//! `cclint server`: the Language Server Protocol over stdio, a thin protocol layer over
//! the library. The workspace keeps every file of the repository parsed; an edit reparses
//! the file it touches and rebuilds the model from the kept parses; diagnostics are
//! published for every file whose findings changed. Requests are answered by
//! [`crate::ide`], positions converted by [`convert`].

pub mod convert;
mod handlers;
pub mod transport;

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use serde_json::{json, Value};

use crate::source::FileId;
use crate::{Settings, Workspace};
use convert::Encoding;
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
        state: None,
        shutdown: false,
        next_request: 1,
    };
    loop {
        // Everything already sent is handled before findings are published, so that a
        // burst of keystrokes costs one analysis.
        let message = match receiver.try_recv() {
            Ok(message) => message,
            Err(mpsc::TryRecvError::Empty) => {
                server.publish();
                match receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ending::Abrupt,
                }
            }
            Err(mpsc::TryRecvError::Disconnected) => return Ending::Abrupt,
        };
        if let Some(ending) = server.handle(message) {
            return ending;
        }
        server.tell();
    }
}

/// What the session knows once initialized.
pub(crate) struct State {
    pub workspace: Workspace,
    pub encoding: Encoding,
    /// Open documents and their versions.
    pub open: HashMap<FileId, i32>,
    /// The findings last published for each file that has some, with the file's URI.
    pub published: HashMap<FileId, (lsp_types::Uri, Vec<crate::diagnostic::Diagnostic>)>,
    /// URIs whose findings were published under ids the workspace no longer uses (it was
    /// loaded again): cleared at the next publication.
    pub orphans: Vec<lsp_types::Uri>,
    /// What to tell the user (a cclint.yaml that does not load, say).
    pub messages: Vec<String>,
    /// Where the rules' documentation pages were written, when the project has no
    /// published home for them to link to.
    pub rule_docs: Option<PathBuf>,
    /// Whether findings may have changed since they were last published.
    pub dirty: bool,
    /// Files opened, edited, read again or removed since the last publication: their
    /// findings are published even when unchanged (every version of a document gets its
    /// answer, and positions move with the text).
    pub touched: std::collections::HashSet<FileId>,
    /// The client reads Markdown in hovers and completion documentation.
    pub markdown: bool,
}

struct Server<W: Write> {
    output: W,
    fallback_root: PathBuf,
    state: Option<State>,
    shutdown: bool,
    next_request: i64,
}

impl<W: Write> Server<W> {
    fn send(&mut self, message: Value) {
        // The client is gone if this fails; the reader will see the end of the stream.
        let _ = transport::write(&mut self.output, &message);
    }

    fn handle(&mut self, message: Incoming) -> Option<Ending> {
        match message {
            Incoming::Invalid { id, code, message } => {
                self.send(transport::error(id, code, &message));
            }
            Incoming::Response { .. } => {}
            Incoming::Notification { method, params } => {
                if method == "exit" {
                    return Some(if self.shutdown {
                        Ending::Clean
                    } else {
                        Ending::Abrupt
                    });
                }
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.notification(&method, params)
                }));
                if outcome.is_err() {
                    self.recover();
                    self.log(&format!("cclint failed on `{method}` (a bug: please report it); its files are read again"));
                }
            }
            Incoming::Request { id, method, params } => {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.request(&method, params)
                }));
                let reply = match outcome {
                    Ok(Ok(result)) => transport::response(id, result),
                    Ok(Err((code, message))) => transport::error(id, code, &message),
                    Err(panic) => {
                        self.recover();
                        let what = panic
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_default();
                        transport::error(
                            id,
                            transport::INTERNAL_ERROR,
                            &format!(
                                "cclint failed on `{method}` (a bug: please report it): {what}"
                            ),
                        )
                    }
                };
                self.send(reply);
            }
        }
        None
    }

    /// After a panic: forget the analysis (it may be half made) and publish again.
    fn recover(&mut self) {
        if let Some(state) = &mut self.state {
            state.workspace.invalidate();
            state.dirty = true;
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, (i64, String)> {
        if method == "initialize" {
            if self.state.is_some() {
                return Err((
                    transport::INVALID_REQUEST,
                    "already initialized".to_string(),
                ));
            }
            let (state, result) = handlers::initialize(params, &self.fallback_root)?;
            self.state = Some(state);
            return Ok(result);
        }
        if self.shutdown {
            return Err((
                transport::INVALID_REQUEST,
                "the server is shutting down".to_string(),
            ));
        }
        let Some(state) = self.state.as_mut() else {
            return Err((
                transport::SERVER_NOT_INITIALIZED,
                "the server is not initialized".to_string(),
            ));
        };
        if method == "shutdown" {
            self.shutdown = true;
            return Ok(Value::Null);
        }
        if method == "$/cclint/panic" && std::env::var_os("CCLINT_TEST_PANIC").is_some() {
            panic!("a panic asked for by a test");
        }
        handlers::request(state, method, params)
    }

    fn notification(&mut self, method: &str, params: Value) {
        if method == "initialized" {
            self.register_watchers();
        }
        let Some(state) = self.state.as_mut() else {
            return;
        };
        if let Some(message) = handlers::notification(state, method, params) {
            self.log(&message);
        }
    }

    /// Show the user what they should know (a cclint.yaml that does not load, say).
    fn tell(&mut self) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let messages = std::mem::take(&mut state.messages);
        for message in messages {
            self.send(transport::notification(
                "window/showMessage",
                json!({ "type": 2, "message": message }),
            ));
        }
    }

    /// Ask the client to tell us when `.ccl` files and `cclint.yaml` change on disk.
    fn register_watchers(&mut self) {
        let id = self.next_request;
        self.next_request += 1;
        self.send(transport::request(
            json!(format!("cclint-{id}")),
            "client/registerCapability",
            json!({ "registrations": [{
                "id": "cclint-watched-files",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": [
                    { "globPattern": "**/*.ccl" },
                    { "globPattern": "**/cclint.yaml" },
                ] },
            }] }),
        ));
    }

    fn log(&mut self, message: &str) {
        self.send(transport::notification(
            "window/logMessage",
            json!({ "type": 2, "message": message }),
        ));
    }

    /// Publish the findings of every file whose findings changed since last published.
    fn publish(&mut self) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        if !state.dirty || self.shutdown {
            return;
        }
        state.dirty = false;
        let changes = handlers::changed_diagnostics(state);
        for (uri, version, diagnostics) in changes {
            let mut params = json!({ "uri": uri, "diagnostics": diagnostics });
            if let Some(version) = version {
                params["version"] = json!(version);
            }
            self.send(transport::notification(
                "textDocument/publishDiagnostics",
                params,
            ));
        }
    }
}

/// Run the server on standard input and output; returns the process's exit code (0 after
/// `shutdown` and `exit`, 1 otherwise, as the protocol asks).
pub fn run_stdio(fallback_root: &Path) -> i32 {
    let stdin = std::io::BufReader::new(std::io::stdin());
    let stdout = std::io::stdout();
    match serve(stdin, stdout.lock(), fallback_root.to_path_buf()) {
        Ending::Clean => 0,
        Ending::Abrupt => 1,
    }
}

/// The settings a server lints with: those of `check` without flags.
fn settings() -> Settings {
    Settings::default()
}
