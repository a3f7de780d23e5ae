//! Tracemark's shared core: domain types, validation and marking parsers.
//!
//! This crate does no I/O and depends on neither the web server nor the database,
//! so the field app, the backend and the tests all run exactly the same rules.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod domain;
pub mod marking;
pub mod sync;
pub mod validate;
