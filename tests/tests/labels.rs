//! Label sheets through the real service and the command line: the QR codes of an SVG
//! sheet, rasterised, scan back (with the shared capture pipeline) as the labels of
//! the stock check's locations and containers; the PDF is a well-formed document with
//! the right pages; only the owning agency's supervisors print them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use reqwest::Method;
use serde_json::Value;
use tracemark_shared::capture::{self, GrayImage};
use tracemark_shared::marking::label::Label;
use tracemark_tests::Server;

fn stock_check(s: &Server, token: &str) -> Value {
    let (status, page) = s.get("/api/v1/records?kind=stock_check", Some(token));
    assert_eq!(status, 200, "{page}");
    page["records"][0].clone()
}

fn attr(tag: &str, name: &str) -> f32 {
    let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    let rest = &tag[start..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

/// Paints the SVG's black rectangles (the QR modules) at `px_per_mm` onto white.
fn rasterise_svg(svg: &str, px_per_mm: f32) -> GrayImage {
    let (w, h) = ((210.0 * px_per_mm) as u32, (297.0 * px_per_mm) as u32);
    let mut pixels = vec![255u8; (w * h) as usize];
    for piece in svg.split("<rect").skip(1) {
        let tag = &piece[..piece.find("/>").unwrap()];
        let px = |v: f32| (v * px_per_mm).round() as u32;
        let (x, y) = (attr(tag, "x"), attr(tag, "y"));
        let (rw, rh) = (attr(tag, "width"), attr(tag, "height"));
        for yy in px(y)..px(y + rh).min(h) {
            for xx in px(x)..px(x + rw).min(w) {
                pixels[(yy * w + xx) as usize] = 0;
            }
        }
    }
    GrayImage::from_raw(w, h, pixels).unwrap()
}

#[test]
fn svg_sheet_scans_back_as_the_checks_labels() {
    let s = Server::demo();
    let sup = s.login("supervisor.depot");
    let check = stock_check(&s, &sup);
    let id = check["id"].as_str().unwrap();
    let resp = s
        .request(
            Method::GET,
            &format!("/api/v1/stock-checks/{id}/labels?format=svg"),
            Some(&sup),
        )
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "image/svg+xml");
    assert_eq!(resp.headers()["x-label-pages"], "1");
    assert_eq!(resp.headers()["x-label-count"], "7");
    let svg = resp.text().unwrap();
    assert!(svg.contains("CAD-1 / B1-R1") && svg.contains("Lot 17-85-0412 / 7.62x39mm"));

    let codes = capture::read_codes(&rasterise_svg(&svg, 8.0)).unwrap();
    let mut read: Vec<String> = codes
        .iter()
        .map(|c| {
            Label::parse(&c.text)
                .expect("every code is a label")
                .to_string()
        })
        .collect();
    read.sort();
    let body = &check["body"];
    let mut expected: Vec<String> = body["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| format!("tmk:1/loc/CAD-1/{}", l["code"].as_str().unwrap()))
        .chain(
            body["expected"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| format!("tmk:1/box/{}", e["id"].as_str().unwrap())),
        )
        .collect();
    expected.sort();
    assert_eq!(read, expected);

    let (status, _) = s.get(
        &format!("/api/v1/stock-checks/{id}/labels?format=svg&page=2"),
        Some(&sup),
    );
    assert_eq!(status, 400);
    let (status, _) = s.get(
        &format!("/api/v1/stock-checks/{id}/labels?format=png"),
        Some(&sup),
    );
    assert_eq!(status, 400);
    // Another agency's supervisor does not learn the check exists; others may not print.
    let other = s.login("supervisor.customs");
    assert_eq!(
        s.get(&format!("/api/v1/stock-checks/{id}/labels"), Some(&other))
            .0,
        404
    );
    let inspector = s.login("inspector.depot");
    assert_eq!(
        s.get(
            &format!("/api/v1/stock-checks/{id}/labels"),
            Some(&inspector)
        )
        .0,
        403
    );
}

fn pdf_pages(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    assert!(text.starts_with("%PDF-1."), "a PDF header");
    assert!(text.trim_end().ends_with("%%EOF"), "a PDF trailer");
    assert!(text.contains("startxref") && text.contains("/Root"));
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

#[test]
fn pdf_sheet_over_http_and_from_the_command_line() {
    let s = Server::demo();
    let sup = s.login("supervisor.depot");
    let id = stock_check(&s, &sup)["id"].as_str().unwrap().to_string();
    let resp = s
        .request(
            Method::GET,
            &format!("/api/v1/stock-checks/{id}/labels?what=locations"),
            Some(&sup),
        )
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert_eq!(resp.headers()["x-label-count"], "3");
    let pdf = resp.bytes().unwrap();
    assert_eq!(pdf_pages(&pdf), 1);
    assert!(String::from_utf8_lossy(&pdf).contains("(CAD-1 / B2-R1) Tj"));

    let data = Server::demo_data_dir(s.dir.path());
    let data = data.to_str().unwrap();
    let out = s.dir.path().join("labels.pdf");
    let out_s = out.to_str().unwrap();
    let run = s.tracemark(
        &[
            "labels",
            &id,
            "--as",
            "supervisor.depot",
            "--format",
            "pdf",
            "-o",
            out_s,
            "--data-dir",
            data,
        ],
        None,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(pdf_pages(&bytes), 1);
    assert!(String::from_utf8_lossy(&run.stderr).contains("7 labels on 1 pages"));
    // Same rule as over HTTP.
    let refused = s.tracemark(
        &[
            "labels",
            &id,
            "--as",
            "inspector.depot",
            "-o",
            out_s,
            "--data-dir",
            data,
        ],
        None,
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("only a supervisor"));
    let elsewhere = s.tracemark(
        &[
            "labels",
            &id,
            "--as",
            "supervisor.border",
            "-o",
            out_s,
            "--data-dir",
            data,
        ],
        None,
    );
    assert!(!elsewhere.status.success());
    assert!(String::from_utf8_lossy(&elsewhere.stderr).contains("not found"));
}
