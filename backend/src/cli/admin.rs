//! `tracemark admin …`: agencies, users and devices, straight on the database (for the
//! first administrator, and for operators without the HTTP API at hand). Every action
//! is written to the audit log as done from the command line.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use serde_json::json;
use tracemark_backend::args;
use tracemark_backend::audit::{self, Actor, Entry};
use tracemark_backend::config::{Config, ConfigArgs};
use tracemark_backend::db;
use tracemark_backend::identity::store;
use tracemark_backend::identity::{admin, password, token};
use tracemark_backend::sql::{Conn, ConnExt};
use tracemark_shared::domain::{Platform, Role};

/// Administration subcommands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an agency.
    CreateAgency {
        #[command(flatten)]
        config: ConfigArgs,
        /// Agency name.
        #[arg(long)]
        name: String,
        /// ISO 3166-1 alpha-2 country code, e.g. KE.
        #[arg(long)]
        country: String,
    },
    /// List agencies.
    ListAgencies {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Create a user; the password is read from the first line of stdin, or made up
    /// and printed once when stdin is a terminal or empty.
    CreateUser {
        #[command(flatten)]
        config: ConfigArgs,
        /// Agency id or exact name.
        #[arg(long)]
        agency: String,
        /// Login name.
        #[arg(long)]
        username: String,
        /// Name shown in the app.
        #[arg(long)]
        display_name: String,
        /// inspector, customs_officer, supervisor or administrator.
        #[arg(long)]
        role: Role,
    },
    /// List the users of an agency.
    ListUsers {
        #[command(flatten)]
        config: ConfigArgs,
        /// Agency id or exact name.
        #[arg(long)]
        agency: String,
    },
    /// Set a new password (read from stdin, or made up and printed); revokes tokens.
    ResetPassword {
        #[command(flatten)]
        config: ConfigArgs,
        /// Login name.
        #[arg(long)]
        username: String,
    },
    /// Disable a user (every sign-in of theirs ends), or enable them again with
    /// `--enable`.
    DisableUser {
        #[command(flatten)]
        config: ConfigArgs,
        /// Login name.
        #[arg(long)]
        username: String,
        /// Enable the user again instead.
        #[arg(long)]
        enable: bool,
    },
    /// Enrol a device for a user and print a token bound to it.
    EnrollDevice {
        #[command(flatten)]
        config: ConfigArgs,
        /// Login name.
        #[arg(long)]
        username: String,
        /// Device name, e.g. "Tablet 3".
        #[arg(long)]
        name: String,
        /// android, ios or desktop.
        #[arg(long)]
        platform: Platform,
    },
    /// List the devices of an agency's users.
    ListDevices {
        #[command(flatten)]
        config: ConfigArgs,
        /// Agency id or exact name.
        #[arg(long)]
        agency: String,
    },
    /// Revoke a device: its tokens stop working at once.
    RevokeDevice {
        #[command(flatten)]
        config: ConfigArgs,
        /// Agency id or exact name of the device's user.
        #[arg(long)]
        agency: String,
        /// Device id.
        #[arg(long)]
        device: String,
    },
}

fn open(config: &ConfigArgs) -> anyhow::Result<db::Store> {
    let config = Config::load(config)?;
    db::Store::open(&config.database, true)
}

fn cli_audit(
    c: &impl Conn,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
) -> anyhow::Result<()> {
    audit::append(
        c,
        &Entry {
            actor: Actor::default(),
            action,
            subject,
            detail: json!({ "via": "cli", "detail": detail }),
        },
    )?;
    Ok(())
}

/// The command line as the one acting, for the audit log.
fn cli() -> admin::Acting {
    admin::Acting {
        actor: Actor::default(),
        via: "cli",
    }
}

fn agency(c: &impl Conn, id_or_name: &str) -> anyhow::Result<store::AgencyRow> {
    store::find_agency(c, id_or_name)?
        .with_context(|| format!("no agency has the id or name {id_or_name:?}"))
}

/// A password from the first line of stdin, or a new random one that is printed.
fn password_from_stdin() -> anyhow::Result<(String, bool)> {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().take_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if !line.is_empty() {
            password::check_new(&line)
                .map_err(|rule| anyhow::anyhow!("the password must be {rule}"))?;
            return Ok((line, false));
        }
    }
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok((hex::encode(bytes), true))
}

trait TakeLine {
    fn take_line(&mut self, buf: &mut String) -> std::io::Result<usize>;
}

impl<R: BufRead> TakeLine for R {
    /// Reads one line of at most 1 KiB, so a stray pipe cannot fill memory.
    fn take_line(&mut self, buf: &mut String) -> std::io::Result<usize> {
        use std::io::Read;
        self.take(1024).read_line(buf)
    }
}

/// Prints a value as pretty JSON on stdout.
fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Runs an administration subcommand.
pub fn run(cmd: AdminCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        AdminCommand::CreateAgency {
            config,
            name,
            country,
        } => {
            let country = admin::check_agency(&name, &country)?;
            let c = open(&config)?;
            let tx = c.begin_write()?;
            let row = admin::create_agency(&tx, &cli(), &name, &country)?;
            tx.commit()?;
            print_json(&row)?;
        }
        AdminCommand::ListAgencies { config } => {
            let c = open(&config)?;
            print_json(&store::list_agencies(&c)?)?;
        }
        AdminCommand::CreateUser {
            config,
            agency: which,
            username,
            display_name,
            role,
        } => {
            admin::check_user(&username, &display_name, None)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let (pw, made_up) = password_from_stdin()?;
            let hash = password::hash_blocking(&pw)?;
            let c = open(&config)?;
            let a = agency(&c, &which)?;
            let tx = c.begin_write()?;
            let row = admin::create_user(
                &tx,
                &cli(),
                &store::NewUser {
                    agency_id: &a.id,
                    username: &username,
                    display_name: &display_name,
                    role,
                    password_hash: &hash,
                },
            )?;
            tx.commit()?;
            print_json(&row)?;
            if made_up {
                println!("password (shown once): {pw}");
            }
        }
        AdminCommand::ListUsers {
            config,
            agency: which,
        } => {
            let c = open(&config)?;
            let a = agency(&c, &which)?;
            print_json(&store::list_users(&c, &a.id)?)?;
        }
        AdminCommand::ResetPassword { config, username } => {
            let (pw, made_up) = password_from_stdin()?;
            let hash = password::hash_blocking(&pw)?;
            let c = open(&config)?;
            let (user, _) = store::login_candidate(&c, &username)?
                .with_context(|| format!("no enabled user is called {username:?}"))?;
            let tx = c.begin_write()?;
            admin::reset_password(&tx, &cli(), &user.agency_id, &user.id, &hash)?;
            tx.commit()?;
            println!("password reset for {username}; their sessions are signed out");
            if made_up {
                println!("password (shown once): {pw}");
            }
        }
        AdminCommand::EnrollDevice {
            config,
            username,
            name,
            platform,
        } => {
            let c = open(&config)?;
            let (user, _) = store::login_candidate(&c, &username)?
                .with_context(|| format!("no enabled user is called {username:?}"))?;
            let config = Config::load(&config)?;
            let tx = c.begin_write()?;
            let device = store::enroll_device(&tx, &user.id, name.trim(), platform)?;
            let tok = token::generate()?;
            let expires = db::timestamp(time::OffsetDateTime::now_utc() + config.token_ttl);
            store::insert_token(&tx, &token::hash(&tok), &user.id, Some(&device), &expires)?;
            cli_audit(&tx, "enroll_device", &device, json!({ "user": user.id }))?;
            tx.commit()?;
            print_json(&json!({
                "device_id": device, "token": tok, "expires_at": expires
            }))?;
        }
        AdminCommand::ListDevices {
            config,
            agency: which,
        } => {
            let c = open(&config)?;
            let a = agency(&c, &which)?;
            print_json(&store::list_devices(&c, &a.id)?)?;
        }
        AdminCommand::RevokeDevice {
            config,
            agency: which,
            device,
        } => {
            let c = open(&config)?;
            let a = agency(&c, &which)?;
            let tx = c.begin_write()?;
            admin::revoke_device(&tx, &cli(), &a.id, &device)?;
            tx.commit()?;
            println!("device {device} revoked");
        }
        AdminCommand::DisableUser {
            config,
            username,
            enable,
        } => {
            let c = open(&config)?;
            let (user_id, agency_id): (String, String) = c
                .query_opt(
                    "SELECT id, agency_id FROM users WHERE username = ?1",
                    args![&username],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .with_context(|| format!("no user is called {username:?}"))?;
            let tx = c.begin_write()?;
            admin::set_disabled(&tx, &cli(), &agency_id, &user_id, !enable)?;
            tx.commit()?;
            if enable {
                println!("{username} can sign in again");
            } else {
                println!("{username} is disabled; their sessions are signed out");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
