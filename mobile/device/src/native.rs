//! The bindings to the native plugin: `org.tracemark.device.TracemarkDevice` (Kotlin,
//! `android/`) and the Swift class `TracemarkDevice` (`ios/`). Built only for Android
//! and iOS.
//!
//! The `#[manganis::ffi]` blocks are what makes `dx` bundle the plugin's sources (their
//! metadata names the folders). On Android their generated constructor is not used:
//! it finds the class with `FindClass`, which fails on our threads and leaves the
//! exception pending (see `jvm.rs`); the calls go through `jvm::Plugin` instead. On
//! iOS the generated bindings are used through one instance kept for the life of the
//! app (each `new()` makes an object that is never released).
#![allow(unsafe_code, non_snake_case, missing_docs, dead_code)]

use std::path::PathBuf;

use crate::DeviceError;

#[cfg(target_os = "android")]
#[manganis::ffi("android")]
extern "Kotlin" {
    pub type TracemarkDevice;
    pub fn currentPositionJson(this: &TracemarkDevice, optionsJson: String) -> String;
    pub fn takePhotoJson(this: &TracemarkDevice, source: String) -> String;
    pub fn dataDirJson(this: &TracemarkDevice) -> String;
}

#[cfg(target_os = "ios")]
#[manganis::ffi("ios")]
extern "Swift" {
    pub type TracemarkDevice;
    pub fn currentPositionJson(this: &TracemarkDevice, optionsJson: String) -> String;
    pub fn takePhotoJson(this: &TracemarkDevice, source: String) -> String;
    pub fn dataDirJson(this: &TracemarkDevice) -> String;
}

#[cfg(target_os = "android")]
mod platform {
    use jni::JNIEnv;
    use jni::objects::JObject;

    use crate::DeviceError;
    use crate::jvm::{self, PLUGIN_CLASS, Plugin};

    static PLUGIN: Plugin = Plugin::new(PLUGIN_CLASS);

    /// `f` with this thread's JNI environment (attached if it was not) and the activity.
    fn with_jni<T>(
        f: impl FnOnce(&mut JNIEnv<'_>, &JObject<'_>) -> Result<T, DeviceError>,
    ) -> Result<T, DeviceError> {
        manganis::with_activity(|env, activity| Some(f(env, activity))).unwrap_or_else(|| {
            Err(DeviceError::Failed(
                "the app could not reach Android's Java runtime".into(),
            ))
        })
    }

    pub(super) fn call(method: &str, argument: String) -> Result<String, DeviceError> {
        with_jni(|env, activity| PLUGIN.call(env, activity, method, &argument))
    }

    pub(super) fn files_dir() -> Result<String, DeviceError> {
        with_jni(jvm::files_dir)
    }
}

#[cfg(target_os = "ios")]
mod platform {
    use std::sync::{Mutex, PoisonError};

    use super::TracemarkDevice;
    use crate::DeviceError;

    /// The one plugin object.
    struct Shared(TracemarkDevice);
    // SAFETY: the Swift object is only used through its `@objc` methods, which are
    // safe to call from any thread: each takes its own lock for its state and hands
    // UIKit and Core Location work to the main queue (`ios/`, `TracemarkDevice.swift`).
    // The pointer is never released, so it stays valid for the life of the app.
    unsafe impl Send for Shared {}
    unsafe impl Sync for Shared {}

    static PLUGIN: Mutex<Option<&'static Shared>> = Mutex::new(None);

    fn plugin() -> Result<&'static TracemarkDevice, DeviceError> {
        let mut slot = PLUGIN.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(shared) = *slot {
            return Ok(&shared.0);
        }
        let made = TracemarkDevice::new()
            .map_err(|e| DeviceError::Failed(format!("the device plugin is missing: {e}")))?;
        let shared: &'static Shared = Box::leak(Box::new(Shared(made)));
        *slot = Some(shared);
        Ok(&shared.0)
    }

    fn bridge(e: impl std::fmt::Display) -> DeviceError {
        DeviceError::Failed(format!("the device plugin failed: {e}"))
    }

    pub(super) fn call(method: &str, argument: String) -> Result<String, DeviceError> {
        let plugin = plugin()?;
        match method {
            "currentPositionJson" => super::currentPositionJson(plugin, argument).map_err(bridge),
            "takePhotoJson" => super::takePhotoJson(plugin, argument).map_err(bridge),
            other => Err(DeviceError::Failed(format!(
                "the device plugin has no {other}"
            ))),
        }
    }

    pub(super) fn files_dir() -> Result<String, DeviceError> {
        let answer = super::dataDirJson(plugin()?).map_err(bridge)?;
        crate::parse_dir(&answer).map(|p| p.to_string_lossy().into_owned())
    }
}

pub(crate) fn call_position(options: String) -> Result<String, DeviceError> {
    platform::call("currentPositionJson", options)
}

pub(crate) fn call_photo(source: String) -> Result<String, DeviceError> {
    platform::call("takePhotoJson", source)
}

pub(crate) fn data_dir() -> Result<PathBuf, DeviceError> {
    let dir = platform::files_dir()?;
    if dir.is_empty() {
        return Err(DeviceError::Failed("the phone gave no data folder".into()));
    }
    Ok(PathBuf::from(dir))
}
