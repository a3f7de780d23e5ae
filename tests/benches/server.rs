//! Service throughput on loopback, each figure as a ratio against a reference measured
//! in the same run on the same machine:
//! - authenticated small reads (`GET /api/v1/me`: token look-up in SQLite) against the
//!   unauthenticated `GET /healthz` of the same server;
//! - photo upload MB/s (`PUT /api/v1/photos/{sha256}`: streamed to disk, hashed,
//!   fsynced, renamed) against a plain loopback TCP copy of the same bytes.
//!
//! Run: `cargo bench -p tracemark-tests --bench server` (`-- --quick` for a short run).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tracemark_tests::Server;

const THREADS: usize = 8;

fn rate(total: usize, per_thread: impl Fn() + Sync) -> f64 {
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(&per_thread);
        }
    });
    total as f64 / start.elapsed().as_secs_f64()
}

fn reads(server: &Server, path: &str, token: Option<&str>, n: usize) -> f64 {
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let url = format!("{}{path}", server.url);
    rate(n * THREADS, || {
        for _ in 0..n {
            let mut rb = client.get(&url);
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            let resp = rb.send().unwrap();
            assert!(resp.status().is_success());
            let _ = resp.bytes().unwrap();
        }
    })
}

fn photo(len: usize, seed: u32) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
    let mut x = seed.wrapping_mul(2).wrapping_add(1);
    while v.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(len);
    v
}

fn loopback_copy_mbps(bytes: &[u8]) -> f64 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let reader = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut sink = Vec::new();
        conn.read_to_end(&mut sink).unwrap();
        sink.len()
    });
    let start = Instant::now();
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.write_all(bytes).unwrap();
    drop(conn);
    let got = reader.join().unwrap();
    assert_eq!(got, bytes.len());
    bytes.len() as f64 / 1e6 / start.elapsed().as_secs_f64()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let server = Server::demo();
    let token = server.login("supervisor.customs");
    let n = if quick { 100 } else { 1000 };
    // Warm up both paths (connection pools, page cache, prepared statements).
    reads(&server, "/healthz", None, 20);
    reads(&server, "/api/v1/me", Some(&token), 20);
    let health = reads(&server, "/healthz", None, n);
    let me = reads(&server, "/api/v1/me", Some(&token), n);
    println!(
        "reads: authenticated GET /api/v1/me {me:.0}/s; GET /healthz {health:.0}/s; ratio {:.2} ({THREADS} threads x {n})",
        me / health
    );

    let size = if quick { 8 << 20 } else { 32 << 20 };
    let rounds = if quick { 2 } else { 5 };
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let (mut upload_secs, mut copy_mbps) = (0.0, Vec::new());
    for round in 0..rounds {
        let bytes = photo(size, 7 + round);
        let sha = hex::encode(Sha256::digest(&bytes));
        copy_mbps.push(loopback_copy_mbps(&bytes));
        let start = Instant::now();
        let resp = client
            .put(format!("{}/api/v1/photos/{sha}", server.url))
            .bearer_auth(&token)
            .body(bytes)
            .send()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 201);
        upload_secs += start.elapsed().as_secs_f64();
    }
    let upload_mbps = (size as f64 * f64::from(rounds)) / 1e6 / upload_secs;
    let copy = copy_mbps.iter().sum::<f64>() / copy_mbps.len() as f64;
    println!(
        "photo upload: {upload_mbps:.0} MB/s; plain loopback copy {copy:.0} MB/s; ratio {:.2} ({rounds} x {} MB)",
        upload_mbps / copy,
        size >> 20
    );
}
