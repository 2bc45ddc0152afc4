import { DuplicateEventIdError } from '../../event-store.errors';
import type { ContractContext } from '../event-store-harness';
import { anEvent, aStreamId, someEvents } from '../event-fixtures';
import { expectLog } from './log-expectations';

/** With `uniqueEventIds`: an id is stored once in the whole log, and a second one is refused. */
export function describeUniqueEventIds(context: ContractContext): void {
  describe('event ids (unique across the store)', () => {
    it('refuses an event id that is already stored, and writes nothing of that append', async () => {
      // Proves event ids are unique and the append stays atomic: re-append a stored id behind a new event.
      const streamId = aStreamId();
      const first = anEvent();
      const stored = await context.store.appendToStream(streamId, [first], {
        expectedRevision: 'no-stream',
      });
      await expect(
        context.store.appendToStream(streamId, [anEvent(), { ...first }], { expectedRevision: 0 }),
      ).rejects.toBeInstanceOf(DuplicateEventIdError);
      await expectLog(context, stored.events);
      const next = await context.store.appendToStream(streamId, [anEvent()], {
        expectedRevision: 0,
      });
      await expectLog(context, [...stored.events, ...next.events]);
    });
  });
}

/**
 * Without `uniqueEventIds`: the promise that remains is the server's deduplication of a
 * retried append, which is what makes a retry after a lost acknowledgement harmless.
 */
export function describeRetriedAppendDeduplication(context: ContractContext): void {
  describe('event ids (a retried append is deduplicated)', () => {
    it('answers an identical retry with the original result and writes nothing again', async () => {
      // Proves a retry after a lost acknowledgement is harmless: two appends ('no-stream', then revision 1) are each sent again after both landed; each answers as the first time, and the log holds every event once.
      const streamId = aStreamId();
      const created = someEvents(2);
      const continued = someEvents(1);
      const first = await context.store.appendToStream(streamId, created, {
        expectedRevision: 'no-stream',
      });
      const second = await context.store.appendToStream(streamId, continued, {
        expectedRevision: 1,
      });
      expect(
        await context.store.appendToStream(streamId, created, { expectedRevision: 'no-stream' }),
      ).toStrictEqual(first);
      expect(
        await context.store.appendToStream(streamId, continued, { expectedRevision: 1 }),
      ).toStrictEqual(second);
      expect(await context.store.streamRevision(streamId)).toBe(2);
      await expectLog(context, [...first.events, ...second.events]);
    });
  });
}
