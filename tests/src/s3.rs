//! A real S3-compatible server process on loopback for the tests: moto's server, which
//! `scripts/install-deps` installs into its own Python environment.
//!
//! Invariant: each [`S3Server`] is its own process on its own port, killed on drop, so
//! tests never share a bucket.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The access key the tests sign with (moto accepts any).
pub const ACCESS_KEY_ID: &str = "tracemark-test";
/// Its secret.
pub const SECRET_ACCESS_KEY: &str = "tracemark-test-secret";

/// Where `scripts/install-deps` puts the S3 server (or `TRACEMARK_S3_SERVER`).
pub fn server_program() -> PathBuf {
    if let Ok(p) = std::env::var("TRACEMARK_S3_SERVER") {
        return PathBuf::from(p);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    cache.join("tracemark/s3-server/bin/moto_server")
}

/// A running S3-compatible server with one bucket.
pub struct S3Server {
    child: Child,
    /// Its address, e.g. `http://127.0.0.1:40123`.
    pub endpoint: String,
    /// The bucket made for the test.
    pub bucket: String,
}

impl S3Server {
    /// Starts the server on a free loopback port and makes the bucket `tracemark-photos`.
    pub fn start() -> Self {
        let program = server_program();
        assert!(
            program.exists(),
            "the S3-compatible test server {} is missing: run scripts/install-deps",
            program.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting the S3 server");
        let server = S3Server {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            bucket: "tracemark-photos".into(),
        };
        crate::install_tls_provider();
        let client = reqwest::blocking::Client::new();
        // Python takes a moment to start, longer on a busy machine.
        for _ in 0..600 {
            if client.get(&server.endpoint).send().is_ok() {
                let made = client
                    .put(format!("{}/{}", server.endpoint, server.bucket))
                    .send()
                    .expect("making the bucket");
                assert!(made.status().is_success(), "making the bucket: {made:?}");
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the S3 server at {} never answered", server.endpoint);
    }

    /// `tracemark` flags that keep photos in this bucket.
    pub fn flags(&self) -> Vec<String> {
        vec![
            "--photo-store-url".into(),
            format!("s3://{}/photos", self.bucket),
            "--s3-endpoint".into(),
            self.endpoint.clone(),
        ]
    }

    /// The environment `tracemark` reads the credentials from.
    pub fn env() -> [(&'static str, &'static str); 2] {
        [
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY),
        ]
    }

    /// The keys of every object in the bucket, via the server's own listing.
    pub fn keys(&self) -> Vec<String> {
        let body = reqwest::blocking::get(format!("{}/{}?list-type=2", self.endpoint, self.bucket))
            .and_then(|r| r.text())
            .expect("listing the bucket");
        body.split("<Key>")
            .skip(1)
            .filter_map(|s| s.split("</Key>").next())
            .map(str::to_string)
            .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
