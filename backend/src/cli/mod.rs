//! Command-line interface: one subcommand per job, each a thin layer over library code.

mod parse;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tracemark: records and tracing of conventional ammunition.
#[derive(Debug, Parser)]
#[command(name = "tracemark", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse one scanned marking and print its fields as JSON.
    Parse(parse::ParseArgs),
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Parse(args) => parse::run(args),
    }
}

/// An error chain on one line: `outer: inner: innermost`.
pub fn one_line(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| c.to_string().replace('\n', " "))
        .collect::<Vec<_>>()
        .join(": ")
}
