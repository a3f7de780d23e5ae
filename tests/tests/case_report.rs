//! The case report through the real service: an officer's case pushed from a device,
//! with text in four scripts, a GS1 marking and a photo, made into a report by the
//! agency's supervisor — JSON with the decoded marking, the lot's trace and the
//! history; a PDF whose text (read back with pdftotext) says the same in every script
//! and which embeds the photo — and refused to everyone else, every report audited.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use tracemark_mobile::core::fixtures::seizure_case;
use tracemark_shared::domain::*;
use tracemark_shared::sync::{Change, OpOutcome};
use tracemark_tests::sync::{device_login, me, op, push};
use tracemark_tests::{Server, pdf_text, sha256_hex};

const PHOTO: &[u8] = include_bytes!("../../assets/demo/box-label.jpg");

/// The officer's case, pushed from a device with its photo; its id.
fn pushed_case(s: &Server) -> String {
    let device = device_login(s, "officer.customs");
    let (agency, user) = me(s, &device);
    let sha = sha256_hex(PHOTO);
    // The demo holds the same photo already: stored (201) or known (200).
    let (status, _) = s.put_photo(&device, &sha, PHOTO.to_vec(), None);
    assert!(status == 200 || status == 201, "{status}");
    let mut case = seizure_case(
        agency,
        user,
        CaseStatus::Submitted,
        vec![PhotoRef {
            sha256: Sha256::parse(&sha).unwrap(),
            media_type: MediaType::Jpeg,
            size: PHOTO.len() as u64,
        }],
    );
    case.reference = "KE-CUS-2026-0777".into();
    case.place = "Пункт пропуска «Северный»".into();
    case.concealment = Some("藏在机器箱内".into());
    case.parties = vec![Party {
        name: "شركة المثال للشحن".into(),
        role: PartyRole::Broker,
        country: CountryCode::parse("AE").ok(),
        note: Some("Named on the airway bill".into()),
        identifier: None,
    }];
    case.items[0].markings = vec!["(01)09501101530003(10)17-85-0412".into()];
    case.items[0].lot.hazard = "1.4S".parse().ok();
    let results = push(
        s,
        &device,
        &[op(
            None,
            Change::SeizureCase {
                record: Box::new(case.clone()),
            },
        )],
    );
    assert!(
        matches!(results[0].outcome, OpOutcome::Accepted { .. }),
        "{results:?}"
    );
    case.id.to_string()
}

#[test]
fn a_supervisor_reports_their_agencys_case_as_json_and_pdf_and_nobody_else_can() {
    let s = Server::demo();
    let id = pushed_case(&s);
    let t = s.login("supervisor.customs");

    let (status, r) = s.get(
        &format!("/api/v1/records/{id}/report?format=json"),
        Some(&t),
    );
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["case"]["reference"], "KE-CUS-2026-0777");
    assert_eq!(r["agency"], "Customs Directorate (demo)");
    assert_eq!(r["generated_by"], "Grace Wanjiru");
    let marking = &r["items"][0]["markings"][0];
    assert_eq!(marking["kind"], "gs1_element_string");
    let elements: Vec<(String, String)> = marking["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().into(),
                e["value"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        elements,
        [
            ("01".to_string(), "09501101530003".to_string()),
            ("10".to_string(), "17-85-0412".to_string())
        ]
    );
    assert_eq!(r["items"][0]["ammunition_type"], "small_calibre");
    assert_eq!(r["items"][0]["type_from_marks"], true);
    // The lot is traced as the supervisor may see it: their own agency's cases of it.
    assert_eq!(r["traces"][0]["lot"], "17-85-0412");
    assert!(
        !r["traces"][0]["answer"]["matches"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{r}"
    );
    // The national transfer of the lot forbade retransfer: the report says so.
    assert_eq!(
        r["traces"][0]["non_retransfer_certificates"],
        serde_json::json!(["KE-EUC-2016-0042"])
    );
    assert_eq!(r["history"]["revisions"][0]["revision"], 1);
    assert_eq!(
        r["history"]["revisions"][0]["author"]["name"],
        "Joseph Mwangi"
    );

    let resp = s
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/records/{id}/report"),
            Some(&t),
        )
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    let pdf = resp.bytes().unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // The photo is embedded as it was made: a JPEG (DCT) image.
    let images = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&pdf)?;
            child.wait_with_output()
        })
        .expect("pdfimages (poppler-utils)");
    let listed = String::from_utf8_lossy(&images.stdout);
    assert_eq!(
        listed.lines().filter(|l| l.contains(" jpeg ")).count(),
        1,
        "{listed}"
    );
    let text = pdf_text(&pdf);
    for shown in [
        "Case report · KE-CUS-2026-0777",
        "Пункт пропуска «Северный»",
        "藏在机器箱内",
        "17-85-0412",
        "Named on the airway bill",
        "Small calibre (from the marks)",
        "Broker",
        "1.4S",
        "Revision 1",
        "Joseph Mwangi",
        "Transferred under a non-retransfer clause (KE-EUC-2016-0042)",
    ] {
        assert!(
            text.contains(shown),
            "{shown:?} not in the PDF's text:\n{text}"
        );
    }
    // Arabic is shaped right to left: its letters are all there, in whichever order
    // the text extractor gives them.
    let arabic: String = "شركة المثال للشحن"
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let found: String = text
        .chars()
        .filter(|c| ('\u{600}'..='\u{6ff}').contains(c))
        .collect();
    let mut want: Vec<char> = arabic.chars().collect();
    let mut got: Vec<char> = found.chars().collect();
    want.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, want, "{text}");

    // The officer who wrote it may make it too (without traces: supervisors trace).
    let officer = s.login("officer.customs");
    let (status, r) = s.get(
        &format!("/api/v1/records/{id}/report?format=json"),
        Some(&officer),
    );
    assert_eq!(status, 200, "{r}");
    assert!(r["traces"].as_array().unwrap().is_empty());
    assert!(r["traces_note"].as_str().unwrap().contains("supervisors"));

    // Another agency: not found (it may not see the case) — and a national case it
    // may read is still not its to report.
    let border = s.login("supervisor.border");
    assert_eq!(
        s.get(&format!("/api/v1/records/{id}/report"), Some(&border))
            .0,
        404
    );
    let depot = s.login("supervisor.depot");
    let (_, page) = s.get("/api/v1/records?kind=seizure_case", Some(&depot));
    let national = page["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["body"]["reference"] == "KE-CUS-2026-0117")
        .expect("the national demo case is visible to the depot")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = s.get(&format!("/api/v1/records/{national}/report"), Some(&depot));
    assert_eq!(status, 403, "{body}");
    // Not a case: refused with words.
    let (_, checks) = s.get("/api/v1/records?kind=stock_check", Some(&depot));
    let check = checks["records"][0]["id"].as_str().unwrap();
    let (status, body) = s.get(&format!("/api/v1/records/{check}/report"), Some(&depot));
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("only a seizure case"), "{body}");

    assert_eq!(s.audit_count("export_case_report", &id), 3);
}

#[test]
fn the_console_offers_the_report_on_its_own_agencys_case_only() {
    let s = Server::demo();
    let id = pushed_case(&s);
    let mut officer = tracemark_tests::console::Browser::new(&s);
    officer.sign_in("officer.customs");
    let page = officer.get(&format!("/records/{id}"));
    assert!(
        page.body.contains(&format!("/records/{id}/report.pdf")),
        "{}",
        page.body
    );
    let pdf = officer.get(&format!("/records/{id}/report.pdf"));
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), "application/pdf");

    let mut depot = tracemark_tests::console::Browser::new(&s);
    depot.sign_in("supervisor.depot");
    let (_, page) = s.get(
        "/api/v1/records?kind=seizure_case",
        Some(&s.login("supervisor.depot")),
    );
    let national = page["records"][0]["id"].as_str().unwrap().to_string();
    let shown = depot.get(&format!("/records/{national}"));
    assert_eq!(shown.status, 200);
    assert!(!shown.body.contains("report.pdf"), "{}", shown.body);
    assert_eq!(
        depot.get(&format!("/records/{national}/report.pdf")).status,
        403
    );
    assert_eq!(s.audit_count("export_case_report", &id), 1);
}
