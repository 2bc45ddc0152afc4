import {
  type AppliedMigration,
  assertTableName,
  migrationFailed,
  type MigrationFile,
  type MigrationTarget,
  planMigrations,
  readMigrationFolder,
} from './migration-runner';

/**
 * What the runner needs of a PostgreSQL connection: a `pg` Client fits. Declared here so that
 * the event-store library does not depend on the driver.
 */
export interface PostgresMigrationClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface PostgresMigrationOptions {
  /** The migrations folder. */
  dir: string;
  /**
   * The schema the migrations build, created if need be, which holds the bookkeeping table.
   * The files name their tables unqualified: the connection's search_path must be this schema.
   */
  schema: string;
  /** The bookkeeping table, in `schema` (default `schema_migrations`). */
  table?: string;
}

/**
 * The migration runner (migration-runner.ts) on a PostgreSQL connection: each migration in its
 * own transaction, which first takes a transaction-scoped advisory lock on the schema's name
 * (so two processes migrating the same schema take turns) and checks the bookkeeping again.
 * Returns the versions it applied. The connection must not be inside a transaction.
 */
export async function migratePostgres(
  client: PostgresMigrationClient,
  options: PostgresMigrationOptions,
): Promise<string[]> {
  const tableName = assertTableName(options.table ?? 'schema_migrations');
  const schema = identifier(options.schema);
  const table = `${schema}.${tableName}`;
  const folder = readMigrationFolder(options.dir);
  const target: MigrationTarget = {
    database: `PostgreSQL schema "${options.schema}"`,
    table: tableName,
  };
  const step = async (): Promise<MigrationFile | null> => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [options.schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), checksum TEXT)`,
    );
    // A table an older runner made has no checksum column: add it, and fill it in below.
    const { rows: columns } = await client.query(
      `SELECT 1 FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 AND column_name = 'checksum'`,
      [options.schema, tableName],
    );
    if (columns.length === 0) await client.query(`ALTER TABLE ${table} ADD COLUMN checksum TEXT`);
    const { rows } = await client.query(`SELECT version, checksum FROM ${table}`);
    const plan = planMigrations(folder, rows as AppliedMigration[], target);
    for (const file of plan.backfill) {
      await client.query(`UPDATE ${table} SET checksum = $1 WHERE version = $2`, [
        file.checksum,
        file.version,
      ]);
    }
    const next = plan.pending[0];
    if (next === undefined) return null;
    try {
      await client.query(next.sql);
    } catch (error) {
      throw migrationFailed(next, error);
    }
    await client.query(`INSERT INTO ${table} (version, checksum) VALUES ($1, $2)`, [
      next.version,
      next.checksum,
    ]);
    return next;
  };
  const applied: string[] = [];
  for (;;) {
    await client.query('BEGIN');
    let next: MigrationFile | null;
    try {
      next = await step();
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    if (next === null) return applied;
    applied.push(next.version);
  }
}

/** A quoted identifier; schema names are checked by their owners, this only escapes. */
function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
