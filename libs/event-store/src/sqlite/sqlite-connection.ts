import Database from 'better-sqlite3';
import { toError } from '../append/to-error';
import { EventStoreUnavailableError } from '../event-store.errors';
import { applyMigrations } from './sqlite-migrations';

export interface ConnectionSettings {
  busyTimeoutMs: number;
  migrationsDir: string;
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
    db = new Database(filePath, { timeout: settings.busyTimeoutMs });
    db.pragma(`busy_timeout = ${Math.trunc(settings.busyTimeoutMs)}`);
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
