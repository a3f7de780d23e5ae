//! Parties across cases (Global Framework objective 8 (b)(iii)(e), DIEF rule 19):
//! every broker, carrier, consignor, consignee, vessel or aircraft a seizure names,
//! the exporter, importer and end user of a transfer, the places of a route and the
//! concealment method, kept in `party_index` with each revision, so a supervisor can
//! ask "where else does this broker appear?".
//!
//! Invariant: a search answers in detail only the records the caller may see (the
//! records' visibility clause, in the same query); for the rest it names the
//! agencies that hold them and nothing else, exactly as a lot trace does. Each search
//! counts against the caller's hourly trace allowance, is logged for the agencies it
//! matched (their notices) and is audited.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};
use tracemark_shared::api::tracing::{Holder, PartyAnswer, PartyMatch, PartySearch};
use tracemark_shared::domain::{RecordKind, identifier_key, party_key, place_key};
use tracemark_shared::validate::{TextKind, Validator};

use super::notices;
use crate::api::{ApiQuery, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db::StoreError;
use crate::identity::{Caller, Supervisor};
use crate::records::VISIBLE;
use crate::sql::{Arg, Conn, ConnExt, Params, SqlError};
use crate::{args, sql};

/// Most matches one answer lists.
pub const MAX_PARTY_MATCHES: usize = 500;

/// One row of `party_index`.
struct IndexRow {
    facet: &'static str,
    role: String,
    name: String,
    key: String,
    identifier: Option<String>,
    country: Option<String>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn party(
    role: &str,
    name: String,
    identifier: Option<String>,
    country: Option<String>,
) -> IndexRow {
    IndexRow {
        facet: "party",
        role: role.to_string(),
        key: party_key(&name),
        name,
        identifier,
        country,
    }
}

fn place(facet: &'static str, role: &str, name: String) -> IndexRow {
    IndexRow {
        facet,
        role: role.to_string(),
        key: place_key(&name),
        name,
        identifier: None,
        country: None,
    }
}

/// The rows a record of `kind` gives, with its reference and date; read leniently
/// from the stored body (validated when written).
fn rows_of(kind: RecordKind, body: &Value) -> (Vec<IndexRow>, Option<String>, Option<String>) {
    let mut rows = Vec::new();
    match kind {
        RecordKind::SeizureCase | RecordKind::RecoveredCache => {
            for p in body
                .get("parties")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let (Some(name), Some(role)) = (text(p, "name"), text(p, "role")) {
                    rows.push(party(
                        &role,
                        name,
                        text(p, "identifier"),
                        text(p, "country"),
                    ));
                }
            }
            let route = body.get("route").cloned().unwrap_or(Value::Null);
            if let Some(o) = text(&route, "origin") {
                rows.push(place("place", "origin", o));
            }
            for t in route
                .get("transit")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(t) = t.as_str().map(str::trim).filter(|t| !t.is_empty()) {
                    rows.push(place("place", "transit", t.to_string()));
                }
            }
            if let Some(d) = text(&route, "destination") {
                rows.push(place("place", "destination", d));
            }
            if let Some(d) = text(body, "point_of_dispatch") {
                rows.push(place("place", "dispatch", d));
            }
            if let Some(c) = text(body, "concealment") {
                rows.push(place("concealment", "concealment", c));
            }
            (rows, text(body, "reference"), text(body, "seized_on"))
        }
        RecordKind::Transfer => {
            for role in ["exporter", "importer", "end_user"] {
                if let Some(name) = text(body, role) {
                    rows.push(party(role, name, None, None));
                }
            }
            (
                rows,
                text(body, "end_user_certificate_ref"),
                text(body, "transferred_on"),
            )
        }
        RecordKind::StockCheck | RecordKind::CountLine => (rows, None, None),
    }
}

/// Keeps the rows of one record (of `kind`, owned by `agency_id`) as its body now
/// says; `fresh` when nothing of it was indexed before.
pub fn write(
    c: &impl Conn,
    record_id: &str,
    kind: RecordKind,
    agency_id: &str,
    body: &Value,
    fresh: bool,
) -> Result<(), SqlError> {
    if !(kind.is_case() || kind == RecordKind::Transfer) {
        return Ok(());
    }
    if !fresh {
        c.execute(
            "DELETE FROM party_index WHERE record_id = ?1",
            args![record_id],
        )?;
    }
    let (rows, reference, date) = rows_of(kind, body);
    let insert = "INSERT INTO party_index (record_id, agency_id, kind, facet, role, name,
             name_key, identifier, identifier_key, country, reference, on_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    for r in rows {
        let identifier_key = r.identifier.as_deref().and_then(identifier_key);
        c.execute(
            insert,
            args![
                record_id,
                agency_id,
                kind.as_str(),
                r.facet,
                r.role,
                r.name,
                r.key,
                r.identifier,
                identifier_key,
                r.country,
                reference,
                date,
            ],
        )?;
    }
    Ok(())
}

/// Indexes every case and transfer stored (schema version 14, on both engines).
pub fn index_all(c: &impl Conn) -> Result<(), SqlError> {
    let records: Vec<(String, RecordKind, String, String)> = c.query(
        "SELECT id, kind, agency_id, body FROM records
         WHERE kind = 'seizure_case' OR kind = 'recovered_cache' OR kind = 'transfer'",
        args![],
        |r| Ok((r.get(0)?, r.wire(1)?, r.get(2)?, r.get(3)?)),
    )?;
    for (id, kind, agency, body) in records {
        let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        write(c, &id, kind, &agency, &body, true)?;
    }
    Ok(())
}

/// The search's keys: the WHERE clause over `p` and the normalised search whose
/// terms are its parameters.
struct Keys {
    clause: String,
    search: PartySearch,
}

/// A term the search was given: trimmed, and `None` when blank.
fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The search with each term replaced by the key it is matched on (blank terms and
/// terms with no key left out); a term too long or malformed is reported on `v` under
/// its name. Normalising twice changes nothing.
pub fn normalised(q: &PartySearch, v: &mut Validator) -> PartySearch {
    for (field, value) in [
        ("name", &q.name),
        ("identifier", &q.identifier),
        ("place", &q.place),
        ("concealment", &q.concealment),
    ] {
        if let Some(s) = given(value) {
            v.text(field, s, TextKind::Short);
        }
    }
    PartySearch {
        name: given(&q.name).map(party_key).filter(|k| !k.is_empty()),
        identifier: given(&q.identifier).and_then(identifier_key),
        place: given(&q.place).map(place_key).filter(|k| !k.is_empty()),
        concealment: given(&q.concealment)
            .map(place_key)
            .filter(|k| !k.is_empty()),
    }
}

/// Whether a normalised search may name holders: concealment words alone are too
/// broad to say who holds what.
pub fn names_holders(n: &PartySearch) -> bool {
    n.name.is_some() || n.identifier.is_some() || n.place.is_some()
}

/// The WHERE clause of a normalised search; `None` when it has no term.
fn keys(search: PartySearch) -> Option<Keys> {
    let mut parts = Vec::new();
    if search.name.is_some() {
        parts.push("(p.facet = 'party' AND p.name_key = :name)");
    }
    if search.identifier.is_some() {
        parts.push("p.identifier_key = :identifier");
    }
    if search.place.is_some() {
        parts.push("(p.facet = 'place' AND p.name_key = :place)");
    }
    if search.concealment.is_some() {
        parts.push("(p.facet = 'concealment' AND instr(p.name_key, :concealment) > 0)");
    }
    (!parts.is_empty()).then(|| Keys {
        clause: format!("({})", parts.join(" OR ")),
        search,
    })
}

impl Keys {
    /// The parameters `sql` names: the search's terms and `extra`.
    fn params<'a>(
        &'a self,
        sql: &str,
        extra: &[(&'a str, &'a dyn Arg)],
    ) -> Vec<(&'a str, &'a dyn Arg)> {
        let terms: [(&str, &dyn Arg); 4] = [
            (":name", &self.search.name),
            (":identifier", &self.search.identifier),
            (":place", &self.search.place),
            (":concealment", &self.search.concealment),
        ];
        used(sql, &[&terms[..], extra].concat())
    }

    /// The party rows `clause` (over `p`, `r`) admits, newest first, at most
    /// [`MAX_PARTY_MATCHES`], and whether there were more.
    fn matches(
        &self,
        c: &impl Conn,
        clause: &str,
        extra: &[(&str, &dyn Arg)],
    ) -> Result<(Vec<PartyMatch>, bool), SqlError> {
        let limit = i64::try_from(MAX_PARTY_MATCHES + 1).unwrap_or(i64::MAX);
        let sql = format!(
            "SELECT {PARTY_COLUMNS}
             WHERE {} AND {clause}
             ORDER BY p.on_date DESC, p.record_id LIMIT :limit",
            self.clause
        );
        let extra = [extra, &[(":limit", &limit as &dyn Arg)]].concat();
        let mut matches = c.query(&sql, Params::Named(&self.params(&sql, &extra)), party_match)?;
        let truncated = matches.len() > MAX_PARTY_MATCHES;
        matches.truncate(MAX_PARTY_MATCHES);
        Ok((matches, truncated))
    }
}

/// The keys of a search as typed, or what to correct.
fn checked_keys(q: &PartySearch) -> Result<Keys, StoreError> {
    let mut v = Validator::new();
    let n = normalised(q, &mut v);
    v.finish().map_err(StoreError::Invalid)?;
    keys(n).ok_or_else(|| {
        StoreError::Refused(
            "give a name, an identifier, a place or words of a concealment method".into(),
        )
    })
}

/// One visible party row as the answer lists it (columns of `PARTY_COLUMNS`).
fn party_match(r: &crate::sql::Row<'_>) -> Result<PartyMatch, SqlError> {
    Ok(PartyMatch {
        record_id: r.get(0)?,
        kind: r.wire(1)?,
        agency_name: r.get(2)?,
        facet: r.get(3)?,
        role: r.get(4)?,
        name: r.get(5)?,
        identifier: r.get(6)?,
        country: r.get(7)?,
        reference: r.get(8)?,
        date: r.get(9)?,
    })
}

const PARTY_COLUMNS: &str = "p.record_id, p.kind, a.name, p.facet, p.role, p.name, p.identifier,
                    p.country, p.reference, p.on_date
             FROM party_index p JOIN records r ON r.id = p.record_id
             JOIN agencies a ON a.id = r.agency_id";

/// The rows of `agency_id`'s own records that a normalised search matches, newest
/// first, at most [`MAX_PARTY_MATCHES`], and whether there were more: what the holder
/// of an access request by party decides on.
pub fn own_matches(
    c: &impl Conn,
    agency_id: &str,
    search: &PartySearch,
) -> Result<(Vec<PartyMatch>, bool), StoreError> {
    let Some(k) = keys(search.clone()) else {
        return Ok((Vec::new(), false));
    };
    Ok(k.matches(c, "p.agency_id = :agency", &[(":agency", &agency_id)])?)
}

/// The ids of `agency_id`'s own records that a normalised search matches.
pub fn own_record_ids(
    c: &impl Conn,
    agency_id: &str,
    search: &PartySearch,
) -> Result<Vec<String>, StoreError> {
    let Some(k) = keys(search.clone()) else {
        return Ok(Vec::new());
    };
    let own = format!(
        "SELECT DISTINCT p.record_id FROM party_index p
         WHERE {} AND p.agency_id = :agency ORDER BY p.record_id",
        k.clause
    );
    let params = k.params(&own, &[(":agency", &agency_id)]);
    Ok(c.query(&own, Params::Named(&params), |r| r.get(0))?)
}

/// The parameters of `all` that `sql` names (every name given must appear in it).
fn used<'a>(sql: &str, all: &[(&'a str, &'a dyn Arg)]) -> Vec<(&'a str, &'a dyn Arg)> {
    all.iter()
        .filter(|(name, _)| {
            sql.match_indices(name).any(|(at, _)| {
                !sql.get(at + name.len()..)
                    .unwrap_or_default()
                    .starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        })
        .copied()
        .collect()
}

/// Searches parties across cases as `caller`, within their hourly allowance.
pub fn search(
    c: &impl Conn,
    caller: &Caller,
    q: &PartySearch,
    per_hour: u32,
) -> Result<PartyAnswer, StoreError> {
    let k = checked_keys(q)?;
    let normalised = k.search.clone();
    let caller_args: [(&str, &dyn Arg); 2] = [
        (":agency", &caller.agency_id),
        (":country", &caller.country),
    ];
    sql::in_write(c, |tx| {
        let logged = json!({ "party_search": normalised });
        let trace_id = notices::admit_logged(&tx, caller, &logged.to_string(), per_hour)?;
        let (matches, truncated) = k.matches(&tx, VISIBLE, &caller_args)?;
        let holders_searched = names_holders(&normalised);
        let holders = if holders_searched {
            let unseen = format!(
                "SELECT DISTINCT a.id, a.name, a.country
                 FROM party_index p JOIN records r ON r.id = p.record_id
                 JOIN agencies a ON a.id = r.agency_id
                 WHERE {} AND NOT ({VISIBLE}) ORDER BY a.name",
                k.clause
            );
            tx.query(
                &unseen,
                Params::Named(&k.params(&unseen, &caller_args)),
                |r| {
                    Ok(Holder {
                        agency_id: r.get(0)?,
                        agency_name: r.get(1)?,
                        country: r.get(2)?,
                    })
                },
            )?
        } else {
            Vec::new()
        };
        // Every agency whose records the search matched learns of it (their notices).
        let others = format!(
            "SELECT DISTINCT p.agency_id FROM party_index p WHERE {} AND p.agency_id <> :agency",
            k.clause
        );
        let matched: Vec<String> = tx.query(
            &others,
            Params::Named(&k.params(&others, &caller_args)),
            |r| r.get(0),
        )?;
        notices::notify(&tx, trace_id, &matched)?;
        audit::append(
            &tx,
            &Entry {
                actor: caller.actor(),
                action: "party_query",
                subject: &caller.agency_id,
                detail: json!({ "search": normalised, "matches": matches.len(),
                                "holders": holders.len() }),
            },
        )?;
        Ok(PartyAnswer {
            search: normalised.clone(),
            matches,
            truncated,
            limit: MAX_PARTY_MATCHES,
            holders,
            holders_searched,
        })
    })
}

#[utoipa::path(get, path = "/api/v1/trace/parties", tag = "tracing", security(("bearer" = [])),
    params(PartySearch),
    responses((status = 200, body = PartyAnswer), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, description = "a term is too long or malformed", body = ErrorBody),
              (status = 429, description = "the caller's trace queries for this hour are used up", body = ErrorBody)))]
pub(super) async fn parties(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<PartySearch>,
) -> ApiResult<Json<PartyAnswer>> {
    let per_hour = state.config.trace_queries_per_hour;
    let answer = state
        .db
        .on_writer(move |c| search(c, &caller, &q, per_hour))
        .await?;
    Ok(Json(answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_gives_its_parties_places_and_concealment() {
        let body = json!({
            "reference": "KE-1", "seized_on": "2026-03-15",
            "parties": [
                { "name": "Example Freight Ltd", "role": "broker", "country": "AE", "note": null },
                { "name": "MV Example Star", "role": "carrier", "country": "PA", "note": null,
                  "identifier": "IMO 9074729" },
                { "name": "  ", "role": "other", "country": null, "note": null },
            ],
            "route": { "origin": "Somalia", "transit": ["Mandera", ""], "destination": null },
            "point_of_dispatch": "Jebel Ali",
            "concealment": "False floor of a lorry",
        });
        let (rows, reference, date) = rows_of(RecordKind::SeizureCase, &body);
        let shown: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r.facet, r.role.as_str(), r.key.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("party", "broker", "example freight"),
                ("party", "carrier", "mv example star"),
                ("place", "origin", "somalia"),
                ("place", "transit", "mandera"),
                ("place", "dispatch", "jebel ali"),
                ("concealment", "concealment", "false floor of a lorry"),
            ]
        );
        assert_eq!(rows[1].identifier.as_deref(), Some("IMO 9074729"));
        assert_eq!(
            (reference.as_deref(), date.as_deref()),
            (Some("KE-1"), Some("2026-03-15"))
        );
    }

    #[test]
    fn a_search_needs_a_term() {
        let err = checked_keys(&PartySearch::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("give a name"), "{err}");
        let err = checked_keys(&PartySearch {
            name: Some("x".repeat(201)),
            ..PartySearch::default()
        })
        .err()
        .unwrap();
        assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    }

    #[test]
    fn a_normalised_search_normalises_to_itself() {
        // A request stores its search normalised; the holder's matches are found by
        // normalising it again.
        let typed = PartySearch {
            name: Some("  EXAMPLE FREIGHT L.L.C. ".into()),
            identifier: Some("imo 9074729".into()),
            place: Some("Jebel  Ali".into()),
            concealment: Some("False Floor".into()),
        };
        let mut v = Validator::new();
        let once = normalised(&typed, &mut v);
        let twice = normalised(&once, &mut v);
        assert!(v.finish().is_ok());
        assert_eq!(once, twice);
        assert_eq!(once.name.as_deref(), Some("example freight"));
        assert!(names_holders(&once));
        assert!(!names_holders(&PartySearch {
            concealment: once.concealment.clone(),
            ..PartySearch::default()
        }));
    }
}
