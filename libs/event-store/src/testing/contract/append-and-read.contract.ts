import { DuplicateEventIdError } from '../../event-store.errors';
import type { ContractContext } from '../event-store-harness';
import { aMetadata, anEvent, aStreamId, oneTo, positionsOf, someEvents } from '../event-fixtures';

export function describeAppendAndRead(context: ContractContext): void {
  describe('append and read', () => {
    it('appends to a new stream and reads the same events back, revisions 0..n-1', async () => {
      // Proves a first append records revisions from 0 and positions from 1: append three, read them back.
      const streamId = aStreamId();
      const result = await context.store.appendToStream(streamId, someEvents(3), {
        expectedRevision: 'no-stream',
      });
      expect(result).toMatchObject({ streamId, nextExpectedRevision: 2, lastPosition: 3 });
      expect(result.events.map((event) => event.revision)).toEqual([0, 1, 2]);
      expect(positionsOf(result.events)).toEqual([1, 2, 3]);
      expect(await context.store.readStream(streamId)).toEqual(result.events);
      expect(await context.store.streamRevision(streamId)).toBe(2);
      expect(await context.store.headPosition()).toBe(3);
    });

    it('numbers positions 1..n without gaps across streams', async () => {
      // Proves the global position is shared by all streams: interleave appends to three streams, then read all.
      const [a, b, c] = [aStreamId(), aStreamId(), aStreamId()];
      await context.store.appendToStream(a, someEvents(2), { expectedRevision: 'no-stream' });
      await context.store.appendToStream(b, someEvents(1), { expectedRevision: 'no-stream' });
      await context.store.appendToStream(a, someEvents(1), { expectedRevision: 1 });
      await context.store.appendToStream(c, someEvents(3), { expectedRevision: 'no-stream' });
      const all = await context.store.readAll();
      expect(positionsOf(all)).toEqual(oneTo(7));
      expect(all.map((event) => event.streamId)).toEqual([a, a, b, a, c, c, c]);
      expect((await context.store.readStream(a)).map((event) => event.revision)).toEqual([0, 1, 2]);
    });

    it('round-trips data and metadata exactly', async () => {
      // Proves nothing is lost or coerced in storage: write nested data and extra metadata, compare the read.
      const data = {
        amount: '5416666.74',
        phasing: [
          { month: '2024-04', amount: '451388.90' },
          { month: '2024-05', amount: '0.00' },
        ],
        provider: { odsCode: 'RXT', name: 'Birmingham & Solihull – Mental Health', beds: 12 },
        flags: { outOfArea: true, repatriated: false, note: null },
        empty: {},
      };
      const metadata = aMetadata({
        idempotencyKey: 'subject-1:key-7',
        traceId: 'abc',
        tags: ['x'],
      });
      const event = anEvent({ type: 'PlacementStarted', data, metadata });
      const streamId = aStreamId('case');
      const [appended] = (
        await context.store.appendToStream(streamId, [event], { expectedRevision: 'any' })
      ).events;
      const [read] = await context.store.readStream(streamId);
      expect(read).toStrictEqual(appended);
      expect(read).toMatchObject({ eventId: event.eventId, type: 'PlacementStarted', streamId });
      expect(read.data).toStrictEqual(data);
      const { hashChain, ...appenderMetadata } = read.metadata;
      expect(appenderMetadata).toStrictEqual(metadata);
      expect(hashChain).toMatchObject({ algorithm: 'sha256', previousHash: null });
      expect(read.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('reads a stream from a revision with a maximum count; an unknown stream is empty', async () => {
      // Proves readStream's window and the empty case: read slices of a five-event stream and a missing one.
      const streamId = aStreamId();
      await context.store.appendToStream(streamId, someEvents(5), {
        expectedRevision: 'no-stream',
      });
      const window = await context.store.readStream(streamId, { fromRevision: 1, maxCount: 3 });
      expect(window.map((event) => event.revision)).toEqual([1, 2, 3]);
      expect(await context.store.readStream(streamId, { fromRevision: 5 })).toEqual([]);
      expect(await context.store.readStream(aStreamId())).toEqual([]);
      expect(await context.store.streamRevision(aStreamId())).toBeNull();
    });

    it('reads the global log after a checkpoint, in pages', async () => {
      // Proves readAll's afterPosition and maxCount: page through ten events three at a time.
      await context.store.appendToStream(aStreamId(), someEvents(10), { expectedRevision: 'any' });
      expect(positionsOf(await context.store.readAll({ afterPosition: 4, maxCount: 3 }))).toEqual([
        5, 6, 7,
      ]);
      expect(positionsOf(await context.store.readAll({ afterPosition: 8 }))).toEqual([9, 10]);
      expect(await context.store.readAll({ afterPosition: 10 })).toEqual([]);
    });

    it('starts empty', async () => {
      // Proves a fresh store has no events and head position 0.
      expect(await context.store.readAll()).toEqual([]);
      expect(await context.store.headPosition()).toBe(0);
    });

    it('refuses an append without events and writes nothing', async () => {
      // Proves an empty append is a caller error (RangeError), not a silent no-op.
      await expect(
        context.store.appendToStream(aStreamId(), [], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(RangeError);
      expect(await context.store.headPosition()).toBe(0);
    });

    it('refuses an event id that is already stored, and writes nothing of that append', async () => {
      // Proves event ids are unique and the append stays atomic: re-append a stored id behind a new event.
      const streamId = aStreamId();
      const first = anEvent();
      await context.store.appendToStream(streamId, [first], { expectedRevision: 'no-stream' });
      await expect(
        context.store.appendToStream(streamId, [anEvent(), { ...first }], { expectedRevision: 0 }),
      ).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await context.store.headPosition()).toBe(1);
      const next = await context.store.appendToStream(streamId, [anEvent()], {
        expectedRevision: 0,
      });
      expect(next.lastPosition).toBe(2);
    });
  });
}
