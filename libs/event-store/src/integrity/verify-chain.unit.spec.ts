import type { EventStore, ReadAllOptions, RecordedEvent } from '../event-store.port';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { copyJson } from '../append/prepared-append';
import { anEvent, someEvents } from '../testing/event-fixtures';
import { eventHash } from './canonical-event';
import { verifyChain } from './verify-chain';

/**
 * The in-memory store hands out copies and cannot be edited, so these tests record a real log
 * there, then feed the verifier an edited copy of it through the two reads it uses. The SQLite
 * tests (verify-chain.int.spec.ts) edit a real file instead.
 */
type Log = Pick<EventStore, 'readAll' | 'headPosition'>;

function logOf(events: RecordedEvent[]): Log {
  return {
    headPosition: () => Promise.resolve(events.reduce((max, e) => Math.max(max, e.position), 0)),
    readAll: ({ afterPosition = 0, maxCount = Infinity }: ReadAllOptions = {}) =>
      Promise.resolve(events.filter((event) => event.position > afterPosition).slice(0, maxCount)),
  };
}

/** Positions 1..9: case-1 gets 1-3 and 7-8, case-2 gets 4-6, agreement-1 gets 9. */
async function aRecordedLog(): Promise<RecordedEvent[]> {
  const store = new InMemoryEventStore();
  const amounts = (index: number) => ({ data: { amount: `${685 + index}.50` } });
  await store.appendToStream('case-1', someEvents(3, amounts), { expectedRevision: 'no-stream' });
  await store.appendToStream('case-2', someEvents(3, amounts), { expectedRevision: 'no-stream' });
  await store.appendToStream('case-1', someEvents(2, amounts), { expectedRevision: 2 });
  await store.appendToStream('agreement-1', [anEvent()], { expectedRevision: 'no-stream' });
  const events = await store.readAll();
  await store.close();
  return copyJson(events);
}

describe('verifyChain', () => {
  let log: RecordedEvent[];
  beforeEach(async () => (log = await aRecordedLog()));
  const at = (position: number): RecordedEvent => log[position - 1];

  it('passes an untouched log and counts its events and streams', async () => {
    // Proves the happy path on a log with interleaved streams.
    expect(await verifyChain(logOf(log), { pageSize: 2 })).toEqual({
      ok: true,
      events: 9,
      streams: 3,
    });
  });

  it('reports an edited amount as hash-mismatch at its position', async () => {
    // Proves a changed fact is caught where it is: 686.50 becomes 686.51 at position 2.
    at(2).data['amount'] = '686.51';
    expect(await verifyChain(logOf(log))).toMatchObject({
      ok: false,
      position: 2,
      streamId: 'case-1',
      revision: 1,
      reason: 'hash-mismatch',
      eventsVerified: 1,
    });
  });

  it('catches an edit whose hash was recomputed at the next event of the stream', async () => {
    // Proves the chain: the forger fixes the edited event's own hash, and the stream's next event (position 7) no longer links to it.
    const edited = at(3);
    edited.data['amount'] = '1.00';
    const link = edited.metadata.hashChain!;
    edited.metadata.hashChain = { ...link, hash: eventHash(edited, link.previousHash) };
    expect(await verifyChain(logOf(log))).toMatchObject({
      ok: false,
      position: 7,
      streamId: 'case-1',
      revision: 3,
      reason: 'previous-hash-mismatch',
    });
  });

  it('reports an edited previousHash as previous-hash-mismatch', async () => {
    // Proves links are checked before hashes: position 5's previousHash is pointed at another event.
    at(5).metadata.hashChain!.previousHash = at(1).metadata.hashChain!.hash;
    expect(await verifyChain(logOf(log))).toMatchObject({
      ok: false,
      position: 5,
      reason: 'previous-hash-mismatch',
      detail: expect.stringContaining(at(4).metadata.hashChain!.hash),
    });
  });

  it('reports a first event that claims a predecessor, and a later one that claims none', async () => {
    // Proves both ends of the link rule: revision 0 must have previousHash null, later revisions must not.
    const first = copyJson(log);
    first[3].metadata.hashChain!.previousHash = first[0].metadata.hashChain!.hash;
    expect(await verifyChain(logOf(first))).toMatchObject({
      position: 4,
      reason: 'previous-hash-mismatch',
    });
    const later = copyJson(log);
    later[4].metadata.hashChain!.previousHash = null;
    expect(await verifyChain(logOf(later))).toMatchObject({
      position: 5,
      reason: 'previous-hash-mismatch',
    });
  });

  it('reports a removed event as position-gap where the log resumes', async () => {
    // Proves deletion is caught even for the last event of a stream (position 6 of case-2), which no later link names.
    log.splice(5, 1);
    expect(await verifyChain(logOf(log))).toMatchObject({
      ok: false,
      position: 7,
      reason: 'position-gap',
      eventsVerified: 5,
    });
  });

  it('reports a removed and renumbered event as a broken link', async () => {
    // Proves renumbering does not hide a deletion: the positions are hashed, so the first renumbered event fails.
    log.splice(1, 1);
    log.forEach((event, index) => (event.position = index + 1));
    expect(await verifyChain(logOf(log))).toMatchObject({ ok: false, position: 2 });
  });

  it('reports an event without a chain, or with an unknown algorithm, as missing-chain', async () => {
    // Proves a stripped or foreign link is not skipped.
    const stripped = copyJson(log);
    delete stripped[7].metadata.hashChain;
    expect(await verifyChain(logOf(stripped))).toMatchObject({
      position: 8,
      reason: 'missing-chain',
    });
    const foreign = copyJson(log);
    (foreign[0].metadata.hashChain as { algorithm: string }).algorithm = 'md5';
    expect(await verifyChain(logOf(foreign))).toMatchObject({
      position: 1,
      reason: 'missing-chain',
    });
  });

  it('reports only the first broken link, in log order', async () => {
    // Proves the walk stops at the earliest break: tampering at 8 and at 4 reports 4.
    at(8).data['amount'] = 'x';
    at(4).type = 'SomethingElse';
    expect(await verifyChain(logOf(log))).toMatchObject({ position: 4, reason: 'hash-mismatch' });
  });

  it('verifies up to the head it found when it started, in pages no longer than asked', async () => {
    // Proves the bound and the paging: the reader records every page size; events past the head are not read.
    const pages: number[] = [];
    const reader = logOf(log);
    const counting: Log = {
      headPosition: () => Promise.resolve(7),
      readAll: async (options) => {
        const page = await reader.readAll(options);
        pages.push(page.length);
        return page;
      },
    };
    expect(await verifyChain(counting, { pageSize: 3 })).toEqual({
      ok: true,
      events: 7,
      streams: 2,
    });
    expect(pages).toEqual([3, 3, 1]);
  });
});
