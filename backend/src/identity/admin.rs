//! Administration actions as one function each — check the input, store, audit — that
//! the HTTP routes and `tracemark admin` both call, so the two cannot drift apart.
//!
//! Invariant: every rule on an agency's or a user's fields is checked here, before any
//! write; the audit entry is written in the caller's transaction with the action.

use crate::sql::Conn;
use serde_json::json;
use tracemark_shared::domain::CountryCode;
use tracemark_shared::validate::{Rule, TextKind, ValidationErrors, Validator};

use super::password;
use super::store::{self, AgencyRow, NewUser, UserRow};
use crate::audit::{self, Actor, Entry};
use crate::db::StoreError;

/// Who acts, and through what (`http` or `cli`), for the audit entry.
#[derive(Debug, Clone)]
pub struct Acting {
    /// The administrator (none from the command line).
    pub actor: Actor,
    /// `http` or `cli`.
    pub via: &'static str,
}

/// Appends the audit entry of an administration action.
pub fn audited(
    c: &impl Conn,
    who: &Acting,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
) -> Result<(), StoreError> {
    audit::append(
        c,
        &Entry {
            actor: who.actor.clone(),
            action,
            subject,
            detail: json!({ "via": who.via, "detail": detail }),
        },
    )?;
    Ok(())
}

/// Checks a new agency's name and country (422 with every broken field).
pub fn check_agency(name: &str, country: &str) -> Result<CountryCode, StoreError> {
    let mut v = Validator::new();
    v.text("name", name, TextKind::Short);
    let country = CountryCode::parse(country);
    if let Err(e) = &country {
        v.report("country", e.rule());
    }
    v.finish().map_err(StoreError::Invalid)?;
    country.map_err(|e| StoreError::Refused(e.to_string()))
}

/// Creates an agency (input already checked with [`check_agency`]) and audits it.
pub fn create_agency(
    c: &impl Conn,
    who: &Acting,
    name: &str,
    country: &CountryCode,
) -> Result<AgencyRow, StoreError> {
    let row = store::create_agency(c, name.trim(), country.as_str())?;
    audited(
        c,
        who,
        "create_agency",
        &row.id,
        json!({ "name": row.name }),
    )?;
    Ok(row)
}

/// Checks a new user's login name, display name and (when given) password.
pub fn check_user(
    username: &str,
    display_name: &str,
    password_text: Option<&str>,
) -> Result<(), ValidationErrors> {
    let mut v = Validator::new();
    super::check_username(&mut v, username);
    v.text("display_name", display_name, TextKind::Short);
    if let Some(Err(rule)) = password_text.map(password::check_new) {
        v.report(
            "password",
            Rule::Format {
                expected: rule.into(),
            },
        );
    }
    v.finish()
}

/// Creates a user (input already checked with [`check_user`]) and audits it.
pub fn create_user(c: &impl Conn, who: &Acting, u: &NewUser<'_>) -> Result<UserRow, StoreError> {
    let trimmed = NewUser {
        display_name: u.display_name.trim(),
        ..*u
    };
    let row = store::create_user(c, &trimmed)?;
    audited(c, who, "create_user", &row.id, json!({ "role": row.role }))?;
    Ok(row)
}

/// Revokes a device of a user of `agency_id` (its tokens stop working) and audits it.
/// The caller empties the token cache once the transaction is committed.
pub fn revoke_device(
    c: &impl Conn,
    who: &Acting,
    agency_id: &str,
    device_id: &str,
) -> Result<(), StoreError> {
    store::revoke_device(c, agency_id, device_id)?;
    audited(c, who, "revoke_device", device_id, json!({}))
}

/// Sets a new password (already hashed) for a user of `agency_id`, ends their
/// sign-ins, and audits it. The caller empties the token cache once committed.
pub fn reset_password(
    c: &impl Conn,
    who: &Acting,
    agency_id: &str,
    user_id: &str,
    password_hash: &str,
) -> Result<(), StoreError> {
    store::set_password(c, agency_id, user_id, password_hash, None)?;
    audited(c, who, "reset_password", user_id, json!({}))
}

/// Disables a user of `agency_id` (every sign-in of theirs ends) or enables them
/// again, and audits it. An administrator cannot disable themselves (the agency would
/// risk having none left). The caller empties the token cache once committed.
pub fn set_disabled(
    c: &impl Conn,
    who: &Acting,
    agency_id: &str,
    user_id: &str,
    disabled: bool,
) -> Result<(), StoreError> {
    if disabled && who.actor.user_id.as_deref() == Some(user_id) {
        return Err(StoreError::Conflict(
            "you cannot disable your own account; ask another administrator".into(),
        ));
    }
    store::set_disabled(c, agency_id, user_id, disabled)?;
    let action = if disabled {
        "disable_user"
    } else {
        "enable_user"
    };
    audited(c, who, action, user_id, json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_of_both_front_ends_are_these() {
        assert!(check_agency("Border Police", "TZ").is_ok());
        for (name, country) in [("", "KE"), ("A\u{7}gency", "KE"), ("Police", "Kenya")] {
            assert!(check_agency(name, country).is_err(), "{name:?} {country:?}");
        }
        assert!(check_user("officer.customs", "Joseph Mwangi", Some("long enough 1")).is_ok());
        assert!(check_user("officer.customs", "Joseph Mwangi", None).is_ok());
        let long = "x".repeat(10_000);
        for (user, display, pw) in [
            ("officer customs", "J", None),
            ("officer.customs", "", None),
            ("officer.customs", long.as_str(), None),
            ("officer.customs", "Jo\u{0}seph", None),
            ("officer.customs", "J", Some("short")),
        ] {
            assert!(
                check_user(user, display, pw).is_err(),
                "{user:?} {display:?}"
            );
        }
    }
}
