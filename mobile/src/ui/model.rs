//! View models of the field app: plain Rust that the screens render and the tests
//! check without a window — stock-check progress, forms and their validation, and
//! prefill from what the capture pipeline read in a photo.
//!
//! Invariant: nothing here touches the store or the network; a form becomes a domain
//! record only through `to_record`, which applies the shared validation.

mod capture;
mod case;
mod conflict;
mod labels;
mod people;
mod stock;

pub use capture::*;
pub use case::*;
pub use conflict::*;
pub use labels::*;
pub use people::*;
pub use stock::*;

#[cfg(test)]
mod tests;
