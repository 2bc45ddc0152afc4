import type Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sealLegacyEvents } from './sqlite-seal-legacy-events';

/**
 * Data steps that SQL cannot do, run right after their migration's SQL, in its transaction.
 * SQLite has no SHA-256, so the events a file held before the hash chain are sealed here.
 */
const AFTER_MIGRATION: Record<string, (db: Database.Database) => void> = {
  '002_hash_chain': sealLegacyEvents,
};

/**
 * Applies the `.sql` files of a migrations folder in name order, each once per database
 * file, recording them in `schema_migrations`. It runs in one IMMEDIATE transaction, so two
 * processes opening a new file at once cannot both apply the same migration.
 */
export function applyMigrations(db: Database.Database, migrationsDir: string): void {
  const files = migrationFiles(migrationsDir);
  const migrate = db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT',
    );
    const applied = new Set(
      db
        .prepare<[], { version: string }>('SELECT version FROM schema_migrations')
        .all()
        .map((row) => row.version),
    );
    const record = db.prepare<[string, string]>(
      'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)',
    );
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (applied.has(version)) continue;
      db.exec(readFileSync(join(migrationsDir, file), 'utf8'));
      AFTER_MIGRATION[version]?.(db);
      record.run(version, new Date().toISOString());
    }
  });
  migrate.immediate();
}

/**
 * For a connection that must not change the file (verify): throws, naming them, unless every
 * migration of the folder has been applied already.
 */
export function assertMigrationsApplied(db: Database.Database, migrationsDir: string): void {
  const hasTable = db
    .prepare<[], number>(
      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    )
    .pluck()
    .get();
  const applied = new Set(
    hasTable ? db.prepare<[], string>('SELECT version FROM schema_migrations').pluck().all() : [],
  );
  const missing = migrationFiles(migrationsDir)
    .map((file) => file.replace(/\.sql$/, ''))
    .filter((version) => !applied.has(version));
  if (missing.length > 0) {
    throw new Error(
      `the file lacks migration(s) ${missing.join(', ')}; it is opened read-only, so it is not ` +
        'upgraded: open it once with the ledger (the API or an import), which upgrades it',
    );
  }
}

function migrationFiles(migrationsDir: string): string[] {
  return readdirSync(migrationsDir)
    .filter((file) => file.endsWith('.sql'))
    .sort();
}

/**
 * The repository's `migrations/sqlite` folder, found by walking up from this file. Walking
 * up works both from the TypeScript sources and from the compiled `dist/` tree.
 */
export function defaultSqliteMigrationsDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'migrations', 'sqlite');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No migrations/sqlite folder above ${__dirname}`);
    dir = parent;
  }
}
