//! Imports through the real service: a dry run lists every row error and writes
//! nothing, a real run with errors writes nothing either, a good file becomes a stock
//! check that the assigned inspector's device pulls, transfer files become one record
//! per certificate, huge bodies are refused, and only supervisors of the agency import.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use reqwest::Method;
use serde_json::Value;
use tracemark_tests::{Server, respond};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn upload(s: &Server, path: &str, token: &str, mime: &str, body: Vec<u8>) -> (u16, Value) {
    respond(
        s.request(Method::POST, path, Some(token))
            .header("content-type", mime)
            .body(body),
    )
}

fn csv(s: &Server, path: &str, token: &str, text: &str) -> (u16, Value) {
    upload(s, path, token, "text/csv", text.as_bytes().to_vec())
}

fn count(s: &Server, token: &str, kind: &str) -> usize {
    let (_, page) = s.get(
        &format!("/api/v1/records?kind={kind}&limit=500"),
        Some(token),
    );
    page["records"].as_array().unwrap().len()
}

fn shown(errors: &Value) -> Vec<String> {
    errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}|{}|{}|{}",
                e["line"],
                e["column"].as_str().unwrap_or("-"),
                e["rule"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            )
        })
        .collect()
}

const BAD: &str = "Depot;Location;Manufacturer;Calibre;Year;Lot No.;Qty\n\
                   CAD-1;B1-R1;17;7.62x39mm;1985;17-85-0412;12000\n\
                   CAD-1;B1-R1;17;;1985;17-85-0413;1,5\n\
                   CAD-1;B1-R2;LC;5.56x45mm;19;LC-19-K021;0\n\
                   CAD-9;B1-R2;LC;5.56x45mm;2019;LC-19-K022;10\n";

#[test]
fn dry_run_lists_every_row_error_and_nothing_is_partly_imported() {
    let s = Server::demo();
    let t = s.login("supervisor.depot");
    let before = count(&s, &t, "stock_check");
    let path = "/api/v1/imports/inventory?assign=inspector.depot";
    let (status, dry) = csv(&s, &format!("{path}&dry_run=true"), &t, BAD);
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["written"], false);
    let expected = [
        "3|Qty|format|must be a whole number ≥ 0 (digits only, e.g. 12000)",
        "3|Calibre|required|is required",
        "4|Year|out_of_range|must be between 1850 and 2100",
        "4|Qty|out_of_range|must be between 1 and 1000000000",
        "5|Depot|one_depot|names another depot than the first row (CAD-1); import one depot at a time",
    ];
    assert_eq!(shown(&dry["errors"]), expected, "{dry}");
    assert_eq!(dry["summary"]["rows"], 4);
    assert_eq!(count(&s, &t, "stock_check"), before);

    // The real run answers the same list, and writes nothing at all.
    let (status, real) = csv(&s, path, &t, BAD);
    assert_eq!(status, 422, "{real}");
    assert_eq!(real["error"]["code"], "invalid_rows");
    assert_eq!(shown(&real["error"]["rows"]), expected);
    assert_eq!(count(&s, &t, "stock_check"), before);

    // A blank calibre is a validation error of the shared rules, reported by row.
    let blank = "depot,location,manufacturer,calibre,lot,quantity\nCAD-1,B1,17,,L1,5\n";
    let (_, r) = csv(&s, &format!("{path}&dry_run=true"), &t, blank);
    assert_eq!(shown(&r["errors"]), ["2|calibre|required|is required"]);
    // Parameters are checked in the same pass.
    let good = "depot,location,manufacturer,calibre,lot,quantity\nCAD-1,B1,17,x,L1,5\n";
    let (_, r) = csv(
        &s,
        "/api/v1/imports/inventory?dry_run=true&assign=nobody,supervisor.depot",
        &t,
        good,
    );
    assert_eq!(
        shown(&r["errors"]),
        [
            "null|assign|unknown_user|no enabled user of your agency is called \"nobody\"",
            "null|assign|not_inspector|supervisor.depot is not an inspector; only inspectors count stock",
            "null|assign|required|is required",
        ]
    );
}

#[test]
fn import_creates_the_stock_check_and_the_inspector_pulls_it() {
    let s = Server::demo();
    let t = s.login("supervisor.depot");
    let file = "\u{feff}sep=;\r\nDepot code;Location;Maker;Calibre;Year of production;Lot;Sub-lot;NSN;Quantity (rounds);Description;Remarks\r\n\
                CAD-1;B1-R1;17;7.62x39mm;1985;17-85-0412;;1305-12-345-6789;12 000;;checked 2025\r\n\
                CAD-1;B3-R1;\"Lugansk, 270\";7.62x54mmR;1990;270-90-01;2;;\"1,200\";Bunker 3, row 1;\r\n\
                ;;;;;;;;;;\r\n";
    let (status, r) = csv(
        &s,
        "/api/v1/imports/inventory?title=Spot%20check%20CAD-1&assign=inspector.depot",
        &t,
        file,
    );
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["written"], true);
    let summary = &r["summary"];
    assert_eq!(summary["rows"], 2);
    assert_eq!(summary["locations"], 2);
    assert_eq!(summary["total_quantity"], 13_200);
    assert_eq!(summary["ignored_columns"], serde_json::json!(["Remarks"]));
    let id = r["records"][0].as_str().unwrap().to_string();

    let (status, record) = s.get(&format!("/api/v1/records/{id}"), Some(&t));
    assert_eq!(status, 200);
    let body = &record["body"];
    assert_eq!(body["stock_check"]["title"], "Spot check CAD-1");
    assert_eq!(body["expected"].as_array().unwrap().len(), 2);
    assert_eq!(body["expected"][1]["lot"]["manufacturer"], "Lugansk, 270");
    assert_eq!(body["expected"][1]["lot"]["sub_lot"], "2");
    assert_eq!(body["expected"][0]["lot"]["nsn"], "1305-12-345-6789");
    // The depot and its known location keep their ids; the new location is added.
    let (_, all) = s.get("/api/v1/records?kind=stock_check", Some(&t));
    let demo = all["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] != id.as_str())
        .unwrap();
    assert_eq!(body["depot"]["id"], demo["body"]["depot"]["id"]);
    assert_eq!(body["locations"][0]["code"], "B1-R1");
    assert_eq!(
        body["locations"][0]["id"],
        demo["body"]["locations"][0]["id"]
    );
    assert_eq!(body["locations"][1]["description"], "Bunker 3, row 1");

    // The inspector's device receives it on its next pull.
    let inspector = s.login("inspector.depot");
    let (status, page) = s.get("/api/v1/sync/pull?version=1", Some(&inspector));
    assert_eq!(status, 200);
    let pulled: Vec<&Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "assignment")
        .collect();
    assert!(
        pulled
            .iter()
            .any(|i| i["assignment"]["stock_check"]["id"] == id.as_str()),
        "{page}"
    );
    // Nobody else's pull carries it.
    let other = s.login("supervisor.customs");
    let (_, page) = s.get("/api/v1/sync/pull?version=1", Some(&other));
    assert!(!page.to_string().contains(&id));
}

fn xlsx_file() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "Depot", "Location", "Maker", "Calibre", "Year", "Lot No.", "Qty",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_string(1, 0, "CAD-1").unwrap();
    ws.write_string(1, 1, "B2-R1").unwrap();
    ws.write_number(1, 2, 17.0).unwrap();
    ws.write_string(1, 3, "7.62x39mm").unwrap();
    ws.write_number(1, 4, 1985.0).unwrap();
    ws.write_string(1, 5, "0412").unwrap();
    ws.write_number(1, 6, 12000.0).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_workbooks_import_like_csv() {
    let s = Server::demo();
    let t = s.login("supervisor.depot");
    let (status, r) = upload(
        &s,
        "/api/v1/imports/inventory?assign=inspector.depot",
        &t,
        XLSX,
        xlsx_file(),
    );
    assert_eq!(status, 201, "{r}");
    let id = r["records"][0].as_str().unwrap();
    let (_, record) = s.get(&format!("/api/v1/records/{id}"), Some(&t));
    let lot = &record["body"]["expected"][0]["lot"];
    assert_eq!(lot["lot"], "0412", "a text cell keeps its zero");
    assert_eq!(
        lot["manufacturer"], "17",
        "a whole number prints without .0"
    );
    assert_eq!(lot["year"], 1985);
    assert_eq!(record["body"]["expected"][0]["quantity"], 12000);
}

#[test]
fn transfers_become_one_record_per_certificate_once() {
    let s = Server::demo();
    let t = s.login("supervisor.customs");
    let file = "EUC ref,Exporter,Importer,End user,Date,Manufacturer,Calibre,Year,Lot,Qty\n\
                EUC-2019/0042,Zavod 711,Ministry of Defence,Army,2019-06-30,711,7.62x39mm,2019,71-19-01,100000\n\
                EUC-2019/0042,Zavod 711,Ministry of Defence,Army,,711,7.62x39mm,2019,71-19-02,50000\n\
                EUC-2020/0007,LC,Ministry of Interior,Police,2020-01-15,LC,5.56x45mm NATO,2020,LC-20-A1,20000\n";
    let path = "/api/v1/imports/transfers?scope=national";
    // The demo data holds transfers already; only the difference counts.
    let before = count(&s, &t, "transfer");
    let (status, dry) = csv(&s, &format!("{path}&dry_run=true"), &t, file);
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["summary"]["records"], 2);
    assert_eq!(count(&s, &t, "transfer"), before);
    let (status, r) = csv(&s, path, &t, file);
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["records"].as_array().unwrap().len(), 2);
    let id = r["records"][0].as_str().unwrap();
    let (_, record) = s.get(&format!("/api/v1/records/{id}"), Some(&t));
    assert_eq!(record["scope"], "national");
    let body = &record["body"];
    assert_eq!(body["end_user_certificate_ref"], "EUC-2019/0042");
    assert_eq!(body["transferred_on"], "2019-06-30");
    assert_eq!(body["lines"].as_array().unwrap().len(), 2);
    // National scope: another agency of the same country sees it, another country not.
    let depot = s.login("supervisor.depot");
    assert_eq!(s.get(&format!("/api/v1/records/{id}"), Some(&depot)).0, 200);
    let border = s.login("supervisor.border");
    assert_eq!(
        s.get(&format!("/api/v1/records/{id}"), Some(&border)).0,
        404
    );

    // The same file again is refused whole: nothing is doubled.
    let (status, again) = csv(&s, path, &t, file);
    assert_eq!(status, 422, "{again}");
    let rows = shown(&again["error"]["rows"]);
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].starts_with("2|EUC ref|already_recorded|"),
        "{rows:?}"
    );
    assert_eq!(count(&s, &t, "transfer"), before + 2);
}

#[test]
fn a_transfer_file_carries_the_certificates_clause_and_delivery_verification() {
    let s = Server::demo();
    let t = s.login("supervisor.customs");
    let path = "/api/v1/imports/transfers?scope=own_agency";
    let head = "euc,exporter,importer,end_user,date,manufacturer,calibre,lot,qty,\
                запрет_реэкспорта,conditions,dvc\n";
    // A clause that is neither yes nor no, conditions without a clause, and a second
    // row whose clause differs from its certificate's first: each a row error.
    let bad = format!(
        "{head}\
         EUC-A,Zavod 711,MoD,Army,2019-06-30,711,7.62x39mm,A-1,10,peut-être,,\n\
         EUC-B,Zavod 711,MoD,Army,2019-06-30,711,7.62x39mm,B-1,10,,only with consent,\n\
         EUC-C,Zavod 711,MoD,Army,2019-06-30,711,7.62x39mm,C-1,10,да,,DVC-1\n\
         EUC-C,,,,,711,7.62x39mm,C-2,10,нет,,\n"
    );
    let (status, r) = csv(&s, &format!("{path}&dry_run=true"), &t, &bad);
    assert_eq!(status, 200, "{r}");
    assert_eq!(
        shown(&r["errors"]),
        [
            "2|запрет_реэкспорта|format|must be yes or no (or empty when not known)",
            "3|conditions|required|needs non_retransfer to say yes or no",
            "5|запрет_реэкспорта|differs|differs from line 4 of the same certificate (\"да\"); one certificate is one transfer",
        ]
    );
    let good = format!(
        "{head}\
         EUC-C,Zavod 711,MoD,Army,2019-06-30,711,7.62x39mm,C-1,10,да,Не без письменного согласия,DVC-1\n\
         EUC-C,,,,,711,7.62x39mm,C-2,10,,,\n\
         EUC-D,Zavod 711,MoD,Police,2019-07-01,711,7.62x39mm,D-1,10,no,,\n\
         EUC-E,Zavod 711,MoD,Police,2019-07-02,711,7.62x39mm,E-1,10,,,\n"
    );
    let (status, r) = csv(&s, path, &t, &good);
    assert_eq!(status, 201, "{r}");
    let bodies: Vec<Value> = r["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| {
            s.get(
                &format!("/api/v1/records/{}", id.as_str().unwrap()),
                Some(&t),
            )
            .1["body"]
                .clone()
        })
        .collect();
    assert_eq!(
        bodies[0]["non_retransfer"],
        serde_json::json!({ "clause": true, "conditions": "Не без письменного согласия" })
    );
    assert_eq!(bodies[0]["delivery_verification_ref"], "DVC-1");
    assert_eq!(
        bodies[1]["non_retransfer"],
        serde_json::json!({ "clause": false })
    );
    assert!(
        bodies[2].get("non_retransfer").is_none(),
        "not known: left out"
    );
}

#[test]
fn limits_formats_and_who_may_import() {
    let s = Server::demo();
    let t = s.login("supervisor.depot");
    let path = "/api/v1/imports/inventory?assign=inspector.depot";
    let huge = vec![b'a'; 20 * 1024 * 1024 + 1];
    let (status, body) = upload(&s, path, &t, "text/csv", huge);
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"]["code"], "too_large");
    let (status, body) = upload(&s, path, &t, "application/json", b"{}".to_vec());
    assert_eq!(status, 415, "{body}");
    let (status, body) = upload(
        &s,
        &format!("{path}&format=xlsx"),
        &t,
        "text/csv",
        b"a,b".to_vec(),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["rows"][0]["rule"], "format");
    let (status, body) = csv(&s, &format!("{path}&colour=red"), &t, "x");
    assert_eq!(status, 400, "{body}");

    // Other roles are refused before the file is read; other agencies cannot assign
    // this agency's inspectors.
    for user in ["inspector.depot", "admin.depot", "officer.customs"] {
        let other = s.login(user);
        assert_eq!(csv(&s, path, &other, "x").0, 403, "{user}");
    }
    let customs = s.login("supervisor.customs");
    let good = "depot,location,manufacturer,calibre,lot,quantity\nCAD-1,B1,17,x,L1,5\n";
    let (status, body) = csv(&s, path, &customs, good);
    assert_eq!(status, 422);
    assert_eq!(body["error"]["rows"][0]["rule"], "unknown_user");
}

#[test]
fn the_depots_ammunition_types_are_imported_and_a_wrong_one_is_named() {
    let s = Server::demo();
    let t = s.login("supervisor.depot");
    let bad = "depot,location,manufacturer,calibre,lot,quantity,ammunition type\n\
               CAD-1,B1-R1,17,7.62x39mm,17-85-0412,100,small calibre\n\
               CAD-1,B1-R2,?,9M39,M-1,4,banana\n";
    let (status, r) = csv(
        &s,
        "/api/v1/imports/inventory?dry_run=true&assign=inspector.depot",
        &t,
        bad,
    );
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["written"], false);
    let errors = shown(&r["errors"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("3|ammunition type|format|must be one of small_calibre, grenade"),
        "{errors:?}"
    );
    let good = "depot,location,manufacturer,calibre,lot,quantity,type de munition\n\
                CAD-1,B1-R1,17,7.62x39mm,17-85-0412,100,Small calibre\n\
                CAD-1,B1-R2,?,9M39,M-1,4,MANPADS\n\
                CAD-1,B1-R2,?,82mm,M-2,40,\n";
    let (status, r) = csv(
        &s,
        "/api/v1/imports/inventory?assign=inspector.depot",
        &t,
        good,
    );
    assert_eq!(status, 201, "{r}");
    let id = r["records"][0].as_str().unwrap();
    let (_, record) = s.get(&format!("/api/v1/records/{id}"), Some(&t));
    let expected = record["body"]["expected"].as_array().unwrap();
    assert_eq!(expected[0]["lot"]["ammunition_type"], "small_calibre");
    assert_eq!(expected[1]["lot"]["ammunition_type"], "manpads");
    // Not stated: nothing is written for it (the marks tell it when it is needed).
    assert!(
        expected[2]["lot"].get("ammunition_type").is_none(),
        "{}",
        expected[2]
    );
}
