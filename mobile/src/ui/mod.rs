//! The field app's screens (Dioxus 0.7): a thin layer over the core — every screen
//! reads the local store, every action writes to it (with its outbox entry) and the
//! sync engine sends it when a network is there.
//!
//! Invariant: the UI never waits on the network to save work; nothing a user typed
//! is kept only in a widget — it is in the local store as soon as they save.

mod case;
mod home;
pub mod model;
mod sign_in;
mod stock;
mod style;
pub mod supervisor;

use crate::i18n::Tr;
use dioxus::prelude::*;
use tracemark_shared::domain::Role;

use crate::core::{Device, LocalStore, SyncEngine};
use crate::i18n::Locale;

pub use case::CaseScreen;
pub use home::{Home, SyncBar};
pub use sign_in::SignIn;
pub use stock::StockCheckScreen;

/// What the app runs on: the sync engine (with its local store), or why it could not
/// open, so the app can say so instead of failing silently.
#[derive(Clone)]
pub struct AppCore {
    /// The engine, when the local store opened.
    pub engine: Option<SyncEngine>,
    /// Why the local store could not open.
    pub open_error: Option<String>,
    /// Whether to run background sync (off in headless tests).
    pub autosync: bool,
    /// The language to start in.
    pub locale: Locale,
    /// The screen to open on, when not the usual one (sign-in or home).
    pub start: Option<Screen>,
    /// Camera, gallery and GPS (the native plugin on a phone, none on desktop).
    pub device: std::sync::Arc<dyn Device>,
}

impl AppCore {
    /// The local store, if open.
    pub fn store(&self) -> Option<&LocalStore> {
        self.engine.as_ref().map(SyncEngine::store)
    }
}

/// Which screen is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// First start: server, login, device.
    SignIn,
    /// The user's work and sync status.
    Home,
    /// One assigned stock check (by assignment id).
    StockCheck(String),
    /// A seizure case or recovered cache on the device, or a new seizure case (`None`).
    Case(Option<String>),
    /// A new recovered cache.
    NewRecovery,
    /// Supervisors: the review queue.
    Review,
    /// Supervisors: the review queue with its oldest record open.
    ReviewFirst,
    /// Supervisors: trend reports.
    Reports,
    /// Supervisors: a stock check's reconciliation (this check, when given).
    Reconciliation(Option<String>),
    /// Supervisors: importing expected inventory or transfers.
    Import,
    /// Supervisors: tracing lots across agencies.
    Tracing,
    /// Supervisors: access requests, incoming and outgoing.
    AccessRequests,
}

impl Screen {
    /// Whether only a supervisor may see this screen.
    pub fn is_supervisor_only(&self) -> bool {
        matches!(
            self,
            Screen::Review
                | Screen::ReviewFirst
                | Screen::Reports
                | Screen::Reconciliation(_)
                | Screen::Import
                | Screen::Tracing
                | Screen::AccessRequests
        )
    }

    /// The message naming this screen: the window's title starts with it, so a
    /// desktop user finds the window in the task switcher by what it shows.
    pub fn title_id(&self) -> &'static str {
        match self {
            Screen::SignIn => "sign-in",
            Screen::Home => "home-title",
            Screen::StockCheck(_) => "stock-check-title",
            Screen::Case(None) => "new-case",
            Screen::Case(Some(_)) => "seizure-case",
            Screen::NewRecovery => "new-recovery",
            Screen::Review | Screen::ReviewFirst => "review-queue",
            Screen::Reports => "reports",
            Screen::Reconciliation(_) => "reconciliation",
            Screen::Import => "import-title",
            Screen::Tracing => "tracing",
            Screen::AccessRequests => "access-requests",
        }
    }
}

/// UI state shared by every screen.
#[derive(Clone, Copy)]
pub struct Ui {
    /// The screen shown.
    pub screen: Signal<Screen>,
    /// The language.
    pub locale: Signal<Locale>,
    /// Bumped whenever the store changed, so screens read it again.
    pub revision: Signal<u64>,
}

impl Ui {
    /// Translates a message id in the current language.
    pub fn t(&self, id: &str) -> String {
        (self.locale)().t(id)
    }

    /// Marks the store as changed.
    pub fn changed(mut self) {
        let next = (self.revision)() + 1;
        self.revision.set(next);
    }
}

/// The root component.
#[component]
pub fn App() -> Element {
    let core = use_context::<AppCore>();
    let signed_in = core
        .store()
        .and_then(|s| s.session().ok().flatten())
        .is_some();
    let ui = use_context_provider(|| Ui {
        screen: Signal::new(match (signed_in, core.start.clone()) {
            (false, _) => Screen::SignIn,
            (true, Some(start)) => start,
            (true, None) => Screen::Home,
        }),
        locale: Signal::new(core.locale),
        revision: Signal::new(0),
    });
    let engine = core.engine.clone();
    let autosync = core.autosync;
    use_hook(move || {
        if let (true, Some(engine)) = (autosync, engine) {
            let mut progress = engine.progress();
            let background = engine.clone();
            tokio::spawn(async move { background.run_forever().await });
            spawn(async move {
                while progress.changed().await.is_ok() {
                    ui.changed();
                }
            });
        }
    });
    let locale = (ui.locale)();
    let role = supervisor::session_role(&core);
    // A field user never sees a supervisor screen, however it was asked for.
    let screen = match (ui.screen)() {
        s if s.is_supervisor_only() && role != Some(Role::Supervisor) => Screen::Home,
        s => s,
    };
    // A supervisor works at a desk: the page may use a wide window.
    let wide = role == Some(Role::Supervisor);
    let title = format!("{} · {}", ui.t(screen.title_id()), ui.t("app-title"));
    // The window is named after the screen only once the page is in the web view, so
    // its title also tells (e.g. a test driving the window) that keys will land.
    let mut drawn = use_signal(|| false);
    rsx! {
        if drawn() {
            document::Title { {title} }
        }
        style { {style::CSS} }
        div { class: if wide { "app wide" } else { "app" }, dir: locale.dir(), lang: locale.tag(),
            header { class: "top",
                h1 { {ui.t("app-title")} }
                label { class: "muted", r#for: "language", style: "color:white;margin:0", {ui.t("language")} }
                select {
                    id: "language",
                    style: "width:auto;min-height:32px",
                    onchange: move |e| {
                        if let Some(l) = Locale::from_tag(&e.value()) {
                            let mut loc = ui.locale;
                            loc.set(l);
                        }
                    },
                    for l in Locale::ALL {
                        option { value: l.tag(), selected: l == locale, {l.native_name()} }
                    }
                }
            }
            if let Some(err) = core.open_error.clone() {
                div { class: "card error", {err} }
            }
            if screen != Screen::SignIn {
                SyncBar {}
            }
            main { onmounted: move |_| drawn.set(true),
                match screen {
                    Screen::SignIn => rsx! { SignIn {} },
                    Screen::Home => rsx! { Home {} },
                    Screen::StockCheck(id) => rsx! { StockCheckScreen { id } },
                    Screen::Case(id) => rsx! { CaseScreen { id } },
                    Screen::NewRecovery => rsx! { CaseScreen { id: None, recovery: true } },
                    Screen::Review => rsx! { supervisor::ReviewScreen {} },
                    Screen::ReviewFirst => rsx! { supervisor::ReviewScreen { open_first: true } },
                    Screen::Reports => rsx! { supervisor::ReportsScreen {} },
                    Screen::Reconciliation(check) => rsx! { supervisor::ReconcileScreen { check } },
                    Screen::Import => rsx! { supervisor::ImportScreen {} },
                    Screen::Tracing => rsx! { supervisor::TracingScreen {} },
                    Screen::AccessRequests => rsx! { supervisor::AccessScreen {} },
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_names_itself_in_every_language() {
        let screens = [
            Screen::SignIn,
            Screen::Home,
            Screen::StockCheck("a".into()),
            Screen::Case(None),
            Screen::Case(Some("c".into())),
            Screen::NewRecovery,
            Screen::Review,
            Screen::ReviewFirst,
            Screen::Reports,
            Screen::Reconciliation(None),
            Screen::Import,
            Screen::Tracing,
            Screen::AccessRequests,
        ];
        for locale in Locale::ALL {
            for screen in &screens {
                assert!(locale.has(screen.title_id()), "{locale:?} {screen:?}");
            }
        }
        assert_eq!(Locale::En.t(Screen::SignIn.title_id()), "Sign in");
    }
}
