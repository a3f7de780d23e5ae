//! The field app end to end, as a user drives it: the real desktop binary under Xvfb,
//! typed into with xdotool at keyboard-wedge-scanner speed, signing in to the real
//! service and receiving its assigned stock check; and a customs officer recording a
//! box label: its photo picked through the real file dialog, its codes filling the
//! item, then three actions; and the same photo dragged onto the item from outside the
//! window. What the app did is read back from its own local store while
//! it runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tracemark_mobile::core::LocalStore;
use tracemark_mobile::core::store::RecordBody;
use tracemark_shared::domain::{CaseStatus, RecordKind, SeizureCase};
use tracemark_tests::{DEMO_PASSWORD, Server, app_binary};

fn require_tools() {
    for tool in ["xvfb-run", "xdotool", "zenity", "xclip"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .unwrap();
        assert!(
            found.status.success(),
            "{tool} is missing: run scripts/install-deps"
        );
    }
}

/// Waits until the window shows the screen titled `ready` (the app names its window
/// after the screen once the page is drawn, see `Screen::title_id`), then runs `keys`
/// (shell lines of xdotool) in it, writes the `typed` file beside `stop`, and keeps
/// the app open until `stop` exists (or 3 minutes). Waits are generous: the suite runs
/// many tests at once on a small machine.
fn window_script(keys: &str, ready: &str, stop: &Path) -> String {
    format!(
        r#"{app} & pid=$!
for i in $(seq 1 600); do sleep 0.5; xdotool search --onlyvisible --name '{ready}' >/dev/null 2>&1 && break; done
sleep 1
w=$(xdotool search --onlyvisible --name '{ready}' | head -1)
xdotool windowactivate --sync $w 2>/dev/null; xdotool windowfocus --sync $w
{keys}
touch '{typed}'
for i in $(seq 1 900); do sleep 0.2; [ -e '{stop}' ] && break; done
kill $pid; wait $pid 2>/dev/null; true"#,
        app = app_binary().display(),
        stop = stop.display(),
        typed = typed(stop).display(),
    )
}

/// The file the window script writes once it has typed its keys.
fn typed(stop: &Path) -> PathBuf {
    stop.with_file_name("typed")
}

/// The app under Xvfb on a `screen` (`WIDTHxHEIGHT`) with its data in `data`.
fn run_app(script: &str, screen: &str, data: &Path, home: &Path, env: &[(&str, &str)]) -> Child {
    let mut cmd = Command::new("xvfb-run");
    cmd.args([
        "-a",
        "-s",
        &format!("-screen 0 {screen}x24"),
        "bash",
        "-c",
        script,
    ])
    .env("HOME", home)
    .env("TRACEMARK_APP_DATA", data)
    .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
    .env("LANG", "en_US.UTF-8")
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

/// Polls the app's store (at most 3 minutes) until `done` gives a value.
fn watch<T>(data: &Path, mut done: impl FnMut(&LocalStore) -> Option<T>) -> Option<T> {
    for _ in 0..720 {
        std::thread::sleep(Duration::from_millis(250));
        if let Some(v) = LocalStore::open(data).ok().as_ref().and_then(&mut done) {
            return Some(v);
        }
    }
    None
}

/// Waits (at most 5 minutes: a loaded machine starts the window slowly) until the
/// window script has typed its keys, then watches the store like [`watch`].
fn watch_after_typing<T>(
    d: &Dirs,
    done: impl FnMut(&LocalStore) -> Option<T>,
) -> Result<Option<T>, &'static str> {
    let typed = typed(&d.stop);
    for _ in 0..1200 {
        if typed.exists() {
            return Ok(watch(&d.data, done));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err("the window never became ready for keys")
}

struct Dirs {
    _root: tempfile::TempDir,
    data: PathBuf,
    home: PathBuf,
    stop: PathBuf,
}

fn dirs() -> Dirs {
    let root = tempfile::tempdir().unwrap();
    let (data, home) = (root.path().join("app"), root.path().join("home"));
    std::fs::create_dir_all(&home).unwrap();
    Dirs {
        stop: root.path().join("stop"),
        data,
        home,
        _root: root,
    }
}

/// Signs `user` in through the phone-sized window, keyboard only: Tab from the
/// language picker to the server address, then on. Returns the running app.
fn sign_in(server: &Server, user: &str, d: &Dirs) -> Child {
    let keys = format!(
        "xdotool key --delay 100 Tab Tab
xdotool key ctrl+a
xdotool type --delay 15 '{url}'
xdotool key Tab; xdotool type --delay 15 '{user}'
xdotool key Tab; xdotool type --delay 15 '{password}'
xdotool key Return",
        url = server.url,
        password = DEMO_PASSWORD,
    );
    run_app(
        &window_script(&keys, "Sign in", &d.stop),
        "420x800",
        &d.data,
        &d.home,
        &[],
    )
}

fn finish(child: Child, d: &Dirs) -> String {
    std::fs::write(&d.stop, "").unwrap();
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_file(&d.stop);
    let _ = std::fs::remove_file(typed(&d.stop));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The customs officer signed in through the window (then closed), in fresh folders.
fn officer_signed_in(server: &Server) -> Dirs {
    let d = dirs();
    let app = sign_in(server, "officer.customs", &d);
    let signed_in = watch_after_typing(&d, |store| store.session().ok().flatten());
    let stderr = finish(app, &d);
    let signed_in = signed_in.unwrap_or_else(|e| panic!("{e}; stderr: {stderr}"));
    assert!(signed_in.is_some(), "the officer did not sign in: {stderr}");
    d
}

/// Opens the desktop-sized window on the screen `open` (titled `title`: a new case or
/// recovered cache), types `keys` in it, and waits for the first case the app stores.
fn first_case_typed(
    d: &Dirs,
    keys: &str,
    title: &str,
    open: &str,
) -> (Child, Result<Option<SeizureCase>, &'static str>) {
    let app = run_app(
        &window_script(keys, title, &d.stop),
        "1280x800",
        &d.data,
        &d.home,
        &[
            ("TRACEMARK_APP_OPEN", open),
            ("TRACEMARK_APP_WINDOW", "1280x800"),
        ],
    );
    let case = watch_after_typing(d, |store| {
        let records = store.list_records(Some(RecordKind::SeizureCase)).ok()?;
        records.into_iter().find_map(|r| match r.body {
            RecordBody::SeizureCase(case) => Some(*case),
            RecordBody::CountLine(_) => None,
        })
    });
    (app, case)
}

/// The demo's box-label photo (a QR code with lot, year, quantity and NSN).
fn box_label_photo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../assets/demo/box-label.jpg")
        .canonicalize()
        .unwrap()
}

#[test]
fn inspector_signs_in_through_the_window_and_gets_the_assignment() {
    require_tools();
    let server = Server::demo();
    let d = dirs();
    let app = sign_in(&server, "inspector.depot", &d);
    // Watch the app's own store until it is signed in and has synced.
    let seen = watch_after_typing(&d, |store| {
        let session = store.session().ok().flatten()?;
        let assignments = store.list_assignments().unwrap_or_default().len();
        (assignments > 0).then_some((session, assignments))
    });
    let stderr = finish(app, &d);
    let (session, assignments) = seen
        .unwrap_or_else(|e| panic!("{e}; stderr: {stderr}"))
        .unwrap_or_else(|| panic!("the app did not sign in and sync; stderr: {stderr}"));
    assert_eq!(
        session.user["username"], "inspector.depot",
        "every keystroke arrived"
    );
    assert_eq!(session.server_url, server.url);
    // Signing in synced at once: the stock check assigned to the inspector is there.
    assert_eq!(assignments, 1);
}

/// Tab presses from the top of a new case to the fields it needs and to the photo
/// input, in a desktop-sized window: language, sync now, sign out, back, reference
/// (5), the date's day, month and year, mode, place (10), latitude, longitude, use my
/// position, concealment, origin, destination, transit, point of dispatch, add a
/// party, calibre, manufacturer, lot, sub-lot, year, quantity, unit, NSN, ammunition
/// type, then the file input (29). Change them with the form.
const TABS_TO_REFERENCE: u32 = 5;
const TABS_TO_PLACE: u32 = 10;
const TABS_TO_PHOTO_INPUT: u32 = 29;
/// After the photo, focus is back on the item's photo input. Back from it to the
/// calibre: the code read (one button), ammunition type, NSN, unit, quantity, year,
/// sub-lot, lot, maker, calibre.
const BACK_FROM_PHOTO_TO_CALIBRE: u32 = 10;
/// From the maker on to "Save draft": lot, sub-lot, year, quantity, unit, NSN,
/// ammunition type, the code read, the photo input, add an item, add victims, who may
/// see the case, then the button.
const TABS_MAKER_TO_SAVE: u32 = 13;

/// The box label, end to end: the officer has typed the case's reference and place,
/// picks the label's photo through the real file dialog, and its codes fill the item
/// (lot, year, quantity, NSN, the code read). This label's codes carry no calibre and
/// no maker (they are printed as text), so recording it takes three actions after the
/// photo: type the calibre, type the maker, "Save draft" (reached here with Tab; taps
/// on a phone). The case is read back from the device's store, in the outbox for the
/// next sync.
#[test]
fn officer_records_a_box_label_in_three_actions_after_the_photo() {
    require_tools();
    let server = Server::demo();
    let d = officer_signed_in(&server);

    let photo = box_label_photo();
    // The photo's path is pasted, not typed: the dialog's location bar completes
    // folder names as they are typed, which races with a fast typist. The codes are
    // read while the script waits; then the three actions.
    let keys = format!(
        "xdotool key --delay 80 --repeat {TABS_TO_REFERENCE} Tab
xdotool type --delay 15 'KE-CUS-2026-0117'
xdotool key --delay 80 --repeat {to_place} Tab
xdotool type --delay 15 'Namanga border post'
xdotool key --delay 80 --repeat {to_photo} Tab
sleep 1; xdotool key space
for i in $(seq 1 120); do sleep 0.5; xdotool search --onlyvisible --class zenity >/dev/null 2>&1 && break; done
sleep 2
xdotool windowfocus --sync $(xdotool search --onlyvisible --class zenity | head -1)
printf %s '{path}' | xclip -selection clipboard
xdotool key ctrl+l; sleep 1; xdotool key ctrl+a ctrl+v; sleep 1; xdotool key Return
sleep 15
xdotool key --delay 200 --repeat {BACK_FROM_PHOTO_TO_CALIBRE} shift+Tab
xdotool type --delay 15 '7.62x39mm'
xdotool key Tab; xdotool type --delay 15 '17'
xdotool key --delay 200 --repeat {TABS_MAKER_TO_SAVE} Tab
sleep 1; xdotool key Return",
        to_place = TABS_TO_PLACE - TABS_TO_REFERENCE,
        to_photo = TABS_TO_PHOTO_INPUT - TABS_TO_PLACE,
        path = photo.display()
    );
    let (app, case) = first_case_typed(&d, &keys, "New seizure case", "new-case");
    let stderr = finish(app, &d);
    let case = case
        .unwrap_or_else(|e| panic!("{e}; stderr: {stderr}"))
        .unwrap_or_else(|| {
            let draft = LocalStore::open(&d.data)
                .ok()
                .and_then(|s| s.form_draft("case:new").ok().flatten());
            panic!(
                "no case saved after the photo and three actions; draft {draft:?}; stderr: {stderr}"
            )
        });
    assert_eq!(case.reference, "KE-CUS-2026-0117");
    assert_eq!(case.status, CaseStatus::Draft);
    let item = &case.items[0];
    assert_eq!(item.lot.calibre, "7.62x39mm", "{item:?}");
    assert_eq!(item.lot.manufacturer, "17", "{item:?}");
    assert_eq!(item.lot.lot, "17-85-0412", "{item:?}");
    assert_eq!(item.quantity, 1440);
    assert_eq!(item.lot.year, Some(1985));
    assert_eq!(item.photos.len(), 1);
    assert!(
        item.markings.iter().any(|m| m.contains("1T17-85-0412")),
        "{item:?}"
    );
}

/// Tab presses on a new recovered cache in a desktop-sized window: language, sync
/// now, sign out, back, reference (5), the date's day, month and year, place (9),
/// latitude, longitude, use my position, concealment, how it was found, condition,
/// recovered by (16), what was done, the action's day, month and year, how it was
/// done, add a party, calibre (23), manufacturer, lot, sub-lot, year, quantity (28),
/// unit, NSN, ammunition type, the file input, add an item, add victims, who may see
/// it, save draft, submit (37). Change them with the form.
const CACHE_TABS_TO_REFERENCE: u32 = 5;
const CACHE_TABS_TO_PLACE: u32 = 9;
const CACHE_TABS_TO_RECOVERED_BY: u32 = 16;
const CACHE_TABS_TO_CALIBRE: u32 = 23;
const CACHE_TABS_TO_QUANTITY: u32 = 28;
const CACHE_TABS_TO_SUBMIT: u32 = 37;

/// A recovered cache, end to end through the window: the officer opens a new
/// recovered cache, types its reference, place, who recovered it and its item, and
/// submits; the app syncs it, and the service holds it as a recovered cache in the
/// agency's review queue.
#[test]
fn officer_records_a_recovered_cache_that_reaches_the_review_queue() {
    require_tools();
    let server = Server::demo();
    let d = officer_signed_in(&server);
    let keys = format!(
        "xdotool key --delay 80 --repeat {CACHE_TABS_TO_REFERENCE} Tab
xdotool type --delay 15 'KE-CUS-CACHE-77'
xdotool key --delay 80 --repeat {to_place} Tab
xdotool type --delay 15 'Garissa'
xdotool key --delay 80 --repeat {to_by} Tab
xdotool type --delay 15 'Garissa EOD team'
xdotool key --delay 80 --repeat {to_calibre} Tab
xdotool type --delay 15 '82mm'
xdotool key Tab; xdotool type --delay 15 '17'
xdotool key Tab; xdotool type --delay 15 'M-44'
xdotool key --delay 80 --repeat {to_quantity} Tab
xdotool type --delay 15 '12'
xdotool key --delay 200 --repeat {to_submit} Tab
sleep 1; xdotool key Return",
        to_place = CACHE_TABS_TO_PLACE - CACHE_TABS_TO_REFERENCE,
        to_by = CACHE_TABS_TO_RECOVERED_BY - CACHE_TABS_TO_PLACE,
        to_calibre = CACHE_TABS_TO_CALIBRE - CACHE_TABS_TO_RECOVERED_BY,
        to_quantity = CACHE_TABS_TO_QUANTITY - CACHE_TABS_TO_CALIBRE - 2,
        to_submit = CACHE_TABS_TO_SUBMIT - CACHE_TABS_TO_QUANTITY,
    );
    let (app, case) = first_case_typed(&d, &keys, "New recovered cache", "new-recovery");
    // The submitted cache reaches the service (the app syncs on submit).
    let supervisor = server.login("supervisor.customs");
    let mut queued = None;
    if matches!(case, Ok(Some(_))) {
        for _ in 0..240 {
            let (_, page) = server.get(
                "/api/v1/review/queue?kind=recovered_cache",
                Some(&supervisor),
            );
            queued = page["entries"]
                .as_array()
                .and_then(|e| e.iter().find(|e| e["title"] == "KE-CUS-CACHE-77").cloned());
            if queued.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }
    let stderr = finish(app, &d);
    let case = case
        .unwrap_or_else(|e| panic!("{e}; stderr: {stderr}"))
        .unwrap_or_else(|| {
            let draft = LocalStore::open(&d.data)
                .ok()
                .and_then(|s| s.form_draft("recovery:new").ok().flatten());
            panic!("no recovered cache saved; draft {draft:?}; stderr: {stderr}")
        });
    assert_eq!(case.reference, "KE-CUS-CACHE-77");
    assert_eq!(case.status, CaseStatus::Submitted);
    assert_eq!(case.kind(), RecordKind::RecoveredCache);
    let recovery = case.recovery.clone().unwrap();
    assert_eq!(recovery.recovered_by, "Garissa EOD team");
    let item = &case.items[0];
    assert_eq!(
        (&item.lot.calibre[..], &item.lot.lot[..], item.quantity),
        ("82mm", "M-44", 12),
        "{item:?}"
    );
    let queued = queued.unwrap_or_else(|| panic!("not in the review queue; stderr: {stderr}"));
    assert_eq!(queued["kind"], "recovered_cache");
}

/// A point inside the item's card in a 1280x2300 window showing a new case (at its
/// calibre), and where the drag source sits, right of the window.
const DROP_AT: (u32, u32) = (640, 1200);
const SOURCE_AT: (u32, u32) = (1350, 100);

/// A photo dragged from outside the window onto the item, as from a file manager: a
/// real XDND drag (xdotool moving the pointer with the button held, from a GTK drag
/// source offering the file) that the window's own drop handling receives; the codes
/// on the photo fill the item as when it is picked.
#[test]
fn a_photo_dropped_on_the_item_fills_it() {
    require_tools();
    let server = Server::demo();
    let d = officer_signed_in(&server);

    let gtk = Command::new("/usr/bin/python3")
        .args(["-c", "import gi; gi.require_version('Gtk', '3.0')"])
        .status();
    assert!(
        gtk.is_ok_and(|s| s.success()),
        "Debian's python3-gi with GTK 3 is missing: run scripts/install-deps"
    );
    let photo = box_label_photo();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/drag-source.py");
    let (sx, sy) = SOURCE_AT;
    let (dx, dy) = DROP_AT;
    let keys = format!(
        "/usr/bin/python3 '{source}' '{photo}' {sx} {sy} & src=$!
for i in $(seq 1 60); do sleep 0.5; xdotool search --onlyvisible --name 'tracemark drag source' >/dev/null 2>&1 && break; done
sleep 1
xdotool mousemove {px} {py}; sleep 0.3; xdotool mousedown 1
for x in $(seq {px} -40 {dx}); do xdotool mousemove $x {dy}; sleep 0.05; done
sleep 0.5; xdotool mouseup 1
sleep 15
kill $src",
        source = source.display(),
        photo = photo.display(),
        px = sx + 100,
        py = sy + 100,
    );
    let app = run_app(
        &window_script(&keys, "New seizure case", &d.stop),
        "1600x2400",
        &d.data,
        &d.home,
        &[
            ("TRACEMARK_APP_OPEN", "new-case"),
            ("TRACEMARK_APP_WINDOW", "1280x2300"),
        ],
    );
    let item = watch_after_typing(&d, |store| {
        let form = store.form_draft("case:new").ok().flatten()?;
        let item = form["items"][0][1].clone();
        (!item["lot"].as_str().unwrap_or_default().is_empty()).then_some(item)
    });
    let stderr = finish(app, &d);
    let item = item
        .unwrap_or_else(|e| panic!("{e}; stderr: {stderr}"))
        .unwrap_or_else(|| panic!("nothing came of the drop; stderr: {stderr}"));
    assert_eq!(item["lot"], "17-85-0412", "{item}");
    assert_eq!(item["quantity"], "1440");
    assert_eq!(item["photos"].as_array().unwrap().len(), 1);
}
