//! A request that failed, as people read it (the console's error page, the app's
//! error panels): what kind of failure it is, by the HTTP status the server gave, and
//! the sentence that says what to do, with the server's own words inside it.
//!
//! Invariant: every status maps to exactly one kind, the same on both screens; a
//! status no rule names reads as something to correct ([`Failure::Invalid`]).

/// What kind of failure a request met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer: retry when the network is back.
    Offline,
    /// The session ended: sign in again.
    SignedOut,
    /// The account may not do this.
    Forbidden,
    /// Not there, or not shared with the reader's agency (the two look alike).
    NotFound,
    /// Something in the request to correct.
    Invalid,
    /// It changed meanwhile, or its state does not allow this now.
    Conflict,
    /// The server is busy or failing: retry later.
    Server,
    /// Anything else (an answer the reader cannot use).
    Other,
}

/// The message ids this view hands a renderer.
pub const MESSAGES: &[&str] = &[
    "sv-offline",
    "sv-signed-out",
    "sv-forbidden",
    "sv-not-found",
    "sv-invalid",
    "sv-conflict",
    "sv-server",
    "sv-other",
];

impl Failure {
    /// The kind of an HTTP error status.
    pub const fn of_status(status: u16) -> Self {
        match status {
            401 => Failure::SignedOut,
            403 => Failure::Forbidden,
            404 => Failure::NotFound,
            409 => Failure::Conflict,
            408 | 429 | 500..=599 => Failure::Server,
            _ => Failure::Invalid,
        }
    }

    /// The message id saying what happened and what to do; every one takes the
    /// server's words as `$message` (some leave them out).
    pub const fn message_id(self) -> &'static str {
        match self {
            Failure::Offline => "sv-offline",
            Failure::SignedOut => "sv-signed-out",
            Failure::Forbidden => "sv-forbidden",
            Failure::NotFound => "sv-not-found",
            Failure::Invalid => "sv-invalid",
            Failure::Conflict => "sv-conflict",
            Failure::Server => "sv-server",
            Failure::Other => "sv-other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_is_one_kind_with_its_own_words() {
        assert_eq!(Failure::of_status(401), Failure::SignedOut);
        assert_eq!(Failure::of_status(404), Failure::NotFound);
        assert_eq!(Failure::of_status(409), Failure::Conflict);
        for s in [408, 429, 500, 503] {
            assert_eq!(Failure::of_status(s), Failure::Server, "{s}");
        }
        for s in [400, 413, 415, 422] {
            assert_eq!(Failure::of_status(s), Failure::Invalid, "{s}");
        }
        let mut ids: Vec<&str> = MESSAGES.to_vec();
        ids.dedup();
        assert_eq!(ids.len(), 8);
        assert_eq!(Failure::Other.message_id(), "sv-other");
    }
}
