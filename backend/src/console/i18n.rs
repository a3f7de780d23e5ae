//! The console's messages in the six UN languages, and the language of each request:
//! the one the user picked (a cookie), else the browser's preference, else English.
//!
//! Invariant: every message id exists in every language with the same arguments (a
//! test checks it); the language is set for the whole handling of a request, error
//! pages included.

use axum::extract::{Path, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use fluent_bundle::FluentValue;
use tracemark_shared::i18n::Catalog;
pub use tracemark_shared::i18n::Locale;

/// The console's messages, in the order of [`Locale::ALL`].
pub static CATALOG: Catalog = Catalog::new([
    include_str!("../../locales/en.ftl"),
    include_str!("../../locales/fr.ftl"),
    include_str!("../../locales/es.ftl"),
    include_str!("../../locales/ru.ftl"),
    include_str!("../../locales/zh.ftl"),
    include_str!("../../locales/ar.ftl"),
]);

/// The cookie that keeps the user's choice.
const LANG: &str = "tm_lang";

tokio::task_local! {
    static CURRENT: Locale;
}

/// The language of the request being handled.
pub fn current() -> Locale {
    CURRENT.try_with(|l| *l).unwrap_or_default()
}

/// Runs `f` as if handling a request in language `l` (for tests of page bodies).
#[cfg(test)]
pub fn in_language<R>(l: Locale, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(l, f)
}

/// The message `id` in the request's language.
pub fn t(id: &str) -> String {
    CATALOG.t(current(), id)
}

/// The message `id` with arguments in the request's language.
pub fn ta(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    CATALOG.t_args(current(), id, args)
}

fn chosen(headers: &HeaderMap) -> Locale {
    let picked = super::session::cookie(headers, LANG).and_then(Locale::from_tag);
    picked
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}

/// Runs the rest of the request in its language.
pub async fn with_language(request: Request, next: Next) -> Response {
    let locale = chosen(request.headers());
    CURRENT.scope(locale, next.run(request)).await
}

/// `GET /language/{tag}`: keeps the choice in a cookie and goes back to the start.
pub async fn pick(Path(tag): Path<String>) -> Response {
    let Some(locale) = Locale::from_tag(&tag) else {
        return Redirect::to("/").into_response();
    };
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LANG}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        locale.tag()
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_console_message_with_the_same_arguments() {
        assert!(tracemark_shared::i18n::message_ids(CATALOG.source(Locale::En)).len() > 100);
        assert_eq!(CATALOG.problems(), Vec::<String>::new());
    }

    #[test]
    fn every_word_a_shared_view_hands_over_exists() {
        let ids = tracemark_shared::i18n::message_ids(CATALOG.source(Locale::En));
        let missing: Vec<String> = tracemark_shared::view::message_ids()
            .into_iter()
            .filter(|id| !ids.contains(id))
            .collect();
        assert_eq!(missing, Vec::<String>::new());
    }

    #[test]
    fn every_message_the_pages_ask_for_exists() {
        let sources = [
            include_str!("admin.rs"),
            include_str!("checks.rs"),
            include_str!("imports.rs"),
            include_str!("page.rs"),
            include_str!("records.rs"),
            include_str!("reports.rs"),
            include_str!("review.rs"),
            include_str!("session.rs"),
            include_str!("tracing.rs"),
        ];
        let ids = tracemark_shared::i18n::message_ids(CATALOG.source(Locale::En));
        let mut asked = 0;
        for source in sources {
            for call in ["t(\"", "ta(\""] {
                for (at, _) in source.match_indices(call) {
                    // `t(` itself, not the end of another name (`BadRequest(`).
                    let before = source[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let id: String = source[at + call.len()..]
                        .chars()
                        .take_while(|c| *c != '"')
                        .collect();
                    assert!(ids.contains(&id), "no message {id:?}");
                    asked += 1;
                }
            }
        }
        assert!(asked > 100, "{asked}");
    }

    #[test]
    fn the_picked_language_wins_over_the_browsers() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("ru, en;q=0.5"),
        );
        assert_eq!(chosen(&h), Locale::Ru);
        h.insert(header::COOKIE, HeaderValue::from_static("tm_lang=ar"));
        assert_eq!(chosen(&h), Locale::Ar);
        assert_eq!(chosen(&HeaderMap::new()), Locale::En);
    }
}
