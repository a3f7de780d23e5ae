//! Service settings from flags, environment and an optional TOML file, with defaults
//! that start a working service on a laptop.
//!
//! Invariant: precedence is flag/environment, then file, then default; a file with an
//! unknown key is refused so a typo does not silently fall back to a default.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::photos::{PhotoStoreConfig, S3Settings};

/// Default largest photo upload (40 MB).
pub const DEFAULT_MAX_PHOTO_BYTES: u64 = tracemark_shared::validate::MAX_PHOTO_BYTES;
/// Default token lifetime.
pub const DEFAULT_TOKEN_TTL_HOURS: u64 = 12;
/// Default fewest cases a trend-report cell may rest on (k).
pub const DEFAULT_REPORT_MIN_RECORDS: u32 = 5;
/// Default fewest providing agencies a trend-report cell may rest on (p).
pub const DEFAULT_REPORT_MIN_AGENCIES: u32 = 3;
/// Default trace queries one user may run in an hour.
pub const DEFAULT_TRACE_QUERIES_PER_HOUR: u32 = 60;

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
    /// Database URL: `sqlite://PATH` (default: DATA_DIR/tracemark.db) or
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (`?host=/run/postgresql` for a socket).
    #[arg(long, env = "TRACEMARK_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Largest photo upload in bytes.
    #[arg(long, env = "TRACEMARK_MAX_PHOTO_BYTES")]
    pub max_photo_bytes: Option<u64>,
    /// Lifetime of a login token in hours.
    #[arg(long, env = "TRACEMARK_TOKEN_TTL_HOURS")]
    pub token_ttl_hours: Option<u64>,
    /// Trend reports: fewest cases a shown cell may rest on (k, at least 2).
    #[arg(long, env = "TRACEMARK_REPORT_MIN_RECORDS")]
    pub report_min_records: Option<u32>,
    /// Trend reports: fewest providing agencies a shown cell may rest on (p, at least 2).
    #[arg(long, env = "TRACEMARK_REPORT_MIN_AGENCIES")]
    pub report_min_agencies: Option<u32>,
    /// File with the key that signs audit checkpoints (created when missing; keep it
    /// apart from the database: default DATA_DIR/audit-signing.key).
    #[arg(long, env = "TRACEMARK_AUDIT_KEY_FILE")]
    pub audit_key_file: Option<PathBuf>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (comma-separated addresses);
    /// from anyone else the header is ignored.
    #[arg(long, env = "TRACEMARK_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<IpAddr>>,
    /// Trace queries (trace and lot-split) one user may run in an hour.
    #[arg(long, env = "TRACEMARK_TRACE_QUERIES_PER_HOUR")]
    pub trace_queries_per_hour: Option<u32>,
    /// Where photos are kept.
    #[command(flatten)]
    pub photos: PhotoStoreArgs,
}

/// Where photos are kept, given on the command line or in the environment.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PhotoStoreArgs {
    /// Where photos are kept: `file://DIR` (default: DATA_DIR/photos) or
    /// `s3://BUCKET[/PREFIX]` (credentials from AWS_ACCESS_KEY_ID and
    /// AWS_SECRET_ACCESS_KEY).
    #[arg(long, env = "TRACEMARK_PHOTO_STORE_URL")]
    pub photo_store_url: Option<String>,
    /// How to reach a bucket.
    #[command(flatten)]
    pub s3: S3Args,
}

/// How to reach an S3-compatible bucket, given on the command line or in the environment.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct S3Args {
    /// The S3-compatible server, e.g. `https://s3.example.org` (default: AWS).
    #[arg(long, env = "TRACEMARK_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,
    /// The S3 region (default: us-east-1).
    #[arg(long, env = "TRACEMARK_S3_REGION")]
    pub s3_region: Option<String>,
    /// Address the bucket in the path (`ENDPOINT/BUCKET/KEY`), as most S3-compatible
    /// servers want (default: true with an endpoint, false for AWS).
    #[arg(long, env = "TRACEMARK_S3_PATH_STYLE")]
    pub s3_path_style: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    listen: Option<SocketAddr>,
    database_url: Option<String>,
    max_photo_bytes: Option<u64>,
    token_ttl_hours: Option<u64>,
    report_min_records: Option<u32>,
    report_min_agencies: Option<u32>,
    audit_key_file: Option<PathBuf>,
    trusted_proxies: Option<Vec<IpAddr>>,
    trace_queries_per_hour: Option<u32>,
    photo_store_url: Option<String>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    s3_path_style: Option<bool>,
}

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Config {
    /// Directory for the database and photos.
    pub data_dir: PathBuf,
    /// Listen address.
    pub listen: SocketAddr,
    /// Where records are kept.
    pub database: Database,
    /// Largest photo upload.
    pub max_photo_bytes: u64,
    /// Login token lifetime.
    pub token_ttl: Duration,
    /// Trend reports: fewest cases a shown cell may rest on.
    pub report_min_records: u32,
    /// Trend reports: fewest providing agencies a shown cell may rest on.
    pub report_min_agencies: u32,
    /// The key file that signs audit checkpoints.
    pub audit_key_file: PathBuf,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Trace queries one user may run in an hour.
    pub trace_queries_per_hour: u32,
    /// Where photos are kept.
    pub photo_store: PhotoStoreConfig,
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
            .or(file.data_dir.clone())
            .unwrap_or_else(|| PathBuf::from("data"));
        let photo_store = photo_store(&args.photos, &file, &data_dir)?;
        let database = match args.database_url.clone().or(file.database_url) {
            Some(url) => database_at(&url)?,
            None => Database::Sqlite(data_dir.join("tracemark.db")),
        };
        let ttl_hours = args
            .token_ttl_hours
            .or(file.token_ttl_hours)
            .unwrap_or(DEFAULT_TOKEN_TTL_HOURS);
        if ttl_hours == 0 || ttl_hours > 24 * 90 {
            bail!("token_ttl_hours must be between 1 and 2160 (90 days)");
        }
        let report_min_records = args
            .report_min_records
            .or(file.report_min_records)
            .unwrap_or(DEFAULT_REPORT_MIN_RECORDS);
        let report_min_agencies = args
            .report_min_agencies
            .or(file.report_min_agencies)
            .unwrap_or(DEFAULT_REPORT_MIN_AGENCIES);
        // With 1, a cell could rest on one case or one agency: attribution itself.
        if report_min_records < 2 || report_min_agencies < 2 {
            bail!("report_min_records and report_min_agencies must be at least 2");
        }
        let audit_key_file = args
            .audit_key_file
            .clone()
            .or(file.audit_key_file)
            .unwrap_or_else(|| data_dir.join("audit-signing.key"));
        let trusted_proxies = args
            .trusted_proxies
            .clone()
            .or(file.trusted_proxies)
            .unwrap_or_default();
        let trace_queries_per_hour = args
            .trace_queries_per_hour
            .or(file.trace_queries_per_hour)
            .unwrap_or(DEFAULT_TRACE_QUERIES_PER_HOUR);
        if trace_queries_per_hour == 0 {
            bail!("trace_queries_per_hour must be at least 1");
        }
        Ok(Self {
            photo_store,
            trace_queries_per_hour,
            audit_key_file,
            trusted_proxies,
            report_min_records,
            report_min_agencies,
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
}

fn photo_store(
    args: &PhotoStoreArgs,
    file: &FileConfig,
    data_dir: &Path,
) -> anyhow::Result<PhotoStoreConfig> {
    let s3 = S3Args {
        s3_endpoint: args.s3.s3_endpoint.clone().or(file.s3_endpoint.clone()),
        s3_region: args.s3.s3_region.clone().or(file.s3_region.clone()),
        s3_path_style: args.s3.s3_path_style.or(file.s3_path_style),
    };
    match args
        .photo_store_url
        .as_ref()
        .or(file.photo_store_url.as_ref())
    {
        None => Ok(PhotoStoreConfig::Files(data_dir.join("photos"))),
        Some(url) => s3.store_at(url),
    }
}

impl S3Args {
    /// The store at `url` (`file://DIR` or `s3://BUCKET[/PREFIX]`), reached with these
    /// S3 settings when it is a bucket.
    pub fn store_at(&self, url: &str) -> anyhow::Result<PhotoStoreConfig> {
        if let Some(dir) = url.strip_prefix("file://") {
            if dir.is_empty() {
                bail!("file:// needs a folder, e.g. file:///srv/tracemark/photos");
            }
            return Ok(PhotoStoreConfig::Files(PathBuf::from(dir)));
        }
        let (bucket, prefix) = S3Settings::from_url(url)?;
        let endpoint = self.s3_endpoint.clone();
        if let Some(e) = &endpoint
            && !(e.starts_with("http://") || e.starts_with("https://"))
        {
            bail!("s3_endpoint {e:?} must start with https:// (or http:// on a private network)");
        }
        Ok(PhotoStoreConfig::S3(S3Settings {
            bucket,
            prefix,
            path_style: self.s3_path_style.unwrap_or(endpoint.is_some()),
            endpoint,
            region: self.s3_region.clone().unwrap_or_else(|| "us-east-1".into()),
        }))
    }
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("in the configuration file {}", path.display()))
}

/// Where records are kept: a SQLite file (the embedded default) or a PostgreSQL
/// database (a national deployment, several instances).
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://USER:PASSWORD@HOST:PORT/DB`); its password is
    /// never printed.
    Postgres(String),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_string())
    }
}

impl std::fmt::Display for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Sqlite(p) => write!(f, "sqlite://{}", p.display()),
            Database::Postgres(url) => f.write_str(&crate::sql::redacted(url)),
        }
    }
}

/// The database a `database_url` names.
pub fn database_at(url: &str) -> anyhow::Result<Database> {
    if let Some(p) = url.strip_prefix("sqlite://") {
        if !p.is_empty() {
            return Ok(Database::Sqlite(PathBuf::from(p)));
        }
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Database::Postgres(url.to_string()));
    }
    bail!(
        "database URL {} is not supported: use sqlite://PATH or postgres://USER@HOST:PORT/DATABASE",
        crate::sql::redacted(url)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = Config::load(&ConfigArgs::default()).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(
            c.database,
            Database::Sqlite(PathBuf::from("data/tracemark.db"))
        );
        assert_eq!(c.max_photo_bytes, DEFAULT_MAX_PHOTO_BYTES);
        assert_eq!((c.report_min_records, c.report_min_agencies), (5, 3));
        assert_eq!(c.audit_key_file, PathBuf::from("data/audit-signing.key"));
        assert!(c.trusted_proxies.is_empty());
        assert_eq!(
            c.photo_store,
            PhotoStoreConfig::Files(PathBuf::from("data/photos"))
        );
    }

    #[test]
    fn photo_store_urls() {
        let load = |url: &str, endpoint: Option<&str>| {
            Config::load(&ConfigArgs {
                photos: PhotoStoreArgs {
                    photo_store_url: Some(url.into()),
                    s3: S3Args {
                        s3_endpoint: endpoint.map(Into::into),
                        ..Default::default()
                    },
                },
                ..Default::default()
            })
            .map(|c| c.photo_store)
            .map_err(|e| format!("{e:#}"))
        };
        assert_eq!(
            load("file:///srv/photos", None),
            Ok(PhotoStoreConfig::Files(PathBuf::from("/srv/photos")))
        );
        assert_eq!(
            load("s3://tm-photos/national/", Some("http://127.0.0.1:9000")),
            Ok(PhotoStoreConfig::S3(S3Settings {
                bucket: "tm-photos".into(),
                prefix: "national".into(),
                endpoint: Some("http://127.0.0.1:9000".into()),
                region: "us-east-1".into(),
                path_style: true,
            }))
        );
        let aws = load("s3://tm-photos", None).unwrap();
        assert!(matches!(aws, PhotoStoreConfig::S3(ref s) if !s.path_style && s.prefix.is_empty()));
        for (url, endpoint, says) in [
            ("s3://Bad_Bucket", None, "not an S3 bucket name"),
            ("s3://", None, "not an S3 bucket name"),
            ("ftp://x", None, "starts with s3:// or file://"),
            ("file://", None, "needs a folder"),
            (
                "s3://tm-photos",
                Some("s3.example.org"),
                "must start with https://",
            ),
        ] {
            let err = load(url, endpoint).unwrap_err();
            assert!(err.contains(says), "{url}: {err}");
        }
    }

    #[test]
    fn report_thresholds_from_file_and_flags() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(&file, "report_min_records = 10\nreport_min_agencies = 4\n").unwrap();
        let mut args = ConfigArgs {
            config: Some(file),
            ..Default::default()
        };
        let c = Config::load(&args).unwrap();
        assert_eq!((c.report_min_records, c.report_min_agencies), (10, 4));
        args.report_min_agencies = Some(1);
        assert!(
            Config::load(&args).is_err(),
            "one agency would be attribution"
        );
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
        assert_eq!(
            c.database,
            Database::Sqlite(PathBuf::from("/srv/tm/tracemark.db"))
        );
        std::fs::write(&file, "lisen = \"127.0.0.1:9000\"\n").unwrap();
        let err = format!("{:#}", Config::load(&args).unwrap_err());
        assert!(err.contains("unknown field"), "{err}");
        let at = |url: &str| {
            Config::load(&ConfigArgs {
                database_url: Some(url.into()),
                ..Default::default()
            })
            .map(|c| c.database)
        };
        let pg = at("postgres://app:s3cret@db.example/tracemark").unwrap();
        assert_eq!(
            pg,
            Database::Postgres("postgres://app:s3cret@db.example/tracemark".into())
        );
        assert!(!format!("{pg} {pg:?}").contains("s3cret"));
        for wrong in ["mysql://x", "sqlite://", "https://db.example"] {
            let e = at(wrong).unwrap_err().to_string();
            assert!(e.contains("sqlite://PATH or postgres://"), "{e}");
        }
    }
}
