/**
 * The projector process end to end: `apps/projector` runs as a real child process following a
 * real SQLite ledger file (a few thousand events written through LedgerCommands) into a
 * PostgreSQL schema of the test's own. It is killed with SIGKILL mid-way, restarted, and once
 * its checkpoint reaches the head its read model must equal a clean rebuild into another schema
 * (the `ledger rebuild` code, then the CLI itself). Also: SIGTERM stops it cleanly, and a wrong
 * setting stops it at once, naming the setting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SqliteEventStore } from '@ledger/event-store';
import { rebuildAndCompare } from '@ledger/read-model/sql';
import { writeCommandHistory } from '@ledger/commands/testing/command-history';
import {
  dropSchemas,
  requirePostgres,
  TEST_POSTGRES_URL,
  testSchemaName,
} from '@ledger/read-model/sql/testing/postgres-test-schema';
import { runLedgerCli } from '../../../test/support/run-ledger-cli';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..', '..');

interface Projector {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startProjector(env: Record<string, string>): Projector {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(ROOT, 'apps/projector/src/main.ts')],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

describe('apps/projector (child process)', () => {
  let dataDir: string;
  let head: number;
  let client: Client;
  let schema: string;

  beforeAll(async () => {
    await requirePostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-projector-'));
    const store = new SqliteEventStore(join(dataDir, 'ledger.sqlite'));
    try {
      head = await writeCommandHistory(store, {
        agreements: 4,
        months: 12,
        adjustmentsPerMonth: 50,
      });
    } finally {
      await store.close();
    }
    client = new Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
  });

  beforeEach(() => {
    schema = testSchemaName('projector');
  });

  afterEach(() => dropSchemas(schema));

  afterAll(async () => {
    await client?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_READ_MODEL_URL: TEST_POSTGRES_URL,
    LEDGER_READ_MODEL_SCHEMA: schema,
    ...extra,
  });

  async function checkpoint(): Promise<number> {
    const result = await client.query<{ position: string }>(
      `SELECT position FROM "${schema}".projector_checkpoint WHERE projector = 'ledger-read-model'`,
    );
    return result.rows.length === 0 ? 0 : Number(result.rows[0].position);
  }

  async function waitFor(condition: () => Promise<boolean>, what: string, ms = 60_000) {
    const until = Date.now() + ms;
    while (!(await condition().catch(() => false))) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('resumes after SIGKILL mid-way and ends equal to a clean rebuild', async () => {
    expect(head).toBeGreaterThan(2000);
    // Small batches, so there is time to kill it between two of them.
    const first = startProjector(env({ LEDGER_PROJECTOR_BATCH_SIZE: '10' }));
    let killedAt = 0;
    try {
      await waitFor(async () => (killedAt = await checkpoint()) > 0, 'a first checkpoint');
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    } finally {
      first.child.kill('SIGKILL');
    }
    const afterKill = await checkpoint();
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(head);

    const second = startProjector(env({ LEDGER_PROJECTOR_BATCH_SIZE: '200' }));
    try {
      await waitFor(async () => (await checkpoint()) === head, 'the checkpoint to reach the head');
      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    } finally {
      second.child.kill('SIGKILL');
    }
    expect(second.output()).toContain(`from position ${afterKill} (head ${head})`);
    expect(second.output()).toContain(`stopped at checkpoint ${head}`);
    expect(killedAt).toBeGreaterThan(0);

    const store = new SqliteEventStore(join(dataDir, 'ledger.sqlite'), { readOnly: true });
    try {
      const report = await rebuildAndCompare(store, {
        connectionString: TEST_POSTGRES_URL,
        schema,
        rebuildSchema: `${schema}_rebuild_test`,
      });
      expect(report.position).toBe(head);
      expect(report.comparison.tables.map((table) => [table.table, table.equal])).toEqual([
        ['journal_postings', true],
        ['account_balances', true],
        ['account_period_totals', true],
        ['statement_lines', true],
        ['case_register', true],
        ['agreement_facts', true],
        ['agreements_list', true],
        ['agreement_parties', true],
        ['cases_list', true],
        ['organisation_names', true],
        ['projector_checkpoint', true],
      ]);
      expect(report.comparison.tables[0].live.rows).toBeGreaterThan(head);
    } finally {
      await store.close();
    }

    // The CLI says the same, then finds a row changed behind the projector's back.
    const cli = (...args: string[]) => runLedgerCli('rebuild', ...args);
    const args = ['--data-dir', dataDir, '--read-model', TEST_POSTGRES_URL, '--schema', schema];
    const equal = await cli(...args);
    expect(equal.code).toBe(0);
    expect(equal.out).toContain('the live read model equals the rebuild');
    expect(equal.err).toContain(`rebuilt ${head.toLocaleString('en-GB')} of`);

    await client.query(
      `UPDATE "${schema}".account_balances SET balance_pence = balance_pence + 1
        WHERE agreement_id = 'rm-1' AND account = 'commissioner'`,
    );
    const different = await cli(...args, '--max-differences', '5');
    expect(different.code).toBe(1);
    expect(different.out).toContain('account_balances: DIFFERENT');
    expect(different.out).toMatch(
      /live: {4}rm-1\|commissioner\|-?\d+\|\d+\n {4}rebuilt: rm-1\|commissioner\|/,
    );
    expect(different.out).toContain('journal_postings: equal');
    expect(different.out).toContain('the live read model DIFFERS from the rebuild');
  });

  it('stops at once on a wrong setting, naming it', async () => {
    const projector = startProjector(env({ LEDGER_PROJECTOR_BATCH_SIZE: 'lots' }));
    expect(await projector.exited).toEqual({ code: 2, signal: null });
    expect(projector.output()).toContain('LEDGER_PROJECTOR_BATCH_SIZE must be a whole number');
    const noUrl = startProjector({ ...env(), LEDGER_READ_MODEL_URL: '' });
    expect(await noUrl.exited).toEqual({ code: 2, signal: null });
    expect(noUrl.output()).toContain('LEDGER_READ_MODEL_URL is required');
  });
});
