//! The supervisor's screens (desktop build): the review queue with a record's photos,
//! codes and history and the decision, tracing across agencies with access requests,
//! a stock check's reconciliation, imports of expected inventory and transfers, and
//! trend reports. They are online: they ask
//! the server with the session's token and, without a network, say so plainly with a
//! way to try again.
//!
//! Invariant: only a supervisor's session reaches them (the app falls back to the home
//! screen for anyone else, and the server refuses other roles anyway); each screen is a
//! thin loader over pure views, which the headless tests render in every state.

mod access;
mod detail;
mod import;
mod reconcile;
mod reports;
mod review;
mod tracing;

use crate::i18n::Tr;
use dioxus::prelude::*;
use tracemark_shared::domain::Role;
use tracemark_shared::view::Term;

use super::{AppCore, Screen, Ui};
use crate::core::supervisor::{ErrorKind, SupervisorClient, SupervisorError, role_of};
use crate::i18n::Locale;

pub use access::{AccessScreen, DecisionPanel, RequestList};
pub use import::{ImportResult, ImportScreen};
pub use reconcile::{ReconcileScreen, ReconciliationView};
pub use reports::{ReportTable, ReportsScreen};
pub use review::{EntryBody, QueueView, ReviewScreen};
pub use tracing::{LotSplitView, PartyResults, TraceResults, TracingScreen};

/// A value of a family (kind, status, scope…) in the user's language; the value itself
/// when the catalog has no word for it.
pub fn term(locale: Locale, family: Term, value: &str) -> String {
    crate::i18n::CATALOG.term(locale, family, value)
}

/// What a request brought so far: `None` while loading.
pub type Loaded<T> = Option<Result<T, SupervisorError>>;

/// The signed-in user's role, from the session kept on the device.
pub fn session_role(core: &AppCore) -> Option<Role> {
    core.store()
        .and_then(|s| s.session().ok().flatten())
        .and_then(|s| role_of(&s))
}

/// The supervisor client of the app's session.
pub fn client(core: &AppCore) -> Result<SupervisorClient, SupervisorError> {
    core.engine
        .as_ref()
        .ok_or(SupervisorError::NotSignedIn)?
        .supervisor()
}

/// An error in the user's language, with the server's words when it gave some.
pub fn describe(locale: Locale, e: &SupervisorError) -> String {
    let message = e.server_message().unwrap_or_default().to_string();
    let id = e.kind().message_id();
    let message = match (e.kind(), message.is_empty()) {
        (ErrorKind::Other, true) => e.to_string(),
        _ => message,
    };
    locale.t_args(id, &[("message", message.into())])
}

/// A failure with its way out: try again, or sign in again when the session ended.
#[component]
pub fn ErrorPanel(error: SupervisorError, on_retry: EventHandler<()>) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let kind = error.kind();
    rsx! {
        div { class: "card error-panel", role: "alert",
            p { class: "error", {describe(locale, &error)} }
            div { class: "actions",
                if kind == ErrorKind::SignedOut {
                    button { onclick: move |_| { let mut s = ui.screen; s.set(Screen::SignIn); }, {ui.t("sign-in-again")} }
                } else {
                    button { onclick: move |_| on_retry.call(()), {ui.t("try-again")} }
                }
                button { class: "secondary", onclick: move |_| { let mut s = ui.screen; s.set(Screen::Home); }, {ui.t("back-home")} }
            }
        }
    }
}

/// The title line of a supervisor screen with the way back home.
#[component]
pub fn ScreenTitle(title: String) -> Element {
    let ui = use_context::<Ui>();
    rsx! {
        div { class: "screen-title",
            button { class: "secondary small", onclick: move |_| { let mut s = ui.screen; s.set(Screen::Home); }, {ui.t("back-home")} }
            h2 { {title} }
        }
    }
}

/// A server time (`2026-11-23T05:04:11.123Z`) as the language writes it (`23 Nov 2026,
/// 05:04 UTC`); other text as it is.
pub fn short_time(locale: Locale, at: &str) -> String {
    locale.date_time_text(at)
}

/// A server time as the user's language writes it, in its own direction inside the
/// text around it.
#[component]
pub fn Time(at: String) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    rsx! { bdi { dir: locale.dir(), class: "time", {short_time(locale, &at)} } }
}

/// The supervisor's tiles on the home screen.
#[component]
pub fn SupervisorTiles() -> Element {
    let ui = use_context::<Ui>();
    let tile = |title: &'static str, help: &'static str, to: Screen| {
        rsx! {
            div { class: "card tile",
                h2 { {ui.t(title)} }
                p { class: "muted", {ui.t(help)} }
                button { onclick: move |_| { let mut s = ui.screen; s.set(to.clone()); }, {ui.t("open")} }
            }
        }
    };
    rsx! {
        div { class: "tiles supervisor-tiles",
            {tile("review-queue", "review-queue-help", Screen::Review)}
            {tile("tracing", "tracing-help", Screen::Tracing)}
            {tile("access-requests", "access-requests-help", Screen::AccessRequests)}
            {tile("reconciliation", "reconciliation-help", Screen::Reconciliation(None))}
            {tile("import-title", "import-help", Screen::Import)}
            {tile("reports", "reports-help", Screen::Reports)}
        }
    }
}

#[cfg(test)]
mod screen_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_short_and_junk_is_kept() {
        assert_eq!(
            short_time(Locale::En, "2026-11-23T05:04:11.123Z"),
            "23 Nov 2026, 05:04 UTC"
        );
        assert_eq!(
            short_time(Locale::Fr, "2026-11-23T05:04:11.123Z"),
            "23 nov. 2026, 05:04 UTC"
        );
        assert_eq!(short_time(Locale::En, "yesterday"), "yesterday");
        assert_eq!(short_time(Locale::En, "2026-11-23"), "2026-11-23");
    }

    #[test]
    fn every_error_reads_in_every_language() {
        for locale in Locale::ALL {
            for e in [
                SupervisorError::Offline("x".into()),
                SupervisorError::SignedOut,
                SupervisorError::Forbidden("no".into()),
                SupervisorError::NotFound,
                SupervisorError::Invalid("bad".into()),
                SupervisorError::Conflict("moved".into()),
                SupervisorError::Server(503, "down".into()),
                SupervisorError::TooLarge(10),
            ] {
                let text = describe(locale, &e);
                assert!(!text.starts_with("sv-"), "{locale:?} lacks words for {e:?}");
            }
        }
        assert!(
            describe(Locale::En, &SupervisorError::Invalid("bad date".into())).contains("bad date")
        );
    }
}
