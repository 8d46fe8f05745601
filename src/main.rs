//! The `cclint` binary: parse arguments, run the library, exit with its code.

mod cli;

use std::io::IsTerminal;

use clap::Parser;

use cli::{run, Cli, Exit, Terminal};

fn main() {
    let cli = Cli::parse();
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let terminal = Terminal {
        stdout_is_terminal,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        // Human output wraps at the terminal's width (100 columns when not a terminal).
        width: terminal_size::terminal_size()
            .filter(|_| stdout_is_terminal)
            .map(|(width, _)| usize::from(width.0)),
    };
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            eprintln!("error: cannot determine the current directory: {e}");
            std::process::exit(Exit::Failure as i32);
        }
    };
    // Not locked for the whole run: the language server reads standard input on a
    // thread of its own.
    let code = run(
        cli,
        terminal,
        &cwd,
        &mut std::io::stdin(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(code as i32);
}
