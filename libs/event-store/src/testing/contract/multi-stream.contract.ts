import { WrongExpectedRevisionError } from '../../event-store.errors';
import type { ContractContext } from '../event-store-harness';
import { aStreamId, someEvents } from '../event-fixtures';
import { expectLog } from './log-expectations';

export function describeMultiStreamAppend(context: ContractContext): void {
  describe('multi-stream append', () => {
    it('writes every batch in one go, in batch order', async () => {
      // Proves appendToStreams records all batches in batch order, each result at its last event (positions 3, 4, 7 when gap-free): three batches, one call.
      expect(context.store.supportsMultiStreamAppend).toBe(true);
      const [a, b, c] = [aStreamId(), aStreamId(), aStreamId()];
      const first = await context.store.appendToStream(a, someEvents(1), {
        expectedRevision: 'no-stream',
      });
      const results = await context.store.appendToStreams([
        { streamId: a, events: someEvents(2), options: { expectedRevision: 0 } },
        { streamId: b, events: someEvents(1), options: { expectedRevision: 'no-stream' } },
        { streamId: c, events: someEvents(3), options: { expectedRevision: 'any' } },
      ]);
      expect(
        results.map((result) => [
          result.streamId,
          result.nextExpectedRevision,
          result.lastPosition,
        ]),
      ).toEqual([
        [a, 2, results[0].events[1].position],
        [b, 0, results[1].events[0].position],
        [c, 2, results[2].events[2].position],
      ]);
      await expectLog(context, [...first.events, ...results.flatMap((result) => result.events)]);
    });

    it('writes nothing of any batch when one batch has a wrong revision', async () => {
      // Proves all-or-nothing: the last of three batches expects a stale revision; no batch lands, and no gap follows.
      const [a, b] = [aStreamId(), aStreamId()];
      const first = await context.store.appendToStream(a, someEvents(2), {
        expectedRevision: 'no-stream',
      });
      const failing = context.store.appendToStreams([
        { streamId: b, events: someEvents(2), options: { expectedRevision: 'no-stream' } },
        { streamId: aStreamId(), events: someEvents(1), options: { expectedRevision: 'any' } },
        { streamId: a, events: someEvents(1), options: { expectedRevision: 0 } },
      ]);
      await expect(failing).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(failing).rejects.toMatchObject({ streamId: a, actualRevision: 1 });
      await expectLog(context, first.events);
      expect(await context.store.streamRevision(b)).toBeNull();
      const next = await context.store.appendToStream(b, someEvents(1), {
        expectedRevision: 'no-stream',
      });
      await expectLog(context, [...first.events, ...next.events]);
    });
  });
}

export function describeNoMultiStreamAppend(context: ContractContext): void {
  describe('multi-stream append (not supported)', () => {
    it('says so and refuses the call', async () => {
      // Proves an adapter without cross-stream transactions is honest about it.
      expect(context.store.supportsMultiStreamAppend).toBe(false);
      await expect(
        context.store.appendToStreams([
          { streamId: aStreamId(), events: someEvents(1), options: { expectedRevision: 'any' } },
        ]),
      ).rejects.toThrow();
      await expectLog(context, []);
    });
  });
}
