//! Marking parser throughput: parses per second over a mixed set of markings, printed
//! as a ratio against a plain `str::split` over the same bytes in the same run.
//!
//! Run: `cargo bench -p tracemark-shared --bench parse` (add `-- --quick` for a short run).

use std::hint::black_box;
use std::time::{Duration, Instant};

use tracemark_shared::marking::{self, ParseOptions, SymbologyId};

const MIXED: &[(&str, Option<&str>)] = &[
    (
        "]d20109506000134352\u{1d}10LOT-7\u{1d}17270300\u{1d}11240115",
        None,
    ),
    ("0109506000134352\u{1d}10ABC\u{1d}21S0001", Some("]C1")),
    ("(01)09506000134352(10)ABC(21)7", None),
    (
        "https://id.gs1.org/01/09506000134352/10/ABC?17=290101",
        None,
    ),
    (
        "[)>\u{1e}06\u{1d}17V1ABC5\u{1d}1PPN-7\u{1d}S0001\u{1d}1TLOT 42\u{1d}Q250\u{1e}\u{04}",
        None,
    ),
    ("1305-01-234-5678", None),
    ("A059", None),
    ("9506000134352", Some("]E0")),
    ("7,62×39 мм 1985", None),
    ("http://example.com/not/a/digital/link", None),
];

fn time_per_round(rounds: u32, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..rounds {
        f();
    }
    start.elapsed() / rounds
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 2_000 } else { 50_000 };
    let inputs: Vec<(Vec<u8>, Option<SymbologyId>)> = MIXED
        .iter()
        .map(|(t, s)| (t.as_bytes().to_vec(), s.and_then(SymbologyId::new)))
        .collect();
    let opts = ParseOptions::default();
    // Warm up (the dictionary table is built on first use).
    for (bytes, sym) in &inputs {
        let _ = marking::parse_with(bytes, sym.clone(), opts);
    }
    let reference = time_per_round(rounds, || {
        for (bytes, _) in &inputs {
            let text = std::str::from_utf8(black_box(bytes)).unwrap_or("");
            black_box(text.split(['\u{1d}', '\u{1e}', '/']).count());
        }
    });
    let parser = time_per_round(rounds, || {
        for (bytes, sym) in &inputs {
            let _ = black_box(marking::parse_with(black_box(bytes), sym.clone(), opts));
        }
    });
    let n = inputs.len() as f64;
    let per_sec = |d: Duration| n / d.as_secs_f64().max(1e-12);
    println!(
        "marking parse: {:.0} parses/s; str::split reference: {:.0} splits/s; parser/reference time ratio: {:.1}x ({} markings x {} rounds)",
        per_sec(parser),
        per_sec(reference),
        parser.as_secs_f64() / reference.as_secs_f64().max(1e-12),
        inputs.len(),
        rounds
    );
}
