//! Two versions of one record side by side: the fields that differ, for the screen
//! that lets the user choose after a sync conflict.

use serde_json::Value;

/// One field that differs between the user's change and the server's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    /// Field name (top level of the record).
    pub field: String,
    /// The user's value, shortened for the screen.
    pub mine: String,
    /// The server's value, shortened for the screen.
    pub theirs: String,
}

fn short(v: Option<&Value>) -> String {
    let text = match v {
        None | Some(Value::Null) => "–".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => format!("[{}]", a.len()),
        Some(other) => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(59).collect::<String>())
    } else {
        text
    }
}

/// The fields a conflicting change and the server's record disagree on (bookkeeping
/// fields — revision, status — left out), for the user to decide between them.
pub fn conflict_fields(mine: &Value, theirs: &Value) -> Vec<FieldDiff> {
    let (Some(a), Some(b)) = (mine.as_object(), theirs.as_object()) else {
        return Vec::new();
    };
    let mut fields: Vec<&String> = a.keys().chain(b.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|k| !matches!(k.as_str(), "revision" | "status"))
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| FieldDiff {
            field: k.clone(),
            mine: short(a.get(k)),
            theirs: short(b.get(k)),
        })
        .collect()
}
