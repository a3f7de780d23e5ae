//! `tracemark decode` through the real binary: JSON per photo, errors per file, exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::process::{Command, Output};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/barcodes");

fn sample(path: &str) -> String {
    format!("{CORPUS}/{path}")
}

fn tracemark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracemark"))
        .args(args)
        .output()
        .unwrap()
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_gs1_data_matrix_photo_prints_codes_fields_and_suggestions() {
    let file = sample("datamatrix-1/gs1-figure-4.15.1-2-32x32.png");
    let out = tracemark(&["decode", &file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let [v] = lines(&out).try_into().unwrap();
    assert_eq!(v["file"], file);
    assert_eq!(v["photo"]["media_type"], "image/png");
    assert_eq!(v["photo"]["size"], std::fs::metadata(&file).unwrap().len());
    assert_eq!(v["photo"]["sha256"].as_str().unwrap().len(), 64);
    let code = &v["codes"][0];
    assert_eq!(code["format"], "data_matrix");
    assert_eq!(code["symbology"], "]d2");
    assert_eq!(code["position"].as_array().unwrap().len(), 4);
    assert!(code["position"][0]["x"].is_i64());
    assert_eq!(code["parsed"]["kind"], "gs1_element_string");
    assert_eq!(code["parsed"]["fields"]["gtin"]["value"], "09504000059101");
    let gtin = v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["field"] == "gtin")
        .unwrap();
    assert_eq!(gtin["value"], "09504000059101");
    assert_eq!(gtin["from"][0]["code"], 0);
    assert_eq!(gtin["from"][0]["element"], "AI (01)");
    assert!(v["conflicts"].as_array().unwrap().is_empty());
}

#[test]
fn several_files_give_one_line_each_in_order() {
    let files = [
        sample("multi-1/multi-qr.png"),
        sample("falsepositives-1/01.webp"),
        sample("qrcode-2/#199b.jpg"),
    ];
    let args: Vec<&str> = std::iter::once("decode")
        .chain(files.iter().map(String::as_str))
        .collect();
    let out = tracemark(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = lines(&out);
    assert_eq!(v.len(), 3);
    assert_eq!(v[0]["codes"].as_array().unwrap().len(), 4);
    assert!(v[1]["codes"].as_array().unwrap().is_empty());
    assert_eq!(v[2]["photo"]["media_type"], "image/jpeg");
    for (line, file) in v.iter().zip(&files) {
        assert_eq!(line["file"], *file);
    }
}

#[test]
fn unreadable_files_get_one_error_line_each_and_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("label.jpg");
    std::fs::write(&text, "LOT 42\n").unwrap();
    let heic = dir.path().join("IMG_0001.jpg");
    std::fs::write(&heic, b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").unwrap();
    let truncated = dir.path().join("cut.png");
    let png = std::fs::read(sample("pdf417-1/01.png")).unwrap();
    std::fs::write(&truncated, &png[..40]).unwrap();
    let missing = dir.path().join("missing.jpg");
    let good = sample("multi-1/1.png");
    let paths = [&text, &heic, &truncated, &missing];
    let mut args = vec!["decode".to_string(), good.clone()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let out = Command::new(env!("CARGO_BIN_EXE_tracemark"))
        .args(&args)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let good_lines = lines(&out);
    assert_eq!(good_lines.len(), 1, "the readable photo is still printed");
    assert_eq!(good_lines[0]["file"], good);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let errors: Vec<&str> = stderr.lines().collect();
    assert_eq!(errors.len(), 4, "{stderr}");
    for (line, path) in errors.iter().zip(paths) {
        assert!(
            line.starts_with(&format!("error: {}: ", path.display())),
            "{line}"
        );
    }
    assert!(
        errors[0].contains("unsupported format (unknown): send JPEG"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("unsupported format (HEIC): send JPEG"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].contains("PNG file cannot be decoded"),
        "{}",
        errors[2]
    );
    assert!(errors[3].contains("cannot open the file"), "{}", errors[3]);
}

#[test]
fn the_name_does_not_decide_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("photo.jpg");
    std::fs::copy(sample("multi-1/1.png"), &renamed).unwrap();
    let out = tracemark(&["decode", renamed.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let [v] = lines(&out).try_into().unwrap();
    assert_eq!(v["photo"]["media_type"], "image/png");
    assert_eq!(v["codes"].as_array().unwrap().len(), 2);
}

#[test]
fn no_file_is_a_usage_error() {
    let out = tracemark(&["decode"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("FILE"));
}
