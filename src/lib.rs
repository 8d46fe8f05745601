//! cclint: a linter for customer-centricity policy written as code.
pub mod source;
pub mod syntax;
