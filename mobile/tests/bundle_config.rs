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
