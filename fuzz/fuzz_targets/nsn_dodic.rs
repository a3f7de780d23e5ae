//! NSN and DODIC: anything that parses prints to a form that parses to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark_shared::marking::nsn::{Dodic, Nsn};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(n) = Nsn::parse(text) {
        assert_eq!(Nsn::parse(&n.to_string()).ok(), Some(n));
    }
    if let Ok(d) = Dodic::parse(text) {
        assert_eq!(Dodic::parse(&d.to_string()).ok(), Some(d));
    }
});
