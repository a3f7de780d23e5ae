//! Valid records and photo bytes for tests of the store, the engine and the
//! end-to-end tests (feature `fixtures`).
//!
//! Invariant: every fixture passes validation, so a test that breaks one field sees
//! exactly that field's errors.

use time::OffsetDateTime;
use tracemark_shared::domain::{
    AgencyId, AmmunitionLot, CaseStatus, ConditionCode, CountLine, CountLineId, LocationId,
    PhotoRef, QuantityUnit, Revision, Route, SeizedItem, SeizedItemId, SeizureCase, SeizureId,
    SharingScope, ShippingMode, StockCheckId, UserId,
};

/// A lot of 7.62×39 mm made in 1985.
pub fn lot() -> AmmunitionLot {
    AmmunitionLot {
        manufacturer: "17".into(),
        calibre: "7.62x39mm".into(),
        year: Some(1985),
        lot: "17-85-0412".into(),
        sub_lot: None,
        nsn: None,
        dodic: None,
        ammunition_type: None,
        hazard: None,
    }
}

/// A count line of `quantity` units of [`lot`], with photos.
pub fn count_line(
    stock_check_id: StockCheckId,
    location_id: LocationId,
    quantity: u64,
    photos: Vec<PhotoRef>,
) -> CountLine {
    CountLine {
        id: CountLineId::new(),
        stock_check_id,
        location_id,
        lot: lot(),
        quantity,
        condition: ConditionCode::A,
        photos,
        unexpected_lot: false,
        note: None,
    }
}

/// A seizure case of `agency` with one item carrying `photos`.
pub fn seizure_case(
    agency_id: AgencyId,
    author: UserId,
    status: CaseStatus,
    photos: Vec<PhotoRef>,
) -> SeizureCase {
    SeizureCase {
        id: SeizureId::new(),
        agency_id,
        reference: "KE-CUS-2026-0999".into(),
        seized_on: time::macros::date!(2026 - 03 - 15),
        place: "Namanga border post".into(),
        gps: None,
        mode_of_shipping: ShippingMode::Road,
        concealment: Some("False floor of a lorry".into()),
        route: Route {
            origin: Some("Somalia".into()),
            transit: vec!["Mandera".into()],
            destination: Some("Nairobi".into()),
        },
        point_of_dispatch: None,
        parties: vec![],
        items: vec![SeizedItem {
            id: SeizedItemId::new(),
            lot: lot(),
            description: Some("Cartridges in sealed tins".into()),
            quantity: 1_440,
            unit: QuantityUnit::Rounds,
            photos,
            markings: vec!["17 85".into()],
        }],
        victims: None,
        recovery: None,
        status,
        scope: SharingScope::OwnAgency,
        revision: Revision {
            number: 1,
            author,
            device: None,
            at: OffsetDateTime::UNIX_EPOCH,
        },
    }
}

/// A PNG signature followed by `len` bytes of deterministic filler made from `seed`:
/// enough for the photo store's format check.
pub fn png(len: usize, seed: u32) -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut x = seed | 1;
    while v.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(len.max(8));
    v
}
