/**
 * `ledger rebuild` end to end on the embedded read model, as a reviewer runs it on a laptop: the
 * worked scenario is recorded through the real API on a temporary data directory (the API keeps
 * `read-model.sqlite` beside `ledger.sqlite`, projected inline), then the CLI runs as a real
 * child process against that directory, first while the API is still open on it. Untouched,
 * every table is equal (exit 0) and the rebuilt file is removed (kept with --keep); after rows
 * of the read model are edited behind the API's back with a separate better-sqlite3 connection,
 * it names those tables and the rows (exit 1) and keeps the rebuild, saying where. The data
 * directory defaults as for the other commands: LEDGER_DATA_DIR, else ./data.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { someEvents } from '@ledger/event-store/testing';
import { READ_MODEL_TABLES } from '@ledger/read-model/sql';
import Database from 'better-sqlite3';
import * as f from '../../apps/api/test/testing/ledger-fixtures';
import { LedgerTestApp } from '../../apps/api/test/testing/ledger-test-app';
import { recordWorkedScenario } from '../../apps/api/test/testing/worked-scenario';
import { runLedgerCli, runLedgerCliIn } from '../support/run-ledger-cli';

jest.setTimeout(120_000);

const cli = (...args: string[]) => runLedgerCli('rebuild', ...args);
const counted = (value: number) => value.toLocaleString('en-GB');
/** The rebuilt files left in a data directory. */
const rebuildsIn = (dir: string) =>
  readdirSync(dir).filter((name) => name.startsWith('read-model.rebuild-'));

describe('ledger rebuild (CLI) on the embedded read model', () => {
  let ledger: LedgerTestApp;
  let dataDir: string;
  let liveFile: string;
  let head: number;
  let stopped = false;
  const urlBefore = process.env.LEDGER_READ_MODEL_URL;

  beforeAll(async () => {
    // The child inherits this process's environment: make sure it takes the embedded path.
    delete process.env.LEDGER_READ_MODEL_URL;
    ledger = await LedgerTestApp.start();
    dataDir = ledger.dataDir;
    liveFile = join(dataDir, 'read-model.sqlite');
    await recordWorkedScenario(ledger);
    head = await ledger.head();
  });

  afterAll(async () => {
    if (urlBefore !== undefined) process.env.LEDGER_READ_MODEL_URL = urlBefore;
    if (stopped) rmSync(dataDir, { recursive: true, force: true });
    else await ledger?.dispose();
  });

  /** Each table's row count in the live read model, to check the printed counts against. */
  function liveRowCounts(): Record<string, number> {
    const db = new Database(liveFile, { readonly: true });
    try {
      return Object.fromEntries(
        READ_MODEL_TABLES.map((table) => [
          table,
          db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get()!,
        ]),
      );
    } finally {
      db.close();
    }
  }

  it('exits 0 with every table equal, beside the running API, removing the rebuild', async () => {
    expect(head).toBeGreaterThan(10);
    const rows = liveRowCounts();
    const equal = await cli('--data-dir', dataDir);
    expect(equal.code).toBe(0);
    const lines = equal.out.trimEnd().split('\n');
    const rebuiltFile = new RegExp(
      `^rebuilt ${counted(head)} events into file (${escaped(dataDir)}/read-model\\.rebuild-\\d{17}\\.sqlite) ` +
        `in \\d+\\.\\d s; compared with ${escaped(liveFile)} at position ${counted(head)} ` +
        `\\(log head ${counted(head)}\\)$`,
    ).exec(lines[0]);
    expect(rebuiltFile).not.toBeNull();
    expect(lines.slice(1, -2)).toHaveLength(READ_MODEL_TABLES.length);
    READ_MODEL_TABLES.forEach((table, index) => {
      expect(lines[index + 1]).toMatch(
        new RegExp(`^  ${table}: equal \\(${counted(rows[table])} rows, sha256 [0-9a-f]{64}\\)$`),
      );
    });
    expect(lines.at(-2)).toBe(`removed the rebuild file ${rebuiltFile![1]} (--keep keeps it)`);
    expect(lines.at(-1)).toBe('the live read model equals the rebuild');
    expect(equal.err).toContain(`rebuilt ${counted(head)} of ${counted(head)} events`);
    expect(existsSync(rebuiltFile![1])).toBe(false);
    expect(rebuildsIn(dataDir)).toEqual([]);

    // The API went on answering from the same read model, and nothing was written to the log.
    const balances = await ledger.get(
      `/v1/agreements/${f.AGREEMENT_ID}/reports/balances`,
      f.reviewer,
    );
    expect(balances.statusCode).toBe(200);
    expect(await ledger.head()).toBe(head);

    const json = await cli('--data-dir', dataDir, '--json', '--keep');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as {
      liveFile: string;
      rebuiltFile: string;
      kept: boolean;
      position: number;
      head: number;
      comparison: { equal: boolean; tables: { table: string; equal: boolean }[] };
    };
    expect(report).toMatchObject({
      liveFile,
      kept: true,
      position: head,
      head,
      comparison: { equal: true },
    });
    expect(report.rebuiltFile).not.toBe(rebuiltFile![1]);
    expect(report.comparison.tables.map((table) => table.table)).toEqual([...READ_MODEL_TABLES]);
    expect(rebuildsIn(dataDir)).toEqual([report.rebuiltFile.slice(dataDir.length + 1)]);

    const kept = await cli('--data-dir', dataDir, '--keep');
    expect(kept.code).toBe(0);
    const keptFile = /^rebuilt .* into file (\S+) in /.exec(kept.out)![1];
    expect(kept.out).toContain(`\nkept the rebuild in file ${keptFile}\n`);
    expect(existsSync(keptFile)).toBe(true);
    rmSync(keptFile);
    rmSync(report.rebuiltFile);
  });

  it('takes the data directory from LEDGER_DATA_DIR, else ./data, as the other commands do', async () => {
    const inherited = withoutDataDir();
    const fromEnv = await runLedgerCliIn(
      { env: { ...inherited, LEDGER_DATA_DIR: dataDir } },
      'rebuild',
    );
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.out).toContain(`compared with ${liveFile} at position`);

    // A working directory whose ./data is the ledger's data directory.
    const cwd = mkdtempSync(join(tmpdir(), 'ledger-rebuild-cwd-'));
    try {
      symlinkSync(dataDir, join(cwd, 'data'));
      const fromDefault = await runLedgerCliIn({ cwd, env: inherited }, 'rebuild');
      expect(fromDefault.code).toBe(0);
      expect(fromDefault.out).toContain(
        `compared with ${join(cwd, 'data', 'read-model.sqlite')} at position`,
      );
      expect(fromDefault.out.trimEnd().split('\n').at(-1)).toBe(
        'the live read model equals the rebuild',
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
    expect(rebuildsIn(dataDir)).toEqual([]);
  });

  it('exits 1 after rows of the read model are edited, naming the tables and the rows', async () => {
    await ledger.stop();
    stopped = true;
    const db = new Database(liveFile);
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
        'SELECT * FROM statement_lines ORDER BY agreement_id, account, position, posting_index LIMIT 1 OFFSET 3',
      )
      .get()!;
    expect(
      db
        .prepare(
          `UPDATE statement_lines SET balance_pence = balance_pence + 1
            WHERE agreement_id = ? AND account = ? AND position = ? AND posting_index = ?`,
        )
        .run(line.agreement_id, line.account, line.position, line.posting_index).changes,
    ).toBe(1);
    const fact = db
      .prepare<[], { agreement_id: string; position: number; event_type: string }>(
        'SELECT agreement_id, position, event_type FROM agreement_facts ORDER BY agreement_id, position LIMIT 1 OFFSET 5',
      )
      .get()!;
    expect(
      db
        .prepare('DELETE FROM agreement_facts WHERE agreement_id = ? AND position = ?')
        .run(fact.agreement_id, fact.position).changes,
    ).toBe(1);
    db.close();

    const different = await cli('--data-dir', dataDir, '--max-differences', '5');
    expect(different.code).toBe(1);
    const out = different.out;
    // The rebuild is kept for inspection, and the report says where.
    const [kept] = rebuildsIn(dataDir);
    expect(rebuildsIn(dataDir)).toHaveLength(1);
    expect(out).toContain(
      `\nkept the rebuild in file ${join(dataDir, kept)}, to compare with ${liveFile}\n`,
    );
    const keyAndChange = [
      line.agreement_id,
      line.account,
      line.position,
      line.posting_index,
      line.change_pence,
    ].join('|');
    expect(out).toMatch(
      /\n {2}statement_lines: DIFFERENT \(live \d+ rows, sha256 [0-9a-f]{64}; rebuilt \d+ rows, sha256 [0-9a-f]{64}\)\n/,
    );
    expect(out).toContain(
      `    live:    ${keyAndChange}|${line.balance_pence + 1}\n` +
        `    rebuilt: ${keyAndChange}|${line.balance_pence}\n`,
    );
    expect(out).toMatch(
      new RegExp(
        `\\n {2}agreement_facts: DIFFERENT \\(live \\d+ rows, sha256 [0-9a-f]{64}; rebuilt \\d+ rows, ` +
          `sha256 [0-9a-f]{64}\\)\\n {4}live: {4}\\(no row\\)\\n {4}rebuilt: ` +
          `${escaped(`${fact.agreement_id}|${fact.position}|`)}[^\\n]*\\|${fact.event_type}\\|`,
      ),
    );
    for (const table of READ_MODEL_TABLES) {
      if (table === 'statement_lines' || table === 'agreement_facts') continue;
      expect(out).toContain(`  ${table}: equal (`);
    }
    expect(out.trimEnd().split('\n').at(-1)).toBe('the live read model DIFFERS from the rebuild');
  });

  it('exits 2 on a usage error', async () => {
    for (const [args, message] of [
      [['--data-dir', dataDir, '--schema', 'ledger_read'], '--schema names a PostgreSQL schema'],
      [['--data-dir', dataDir, '--max-differences', '0'], '--max-differences must be'],
      [['--data-dir', dataDir, '--bogus'], 'ledger rebuild has no option --bogus'],
      [['--data-dir'], '--data-dir needs a value'],
      [['--keep=yes'], '--keep takes no value'],
    ] as const) {
      const outcome = await cli(...args);
      expect(outcome.code).toBe(2);
      expect(outcome.err).toContain(message);
      expect(outcome.err).toContain('Usage: ledger rebuild [--data-dir DIR]');
      expect(outcome.err).toContain('Run "ledger rebuild --help"');
    }
  });

  it('exits 3 when the data directory has no read model, or no ledger', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));
    try {
      const noLedger = await cli('--data-dir', bare);
      expect(noLedger.code).toBe(3);
      expect(noLedger.err).toContain(
        `No ledger to rebuild from: ${join(bare, 'ledger.sqlite')} does not exist`,
      );

      const store = new SqliteEventStore(join(bare, 'ledger.sqlite'));
      await store.appendToStream('agreement-slp', someEvents(2), { expectedRevision: 'no-stream' });
      await store.close();
      const noReadModel = await cli('--data-dir', bare);
      expect(noReadModel.code).toBe(3);
      expect(noReadModel.err).toContain(
        `No embedded read model to compare with: ${join(bare, 'read-model.sqlite')} does not ` +
          `exist. Start the API on ${bare} first`,
      );
      expect(existsSync(join(bare, 'read-model.sqlite'))).toBe(false);

      const inherited = withoutDataDir();
      const noDefault = await runLedgerCliIn({ cwd: bare, env: inherited }, 'rebuild');
      expect(noDefault.code).toBe(3);
      expect(noDefault.err).toContain(
        `No ledger to rebuild from: ${join(bare, 'data', 'ledger.sqlite')} does not exist`,
      );
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

/** This process's environment without LEDGER_DATA_DIR, for a child that must default it. */
function withoutDataDir(): Record<string, string | undefined> {
  const env = { ...process.env };
  delete env.LEDGER_DATA_DIR;
  return env;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
