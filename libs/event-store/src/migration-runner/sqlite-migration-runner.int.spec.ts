/**
 * The migration runner on real SQLite files, nothing mocked: folders of `.sql` files in a
 * temporary directory, applied to a file, then changed, removed or added to, as a developer
 * would. Also the event store's own folder on a ledger file whose bookkeeping the runner
 * before this one wrote (no checksums): it opens, is upgraded in place, and its hash chain
 * still holds.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreUnavailableError } from '../event-store.errors';
import { verifyChain } from '../integrity/verify-chain';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { defaultSqliteMigrationsDir } from '../sqlite/sqlite-migrations';
import { someEvents } from '../testing/event-fixtures';
import { MigrationMismatchError } from './migration-runner';
import { checkSqliteMigrations, migrateSqlite } from './sqlite-migration-runner';

/** The bookkeeping table exactly as the runners before this one created it. */
const OLD_TABLE = (table: string) =>
  `CREATE TABLE ${table} (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`;

const FILES = {
  '001_accounts.sql': 'CREATE TABLE accounts (id TEXT PRIMARY KEY) STRICT;\n',
  // Needs 001's table: applied out of order it would fail.
  '002_balances.sql':
    'CREATE TABLE balances (account TEXT NOT NULL REFERENCES accounts (id), pence INTEGER NOT NULL) STRICT;\n' +
    "INSERT INTO accounts VALUES ('cash');\n",
  // Sorts after 002 by name although 10 > 2 only as a number: names are zero-padded.
  '010_index.sql': 'CREATE INDEX balances_by_account ON balances (account);\n',
};

describe('migrateSqlite (real SQLite files)', () => {
  let root: string;
  let dir: string;
  let file: string;
  const options = () => ({ dir, table: 'schema_migrations', database: file });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'migration-runner-'));
    dir = join(root, 'migrations');
    mkdirSync(dir);
    for (const [name, sql] of Object.entries(FILES)) writeFileSync(join(dir, name), sql);
    file = join(root, 'db.sqlite');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function withDb<T>(work: (db: Database.Database) => T, readonly = false): T {
    const db = new Database(file, { readonly });
    try {
      return work(db);
    } finally {
      db.close();
    }
  }

  const bookkeeping = () =>
    withDb((db) =>
      db
        .prepare('SELECT version, checksum, applied_at FROM schema_migrations ORDER BY rowid')
        .all(),
    ) as { version: string; checksum: string | null; applied_at: string }[];

  const tables = () =>
    withDb((db) =>
      db
        .prepare<[], string>(
          "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .pluck()
        .all(),
    );

  it('applies the files in name order, recording each with the SHA-256 of its content', () => {
    // Proves order and bookkeeping: 002 needs 001's table, and each checksum is what sha256sum of the file prints.
    expect(withDb((db) => migrateSqlite(db, options()))).toEqual([
      '001_accounts',
      '002_balances',
      '010_index',
    ]);
    const rows = bookkeeping();
    expect(rows.map((row) => row.version)).toEqual(['001_accounts', '002_balances', '010_index']);
    for (const row of rows) {
      const bytes = readFileSync(join(dir, `${row.version}.sql`));
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(tables()).toEqual(['accounts', 'balances', 'balances_by_account', 'schema_migrations']);
  });

  it('is idempotent, and applies a file added later alone', () => {
    // Proves a second run changes nothing, and a third run with one new file applies only that one.
    withDb((db) => migrateSqlite(db, options()));
    const first = bookkeeping();
    expect(withDb((db) => migrateSqlite(db, options()))).toEqual([]);
    expect(bookkeeping()).toEqual(first);
    writeFileSync(join(dir, '011_more.sql'), 'CREATE TABLE more (x INTEGER) STRICT;\n');
    expect(withDb((db) => migrateSqlite(db, options()))).toEqual(['011_more']);
    expect(bookkeeping().slice(0, 3)).toEqual(first);
  });

  it('runs each file in a transaction of its own: a failing one is rolled back alone, named', () => {
    // Proves the transaction boundary: 001 and 002 stay applied, 010's first statement is undone, and the fixed file then applies.
    writeFileSync(
      join(dir, '010_index.sql'),
      'CREATE TABLE half (x INTEGER) STRICT;\nINSERT INTO nowhere VALUES (1);\n',
    );
    expect(() => withDb((db) => migrateSqlite(db, options()))).toThrow(
      /migration .*010_index\.sql failed and was rolled back: no such table: nowhere/,
    );
    expect(bookkeeping().map((row) => row.version)).toEqual(['001_accounts', '002_balances']);
    expect(tables()).not.toContain('half');
    writeFileSync(join(dir, '010_index.sql'), FILES['010_index.sql']);
    expect(withDb((db) => migrateSqlite(db, options()))).toEqual(['010_index']);
  });

  it('refuses to run when an applied file has changed, naming it and what to do', () => {
    // Proves an edited migration stops the runner before anything else is applied, even a new file.
    withDb((db) => migrateSqlite(db, options()));
    writeFileSync(join(dir, '002_balances.sql'), `${FILES['002_balances.sql']}-- a comment\n`);
    writeFileSync(join(dir, '011_more.sql'), 'CREATE TABLE more (x INTEGER) STRICT;\n');
    let error: unknown;
    try {
      withDb((db) => migrateSqlite(db, options()));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(MigrationMismatchError);
    const message = (error as Error).message;
    expect(message).toContain(`the migrations of ${file} (table schema_migrations)`);
    expect(message).toContain('002_balances.sql has changed since it was applied');
    expect(message).toContain('put back the content that was applied');
    expect(message).toContain('new migration file');
    expect(tables()).not.toContain('more');
    // The read-only check refuses the same way.
    expect(() => withDb((db) => checkSqliteMigrations(db, options()), true)).toThrow(
      /002_balances\.sql has changed since it was applied/,
    );
  });

  it('reads CRLF line ends as LF, so a checkout that converts them is not a change', () => {
    // Proves the checksum is of the content, not of the platform's line ends.
    withDb((db) => migrateSqlite(db, options()));
    writeFileSync(join(dir, '002_balances.sql'), FILES['002_balances.sql'].replace(/\n/g, '\r\n'));
    expect(withDb((db) => migrateSqlite(db, options()))).toEqual([]);
  });

  it('refuses to run when an applied file is missing, naming it', () => {
    // Proves a deleted migration is not silently forgotten.
    withDb((db) => migrateSqlite(db, options()));
    unlinkSync(join(dir, '001_accounts.sql'));
    expect(() => withDb((db) => migrateSqlite(db, options()))).toThrow(MigrationMismatchError);
    expect(() => withDb((db) => migrateSqlite(db, options()))).toThrow(
      /001_accounts\.sql is missing, but migration 001_accounts was applied: put the file back/,
    );
  });

  it('refuses a new file that sorts before one already applied', () => {
    // Proves "in order" holds across runs: a file slipped in before 010 would run after it.
    withDb((db) => migrateSqlite(db, options()));
    writeFileSync(join(dir, '005_late.sql'), 'CREATE TABLE late (x INTEGER) STRICT;\n');
    expect(() => withDb((db) => migrateSqlite(db, options()))).toThrow(
      /005_late\.sql is new but sorts before 010_index, which is applied already/,
    );
    expect(tables()).not.toContain('late');
  });

  it("upgrades the older runners' bookkeeping in place: adds the checksums, then checks them", () => {
    // Proves an existing file keeps working: the old table gains a checksum column filled from the files, its rows and times are kept, the rest is applied, and from then on a change is refused.
    withDb((db) => {
      db.exec(FILES['001_accounts.sql']);
      db.exec(OLD_TABLE('schema_migrations'));
      db.exec("INSERT INTO schema_migrations VALUES ('001_accounts', '2025-01-01T00:00:00Z')");
    });
    // Read-only, nothing is upgraded: the old rows are not checked yet, and 002 and 010 are pending.
    expect(withDb((db) => checkSqliteMigrations(db, options()), true)).toEqual({
      bookkept: true,
      pending: ['002_balances', '010_index'],
    });
    expect(withDb((db) => db.prepare('SELECT * FROM schema_migrations').all(), true)).toEqual([
      { version: '001_accounts', applied_at: '2025-01-01T00:00:00Z' },
    ]);

    expect(withDb((db) => migrateSqlite(db, options()))).toEqual(['002_balances', '010_index']);
    const rows = bookkeeping();
    expect(rows[0]).toEqual({
      version: '001_accounts',
      applied_at: '2025-01-01T00:00:00Z',
      checksum: sha256(FILES['001_accounts.sql']),
    });
    expect(rows.map((row) => row.checksum)).toEqual(
      ['001_accounts.sql', '002_balances.sql', '010_index.sql'].map((name) =>
        sha256(FILES[name as keyof typeof FILES]),
      ),
    );
    writeFileSync(join(dir, '001_accounts.sql'), 'CREATE TABLE accounts (id TEXT) STRICT;\n');
    expect(() => withDb((db) => migrateSqlite(db, options()))).toThrow(
      /001_accounts\.sql has changed since it was applied/,
    );
  });

  it('reports a database with no bookkeeping, read-only, without creating it', () => {
    // Proves the read-only check never writes: a fresh file stays without tables.
    withDb(() => undefined);
    expect(withDb((db) => checkSqliteMigrations(db, options()), true)).toEqual({
      bookkept: false,
      pending: ['001_accounts', '002_balances', '010_index'],
    });
    expect(tables()).toEqual([]);
  });
});

describe('the event store on a ledger file the previous runner migrated', () => {
  let root: string;
  let file: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'migration-runner-ledger-'));
    file = join(root, 'ledger.sqlite');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A ledger with events, whose bookkeeping is then put back as the previous runner kept it. */
  async function aLedgerFromBefore(): Promise<void> {
    const store = new SqliteEventStore(file);
    await store.appendToStream('agreement-1', someEvents(3), { expectedRevision: 'no-stream' });
    await store.appendToStream('case-1', someEvents(2), { expectedRevision: 'no-stream' });
    await store.close();
    const raw = new Database(file);
    raw.exec(`DROP TABLE schema_migrations; ${OLD_TABLE('schema_migrations')};
      INSERT INTO schema_migrations VALUES ('001_event_store', '2025-04-01T09:00:00.000Z'),
                                           ('002_hash_chain', '2025-05-01T09:00:00.000Z')`);
    raw.close();
  }

  const bookkeeping = () => {
    const raw = new Database(file, { readonly: true });
    try {
      return raw.prepare('SELECT * FROM schema_migrations ORDER BY version').all();
    } finally {
      raw.close();
    }
  };

  it('opens it, backfills the checksums, keeps every event and the chain, and appends on', async () => {
    // Proves no existing data directory breaks: verify (read-only) still opens it first, then a writable open upgrades the bookkeeping only.
    await aLedgerFromBefore();
    const readOnly = new SqliteEventStore(file, { readOnly: true });
    const before = await readOnly.readAll();
    await readOnly.close();
    expect(bookkeeping()).toHaveLength(2);

    const store = new SqliteEventStore(file);
    expect(await store.readAll()).toEqual(before);
    expect(await verifyChain(store)).toEqual({ ok: true, events: 5, streams: 2 });
    await store.appendToStream('case-1', someEvents(1), { expectedRevision: 1 });
    expect(await verifyChain(store)).toEqual({ ok: true, events: 6, streams: 2 });
    await store.close();

    const folder = defaultSqliteMigrationsDir();
    expect(bookkeeping()).toEqual([
      {
        version: '001_event_store',
        applied_at: '2025-04-01T09:00:00.000Z',
        checksum: sha256(readFileSync(join(folder, '001_event_store.sql'), 'utf8')),
      },
      {
        version: '002_hash_chain',
        applied_at: '2025-05-01T09:00:00.000Z',
        checksum: sha256(readFileSync(join(folder, '002_hash_chain.sql'), 'utf8')),
      },
    ]);
  });

  it('refuses to open, writable or read-only, once an applied migration file has changed', async () => {
    // Proves the refusal reaches the store's caller as EventStoreUnavailableError naming the file.
    const migrationsDir = join(root, 'migrations');
    cpSync(defaultSqliteMigrationsDir(), migrationsDir, { recursive: true });
    await new SqliteEventStore(file, { migrationsDir }).close();
    const changed = join(migrationsDir, '002_hash_chain.sql');
    writeFileSync(changed, `${readFileSync(changed, 'utf8')}-- edited\n`);
    for (const readOnly of [false, true]) {
      expect(() => new SqliteEventStore(file, { migrationsDir, readOnly })).toThrow(
        EventStoreUnavailableError,
      );
      expect(() => new SqliteEventStore(file, { migrationsDir, readOnly })).toThrow(
        /Cannot open the SQLite event store at .*ledger\.sqlite: the migrations of .*002_hash_chain\.sql has changed since it was applied/,
      );
    }
    expect(existsSync(file)).toBe(true);
  });
});

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
