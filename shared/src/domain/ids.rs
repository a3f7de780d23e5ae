//! Record ids: one uuid newtype per record kind, so an agency id cannot be passed where
//! a user id is expected.
//!
//! Invariant: ids are made with `new()` on the device that creates the record and never
//! change; they print and parse as hyphenated lower-case uuids.

id_types! {
    /// Identifies an [`crate::domain::Agency`].
    AgencyId => "agency id",
    /// Identifies a [`crate::domain::User`].
    UserId => "user id",
    /// Identifies an enrolled [`crate::domain::Device`].
    DeviceId => "device id",
    /// Identifies a [`crate::domain::Depot`].
    DepotId => "depot id",
    /// Identifies a [`crate::domain::StorageLocation`] in a depot.
    LocationId => "location id",
    /// Identifies a [`crate::domain::StockCheck`].
    StockCheckId => "stock check id",
    /// Identifies an [`crate::domain::ExpectedLine`] of a stock check.
    ExpectedLineId => "expected line id",
    /// Identifies a [`crate::domain::CountLine`] of a stock check.
    CountLineId => "count line id",
    /// Identifies a [`crate::domain::SeizureCase`].
    SeizureId => "seizure id",
    /// Identifies a [`crate::domain::SeizedItem`] of a seizure case.
    SeizedItemId => "seized item id",
    /// Identifies a [`crate::domain::TransferRecord`].
    TransferId => "transfer id",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_time_ordered_unique_and_round_trip() {
        let a = AgencyId::new();
        let b = AgencyId::new();
        assert_ne!(a, b);
        assert_eq!(a.as_uuid().get_version_num(), 7);
        // Made later, sorts later: as text too, which is how the server keys them.
        std::thread::sleep(std::time::Duration::from_millis(2));
        let later = AgencyId::new();
        assert!(a < later && a.to_string() < later.to_string());
        assert_eq!(a.to_string().parse::<AgencyId>().unwrap(), a);
        assert_eq!(AgencyId::from_uuid(*a.as_uuid()), a);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, format!("\"{a}\""));
        assert_eq!(serde_json::from_str::<AgencyId>(&json).unwrap(), a);
    }

    #[test]
    fn ids_parse_upper_case_and_refuse_junk() {
        let id: UserId = "67E55044-10B1-426F-9247-BB680E5FE0C8".parse().unwrap();
        assert_eq!(id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
        let err = "not-a-uuid".parse::<TransferId>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#""not-a-uuid" is not a valid transfer id: expected a UUID"#
        );
        assert!(serde_json::from_str::<DepotId>("\"x\"").is_err());
    }
}
