//! Quarterly releases of the trend tables: each closed quarter's release is computed
//! once, from a frozen set of cases, and never changes afterwards.
//!
//! A case joins the first release frozen after it became reportable — not a draft,
//! shared by its provider beyond its own agency, not withheld from reports by its
//! provider — and its first non-draft revision was made before that quarter ended. It
//! belongs to that one release for ever: a case filed late goes into the next release,
//! so comparing a release before and after a case arrived shows nothing, and no two
//! releases share a case. There are no free date ranges and no filters: the only
//! choice a caller has is which grouping to read.
//!
//! Invariant: a release's membership and tables are written in one transaction and
//! never updated; tables are published with [`super::suppress::publish`] under the rule
//! in force when the release was frozen (kept with it).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::args;
use crate::sql::{Conn, ConnExt, SqlError};
use time::{Date, Month, OffsetDateTime};

use super::By;
use super::suppress::{Case, Population, Published, Rule, Tally, os_draw, publish};
use crate::db;

/// Most releases frozen in one call (a century of quarters).
const MAX_FREEZE: usize = 400;

/// A calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    /// Year.
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    /// The quarter holding a day.
    pub fn of(d: Date) -> Self {
        Self {
            year: d.year(),
            q: (u8::from(d.month()) - 1) / 3 + 1,
        }
    }

    /// The quarter after this one.
    pub fn next(self) -> Self {
        if self.q == 4 {
            Self {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Self {
                year: self.year,
                q: self.q + 1,
            }
        }
    }

    /// The quarter before this one.
    pub fn previous(self) -> Self {
        if self.q == 1 {
            Self {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Self {
                year: self.year,
                q: self.q - 1,
            }
        }
    }

    /// Its first day.
    pub fn start(self) -> Date {
        let month = Month::try_from(3 * (self.q - 1) + 1).unwrap_or(Month::January);
        Date::from_calendar_date(self.year, month, 1).unwrap_or(Date::MIN)
    }

    /// `2026-Q3`.
    pub fn label(self) -> String {
        format!("{:04}-Q{}", self.year, self.q)
    }

    /// Parses [`Quarter::label`].
    pub fn parse(text: &str) -> Option<Self> {
        let (y, q) = text.split_once("-Q")?;
        let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        Some(Self {
            year: y.parse().ok()?,
            q,
        })
    }
}

/// `first_reportable`: when each reportable case not in a release yet first left the
/// draft status, as (record id, agency id, RFC 3339 time).
fn waiting_cases(c: &impl Conn) -> Result<Vec<(String, String, String)>, SqlError> {
    let rows = c.query(
        "SELECT r.id, r.agency_id,
                (SELECT min(v.at) FROM record_revisions v
                 WHERE v.record_id = r.id AND json_extract(v.body, '$.status') <> 'draft')
         FROM records r
         WHERE (r.kind = 'seizure_case' OR r.kind = 'recovered_cache') AND r.status <> 'draft'
           AND r.scope IN ('national', 'partners')
           AND NOT EXISTS (SELECT 1 FROM report_withheld w WHERE w.record_id = r.id)
           AND NOT EXISTS (SELECT 1 FROM report_release_cases m WHERE m.record_id = r.id)",
        args![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get::<Option<String>>(2)?)),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, agency, at)| Some((id, agency, at?)))
        .collect())
}

/// The newest frozen release, if any.
fn newest(c: &impl Conn) -> Result<Option<Quarter>, SqlError> {
    let label: Option<String> = c
        .query_opt("SELECT max(period) FROM report_releases", args![], |r| {
            r.get(0)
        })?
        .flatten();
    Ok(label.as_deref().and_then(Quarter::parse))
}

/// Freezes every closed quarter not frozen yet, oldest first (from the quarter of the
/// first reportable case, or after the newest release). Runs in its own write
/// transaction; returns how many releases it froze.
pub fn freeze_closed(c: &impl Conn, now: OffsetDateTime, rule: &Rule) -> Result<usize, SqlError> {
    let current = Quarter::of(now.date());
    // The common case: the last closed quarter is frozen already; no write lock, no
    // scan of the waiting cases.
    if newest(c)?.is_some_and(|q| q.next() >= current) {
        return Ok(0);
    }
    crate::sql::in_write(c, |tx| freeze_from(tx, current, rule))
}

/// Freezes the closed quarters before `current` in the caller's write transaction.
fn freeze_from(tx: &impl Conn, current: Quarter, rule: &Rule) -> Result<usize, SqlError> {
    let waiting = waiting_cases(tx)?;
    let first = match newest(tx)? {
        Some(q) => q.next(),
        None => {
            let earliest = waiting
                .iter()
                .filter_map(|(_, _, at)| {
                    OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).ok()
                })
                .map(|t| Quarter::of(t.date()))
                .min();
            match earliest {
                Some(q) => q,
                None => return Ok(0),
            }
        }
    };
    let mut frozen = 0;
    let mut q = first;
    let mut waiting = waiting;
    while q < current && frozen < MAX_FREEZE {
        let end = db::timestamp(q.next().start().midnight().assume_utc());
        let (members, rest): (Vec<_>, Vec<_>) =
            waiting.into_iter().partition(|(_, _, at)| *at < end);
        waiting = rest;
        freeze(tx, q, &members, rule)?;
        frozen += 1;
        q = q.next();
    }
    Ok(frozen)
}

/// Writes one release: its members and a published table per grouping.
fn freeze(
    tx: &impl Conn,
    q: Quarter,
    members: &[(String, String, String)],
    rule: &Rule,
) -> Result<(), SqlError> {
    let label = q.label();
    tx.execute(
        "INSERT INTO report_releases (period, frozen_at, min_records, min_agencies) VALUES (?1, ?2, ?3, ?4)",
        args![label, db::now(), i64::try_from(rule.min_records).unwrap_or(i64::MAX),
                i64::try_from(rule.min_agencies).unwrap_or(i64::MAX)])?;
    for (id, _, _) in members {
        tx.execute(
            "INSERT INTO report_release_cases (record_id, period) VALUES (?1, ?2)",
            args![id, label],
        )?;
    }
    let (population, member_of) = population(tx, members)?;
    // Each member case's JSON, read once for every grouping.
    let cases: Vec<(usize, usize, serde_json::Value)> = tx
        .query(
            "SELECT r.id, r.body FROM records r
             JOIN report_release_cases m ON m.record_id = r.id AND m.period = ?1",
            args![label],
            |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
        )?
        .into_iter()
        .filter_map(|(id, body)| {
            let &(agency, case) = member_of.get(id.as_str())?;
            Some((
                agency,
                case,
                serde_json::from_str(&body).unwrap_or_default(),
            ))
        })
        .collect();
    for by in By::ALL {
        let mut by_value: BTreeMap<String, Tally> = BTreeMap::new();
        for (agency, case, body) in &cases {
            for label in super::case_labels(by, body) {
                by_value.entry(label).or_default().add(*agency, *case);
            }
        }
        let table: Vec<Published> = publish(by_value, rule, &population, &mut os_draw);
        let body = serde_json::to_string(&table).map_err(|e| SqlError::decode(0, e))?;
        tx.execute(
            "INSERT INTO report_release_tables (period, grouping, body) VALUES (?1, ?2, ?3)",
            args![label, by.as_str(), body],
        )?;
    }
    Ok(())
}

/// Each member's (agency, case) numbers, by record id.
type Members = HashMap<String, (usize, usize)>;

/// Who could read each member case at the time of freezing: readers are every agency,
/// then one newcomer per country (an agency created later in that country sees the
/// country's national cases). Returns the population and, per record id, its
/// (agency, case) numbers.
fn population(
    tx: &impl Conn,
    members: &[(String, String, String)],
) -> Result<(Population, Members), SqlError> {
    let agencies: Vec<(String, String)> = tx.query(
        "SELECT id, country FROM agencies ORDER BY id",
        args![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let reader: HashMap<&str, usize> = agencies
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i))
        .collect();
    let countries: BTreeSet<&str> = agencies.iter().map(|(_, c)| c.as_str()).collect();
    let newcomer: HashMap<&str, usize> = countries
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, agencies.len() + i))
        .collect();
    let mut cases = Vec::with_capacity(members.len());
    let mut member_of = HashMap::with_capacity(members.len());
    for (id, agency, _) in members {
        let Some(&own) = reader.get(agency.as_str()) else {
            continue;
        };
        let (scope, country): (String, String) = tx.query_one(
            "SELECT r.scope, a.country FROM records r JOIN agencies a ON a.id = r.agency_id
             WHERE r.id = ?1",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut seen_by = BTreeSet::new();
        if scope == "national" {
            seen_by.extend(
                agencies
                    .iter()
                    .filter(|(_, c)| *c == country)
                    .filter_map(|(a, _)| reader.get(a.as_str()).copied()),
            );
            seen_by.extend(newcomer.get(country.as_str()).copied());
        }
        let named: Vec<String> = tx.query(
            "SELECT agency_id FROM record_partners WHERE record_id = ?1
             UNION ALL
             SELECT agency_id FROM access_grants
             WHERE record_id = ?1 AND expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            args![id],
            |r| r.get(0),
        )?;
        seen_by.extend(named.iter().filter_map(|a| reader.get(a.as_str()).copied()));
        member_of.insert(id.clone(), (own, cases.len()));
        cases.push(Case {
            agency: own,
            seen_by,
        });
    }
    let readers = agencies.len() + countries.len();
    Ok((Population { cases, readers }, member_of))
}

/// Every frozen release's table for one grouping, oldest first.
pub fn tables(c: &impl Conn, by: By) -> Result<Vec<(String, Vec<Published>)>, SqlError> {
    c.query(
        "SELECT period, body FROM report_release_tables WHERE grouping = ?1 ORDER BY period",
        args![by.as_str()],
        |r| {
            let body: String = r.get(1)?;
            Ok((r.get(0)?, serde_json::from_str(&body).unwrap_or_default()))
        },
    )
}

/// The rule a release was frozen under (the newest release's, for the answer).
pub fn newest_rule(c: &impl Conn) -> Result<Option<Rule>, SqlError> {
    c.query_opt(
        "SELECT min_records, min_agencies FROM report_releases ORDER BY period DESC LIMIT 1",
        args![],
        |r| {
            Ok(Rule {
                min_records: u64::try_from(r.get::<i64>(0)?).unwrap_or(u64::MAX),
                min_agencies: usize::try_from(r.get::<i64>(1)?).unwrap_or(usize::MAX),
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn quarters() {
        let q = Quarter::of(date!(2026 - 11 - 30));
        assert_eq!(q.label(), "2026-Q4");
        assert_eq!(q.next().label(), "2027-Q1");
        assert_eq!(q.previous().label(), "2026-Q3");
        assert_eq!(q.start(), date!(2026 - 10 - 01));
        assert_eq!(
            Quarter::of(date!(2026 - 01 - 01)).previous().label(),
            "2025-Q4"
        );
        assert_eq!(
            Quarter::parse("2026-Q3"),
            Some(Quarter { year: 2026, q: 3 })
        );
        assert_eq!(Quarter::parse("2026-Q5"), None);
        assert_eq!(Quarter::parse("junk"), None);
    }

    #[test]
    fn nothing_is_frozen_before_a_quarter_closes() {
        let dir = tempfile::tempdir().unwrap();
        let c = db::open_sync(&dir.path().join("t.db")).unwrap();
        let rule = Rule {
            min_records: 5,
            min_agencies: 3,
        };
        assert_eq!(
            freeze_closed(&c, datetime!(2026-11-30 0:00 UTC), &rule).unwrap(),
            0
        );
        assert!(tables(&c, By::Calibre).unwrap().is_empty());
    }
}
