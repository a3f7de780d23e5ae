//! `tracemark labels CHECK_ID --as USERNAME`: prints a stock check's label sheets to a
//! file, exactly as `GET /api/v1/stock-checks/{id}/labels` does (same function, same
//! rule: the user must be a supervisor of the agency that owns the check), and
//! writes the export to the audit log in that user's name.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tracemark_backend::config::{Config, ConfigArgs};
use tracemark_backend::db;
use tracemark_backend::identity::store;
use tracemark_backend::labels::{self, SheetFormat, What};

/// Arguments of `tracemark labels`.
#[derive(Debug, clap::Args)]
pub struct LabelsArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// The stock check's id.
    check_id: String,
    /// Login name of the supervisor the sheet is printed for.
    #[arg(long = "as", value_name = "USERNAME")]
    as_user: String,
    /// pdf (every page) or svg (one page, see --page).
    #[arg(long, value_enum, default_value = "pdf")]
    format: SheetFormat,
    /// Which labels: locations, boxes or both.
    #[arg(long, value_enum, default_value = "both")]
    what: What,
    /// With --format svg: the page to print, from 1.
    #[arg(long)]
    page: Option<usize>,
    /// Output file.
    #[arg(short = 'o', long)]
    output: PathBuf,
}

/// Runs the subcommand.
pub fn run(args: LabelsArgs) -> anyhow::Result<ExitCode> {
    let config = Config::load(&args.config)?;
    let c = db::Store::open(&config.database, false)?;
    let caller = store::caller_by_username(&c, &args.as_user)?
        .with_context(|| format!("there is no enabled user {:?}", args.as_user))?;
    let out = labels::export(
        &c,
        &caller,
        &args.check_id,
        args.what,
        args.format,
        args.page,
    )?;
    std::fs::write(&args.output, &out.bytes)
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "{} labels on {} pages written to {}",
        out.labels,
        out.pages,
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
