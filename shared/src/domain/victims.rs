//! Victim counts of a seizure case that involved violence: people killed and injured,
//! by sex and age band.
//!
//! Invariant (checked by validation): each sex × age band cell appears at most once, so
//! totals never count anyone twice; [`VictimCounts::set`] keeps it by construction.

use crate::validate::{MAX_VICTIMS_PER_CELL, Validate, Validator};

wire_enum! {
    /// Sex of the victims in a cell.
    pub enum Sex ("sex") {
        /// Female.
        Female = "female",
        /// Male.
        Male = "male",
        /// Not known or not recorded.
        Unknown = "unknown",
    }
}

wire_enum! {
    /// Age band of the victims in a cell.
    pub enum AgeBand ("age band") {
        /// 0 to 17 years.
        Child = "child",
        /// 18 to 59 years.
        Adult = "adult",
        /// 60 years and older.
        Older = "older",
        /// Not known or not recorded.
        Unknown = "unknown",
    }
}

impl AgeBand {
    /// First and last age of the band in years (`None` = no upper bound); `None` for
    /// an unknown age.
    pub const fn years(self) -> Option<(u8, Option<u8>)> {
        match self {
            AgeBand::Child => Some((0, Some(17))),
            AgeBand::Adult => Some((18, Some(59))),
            AgeBand::Older => Some((60, None)),
            AgeBand::Unknown => None,
        }
    }
}

/// The people killed and injured in one sex × age band cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VictimCell {
    /// Sex of the victims.
    pub sex: Sex,
    /// Age band of the victims.
    pub age: AgeBand,
    /// How many were killed.
    pub killed: u32,
    /// How many were injured.
    pub injured: u32,
}

/// Killed and injured added up over some cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VictimTotals {
    /// People killed.
    pub killed: u64,
    /// People injured.
    pub injured: u64,
}

/// Victim counts by cell; cells not given are not known (not zero). Serialised as the
/// list of cells.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct VictimCounts {
    cells: Vec<VictimCell>,
}

impl VictimCounts {
    /// No cells yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes cells as given (e.g. from an import); validation reports duplicates.
    pub fn from_cells(cells: Vec<VictimCell>) -> Self {
        Self { cells }
    }

    /// The cells, in the order given.
    pub fn cells(&self) -> &[VictimCell] {
        &self.cells
    }

    /// The cell for `sex` and `age`, if given.
    pub fn get(&self, sex: Sex, age: AgeBand) -> Option<&VictimCell> {
        self.cells.iter().find(|c| c.sex == sex && c.age == age)
    }

    /// Sets the counts of one cell, replacing what it held.
    pub fn set(&mut self, sex: Sex, age: AgeBand, killed: u32, injured: u32) {
        let cell = VictimCell {
            sex,
            age,
            killed,
            injured,
        };
        match self.cells.iter_mut().find(|c| c.sex == sex && c.age == age) {
            Some(existing) => *existing = cell,
            None => self.cells.push(cell),
        }
    }

    /// VictimTotals over the cells matching `sex` and `age` (`None` matches all).
    pub fn totals_for(&self, sex: Option<Sex>, age: Option<AgeBand>) -> VictimTotals {
        self.cells
            .iter()
            .filter(|c| sex.is_none_or(|s| s == c.sex) && age.is_none_or(|a| a == c.age))
            .fold(VictimTotals::default(), |t, c| VictimTotals {
                killed: t.killed + u64::from(c.killed),
                injured: t.injured + u64::from(c.injured),
            })
    }

    /// VictimTotals over all cells.
    pub fn totals(&self) -> VictimTotals {
        self.totals_for(None, None)
    }
}

impl Validate for VictimCell {
    fn check(&self, v: &mut Validator) {
        v.range("killed", self.killed, 0, MAX_VICTIMS_PER_CELL);
        v.range("injured", self.injured, 0, MAX_VICTIMS_PER_CELL);
    }
}

impl Validate for VictimCounts {
    fn check(&self, v: &mut Validator) {
        v.list("", &self.cells, Sex::ALL.len() * AgeBand::ALL.len());
        v.unique("", self.cells.iter().map(|c| (c.sex, c.age)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{assert_errors, json_round_trip, victims_strategy};
    use proptest::prelude::*;

    fn cell(sex: Sex, age: AgeBand, killed: u32, injured: u32) -> VictimCell {
        VictimCell {
            sex,
            age,
            killed,
            injured,
        }
    }

    #[test]
    fn totals_add_up_by_sex_and_age() {
        let mut v = VictimCounts::new();
        v.set(Sex::Female, AgeBand::Child, 1, 2);
        v.set(Sex::Male, AgeBand::Adult, 3, 4);
        v.set(Sex::Male, AgeBand::Child, 0, 5);
        v.set(Sex::Female, AgeBand::Child, 2, 2);
        assert_eq!(v.cells().len(), 3);
        assert_eq!(
            v.get(Sex::Female, AgeBand::Child).map(|c| c.killed),
            Some(2)
        );
        assert_eq!(v.get(Sex::Unknown, AgeBand::Older), None);
        assert_eq!(
            v.totals(),
            VictimTotals {
                killed: 5,
                injured: 11
            }
        );
        assert_eq!(
            v.totals_for(None, Some(AgeBand::Child)),
            VictimTotals {
                killed: 2,
                injured: 7
            }
        );
        assert_eq!(
            v.totals_for(Some(Sex::Male), None),
            VictimTotals {
                killed: 3,
                injured: 9
            }
        );
        assert_errors(&v, &[]);
    }

    #[test]
    fn a_cell_given_twice_is_refused() {
        let v = VictimCounts::from_cells(vec![
            cell(Sex::Female, AgeBand::Older, 1, 0),
            cell(Sex::Male, AgeBand::Older, 1, 0),
            cell(Sex::Female, AgeBand::Older, 0, 1),
        ]);
        assert_errors(&v, &["[2]: is given more than once"]);
    }

    #[test]
    fn cell_limits() {
        let max = MAX_VICTIMS_PER_CELL;
        let v = VictimCounts::from_cells(vec![cell(Sex::Unknown, AgeBand::Unknown, max + 1, max)]);
        assert_errors(&v, &["[0].killed: must be between 0 and 1000000"]);
        let too_many = VictimCounts::from_cells(vec![cell(Sex::Male, AgeBand::Adult, 1, 1); 13]);
        let errors = too_many.validate().unwrap_err();
        assert_eq!(
            errors.errors().first().map(|e| &e.rule),
            Some(&crate::validate::Rule::TooMany { max: 12 })
        );
    }

    #[test]
    fn wire_form_is_a_list_of_cells() {
        let mut v = VictimCounts::new();
        v.set(Sex::Female, AgeBand::Older, 0, 1);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"[{"sex":"female","age":"older","killed":0,"injured":1}]"#
        );
        assert_eq!(AgeBand::Adult.years(), Some((18, Some(59))));
        assert_eq!(AgeBand::Older.years(), Some((60, None)));
        assert_eq!(AgeBand::Unknown.years(), None);
    }

    proptest! {
        #[test]
        fn victims_round_trip(v in victims_strategy()) {
            json_round_trip(&v);
            prop_assert!(v.validate().is_ok());
            let by_sex: u64 = Sex::ALL.iter().map(|s| v.totals_for(Some(*s), None).killed).sum();
            prop_assert_eq!(by_sex, v.totals().killed);
        }
    }
}
