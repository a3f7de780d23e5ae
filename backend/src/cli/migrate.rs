//! `tracemark migrate-store`: moves a deployment up: its records from the SQLite file
//! into PostgreSQL, its photos from a folder on one machine into an S3-compatible
//! bucket that several instances share.
//!
//! Invariant: nothing is removed from the source, so an interrupted run is simply run
//! again. Every photo is checked against its hash again on the way in, and a photo
//! already in the target is left alone; records are copied table by table
//! (`sql::copy`), and the audit chain is verified in the target before the command
//! says it is done.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sha2::{Digest, Sha256};
use tracemark_backend::audit;
use tracemark_backend::config::{Database, S3Args, database_at};
use tracemark_backend::db;
use tracemark_backend::photos::blob::upload_key;
use tracemark_backend::photos::{BlobStore, PhotoStore, PhotoStoreConfig};
use tracemark_backend::sql::{PgSession, copy, redacted};

/// Arguments of `tracemark migrate-store`.
#[derive(Debug, clap::Args)]
pub struct MigrateArgs {
    /// Where the records are now, `sqlite://PATH` (e.g.
    /// sqlite:///var/lib/tracemark/tracemark.db); or where the photos are now:
    /// `file://DIR` (e.g. file:///var/lib/tracemark/photos) or `s3://BUCKET[/PREFIX]`.
    #[arg(long)]
    from: String,
    /// Where they go: an empty PostgreSQL database
    /// (`postgres://USER:PASSWORD@HOST:PORT/DATABASE`) for records; `s3://BUCKET[/PREFIX]`
    /// or `file://DIR` for photos. The bucket's settings are the `--s3-*` flags; its
    /// credentials AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
    #[arg(long)]
    to: String,
    /// The S3 settings of the bucket side.
    #[command(flatten)]
    s3: S3Args,
}

/// Copies the records, or every photo that the target lacks.
pub fn run(args: MigrateArgs) -> anyhow::Result<ExitCode> {
    if args.from.starts_with("sqlite://") || args.to.starts_with("postgres") {
        return records(&args);
    }
    let from = args.s3.store_at(&args.from).context("--from")?;
    let to = args.s3.store_at(&args.to).context("--to")?;
    if from == to {
        bail!("--from and --to name the same store");
    }
    if matches!(
        (&from, &to),
        (PhotoStoreConfig::S3(_), PhotoStoreConfig::S3(_))
    ) {
        bail!(
            "copy between two buckets with the object store's own tools; this command moves photos between a folder and a bucket"
        );
    }
    super::runtime()?.block_on(async {
        let source = PhotoStore::open(&from)?;
        let target = PhotoStore::open(&to)?;
        target
            .check()
            .await
            .context("the target store does not answer")?;
        let photos = source
            .stored_photos()
            .await
            .context("listing the photos to copy")?;
        let bar = progress(photos.len() as u64);
        let (mut copied, mut there, mut bytes) = (0u64, 0u64, 0u64);
        for sha in &photos {
            bar.set_message(sha.get(..12).unwrap_or(sha).to_string());
            if target.stored_size(sha).await?.is_some() {
                there += 1;
            } else {
                let body = source
                    .read(sha)
                    .await
                    .with_context(|| format!("reading photo {sha}"))?;
                // Checked here, on the bytes in hand, so the target need not read
                // them back to check them.
                let actual = hex::encode(Sha256::digest(&body));
                if actual != *sha {
                    bail!("photo {sha} in {} hashes to {actual}: it is damaged", args.from);
                }
                let upload = upload_key("migrate-store", sha);
                target.discard(&upload).await?; // a piece left by an interrupted run
                target.append(&upload, &body).await?;
                let head = body.get(..16).unwrap_or(&body);
                let (size, _) = target
                    .finish_hashed(&upload, sha, head)
                    .await
                    .with_context(|| format!("storing photo {sha}"))?;
                copied += 1;
                bytes += size;
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
        println!(
            "{copied} photos copied ({:.1} MB), {there} already there, {} in all; nothing was removed from {}",
            bytes as f64 / 1e6,
            photos.len(),
            args.from
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// Copies the records of a SQLite file into a PostgreSQL database and verifies the
/// audit chain there.
fn records(args: &MigrateArgs) -> anyhow::Result<ExitCode> {
    let (Database::Sqlite(path), Database::Postgres(url)) = (
        database_at(&args.from).context("--from")?,
        database_at(&args.to).context("--to")?,
    ) else {
        bail!("records move from sqlite://PATH to postgres://…; photos between file:// and s3://");
    };
    if !path.exists() {
        bail!("there is no database at {}", path.display());
    }
    // Opening the file brings its schema up to this Tracemark's version first.
    let source = db::open_sync(&path)?;
    let target = PgSession::connect(&url)?;
    target.migrate()?;
    let bar = records_bar();
    let copied = copy::sqlite_to_postgres(&source, &target, &mut |table, done, total| {
        bar.set_message(table.to_string());
        bar.set_length(total.max(1));
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    let chain = audit::verify(&target.conn())?;
    if let Some(broken) = &chain.first_broken {
        bail!(
            "the copied audit log does not verify at entry {}: {}; the source is untouched",
            broken.seq,
            broken.reason
        );
    }
    let already = if copied.already.is_empty() {
        String::new()
    } else {
        format!(
            " ({} tables copied by an earlier run)",
            copied.already.len()
        )
    };
    println!(
        "{} rows in {} tables copied to {}{already}; audit log intact: {} entries, head {}",
        copied.rows,
        copied.tables.len(),
        redacted(&url),
        chain.entries,
        chain.head
    );
    println!("Set database_url to it and start the service; the SQLite file was not changed.");
    Ok(ExitCode::SUCCESS)
}

fn records_bar() -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(1), target);
    if let Ok(style) = ProgressStyle::with_template("{msg:24} [{bar:40}] {pos}/{len} rows") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn progress(total: u64) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(total), target);
    if let Ok(style) = ProgressStyle::with_template("{msg:12} [{bar:40}] {pos}/{len} photos") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
