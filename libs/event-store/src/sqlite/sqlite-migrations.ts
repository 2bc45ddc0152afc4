import type Database from 'better-sqlite3';
import { checkSqliteMigrations, migrateSqlite, repositoryMigrationsDir } from '../migration-runner';
import { sealLegacyEvents } from './sqlite-seal-legacy-events';

/** The event store's bookkeeping table, as the first runner named it. */
const TABLE = 'schema_migrations';

/**
 * Data steps that SQL cannot do, run right after their migration's SQL, in its transaction.
 * SQLite has no SHA-256, so the events a file held before the hash chain are sealed here.
 */
const AFTER_MIGRATION: Record<string, (db: Database.Database) => void> = {
  '002_hash_chain': sealLegacyEvents,
};

/**
 * Applies the migrations of the folder not applied to the file yet, with the repository's one
 * migration runner (`migration-runner/`): in order, each in its own IMMEDIATE transaction,
 * recorded with its checksum in `schema_migrations`. Refuses (MigrationMismatchError) when an
 * applied file has changed or is missing.
 */
export function applyMigrations(
  db: Database.Database,
  migrationsDir: string,
  database: string = db.name,
): void {
  migrateSqlite(db, { dir: migrationsDir, table: TABLE, database, afterApply: AFTER_MIGRATION });
}

/**
 * For a connection that must not change the file (verify): throws, naming them, unless every
 * migration of the folder has been applied already, and as the runner would if an applied file
 * has changed or is missing.
 */
export function assertMigrationsApplied(
  db: Database.Database,
  migrationsDir: string,
  database: string = db.name,
): void {
  const { pending } = checkSqliteMigrations(db, { dir: migrationsDir, table: TABLE, database });
  if (pending.length > 0) {
    throw new Error(
      `the file lacks migration(s) ${pending.join(', ')}; it is opened read-only, so it is not ` +
        'upgraded: open it once with the ledger (the API or an import), which upgrades it',
    );
  }
}

/** The repository's `migrations/sqlite` folder (works from the sources and from `dist/`). */
export function defaultSqliteMigrationsDir(): string {
  return repositoryMigrationsDir('sqlite');
}
