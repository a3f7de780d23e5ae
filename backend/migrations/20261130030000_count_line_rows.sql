-- Count lines as rows (schema version 8). Never edit a migration once merged: add a
-- new file.

-- What a reconciliation and the review of a stock check read of each count line, kept
-- with the line's current revision (lots::index writes it with the lot index), so
-- that reconciling a check reads rows in the check's order instead of every line's
-- JSON body. The agency is the line's owner: a check is reconciled by its own agency.
CREATE TABLE count_line_rows (
    check_id      TEXT NOT NULL,
    record_id     TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    agency_id     TEXT NOT NULL,
    location_id   TEXT NOT NULL,
    manufacturer  TEXT NOT NULL,
    calibre       TEXT NOT NULL,
    year          INTEGER,
    lot           TEXT NOT NULL,
    sub_lot       TEXT,
    nsn           TEXT,
    dodic         TEXT,
    quantity      INTEGER NOT NULL,
    condition     TEXT NOT NULL,
    note          TEXT,
    PRIMARY KEY (check_id, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX count_line_rows_record ON count_line_rows(record_id);

-- The count lines already stored (their bodies were validated when written).
INSERT INTO count_line_rows (check_id, record_id, agency_id, location_id, manufacturer,
    calibre, year, lot, sub_lot, nsn, dodic, quantity, condition, note)
SELECT coalesce(json_extract(body, '$.stock_check_id'), ''), id, agency_id,
       coalesce(json_extract(body, '$.location_id'), ''),
       coalesce(json_extract(body, '$.lot.manufacturer'), ''),
       coalesce(json_extract(body, '$.lot.calibre'), ''),
       json_extract(body, '$.lot.year'),
       coalesce(json_extract(body, '$.lot.lot'), ''),
       json_extract(body, '$.lot.sub_lot'),
       json_extract(body, '$.lot.nsn'),
       json_extract(body, '$.lot.dodic'),
       coalesce(json_extract(body, '$.quantity'), 0),
       coalesce(json_extract(body, '$.condition'), 'A'),
       json_extract(body, '$.note')
FROM records WHERE kind = 'count_line';

-- Replaced by count_line_rows: the check of a count line no longer needs its body.
DROP INDEX records_count_line_check;
