/**
 * `ledger rebuild` on the embedded read model, against real SQLite files (nothing mocked): a
 * ledger history is decided by the deciders and appended to a SQLite event store, projected into a
 * "live" read-model file as the embedded API does, then rebuilt from position 0 into a fresh
 * file and compared table by table. Untouched, every table is equal; after rows of the live
 * file are edited behind the projector's back, the comparison names those tables and lists the
 * rows side by side. It also shows that the live file is never written, and that a rebuild
 * catches up when the live read model moves on while it runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import Database from 'better-sqlite3';
import {
  catchUp,
  compareCodePoints,
  defaultReadModelMigrationsDir,
  READ_MODEL_TABLES,
  rebuildSqliteAndCompare,
  SqliteReadModelWriter,
  SqlProjector,
  type SqliteRebuildReport,
} from './index';
import { writeSimulatedHistory } from '../testing/simulated-history';

jest.setTimeout(120_000);

/** Two organisations named, as the register's endpoint records them. */
function appendNamings(store: SqliteEventStore) {
  const metadata = {
    schemaVersion: 1,
    actor: { subject: 'alice', role: 'commissioner-finance', organisationCode: '13R' },
    correlationId: 'names',
    causationId: 'names',
    idempotencyKey: null,
  };
  return store.appendToStream(
    'organisation-RV5',
    [
      {
        eventId: '00000000-0000-4000-8000-000000000501',
        type: 'OrganisationNamed',
        data: { odsCode: 'RV5', name: 'South London and Maudsley', effectiveFrom: '2025-04-01' },
        metadata,
      },
      {
        eventId: '00000000-0000-4000-8000-000000000502',
        type: 'OrganisationNamed',
        data: { odsCode: 'RV5', name: 'SLaM', effectiveFrom: '2025-09-01' },
        metadata,
      },
    ],
    { expectedRevision: 'no-stream' },
  );
}

describe('rebuildSqliteAndCompare (embedded read model)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let head: number;
  /** The read model as the embedded API leaves it, projected in batches of 37. */
  let liveFile: string;
  let files = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-rebuild-'));
    store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    await writeSimulatedHistory(store, {
      agreements: 2,
      months: 12,
      adjustmentsPerMonth: 3,
    });
    // And the organisation register, so that every table has rows to compare.
    head = (await appendNamings(store)).lastPosition;
    liveFile = join(dir, 'read-model.sqlite');
    await project(liveFile, head);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Projects the log up to `upTo` into a read-model file, as the API's inline projection does. */
  async function project(file: string, upTo: number): Promise<void> {
    const writer = new SqliteReadModelWriter(file, { synchronous: 'NORMAL' });
    try {
      await writer.migrate();
      await catchUp(store, new SqlProjector(writer), { upTo, batchSize: 37 });
    } finally {
      await writer.close();
    }
  }

  /** A copy of the live read model, to edit without touching the other tests' file. */
  function copyOfLive(): string {
    files += 1;
    const copy = join(dir, `live-copy-${files}.sqlite`);
    const db = new Database(liveFile, { readonly: true });
    db.prepare('VACUUM INTO ?').run(copy);
    db.close();
    return copy;
  }

  function freshFile(): string {
    files += 1;
    return join(dir, `rebuild-${files}.sqlite`);
  }

  function edit(file: string, sql: string, ...params: unknown[]): void {
    const db = new Database(file);
    expect(db.prepare(sql).run(...params).changes).toBe(1);
    db.close();
  }

  function sha256(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex');
  }

  function fileDigest(file: string): string {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  }

  function table(report: SqliteRebuildReport, name: string) {
    return report.comparison.tables.find((candidate) => candidate.table === name)!;
  }

  it('finds every table equal, into a fresh file beside the live one, leaving the live file unwritten', async () => {
    const before = fileDigest(liveFile);
    const progress: { checkpoint: number; upTo: number }[] = [];
    const report = await rebuildSqliteAndCompare(store, {
      liveFile,
      batchSize: 100,
      onProgress: (step) => progress.push(step),
    });

    expect(report.rebuiltFile).toMatch(/read-model\.rebuild-\d{17}\.sqlite$/);
    expect(report.rebuiltFile.startsWith(dir)).toBe(true);
    expect(existsSync(report.rebuiltFile)).toBe(true);
    expect(report).toMatchObject({ liveFile, position: head, head });
    expect(progress.at(-1)).toEqual({ checkpoint: head, upTo: head });
    expect(progress.length).toBe(Math.ceil(head / 100));

    expect(report.comparison.equal).toBe(true);
    expect(report.comparison.tables.map((t) => [t.table, t.equal])).toEqual(
      READ_MODEL_TABLES.map((name) => [name, true]),
    );
    for (const t of report.comparison.tables) {
      expect(t.live).toEqual(t.rebuilt);
      expect(t.live.algorithm).toBe('sha256');
      expect(t.live.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(t.live.rows).toBeGreaterThan(0);
      expect(t.differences).toEqual([]);
    }
    // The checksum is SHA-256 of the `|`-joined lines in key order, separated by newlines.
    expect(table(report, 'projector_checkpoint').live).toEqual({
      rows: 1,
      algorithm: 'sha256',
      digest: sha256(`ledger-read-model|${head}`),
    });
    const live = new Database(liveFile, { readonly: true });
    const lines = live
      .prepare<[], string>(
        `SELECT case_id || '|' || agreement_id || '|' || position FROM case_register ORDER BY case_id`,
      )
      .pluck()
      .all();
    const journalRows = live.prepare('SELECT count(*) FROM journal_postings').pluck().get();
    live.close();
    expect(table(report, 'case_register').live.digest).toBe(sha256(lines.join('\n')));
    expect(table(report, 'journal_postings').live.rows).toBe(journalRows);
    expect(table(report, 'journal_postings').live.rows).toBeGreaterThan(head);

    expect(fileDigest(liveFile)).toBe(before);
  });

  it('finds every table equal to a live file committed a posting at a time', async () => {
    // Each event with postings is a commit of its own: the parts of a batch add up to the batch.
    const live = freshFile();
    const writer = new SqliteReadModelWriter(live);
    try {
      await writer.migrate();
      const projector = new SqlProjector(writer, { maxPostingsPerCommit: 1 });
      expect(await catchUp(store, projector, { batchSize: 500 })).toBe(head);
    } finally {
      await writer.close();
    }
    const report = await rebuildSqliteAndCompare(store, { liveFile: live });
    expect(report.comparison.equal).toBe(true);
  });

  it('finds every table equal to a live file projected one event per page', async () => {
    // A byte budget of 1 ends every page after its first event: pages cut by size add up too.
    const live = freshFile();
    const writer = new SqliteReadModelWriter(live);
    try {
      await writer.migrate();
      const projector = new SqlProjector(writer);
      expect(await catchUp(store, projector, { batchSize: 500, maxPageBytes: 1 })).toBe(head);
    } finally {
      await writer.close();
    }
    const report = await rebuildSqliteAndCompare(store, { liveFile: live });
    expect(report.comparison.equal).toBe(true);
  });

  it('names the edited tables and lists the differing rows side by side', async () => {
    const tampered = copyOfLive();
    const db = new Database(tampered, { readonly: true });
    const line = db
      .prepare<
        [],
        {
          agreement_id: string;
          account: string;
          position: number;
          posting_index: number;
          change_pence: number;
          balance_pence: number;
        }
      >(
        `SELECT * FROM statement_lines ORDER BY agreement_id, account, position, posting_index
          LIMIT 1 OFFSET 40`,
      )
      .get()!;
    const fact = db
      .prepare<[], { agreement: string; position: number; line: string }>(
        `SELECT agreement_id AS agreement, position,
                agreement_id || '|' || position || '|' || event_id || '|' || stream_id || '|' ||
                  revision || '|' || event_type || '|' || data || '|' || metadata || '|' ||
                  recorded_at AS line
           FROM agreement_facts WHERE event_type = 'PatientRepatriated'
          ORDER BY agreement_id, position LIMIT 1`,
      )
      .get()!;
    db.close();
    edit(
      tampered,
      `UPDATE statement_lines SET balance_pence = balance_pence + 1
        WHERE agreement_id = ? AND account = ? AND position = ? AND posting_index = ?`,
      line.agreement_id,
      line.account,
      line.position,
      line.posting_index,
    );
    edit(
      tampered,
      'DELETE FROM agreement_facts WHERE agreement_id = ? AND position = ?',
      fact.agreement,
      fact.position,
    );

    const report = await rebuildSqliteAndCompare(store, {
      liveFile: tampered,
      rebuildFile: freshFile(),
    });
    expect(report.position).toBe(head);
    expect(report.comparison.equal).toBe(false);
    expect(report.comparison.tables.map((t) => [t.table, t.equal])).toEqual(
      READ_MODEL_TABLES.map((name) => [
        name,
        name !== 'statement_lines' && name !== 'agreement_facts',
      ]),
    );

    const statements = table(report, 'statement_lines');
    expect(statements.live.rows).toBe(statements.rebuilt.rows);
    expect(statements.live.digest).not.toBe(statements.rebuilt.digest);
    const keyAndChange = [
      line.agreement_id,
      line.account,
      line.position,
      line.posting_index,
      line.change_pence,
    ].join('|');
    expect(statements.differences).toEqual([
      {
        live: `${keyAndChange}|${line.balance_pence + 1}`,
        rebuilt: `${keyAndChange}|${line.balance_pence}`,
      },
    ]);

    const facts = table(report, 'agreement_facts');
    expect(facts.live.rows).toBe(facts.rebuilt.rows - 1);
    expect(facts.differences).toEqual([{ live: null, rebuilt: fact.line }]);
  });

  it('lists at most maxDifferences rows, in key order, rows found on one side only included', async () => {
    const tampered = copyOfLive();
    const db = new Database(tampered);
    const changed = db
      .prepare(
        `UPDATE account_balances SET balance_pence = balance_pence + 100
          WHERE agreement_id = 'rm-2'`,
      )
      .run().changes;
    db.prepare(`INSERT INTO account_balances VALUES ('rm-1', 'zz-no-such-account', 5, 1)`).run();
    db.close();
    expect(changed).toBeGreaterThan(3);

    const few = await rebuildSqliteAndCompare(store, {
      liveFile: tampered,
      rebuildFile: freshFile(),
      maxDifferences: 3,
    });
    const balances = table(few, 'account_balances');
    expect(balances.equal).toBe(false);
    expect(balances.differences).toHaveLength(3);
    // rm-1's extra account sorts before every rm-2 row.
    expect(balances.differences[0]).toEqual({ live: 'rm-1|zz-no-such-account|5|1', rebuilt: null });
    for (const difference of balances.differences.slice(1)) {
      expect(difference.live).toMatch(/^rm-2\|/);
      expect(difference.rebuilt).toMatch(/^rm-2\|/);
      const [liveBalance, rebuiltBalance] = [difference.live!, difference.rebuilt!].map((text) =>
        BigInt(text.split('|')[2]),
      );
      expect(liveBalance - rebuiltBalance).toBe(100n);
    }
    const all = await rebuildSqliteAndCompare(store, {
      liveFile: tampered,
      rebuildFile: freshFile(),
      maxDifferences: 1000,
    });
    expect(table(all, 'account_balances').differences).toHaveLength(changed + 1);
  });

  it('catches up and compares again when the live read model moves on during the rebuild', async () => {
    const behind = Math.floor(head / 2);
    const moving = join(dir, 'moving-live.sqlite');
    await project(moving, behind);
    const writer = new SqliteReadModelWriter(moving);
    await writer.migrate();
    const liveProjector = new SqlProjector(writer);
    const rest = await store.readAll({ afterPosition: behind });
    const liveMoves: Promise<unknown>[] = [];
    const upTos = new Set<number>();
    try {
      const report = await rebuildSqliteAndCompare(store, {
        liveFile: moving,
        rebuildFile: freshFile(),
        batchSize: 50,
        onProgress: ({ upTo }) => {
          upTos.add(upTo);
          // The API appends and projects while the rebuild is on its way to the old checkpoint.
          if (liveMoves.length === 0) liveMoves.push(liveProjector.applyBatch(rest));
        },
      });
      expect(liveMoves).toHaveLength(1);
      await Promise.all(liveMoves);
      expect([...upTos]).toEqual([behind, head]);
      expect(report.position).toBe(head);
      expect(report.comparison.equal).toBe(true);
      expect(table(report, 'projector_checkpoint').live.digest).toBe(
        sha256(`ledger-read-model|${head}`),
      );
    } finally {
      await writer.close();
    }
  });

  it('refuses a missing live file, a file with no read model, an old schema and a used rebuild file', async () => {
    await expect(
      rebuildSqliteAndCompare(store, { liveFile: join(dir, 'nowhere.sqlite') }),
    ).rejects.toThrow(/cannot open the live read model at .*nowhere\.sqlite/);

    await expect(
      rebuildSqliteAndCompare(store, {
        liveFile: join(dir, 'ledger.sqlite'),
        rebuildFile: freshFile(),
      }),
    ).rejects.toThrow('ledger.sqlite holds no read model (no read_model_migrations table)');

    // A read model from before the report tables: the first migration only.
    const old = join(dir, 'old-read-model.sqlite');
    const raw = new Database(old);
    raw.exec(
      readFileSync(
        join(defaultReadModelMigrationsDir('sqlite'), '001_journal_and_balances.sql'),
        'utf8',
      ),
    );
    raw.exec(
      `CREATE TABLE read_model_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT;
       INSERT INTO read_model_migrations VALUES ('001_journal_and_balances', '2025-01-01T00:00:00Z')`,
    );
    raw.close();
    await expect(
      rebuildSqliteAndCompare(store, { liveFile: old, rebuildFile: freshFile() }),
    ).rejects.toThrow('lacks migration(s) 002_report_tables');

    const used = freshFile();
    writeFileSync(used, '');
    await expect(rebuildSqliteAndCompare(store, { liveFile, rebuildFile: used })).rejects.toThrow(
      'already exists: a rebuild goes into a fresh file',
    );
  });
});

describe('compareCodePoints', () => {
  it("orders as SQLite's BINARY collation (UTF-8 bytes), not as UTF-16 code units", () => {
    const astral = 'case-\u{1F600}';
    const private_ = 'case-\uE000';
    expect(astral < private_).toBe(true); // UTF-16 order
    expect(compareCodePoints(astral, private_)).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from(astral), Buffer.from(private_))).toBeGreaterThan(0);
    expect(compareCodePoints('rm-1', 'rm-2')).toBeLessThan(0);
    expect(compareCodePoints('rm', 'rm-1')).toBeLessThan(0);
    expect(compareCodePoints('a\u00e9', 'a\u00e9')).toBe(0);
  });
});
