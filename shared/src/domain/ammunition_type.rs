//! What kind of ammunition a lot is: the small fixed taxonomy the UN Global Framework
//! for Through-life Conventional Ammunition Management reports by, and the guess made
//! from a lot's own marks (calibre text, NSN supply class, DODIC) until an officer or
//! an inventory says it.
//!
//! Invariant: the guess never overrides what a person or an import stated, and it
//! answers `None` rather than guess between two types (`120mm` alone may be a mortar
//! bomb or a tank round).

use super::AmmunitionLot;
use crate::marking::calibre::{Calibre, Dimensions};

/// The kind of ammunition, as the Global Framework's reporting groups it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AmmunitionType {
    /// Cartridges for small arms and machine guns (up to 20 mm), shotgun shells.
    SmallCalibre,
    /// Hand and rifle grenades, 40 mm grenade-launcher rounds.
    Grenade,
    /// Mortar bombs.
    Mortar,
    /// Artillery and tank rounds.
    Artillery,
    /// Rockets, rocket-propelled grenades.
    Rocket,
    /// Man-portable air defence missiles: priority for investigation.
    Manpads,
    /// Anti-tank guided missiles: priority for investigation.
    Atgw,
    /// Land mines.
    Mine,
    /// Demolition charges and bulk explosives.
    Demolition,
    /// Fuzes, detonators, primers and other components.
    FuzeComponent,
    /// Anything else.
    Other,
}

/// Words (whole, lower case) that name a type whatever else the calibre text says:
/// weapon systems and their missiles first, since `9M39 Igla` must not read as a rocket.
const NAMED: &[(AmmunitionType, &[&str])] = &[
    (
        AmmunitionType::Manpads,
        &[
            "manpads",
            "9k32",
            "9k34",
            "9k36",
            "9k38",
            "9k310",
            "9k333",
            "9k338",
            "9m32",
            "9m36",
            "9m39",
            "9m313",
            "9m336",
            "9m342",
            "strela",
            "стрела",
            "igla",
            "игла",
            "verba",
            "верба",
            "sa-7",
            "sa-14",
            "sa-16",
            "sa-18",
            "sa-24",
            "stinger",
            "fim-92",
            "mistral",
            "qw-1",
            "qw-2",
            "qw-18",
            "fn-6",
            "hn-5",
            "misagh",
            "anza",
            "grom",
            "starstreak",
            "rbs-70",
            "blowpipe",
        ],
    ),
    (
        AmmunitionType::Atgw,
        &[
            "atgm",
            "atgw",
            "9k11",
            "9k111",
            "9k113",
            "9k115",
            "9k129",
            "9k135",
            "9m14",
            "9m111",
            "9m113",
            "9m115",
            "9m117",
            "9m119",
            "9m131",
            "9m133",
            "malyutka",
            "малютка",
            "fagot",
            "фагот",
            "konkurs",
            "конкурс",
            "metis",
            "метис",
            "kornet",
            "корнет",
            "sagger",
            "at-3",
            "at-4",
            "at-5",
            "at-7",
            "at-13",
            "at-14",
            "tow",
            "bgm-71",
            "milan",
            "fgm-148",
            "spike",
            "hj-8",
            "hj-73",
            "toophan",
            "dehlavieh",
        ],
    ),
    (
        AmmunitionType::Rocket,
        &[
            "rocket", "roquette", "cohete", "rpg", "rpg-7", "rpg-22", "rpg-26", "рпг", "pg-7",
            "pg-7v", "pg-7vm", "pg-7vl", "pg-9", "og-7", "og-7v", "пг-7", "пг-7в", "ог-7", "m72",
            "grad", "град", "at4",
        ],
    ),
    (
        AmmunitionType::Grenade,
        &[
            "grenade",
            "granada",
            "граната",
            "f1",
            "f-1",
            "ф-1",
            "rgd-5",
            "ргд-5",
            "rgo",
            "rgn",
            "рго",
            "ргн",
            "m67",
            "m26",
            "vog-25",
            "vog-17",
            "вог-25",
            "вог-17",
            "40x46mm",
            "40x53mm",
            "40x46",
            "40x53",
        ],
    ),
    (
        AmmunitionType::Mortar,
        &[
            "mortar",
            "mortier",
            "mortero",
            "миномёт",
            "миномет",
            "минометная",
        ],
    ),
    (
        AmmunitionType::Mine,
        &[
            "mine",
            "landmine",
            "tm-46",
            "tm-57",
            "tm-62",
            "тм-62",
            "pmn",
            "pmn-2",
            "пмн",
            "pom-2",
            "mon-50",
            "mon-90",
            "мон-50",
            "ozm",
            "ozm-72",
            "m18a1",
            "claymore",
            "type-72",
        ],
    ),
    (
        AmmunitionType::Demolition,
        &[
            "tnt",
            "c4",
            "c-4",
            "pe4",
            "pe-4",
            "semtex",
            "petn",
            "rdx",
            "detcord",
            "explosive",
            "explosif",
            "explosivo",
            "тротил",
            "тнт",
            "пластит",
            "demolition",
        ],
    ),
    (
        AmmunitionType::FuzeComponent,
        &[
            "fuze",
            "fuzes",
            "fuse",
            "espoleta",
            "взрыватель",
            "detonator",
            "détonateur",
            "detonador",
            "детонатор",
            "primer",
            "primers",
        ],
    ),
    (
        AmmunitionType::Artillery,
        &[
            "howitzer",
            "obus",
            "artillery",
            "artillerie",
            "artillería",
            "tank",
            "apfsds",
            "apds",
        ],
    ),
];

/// NATO supply classes (the first four digits of an NSN) that name one type.
const SUPPLY_CLASSES: &[(&str, AmmunitionType)] = &[
    ("1305", AmmunitionType::SmallCalibre),
    ("1320", AmmunitionType::Artillery),
    ("1330", AmmunitionType::Grenade),
    ("1340", AmmunitionType::Rocket),
    ("1345", AmmunitionType::Mine),
    ("1375", AmmunitionType::Demolition),
    ("1376", AmmunitionType::Demolition),
    ("1390", AmmunitionType::FuzeComponent),
];

/// DODIC first letters that name one type.
const DODIC_LETTERS: &[(char, AmmunitionType)] = &[
    ('A', AmmunitionType::SmallCalibre),
    ('D', AmmunitionType::Artillery),
    ('G', AmmunitionType::Grenade),
    ('H', AmmunitionType::Rocket),
    ('K', AmmunitionType::Mine),
    ('M', AmmunitionType::Demolition),
    ('N', AmmunitionType::FuzeComponent),
];

/// Bore above which a metric calibre with no other clue is a cannon, not a small arm.
const SMALL_CALIBRE_MAX_MM: u32 = 20;
/// Bores of artillery and tank guns (with no word saying mortar or rocket).
const ARTILLERY_MM: std::ops::RangeInclusive<u32> = 100..=210;

impl AmmunitionType {
    /// Every type, in the order lists show them.
    pub const ALL: [AmmunitionType; 11] = [
        AmmunitionType::SmallCalibre,
        AmmunitionType::Grenade,
        AmmunitionType::Mortar,
        AmmunitionType::Artillery,
        AmmunitionType::Rocket,
        AmmunitionType::Manpads,
        AmmunitionType::Atgw,
        AmmunitionType::Mine,
        AmmunitionType::Demolition,
        AmmunitionType::FuzeComponent,
        AmmunitionType::Other,
    ];

    /// The wire name, `small_calibre`, `manpads`…
    pub fn as_str(self) -> &'static str {
        match self {
            AmmunitionType::SmallCalibre => "small_calibre",
            AmmunitionType::Grenade => "grenade",
            AmmunitionType::Mortar => "mortar",
            AmmunitionType::Artillery => "artillery",
            AmmunitionType::Rocket => "rocket",
            AmmunitionType::Manpads => "manpads",
            AmmunitionType::Atgw => "atgw",
            AmmunitionType::Mine => "mine",
            AmmunitionType::Demolition => "demolition",
            AmmunitionType::FuzeComponent => "fuze_component",
            AmmunitionType::Other => "other",
        }
    }

    /// The type of a wire name.
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Whether a seizure of it is flagged for priority investigation (Global
    /// Framework objective 12 (a)(iv): MANPADS and ATGW).
    pub fn is_priority(self) -> bool {
        matches!(self, AmmunitionType::Manpads | AmmunitionType::Atgw)
    }

    /// The type a lot's marks tell, if they tell one: a weapon or type named in the
    /// calibre text, else the NSN's supply class, else the DODIC, else the calibre's
    /// bore. `None` when nothing decides.
    pub fn infer(lot: &AmmunitionLot) -> Option<Self> {
        let text = lot.calibre.to_lowercase();
        let words: Vec<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .collect();
        // `TM-62M`, `PG-7VM`, `9K38-1`: as written, without the variant letters after
        // the number, or without the part after the last hyphen.
        let named = |w: &&str| {
            let bare = w.trim_end_matches(|c: char| c.is_alphabetic());
            let bare = if bare.ends_with(|c: char| c.is_ascii_digit()) {
                bare
            } else {
                w
            };
            let head = w.rsplit_once('-').map_or(*w, |(head, _)| head);
            NAMED.iter().find_map(|(t, names)| {
                [*w, bare, head]
                    .iter()
                    .any(|v| names.contains(v))
                    .then_some(*t)
            })
        };
        if let Some(t) = words.iter().find_map(named) {
            return Some(t);
        }
        if let Some(t) = lot.nsn.as_ref().and_then(|n| {
            SUPPLY_CLASSES
                .iter()
                .find(|(class, _)| *class == n.supply_class())
                .map(|(_, t)| *t)
        }) {
            return Some(t);
        }
        if let Some(t) = lot
            .dodic
            .as_ref()
            .and_then(|d| d.as_str().chars().next())
            .and_then(|c| DODIC_LETTERS.iter().find(|(l, _)| *l == c).map(|(_, t)| *t))
        {
            return Some(t);
        }
        match Calibre::parse(&lot.calibre).ok()?.dimensions() {
            Dimensions::Inch { .. } | Dimensions::Gauge { .. } => {
                Some(AmmunitionType::SmallCalibre)
            }
            Dimensions::Metric { bore, .. } => {
                let mm = bore.hundredths() / 100;
                if mm <= SMALL_CALIBRE_MAX_MM {
                    Some(AmmunitionType::SmallCalibre)
                } else if ARTILLERY_MM.contains(&mm) {
                    Some(AmmunitionType::Artillery)
                } else {
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marking::nsn::{Dodic, Nsn};

    fn lot(calibre: &str) -> AmmunitionLot {
        AmmunitionLot {
            manufacturer: "17".into(),
            calibre: calibre.into(),
            year: None,
            lot: "1".into(),
            sub_lot: None,
            nsn: None,
            dodic: None,
            ammunition_type: None,
            hazard: None,
        }
    }

    #[test]
    fn the_calibre_text_names_weapons_and_types() {
        use AmmunitionType as T;
        for (calibre, want) in [
            ("9K38 Igla", Some(T::Manpads)),
            ("9М39 ИГЛА", Some(T::Manpads)),
            ("ПЗРК Игла", Some(T::Manpads)),
            ("FIM-92 Stinger", Some(T::Manpads)),
            ("9M113 Konkurs", Some(T::Atgw)),
            ("BGM-71 TOW", Some(T::Atgw)),
            ("PG-7VM", Some(T::Rocket)),
            ("RPG-7 rocket", Some(T::Rocket)),
            ("Ф-1 граната", Some(T::Grenade)),
            ("40x46mm", Some(T::Grenade)),
            ("82mm mortar", Some(T::Mortar)),
            ("120 mm mortier", Some(T::Mortar)),
            ("TM-62M", Some(T::Mine)),
            ("TNT 400 g", Some(T::Demolition)),
            ("RGM-2 fuze", Some(T::FuzeComponent)),
            ("7.62x39mm", Some(T::SmallCalibre)),
            ("7,62×54 мм R", Some(T::SmallCalibre)),
            (".50 BMG", Some(T::SmallCalibre)),
            ("12 gauge", Some(T::SmallCalibre)),
            ("122mm", Some(T::Artillery)),
            ("125mm APFSDS", Some(T::Artillery)),
            ("122mm Grad rocket", Some(T::Rocket)),
            ("30x165mm", None),
            ("shot", None), // `hot` is an ATGW only as a whole word
            ("", None),
        ] {
            assert_eq!(AmmunitionType::infer(&lot(calibre)), want, "{calibre}");
        }
    }

    #[test]
    fn nsn_and_dodic_tell_the_type_when_the_calibre_does_not() {
        let mut l = lot("unknown");
        l.nsn = Some(Nsn::parse("1345-01-234-5678").unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(AmmunitionType::infer(&l), Some(AmmunitionType::Mine));
        l.nsn = Some(Nsn::parse("1310-01-234-5678").unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(AmmunitionType::infer(&l), None, "1310 holds several types");
        l.dodic = Some(Dodic::parse("G881").unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(AmmunitionType::infer(&l), Some(AmmunitionType::Grenade));
        // A named weapon in the calibre wins over the supply class.
        l.calibre = "9M133 Kornet".into();
        assert_eq!(AmmunitionType::infer(&l), Some(AmmunitionType::Atgw));
    }

    #[test]
    fn wire_names_and_priority() {
        for t in AmmunitionType::ALL {
            assert_eq!(AmmunitionType::from_wire(t.as_str()), Some(t));
            let json = serde_json::to_string(&t).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
        }
        let priority: Vec<_> = AmmunitionType::ALL
            .into_iter()
            .filter(|t| t.is_priority())
            .collect();
        assert_eq!(priority, [AmmunitionType::Manpads, AmmunitionType::Atgw]);
    }
}
