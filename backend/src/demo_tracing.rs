//! Demo transfer records for tracing: the demo seizures' lot `17-85-0412` was exported
//! to two end users, one in each demo country, so the lot-split view has lawful
//! holders to show and the trace has a record another agency cannot see.
//!
//! Invariant: written through `records::insert` (so the lot index holds them), each
//! passes the shared validation, and no access grant is seeded (every demo record is
//! visible exactly by its sharing scope).

use crate::sql::Conn;
use time::OffsetDateTime;
use time::macros::date;
use tracemark_shared::domain::*;
use tracemark_shared::marking::nsn::Nsn;
use tracemark_shared::validate::Validate;

use crate::identity::store::AgencyRow;
use crate::records::{self, NewRecord};

fn lot(lot: &str, maker: &str, calibre: &str, year: u16, nsn: Option<&str>) -> AmmunitionLot {
    AmmunitionLot {
        manufacturer: maker.into(),
        calibre: calibre.into(),
        year: Some(year),
        lot: lot.into(),
        sub_lot: None,
        nsn: nsn.and_then(|n| Nsn::parse(n).ok()),
        dodic: None,
        ammunition_type: None,
        hazard: None,
    }
}

/// The NSN of lot 17-85-0412 in the demo stock check.
const NSN: &str = "1305-12-345-6789";

fn parse<T: std::str::FromStr>(s: &str) -> anyhow::Result<T> {
    s.parse()
        .map_err(|_| anyhow::anyhow!("stored id {s:?} is not a UUID"))
}

/// Seeds the demo transfers: by the logistics command (KE, national) and the border
/// police (TZ, own agency only). `agencies` and `users` are in demo.rs's order.
pub(crate) fn seed(tx: &impl Conn, agencies: &[AgencyRow], users: &[String]) -> anyhow::Result<()> {
    let at = |i: usize| {
        agencies
            .get(i)
            .ok_or_else(|| anyhow::anyhow!("demo agency"))
    };
    let user = |i: usize| users.get(i).ok_or_else(|| anyhow::anyhow!("demo user"));
    let transfers = [
        (
            at(1)?,
            user(4)?,
            SharingScope::National,
            "Ministry of Defence, Kenya (demo)",
            "Defence Logistics Command (demo)",
            "KE-EUC-2016-0042",
            date!(2016 - 06 - 12),
            vec![
                (
                    lot("17-85-0412", "17", "7.62x39mm", 1985, Some(NSN)),
                    24_000,
                ),
                (lot("539-79-0077", "539", "7.62x54mmR", 1979, None), 4_400),
            ],
        ),
        (
            at(2)?,
            user(7)?,
            SharingScope::OwnAgency,
            "Police Force, Tanzania (demo)",
            "Field Force Unit (demo)",
            "TZ-EUC-2018-0007",
            date!(2018 - 03 - 02),
            vec![(lot("17-85-0412", "17", "7.62x39mm", 1985, Some(NSN)), 6_000)],
        ),
    ];
    for (agency, author, scope, importer, end_user, euc, on, lines) in transfers {
        // The Kenyan certificate forbids passing the ammunition on; its delivery was
        // verified. The Tanzanian one says nothing of it.
        let (terms, dvc) = if euc == "KE-EUC-2016-0042" {
            (
                Some(NonRetransfer {
                    clause: true,
                    conditions: Some(
                        "No re-export or transfer without the exporting State's prior written consent"
                            .into(),
                    ),
                }),
                Some("KE-DVC-2016-0042"),
            )
        } else {
            (None, None)
        };
        let author_id: UserId = parse(author)?;
        let record = TransferRecord {
            id: TransferId::new(),
            agency_id: parse(&agency.id)?,
            exporter: "Machine-Building Plant 17 (demo)".into(),
            importer: importer.into(),
            end_user: end_user.into(),
            end_user_certificate_ref: euc.into(),
            lines: lines
                .into_iter()
                .map(|(lot, quantity)| TransferLine { lot, quantity })
                .collect(),
            transferred_on: on,
            non_retransfer: terms.clone(),
            delivery_verification_ref: dvc.map(str::to_string),
            authorised_retransfers: Vec::new(),
            scope: scope.clone(),
            revision: Revision {
                number: 1,
                author: author_id,
                device: None,
                at: OffsetDateTime::now_utc(),
            },
        };
        record
            .validate()
            .map_err(|e| anyhow::anyhow!("demo transfer is invalid: {e:?}"))?;
        let body = serde_json::to_value(&record)?;
        records::insert(
            tx,
            &NewRecord {
                id: &record.id.to_string(),
                kind: RecordKind::Transfer,
                agency_id: &agency.id,
                scope: &scope,
                status: RecordStatus::Approved,
                body: &body,
                photos: &[],
                author_user_id: author,
                device_id: None,
            },
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(())
}
