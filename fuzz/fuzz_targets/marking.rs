//! The one entry point over arbitrary bytes, with and without a symbology identifier.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark_shared::marking::{self, SymbologyId};

fuzz_target!(|data: &[u8]| {
    let _ = marking::parse(data, None);
    let m = marking::parse_or_plain(data, SymbologyId::new("]d2"));
    assert!(m.text.len() <= 4 * marking::MAX_MARKING_BYTES);
});
