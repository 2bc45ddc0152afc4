/**
 * A broker outage under a steady write load, against a real Kafka broker of the test's own
 * (a private Apache Kafka 3.9.1 process, so stopping it disturbs no other test; nothing
 * mocked). The relay publishes a history, then budget adjustments keep arriving every 10 ms
 * while the broker is stopped for a few seconds and started again.
 *
 * Proves: every write is accepted while the broker is down (the log is the outbox); the relay
 * reports the outage in its status (state `retrying`, failures counted, the error named) and
 * retries with backoff; once the broker is back, everything written is delivered, each event
 * exactly once to read_committed consumers, in log order per stream, and nothing is lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { LEDGER_EVENTS_TOPIC } from '@ledger/messaging';
import { startPrivateBroker, type PrivateBroker } from '@ledger/messaging/testing/kafka-broker';
import { writeCommandHistory } from '@ledger/commands/testing/command-history';
import { LedgerRelay, type RelayStatus } from '@ledger/messaging';
import { isolatedRelayNames, publisherFor, readPublicTopics, waitFor } from './relay-testing';
import { SteadyWriter } from './steady-writer';

jest.setTimeout(240_000);

describe('relay: the broker stops and starts again under a steady write load', () => {
  let dir: string;
  let store: SqliteEventStore;
  let broker: PrivateBroker;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-outage-'));
    store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    await writeCommandHistory(store, { agreements: 1, months: 8, adjustmentsPerMonth: 2 });
    broker = await startPrivateBroker();
  });

  afterAll(async () => {
    await broker?.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps accepting writes, reports the outage, and delivers everything once it is back', async () => {
    const names = isolatedRelayNames('outage');
    const relay = new LedgerRelay(store, publisherFor([broker.brokers], names), {
      batchSize: 25,
      pollMs: 20,
      initialBackoffMs: 100,
      maxBackoffMs: 1000,
    });
    const running = relay.run();
    await waitFor(
      async () => relay.status().checkpoint === (await store.headPosition()),
      'the history',
    );

    const writer = new SteadyWriter(store, 'rm-1');
    writer.start();
    await waitFor(() => writer.written >= 20, 'writes before the outage');
    await broker.stop();
    const writtenAtStop = writer.written;
    let seen: RelayStatus | null = null;
    await waitFor(() => {
      const status = relay.status();
      if (status.state === 'retrying' && status.failures >= 2) seen = status;
      return seen !== null;
    }, 'the relay to report the outage');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const stuckAt = relay.status().checkpoint;
    // Writes went on while the broker was down.
    expect(writer.written).toBeGreaterThan(writtenAtStop + 20);
    expect(seen!).toMatchObject({ state: 'retrying', lastError: expect.any(String) });
    expect(seen!.failingSince).not.toBeNull();

    await broker.start();
    await waitFor(() => writer.written >= writtenAtStop + 100, 'more writes after the outage');
    await writer.stop();
    const head = await store.headPosition();
    await waitFor(() => relay.status().checkpoint === head, `the relay to reach ${head}`, 120_000);
    expect(relay.status()).toMatchObject({ failures: 0, lastError: null });
    expect(stuckAt).toBeLessThan(head);
    relay.stop();
    await running;

    const events = await store.readAll();
    const published = (await readPublicTopics([broker.brokers], names.topicPrefix)).get(
      LEDGER_EVENTS_TOPIC.name,
    )!;
    expect(published.map((m) => m.value.eventId).sort()).toEqual(
      events.map((e) => e.eventId).sort(),
    );
    const lastOfKey = new Map<string, number>();
    for (const message of published) {
      const position = message.value.position as number;
      expect(position).toBeGreaterThan(lastOfKey.get(message.key!) ?? 0);
      lastOfKey.set(message.key!, position);
    }
  });
});
