//! The JNI bridge in a real JVM (the JDK's, through the invocation API), with Java
//! stand-ins for the activity and the plugin (`testdata/jvm`) loaded the way Android
//! loads an app: by a class loader of their own, which the system class loader, and so
//! `FindClass` on a natively attached thread, cannot see. `-Xcheck:jni` makes the JVM
//! abort on a JNI call made with an exception pending.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use jni::objects::{GlobalRef, JClass, JObject, JValue};
use jni::{InitArgsBuilder, JNIEnv, JNIVersion, JavaVM};

use super::*;
use crate::{Position, parse_photo, parse_position};

static PLUGIN: Plugin = Plugin::new(PLUGIN_CLASS);

/// Compiles the Java stand-ins into `out`.
fn compile(out: &Path) {
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/jvm");
    let status = Command::new("javac")
        .arg("-d")
        .arg(out)
        .arg(sources.join("android/app/Activity.java"))
        .arg(sources.join("org/tracemark/device/TracemarkDevice.java"))
        .status()
        .expect(
            "javac runs (install a JDK: scripts/install-deps installs openjdk-17-jdk-headless)",
        );
    assert!(status.success(), "the Java stand-ins compile");
}

/// A class loader over `classes`, and an activity made through it.
fn app_loader(env: &mut JNIEnv<'_>, classes: &Path, files: &str) -> (GlobalRef, GlobalRef) {
    let path = env.new_string(classes.to_str().unwrap()).unwrap();
    let file = env
        .new_object(
            "java/io/File",
            "(Ljava/lang/String;)V",
            &[JValue::Object(&path)],
        )
        .unwrap();
    let uri = env
        .call_method(&file, "toURI", "()Ljava/net/URI;", &[])
        .unwrap()
        .l()
        .unwrap();
    let url = env
        .call_method(&uri, "toURL", "()Ljava/net/URL;", &[])
        .unwrap()
        .l()
        .unwrap();
    let urls = env.new_object_array(1, "java/net/URL", &url).unwrap();
    let loader = env
        .new_object(
            "java/net/URLClassLoader",
            "([Ljava/net/URL;)V",
            &[JValue::Object(&urls)],
        )
        .unwrap();
    let activity_class = load(env, &loader, "android.app.Activity");
    let files = env.new_string(files).unwrap();
    let activity = env
        .new_object(
            activity_class,
            "(Ljava/lang/String;)V",
            &[JValue::Object(&files)],
        )
        .unwrap();
    (
        env.new_global_ref(loader).unwrap(),
        env.new_global_ref(activity).unwrap(),
    )
}

fn load<'l>(env: &mut JNIEnv<'l>, loader: &JObject<'_>, name: &str) -> JClass<'l> {
    let name = env.new_string(name).unwrap();
    JClass::from(
        env.call_method(
            loader,
            "loadClass",
            "(Ljava/lang/String;)Ljava/lang/Class;",
            &[JValue::Object(&name)],
        )
        .unwrap()
        .l()
        .unwrap(),
    )
}

fn instances_made(env: &mut JNIEnv<'_>, loader: &JObject<'_>) -> i32 {
    let class = load(env, loader, PLUGIN_CLASS);
    env.call_static_method(class, "made", "()I", &[])
        .unwrap()
        .i()
        .unwrap()
}

/// Runs `f` on a new native thread attached to the JVM, as tao's and tokio's threads
/// are on a phone.
fn on_native_thread<T: Send>(vm: &JavaVM, f: impl FnOnce(&mut JNIEnv<'_>) -> T + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut env = vm.attach_current_thread().unwrap();
            let out = f(&mut env);
            assert!(
                !env.exception_check().unwrap(),
                "no Java exception is left pending"
            );
            out
        })
        .join()
        .unwrap()
    })
}

#[test]
fn the_plugin_is_reached_from_native_threads_and_java_failures_become_errors() {
    let dir = std::env::temp_dir().join(format!("tmk-jvm-{}", std::process::id()));
    let classes: PathBuf = dir.join("classes");
    std::fs::create_dir_all(&classes).unwrap();
    compile(&classes);
    let vm = JavaVM::new(
        InitArgsBuilder::new()
            .version(JNIVersion::V8)
            .option("-Xcheck:jni")
            .build()
            .unwrap(),
    )
    .expect("a JVM starts (JAVA_HOME or `java` on the PATH)");
    let (loader, activity) = {
        let mut env = vm.attach_current_thread().unwrap();
        app_loader(&mut env, &classes, "/data/user/0/org.tracemark.field/files")
    };

    on_native_thread(&vm, |env| {
        // The defect this bridge exists for: FindClass cannot see the app's classes here.
        assert!(
            env.find_class("org/tracemark/device/TracemarkDevice")
                .is_err()
        );
        env.exception_clear().unwrap();

        // The data folder comes from the activity itself.
        assert_eq!(
            files_dir(env, activity.as_obj()).unwrap(),
            "/data/user/0/org.tracemark.field/files"
        );
        let answer = PLUGIN
            .call(env, activity.as_obj(), "currentPositionJson", "{}")
            .unwrap();
        assert_eq!(
            parse_position(&answer).unwrap(),
            Position {
                latitude: -1.2921,
                longitude: 36.8219,
                accuracy_m: Some(8.0)
            }
        );
        // An exception the plugin lets through is caught, cleared and named...
        let thrown = PLUGIN
            .call(env, activity.as_obj(), "takePhotoJson", "throw")
            .unwrap_err();
        assert!(
            matches!(&thrown, DeviceError::Failed(m)
                if m.contains("IllegalStateException") && m.contains("the camera service died")),
            "{thrown:?}"
        );
        // ...and the next call works.
        let answer = PLUGIN
            .call(env, activity.as_obj(), "takePhotoJson", "label")
            .unwrap();
        assert_eq!(
            parse_photo(&answer).unwrap(),
            Some(PathBuf::from("/data/cache/label.jpg"))
        );
        // A null answer and a method the plugin lacks are errors too, never a crash.
        assert!(matches!(
            PLUGIN.call(env, activity.as_obj(), "takePhotoJson", "null"),
            Err(DeviceError::Failed(m)) if m.contains("answered nothing")
        ));
        assert!(matches!(
            PLUGIN.call(env, activity.as_obj(), "scanJson", "x"),
            Err(DeviceError::Failed(m)) if m.contains("NoSuchMethodError")
        ));
    });

    // Another thread uses the same instance: one plugin for the life of the app.
    on_native_thread(&vm, |env| {
        PLUGIN
            .call(env, activity.as_obj(), "takePhotoJson", "crate")
            .unwrap();
        assert_eq!(instances_made(env, loader.as_obj()), 1);
    });

    // A build without the plugin, and a phone that gives no folder, say so.
    on_native_thread(&vm, |env| {
        static MISSING: Plugin = Plugin::new("org.tracemark.device.Absent");
        assert!(matches!(
            MISSING.call(env, activity.as_obj(), "takePhotoJson", "camera"),
            Err(DeviceError::Failed(m))
                if m.contains("could not be started") && m.contains("ClassNotFoundException")
        ));
        let (_, no_files) = app_loader(env, &classes, "");
        assert!(matches!(
            files_dir(env, no_files.as_obj()),
            Err(DeviceError::Failed(m)) if m.contains("no data folder")
        ));
    });
    let _ = std::fs::remove_dir_all(dir);
}
