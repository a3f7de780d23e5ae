-- Stock checks as rows (schema version 9). Never edit a migration once merged: add a
-- new file.

-- What a reconciliation reads of a stock check, kept beside its body by lots::index
-- (rebuilt with every revision of the check), so that reconciling a check of 100,000
-- expected lines reads rows instead of parsing a body of tens of megabytes.

-- The check's title and depot.
CREATE TABLE stock_check_heads (
    check_id    TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    depot_code  TEXT NOT NULL,
    depot_name  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO stock_check_heads (check_id, title, depot_code, depot_name)
SELECT id, coalesce(json_extract(body, '$.stock_check.title'), ''),
       coalesce(json_extract(body, '$.depot.code'), ''),
       coalesce(json_extract(body, '$.depot.name'), '')
FROM records WHERE kind = 'stock_check';

-- The order of the check's locations (a reconciliation lists them in that order).
ALTER TABLE stock_check_locations ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE stock_check_locations SET position = coalesce((
    SELECT min(l.key) FROM records r, json_each(r.body, '$.locations') l
    WHERE r.id = stock_check_locations.check_id
      AND json_extract(l.value, '$.id') = stock_check_locations.location_id), 0);

-- Each expected line, in the check's order (`line` is its index in the body).
CREATE TABLE expected_line_rows (
    check_id      TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,
    location_id   TEXT NOT NULL,
    manufacturer  TEXT NOT NULL,
    calibre       TEXT NOT NULL,
    year          INTEGER,
    lot           TEXT NOT NULL,
    sub_lot       TEXT,
    nsn           TEXT,
    dodic         TEXT,
    quantity      INTEGER NOT NULL,
    PRIMARY KEY (check_id, line)
) STRICT, WITHOUT ROWID;
INSERT INTO expected_line_rows (check_id, line, location_id, manufacturer, calibre, year,
    lot, sub_lot, nsn, dodic, quantity)
SELECT r.id, e.key, coalesce(json_extract(e.value, '$.location_id'), ''),
       coalesce(json_extract(e.value, '$.lot.manufacturer'), ''),
       coalesce(json_extract(e.value, '$.lot.calibre'), ''),
       json_extract(e.value, '$.lot.year'),
       coalesce(json_extract(e.value, '$.lot.lot'), ''),
       json_extract(e.value, '$.lot.sub_lot'),
       json_extract(e.value, '$.lot.nsn'),
       json_extract(e.value, '$.lot.dodic'),
       coalesce(json_extract(e.value, '$.quantity'), 0)
FROM records r, json_each(r.body, '$.expected') e
WHERE r.kind = 'stock_check';
