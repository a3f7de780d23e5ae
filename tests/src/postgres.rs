//! A real PostgreSQL server process for the tests: Debian's `postgresql` package,
//! which `scripts/install-deps` installs. Each [`PgServer`] is a cluster of its own
//! (`initdb` in a temporary folder, reached through a Unix socket in that folder, no
//! TCP port), stopped and removed on drop, so tests never share a database.
//!
//! PostgreSQL refuses to run as root: when the tests run as root (CI), the cluster is
//! made and run as the `postgres` user the package creates.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The role every test cluster is made with (trust authentication, socket only).
pub const ROLE: &str = "tracemark";

/// The folder of PostgreSQL's programs: `TRACEMARK_PG_BIN`, or the newest
/// `/usr/lib/postgresql/VERSION/bin`.
pub fn bin_dir() -> PathBuf {
    if let Ok(p) = std::env::var("TRACEMARK_PG_BIN") {
        return PathBuf::from(p);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            Some((v, e.path().join("bin")))
        })
        .filter(|(_, p)| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().map(|(_, p)| p).unwrap_or_else(|| {
        panic!("PostgreSQL's programs are missing (/usr/lib/postgresql/*/bin): run scripts/install-deps")
    })
}

/// A running PostgreSQL cluster of its own.
pub struct PgServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    made: AtomicUsize,
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

impl PgServer {
    /// Makes and starts a cluster (about a second).
    pub fn start() -> Self {
        let bin = bin_dir();
        let dir = tempfile::tempdir().expect("a folder for the cluster");
        let as_postgres = is_root();
        if as_postgres {
            let status = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(status.success(), "giving the cluster's folder to postgres");
        }
        let server = PgServer {
            dir,
            bin,
            as_postgres,
            made: AtomicUsize::new(0),
        };
        let data = server.data_dir();
        server.run(
            "initdb",
            &[
                "-D",
                data.to_str().expect("utf-8 path"),
                "-A",
                "trust",
                "-U",
                ROLE,
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        );
        let options = format!(
            "-k {} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            server.socket_dir().display()
        );
        server.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().expect("utf-8 path"),
                "-o",
                &options,
                "-l",
                server.dir.path().join("log").to_str().expect("utf-8 path"),
                "-w",
                "start",
            ],
        );
        server
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// One of PostgreSQL's programs, run as the user the cluster belongs to.
    fn command(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn run(&self, program: &str, args: &[&str]) {
        let out = self
            .command(program)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("running {program}: {e}"));
        assert!(
            out.status.success(),
            "{program} failed: {}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
        );
    }

    /// The URL of the cluster's `postgres` database.
    pub fn admin_url(&self) -> String {
        self.url_of("postgres")
    }

    fn url_of(&self, database: &str) -> String {
        format!(
            "postgres://{ROLE}@localhost/{database}?host={}",
            self.socket_dir().display()
        )
    }

    /// A new empty database in the cluster, and its URL.
    pub fn database(&self) -> String {
        let name = format!("t{}", self.made.fetch_add(1, Ordering::Relaxed));
        self.run(
            "psql",
            &[
                "-q",
                "-h",
                self.socket_dir().to_str().expect("utf-8 path"),
                "-U",
                ROLE,
                "-d",
                "postgres",
                "-c",
                &format!("CREATE DATABASE {name}"),
            ],
        );
        self.url_of(&name)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.data_dir();
        if let Some(data) = data.to_str() {
            let _ = self
                .command("pg_ctl")
                .args(["-D", data, "-m", "immediate", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}
