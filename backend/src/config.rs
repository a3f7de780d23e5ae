//! Service settings from flags, environment and an optional TOML file, with defaults
//! that start a working service on a laptop.
//!
//! Invariant: precedence is flag/environment, then file, then default; a file with an
//! unknown key is refused so a typo does not silently fall back to a default.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use serde::Deserialize;

/// Default largest photo upload (40 MB).
pub const DEFAULT_MAX_PHOTO_BYTES: u64 = 40 * 1024 * 1024;
/// Default token lifetime.
pub const DEFAULT_TOKEN_TTL_HOURS: u64 = 12;

/// Settings given on the command line or in the environment.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConfigArgs {
    /// TOML configuration file.
    #[arg(long, env = "TRACEMARK_CONFIG")]
    pub config: Option<PathBuf>,
    /// Directory for the database and photos.
    #[arg(long, env = "TRACEMARK_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Address to listen on, e.g. 127.0.0.1:8080 (port 0 picks a free port).
    #[arg(long, env = "TRACEMARK_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Database URL; only `sqlite://PATH` is supported (default: DATA_DIR/tracemark.db).
    #[arg(long, env = "TRACEMARK_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Largest photo upload in bytes.
    #[arg(long, env = "TRACEMARK_MAX_PHOTO_BYTES")]
    pub max_photo_bytes: Option<u64>,
    /// Lifetime of a login token in hours.
    #[arg(long, env = "TRACEMARK_TOKEN_TTL_HOURS")]
    pub token_ttl_hours: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    listen: Option<SocketAddr>,
    database_url: Option<String>,
    max_photo_bytes: Option<u64>,
    token_ttl_hours: Option<u64>,
}

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Config {
    /// Directory for the database and photos.
    pub data_dir: PathBuf,
    /// Listen address.
    pub listen: SocketAddr,
    /// SQLite database file.
    pub database: PathBuf,
    /// Largest photo upload.
    pub max_photo_bytes: u64,
    /// Login token lifetime.
    pub token_ttl: Duration,
}

impl Config {
    /// Resolves the settings.
    pub fn load(args: &ConfigArgs) -> anyhow::Result<Self> {
        let file = match &args.config {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let data_dir = args
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let database = match args.database_url.clone().or(file.database_url) {
            Some(url) => sqlite_path(&url)?,
            None => data_dir.join("tracemark.db"),
        };
        let ttl_hours = args
            .token_ttl_hours
            .or(file.token_ttl_hours)
            .unwrap_or(DEFAULT_TOKEN_TTL_HOURS);
        if ttl_hours == 0 || ttl_hours > 24 * 90 {
            bail!("token_ttl_hours must be between 1 and 2160 (90 days)");
        }
        Ok(Self {
            listen: args
                .listen
                .or(file.listen)
                .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080))),
            database,
            max_photo_bytes: args
                .max_photo_bytes
                .or(file.max_photo_bytes)
                .unwrap_or(DEFAULT_MAX_PHOTO_BYTES),
            token_ttl: Duration::from_secs(ttl_hours * 3600),
            data_dir,
        })
    }

    /// Where photo blobs are kept.
    pub fn photo_dir(&self) -> PathBuf {
        self.data_dir.join("photos")
    }
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("in the configuration file {}", path.display()))
}

fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    match url.strip_prefix("sqlite://") {
        Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
        _ => bail!("database URL {url:?} is not supported: use sqlite://PATH"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = Config::load(&ConfigArgs::default()).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database, PathBuf::from("data/tracemark.db"));
        assert_eq!(c.max_photo_bytes, DEFAULT_MAX_PHOTO_BYTES);
    }

    #[test]
    fn flags_beat_file_and_typos_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9000\"\ndata_dir = \"/srv/tm\"\n",
        )
        .unwrap();
        let args = ConfigArgs {
            config: Some(file.clone()),
            listen: Some("127.0.0.1:9001".parse().unwrap()),
            ..Default::default()
        };
        let c = Config::load(&args).unwrap();
        assert_eq!(c.listen.port(), 9001);
        assert_eq!(c.database, PathBuf::from("/srv/tm/tracemark.db"));
        std::fs::write(&file, "lisen = \"127.0.0.1:9000\"\n").unwrap();
        let err = format!("{:#}", Config::load(&args).unwrap_err());
        assert!(err.contains("unknown field"), "{err}");
        let args = ConfigArgs {
            database_url: Some("postgres://x".into()),
            ..Default::default()
        };
        assert!(Config::load(&args).is_err());
    }
}
