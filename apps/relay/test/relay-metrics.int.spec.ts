/**
 * GET /metrics on the real relay process (`apps/relay/src/main.ts`, a child process), served
 * beside its GET /health, on a SQLite log. First against a broker that is not there: every
 * failed attempt is counted as a Kafka error, nothing is published, and the whole log is the
 * lag (in events, and in seconds above 0). Then against the real broker the int tier starts
 * (test/kafka): everything is published, the checkpoint reaches the head and both lags fall to
 * 0; events written meanwhile are published and counted too. Counts only, never timings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { writeCommandHistory } from '@ledger/commands/testing/command-history';
import { PROMETHEUS_CONTENT_TYPE } from '@ledger/telemetry/metrics';
import {
  parseExposition,
  valueOf,
  type Sample,
} from '@ledger/telemetry/metrics/testing/exposition';
import { isolatedRelayNames, testBrokers, waitFor } from './relay-testing';

jest.setTimeout(180_000);

const REPO = resolve(__dirname, '../../..');
const BATCH = 25;

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

describe('GET /metrics on the relay process', () => {
  let dir: string;
  let store: SqliteEventStore;
  const running: ChildProcess[] = [];

  const startRelay = (brokers: string, port: number): ChildProcess => {
    const names = isolatedRelayNames('metrics');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/relay/src/main.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        LEDGER_DATA_DIR: dir,
        KAFKA_BROKERS: brokers,
        LEDGER_RELAY_TOPIC_PREFIX: names.topicPrefix,
        LEDGER_RELAY_TRANSACTIONAL_ID: names.transactionalId,
        LEDGER_RELAY_CHECKPOINT_GROUP: names.checkpointGroup,
        LEDGER_RELAY_BATCH_SIZE: String(BATCH),
        LEDGER_RELAY_POLL_MS: '20',
        LEDGER_RELAY_HEALTH_PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    running.push(child);
    return child;
  };

  const stop = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  };

  /** The relay's samples once it answers, or null while it is starting. */
  const scrape = async (port: number): Promise<Sample[] | null> => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
      return parseExposition(await response.text());
    } catch {
      return null;
    }
  };

  /** Scrapes until `done` holds, and returns that scrape. */
  const scrapeUntil = async (port: number, done: (s: Sample[]) => boolean, what: string) => {
    let last: Sample[] | null = null;
    await waitFor(async () => {
      last = await scrape(port);
      return last !== null && done(last);
    }, what);
    return last as unknown as Sample[];
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-metrics-'));
    store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    await writeCommandHistory(store, { agreements: 2, months: 3, adjustmentsPerMonth: 3 });
  });

  afterAll(async () => {
    await Promise.all(running.map(stop));
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts Kafka errors, and the whole log as lag, while no broker answers', async () => {
    const head = await store.headPosition();
    const port = await freePort();
    const nobody = await freePort();
    const relay = startRelay(`127.0.0.1:${nobody}`, port);
    try {
      const samples = await scrapeUntil(
        port,
        (s) =>
          valueOf(s, 'ledger_relay_kafka_errors_total') >= 1 &&
          valueOf(s, 'ledger_relay_lag_seconds') > 0,
        'a Kafka error to be counted',
      );
      expect(valueOf(samples, 'ledger_relay_checkpoint_position')).toBe(0);
      expect(valueOf(samples, 'ledger_relay_lag_events')).toBe(head);
      expect(valueOf(samples, 'ledger_relay_events_published_total')).toBe(0);
      expect(valueOf(samples, 'ledger_relay_messages_published_total')).toBe(0);
      // /health beside it says the same.
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(503);
    } finally {
      await stop(relay);
    }
  });

  it('publishes the log, reaching the head with no lag, and keeps counting new events', async () => {
    const head = await store.headPosition();
    const port = await freePort();
    const relay = startRelay(testBrokers().join(','), port);
    try {
      const caughtUp = await scrapeUntil(
        port,
        (s) => valueOf(s, 'ledger_relay_checkpoint_position') === head,
        `the relay's checkpoint to reach ${head}`,
      );
      expect(valueOf(caughtUp, 'ledger_relay_lag_events')).toBe(0);
      expect(valueOf(caughtUp, 'ledger_relay_lag_seconds')).toBe(0);
      expect(valueOf(caughtUp, 'ledger_relay_events_published_total')).toBe(head);
      // Each event is on ledger.events.v1, and some change figures on the other topics.
      expect(valueOf(caughtUp, 'ledger_relay_messages_published_total')).toBeGreaterThan(head);
      expect(valueOf(caughtUp, 'ledger_relay_batch_duration_seconds_count')).toBeGreaterThanOrEqual(
        Math.ceil(head / BATCH),
      );

      const later = await writeCommandHistory(store, { agreements: 1, months: 1, prefix: 'late' });
      expect(later).toBeGreaterThan(head);
      const after = await scrapeUntil(
        port,
        (s) => valueOf(s, 'ledger_relay_checkpoint_position') === later,
        `the relay's checkpoint to reach ${later}`,
      );
      expect(valueOf(after, 'ledger_relay_events_published_total')).toBe(later);
      expect(valueOf(after, 'ledger_relay_lag_events')).toBe(0);
      expect(valueOf(after, 'ledger_relay_lag_seconds')).toBe(0);
    } finally {
      await stop(relay);
    }
  });
});
