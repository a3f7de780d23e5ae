//! The capture pipeline on photos of packaging labels (`testdata/labels`, made by its
//! `make-labels.py`): perspective, rotation, blur, noise, a torch's glare, faded
//! print and JPEG compression, in the symbologies officers meet. On each photo the
//! pipeline must give every code the label carries (`NAME.codes`, one per line, GS/RS/
//! EOT written `\G` `\R` `\E`), nothing else (no misread), and every code the bare
//! reader call gives.
//!
//! Run with `--nocapture` to see what each found.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;

use tracemark_shared::capture::{self, Limits, decoder};

#[path = "support/labels.rs"]
mod labels;
use labels::photos;

fn expected(photo: &std::path::Path) -> BTreeSet<Vec<u8>> {
    std::fs::read_to_string(photo.with_extension("codes"))
        .unwrap_or_else(|e| panic!("{}: {e}", photo.display()))
        .lines()
        .map(|l| {
            l.replace("\\G", "\u{1d}")
                .replace("\\R", "\u{1e}")
                .replace("\\E", "\u{4}")
                .into_bytes()
        })
        .collect()
}

fn shown(codes: &BTreeSet<Vec<u8>>) -> Vec<String> {
    codes
        .iter()
        .map(|c| String::from_utf8_lossy(c).escape_debug().to_string())
        .collect()
}

#[test]
fn label_photos_give_every_code_no_misread_and_all_the_bare_reader_gives() {
    let photos = photos();
    assert!(photos.len() >= 6, "the label photos are missing");
    let mut failures = Vec::new();
    let (mut total_bare, mut total_pipeline, mut total_expected) = (0, 0, 0);
    for photo in &photos {
        let bytes = std::fs::read(photo).unwrap();
        let gray = capture::decode_image(&bytes, &Limits::default())
            .unwrap()
            .1
            .gray;
        let pipeline: BTreeSet<Vec<u8>> = capture::read_codes(&gray)
            .unwrap()
            .into_iter()
            .map(|c| c.bytes)
            .collect();
        let bare: BTreeSet<Vec<u8>> = decoder::read(&gray, decoder::ReadMode::Thorough)
            .unwrap()
            .into_iter()
            .filter(|c| c.valid)
            .map(|c| c.bytes)
            .collect();
        let want = expected(photo);
        let name = photo.file_name().unwrap().to_string_lossy();
        println!(
            "{name}: label {} codes, bare reader {}, pipeline {}",
            want.len(),
            want.intersection(&bare).count(),
            want.intersection(&pipeline).count()
        );
        (total_expected, total_bare, total_pipeline) = (
            total_expected + want.len(),
            total_bare + want.intersection(&bare).count(),
            total_pipeline + want.intersection(&pipeline).count(),
        );
        let missing: BTreeSet<Vec<u8>> = want.difference(&pipeline).cloned().collect();
        if !missing.is_empty() {
            failures.push(format!("{name}: missed {:?}", shown(&missing)));
        }
        // A misread fills the officer's form with a wrong GTIN or lot.
        let extra: BTreeSet<Vec<u8>> = pipeline.difference(&want).cloned().collect();
        if !extra.is_empty() {
            failures.push(format!(
                "{name}: read {:?}, which the label does not carry",
                shown(&extra)
            ));
        }
        let only_bare: BTreeSet<Vec<u8>> = bare.difference(&pipeline).cloned().collect();
        if !only_bare.is_empty() {
            failures.push(format!(
                "{name}: the bare reader found {:?}, the pipeline did not",
                shown(&only_bare)
            ));
        }
    }
    println!(
        "all photos: {total_expected} codes; bare reader {total_bare}, pipeline {total_pipeline}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
