//! Tests of the view models: progress arithmetic, prefill, forms.

use super::*;
use serde_json::{Value, json};
use tracemark_shared::capture::{Candidate, Conflict, Field, Origin, Prefill, Suggestion};
use tracemark_shared::domain::*;
use tracemark_shared::marking::label::Label;

fn lot(l: &str) -> AmmunitionLot {
    AmmunitionLot {
        manufacturer: "17".into(),
        calibre: "7.62x39mm".into(),
        year: Some(1985),
        lot: l.into(),
        sub_lot: None,
        nsn: None,
        dodic: None,
        ammunition_type: None,
        hazard: None,
    }
}

fn assignment() -> (Value, StockCheckId, LocationId, LocationId) {
    let check = StockCheckId::new();
    let (a, b) = (LocationId::new(), LocationId::new());
    let v = json!({
        "stock_check": { "id": check, "title": "Q4 count" },
        "depot": { "name": "Central Ammunition Depot" },
        "locations": [
            { "id": a, "code": "B1-R1", "description": "Bunker 1" },
            { "id": b, "code": "B1-R2", "description": null },
        ],
        "expected": [
            { "location_id": a, "lot": lot("L1"), "quantity": 100 },
            { "location_id": a, "lot": lot("L2"), "quantity": 50 },
            { "location_id": b, "lot": lot("L3"), "quantity": 10 },
        ],
    });
    (v, check, a, b)
}

#[test]
fn progress_counts_lines_and_quantities() {
    let (v, check, a, b) = assignment();
    let empty = StockCheckView::build(&v, &[], false).unwrap();
    assert_eq!(empty.totals(), (0, 160));
    assert_eq!(empty.lines_left(), 3);
    assert_eq!(empty.depot, "Central Ammunition Depot");
    let counted = count_line(check, a, None, lot("L1"), 98, ConditionCode::A, false).unwrap();
    let extra = count_line(check, b, None, lot("X9"), 5, ConditionCode::E, true).unwrap();
    let view = StockCheckView::build(&v, &[counted, extra], false).unwrap();
    assert_eq!(view.totals(), (103, 160));
    assert_eq!(view.lines_left(), 2);
    assert_eq!(view.locations[0].progress(), (1, 2));
    assert_eq!(
        view.locations[1].progress(),
        (1, 2),
        "the unexpected lot is listed"
    );
    assert!(StockCheckView::build(&json!({}), &[], false).is_none());
}

#[test]
fn counts_are_validated() {
    let (_, check, a, _) = assignment();
    let mut bad = lot("");
    bad.calibre = String::new();
    assert!(count_line(check, a, None, bad, 1, ConditionCode::A, false).is_err());
}

fn candidate(value: &str, element: &str) -> Candidate {
    Candidate {
        value: value.into(),
        from: vec![Origin {
            code: 0,
            element: element.into(),
            span: 0..1,
            invalid_code: false,
        }],
    }
}

#[test]
fn a_value_from_an_invalid_code_is_offered_and_marked() {
    let mut from_invalid = candidate("L-17", "AI (10)");
    from_invalid.from[0].invalid_code = true;
    let prefill = Prefill {
        suggestions: vec![Suggestion {
            field: Field::Lot,
            candidate: from_invalid,
        }],
        ..Prefill::default()
    };
    let mut form = ItemForm::default();
    form.apply(&prefill);
    assert_eq!(form.lot, "L-17");
    assert_eq!(
        form.sources,
        vec![(Field::Lot, "AI (10)".to_string(), true)]
    );
}

#[test]
fn prefill_fills_only_empty_fields_and_keeps_sources_and_conflicts() {
    let mut form = ItemForm {
        quantity: "12".into(),
        ..Default::default()
    };
    form.apply(&Prefill {
        suggestions: vec![
            Suggestion {
                field: Field::Lot,
                candidate: candidate("17-85-0412", "DI 1T"),
            },
            Suggestion {
                field: Field::Quantity,
                candidate: candidate("1440", "DI Q"),
            },
            Suggestion {
                field: Field::ProductionDate,
                candidate: candidate("1985-03-01", "DI 16D"),
            },
        ],
        conflicts: vec![Conflict {
            field: Field::Nsn,
            candidates: vec![
                candidate("1305-01-111-1111", "NSN"),
                candidate("1305-01-222-2222", "AI (7001)"),
            ],
        }],
        warnings: vec![],
    });
    assert_eq!(form.lot, "17-85-0412");
    assert_eq!(form.quantity, "12", "typed values are kept");
    assert_eq!(form.year, "1985");
    assert!(form.sources.contains(&(Field::Lot, "DI 1T".into(), false)));
    assert_eq!(form.conflicts.len(), 1);
    assert!(form.nsn.is_empty(), "a conflict is never silently picked");
}

#[test]
fn the_ammunition_type_is_suggested_by_the_marks_and_chosen_by_the_officer() {
    let mut item = ItemForm {
        calibre: "9K38 Igla".into(),
        ..Default::default()
    };
    assert_eq!(item.suggested_type(), Some(AmmunitionType::Manpads));
    item.calibre = "unmarked tube".into();
    assert_eq!(item.suggested_type(), None);
    item.nsn = "1340-01-234-5678".into();
    assert_eq!(item.suggested_type(), Some(AmmunitionType::Rocket));
    let mut form = filled_case();
    let (agency, user) = (AgencyId::new(), UserId::new());
    // Not chosen: the record says nothing (the server and reports go by the marks).
    let case = form.to_record(agency, user, CaseStatus::Draft).unwrap();
    assert_eq!(case.items[0].lot.ammunition_type, None);
    // Chosen: kept in the record, and read back into the form.
    form.items[0].1.ammunition_type = Some(AmmunitionType::Atgw);
    let case = form.to_record(agency, user, CaseStatus::Draft).unwrap();
    assert_eq!(
        case.items[0].lot.ammunition_type,
        Some(AmmunitionType::Atgw)
    );
    assert_eq!(
        CaseForm::from_case(&case).items[0].1.ammunition_type,
        Some(AmmunitionType::Atgw)
    );
}

#[test]
fn case_form_becomes_a_valid_record_or_says_why() {
    let mut form = CaseForm::default();
    let (agency, user) = (AgencyId::new(), UserId::new());
    let errors = form
        .to_record(agency, user, CaseStatus::Submitted)
        .unwrap_err();
    assert!(errors.has("reference") && errors.has("place"), "{errors:?}");
    form.reference = "KE-CUS-1".into();
    form.place = "Malaba".into();
    form.seized_on = "2026-11-20".into();
    form.items[0].1 = ItemForm {
        calibre: "7,62×39 мм".into(),
        manufacturer: "17".into(),
        lot: "17-85-0412".into(),
        quantity: "1440".into(),
        ..Default::default()
    };
    let case = form.to_record(agency, user, CaseStatus::Submitted).unwrap();
    assert_eq!(case.items[0].lot.calibre, "7.62x39mm");
    assert_eq!(case.items[0].quantity, 1440);
    assert_eq!(case.seized_on.to_string(), "2026-11-20");
}

fn filled_case() -> CaseForm {
    let mut form = CaseForm {
        reference: "KE-CUS-2".into(),
        place: "Busia border post".into(),
        seized_on: "2026-11-21".into(),
        ..CaseForm::default()
    };
    form.items[0].1 = ItemForm {
        calibre: "7.62x39".into(),
        manufacturer: "17".into(),
        lot: "17-85-0412".into(),
        quantity: "600".into(),
        ..Default::default()
    };
    form
}

#[test]
fn route_parties_position_victims_and_scope_reach_the_record() {
    let mut form = filled_case();
    form.transit = "Kampala, Malaba\nEldoret;".into();
    form.dispatch = "Kampala bus park".into();
    form.latitude = "0.4600 N".into();
    form.longitude = "34,0900".into();
    form.parties = vec![
        PartyForm {
            name: "Trans-Lake Haulage".into(),
            role: PartyRole::Carrier,
            country: "ug".into(),
            note: String::new(),
            identifier: " UG-TLH-0042 ".into(),
        },
        PartyForm::default(), // an empty row left on the form is not a party
    ];
    form.victims = vec![VictimForm {
        sex: Sex::Male,
        age: AgeBand::Adult,
        killed: "1".into(),
        injured: String::new(),
    }];
    form.scope = ScopeChoice::OwnAgency;
    let case = form
        .to_record(AgencyId::new(), UserId::new(), CaseStatus::Draft)
        .unwrap();
    assert_eq!(case.route.transit, ["Kampala", "Malaba", "Eldoret"]);
    assert_eq!(case.point_of_dispatch.as_deref(), Some("Kampala bus park"));
    let gps = case.gps.unwrap();
    assert_eq!((gps.latitude, gps.longitude), (0.46, 34.09));
    assert_eq!(case.parties.len(), 1);
    assert_eq!(case.parties[0].country.unwrap().to_string(), "UG");
    assert_eq!(case.parties[0].identifier.as_deref(), Some("UG-TLH-0042"));
    let victims = case.victims.clone().unwrap();
    assert_eq!(victims.get(Sex::Male, AgeBand::Adult).unwrap().killed, 1);
    assert_eq!(case.scope, SharingScope::OwnAgency);
    // The record reads back into the same form.
    let back = CaseForm::from_case(&case);
    assert_eq!(back.parties[0].name, "Trans-Lake Haulage");
    assert_eq!(back.parties[0].identifier, "UG-TLH-0042");
    assert_eq!(back.victims.len(), 1);
    assert_eq!(back.scope, ScopeChoice::OwnAgency);
    assert_eq!(back.transit, "Kampala, Malaba, Eldoret");
}

#[test]
fn a_recovered_cache_form_becomes_a_recovery_and_reads_back() {
    let mut form = CaseForm::new_recovery();
    form.reference = "KE-POL-CACHE-3".into();
    form.place = "Garissa".into();
    form.seized_on = "2026-11-21".into();
    form.items = filled_case().items;
    let r = form.recovery.as_mut().unwrap();
    r.circumstance = RecoveryCircumstance::Uncleared;
    r.recovered_by = " EOD team 3 ".into();
    r.condition = RecoveredCondition::Unsafe;
    r.action = RecoveryAction::Destroyed;
    r.action_on = "2026-11-22".into();
    // Typed while the action was still `moved`: dropped, since it is not shown.
    r.moved_to = "Armoury".into();
    let case = form
        .to_record(AgencyId::new(), UserId::new(), CaseStatus::Submitted)
        .unwrap();
    assert_eq!(case.kind(), RecordKind::RecoveredCache);
    assert_eq!(case.mode_of_shipping, ShippingMode::Other);
    let rec = case.recovery.clone().unwrap();
    assert_eq!(rec.recovered_by, "EOD team 3");
    assert_eq!(rec.action, RecoveryAction::Destroyed);
    assert_eq!(rec.action_on.unwrap().to_string(), "2026-11-22");
    assert_eq!(rec.moved_to, None);
    let back = CaseForm::from_case(&case);
    assert_eq!(
        back.recovery
            .as_ref()
            .map(|r| (&r.recovered_by[..], r.condition)),
        Some(("EOD team 3", RecoveredCondition::Unsafe))
    );
    // Moved with nowhere to go, and a day that does not parse: both named.
    let r = form.recovery.as_mut().unwrap();
    r.action = RecoveryAction::Moved;
    r.moved_to = " ".into();
    r.action_on = "22.11.2026".into();
    let errors: Vec<String> = form
        .to_record(AgencyId::new(), UserId::new(), CaseStatus::Submitted)
        .unwrap_err()
        .into_iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "recovery.action_on: must be a date such as 2026-11-23",
            "recovery.moved_to: is required"
        ]
    );
    // A seizure's form has no recovery.
    let seizure = filled_case()
        .to_record(AgencyId::new(), UserId::new(), CaseStatus::Submitted)
        .unwrap();
    assert_eq!(seizure.kind(), RecordKind::SeizureCase);
}

#[test]
fn text_that_does_not_parse_is_reported_not_guessed() {
    let mut form = filled_case();
    form.seized_on = "21/11/2026".into();
    form.latitude = "95".into();
    form.longitude = "34.09".into();
    form.items[0].1.quantity = "about 600".into();
    form.items[0].1.year = "85?".into();
    form.items[0].1.nsn = "1305".into();
    form.parties = vec![PartyForm {
        name: "X".into(),
        country: "Kenya".into(),
        ..PartyForm::default()
    }];
    form.victims = vec![
        VictimForm {
            killed: "two".into(),
            ..VictimForm::default()
        },
        VictimForm::default(),
    ];
    let errors = form
        .to_record(AgencyId::new(), UserId::new(), CaseStatus::Submitted)
        .unwrap_err();
    for field in [
        "seized_on",
        "gps.latitude",
        "items[0].quantity",
        "items[0].lot.year",
        "items[0].lot.nsn",
        "parties[0].country",
        "victims[0].killed",
        "victims[1]",
    ] {
        assert!(errors.has(field), "{field} not reported in {errors}");
    }
    assert!(!errors.has("gps.longitude"));
}

#[test]
fn a_chosen_code_replaces_values_and_settles_its_conflicts() {
    let mut form = ItemForm {
        lot: "typed".into(),
        ..Default::default()
    };
    form.conflicts
        .push((Field::Lot, vec!["A-1".into(), "B-2".into()]));
    form.choose(&Prefill {
        suggestions: vec![Suggestion {
            field: Field::Lot,
            candidate: candidate("B-2", "AI (10)"),
        }],
        conflicts: vec![],
        warnings: vec![],
    });
    assert_eq!(form.lot, "B-2", "the officer's choice wins over typed text");
    assert_eq!(
        form.sources,
        vec![(Field::Lot, "AI (10)".to_string(), false)]
    );
    assert!(form.conflicts.is_empty());
    form.conflicts
        .push((Field::Nsn, vec!["1305-01-111-1111".into()]));
    form.settle(Field::Nsn, "1305-01-111-1111");
    assert_eq!(form.nsn, "1305-01-111-1111");
    assert!(form.conflicts.is_empty());
}

#[test]
fn a_scanned_location_label_leads_to_its_location_or_says_why_not() {
    let (mut v, _, a, _) = assignment();
    v["depot"]["code"] = json!("CAD-1");
    let view = StockCheckView::build(&v, &[], false).unwrap();
    let label = |t: &str| Label::parse(t).unwrap();
    assert_eq!(view.locate(&label("tmk:1/loc/CAD-1/B1-R1")), Ok(a));
    assert_eq!(
        view.locate(&label("https://depot.example/tmk/1/loc/CAD-1/B1-R1")),
        Ok(a)
    );
    assert_eq!(
        view.locate(&label("tmk:1/loc/CAD-2/B1-R1")),
        Err(LabelMismatch::OtherDepot("CAD-2".into()))
    );
    assert_eq!(
        view.locate(&label("tmk:1/loc/CAD-1/B9-R9")),
        Err(LabelMismatch::NotInCheck("B9-R9".into()))
    );
    assert_eq!(
        view.locate(&label("tmk:1/chk/67e55044-10b1-426f-9247-bb680e5fe0c8")),
        Err(LabelMismatch::NotALocation)
    );
}

#[test]
fn a_box_label_finds_its_line_and_keeps_only_agreed_values() {
    let (v, _, _, _) = assignment();
    let view = StockCheckView::build(&v, &[], false).unwrap();
    let scan = BoxScan::of(
        &Prefill {
            suggestions: vec![
                Suggestion {
                    field: Field::Lot,
                    candidate: candidate("l2", "DI 1T"),
                },
                Suggestion {
                    field: Field::Quantity,
                    candidate: candidate("50", "DI Q"),
                },
            ],
            conflicts: vec![Conflict {
                field: Field::Nsn,
                candidates: vec![candidate("1", "a"), candidate("2", "b")],
            }],
            warnings: vec![],
        },
        2,
    );
    assert_eq!(scan.nsn, None, "a disagreement is left for the inspector");
    let line = scan.matching_line(&view.locations[0]).unwrap();
    assert_eq!(line.lot.lot, "L2");
    assert!(scan.matching_line(&view.locations[1]).is_none());
    assert!(
        BoxScan::default()
            .matching_line(&view.locations[0])
            .is_none()
    );
}

#[test]
fn a_saved_count_keeps_its_condition() {
    let (v, check, a, _) = assignment();
    let counted = count_line(check, a, None, lot("L2"), 49, ConditionCode::E, false).unwrap();
    let view = StockCheckView::build(&v, &[counted], false).unwrap();
    let line = &view.locations[0].lines[1];
    assert_eq!(
        (line.counted, line.condition),
        (Some(49), Some(ConditionCode::E))
    );
}

#[test]
fn a_conflict_lists_the_fields_that_differ() {
    let mine = json!({ "place": "Malaba", "reference": "KE-1", "items": [1, 2], "revision": { "number": 2 }, "status": "submitted" });
    let theirs = json!({ "place": "Busia", "reference": "KE-1", "items": [1], "revision": { "number": 3 }, "status": "returned", "concealment": "fuel tank" });
    let diffs = conflict_fields(&mine, &theirs);
    let fields: Vec<&str> = diffs.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(fields, ["concealment", "items", "place"]);
    assert_eq!(
        (diffs[2].mine.as_str(), diffs[2].theirs.as_str()),
        ("Malaba", "Busia")
    );
    assert_eq!(
        (diffs[0].mine.as_str(), diffs[1].mine.as_str()),
        ("–", "[2]")
    );
    assert!(conflict_fields(&json!(1), &json!({})).is_empty());
}

#[test]
fn control_characters_of_a_code_are_named() {
    assert_eq!(
        visible("[)>\u{1e}06\u{1d}1T17-85-0412\u{1e}\u{04}"),
        "[)><RS>06<GS>1T17-85-0412<RS><EOT>"
    );
    assert_eq!(visible("a\u{7}b"), "a<U+0007>b");
}

#[test]
fn a_lot_not_on_the_list_keeps_its_type_and_classification_and_says_what_is_wrong() {
    let form = NewLotForm {
        lot: " FZ-1 ".into(),
        calibre: "PD fuze".into(),
        maker: "17".into(),
        quantity: "5".into(),
        kind: Some(AmmunitionType::FuzeComponent),
        hazard: "1.1-f".into(),
        ..NewLotForm::default()
    };
    let (lot, quantity) = form.to_lot().unwrap();
    assert_eq!((lot.lot.as_str(), quantity), ("FZ-1", 5));
    assert_eq!(lot.ammunition_type, Some(AmmunitionType::FuzeComponent));
    assert_eq!(lot.hazard.map(|h| h.to_string()).as_deref(), Some("1.1F"));
    for (edit, message) in [
        (
            NewLotForm {
                hazard: "1.5A".into(),
                ..form.clone()
            },
            "hazard-invalid",
        ),
        (
            NewLotForm {
                quantity: "five".into(),
                ..form.clone()
            },
            "quantity-whole-number",
        ),
        (
            NewLotForm {
                nsn: "1305".into(),
                ..form.clone()
            },
            "nsn-invalid",
        ),
    ] {
        assert_eq!(edit.to_lot().unwrap_err(), message);
    }
    let unclassified = NewLotForm {
        hazard: " ".into(),
        kind: None,
        ..form
    };
    let (lot, _) = unclassified.to_lot().unwrap();
    assert_eq!((lot.hazard, lot.ammunition_type), (None, None));
}

#[test]
fn a_location_is_judged_on_what_it_holds() {
    let (body, ..) = assignment();
    let classified = |l: &str, hazard: &str| AmmunitionLot {
        hazard: Some(hazard.parse().unwrap()),
        ..lot(l)
    };
    let mut view = StockCheckView::build(&body, &[], false).unwrap();
    let here = &mut view.locations[0];
    here.lines = vec![
        LineView {
            lot: classified("HE", "1.1D"),
            expected: 10,
            counted: None,
            condition: None,
            count_line: None,
        },
        LineView {
            lot: classified("WP", "1.2H"),
            expected: 10,
            counted: None,
            condition: None,
            count_line: None,
        },
    ];
    assert_eq!(here.mixed_groups().len(), 1, "expected together: listed");
    here.lines[1].counted = Some(0);
    assert!(here.mixed_groups().is_empty(), "counted gone");
    here.lines[1].counted = Some(3);
    here.lines[0].counted = Some(0);
    assert!(here.mixed_groups().is_empty(), "the shells are gone");
}
