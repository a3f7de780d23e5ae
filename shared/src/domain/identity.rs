//! Who works with Tracemark: agencies, their users with a role, and the devices each
//! user enrolled.
//!
//! Invariant: every user belongs to exactly one agency and every device to exactly one
//! user; a device is never revoked before it was enrolled.

use time::OffsetDateTime;

use super::{AgencyId, CountryCode, DeviceId, UserId};
use crate::validate::{Rule, TextKind, Validate, Validator};

/// An organisation that owns records: a defence ministry's depot service, a customs
/// administration, a police unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Its id.
    pub id: AgencyId,
    /// Its name, in any language.
    pub name: String,
    /// The State it belongs to.
    pub country: CountryCode,
}

impl Validate for Agency {
    fn check(&self, v: &mut Validator) {
        v.text("name", &self.name, TextKind::Short);
    }
}

wire_enum! {
    /// What a user may do.
    pub enum Role ("role") {
        /// Counts depot stock.
        Inspector = "inspector",
        /// Documents seizures.
        CustomsOfficer = "customs_officer",
        /// Reviews records, reads reconciliations and runs tracing queries.
        Supervisor = "supervisor",
        /// Manages accounts, agencies and devices.
        Administrator = "administrator",
    }
}

/// A person with an account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// The agency the user works for.
    pub agency_id: AgencyId,
    /// The login name.
    pub username: String,
    /// The name shown to others, in any script.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
}

impl Validate for User {
    fn check(&self, v: &mut Validator) {
        v.text("username", &self.username, TextKind::Code);
        if self.username.trim() != self.username {
            v.report(
                "username",
                Rule::Format {
                    expected: "without spaces at the start or end".into(),
                },
            );
        }
        v.text("display_name", &self.display_name, TextKind::Short);
    }
}

wire_enum! {
    /// The kind of device the app runs on.
    pub enum Platform ("platform") {
        /// An Android phone or tablet.
        Android = "android",
        /// An iPhone or iPad.
        Ios = "ios",
        /// A desktop computer (supervisors, development).
        Desktop = "desktop",
    }
}

/// A device a user enrolled; records it creates carry its id, and revoking it stops
/// its sync.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Its id.
    pub id: DeviceId,
    /// The user who enrolled it.
    pub user_id: UserId,
    /// A name the user recognises ("Field tablet 3").
    pub name: String,
    /// What it is.
    pub platform: Platform,
    /// When it was enrolled (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub enrolled_at: OffsetDateTime,
    /// When it was revoked, if it was (RFC 3339).
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

impl Device {
    /// Whether the device may still sync.
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

impl Validate for Device {
    fn check(&self, v: &mut Validator) {
        v.text("name", &self.name, TextKind::Short);
        if self.revoked_at.is_some_and(|at| at < self.enrolled_at) {
            v.report(
                "revoked_at",
                Rule::NotBefore {
                    other: "enrolled_at".into(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{assert_errors, json_round_trip, timestamp_strategy};
    use proptest::prelude::*;
    use time::Duration;

    fn user(username: &str, display_name: &str) -> User {
        User {
            id: UserId::new(),
            agency_id: AgencyId::new(),
            username: username.into(),
            display_name: display_name.into(),
            role: Role::CustomsOfficer,
        }
    }

    #[test]
    fn agency_rules() {
        let agency = |name: &str| Agency {
            id: AgencyId::new(),
            name: name.into(),
            country: CountryCode::parse("ua").unwrap(),
        };
        assert_errors(&agency("Державна митна служба України"), &[]);
        assert_errors(&agency("الجمارك"), &[]);
        assert_errors(&agency(" \t"), &["name: is required"]);
        json_round_trip(&agency("海关总署"));
    }

    #[test]
    fn user_rules() {
        let format = "username: must be without spaces at the start or end";
        assert_errors(&user("a.mwangi", "Amina Mwangi"), &[]);
        assert_errors(&user("олег", "Олег Петренко"), &[]);
        assert_errors(&user("", "李伟"), &["username: is required"]);
        assert_errors(&user(" amina", "Amina"), &[format]);
        assert_errors(
            &user(&"u".repeat(65), "x\u{7}"),
            &[
                "username: must be at most 64 characters",
                "display_name: must not contain control characters, line breaks or tabs",
            ],
        );
        let u = user("x", "y");
        json_round_trip(&u);
        let json = serde_json::to_value(&u).unwrap();
        assert_eq!(json["role"], "customs_officer");
    }

    #[test]
    fn roles_and_platforms_parse() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        for platform in Platform::ALL {
            assert_eq!(platform.to_string().parse::<Platform>().unwrap(), *platform);
        }
        assert!("Inspector".parse::<Role>().is_err());
    }

    #[test]
    fn device_rules() {
        let enrolled_at = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        let device = |revoked_at| Device {
            id: DeviceId::new(),
            user_id: UserId::new(),
            name: "Планшет 3".into(),
            platform: Platform::Android,
            enrolled_at,
            revoked_at,
        };
        assert_errors(&device(None), &[]);
        assert!(device(None).is_active());
        assert_errors(&device(Some(enrolled_at)), &[]);
        assert!(!device(Some(enrolled_at)).is_active());
        assert_errors(
            &device(Some(enrolled_at - Duration::seconds(1))),
            &["revoked_at: must not be before enrolled_at"],
        );
        let json = serde_json::to_value(device(None)).unwrap();
        assert_eq!(json["enrolled_at"], "2024-10-04T00:00:00Z");
        assert_eq!(json["revoked_at"], serde_json::Value::Null);
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut json = serde_json::to_value(user("a", "b")).unwrap();
        json["password"] = "secret".into();
        assert!(serde_json::from_value::<User>(json).is_err());
    }

    proptest! {
        #[test]
        fn device_round_trips(
            enrolled in timestamp_strategy(),
            revoked in proptest::option::of(timestamp_strategy()),
        ) {
            json_round_trip(&Device {
                id: DeviceId::new(),
                user_id: UserId::new(),
                name: "d".into(),
                platform: Platform::Ios,
                enrolled_at: enrolled,
                revoked_at: revoked,
            });
        }
    }
}
