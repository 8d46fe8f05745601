//! cclint: a linter for customer-centricity policy written as code.
//!
//! Data flows one way: files -> [`syntax`] (an AST per file) -> [`model`] (resolved across
//! files) -> rules (diagnostics) -> levels and suppressions -> [`render`].
//! The binary, the tests and the language server all go through a [`Workspace`]
//! ([`check`] and [`lint`] open one).

pub mod baseline;
pub mod catalog;
mod check;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod edit;
mod error;
pub mod fix;
pub mod format;
pub mod fsutil;
pub mod ide;
pub mod input;
#[doc(hidden)]
pub mod invariants;
pub mod level;
pub mod load;
pub mod map;
pub mod model;
pub mod org;
pub mod render;
mod report;
pub mod rule_tests;
pub mod rules;
pub mod server;
mod settings;
pub mod sheet;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod syntax;
pub mod workspace;

pub use check::{check, lint, open, repository_root, CheckOptions, StdinBuffer};
pub use error::Error;
pub use input::Input;
pub use report::{Files, Report, Summary};
pub use settings::Settings;
pub use workspace::{Analysis, Workspace};
