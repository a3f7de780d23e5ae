//! Tracing across agencies: the lot index every record write keeps current, trace and
//! lot-split queries over it, and access requests with time-limited grants.
//!
//! Invariant: records another agency may not see are never described to it; a trace
//! says only which agencies hold matching records (hit / no-hit), and a grant made by
//! the holder is the only way past the provider's sharing scope.

pub mod index;
pub mod notices;
pub mod parties;
pub mod query;
pub mod requests;
pub mod trace;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::AppState;

pub use index::{index_new, reindex};

/// The tracing routes (supervisors only).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(trace::trace))
        .routes(routes!(trace::lot_split))
        .routes(routes!(parties::parties))
        .routes(routes!(notices::notices))
        .routes(routes!(requests::create, requests::list))
        .routes(routes!(requests::one))
        .routes(routes!(requests::decide))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests;
