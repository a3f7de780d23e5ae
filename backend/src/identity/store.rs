//! SQL of agencies, users, devices and tokens. Every function that touches another
//! user's data takes the caller's agency and filters by it in the query itself.
//!
//! Invariant: no query here returns or changes a row of an agency other than the one
//! passed in, except [`create_agency`] (administrators onboarding agencies).

use serde::Serialize;
use tracemark_shared::domain::{Platform, Role};

use super::Caller;
use crate::args;
use crate::db;
use crate::db::{ConstraintExt, StoreError};
use crate::sql::{Conn, ConnExt, Row, SqlError};

/// An agency as listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgencyRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country.
    pub country: String,
}

/// A user as listed (never the password hash).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserRow {
    /// Id.
    pub id: String,
    /// Agency id.
    pub agency_id: String,
    /// Login name.
    pub username: String,
    /// Name shown in the app.
    pub display_name: String,
    /// Role.
    #[schema(value_type = String)]
    pub role: Role,
    /// Whether the account is disabled.
    pub disabled: bool,
}

/// A device as listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeviceRow {
    /// Id.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// Owner's login name.
    pub username: String,
    /// Name given at enrolment.
    pub name: String,
    /// Platform.
    #[schema(value_type = String)]
    pub platform: Platform,
    /// When enrolled.
    pub enrolled_at: String,
    /// When revoked, if revoked.
    pub revoked_at: Option<String>,
}

fn agency(r: &Row<'_>) -> Result<AgencyRow, SqlError> {
    Ok(AgencyRow {
        id: r.get(0)?,
        name: r.get(1)?,
        country: r.get(2)?,
    })
}

/// Creates an agency.
pub fn create_agency(c: &impl Conn, name: &str, country: &str) -> Result<AgencyRow, StoreError> {
    let row = AgencyRow {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.to_string(),
        country: country.to_string(),
    };
    c.execute(
        "INSERT INTO agencies (id, name, country, created_at) VALUES (?1, ?2, ?3, ?4)",
        args![row.id, row.name, row.country, db::now()],
    )
    .on_conflict("an agency with this name exists already")?;
    Ok(row)
}

/// All agencies (names and countries are not secret: tracing answers name them).
pub fn list_agencies(c: &impl Conn) -> Result<Vec<AgencyRow>, StoreError> {
    Ok(c.query(
        "SELECT id, name, country FROM agencies ORDER BY country, name",
        args![],
        agency,
    )?)
}

/// Finds an agency by id or exact name.
pub fn find_agency(c: &impl Conn, id_or_name: &str) -> Result<Option<AgencyRow>, StoreError> {
    Ok(c.query_opt(
        "SELECT id, name, country FROM agencies WHERE id = ?1 OR name = ?1",
        args![id_or_name],
        agency,
    )?)
}

/// Fields of a new user.
pub struct NewUser<'a> {
    /// Agency the user belongs to.
    pub agency_id: &'a str,
    /// Login name.
    pub username: &'a str,
    /// Name shown in the app.
    pub display_name: &'a str,
    /// Role.
    pub role: Role,
    /// argon2id PHC string.
    pub password_hash: &'a str,
}

/// Creates a user.
pub fn create_user(c: &impl Conn, u: &NewUser<'_>) -> Result<UserRow, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    c.execute(
        "INSERT INTO users (id, agency_id, username, display_name, role, password_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        args![
            id,
            u.agency_id,
            u.username,
            u.display_name,
            u.role.as_str(),
            u.password_hash,
            db::now()
        ],
    )
    .on_conflict("this username is taken")?;
    Ok(UserRow {
        id,
        agency_id: u.agency_id.to_string(),
        username: u.username.to_string(),
        display_name: u.display_name.to_string(),
        role: u.role,
        disabled: false,
    })
}

/// Users of one agency.
pub fn list_users(c: &impl Conn, agency_id: &str) -> Result<Vec<UserRow>, StoreError> {
    Ok(c.query(
        "SELECT id, agency_id, username, display_name, role, disabled FROM users
         WHERE agency_id = ?1 ORDER BY username",
        args![agency_id],
        |r| {
            Ok(UserRow {
                id: r.get(0)?,
                agency_id: r.get(1)?,
                username: r.get(2)?,
                display_name: r.get(3)?,
                role: r.wire(4)?,
                disabled: r.get(5)?,
            })
        },
    )?)
}

/// Disables (ending every sign-in of theirs) or enables a user of `agency_id`.
pub fn set_disabled(
    c: &impl Conn,
    agency_id: &str,
    user_id: &str,
    disabled: bool,
) -> Result<(), StoreError> {
    let n = c.execute(
        "UPDATE users SET disabled = ?1 WHERE id = ?2 AND agency_id = ?3",
        args![disabled, user_id, agency_id],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound("user"));
    }
    if disabled {
        c.execute(
            "UPDATE tokens SET revoked_at = ?1 WHERE user_id = ?2 AND revoked_at IS NULL",
            args![db::now(), user_id],
        )?;
    }
    Ok(())
}

/// The user and stored hash for a login name, if the account exists and is enabled.
pub fn login_candidate(
    c: &impl Conn,
    username: &str,
) -> Result<Option<(UserRow, String)>, StoreError> {
    Ok(c.query_opt(
        "SELECT id, agency_id, username, display_name, role, password_hash FROM users
         WHERE username = ?1 AND disabled = 0",
        args![username],
        |r| {
            Ok((
                UserRow {
                    id: r.get(0)?,
                    agency_id: r.get(1)?,
                    username: r.get(2)?,
                    display_name: r.get(3)?,
                    role: r.wire(4)?,
                    disabled: false,
                },
                r.get(5)?,
            ))
        },
    )?)
}

/// Sets a new password for a user of `agency_id` and revokes their tokens, but for
/// `keep` (the sign-in that changed its own password).
pub fn set_password(
    c: &impl Conn,
    agency_id: &str,
    user_id: &str,
    password_hash: &str,
    keep: Option<&str>,
) -> Result<(), StoreError> {
    let n = c.execute(
        "UPDATE users SET password_hash = ?1 WHERE id = ?2 AND agency_id = ?3",
        args![password_hash, user_id, agency_id],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound("user"));
    }
    c.execute(
        "UPDATE tokens SET revoked_at = ?1
         WHERE user_id = ?2 AND revoked_at IS NULL AND hash IS DISTINCT FROM ?3",
        args![db::now(), user_id, keep],
    )?;
    Ok(())
}

/// The login name of an enabled user.
pub fn username_of(c: &impl Conn, user_id: &str) -> Result<Option<String>, SqlError> {
    c.query_opt(
        "SELECT username FROM users WHERE id = ?1 AND disabled = 0",
        args![user_id],
        |r| r.get(0),
    )
}

/// Enrols a device for a user.
pub fn enroll_device(
    c: &impl Conn,
    user_id: &str,
    name: &str,
    platform: Platform,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    c.execute(
        "INSERT INTO devices (id, user_id, name, platform, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![id, user_id, name, platform.as_str(), db::now()],
    )?;
    Ok(id)
}

/// Devices of the users of one agency.
pub fn list_devices(c: &impl Conn, agency_id: &str) -> Result<Vec<DeviceRow>, StoreError> {
    Ok(c.query(
        "SELECT d.id, d.user_id, u.username, d.name, d.platform, d.enrolled_at, d.revoked_at
         FROM devices d JOIN users u ON u.id = d.user_id
         WHERE u.agency_id = ?1 ORDER BY d.enrolled_at DESC",
        args![agency_id],
        |r| {
            Ok(DeviceRow {
                id: r.get(0)?,
                user_id: r.get(1)?,
                username: r.get(2)?,
                name: r.get(3)?,
                platform: r.wire(4)?,
                enrolled_at: r.get(5)?,
                revoked_at: r.get(6)?,
            })
        },
    )?)
}

/// Revokes a device of a user of `agency_id`; its tokens stop working at once.
pub fn revoke_device(c: &impl Conn, agency_id: &str, device_id: &str) -> Result<(), StoreError> {
    let n = c.execute(
        "UPDATE devices SET revoked_at = coalesce(revoked_at, ?1)
         WHERE id = ?2 AND user_id IN (SELECT id FROM users WHERE agency_id = ?3)",
        args![db::now(), device_id, agency_id],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound("device"));
    }
    Ok(())
}

/// Stores a new token's hash.
pub fn insert_token(
    c: &impl Conn,
    hash: &str,
    user_id: &str,
    device_id: Option<&str>,
    expires_at: &str,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO tokens (hash, user_id, device_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![hash, user_id, device_id, db::now(), expires_at],
    )?;
    Ok(())
}

/// Revokes one token.
pub fn revoke_token(c: &impl Conn, hash: &str) -> Result<(), StoreError> {
    c.execute(
        "UPDATE tokens SET revoked_at = coalesce(revoked_at, ?1) WHERE hash = ?2",
        args![db::now(), hash],
    )?;
    Ok(())
}

/// Keeps a console session alive after a page view: its expiry moves to `idle` from
/// now, never past `absolute` after it began. Written at most once a minute per
/// session (a later expiry by less than that is not worth a write).
pub fn extend_session(
    c: &impl Conn,
    hash: &str,
    idle: std::time::Duration,
    absolute: std::time::Duration,
) -> Result<(), StoreError> {
    let row: Option<(String, String)> = c.query_opt(
        "SELECT created_at, expires_at FROM tokens WHERE hash = ?1 AND revoked_at IS NULL",
        args![hash],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some((created, expires)) = row else {
        return Ok(());
    };
    let parse = |t: &str| {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
            .map_err(|e| StoreError::Other(anyhow::anyhow!("stored token time {t:?}: {e}")))
    };
    let (created, expires) = (parse(&created)?, parse(&expires)?);
    let wanted = (time::OffsetDateTime::now_utc() + idle).min(created + absolute);
    if wanted > expires + time::Duration::minutes(1) {
        c.execute(
            "UPDATE tokens SET expires_at = ?2 WHERE hash = ?1",
            args![hash, db::timestamp(wanted)],
        )?;
    }
    Ok(())
}

/// Resolves a token hash to its caller, with the token's expiry, if everything behind
/// it is still valid.
pub fn resolve_token(
    c: &impl Conn,
    hash: &str,
) -> Result<Option<(Caller, time::OffsetDateTime)>, SqlError> {
    c.query_opt(
        "SELECT u.id, u.agency_id, a.country, u.role, t.device_id, t.expires_at
         FROM tokens t
         JOIN users u ON u.id = t.user_id
         JOIN agencies a ON a.id = u.agency_id
         LEFT JOIN devices d ON d.id = t.device_id
         WHERE t.hash = ?1 AND t.revoked_at IS NULL AND t.expires_at > ?2
           AND u.disabled = 0 AND (t.device_id IS NULL OR d.revoked_at IS NULL)",
        args![hash, db::now()],
        |r| {
            let expires: String = r.get(5)?;
            let expires = time::OffsetDateTime::parse(
                &expires,
                &time::format_description::well_known::Rfc3339,
            )
            .map_err(|e| SqlError::decode(5, e))?;
            Ok((
                Caller {
                    user_id: r.get(0)?,
                    agency_id: r.get(1)?,
                    country: r.get(2)?,
                    role: r.wire(3)?,
                    device_id: r.get(4)?,
                    token_hash: hash.to_string(),
                },
                expires,
            ))
        },
    )
}

/// The enabled user `username` as a caller, for command-line work done in a user's
/// name (`tracemark labels`, `import`, `export`): same agency, country and role as their logins.
pub fn caller_by_username(c: &impl Conn, username: &str) -> Result<Option<Caller>, SqlError> {
    c.query_opt(
        "SELECT u.id, u.agency_id, a.country, u.role FROM users u
         JOIN agencies a ON a.id = u.agency_id
         WHERE u.username = ?1 AND u.disabled = 0",
        args![username],
        |r| {
            Ok(Caller {
                user_id: r.get(0)?,
                agency_id: r.get(1)?,
                country: r.get(2)?,
                role: r.wire(3)?,
                device_id: None,
                token_hash: String::new(),
            })
        },
    )
}
