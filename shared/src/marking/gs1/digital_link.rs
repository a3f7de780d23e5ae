//! GS1 Digital Link URIs: `https://any.host/optional/prefix/01/<gtin>/10/<lot>?17=<date>`.
//!
//! Invariant: a URI is taken as a Digital Link only when its path holds a primary-key
//! AI with a value; then every path and query AI is checked like any GS1 element, and
//! an invalid one is an error, not a silently ignored parameter.

use percent_encoding::percent_decode_str;

use super::dictionary::Dictionary;
use super::element::{Gs1Element, check_message_for, validate_value};
use crate::marking::error::{ErrorKind, Format, MarkingError};

/// Longest URI accepted.
pub const MAX_URI: usize = 2048;

/// A parsed Digital Link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DigitalLink {
    /// Host part, e.g. `id.gs1.org`.
    pub host: String,
    /// Primary key, qualifiers and data attributes, in URI order.
    pub elements: Vec<Gs1Element>,
    /// Query parameters that are not AIs (e.g. `linkType`), decoded.
    pub other_params: Vec<(String, String)>,
}

fn err(pos: usize, kind: ErrorKind) -> MarkingError {
    MarkingError::new(Format::Gs1DigitalLink, pos, kind)
}

fn decode(raw: &str, at: usize) -> Result<String, MarkingError> {
    percent_decode_str(raw)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| err(at, ErrorKind::InvalidUtf8))
}

/// A query value: `+` is a space there (form encoding), `%2B` a plus.
fn decode_query(raw: &str, at: usize) -> Result<String, MarkingError> {
    if raw.contains('+') {
        decode(&raw.replace('+', " "), at)
    } else {
        decode(raw, at)
    }
}

/// Parses a URI. `Ok(None)` means it is an ordinary web address, not a Digital Link.
pub fn parse_digital_link(uri: &str) -> Result<Option<DigitalLink>, MarkingError> {
    if uri.len() > MAX_URI {
        return Err(err(
            0,
            ErrorKind::TooLong {
                len: uri.len(),
                max: MAX_URI,
            },
        ));
    }
    let lower_scheme = uri
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let after_scheme = if lower_scheme.starts_with("https://") {
        8
    } else if lower_scheme.starts_with("http://") {
        7
    } else {
        return Ok(None);
    };
    let without_fragment = uri.split('#').next().unwrap_or(uri);
    let (path_part, query) = match without_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (without_fragment, None),
    };
    let rest = path_part.get(after_scheme..).unwrap_or("");
    let (host, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
        None => (rest, ""),
    };
    // Segments with their byte offsets in the URI.
    let path_base = after_scheme + host.len();
    let mut segments = Vec::new();
    let mut offset = path_base;
    for seg in path.split('/') {
        segments.push((seg, offset));
        offset += seg.len() + 1;
    }
    let dict = Dictionary::get();
    let is_key = |i: usize| match (segments.get(i), segments.get(i + 1)) {
        (Some((ai, _)), Some((value, _))) => {
            !value.is_empty()
                && ai.bytes().all(|b| b.is_ascii_digit())
                && dict.spec(ai).is_some_and(|s| s.dl_primary_key.is_some())
        }
        _ => false,
    };
    // The primary key is the right-most key AI whose pairs run to the end of the path
    // (a prefix before it may hold anything, even what looks like an AI); a path that
    // ends on an AI with no value is taken from its first key, to be refused below.
    let key_index = (0..segments.len())
        .rev()
        .find(|&i| (segments.len() - i).is_multiple_of(2) && is_key(i))
        .or_else(|| (0..segments.len()).find(|&i| is_key(i)));
    let Some(key_index) = key_index else {
        return Ok(None);
    };
    let mut elements = Vec::new();
    let mut pairs = segments.get(key_index..).unwrap_or_default().chunks(2);
    for pair in pairs.by_ref() {
        let [(ai, ai_at), (raw, at)] = pair else {
            let at = pair.first().map(|(_, at)| *at).unwrap_or(offset);
            return Err(err(at, ErrorKind::Truncated("a path AI has no value")));
        };
        let spec = dict
            .spec(ai)
            .filter(|_| ai.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| err(*ai_at, ErrorKind::UnknownAi((*ai).to_string())))?;
        let mut value = decode(raw, *at)?;
        if spec.ai == "01" && matches!(value.len(), 8 | 12 | 13) {
            value = format!("{value:0>14}");
        }
        validate_value(spec, &value, *at, Format::Gs1DigitalLink)?;
        elements.push(Gs1Element {
            ai: spec.ai.clone(),
            value,
            span: *at..*at + raw.len(),
        });
    }
    check_qualifier_order(&elements)?;
    // The key's qualifiers (e.g. lot and serial of a GTIN) belong in the path.
    let qualifiers: Vec<String> = elements
        .first()
        .and_then(|key| dict.spec(&key.ai))
        .and_then(|s| s.dl_primary_key.clone())
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect();
    let mut other_params = Vec::new();
    if let Some(query) = query {
        let mut at = path_part.len() + 1;
        for param in query.split('&') {
            let (k, v) = param.split_once('=').unwrap_or((param, ""));
            if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) {
                let spec = dict
                    .spec(k)
                    .ok_or_else(|| err(at, ErrorKind::UnknownAi(k.to_string())))?;
                if !spec.dl_attribute {
                    return Err(err(
                        at,
                        ErrorKind::Malformed(format!(
                            "AI ({k}) is not allowed as a query attribute"
                        )),
                    ));
                }
                if qualifiers.contains(&spec.ai) {
                    return Err(err(
                        at,
                        ErrorKind::Malformed(format!(
                            "AI ({k}) qualifies the key and belongs in the path, not the query"
                        )),
                    ));
                }
                let value_at = at + k.len() + 1;
                let value = decode_query(v, value_at)?;
                validate_value(spec, &value, value_at, Format::Gs1DigitalLink)?;
                elements.push(Gs1Element {
                    ai: spec.ai.clone(),
                    value,
                    span: value_at..value_at + v.len(),
                });
            } else if !k.is_empty() {
                other_params.push((decode(k, at)?, decode(v, at + k.len() + 1)?));
            }
            at += param.len() + 1;
        }
    }
    // An AI given twice is refused even with the same value: which one is meant?
    for (i, e) in elements.iter().enumerate() {
        if elements
            .get(..i)
            .is_some_and(|before| before.iter().any(|b| b.ai == e.ai))
        {
            return Err(err(
                e.span.start,
                ErrorKind::Malformed(format!("AI ({}) is given twice", e.ai)),
            ));
        }
    }
    check_message_for(&elements, Format::Gs1DigitalLink)?;
    Ok(Some(DigitalLink {
        host: host.to_string(),
        elements,
        other_params,
    }))
}

/// Path qualifiers must follow one of the primary key's qualifier sequences, in order.
fn check_qualifier_order(elements: &[Gs1Element]) -> Result<(), MarkingError> {
    let Some((key, qualifiers)) = elements.split_first() else {
        return Ok(());
    };
    let sequences = Dictionary::get()
        .spec(&key.ai)
        .and_then(|s| s.dl_primary_key.clone())
        .unwrap_or_default();
    let fits = |seq: &Vec<String>| {
        let mut allowed = seq.iter();
        qualifiers
            .iter()
            .all(|q| allowed.by_ref().any(|a| *a == q.ai))
    };
    if qualifiers.is_empty() || sequences.iter().any(fits) {
        return Ok(());
    }
    let at = qualifiers.first().map(|q| q.span.start).unwrap_or(0);
    let allowed: Vec<String> = sequences.iter().map(|s| s.join("/")).collect();
    Err(err(
        at,
        ErrorKind::Malformed(format!(
            "qualifiers after AI ({}) must follow the order {}",
            key.ai,
            if allowed.is_empty() {
                "(none allowed)".to_string()
            } else {
                allowed.join(" or ")
            }
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(dl: &DigitalLink) -> Vec<(&str, &str)> {
        dl.elements
            .iter()
            .map(|e| (e.ai.as_str(), e.value.as_str()))
            .collect()
    }

    #[test]
    fn digital_link_examples() {
        let dl = parse_digital_link(
            "https://id.gs1.org/01/09506000134352/10/ABC%2F1?17=250300&linkType=gs1:pip",
        )
        .unwrap()
        .unwrap();
        assert_eq!(dl.host, "id.gs1.org");
        assert_eq!(
            pairs(&dl),
            [("01", "09506000134352"), ("10", "ABC/1"), ("17", "250300")]
        );
        assert_eq!(dl.other_params, [("linkType".into(), "gs1:pip".into())]);

        let dl = parse_digital_link("HTTP://example.com/shop/items/01/9506000134352/21/X1")
            .unwrap()
            .unwrap();
        assert_eq!(pairs(&dl), [("01", "09506000134352"), ("21", "X1")]);

        let dl = parse_digital_link("https://a.example/00/106141411234567897")
            .unwrap()
            .unwrap();
        assert_eq!(pairs(&dl), [("00", "106141411234567897")]);

        // A prefix that looks like a key does not hide the right-most one.
        let dl = parse_digital_link("https://example.com/01/catalogue/01/09506000134352/10/A1")
            .unwrap()
            .unwrap();
        assert_eq!(pairs(&dl), [("01", "09506000134352"), ("10", "A1")]);
        // A lot written "01" is a lot, not a second key.
        let dl = parse_digital_link("https://id.gs1.org/01/09506000134352/10/01/21/X")
            .unwrap()
            .unwrap();
        assert_eq!(
            pairs(&dl),
            [("01", "09506000134352"), ("10", "01"), ("21", "X")]
        );
        // In the query, %2B is a plus.
        let dl = parse_digital_link("https://id.gs1.org/01/09506000134352?240=A%2BB")
            .unwrap()
            .unwrap();
        assert_eq!(pairs(&dl), [("01", "09506000134352"), ("240", "A+B")]);
    }

    #[test]
    fn ordinary_urls_are_not_digital_links() {
        for uri in [
            "http://google.com/m",
            "https://example.com/",
            "https://example.com/01/",
            "ftp://x/01/09506000134352",
        ] {
            assert_eq!(parse_digital_link(uri).unwrap(), None, "{uri}");
        }
    }

    #[test]
    fn invalid_digital_links_are_errors() {
        for uri in [
            "https://id.gs1.org/01/09506000134353",
            "https://id.gs1.org/01/09506000134352/21/A/10/B",
            "https://id.gs1.org/01/09506000134352/10",
            "https://id.gs1.org/01/09506000134352?21=X",
            "https://id.gs1.org/01/09506000134352?17=251301",
            "https://id.gs1.org/01/09506000134352/10/%FF",
            "https://id.gs1.org/01/09506000134352/99/X",
            // `+` in the query is a space, which AI (240) cannot hold.
            "https://id.gs1.org/01/09506000134352?240=A+B",
            // A key qualifier as a query attribute.
            "https://id.gs1.org/01/09506000134352?10=ABC",
            // The same AI twice, even with the same value.
            "https://id.gs1.org/01/09506000134352?17=250300&17=250300",
            "https://id.gs1.org/01/09506000134352/10/ABC?240=X&240=X",
        ] {
            assert!(parse_digital_link(uri).is_err(), "{uri} should be refused");
        }
    }
}
