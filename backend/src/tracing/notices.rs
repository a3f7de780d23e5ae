//! The trace log: every trace query is kept with who asked and its criteria, bounds
//! each user's queries per hour, and tells the agencies whose records it matched who
//! traced them (`GET /api/v1/trace/notices`).
//!
//! Invariant: a notice goes to every agency (other than the asker's) holding a record
//! the criteria match, whether the asker saw the record or only its holder; the asker
//! learns nothing from it. The per-user window is counted in the database, so every
//! server instance shares it.

use crate::args;
use crate::sql::{Conn, ConnExt, SqlError};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::query::{Criteria, Filter, matched_agencies};
use crate::api::{ApiQuery, ApiResult, AppState, ErrorBody};
use crate::db;
use crate::db::StoreError;
use crate::identity::{Caller, Supervisor};
use tracemark_shared::api::tracing::PartySearch;

/// Length of the per-user window.
const WINDOW_SECS: i64 = 3600;
/// An agency's supervisors together run at most this many times one user's hourly
/// allowance (so new accounts do not multiply it without bound).
pub const AGENCY_FACTOR: u32 = 5;
/// Largest page of notices.
pub const MAX_NOTICES_PAGE: u32 = 200;

/// Records one trace query, refusing it (with the seconds to wait) when the caller ran
/// `per_hour` already in the last hour; notifies the agencies whose records it matched.
/// Call inside the trace's write transaction.
pub fn record(c: &impl Conn, caller: &Caller, f: &Filter, per_hour: u32) -> Result<(), StoreError> {
    let trace_id = admit(c, caller, f, per_hour)?;
    notify(c, trace_id, &matched_agencies(c, caller, f)?)
}

/// Counts a trace against the caller's and their agency's hourly limits and logs it;
/// answers the log entry, for [`notify`].
pub fn admit(c: &impl Conn, caller: &Caller, f: &Filter, per_hour: u32) -> Result<i64, StoreError> {
    let criteria = serde_json::to_string(&f.normalised).map_err(anyhow::Error::from)?;
    admit_logged(c, caller, &criteria, per_hour)
}

/// [`admit`] for any search the trace allowance covers, logged with `criteria` (its
/// terms as JSON: a trace's criteria, or `{"party_search": …}`).
pub fn admit_logged(
    c: &impl Conn,
    caller: &Caller,
    criteria: &str,
    per_hour: u32,
) -> Result<i64, StoreError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let (count, oldest): (i64, Option<i64>) = c.query_one(
        "SELECT count(*), min(at_secs) FROM trace_log WHERE user_id = ?1 AND at_secs > ?2",
        args![caller.user_id, now - WINDOW_SECS],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (agency_count, agency_oldest): (i64, Option<i64>) = c.query_one(
        "SELECT count(*), min(at_secs) FROM trace_log WHERE agency_id = ?1 AND at_secs > ?2",
        args![caller.agency_id, now - WINDOW_SECS],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let wait = |oldest: Option<i64>| {
        let secs = oldest.map_or(WINDOW_SECS, |o| o + WINDOW_SECS - now);
        StoreError::TooMany(u64::try_from(secs).unwrap_or(1).max(1))
    };
    if count >= i64::from(per_hour) {
        return Err(wait(oldest));
    }
    if agency_count >= i64::from(per_hour.saturating_mul(AGENCY_FACTOR)) {
        return Err(wait(agency_oldest));
    }
    Ok(c.query_one(
        "INSERT INTO trace_log (at, at_secs, user_id, agency_id, criteria)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        args![db::now(), now, caller.user_id, caller.agency_id, criteria],
        |r| r.get(0),
    )?)
}

/// Tells each agency in `agencies` that the logged trace `trace_id` matched its records.
pub fn notify(c: &impl Conn, trace_id: i64, agencies: &[String]) -> Result<(), StoreError> {
    let notify = "INSERT INTO trace_notices (holder_agency_id, trace_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
    for agency in agencies {
        c.execute(notify, args![agency, trace_id])?;
    }
    Ok(())
}

/// Paging of the notices.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoticesQuery {
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// The `next` value of the previous page.
    before: Option<i64>,
}

/// One trace by another agency that matched records of the caller's agency.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Notice {
    /// Its number (newest first).
    pub id: i64,
    /// When it ran.
    pub at: String,
    /// The agency that traced.
    pub agency_id: String,
    /// Its name.
    pub agency_name: String,
    /// Its country.
    pub country: String,
    /// The person who traced.
    pub user_display_name: String,
    /// The criteria, as the index compared them (empty for a party search).
    pub criteria: Criteria,
    /// A party search's terms, as its keys compared them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party_search: Option<PartySearch>,
}

/// What a logged search's JSON says: a trace's criteria, or a party search.
fn logged_terms(text: &str) -> (Criteria, Option<PartySearch>) {
    #[derive(Deserialize)]
    struct Party {
        party_search: PartySearch,
    }
    match serde_json::from_str::<Party>(text) {
        Ok(p) => (Criteria::default(), Some(p.party_search)),
        Err(_) => (serde_json::from_str(text).unwrap_or_default(), None),
    }
}

/// A page of notices.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NoticesPage {
    notices: Vec<Notice>,
    /// Pass as `before` for the next page; absent on the last page.
    next: Option<i64>,
}

/// Traces by other agencies that matched records of `agency`, newest first, older than
/// `before`.
pub fn page(c: &impl Conn, agency: &str, before: i64, limit: u32) -> Result<Vec<Notice>, SqlError> {
    c.query(
        "SELECT t.id, t.at, t.agency_id, a.name, a.country, u.display_name, t.criteria
         FROM trace_notices n
         JOIN trace_log t ON t.id = n.trace_id
         JOIN agencies a ON a.id = t.agency_id
         JOIN users u ON u.id = t.user_id
         WHERE n.holder_agency_id = ?1 AND n.trace_id < ?2
         ORDER BY n.trace_id DESC LIMIT ?3",
        args![agency, before, limit],
        |r| {
            let criteria: String = r.get(6)?;
            let (criteria, party_search) = logged_terms(&criteria);
            Ok(Notice {
                id: r.get(0)?,
                at: r.get(1)?,
                agency_id: r.get(2)?,
                agency_name: r.get(3)?,
                country: r.get(4)?,
                user_display_name: r.get(5)?,
                criteria,
                party_search,
            })
        },
    )
}

#[utoipa::path(get, path = "/api/v1/trace/notices", tag = "tracing", security(("bearer" = [])),
    params(NoticesQuery),
    responses((status = 200, description = "traces by other agencies that matched records of the caller's agency, newest first", body = NoticesPage),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn notices(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<NoticesQuery>,
) -> ApiResult<Json<NoticesPage>> {
    let limit = q.limit.unwrap_or(50).clamp(1, MAX_NOTICES_PAGE);
    let before = q.before.unwrap_or(i64::MAX);
    let notices = state
        .db
        .call(move |c| page(c, &caller.agency_id, before, limit).map_err(StoreError::from))
        .await?;
    let next = (notices.len() == limit as usize)
        .then(|| notices.last().map(|n| n.id))
        .flatten();
    Ok(Json(NoticesPage { notices, next }))
}
