//! `tracemark`: the Tracemark service and its administration command line.
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the C library's allocator: glibc keeps a freed block of a
/// password hash's 19 MiB (and any other large buffer) for the thread that freed it
/// once it has raised its threshold for returning memory, so a server that had
/// signed a few dozen users in held 200+ MiB it no longer used; mimalloc gives freed
/// pages back to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            // One line, for people and scripts alike.
            eprintln!("error: {}", cli::one_line(&e));
            ExitCode::FAILURE
        }
    }
}
