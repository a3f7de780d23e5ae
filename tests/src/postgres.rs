//! A real PostgreSQL server process for the tests: Debian's `postgresql` package,
//! which `scripts/install-deps` installs. Each [`PgServer`] is a cluster of its own,
//! made by `scripts/postgres-for-tests` in a temporary folder (reached through a Unix
//! socket there, no TCP port; run as the `postgres` user when root), stopped and
//! removed on drop, so tests never share a database.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// The script that makes, halts, resumes and removes test clusters.
fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/postgres-for-tests")
}

/// A running PostgreSQL cluster of its own.
pub struct PgServer {
    dir: PathBuf,
    admin_url: String,
    made: AtomicUsize,
}

fn cluster(command: &str, dir: &Path) -> String {
    let out = Command::new(script())
        .arg(command)
        .arg(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("running scripts/postgres-for-tests: {e}"));
    assert!(
        out.status.success(),
        "postgres-for-tests {command}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

impl PgServer {
    /// Makes and starts a cluster (about a second).
    pub fn start() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("tracemark-pg")
            .tempdir()
            .expect("a folder for the cluster")
            .keep();
        let admin_url = cluster("start", &dir);
        PgServer {
            dir,
            admin_url,
            made: AtomicUsize::new(0),
        }
    }

    /// Stops the server at once (as a crash or a lost database host would), keeping
    /// its data; [`PgServer::resume`] starts it again.
    pub fn halt(&self) {
        cluster("halt", &self.dir);
    }

    /// Starts the server on its data.
    pub fn resume(&self) {
        cluster("resume", &self.dir);
    }

    /// The URL of the cluster's `postgres` database.
    pub fn admin_url(&self) -> String {
        self.admin_url.clone()
    }

    /// A new empty database in the cluster, and its URL.
    pub fn database(&self) -> String {
        let name = format!("t{}", self.made.fetch_add(1, Ordering::Relaxed));
        psql(&self.admin_url, &format!("CREATE DATABASE {name}"));
        with_database(&self.admin_url, &name)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        // Stops the server and removes its folder.
        let _ = Command::new(script())
            .arg("stop")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .output();
    }
}
