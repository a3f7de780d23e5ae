//! Marking parsers (being built).
mod error;
pub mod nsn;
pub use error::{ErrorKind, Format, MarkingError};
