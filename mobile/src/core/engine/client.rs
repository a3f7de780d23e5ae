//! The service's HTTP API as the device uses it: sign-in, push, pull, photo uploads,
//! over the app's one HTTP layer ([`crate::core::http`]).
//!
//! Invariant: every request has a timeout and every answer a size limit (the HTTP
//! layer's); an error status becomes a [`SyncError`] with the server's message.

use std::time::Duration;

use reqwest::{Client, Method};
use serde::Deserialize;
use serde_json::{Value, json};
use tracemark_shared::domain::{Platform, Sha256};
use tracemark_shared::sync::{PROTOCOL_VERSION, PullResponse, PushRequest, PushResponse};

use super::SyncError;
use crate::core::http::{self, Endpoint, Failed};

/// An HTTP client with verified TLS and the given timeouts.
pub(super) fn http_client(connect: Duration, request: Duration) -> Result<Client, SyncError> {
    http::client(connect, request).map_err(SyncError::Client)
}

impl From<Failed> for SyncError {
    fn from(f: Failed) -> Self {
        match f {
            Failed::Http(e) => SyncError::from_http(&e),
            Failed::Status(status, message) => SyncError::from_status(status, message),
            Failed::TooLarge(limit) => {
                SyncError::BadAnswer(format!("an answer larger than {limit} bytes"))
            }
            Failed::Decode(detail) => SyncError::BadAnswer(detail),
        }
    }
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
    server: Endpoint,
}

impl Api {
    pub(super) fn new(http: Client, base: &str, token: Option<String>) -> Result<Self, SyncError> {
        let server =
            Endpoint::new(http, base, token).ok_or_else(|| SyncError::BadUrl(base.to_string()))?;
        Ok(Self { server })
    }

    fn request(&self, method: Method, path: &str) -> Result<reqwest::RequestBuilder, SyncError> {
        self.request_with(method, path, &[])
    }

    fn request_with(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, Option<&str>)],
    ) -> Result<reqwest::RequestBuilder, SyncError> {
        let url = self
            .server
            .url(path, query)
            .ok_or_else(|| SyncError::BadUrl(self.server.base().to_string()))?;
        Ok(self.server.request(method, url))
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
        let rb = self
            .request(Method::POST, "/api/v1/auth/login")?
            .json(&body);
        Ok(http::json(http::send(rb).await?).await?)
    }

    /// `POST /api/v1/auth/logout`: the server forgets the token.
    pub(super) async fn logout(&self) -> Result<(), SyncError> {
        let resp = http::send(self.request(Method::POST, "/api/v1/auth/logout")?).await?;
        let status = resp.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(SyncError::Server(
                status.as_u16(),
                http::error_message(resp).await,
            ))
        }
    }

    /// `POST /api/v1/sync/push`.
    pub(super) async fn push(&self, req: &PushRequest) -> Result<PushResponse, SyncError> {
        let rb = self.request(Method::POST, "/api/v1/sync/push")?.json(req);
        Ok(http::json(http::send(rb).await?).await?)
    }

    /// `GET /api/v1/sync/pull?version=2&cursor=…`.
    pub(super) async fn pull(&self, cursor: Option<&str>) -> Result<PullResponse, SyncError> {
        let version = PROTOCOL_VERSION.to_string();
        let rb = self.request_with(
            Method::GET,
            "/api/v1/sync/pull",
            &[("version", Some(&version)), ("cursor", cursor)],
        )?;
        Ok(http::json(http::send(rb).await?).await?)
    }

    /// `GET /api/v1/photos/{sha256}/upload`.
    pub(super) async fn upload_status(&self, sha: &Sha256) -> Result<UploadStatus, SyncError> {
        let path = format!("/api/v1/photos/{sha}/upload");
        Ok(http::json(http::send(self.request(Method::GET, &path)?).await?).await?)
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
        let resp = http::send(rb).await?;
        let status = resp.status().as_u16();
        match status {
            200 | 201 => Ok(PutOutcome::Stored),
            202 | 409 => Ok(PutOutcome::Continue),
            400 | 413 | 415 => Ok(PutOutcome::Refused(http::error_message(resp).await)),
            _ => Err(SyncError::from_status(
                status,
                http::error_message(resp).await,
            )),
        }
    }
}
