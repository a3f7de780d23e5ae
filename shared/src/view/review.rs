//! The review screens (console `/review` and a record's decision form, the app's
//! Review screen): what a queued record shows, who may decide on a record, and the
//! decision a supervisor sends.
//!
//! Invariant: a record is returned only with a comment saying what to correct, and no
//! comment is longer than the server keeps. Both screens check this here, before
//! anything is sent, and say what to correct in the reader's language; the server
//! checks again.

use crate::api::review::{DecodedCode, PhotoLink, QueueEntry};
use crate::domain::{RecordStatus, Role};
use crate::sync::ReviewDecision;
use crate::validate::LONG_TEXT_MAX_CHARS;

/// Longest comment on a decision, in Unicode characters (the server's limit on long
/// text).
pub const MAX_COMMENT_CHARS: usize = LONG_TEXT_MAX_CHARS;

/// The message ids this view hands a renderer.
pub const MESSAGES: &[&str] = &[
    "comment-required",
    "comment-too-long",
    "decision-approved",
    "decision-returned",
];

/// What is wrong with a decision as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionProblem {
    /// A return without a comment: the author would not know what to correct.
    CommentRequired,
    /// Longer than [`MAX_COMMENT_CHARS`].
    CommentTooLong,
}

impl DecisionProblem {
    /// The message id both catalogs carry.
    pub const fn message_id(self) -> &'static str {
        match self {
            DecisionProblem::CommentRequired => "comment-required",
            DecisionProblem::CommentTooLong => "comment-too-long",
        }
    }
}

/// The comment to send with `decision`, trimmed (`None` when blank), or what to
/// correct.
pub fn checked_comment(
    decision: ReviewDecision,
    comment: &str,
) -> Result<Option<String>, DecisionProblem> {
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(DecisionProblem::CommentTooLong);
    }
    match (decision, comment.is_empty()) {
        (ReviewDecision::Return, true) => Err(DecisionProblem::CommentRequired),
        (_, true) => Ok(None),
        (_, false) => Ok(Some(comment.to_string())),
    }
}

/// The message id of a stored decision (`approve`, `return`).
pub fn decision_label_id(decision: &str) -> &'static str {
    if decision == "approve" {
        "decision-approved"
    } else {
        "decision-returned"
    }
}

/// Whether a user of `role` in `agency` may decide on a record of `record_agency` in
/// `status` now: a supervisor of the record's own agency, while it is submitted. The
/// server enforces the same; a screen only offers what will be accepted.
pub fn may_decide(role: Role, agency: &str, record_agency: &str, status: RecordStatus) -> bool {
    role == Role::Supervisor && agency == record_agency && status == RecordStatus::Submitted
}

/// A queued record as the queue shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryView<'a> {
    /// The entry.
    pub entry: &'a QueueEntry,
    /// Its photos in order (the first is photo 1), each shown once the server holds it.
    pub photos: &'a [PhotoLink],
    /// Photos a device is still uploading.
    pub photos_waiting: usize,
    /// The codes scanned on its items: a seizure's, possibly none; `None` for a kind
    /// whose items carry no codes.
    pub codes: Option<&'a [DecodedCode]>,
    /// Times it was returned before and the last comment, when it ever was.
    pub returned: Option<(i64, Option<&'a str>)>,
}

impl<'a> EntryView<'a> {
    /// The view of `entry`.
    pub fn new(entry: &'a QueueEntry) -> Self {
        let h = &entry.history;
        EntryView {
            entry,
            photos: &entry.photos,
            photos_waiting: entry.photos.iter().filter(|p| !p.stored).count(),
            codes: entry.kind.is_case().then_some(&entry.codes[..]),
            returned: (h.returned > 0).then_some((h.returned, h.last_return_comment.as_deref())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::review::HistorySummary;
    use crate::domain::RecordKind;

    #[test]
    fn a_return_needs_a_comment_and_no_comment_is_too_long() {
        use ReviewDecision::{Approve, Return};
        assert_eq!(
            checked_comment(Return, "  \n "),
            Err(DecisionProblem::CommentRequired)
        );
        assert_eq!(checked_comment(Approve, "  "), Ok(None));
        assert_eq!(
            checked_comment(Return, " photo 2 is blurred "),
            Ok(Some("photo 2 is blurred".into()))
        );
        let long = "é".repeat(MAX_COMMENT_CHARS + 1);
        for d in [Approve, Return] {
            assert_eq!(
                checked_comment(d, &long),
                Err(DecisionProblem::CommentTooLong)
            );
        }
        assert!(checked_comment(Return, &long[..MAX_COMMENT_CHARS * 2]).is_ok());
    }

    #[test]
    fn only_a_supervisor_of_the_agency_decides_and_only_on_a_submitted_record() {
        use RecordStatus::{Approved, Submitted};
        assert!(may_decide(Role::Supervisor, "a", "a", Submitted));
        assert!(!may_decide(Role::Supervisor, "a", "b", Submitted));
        assert!(!may_decide(Role::Supervisor, "a", "a", Approved));
        assert!(!may_decide(Role::Administrator, "a", "a", Submitted));
        assert!(!may_decide(Role::CustomsOfficer, "a", "a", Submitted));
    }

    #[test]
    fn an_entry_shows_codes_for_seizures_and_its_earlier_returns() {
        let photo = |stored| PhotoLink {
            stored,
            ..PhotoLink::default()
        };
        let mut e = QueueEntry {
            kind: RecordKind::SeizureCase,
            photos: vec![photo(true), photo(false), photo(false)],
            ..QueueEntry::default()
        };
        let v = EntryView::new(&e);
        assert_eq!(v.photos_waiting, 2);
        assert_eq!(v.codes.map(<[_]>::len), Some(0));
        // A recovered cache's codes are shown as a seizure's.
        let cache = QueueEntry {
            kind: RecordKind::RecoveredCache,
            ..e.clone()
        };
        assert_eq!(EntryView::new(&cache).codes.map(<[_]>::len), Some(0));
        assert_eq!(v.returned, None);
        e.kind = RecordKind::StockCheck;
        e.history = HistorySummary {
            returned: 2,
            last_return_comment: Some("recount aisle 3".into()),
            ..HistorySummary::default()
        };
        let v = EntryView::new(&e);
        assert_eq!(v.codes, None);
        assert_eq!(v.returned, Some((2, Some("recount aisle 3"))));
        assert_eq!(decision_label_id("approve"), "decision-approved");
        assert_eq!(decision_label_id("return"), "decision-returned");
    }
}
