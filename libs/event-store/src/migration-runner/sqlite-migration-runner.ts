import type Database from 'better-sqlite3';
import {
  type AppliedMigration,
  assertTableName,
  migrationFailed,
  type MigrationFile,
  type MigrationTarget,
  planMigrations,
  readMigrationFolder,
} from './migration-runner';

export interface SqliteMigrationOptions {
  /** The migrations folder. */
  dir: string;
  /** The bookkeeping table (`schema_migrations` for the log, `read_model_migrations`). */
  table: string;
  /** The database as an operator knows it, for messages: its file path. */
  database: string;
  /**
   * Data steps SQL cannot do, by version, run right after that migration's SQL in its
   * transaction (SQLite has no SHA-256, so the event store seals old events here).
   */
  afterApply?: Readonly<Record<string, (db: Database.Database) => void>>;
}

/** What a read-only look at a SQLite database found. */
export interface SqliteMigrationState {
  /** Whether the database has the bookkeeping table at all. */
  bookkept: boolean;
  /** The versions of the folder not applied to it, in order. */
  pending: string[];
}

/**
 * The migration runner (migration-runner.ts) on a better-sqlite3 connection, synchronously:
 * each migration in its own IMMEDIATE transaction, which first checks the bookkeeping again,
 * so two processes opening the same new file at once apply each migration once between them.
 * Returns the versions it applied.
 */
export function migrateSqlite(db: Database.Database, options: SqliteMigrationOptions): string[] {
  const table = assertTableName(options.table);
  const folder = readMigrationFolder(options.dir);
  const target: MigrationTarget = { database: options.database, table };
  const step = db.transaction((): MigrationFile | null => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL, checksum TEXT) STRICT`,
    );
    // A table an older runner made has no checksum column: add it, and fill it in below.
    if (!hasChecksumColumn(db, table)) db.exec(`ALTER TABLE ${table} ADD COLUMN checksum TEXT`);
    const plan = planMigrations(folder, appliedRows(db, table, true), target);
    const backfill = db.prepare<[string, string]>(
      `UPDATE ${table} SET checksum = ? WHERE version = ?`,
    );
    for (const file of plan.backfill) backfill.run(file.checksum, file.version);
    const next = plan.pending[0];
    if (next === undefined) return null;
    try {
      db.exec(next.sql);
      options.afterApply?.[next.version]?.(db);
    } catch (error) {
      throw migrationFailed(next, error);
    }
    db.prepare<[string, string, string]>(
      `INSERT INTO ${table} (version, applied_at, checksum) VALUES (?, ?, ?)`,
    ).run(next.version, new Date().toISOString(), next.checksum);
    return next;
  });
  const applied: string[] = [];
  for (let next = step.immediate(); next !== null; next = step.immediate()) {
    applied.push(next.version);
  }
  return applied;
}

/**
 * For a connection that must not write (verify, a rebuild's live file): the same checks of
 * the bookkeeping against the folder, throwing a MigrationMismatchError as `migrateSqlite`
 * would, and what is not applied yet, for the caller to refuse in its own words. Rows an
 * older runner wrote have no checksum to compare until a writable open fills it in.
 */
export function checkSqliteMigrations(
  db: Database.Database,
  options: Omit<SqliteMigrationOptions, 'afterApply'>,
): SqliteMigrationState {
  const table = assertTableName(options.table);
  const bookkept =
    db
      .prepare<[string], number>(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
      )
      .pluck()
      .get(table) === 1;
  const rows = bookkept ? appliedRows(db, table, hasChecksumColumn(db, table)) : [];
  const plan = planMigrations(readMigrationFolder(options.dir), rows, {
    database: options.database,
    table,
  });
  return { bookkept, pending: plan.pending.map((file) => file.version) };
}

function hasChecksumColumn(db: Database.Database, table: string): boolean {
  return (
    db
      .prepare<[string], number>(
        "SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = 'checksum'",
      )
      .pluck()
      .get(table) === 1
  );
}

function appliedRows(
  db: Database.Database,
  table: string,
  withChecksums: boolean,
): AppliedMigration[] {
  const checksum = withChecksums ? 'checksum' : 'NULL AS checksum';
  return db.prepare<[], AppliedMigration>(`SELECT version, ${checksum} FROM ${table}`).all();
}
