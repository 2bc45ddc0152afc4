import { EventStoreUnavailableError } from '../../event-store.errors';
import type { EventStore } from '../../event-store.port';
import type { ContractContext } from '../event-store-harness';
import { aStreamId, someEvents } from '../event-fixtures';
import { expectLog, lastPositionOf } from './log-expectations';

export function describeLifecycle(context: ContractContext): void {
  describe('lifecycle', () => {
    it('answers ping while open', async () => {
      // Proves the health check passes on a working store.
      await expect(context.store.ping()).resolves.toBeUndefined();
    });

    it('refuses every operation after close() with EventStoreUnavailableError', async () => {
      // Proves a closed store fails loudly and retryably: close, then try each operation.
      const { store } = context;
      await store.appendToStream(aStreamId(), someEvents(1), { expectedRevision: 'any' });
      await store.close();
      await expect(
        store.appendToStream(aStreamId(), someEvents(1), { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(EventStoreUnavailableError);
      for (const operation of [
        () => store.readAll(),
        () => store.readStream('x'),
        () => store.headPosition(),
        () => store.ping(),
      ]) {
        await expect(operation()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      }
      expect(() => store.subscribeToAll({ afterPosition: 0 }, () => undefined)).toThrow(
        EventStoreUnavailableError,
      );
      await expect(store.close()).resolves.toBeUndefined();
    });

    it('ends live subscriptions on close()', async () => {
      // Proves close() does not leave a subscription waiting forever: its done promise resolves.
      const subscription = context.store.subscribeToAll({ afterPosition: 0 }, () => undefined);
      await context.store.close();
      await expect(subscription.done).resolves.toBeUndefined();
    });
  });
}

export function describeDurability(context: ContractContext): void {
  async function reopen(): Promise<EventStore> {
    const { reopen } = context.harness;
    if (reopen === undefined)
      throw new Error('survivesReopen is set, but the factory gives no reopen()');
    await context.store.close();
    return reopen();
  }

  describe('durability', () => {
    it('keeps every acknowledged append across close and reopen, and continues the positions', async () => {
      // Proves acknowledged means stored: append (including a refused append and a keyed one), reopen, compare, append again.
      const streamId = aStreamId();
      await context.store.appendToStream(streamId, someEvents(2), {
        expectedRevision: 'no-stream',
      });
      await expect(
        context.store.appendToStream(streamId, someEvents(1), { expectedRevision: 'no-stream' }),
      ).rejects.toThrow();
      await context.store.appendToStream(aStreamId(), someEvents(3), {
        expectedRevision: 'any',
        idempotencyKey: 'k-durable',
        requestHash: 'h',
      });
      const before = await context.store.readAll();
      const keyed = await context.store.findAppendByIdempotencyKey('k-durable');
      const reopened = await reopen();
      expect(await reopened.readAll()).toEqual(before);
      expect(await reopened.findAppendByIdempotencyKey('k-durable')).toEqual(keyed);
      expect(await reopened.streamRevision(streamId)).toBe(1);
      const next = await reopened.appendToStream(streamId, someEvents(1), { expectedRevision: 1 });
      expect(next.nextExpectedRevision).toBe(2);
      expect(next.lastPosition).toBeGreaterThan(lastPositionOf(before));
      // Five events before, so the next is at 6 when positions are gap-free.
      await expectLog(context, [...before, ...next.events], reopened);
    });
  });
}
