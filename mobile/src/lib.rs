//! Tracemark field app. The [`core`] works without any UI: the local store, the outbox
//! and the sync engine; the Dioxus UI sits on top of its API.
#![forbid(unsafe_code)]

pub mod core;
