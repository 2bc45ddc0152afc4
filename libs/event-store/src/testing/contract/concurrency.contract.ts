import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { WrongExpectedRevisionError } from '../../event-store.errors';
import type { AppendResult, ExpectedRevision, RecordedEvent } from '../../event-store.port';
import type { ContractContext } from '../event-store-harness';
import { aMetadata, aStreamId, someEvents } from '../event-fixtures';
import { expectLog, expectLogPositions, inLogOrder, readAllInPages } from './log-expectations';

const RACERS = 20;

export function describeConcurrency(context: ContractContext): void {
  /** Starts all appends before awaiting any, so they race. */
  function race(streamId: string, expectedRevision: ExpectedRevision) {
    return Promise.allSettled(
      Array.from({ length: RACERS }, (_, racer) =>
        context.store.appendToStream(
          streamId,
          someEvents(2, () => ({ data: { racer } })),
          { expectedRevision },
        ),
      ),
    );
  }

  function expectOneWinner(outcomes: PromiseSettledResult<AppendResult>[], actualRevision: number) {
    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(RACERS - 1);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(loser.reason).toMatchObject({ actualRevision });
    }
    return winners[0].value;
  }

  describe('concurrency', () => {
    it('lets exactly one of many racing appends with the same expected revision win', async () => {
      // Proves optimistic concurrency under a race: 20 appends expect revision 0, one commits, 19 see revision 2.
      const streamId = aStreamId();
      await context.store.appendToStream(streamId, someEvents(1), {
        expectedRevision: 'no-stream',
      });
      const winner = expectOneWinner(await race(streamId, 0), 2);
      const stream = await context.store.readStream(streamId);
      expect(stream).toHaveLength(3);
      expect(stream.slice(1)).toEqual(winner.events);
      await expectLog(context, stream);
    });

    it("lets exactly one of many racing 'no-stream' appends create the stream", async () => {
      // Proves creation is guarded too: 20 appends race to create one stream; losers see revision 1.
      const streamId = aStreamId();
      const winner = expectOneWinner(await race(streamId, 'no-stream'), 1);
      expect(await context.store.readStream(streamId)).toEqual(winner.events);
      await expectLog(context, winner.events);
    });

    it('keeps the global order whole and stable under concurrent appends to many streams', async () => {
      // Proves every acknowledged event is in the log once, at the position its append reported, in increasing order (1..N when gap-free): 100 racing appends of 1–3 events, read twice and in pages.
      const streams = Array.from({ length: 10 }, () => aStreamId());
      const appends = Array.from({ length: 100 }, (_, index) =>
        context.store.appendToStream(streams[index % 10], someEvents(1 + (index % 3)), {
          expectedRevision: 'any',
        }),
      );
      const acknowledged = (await Promise.all(appends)).flatMap((result) => result.events);
      const first = await context.store.readAll();
      expect(first).toEqual(inLogOrder(acknowledged));
      expectLogPositions(context, first);
      expect(await context.store.readAll()).toEqual(first);
      expect(await readAllInPages(context.store, 7)).toEqual(first);
      for (const streamId of streams) {
        const revisions = (await context.store.readStream(streamId)).map((event) => event.revision);
        expect(revisions).toEqual(revisions.map((_, index) => index));
      }
    });

    it('never shows a reader half an append', async () => {
      // Proves appends are atomic to readers: while writers append batches tagged with a batch id and size, readers check every snapshot holds whole batches only.
      let writing = true;
      const writers = Promise.all(
        Array.from({ length: 8 }, () => writeBatches(context, 15)),
      ).finally(() => (writing = false));
      const snapshots: RecordedEvent[][] = [];
      while (writing) {
        snapshots.push(await context.store.readAll(), await context.store.readStream('shared-0'));
        await nextTurn();
      }
      await writers;
      snapshots.push(await context.store.readAll());
      for (const snapshot of snapshots) expectWholeBatches(snapshot);
      expectLogPositions(context, snapshots[snapshots.length - 1]);
    });
  });
}

/** One writer: appends batches of 1–4 events to four shared streams, one batch at a time. */
async function writeBatches(context: ContractContext, batches: number): Promise<void> {
  for (let batch = 0; batch < batches; batch += 1) {
    const batchId = randomUUID();
    const batchSize = 1 + (batch % 4);
    const events = someEvents(batchSize, () => ({ metadata: aMetadata({ batchId, batchSize }) }));
    await context.store.appendToStream(`shared-${batch % 4}`, events, { expectedRevision: 'any' });
  }
}

function expectWholeBatches(snapshot: RecordedEvent[]): void {
  const counts = new Map<string, { seen: number; size: number }>();
  for (const event of snapshot) {
    const batchId = String(event.metadata['batchId']);
    const entry = counts.get(batchId) ?? { seen: 0, size: Number(event.metadata['batchSize']) };
    counts.set(batchId, { ...entry, seen: entry.seen + 1 });
  }
  for (const [batchId, { seen, size }] of counts) {
    expect({ batchId, seen }).toEqual({ batchId, seen: size });
  }
}
