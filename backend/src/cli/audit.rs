//! `tracemark audit verify|head`: walk the audit log's hash chain, or print its head
//! so it can be published where the database's administrators cannot change it.

use std::process::ExitCode;

use clap::Subcommand;
use tracemark_backend::audit;
use tracemark_backend::config::{Config, ConfigArgs};
use tracemark_backend::db;

/// Audit subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole chain; exit 1 and name the first broken entry if any.
    Verify {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print the sequence number and hash of the newest entry.
    Head {
        #[command(flatten)]
        config: ConfigArgs,
    },
}

fn open(config: &ConfigArgs) -> anyhow::Result<rusqlite::Connection> {
    let config = Config::load(config)?;
    if !config.database.exists() {
        anyhow::bail!("there is no database at {}", config.database.display());
    }
    db::open_sync(&config.database)
}

/// Runs an audit subcommand.
pub fn run(cmd: AuditCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        AuditCommand::Verify { config } => {
            let v = audit::verify(&open(&config)?)?;
            match &v.first_broken {
                None => {
                    println!("audit log intact: {} entries, head {}", v.entries, v.head);
                    Ok(ExitCode::SUCCESS)
                }
                Some(b) => {
                    println!(
                        "audit log BROKEN at entry {}: {} ({} entries verified before it)",
                        b.seq, b.reason, v.entries
                    );
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        AuditCommand::Head { config } => {
            let (seq, hash) = audit::head(&open(&config)?)?;
            println!("{seq} {hash}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
