//! Tracemark's shared core: domain types, validation, marking parsers and (with the
//! `capture` feature) the photo-to-codes capture pipeline.
//!
//! This crate does no I/O and depends on neither the web server nor the database,
//! so the field app, the backend and the tests all run exactly the same rules.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
#[cfg(feature = "capture")]
pub mod capture;
// Its `wire_enum!` also names the marking kinds.
#[macro_use]
pub mod domain;
pub mod i18n;
pub mod marking;
pub mod sync;
pub mod validate;
pub mod view;
