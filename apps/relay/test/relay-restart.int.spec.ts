/**
 * The relay process killed mid-stream and restarted, against a real Kafka broker (nothing
 * mocked). `apps/relay` runs as a child process on a SQLite log of some 500 events, in
 * transactions of 20 events; once it is part-way it gets SIGKILL (no chance to clean up, as in
 * a crash), and a new process resumes from the checkpoint kept in Kafka.
 *
 * With read_committed (what the docs tell consumers to use), every event then arrives exactly
 * once, in log order per stream: the killed process's open transaction is aborted when the new
 * one starts, and its checkpoint never passed what the broker had committed. With
 * read_uncommitted a consumer may also see the aborted transaction's messages: the documented
 * duplicate window, at most one batch, which consumers remove by event id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { LEDGER_EVENTS_TOPIC } from '@ledger/messaging';
import { readTopicToEnd } from '@ledger/messaging/testing/topic-reader';
import { writeCommandHistory } from '@ledger/commands/testing/command-history';
import { isolatedRelayNames, readPublicTopics, testBrokers, waitFor } from './relay-testing';

jest.setTimeout(180_000);

const REPO = resolve(__dirname, '../../..');
const BATCH = 20;

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

interface Health {
  state: string;
  checkpoint: number;
}

describe('relay process: SIGKILL mid-stream, then restart', () => {
  let dir: string;
  let events: RecordedEvent[];
  let head: number;
  const names = isolatedRelayNames('restart');
  let healthPort: number;
  let child: ChildProcess | null = null;

  const startRelay = (): ChildProcess => {
    const process_ = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(REPO, 'apps/relay/src/main.ts')],
      {
        cwd: REPO,
        env: {
          ...process.env,
          LEDGER_DATA_DIR: dir,
          KAFKA_BROKERS: testBrokers().join(','),
          LEDGER_RELAY_TOPIC_PREFIX: names.topicPrefix,
          LEDGER_RELAY_TRANSACTIONAL_ID: names.transactionalId,
          LEDGER_RELAY_CHECKPOINT_GROUP: names.checkpointGroup,
          LEDGER_RELAY_BATCH_SIZE: String(BATCH),
          LEDGER_RELAY_POLL_MS: '20',
          LEDGER_RELAY_HEALTH_PORT: String(healthPort),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    process_.stdout?.resume();
    process_.stderr?.resume();
    return process_;
  };

  const health = async (): Promise<Health | null> => {
    try {
      const response = await fetch(`http://127.0.0.1:${healthPort}/health`);
      return (await response.json()) as Health;
    } catch {
      return null;
    }
  };

  const exited = (process_: ChildProcess): Promise<number | null> =>
    process_.exitCode !== null || process_.signalCode !== null
      ? Promise.resolve(process_.exitCode)
      : new Promise((done) => process_.once('exit', (code) => done(code)));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-restart-'));
    healthPort = await freePort();
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    try {
      head = await writeCommandHistory(store, {
        agreements: 2,
        months: 12,
        adjustmentsPerMonth: 12,
      });
      events = await store.readAll();
    } finally {
      await store.close();
    }
  });

  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every event exactly once to read_committed consumers, in order per stream', async () => {
    expect(head).toBeGreaterThan(400);
    child = startRelay();
    let killedAt = 0;
    await waitFor(async () => {
      const status = await health();
      killedAt = status?.checkpoint ?? 0;
      return killedAt >= head / 4;
    }, 'the first relay to publish a quarter of the log');
    child.kill('SIGKILL');
    await exited(child);
    expect(killedAt).toBeLessThan(head);

    child = startRelay();
    await waitFor(
      async () => (await health())?.checkpoint === head,
      'the restarted relay to reach the head',
    );
    const resumed = child;
    resumed.kill('SIGTERM');
    expect(await exited(resumed)).toBe(0);
    child = null;

    const topics = await readPublicTopics(testBrokers(), names.topicPrefix);
    const published = topics.get(LEDGER_EVENTS_TOPIC.name)!;
    expect(published).toHaveLength(events.length);
    expect(new Set(published.map((m) => m.value.eventId)).size).toBe(events.length);
    const lastOfKey = new Map<string, number>();
    for (const message of published) {
      const position = message.value.position as number;
      expect(position).toBeGreaterThan(lastOfKey.get(message.key!) ?? 0);
      lastOfKey.set(message.key!, position);
    }

    // read_uncommitted: everything is there too, with at most one aborted batch repeated.
    const uncommitted = await readTopicToEnd({
      brokers: testBrokers(),
      topic: `${names.topicPrefix}${LEDGER_EVENTS_TOPIC.name}`,
      isolation: 'read_uncommitted',
      timeoutMs: 30_000,
    });
    const ids = uncommitted.map(
      (m) => (JSON.parse(m.value ?? '{}') as { eventId: string }).eventId,
    );
    expect(new Set(ids).size).toBe(events.length);
    expect(ids.length - events.length).toBeLessThanOrEqual(BATCH);
  });
});
