-- Parties across cases (schema version 14). Never edit a migration once merged: add
-- a new file.
--
-- Every party, place and concealment method a seizure case or transfer record names,
-- with the keys searches compare (shared::domain::{party_key, place_key,
-- identifier_key}): "where else does this broker, this vessel, this port of dispatch
-- appear?" (Global Framework objective 8 (b)(iii)(e); DIEF rule 19). Kept with each
-- revision by tracing::parties; the records already stored are indexed by a Rust hook
-- after this file.
CREATE TABLE party_index (
    record_id       TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    agency_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    facet           TEXT NOT NULL
        CHECK (facet = 'party' OR facet = 'place' OR facet = 'concealment'),
    role            TEXT NOT NULL,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    identifier      TEXT,
    identifier_key  TEXT,
    country         TEXT,
    reference       TEXT,
    on_date         TEXT
) STRICT;
CREATE INDEX party_index_record ON party_index(record_id);
CREATE INDEX party_index_name ON party_index(facet, name_key);
CREATE INDEX party_index_identifier ON party_index(identifier_key)
    WHERE identifier_key IS NOT NULL;
