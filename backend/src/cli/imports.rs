//! `tracemark import inventory|transfers FILE` and `tracemark export reconciliation
//! CHECK_ID`: the supervisor's imports and exports straight on the database, acting as
//! a named user with exactly the rules the HTTP API applies to that user.
//!
//! Invariant: these call the same storage functions as the HTTP routes; every row
//! error is printed on stderr, one per line, and any error exits with status 1 having
//! written nothing. The progress bar is drawn on stderr only when it is a terminal.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tracemark_backend::sql::Conn;

use anyhow::{Context, bail};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracemark_backend::config::{Config, ConfigArgs};
use tracemark_backend::db;
use tracemark_backend::identity::Caller;
use tracemark_backend::identity::store;
use tracemark_backend::import::{self, Format, Outcome, Stage, inventory, table, transfers};
use tracemark_backend::reconcile;

/// A file format on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FileFormat {
    /// Comma- or semicolon-separated text.
    Csv,
    /// Excel / LibreOffice workbook (first sheet).
    Xlsx,
}

/// An export format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// CSV with a header row and a totals section.
    Csv,
    /// JSON, as the HTTP API answers.
    Json,
}

/// Import subcommands.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a depot's expected inventory (CSV or XLSX) as a new stock check.
    Inventory {
        /// The file (.csv or .xlsx).
        file: PathBuf,
        /// Check every row and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Act as this supervisor (username).
        #[arg(long = "as", value_name = "USERNAME")]
        as_user: String,
        /// Title of the stock check.
        #[arg(long)]
        title: Option<String>,
        /// Inspectors who count, comma-separated usernames.
        #[arg(long, value_delimiter = ',')]
        assign: Vec<String>,
        /// own_agency (default), national or partners.
        #[arg(long)]
        scope: Option<String>,
        /// With --scope partners: agency ids, comma-separated.
        #[arg(long)]
        partners: Option<String>,
        /// The file's format (default: from its extension).
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Import transfer records (CSV or XLSX), one per end-user certificate.
    Transfers {
        /// The file (.csv or .xlsx).
        file: PathBuf,
        /// Check every row and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Act as this supervisor (username).
        #[arg(long = "as", value_name = "USERNAME")]
        as_user: String,
        /// own_agency (default), national or partners.
        #[arg(long)]
        scope: Option<String>,
        /// With --scope partners: agency ids, comma-separated.
        #[arg(long)]
        partners: Option<String>,
        /// The file's format (default: from its extension).
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
        #[command(flatten)]
        config: ConfigArgs,
    },
}

/// Export subcommands.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Export the reconciliation of a stock check (expected vs counted).
    Reconciliation {
        /// The stock check's id.
        check_id: String,
        /// Act as this supervisor (username).
        #[arg(long = "as", value_name = "USERNAME")]
        as_user: String,
        /// csv (default) or json.
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        config: ConfigArgs,
    },
}

fn open(config: &ConfigArgs) -> anyhow::Result<db::Store> {
    let config = Config::load(config)?;
    db::Store::open(&config.database, false)
}

fn caller(c: &impl Conn, username: &str) -> anyhow::Result<Caller> {
    store::caller_by_username(c, username)?
        .with_context(|| format!("no enabled user is called {username:?}"))
}

/// Reads a file, refusing one larger than the import limit without reading it all.
fn read_bounded(path: &Path) -> anyhow::Result<Vec<u8>> {
    let max = table::MAX_FILE_BYTES;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() > max {
        bail!(
            "{} is larger than {max} bytes; split it into several imports",
            path.display()
        );
    }
    Ok(bytes)
}

fn format_of(given: Option<FileFormat>, path: &Path) -> anyhow::Result<Format> {
    match given {
        Some(FileFormat::Csv) => Ok(Format::Csv),
        Some(FileFormat::Xlsx) => Ok(Format::Xlsx),
        None => Format::from_path(path).with_context(|| {
            format!(
                "cannot tell the format of {} from its name; add --format csv or --format xlsx",
                path.display()
            )
        }),
    }
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg:10} [{bar:40}] {percent:>3}% {pos}/{len}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn update(bar: &ProgressBar, stage: Stage, done: u64, total: u64) {
    bar.set_message(match stage {
        Stage::Reading => "reading",
        Stage::Checking => "checking",
    });
    bar.set_length(total);
    bar.set_position(done);
}

/// Prints the outcome; exit status 1 when anything is wrong.
fn report(outcome: &Outcome, what: &str) -> ExitCode {
    let s = &outcome.summary;
    let mut out = std::io::stdout().lock();
    let locations = s
        .locations
        .map(|l| format!("{l} locations, "))
        .unwrap_or_default();
    let depot = s
        .depot
        .as_deref()
        .map(|d| format!(" (depot {d})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} rows: {locations}{} lots, {} units{depot}",
        s.rows, s.lots, s.total_quantity
    );
    if !s.ignored_columns.is_empty() {
        let _ = writeln!(out, "ignored columns: {}", s.ignored_columns.join(", "));
    }
    if outcome.has_errors() {
        let _ = out.flush();
        for e in &outcome.errors {
            eprintln!("{e}");
        }
        if outcome.errors_not_listed > 0 {
            eprintln!("… and {} more", outcome.errors_not_listed);
        }
        let total = outcome.errors.len() as u64 + outcome.errors_not_listed;
        eprintln!("{total} problem(s); nothing was imported");
        return ExitCode::FAILURE;
    }
    if outcome.dry_run {
        let _ = writeln!(
            out,
            "dry run: no problems; importing would create {} {what}; nothing was written",
            s.records
        );
    } else {
        for id in &outcome.records {
            let _ = writeln!(out, "created {what} {id}");
        }
    }
    ExitCode::SUCCESS
}

/// Runs an import subcommand.
/// What both imports read before they differ: the file's format, the sharing scope,
/// the database, the user they act for, and the file itself (within its limit).
type Prepared = (
    Format,
    tracemark_shared::domain::SharingScope,
    db::Store,
    Caller,
    Vec<u8>,
);

fn prepare(
    format: Option<FileFormat>,
    file: &Path,
    scope: Option<String>,
    partners: Option<String>,
    config: &ConfigArgs,
    as_user: &str,
) -> anyhow::Result<Prepared> {
    let format = format_of(format, file)?;
    let scope =
        import::parse_scope(scope.as_deref(), partners.as_deref()).map_err(anyhow::Error::msg)?;
    let c = open(config)?;
    let who = caller(&c, as_user)?;
    let bytes = read_bounded(file)?;
    Ok((format, scope, c, who, bytes))
}

pub fn run_import(cmd: ImportCommand) -> anyhow::Result<ExitCode> {
    let bar = progress_bar();
    let mut progress = |stage, done, total| update(&bar, stage, done, total);
    let (outcome, what) = match cmd {
        ImportCommand::Inventory {
            file,
            dry_run,
            as_user,
            title,
            assign,
            scope,
            partners,
            format,
            config,
        } => {
            let (format, scope, c, who, bytes) =
                prepare(format, &file, scope, partners, &config, &as_user)?;
            let opts = inventory::Options {
                title,
                assign: assign
                    .into_iter()
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect(),
                scope,
                dry_run,
                via: "cli",
            };
            let outcome = inventory::import(&c, &who, &bytes, format, &opts, &mut progress)?;
            (outcome, "stock check")
        }
        ImportCommand::Transfers {
            file,
            dry_run,
            as_user,
            scope,
            partners,
            format,
            config,
        } => {
            let (format, scope, c, who, bytes) =
                prepare(format, &file, scope, partners, &config, &as_user)?;
            let opts = transfers::Options {
                scope,
                dry_run,
                via: "cli",
            };
            let outcome = transfers::import(&c, &who, &bytes, format, &opts, &mut progress)?;
            (outcome, "transfer record(s)")
        }
    };
    bar.finish_and_clear();
    Ok(report(&outcome, what))
}

/// Runs an export subcommand.
pub fn run_export(cmd: ExportCommand) -> anyhow::Result<ExitCode> {
    let ExportCommand::Reconciliation {
        check_id,
        as_user,
        format,
        output,
        config,
    } = cmd;
    let c = open(&config)?;
    let who = caller(&c, &as_user)?;
    let tx = c.begin_write()?;
    let r = reconcile::reconciliation(&tx, &who, check_id.trim())?;
    let name = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Json => "json",
    };
    reconcile::audit_export(&tx, &who, &r, name, "cli")?;
    let bytes = match format {
        ExportFormat::Csv => reconcile::to_csv(&r)?,
        ExportFormat::Json => {
            let mut v = serde_json::to_vec_pretty(&r)?;
            v.push(b'\n');
            v
        }
    };
    match &output {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout()
            .lock()
            .write_all(&bytes)
            .context("writing the export")?,
    }
    // The export is audited once it has been handed over.
    tx.commit()?;
    if let Some(path) = output {
        eprintln!(
            "reconciliation of {} written to {} ({} lines)",
            r.stock_check_id,
            path.display(),
            r.lines.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
