//! A loopback TCP proxy that cuts the connection in the middle of a photo upload, for
//! the device's resume tests.
//!
//! Invariant: it cuts at most once per [`CutProxy::arm`]: after the first
//! `PUT /api/v1/photos/` it forwards `after_bytes` more bytes from the client, then
//! closes both sides; everything else passes unchanged.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the client sent, as far as the tests care.
#[derive(Default)]
struct Seen {
    /// Start offsets of every `Content-Range` header sent, in order.
    range_starts: Mutex<Vec<u64>>,
}

/// A proxy in front of a server; runs on the caller's tokio runtime.
pub struct CutProxy {
    /// Base URL of the proxy, e.g. `http://127.0.0.1:40124`.
    pub url: String,
    armed: Arc<AtomicBool>,
    after: Arc<AtomicUsize>,
    cuts: Arc<AtomicUsize>,
    seen: Arc<Seen>,
}

impl CutProxy {
    /// Starts a proxy to `upstream` (`http://127.0.0.1:PORT`).
    pub async fn start(upstream: &str) -> Self {
        let target = upstream.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let proxy = CutProxy {
            url,
            armed: Arc::new(AtomicBool::new(false)),
            after: Arc::new(AtomicUsize::new(0)),
            cuts: Arc::new(AtomicUsize::new(0)),
            seen: Arc::new(Seen::default()),
        };
        let (armed, after, cuts, seen) = (
            proxy.armed.clone(),
            proxy.after.clone(),
            proxy.cuts.clone(),
            proxy.seen.clone(),
        );
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(&target).await else {
                    continue;
                };
                let (armed, after, cuts, seen) =
                    (armed.clone(), after.clone(), cuts.clone(), seen.clone());
                tokio::spawn(pipe(client, server, armed, after, cuts, seen));
            }
        });
        proxy
    }

    /// Cuts the next photo upload `after_bytes` bytes after its request line.
    pub fn arm(&self, after_bytes: usize) {
        self.after.store(after_bytes, Ordering::SeqCst);
        self.armed.store(true, Ordering::SeqCst);
    }

    /// How many connections were cut.
    pub fn cuts(&self) -> usize {
        self.cuts.load(Ordering::SeqCst)
    }

    /// Start offsets of the `Content-Range` headers the client sent.
    pub fn range_starts(&self) -> Vec<u64> {
        self.seen.range_starts.lock().unwrap().clone()
    }
}

async fn pipe(
    mut client: TcpStream,
    server: TcpStream,
    armed: Arc<AtomicBool>,
    after: Arc<AtomicUsize>,
    cuts: Arc<AtomicUsize>,
    seen: Arc<Seen>,
) {
    let (mut from_server, mut to_server) = server.into_split();
    let (mut from_client, mut to_client) = client.split();
    let upstream = async {
        let mut buf = vec![0u8; 16 * 1024];
        // Bytes left before the cut, once a photo upload started on this connection.
        let mut budget: Option<usize> = None;
        loop {
            let n = match from_client.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            let chunk = &buf[..n];
            note_ranges(chunk, &seen);
            if budget.is_none()
                && find(chunk, b"PUT /api/v1/photos/").is_some()
                && armed.swap(false, Ordering::SeqCst)
            {
                budget = Some(after.load(Ordering::SeqCst));
            }
            if let Some(left) = budget {
                if n >= left {
                    let _ = to_server.write_all(&chunk[..left]).await;
                    let _ = to_server.flush().await;
                    cuts.fetch_add(1, Ordering::SeqCst);
                    return;
                }
                budget = Some(left - n);
            }
            if to_server.write_all(chunk).await.is_err() {
                return;
            }
        }
    };
    let downstream = async {
        let _ = tokio::io::copy(&mut from_server, &mut to_client).await;
    };
    // Whichever side ends first ends the connection: a cut drops both sockets.
    tokio::select! {
        () = upstream => {}
        () = downstream => {}
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn note_ranges(chunk: &[u8], seen: &Seen) {
    let text = String::from_utf8_lossy(chunk).to_ascii_lowercase();
    for (i, _) in text.match_indices("content-range: bytes ") {
        let rest = &text[i + "content-range: bytes ".len()..];
        if let Some(start) = rest.split('-').next().and_then(|s| s.parse().ok()) {
            seen.range_starts.lock().unwrap().push(start);
        }
    }
}
