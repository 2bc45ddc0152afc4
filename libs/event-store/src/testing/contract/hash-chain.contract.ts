import { WrongExpectedRevisionError } from '../../event-store.errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  RecordedEvent,
} from '../../event-store.port';
import { eventHash } from '../../integrity/canonical-event';
import { type ChainProgress, verifyChain } from '../../integrity/verify-chain';
import type { ContractContext } from '../event-store-harness';
import { aMetadata, anEvent, aStreamId, someEvents } from '../event-fixtures';
import { expectLog } from './log-expectations';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Checks one stream's events, in revision order, link by link: each hash is the SHA-256 of
 * the event's canonical form, recomputed here, and each previousHash is the hash before it.
 */
function expectChained(stream: RecordedEvent[]): void {
  let previousHash: string | null = null;
  stream.forEach((event, revision) => {
    expect(event.revision).toBe(revision);
    const link = event.metadata.hashChain;
    expect(link).toEqual({ algorithm: 'sha256', previousHash, hash: expect.any(String) });
    expect(link?.hash).toMatch(HEX_SHA256);
    expect(link?.hash).toBe(eventHash(event, previousHash));
    previousHash = link?.hash ?? null;
  });
}

/**
 * A recorded event's metadata is what its appender gave, plus the store's link when the store
 * chains at append (`hashChainAtAppend`), and nothing else when it does not.
 */
export function expectAppenderMetadata(
  context: ContractContext,
  recorded: RecordedEvent,
  given: EventMetadata,
): void {
  if (!context.options.hashChainAtAppend) {
    expect(recorded.metadata).toStrictEqual(given);
    return;
  }
  const { hashChain, ...appenderMetadata } = recorded.metadata;
  expect(appenderMetadata).toStrictEqual(given);
  expect(hashChain).toEqual({
    algorithm: 'sha256',
    previousHash: recorded.revision === 0 ? null : expect.stringMatching(HEX_SHA256),
    hash: expect.stringMatching(HEX_SHA256),
  });
}

/** Whether or not the store chains, the chain is never the appender's to set. */
function itRefusesAnAppendersOwnLink(context: ContractContext): void {
  it('refuses an event that brings its own hashChain, and writes nothing of that append', async () => {
    // Proves the chain is the store's alone: an append carrying a forged link fails with RangeError; a good append in the same turn lands.
    const forged = anEvent({
      metadata: aMetadata({
        hashChain: { algorithm: 'sha256', previousHash: null, hash: '0'.repeat(64) },
      }),
    });
    const streamId = aStreamId();
    const [refused, accepted] = await Promise.allSettled([
      context.store.appendToStream(streamId, [anEvent(), forged], { expectedRevision: 'any' }),
      context.store.appendToStream(aStreamId(), someEvents(1), { expectedRevision: 'any' }),
    ]);
    expect(refused.status).toBe('rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(RangeError);
    expect((refused as PromiseRejectedResult).reason).toMatchObject({
      message: expect.stringContaining('hashChain is set by the event store'),
    });
    expect(accepted.status).toBe('fulfilled');
    expect(await context.store.streamRevision(streamId)).toBeNull();
    await expectLog(context, (accepted as PromiseFulfilledResult<AppendResult>).value.events);
  });
}

function itVerifiesAnEmptyLog(context: ContractContext): void {
  it('verifies an empty log', async () => {
    // Proves the empty case: nothing to check is a pass with zero counts.
    expect(await verifyChain(context.store)).toEqual({ ok: true, events: 0, streams: 0 });
  });
}

export function describeHashChain(context: ContractContext): void {
  describe('hash chain', () => {
    it('links a first event to nothing, with the hash of its canonical form', async () => {
      // Proves the chain is set at append: a one-event stream has previousHash null and a hash the test recomputes.
      const streamId = aStreamId();
      const result = await context.store.appendToStream(streamId, someEvents(1), {
        expectedRevision: 'no-stream',
      });
      expectChained(result.events);
      expect(await context.store.readStream(streamId)).toEqual(result.events);
    });

    it('chains a multi-event append event by event, and the next append to its last event', async () => {
      // Proves links within and across appends: three events, then two more; every previousHash is the hash before it.
      const streamId = aStreamId();
      const first = await context.store.appendToStream(streamId, someEvents(3), {
        expectedRevision: 'no-stream',
      });
      const second = await context.store.appendToStream(streamId, someEvents(2), {
        expectedRevision: 2,
      });
      const stream = await context.store.readStream(streamId);
      expect(stream).toEqual([...first.events, ...second.events]);
      expectChained(stream);
      expect(second.events[0].metadata.hashChain?.previousHash).toBe(
        first.events[2].metadata.hashChain?.hash,
      );
    });

    it('chains appends to one stream made in the same turn, skipping one that failed', async () => {
      // Proves the chain is race-free under group commit: 12 appends to one stream (one refused for a stale revision) and 6 to others start together; each stream still chains 0..n.
      const [shared, other] = [aStreamId(), aStreamId()];
      await context.store.appendToStream(shared, someEvents(1), { expectedRevision: 'no-stream' });
      const appends = Array.from({ length: 18 }, (_, index) =>
        context.store.appendToStream(
          index % 3 === 2 ? other : shared,
          someEvents(1 + (index % 2)),
          { expectedRevision: index === 4 ? 0 : 'any' },
        ),
      );
      const outcomes = await Promise.allSettled(appends);
      expect(outcomes[4]).toMatchObject({ status: 'rejected' });
      expect((outcomes[4] as PromiseRejectedResult).reason).toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(17);
      expectChained(await context.store.readStream(shared));
      expectChained(await context.store.readStream(other));
      expect(await verifyChain(context.store)).toMatchObject({ ok: true, streams: 2 });
    });

    itRefusesAnAppendersOwnLink(context);

    it('gives back the same links when an idempotent append is replayed', async () => {
      // Proves replays return the chain as stored: the keyed append is sent twice and looked up.
      const options = { expectedRevision: 'any' as const, idempotencyKey: 'k', requestHash: 'h' };
      const first = await context.store.appendToStream(aStreamId(), someEvents(2), options);
      const again = await context.store.appendToStream(aStreamId(), someEvents(2), options);
      expect(again.events).toStrictEqual(first.events);
      expect((await context.store.findAppendByIdempotencyKey('k'))?.result).toStrictEqual(first);
      expectChained(first.events);
    });

    it('verifies a clean log, reporting progress as it goes', async () => {
      // Proves verifyChain passes an untouched log: 25 events in 4 streams, read in pages of 4, progress every 10 events.
      for (let round = 0; round < 5; round += 1) {
        await context.store.appendToStream(`stream-${round % 4}`, someEvents(5), {
          expectedRevision: 'any',
        });
      }
      const progress: ChainProgress[] = [];
      const result = await verifyChain(context.store, {
        pageSize: 4,
        progressEvery: 10,
        onProgress: (step) => progress.push(step),
      });
      expect(result).toEqual({ ok: true, events: 25, streams: 4 });
      expect(progress).toEqual([
        { events: 10, streams: 2, position: 10, headPosition: 25 },
        { events: 20, streams: 4, position: 20, headPosition: 25 },
      ]);
    });

    itVerifiesAnEmptyLog(context);
  });
}

/**
 * Without `hashChainAtAppend`: the store records no link, says nothing it cannot back (the
 * metadata is exactly the appender's), and the verifier never calls such a log intact.
 */
export function describeNoHashChain(context: ContractContext): void {
  describe('hash chain (not set at append)', () => {
    it("records no link: every event reads back with exactly its appender's metadata", async () => {
      // Proves no half-made chain: two appends to one stream; the results, readStream and readAll all carry the metadata as given, with no hashChain member.
      const streamId = aStreamId();
      const given = [...someEvents(2), ...someEvents(1)];
      const first = await context.store.appendToStream(streamId, given.slice(0, 2), {
        expectedRevision: 'no-stream',
      });
      const second = await context.store.appendToStream(streamId, given.slice(2), {
        expectedRevision: 1,
      });
      const recorded = [...first.events, ...second.events];
      expect(await context.store.readStream(streamId)).toEqual(recorded);
      expect(await context.store.readAll()).toEqual(recorded);
      recorded.forEach((event, index) => {
        expectAppenderMetadata(context, event, given[index].metadata);
      });
    });

    itRefusesAnAppendersOwnLink(context);

    it('never reports an unchained log as intact', async () => {
      // Proves verifyChain cannot be fooled into a pass: on a log of three unchained events it stops at the first one (a position gap or a missing chain), having verified none.
      const { events } = await context.store.appendToStream(aStreamId(), someEvents(3), {
        expectedRevision: 'no-stream',
      });
      const result = await verifyChain(context.store);
      expect(result).toMatchObject({
        ok: false,
        position: events[0].position,
        streamId: events[0].streamId,
        revision: 0,
        eventsVerified: 0,
      });
      if (result.ok) throw new Error('verifyChain passed a log with no hash chain');
      expect(['position-gap', 'missing-chain']).toContain(result.reason);
    });

    itVerifiesAnEmptyLog(context);
  });
}

export function describeMultiStreamHashChain(context: ContractContext): void {
  describe('hash chain across a multi-stream append', () => {
    it('chains every batch, two batches to the same stream included', async () => {
      // Proves atomic multi-stream appends chain like single ones: stream a gets batches 1 and 3, each chained to what came before.
      const [a, b] = [aStreamId(), aStreamId()];
      await context.store.appendToStream(a, someEvents(1), { expectedRevision: 'no-stream' });
      await context.store.appendToStreams([
        { streamId: a, events: someEvents(2), options: { expectedRevision: 0 } },
        { streamId: b, events: someEvents(2), options: { expectedRevision: 'no-stream' } },
        { streamId: a, events: someEvents(1), options: { expectedRevision: 2 } },
      ]);
      expect(await context.store.streamRevision(a)).toBe(3);
      expectChained(await context.store.readStream(a));
      expectChained(await context.store.readStream(b));
      expect(await verifyChain(context.store)).toEqual({ ok: true, events: 6, streams: 2 });
    });
  });
}

export function describeHashChainDurability(context: ContractContext): void {
  async function reopen(): Promise<EventStore> {
    const { reopen } = context.harness;
    if (reopen === undefined)
      throw new Error('survivesReopen is set, but the factory gives no reopen()');
    await context.store.close();
    return reopen();
  }

  describe('hash chain durability', () => {
    it('keeps the links across close and reopen, and chains the next append to them', async () => {
      // Proves the chain is stored, not computed on read: append, reopen, compare links, append again, verify all.
      const streamId = aStreamId();
      const before = await context.store.appendToStream(streamId, someEvents(3), {
        expectedRevision: 'no-stream',
      });
      const reopened = await reopen();
      expect(await reopened.readStream(streamId)).toEqual(before.events);
      const after = await reopened.appendToStream(streamId, someEvents(1), {
        expectedRevision: 2,
      });
      expect(after.events[0].metadata.hashChain?.previousHash).toBe(
        before.events[2].metadata.hashChain?.hash,
      );
      expectChained(await reopened.readStream(streamId));
      expect(await verifyChain(reopened)).toEqual({ ok: true, events: 4, streams: 1 });
    });
  });
}
