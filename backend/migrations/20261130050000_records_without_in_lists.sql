-- The records table rebuilt (schema version 10): the same columns, rows and indexes,
-- its two CHECK lists written as comparisons joined by OR. SQLite evaluates a CHECK
-- `x IN ('a', 'b', 'c')` by building a temporary B-tree of the list every time a row
-- is written, which cost a sixth of the server's time while devices pushed count
-- lines. Never edit a migration once merged: add a new file.
--
-- Runs with foreign keys off (db::migrate): dropping the old table must not cascade
-- to the revisions, photos and index rows that point at records, which point at the
-- new table once it is renamed; db::migrate runs `PRAGMA foreign_key_check` after.
CREATE TABLE records_rebuilt (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind = 'stock_check' OR kind = 'count_line'
                                         OR kind = 'seizure_case' OR kind = 'transfer'),
    agency_id       TEXT NOT NULL REFERENCES agencies(id),
    scope           TEXT NOT NULL CHECK (scope = 'own_agency' OR scope = 'national'
                                         OR scope = 'partners'),
    status          TEXT NOT NULL,
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    body            TEXT NOT NULL,
    author_user_id  TEXT NOT NULL REFERENCES users(id),
    updated_at      TEXT NOT NULL
) STRICT;
INSERT INTO records_rebuilt (id, kind, agency_id, scope, status, revision, body,
    author_user_id, updated_at)
SELECT id, kind, agency_id, scope, status, revision, body, author_user_id, updated_at
FROM records;
DROP TABLE records;
ALTER TABLE records_rebuilt RENAME TO records;
CREATE INDEX records_agency_kind ON records(agency_id, kind);
CREATE INDEX records_kind_scope ON records(kind, scope);
