/**
 * The repository's one migration runner (`@ledger/event-store/migration-runner`) on the real
 * PostgreSQL (LEDGER_TEST_POSTGRES_URL, else 127.0.0.1:5432/test; the suite fails, naming the
 * setting, when it cannot be reached) and on the read model's SQLite file: folders of `.sql`
 * files applied to a fresh schema of each test's own, then changed, removed or added to; and
 * read models whose bookkeeping the runners before it wrote (no checksums), upgraded in place.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { MigrationMismatchError, migratePostgres } from '@ledger/event-store/migration-runner';
import { defaultReadModelMigrationsDir } from './read-model-migrations';
import { PostgresReadModelWriter } from './postgres/postgres-read-model-writer';
import { SqliteReadModelWriter } from './sqlite/sqlite-read-model-writer';
import {
  dropSchemas,
  requirePostgres,
  TEST_POSTGRES_URL,
  testSchemaName,
} from './testing/postgres-test-schema';

jest.setTimeout(60_000);

const FILES = {
  '001_accounts.sql': 'CREATE TABLE accounts (id TEXT PRIMARY KEY);\n',
  // Needs 001's table: applied out of order it would fail.
  '002_balances.sql':
    'CREATE TABLE balances (account TEXT NOT NULL REFERENCES accounts (id), pence BIGINT NOT NULL);\n' +
    "INSERT INTO accounts VALUES ('cash');\n",
  '010_index.sql': 'CREATE INDEX balances_by_account ON balances (account);\n',
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('migratePostgres (real PostgreSQL)', () => {
  let root: string;
  let dir: string;
  let schema: string;
  let client: Client;
  const schemas: string[] = [];

  beforeAll(async () => {
    await requirePostgres();
  });

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'pg-migrations-'));
    dir = join(root, 'migrations');
    mkdirSync(dir);
    for (const [name, sql] of Object.entries(FILES)) writeFileSync(join(dir, name), sql);
    schema = testSchemaName('migrations');
    schemas.push(schema);
    client = await connectedTo(schema);
  });

  afterEach(async () => {
    await client.end();
    rmSync(root, { recursive: true, force: true });
  });

  afterAll(async () => {
    for (const name of schemas) await dropSchemas(name);
  });

  const migrate = () => migratePostgres(client, { dir, schema });

  async function bookkeeping() {
    const { rows } = await client.query<{ version: string; checksum: string | null }>(
      `SELECT version, checksum FROM "${schema}".schema_migrations ORDER BY version`,
    );
    return rows;
  }

  async function tables(): Promise<string[]> {
    const { rows } = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class JOIN pg_namespace ON pg_namespace.oid = relnamespace
        WHERE nspname = $1 AND relkind IN ('r', 'i') AND relname NOT LIKE '%_pkey' ORDER BY relname`,
      [schema],
    );
    return rows.map((row) => row.name);
  }

  it('creates the schema and applies the files in name order, each recorded with its SHA-256', async () => {
    // Proves order and bookkeeping in PostgreSQL: 002 needs 001's table, and each checksum is sha256sum of the file.
    expect(await migrate()).toEqual(['001_accounts', '002_balances', '010_index']);
    expect(await bookkeeping()).toEqual(
      Object.entries(FILES).map(([name, sql]) => ({
        version: name.replace('.sql', ''),
        checksum: sha256(sql),
      })),
    );
    expect(await tables()).toEqual([
      'accounts',
      'balances',
      'balances_by_account',
      'schema_migrations',
    ]);
  });

  it('is idempotent, and applies a file added later alone', async () => {
    // Proves a second run changes nothing and a third applies only the new file.
    await migrate();
    const first = await bookkeeping();
    expect(await migrate()).toEqual([]);
    expect(await bookkeeping()).toEqual(first);
    writeFileSync(join(dir, '011_more.sql'), 'CREATE TABLE more (x INTEGER);\n');
    expect(await migrate()).toEqual(['011_more']);
  });

  it('runs each file in a transaction of its own: a failing one is rolled back alone, named', async () => {
    // Proves the transaction boundary: 001 and 002 stay, 010's first statement is undone, the connection is usable again.
    writeFileSync(
      join(dir, '010_index.sql'),
      'CREATE TABLE half (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n',
    );
    await expect(migrate()).rejects.toThrow(
      /migration .*010_index\.sql failed and was rolled back: relation "nowhere" does not exist/,
    );
    expect((await bookkeeping()).map((row) => row.version)).toEqual([
      '001_accounts',
      '002_balances',
    ]);
    expect(await tables()).not.toContain('half');
    writeFileSync(join(dir, '010_index.sql'), FILES['010_index.sql']);
    expect(await migrate()).toEqual(['010_index']);
  });

  it('refuses to run when an applied file has changed, naming it', async () => {
    // Proves an edited migration stops the runner before a new file is applied.
    await migrate();
    writeFileSync(join(dir, '001_accounts.sql'), 'CREATE TABLE accounts (id TEXT);\n');
    writeFileSync(join(dir, '011_more.sql'), 'CREATE TABLE more (x INTEGER);\n');
    const refused = migrate();
    await expect(refused).rejects.toThrow(MigrationMismatchError);
    await expect(refused).rejects.toThrow(
      new RegExp(
        `the migrations of PostgreSQL schema "${schema}" \\(table schema_migrations\\) do not match ` +
          'the folder, so nothing was applied: .*001_accounts\\.sql has changed since it was applied',
      ),
    );
    expect(await tables()).not.toContain('more');
  });

  it('refuses to run when an applied file is missing, naming it', async () => {
    // Proves a deleted migration is not silently forgotten.
    await migrate();
    unlinkSync(join(dir, '002_balances.sql'));
    await expect(migrate()).rejects.toThrow(
      /002_balances\.sql is missing, but migration 002_balances was applied: put the file back/,
    );
  });

  it('lets two processes migrate the same schema at once: each file is applied once', async () => {
    // Proves the advisory lock and the re-check per transaction: both succeed, between them applying each file once.
    const other = await connectedTo(schema);
    try {
      const [mine, theirs] = await Promise.all([
        migrate(),
        migratePostgres(other, { dir, schema }),
      ]);
      expect([...mine, ...theirs].sort()).toEqual(['001_accounts', '002_balances', '010_index']);
    } finally {
      await other.end();
    }
    expect(await bookkeeping()).toHaveLength(3);
  });

  it("upgrades the previous runner's read model in place, and the writer goes on from it", async () => {
    // Proves an existing PostgreSQL read model keeps working: the old bookkeeping gains checksums of the files, the times are kept, 002 and 003 are applied, and the writer works.
    const folder = defaultReadModelMigrationsDir('postgres');
    const first = readFileSync(join(folder, '001_journal_and_balances.sql'), 'utf8');
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(
      `CREATE TABLE "${schema}".schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    await client.query(first);
    await client.query(
      `INSERT INTO "${schema}".schema_migrations VALUES ('001_journal_and_balances', '2025-01-01T00:00:00Z')`,
    );
    await client.query("INSERT INTO projector_checkpoint VALUES ('ledger-read-model', 7)");

    const writer = new PostgresReadModelWriter({ connectionString: TEST_POSTGRES_URL, schema });
    try {
      await writer.migrate();
      expect(await writer.checkpoint('ledger-read-model')).toBe(7);
    } finally {
      await writer.close();
    }
    const { rows } = await client.query<{ version: string; at: string; checksum: string }>(
      `SELECT version, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS at, checksum
         FROM "${schema}".schema_migrations ORDER BY version`,
    );
    expect(rows).toEqual([
      { version: '001_journal_and_balances', at: '2025-01-01', checksum: sha256(first) },
      {
        version: '002_report_tables',
        at: expect.any(String),
        checksum: sha256(readFileSync(join(folder, '002_report_tables.sql'), 'utf8')),
      },
      {
        version: '003_journal_belongs_to_agreement',
        at: expect.any(String),
        checksum: sha256(
          readFileSync(join(folder, '003_journal_belongs_to_agreement.sql'), 'utf8'),
        ),
      },
      {
        version: '004_lists',
        at: expect.any(String),
        checksum: sha256(readFileSync(join(folder, '004_lists.sql'), 'utf8')),
      },
      {
        version: '005_organisation_names',
        at: expect.any(String),
        checksum: sha256(readFileSync(join(folder, '005_organisation_names.sql'), 'utf8')),
      },
    ]);
  });
});

describe('the SQLite read model written by the previous runner', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'read-model-migrations-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is upgraded in place on migrate(), keeps its rows, and is checked from then on', async () => {
    // Proves an existing read-model.sqlite keeps working: the old read_model_migrations gains checksums of the files, the rest is applied, and a changed file is then refused.
    const folder = join(root, 'migrations');
    mkdirSync(folder);
    const source = defaultReadModelMigrationsDir('sqlite');
    const names = [
      '001_journal_and_balances.sql',
      '002_report_tables.sql',
      '003_journal_belongs_to_agreement.sql',
      '004_lists.sql',
      '005_organisation_names.sql',
    ];
    for (const name of names) {
      writeFileSync(join(folder, name), readFileSync(join(source, name)));
    }
    const file = join(root, 'read-model.sqlite');
    const raw = new Database(file);
    raw.exec(readFileSync(join(folder, '001_journal_and_balances.sql'), 'utf8'));
    raw.exec(
      `CREATE TABLE read_model_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT;
       INSERT INTO read_model_migrations VALUES ('001_journal_and_balances', '2025-01-01T00:00:00Z');
       INSERT INTO projector_checkpoint VALUES ('ledger-read-model', 7);`,
    );
    raw.close();

    const writer = new SqliteReadModelWriter(file, { migrationsDir: folder });
    try {
      await writer.migrate();
      expect(await writer.checkpoint('ledger-read-model')).toBe(7);
    } finally {
      await writer.close();
    }
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT * FROM read_model_migrations ORDER BY version').all()).toEqual([
      {
        version: '001_journal_and_balances',
        applied_at: '2025-01-01T00:00:00Z',
        checksum: sha256(readFileSync(join(folder, '001_journal_and_balances.sql'), 'utf8')),
      },
      {
        version: '002_report_tables',
        applied_at: expect.any(String),
        checksum: sha256(readFileSync(join(folder, '002_report_tables.sql'), 'utf8')),
      },
      {
        version: '003_journal_belongs_to_agreement',
        applied_at: expect.any(String),
        checksum: sha256(
          readFileSync(join(folder, '003_journal_belongs_to_agreement.sql'), 'utf8'),
        ),
      },
      {
        version: '004_lists',
        applied_at: expect.any(String),
        checksum: sha256(readFileSync(join(folder, '004_lists.sql'), 'utf8')),
      },
      {
        version: '005_organisation_names',
        applied_at: expect.any(String),
        checksum: sha256(readFileSync(join(folder, '005_organisation_names.sql'), 'utf8')),
      },
    ]);
    check.close();

    writeFileSync(join(folder, '002_report_tables.sql'), '-- emptied\n');
    const again = new SqliteReadModelWriter(file, { migrationsDir: folder });
    try {
      await expect(again.migrate()).rejects.toThrow(
        /read-model\.sqlite \(table read_model_migrations\) do not match the folder.*002_report_tables\.sql has changed since it was applied/,
      );
    } finally {
      await again.close();
    }
  });
});

async function connectedTo(schema: string): Promise<Client> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`SET search_path TO "${schema}"`);
  return client;
}
