//! Trend reports through the real service, attacked as a supervisor of another agency
//! would: seizure cases pushed through the real sync push by three agencies, filed in
//! the last closed quarter, then read back in every grouping. A lone case of another
//! agency stays unreadable whatever the caller pads, compares or asks for; a release
//! never changes once published; a provider withholds a case; nothing names an agency.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::{Value, json};
use time::{Date, OffsetDateTime};
use tracemark_mobile::core::fixtures::seizure_case;
use tracemark_shared::domain::*;
use tracemark_shared::sync::*;
use tracemark_tests::Server;
use tracemark_tests::sync::{device_login, me, op, push};

/// The last closed quarter: `(label, a day in its middle)`.
fn last_quarter() -> (String, Date) {
    let today = OffsetDateTime::now_utc().date();
    let q = (u8::from(today.month()) - 1) / 3; // 0..=3, the current quarter
    let (year, q) = if q == 0 {
        (today.year() - 1, 4)
    } else {
        (today.year(), q)
    };
    let month = time::Month::try_from(3 * (q - 1) + 2).unwrap();
    (
        format!("{year:04}-Q{q}"),
        Date::from_calendar_date(year, month, 15).unwrap(),
    )
}

/// What one batch of cases looks like.
#[derive(Clone)]
struct Batch {
    n: usize,
    calibre: &'static str,
    concealment: &'static str,
    origin: &'static str,
    scope: SharingScope,
    status: CaseStatus,
}

fn batch(n: usize, calibre: &'static str, scope: &SharingScope) -> Batch {
    Batch {
        n,
        calibre,
        concealment: "False floor of a lorry",
        origin: "Somalia",
        scope: scope.clone(),
        status: CaseStatus::Submitted,
    }
}

/// Pushes the batches as `token`'s user; returns the case ids.
fn push_cases(s: &Server, token: &str, batches: &[Batch]) -> Vec<String> {
    let (agency, user) = me(s, token);
    let (_, day) = last_quarter();
    let mut ops = Vec::new();
    for b in batches {
        for i in 0..b.n {
            let mut case = seizure_case(agency, user, b.status, vec![]);
            case.reference = format!("R-{}-{i}", b.calibre);
            case.seized_on = day;
            case.scope = b.scope.clone();
            case.concealment = Some(b.concealment.into());
            case.route.origin = Some(b.origin.into());
            case.items[0].lot.calibre = b.calibre.into();
            ops.push(op(
                None,
                Change::SeizureCase {
                    record: Box::new(case),
                },
            ));
        }
    }
    push(s, token, &ops)
        .iter()
        .map(|r| match &r.outcome {
            OpOutcome::Accepted { record_id, .. } => record_id.to_string(),
            other => panic!("{other:?}"),
        })
        .collect()
}

/// Files the cases in the last closed quarter: their revisions are dated there, as if
/// the devices had synced then.
fn file_last_quarter(s: &Server, ids: &[String]) {
    let (_, day) = last_quarter();
    for id in ids {
        s.sql(&format!(
            "UPDATE record_revisions SET at = '{day}T10:00:00Z' WHERE record_id = '{id}'"
        ));
    }
}

/// A new liaison office of KE, and the scope that shares a case with it alone: cases
/// so shared are read by none of the demo agencies but their provider.
fn shared_with_a_liaison_office(s: &Server) -> SharingScope {
    let (status, liaison) = s.post(
        "/api/v1/admin/agencies",
        Some(&s.login("admin.customs")),
        &json!({ "name": "Regional Liaison (test)", "country": "KE" }),
    );
    assert_eq!(status, 200, "{liaison}");
    SharingScope::Partners {
        agencies: vec![liaison["id"].as_str().unwrap().parse().unwrap()],
    }
}

fn report(s: &Server, token: &str, by: &str) -> Value {
    let (status, r) = s.get(&format!("/api/v1/reports/seizures?by={by}"), Some(token));
    assert_eq!(status, 200, "{by}: {r}");
    r
}

/// The cells of the last closed quarter's release, by value.
fn release(r: &Value, label: &str) -> Vec<(String, Option<u64>)> {
    let col = r["columns"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c == label)
        .unwrap_or_else(|| panic!("no release {label} in {r}"));
    r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let c = &row["cells"][col];
            assert_eq!(
                c["suppressed"].as_bool().unwrap(),
                c["count"].is_null(),
                "{c}"
            );
            (
                row["value"].as_str().unwrap().to_string(),
                c["count"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn a_lone_case_stays_unreadable_whatever_the_caller_pads_compares_or_asks() {
    let s = Server::demo();
    let (label, _) = last_quarter();
    let customs = device_login(&s, "officer.customs");
    let depot = device_login(&s, "supervisor.depot");
    let border = device_login(&s, "officer.border");
    let (customs_agency, _) = me(&s, &customs);
    let national = SharingScope::National;
    let to_customs = SharingScope::Partners {
        agencies: vec![customs_agency],
    };
    // The three agencies share their ordinary cases with a liaison office only, so
    // none of them sees another's: every count rests on cases each reader cannot see.
    let to_liaison = shared_with_a_liaison_office(&s);
    let mut ids = push_cases(
        &s,
        &customs,
        &[
            batch(6, "7.62x39mm", &to_liaison),
            // Kept to the agency, or drafts: never counted.
            batch(3, "7.62x39mm", &SharingScope::OwnAgency),
            Batch {
                status: CaseStatus::Draft,
                ..batch(3, "7.62x39mm", &national)
            },
        ],
    );
    let withheld = ids[0].clone();
    ids.extend(push_cases(
        &s,
        &depot,
        &[batch(5, "7.62x39mm", &to_liaison)],
    ));
    ids.extend(push_cases(
        &s,
        &border,
        &[batch(5, "7.62x39mm", &to_liaison)],
    ));
    // The border police's lone case X: a rare calibre, concealment and origin, shared
    // with the customs directorate only.
    ids.extend(push_cases(
        &s,
        &border,
        &[Batch {
            concealment: "Inside a fuel tank",
            origin: "Atlantis",
            ..batch(1, "14.5x114mm", &to_customs)
        }],
    ));
    // The depot's supervisor, who may not see X, pads every one of X's values with
    // cases of its own, hoping to lift them over the threshold and subtract.
    ids.extend(push_cases(
        &s,
        &depot,
        &[Batch {
            concealment: "Inside a fuel tank",
            origin: "Atlantis",
            ..batch(6, "14.5x114mm", &national)
        }],
    ));
    // The customs directorate keeps one of its cases out of every report.
    let sup_customs = s.login("supervisor.customs");
    let (status, answer) = s
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/records/{withheld}/reporting"),
            Some(&sup_customs),
        )
        .json(&json!({ "withheld": true }))
        .send()
        .map(|r| (r.status().as_u16(), r.text().unwrap()))
        .unwrap();
    assert_eq!(status, 200, "{answer}");
    file_last_quarter(&s, &ids);

    let attacker = s.login("supervisor.depot");
    let by_calibre = report(&s, &attacker, "calibre");
    // 7.62x39mm: 5 customs (one withheld) + 5 depot + 5 border = 15 cases of three
    // agencies, and every reader is left with 10 it cannot see. X's calibre is
    // nowhere; the pool that holds it is withheld: the depot would be left with X alone
    // once it took away its own padding and the customs directorate's national cases.
    assert_eq!(
        release(&by_calibre, &label),
        [
            ("7.62x39mm".to_string(), Some(15)),
            ("(other values)".to_string(), None)
        ],
        "{by_calibre}"
    );
    for (by, rare) in [
        ("concealment", "Inside a fuel tank"),
        ("route_country", "Atlantis"),
    ] {
        let r = report(&s, &attacker, by);
        assert!(!r.to_string().contains(rare), "{by}: {r}");
        assert!(
            release(&r, &label)
                .iter()
                .all(|(v, n)| v != "(other values)" || n.is_none()),
            "{r}"
        );
    }
    for by in ["manufacturer", "year"] {
        release(&report(&s, &attacker, by), &label);
    }
    // No totals to subtract from, no agency anywhere, no free periods or filters.
    let text = by_calibre.to_string();
    for key in ["\"total\"", "column_totals"] {
        assert!(!text.contains(key), "{text}");
    }
    let (_, agencies) = s.get("/api/v1/agencies", Some(&attacker));
    for a in agencies.as_array().unwrap() {
        assert!(!text.contains(a["id"].as_str().unwrap()));
        assert!(!text.contains(a["name"].as_str().unwrap()));
    }
    for q in [
        "from=2020-01-01",
        "to=2030-01-01",
        "period=month",
        "agency=x",
        "calibre=14.5x114mm",
    ] {
        let (status, _) = s.get(
            &format!("/api/v1/reports/seizures?by=calibre&{q}"),
            Some(&attacker),
        );
        assert_eq!(status, 400, "{q}");
    }

    // A case filed late in the closed quarter does not change its release: it waits
    // for the next one, so before and after look the same.
    let late = push_cases(&s, &border, &[batch(1, "7.62x39mm", &national)]);
    file_last_quarter(&s, &late);
    assert_eq!(report(&s, &attacker, "calibre"), by_calibre);
    // Every supervisor reads the same release, whatever they may see in detail.
    assert_eq!(
        report(&s, &s.login("supervisor.border"), "calibre"),
        by_calibre
    );
    // The release says where the withheld case stands: never published.
    let (_, answer) = s
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/records/{}/reporting", ids[1]),
            Some(&sup_customs),
        )
        .json(&json!({ "withheld": true }))
        .send()
        .map(|r| (r.status().as_u16(), r.json::<Value>().unwrap()))
        .unwrap();
    assert_eq!(answer["published_in"], label.as_str(), "{answer}");

    // CSV: the same numbers, withheld cells spelled out.
    let resp = s
        .request(
            reqwest::Method::GET,
            "/api/v1/reports/seizures?by=calibre&format=csv",
            Some(&attacker),
        )
        .send()
        .unwrap();
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = resp.text().unwrap();
    assert!(csv.lines().next().unwrap().contains(&label), "{csv}");
    assert!(csv.contains("(other values),"), "{csv}");
}

#[test]
fn only_the_provider_withholds_and_only_supervisors_read() {
    let s = Server::demo();
    let officer = device_login(&s, "officer.customs");
    let id = push_cases(
        &s,
        &officer,
        &[batch(1, "7.62x39mm", &SharingScope::National)],
    )
    .remove(0);
    let put = |token: &str, body: Value| {
        s.request(
            reqwest::Method::PUT,
            &format!("/api/v1/records/{id}/reporting"),
            Some(token),
        )
        .json(&body)
        .send()
        .unwrap()
        .status()
        .as_u16()
    };
    // Another agency's supervisor (who may see the national case) cannot decide for it.
    assert_eq!(
        put(&s.login("supervisor.depot"), json!({ "withheld": true })),
        404
    );
    assert_eq!(put(&officer, json!({ "withheld": true })), 403);
    let sup = s.login("supervisor.customs");
    assert_eq!(put(&sup, json!({ "withheld": true })), 200);
    assert_eq!(put(&sup, json!({ "withheld": false })), 200);
    assert_eq!(put(&sup, json!({ "withheld": "yes" })), 400);

    for (query, status) in [
        ("", 400),
        ("?by=colour", 400),
        ("?by=calibre&format=xml", 400),
        ("?by=calibre&unknown=1", 400),
        ("?by=calibre", 200),
    ] {
        let (got, body) = s.get(&format!("/api/v1/reports/seizures{query}"), Some(&sup));
        assert_eq!(got, status, "{query}: {body}");
    }
    // Nothing closed yet in the demo: no release, and the answer says when the next is.
    let (_, r) = s.get("/api/v1/reports/seizures?by=calibre", Some(&sup));
    assert!(r["next_release"]["published_from"].is_string(), "{r}");
    assert_eq!(
        s.get("/api/v1/reports/seizures?by=calibre", Some(&officer))
            .0,
        403
    );
}

#[test]
fn seizures_break_down_by_ammunition_type_as_stated_or_told_by_the_marks() {
    let s = Server::demo();
    let (label, _) = last_quarter();
    let to_liaison = shared_with_a_liaison_office(&s);
    // Three agencies each seize rifle cartridges and MANPADS missiles (named in the
    // calibre text only: no one stated a type), and one rocket case is alone.
    let mut ids = Vec::new();
    for user in ["officer.customs", "supervisor.depot", "officer.border"] {
        let t = device_login(&s, user);
        ids.extend(push_cases(
            &s,
            &t,
            &[
                batch(5, "7.62x39mm", &to_liaison),
                batch(5, "9K38 Igla", &to_liaison),
            ],
        ));
    }
    ids.extend(push_cases(
        &s,
        &device_login(&s, "officer.border"),
        &[batch(1, "PG-7VM", &to_liaison)],
    ));
    file_last_quarter(&s, &ids);
    let r = report(&s, &s.login("supervisor.customs"), "ammunition_type");
    let cells = release(&r, &label);
    assert!(
        cells.contains(&("small_calibre".to_string(), Some(15))),
        "{r}"
    );
    assert!(cells.contains(&("manpads".to_string(), Some(15))), "{r}");
    // The lone rocket case is nowhere to be read.
    assert!(!r.to_string().contains("rocket"), "{r}");
    // The console names the types in the reader's language.
    let mut b = tracemark_tests::console::Browser::new(&s);
    b.sign_in("supervisor.customs");
    let page = b.get("/reports?by=ammunition_type").body;
    assert!(page.contains("By ammunition type"), "{page}");
    assert!(
        page.contains("MANPADS missile") && page.contains("Small calibre"),
        "{page}"
    );
}
