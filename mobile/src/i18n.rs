//! The one localisation layer every user-facing string goes through: Fluent message
//! files for the six UN languages — English, French, Spanish, Russian, Chinese
//! (Simplified) and Arabic — compiled into the app.
//!
//! Invariant: every message id exists in every shipped language (a test checks it),
//! and a missing id shows the id itself rather than an empty label, so a gap is
//! visible but never hides a control.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language the app ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Russian.
    Ru,
    /// Chinese (Simplified).
    Zh,
    /// Arabic (right to left).
    Ar,
}

const SOURCES: &[(Locale, &str, &str)] = &[
    (Locale::En, "en", include_str!("../locales/en.ftl")),
    (Locale::Fr, "fr", include_str!("../locales/fr.ftl")),
    (Locale::Es, "es", include_str!("../locales/es.ftl")),
    (Locale::Ru, "ru", include_str!("../locales/ru.ftl")),
    (Locale::Zh, "zh", include_str!("../locales/zh.ftl")),
    (Locale::Ar, "ar", include_str!("../locales/ar.ftl")),
];

impl Locale {
    /// Every shipped language.
    pub const ALL: [Locale; 6] = [
        Locale::En,
        Locale::Fr,
        Locale::Es,
        Locale::Ru,
        Locale::Zh,
        Locale::Ar,
    ];

    /// BCP 47 tag, e.g. `fr`.
    pub fn tag(self) -> &'static str {
        SOURCES
            .iter()
            .find(|(l, _, _)| *l == self)
            .map(|(_, tag, _)| *tag)
            .unwrap_or("en")
    }

    /// The language's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Es => "Español",
            Locale::Ru => "Русский",
            Locale::Zh => "简体中文",
            Locale::Ar => "العربية",
        }
    }

    /// Text direction: `rtl` for Arabic, `ltr` otherwise.
    pub fn dir(self) -> &'static str {
        match self {
            Locale::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// The locale for a tag such as `fr-FR`, if shipped.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        SOURCES
            .iter()
            .find(|(_, t, _)| *t == primary)
            .map(|(l, _, _)| *l)
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: OnceLock<Vec<(Locale, FluentBundle<FluentResource>)>> = OnceLock::new();
        let bundles = BUNDLES.get_or_init(|| {
            SOURCES
                .iter()
                .map(|(l, tag, src)| (*l, build(tag, src)))
                .collect()
        });
        bundles
            .iter()
            .find(|(l, _)| *l == self)
            .or_else(|| bundles.first())
            .map(|(_, b)| b)
            .unwrap_or_else(|| unreachable_bundle())
    }

    /// The message `id` in this language.
    pub fn t(self, id: &str) -> String {
        self.t_args(id, &[])
    }

    /// The message `id` with arguments, e.g. `[("count", 3.into())]`.
    pub fn t_args(self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }

    /// Whether a message id exists in this language.
    pub fn has(self, id: &str) -> bool {
        self.bundle().has_message(id)
    }
}

fn build(tag: &str, source: &str) -> FluentBundle<FluentResource> {
    let lang = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // No Unicode isolation marks around arguments: they show as boxes in some fonts.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

fn unreachable_bundle() -> &'static FluentBundle<FluentResource> {
    static EMPTY: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    EMPTY.get_or_init(|| build("en", ""))
}

/// Message ids in a Fluent source, in order.
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message() {
        let english = message_ids(SOURCES[0].2);
        assert!(english.len() > 40);
        for (locale, tag, source) in SOURCES {
            assert!(
                FluentResource::try_new(source.to_string()).is_ok(),
                "{tag} has syntax errors"
            );
            let ids = message_ids(source);
            for id in &english {
                assert!(ids.contains(id), "{tag} lacks {id}");
                assert!(locale.has(id), "{tag} cannot format {id}");
            }
            assert_eq!(ids.len(), english.len(), "{tag} has messages English lacks");
        }
    }

    /// The `$variables` of one message, as written in its source line(s).
    fn variables(source: &str, id: &str) -> std::collections::BTreeSet<String> {
        let mut inside = false;
        let mut vars = std::collections::BTreeSet::new();
        for line in source.lines() {
            if line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                inside = line.split_once('=').is_some_and(|(k, _)| k.trim() == id);
            }
            if !inside {
                continue;
            }
            for part in line.split('$').skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                vars.insert(name);
            }
        }
        vars
    }

    #[test]
    fn every_language_uses_the_same_arguments_as_english() {
        let english = SOURCES[0].2;
        for (_, tag, source) in SOURCES {
            for id in message_ids(english) {
                assert_eq!(
                    variables(source, &id),
                    variables(english, &id),
                    "{tag} {id}"
                );
            }
        }
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
