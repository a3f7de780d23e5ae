-- Access requests by party (schema version 16). Never edit a migration once merged:
-- add a new file.
--
-- A supervisor whose party search names a holder asks it for the records where that
-- broker, vessel or place appears: the request keeps the normalised party search
-- (JSON, shared::api::tracing::PartySearch) instead of lot criteria, and the holder
-- decides on its records that the search matches (tracing::parties::own_matches).
ALTER TABLE access_requests ADD COLUMN party TEXT;
