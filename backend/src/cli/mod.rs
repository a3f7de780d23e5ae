//! Command-line interface: one subcommand per job, each a thin layer over the library.

mod admin;
mod audit;
mod decode;
mod demo;
mod imports;
mod labels;
mod migrate;
mod parse;
mod serve;

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
    /// Run the service.
    Serve(serve::ServeArgs),
    /// Create a fresh demo data directory, seed it, and run the service on it.
    Demo(demo::DemoArgs),
    /// Administer agencies, users and devices directly on the database.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Check or publish the audit log's hash chain.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Parse one scanned marking and print its fields as JSON.
    Parse(parse::ParseArgs),
    /// Find, decode and parse every barcode in photos; one JSON object per file.
    Decode(decode::DecodeArgs),
    /// Print a stock check's location and container labels (A4 sheets, PDF or SVG).
    Labels(labels::LabelsArgs),
    /// Import expected inventory or transfer records from CSV or XLSX.
    #[command(subcommand)]
    Import(imports::ImportCommand),
    /// Export a stock check's reconciliation as CSV or JSON.
    #[command(subcommand)]
    Export(imports::ExportCommand),
    /// Copy the photos from one store to another (a folder to an S3-compatible bucket);
    /// safe to run again after an interruption.
    MigrateStore(migrate::MigrateArgs),
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Admin(cmd) => admin::run(cmd),
        Command::Audit(cmd) => audit::run(cmd),
        Command::Parse(args) => parse::run(args),
        Command::Decode(args) => decode::run(args),
        Command::Labels(args) => labels::run(args),
        Command::Import(cmd) => imports::run_import(cmd),
        Command::Export(cmd) => imports::run_export(cmd),
        Command::MigrateStore(args) => migrate::run(args),
    }
}

/// An error chain on one line: `outer: inner: innermost`.
pub fn one_line(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| c.to_string().replace('\n', " "))
        .collect::<Vec<_>>()
        .join(": ")
}

/// A multi-threaded runtime for the subcommands that serve.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
