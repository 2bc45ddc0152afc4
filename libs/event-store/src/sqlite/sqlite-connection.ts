import Database from 'better-sqlite3';
import { toError } from '../append/to-error';
import { EventStoreUnavailableError } from '../event-store.errors';
import { applyMigrations, assertMigrationsApplied } from './sqlite-migrations';

export interface ConnectionSettings {
  busyTimeoutMs: number;
  migrationsDir: string;
  /**
   * Open an existing file without changing it: a read-only connection, so no file is created
   * and nothing is written, and no migration is applied (the schema must be current already).
   */
  readOnly?: boolean;
}

/**
 * Opens the file for the event store. WAL lets readers and subscriptions read while one
 * writer commits; synchronous = FULL makes every commit fsync, so an acknowledged append
 * survives a power cut; busy_timeout makes a writer wait for another process's transaction
 * instead of failing at once. Any failure to open is an EventStoreUnavailableError.
 */
export function openEventStoreDatabase(
  filePath: string,
  settings: ConnectionSettings,
): Database.Database {
  let db: Database.Database | undefined;
  try {
    const readOnly = settings.readOnly ?? false;
    // A read-only connection never writes the file, not even a WAL checkpoint on close.
    db = new Database(filePath, { timeout: settings.busyTimeoutMs, readonly: readOnly });
    db.pragma(`busy_timeout = ${Math.trunc(settings.busyTimeoutMs)}`);
    if (readOnly) {
      assertMigrationsApplied(db, settings.migrationsDir);
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    applyMigrations(db, settings.migrationsDir);
    return db;
  } catch (error) {
    db?.close();
    throw new EventStoreUnavailableError(
      `Cannot open the SQLite event store at ${filePath}: ${toError(error).message}`,
      { cause: error },
    );
  }
}
