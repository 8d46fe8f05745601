//! Typed dispatch: a message's method matched against the protocol's request and
//! notification types (`R::METHOD`), its parameters read as `R::Params` and its result
//! written from `R::Result`, so that a handler is a plain function of typed values (as
//! ruff_server's are). A handler that panics (a bug) gets an internal error as its answer;
//! the session goes on.

use lsp_types::notification::Notification;
use lsp_types::request::Request;
use serde_json::Value;

use super::transport::{INTERNAL_ERROR, INVALID_PARAMS, METHOD_NOT_FOUND};

/// Why a request got no result: a JSON-RPC error code and message.
pub type Failure = (i64, String);

/// A request being matched: its method and parameters until a handler takes it, then
/// that handler's answer.
pub struct Requests<'a, S> {
    method: &'a str,
    params: Option<Value>,
    state: &'a mut S,
    answer: Option<Result<Value, Failure>>,
}

impl<'a, S> Requests<'a, S> {
    pub fn new(method: &'a str, params: Value, state: &'a mut S) -> Self {
        Requests {
            method,
            params: Some(params),
            state,
            answer: None,
        }
    }

    /// Answer with `handler` when the method is `R`'s.
    pub fn on<R: Request>(
        mut self,
        handler: fn(&mut S, R::Params) -> Result<R::Result, Failure>,
    ) -> Self {
        if self.answer.is_some() || self.method != R::METHOD {
            return self;
        }
        let params = self.params.take().unwrap_or(Value::Null);
        let state = &mut *self.state;
        let method = self.method;
        self.answer = Some(guarded(method, || {
            let params: R::Params = serde_json::from_value(params)
                .map_err(|e| (INVALID_PARAMS, format!("invalid parameters: {e}")))?;
            let result = handler(state, params)?;
            Ok(serde_json::to_value(result).expect("a protocol result serialises"))
        }));
        self
    }

    /// The answer, or "method not found" when no handler took it.
    pub fn finish(self) -> Result<Value, Failure> {
        self.answer.unwrap_or_else(|| {
            Err((
                METHOD_NOT_FOUND,
                format!("cclint does not handle `{}`", self.method),
            ))
        })
    }
}

/// A notification being matched.
pub struct Notifications<'a, S> {
    method: &'a str,
    params: Option<Value>,
    state: &'a mut S,
    /// What went wrong, for the client's log.
    outcome: Option<Result<(), String>>,
}

impl<'a, S> Notifications<'a, S> {
    pub fn new(method: &'a str, params: Value, state: &'a mut S) -> Self {
        Notifications {
            method,
            params: Some(params),
            state,
            outcome: None,
        }
    }

    /// Handle with `handler` when the method is `N`'s.
    pub fn on<N: Notification>(
        mut self,
        handler: fn(&mut S, N::Params) -> Result<(), String>,
    ) -> Self {
        if self.outcome.is_some() || self.method != N::METHOD {
            return self;
        }
        let params = self.params.take().unwrap_or(Value::Null);
        let state = &mut *self.state;
        let outcome = guarded(self.method, || {
            let params: N::Params = serde_json::from_value(params)
                .map_err(|e| (INVALID_PARAMS, format!("invalid parameters: {e}")))?;
            handler(state, params).map_err(|message| (INVALID_PARAMS, message))
        });
        self.outcome = Some(outcome.map_err(|(_, message)| message));
        self
    }

    /// What went wrong handling it, if anything (a notification nobody handles is not
    /// ours: the protocol says to ignore it).
    pub fn finish(self) -> Option<String> {
        self.outcome.and_then(Result::err)
    }

    /// Whether a handler took it.
    pub fn handled(&self) -> bool {
        self.outcome.is_some()
    }
}

/// Run `f`; a panic in it (a bug) becomes an internal error that says so.
fn guarded<T>(method: &str, f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err((
            INTERNAL_ERROR,
            format!("cclint failed on `{method}` (a bug: please report it): {what}"),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::request::{HoverRequest, Shutdown};

    fn hover(
        count: &mut u32,
        _: lsp_types::HoverParams,
    ) -> Result<Option<lsp_types::Hover>, Failure> {
        *count += 1;
        Ok(None)
    }

    fn broken(_: &mut u32, _: ()) -> Result<(), Failure> {
        panic!("a bug")
    }

    #[test]
    fn requests_are_matched_by_type_and_a_panic_is_an_answer() {
        let mut count = 0;
        let params = serde_json::json!({
            "textDocument": { "uri": "file:///a.ccl" },
            "position": { "line": 0, "character": 0 }
        });
        let answer = Requests::new("textDocument/hover", params, &mut count)
            .on::<Shutdown>(broken)
            .on::<HoverRequest>(hover)
            .finish();
        assert_eq!(answer, Ok(Value::Null));
        assert_eq!(count, 1);
        let bad = Requests::new("textDocument/hover", serde_json::json!(3), &mut count)
            .on::<HoverRequest>(hover)
            .finish();
        assert_eq!(bad.unwrap_err().0, INVALID_PARAMS);
        let panic = Requests::new("shutdown", Value::Null, &mut count)
            .on::<Shutdown>(broken)
            .finish();
        let (code, message) = panic.unwrap_err();
        assert_eq!(code, INTERNAL_ERROR);
        assert!(message.contains("a bug"), "{message}");
        let unknown = Requests::new("x/y", Value::Null, &mut count).finish();
        assert_eq!(unknown.unwrap_err().0, METHOD_NOT_FOUND);
    }
}
