-- Recovered caches (schema version 15; the same change as
-- migrations/20261201020000_recovered_caches.sql for SQLite, which says why): the
-- records' kind CHECK names the new kind. Never edit a migration once merged: add a
-- new file.
ALTER TABLE records DROP CONSTRAINT records_kind_check;
ALTER TABLE records ADD CONSTRAINT records_kind_check
    CHECK (kind = 'stock_check' OR kind = 'count_line' OR kind = 'seizure_case'
           OR kind = 'transfer' OR kind = 'recovered_cache');
