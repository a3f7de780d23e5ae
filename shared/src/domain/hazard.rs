//! The UN hazard classification of ammunition (class 1: hazard division 1.1–1.6 and
//! compatibility group A–S, written together as the classification code, e.g. `1.1D`)
//! and the storage mixing rules that say which compatibility groups may share a
//! storage location.
//!
//! Invariant: a [`HazardCode`] is one of the 35 combinations the UN Recommendations on
//! the Transport of Dangerous Goods (Model Regulations, 2.1.1.4) allow; the mixing
//! chart is symmetric and refuses by default: a pair of groups not named in
//! [`CompatibilityGroup::mixing`] must not be stored together.

use super::ParseError;

wire_enum! {
    /// How ammunition behaves when it functions by accident (UN class 1 divisions).
    pub enum HazardDivision ("hazard division") {
        /// Mass explosion hazard.
        D11 = "1.1",
        /// Projection hazard, no mass explosion.
        D12 = "1.2",
        /// Fire hazard with minor blast or projection, no mass explosion.
        D13 = "1.3",
        /// No significant hazard.
        D14 = "1.4",
        /// Very insensitive substances with a mass explosion hazard.
        D15 = "1.5",
        /// Extremely insensitive articles, no mass explosion hazard.
        D16 = "1.6",
    }
}

wire_enum! {
    /// Which kinds of ammunition may be stored or carried together (UN compatibility
    /// groups; there is no I or M).
    pub enum CompatibilityGroup ("compatibility group") {
        /// Primary explosive substance.
        A = "A",
        /// Article with a primary explosive and fewer than two safety features
        /// (detonators, primers).
        B = "B",
        /// Propellant or deflagrating explosive.
        C = "C",
        /// Secondary detonating explosive, or an article with it and no means of
        /// initiation or propelling charge.
        D = "D",
        /// Article with a secondary detonating explosive and a propelling charge,
        /// without means of initiation.
        E = "E",
        /// Article with a secondary detonating explosive and its own means of
        /// initiation.
        F = "F",
        /// Pyrotechnic substance or article (illuminating, smoke, incendiary).
        G = "G",
        /// Article with an explosive and white phosphorus.
        H = "H",
        /// Article with an explosive and a flammable liquid or gel.
        J = "J",
        /// Article with an explosive and a toxic chemical agent.
        K = "K",
        /// Substance or article presenting a special risk that needs isolating.
        L = "L",
        /// Articles with only extremely insensitive detonating substances.
        N = "N",
        /// Packed or designed so that any hazard stays within the package.
        S = "S",
    }
}

/// Whether two compatibility groups may share a storage location.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Mixing {
    /// Allowed.
    Permitted,
    /// Allowed only under conditions the national authority sets (packaging, net
    /// explosive quantity, same type within the group).
    Conditional,
    /// Must not be stored together.
    Forbidden,
}

impl Mixing {
    /// The name used on the wire and in CSV.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mixing::Permitted => "permitted",
            Mixing::Conditional => "conditional",
            Mixing::Forbidden => "forbidden",
        }
    }
}

impl CompatibilityGroup {
    /// The storage mixing chart: whether `self` and `other` may share a location.
    ///
    /// This is the storage compatibility mixing chart of IATG 01.50 (UN explosive
    /// hazard classification system and codes), the same chart as NATO AASTP-1 Part I
    /// Chapter 3, cell by cell (see docs/SAFETY.md):
    /// - A, H, J stay with their own group (H and J also with S);
    /// - C, D, E and N mix with one another and with S;
    /// - B, F and G mix with their own group and S, and with C, D, E, N (and each
    ///   other) only under national conditions;
    /// - K and L are stored apart, mixing only within their own group and type
    ///   (conditional);
    /// - S mixes with every group but A, K and L.
    pub fn mixing(self, other: Self) -> Mixing {
        use CompatibilityGroup::*;
        use Mixing::*;
        let (a, b) = if self <= other {
            (self, other)
        } else {
            (other, self)
        };
        match (a, b) {
            (K, K) | (L, L) => Conditional,
            _ if a == b => Permitted,
            (A | K | L, _) | (_, A | K | L) => Forbidden,
            (_, S) => match a {
                B | C | D | E | F | G | H | J | N => Permitted,
                _ => Forbidden,
            },
            (H | J, _) | (_, H | J) => Forbidden,
            (C | D | E, C | D | E | N) => Permitted,
            (B | C | D | E | F | G, B | C | D | E | F | G | N) => Conditional,
            _ => Forbidden,
        }
    }
}

/// A lot's UN classification code: its hazard division and compatibility group,
/// written `1.1D`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HazardCode {
    division: HazardDivision,
    group: CompatibilityGroup,
}

/// The classification codes the UN Model Regulations allow (2.1.1.4): each group with
/// the divisions it may take.
const ALLOWED: &[(CompatibilityGroup, &[HazardDivision])] = {
    use CompatibilityGroup::*;
    use HazardDivision::*;
    &[
        (A, &[D11]),
        (B, &[D11, D12, D14]),
        (C, &[D11, D12, D13, D14]),
        (D, &[D11, D12, D14, D15]),
        (E, &[D11, D12, D14]),
        (F, &[D11, D12, D13, D14]),
        (G, &[D11, D12, D13, D14]),
        (H, &[D12, D13]),
        (J, &[D11, D12, D13]),
        (K, &[D12, D13]),
        (L, &[D11, D12, D13]),
        (N, &[D16]),
        (S, &[D14]),
    ]
};

const EXPECTED: &str = "a UN classification code of class 1, e.g. 1.1D or 1.4S";

impl HazardCode {
    /// The code for `division` and `group`, if the UN allows that combination.
    pub fn new(division: HazardDivision, group: CompatibilityGroup) -> Option<Self> {
        ALLOWED
            .iter()
            .any(|(g, ds)| *g == group && ds.contains(&division))
            .then_some(Self { division, group })
    }

    /// Its hazard division.
    pub fn division(self) -> HazardDivision {
        self.division
    }

    /// Its compatibility group.
    pub fn group(self) -> CompatibilityGroup {
        self.group
    }

    /// Every code the UN allows, by group then division.
    pub fn all() -> impl Iterator<Item = Self> {
        ALLOWED.iter().flat_map(|(group, divisions)| {
            divisions.iter().map(|&division| Self {
                division,
                group: *group,
            })
        })
    }
}

impl std::fmt::Display for HazardCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.division, self.group)
    }
}

impl std::str::FromStr for HazardCode {
    type Err = ParseError;

    /// Reads `1.1D` as depots write it: spaces, a hyphen or a leading `class`/`HD`
    /// tolerated, the group in either case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseError::new("hazard classification", EXPECTED, s);
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        let compact = compact.strip_prefix("HD").unwrap_or(&compact);
        let group_at = compact.len().checked_sub(1).ok_or_else(bad)?;
        let (division, group) = (compact.get(..group_at), compact.get(group_at..));
        let division: HazardDivision = division.ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let group: CompatibilityGroup = group.ok_or_else(bad)?.parse().map_err(|_| bad())?;
        Self::new(division, group).ok_or_else(bad)
    }
}

serde_as_string!(HazardCode);

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for HazardCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(EXPECTED))
            .examples(["1.1D"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for HazardCode {}

/// Two groups found at one location that should not be there together.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MixedGroups {
    /// The first group, in chart order.
    pub first: CompatibilityGroup,
    /// The second group.
    pub second: CompatibilityGroup,
    /// Whether they are forbidden together or need the national authority's
    /// conditions.
    pub mixing: Mixing,
}

/// The pairs of groups among `lots` (the group of each lot held at one location) that
/// the chart does not simply permit, forbidden ones first. Two lots of group K, or of
/// group L, are named too: they may share a place only if they are of the same type.
/// Empty when the location is safe.
pub fn mixed_groups(lots: impl IntoIterator<Item = CompatibilityGroup>) -> Vec<MixedGroups> {
    let lots: Vec<CompatibilityGroup> = lots.into_iter().collect();
    let present: Vec<(CompatibilityGroup, usize)> = CompatibilityGroup::ALL
        .iter()
        .map(|&g| (g, lots.iter().filter(|&&l| l == g).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let mut pairs = Vec::new();
    for (i, &(first, n)) in present.iter().enumerate() {
        for &(second, _) in present.iter().skip(i) {
            let mixing = first.mixing(second);
            if mixing != Mixing::Permitted && (first != second || n > 1) {
                pairs.push(MixedGroups {
                    first,
                    second,
                    mixing,
                });
            }
        }
    }
    pairs.sort_by(|a, b| b.mixing.cmp(&a.mixing).then(a.cmp(b)));
    pairs
}

#[cfg(test)]
mod tests {
    use super::CompatibilityGroup::*;
    use super::Mixing::*;
    use super::*;

    #[test]
    fn mixing_names_are_its_wire_names() {
        for m in [Permitted, Conditional, Forbidden] {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
    }

    #[test]
    fn the_chart_is_symmetric() {
        for &a in CompatibilityGroup::ALL {
            for &b in CompatibilityGroup::ALL {
                assert_eq!(a.mixing(b), b.mixing(a), "{a} with {b}");
            }
        }
    }

    macro_rules! chart_cases {
        ($($name:ident: $a:ident + $b:ident => $m:ident;)+) => {$(
            #[test]
            fn $name() {
                assert_eq!($a.mixing($b), $m);
            }
        )+};
    }

    chart_cases! {
        primary_explosive_alone: A + A => Permitted;
        primary_explosive_with_detonators: A + B => Forbidden;
        primary_explosive_with_inert_packed: A + S => Forbidden;
        detonators_with_safe_packed: B + S => Permitted;
        detonators_with_shells: B + D => Conditional;
        propellant_with_shells: C + D => Permitted;
        shells_with_cartridges: D + E => Permitted;
        insensitive_with_shells: N + D => Permitted;
        fuzed_with_shells: F + D => Conditional;
        pyrotechnic_with_propellant: G + C => Conditional;
        white_phosphorus_alone: H + H => Permitted;
        white_phosphorus_with_safe_packed: H + S => Permitted;
        white_phosphorus_with_pyrotechnic: H + G => Forbidden;
        flammable_liquid_with_white_phosphorus: J + H => Forbidden;
        toxic_within_its_group: K + K => Conditional;
        toxic_with_safe_packed: K + S => Forbidden;
        special_risk_within_its_group: L + L => Conditional;
        special_risk_with_shells: L + D => Forbidden;
        safe_packed_with_pyrotechnic: S + G => Permitted;
    }

    #[test]
    fn codes_read_as_depots_write_them() {
        for (text, code) in [
            ("1.1D", "1.1D"),
            ("1.4s", "1.4S"),
            (" 1.2 E ", "1.2E"),
            ("1.3-C", "1.3C"),
            ("HD1.1A", "1.1A"),
            ("1.6N", "1.6N"),
        ] {
            let parsed: HazardCode = text.parse().unwrap();
            assert_eq!(parsed.to_string(), code, "{text}");
        }
    }

    #[test]
    fn combinations_the_un_does_not_allow_are_refused() {
        for text in [
            "1.5A", "1.4A", "1.1S", "1.6D", "1.7D", "1.1I", "1.1", "D", "", "1.1DD",
        ] {
            let e = text.parse::<HazardCode>().unwrap_err();
            assert_eq!(e.what(), "hazard classification", "{text}");
        }
        assert_eq!(HazardCode::all().count(), 35);
    }

    #[test]
    fn serde_uses_the_code() {
        let code: HazardCode = serde_json::from_str("\"1.2F\"").unwrap();
        assert_eq!(code.division(), HazardDivision::D12);
        assert_eq!(code.group(), F);
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"1.2F\"");
        assert!(serde_json::from_str::<HazardCode>("\"1.5A\"").is_err());
    }

    #[test]
    fn a_location_lists_what_is_wrong_forbidden_first() {
        assert!(mixed_groups([D, E, C, S, D, N]).is_empty());
        let pairs = mixed_groups([S, D, H, F]);
        let named: Vec<_> = pairs
            .iter()
            .map(|p| (p.first, p.second, p.mixing))
            .collect();
        assert_eq!(
            named,
            [(D, H, Forbidden), (F, H, Forbidden), (D, F, Conditional)]
        );
        assert!(mixed_groups([K]).is_empty());
        assert!(mixed_groups([L, L]).len() == 1);
        assert_eq!(
            mixed_groups([K, K]),
            [MixedGroups {
                first: K,
                second: K,
                mixing: Conditional
            }]
        );
    }
}
