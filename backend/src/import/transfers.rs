//! Import of transfer records: rows of lots sent under end-user certificates, grouped
//! by certificate reference into one transfer record each, so tracing can read seized
//! marks against them.
//!
//! Invariant: as for inventories, everything is checked before anything is written,
//! and a real run writes every record and its audit entry in one transaction or
//! nothing; a certificate already recorded by the agency is refused, so importing the
//! same file twice does not double the records.

use std::collections::HashMap;

use crate::named;
use crate::sql::{Conn, ConnExt};
use serde_json::json;
use time::{Date, OffsetDateTime};
use tracemark_shared::domain::{
    AmmunitionLot, NonRetransfer, RecordKind, RecordStatus, Revision, SharingScope, TransferId,
    TransferLine, TransferRecord, UserId,
};
use tracemark_shared::validate::Validate;

use super::fields::{
    AMMUNITION_TYPE, CALIBRE, LOT, LotColumns, MANUFACTURER, NSN, QUANTITY, SUB_LOT, YEAR,
    cell_error, lot_and_quantity, lot_field_header, lot_key,
};
use super::table::{self, Column, Format, Problems, Row, RowError, Table};
use super::{Outcome, Stage, Summary, check_scope, file_sha256, parse_uuid, require_supervisor};
use crate::audit::{self, Entry};
use crate::db::StoreError;
use crate::identity::Caller;
use crate::records::{self, NewRecord};

/// Column: reference of the end-user certificate (groups rows into one record).
pub const EUC_REF: Column = Column {
    name: "end_user_certificate_ref",
    aliases: &[
        "reference",
        "euc_ref",
        "euc",
        "euc_reference",
        "end_user_certificate",
        "certificate",
        "certificat_utilisateur_final",
        "certificado_de_usuario_final",
        "сертификат_конечного_пользователя",
        "最终用户证书",
        "شهادة_المستخدم_النهائي",
    ],
    required: true,
};
/// Column: who exported.
pub const EXPORTER: Column = Column {
    name: "exporter",
    aliases: &[
        "exported_by",
        "supplier",
        "seller",
        "exportateur",
        "exportador",
        "экспортёр",
        "экспортер",
        "出口方",
        "出口商",
        "المصدر",
    ],
    required: true,
};
/// Column: who imported.
pub const IMPORTER: Column = Column {
    name: "importer",
    aliases: &[
        "imported_by",
        "consignee",
        "buyer",
        "importateur",
        "importador",
        "импортёр",
        "импортер",
        "进口方",
        "进口商",
        "المستورد",
    ],
    required: true,
};
/// Column: the declared end user.
pub const END_USER: Column = Column {
    name: "end_user",
    aliases: &[
        "enduser",
        "final_user",
        "utilisateur_final",
        "usuario_final",
        "конечный_пользователь",
        "最终用户",
        "المستخدم_النهائي",
    ],
    required: true,
};
/// Column: day of the transfer.
pub const TRANSFERRED_ON: Column = Column {
    name: "transferred_on",
    aliases: &[
        "date",
        "transfer_date",
        "shipped_on",
        "delivery_date",
        "date_de_transfert",
        "fecha",
        "fecha_de_transferencia",
        "дата",
        "дата_передачи",
        "日期",
        "转让日期",
        "التاريخ",
        "تاريخ_النقل",
    ],
    required: true,
};

/// Column: whether the end-user certificate forbids retransfer (yes or no, in the six
/// languages).
pub const NON_RETRANSFER: Column = Column {
    name: "non_retransfer",
    aliases: &[
        "non_retransfer_clause",
        "no_retransfer",
        "clause_de_non_réexportation",
        "clause_de_non_reexportation",
        "non_réexportation",
        "cláusula_de_no_retransferencia",
        "no_retransferencia",
        "запрет_реэкспорта",
        "禁止再转让",
        "عدم_إعادة_النقل",
    ],
    required: false,
};

/// Column: the clause's conditions as written.
pub const RETRANSFER_CONDITIONS: Column = Column {
    name: "retransfer_conditions",
    aliases: &[
        "non_retransfer_conditions",
        "conditions",
        "conditions_de_réexportation",
        "condiciones",
        "условия",
        "再转让条件",
        "شروط_إعادة_النقل",
    ],
    required: false,
};

/// Column: reference of the delivery verification certificate.
pub const DELIVERY_VERIFICATION: Column = Column {
    name: "delivery_verification_ref",
    aliases: &[
        "dvc",
        "dvc_ref",
        "delivery_verification_certificate",
        "certificat_de_vérification_de_livraison",
        "certificado_de_verificación_de_entrega",
        "сертификат_подтверждения_доставки",
        "交付核查证书",
        "شهادة_التحقق_من_التسليم",
    ],
    required: false,
};

/// The columns of a transfer file, in the order the code indexes them.
pub const SPEC: [Column; 16] = [
    EUC_REF,
    EXPORTER,
    IMPORTER,
    END_USER,
    TRANSFERRED_ON,
    MANUFACTURER,
    CALIBRE,
    YEAR,
    LOT,
    SUB_LOT,
    NSN,
    QUANTITY,
    AMMUNITION_TYPE,
    NON_RETRANSFER,
    RETRANSFER_CONDITIONS,
    DELIVERY_VERIFICATION,
];
const COL_EUC: usize = 0;
const COL_NON_RETRANSFER: usize = 13;
const COL_CONDITIONS: usize = 14;
const COL_DVC: usize = 15;
/// The columns every row of one certificate must agree on.
const PARTY_COLUMNS: [usize; 7] = [1, 2, 3, 4, 13, 14, 15];
const COL_DATE: usize = 4;
const LOT_COLUMNS: LotColumns = LotColumns {
    manufacturer: 5,
    calibre: 6,
    year: 7,
    lot: 8,
    sub_lot: 9,
    nsn: 10,
    quantity: 11,
    ammunition_type: 12,
    hazard: None,
};

/// What the importer chose besides the file.
#[derive(Debug, Clone)]
pub struct Options {
    /// Who else may see the records.
    pub scope: SharingScope,
    /// Check only; write nothing.
    pub dry_run: bool,
    /// `http` or `cli`, for the audit entry.
    pub via: &'static str,
}

/// The rows of one certificate.
struct Group<'a> {
    first: &'a Row,
    date: Option<Date>,
    clause: Option<NonRetransfer>,
    lines: Vec<(u64, AmmunitionLot, u64)>,
}

/// Yes or no, as a depot writes it in one of the six languages.
fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "oui" | "sí" | "si" | "да" | "是" | "有" | "نعم" => {
            Some(true)
        }
        "no" | "n" | "false" | "0" | "non" | "нет" | "否" | "无" | "لا" => Some(false),
        _ => None,
    }
}

/// The non-retransfer clause of a certificate's first row; reports a cell it cannot
/// read.
fn clause_of(table: &Table, row: &Row, problems: &mut Problems) -> Option<NonRetransfer> {
    let conditions = row.opt(COL_CONDITIONS).map(str::to_string);
    match row.opt(COL_NON_RETRANSFER) {
        Some(text) => match yes_no(text) {
            Some(clause) => Some(NonRetransfer { clause, conditions }),
            None => {
                cell_error(
                    problems,
                    table,
                    row,
                    COL_NON_RETRANSFER,
                    "format",
                    "must be yes or no (or empty when not known)",
                );
                None
            }
        },
        None => {
            if conditions.is_some() {
                cell_error(
                    problems,
                    table,
                    row,
                    COL_CONDITIONS,
                    "required",
                    "needs non_retransfer to say yes or no",
                );
            }
            None
        }
    }
}

/// A date typed `YYYY-MM-DD` (a spreadsheet date cell reads so too).
pub fn iso_date(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let s = s.trim();
    let day = match s.split_once('T') {
        Some((d, t)) if t.trim_start_matches(['0', ':']).is_empty() => d,
        _ => s,
    };
    Date::parse(day, &fmt).ok()
}

/// Reads, checks and (unless a dry run or anything is wrong) stores the records.
pub fn import(
    c: &impl Conn,
    caller: &Caller,
    bytes: &[u8],
    format: Format,
    opts: &Options,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Result<Outcome, StoreError> {
    require_supervisor(caller)?;
    let table = match table::read(bytes, format, &SPEC, &mut |d, t| {
        progress(Stage::Reading, d, t);
    }) {
        Ok(t) => t,
        Err(p) => return Ok(super::failed(opts.dry_run, p, Summary::default())),
    };
    let mut problems = Problems::default();
    let (order, groups) = group_rows(&table, &mut problems, progress);
    if table.rows.is_empty() {
        problems.push(RowError::file(
            "required",
            "the file has a header row but no data rows",
        ));
    }
    let agency_id = parse_uuid(&caller.agency_id)?;
    let author: UserId = parse_uuid(&caller.user_id)?;
    let now = OffsetDateTime::now_utc();
    let mut transfers = Vec::with_capacity(order.len());
    for key in &order {
        let Some(g) = groups.get(key) else { continue };
        let (Some(date), false) = (g.date, g.lines.is_empty()) else {
            continue;
        };
        let t = TransferRecord {
            id: TransferId::new(),
            agency_id,
            exporter: g.first.get(1).to_string(),
            importer: g.first.get(2).to_string(),
            end_user: g.first.get(3).to_string(),
            end_user_certificate_ref: g.first.get(COL_EUC).to_string(),
            lines: g
                .lines
                .iter()
                .map(|(_, lot, quantity)| TransferLine {
                    lot: lot.clone(),
                    quantity: *quantity,
                })
                .collect(),
            transferred_on: date,
            non_retransfer: g.clause.clone(),
            delivery_verification_ref: g.first.opt(COL_DVC).map(str::to_string),
            authorised_retransfers: Vec::new(),
            scope: opts.scope.clone(),
            revision: Revision {
                number: 1,
                author,
                device: None,
                at: now,
            },
        };
        if let Err(errors) = t.validate() {
            report_transfer_errors(&table, g, errors, &mut problems);
        }
        transfers.push(t);
    }
    let mut summary = Summary {
        rows: table.rows.len() as u64,
        locations: None,
        lots: groups
            .values()
            .flat_map(|g| g.lines.iter().map(|(_, lot, _)| lot_key(lot)))
            .collect::<std::collections::HashSet<_>>()
            .len() as u64,
        total_quantity: groups
            .values()
            .flat_map(|g| g.lines.iter().map(|(_, _, q)| *q))
            .sum(),
        records: 0,
        depot: None,
        ignored_columns: table.ignored_columns.clone(),
    };

    let run = |tx: &dyn Conn| -> Result<Outcome, StoreError> {
        check_scope(&tx, &opts.scope, &mut problems)?;
        for t in &transfers {
            if let Some(existing) = recorded(&tx, caller, &t.end_user_certificate_ref)? {
                let line = groups
                    .get(&t.end_user_certificate_ref.to_uppercase())
                    .map(|g| g.first.line);
                problems.push(RowError::new(
                line,
                Some(table.header(COL_EUC)),
                "already_recorded",
                format!(
                    "a transfer under this certificate is already recorded (record {existing}); \
                     remove its rows or correct the reference"
                ),
            ));
            }
        }
        summary.records = transfers.len() as u64;
        if !problems.is_empty() || opts.dry_run {
            if !problems.is_empty() {
                summary.records = 0;
            }
            return Ok(super::failed(opts.dry_run, problems, summary));
        }
        let mut ids = Vec::with_capacity(transfers.len());
        for t in &transfers {
            let id = t.id.to_string();
            let body = serde_json::to_value(t).map_err(anyhow::Error::from)?;
            records::insert(
                &tx,
                &NewRecord {
                    id: &id,
                    kind: RecordKind::Transfer,
                    agency_id: &caller.agency_id,
                    scope: &opts.scope,
                    status: RecordStatus::Recorded,
                    body: &body,
                    photos: &[],
                    author_user_id: &caller.user_id,
                    device_id: None,
                },
            )?;
            ids.push(id);
        }
        let sha = file_sha256(bytes);
        audit::append(
            &tx,
            &Entry {
                actor: caller.actor(),
                action: "import_transfers",
                subject: &sha,
                detail: json!({
                    "via": opts.via,
                    "format": format,
                    "rows": summary.rows,
                    "records": ids,
                    "lots": summary.lots,
                    "total_quantity": summary.total_quantity,
                }),
            },
        )?;
        Ok(Outcome::written(summary, ids))
    };
    // A dry run writes nothing and so takes no write lock.
    if opts.dry_run {
        run(&c)
    } else {
        crate::sql::in_write(c, |tx| run(tx))
    }
}

/// Groups rows by certificate (in file order); reports unreadable cells and rows
/// that disagree with the first row of their certificate.
fn group_rows<'a>(
    table: &'a Table,
    problems: &mut Problems,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> (Vec<String>, HashMap<String, Group<'a>>) {
    let total = table.rows.len() as u64;
    let mut order = Vec::new();
    let mut groups: HashMap<String, Group<'a>> = HashMap::new();
    for (i, row) in table.rows.iter().enumerate() {
        if i.is_multiple_of(1024) {
            progress(Stage::Checking, i as u64, total);
        }
        let euc = row.get(COL_EUC);
        if euc.is_empty() {
            cell_error(problems, table, row, COL_EUC, "required", "is required");
        }
        let parsed = lot_and_quantity(table, row, LOT_COLUMNS, problems);
        if euc.is_empty() {
            continue;
        }
        let key = euc.to_uppercase();
        let group = match groups.get_mut(&key) {
            Some(g) => {
                for col in PARTY_COLUMNS {
                    let (mine, theirs) = (row.get(col), g.first.get(col));
                    if !mine.is_empty() && mine != theirs {
                        cell_error(
                            problems,
                            table,
                            row,
                            col,
                            "differs",
                            format!(
                                "differs from line {} of the same certificate ({theirs:?}); \
                                 one certificate is one transfer",
                                g.first.line
                            ),
                        );
                    }
                }
                g
            }
            None => {
                let date = match row.opt(COL_DATE).map(|d| (d, iso_date(d))) {
                    Some((_, Some(d))) => Some(d),
                    Some((_, None)) => {
                        cell_error(
                            problems,
                            table,
                            row,
                            COL_DATE,
                            "format",
                            "must be a date written YYYY-MM-DD, e.g. 2019-06-30",
                        );
                        None
                    }
                    None => {
                        cell_error(problems, table, row, COL_DATE, "required", "is required");
                        None
                    }
                };
                let clause = clause_of(table, row, problems);
                order.push(key.clone());
                groups.entry(key).or_insert(Group {
                    first: row,
                    date,
                    clause,
                    lines: Vec::new(),
                })
            }
        };
        if let Some((lot, quantity)) = parsed {
            group.lines.push((row.line, lot, quantity));
        }
    }
    progress(Stage::Checking, total, total);
    (order, groups)
}

/// Maps a transfer's validation errors back to the rows and columns they came from.
fn report_transfer_errors(
    table: &Table,
    g: &Group<'_>,
    errors: tracemark_shared::validate::ValidationErrors,
    problems: &mut Problems,
) {
    for e in errors {
        let (line, column) = match e.field.strip_prefix("lines[") {
            Some(rest) => {
                let (index, field) = rest.split_once(']').unwrap_or((rest, ""));
                let line = index
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| g.lines.get(i))
                    .map_or(g.first.line, |(l, _, _)| *l);
                let field = field.trim_start_matches('.');
                let column = if field == "quantity" {
                    Some(table.header(LOT_COLUMNS.quantity).to_string())
                } else {
                    field
                        .strip_prefix("lot.")
                        .and_then(|f| lot_field_header(table, LOT_COLUMNS, f))
                };
                (line, column)
            }
            None => {
                let col = match e.field.as_str() {
                    "exporter" => Some(1),
                    "importer" => Some(2),
                    "end_user" => Some(3),
                    "transferred_on" => Some(COL_DATE),
                    "end_user_certificate_ref" | "lines" => Some(COL_EUC),
                    "non_retransfer.conditions" => Some(COL_CONDITIONS),
                    "delivery_verification_ref" => Some(COL_DVC),
                    _ => None,
                };
                (g.first.line, col.map(|c| table.header(c).to_string()))
            }
        };
        let rule = super::fields::rule_name(&e.rule);
        let message = match &column {
            Some(_) => e.rule.to_string(),
            None => format!("{}: {}", e.field, e.rule),
        };
        problems.push(RowError::new(Some(line), column.as_deref(), &rule, message));
    }
}

/// The id of the agency's transfer record under this certificate, if any.
fn recorded(c: &impl Conn, caller: &Caller, euc: &str) -> Result<Option<String>, StoreError> {
    Ok(c.query_opt(
        "SELECT r.id FROM records r
         WHERE r.kind = 'transfer' AND r.agency_id = :agency
           AND lower(json_extract(r.body, '$.end_user_certificate_ref')) = lower(:euc)
         LIMIT 1",
        named! { ":agency": caller.agency_id, ":euc": euc },
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            iso_date("2019-06-30").map(|d| d.to_string()),
            Some("2019-06-30".into())
        );
        assert!(iso_date("2019-06-30T00:00:00").is_some());
        for bad in [
            "30/06/2019",
            "2019-6-30",
            "2019-02-30",
            "",
            "2019-06-30T12:00:00",
        ] {
            assert!(iso_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn rows_group_by_certificate_and_must_agree() {
        let csv = "EUC ref,Exporter,Importer,End user,Date,Manufacturer,Calibre,Lot,Qty\n\
                   EUC-1,Zavod 711,MoD,Army,2019-06-30,711,7.62x39mm,71-19-01,1000\n\
                   euc-1,Zavod 711,MoD,Police,2019-06-30,711,7.62x39mm,71-19-02,500\n\
                   EUC-2,LC,MoI,Police,30/06/2019,LC,5.56x45mm,K21,10\n";
        let table = table::read(csv.as_bytes(), Format::Csv, &SPEC, &mut |_, _| {}).unwrap();
        let mut problems = Problems::default();
        let (order, groups) = group_rows(&table, &mut problems, &mut |_, _, _| {});
        assert_eq!(order, ["EUC-1", "EUC-2"]);
        assert_eq!(groups.get("EUC-1").map(|g| g.lines.len()), Some(2));
        let shown: Vec<String> = problems.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "line 3, column End user: differs from line 2 of the same certificate (\"Army\"); one certificate is one transfer",
                "line 4, column Date: must be a date written YYYY-MM-DD, e.g. 2019-06-30",
            ]
        );
    }
}
