//! The Android side of the plugin bridge, in plain JNI: one plugin instance, its class
//! loaded through the activity's own class loader, every Java exception caught,
//! cleared and turned into an error.
//!
//! Why not the constructor `#[manganis::ffi]` generates: it looks the class up with
//! `FindClass`, which on a thread attached from native code (tao's main thread, tokio's
//! blocking threads) searches only the system class loader. The app's own classes are
//! not there, so the lookup throws `ClassNotFoundException`, and the generated code
//! leaves that exception pending: the next JNI call aborts the app. The activity's
//! class loader is the one that loaded the app, so it finds the plugin from any thread.
//!
//! Invariant: no call returns with a Java exception pending, and every local reference
//! a call makes is released when it returns (threads here stay attached for a long
//! time). Compiled for Android, and for the tests, which run it in a real JVM.

use std::sync::{Mutex, PoisonError};

use jni::JNIEnv;
use jni::objects::{GlobalRef, JClass, JObject, JString, JValue};

use crate::DeviceError;

/// The plugin's Kotlin class (`android/`), as `ClassLoader.loadClass` names it.
pub(crate) const PLUGIN_CLASS: &str = "org.tracemark.device.TracemarkDevice";
/// Its constructor takes the activity.
const CONSTRUCTOR: &str = "(Landroid/app/Activity;)V";
/// Every exported method takes one string and answers one JSON string.
const STRING_METHOD: &str = "(Ljava/lang/String;)Ljava/lang/String;";
/// Local references one call makes at most (a few strings and objects).
const FRAME: i32 = 16;

/// The one instance of the plugin, made on first use and kept for the life of the app
/// (it holds the activity and the camera's state, so a second one would not see what
/// the first has open).
pub(crate) struct Plugin {
    class: &'static str,
    instance: Mutex<Option<GlobalRef>>,
}

impl Plugin {
    /// The plugin of the class named `class` (binary name, dots).
    pub(crate) const fn new(class: &'static str) -> Self {
        Self {
            class,
            instance: Mutex::new(None),
        }
    }

    fn instance(
        &self,
        env: &mut JNIEnv<'_>,
        activity: &JObject<'_>,
    ) -> Result<GlobalRef, DeviceError> {
        // Held while the instance is made, so two first calls make one instance.
        let mut slot = self.instance.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(instance) = slot.as_ref() {
            return Ok(instance.clone());
        }
        let made = in_frame(env, "the device plugin could not be started", |env| {
            let loader = env
                .call_method(activity, "getClassLoader", "()Ljava/lang/ClassLoader;", &[])?
                .l()?;
            let name = env.new_string(self.class)?;
            let class = env
                .call_method(
                    &loader,
                    "loadClass",
                    "(Ljava/lang/String;)Ljava/lang/Class;",
                    &[JValue::Object(&name)],
                )?
                .l()?;
            let object = env.new_object(
                JClass::from(class),
                CONSTRUCTOR,
                &[JValue::Object(activity)],
            )?;
            env.new_global_ref(object)
        })?;
        *slot = Some(made.clone());
        Ok(made)
    }

    /// Calls the plugin's `method` with `argument` and returns its answer.
    pub(crate) fn call(
        &self,
        env: &mut JNIEnv<'_>,
        activity: &JObject<'_>,
        method: &str,
        argument: &str,
    ) -> Result<String, DeviceError> {
        let plugin = self.instance(env, activity)?;
        in_frame(env, "the device plugin failed", |env| {
            let argument = env.new_string(argument)?;
            let answer = env
                .call_method(
                    plugin.as_obj(),
                    method,
                    STRING_METHOD,
                    &[JValue::Object(&argument)],
                )?
                .l()?;
            text(env, answer)
        })?
        .ok_or_else(|| {
            DeviceError::Failed(format!("the device plugin answered nothing to {method}"))
        })
    }
}

/// The app's private data folder (`Context.getFilesDir()`), asked of the activity
/// itself: the first thing the app needs at launch works without the plugin.
pub(crate) fn files_dir(
    env: &mut JNIEnv<'_>,
    activity: &JObject<'_>,
) -> Result<String, DeviceError> {
    in_frame(env, "the app's data folder could not be found", |env| {
        let dir = env
            .call_method(activity, "getFilesDir", "()Ljava/io/File;", &[])?
            .l()?;
        if dir.is_null() {
            return Ok(None);
        }
        let path = env
            .call_method(&dir, "getAbsolutePath", "()Ljava/lang/String;", &[])?
            .l()?;
        text(env, path)
    })?
    .ok_or_else(|| DeviceError::Failed("the phone gave no data folder".into()))
}

/// A Java string as Rust text (`None` for null).
fn text(env: &mut JNIEnv<'_>, object: JObject<'_>) -> jni::errors::Result<Option<String>> {
    if object.is_null() {
        return Ok(None);
    }
    let string = JString::from(object);
    let text: String = env.get_string(&string)?.into();
    Ok(Some(text))
}

/// Runs `f` in a local reference frame of its own; a failure, and the Java exception
/// behind it, become one error that says what was being done.
fn in_frame<T>(
    env: &mut JNIEnv<'_>,
    doing: &str,
    f: impl FnOnce(&mut JNIEnv<'_>) -> jni::errors::Result<T>,
) -> Result<T, DeviceError> {
    let outcome = env.with_local_frame(
        FRAME,
        |env| -> jni::errors::Result<Result<T, DeviceError>> {
            Ok(f(env).map_err(|e| {
                let why = take_exception(env).unwrap_or_else(|| e.to_string());
                DeviceError::Failed(format!("{doing}: {why}"))
            }))
        },
    );
    // Nothing may stay pending, whatever failed (the frame itself included).
    let left = take_exception(env);
    match outcome {
        Ok(result) => result,
        Err(e) => Err(DeviceError::Failed(format!(
            "{doing}: {}",
            left.unwrap_or_else(|| e.to_string())
        ))),
    }
}

/// Clears the pending Java exception, if any, and describes it (`toString()`: the
/// class and the message).
fn take_exception(env: &mut JNIEnv<'_>) -> Option<String> {
    if !env.exception_check().unwrap_or(false) {
        return None;
    }
    let thrown = env.exception_occurred();
    let _ = env.exception_clear();
    let thrown = thrown.ok()?;
    let described = env
        .call_method(&thrown, "toString", "()Ljava/lang/String;", &[])
        .and_then(|v| v.l())
        .and_then(|s| text(env, s));
    // `toString` itself may throw: that one is dropped too.
    if env.exception_check().unwrap_or(false) {
        let _ = env.exception_clear();
    }
    let _ = env.delete_local_ref(thrown);
    Some(
        described
            .ok()
            .flatten()
            .unwrap_or_else(|| "a Java exception".to_string()),
    )
}

#[cfg(test)]
#[path = "jvm_tests.rs"]
mod tests;
