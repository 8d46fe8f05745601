//! `cclint completions` and `cclint man`.

use std::io::Write;

use super::{usage, write, Cli, CommandResult, Exit};

pub(super) fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> CommandResult {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "cclint", &mut script);
    write(out, &String::from_utf8_lossy(&script))?;
    Ok(Exit::Clean)
}

pub(super) fn man(out: &mut dyn Write) -> CommandResult {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| usage(format!("cannot render the manual page: {e}"), None))?;
    write(out, &String::from_utf8_lossy(&page))?;
    Ok(Exit::Clean)
}
