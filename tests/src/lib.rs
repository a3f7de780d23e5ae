//! Helpers for the end-to-end tests in `tests/tests`: build and start the real
//! `tracemark` binary on a free loopback port with a temporary data directory, and
//! talk to it over HTTP.
//!
//! Invariant: every server started here is killed and its data directory removed when
//! its [`Server`] is dropped, even when a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

pub mod console;
pub mod postgres;
pub mod proxy;
pub mod s3;
pub mod stock;
pub mod sync;

/// Password of every demo user in the tests.
pub const DEMO_PASSWORD: &str = "e2e-demo-password";

/// Builds a workspace binary with the profile of the running test, so it is never
/// stale, and returns its path (test executables live in target/<profile>/deps).
fn build_binary(package: &str, bin: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target dir");
    let mut args = vec!["build", "--quiet", "-p", package, "--bin", bin];
    if profile_dir.ends_with("release") {
        args.push("--release");
    }
    let status = Command::new(env!("CARGO"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("running cargo build");
    assert!(status.success(), "building {bin} failed");
    profile_dir.join(bin)
}

/// The `tracemark` binary (or `TRACEMARK_BIN`), built once per test process.
pub fn binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| match std::env::var("TRACEMARK_BIN") {
        Ok(p) => PathBuf::from(p),
        Err(_) => build_binary("tracemark-backend", "tracemark"),
    })
}

/// The field app's desktop binary, built once per test process.
pub fn app_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| build_binary("tracemark-mobile", "tracemark-app"))
}

/// Makes ring the process's rustls provider. reqwest is built without a provider of
/// its own (the field app hands it a configured rustls), so every client built here
/// needs one installed first; installing twice is harmless.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Runs `tracemark` with arguments and optional stdin.
pub fn tracemark(args: &[&str], stdin: Option<&str>) -> Output {
    tracemark_with_env(args, stdin, &[])
}

fn tracemark_with_env(args: &[&str], stdin: Option<&str>, env: &[(&str, String)]) -> Output {
    use std::io::Write;
    let mut child = Command::new(binary())
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting tracemark");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        let _ = input.write_all(text.as_bytes());
    }
    drop(input);
    child.wait_with_output().expect("tracemark output")
}

/// Where a server keeps its records.
enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

/// What whoever holds a server's data reaches without the server: its database (the
/// SQLite file or its PostgreSQL database) and the command line on them. `dir` is the
/// temporary folder the server was started in (kept after [`Server::kill`]).
pub struct Held {
    dir: PathBuf,
}

impl Held {
    /// The data of the server started in `dir`.
    pub fn of(dir: &Path) -> Self {
        Held {
            dir: dir.to_path_buf(),
        }
    }

    /// The server's database, as its holder would reach it: SQLite's file, or the
    /// PostgreSQL database the run gave it.
    fn database(&self) -> Database {
        match postgres::of_server(&self.dir) {
            Some(url) => Database::Postgres(url),
            None => Database::Sqlite(Server::demo_data_dir(&self.dir).join("tracemark.db")),
        }
    }

    /// Runs SQL statements (literal values only) on the server's database directly,
    /// as someone holding it could.
    pub fn sql(&self, statements: &str) {
        match self.database() {
            Database::Sqlite(path) => {
                let db = rusqlite::Connection::open(path).expect("the database file");
                db.busy_timeout(Duration::from_secs(10))
                    .expect("busy timeout");
                db.execute_batch(statements).expect("statements run");
            }
            Database::Postgres(url) => {
                postgres::psql(&url, statements);
            }
        }
    }

    /// The rows of one query (literal values only) on the server's database, each
    /// column as text.
    pub fn sql_rows(&self, query: &str) -> Vec<Vec<String>> {
        match self.database() {
            Database::Sqlite(path) => {
                let db = rusqlite::Connection::open(path).expect("the database file");
                db.busy_timeout(Duration::from_secs(10))
                    .expect("busy timeout");
                let mut stmt = db.prepare(query).expect("the query");
                let n = stmt.column_count();
                stmt.query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => String::new(),
                                rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                                rusqlite::types::ValueRef::Real(f) => f.to_string(),
                                rusqlite::types::ValueRef::Text(t) => {
                                    String::from_utf8_lossy(t).into_owned()
                                }
                                rusqlite::types::ValueRef::Blob(b) => format!("{b:?}"),
                            })
                        })
                        .collect()
                })
                .expect("rows")
                .map(|r| r.expect("a row"))
                .collect()
            }
            Database::Postgres(url) => postgres::psql(&url, query)
                .lines()
                .map(|l| l.split('\u{1f}').map(str::to_string).collect())
                .collect(),
        }
    }

    /// Drops the triggers that keep the audit log append-only, as someone holding the
    /// database could.
    pub fn drop_audit_triggers(&self) {
        match self.database() {
            Database::Sqlite(_) => {
                self.sql("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
            }
            Database::Postgres(_) => self.sql(
                "DROP TRIGGER audit_log_no_update ON audit_log;
                 DROP TRIGGER audit_log_no_delete ON audit_log;",
            ),
        }
    }

    /// Runs `tracemark` with arguments on this server's database (its data directory
    /// holds the rest).
    pub fn tracemark(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let env: Vec<(&str, String)> = match self.database() {
            Database::Postgres(url) => vec![("TRACEMARK_DATABASE_URL", url)],
            Database::Sqlite(_) => Vec::new(),
        };
        tracemark_with_env(args, stdin, &env)
    }
}

/// A running server with its own data directory.
pub struct Server {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
    /// Data directory (removed on drop).
    pub dir: tempfile::TempDir,
    /// Everything the process printed to stdout before it was ready.
    pub banner: String,
    client: reqwest::blocking::Client,
}

impl Server {
    /// Starts `tracemark demo` (fresh demo data, known password).
    pub fn demo() -> Self {
        Self::demo_with(tempfile::tempdir().expect("tempdir"), &[])
    }

    /// Starts `tracemark demo` in `dir` with extra settings (flags of `serve`).
    pub fn demo_with(dir: tempfile::TempDir, extra: &[&str]) -> Self {
        Self::demo_with_env(dir, extra, &[])
    }

    /// Starts `tracemark demo` with its photos in the S3-compatible `bucket`.
    pub fn demo_on_s3(bucket: &s3::S3Server) -> Self {
        let flags = bucket.flags();
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        Self::demo_with_env(
            tempfile::tempdir().expect("tempdir"),
            &flags,
            &s3::S3Server::env(),
        )
    }

    /// Like [`Server::demo_with`], with extra environment variables.
    pub fn demo_with_env(dir: tempfile::TempDir, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let data = Self::demo_data_dir(dir.path());
        let data = data.to_str().expect("utf-8 path").to_string();
        let mut args = vec![
            "demo",
            "--data-dir",
            &data,
            "--listen",
            "127.0.0.1:0",
            "--password",
            DEMO_PASSWORD,
        ];
        // A test that names its database keeps it, whatever this run's engine.
        let named = extra.contains(&"--database-url");
        let database = if named {
            None
        } else {
            postgres::for_server(dir.path())
        };
        if let Some(url) = &database {
            args.extend(["--database-url", url.as_str()]);
        }
        args.extend_from_slice(extra);
        Self::start(dir, &args, env)
    }

    /// Starts `tracemark serve` on an existing data directory.
    pub fn serve(dir: tempfile::TempDir, data_dir: &Path) -> Self {
        Self::serve_with(dir, data_dir, &[], &[])
    }

    /// Like [`Server::serve`], with extra flags and environment variables.
    pub fn serve_with(
        dir: tempfile::TempDir,
        data_dir: &Path,
        extra: &[String],
        env: &[(&str, &str)],
    ) -> Self {
        let data = data_dir.to_str().expect("utf-8 path").to_string();
        let mut args = vec!["serve", "--data-dir", &data, "--listen", "127.0.0.1:0"];
        // A server started again serves the database its first start made.
        let named = extra.iter().any(|a| a == "--database-url");
        let database = if named {
            None
        } else {
            postgres::of_server(dir.path())
        };
        if let Some(url) = &database {
            args.extend(["--database-url", url.as_str()]);
        }
        args.extend(extra.iter().map(String::as_str));
        Self::start(dir, &args, env)
    }

    fn start(dir: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(binary())
            .args(args)
            .envs(env.iter().copied())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting tracemark");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut banner = String::new();
        let mut url: Option<String> = None;
        let url = loop {
            let line = match lines.next() {
                Some(Ok(l)) => l,
                _ => panic!("tracemark exited before it was ready:\n{banner}"),
            };
            banner.push_str(&line);
            banner.push('\n');
            if let (None, Some(i)) = (&url, line.find("http://127.0.0.1:")) {
                url = line[i..].split_whitespace().next().map(str::to_string);
            }
            // `serve` is ready at its one line; `demo` once it has printed the logins.
            let ready = match args.first() {
                Some(&"demo") => line.starts_with("Stop with"),
                _ => url.is_some(),
            };
            if ready {
                break url.clone().expect("the URL line comes first");
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        install_tls_provider();
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("http client");
        Server {
            child,
            url,
            dir,
            banner,
            client,
        }
    }

    /// Process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process at once (SIGKILL: no clean shutdown) and hands back its data
    /// directory, to start it again with [`Server::serve`].
    pub fn kill(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::replace(&mut self.dir, tempfile::tempdir().expect("tempdir"))
    }

    /// Data directory of a server started with [`Server::demo`].
    pub fn demo_data_dir(dir: &Path) -> PathBuf {
        dir.join("demo")
    }

    /// Waits for the process to exit (after a signal) and returns whether it succeeded.
    pub fn wait(&mut self) -> bool {
        self.child.wait().map(|s| s.success()).unwrap_or(false)
    }

    /// A request builder for `path` with an optional bearer token.
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::blocking::RequestBuilder {
        let rb = self.client.request(method, format!("{}{path}", self.url));
        match token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    /// GET returning status and JSON (or Null).
    pub fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        respond(self.request(reqwest::Method::GET, path, token))
    }

    /// POST a JSON body returning status and JSON (or Null).
    pub fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        respond(self.request(reqwest::Method::POST, path, token).json(body))
    }

    /// `PUT /api/v1/photos/{sha}` with `body`, optionally as `Content-Range: range`.
    pub fn put_photo(
        &self,
        token: &str,
        sha: &str,
        body: Vec<u8>,
        range: Option<String>,
    ) -> (u16, Value) {
        let mut rb = self
            .request(
                reqwest::Method::PUT,
                &format!("/api/v1/photos/{sha}"),
                Some(token),
            )
            .body(body);
        if let Some(r) = range {
            rb = rb.header("content-range", r);
        }
        respond(rb)
    }

    /// Audit entries of `action` whose subject or detail is LIKE `pattern`, read from
    /// the server's database.
    pub fn audit_count(&self, action: &str, pattern: &str) -> i64 {
        let q = |t: &str| t.replace('\'', "''");
        self.sql_rows(&format!(
            "SELECT count(*) FROM audit_log WHERE action = '{}' AND (subject LIKE '{p}' OR detail LIKE '{p}')",
            q(action),
            p = q(pattern)
        ))[0][0]
            .parse()
            .expect("a count")
    }

    /// What the holder of this server's data reaches directly: its database and
    /// data directory.
    pub fn held(&self) -> Held {
        Held::of(self.dir.path())
    }

    /// Runs SQL statements on the server's database directly ([`Held::sql`]).
    pub fn sql(&self, statements: &str) {
        self.held().sql(statements);
    }

    /// The rows of one query on the server's database ([`Held::sql_rows`]).
    pub fn sql_rows(&self, query: &str) -> Vec<Vec<String>> {
        self.held().sql_rows(query)
    }

    /// Drops the audit log's append-only triggers ([`Held::drop_audit_triggers`]).
    pub fn drop_audit_triggers(&self) {
        self.held().drop_audit_triggers();
    }

    /// Runs `tracemark` on this server's database ([`Held::tracemark`]).
    pub fn tracemark(&self, args: &[&str], stdin: Option<&str>) -> Output {
        self.held().tracemark(args, stdin)
    }

    /// Logs a demo user in and returns the token.
    pub fn login(&self, username: &str) -> String {
        let (status, body) = self.post(
            "/api/v1/auth/login",
            None,
            &serde_json::json!({ "username": username, "password": DEMO_PASSWORD }),
        );
        assert_eq!(status, 200, "login {username}: {body}");
        body["token"].as_str().expect("token").to_string()
    }
}

/// The text of a PDF, read back with `pdftotext` (poppler-utils, installed by
/// `scripts/install-deps`).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).expect("the PDF written");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, scripts/install-deps)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// The SHA-256 of bytes, as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Sends a request and returns status and JSON body (Null if not JSON).
pub fn respond(rb: reqwest::blocking::RequestBuilder) -> (u16, Value) {
    let resp = rb.send().expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
