import type { ContractContext } from '../event-store-harness';
import { aMetadata, anEvent, aStreamId, positionsOf, someEvents } from '../event-fixtures';
import { expectAppenderMetadata } from './hash-chain.contract';
import { expectLog, expectLogPositions } from './log-expectations';

export function describeAppendAndRead(context: ContractContext): void {
  describe('append and read', () => {
    it('says whether its positions are gap-free, as the contract option does', () => {
      // Proves the runtime capability matches the promise the suite checks: a reader (the SQL projector) relies on gapFreePositions to decide whether a hole in the log means a lost event.
      expect(context.store.gapFreePositions).toBe(context.options.gapFreePositions);
    });

    it('appends to a new stream and reads the same events back, revisions 0..n-1', async () => {
      // Proves a first append records revisions from 0 and the positions it reports (1, 2, 3 when gap-free): append three, read them back.
      const streamId = aStreamId();
      const result = await context.store.appendToStream(streamId, someEvents(3), {
        expectedRevision: 'no-stream',
      });
      expect(result).toMatchObject({
        streamId,
        nextExpectedRevision: 2,
        lastPosition: result.events[2].position,
      });
      expect(result.events.map((event) => event.revision)).toEqual([0, 1, 2]);
      expect(await context.store.readStream(streamId)).toEqual(result.events);
      expect(await context.store.streamRevision(streamId)).toBe(2);
      await expectLog(context, result.events);
    });

    it('orders every stream in one global log, at the positions the appends reported', async () => {
      // Proves the global position is shared by all streams and stable: interleave appends to three streams; readAll gives exactly the acknowledged events, in append order (1..7 when gap-free).
      const [a, b, c] = [aStreamId(), aStreamId(), aStreamId()];
      const appended = [
        await context.store.appendToStream(a, someEvents(2), { expectedRevision: 'no-stream' }),
        await context.store.appendToStream(b, someEvents(1), { expectedRevision: 'no-stream' }),
        await context.store.appendToStream(a, someEvents(1), { expectedRevision: 1 }),
        await context.store.appendToStream(c, someEvents(3), { expectedRevision: 'no-stream' }),
      ].flatMap((result) => result.events);
      const all = await context.store.readAll();
      expect(all).toEqual(appended);
      expectLogPositions(context, all);
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
      expectAppenderMetadata(context, read, metadata);
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
      // Proves readAll's afterPosition (exclusive) and maxCount: page through ten events three at a time, after the 4th, the 8th and the last (positions 4, 8, 10 when gap-free).
      const { events } = await context.store.appendToStream(aStreamId(), someEvents(10), {
        expectedRevision: 'any',
      });
      expectLogPositions(context, events);
      const after = (index: number) => events[index].position;
      expect(await context.store.readAll({ afterPosition: 0 })).toEqual(events);
      expect(await context.store.readAll({ afterPosition: after(3), maxCount: 3 })).toEqual(
        events.slice(4, 7),
      );
      expect(positionsOf(await context.store.readAll({ afterPosition: after(7) }))).toEqual(
        positionsOf(events.slice(8)),
      );
      expect(await context.store.readAll({ afterPosition: after(9) })).toEqual([]);
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
  });
}
