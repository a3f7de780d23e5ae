//! Demo data: three agencies in two countries, users of every role, a depot with an
//! assigned stock check and its expected inventory, and seizure cases shared in each
//! of the three scopes, so every screen and rule has something to show.
//!
//! Invariant: every record seeded here passes the same `shared` validation as records
//! from devices, and every row is written in one transaction with its audit entry.

use crate::args;
use crate::sql::{Conn, ConnExt};
use serde::Serialize;
use serde_json::json;
use time::OffsetDateTime;
use time::macros::date;
use tracemark_shared::domain::*;
use tracemark_shared::marking::nsn::Nsn;
use tracemark_shared::validate::Validate;

use crate::audit::{self, Actor, Entry};
use crate::db::{self, Db};
use crate::identity::password;
use crate::identity::store::{self, NewUser};
use crate::photos::{BlobStore, PhotoStore};
use crate::records::{self, NewRecord};
use crate::sync::pull::record_change;
use sha2::{Digest, Sha256 as Sha256Hasher};
use tracemark_shared::marking::factory::FactoryVocabulary;

/// A demo login to print.
#[derive(Debug, Clone, Serialize)]
pub struct DemoLogin {
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// Agency name and country.
    pub agency: String,
}

const AGENCIES: &[(&str, &str)] = &[
    ("Customs Directorate (demo)", "KE"),
    ("Defence Logistics Command (demo)", "KE"),
    ("Border Police (demo)", "TZ"),
];

const USERS: &[(&str, &str, Role, usize)] = &[
    ("admin.customs", "Amina Odhiambo", Role::Administrator, 0),
    ("officer.customs", "Joseph Mwangi", Role::CustomsOfficer, 0),
    ("supervisor.customs", "Grace Wanjiru", Role::Supervisor, 0),
    ("inspector.depot", "Peter Kamau", Role::Inspector, 1),
    ("supervisor.depot", "Faith Njeri", Role::Supervisor, 1),
    ("admin.depot", "Samuel Otieno", Role::Administrator, 1),
    ("officer.border", "Neema Mushi", Role::CustomsOfficer, 2),
    ("supervisor.border", "Baraka Said", Role::Supervisor, 2),
];

fn lot(maker: &str, calibre: &str, year: u16, lot: &str, nsn: Option<&str>) -> AmmunitionLot {
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

fn revision(author: UserId) -> Revision {
    Revision {
        number: 1,
        author,
        device: None,
        at: OffsetDateTime::now_utc(),
    }
}

fn checked<T: Validate + Serialize>(what: &str, value: &T) -> anyhow::Result<serde_json::Value> {
    value
        .validate()
        .map_err(|e| anyhow::anyhow!("demo {what} is invalid: {e:?}"))?;
    Ok(serde_json::to_value(value)?)
}

fn parse_id<T: std::str::FromStr>(s: &str) -> anyhow::Result<T> {
    s.parse()
        .map_err(|_| anyhow::anyhow!("stored id {s:?} is not a UUID"))
}

/// Photos customs officers took of the demo seizure (rendered by
/// `scripts/make-demo-photos.py`): a box label with an ISO/IEC 15434 QR code, a crate
/// stencil with a Code 128 NSN, a headstamp with no code.
const PHOTOS: &[&[u8]] = &[
    include_bytes!("../../assets/demo/box-label.jpg"),
    include_bytes!("../../assets/demo/crate-stencil.jpg"),
    include_bytes!("../../assets/demo/headstamp.jpg"),
];

/// Stores the demo photos in the photo store and returns their references.
async fn store_photos(photos: &PhotoStore) -> anyhow::Result<Vec<PhotoRef>> {
    let mut refs = Vec::new();
    for bytes in PHOTOS {
        let sha = hex::encode(Sha256Hasher::digest(bytes));
        let upload = crate::photos::blob::upload_key("demo", &sha);
        photos.append(&upload, bytes).await?;
        let (size, media_type) = photos.finish(&upload, &sha).await?;
        refs.push(PhotoRef {
            sha256: Sha256::parse(&sha).map_err(|e| anyhow::anyhow!("{e}"))?,
            media_type,
            size,
        });
    }
    Ok(refs)
}

/// Seeds a fresh database and photo store. Every demo user gets `password`.
pub async fn seed(db: &Db, photos: &PhotoStore, password: &str) -> anyhow::Result<Vec<DemoLogin>> {
    let held: i64 = db
        .call(|c| c.query_one("SELECT count(*) FROM agencies", args![], |r| r.get(0)))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if held > 0 {
        anyhow::bail!(
            "the database already holds {held} agencies: the demo seeds an empty database only"
        );
    }
    let hash = password::hash(password.to_string()).await?;
    let refs = store_photos(photos).await?;
    db.on_writer(move |c| seed_blocking(c, &hash, &refs))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn seed_blocking(c: &impl Conn, hash: &str, photos: &[PhotoRef]) -> anyhow::Result<Vec<DemoLogin>> {
    crate::sql::in_write(c, |tx| {
        let mut agencies = Vec::new();
        for (name, country) in AGENCIES {
            agencies.push(
                store::create_agency(&tx, name, country).map_err(|e| anyhow::anyhow!("{e}"))?,
            );
        }
        let mut logins = Vec::new();
        let mut user_ids = Vec::new();
        for (username, display, role, agency) in USERS {
            let a = agencies
                .get(*agency)
                .ok_or_else(|| anyhow::anyhow!("demo agency"))?;
            let u = store::create_user(
                &tx,
                &NewUser {
                    agency_id: &a.id,
                    username,
                    display_name: display,
                    role: *role,
                    password_hash: hash,
                },
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            user_ids.push(u.id.clone());
            logins.push(DemoLogin {
                username: (*username).into(),
                role: *role,
                agency: format!("{}, {}", a.name, a.country),
            });
        }
        let id_of = |i: usize| -> anyhow::Result<String> {
            user_ids
                .get(i)
                .cloned()
                .ok_or_else(|| anyhow::anyhow!("demo user"))
        };
        let agency_of = |i: usize| -> anyhow::Result<&store::AgencyRow> {
            agencies
                .get(i)
                .ok_or_else(|| anyhow::anyhow!("demo agency"))
        };

        // Depot, locations and an assigned stock check with its expected inventory.
        let logistics = agency_of(1)?;
        let inspector: UserId = parse_id(&id_of(3)?)?;
        let depot = Depot {
            id: DepotId::new(),
            agency_id: parse_id(&logistics.id)?,
            code: "CAD-1".into(),
            name: "Central Ammunition Depot".into(),
        };
        let locations: Vec<StorageLocation> = [
            ("B1-R1", "Bunker 1, row 1"),
            ("B1-R2", "Bunker 1, row 2"),
            ("B2-R1", "Bunker 2, row 1"),
        ]
        .iter()
        .map(|(code, description)| StorageLocation {
            id: LocationId::new(),
            depot_id: depot.id,
            code: (*code).into(),
            description: Some((*description).into()),
        })
        .collect();
        let check = StockCheck {
            id: StockCheckId::new(),
            agency_id: depot.agency_id,
            depot_id: depot.id,
            title: "Quarterly count, CAD-1, Q4".into(),
            assigned_to: vec![inspector],
            status: StockCheckStatus::Assigned,
            scope: SharingScope::OwnAgency,
            revision: revision(inspector),
        };
        // Each lot with the UN classification the depot's inventory gives it.
        let classified = |l: AmmunitionLot, hazard: &str| AmmunitionLot {
            hazard: hazard.parse().ok(),
            ..l
        };
        let expected_lots = [
            (
                0,
                classified(
                    lot(
                        "17",
                        "7.62x39mm",
                        1985,
                        "17-85-0412",
                        Some("1305-12-345-6789"),
                    ),
                    "1.4S",
                ),
                12_000,
            ),
            (
                0,
                classified(
                    lot("LC", "5.56x45mm NATO", 2019, "LC-19-K021", None),
                    "1.4S",
                ),
                8_400,
            ),
            (
                1,
                classified(lot("539", "7.62x54mmR", 1979, "539-79-0077", None), "1.4S"),
                4_400,
            ),
            (
                2,
                classified(lot("WCC", "12.7x99mm", 2011, "WCC-11-B113", None), "1.4C"),
                1_200,
            ),
        ];
        let mut expected = Vec::new();
        for (loc, lot, quantity) in expected_lots {
            let location = locations
                .get(loc)
                .ok_or_else(|| anyhow::anyhow!("demo location"))?;
            let line = ExpectedLine {
                id: ExpectedLineId::new(),
                stock_check_id: check.id,
                location_id: location.id,
                lot,
                quantity,
            };
            expected.push(checked("expected line", &line)?);
        }
        let body = json!({
            "stock_check": checked("stock check", &check)?,
            "depot": checked("depot", &depot)?,
            "locations": locations.iter().map(|l| checked("location", l)).collect::<anyhow::Result<Vec<_>>>()?,
            "expected": expected,
        });
        insert(
            &tx,
            &check.id.to_string(),
            RecordKind::StockCheck,
            &logistics.id,
            &check.scope,
            RecordStatus::Assigned,
            &body,
            &id_of(5)?,
            &[],
        )?;
        record_change(
            &tx,
            "assignment",
            &check.id.to_string(),
            Some(&id_of(3)?),
            None,
        )?;

        // The factory-code vocabulary every device pulls.
        let vocabulary = FactoryVocabulary::demo();
        tx.execute(
        "INSERT INTO vocabularies (name, version, body, updated_at) VALUES ('factory_codes', ?1, ?2, ?3)",
        args![
            i64::try_from(vocabulary.version()).unwrap_or(0),
            serde_json::to_string(&vocabulary)?,
            db::now()
        ])?;
        record_change(&tx, "factory_codes", "factory_codes", None, None)?;

        // Seizure cases of the customs directorate, one per sharing scope.
        let customs = agency_of(0)?;
        let border = agency_of(2)?;
        let officer: UserId = parse_id(&id_of(1)?)?;
        let photo_hashes: Vec<String> = photos.iter().map(|p| p.sha256.to_string()).collect();
        let cases = [
            (
                "KE-CUS-2026-0117",
                SharingScope::National,
                CaseStatus::Submitted,
                "Port of Mombasa, container terminal",
                ShippingMode::Sea,
                "inside machinery crates declared as pump parts",
            ),
            (
                "KE-CUS-2026-0121",
                SharingScope::Partners {
                    agencies: vec![parse_id(&border.id)?],
                },
                CaseStatus::Submitted,
                "Namanga border post",
                ShippingMode::Road,
                "false floor of a lorry",
            ),
            (
                "KE-CUS-2026-0130",
                SharingScope::OwnAgency,
                CaseStatus::Draft,
                "Jomo Kenyatta International Airport, cargo",
                ShippingMode::Air,
                "checked baggage, wrapped in clothing",
            ),
        ];
        for (reference, scope, status, place, mode, concealment) in cases {
            let case = SeizureCase {
                id: SeizureId::new(),
                agency_id: parse_id(&customs.id)?,
                reference: reference.into(),
                seized_on: date!(2026 - 10 - 14),
                place: place.into(),
                gps: None,
                mode_of_shipping: mode,
                concealment: Some(concealment.into()),
                route: Route {
                    origin: Some("AE".into()),
                    transit: vec!["OM".into()],
                    destination: Some("SS".into()),
                },
                point_of_dispatch: Some("Jebel Ali".into()),
                parties: vec![
                    Party {
                        name: "Example Freight Ltd".into(),
                        role: PartyRole::FreightForwarder,
                        country: CountryCode::parse("AE").ok(),
                        note: None,
                        identifier: None,
                    },
                    // The same vessel in every case: parties across cases find it.
                    Party {
                        name: "MV Example Star".into(),
                        role: PartyRole::Carrier,
                        country: CountryCode::parse("PA").ok(),
                        note: None,
                        identifier: Some("IMO 9074729".into()),
                    },
                ],
                items: demo_items(reference, photos),
                victims: None,
                recovery: None,
                status,
                scope: scope.clone(),
                revision: revision(officer),
            };
            let body = checked("seizure case", &case)?;
            insert(
                &tx,
                &case.id.to_string(),
                RecordKind::SeizureCase,
                &customs.id,
                &scope,
                status.into(),
                &body,
                &id_of(1)?,
                &photo_hashes,
            )?;
        }
        // A recovered cache: ammunition abandoned at a disused airstrip, moved to the
        // customs armoury the next day. Its items are the same lots as the seizures',
        // so a trace finds it beside them.
        let reference = "KE-CUS-2026-0133";
        let cache = SeizureCase {
            id: SeizureId::new(),
            agency_id: parse_id(&customs.id)?,
            reference: reference.into(),
            seized_on: date!(2026 - 10 - 20),
            place: "Lokichogio, hangar of the disused airstrip".into(),
            gps: Some(GeoPoint {
                latitude: 4.2043,
                longitude: 34.3482,
                accuracy_m: Some(12.0),
            }),
            mode_of_shipping: ShippingMode::Other,
            concealment: Some("under tarpaulins among aircraft spares".into()),
            route: Route::default(),
            point_of_dispatch: None,
            parties: Vec::new(),
            items: demo_items(reference, photos),
            victims: None,
            recovery: Some(Recovery {
                circumstance: RecoveryCircumstance::Abandoned,
                recovered_by: "Customs enforcement team, Lokichogio".into(),
                condition: RecoveredCondition::Deteriorated,
                action: RecoveryAction::Moved,
                action_on: Some(date!(2026 - 10 - 21)),
                moved_to: Some("Customs armoury, Nairobi".into()),
                action_note: Some("Crates carried by road under escort".into()),
            }),
            status: CaseStatus::Submitted,
            scope: SharingScope::National,
            revision: revision(officer),
        };
        insert(
            &tx,
            &cache.id.to_string(),
            cache.kind(),
            &customs.id,
            &cache.scope,
            cache.status.into(),
            &checked("recovered cache", &cache)?,
            &id_of(1)?,
            &photo_hashes,
        )?;
        // The photos were taken by the customs officer.
        for p in photos {
            crate::photos::store::insert(
                &tx,
                &customs.id,
                &id_of(1)?,
                &p.sha256.to_string(),
                p.media_type,
                p.size,
            )?;
        }
        crate::demo_tracing::seed(&tx, &agencies, &user_ids)?;
        audit::append(
            &tx,
            &Entry {
                actor: Actor::default(),
                action: "demo_seeded",
                subject: "demo",
                detail: json!({ "agencies": agencies.len(), "users": logins.len() }),
            },
        )?;
        Ok(logins)
    })
}

#[allow(clippy::too_many_arguments)]
fn insert(
    tx: &impl Conn,
    id: &str,
    kind: RecordKind,
    agency_id: &str,
    scope: &SharingScope,
    status: RecordStatus,
    body: &serde_json::Value,
    author: &str,
    photos: &[String],
) -> anyhow::Result<()> {
    records::insert(
        tx,
        &NewRecord {
            id,
            kind,
            agency_id,
            scope,
            status,
            body,
            photos,
            author_user_id: author,
            device_id: None,
        },
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The items of a demo case: the crates of rifle cartridges every case holds, and in
/// the airport draft also a MANPADS missile the officer has not typed (its calibre
/// text tells it): submitting the draft puts it at the head of the review queue.
fn demo_items(reference: &str, photos: &[PhotoRef]) -> Vec<SeizedItem> {
    let mut items = vec![SeizedItem {
        id: SeizedItemId::new(),
        lot: lot("17", "7.62x39mm", 1985, "17-85-0412", None),
        description: Some("Spam cans, 2 per crate, headstamp 17 85".into()),
        quantity: 1_440,
        unit: QuantityUnit::Rounds,
        photos: photos.to_vec(),
        markings: vec!["17 85".into()],
    }];
    if reference == "KE-CUS-2026-0130" {
        items.push(SeizedItem {
            id: SeizedItemId::new(),
            lot: lot("?", "9M39 Igla missile", 1998, "07-98", None),
            description: Some("Launch tube in a ski bag, no gripstock".into()),
            quantity: 1,
            unit: QuantityUnit::Pieces,
            photos: Vec::new(),
            markings: Vec::new(),
        });
    }
    items
}
