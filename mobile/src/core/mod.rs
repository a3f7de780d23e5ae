//! The app's core, usable without a UI: [`store`] keeps everything the user records on
//! the device, [`engine`] brings it to the server and back, and [`supervisor`] is the
//! supervisor's online access to the server (review, photos, reports).
//!
//! Invariant: nothing a field user records depends on the network; the network only
//! moves what the store already holds. Supervisor work is online by nature and says so
//! when the network is missing.

pub mod device;
pub mod engine;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod http;
pub mod store;
pub mod supervisor;

pub use device::{Device, PlatformDevice};
pub use engine::{SyncConfig, SyncEngine, SyncError, SyncProgress};
pub use store::{LocalStore, StoreError};
pub use supervisor::{SupervisorClient, SupervisorError};
