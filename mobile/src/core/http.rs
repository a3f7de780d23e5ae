//! The app's one HTTP layer, used by the sync engine and the supervisor client alike:
//! a client with verified TLS and timeouts, a server address with the session's token,
//! and answers read within explicit limits.
//!
//! Invariants: TLS is rustls on ring with the Mozilla roots compiled in, so connections
//! are verified the same way on every platform without platform hooks; every request
//! has a timeout; no body is read past its limit (a JSON answer [`MAX_JSON_BYTES`], an
//! error answer [`MAX_ERROR_BODY_BYTES`], other bodies the caller's), so a broken or
//! hostile server cannot fill a phone's memory; a server message kept is at most
//! [`MAX_MESSAGE_CHARS`] characters.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Client, Method, RequestBuilder, Response, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Largest JSON answer read (a full page of pull items or of the review queue is far
/// smaller).
pub const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;
/// Largest error answer read (`{"error":{"code","message"}}` is a few hundred bytes).
pub const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;
/// Longest server message kept.
pub const MAX_MESSAGE_CHARS: usize = 500;

/// An HTTP client with verified TLS and the given timeouts.
pub fn client(connect: Duration, request: Duration) -> Result<Client, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(connect)
        .timeout(request)
        .build()
        .map_err(|e| e.to_string())
}

/// Why no usable answer came; each caller turns it into its own error, which says
/// what the user can do.
#[derive(Debug)]
pub enum Failed {
    /// The request did not get an answer (network, timeout, reset).
    Http(reqwest::Error),
    /// The server answered with an error status and this message.
    Status(u16, String),
    /// The answer is larger than the limit (bytes).
    TooLarge(usize),
    /// The answer is not what was expected.
    Decode(String),
}

/// A server and, once signed in, the session's token.
#[derive(Debug, Clone)]
pub struct Endpoint {
    http: Client,
    base: Url,
    token: Option<String>,
}

impl Endpoint {
    /// The server at `base`; `None` when `base` is not a URL.
    pub fn new(http: Client, base: &str, token: Option<String>) -> Option<Self> {
        let base = Url::parse(base).ok()?;
        Some(Self { http, base, token })
    }

    /// The server's address as given.
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// `path` on the server with the query pairs whose value is given; `None` when the
    /// path does not join the address.
    pub fn url(&self, path: &str, query: &[(&str, Option<&str>)]) -> Option<Url> {
        let mut url = self.base.join(path).ok()?;
        if query.iter().any(|(_, v)| v.is_some()) {
            let mut q = url.query_pairs_mut();
            for (k, v) in query {
                if let Some(v) = v {
                    q.append_pair(k, v);
                }
            }
        }
        Some(url)
    }

    /// A request to `url` carrying the token, if any.
    pub fn request(&self, method: Method, url: Url) -> RequestBuilder {
        let rb = self.http.request(method, url);
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }
}

/// Sends a request.
pub async fn send(rb: RequestBuilder) -> Result<Response, Failed> {
    rb.send().await.map_err(Failed::Http)
}

/// The body of a success, at most `limit` bytes, or the error its status means.
pub async fn body(resp: Response, limit: usize) -> Result<Vec<u8>, Failed> {
    let status = resp.status();
    if !status.is_success() {
        return Err(Failed::Status(status.as_u16(), error_message(resp).await));
    }
    read_at_most(resp, limit)
        .await?
        .ok_or(Failed::TooLarge(limit))
}

/// The JSON of a success (at most [`MAX_JSON_BYTES`]), or the error its status means.
pub async fn json<T: DeserializeOwned>(resp: Response) -> Result<T, Failed> {
    let bytes = body(resp, MAX_JSON_BYTES).await?;
    serde_json::from_slice(&bytes).map_err(|e| Failed::Decode(e.to_string()))
}

/// The body, or `None` when it is larger than `limit` (not read further).
async fn read_at_most(mut resp: Response, limit: usize) -> Result<Option<Vec<u8>>, Failed> {
    if resp
        .content_length()
        .is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX))
    {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(Failed::Http)? {
        if bytes.len().saturating_add(chunk.len()) > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// The `error.message` of an error answer (`{"error":{"code","message"}}`), at most
/// [`MAX_MESSAGE_CHARS`]; the status's own words when the answer has none, is too
/// large, or breaks off.
pub async fn error_message(resp: Response) -> String {
    let status = resp.status();
    let text = read_at_most(resp, MAX_ERROR_BODY_BYTES)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let message = serde_json::from_slice::<Value>(&text)
        .ok()
        .and_then(|v| {
            v.pointer("/error/message")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| status.to_string());
    message.chars().take(MAX_MESSAGE_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A one-request server on loopback answering `head` then `size` bytes of `fill`.
    fn server(head: &'static str, fill: u8, size: usize) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
                let _ = s.write_all(head.as_bytes());
                let chunk = vec![fill; 64 * 1024];
                let mut left = size;
                while left > 0 {
                    let n = left.min(chunk.len());
                    if s.write_all(&chunk[..n]).is_err() {
                        return;
                    }
                    left -= n;
                }
            }
        });
        format!("http://{addr}")
    }

    async fn get(base: &str) -> Response {
        let http = client(Duration::from_secs(5), Duration::from_secs(20)).unwrap();
        let e = Endpoint::new(http, base, Some("t".into())).unwrap();
        send(e.request(Method::GET, e.url("/x", &[]).unwrap()))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_huge_answer_is_not_read_past_its_limit() {
        // No length announced: the stream is cut once past the limit.
        let base = server(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
            b' ',
            MAX_JSON_BYTES + 1024 * 1024,
        );
        let answer = json::<Value>(get(&base).await).await;
        assert!(
            matches!(answer, Err(Failed::TooLarge(MAX_JSON_BYTES))),
            "{answer:?}"
        );
    }

    #[tokio::test]
    async fn a_huge_error_answer_gives_the_statuss_words_and_a_long_message_is_cut() {
        let base = server(
            "HTTP/1.1 500 Internal Server Error\r\nconnection: close\r\n\r\n",
            b'x',
            8 * 1024 * 1024,
        );
        let answer = json::<Value>(get(&base).await).await;
        match answer {
            Err(Failed::Status(500, m)) => assert_eq!(m, "500 Internal Server Error"),
            other => panic!("{other:?}"),
        }
        let long = Box::leak(
            format!(
                "HTTP/1.1 422 Unprocessable Entity\r\nconnection: close\r\n\r\n{{\"error\":{{\"code\":\"invalid\",\"message\":\"{}\"}}}}",
                "é".repeat(2_000)
            )
            .into_boxed_str(),
        );
        let base = server(long, b' ', 0);
        match json::<Value>(get(&base).await).await {
            Err(Failed::Status(422, m)) => assert_eq!(m.chars().count(), MAX_MESSAGE_CHARS),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn query_pairs_without_a_value_are_left_out() {
        let http = client(Duration::from_secs(1), Duration::from_secs(1)).unwrap();
        let e = Endpoint::new(http, "https://tracemark.example.org", None).unwrap();
        let url = e
            .url("/api/v1/records", &[("kind", None), ("limit", Some("5"))])
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://tracemark.example.org/api/v1/records?limit=5"
        );
        assert!(Endpoint::new(e.http.clone(), "not a url", None).is_none());
    }
}
