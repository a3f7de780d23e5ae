//! Macros that generate the repetitive parts of the domain types: record ids, enums with
//! fixed wire names, and string-backed serde for parsed newtypes.
//!
//! Invariant: every generated type prints exactly the text its parser accepts, so
//! `Display` → `FromStr` and serialise → deserialise round-trip.

/// Defines uuid-backed record ids: `id_types! { /// doc \n AgencyId => "agency id", … }`.
macro_rules! id_types {
    ($($(#[$meta:meta])* $name:ident => $what:literal,)+) => {$(
        $(#[$meta])*
        ///
        /// Made on the device that creates the record (random, version 4), so records
        /// can be created offline without clashing.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// A new id: its creation time (to the millisecond) then random bits
            /// (UUIDv7), so the ids a device makes sort in the order it made them and
            /// land at the end of the server's indexes instead of all over them.
            #[allow(clippy::new_without_default, reason = "a random default would surprise")]
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }

            /// Wraps an existing uuid (read from storage or the wire).
            pub const fn from_uuid(uuid: uuid::Uuid) -> Self {
                Self(uuid)
            }

            /// The uuid inside.
            pub const fn as_uuid(&self) -> &uuid::Uuid {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| $crate::domain::ParseError::new($what, "a UUID", s))
            }
        }
    )+};
}

/// Defines a fieldless enum whose variants have fixed wire names (used by serde,
/// `Display`, `FromStr` and storage), plus `ALL` and `as_str`.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
            serde::Deserialize,
        )]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The name used on the wire and in storage.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // The document names the wire names (a derive would not see the renames
        // through the macro's fragments).
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($wire),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl std::str::FromStr for $name {
            type Err = $crate::domain::ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| {
                        $crate::domain::ParseError::new(
                            $what,
                            concat!("one of:", $(" ", $wire),+),
                            s,
                        )
                    })
            }
        }
    };
}

/// Implements serde as a string for a type with `Display` and `FromStr`.
macro_rules! serde_as_string {
    ($($name:ty),+) => {$(
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    )+};
}
