/**
 * GET /metrics on the real projector process (`apps/projector/src/main.ts`, a child process)
 * following a real SQLite ledger into a PostgreSQL schema of the test's own. It catches up
 * (checkpoint at the head, both lags 0, every event counted as applied); then, while the test
 * holds a lock on the read model's checkpoint table so that the projector's next batch must
 * wait, more events are written: the lag in events is exactly what was written and the lag in
 * seconds grows above 0; once the lock is let go both fall back to 0 at the new head. Only
 * counts and orderings are asserted, never timings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { SqliteEventStore } from '@ledger/event-store';
import { writeCommandHistory } from '@ledger/commands/testing/command-history';
import {
  dropSchemas,
  requirePostgres,
  TEST_POSTGRES_URL,
  testSchemaName,
} from '@ledger/read-model/sql/testing/postgres-test-schema';
import { PROMETHEUS_CONTENT_TYPE } from '@ledger/telemetry/metrics';
import {
  parseExposition,
  valueOf,
  type Sample,
} from '@ledger/telemetry/metrics/testing/exposition';

jest.setTimeout(180_000);

const REPO = resolve(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read().catch(() => null);
    if (value !== null && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 25));
  }
}

describe('GET /metrics on the projector process', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let schema: string;
  let port: number;
  let child: ChildProcess;
  let output = '';

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
    return parseExposition(await response.text());
  };
  const value = (samples: Sample[], name: string) => valueOf(samples, name);

  beforeAll(async () => {
    await requirePostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-projector-metrics-'));
    store = new SqliteEventStore(join(dataDir, 'ledger.sqlite'));
    await writeCommandHistory(store, { agreements: 2, months: 3, adjustmentsPerMonth: 5 });
    schema = testSchemaName('projmetrics');
    port = await freePort();
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/projector/src/main.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        LEDGER_DATA_DIR: dataDir,
        LEDGER_READ_MODEL_URL: TEST_POSTGRES_URL,
        LEDGER_READ_MODEL_SCHEMA: schema,
        LEDGER_PROJECTOR_BATCH_SIZE: '50',
        LEDGER_PROJECTOR_POLL_MS: '20',
        LEDGER_PROJECTOR_METRICS_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await store?.close();
    if (schema) await dropSchemas(schema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('catches up: checkpoint at the head, no lag, every event applied', async () => {
    const head = await store.headPosition();
    expect(head).toBeGreaterThan(50);
    const samples = await waitFor(
      scrape,
      (s) => value(s, 'ledger_projector_checkpoint_position') === head,
      `the projector's checkpoint to reach ${head}`,
    );
    expect(value(samples, 'ledger_projector_lag_events')).toBe(0);
    expect(value(samples, 'ledger_projector_lag_seconds')).toBe(0);
    expect(value(samples, 'ledger_projector_events_applied_total')).toBe(head);
    // Batches of at most 50 events.
    expect(value(samples, 'ledger_projector_batch_duration_seconds_count')).toBeGreaterThanOrEqual(
      Math.ceil(head / 50),
    );
    expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(output).toContain(`metrics on http://127.0.0.1:${port}/metrics`);
  });

  it('shows the lag while the read model cannot be written, and 0 again once it can', async () => {
    const caughtUpAt = await store.headPosition();
    const lock = new Client({ connectionString: TEST_POSTGRES_URL });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query(`LOCK TABLE "${schema}".projector_checkpoint IN ACCESS EXCLUSIVE MODE`);
      const head = await writeCommandHistory(store, { agreements: 1, months: 1, prefix: 'late' });
      const written = head - caughtUpAt;
      expect(written).toBeGreaterThan(0);

      const behind = await waitFor(
        scrape,
        (s) =>
          value(s, 'ledger_projector_lag_events') === written &&
          value(s, 'ledger_projector_lag_seconds') > 0,
        'the lag to show the events written',
      );
      expect(value(behind, 'ledger_projector_checkpoint_position')).toBe(caughtUpAt);
      expect(value(behind, 'ledger_projector_events_applied_total')).toBe(caughtUpAt);

      await lock.query('COMMIT');
      const after = await waitFor(
        scrape,
        (s) => value(s, 'ledger_projector_checkpoint_position') === head,
        `the checkpoint to reach ${head}`,
      );
      expect(value(after, 'ledger_projector_lag_events')).toBe(0);
      expect(value(after, 'ledger_projector_lag_seconds')).toBe(0);
      expect(value(after, 'ledger_projector_events_applied_total')).toBe(head);
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      await lock.end();
    }
  });
});
