//! Tracing across agencies as the app asks it (docs/TRACING.md): a trace by lot, maker,
//! calibre, year, NSN, GTIN or serial; where a lot went; where else a party, place or
//! concealment method appears; and access requests — sent for an agency that holds a
//! matching record the user may not see, by lot or by party, and decided by the holder.
//!
//! Invariant: an agency that holds matching records the user may not see is only ever
//! a [`Holder`] (name and country): the answers carry nothing else about those records,
//! and nothing here tries to derive more.

use reqwest::Method;

use super::{SupervisorClient, SupervisorError, json_answer, segment, send, written};

/// Longest text criterion (the server's limit).
pub const MAX_CRITERION_CHARS: usize = 200;

pub use tracemark_shared::api::tracing::{
    AccessRequest, Criteria as TraceCriteria, Holder, Line as TraceLine, LotSplit, MAX_GRANT_DAYS,
    Mailbox, Match as TraceMatch, PartyAnswer, PartyMatch, PartySearch, TraceAnswer,
};
use tracemark_shared::api::tracing::{Decision as Verdict, DecisionBody, NewRequest};

/// The holder's answer to an access request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessDecision {
    /// Let the requester see records for a time.
    Grant {
        /// Only these matching records (`None`: all of them).
        record_ids: Option<Vec<String>>,
        /// Days the grant lasts (`None`: the server's default, 30).
        days: Option<u16>,
        /// A note to the requester.
        comment: Option<String>,
    },
    /// Do not.
    Refuse {
        /// A note to the requester.
        comment: Option<String>,
    },
}

impl SupervisorClient {
    /// `GET /api/v1/trace`. No criterion is refused before any request.
    pub async fn trace(&self, criteria: &TraceCriteria) -> Result<TraceAnswer, SupervisorError> {
        check_criteria(criteria)?;
        let pairs = criteria.pairs();
        let query: Vec<(&str, Option<&str>)> =
            pairs.iter().map(|(k, v)| (*k, Some(v.as_str()))).collect();
        let url = self.url("/api/v1/trace", &query)?;
        self.get_json(url).await
    }

    /// `GET /api/v1/trace/lot-split`: where `lot` (of `manufacturer` and `calibre`,
    /// when given) went.
    pub async fn lot_split(&self, criteria: &TraceCriteria) -> Result<LotSplit, SupervisorError> {
        let c = criteria.cleaned();
        if c.lot.is_none() {
            return Err(SupervisorError::Invalid("name the lot to follow".into()));
        }
        let url = self.url(
            "/api/v1/trace/lot-split",
            &[
                ("lot", c.lot.as_deref()),
                ("sub_lot", c.sub_lot.as_deref()),
                ("manufacturer", c.manufacturer.as_deref()),
                ("calibre", c.calibre.as_deref()),
            ],
        )?;
        self.get_json(url).await
    }

    /// `GET /api/v1/trace/parties`: where else a party's name, an identifier, a place
    /// or words of a concealment method appear. A search with no term, or a term
    /// longer than the server takes, is refused before any request.
    pub async fn parties(&self, search: &PartySearch) -> Result<PartyAnswer, SupervisorError> {
        let terms = party_terms(search)?;
        let query: Vec<(&str, Option<&str>)> = terms.iter().map(|(k, v)| (*k, Some(*v))).collect();
        let url = self.url("/api/v1/trace/parties", &query)?;
        self.get_json(url).await
    }

    /// `POST /api/v1/access-requests` to the holding agency, with the reason the
    /// holder reads (required).
    pub async fn request_access(
        &self,
        agency_id: &str,
        criteria: &TraceCriteria,
        reason: &str,
    ) -> Result<AccessRequest, SupervisorError> {
        check_criteria(criteria)?;
        self.ask(NewRequest {
            agency_id: agency_id.to_string(),
            criteria: criteria.cleaned(),
            party: None,
            reason: checked_reason(reason)?.to_string(),
        })
        .await
    }

    /// `POST /api/v1/access-requests` by party: the holder a party search named is
    /// asked for its records naming the same party, identifier or place.
    pub async fn request_access_by_party(
        &self,
        agency_id: &str,
        search: &PartySearch,
        reason: &str,
    ) -> Result<AccessRequest, SupervisorError> {
        party_terms(search)?;
        self.ask(NewRequest {
            agency_id: agency_id.to_string(),
            criteria: TraceCriteria::default(),
            party: Some(search.clone()),
            reason: checked_reason(reason)?.to_string(),
        })
        .await
    }

    async fn ask(&self, body: NewRequest) -> Result<AccessRequest, SupervisorError> {
        let url = self.url("/api/v1/access-requests", &[])?;
        json_answer(send(self.request(Method::POST, url).json(&body)).await?).await
    }

    /// `GET /api/v1/access-requests?box=…`, newest first.
    pub async fn access_requests(
        &self,
        mailbox: Mailbox,
    ) -> Result<Vec<AccessRequest>, SupervisorError> {
        let url = self.url(
            "/api/v1/access-requests",
            &[("box", Some(mailbox.as_str()))],
        )?;
        self.get_json(url).await
    }

    /// `GET /api/v1/access-requests/{id}` (the holder also gets its matching records).
    pub async fn access_request(&self, id: &str) -> Result<AccessRequest, SupervisorError> {
        let url = self.url(&format!("/api/v1/access-requests/{}", segment(id)?), &[])?;
        self.get_json(url).await
    }

    /// `POST /api/v1/access-requests/{id}/decision` (the holder only).
    pub async fn decide_access(
        &self,
        id: &str,
        decision: &AccessDecision,
    ) -> Result<AccessRequest, SupervisorError> {
        let note = |c: &Option<String>| {
            c.as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
        };
        let body = match decision {
            AccessDecision::Grant {
                record_ids,
                days,
                comment,
            } => {
                if let Some(d) = days
                    && !(1..=MAX_GRANT_DAYS).contains(d)
                {
                    return Err(SupervisorError::Invalid(format!(
                        "a grant lasts 1 to {MAX_GRANT_DAYS} days"
                    )));
                }
                if record_ids.as_ref().is_some_and(Vec::is_empty) {
                    return Err(SupervisorError::Invalid(
                        "choose at least one record to grant".into(),
                    ));
                }
                DecisionBody {
                    decision: Verdict::Grant,
                    record_ids: record_ids.clone(),
                    days: *days,
                    comment: note(comment),
                }
            }
            AccessDecision::Refuse { comment } => DecisionBody {
                decision: Verdict::Refuse,
                record_ids: None,
                days: None,
                comment: note(comment),
            },
        };
        let url = self.url(
            &format!("/api/v1/access-requests/{}/decision", segment(id)?),
            &[],
        )?;
        json_answer(send(self.request(Method::POST, url).json(&body)).await?).await
    }
}

fn check_criteria(c: &TraceCriteria) -> Result<(), SupervisorError> {
    if c.is_empty() {
        return Err(SupervisorError::Invalid(
            "give at least one of lot, sub-lot, manufacturer, calibre, year, NSN, GTIN or serial"
                .into(),
        ));
    }
    if c.pairs()
        .iter()
        .any(|(_, v)| v.chars().count() > MAX_CRITERION_CHARS)
    {
        return Err(SupervisorError::Invalid(format!(
            "a criterion is longer than {MAX_CRITERION_CHARS} characters"
        )));
    }
    Ok(())
}

/// The reason of an access request, trimmed, or why it is refused before any request.
fn checked_reason(reason: &str) -> Result<&str, SupervisorError> {
    written(reason, "say why the records are needed", "reason")
}

/// A party search's terms as query pairs (blank ones left out), or why it is refused.
fn party_terms(search: &PartySearch) -> Result<Vec<(&'static str, &str)>, SupervisorError> {
    let terms: Vec<(&'static str, &str)> = [
        ("name", &search.name),
        ("identifier", &search.identifier),
        ("place", &search.place),
        ("concealment", &search.concealment),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k, v.as_deref()?.trim())).filter(|(_, v)| !v.is_empty()))
    .collect();
    if terms.is_empty() {
        return Err(SupervisorError::Invalid(
            "give a name, an identifier, a place or words of a concealment method".into(),
        ));
    }
    if let Some((k, _)) = terms
        .iter()
        .find(|(_, v)| v.chars().count() > MAX_CRITERION_CHARS)
    {
        return Err(SupervisorError::Invalid(format!(
            "the {k} is longer than {MAX_CRITERION_CHARS} characters"
        )));
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_criteria_are_left_out_and_none_is_refused() {
        let c = TraceCriteria {
            lot: Some(" 17-85-0412 ".into()),
            calibre: Some("  ".into()),
            year: Some(1985),
            kind: Some("transfer".into()),
            ..TraceCriteria::default()
        };
        assert_eq!(
            c.pairs(),
            vec![
                ("lot", "17-85-0412".to_string()),
                ("year", "1985".into()),
                ("kind", "transfer".into())
            ]
        );
        assert!(!c.is_empty());
        let only_kind = TraceCriteria {
            kind: Some("transfer".into()),
            ..TraceCriteria::default()
        };
        assert!(only_kind.is_empty());
        assert!(check_criteria(&only_kind).is_err());
        let long = TraceCriteria {
            lot: Some("x".repeat(201)),
            ..TraceCriteria::default()
        };
        assert!(check_criteria(&long).is_err());
        // Serialised for an access request without the blanks.
        let json = serde_json::to_value(TraceCriteria {
            lot: Some("L".into()),
            ..TraceCriteria::default()
        })
        .unwrap();
        assert_eq!(json, serde_json::json!({ "lot": "L" }));
    }

    #[test]
    fn a_party_search_needs_a_term_within_the_limit() {
        assert!(party_terms(&PartySearch::default()).is_err());
        let blank = PartySearch {
            name: Some("  ".into()),
            ..PartySearch::default()
        };
        assert!(party_terms(&blank).is_err());
        let long = PartySearch {
            place: Some("x".repeat(201)),
            ..PartySearch::default()
        };
        assert!(party_terms(&long).is_err());
        let vessel = PartySearch {
            identifier: Some(" IMO 9074729 ".into()),
            ..PartySearch::default()
        };
        assert_eq!(
            party_terms(&vessel).unwrap(),
            [("identifier", "IMO 9074729")]
        );
        assert!(checked_reason("  ").is_err());
        assert_eq!(checked_reason(" why ").unwrap(), "why");
    }
}
