import { toError } from '../append/to-error';
import { EventStoreUnavailableError } from '../event-store.errors';

/**
 * SQLite result codes that mean the file cannot be reached or written right now. Extended
 * codes (SQLITE_IOERR_FSYNC, SQLITE_READONLY_DBMOVED, ...) are matched by their prefix.
 */
const UNAVAILABLE_CODES = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_PERM',
  'SQLITE_PROTOCOL',
  'SQLITE_NOMEM',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_NOLFS',
];

/**
 * better-sqlite3's SqliteError, recognised by shape. `instanceof` is not reliable: the native
 * addon keeps the SqliteError class of the first module instance that loaded it, and a test
 * runner with one module registry per file has several.
 */
interface SqliteErrorShape {
  code: string;
  message: string;
}

function isSqliteError(error: unknown): error is SqliteErrorShape {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as Partial<SqliteErrorShape>;
  return typeof code === 'string' && code.startsWith('SQLITE_') && typeof message === 'string';
}

export function isUnavailableFault(error: unknown): boolean {
  if (isSqliteError(error)) {
    return UNAVAILABLE_CODES.some(
      (code) => error.code === code || error.code.startsWith(`${code}_`),
    );
  }
  // better-sqlite3 throws a TypeError when the connection was closed underneath us.
  return /database connection is not open/i.test(toError(error).message);
}

/** Faults become EventStoreUnavailableError (with the SQLite error as cause); others pass. */
export function toStoreError(error: unknown): unknown {
  if (!isUnavailableFault(error)) return error;
  return new EventStoreUnavailableError(
    `SQLite event store unavailable: ${toError(error).message}`,
    {
      cause: error,
    },
  );
}

/** True for the unique-index violation on `events.event_id`. */
export function isDuplicateEventId(error: unknown): boolean {
  return (
    isSqliteError(error) &&
    error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('events.event_id')
  );
}
