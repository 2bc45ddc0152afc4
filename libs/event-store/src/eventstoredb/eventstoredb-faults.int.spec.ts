/**
 * Real faults this machine can cause without an EventStoreDB server: a connection refused on
 * 127.0.0.1 (a port nothing listens on) and a server that accepts the connection but never
 * answers. The adapter must report EventStoreUnavailableError quickly, within its deadline,
 * and a subscription must keep resubscribing with backoff until stopped.
 */
import { EventStoreUnavailableError } from '../event-store.errors';
import { closedPort, silentServer } from '../testing/connection-faults';
import { anEvent } from '../testing/event-fixtures';
import { eventually } from '../testing/eventually';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import type { ResubscribeAttempt } from './resubscribing-subscription';

describe('EventStoreDB adapter against real connection faults', () => {
  const stores: EventStoreDbEventStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  const storeOn = (port: number, options = {}): EventStoreDbEventStore => {
    const store = new EventStoreDbEventStore({
      connectionString: `esdb://127.0.0.1:${port}?tls=false`,
      pingDeadlineMs: 1000,
      readDeadlineMs: 1000,
      ...options,
    });
    stores.push(store);
    return store;
  };

  it('reports a refused connection as EventStoreUnavailableError on every operation, fast', async () => {
    const store = storeOn(await closedPort());
    const started = Date.now();
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(
      store.appendToStream('agreement-1', [anEvent()], { expectedRevision: 'any' }),
    ).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readStream('agreement-1')).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.findAppendByIdempotencyKey('k')).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives up on a server that accepts but never answers, within the ping deadline', async () => {
    const silent = await silentServer();
    try {
      const store = storeOn(silent.port, { pingDeadlineMs: 300 });
      const started = Date.now();
      const ping = store.ping();
      await expect(ping).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(ping).rejects.toThrow(/within 300 ms/);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
  });

  it('keeps resubscribing with growing backoff while the server is away, until stopped', async () => {
    const attempts: ResubscribeAttempt[] = [];
    const store = storeOn(await closedPort(), {
      resubscribe: {
        initialBackoffMs: 20,
        maxBackoffMs: 80,
        onResubscribe: (attempt: ResubscribeAttempt) => attempts.push(attempt),
      },
    });
    const subscription = store.subscribeToAll({ afterPosition: 1_311 }, () => undefined);
    await eventually(() => attempts.length >= 4, 'four resubscribe attempts', 10_000);
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    expect(attempts.slice(0, 4).map((attempt) => attempt.delayMs)).toEqual([20, 40, 80, 80]);
    expect(attempts.every((attempt) => attempt.afterPosition === 1_311)).toBe(true);
    expect(attempts[0].error).toBeInstanceOf(Error);
  });

  it('refuses everything after close(), and refuses multi-stream appends always', async () => {
    const store = storeOn(await closedPort());
    expect(store.supportsMultiStreamAppend).toBe(false);
    await expect(
      store.appendToStreams([
        { streamId: 'a', events: [anEvent()], options: { expectedRevision: 'any' } },
      ]),
    ).rejects.toThrow(/cannot append to several streams/);
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.appendToStreams([])).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(() => store.subscribeToAll({ afterPosition: 0 }, () => undefined)).toThrow(
      EventStoreUnavailableError,
    );
    await expect(store.close()).resolves.toBeUndefined();
  });
});
