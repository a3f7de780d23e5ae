//! The capture pipeline over arbitrary bytes: any photo, however broken, gives a
//! capture or a typed error, within small limits so a run stays fast.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark_shared::capture::{self, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_input_bytes: 1 << 20,
        max_pixels: 4_000_000,
        max_decode_bytes: 64 << 20,
    };
    if let Ok(c) = capture::read_photo(data, &limits) {
        assert_eq!(c.photo.size, data.len() as u64);
        assert!(c.thumbnail.width.max(c.thumbnail.height) <= capture::THUMBNAIL_MAX_SIDE);
        assert!(u64::from(c.width) * u64::from(c.height) <= limits.max_pixels);
    }
});
