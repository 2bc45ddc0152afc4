import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The PostgreSQL the integration tests use: `LEDGER_TEST_POSTGRES_URL`, or the one the
 * machines here and CI run (127.0.0.1:5432, trust auth, database `test`).
 */
export const TEST_POSTGRES_URL =
  process.env.LEDGER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test uses: each test drops its own afterwards. */
export function testSchemaName(tag: string): string {
  return `t_${tag}_${randomBytes(4).toString('hex')}`;
}

/** Fails loudly, naming the setting, when PostgreSQL cannot be reached: CI always has it. */
export async function requirePostgres(): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${(error as Error).message}). ` +
        'These tests need a real PostgreSQL 15: start it (see /work/shared/docs/architecture.md, ' +
        '"Real services in tests") or point LEDGER_TEST_POSTGRES_URL at one.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops every schema whose name starts with `prefix` (a test's schema and its rebuilds). */
export async function dropSchemas(prefix: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)',
      [prefix],
    );
    for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}
