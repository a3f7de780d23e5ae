//! Tracemark field app. The [`core`] works without any UI: the local store, the outbox
//! and the sync engine; the Dioxus [`ui`] sits on top of its API, and [`i18n`] carries
//! every user-facing string.
#![forbid(unsafe_code)]

pub mod core;
pub mod i18n;
pub mod ui;
