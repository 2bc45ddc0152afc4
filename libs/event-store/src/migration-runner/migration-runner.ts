import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';

/**
 * The one migration runner of the repository, shared by the SQLite event store
 * (`migrations/sqlite`), the SQLite read model (`migrations/read-model/sqlite`) and the
 * PostgreSQL read model (`migrations/read-model/postgres`). The rules live here; the two
 * dialect adapters beside it (`sqlite-migration-runner.ts`, synchronous, and
 * `postgres-migration-runner.ts`, asynchronous) only run them in a transaction:
 *
 * - A folder's `.sql` files are applied in name order, each once per database and each in a
 *   transaction of its own, which also records it in the bookkeeping table: its version (the
 *   file name without `.sql`), when, and the SHA-256 of its content.
 * - Before anything is applied, the bookkeeping is checked against the folder. An applied
 *   migration whose file is missing, or whose content has changed since it was applied, or a
 *   new file that sorts before one already applied, stops the runner with a
 *   MigrationMismatchError that names the file and says what to do: an applied migration is
 *   history, never edited or removed; a schema change is a new file that sorts last.
 * - Bookkeeping tables written by the runners this one replaced have no checksum column. It
 *   is added in place, and each row's checksum is filled in with the file's content on the
 *   first run (trust on first use): from then on that content is what is checked.
 */

/** One `.sql` file of a migrations folder. */
export interface MigrationFile {
  /** The file name without `.sql` (`001_event_store`): what the bookkeeping table records. */
  version: string;
  /** The file's path. */
  path: string;
  sql: string;
  /** SHA-256 of the content, lowercase hex (see migrationChecksum). */
  checksum: string;
}

/** A migrations folder and its `.sql` files, in the order they are applied. */
export interface MigrationFolder {
  dir: string;
  files: MigrationFile[];
}

/** A row of the bookkeeping table; `checksum` is null in rows the older runners wrote. */
export interface AppliedMigration {
  version: string;
  checksum: string | null;
}

/** Where the migrations go, for messages: `events.sqlite (table schema_migrations)`. */
export interface MigrationTarget {
  /** The database, as an operator knows it: a file path, or `PostgreSQL schema "ledger_read"`. */
  database: string;
  /** The bookkeeping table. */
  table: string;
}

/** What one transaction of the runner does, decided from the folder and the bookkeeping. */
export interface MigrationStep {
  /** Applied rows without a checksum (older runners): record these files' checksums. */
  backfill: MigrationFile[];
  /** The migrations not applied yet, in order; a transaction applies the first. */
  pending: MigrationFile[];
}

/** The folder and the database's bookkeeping disagree; nothing has been applied. */
export class MigrationMismatchError extends Error {
  override readonly name = 'MigrationMismatchError';
}

/**
 * SHA-256 (lowercase hex) of a migration's content as UTF-8, with CRLF line ends read as LF so
 * that a checkout that converts line ends has the same checksums. For a file with LF line
 * ends it is what `sha256sum` prints.
 */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/** The `.sql` files of a folder, in name order (code-unit order, so `001_…` before `002_…`). */
export function readMigrationFolder(dir: string): MigrationFolder {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const sql = readFileSync(path, 'utf8');
      return {
        version: file.slice(0, -'.sql'.length),
        path,
        sql,
        checksum: migrationChecksum(sql),
      };
    });
  return { dir, files };
}

/**
 * Checks the bookkeeping against the folder and says what to do next; throws a
 * MigrationMismatchError naming every problem instead. Pure: the adapters call it inside their
 * transaction, on the rows they just read.
 */
export function planMigrations(
  { dir, files }: MigrationFolder,
  applied: readonly AppliedMigration[],
  target: MigrationTarget,
): MigrationStep {
  const byVersion = new Map(files.map((file) => [file.version, file]));
  const appliedVersions = new Set(applied.map((row) => row.version));
  const problems: string[] = [];
  const backfill: MigrationFile[] = [];
  for (const row of [...applied].sort((a, b) => compare(a.version, b.version))) {
    const file = byVersion.get(row.version);
    if (file === undefined) {
      const path = shown(join(dir, `${row.version}.sql`));
      problems.push(
        `${path} is missing, but migration ${row.version} was applied: put the file back ` +
          `exactly as it was applied (git log -- ${path} finds it); an applied migration is ` +
          'never removed, undo it with a new migration instead',
      );
    } else if (row.checksum === null) {
      backfill.push(file);
    } else if (row.checksum !== file.checksum) {
      problems.push(
        `${shown(file.path)} has changed since it was applied (SHA-256 then ${row.checksum}, ` +
          `now ${file.checksum}): put back the content that was applied ` +
          `(git log -p -- ${shown(file.path)}), and make the schema change in a new migration ` +
          'file that sorts after the last one',
      );
    }
  }
  const pending = files.filter((file) => !appliedVersions.has(file.version));
  const lastApplied = [...appliedVersions].sort(compare).at(-1);
  for (const file of pending) {
    if (lastApplied !== undefined && compare(file.version, lastApplied) < 0) {
      problems.push(
        `${shown(file.path)} is new but sorts before ${lastApplied}, which is applied already, ` +
          `so it would run out of order: rename it to sort after ${lastApplied}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new MigrationMismatchError(
      `the migrations of ${target.database} (table ${target.table}) do not match the folder, ` +
        `so nothing was applied: ${problems.join('; ')}`,
    );
  }
  return { backfill, pending };
}

/** The error for a migration whose SQL failed: its transaction is rolled back, so none of it stays. */
export function migrationFailed(file: MigrationFile, error: unknown): Error {
  // Not `instanceof Error`: a driver's errors may come from another realm (Jest's, say).
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String(error.message)
      : String(error);
  return new Error(`migration ${file.path} failed and was rolled back: ${message}`, {
    cause: error,
  });
}

/**
 * The repository's migrations folder `migrations/<subfolder>` (`sqlite`, `read-model/sqlite`,
 * `read-model/postgres`), found by walking up from this file, which works from the TypeScript
 * sources and from the compiled `dist/` tree.
 */
export function repositoryMigrationsDir(subfolder: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'migrations', subfolder);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No migrations/${subfolder} folder above ${__dirname}`);
    dir = parent;
  }
}

/** A bookkeeping table's name, checked, since it is written into SQL. */
export function assertTableName(table: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) {
    throw new RangeError(`"${table}" is not a migrations table name`);
  }
  return table;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A path relative to the working directory when it is inside it, else as given. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}
