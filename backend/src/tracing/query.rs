//! Trace queries over the lot index: the criteria a supervisor gives, the matches the
//! caller may see in detail, and the agencies holding matches the caller may not see.
//!
//! Invariant: visibility is decided in the SQL of each query by `records::VISIBLE`;
//! what is said about unseen records is only "agency X holds a matching record", one
//! row per agency however many records match, ordered by agency name.

use crate::sql::{Arg, Conn, ConnExt, Owned, Params, Row, SqlError};
pub use tracemark_shared::api::tracing::{Criteria, Holder, Line as LineView, Match};
use tracemark_shared::domain::RecordKind;
use tracemark_shared::validate::{
    MAX_LOT_YEAR, MIN_LOT_YEAR, Rule, TextKind, ValidationErrors, Validator,
};

use super::index::{calibre_key, gtin_key, nsn_key, serial_key, text_key};
use crate::identity::Caller;
use crate::records::{VISIBLE, VISIBLE_OWNER_JOINED};

/// Most visible matches in one answer; `truncated` says when there were more.
pub const MAX_MATCHES: usize = 500;

/// What every criterion list must name at least one of.
const CRITERIA_NAMES: &str = "lot, sub_lot, manufacturer, calibre, year, nsn, gtin, serial";

/// Criteria checked and normalised into SQL clauses over the index (aliased `li`).
/// The clause texts are constants; every value is bound.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    clauses: Vec<&'static str>,
    binds: Vec<(&'static str, Owned)>,
    /// The criteria as the index compares them.
    pub normalised: Criteria,
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Criteria checked against the server's rules and turned into the index's filter.
pub trait CriteriaExt {
    /// Checks the criteria (422 with field paths when broken) and builds the filter.
    fn filter(&self) -> Result<Filter, ValidationErrors>;
    /// Reports every broken rule into `v` and builds the filter of what is valid.
    fn check(&self, v: &mut Validator) -> Filter;
}

impl CriteriaExt for Criteria {
    fn filter(&self) -> Result<Filter, ValidationErrors> {
        let mut v = Validator::new();
        let f = self.check(&mut v);
        v.finish()?;
        Ok(f)
    }

    fn check(&self, v: &mut Validator) -> Filter {
        let mut f = Filter::default();
        for (field, text) in [
            ("lot", given(&self.lot)),
            ("sub_lot", given(&self.sub_lot)),
            ("manufacturer", given(&self.manufacturer)),
            ("calibre", given(&self.calibre)),
            ("nsn", given(&self.nsn)),
            ("gtin", given(&self.gtin)),
            ("serial", given(&self.serial)),
        ] {
            if let Some(t) = text {
                v.text(field, t, TextKind::Short);
            }
        }
        if let Some(t) = given(&self.lot) {
            let k = text_key(t);
            f.normalised.lot = Some(k.clone());
            add(&mut f, "li.lot = :lot", ":lot", k);
        }
        if let Some(t) = given(&self.sub_lot) {
            let k = text_key(t);
            f.normalised.sub_lot = Some(k.clone());
            add(&mut f, "li.sub_lot = :sub_lot", ":sub_lot", k);
        }
        if let Some(t) = given(&self.manufacturer) {
            let k = text_key(t);
            f.normalised.manufacturer = Some(k.clone());
            add(
                &mut f,
                "li.manufacturer = :manufacturer",
                ":manufacturer",
                k,
            );
        }
        if let Some(t) = given(&self.calibre) {
            let k = calibre_key(t);
            f.normalised.calibre = Some(k.clone());
            add(&mut f, "li.calibre_key = :calibre", ":calibre", k);
        }
        if let Some(year) = self.year {
            v.range("year", year, MIN_LOT_YEAR, MAX_LOT_YEAR);
            f.normalised.year = Some(year);
            f.clauses.push("li.year = :year");
            f.binds.push((":year", Owned::Int(i64::from(year))));
        }
        if let Some(t) = given(&self.nsn) {
            match nsn_key(t) {
                Some(k) => {
                    f.normalised.nsn = Some(k.clone());
                    add(&mut f, "li.nsn = :nsn", ":nsn", k);
                }
                None => v.report("nsn", format_rule("a NATO Stock Number (NNNN-NN-NNN-NNNN)")),
            }
        }
        if let Some(t) = given(&self.gtin) {
            match gtin_key(t) {
                Some(k) => {
                    f.normalised.gtin = Some(k.clone());
                    add(&mut f, "li.gtin = :gtin", ":gtin", k);
                }
                None => v.report("gtin", format_rule("a GTIN of 8, 12, 13 or 14 digits")),
            }
        }
        if let Some(k) = given(&self.serial).and_then(serial_key) {
            f.normalised.serial = Some(k.clone());
            add(&mut f, "li.serial = :serial", ":serial", k);
        }
        if f.clauses.is_empty() && !v.has_errors() {
            v.report(
                "query",
                format_rule(format!("given at least one of {CRITERIA_NAMES}")),
            );
        }
        if let Some(kind) = given(&self.kind) {
            match kind.parse::<RecordKind>() {
                Ok(kind) => {
                    f.normalised.kind = Some(kind.as_str().to_string());
                    add(
                        &mut f,
                        "li.kind = :kind",
                        ":kind",
                        kind.as_str().to_string(),
                    );
                }
                Err(e) => v.report("kind", format_rule(e.expected().to_string())),
            }
        }
        f
    }
}

fn format_rule(expected: impl Into<std::borrow::Cow<'static, str>>) -> Rule {
    Rule::Format {
        expected: expected.into(),
    }
}

fn add(f: &mut Filter, clause: &'static str, name: &'static str, value: String) {
    f.clauses.push(clause);
    f.binds.push((name, Owned::Text(value)));
}

/// Lot or serial texts that name nothing (placeholders typed when a field is unknown).
const PLACEHOLDERS: &[&str] = &[
    "N/A", "NA", "NONE", "NIL", "NULL", "UNKNOWN", "UNK", "TBD", "NO LOT", "NOLOT", "NO",
];

/// Whether a lot or serial (normalised) could name one lot: three letters or digits at
/// least, not all the same, and no placeholder — `?`, `N/A`, `000` would sweep every
/// holder of a calibre.
fn names_one(text: &str) -> bool {
    let alnum: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    alnum.len() >= 3
        && alnum.iter().any(|c| Some(c) != alnum.first())
        && !PLACEHOLDERS.contains(&text)
}

impl Filter {
    /// Whether the criteria name one lot closely enough for a hit / no-hit answer
    /// about records the caller may not see: a lot with its maker or calibre, an NSN
    /// with a lot, or a GTIN with a serial or a lot. Broader criteria (a year, a
    /// calibre, a maker) would let a caller sweep what other agencies hold.
    pub fn lot_level(&self) -> bool {
        let n = &self.normalised;
        let lot = n.lot.as_deref().is_some_and(names_one);
        let serial = n.serial.as_deref().is_some_and(names_one);
        let names_the_lot = n.manufacturer.is_some() || n.calibre.is_some() || n.nsn.is_some();
        (lot && names_the_lot) || (n.gtin.is_some() && (serial || lot))
    }

    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }

    /// What the criteria are read against: every lot line (the view `lot_lines`), or
    /// the lot index alone when they name a GTIN or a serial, which only seized items'
    /// markings carry (count lines have none, so their arm could only be scanned).
    fn lines(&self) -> &'static str {
        if self.normalised.gtin.is_some() || self.normalised.serial.is_some() {
            "lot_index"
        } else {
            "lot_lines"
        }
    }

    fn params<'a>(
        &'a self,
        extra: &'a [(&'static str, &'a dyn Arg)],
    ) -> Vec<(&'a str, &'a dyn Arg)> {
        self.binds
            .iter()
            .map(|(n, v)| (*n, v as &dyn Arg))
            .chain(extra.iter().copied())
            .collect()
    }
}

const MATCH_COLUMNS: &str = "li.record_id, li.kind, li.agency_id, a.name, a.country, r.status,
    r.updated_at, li.on_date, li.line, li.manufacturer, li.calibre, li.year, li.lot,
    li.sub_lot, li.nsn, li.gtin, li.serial, li.quantity, li.depot, li.location, li.end_user,
    li.importer, li.reference";
/// Columns in [`MATCH_COLUMNS`].
const MATCH_COLUMN_COUNT: usize = 23;

fn match_row(row: &Row<'_>) -> Result<Match, SqlError> {
    Ok(Match {
        record_id: row.get(0)?,
        kind: row.wire(1)?,
        agency_id: row.get(2)?,
        agency_name: row.get(3)?,
        country: row.get(4)?,
        status: row.wire(5)?,
        updated_at: row.get(6)?,
        date: row.get(7)?,
        line: LineView {
            line: row.get(8)?,
            manufacturer: row.get(9)?,
            calibre: row.get(10)?,
            year: row.get(11)?,
            lot: row.get(12)?,
            sub_lot: row.get(13)?,
            nsn: row.get(14)?,
            gtin: row.get(15)?,
            serial: row.get(16)?,
            quantity: row.get(17)?,
            depot: row.get(18)?,
            location: row.get(19)?,
            end_user: row.get(20)?,
            importer: row.get(21)?,
            reference: row.get(22)?,
        },
    })
}

/// The matching lines the caller may see, at most [`MAX_MATCHES`], and whether there
/// were more.
pub fn visible_matches(
    c: &impl Conn,
    caller: &Caller,
    f: &Filter,
) -> Result<(Vec<Match>, bool), SqlError> {
    let sql = format!(
        "SELECT {MATCH_COLUMNS}
         FROM {lines} li JOIN records r ON r.id = li.record_id
              JOIN agencies a ON a.id = li.agency_id
         WHERE {} AND {VISIBLE}
         ORDER BY a.name, li.kind, li.on_date, li.record_id, li.line
         LIMIT :limit",
        f.sql(),
        lines = f.lines()
    );
    let limit = i64::try_from(MAX_MATCHES + 1).unwrap_or(i64::MAX);
    let extra: [(&'static str, &dyn Arg); 3] = [
        (":agency", &caller.agency_id),
        (":country", &caller.country),
        (":limit", &limit),
    ];
    let mut rows = c.query(&sql, Params::Named(&f.params(&extra)), match_row)?;
    let truncated = rows.len() > MAX_MATCHES;
    rows.truncate(MAX_MATCHES);
    Ok((rows, truncated))
}

/// The agencies (other than the caller's) that hold a matching record the caller may
/// not see: one row per agency, by name. One pass over the matching lines (an `IN`
/// set, so duplicates collapse before anything is returned).
pub fn holders(c: &impl Conn, caller: &Caller, f: &Filter) -> Result<Vec<Holder>, SqlError> {
    let sql = format!(
        "SELECT a.id, a.name, a.country FROM agencies a
         WHERE a.id IN (SELECT li.agency_id FROM {lines} li JOIN records r ON r.id = li.record_id
                        WHERE {} AND li.agency_id <> :agency AND NOT {VISIBLE})
         ORDER BY a.name, a.id",
        f.sql(),
        lines = f.lines()
    );
    let extra: [(&'static str, &dyn Arg); 2] = [
        (":agency", &caller.agency_id),
        (":country", &caller.country),
    ];
    c.query(&sql, Params::Named(&f.params(&extra)), |r| {
        Ok(Holder {
            agency_id: r.get(0)?,
            agency_name: r.get(1)?,
            country: r.get(2)?,
        })
    })
}

/// A match ordered as `visible_matches` orders them: agency name, kind, date, record,
/// line.
struct Ordered(Match);

impl Ordered {
    fn key(&self) -> (&str, &str, Option<&str>, &str, i64) {
        let m = &self.0;
        (
            &m.agency_name,
            m.kind.as_str(),
            m.date.as_deref(),
            &m.record_id,
            m.line.line,
        )
    }
}

impl PartialEq for Ordered {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Ordered {}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// Everything a lot-level trace answers, from one pass over the matching lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LotAnswer {
    /// The lines the caller may see, in [`visible_matches`]'s order, at most
    /// [`MAX_MATCHES`].
    pub matches: Vec<Match>,
    /// Whether there were more visible lines.
    pub truncated: bool,
    /// As [`holders`].
    pub holders: Vec<Holder>,
    /// As [`matched_agencies`].
    pub matched_agencies: Vec<String>,
}

/// The one query of [`lot_answer`]: every matching lot line (the lot index's rows and
/// the count lines' own rows, through the view `lot_lines`) with its verdict.
pub(crate) fn lot_answer_sql(f: &Filter) -> String {
    format!(
        "SELECT {MATCH_COLUMNS}, {VISIBLE_OWNER_JOINED} AS visible
         FROM {lines} li JOIN records r ON r.id = li.record_id
              JOIN agencies a ON a.id = li.agency_id
         WHERE {}",
        f.sql(),
        lines = f.lines()
    )
}

/// The answer of a trace whose criteria name one lot ([`Filter::lot_level`]): the
/// matching lines are read once, each with the visibility rule's verdict, and split
/// into the visible detail, the holders of the rest, and the agencies to notify.
/// Equal to [`visible_matches`] + [`holders`] + [`matched_agencies`] (a test holds them
/// to it), at the cost of one of them. (`li.agency_id` is the record's agency, so the
/// joined `a` is the owner's.)
pub fn lot_answer(c: &impl Conn, caller: &Caller, f: &Filter) -> Result<LotAnswer, SqlError> {
    // No ORDER BY: a sort in SQL would build a temporary b-tree for every trace. The
    // visible lines are ordered here instead, keeping only the first MAX_MATCHES + 1 by
    // the same key `visible_matches` orders by (text compares byte-wise in both, and a
    // missing date sorts first in both).
    let sql = lot_answer_sql(f);
    let extra: [(&'static str, &dyn Arg); 2] = [
        (":agency", &caller.agency_id),
        (":country", &caller.country),
    ];
    let visible_column = MATCH_COLUMN_COUNT;
    let mut first = std::collections::BinaryHeap::new();
    let mut visible = 0usize;
    let mut holders = std::collections::BTreeMap::new();
    let mut matched = std::collections::BTreeSet::new();
    c.each_row(&sql, Params::Named(&f.params(&extra)), &mut |row| {
        let agency: String = row.get(2)?;
        let own = agency == caller.agency_id;
        if row.get::<bool>(visible_column)? {
            visible += 1;
            first.push(Ordered(match_row(row)?));
            if first.len() > MAX_MATCHES {
                first.pop();
            }
        } else if !own {
            let name: String = row.get(3)?;
            holders
                .entry((name, agency.clone()))
                .or_insert(row.get::<String>(4)?);
        }
        if !own {
            matched.insert(agency);
        }
        Ok(())
    })?;
    let matches: Vec<Match> = first.into_sorted_vec().into_iter().map(|o| o.0).collect();
    let truncated = visible > MAX_MATCHES;
    Ok(LotAnswer {
        matches,
        truncated,
        holders: holders
            .into_iter()
            .map(|((agency_name, agency_id), country)| Holder {
                agency_id,
                agency_name,
                country,
            })
            .collect(),
        matched_agencies: matched.into_iter().collect(),
    })
}

/// The agencies other than the caller's whose records match, seen or not: they are
/// told that the caller traced their records ([`super::notices`]).
pub fn matched_agencies(
    c: &impl Conn,
    caller: &Caller,
    f: &Filter,
) -> Result<Vec<String>, SqlError> {
    let sql = format!(
        "SELECT DISTINCT li.agency_id FROM {lines} li WHERE {} AND li.agency_id <> :agency",
        f.sql(),
        lines = f.lines()
    );
    let extra: [(&'static str, &dyn Arg); 1] = [(":agency", &caller.agency_id)];
    c.query(&sql, Params::Named(&f.params(&extra)), |r| r.get(0))
}

/// The ids of `agency`'s own records that match (for the holder deciding a request).
pub fn own_record_ids(c: &impl Conn, agency: &str, f: &Filter) -> Result<Vec<String>, SqlError> {
    let sql = format!(
        "SELECT DISTINCT li.record_id FROM {lines} li
         WHERE li.agency_id = :agency AND {} ORDER BY li.record_id",
        f.sql(),
        lines = f.lines()
    );
    let extra: [(&'static str, &dyn Arg); 1] = [(":agency", &agency)];
    c.query(&sql, Params::Named(&f.params(&extra)), |r| r.get(0))
}

/// `agency`'s own matching lines, for the holder deciding a request.
pub fn own_matches(
    c: &impl Conn,
    caller: &Caller,
    f: &Filter,
) -> Result<(Vec<Match>, bool), SqlError> {
    let mut own = f.clone();
    own.clauses.push("li.agency_id = :agency");
    visible_matches(c, caller, &own)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(c: &Criteria) -> Vec<String> {
        match c.filter() {
            Ok(_) => vec![],
            Err(e) => e.errors().iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn placeholders_are_no_lot() {
        let f = |lot: &str| {
            Criteria {
                lot: Some(lot.into()),
                calibre: Some("7.62x39mm".into()),
                ..Criteria::default()
            }
            .filter()
            .unwrap()
            .lot_level()
        };
        for placeholder in [
            "?", "n/a", "N/A", "000", "xx", "XXX", "none", "-", "unknown",
        ] {
            assert!(!f(placeholder), "{placeholder}");
        }
        for lot in ["17-85-0412", "LC-19-K021", "A12"] {
            assert!(f(lot), "{lot}");
        }
    }

    #[test]
    fn criteria_are_checked_and_normalised() {
        let none = Criteria::default();
        assert_eq!(
            errors(&none),
            [format!(
                "query: must be given at least one of {CRITERIA_NAMES}"
            )]
        );
        let blank = Criteria {
            lot: Some("  ".into()),
            kind: Some("transfer".into()),
            ..Criteria::default()
        };
        assert_eq!(
            errors(&blank).len(),
            1,
            "blank text and kind alone are no criterion"
        );
        let bad = Criteria {
            nsn: Some("12".into()),
            gtin: Some("abc".into()),
            year: Some(1700),
            kind: Some("photo".into()),
            lot: Some("x".repeat(201)),
            ..Criteria::default()
        };
        let e = errors(&bad);
        for field in ["lot:", "year:", "nsn:", "gtin:", "kind:"] {
            assert!(e.iter().any(|m| m.starts_with(field)), "{field} in {e:?}");
        }
        let good = Criteria {
            lot: Some(" 17-85-0412 ".into()),
            manufacturer: Some("lc".into()),
            calibre: Some("7,62×39".into()),
            nsn: Some("1305-12-345-6789".into()),
            gtin: Some("9506000134352".into()),
            ..Criteria::default()
        };
        let f = good.filter().unwrap();
        assert_eq!(f.normalised.lot.as_deref(), Some("17-85-0412"));
        assert_eq!(f.normalised.manufacturer.as_deref(), Some("LC"));
        assert_eq!(f.normalised.calibre.as_deref(), Some("7.62x39mm"));
        assert_eq!(f.normalised.nsn.as_deref(), Some("1305123456789"));
        assert_eq!(f.normalised.gtin.as_deref(), Some("09506000134352"));
        assert_eq!(f.clauses.len(), 5);
        assert!(
            !f.sql().contains("17-85"),
            "values are bound, never spliced"
        );
    }
}
