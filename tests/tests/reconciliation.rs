//! Reconciliation through the real service, after the inspector's counts arrive by
//! the real sync push: every status, the totals, JSON and CSV, who may read it; and
//! the command line importing a file and exporting the reconciliation.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use reqwest::Method;
use serde_json::{Value, json};
use time::OffsetDateTime;
use tracemark_shared::domain::*;
use tracemark_shared::sync::*;
use tracemark_tests::Server;
use tracemark_tests::sync::device_login;
use uuid::Uuid;

fn lot(maker: &str, calibre: &str, year: u16, lot: &str) -> AmmunitionLot {
    AmmunitionLot {
        manufacturer: maker.into(),
        calibre: calibre.into(),
        year: Some(year),
        lot: lot.into(),
        sub_lot: None,
        nsn: None,
        dodic: None,
        ammunition_type: None,
        hazard: None,
    }
}

/// Pulls the demo stock check and pushes counts that give every status.
fn count_demo_check(s: &Server) -> String {
    let t = device_login(s, "inspector.depot");
    let (_, page) = s.get("/api/v1/sync/pull?version=1", Some(&t));
    let assignment = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "assignment")
        .unwrap()["assignment"]
        .clone();
    let check: StockCheckId = assignment["stock_check"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let loc = |i: usize| -> LocationId {
        assignment["locations"][i]["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    let counts = [
        // B1-R1: all there; the 5.56 lot short by 400.
        (
            0,
            lot("17", "7.62x39mm", 1985, "17-85-0412"),
            12_000,
            ConditionCode::A,
        ),
        (
            0,
            lot("LC", "5.56x45mm NATO", 2019, "LC-19-K021"),
            8_000,
            ConditionCode::A,
        ),
        // B1-R2: 100 more than recorded, water-damaged; the 12.7 lot of B2-R1 is here.
        (
            1,
            lot("539", "7.62x54mmR", 1979, "539-79-0077"),
            4_500,
            ConditionCode::F,
        ),
        (
            1,
            lot("WCC", "12.7x99mm", 2011, "WCC-11-B113"),
            1_200,
            ConditionCode::A,
        ),
        // B2-R1: a lot nobody expected, suspended.
        (
            2,
            lot("711", "7.62x39mm", 1999, "71-99-0001"),
            50,
            ConditionCode::K,
        ),
    ];
    let operations: Vec<Operation> = counts
        .into_iter()
        .map(|(at, lot, quantity, condition)| Operation {
            op_id: Uuid::new_v4(),
            base_revision: None,
            device_time: OffsetDateTime::now_utc(),
            change: Change::CountLine {
                record: CountLine {
                    id: CountLineId::new(),
                    stock_check_id: check,
                    location_id: loc(at),
                    lot,
                    quantity,
                    condition,
                    photos: vec![],
                    unexpected_lot: at == 2,
                    note: None,
                },
            },
        })
        .collect();
    let req = PushRequest {
        version: PROTOCOL_VERSION,
        operations,
    };
    let (status, body) = s.post(
        "/api/v1/sync/push",
        Some(&t),
        &serde_json::to_value(req).unwrap(),
    );
    assert_eq!(status, 200, "{body}");
    let results: PushResponse = serde_json::from_value(body).unwrap();
    assert!(
        results
            .results
            .iter()
            .all(|r| matches!(r.outcome, OpOutcome::Accepted { .. }))
    );
    check.to_string()
}

fn lines(r: &Value) -> Vec<(String, String, u64, u64, i64, String)> {
    r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["location"].as_str().unwrap().into(),
                l["lot"]["lot"].as_str().unwrap().into(),
                l["expected"].as_u64().unwrap(),
                l["counted"].as_u64().unwrap(),
                l["difference"].as_i64().unwrap(),
                l["status"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn l(
    loc: &str,
    lot: &str,
    e: u64,
    c: u64,
    d: i64,
    s: &str,
) -> (String, String, u64, u64, i64, String) {
    (loc.into(), lot.into(), e, c, d, s.into())
}

#[test]
fn reconciliation_of_the_demo_check_after_a_real_count() {
    let s = Server::demo();
    let id = count_demo_check(&s);
    let t = s.login("supervisor.depot");
    let path = format!("/api/v1/stock-checks/{id}/reconciliation");
    let (status, r) = s.get(&path, Some(&t));
    assert_eq!(status, 200, "{r}");
    assert_eq!(
        lines(&r),
        [
            l("B1-R1", "17-85-0412", 12_000, 12_000, 0, "matched"),
            l("B1-R1", "LC-19-K021", 8_400, 8_000, -400, "missing"),
            l("B1-R2", "539-79-0077", 4_400, 4_500, 100, "surplus"),
            l("B1-R2", "WCC-11-B113", 0, 1_200, 1_200, "wrong_location"),
            l("B2-R1", "WCC-11-B113", 1_200, 0, -1_200, "missing"),
            l("B2-R1", "71-99-0001", 0, 50, 50, "unexpected_lot"),
        ]
    );
    assert_eq!(r["lines"][3]["expected_at"], json!(["B2-R1"]));
    assert_eq!(
        r["totals"],
        json!({
            "expected": 26_000, "counted": 25_750, "difference": -250,
            "lines": { "matched": 1, "missing": 2, "surplus": 1, "unexpected_lot": 1,
                       "wrong_location": 1, "condition_findings": 2 }
        })
    );
    let findings: Vec<(&str, &str)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["location"].as_str().unwrap(),
                f["condition"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(findings, [("B1-R2", "F"), ("B2-R1", "K")]);
    assert_eq!(r["locations"][0]["expected"], 20_400);
    assert_eq!(r["depot"], "CAD-1");

    // CSV: a header row, the lines, then the totals section.
    let resp = s
        .request(Method::GET, &format!("{path}?format=csv"), Some(&t))
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = resp.text().unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows[0],
        "location,manufacturer,calibre,year,lot,sub_lot,nsn,ammunition_type,hazard,expected,counted,difference,status,expected_at"
    );
    assert_eq!(
        rows[2],
        "B1-R1,LC,5.56x45mm NATO,2019,LC-19-K021,,,small_calibre,1.4S,8400,8000,-400,missing,"
    );
    assert!(
        rows.contains(&"totals,expected,counted,difference,matched,missing,surplus,unexpected_lot,wrong_location,condition_findings")
    );
    assert!(rows.contains(&"ALL,26000,25750,-250,1,2,1,1,1,2"), "{text}");

    // Only supervisors of the owning agency; another agency gets "not found".
    let other = s.login("supervisor.customs");
    assert_eq!(s.get(&path, Some(&other)).0, 404);
    let inspector = s.login("inspector.depot");
    assert_eq!(s.get(&path, Some(&inspector)).0, 403);
    let (status, body) = s.get(&format!("{path}?format=pdf"), Some(&t));
    assert_eq!(status, 400, "{body}");
}

#[test]
fn command_line_imports_and_exports() {
    let s = Server::demo();
    let data = Server::demo_data_dir(s.dir.path());
    let data = data.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "depot,location,manufacturer,calibre,year,lot,quantity\n\
         CAD-1,B1-R1,17,7.62x39mm,1985,A-1,10\n\
         CAD-1,B1-R1,17,7.62x39mm,1985,A-2,ten\n\
         CAD-1,B1-R1,17,,1985,A-3,4\n",
    )
    .unwrap();
    let args = |file: &str, extra: &[&'static str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "import",
            "inventory",
            file,
            "--as",
            "supervisor.depot",
            "--assign",
            "inspector.depot",
            "--data-dir",
            data,
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        a.extend(extra.iter().map(|s| (*s).to_string()));
        a
    };
    let run = |a: &[String]| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        s.tracemark(&refs, None)
    };
    let out = run(&args(bad.to_str().unwrap(), &["--dry-run"]));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let err_lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        err_lines,
        [
            "line 3, column quantity: must be a whole number ≥ 0 (digits only, e.g. 12000)",
            "line 4, column calibre: is required",
            "2 problem(s); nothing was imported",
        ],
        "{err}"
    );

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "depot;location;manufacturer;calibre;year;lot;quantity\n\
         CAD-1;B1-R1;17;7.62x39mm;1985;A-1;10\n\
         CAD-1;B1-R2;17;7.62x39mm;1985;A-2;20\n",
    )
    .unwrap();
    let out = run(&args(good.to_str().unwrap(), &["--dry-run"]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("2 rows: 2 locations, 2 lots, 30 units (depot CAD-1)"),
        "{stdout}"
    );
    assert!(stdout.contains("nothing was written"));
    let out = run(&args(good.to_str().unwrap(), &["--title", "Spot check"]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let id = stdout
        .lines()
        .find_map(|l| l.strip_prefix("created stock check "))
        .unwrap()
        .to_string();
    // The service sees what the command line wrote.
    let t = s.login("supervisor.depot");
    let (_, record) = s.get(&format!("/api/v1/records/{id}"), Some(&t));
    assert_eq!(record["body"]["stock_check"]["title"], "Spot check");

    // Export: CSV to a file, JSON to stdout; other agencies and roles are refused.
    let csv_path = dir.path().join("r.csv");
    let out = s.tracemark(
        &[
            "export",
            "reconciliation",
            &id,
            "--as",
            "supervisor.depot",
            "--data-dir",
            data,
            "-o",
            csv_path.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.starts_with("location,manufacturer,"), "{text}");
    assert!(text.contains("ALL,30,0,-30,0,2,0,0,0,0"), "{text}");
    let out = s.tracemark(
        &[
            "export",
            "reconciliation",
            &id,
            "--as",
            "supervisor.depot",
            "--format",
            "json",
            "--data-dir",
            data,
        ],
        None,
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["totals"]["lines"]["missing"], 2);
    for user in ["supervisor.customs", "inspector.depot"] {
        let out = s.tracemark(
            &[
                "export",
                "reconciliation",
                &id,
                "--as",
                user,
                "--data-dir",
                data,
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{user}");
        assert!(out.stdout.is_empty());
    }

    // XLSX through the command line, format from the extension.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "EUC", "Exporter", "Importer", "End user", "Date", "Maker", "Calibre", "Lot", "Qty",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    for (c, v) in ["EUC-1", "A", "B", "C"].iter().enumerate() {
        ws.write_string(1, u16::try_from(c).unwrap(), *v).unwrap();
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 3, 4).unwrap();
    ws.write_datetime_with_format(
        1,
        4,
        &date,
        &rust_xlsxwriter::Format::new().set_num_format("d mmm yyyy"),
    )
    .unwrap();
    ws.write_number(1, 5, 711.0).unwrap();
    ws.write_string(1, 6, "7.62x39mm").unwrap();
    ws.write_string(1, 7, "007").unwrap();
    ws.write_number(1, 8, 1000.0).unwrap();
    let xlsx = dir.path().join("transfers.xlsx");
    wb.save(&xlsx).unwrap();
    let out = s.tracemark(
        &[
            "import",
            "transfers",
            xlsx.to_str().unwrap(),
            "--as",
            "supervisor.customs",
            "--data-dir",
            data,
        ],
        None,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = stdout
        .lines()
        .find_map(|l| l.strip_prefix("created transfer record(s) "))
        .unwrap();
    let customs = s.login("supervisor.customs");
    let (_, record) = s.get(&format!("/api/v1/records/{id}"), Some(&customs));
    assert_eq!(record["body"]["transferred_on"], "2021-03-04");
    assert_eq!(record["body"]["lines"][0]["lot"]["lot"], "007");
    assert_eq!(record["body"]["lines"][0]["lot"]["manufacturer"], "711");
}

/// A classified lot as the inspector counts it.
fn classified(calibre: &str, number: &str, hazard: &str) -> AmmunitionLot {
    AmmunitionLot {
        hazard: Some(hazard.parse().unwrap()),
        ..lot("17", calibre, 1985, number)
    }
}

#[test]
fn locations_mixing_compatibility_groups_are_listed_from_an_imported_inventory() {
    let s = Server::demo();
    let t = s.login("supervisor.depot");
    // A combination the UN does not allow is a row error that says what is expected.
    let (status, r) = tracemark_tests::respond(
        s.request(
            Method::POST,
            "/api/v1/imports/inventory?dry_run=true&assign=inspector.depot",
            Some(&t),
        )
        .header("content-type", "text/csv")
        .body(
            "depot,location,manufacturer,calibre,year,lot,quantity,UN classification\n\
             CAD-1,B3-R1,17,122mm HE,1985,HE-1,40,1.5A\n",
        ),
    );
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["written"], false);
    assert_eq!(r["errors"][0]["column"], "UN classification");
    assert_eq!(
        r["errors"][0]["message"],
        "must be a UN classification code of class 1, e.g. 1.1D or 1.4S (or empty)"
    );
    let id = tracemark_tests::stock::import_inventory(
        &s,
        &t,
        "Bunker 3",
        "depot,location,manufacturer,calibre,year,lot,quantity,hazard_classification\n\
         CAD-1,B3-R1,17,122mm HE,1985,HE-1,40,1.1D\n\
         CAD-1,B3-R1,17,81mm WP,1985,WP-1,20,HD 1.2-h\n\
         CAD-1,B3-R2,17,122mm HE,1985,HE-2,10,1.1D\n\
         CAD-1,B3-R2,17,7.62x39mm,1985,SA-1,1000,1.4S\n",
    );

    // The inspector's device gets the classification with the expected lines, and
    // counts at B3-R2 only: a fuzed lot nobody expected stands beside the shells.
    let device = device_login(&s, "inspector.depot");
    let assignment = tracemark_tests::stock::assignment(&s, &device, id);
    assert_eq!(assignment["expected"][1]["lot"]["hazard"], "1.2H");
    let count = |lot: AmmunitionLot, quantity: u64| tracemark_tests::stock::Count {
        at: "B3-R2",
        lot,
        quantity,
        condition: ConditionCode::A,
    };
    tracemark_tests::stock::push_counts(
        &s,
        &device,
        id,
        &["HE-1", "WP-1", "HE-2", "SA-1"],
        vec![
            count(classified("122mm HE", "HE-2", "1.1D"), 10),
            count(classified("PD fuze", "FZ-1", "1.1F"), 5),
        ],
    );

    let path = format!("/api/v1/stock-checks/{id}/reconciliation");
    let (status, r) = s.get(&path, Some(&t));
    assert_eq!(status, 200, "{r}");
    let mixed: Vec<(String, Vec<String>, Vec<String>)> = r["mixed_storage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["location"].as_str().unwrap().to_string(),
                m["pairs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| format!("{}+{} {}", p["first"], p["second"], p["mixing"]))
                    .collect(),
                m["lots"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| format!("{} {}", l["lot"], l["hazard"]))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        mixed,
        [
            (
                "B3-R1".to_string(),
                vec![r#""D"+"H" "forbidden""#.to_string()],
                vec![
                    r#""HE-1" "1.1D""#.to_string(),
                    r#""WP-1" "1.2H""#.to_string()
                ]
            ),
            (
                "B3-R2".to_string(),
                vec![r#""D"+"F" "conditional""#.to_string()],
                vec![
                    r#""HE-2" "1.1D""#.to_string(),
                    r#""FZ-1" "1.1F""#.to_string()
                ]
            ),
        ]
    );

    // The CSV names each line's classification and lists the locations at the end.
    let text = s
        .request(Method::GET, &format!("{path}?format=csv"), Some(&t))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows[1],
        "B3-R1,17,122mm HE,1985,HE-1,,,,1.1D,40,0,-40,missing,"
    );
    assert!(
        rows.contains(&"B3-R2,17,7.62x39mm,1985,SA-1,,,small_calibre,1.4S,1000,0,-1000,missing,"),
        "{text}"
    );
    assert!(
        rows.contains(&"mixed_storage,group,with_group,mixing,lots"),
        "{text}"
    );
    assert!(
        rows.contains(&"B3-R1,D,H,forbidden,17 122mm HE HE-1 (1.1D); 17 81mm WP WP-1 (1.2H)"),
        "{text}"
    );

    // The console shows the same to the supervisor.
    let mut browser = tracemark_tests::console::Browser::new(&s);
    browser.sign_in("supervisor.depot");
    let page = browser.get(&format!("/records/{id}/reconciliation"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Mixed storage"), "{}", page.body);
    assert!(
        page.body.contains("D + H: must not be stored together"),
        "{}",
        page.body
    );
    assert!(page.body.contains("HE-2 · 1.1D"), "{}", page.body);
}
