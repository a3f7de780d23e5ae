//! The supervisor's online work: the review queue and decisions, record histories,
//! photos (server-made thumbnails, originals on demand) and trend reports, over the
//! server's HTTP API with the session's token.
//!
//! Invariants: nothing here touches the local store's records — supervisor screens
//! read the server and write decisions to it directly; every answer is read under an
//! explicit size limit ([`MAX_JSON_BYTES`], [`MAX_THUMBNAIL_BYTES`],
//! [`MAX_ORIGINAL_BYTES`]); every failure becomes a [`SupervisorError`] that says what
//! the user can do (no panics, no raw HTTP errors).

mod inventory;
mod tracing;
mod types;

use reqwest::{Client, Method, RequestBuilder, Response, Url};
use serde::de::DeserializeOwned;
use serde_json::json;
use tracemark_shared::domain::{RecordKind, Role};

pub use inventory::*;
pub use tracing::*;
pub use types::*;

use crate::core::http::{self, Endpoint, Failed};
use crate::core::store::Session;

/// Largest JSON answer read (a full queue page with its photo lists is far smaller).
pub use crate::core::http::MAX_JSON_BYTES;
/// Largest thumbnail read (the server makes JPEGs of at most 512 pixels a side).
pub const MAX_THUMBNAIL_BYTES: usize = 4 * 1024 * 1024;
/// Largest original photo read: the largest photo a device may upload.
pub const MAX_ORIGINAL_BYTES: usize = 64 * 1024 * 1024;
/// Longest comment a supervisor may write (the server's long-text limit).
pub use tracemark_shared::view::review::MAX_COMMENT_CHARS;

/// Why a supervisor request failed, in words for the user. The UI shows its own
/// translation of the kind ([`SupervisorError::kind`]) with the server's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SupervisorError {
    /// No network, the server unreachable, or a timeout.
    #[error("No connection to the server. Check the network and try again.")]
    Offline(String),
    /// The token expired or was revoked (401).
    #[error("Your session has ended. Sign in again.")]
    SignedOut,
    /// Nobody is signed in on this device.
    #[error("Sign in first.")]
    NotSignedIn,
    /// The signed-in user may not do this (403).
    #[error("Your account may not do this: {0}")]
    Forbidden(String),
    /// Nothing the user may see has this id (404).
    #[error("Not found, or not shared with your agency.")]
    NotFound,
    /// The request was refused as invalid (400, 422).
    #[error("The server refused the request: {0}")]
    Invalid(String),
    /// The record changed meanwhile (409), e.g. someone else decided first.
    #[error("The record changed meanwhile: {0}")]
    Conflict(String),
    /// The server failed (5xx, 429, 408).
    #[error("The server is not answering properly ({0}): {1}. Try again in a moment.")]
    Server(u16, String),
    /// An answer was bigger than the app reads.
    #[error("The server's answer is larger than {0} bytes; narrow the request.")]
    TooLarge(usize),
    /// The answer could not be read.
    #[error("The server sent an answer this app does not understand: {0}")]
    BadAnswer(String),
    /// The server address of the session is not a URL.
    #[error("The server address {0:?} is not valid.")]
    BadUrl(String),
    /// The HTTP client could not be set up.
    #[error("The app could not set up secure connections: {0}")]
    Client(String),
    /// The session could not be read from this device.
    #[error("The data on this device could not be read: {0}")]
    Store(String),
}

/// What kind of failure a request met (decided once for the app and the console).
pub use tracemark_shared::view::failure::Failure as ErrorKind;

impl SupervisorError {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            SupervisorError::Offline(_) => ErrorKind::Offline,
            SupervisorError::SignedOut | SupervisorError::NotSignedIn => ErrorKind::SignedOut,
            SupervisorError::Forbidden(_) => ErrorKind::Forbidden,
            SupervisorError::NotFound => ErrorKind::NotFound,
            SupervisorError::Invalid(_) => ErrorKind::Invalid,
            SupervisorError::Conflict(_) => ErrorKind::Conflict,
            SupervisorError::Server(..) => ErrorKind::Server,
            _ => ErrorKind::Other,
        }
    }

    /// The server's own words, when it gave some.
    pub fn server_message(&self) -> Option<&str> {
        match self {
            SupervisorError::Forbidden(m)
            | SupervisorError::Invalid(m)
            | SupervisorError::Conflict(m)
            | SupervisorError::Server(_, m)
            | SupervisorError::BadAnswer(m) => Some(m.as_str()).filter(|m| !m.is_empty()),
            _ => None,
        }
    }

    /// Whether trying the same request again may help.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            SupervisorError::Offline(_)
                | SupervisorError::Server(..)
                | SupervisorError::Conflict(_)
        )
    }

    fn from_http(e: &reqwest::Error) -> Self {
        if e.is_decode() {
            return SupervisorError::BadAnswer(e.to_string());
        }
        match e.status() {
            Some(s) => Self::from_status(s.as_u16(), e.to_string()),
            None => SupervisorError::Offline(format!("{e:?}")),
        }
    }

    fn from_status(status: u16, message: String) -> Self {
        match status {
            401 => SupervisorError::SignedOut,
            403 => SupervisorError::Forbidden(message),
            404 => SupervisorError::NotFound,
            409 => SupervisorError::Conflict(message),
            408 | 429 | 500..=599 => SupervisorError::Server(status, message),
            _ => SupervisorError::Invalid(message),
        }
    }
}

/// Whether the session's user is a supervisor (from the user JSON of the sign-in).
pub fn role_of(session: &Session) -> Option<Role> {
    session
        .user
        .get("role")
        .and_then(|r| serde_json::from_value(r.clone()).ok())
}

/// The supervisor API of the session's server.
#[derive(Debug, Clone)]
pub struct SupervisorClient {
    server: Endpoint,
}

impl From<Failed> for SupervisorError {
    fn from(f: Failed) -> Self {
        match f {
            Failed::Http(e) => SupervisorError::from_http(&e),
            Failed::Status(status, message) => SupervisorError::from_status(status, message),
            Failed::TooLarge(limit) => SupervisorError::TooLarge(limit),
            Failed::Decode(detail) => SupervisorError::BadAnswer(detail),
        }
    }
}

impl SupervisorClient {
    /// A client for `session`, over `http` (the sync engine's client: verified TLS,
    /// timeouts).
    pub fn new(http: Client, session: &Session) -> Result<Self, SupervisorError> {
        if session.token.is_empty() {
            return Err(SupervisorError::NotSignedIn);
        }
        let server = Endpoint::new(http, &session.server_url, Some(session.token.clone()))
            .ok_or_else(|| SupervisorError::BadUrl(session.server_url.clone()))?;
        Ok(Self { server })
    }

    fn url(&self, path: &str, query: &[(&str, Option<&str>)]) -> Result<Url, SupervisorError> {
        self.server
            .url(path, query)
            .ok_or_else(|| SupervisorError::BadUrl(self.server.base().to_string()))
    }

    fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.server.request(method, url)
    }

    async fn get_json<T: DeserializeOwned>(&self, url: Url) -> Result<T, SupervisorError> {
        json_answer(send(self.request(Method::GET, url)).await?).await
    }

    /// A page of the review queue (`GET /api/v1/review/queue`), oldest first;
    /// `after` is the previous page's `next`.
    pub async fn queue(
        &self,
        kind: QueueKind,
        limit: u32,
        after: Option<&str>,
    ) -> Result<QueuePage, SupervisorError> {
        let limit = limit.clamp(1, 100).to_string();
        let url = self.url(
            "/api/v1/review/queue",
            &[
                ("kind", kind.param()),
                ("limit", Some(&limit)),
                ("after", after),
            ],
        )?;
        self.get_json(url).await
    }

    /// A record the user may see (`GET /api/v1/records/{id}`).
    pub async fn record(&self, id: &str) -> Result<RecordView, SupervisorError> {
        let url = self.url(&format!("/api/v1/records/{}", segment(id)?), &[])?;
        self.get_json(url).await
    }

    /// A page of the records the user may see (`GET /api/v1/records?kind=…`).
    pub async fn records(
        &self,
        kind: Option<RecordKind>,
        after: Option<&str>,
        limit: u32,
    ) -> Result<RecordPage, SupervisorError> {
        let limit = limit.clamp(1, 500).to_string();
        let url = self.url(
            "/api/v1/records",
            &[
                ("kind", kind.map(RecordKind::as_str)),
                ("after", after),
                ("limit", Some(&limit)),
            ],
        )?;
        self.get_json(url).await
    }

    /// Every revision and decision of a record (`GET /api/v1/records/{id}/revisions`).
    pub async fn revisions(&self, id: &str) -> Result<History, SupervisorError> {
        let url = self.url(&format!("/api/v1/records/{}/revisions", segment(id)?), &[])?;
        self.get_json(url).await
    }

    /// Approves or returns a submitted record (`POST /api/v1/records/{id}/review`).
    /// A return without a comment is refused here, before any request.
    pub async fn decide(
        &self,
        id: &str,
        decision: &Decision,
    ) -> Result<DecisionOutcome, SupervisorError> {
        let body = match decision {
            Decision::Approve => json!({ "decision": "approve" }),
            Decision::Return(comment) => {
                let comment = written(
                    comment,
                    "a returned record needs a comment saying what to correct",
                    "comment",
                )?;
                json!({ "decision": "return", "comment": comment })
            }
        };
        let url = self.url(&format!("/api/v1/records/{}/review", segment(id)?), &[])?;
        json_answer(send(self.request(Method::POST, url).json(&body)).await?).await
    }

    /// The server-made thumbnail of a photo (`GET /api/v1/photos/{sha256}/thumbnail`).
    pub async fn thumbnail(&self, sha256: &str) -> Result<PhotoBytes, SupervisorError> {
        let url = self.url(&format!("/api/v1/photos/{}/thumbnail", hex64(sha256)?), &[])?;
        bytes_answer(
            send(self.request(Method::GET, url)).await?,
            MAX_THUMBNAIL_BYTES,
        )
        .await
    }

    /// The original photo (`GET /api/v1/photos/{sha256}`).
    pub async fn original(&self, sha256: &str) -> Result<PhotoBytes, SupervisorError> {
        let url = self.url(&format!("/api/v1/photos/{}", hex64(sha256)?), &[])?;
        bytes_answer(
            send(self.request(Method::GET, url)).await?,
            MAX_ORIGINAL_BYTES,
        )
        .await
    }

    /// A trend report of seizures (`GET /api/v1/reports/seizures`).
    pub async fn seizure_report(&self, q: &ReportQuery) -> Result<Report, SupervisorError> {
        let url = self.url("/api/v1/reports/seizures", &[("by", Some(q.by.as_str()))])?;
        self.get_json(url).await
    }
}

/// A record id as a path segment: ids are UUIDs, so anything but letters, digits, `-`
/// and `_` (which could change the path, e.g. `..`) is refused before any request.
/// A supervisor's own words (a return's comment, a request's reason), trimmed: refused
/// before any request when blank (`missing` says what is asked for) or longer than
/// [`MAX_COMMENT_CHARS`] (`what` names it).
fn written<'a>(text: &'a str, missing: &str, what: &str) -> Result<&'a str, SupervisorError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SupervisorError::Invalid(missing.into()));
    }
    if text.chars().count() > MAX_COMMENT_CHARS {
        return Err(SupervisorError::Invalid(format!(
            "the {what} is longer than {MAX_COMMENT_CHARS} characters"
        )));
    }
    Ok(text)
}

fn segment(id: &str) -> Result<&str, SupervisorError> {
    if !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(id)
    } else {
        Err(SupervisorError::NotFound)
    }
}

/// A SHA-256 in hex, or an error before any request.
fn hex64(sha: &str) -> Result<&str, SupervisorError> {
    if sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(sha)
    } else {
        Err(SupervisorError::Invalid(format!(
            "{sha:?} is not a photo's SHA-256"
        )))
    }
}

async fn send(rb: RequestBuilder) -> Result<Response, SupervisorError> {
    Ok(http::send(rb).await?)
}

async fn json_answer<T: DeserializeOwned>(resp: Response) -> Result<T, SupervisorError> {
    Ok(http::json(resp).await?)
}

/// The body of a success, at most `limit` bytes.
async fn body(resp: Response, limit: usize) -> Result<Vec<u8>, SupervisorError> {
    Ok(http::body(resp, limit).await?)
}

async fn bytes_answer(resp: Response, limit: usize) -> Result<PhotoBytes, SupervisorError> {
    let media_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let bytes = body(resp, limit).await?;
    Ok(PhotoBytes { media_type, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_become_what_the_user_can_do() {
        assert_eq!(
            SupervisorError::from_status(401, String::new()),
            SupervisorError::SignedOut
        );
        assert_eq!(
            SupervisorError::from_status(403, "x".into()).kind(),
            ErrorKind::Forbidden
        );
        assert_eq!(
            SupervisorError::from_status(404, String::new()),
            SupervisorError::NotFound
        );
        assert_eq!(
            SupervisorError::from_status(409, "x".into()).kind(),
            ErrorKind::Conflict
        );
        assert_eq!(
            SupervisorError::from_status(422, "x".into()).kind(),
            ErrorKind::Invalid
        );
        let e = SupervisorError::from_status(503, "down".into());
        assert!(e.is_retryable() && e.server_message() == Some("down"));
        // The same kind the console names for each status.
        for status in 400..600 {
            assert_eq!(
                SupervisorError::from_status(status, "x".into()).kind(),
                ErrorKind::of_status(status),
                "{status}"
            );
        }
        assert!(SupervisorError::Offline(String::new()).is_retryable());
    }

    #[test]
    fn ids_cannot_change_the_path() {
        assert_eq!(segment("abc-1"), Ok("abc-1"));
        for bad in ["", "..", ".%2e", "a/b", "x?y", &"a".repeat(101)] {
            assert_eq!(segment(bad), Err(SupervisorError::NotFound), "{bad}");
        }
        assert!(hex64("../../etc").is_err());
        assert!(hex64(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn the_role_comes_from_the_sessions_user() {
        let s = |role: &str| Session {
            server_url: "http://x".into(),
            token: "t".into(),
            device_id: None,
            user: json!({ "role": role }),
        };
        assert_eq!(role_of(&s("supervisor")), Some(Role::Supervisor));
        assert_eq!(role_of(&s("inspector")), Some(Role::Inspector));
        assert_eq!(role_of(&s("nobody")), None);
    }
}
