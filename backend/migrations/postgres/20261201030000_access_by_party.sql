-- Access requests by party (schema version 16; the same change as
-- migrations/20261201030000_access_by_party.sql for SQLite, which says why). Never
-- edit a migration once merged: add a new file.
ALTER TABLE access_requests ADD COLUMN party TEXT COLLATE "C";
