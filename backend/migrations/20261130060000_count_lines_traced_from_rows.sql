-- Count lines are traced from their own rows (schema version 11). Never edit a
-- migration once merged: add a new file.
--
-- A count line used to be written three times beside its record: its row in
-- count_line_rows (reconciliation, review), a row of 20 columns in lot_index with four
-- B-trees (tracing), and the look-up of its place to fill that row. The row it already
-- has now carries the normalised keys tracing compares (tracing::index: text_key,
-- calibre_display, calibre_key, nsn_key), and tracing reads every lot line through the
-- view lot_lines: the lot index's rows and the count lines' rows with their place.

ALTER TABLE count_line_rows ADD COLUMN manufacturer_key TEXT NOT NULL DEFAULT '';
ALTER TABLE count_line_rows ADD COLUMN calibre_shown TEXT NOT NULL DEFAULT '';
ALTER TABLE count_line_rows ADD COLUMN calibre_key TEXT NOT NULL DEFAULT '';
ALTER TABLE count_line_rows ADD COLUMN lot_key TEXT NOT NULL DEFAULT '';
ALTER TABLE count_line_rows ADD COLUMN sub_lot_key TEXT;
ALTER TABLE count_line_rows ADD COLUMN nsn_key TEXT;

-- Each stored line's keys are computed after this file by tracing::index::key_count_lines
-- (the normalisers are the index's own, in Rust).
DELETE FROM lot_index WHERE kind = 'count_line';

CREATE INDEX count_line_rows_lot ON count_line_rows(lot_key, manufacturer_key);
CREATE INDEX count_line_rows_calibre ON count_line_rows(calibre_key, year);
CREATE INDEX count_line_rows_nsn ON count_line_rows(nsn_key) WHERE nsn_key IS NOT NULL;

-- Every lot line tracing reads, with the lot index's columns. The casts give each
-- column of the count lines' arm the lot index's type, so that SQLite pushes a trace's
-- conditions into both arms and answers each from its own indexes (a test reads the
-- plans: tracing::tests).
CREATE VIEW lot_lines AS
SELECT record_id, line, kind, agency_id, manufacturer, calibre, calibre_key, year, lot,
       sub_lot, nsn, gtin, serial, quantity, depot, location, end_user, importer,
       reference, on_date
FROM lot_index
UNION ALL
SELECT cl.record_id, CAST(0 AS INTEGER), CAST('count_line' AS TEXT), cl.agency_id,
       cl.manufacturer_key, cl.calibre_shown, cl.calibre_key, cl.year, cl.lot_key,
       cl.sub_lot_key, cl.nsn_key, CAST(NULL AS TEXT), CAST(NULL AS TEXT), cl.quantity,
       coalesce(loc.depot, (SELECT d.depot FROM stock_check_locations d
                            WHERE d.check_id = cl.check_id LIMIT 1)),
       loc.code, CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT),
       CAST(NULL AS TEXT)
FROM count_line_rows cl
LEFT JOIN stock_check_locations loc
       ON loc.check_id = cl.check_id AND loc.location_id = cl.location_id;
