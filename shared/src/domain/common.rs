//! Small value types shared by several records: country codes, photo references,
//! sharing scopes, revisions and GPS points.
//!
//! Invariant: a [`CountryCode`] is always two upper-case ASCII letters and a [`Sha256`]
//! always 32 bytes printed as 64 lower-case hex digits; the other types are checked by
//! [`Validate`].

use std::fmt;
use std::str::FromStr;

use time::OffsetDateTime;

use super::{AgencyId, DeviceId, ParseError, UserId};
use crate::validate::{
    MAX_GPS_ACCURACY_M, MAX_PARTNER_AGENCIES, MAX_PHOTO_BYTES, Validate, Validator,
};

/// An ISO 3166-1 alpha-2 country code such as `KE` or `UA`. Only the shape is checked
/// (two letters), not whether the code is currently assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses two ASCII letters, accepting lower case and surrounding spaces.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let err = || ParseError::new("country code", "two letters (ISO 3166-1 alpha-2)", text);
        let code: [u8; 2] = text.trim().as_bytes().try_into().map_err(|_| err())?;
        if !code.iter().all(u8::is_ascii_alphabetic) {
            return Err(err());
        }
        Ok(Self(code.map(|b| b.to_ascii_uppercase())))
    }

    /// The two upper-case letters.
    pub fn as_str(&self) -> &str {
        // Invariant: only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CountryCode {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A SHA-256 digest: the content address of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256([u8; 32]);

impl Sha256 {
    /// Wraps a digest computed elsewhere.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The 32 bytes of the digest.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Parses exactly 64 hex digits; upper case is accepted and printed back in lower case.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let err = || ParseError::new("SHA-256 digest", "64 hexadecimal digits", text);
        let digits = text.as_bytes();
        if digits.len() != 64 {
            return Err(err());
        }
        let mut out = [0u8; 32];
        for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
            let [hi, lo] = pair else { return Err(err()) };
            let nibble = |c: &u8| char::from(*c).to_digit(16).ok_or_else(err);
            *byte = u8::try_from(nibble(hi)? << 4 | nibble(lo)?).map_err(|_| err())?;
        }
        Ok(Self(out))
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl FromStr for Sha256 {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

serde_as_string!(CountryCode, Sha256);

wire_enum! {
    /// The image formats the capture pipeline stores; serialised as MIME types.
    pub enum MediaType ("media type") {
        /// JPEG, what phone cameras produce.
        Jpeg = "image/jpeg",
        /// PNG, for screenshots and scans.
        Png = "image/png",
        /// WebP, for re-encoded, smaller photos.
        Webp = "image/webp",
    }
}

wire_enum! {
    /// What a record is: the kinds the server stores and lists.
    #[derive(Default)]
    pub enum RecordKind ("record kind") {
        /// A depot's stock check (expected lines, locations, assignees).
        #[default]
        StockCheck = "stock_check",
        /// One counted line of a stock check.
        CountLine = "count_line",
        /// A seizure case.
        SeizureCase = "seizure_case",
        /// A transfer of ammunition under an end-user certificate.
        Transfer = "transfer",
        /// A recovered cache: found, abandoned, uncleared or handed-in ammunition. Its
        /// body is a case (`SeizureCase`) with a `recovery`.
        RecoveredCache = "recovered_cache",
    }
}

wire_enum! {
    /// Where a record stands in its workflow, whatever its kind: a case's
    /// ([`CaseStatus`]), a stock check's ([`StockCheckStatus`]), a count line's (draft
    /// until its check is submitted) or a transfer's (recorded).
    ///
    /// [`CaseStatus`]: crate::domain::CaseStatus
    /// [`StockCheckStatus`]: crate::domain::StockCheckStatus
    #[derive(Default)]
    pub enum RecordStatus ("record status") {
        /// Being written; not yet sent for review.
        #[default]
        Draft = "draft",
        /// Assigned to inspectors, not yet started.
        Assigned = "assigned",
        /// Being counted.
        InProgress = "in_progress",
        /// Waiting for a supervisor's decision.
        Submitted = "submitted",
        /// Approved by a supervisor.
        Approved = "approved",
        /// Returned to its author with what to correct.
        Returned = "returned",
        /// Recorded as received (a transfer record).
        Recorded = "recorded",
    }
}

impl RecordKind {
    /// The kinds whose body is a case (`SeizureCase`): seizures and recovered caches,
    /// documented, reviewed, traced and reported alike.
    pub const CASES: [RecordKind; 2] = [RecordKind::SeizureCase, RecordKind::RecoveredCache];

    /// Whether a record of this kind is a case ([`RecordKind::CASES`]).
    pub const fn is_case(self) -> bool {
        matches!(self, RecordKind::SeizureCase | RecordKind::RecoveredCache)
    }

    /// Where a record body of this kind keeps its workflow status (a JSON pointer).
    pub const fn status_pointer(self) -> &'static str {
        match self {
            RecordKind::StockCheck => "/stock_check/status",
            _ => "/status",
        }
    }
}

impl From<crate::domain::CaseStatus> for RecordStatus {
    fn from(s: crate::domain::CaseStatus) -> Self {
        s.as_str().parse().unwrap_or_default()
    }
}

impl From<crate::domain::StockCheckStatus> for RecordStatus {
    fn from(s: crate::domain::StockCheckStatus) -> Self {
        s.as_str().parse().unwrap_or_default()
    }
}

impl MediaType {
    /// The usual file extension, without the dot.
    pub const fn extension(self) -> &'static str {
        match self {
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
            MediaType::Webp => "webp",
        }
    }
}

/// A photo attached to a record, addressed by the SHA-256 of its bytes; the bytes
/// themselves travel separately.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoRef {
    /// Digest of the file's bytes.
    pub sha256: Sha256,
    /// Image format.
    pub media_type: MediaType,
    /// File size in bytes.
    pub size: u64,
}

impl Validate for PhotoRef {
    fn check(&self, v: &mut Validator) {
        v.range("size", self.size, 1, MAX_PHOTO_BYTES);
    }
}

/// Who besides the providing agency may see a record; the provider decides.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(from = "ScopeWire", into = "ScopeWire")]
pub enum SharingScope {
    /// Only the agency that owns the record.
    OwnAgency,
    /// Every agency of the same country.
    National,
    /// The owning agency and the named partner agencies.
    Partners {
        /// The partners; at least one, none twice.
        agencies: Vec<AgencyId>,
    },
}

/// The wire form of [`SharingScope`]: `{"kind":"partners","agencies":[…]}`. Serde ignores
/// unknown fields next to the tag of a unit variant, so every variant here is a struct.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum ScopeWire {
    OwnAgency {},
    National {},
    Partners { agencies: Vec<AgencyId> },
}

impl From<ScopeWire> for SharingScope {
    fn from(wire: ScopeWire) -> Self {
        match wire {
            ScopeWire::OwnAgency {} => SharingScope::OwnAgency,
            ScopeWire::National {} => SharingScope::National,
            ScopeWire::Partners { agencies } => SharingScope::Partners { agencies },
        }
    }
}

impl From<SharingScope> for ScopeWire {
    fn from(scope: SharingScope) -> Self {
        match scope {
            SharingScope::OwnAgency => ScopeWire::OwnAgency {},
            SharingScope::National => ScopeWire::National {},
            SharingScope::Partners { agencies } => ScopeWire::Partners { agencies },
        }
    }
}

impl Validate for SharingScope {
    fn check(&self, v: &mut Validator) {
        if let SharingScope::Partners { agencies } = self {
            v.count("agencies", agencies.len(), 1, MAX_PARTNER_AGENCIES);
            v.unique("agencies", agencies);
        }
    }
}

/// Who changed a record, from which device and when. A change after submission makes a
/// new revision rather than overwriting the old one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// 1 for the first version, then one more for each change.
    pub number: u32,
    /// The user who made this revision.
    pub author: UserId,
    /// The device it was made on, if not on the server.
    pub device: Option<DeviceId>,
    /// When it was made (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl Validate for Revision {
    fn check(&self, v: &mut Validator) {
        v.range("number", self.number, 1, u32::MAX);
    }
}

/// A position from the device's GPS, in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeoPoint {
    /// Degrees north, -90 to 90.
    pub latitude: f64,
    /// Degrees east, -180 to 180.
    pub longitude: f64,
    /// Radius of 68 % confidence in metres, when the device reports it.
    pub accuracy_m: Option<f32>,
}

impl Validate for GeoPoint {
    fn check(&self, v: &mut Validator) {
        v.range("latitude", self.latitude, -90.0, 90.0);
        v.range("longitude", self.longitude, -180.0, 180.0);
        if let Some(accuracy) = self.accuracy_m {
            #[allow(clippy::cast_precision_loss, reason = "the limit is exact in f32")]
            v.range("accuracy_m", accuracy, 0.0, MAX_GPS_ACCURACY_M as f32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{
        assert_errors, json_round_trip, photo_strategy, revision_strategy, scope_strategy,
    };
    use proptest::prelude::*;

    #[test]
    fn every_case_and_stock_check_status_is_a_record_status() {
        use crate::domain::{CaseStatus, StockCheckStatus};
        for s in CaseStatus::ALL {
            assert_eq!(RecordStatus::from(*s).as_str(), s.as_str());
        }
        for s in StockCheckStatus::ALL {
            assert_eq!(RecordStatus::from(*s).as_str(), s.as_str());
        }
    }

    #[test]
    fn country_codes() {
        for (input, expected) in [("KE", "KE"), ("ua", "UA"), (" cN ", "CN"), ("xk", "XK")] {
            assert_eq!(CountryCode::parse(input).unwrap().as_str(), expected);
        }
        for bad in ["", "K", "KEN", "K1", "ÜA", "к", "--", "K E"] {
            assert!(CountryCode::parse(bad).is_err(), "{bad:?}");
        }
        let json = serde_json::to_string(&CountryCode::parse("de").unwrap()).unwrap();
        assert_eq!(json, "\"DE\"");
        assert_eq!(
            serde_json::from_str::<CountryCode>("\"fr\"")
                .unwrap()
                .as_str(),
            "FR"
        );
        assert!(serde_json::from_str::<CountryCode>("\"FRA\"").is_err());
    }

    #[test]
    fn sha256_parses_hex_and_prints_lower_case() {
        let lower = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let hash = Sha256::parse(&lower.to_uppercase()).unwrap();
        assert_eq!(hash.to_string(), lower);
        assert_eq!(hash.as_bytes().first(), Some(&0xe3));
        assert_eq!(Sha256::from_bytes(*hash.as_bytes()), hash);
        for bad in [
            "",
            &lower[1..],
            &format!("{lower}0"),
            &lower.replace('e', "g"),
        ] {
            assert!(Sha256::parse(bad).is_err(), "{bad:?}");
        }
        // 64 bytes but not 64 characters: a multi-byte character must not slip through.
        assert!(Sha256::parse(&format!("é{}", &lower[2..])).is_err());
    }

    #[test]
    fn media_types_use_mime_names() {
        assert_eq!(
            serde_json::to_string(&MediaType::Webp).unwrap(),
            "\"image/webp\""
        );
        assert_eq!("image/png".parse::<MediaType>().unwrap(), MediaType::Png);
        assert_eq!(MediaType::Jpeg.extension(), "jpg");
        let err = "image/gif".parse::<MediaType>().unwrap_err();
        assert_eq!(err.expected(), "one of: image/jpeg image/png image/webp");
        assert!(serde_json::from_str::<MediaType>("\"image/gif\"").is_err());
    }

    #[test]
    fn scope_wire_form() {
        let a = AgencyId::new();
        let json = serde_json::to_string(&SharingScope::Partners { agencies: vec![a] }).unwrap();
        assert_eq!(json, format!(r#"{{"kind":"partners","agencies":["{a}"]}}"#));
        assert_eq!(
            serde_json::to_string(&SharingScope::OwnAgency).unwrap(),
            r#"{"kind":"own_agency"}"#
        );
        assert!(serde_json::from_str::<SharingScope>(r#"{"kind":"national","x":1}"#).is_err());
        assert!(serde_json::from_str::<SharingScope>(r#"{"kind":"everyone"}"#).is_err());
        let extra = format!(r#"{{"kind":"partners","agencies":["{a}"],"x":1}}"#);
        assert!(serde_json::from_str::<SharingScope>(&extra).is_err());
        assert_eq!(
            serde_json::from_str::<SharingScope>(r#"{"kind":"national"}"#).unwrap(),
            SharingScope::National
        );
    }

    #[test]
    fn scope_rules() {
        let a = AgencyId::new();
        let many: Vec<_> = (0..=MAX_PARTNER_AGENCIES)
            .map(|_| AgencyId::new())
            .collect();
        let partners = |agencies| SharingScope::Partners { agencies };
        assert_errors(&SharingScope::National, &[]);
        assert_errors(&partners(vec![a]), &[]);
        assert_errors(&partners(vec![]), &["agencies: is required"]);
        assert_errors(
            &partners(vec![a, a]),
            &["agencies[1]: is given more than once"],
        );
        assert_errors(
            &partners(many),
            &["agencies: must have at most 100 entries"],
        );
    }

    #[test]
    fn geo_point_rules() {
        let p = |latitude, longitude, accuracy_m| GeoPoint {
            latitude,
            longitude,
            accuracy_m,
        };
        let lat = "latitude: must be between -90 and 90";
        let lon = "longitude: must be between -180 and 180";
        let acc = "accuracy_m: must be between 0 and 100000";
        assert_errors(&p(-1.2921, 36.8219, Some(12.5)), &[]);
        assert_errors(&p(90.0, -180.0, None), &[]);
        assert_errors(&p(90.01, 0.0, None), &[lat]);
        assert_errors(&p(f64::NAN, f64::INFINITY, None), &[lat, lon]);
        assert_errors(&p(0.0, -180.5, Some(-1.0)), &[lon, acc]);
        assert_errors(&p(0.0, 0.0, Some(f32::NAN)), &[acc]);
    }

    #[test]
    fn photo_and_revision_rules() {
        let photo = |size| PhotoRef {
            sha256: Sha256::from_bytes([7; 32]),
            media_type: MediaType::Jpeg,
            size,
        };
        assert_errors(&photo(1), &[]);
        assert_errors(&photo(0), &["size: must be between 1 and 41943040"]);
        assert_errors(
            &photo(MAX_PHOTO_BYTES + 1),
            &["size: must be between 1 and 41943040"],
        );
        let revision = Revision {
            number: 0,
            author: UserId::new(),
            device: None,
            at: OffsetDateTime::UNIX_EPOCH,
        };
        assert_errors(&revision, &["number: must be between 1 and 4294967295"]);
    }

    proptest! {
        #[test]
        fn scope_round_trips(scope in scope_strategy()) {
            json_round_trip(&scope);
            prop_assert!(scope.validate().is_ok());
        }

        #[test]
        fn photo_and_revision_round_trip(photo in photo_strategy(), rev in revision_strategy()) {
            json_round_trip(&photo);
            json_round_trip(&rev);
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,70}") {
            let _ = CountryCode::parse(&s);
            let _ = Sha256::parse(&s);
            let _ = s.parse::<MediaType>();
        }
    }
}
