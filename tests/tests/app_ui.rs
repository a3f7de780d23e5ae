//! The field app end to end, as a user drives it: the real desktop binary under Xvfb,
//! typed into with xdotool at keyboard-wedge-scanner speed, signing in to the real
//! service and receiving its assigned stock check. What the app did is read back from
//! its own local store while it runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::process::{Command, Stdio};
use std::time::Duration;

use tracemark_mobile::core::LocalStore;
use tracemark_tests::{DEMO_PASSWORD, Server, app_binary};

#[test]
fn inspector_signs_in_through_the_window_and_gets_the_assignment() {
    for tool in ["xvfb-run", "xdotool"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .unwrap();
        assert!(
            found.status.success(),
            "{tool} is missing: run scripts/install-deps"
        );
    }
    let server = Server::demo();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("app");
    let home = dir.path().join("home");
    let stop = dir.path().join("stop");
    std::fs::create_dir_all(&home).unwrap();
    // Keyboard only: Tab from the language picker to the server address, then on.
    let script = format!(
        r#"{app} & pid=$!
for i in $(seq 1 60); do sleep 1; xdotool search --name Tracemark >/dev/null 2>&1 && break; done
sleep 2
w=$(xdotool search --name Tracemark | head -1)
xdotool windowactivate --sync $w 2>/dev/null; xdotool windowfocus --sync $w
xdotool key --delay 100 Tab Tab
xdotool key ctrl+a
xdotool type --delay 15 '{url}'
xdotool key Tab; xdotool type --delay 15 'inspector.depot'
xdotool key Tab; xdotool type --delay 15 '{password}'
xdotool key Return
for i in $(seq 1 300); do sleep 0.2; [ -e '{stop}' ] && break; done
kill $pid; wait $pid 2>/dev/null; true"#,
        app = app_binary().display(),
        url = server.url,
        password = DEMO_PASSWORD,
        stop = stop.display(),
    );
    let child = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 420x800x24", "bash", "-c", &script])
        .env("HOME", &home)
        .env("TRACEMARK_APP_DATA", &data)
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .env("LANG", "en_US.UTF-8")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Watch the app's own store until it is signed in and has synced (at most 60 s).
    let mut seen = None;
    for _ in 0..240 {
        std::thread::sleep(Duration::from_millis(250));
        let Ok(store) = LocalStore::open(&data) else {
            continue;
        };
        let session = store.session().ok().flatten();
        let assignments = store.list_assignments().unwrap_or_default().len();
        if let (Some(session), 1..) = (session, assignments) {
            seen = Some((session, assignments));
            break;
        }
    }
    std::fs::write(&stop, "").unwrap();
    let out = child.wait_with_output().unwrap();
    let (session, assignments) = seen.unwrap_or_else(|| {
        panic!(
            "the app did not sign in and sync; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(
        session.user["username"], "inspector.depot",
        "every keystroke arrived"
    );
    assert_eq!(session.server_url, server.url);
    // Signing in synced at once: the stock check assigned to the inspector is there.
    assert_eq!(assignments, 1);
}
