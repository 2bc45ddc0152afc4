import type { EventStore, RecordedEvent } from '../event-store.port';
import { eventHash, HASH_ALGORITHM } from './canonical-event';

/**
 * Why a link does not hold, checked in this order for each event:
 * - `position-gap`: the event is not at the position after the previous one, so events are
 *   missing from the log (positions are gap-free by the port's contract);
 * - `missing-chain`: the event carries no `hashChain`, or one of an algorithm this verifier
 *   does not know;
 * - `previous-hash-mismatch`: its `previousHash` is not the hash of the stream's previous
 *   event (null for the first): an event of the stream was removed, reordered or re-chained;
 * - `hash-mismatch`: its canonical form (canonical-event.ts) does not hash to its `hash`: the
 *   event was changed after it was recorded.
 */
export type ChainBreakReason =
  'position-gap' | 'missing-chain' | 'previous-hash-mismatch' | 'hash-mismatch';

export interface ChainIntact {
  ok: true;
  /** Events verified: every event of the log up to the head read when verification began. */
  events: number;
  streams: number;
}

export interface ChainBroken {
  ok: false;
  /** The first event, in log order, whose link does not hold. */
  position: number;
  streamId: string;
  revision: number;
  reason: ChainBreakReason;
  /** What was expected and what was found, for the person who investigates. */
  detail: string;
  /** Events verified before it. */
  eventsVerified: number;
}

export type ChainVerification = ChainIntact | ChainBroken;

export interface ChainProgress {
  events: number;
  streams: number;
  /** Position of the last event verified. */
  position: number;
  /** The head of the log when verification began: the last position it will verify. */
  headPosition: number;
}

export interface VerifyChainOptions {
  /** Events read per page (default 1000); memory use does not grow with the log. */
  pageSize?: number;
  /** Call onProgress each time this many more events are verified (default 10000). */
  progressEvery?: number;
  onProgress?: (progress: ChainProgress) => void;
}

/**
 * Walks the global log from position 1 to the head it finds when it starts, in pages, and
 * checks every event's hash-chain link. It stops at the first broken link. It keeps only the
 * last hash of each stream in memory, so a log of millions of events needs memory for its
 * streams, not its events. Events appended while it runs are not verified (run it again).
 */
export async function verifyChain(
  log: Pick<EventStore, 'readAll' | 'headPosition'>,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? 1000;
  const progressEvery = options.progressEvery ?? 10_000;
  const headPosition = await log.headPosition();
  const lastHashOfStream = new Map<string, string>();
  let events = 0;
  let position = 0;
  while (position < headPosition) {
    const page = await log.readAll({
      afterPosition: position,
      maxCount: Math.min(pageSize, headPosition - position),
    });
    if (page.length === 0) {
      // The head is the highest position, so only a change made while reading gets here.
      throw new Error(`The log ended at position ${position}, before its head ${headPosition}`);
    }
    for (const event of page) {
      const checked = checkLink(event, position + 1, lastHashOfStream);
      if (!checked.holds) return { ...checked.broken, eventsVerified: events };
      lastHashOfStream.set(event.streamId, checked.hash);
      position = event.position;
      events += 1;
      if (events % progressEvery === 0) {
        options.onProgress?.({ events, streams: lastHashOfStream.size, position, headPosition });
      }
    }
  }
  return { ok: true, events, streams: lastHashOfStream.size };
}

type CheckedLink =
  { holds: true; hash: string } | { holds: false; broken: Omit<ChainBroken, 'eventsVerified'> };

function checkLink(
  event: RecordedEvent,
  expectedPosition: number,
  lastHashOfStream: ReadonlyMap<string, string>,
): CheckedLink {
  const broken = (reason: ChainBreakReason, detail: string): CheckedLink => ({
    holds: false,
    broken: {
      ok: false,
      position: event.position,
      streamId: event.streamId,
      revision: event.revision,
      reason,
      detail,
    },
  });
  if (event.position !== expectedPosition) {
    return broken(
      'position-gap',
      `expected position ${expectedPosition}, found ${event.position}: events are missing`,
    );
  }
  const link = event.metadata.hashChain;
  if (link === undefined || link === null) {
    return broken('missing-chain', 'the event carries no hashChain');
  }
  if (link.algorithm !== HASH_ALGORITHM) {
    return broken('missing-chain', `unknown hash algorithm ${String(link.algorithm)}`);
  }
  const expectedPrevious = lastHashOfStream.get(event.streamId) ?? null;
  if (link.previousHash !== expectedPrevious) {
    return broken(
      'previous-hash-mismatch',
      `previousHash is ${link.previousHash ?? 'null'}, but the stream's previous event ` +
        (expectedPrevious === null
          ? 'does not exist (expected null)'
          : `has hash ${expectedPrevious}`),
    );
  }
  const computed = eventHash(event, link.previousHash);
  if (link.hash !== computed) {
    return broken(
      'hash-mismatch',
      `stored hash ${String(link.hash)}, but the event as stored hashes to ${computed}`,
    );
  }
  return { holds: true, hash: computed };
}
