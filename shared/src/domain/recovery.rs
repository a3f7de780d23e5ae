//! Recovered caches (Global Framework objective 10): ammunition found hidden,
//! abandoned, or left uncleared after fighting, recorded beside seizures. A recovered
//! cache is a case ([`SeizureCase`](super::SeizureCase)) whose `recovery` says how it
//! was found, who recovered it, what state it was in and what was done with it; its
//! items are photographed, decoded, traced and reported exactly as a seizure's.
//!
//! Invariant: `moved_to` is given exactly when the ammunition was moved; the day of
//! the action is never before the day of the recovery (checked by the case).

use time::Date;

use super::check_record_date;
use crate::validate::{Rule, TextKind, Validate, Validator};

wire_enum! {
    /// How the ammunition came to be recovered.
    pub enum RecoveryCircumstance ("recovery circumstance") {
        /// A cache found hidden (buried, walled in, in a vehicle or building).
        Found = "found",
        /// Left behind by whoever held it (an abandoned position or vehicle).
        Abandoned = "abandoned",
        /// Left uncleared after fighting: abandoned or unexploded ordnance on the
        /// ground.
        Uncleared = "uncleared",
        /// Handed in by its holder (a collection or amnesty).
        HandedIn = "handed_in",
    }
}

wire_enum! {
    /// The state the ammunition was found in.
    pub enum RecoveredCondition ("recovered condition") {
        /// Packaging and contents sound.
        Intact = "intact",
        /// Corroded, wet, or its packaging broken, but safe to move.
        Deteriorated = "deteriorated",
        /// Unsafe to move or handle: left to explosive ordnance disposal.
        Unsafe = "unsafe",
    }
}

wire_enum! {
    /// What was done with the ammunition.
    pub enum RecoveryAction ("recovery action") {
        /// Secured where it was found (guarded or sealed) for later action.
        Secured = "secured",
        /// Moved to a store (say where in `moved_to`).
        Moved = "moved",
        /// Destroyed, in place or after moving.
        Destroyed = "destroyed",
    }
}

/// What makes a case a recovered cache rather than a seizure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// How it came to be recovered.
    pub circumstance: RecoveryCircumstance,
    /// Who recovered it: the unit, team or officer, as the agency names them.
    pub recovered_by: String,
    /// The state it was found in.
    pub condition: RecoveredCondition,
    /// What was done with it.
    pub action: RecoveryAction,
    /// Day of the action (`YYYY-MM-DD`), when known.
    #[serde(default, with = "super::iso_date_opt")]
    pub action_on: Option<Date>,
    /// Where it was taken, when it was moved.
    #[serde(default)]
    pub moved_to: Option<String>,
    /// How it was done (a destruction's method, the team that did it).
    #[serde(default)]
    pub action_note: Option<String>,
}

impl Validate for Recovery {
    fn check(&self, v: &mut Validator) {
        v.text("recovered_by", &self.recovered_by, TextKind::Short);
        if let Some(day) = self.action_on {
            check_record_date(v, "action_on", day);
        }
        match (self.action, self.moved_to.as_deref()) {
            (RecoveryAction::Moved, None) => v.report("moved_to", Rule::Required),
            (RecoveryAction::Moved, Some(place)) => v.text("moved_to", place, TextKind::Short),
            (_, Some(_)) => v.report(
                "moved_to",
                Rule::Format {
                    expected: "given only when the action is `moved`".into(),
                },
            ),
            (_, None) => {}
        }
        v.opt_text("action_note", self.action_note.as_deref(), TextKind::Long);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{edit_cases, json_round_trip, recovered_cache};
    use crate::domain::{RecordKind, SeizureCase};

    edit_cases! {
        fixture: recovered_cache();
        cache_valid: |c| () => &[];
        cache_recovered_by_blank: |c| c.recovery.iter_mut().for_each(|r| r.recovered_by = " ".into()) =>
            &["recovery.recovered_by: is required"];
        cache_moved_nowhere: |c| c.recovery.iter_mut().for_each(|r| {
            r.action = RecoveryAction::Moved;
            r.moved_to = None;
        }) => &["recovery.moved_to: is required"];
        cache_destroyed_yet_moved_to: |c| c.recovery.iter_mut().for_each(|r| {
            r.action = RecoveryAction::Destroyed;
            r.moved_to = Some("Depot 4".into());
        }) => &["recovery.moved_to: must be given only when the action is `moved`"];
        cache_action_before_recovery: |c| c.recovery.iter_mut().for_each(|r| {
            r.action_on = Some(time::macros::date!(2024 - 03 - 01));
        }) => &["recovery.action_on: must not be before seized_on"];
        cache_action_year: |c| c.recovery.iter_mut().for_each(|r| {
            r.action_on = Some(time::macros::date!(2101 - 01 - 01));
        }) => &["recovery.action_on: must be between 1900 and 2100"];
        cache_note_control: |c| c.recovery.iter_mut().for_each(|r| {
            r.action_note = Some("\u{7}".into());
        }) => &["recovery.action_note: must not contain control characters \
                (only line breaks and tabs are allowed)"];
    }

    #[test]
    fn a_recovered_cache_is_its_own_kind_and_reads_back() {
        let c = recovered_cache();
        assert_eq!(c.kind(), RecordKind::RecoveredCache);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["recovery"]["circumstance"], "found");
        assert_eq!(json["recovery"]["action"], "moved");
        assert_eq!(json["recovery"]["action_on"], "2024-03-16");
        json_round_trip(&c);
        let mut seizure = c.clone();
        seizure.recovery = None;
        assert_eq!(seizure.kind(), RecordKind::SeizureCase);
        // A seizure's wire form has no `recovery` key: what apps of protocol version 2
        // stored reads back unchanged.
        let json = serde_json::to_value(&seizure).unwrap();
        assert!(json.get("recovery").is_none());
        let mut bad = serde_json::to_value(&c).unwrap();
        bad["recovery"]["action"] = "buried".into();
        let err = serde_json::from_value::<SeizureCase>(bad).unwrap_err();
        assert!(
            err.to_string().contains("unknown variant `buried`"),
            "{err}"
        );
        let mut bad = serde_json::to_value(&c).unwrap();
        bad["recovery"]["action_on"] = "16/03/2024".into();
        let err = serde_json::from_value::<SeizureCase>(bad).unwrap_err();
        assert!(err.to_string().contains("not a date such as"), "{err}");
        // An unknown day reads as null, inside a sync change too.
        let mut undated = c.clone();
        undated.recovery.iter_mut().for_each(|r| r.action_on = None);
        let change = crate::sync::Change::SeizureCase {
            record: Box::new(undated.clone()),
        };
        let json = serde_json::to_string(&change).unwrap();
        assert!(json.contains(r#""action_on":null"#), "{json}");
        assert_eq!(
            serde_json::from_str::<crate::sync::Change>(&json).unwrap(),
            change
        );
    }
}
