//! ISO/IEC 15434 envelopes: the header is supplied so the fuzzer spends its time inside.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark_shared::marking::iso15434;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!("{}{body}", iso15434::HEADER);
    if let Ok(env) = iso15434::parse_envelope(&text) {
        assert!(!env.formats.is_empty());
    }
});
