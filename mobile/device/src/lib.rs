//! The phone's own hardware for the Tracemark field app: camera, photo gallery, GPS and
//! the app's private data folder, reached through a small native plugin (Kotlin on
//! Android, Swift on iOS) bound with `#[manganis::ffi]` and bundled by `dx`.
//!
//! A `<input type="file">` does nothing in a Dioxus 0.7 mobile webview, so photos and
//! positions on a phone come from here. Everywhere else every call answers
//! [`DeviceError::Unsupported`] and the app uses its desktop sources (file picker,
//! drag-and-drop, coordinates typed by hand).
//!
//! The plugin answers every call with one JSON object (see `docs/DEVICE.md`); the
//! parsing of those answers is plain Rust and tested on any machine.
//!
//! Invariant: a call never panics and never hangs for ever: the plugin bounds every
//! wait (location timeout, the user closing the camera) and an answer that cannot be
//! understood is an error that says so.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

#[cfg(any(target_os = "android", target_os = "ios"))]
mod native;

#[cfg(any(target_os = "android", test))]
mod jvm;

/// A position fix, in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// Degrees north.
    pub latitude: f64,
    /// Degrees east.
    pub longitude: f64,
    /// Radius of 68 % confidence in metres, when the platform gives one.
    pub accuracy_m: Option<f32>,
}

/// Where a photo comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoSource {
    /// Taken now with the camera.
    Camera,
    /// Picked from the photos already on the phone.
    Gallery,
}

impl PhotoSource {
    fn wire(self) -> &'static str {
        match self {
            PhotoSource::Camera => "camera",
            PhotoSource::Gallery => "gallery",
        }
    }
}

/// Why the device could not give what was asked, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    /// This platform has no such source (desktop, or a phone without the hardware).
    #[error("this device has no {0}")]
    Unsupported(&'static str),
    /// The user (or a policy) refused the permission.
    #[error("permission to use the {0} was refused: allow it in the phone's settings")]
    Denied(&'static str),
    /// The camera (or the GPS) is already answering another request.
    #[error("the {0} is already in use: finish or close it first")]
    Busy(&'static str),
    /// No fix in time (indoors, no sky view).
    #[error("no GPS position in time: try again outdoors, or type the coordinates")]
    Timeout,
    /// Anything else, as the platform said it.
    #[error("{0}")]
    Failed(String),
}

/// What the plugin answers: a value, a cancellation, or an error with a code.
#[derive(Debug, Deserialize)]
struct Reply {
    latitude: Option<f64>,
    longitude: Option<f64>,
    accuracy: Option<f64>,
    path: Option<String>,
    #[serde(default)]
    cancelled: bool,
    error: Option<String>,
    code: Option<String>,
}

fn reply(json: &str, what: &'static str) -> Result<Reply, DeviceError> {
    let r: Reply = serde_json::from_str(json)
        .map_err(|e| DeviceError::Failed(format!("the {what} gave an unreadable answer: {e}")))?;
    match (r.error.as_deref(), r.code.as_deref()) {
        (_, Some("denied")) => Err(DeviceError::Denied(what)),
        (_, Some("unsupported")) => Err(DeviceError::Unsupported(what)),
        (_, Some("timeout")) => Err(DeviceError::Timeout),
        (_, Some("busy")) => Err(DeviceError::Busy(what)),
        (Some(message), _) => Err(DeviceError::Failed(format!("{what}: {message}"))),
        (None, _) => Ok(r),
    }
}

/// Reads the plugin's answer to a position request.
pub fn parse_position(json: &str) -> Result<Position, DeviceError> {
    let r = reply(json, "GPS")?;
    match (r.latitude, r.longitude) {
        (Some(latitude), Some(longitude))
            if (-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude) =>
        {
            Ok(Position {
                latitude,
                longitude,
                #[allow(clippy::cast_possible_truncation, reason = "metres, f32 is plenty")]
                accuracy_m: r
                    .accuracy
                    .filter(|a| a.is_finite() && *a >= 0.0)
                    .map(|a| a as f32),
            })
        }
        _ => Err(DeviceError::Failed(
            "the GPS answered without a valid position".into(),
        )),
    }
}

/// Reads the plugin's answer to a photo request: the file it wrote, or `None` when
/// the user closed the camera or the gallery without choosing.
pub fn parse_photo(json: &str) -> Result<Option<PathBuf>, DeviceError> {
    let r = reply(json, "camera")?;
    if r.cancelled {
        return Ok(None);
    }
    r.path
        .filter(|p| !p.is_empty())
        .map(|p| Some(PathBuf::from(p)))
        .ok_or_else(|| DeviceError::Failed("the camera answered without a photo".into()))
}

/// Reads the plugin's answer to the data folder request.
pub fn parse_dir(json: &str) -> Result<PathBuf, DeviceError> {
    reply(json, "storage")?
        .path
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| DeviceError::Failed("the phone gave no data folder".into()))
}

/// Largest photo taken from a plugin file (the capture pipeline refuses larger ones
/// anyway; this keeps a broken file from filling memory).
pub const MAX_PHOTO_BYTES: u64 = 40 * 1024 * 1024;

/// Whether this build talks to a native plugin (Android and iOS).
pub const fn has_plugin() -> bool {
    cfg!(any(target_os = "android", target_os = "ios"))
}

/// The current position, waiting at most `timeout` for a fix. Blocks: call it from a
/// blocking thread.
pub fn current_position(timeout: Duration) -> Result<Position, DeviceError> {
    #[cfg(any(target_os = "android", target_os = "ios"))]
    {
        let options = serde_json::json!({
            "enableHighAccuracy": true,
            "timeout": u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
            "maximumAge": 30_000,
        });
        parse_position(&native::call_position(options.to_string())?)
    }
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    {
        let _ = timeout;
        Err(DeviceError::Unsupported("GPS"))
    }
}

/// A photo from the camera or the gallery, as the original bytes (`None` when the
/// user cancelled). The plugin's temporary file is removed once read. Blocks: call it
/// from a blocking thread.
pub fn take_photo(source: PhotoSource) -> Result<Option<Vec<u8>>, DeviceError> {
    #[cfg(any(target_os = "android", target_os = "ios"))]
    {
        let Some(path) = parse_photo(&native::call_photo(source.wire().to_string())?)? else {
            return Ok(None);
        };
        read_and_remove(&path).map(Some)
    }
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    {
        let _ = source.wire();
        Err(DeviceError::Unsupported("camera"))
    }
}

/// The app's private data folder (`Context.getFilesDir()` on Android, Application
/// Support on iOS). Blocks briefly.
pub fn data_dir() -> Result<PathBuf, DeviceError> {
    #[cfg(any(target_os = "android", target_os = "ios"))]
    {
        native::data_dir()
    }
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    {
        Err(DeviceError::Unsupported("app data folder"))
    }
}

/// Reads a photo file the plugin wrote, within [`MAX_PHOTO_BYTES`], and removes it.
pub fn read_and_remove(path: &std::path::Path) -> Result<Vec<u8>, DeviceError> {
    use std::io::Read;
    let failed = |e: std::io::Error| DeviceError::Failed(format!("reading the photo: {e}"));
    let file = std::fs::File::open(path).map_err(failed)?;
    let mut bytes = Vec::new();
    file.take(MAX_PHOTO_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    let _ = std::fs::remove_file(path);
    if bytes.len() as u64 > MAX_PHOTO_BYTES {
        return Err(DeviceError::Failed(format!(
            "the photo is larger than {} MB",
            MAX_PHOTO_BYTES / 1024 / 1024
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn positions_are_read_and_checked() {
        let p =
            parse_position(r#"{"latitude":-1.2921,"longitude":36.8219,"accuracy":12.5}"#).unwrap();
        assert_eq!(
            (p.latitude, p.longitude, p.accuracy_m),
            (-1.2921, 36.8219, Some(12.5))
        );
        let p = parse_position(r#"{"latitude":0,"longitude":0,"accuracy":-3}"#).unwrap();
        assert_eq!(p.accuracy_m, None);
        assert!(matches!(
            parse_position(r#"{"latitude":91,"longitude":0}"#),
            Err(DeviceError::Failed(_))
        ));
        assert_eq!(
            parse_position(r#"{"error":"Location permission denied","code":"denied"}"#),
            Err(DeviceError::Denied("GPS"))
        );
        assert_eq!(
            parse_position(r#"{"error":"no fix","code":"timeout"}"#),
            Err(DeviceError::Timeout)
        );
        assert!(
            matches!(parse_position("not json"), Err(DeviceError::Failed(m)) if m.contains("unreadable"))
        );
        assert!(
            matches!(parse_position(r#"{"error":"GPS off"}"#), Err(DeviceError::Failed(m)) if m.contains("GPS off"))
        );
    }

    #[test]
    fn photos_are_paths_or_cancellations() {
        assert_eq!(
            parse_photo(r#"{"path":"/data/cache/p.jpg"}"#).unwrap(),
            Some(PathBuf::from("/data/cache/p.jpg"))
        );
        assert_eq!(parse_photo(r#"{"cancelled":true}"#).unwrap(), None);
        assert!(parse_photo(r#"{"path":""}"#).is_err());
        assert_eq!(
            parse_photo(r#"{"error":"no camera","code":"unsupported"}"#),
            Err(DeviceError::Unsupported("camera"))
        );
        assert_eq!(
            parse_photo(r#"{"error":"The camera is already open","code":"busy"}"#),
            Err(DeviceError::Busy("camera"))
        );
        assert_eq!(
            parse_dir(r#"{"path":"/data/files"}"#).unwrap(),
            PathBuf::from("/data/files")
        );
    }

    #[test]
    fn plugin_files_are_read_once_within_the_limit() {
        let dir = std::env::temp_dir().join(format!("tmk-device-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("photo.jpg");
        std::fs::write(&path, b"\xff\xd8\xff").unwrap();
        assert_eq!(read_and_remove(&path).unwrap(), b"\xff\xd8\xff");
        assert!(!path.exists(), "the plugin's temporary file is removed");
        assert!(read_and_remove(&path).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn desktop_builds_say_there_is_no_plugin() {
        if !has_plugin() {
            assert_eq!(
                current_position(Duration::from_millis(1)),
                Err(DeviceError::Unsupported("GPS"))
            );
            assert_eq!(
                take_photo(PhotoSource::Camera),
                Err(DeviceError::Unsupported("camera"))
            );
            assert!(data_dir().is_err());
        }
    }
}
