//! The photos of packaging labels in `testdata/labels` (made by its `make-labels.py`),
//! shared by the label test and the capture benchmark.

use std::path::PathBuf;

/// The folder of the label photos.
pub const LABELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/labels");

/// Every label photo, in name order.
pub fn photos() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(LABELS)
        .expect("the label photos in testdata/labels")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .collect();
    out.sort();
    out
}
