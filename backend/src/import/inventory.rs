//! Import of a depot's expected inventory: one row per lot at a location becomes one
//! expected line of ONE new stock check, assigned to inspectors of the importer's
//! agency, who receive it on their next pull.
//!
//! Invariant: the file is read and every row checked with the shared domain
//! validation before anything is written; a real run writes the stock check, the
//! inspectors' pull changes and the audit entry in one transaction, or nothing.

use std::collections::{HashMap, HashSet};

use crate::named;
use crate::sql::{Conn, ConnExt};
use serde_json::json;
use time::OffsetDateTime;
use tracemark_shared::domain::{
    Depot, DepotId, ExpectedLine, ExpectedLineId, LocationId, RecordKind, RecordStatus, Revision,
    SharingScope, StockCheck, StockCheckId, StockCheckStatus, StorageLocation, UserId,
};
use tracemark_shared::validate::Validate;

use super::fields::{
    AMMUNITION_TYPE, CALIBRE, HAZARD, LOT, LotColumns, MANUFACTURER, NSN, QUANTITY, SUB_LOT, YEAR,
    cell_error, lot_and_quantity, lot_field_header, lot_key, report_validation,
};
use super::table::{self, Column, Format, Problems, RowError, Table};
use super::{Outcome, Stage, Summary, check_scope, file_sha256, parse_uuid, require_supervisor};
use crate::audit::{self, Entry};
use crate::db::StoreError;
use crate::identity::Caller;
use crate::records::{self, NewRecord};
use crate::sync::pull::record_change;

/// Column: the depot's code.
pub const DEPOT: Column = Column {
    name: "depot",
    aliases: &[
        "depot_code",
        "site",
        "depot_id",
        "dépôt",
        "depósito",
        "deposito",
        "склад",
        "仓库",
        "المستودع",
    ],
    required: true,
};
/// Column: the storage location's code (as on its label).
pub const LOCATION: Column = Column {
    name: "location",
    aliases: &[
        "location_code",
        "storage_location",
        "bin",
        "bay",
        "emplacement",
        "ubicación",
        "ubicacion",
        "место_хранения",
        "ячейка",
        "库位",
        "存放位置",
        "الموقع",
    ],
    required: true,
};
/// Column: what or where the location is.
pub const DESCRIPTION: Column = Column {
    name: "description",
    aliases: &[
        "location_description",
        "descripción",
        "descripcion",
        "описание",
        "描述",
        "说明",
        "الوصف",
    ],
    required: false,
};

/// The columns of an expected-inventory file, in the order the code indexes them.
pub const SPEC: [Column; 12] = [
    DEPOT,
    LOCATION,
    MANUFACTURER,
    CALIBRE,
    YEAR,
    LOT,
    SUB_LOT,
    NSN,
    QUANTITY,
    DESCRIPTION,
    AMMUNITION_TYPE,
    HAZARD,
];
const COL_DEPOT: usize = 0;
const COL_LOCATION: usize = 1;
const COL_DESCRIPTION: usize = 9;
const LOT_COLUMNS: LotColumns = LotColumns {
    manufacturer: 2,
    calibre: 3,
    year: 4,
    lot: 5,
    sub_lot: 6,
    nsn: 7,
    quantity: 8,
    ammunition_type: 10,
    hazard: Some(11),
};

/// What the importer chose besides the file.
#[derive(Debug, Clone)]
pub struct Options {
    /// Title of the stock check (default: "Stock check DEPOT, DATE").
    pub title: Option<String>,
    /// Usernames of the inspectors who count (of the importer's agency).
    pub assign: Vec<String>,
    /// Who else may see the stock check.
    pub scope: SharingScope,
    /// Check only; write nothing.
    pub dry_run: bool,
    /// `http` or `cli`, for the audit entry.
    pub via: &'static str,
}

/// One checked row.
struct Line {
    line: u64,
    location: String,
    description: Option<String>,
    lot: tracemark_shared::domain::AmmunitionLot,
    quantity: u64,
}

/// Reads, checks and (unless a dry run or anything is wrong) stores the stock check.
pub fn import(
    c: &impl Conn,
    caller: &Caller,
    bytes: &[u8],
    format: Format,
    opts: &Options,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Result<Outcome, StoreError> {
    require_supervisor(caller)?;
    let mut problems = Problems::default();
    let table = match table::read(bytes, format, &SPEC, &mut |d, t| {
        progress(Stage::Reading, d, t);
    }) {
        Ok(t) => t,
        Err(p) => return Ok(super::failed(opts.dry_run, p, Summary::default())),
    };
    let lines = check_rows(&table, &mut problems, progress);
    let depot_code = table
        .rows
        .first()
        .map(|r| r.get(COL_DEPOT).to_string())
        .unwrap_or_default();
    let mut summary = Summary {
        rows: table.rows.len() as u64,
        locations: Some(
            lines
                .iter()
                .map(|l| l.location.to_uppercase())
                .collect::<HashSet<_>>()
                .len() as u64,
        ),
        lots: lines
            .iter()
            .map(|l| lot_key(&l.lot))
            .collect::<HashSet<_>>()
            .len() as u64,
        total_quantity: lines.iter().map(|l| l.quantity).sum(),
        records: 0,
        depot: Some(depot_code.clone()).filter(|d| !d.is_empty()),
        ignored_columns: table.ignored_columns.clone(),
    };
    if table.rows.is_empty() {
        problems.push(RowError::file(
            "required",
            "the file has a header row but no data rows",
        ));
    }

    let run = |tx: &dyn Conn| -> Result<Outcome, StoreError> {
        let assignees = resolve_inspectors(&tx, caller, &opts.assign, &mut problems)?;
        check_scope(&tx, &opts.scope, &mut problems)?;
        let existing = if depot_code.is_empty() {
            None
        } else {
            known_depot(&tx, caller, &depot_code)?
        };
        let agency_id = parse_uuid(&caller.agency_id)?;
        let author: UserId = parse_uuid(&caller.user_id)?;
        let (depot, mut known_locations) = match existing {
            Some((d, l)) => (d, l),
            None => (
                Depot {
                    id: DepotId::new(),
                    agency_id,
                    code: depot_code.clone(),
                    name: depot_code.clone(),
                },
                Vec::new(),
            ),
        };
        if let Err(errors) = depot.validate() {
            let first = table.rows.first().map(|r| r.line);
            let header = table.header(COL_DEPOT).to_string();
            report_validation(&mut problems, errors, first, &|f| {
                (f == "code").then(|| header.clone())
            });
        }
        let check = StockCheck {
            id: StockCheckId::new(),
            agency_id,
            depot_id: depot.id,
            title: opts.title.clone().unwrap_or_else(|| {
                let today = OffsetDateTime::now_utc().date();
                format!("Stock check {depot_code}, {today}")
            }),
            assigned_to: assignees.iter().map(|(id, _)| *id).collect(),
            status: StockCheckStatus::Assigned,
            scope: opts.scope.clone(),
            revision: Revision {
                number: 1,
                author,
                device: None,
                at: OffsetDateTime::now_utc(),
            },
        };
        if let Err(errors) = check.validate() {
            report_validation(&mut problems, errors, None, &|f| {
                Some(
                    match f.split(['.', '[']).next().unwrap_or_default() {
                        "assigned_to" => "assign",
                        "scope" => "scope",
                        "title" => "title",
                        other => other,
                    }
                    .to_string(),
                )
            });
        }

        // Locations: those the depot had keep their ids (labels already printed stay valid).
        let mut location_of: HashMap<String, usize> = known_locations
            .iter()
            .enumerate()
            .map(|(i, l)| (l.code.to_uppercase(), i))
            .collect();
        let mut expected = Vec::with_capacity(lines.len());
        for l in &lines {
            let key = l.location.to_uppercase();
            let index = match location_of.get(&key) {
                Some(&i) => {
                    if let (Some(loc), Some(d)) = (known_locations.get_mut(i), &l.description)
                        && loc.description.is_none()
                    {
                        loc.description = Some(d.clone());
                    }
                    i
                }
                None => {
                    let loc = StorageLocation {
                        id: LocationId::new(),
                        depot_id: depot.id,
                        code: l.location.clone(),
                        description: l.description.clone(),
                    };
                    if let Err(errors) = loc.validate() {
                        report_validation(&mut problems, errors, Some(l.line), &|f| match f {
                            "code" => Some(table.header(COL_LOCATION).to_string()),
                            "description" => Some(table.header(COL_DESCRIPTION).to_string()),
                            _ => None,
                        });
                    }
                    known_locations.push(loc);
                    location_of.insert(key, known_locations.len() - 1);
                    known_locations.len() - 1
                }
            };
            let Some(location) = known_locations.get(index) else {
                continue;
            };
            let line = ExpectedLine {
                id: ExpectedLineId::new(),
                stock_check_id: check.id,
                location_id: location.id,
                lot: l.lot.clone(),
                quantity: l.quantity,
            };
            if let Err(errors) = line.validate() {
                report_validation(&mut problems, errors, Some(l.line), &|f| {
                    if f == "quantity" {
                        return Some(table.header(LOT_COLUMNS.quantity).to_string());
                    }
                    lot_field_header(&table, LOT_COLUMNS, f.strip_prefix("lot.")?)
                });
            }
            expected.push(line);
        }
        // Only the locations this check counts travel with it.
        let used: HashSet<LocationId> = expected.iter().map(|e| e.location_id).collect();
        known_locations.retain(|l| used.contains(&l.id));

        if !problems.is_empty() || opts.dry_run {
            summary.records = u64::from(problems.is_empty());
            return Ok(super::failed(opts.dry_run, problems, summary));
        }
        let body = json!({
            "stock_check": check,
            "depot": depot,
            "locations": known_locations,
            "expected": expected,
        });
        let id = check.id.to_string();
        records::insert(
            &tx,
            &NewRecord {
                id: &id,
                kind: RecordKind::StockCheck,
                agency_id: &caller.agency_id,
                scope: &opts.scope,
                status: RecordStatus::Assigned,
                body: &body,
                photos: &[],
                author_user_id: &caller.user_id,
                device_id: None,
            },
        )?;
        for (_, user) in &assignees {
            record_change(&tx, "assignment", &id, Some(user), None)?;
        }
        audit::append(
            &tx,
            &Entry {
                actor: caller.actor(),
                action: "import_inventory",
                subject: &id,
                detail: json!({
                    "via": opts.via,
                    "file_sha256": file_sha256(bytes),
                    "format": format,
                    "depot": depot.code,
                    "rows": summary.rows,
                    "locations": summary.locations,
                    "lots": summary.lots,
                    "total_quantity": summary.total_quantity,
                    "assigned_to": assignees.iter().map(|(_, u)| u).collect::<Vec<_>>(),
                }),
            },
        )?;
        summary.records = 1;
        Ok(Outcome::written(summary, vec![id]))
    };
    // A dry run writes nothing and so takes no write lock.
    if opts.dry_run {
        run(&c)
    } else {
        crate::sql::in_write(c, |tx| run(tx))
    }
}

/// Parses every row; reports unreadable cells, a second depot and repeated lines.
fn check_rows(
    table: &Table,
    problems: &mut Problems,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Vec<Line> {
    let total = table.rows.len() as u64;
    let mut lines = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let first_depot = table.rows.first().map(|r| r.get(COL_DEPOT).to_uppercase());
    for (i, row) in table.rows.iter().enumerate() {
        if i.is_multiple_of(1024) {
            progress(Stage::Checking, i as u64, total);
        }
        let depot = row.get(COL_DEPOT);
        if depot.is_empty() {
            cell_error(problems, table, row, COL_DEPOT, "required", "is required");
        } else if first_depot.as_deref() != Some(depot.to_uppercase().as_str()) {
            cell_error(
                problems,
                table,
                row,
                COL_DEPOT,
                "one_depot",
                format!(
                    "names another depot than the first row ({}); import one depot at a time",
                    table
                        .rows
                        .first()
                        .map(|r| r.get(COL_DEPOT))
                        .unwrap_or_default()
                ),
            );
        }
        let location = row.get(COL_LOCATION);
        if location.is_empty() {
            cell_error(
                problems,
                table,
                row,
                COL_LOCATION,
                "required",
                "is required",
            );
        }
        let Some((lot, quantity)) = lot_and_quantity(table, row, LOT_COLUMNS, problems) else {
            continue;
        };
        if location.is_empty() {
            continue;
        }
        let key = (location.to_uppercase(), lot_key(&lot));
        if let Some(first) = seen.get(&key) {
            cell_error(
                problems,
                table,
                row,
                LOT_COLUMNS.lot,
                "duplicate",
                format!(
                    "the same lot at the same location is already on line {first}; \
                     put the whole quantity on one row"
                ),
            );
            continue;
        }
        seen.insert(key, row.line);
        lines.push(Line {
            line: row.line,
            location: location.to_string(),
            description: row.opt(COL_DESCRIPTION).map(str::to_string),
            lot,
            quantity,
        });
    }
    progress(Stage::Checking, total, total);
    lines
}

/// The inspectors named, by username, among the enabled users of the caller's agency
/// (a username of another agency is answered exactly like an unknown one).
fn resolve_inspectors(
    c: &impl Conn,
    caller: &Caller,
    usernames: &[String],
    problems: &mut Problems,
) -> Result<Vec<(UserId, String)>, StoreError> {
    if usernames.is_empty() {
        problems.push(RowError::new(
            None,
            Some("assign"),
            "required",
            "name at least one inspector of your agency to count the stock",
        ));
    }
    let mut found: Vec<(UserId, String)> = Vec::new();
    for name in usernames {
        let row: Option<(String, String)> = c
            .query_opt(
                "SELECT id, role FROM users WHERE username = :name AND agency_id = :agency AND disabled = 0",
                named! { ":name": name, ":agency": caller.agency_id },
                |r| Ok((r.get(0)?, r.get(1)?)))?;
        match row {
            None => problems.push(RowError::new(
                None,
                Some("assign"),
                "unknown_user",
                format!("no enabled user of your agency is called {name:?}"),
            )),
            Some((_, role)) if role != "inspector" => problems.push(RowError::new(
                None,
                Some("assign"),
                "not_inspector",
                format!("{name} is not an inspector; only inspectors count stock"),
            )),
            Some((id, _)) => {
                let uid: UserId = parse_uuid(&id)?;
                if found.iter().any(|(u, _)| *u == uid) {
                    problems.push(RowError::new(
                        None,
                        Some("assign"),
                        "duplicate",
                        format!("{name} is named twice"),
                    ));
                } else {
                    found.push((uid, id));
                }
            }
        }
    }
    Ok(found)
}

/// The depot with this code and its locations, from the agency's latest stock check
/// of it, so a new check reuses their ids.
fn known_depot(
    c: &impl Conn,
    caller: &Caller,
    code: &str,
) -> Result<Option<(Depot, Vec<StorageLocation>)>, StoreError> {
    let body: Option<String> = c.query_opt(
        "SELECT r.body FROM records r
             WHERE r.kind = 'stock_check' AND r.agency_id = :agency
               AND lower(json_extract(r.body, '$.depot.code')) = lower(:code)
             ORDER BY r.updated_at DESC LIMIT 1",
        named! { ":agency": caller.agency_id, ":code": code },
        |r| r.get(0),
    )?;
    let Some(body) = body else { return Ok(None) };
    let value: serde_json::Value = serde_json::from_str(&body).map_err(anyhow::Error::from)?;
    let depot = value
        .get("depot")
        .cloned()
        .and_then(|d| serde_json::from_value::<Depot>(d).ok());
    let locations = value
        .get("locations")
        .cloned()
        .and_then(|l| serde_json::from_value::<Vec<StorageLocation>>(l).ok())
        .unwrap_or_default();
    Ok(depot.map(|d| (d, locations)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(csv: &str) -> (Table, Problems, usize) {
        let table = table::read(csv.as_bytes(), Format::Csv, &SPEC, &mut |_, _| {}).unwrap();
        let mut problems = Problems::default();
        let lines = check_rows(&table, &mut problems, &mut |_, _, _| {});
        (table, problems, lines.len())
    }

    #[test]
    fn rows_are_checked_cell_by_cell() {
        let csv = "Depot;Location;Maker;Calibre;Year;Lot No.;Qty\n\
                   CAD-1;B1;17;7.62x39mm;1985;17-85;12 000\n\
                   CAD-1;B1;17;7.62x39mm;85x;17-86;-4\n\
                   CAD-2;B2;LC;5.56;2019;K21;10\n\
                   cad-1;b1;17;7.62X39MM;1990;17-85;5\n";
        let (_, problems, n) = rows(csv);
        let shown: Vec<String> = problems.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "line 3, column Year: must be a four-digit year, e.g. 1985",
                "line 3, column Qty: must be a whole number ≥ 0 (digits only, e.g. 12000)",
                "line 4, column Depot: names another depot than the first row (CAD-1); import one depot at a time",
                "line 5, column Lot No.: the same lot at the same location is already on line 2; put the whole quantity on one row",
            ]
        );
        assert_eq!(n, 2);
    }
}
