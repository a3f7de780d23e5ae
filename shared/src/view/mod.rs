//! Renderer-free screen views: what a screen shows, in what order, and what it leaves
//! out, decided once and drawn by both the browser console (server-side HTML) and the
//! field app's supervisor screens (Dioxus). Each renderer only turns a view into its
//! own markup and its own language's words.
//!
//! Invariant: no text of a language is made here (statuses stay [`Status`] values,
//! numbers stay numbers) and nothing is read or written: a view is a pure function of
//! an API answer.
//!
//! [`Status`]: crate::api::reconcile::Status

pub mod reconcile;
pub mod reports;
pub mod tracing;

/// A difference as people write it: a plus sign for more, none for nothing.
pub fn signed(d: i64) -> String {
    if d > 0 {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign() {
        assert_eq!(signed(5), "+5");
        assert_eq!(signed(0), "0");
        assert_eq!(signed(-3), "-3");
    }
}
