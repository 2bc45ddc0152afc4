-- The SQL read model: the organisation register behind GET /v1/organisations and the names
-- beside ODS codes in every report and list (PostgreSQL). One row per OrganisationNamed event,
-- kept whole: a name is asked for on a business date (effective_from <= asOf) as known at a log
-- position (position <= knownAt), so no naming is ever overwritten. Written by the same
-- projector, in the same transaction as the other tables and the checkpoint. Text columns are
-- COLLATE "C" (code-point order), as SQLite sorts.
--
-- No backfill: the event is new with this migration, so no read model made before it has
-- projected one.
CREATE TABLE organisation_names (
  ods_code TEXT COLLATE "C" NOT NULL,
  position BIGINT NOT NULL,
  event_id TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  effective_from TEXT COLLATE "C" NOT NULL,
  recorded_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (ods_code, position)
);
