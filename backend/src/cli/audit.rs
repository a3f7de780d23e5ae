//! `tracemark audit verify|head|checkpoint|public-key`: walk the audit log's hash chain
//! and check it against its signed checkpoints and heads recorded elsewhere, or print
//! and sign its head so it can be kept where the database's holders cannot change it.

use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use tracemark_backend::audit::{self, Signer, checkpoint};
use tracemark_backend::config::{Config, ConfigArgs};
use tracemark_backend::db;

/// Audit subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole chain, its signed checkpoints and any recorded heads; exit 1 and
    /// say what does not agree.
    Verify {
        #[command(flatten)]
        config: ConfigArgs,
        /// A head recorded elsewhere, `SEQ:HASH` (as `audit head` prints); repeatable.
        #[arg(long = "expect", value_parser = checkpoint::parse_expectation)]
        expect: Vec<(i64, String)>,
        /// The audit key's public half (64 hex digits); default: derived from the key
        /// file, when it can be read.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Print the sequence number and hash of the newest entry, as `SEQ:HASH`.
    Head {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Sign the current head with the audit key and print the checkpoint as JSON.
    Checkpoint {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print the audit key's public half (give it to whoever verifies checkpoints).
    PublicKey {
        #[command(flatten)]
        config: ConfigArgs,
    },
}

fn open(config: &Config) -> anyhow::Result<db::Store> {
    db::Store::open(&config.database, false)
}

fn public_key(config: &Config, given: Option<&str>) -> anyhow::Result<Option<Vec<u8>>> {
    if let Some(hex_key) = given {
        let key = hex::decode(hex_key.trim()).context("--public-key must be hex")?;
        anyhow::ensure!(key.len() == 32, "--public-key must be 64 hex digits");
        return Ok(Some(key));
    }
    if !config.audit_key_file.exists() {
        return Ok(None);
    }
    let signer = Signer::load_or_create(&config.audit_key_file)?;
    Ok(Some(hex::decode(signer.public_key_hex())?))
}

/// Runs an audit subcommand.
pub fn run(cmd: AuditCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        AuditCommand::Verify {
            config,
            expect,
            public_key: given,
        } => {
            let config = Config::load(&config)?;
            let key = public_key(&config, given.as_deref())?;
            let anchor = checkpoint::read_anchor(&Signer::anchor_path(&config.audit_key_file))?;
            let r = checkpoint::verify(&open(&config)?, key.as_deref(), &expect, anchor.as_ref())?;
            if let Some(b) = &r.chain.first_broken {
                println!(
                    "audit log BROKEN at entry {}: {} ({} entries verified before it)",
                    b.seq, b.reason, r.chain.entries
                );
            }
            for p in &r.problems {
                println!("audit log BROKEN: {p}");
            }
            if !r.intact() {
                return Ok(ExitCode::FAILURE);
            }
            println!(
                "audit log intact: {} entries, head {}",
                r.chain.entries, r.chain.head
            );
            match r.newest_checkpoint {
                Some(seq) => println!(
                    "{} signed checkpoints agree (newest at entry {seq}{}); {} recorded heads agree",
                    r.checkpoints,
                    if r.signatures_checked {
                        ", signatures checked"
                    } else {
                        "; signatures NOT checked: no key file or --public-key"
                    },
                    r.expectations
                ),
                None => println!(
                    "no signed checkpoint yet; {} recorded heads agree",
                    r.expectations
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Head { config } => {
            let config = Config::load(&config)?;
            let (seq, hash) = audit::head(&open(&config)?)?;
            println!("{seq}:{hash}");
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Checkpoint { config } => {
            let config = Config::load(&config)?;
            let signer = Signer::load_or_create(&config.audit_key_file)?;
            let cp = checkpoint::checkpoint(&open(&config)?, &signer)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{}", serde_json::to_string_pretty(&cp)?);
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::PublicKey { config } => {
            let config = Config::load(&config)?;
            let signer = Signer::load_or_create(&config.audit_key_file)?;
            println!("{}", signer.public_key_hex());
            Ok(ExitCode::SUCCESS)
        }
    }
}
