//! The supervisor API's wire types, written once and used by both ends: the backend
//! serialises them, the field app's supervisor screens read them, so a renamed field
//! fails to compile instead of silently arriving empty. With the `openapi` feature
//! they also describe themselves for the API's OpenAPI document.
//!
//! Invariant: a field may be missing from an answer only where the server leaves it
//! out when empty (and then reads as empty); an answer missing any other field is a
//! broken answer, and the app says so.

pub mod condition;
pub mod imports;
pub mod reconcile;
pub mod report;
pub mod reports;
pub mod review;
pub mod tracing;
