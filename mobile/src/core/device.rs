//! Where photos and positions come from, behind one small trait so the screens and
//! their tests do not care: on Android and iOS the native plugin (camera, gallery,
//! GPS; crate `tracemark-device`), on desktop nothing native — the screens offer a
//! file picker, drag-and-drop and coordinates typed by hand instead.
//!
//! Invariant: every call may block (the camera waits for the user), so the UI calls
//! them on a blocking thread; a failure is a [`DeviceError`] whose text a user can act
//! on, never a panic.

use std::time::Duration;

use tracemark_shared::domain::GeoPoint;

pub use tracemark_device::{DeviceError, PhotoSource};

/// How long to wait for a GPS fix before asking for coordinates by hand.
pub const GPS_TIMEOUT: Duration = Duration::from_secs(20);

/// The device's photo and position sources.
pub trait Device: Send + Sync {
    /// Whether a camera (and gallery) can be asked for photos; when not, the screens
    /// offer the file picker and drag-and-drop.
    fn has_camera(&self) -> bool;
    /// A photo's original bytes, or `None` when the user cancelled.
    fn photo(&self, source: PhotoSource) -> Result<Option<Vec<u8>>, DeviceError>;
    /// The current position.
    fn locate(&self) -> Result<GeoPoint, DeviceError>;
}

/// The platform's own sources: the native plugin on a phone, none on desktop.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlatformDevice;

impl Device for PlatformDevice {
    fn has_camera(&self) -> bool {
        tracemark_device::has_plugin()
    }

    fn photo(&self, source: PhotoSource) -> Result<Option<Vec<u8>>, DeviceError> {
        tracemark_device::take_photo(source)
    }

    fn locate(&self) -> Result<GeoPoint, DeviceError> {
        tracemark_device::current_position(GPS_TIMEOUT).map(|p| GeoPoint {
            latitude: p.latitude,
            longitude: p.longitude,
            accuracy_m: p.accuracy_m,
        })
    }
}

/// Parses coordinates typed by hand: decimal degrees (`-1.2921`, `36,8219`) or with a
/// hemisphere letter (`1.2921 S`, `E 36.8219`). `None` when the text is not a number
/// within range for the axis.
pub fn parse_coordinate(text: &str, latitude: bool) -> Option<f64> {
    let t = text.trim().replace(',', ".").to_uppercase();
    let (negative_letter, positive_letter) = if latitude { ('S', 'N') } else { ('W', 'E') };
    let mut sign = 1.0;
    let mut number = t.as_str();
    for letter in [negative_letter, positive_letter] {
        if let Some(rest) = number
            .strip_suffix(letter)
            .or_else(|| number.strip_prefix(letter))
        {
            if letter == negative_letter {
                sign = -1.0;
            }
            number = rest;
        }
    }
    let number = number.trim().trim_end_matches('°').trim();
    let value: f64 = number.parse().ok().filter(|v: &f64| v.is_finite())?;
    let value = sign * value;
    let limit = if latitude { 90.0 } else { 180.0 };
    (-limit..=limit).contains(&value).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_coordinates() {
        assert_eq!(parse_coordinate("-1.2921", true), Some(-1.2921));
        assert_eq!(parse_coordinate(" 36,8219 ", false), Some(36.8219));
        assert_eq!(parse_coordinate("1.2921 S", true), Some(-1.2921));
        assert_eq!(parse_coordinate("E 36.8219°", false), Some(36.8219));
        assert_eq!(parse_coordinate("91", true), None);
        assert_eq!(parse_coordinate("120", false), Some(120.0));
        assert_eq!(parse_coordinate("12 W", false), Some(-12.0));
        assert_eq!(parse_coordinate("NaN", true), None);
        assert_eq!(parse_coordinate("north", true), None);
        assert_eq!(parse_coordinate("", true), None);
    }

    #[test]
    fn the_desktop_has_no_native_sources() {
        let d = PlatformDevice;
        if !tracemark_device::has_plugin() {
            assert!(!d.has_camera());
            assert!(matches!(d.locate(), Err(DeviceError::Unsupported(_))));
        }
    }
}
