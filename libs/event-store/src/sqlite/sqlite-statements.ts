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

/**
 * An EventRow's values as an array, in EVENT_COLUMNS' order: `readAll` reads pages of these,
 * since better-sqlite3 makes an array faster than an object of ten named members.
 */
export type EventColumns = [
  position: number,
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
  hash: string | null,
  previousHash: string | null,
];

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
    readAll: db
      .prepare<[number, number], EventColumns>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      )
      .raw(true),
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
  return fromEventColumns([
    row.position,
    row.event_id,
    row.stream_id,
    row.revision,
    row.type,
    row.data,
    row.metadata,
    row.recorded_at,
    row.hash,
    row.previous_hash,
  ]);
}

/** The recorded event of a row read as an array (`readAll`); see `fromEventRow`. */
export function fromEventColumns(columns: EventColumns): RecordedEvent {
  const [position, eventId, streamId, revision, type, data, metadata, recordedAt] = columns;
  return {
    eventId,
    streamId,
    revision,
    position,
    type,
    data: JSON.parse(data) as JsonObject,
    metadata: metadataOf(metadata, columns[8], columns[9]),
    recordedAt,
  };
}

function metadataOf(text: string, hash: string | null, previousHash: string | null) {
  const parsed = JSON.parse(text) as unknown;
  // Anything but an object would be a row the store never wrote: copied, as it always was.
  const metadata = isObject(parsed)
    ? (parsed as EventMetadata)
    : (withoutHashChain(parsed as EventMetadata) as EventMetadata);
  // Freshly parsed, so nobody else holds it: the chain is set in place rather than copied in.
  if (metadata.hashChain !== undefined) delete metadata.hashChain;
  if (hash !== null) metadata.hashChain = { algorithm: HASH_ALGORITHM, previousHash, hash };
  return metadata;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `JSON.stringify(event.data)` and `JSON.stringify(event.metadata)` of an event this store
 * read, without serialising again: a copy of the event (the read model's `agreement_facts`)
 * can then keep the text the store holds. It is exact because the only writer of `events`
 * (`prepareAppend`) stores `JSON.stringify` of the appended values, and that text parses
 * back to values that serialise to the same text.
 */
export interface RecordedEventJson {
  data: string;
  metadata: string;
}

/** The rows behind the events `readAll` returned; weak, so they go when the events go. */
const rowsRead = new WeakMap<RecordedEvent, EventColumns>();

/**
 * Data text longer than this is not kept beside its parsed event (a period close's runs to
 * hundreds of KiB, and a page of them would be held twice): such an event is serialised again.
 */
const LONGEST_DATA_KEPT = 64 * 1024;

/** `fromEventColumns`, remembering the row so that `recordedEventJson` can answer for it. */
export function fromEventColumnsKeepingJson(columns: EventColumns): RecordedEvent {
  const event = fromEventColumns(columns);
  if (columns[5].length <= LONGEST_DATA_KEPT) rowsRead.set(event, columns);
  return event;
}

/**
 * The stored JSON text of an event read by a SQLite store's `readAll`; undefined for any other
 * event (serialise that one). The metadata text is the stored one with the chain appended, as
 * `fromEventRow` builds the metadata; text holding a `hashChain` member (never written by the
 * store) or no object is serialised instead.
 */
export function recordedEventJson(event: RecordedEvent): RecordedEventJson | undefined {
  const columns = rowsRead.get(event);
  if (columns === undefined) return undefined;
  const [, , , , , data, stored, , hash, previousHash] = columns;
  if (!stored.startsWith('{') || stored.includes('"hashChain"')) {
    return { data, metadata: JSON.stringify(event.metadata) };
  }
  if (hash === null) return { data, metadata: stored };
  const chain = JSON.stringify({ algorithm: HASH_ALGORITHM, previousHash, hash });
  // `{…}` becomes `{…,"hashChain":…}`; an empty object takes no comma.
  const opening = stored === '{}' ? '{' : `${stored.slice(0, -1)},`;
  return { data, metadata: `${opening}"hashChain":${chain}}` };
}
