//! Test support for the domain records: fixtures, assertion helpers and proptest
//! strategies shared by the modules' tests.
//!
//! Invariant: every fixture and every value a strategy generates passes validation, so
//! a test that breaks one field sees exactly the errors of that field.

use std::fmt::Debug;

use proptest::collection::{hash_set, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::{Date, OffsetDateTime, UtcOffset};

use super::*;
use crate::marking::nsn::{Dodic, Nsn};
use crate::validate::{MAX_LOT_YEAR, MAX_PHOTO_BYTES, MAX_QUANTITY, MIN_LOT_YEAR, Validate};

/// Table of validation cases: each line edits a fresh fixture and lists the exact
/// messages expected, `name: |x| edit => &["field: message"];`.
macro_rules! edit_cases {
    (fixture: $fixture:expr; $($name:ident: |$x:ident| $edit:expr => $expected:expr;)+) => {$(
        #[test]
        #[allow(unused_mut, clippy::no_effect, reason = "the valid case edits nothing")]
        fn $name() {
            let mut $x = $fixture;
            $edit;
            $crate::domain::testing::assert_errors(&$x, $expected);
        }
    )+};
}
pub(crate) use edit_cases;

/// Asserts that `value` validates with exactly the `expected` messages, in order.
pub(crate) fn assert_errors(value: &impl Validate, expected: &[&str]) {
    let got: Vec<String> = match value.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.into_iter().map(|e| e.to_string()).collect(),
    };
    assert_eq!(got, expected);
}

/// Asserts that `value` survives a JSON round trip unchanged.
pub(crate) fn json_round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, value, "{json}");
}

/// A valid lot with every optional field set.
pub(crate) fn lot() -> AmmunitionLot {
    AmmunitionLot {
        manufacturer: "711".into(),
        calibre: "7,62×39 мм".into(),
        year: Some(1987),
        lot: "12".into(),
        sub_lot: Some("3".into()),
        nsn: Some(Nsn::parse("1305-01-234-5678").unwrap()),
        dodic: Some(Dodic::parse("A059").unwrap()),
        ammunition_type: None,
        hazard: None,
    }
}

/// A valid photo reference whose hash is made of the byte `n`.
pub(crate) fn photo(n: u8) -> PhotoRef {
    PhotoRef {
        sha256: Sha256::from_bytes([n; 32]),
        media_type: MediaType::Jpeg,
        size: 2_345_678,
    }
}

/// A valid revision numbered `number`.
pub(crate) fn revision(number: u32) -> Revision {
    Revision {
        number,
        author: UserId::new(),
        device: Some(DeviceId::new()),
        at: OffsetDateTime::UNIX_EPOCH,
    }
}

/// A valid seized item with a fresh id, one photo and one marking.
pub(crate) fn seized_item() -> SeizedItem {
    SeizedItem {
        id: SeizedItemId::new(),
        lot: lot(),
        description: Some("Патроны в цинках".into()),
        quantity: 1_440,
        unit: QuantityUnit::Rounds,
        photos: vec![photo(9)],
        markings: vec!["1305-01-234-5678".into()],
    }
}

/// A valid submitted seizure case with two transit places, one party and one item.
pub(crate) fn seizure_case() -> SeizureCase {
    SeizureCase {
        id: SeizureId::new(),
        agency_id: AgencyId::new(),
        reference: "KE/CUS/2024/00123".into(),
        seized_on: time::macros::date!(2024 - 03 - 15),
        place: "Namanga".into(),
        gps: Some(GeoPoint {
            latitude: -2.5433,
            longitude: 36.7836,
            accuracy_m: Some(8.0),
        }),
        mode_of_shipping: ShippingMode::OnFoot,
        concealment: None,
        route: Route {
            origin: Some("Somalia".into()),
            transit: vec!["Mandera".into(), "Nairobi".into()],
            destination: None,
        },
        point_of_dispatch: None,
        parties: vec![Party {
            name: "Acme Freight".into(),
            role: PartyRole::FreightForwarder,
            country: Some(CountryCode::parse("ke").unwrap()),
            note: None,
            identifier: Some("IMO 9074729".into()),
        }],
        items: vec![seized_item()],
        victims: None,
        recovery: None,
        status: CaseStatus::Submitted,
        scope: SharingScope::OwnAgency,
        revision: revision(1),
    }
}

/// A valid recovered cache: found buried, moved to a depot the next day.
pub(crate) fn recovered_cache() -> SeizureCase {
    SeizureCase {
        reference: "KE/POL/2024/CACHE-7".into(),
        place: "Shamba near Garissa".into(),
        route: Route::default(),
        parties: Vec::new(),
        concealment: Some("Buried in two plastic drums".into()),
        recovery: Some(Recovery {
            circumstance: RecoveryCircumstance::Found,
            recovered_by: "Garissa EOD team".into(),
            condition: RecoveredCondition::Deteriorated,
            action: RecoveryAction::Moved,
            action_on: Some(time::macros::date!(2024 - 03 - 16)),
            moved_to: Some("Garissa police armoury".into()),
            action_note: None,
        }),
        ..seizure_case()
    }
}

/// One-line, non-blank text in many scripts.
pub(crate) fn short_text() -> impl Strategy<Value = String> {
    prop_oneof![
        select(
            &[
                "7,62×39 мм",
                "ذخيرة",
                "弹药",
                "5.56×45 NATO",
                "Ж",
                "ПО «Ульяновский»"
            ][..]
        )
        .prop_map(String::from),
        "[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{P}\\p{S} ]{0,40}",
    ]
}

/// Free text with line breaks and tabs.
pub(crate) fn long_text() -> impl Strategy<Value = String> {
    "[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{P} \n\t]{0,120}"
}

/// Any instant between 1970 and 2100 with nanoseconds and a whole-minute offset.
pub(crate) fn timestamp_strategy() -> impl Strategy<Value = OffsetDateTime> {
    (0i64..4_102_444_800, 0u32..1_000_000_000, -720i32..=840).prop_map(|(secs, nanos, mins)| {
        let offset = UtcOffset::from_whole_seconds(mins * 60).unwrap();
        (OffsetDateTime::from_unix_timestamp(secs).unwrap()
            + time::Duration::nanoseconds(i64::from(nanos)))
        .to_offset(offset)
    })
}

/// Any date in the record years.
pub(crate) fn date_strategy() -> impl Strategy<Value = Date> {
    (1900i32..=2100, 1u16..=365).prop_map(|(y, d)| Date::from_ordinal_date(y, d).unwrap())
}

/// Valid lots, with and without the optional marks.
pub(crate) fn lot_strategy() -> impl Strategy<Value = AmmunitionLot> {
    (
        short_text(),
        short_text(),
        option::of(MIN_LOT_YEAR..=MAX_LOT_YEAR),
        short_text(),
        option::of(short_text()),
        option::of("[0-9]{13}"),
        option::of(select(&["A059", "A131", "DA54", "B519"][..])),
    )
        .prop_map(
            |(manufacturer, calibre, year, lot, sub_lot, nsn, dodic)| AmmunitionLot {
                manufacturer,
                calibre,
                year,
                lot,
                sub_lot,
                nsn: nsn.map(|n| Nsn::parse(&n).unwrap()),
                dodic: dodic.map(|d| Dodic::parse(d).unwrap()),
                ammunition_type: None,
                hazard: None,
            },
        )
}

/// Valid photo references.
pub(crate) fn photo_strategy() -> impl Strategy<Value = PhotoRef> {
    (
        any::<[u8; 32]>(),
        select(MediaType::ALL),
        1..=MAX_PHOTO_BYTES,
    )
        .prop_map(|(hash, media_type, size)| PhotoRef {
            sha256: Sha256::from_bytes(hash),
            media_type,
            size,
        })
}

/// Valid revisions.
pub(crate) fn revision_strategy() -> impl Strategy<Value = Revision> {
    (1..=u32::MAX, any::<bool>(), timestamp_strategy()).prop_map(|(number, on_device, at)| {
        Revision {
            number,
            author: UserId::new(),
            device: on_device.then(DeviceId::new),
            at,
        }
    })
}

/// Valid sharing scopes.
pub(crate) fn scope_strategy() -> impl Strategy<Value = SharingScope> {
    prop_oneof![
        Just(SharingScope::OwnAgency),
        Just(SharingScope::National),
        hash_set(any::<u128>(), 1..5).prop_map(|ids| SharingScope::Partners {
            agencies: ids
                .into_iter()
                .map(|n| AgencyId::from_uuid(uuid::Uuid::from_u128(n)))
                .collect(),
        }),
    ]
}

/// Valid count lines.
pub(crate) fn count_line_strategy() -> impl Strategy<Value = CountLine> {
    (
        lot_strategy(),
        0..=MAX_QUANTITY,
        select(ConditionCode::ALL),
        vec(photo_strategy(), 0..3),
        any::<bool>(),
        option::of(long_text()),
    )
        .prop_map(
            |(lot, quantity, condition, photos, unexpected_lot, note)| CountLine {
                id: CountLineId::new(),
                stock_check_id: StockCheckId::new(),
                location_id: LocationId::new(),
                lot,
                quantity,
                condition,
                photos,
                unexpected_lot,
                note,
            },
        )
}

/// Valid victim counts: any subset of the cells.
pub(crate) fn victims_strategy() -> impl Strategy<Value = VictimCounts> {
    vec(option::of((0u32..=1000, 0u32..=1000)), 12).prop_map(|counts| {
        let cells = Sex::ALL
            .iter()
            .flat_map(|sex| AgeBand::ALL.iter().map(move |age| (*sex, *age)));
        VictimCounts::from_cells(
            cells
                .zip(counts)
                .filter_map(|((sex, age), count)| {
                    count.map(|(killed, injured)| VictimCell {
                        sex,
                        age,
                        killed,
                        injured,
                    })
                })
                .collect(),
        )
    })
}

fn geo_strategy() -> impl Strategy<Value = GeoPoint> {
    (
        -90_000_000i32..=90_000_000,
        -180_000_000i32..=180_000_000,
        option::of(0u16..=10_000),
    )
        .prop_map(|(lat, lon, acc)| GeoPoint {
            latitude: f64::from(lat) / 1e6,
            longitude: f64::from(lon) / 1e6,
            accuracy_m: acc.map(|a| f32::from(a) / 10.0),
        })
}

fn party_strategy() -> impl Strategy<Value = Party> {
    (
        short_text(),
        select(PartyRole::ALL),
        option::of("[a-zA-Z]{2}"),
        option::of(long_text()),
    )
        .prop_map(|(name, role, country, note)| Party {
            name,
            role,
            country: country.map(|c| CountryCode::parse(&c).unwrap()),
            note,
            identifier: None,
        })
}

fn route_strategy() -> impl Strategy<Value = Route> {
    (
        option::of(short_text()),
        vec(short_text(), 0..4),
        option::of(short_text()),
    )
        .prop_map(|(origin, transit, destination)| Route {
            origin,
            transit,
            destination,
        })
}

fn seized_item_strategy() -> impl Strategy<Value = SeizedItem> {
    (
        lot_strategy(),
        option::of(long_text()),
        1..=MAX_QUANTITY,
        select(QuantityUnit::ALL),
        vec(photo_strategy(), 0..3),
        vec("[!-~][\u{1D}\u{1E} -~]{0,40}", 0..3),
    )
        .prop_map(
            |(lot, description, quantity, unit, photos, markings)| SeizedItem {
                id: SeizedItemId::new(),
                lot,
                description,
                quantity,
                unit,
                photos,
                markings,
            },
        )
}

/// Valid seizure cases in any status.
pub(crate) fn seizure_case_strategy() -> impl Strategy<Value = SeizureCase> {
    let place = (
        short_text(),
        date_strategy(),
        short_text(),
        option::of(geo_strategy()),
        select(ShippingMode::ALL),
        option::of(long_text()),
        route_strategy(),
        option::of(short_text()),
    );
    let content = (
        vec(party_strategy(), 0..3),
        vec(seized_item_strategy(), 1..4),
        option::of(victims_strategy()),
        select(CaseStatus::ALL),
        scope_strategy(),
        revision_strategy(),
        option::of(recovery_strategy()),
    );
    (place, content).prop_map(
        |(
            (reference, seized_on, place, gps, mode_of_shipping, concealment, route, dispatch),
            (parties, items, victims, status, scope, revision, recovery),
        )| SeizureCase {
            id: SeizureId::new(),
            agency_id: AgencyId::new(),
            reference,
            seized_on,
            place,
            gps,
            mode_of_shipping,
            concealment,
            route,
            point_of_dispatch: dispatch,
            parties,
            items,
            victims,
            // The action is dated the day of the recovery, never before it.
            recovery: recovery.map(|r| Recovery {
                action_on: r.action_on.map(|_| seized_on),
                ..r
            }),
            status,
            scope,
            revision,
        },
    )
}

/// Valid recoveries (an action day is a placeholder for the case's own day).
pub(crate) fn recovery_strategy() -> impl Strategy<Value = Recovery> {
    (
        select(RecoveryCircumstance::ALL),
        short_text(),
        select(RecoveredCondition::ALL),
        select(RecoveryAction::ALL),
        any::<bool>(),
        short_text(),
        option::of(long_text()),
    )
        .prop_map(
            |(circumstance, recovered_by, condition, action, dated, place, action_note)| Recovery {
                circumstance,
                recovered_by,
                condition,
                action,
                action_on: dated.then_some(Date::MIN),
                moved_to: (action == RecoveryAction::Moved).then_some(place),
                action_note,
            },
        )
}
