//! `tracemark demo`: a fresh demo data directory, seeded, served, with the URL and the
//! demo logins printed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use tracemark_backend::config::{Config, ConfigArgs, PhotoStoreArgs};
use tracemark_backend::{demo, server};

/// File that marks a directory as made by `tracemark demo` (and safe to wipe).
const MARKER: &str = ".tracemark-demo";

/// Arguments of `tracemark demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Directory for the demo data; wiped and recreated if it holds an earlier demo.
    #[arg(long, default_value = "demo-data")]
    data_dir: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: std::net::SocketAddr,
    /// Password for every demo user (default: a random one, printed).
    #[arg(long, env = "TRACEMARK_DEMO_PASSWORD")]
    password: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (comma-separated).
    #[arg(long, env = "TRACEMARK_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Option<Vec<std::net::IpAddr>>,
    /// Trace queries one user may run in an hour.
    #[arg(long, env = "TRACEMARK_TRACE_QUERIES_PER_HOUR")]
    trace_queries_per_hour: Option<u32>,
    /// Where the records are kept: an empty PostgreSQL database
    /// (`postgres://USER:PASSWORD@HOST:PORT/DATABASE`), or by default a SQLite file in the
    /// demo data directory.
    #[arg(long, env = "TRACEMARK_DATABASE_URL")]
    database_url: Option<String>,
    /// Where the photos are kept (default: in the demo data directory).
    #[command(flatten)]
    photos: PhotoStoreArgs,
}

fn fresh_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)?.next().is_none();
        if !empty && !dir.join(MARKER).exists() {
            bail!(
                "{} exists and was not made by `tracemark demo`; choose another --data-dir",
                dir.display()
            );
        }
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    std::fs::write(dir.join(MARKER), "made by tracemark demo; safe to delete\n")?;
    Ok(())
}

fn random_password() -> anyhow::Result<String> {
    let mut bytes = [0u8; 9];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(format!("demo-{}", hex::encode(bytes)))
}

/// Seeds and serves.
pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    server::init_tracing();
    fresh_dir(&args.data_dir)?;
    let password = match args.password {
        Some(p) => p,
        None => random_password()?,
    };
    let config = Config::load(&ConfigArgs {
        data_dir: Some(args.data_dir.clone()),
        listen: Some(args.listen),
        trusted_proxies: args.trusted_proxies.clone(),
        trace_queries_per_hour: args.trace_queries_per_hour,
        photos: args.photos.clone(),
        database_url: args.database_url.clone(),
        ..Default::default()
    })?;
    super::runtime()?.block_on(async {
        let state = server::state(config).await?;
        let logins = demo::seed(&state.db, &state.photos, &password).await?;
        server::serve(state, |addr| {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "\nTracemark demo is running at http://{addr}");
            let _ = writeln!(
                out,
                "Open it in a browser and sign in (supervisor.customs reviews, admin.customs administers)."
            );
            let _ = writeln!(out, "Data directory: {}", args.data_dir.display());
            if let Some(url) = &args.database_url {
                let _ = writeln!(out, "Database: {}", tracemark_backend::sql::redacted(url));
            }
            let _ = writeln!(out, "\nDemo logins (every user's password: {password})");
            for l in &logins {
                let _ = writeln!(out, "  {:<20} {:<16} {}", l.username, l.role.as_str(), l.agency);
            }
            let _ = writeln!(
                out,
                "\nThe field app and scripts use the API at the same address, e.g.\n      curl -s -X POST http://{addr}/api/v1/auth/login -H 'Content-Type: application/json' \\\n        -d '{{\"username\":\"supervisor.customs\",\"password\":\"{password}\"}}'"
            );
            let _ = writeln!(out, "Stop with Ctrl-C.\n");
            let _ = out.flush();
        })
        .await
    })?;
    Ok(ExitCode::SUCCESS)
}
