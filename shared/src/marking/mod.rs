//! Marking parsers (being built).
mod error;
pub mod gs1;
pub mod nsn;
pub use error::{ErrorKind, Format, MarkingError};
