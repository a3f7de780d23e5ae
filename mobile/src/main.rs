//! `tracemark-app`: the field app. On Linux, macOS and Windows a desktop window; on
//! Android and iOS the same code bundled by `dx` (see the README).
#![forbid(unsafe_code)]

use std::sync::Arc;
use tracemark_mobile::core::store::default_data_dir;

use tracemark_mobile::core::{Device, LocalStore, PlatformDevice, SyncConfig, SyncEngine};
use tracemark_mobile::i18n::Locale;
use tracemark_mobile::ui::{App, AppCore, Screen};

/// Opens the local store in the app's data folder (or `TRACEMARK_APP_DATA`).
fn core() -> AppCore {
    let locale = std::env::var("LANG")
        .ok()
        .and_then(|l| Locale::from_tag(&l))
        .unwrap_or_default();
    // On a phone the data folder comes from the platform (the device plugin); on
    // desktop from the usual per-user data folder.
    let dir = match std::env::var_os("TRACEMARK_APP_DATA") {
        Some(d) => Ok(std::path::PathBuf::from(d)),
        None if tracemark_device::has_plugin() => {
            tracemark_device::data_dir().map_err(|e| e.to_string())
        }
        None => default_data_dir().map_err(|e| e.to_string()),
    };
    let device: Arc<dyn Device> = Arc::new(PlatformDevice);
    let opened = dir.and_then(|d| LocalStore::open(&d).map_err(|e| e.to_string()));
    let engine = opened
        .and_then(|store| SyncEngine::new(store, SyncConfig::default()).map_err(|e| e.to_string()));
    match engine {
        Ok(engine) => AppCore {
            start: start_screen(engine.store()),
            engine: Some(engine),
            open_error: None,
            autosync: true,
            locale,
            device,
        },
        Err(e) => AppCore {
            engine: None,
            open_error: Some(e),
            autosync: false,
            locale,
            start: None,
            device,
        },
    }
}

/// `TRACEMARK_APP_OPEN=home|new-case|new-recovery|stock-check|review|review-first|reports|
/// reconciliation|import|tracing|access-requests` opens a signed-in app
/// on that screen (the first assigned stock check), for screenshots and
/// demonstrations. Supervisor screens open only for a supervisor's session.
fn start_screen(store: &LocalStore) -> Option<Screen> {
    match std::env::var("TRACEMARK_APP_OPEN").ok()?.as_str() {
        "home" => Some(Screen::Home),
        "new-case" => Some(Screen::Case(None)),
        "new-recovery" => Some(Screen::NewRecovery),
        "review" => Some(Screen::Review),
        "review-first" => Some(Screen::ReviewFirst),
        "reports" => Some(Screen::Reports),
        "reconciliation" => Some(Screen::Reconciliation(None)),
        "import" => Some(Screen::Import),
        "tracing" => Some(Screen::Tracing),
        "access-requests" => Some(Screen::AccessRequests),
        "stock-check" => store
            .list_assignments()
            .ok()?
            .into_iter()
            .next()
            .map(|a| Screen::StockCheck(a.id)),
        _ => None,
    }
}

/// The window's size: phone-sized by default, `TRACEMARK_APP_WINDOW=1280x800` for a
/// supervisor's desktop.
#[cfg(feature = "desktop")]
fn window_size() -> dioxus::desktop::LogicalSize<f64> {
    let (w, h) = std::env::var("TRACEMARK_APP_WINDOW")
        .ok()
        .and_then(|s| {
            let (w, h) = s.split_once('x')?;
            Some((w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?))
        })
        .filter(|(w, h)| (320.0..=8000.0).contains(w) && (320.0..=8000.0).contains(h))
        .unwrap_or((420.0, 800.0));
    dioxus::desktop::LogicalSize::new(w, h)
}

fn main() {
    let core = core();
    #[cfg(feature = "desktop")]
    {
        use dioxus::desktop::{Config, WindowBuilder};
        dioxus::LaunchBuilder::desktop()
            .with_cfg(
                Config::new().with_menu(None).with_window(
                    WindowBuilder::new()
                        .with_title("Tracemark")
                        .with_inner_size(window_size()),
                ),
            )
            .with_context(core)
            .launch(App);
    }
    #[cfg(not(feature = "desktop"))]
    dioxus::LaunchBuilder::new().with_context(core).launch(App);
}
