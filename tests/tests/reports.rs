//! Trend reports through the real service, on crafted seizure cases pushed through the
//! real sync push by officers of the three demo agencies: cells resting on one agency
//! or on few cases are withheld, totals cannot give them back by subtraction, rare
//! values are pooled, and nothing names an agency.
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
use tracemark_tests::{DEMO_PASSWORD, Server};
use uuid::Uuid;

fn device_login(s: &Server, user: &str, password: &str) -> String {
    let (status, body) = s.post(
        "/api/v1/auth/login",
        None,
        &json!({ "username": user, "password": password,
                 "device": { "name": format!("{user} tablet"), "platform": "android" } }),
    );
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().unwrap().to_string()
}

/// `n` cases of one calibre seized on `day`, in `scope` and `status`.
struct Batch {
    n: usize,
    calibre: &'static str,
    day: Date,
    scope: SharingScope,
    status: CaseStatus,
}

fn push_cases(s: &Server, token: &str, batches: &[Batch]) {
    let (_, me) = s.get("/api/v1/me", Some(token));
    let agency: AgencyId = me["agency_id"].as_str().unwrap().parse().unwrap();
    let user: UserId = me["user_id"]
        .as_str()
        .or(me["id"].as_str())
        .unwrap()
        .parse()
        .unwrap();
    let mut operations = Vec::new();
    for b in batches {
        for i in 0..b.n {
            let mut case = seizure_case(agency, user, b.status, vec![]);
            case.reference = format!("R-{}-{i}", b.calibre);
            case.seized_on = b.day;
            case.scope = b.scope.clone();
            case.items[0].lot.calibre = b.calibre.into();
            operations.push(Operation {
                op_id: Uuid::new_v4(),
                base_revision: None,
                device_time: OffsetDateTime::now_utc(),
                change: Change::SeizureCase {
                    record: Box::new(case),
                },
            });
        }
    }
    let req = PushRequest {
        version: PROTOCOL_VERSION,
        operations,
    };
    let (status, body) = s.post(
        "/api/v1/sync/push",
        Some(token),
        &serde_json::to_value(req).unwrap(),
    );
    assert_eq!(status, 200, "{body}");
    for r in body["results"].as_array().unwrap() {
        assert_eq!(r["outcome"], "accepted", "{r}");
    }
}

const Q1: Date = time::macros::date!(2025 - 02 - 10);
const Q2: Date = time::macros::date!(2025 - 05 - 20);

fn batch(n: usize, calibre: &'static str, day: Date, scope: &SharingScope) -> Batch {
    Batch {
        n,
        calibre,
        day,
        scope: scope.clone(),
        status: CaseStatus::Submitted,
    }
}

/// Every line of the table (rows, columns, totals) with its total: none may have
/// exactly one withheld entry, or subtraction would give it back.
fn assert_no_line_gives_a_cell_away(r: &Value) {
    let count = |c: &Value| c["count"].as_u64();
    let rows = r["rows"].as_array().unwrap();
    let mut lines: Vec<Vec<Option<u64>>> = Vec::new();
    for row in rows {
        let mut l: Vec<Option<u64>> = row["cells"].as_array().unwrap().iter().map(count).collect();
        l.push(count(&row["total"]));
        lines.push(l);
    }
    let columns = r["columns"].as_array().unwrap().len();
    for j in 0..columns {
        let mut l: Vec<Option<u64>> = rows.iter().map(|row| count(&row["cells"][j])).collect();
        l.push(count(&r["column_totals"][j]));
        lines.push(l);
    }
    let mut l: Vec<Option<u64>> = r["column_totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(count)
        .collect();
    l.push(count(&r["total"]));
    lines.push(l);
    let mut l: Vec<Option<u64>> = rows.iter().map(|row| count(&row["total"])).collect();
    l.push(count(&r["total"]));
    lines.push(l);
    for l in lines {
        assert_ne!(l.iter().filter(|c| c.is_none()).count(), 1, "{l:?} in {r}");
    }
    // A withheld number is null and flagged, never a number.
    for row in rows {
        for c in row["cells"].as_array().unwrap() {
            assert_eq!(
                c["suppressed"].as_bool().unwrap(),
                c["count"].is_null(),
                "{c}"
            );
        }
    }
}

#[test]
fn small_cells_and_single_agency_cells_are_withheld_everywhere() {
    let s = Server::demo();
    // A customs officer for the depot's agency, so three agencies provide cases.
    let admin = s.login("admin.depot");
    let password = "depot-officer-password-1";
    let (status, body) = s.post(
        "/api/v1/admin/users",
        Some(&admin),
        &json!({ "username": "officer.depot", "display_name": "Depot Officer",
                 "role": "customs_officer", "password": password }),
    );
    assert_eq!(status, 200, "{body}");
    let customs = device_login(&s, "officer.customs", DEMO_PASSWORD);
    let depot = device_login(&s, "officer.depot", password);
    let border = device_login(&s, "officer.border", DEMO_PASSWORD);
    let (_, me) = s.get("/api/v1/me", Some(&customs));
    let customs_agency: AgencyId = me["agency_id"].as_str().unwrap().parse().unwrap();
    let national = SharingScope::National;
    let to_customs = SharingScope::Partners {
        agencies: vec![customs_agency],
    };
    push_cases(
        &s,
        &customs,
        &[
            batch(3, "7.62x39mm", Q1, &national),
            // Six cases, all from customs: a naive table shows this agency alone.
            batch(6, "7.62x39mm", Q2, &national),
            batch(2, "5.56x45mm", Q1, &national),
            batch(2, "5.56x45mm", Q2, &national),
            // Not shared beyond the agency, or still drafts: never counted.
            batch(10, "7.62x39mm", Q1, &SharingScope::OwnAgency),
            Batch {
                status: CaseStatus::Draft,
                ..batch(4, "7.62x39mm", Q1, &national)
            },
        ],
    );
    push_cases(
        &s,
        &depot,
        &[
            batch(2, "7.62x39mm", Q1, &national),
            batch(2, "5.56x45mm", Q1, &national),
            batch(2, "5.56x45mm", Q2, &national),
        ],
    );
    push_cases(
        &s,
        &border,
        &[
            batch(2, "7.62x39mm", Q1, &to_customs),
            batch(2, "5.56x45mm", Q1, &to_customs),
            batch(2, "5.56x45mm", Q2, &to_customs),
            // One case of a rare calibre, from one agency.
            batch(1, "12.7x99mm", Q1, &to_customs),
        ],
    );

    let sup = s.login("supervisor.customs");
    let path = "/api/v1/reports/seizures?by=calibre&period=quarter&from=2025-01-01&to=2025-06-30";
    let (status, report) = s.get(path, Some(&sup));
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["columns"], json!(["2025-Q1", "2025-Q2"]));
    assert_eq!(
        (
            report["min_records"].as_u64(),
            report["min_agencies"].as_u64()
        ),
        (Some(5), Some(3))
    );
    let values: Vec<&str> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        values,
        ["5.56x45mm", "7.62x39mm", "(other values)"],
        "rare values pooled"
    );
    let row = |v: &str| {
        report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["value"] == v)
            .unwrap()
            .clone()
    };
    // The customs-only cell is withheld, and so is its partner in the row.
    let rifle = row("7.62x39mm");
    assert_eq!(
        rifle["cells"][1],
        json!({ "count": null, "suppressed": true })
    );
    assert!(rifle["cells"][0]["count"].is_null());
    assert_eq!(rifle["total"]["count"], 13);
    // Totals count only shared, submitted cases: 14 in Q1, 12 in Q2.
    assert_eq!(report["column_totals"][0]["count"], 14);
    assert_eq!(report["column_totals"][1]["count"], 12);
    assert_eq!(report["total"]["count"], 26);
    assert!(row("(other values)")["total"]["count"].is_null());
    assert_no_line_gives_a_cell_away(&report);

    // No agency is named or identified anywhere in the answer.
    let text = report.to_string();
    let (_, agencies) = s.get("/api/v1/agencies", Some(&sup));
    for a in agencies.as_array().unwrap() {
        assert!(!text.contains(a["id"].as_str().unwrap()), "{text}");
        assert!(!text.contains(a["name"].as_str().unwrap()), "{text}");
    }
    assert!(!text.contains("12.7x99mm"));

    // The same table for a supervisor who may see none of the KE cases in detail.
    let tz = s.login("supervisor.border");
    assert_eq!(s.get(path, Some(&tz)).1, report);

    // CSV: the same numbers, withheld cells spelled out.
    let resp = s
        .request(
            reqwest::Method::GET,
            &format!("{path}&format=csv"),
            Some(&sup),
        )
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = resp.text().unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "calibre,2025-Q1,2025-Q2,total");
    assert_eq!(lines[2], "7.62x39mm,suppressed,suppressed,13");
    assert_eq!(*lines.last().unwrap(), "total,14,12,26");

    // Other groupings answer too, under the same rules.
    for by in ["manufacturer", "year", "route_country", "concealment"] {
        let (status, r) = s.get(
            &format!("/api/v1/reports/seizures?by={by}&period=month&from=2025-01-01&to=2025-12-31"),
            Some(&sup),
        );
        assert_eq!(status, 200, "{by}: {r}");
        assert_eq!(r["columns"].as_array().unwrap().len(), 12);
        assert_no_line_gives_a_cell_away(&r);
    }
}

#[test]
fn bad_parameters_are_clear_errors_and_only_supervisors_ask() {
    let s = Server::demo();
    let sup = s.login("supervisor.depot");
    for (query, status) in [
        ("", 400),
        ("?by=colour", 400),
        ("?by=calibre&period=week", 400),
        ("?by=calibre&from=2026-13-01", 400),
        ("?by=calibre&from=2026-02-01&to=2026-01-01", 400),
        (
            "?by=calibre&period=month&from=1900-01-01&to=2026-01-01",
            400,
        ),
        ("?by=calibre&format=xml", 400),
        ("?by=calibre&unknown=1", 400),
        ("?by=calibre", 200),
    ] {
        let (got, body) = s.get(&format!("/api/v1/reports/seizures{query}"), Some(&sup));
        assert_eq!(got, status, "{query}: {body}");
    }
    // The demo's two shared cases rest on one agency: everything is withheld.
    let (_, r) = s.get("/api/v1/reports/seizures?by=calibre", Some(&sup));
    assert!(r["total"]["count"].is_null(), "{r}");
    let officer = s.login("officer.customs");
    assert_eq!(
        s.get("/api/v1/reports/seizures?by=calibre", Some(&officer))
            .0,
        403
    );
}
