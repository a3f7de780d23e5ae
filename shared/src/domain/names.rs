//! Names, identifiers and places as parties across cases are compared: the same
//! broker written "Example Freight Ltd" in one seizure and "EXAMPLE FREIGHT LIMITED"
//! in another is one broker; a vessel's IMO number matches with or without its
//! prefix.
//!
//! Invariant: each key is a pure function of its text (no vocabulary beyond the
//! legal forms listed here), so a key stored with a record and a key computed for a
//! search always agree.

/// Legal forms left out of a party's name key: they tell nothing about who it is.
const LEGAL_FORMS: &[&str] = &[
    "ltd",
    "limited",
    "llc",
    "inc",
    "incorporated",
    "co",
    "corp",
    "corporation",
    "company",
    "plc",
    "llp",
    "gmbh",
    "ag",
    "sa",
    "sarl",
    "sas",
    "srl",
    "spa",
    "bv",
    "nv",
    "fze",
    "fzco",
    "fzc",
    "fzllc",
    "pty",
    "pvt",
    "ltda",
    "the",
    "ооо",
    "зао",
    "оао",
    "пао",
    "ао",
    "شركة",
];

/// Legal forms written at the end of a Chinese name without a space.
const CJK_LEGAL_SUFFIXES: &[&str] = &["有限责任公司", "有限公司", "公司"];

/// Lower-case words of `text`: letters and digits of any script, dots dropped inside
/// abbreviations (`L.L.C.` is `llc`), everything else a separator.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('.', "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A party's name as parties are compared: its words in lower case, legal forms
/// left out (`Example Freight Ltd` and `EXAMPLE FREIGHT LIMITED` are
/// `example freight`). A name of legal forms only keeps them.
pub fn party_key(name: &str) -> String {
    let mut all = words(name);
    if let Some(last) = all.last_mut()
        && let Some(stem) = CJK_LEGAL_SUFFIXES
            .iter()
            .find_map(|s| last.strip_suffix(s).filter(|stem| !stem.is_empty()))
    {
        *last = stem.to_string();
    }
    let kept: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|w| !LEGAL_FORMS.contains(w))
        .collect();
    if kept.is_empty() {
        all.join(" ")
    } else {
        kept.join(" ")
    }
}

/// A place or a concealment method as searches compare it: its words in lower case.
pub fn place_key(text: &str) -> String {
    words(text).join(" ")
}

/// An identifier (IMO number, aircraft registration, company number) as parties are
/// compared: letters and digits in upper case, an `IMO` prefix dropped
/// (`IMO 9074729` is `9074729`, `5Y-KQA` is `5YKQA`). `None` when nothing is left.
pub fn identifier_key(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    let compact = compact
        .strip_prefix("IMO")
        .filter(|rest| !rest.is_empty())
        .unwrap_or(&compact);
    (!compact.is_empty()).then(|| compact.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_company_written_many_ways_is_one_key() {
        for name in [
            "Example Freight Ltd",
            "EXAMPLE FREIGHT LIMITED",
            "Example Freight L.L.C.",
            "  example   freight, Co. ",
            "The Example-Freight Company",
        ] {
            assert_eq!(party_key(name), "example freight", "{name}");
        }
        assert_eq!(party_key("ООО «Пример Фрахт»"), "пример фрахт");
        assert_eq!(party_key("شركة المثال للشحن"), "المثال للشحن");
        assert_eq!(party_key("示例货运有限公司"), "示例货运");
        assert_eq!(
            party_key("Limited"),
            "limited",
            "a name of legal forms only"
        );
        assert_ne!(party_key("Example Freight"), party_key("Example Shipping"));
    }

    #[test]
    fn identifiers_match_with_or_without_their_prefix_and_punctuation() {
        assert_eq!(identifier_key("IMO 9074729").as_deref(), Some("9074729"));
        assert_eq!(identifier_key("imo9074729").as_deref(), Some("9074729"));
        assert_eq!(identifier_key("9074729").as_deref(), Some("9074729"));
        assert_eq!(identifier_key("5Y-KQA").as_deref(), Some("5YKQA"));
        assert_eq!(identifier_key("IMO").as_deref(), Some("IMO"));
        assert_eq!(identifier_key(" - "), None);
    }

    #[test]
    fn places_compare_by_their_words() {
        assert_eq!(place_key("Jebel Ali"), place_key("JEBEL-ALI"));
        assert_eq!(
            place_key("Port of Mombasa, container terminal"),
            "port of mombasa container terminal"
        );
    }
}
