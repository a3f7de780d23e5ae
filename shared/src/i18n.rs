//! The six UN languages Tracemark speaks — English, French, Spanish, Russian, Chinese
//! (Simplified) and Arabic — and message catalogues in Fluent, compiled in: the field
//! app and the browser console each keep one ([`Catalog`]), both on this one layer.
//!
//! Invariant: a missing message shows its id rather than an empty label, so a gap is
//! visible but never hides a control; [`Catalog::problems`] lists every id missing from
//! a language and every argument a translation uses differently from English (each
//! catalogue's tests assert it is empty).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::memoizer::MemoizerKind;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language Tracemark ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
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

impl Locale {
    /// Every shipped language, in the order of a [`Catalog`]'s sources.
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
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Es => "es",
            Locale::Ru => "ru",
            Locale::Zh => "zh",
            Locale::Ar => "ar",
        }
    }

    /// The language's own name, for a language picker.
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
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The first shipped language of an `Accept-Language` header, by preference.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut ranked: Vec<(u16, usize, Locale)> = header
            .split(',')
            .take(32)
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let locale = Self::from_tag(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                let q = (q.clamp(0.0, 1.0) * 1000.0) as u16;
                (q > 0).then_some((q, i, locale))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|(_, _, l)| *l)
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }

    /// A moment as this language writes it, always in UTC and saying so: `23 Nov 2026,
    /// 05:04 UTC`, `23 nov. 2026, 05:04 UTC`, `2026年11月23日 05:04 UTC`… The month is
    /// named, never a number, so a day and a month cannot be read the wrong way round.
    pub fn date_time(self, t: time::OffsetDateTime) -> String {
        let t = t.to_offset(time::UtcOffset::UTC);
        let (year, day) = (t.year(), t.day());
        let (hour, minute) = (t.hour(), t.minute());
        let month = usize::from(u8::from(t.month())) - 1;
        let name = |names: [&'static str; 12]| names.get(month).copied().unwrap_or_default();
        let day_month_year =
            |names| format!("{day} {} {year}, {hour:02}:{minute:02} UTC", name(names));
        match self {
            Locale::En => day_month_year(MONTHS_EN),
            Locale::Fr => day_month_year(MONTHS_FR),
            Locale::Es => day_month_year(MONTHS_ES),
            Locale::Ru => day_month_year(MONTHS_RU),
            Locale::Zh => format!("{year}年{}月{day}日 {hour:02}:{minute:02} UTC", month + 1),
            Locale::Ar => format!(
                "{day} {} {year}، {hour:02}:{minute:02} UTC",
                name(MONTHS_AR)
            ),
        }
    }

    /// A whole number with this language's digit grouping: `12,000` (English, Chinese,
    /// Arabic), `12 000` (French, with a narrow no-break space; Russian, with a no-break
    /// space), `12.000` (Spanish, which groups from five digits: `1200`). Digits stay
    /// Latin in every language, as codes and lot numbers beside them are.
    pub fn number(self, n: i64) -> String {
        let grouped = self.count(n.unsigned_abs());
        if n < 0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    }

    /// A count (never negative) with this language's digit grouping, as [`Locale::number`].
    pub fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let (separator, min_digits) = match self {
            Locale::En | Locale::Zh | Locale::Ar => (",", 4),
            Locale::Fr => ("\u{202f}", 4),
            Locale::Ru => ("\u{a0}", 4),
            Locale::Es => (".", 5),
        };
        if digits.len() < min_digits {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + 8);
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(d);
        }
        out
    }

    /// A difference with its sign: `+1,200`, `-5`, `0`.
    pub fn signed(self, n: i64) -> String {
        if n > 0 {
            format!("+{}", self.number(n))
        } else {
            self.number(n)
        }
    }

    /// [`Locale::date_time`] of a stored RFC 3339 time; a text that is not one is shown
    /// as it is.
    pub fn date_time_text(self, rfc3339: &str) -> String {
        time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
            .map(|t| self.date_time(t))
            .unwrap_or_else(|_| rfc3339.to_string())
    }
}

/// Abbreviated month names, as each language's usual short dates write them (CLDR).
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];
const MONTHS_RU: [&str; 12] = [
    "янв.",
    "февр.",
    "мар.",
    "апр.",
    "мая",
    "июн.",
    "июл.",
    "авг.",
    "сент.",
    "окт.",
    "нояб.",
    "дек.",
];
const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// One product's messages in every shipped language: Fluent sources in the order of
/// [`Locale::ALL`], parsed on first use.
pub struct Catalog {
    sources: [&'static str; 6],
    bundles: OnceLock<Vec<FluentBundle<FluentResource>>>,
}

impl Catalog {
    /// A catalogue of Fluent sources, in the order of [`Locale::ALL`].
    pub const fn new(sources: [&'static str; 6]) -> Self {
        Self {
            sources,
            bundles: OnceLock::new(),
        }
    }

    /// The Fluent source of one language.
    pub fn source(&self, locale: Locale) -> &'static str {
        self.sources.get(locale.index()).copied().unwrap_or("")
    }

    fn bundle(&self, locale: Locale) -> Option<&FluentBundle<FluentResource>> {
        let bundles = self.bundles.get_or_init(|| {
            Locale::ALL
                .iter()
                .map(|l| build(l.tag(), self.source(*l)))
                .collect()
        });
        bundles.get(locale.index())
    }

    /// The message `id` in `locale`.
    pub fn t(&self, locale: Locale, id: &str) -> String {
        self.t_args(locale, id, &[])
    }

    /// The message `id` in `locale` with arguments, e.g. `[("count", 3.into())]`.
    pub fn t_args(&self, locale: Locale, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some(bundle) = self.bundle(locale) else {
            return id.to_string();
        };
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

    /// Whether a message id exists in `locale`.
    pub fn has(&self, locale: Locale, id: &str) -> bool {
        self.bundle(locale).is_some_and(|b| b.has_message(id))
    }

    /// A wire value of a family (a kind, a status…) in `locale`'s words; the value
    /// itself when the catalogue has no word for it (a newer server's value reads as
    /// sent, never as blank).
    pub fn term(&self, locale: Locale, family: crate::view::Term, value: &str) -> String {
        let id = family.id(value);
        if self.has(locale, &id) {
            self.t(locale, &id)
        } else {
            value.to_string()
        }
    }

    /// Every way the translations fall short of English: syntax errors, ids missing or
    /// extra, arguments used differently. Empty when the catalogue is whole.
    pub fn problems(&self) -> Vec<String> {
        let english = self.source(Locale::En);
        let english_ids = message_ids(english);
        let mut problems = Vec::new();
        for locale in Locale::ALL {
            let (tag, source) = (locale.tag(), self.source(locale));
            if FluentResource::try_new(source.to_string()).is_err() {
                problems.push(format!("{tag}: syntax errors"));
            }
            let ids = message_ids(source);
            for id in &english_ids {
                if !ids.contains(id) || !self.has(locale, id) {
                    problems.push(format!("{tag} lacks {id}"));
                } else if variables(source, id) != variables(english, id) {
                    problems.push(format!("{tag} {id}: arguments differ from English"));
                }
            }
            for id in ids.iter().filter(|id| !english_ids.contains(id)) {
                problems.push(format!("{tag} has {id}, which English lacks"));
            }
        }
        problems
    }
}

fn build(tag: &str, source: &str) -> FluentBundle<FluentResource> {
    let lang = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // No Unicode isolation marks around arguments: they show as boxes in some fonts.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(grouped));
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

/// A bundle's language, as Fluent's formatter cache builds it once per bundle.
struct Grouping(Locale);

impl intl_memoizer::Memoizable for Grouping {
    type Args = ();
    type Error = ();

    fn construct(lang: unic_langid::LanguageIdentifier, (): ()) -> Result<Self, ()> {
        Ok(Grouping(
            Locale::from_tag(lang.language.as_str()).unwrap_or_default(),
        ))
    }
}

/// How a message writes a whole-number argument: with its language's digit grouping
/// ([`Locale::count`]), as every figure outside messages is written; Fluent's own
/// formatting groups nothing (`12000`). Plural rules still see the number. Other
/// values (fractions, numbers with options) keep Fluent's formatting.
fn grouped(
    value: &FluentValue<'_>,
    memoizer: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let o = &n.options;
    let plain = o.use_grouping
        && o.minimum_fraction_digits.is_none()
        && o.maximum_fraction_digits.is_none()
        && o.minimum_integer_digits.is_none()
        && o.minimum_significant_digits.is_none()
        && o.maximum_significant_digits.is_none();
    // Whole and exact in an f64 (2^53).
    let whole = n.value.fract() == 0.0 && n.value.abs() < 9_007_199_254_740_992.0;
    if !(plain && whole) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let n = n.value as i64;
    memoizer
        .with_try_get_threadsafe::<Grouping, _, _>((), |g| g.0.number(n))
        .ok()
}

/// Message ids in a Fluent source, in order.
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect()
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

#[cfg(test)]
mod tests {
    #[test]
    fn each_language_groups_digits_its_own_way() {
        let written: Vec<String> = Locale::ALL.iter().map(|l| l.number(1_234_567)).collect();
        assert_eq!(
            written,
            [
                "1,234,567",
                "1\u{202f}234\u{202f}567",
                "1.234.567",
                "1\u{a0}234\u{a0}567",
                "1,234,567",
                "1,234,567"
            ]
        );
        assert_eq!(Locale::Es.number(1200), "1200");
        assert_eq!(Locale::Es.number(12_000), "12.000");
        assert_eq!(Locale::En.number(999), "999");
        assert_eq!(Locale::En.number(-12_000), "-12,000");
        assert_eq!(Locale::En.signed(1200), "+1,200");
        assert_eq!(Locale::En.signed(0), "0");
        assert_eq!(Locale::Fr.signed(-5), "-5");
    }

    /// A count inside a message is grouped as the language groups it, while the plural
    /// rule still reads the number (`1 line`, `12,000 lines`); fractions keep Fluent's
    /// own writing.
    #[test]
    fn numbers_inside_messages_are_grouped_and_still_pluralised() {
        const LINES: &str = "left = { $count ->\n    [one] {$count} line left\n   *[other] {$count} lines left\n}\nshare = {$part}\n";
        static CATALOG: Catalog = Catalog::new([LINES; 6]);
        let left = |l: Locale, n: u64| CATALOG.t_args(l, "left", &[("count", n.into())]);
        assert_eq!(left(Locale::En, 1), "1 line left");
        assert_eq!(left(Locale::En, 12_000), "12,000 lines left");
        assert_eq!(left(Locale::Fr, 12_000), "12\u{202f}000 lines left");
        assert_eq!(
            left(Locale::Ru, 1_234_567),
            "1\u{a0}234\u{a0}567 lines left"
        );
        assert_eq!(left(Locale::Es, 1200), "1200 lines left");
        assert_eq!(left(Locale::Es, 12_000), "12.000 lines left");
        assert_eq!(left(Locale::Zh, 40_000), "40,000 lines left");
        assert_eq!(
            CATALOG.t_args(Locale::En, "share", &[("part", 0.25.into())]),
            "0.25"
        );
    }

    #[test]
    fn each_language_writes_a_moment_its_own_way_in_utc() {
        let t = time::macros::datetime!(2026-11-23 05:04:11 UTC);
        let written: Vec<String> = Locale::ALL.iter().map(|l| l.date_time(t)).collect();
        assert_eq!(
            written,
            [
                "23 Nov 2026, 05:04 UTC",
                "23 nov. 2026, 05:04 UTC",
                "23 nov 2026, 05:04 UTC",
                "23 нояб. 2026, 05:04 UTC",
                "2026年11月23日 05:04 UTC",
                "23 نوفمبر 2026، 05:04 UTC",
            ]
        );
        // Another offset is shown in UTC; a text that is no time stays as it is.
        assert_eq!(
            Locale::En.date_time_text("2026-01-02T01:30:00+03:00"),
            "1 Jan 2026, 22:30 UTC"
        );
        assert_eq!(Locale::Fr.date_time_text("soon"), "soon");
    }

    use super::*;

    static TEST: Catalog = Catalog::new([
        "hello = Hello, { $name }\nitems = { $count ->\n    [one] one item\n   *[other] { $count } items\n}\n",
        "hello = Bonjour, { $name }\nitems = { $count } éléments\n",
        "hello = Hola, { $name }\nitems = { $count } elementos\n",
        "hello = Привет, { $name }\nitems = { $count ->\n    [one] { $count } предмет\n    [few] { $count } предмета\n   *[many] { $count } предметов\n}\n",
        "hello = 你好，{ $nom }\n",
        "hello = مرحبا { $name }\nitems = { $count } عناصر\nextra = x\n",
    ]);

    #[test]
    fn tags_directions_and_accept_language() {
        assert_eq!(Locale::from_tag("zh-CN"), Some(Locale::Zh));
        assert_eq!(Locale::from_tag("es_MX"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("de"), None);
        assert_eq!(Locale::Ar.dir(), "rtl");
        assert_eq!(Locale::Ru.dir(), "ltr");
        assert_eq!(
            Locale::from_accept_language("de-DE,de;q=0.9,fr;q=0.8,en;q=0.7"),
            Some(Locale::Fr)
        );
        assert_eq!(
            Locale::from_accept_language("en;q=0.5, ar"),
            Some(Locale::Ar)
        );
        assert_eq!(Locale::from_accept_language("ru;q=0, de"), None);
        assert_eq!(Locale::from_accept_language(""), None);
    }

    #[test]
    fn messages_plurals_and_the_problems_of_a_catalogue() {
        let hi = TEST.t_args(Locale::Fr, "hello", &[("name", "Amina".into())]);
        assert_eq!(hi, "Bonjour, Amina");
        let ru = |n: i64| TEST.t_args(Locale::Ru, "items", &[("count", n.into())]);
        assert_eq!(ru(1), "1 предмет");
        assert_eq!(ru(3), "3 предмета");
        assert_eq!(ru(5), "5 предметов");
        assert_eq!(TEST.t(Locale::En, "missing"), "missing");
        let problems = TEST.problems();
        assert!(
            problems.contains(&"zh lacks items".to_string()),
            "{problems:?}"
        );
        assert!(problems.contains(&"zh hello: arguments differ from English".to_string()));
        assert!(problems.contains(&"ar has extra, which English lacks".to_string()));
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
