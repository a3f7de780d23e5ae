//! The real desktop binary in a real window under Xvfb: it starts, draws the sign-in
//! screen, and the screenshot is not blank. Needs `xvfb-run` and ImageMagick's
//! `import`/`identify` (installed by `scripts/install-deps`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::process::Command;

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn desktop_window_draws_the_sign_in_screen() {
    for tool in ["xvfb-run", "import", "identify"] {
        assert!(have(tool), "{tool} is missing: run scripts/install-deps");
    }
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("shot.png");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    // Poll for up to 60 s: the first start of WebKit under Xvfb can be slow on a busy
    // machine; each round takes a screenshot and counts its colours.
    let script = format!(
        r#"{app} & pid=$!
for i in $(seq 1 60); do
  sleep 1
  import -window root {shot} 2>/dev/null || continue
  n=$(identify -format %k {shot})
  if [ "$n" -gt 40 ]; then break; fi
done
kill $pid; wait $pid 2>/dev/null; echo colours=$n"#,
        app = env!("CARGO_BIN_EXE_tracemark-app"),
        shot = shot.display(),
    );
    let out = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 420x800x24", "bash", "-c", &script])
        .env("HOME", &home)
        .env("TRACEMARK_APP_DATA", dir.path().join("data"))
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let colours: u32 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("colours="))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(
        colours > 40,
        "the window looks blank ({colours} colours); stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The local store was created where the app was told to keep its data.
    assert!(dir.path().join("data").exists());
}
