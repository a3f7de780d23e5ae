//! GS1 element strings: whatever parses must print and parse again to the same
//! elements, in both the separated and the bracketed forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark_shared::marking::gs1;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(elements) = gs1::parse_element_string(text, 0) else {
        return;
    };
    let pairs = |els: &[gs1::Gs1Element]| {
        els.iter()
            .map(|e| (e.ai.clone(), e.value.clone()))
            .collect::<Vec<_>>()
    };
    let printed = gs1::to_element_string(&elements);
    let again = gs1::parse_element_string(&printed, 0).expect("printed form parses");
    // Repeated identical AIs are allowed in input and kept; compare as printed.
    assert_eq!(pairs(&again), pairs(&elements));
    let bracketed = gs1::to_bracketed(&elements);
    let again = gs1::parse_bracketed(&bracketed, 0).expect("bracketed form parses");
    assert_eq!(pairs(&again), pairs(&elements));
});
