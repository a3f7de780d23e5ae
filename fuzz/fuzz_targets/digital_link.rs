//! GS1 Digital Link URIs after a fixed `https://h/01/` start.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark_shared::marking::gs1;

fuzz_target!(|data: &[u8]| {
    let Ok(tail) = std::str::from_utf8(data) else {
        return;
    };
    let _ = gs1::parse_digital_link(&format!("https://h/01/{tail}"));
    let _ = gs1::parse_digital_link(tail);
});
