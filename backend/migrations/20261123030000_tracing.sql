-- Tracing (lot index, access requests and grants). Never edit a migration once merged:
-- add a new file.

-- One row per lot line of every record (stock-check expected lines, count lines,
-- seized items, transfer lines), rebuilt with the record in the transaction that
-- writes it (records::insert / records::write_revision). Text is normalised so that
-- lookups are equality tests on indexed columns.
CREATE TABLE lot_index (
    record_id     TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,          -- position of the line in its record
    kind          TEXT NOT NULL,             -- the record's kind
    agency_id     TEXT NOT NULL,             -- the record's owning agency
    manufacturer  TEXT NOT NULL,             -- upper case, trimmed, single spaces
    calibre       TEXT NOT NULL,             -- shared calibre normaliser
    calibre_key   TEXT NOT NULL,             -- dimensional key, synonyms resolved
    year          INTEGER,
    lot           TEXT NOT NULL,             -- upper case, trimmed, single spaces
    sub_lot       TEXT,
    nsn           TEXT,                      -- 13 digits
    gtin          TEXT,                      -- GTIN-14, from a seized item's markings
    serial        TEXT,                      -- from a seized item's markings
    quantity      INTEGER NOT NULL,
    depot         TEXT,                      -- stock checks and count lines
    location      TEXT,                      -- storage location code, or seizure place
    end_user      TEXT,                      -- transfers
    importer      TEXT,                      -- transfers
    reference     TEXT,                      -- end-user certificate or case reference
    on_date       TEXT,                      -- seized on / transferred on (YYYY-MM-DD)
    PRIMARY KEY (record_id, line)
) STRICT;
CREATE INDEX lot_index_lot ON lot_index(lot, manufacturer);
CREATE INDEX lot_index_nsn ON lot_index(nsn) WHERE nsn IS NOT NULL;
CREATE INDEX lot_index_gtin ON lot_index(gtin) WHERE gtin IS NOT NULL;
CREATE INDEX lot_index_serial ON lot_index(serial) WHERE serial IS NOT NULL;
CREATE INDEX lot_index_calibre ON lot_index(calibre_key, year);

-- A supervisor's request to see records another agency holds, by trace criteria.
CREATE TABLE access_requests (
    id                   TEXT PRIMARY KEY,
    requester_agency_id  TEXT NOT NULL REFERENCES agencies(id),
    requester_user_id    TEXT NOT NULL REFERENCES users(id),
    holder_agency_id     TEXT NOT NULL REFERENCES agencies(id),
    criteria             TEXT NOT NULL,      -- the trace query, as JSON
    reason               TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('pending', 'granted', 'refused')),
    created_at           TEXT NOT NULL,
    decided_by           TEXT REFERENCES users(id),
    decided_at           TEXT,
    comment              TEXT,
    expires_at           TEXT
) STRICT;
CREATE INDEX access_requests_holder ON access_requests(holder_agency_id, created_at);
CREATE INDEX access_requests_requester ON access_requests(requester_agency_id, created_at);

-- What a holder granted: one record to one agency until `expires_at` (RFC 3339 UTC,
-- whole seconds, so text order is time order). Expired rows simply stop matching.
CREATE TABLE access_grants (
    record_id   TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    agency_id   TEXT NOT NULL REFERENCES agencies(id),
    expires_at  TEXT NOT NULL,
    granted_by  TEXT NOT NULL REFERENCES users(id),
    request_id  TEXT NOT NULL REFERENCES access_requests(id),
    PRIMARY KEY (record_id, agency_id, request_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX access_grants_agency ON access_grants(agency_id, record_id, expires_at);
