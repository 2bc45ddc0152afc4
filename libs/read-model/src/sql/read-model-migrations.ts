import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ReadModelMigration {
  /** The file name without `.sql`, e.g. `001_journal_and_balances`. */
  version: string;
  sql: string;
}

/** The `.sql` files of a migrations folder, in name order. */
export function readModelMigrations(dir: string): ReadModelMigration[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({
      version: file.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

/**
 * The repository's `migrations/read-model/<dialect>` folder, found by walking up from this
 * file, which works from the TypeScript sources and from the compiled `dist/` tree.
 */
export function defaultReadModelMigrationsDir(dialect: 'sqlite' | 'postgres'): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'migrations', 'read-model', dialect);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`No migrations/read-model/${dialect} folder above ${__dirname}`);
    dir = parent;
  }
}
