//! The access-request screens (console `/access`, the app's Access requests screen): a
//! request as each side reads it, and the holder's grant or refusal as typed.
//!
//! Invariant: a grant names a number of days from 1 to [`MAX_GRANT_DAYS`] and, when the
//! holder grants only some records, at least one of the records that matched; a note is
//! no longer than the server keeps. Both screens check this here before anything is
//! sent (the server checks again).

use crate::api::tracing::{AccessRequest, Decision, DecisionBody, MAX_GRANT_DAYS, Mailbox};
use crate::view::review::MAX_COMMENT_CHARS;

/// Days a grant lasts unless the holder says otherwise (the server's default too).
pub const DEFAULT_GRANT_DAYS: u16 = 30;

/// The message ids this view hands a renderer.
pub const MESSAGES: &[&str] = &[
    "access-bad-days",
    "access-choose-records",
    "comment-too-long",
    "access-from",
    "access-to",
];

/// What is wrong with a decision as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantProblem {
    /// The days are not a whole number from 1 to [`MAX_GRANT_DAYS`].
    BadDays,
    /// "Only these records" with none of them ticked.
    ChooseRecords,
    /// The note is longer than the server keeps.
    CommentTooLong,
}

impl GrantProblem {
    /// The message id both catalogs carry.
    pub const fn message_id(self) -> &'static str {
        match self {
            GrantProblem::BadDays => "access-bad-days",
            GrantProblem::ChooseRecords => "access-choose-records",
            GrantProblem::CommentTooLong => "comment-too-long",
        }
    }
}

/// The holder's decision form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantForm {
    /// Grant only the ticked records (otherwise every matching one).
    pub only_some: bool,
    /// The ticked records' ids.
    pub records: Vec<String>,
    /// Days, as typed.
    pub days: String,
    /// A note to the requester.
    pub comment: String,
}

impl Default for GrantForm {
    fn default() -> Self {
        GrantForm {
            only_some: false,
            records: Vec::new(),
            days: DEFAULT_GRANT_DAYS.to_string(),
            comment: String::new(),
        }
    }
}

impl GrantForm {
    /// The body to send for `decision`, or what to correct. A refusal carries only the
    /// note.
    pub fn body(&self, decision: Decision) -> Result<DecisionBody, GrantProblem> {
        let comment = self.comment.trim();
        if comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(GrantProblem::CommentTooLong);
        }
        let comment = Some(comment.to_string()).filter(|c| !c.is_empty());
        if decision == Decision::Refuse {
            return Ok(DecisionBody {
                decision,
                record_ids: None,
                days: None,
                comment,
            });
        }
        let days = match self.days.trim().parse::<u16>() {
            Ok(d) if (1..=MAX_GRANT_DAYS).contains(&d) => d,
            _ => return Err(GrantProblem::BadDays),
        };
        let record_ids = if self.only_some {
            let mut ids: Vec<String> = self.records.iter().map(|r| r.trim().to_string()).collect();
            ids.retain(|r| !r.is_empty());
            ids.sort();
            ids.dedup();
            if ids.is_empty() {
                return Err(GrantProblem::ChooseRecords);
            }
            Some(ids)
        } else {
            None
        };
        Ok(DecisionBody {
            decision,
            record_ids,
            days: Some(days),
            comment,
        })
    }
}

/// A request as one side reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestView<'a> {
    /// The request.
    pub request: &'a AccessRequest,
    /// The other agency: the requester in the incoming mailbox, the holder otherwise.
    pub counterpart: &'a str,
    /// How to name it (`access-from` with `agency`, or `access-to`).
    pub counterpart_label: &'static str,
    /// The reader holds the records and the request waits for its decision.
    pub decidable: bool,
    /// For a grant: how many records, and until when.
    pub granted: Option<(usize, Option<&'a str>)>,
}

impl<'a> RequestView<'a> {
    /// The view of `request` read from `mailbox`.
    pub fn new(request: &'a AccessRequest, mailbox: Mailbox) -> Self {
        let incoming = mailbox == Mailbox::Incoming;
        RequestView {
            request,
            counterpart: if incoming {
                &request.requester_agency_name
            } else {
                &request.holder_agency_name
            },
            counterpart_label: if incoming { "access-from" } else { "access-to" },
            decidable: incoming && request.status == "pending",
            granted: (request.status == "granted")
                .then_some((request.granted_records.len(), request.expires_at.as_deref())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_needs_days_in_range_and_a_record_when_only_some() {
        let mut f = GrantForm::default();
        let b = f.body(Decision::Grant).unwrap();
        assert_eq!((b.days, b.record_ids, b.comment), (Some(30), None, None));
        for bad in ["0", "366", "", "ten", "-1"] {
            f.days = bad.into();
            assert_eq!(f.body(Decision::Grant), Err(GrantProblem::BadDays), "{bad}");
        }
        // A refusal does not care about days.
        assert!(f.body(Decision::Refuse).is_ok());
        f.days = " 7 ".into();
        f.only_some = true;
        assert_eq!(f.body(Decision::Grant), Err(GrantProblem::ChooseRecords));
        f.records = vec!["r2".into(), "r1".into(), "r2".into()];
        f.comment = "  for case 12 ".into();
        let b = f.body(Decision::Grant).unwrap();
        assert_eq!(b.record_ids, Some(vec!["r1".into(), "r2".into()]));
        assert_eq!(b.comment.as_deref(), Some("for case 12"));
        f.comment = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(f.body(Decision::Refuse), Err(GrantProblem::CommentTooLong));
    }

    #[test]
    fn each_side_names_the_other_and_only_the_holder_decides() {
        let r = AccessRequest {
            requester_agency_name: "Border Police".into(),
            holder_agency_name: "Customs".into(),
            status: "pending".into(),
            ..AccessRequest::default()
        };
        let inbox = RequestView::new(&r, Mailbox::Incoming);
        assert_eq!(
            (inbox.counterpart, inbox.counterpart_label),
            ("Border Police", "access-from")
        );
        assert!(inbox.decidable && inbox.granted.is_none());
        let sent = RequestView::new(&r, Mailbox::Outgoing);
        assert_eq!(
            (sent.counterpart, sent.counterpart_label),
            ("Customs", "access-to")
        );
        assert!(!sent.decidable);
        let granted = AccessRequest {
            status: "granted".into(),
            granted_records: vec!["a".into()],
            expires_at: Some("2026-12-30".into()),
            ..r
        };
        let v = RequestView::new(&granted, Mailbox::Incoming);
        assert_eq!(v.granted, Some((1, Some("2026-12-30"))));
        assert!(!v.decidable);
    }
}
