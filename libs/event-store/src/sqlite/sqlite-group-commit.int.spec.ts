import {
  DuplicateEventIdError,
  eventHash,
  verifyChain,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { aTempSqliteFile, oneTo, positionsOf, someEvents } from '@ledger/event-store/testing';
import { SqliteEventStore } from './sqlite-event-store';

// Real SQLite file, no mocks. The onGroupCommit hook only observes group sizes.
describe('SqliteEventStore group commit', () => {
  let file: ReturnType<typeof aTempSqliteFile>;
  const groupSizes: number[] = [];
  let store: SqliteEventStore;

  beforeEach(() => {
    file = aTempSqliteFile();
    groupSizes.length = 0;
    store = new SqliteEventStore(file.path, { onGroupCommit: (size) => groupSizes.push(size) });
  });
  afterEach(async () => {
    await store.close();
    file.remove();
  });

  it('commits appends made in the same turn together, failing only the conflicting one', async () => {
    // 10 good appends and 2 conflicting ones share one transaction; only the 2 fail (their
    // revision checks only read, so the group needs no savepoints).
    await store.appendToStream('agreement-x', someEvents(1), { expectedRevision: 'no-stream' });
    const fresh = Array.from({ length: 5 }, (_, index) =>
      store.appendToStream(`case-${index}`, someEvents(2), { expectedRevision: 'no-stream' }),
    );
    const stale = store.appendToStream('agreement-x', someEvents(1), { expectedRevision: 3 });
    const winner = store.appendToStream('agreement-x', someEvents(1), { expectedRevision: 0 });
    const loser = store.appendToStream('agreement-x', someEvents(1), { expectedRevision: 0 });
    const more = Array.from({ length: 4 }, (_, index) =>
      store.appendToStream(`case-${index}`, someEvents(1), { expectedRevision: 'any' }),
    );
    const outcomes = await Promise.allSettled([...fresh, stale, winner, loser, ...more]);
    expect(groupSizes).toEqual([1, 12]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      ...Array(5).fill('fulfilled'),
      'rejected',
      'fulfilled',
      'rejected',
      ...Array(4).fill('fulfilled'),
    ]);
    for (const index of [5, 7]) {
      const outcome = outcomes[index] as PromiseRejectedResult;
      expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
    }
    expect(await store.streamRevision('agreement-x')).toBe(1);
    expect(positionsOf(await store.readAll())).toEqual(oneTo(16));
  });

  it('fails alone an append whose second event repeats a stored id, undoing its first event', async () => {
    // The group is first written without savepoints; this write fails part-way, so the group
    // is rolled back and redone with one savepoint per append, where only this one fails.
    const [stored] = await store
      .appendToStream('case-a', someEvents(1), {
        expectedRevision: 'no-stream',
      })
      .then((result) => result.events);
    const before = store.appendToStream('case-b', someEvents(1), { expectedRevision: 'no-stream' });
    const partial = store.appendToStream(
      'case-c',
      someEvents(2, (index) => (index === 1 ? { eventId: stored.eventId } : {})),
      { expectedRevision: 'no-stream' },
    );
    const after = store.appendToStream('case-d', someEvents(1), { expectedRevision: 'no-stream' });
    const outcomes = await Promise.allSettled([before, partial, after]);
    expect(groupSizes).toEqual([1, 3]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
    expect(await store.readStream('case-c')).toEqual([]);
    expect(positionsOf(await store.readAll())).toEqual(oneTo(3));
    expect(await verifyChain(store)).toMatchObject({ ok: true, streams: 3 });
  });

  it('keeps a multi-stream append whole when it shares a group with single appends', async () => {
    const single = store.appendToStream('case-a', someEvents(1), { expectedRevision: 'no-stream' });
    const multi = store.appendToStreams([
      { streamId: 'case-b', events: someEvents(1), options: { expectedRevision: 'no-stream' } },
      { streamId: 'case-c', events: someEvents(1), options: { expectedRevision: 5 } },
    ]);
    const outcomes = await Promise.allSettled([single, multi]);
    expect(groupSizes).toEqual([2]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect(await store.readStream('case-b')).toEqual([]);
    expect(positionsOf(await store.readAll())).toEqual([1]);
  });

  it('chains several appends to one stream that share a group, in commit order', async () => {
    // Proves the chain is gap-free under group commit: 8 appends to one stream and 4 to another share one transaction (one refused); both streams verify.
    const appends = Array.from({ length: 12 }, (_, index) =>
      store.appendToStream(index % 3 === 0 ? 'case-b' : 'case-a', someEvents(1 + (index % 2)), {
        expectedRevision: index === 5 ? 'no-stream' : 'any',
      }),
    );
    const outcomes = await Promise.allSettled(appends);
    expect(groupSizes).toEqual([12]);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(1);
    const streamA = await store.readStream('case-a');
    streamA.forEach((event, index) => {
      const previousHash = index === 0 ? null : streamA[index - 1].metadata.hashChain?.hash;
      expect(event.metadata.hashChain?.previousHash).toBe(previousHash);
      expect(event.metadata.hashChain?.hash).toBe(eventHash(event, previousHash ?? null));
    });
    expect(await verifyChain(store)).toMatchObject({ ok: true, streams: 2 });
  });

  it('commits appends still queued when close() is called', async () => {
    // Proves close() does not drop accepted work: start an append, close at once, reopen and find it.
    const pending = store.appendToStream('agreement-y', someEvents(2), { expectedRevision: 'any' });
    await store.close();
    await expect(pending).resolves.toMatchObject({ lastPosition: 2 });
    store = new SqliteEventStore(file.path);
    expect(await store.streamRevision('agreement-y')).toBe(1);
  });
});
