//! The app's core, usable without a UI: [`store`] keeps everything the user records on
//! the device, [`engine`] brings it to the server and back.
//!
//! Invariant: nothing the user records depends on the network; the network only moves
//! what the store already holds.

pub mod device;
pub mod engine;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod store;

pub use device::{Device, PlatformDevice};
pub use engine::{SyncConfig, SyncEngine, SyncError, SyncProgress};
pub use store::{LocalStore, StoreError};
