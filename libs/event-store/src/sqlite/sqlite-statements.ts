import type Database from 'better-sqlite3';
import type { EventMetadata, JsonObject, RecordedEvent } from '../event-store.port';
import { HASH_ALGORITHM, withoutHashChain } from '../integrity/canonical-event';

export interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  /** The appender's metadata; the hash chain is kept in its own columns. */
  metadata: string;
  recorded_at: string;
  /** SHA-256 of the canonical form (NULL only if someone removed it: see 002_hash_chain.sql). */
  hash: string | null;
  previous_hash: string | null;
}

/** The stream's last event, read with the revision check: its revision and its hash. */
export interface StreamHeadRow {
  revision: number;
  hash: string | null;
}

export interface IdempotencyRow {
  request_hash: string;
  stream_id: string;
  first_position: number;
  last_position: number;
}

const EVENT_COLUMNS =
  'position, event_id, stream_id, revision, type, data, metadata, recorded_at, hash, previous_hash';

/** SQLite reads LIMIT -1 as "no limit". */
export const NO_LIMIT = -1;

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    head: db.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
    streamRevision: db
      .prepare<[string], number>(
        'SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      )
      .pluck(),
    streamHead: db.prepare<[string], StreamHeadRow>(
      'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    ),
    insertEvent: db.prepare<[EventRow]>(
      `INSERT INTO events (${EVENT_COLUMNS}) VALUES (@position, @event_id, @stream_id, @revision, @type, @data, @metadata, @recorded_at, @hash, @previous_hash)`,
    ),
    readAll: db.prepare<[number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    readRange: db.prepare<[number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN ? AND ? ORDER BY position`,
    ),
    readStream: db.prepare<[string, number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    findKey: db.prepare<[string], IdempotencyRow>(
      'SELECT request_hash, stream_id, first_position, last_position FROM idempotency WHERE idempotency_key = ?',
    ),
    insertKey: db.prepare<[string, string, string, number, number]>(
      'INSERT INTO idempotency (idempotency_key, request_hash, stream_id, first_position, last_position) VALUES (?, ?, ?, ?, ?)',
    ),
    ping: db.prepare<[], number>('SELECT 1').pluck(),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;

/**
 * The recorded event of a row. The hash chain comes from its columns only: a `hashChain`
 * member found in the metadata text was never written by the store, so it is dropped, and a
 * row without a hash reads without a chain (verify then reports it as missing-chain).
 */
export function fromEventRow(row: EventRow): RecordedEvent {
  const metadata = withoutHashChain(JSON.parse(row.metadata) as EventMetadata) as EventMetadata;
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata:
      row.hash === null
        ? metadata
        : {
            ...metadata,
            hashChain: {
              algorithm: HASH_ALGORITHM,
              previousHash: row.previous_hash,
              hash: row.hash,
            },
          },
    recordedAt: row.recorded_at,
  };
}
