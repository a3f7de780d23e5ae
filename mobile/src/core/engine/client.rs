//! The service's HTTP API as the device uses it: sign-in, push, pull, photo uploads.
//!
//! Invariant: TLS is rustls on ring with the Mozilla roots compiled in, so connections
//! are verified the same way on every platform without platform hooks; every request
//! has a timeout; an error status becomes a [`SyncError`] with the server's message.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Client, Method, RequestBuilder, Response, Url};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tracemark_shared::domain::{Platform, Sha256};
use tracemark_shared::sync::{PROTOCOL_VERSION, PullResponse, PushRequest, PushResponse};

use super::SyncError;

/// Longest error message from a server that is kept.
const MAX_SERVER_MESSAGE_CHARS: usize = 500;

/// An HTTP client with verified TLS and the given timeouts.
pub(super) fn http_client(connect: Duration, request: Duration) -> Result<Client, SyncError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SyncError::Client(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(connect)
        .timeout(request)
        .build()
        .map_err(|e| SyncError::Client(e.to_string()))
}

/// The answer to a sign-in.
#[derive(Debug, Clone, Deserialize)]
pub struct LoginAnswer {
    /// Bearer token of this device.
    pub token: String,
    /// The user.
    #[serde(default)]
    pub user: Value,
    /// The device's id at the server.
    #[serde(default)]
    pub device_id: Option<Value>,
}

/// Where an upload of one photo stands at the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(super) struct UploadStatus {
    /// The server holds the whole photo.
    pub complete: bool,
    /// Bytes of an unfinished upload it holds.
    #[serde(default)]
    pub received: u64,
}

/// What a `PUT` of photo bytes did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PutOutcome {
    /// The server holds the photo.
    Stored,
    /// Part stored (202) or wrong offset / busy (409): ask where it stands again.
    Continue,
    /// The server will never take these bytes (400, 413, 415).
    Refused(String),
}

/// The API of one server, with an optional token.
#[derive(Debug, Clone)]
pub(super) struct Api {
    http: Client,
    base: Url,
    token: Option<String>,
}

impl Api {
    pub(super) fn new(http: Client, base: &str, token: Option<String>) -> Result<Self, SyncError> {
        let base = Url::parse(base).map_err(|_| SyncError::BadUrl(base.to_string()))?;
        Ok(Self { http, base, token })
    }

    fn request(&self, method: Method, path: &str) -> Result<RequestBuilder, SyncError> {
        let url = self
            .base
            .join(path)
            .map_err(|_| SyncError::BadUrl(self.base.to_string()))?;
        let rb = self.http.request(method, url);
        Ok(match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        })
    }

    /// `POST /api/v1/auth/login`, enrolling this device.
    pub(super) async fn login(
        &self,
        username: &str,
        password: &str,
        device_name: &str,
        platform: Platform,
    ) -> Result<LoginAnswer, SyncError> {
        let body = json!({
            "username": username,
            "password": password,
            "device": { "name": device_name, "platform": platform.as_str() },
        });
        json_answer(
            send(
                self.request(Method::POST, "/api/v1/auth/login")?
                    .json(&body),
            )
            .await?,
        )
        .await
    }

    /// `POST /api/v1/auth/logout`: the server forgets the token.
    pub(super) async fn logout(&self) -> Result<(), SyncError> {
        let resp = send(self.request(Method::POST, "/api/v1/auth/logout")?).await?;
        let status = resp.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(SyncError::Server(
                status.as_u16(),
                error_message(resp).await,
            ))
        }
    }

    /// `POST /api/v1/sync/push`.
    pub(super) async fn push(&self, req: &PushRequest) -> Result<PushResponse, SyncError> {
        json_answer(send(self.request(Method::POST, "/api/v1/sync/push")?.json(req)).await?).await
    }

    /// `GET /api/v1/sync/pull?version=1&cursor=…`.
    pub(super) async fn pull(&self, cursor: Option<&str>) -> Result<PullResponse, SyncError> {
        let mut url = self
            .base
            .join("/api/v1/sync/pull")
            .map_err(|_| SyncError::BadUrl(self.base.to_string()))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("version", &PROTOCOL_VERSION.to_string());
            if let Some(c) = cursor {
                q.append_pair("cursor", c);
            }
        }
        let mut rb = self.http.get(url);
        if let Some(t) = &self.token {
            rb = rb.bearer_auth(t);
        }
        json_answer(send(rb).await?).await
    }

    /// `GET /api/v1/photos/{sha256}/upload`.
    pub(super) async fn upload_status(&self, sha: &Sha256) -> Result<UploadStatus, SyncError> {
        let path = format!("/api/v1/photos/{sha}/upload");
        json_answer(send(self.request(Method::GET, &path)?).await?).await
    }

    /// `PUT /api/v1/photos/{sha256}` with bytes `start..start+len` of `total`.
    pub(super) async fn put_photo(
        &self,
        sha: &Sha256,
        start: u64,
        total: u64,
        bytes: Vec<u8>,
    ) -> Result<PutOutcome, SyncError> {
        let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        let end = start.saturating_add(len).saturating_sub(1);
        let rb = self
            .request(Method::PUT, &format!("/api/v1/photos/{sha}"))?
            .header("content-type", "application/octet-stream")
            .header("content-range", format!("bytes {start}-{end}/{total}"))
            .body(bytes);
        let resp = send(rb).await?;
        let status = resp.status().as_u16();
        match status {
            200 | 201 => Ok(PutOutcome::Stored),
            202 | 409 => Ok(PutOutcome::Continue),
            400 | 413 | 415 => Ok(PutOutcome::Refused(error_message(resp).await)),
            _ => Err(SyncError::from_status(status, error_message(resp).await)),
        }
    }
}

async fn send(rb: RequestBuilder) -> Result<Response, SyncError> {
    rb.send().await.map_err(|e| SyncError::from_http(&e))
}

/// The JSON body of a success, or the error the status means.
async fn json_answer<T: DeserializeOwned>(resp: Response) -> Result<T, SyncError> {
    let status = resp.status();
    if !status.is_success() {
        return Err(SyncError::from_status(
            status.as_u16(),
            error_message(resp).await,
        ));
    }
    let bytes = resp.bytes().await.map_err(|e| SyncError::from_http(&e))?;
    serde_json::from_slice(&bytes).map_err(|e| SyncError::BadAnswer(e.to_string()))
}

/// The `error.message` of an error body (`{"error":{"code","message"}}`), shortened.
async fn error_message(resp: Response) -> String {
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    let message = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| {
            v.pointer("/error/message")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| status.to_string());
    message.chars().take(MAX_SERVER_MESSAGE_CHARS).collect()
}
