//! The supervisor API's wire types, written once and used by both ends: the backend
//! serialises them, the field app's supervisor screens read them, so a renamed field
//! fails to compile instead of silently arriving empty. With the `openapi` feature
//! they also describe themselves for the API's OpenAPI document.
//!
//! Invariant: these types carry no defaults for missing fields; an answer missing a
//! field is a broken answer, and the app says so.

pub mod reconcile;
pub mod reports;
