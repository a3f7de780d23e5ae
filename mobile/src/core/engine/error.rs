//! Why a sync round stopped, in words a field user understands.
//!
//! Invariant: every error says what the user can do; none suggests that work was lost,
//! because the engine never removes anything the server did not acknowledge.

use crate::core::store::StoreError;

/// Why a sync round stopped. `Display` is the message for the user.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No network, the server unreachable, or a timeout.
    #[error(
        "No connection to the server. Your work is saved on this device and will be sent when the network is back."
    )]
    Offline(String),
    /// The server failed (5xx) or asked to slow down.
    #[error(
        "The server is not answering properly right now. Your work is saved on this device; the app will try again."
    )]
    Server(u16, String),
    /// The server speaks another protocol version (HTTP 426).
    #[error("This app is too old for the server: update it.")]
    TooOld,
    /// The token is wrong, expired or the device was revoked (HTTP 401).
    #[error("Sign in again.")]
    SignInAgain,
    /// Nobody signed in on this device yet.
    #[error("Sign in to send your work.")]
    NotSignedIn,
    /// The server refused a request for a reason the app cannot fix by retrying.
    #[error("The server refused the request: {1}")]
    Refused(u16, String),
    /// The server's answer could not be read.
    #[error(
        "The server sent an answer this app does not understand: update the app or tell your administrator."
    )]
    BadAnswer(String),
    /// The server address is not a valid URL.
    #[error("The server address {0:?} is not valid: check it in the settings.")]
    BadUrl(String),
    /// The HTTP client could not be set up.
    #[error("The app could not set up secure connections: {0}")]
    Client(String),
    /// The local store failed.
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Whether trying again later may help without the user doing anything.
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Offline(_) | SyncError::Server(..))
    }

    /// Technical detail for logs and support (the `Display` text is for the user).
    pub fn detail(&self) -> String {
        match self {
            SyncError::Offline(d) | SyncError::BadAnswer(d) | SyncError::Client(d) => d.clone(),
            SyncError::Server(s, d) | SyncError::Refused(s, d) => format!("HTTP {s}: {d}"),
            other => other.to_string(),
        }
    }

    /// Classifies an HTTP client error.
    pub(super) fn from_http(e: &reqwest::Error) -> Self {
        if e.is_decode() {
            return SyncError::BadAnswer(e.to_string());
        }
        match e.status() {
            Some(s) => Self::from_status(s.as_u16(), e.to_string()),
            // Connect, timeout, reset and body errors: the network, not the request.
            None => SyncError::Offline(format!("{e:?}")),
        }
    }

    /// Classifies an HTTP error status with the server's message.
    pub(super) fn from_status(status: u16, message: String) -> Self {
        match status {
            401 => SyncError::SignInAgain,
            426 => SyncError::TooOld,
            408 | 429 | 500..=599 => SyncError::Server(status, message),
            _ => SyncError::Refused(status, message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_what_the_user_can_do() {
        assert_eq!(
            SyncError::from_status(426, String::new()).to_string(),
            "This app is too old for the server: update it."
        );
        assert_eq!(
            SyncError::from_status(401, String::new()).to_string(),
            "Sign in again."
        );
        assert!(SyncError::from_status(503, String::new()).is_transient());
        assert!(SyncError::from_status(429, String::new()).is_transient());
        assert!(!SyncError::from_status(413, String::new()).is_transient());
        assert!(
            SyncError::Offline(String::new())
                .to_string()
                .contains("saved on this device")
        );
    }
}
