//! The mobile bundle configuration stays what the Dioxus 0.7 CLI expects: an app id,
//! icons that exist, and the camera and location permissions with their reasons.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[test]
fn dioxus_toml_declares_id_icons_and_permissions() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{dir}/Dioxus.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).unwrap();
    let bundle = config["bundle"].as_table().unwrap();
    assert_eq!(bundle["identifier"].as_str(), Some("org.tracemark.field"));
    for icon in bundle["icon"].as_array().unwrap() {
        let path = format!("{dir}/{}", icon.as_str().unwrap());
        assert!(std::path::Path::new(&path).exists(), "{path} is missing");
    }
    let permissions = config["permissions"].as_table().unwrap();
    assert!(permissions["camera"]["description"].as_str().unwrap().len() > 20);
    assert_eq!(permissions["location"]["precision"].as_str(), Some("fine"));
    assert!(config["android"]["min_sdk"].as_integer().unwrap() >= 24);
    // Required hardware features would hide the app from phones without them.
    assert!(
        config["android"].get("features").is_none(),
        "dx writes [android] features as android:required=\"true\""
    );
    let manifest =
        std::fs::read_to_string(format!("{dir}/device/android/src/main/AndroidManifest.xml"))
            .unwrap();
    for feature in ["android.hardware.camera", "android.hardware.location.gps"] {
        assert!(
            manifest.contains(&format!(
                "<uses-feature android:name=\"{feature}\" android:required=\"false\" />"
            )),
            "{feature}"
        );
    }
    for activity in ["CaptureActivity", "PermissionActivity"] {
        assert!(
            manifest.contains(&format!("org.tracemark.device.{activity}")),
            "{activity}"
        );
    }
}

/// The files of Dioxus's own launcher icon that `dx bundle --platform android` (0.7)
/// writes under `app/src/main/res` (its `build/android.rs`): the ones Tracemark's
/// icons must replace, and the adaptive icon that points at the two layers.
const DX_ANDROID_ICONS: &[&str] = &[
    "drawable/ic_launcher_background.xml",
    "drawable-v24/ic_launcher_foreground.xml",
    "mipmap-hdpi/ic_launcher.webp",
    "mipmap-mdpi/ic_launcher.webp",
    "mipmap-xhdpi/ic_launcher.webp",
    "mipmap-xxhdpi/ic_launcher.webp",
    "mipmap-xxxhdpi/ic_launcher.webp",
];

#[test]
fn phone_builds_get_tracemark_launcher_icons() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("icons");
    // Legacy bitmaps at each density's size.
    for (density, size) in [
        ("mdpi", 48),
        ("hdpi", 72),
        ("xhdpi", 96),
        ("xxhdpi", 144),
        ("xxxhdpi", 192),
    ] {
        let path = dir.join(format!("android/res/mipmap-{density}/ic_launcher.webp"));
        let image = image::open(&path).unwrap();
        assert_eq!((image.width(), image.height()), (size, size), "{density}");
    }
    // The adaptive layers are vector drawables.
    for layer in [
        "drawable/ic_launcher_background.xml",
        "drawable-v24/ic_launcher_foreground.xml",
    ] {
        let text = std::fs::read_to_string(dir.join("android/res").join(layer)).unwrap();
        assert!(
            text.contains("<vector") && text.contains("android:pathData"),
            "{layer}"
        );
    }
    // iOS: one opaque 1024 px icon, named by its catalogue.
    let set = dir.join("ios/Assets.xcassets/AppIcon.appiconset");
    let contents: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(set.join("Contents.json")).unwrap()).unwrap();
    let file = contents["images"][0]["filename"].as_str().unwrap();
    assert_eq!(contents["images"][0]["size"], "1024x1024");
    let icon = image::open(set.join(file)).unwrap();
    assert_eq!((icon.width(), icon.height()), (1024, 1024));
    assert!(
        !icon.color().has_alpha(),
        "App Store icons have no transparency"
    );

    // Laid over a project as dx writes it, every file of Dioxus's icon is replaced.
    let project = tempfile::tempdir().unwrap();
    let res = project.path().join("app/src/main/res");
    for name in DX_ANDROID_ICONS
        .iter()
        .chain(&["mipmap-anydpi-v26/ic_launcher.xml"])
    {
        std::fs::create_dir_all(res.join(name).parent().unwrap()).unwrap();
        std::fs::write(res.join(name), "dioxus").unwrap();
    }
    let status = std::process::Command::new(dir.join("apply-android-icons"))
        .arg(project.path())
        .status()
        .unwrap();
    assert!(status.success());
    for name in DX_ANDROID_ICONS {
        assert_eq!(
            std::fs::read(res.join(name)).unwrap(),
            std::fs::read(dir.join("android/res").join(name)).unwrap(),
            "{name} is Tracemark's"
        );
    }
    // A folder that is not dx's project is refused, with a reason.
    let out = std::process::Command::new(dir.join("apply-android-icons"))
        .arg(project.path().join("elsewhere"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is missing"));
}
