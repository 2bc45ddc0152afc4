import type Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Applies the `.sql` files of a migrations folder in name order, each once per database
 * file, recording them in `schema_migrations`. It runs in one IMMEDIATE transaction, so two
 * processes opening a new file at once cannot both apply the same migration.
 */
export function applyMigrations(db: Database.Database, migrationsDir: string): void {
  const files = readdirSync(migrationsDir)
    .filter((file) => file.endsWith('.sql'))
    .sort();
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
      record.run(version, new Date().toISOString());
    }
  });
  migrate.immediate();
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
