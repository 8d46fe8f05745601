//! The `cclint` binary: parse arguments, run the library, exit with its code.

use std::io::IsTerminal;

use cclint::cli::{run, Cli, Terminal};
use clap::Parser;

fn main() {
    let cli = Cli::parse();
    let terminal = Terminal {
        stdout_is_terminal: std::io::stdout().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        width: None,
    };
    let code = run(
        cli,
        terminal,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code as i32);
}
