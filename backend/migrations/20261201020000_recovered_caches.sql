-- Recovered caches (schema version 15): a record kind beside seizure cases for found,
-- abandoned, uncleared or handed-in ammunition (Global Framework objective 10). Its
-- body is a case with a `recovery`; it is reviewed, traced and reported as seizures
-- are. Never edit a migration once merged: add a new file.
--
-- SQLite cannot change a CHECK in place: the records table is rebuilt as in schema
-- version 10 (same columns, rows and indexes), its kind CHECK naming the new kind.
-- Runs with foreign keys off (db::migrate): dropping the old table must not cascade
-- to the rows that point at records; db::migrate runs `PRAGMA foreign_key_check`.
CREATE TABLE records_rebuilt (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind = 'stock_check' OR kind = 'count_line'
                                         OR kind = 'seizure_case' OR kind = 'transfer'
                                         OR kind = 'recovered_cache'),
    agency_id       TEXT NOT NULL REFERENCES agencies(id),
    scope           TEXT NOT NULL CHECK (scope = 'own_agency' OR scope = 'national'
                                         OR scope = 'partners'),
    status          TEXT NOT NULL,
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    body            TEXT NOT NULL,
    author_user_id  TEXT NOT NULL REFERENCES users(id),
    updated_at      TEXT NOT NULL,
    priority        TEXT CHECK (priority IS NULL OR priority = 'manpads' OR priority = 'atgw')
) STRICT;
INSERT INTO records_rebuilt (id, kind, agency_id, scope, status, revision, body,
    author_user_id, updated_at, priority)
SELECT id, kind, agency_id, scope, status, revision, body, author_user_id, updated_at, priority
FROM records;
DROP TABLE records;
ALTER TABLE records_rebuilt RENAME TO records;
CREATE INDEX records_agency_kind ON records(agency_id, kind);
CREATE INDEX records_kind_scope ON records(kind, scope);
