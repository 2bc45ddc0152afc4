-- The SQL read model: the organisation register behind GET /v1/organisations and the names
-- beside ODS codes in every report and list (SQLite). One row per OrganisationNamed event, kept
-- whole: a name is asked for on a business date (effective_from <= asOf) as known at a log
-- position (position <= knownAt), so no naming is ever overwritten. Written by the same
-- projector, in the same transaction as the other tables and the checkpoint.
--
-- No backfill: the event is new with this migration, so no read model made before it has
-- projected one.
CREATE TABLE organisation_names (
  ods_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  name TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (ods_code, position)
) STRICT, WITHOUT ROWID;
