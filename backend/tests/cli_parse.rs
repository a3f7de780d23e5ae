//! `tracemark parse` through the real binary: arguments, stdin, escapes, exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn tracemark(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tracemark"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        // The child may exit before reading everything (oversized input): ignore EPIPE.
        let _ = input.write_all(bytes);
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn gs1_from_argument_with_escapes() {
    let out = tracemark(
        &["parse", "]d20109506000134352<GS>10LOT-7<GS>17270300"],
        None,
    );
    let v = json(&out);
    assert_eq!(v["kind"], "gs1_element_string");
    assert_eq!(v["symbology"], "]d2");
    assert_eq!(v["ais"]["01"], "09506000134352");
    assert_eq!(v["fields"]["gtin"]["value"], "09506000134352");
    assert_eq!(v["fields"]["lot"]["value"], "LOT-7");
    assert_eq!(v["fields"]["expiry_date"]["value"], "2027-03");
}

#[test]
fn iso15434_from_stdin_raw_bytes() {
    let out = tracemark(
        &["parse", "--compact"],
        Some(b"[)>\x1e06\x1d17V1ABC5\x1d1TLOT 42\x1dQ250\x1d16D20240115\x1e\x04\n"),
    );
    let v = json(&out);
    assert_eq!(v["kind"], "iso15434");
    assert_eq!(v["fields"]["cage"]["value"], "1ABC5");
    assert_eq!(v["fields"]["lot"]["source"], "DI 1T");
    assert_eq!(v["fields"]["quantity"]["value"], 250);
    assert_eq!(v["fields"]["production_date"]["value"], "2024-01-15");
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

#[test]
fn nsn_and_symbology_flag() {
    let v = json(&tracemark(&["parse", "1305-01-234-5678"], None));
    assert_eq!(v["fields"]["nsn"]["value"], "1305-01-234-5678");
    let v = json(&tracemark(
        &["parse", "--symbology", "]C1", "0109506000134352\\x1d10A"],
        None,
    ));
    assert_eq!(v["ais"]["10"], "A");
}

#[test]
fn plain_text_is_not_an_error() {
    let v = json(&tracemark(&["parse", "7,62×39 мм"], None));
    assert_eq!(v["kind"], "plain_text");
    assert_eq!(v["text"], "7,62×39 мм");
}

#[test]
fn unparseable_input_fails_with_one_line() {
    for (args, stdin) in [
        (vec!["parse", "]C10109506000134353"], None),
        (vec!["parse", "[)><RS>06<GS>1TLOT"], None),
        (vec!["parse", "--symbology", "d2", "x"], None),
        (vec!["parse"], Some(vec![])),
        (vec!["parse"], Some(vec![b'A'; 5_000_000])),
    ] {
        let out = tracemark(&args, stdin.as_deref());
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("error: "), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn coupon_codes_are_checked_field_by_field() {
    // AI (8110), North American coupon: company prefix, offer code, save value,
    // purchase requirement, its code and family code, then an expiration date.
    let good = "]C18110012345612345615110123326123";
    let v = json(&tracemark(&["parse", &format!("{good}1")], None));
    assert_eq!(v["ais"]["8110"], "0123456123456151101233261231");
    // An expiration on 32 December is not a date: the code is refused, and says why.
    let out = tracemark(&["parse", &format!("{good}2")], None);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("8110") && err.contains("expiration date"),
        "{err}"
    );
}
