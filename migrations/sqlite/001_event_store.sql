-- The SQLite event store: one global log, applied once per file by SqliteEventStore at open.
-- Nothing is ever deleted or updated here; the log only grows.

-- position is the rowid. The writer assigns MAX(position) + 1 inside its write transaction,
-- so a rolled-back append leaves no gap (no AUTOINCREMENT, whose counter survives rollbacks).
CREATE TABLE events (
  position INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL CHECK (revision >= 0),
  type TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data)),
  metadata TEXT NOT NULL CHECK (json_valid(metadata)),
  recorded_at TEXT NOT NULL,
  UNIQUE (stream_id, revision)
) STRICT;

-- One row per idempotent append. The events themselves are re-read from `events` by their
-- contiguous position range, so a replay returns exactly the original result.
CREATE TABLE idempotency (
  idempotency_key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  stream_id TEXT NOT NULL,
  first_position INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  CHECK (first_position <= last_position)
) STRICT, WITHOUT ROWID;
