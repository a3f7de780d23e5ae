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

/// Set to `postgres` to run the end-to-end servers on PostgreSQL.
pub const ENGINE_VAR: &str = "TRACEMARK_TEST_DATABASE";
/// The URL of the cluster they use then (any database of it; `scripts/test` starts
/// one with `scripts/postgres-for-tests`).
pub const CLUSTER_VAR: &str = "TRACEMARK_TEST_POSTGRES";

/// The file, in a server's temporary folder, that keeps the URL of its database.
const URL_FILE: &str = "database-url";

/// Whether the end-to-end servers run on PostgreSQL in this run.
pub fn servers_on_postgres() -> bool {
    std::env::var(ENGINE_VAR).is_ok_and(|v| v == "postgres")
}

/// For a server about to start in `dir`: nothing on SQLite; on PostgreSQL, a new
/// empty database in the run's cluster, its URL kept in `dir` for a restart.
pub fn for_server(dir: &Path) -> Option<String> {
    if !servers_on_postgres() {
        return None;
    }
    let cluster = std::env::var(CLUSTER_VAR).unwrap_or_else(|_| {
        panic!("{ENGINE_VAR}=postgres needs {CLUSTER_VAR}, the URL of a running cluster: scripts/postgres-for-tests starts one")
    });
    static MADE: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "e2e_{}_{}",
        std::process::id(),
        MADE.fetch_add(1, Ordering::Relaxed)
    );
    let out = Command::new(bin_dir().join("psql"))
        .args(["-q", "-v", "ON_ERROR_STOP=1", &cluster, "-c"])
        .arg(format!("CREATE DATABASE {name}"))
        .stdin(Stdio::null())
        .output()
        .expect("running psql");
    assert!(
        out.status.success(),
        "creating the test database: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = with_database(&cluster, &name);
    std::fs::write(dir.join(URL_FILE), &url).expect("keeping the database URL");
    Some(url)
}

/// Runs SQL through `psql` on the database at `url`; its rows, one per line, columns
/// separated by U+001F.
pub fn psql(url: &str, sql: &str) -> String {
    let out = Command::new(bin_dir().join("psql"))
        .args([
            "-qAt",
            "-F",
            "\u{1f}",
            "-v",
            "ON_ERROR_STOP=1",
            url,
            "-c",
            sql,
        ])
        .stdin(Stdio::null())
        .output()
        .expect("running psql");
    assert!(
        out.status.success(),
        "psql: {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The database a server started in `dir` before was given, if any.
pub fn of_server(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join(URL_FILE)).ok()
}

/// `url` with its database replaced by `name` (`postgres://U@H/DB?host=…`).
fn with_database(url: &str, name: &str) -> String {
    let (head, query) = url
        .split_once('?')
        .map_or((url, None), |(h, q)| (h, Some(q)));
    let start = head.find("://").map_or(0, |i| i + 3);
    let base = match head[start..].find('/') {
        Some(j) => &head[..start + j],
        None => head,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

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
        server.resume();
        server
    }

    /// Stops the server at once (as a crash or a lost database host would), keeping
    /// its data; [`PgServer::resume`] starts it again.
    pub fn halt(&self) {
        let data = self.data_dir();
        self.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().expect("utf-8 path"),
                "-m",
                "immediate",
                "stop",
            ],
        );
    }

    /// Starts the server on its data.
    pub fn resume(&self) {
        let data = self.data_dir();
        let options = format!(
            "-k {} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            self.socket_dir().display()
        );
        self.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().expect("utf-8 path"),
                "-o",
                &options,
                "-l",
                self.dir.path().join("log").to_str().expect("utf-8 path"),
                "-w",
                "start",
            ],
        );
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
