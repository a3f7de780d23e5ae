//! Tracemark's backend: the axum service the field app syncs to and supervisors
//! query, its SQLite store, and the administration the command line drives.
#![forbid(unsafe_code)]

pub mod api;
pub mod audit;
pub mod config;
pub mod console;
pub mod db;
pub mod demo;
mod demo_tracing;
pub mod identity;
pub mod import;
pub mod labels;
pub mod photos;
pub mod reconcile;
pub mod records;
pub mod report;
pub mod reports;
pub mod review;
pub mod server;
pub mod sql;
pub mod sync;
pub mod tracing;
