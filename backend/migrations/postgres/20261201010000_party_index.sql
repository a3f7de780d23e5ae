-- Parties across cases (schema version 14; the same change as
-- migrations/20261201010000_party_index.sql for SQLite, which says why). The records
-- already stored are indexed by a Rust hook after this file (sql::pg::HOOKS). Never
-- edit a migration once merged: add a new file.
CREATE TABLE party_index (
    record_id       TEXT COLLATE "C" NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    agency_id       TEXT COLLATE "C" NOT NULL,
    kind            TEXT COLLATE "C" NOT NULL,
    facet           TEXT COLLATE "C" NOT NULL
        CHECK (facet = 'party' OR facet = 'place' OR facet = 'concealment'),
    role            TEXT COLLATE "C" NOT NULL,
    name            TEXT COLLATE "C" NOT NULL,
    name_key        TEXT COLLATE "C" NOT NULL,
    identifier      TEXT COLLATE "C",
    identifier_key  TEXT COLLATE "C",
    country         TEXT COLLATE "C",
    reference       TEXT COLLATE "C",
    on_date         TEXT COLLATE "C"
);
CREATE INDEX party_index_record ON party_index(record_id);
CREATE INDEX party_index_name ON party_index(facet, name_key);
CREATE INDEX party_index_identifier ON party_index(identifier_key)
    WHERE identifier_key IS NOT NULL;
