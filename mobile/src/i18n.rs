//! The field app's messages in the six UN languages — English, French, Spanish,
//! Russian, Chinese (Simplified) and Arabic — on the shared localisation layer
//! ([`tracemark_shared::i18n`]): every user-facing string goes through [`Tr`].
//!
//! Invariant: every message id exists in every shipped language with the same
//! arguments (a test checks it), and a missing id shows the id itself rather than an
//! empty label, so a gap is visible but never hides a control.

use fluent_bundle::FluentValue;
use tracemark_shared::i18n::Catalog;
pub use tracemark_shared::i18n::{Locale, message_ids};

/// The app's messages, in the order of [`Locale::ALL`].
pub static CATALOG: Catalog = Catalog::new([
    include_str!("../locales/en.ftl"),
    include_str!("../locales/fr.ftl"),
    include_str!("../locales/es.ftl"),
    include_str!("../locales/ru.ftl"),
    include_str!("../locales/zh.ftl"),
    include_str!("../locales/ar.ftl"),
]);

/// The app's messages in a language: `locale.t("app-title")`.
pub trait Tr: Copy {
    /// The message `id`.
    fn t(self, id: &str) -> String;
    /// The message `id` with arguments, e.g. `[("count", 3.into())]`.
    fn t_args(self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String;
    /// Whether a message id exists in this language.
    fn has(self, id: &str) -> bool;
}

impl Tr for Locale {
    fn t(self, id: &str) -> String {
        CATALOG.t(self, id)
    }

    fn t_args(self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        CATALOG.t_args(self, id, args)
    }

    fn has(self, id: &str) -> bool {
        CATALOG.has(self, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_with_the_same_arguments() {
        assert!(message_ids(CATALOG.source(Locale::En)).len() > 40);
        assert_eq!(CATALOG.problems(), Vec::<String>::new());
    }

    #[test]
    fn every_word_a_shared_view_hands_over_exists() {
        let ids = message_ids(CATALOG.source(Locale::En));
        let missing: Vec<String> = tracemark_shared::view::message_ids()
            .into_iter()
            .filter(|id| !ids.contains(id))
            .collect();
        assert_eq!(missing, Vec::<String>::new());
    }

    #[test]
    fn each_language_names_itself_and_counts_in_its_own_plurals() {
        let names: Vec<&str> = Locale::ALL.iter().map(|l| l.native_name()).collect();
        assert_eq!(
            names,
            [
                "English",
                "Français",
                "Español",
                "Русский",
                "简体中文",
                "العربية"
            ]
        );
        let ru = |n: i64| Locale::Ru.t_args("records-waiting", &[("count", n.into())]);
        // One, few and many are three different forms in Russian.
        assert_ne!(ru(1), ru(2));
        assert_ne!(ru(2), ru(5));
        assert_eq!(ru(21).replace("21", "1"), ru(1));
        for l in [Locale::Es, Locale::Ru, Locale::Zh] {
            assert!(
                l.t_args("records-waiting", &[("count", 3.into())])
                    .contains('3')
            );
            assert_ne!(l.t("app-title"), "app-title");
        }
        assert_eq!(Locale::from_tag("zh-CN"), Some(Locale::Zh));
        assert_eq!(Locale::from_tag("es_MX"), Some(Locale::Es));
        assert_eq!(Locale::Ru.dir(), "ltr");
    }

    #[test]
    fn arguments_plurals_and_direction() {
        let en = Locale::En.t_args("records-waiting", &[("count", 1.into())]);
        assert_eq!(en, "1 record waiting to be sent");
        let en = Locale::En.t_args("records-waiting", &[("count", 3.into())]);
        assert_eq!(en, "3 records waiting to be sent");
        assert!(Locale::Ar.t("app-title").contains("تريس"));
        assert_eq!(Locale::Ar.dir(), "rtl");
        assert_eq!(Locale::Fr.dir(), "ltr");
        assert_eq!(Locale::En.t("no-such-message"), "no-such-message");
        assert_eq!(Locale::from_tag("fr-FR"), Some(Locale::Fr));
        assert_eq!(Locale::from_tag("de"), None);
    }
}
