import { randomUUID } from 'node:crypto';

/**
 * A new event id: a UUID version 7 (RFC 9562), whose first 48 bits are the Unix time in
 * milliseconds, then a counter that orders the ids made within one millisecond, then 62
 * random bits. Random (version 4) ids land anywhere in the store's unique index on event ids,
 * so with a large log every append dirtied a different index page, and the pages each commit
 * writes grew with the log (at 10^6 events, appends ran at half their speed on an empty log).
 * Ids that follow time land at the index's end. If the clock is set back, ids go on from the
 * last millisecond used, so they stay in order; uniqueness rests on the random bits anyway.
 * The time is the machine's, not the ledger's injected clock: an id only names an event, its
 * recorded time says when.
 */
export function newEventId(now: number = Date.now()): string {
  if (now > lastMillisecond) {
    lastMillisecond = now;
    // A random start within the millisecond, leaving room for the counter to climb.
    counter = Math.floor(Math.random() * 0x800);
  } else {
    counter += 1;
    if (counter > 0xfff) {
      // 4,096 ids in one millisecond: borrow the next one, so the order holds.
      lastMillisecond += 1;
      counter = 0;
    }
  }
  const time = lastMillisecond.toString(16).padStart(12, '0');
  // A version 4 UUID's last 17 characters: its variant (10xx) and 62 random bits.
  const random = randomUUID().slice(19);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${counter.toString(16).padStart(3, '0')}-${random}`;
}

let lastMillisecond = 0;
let counter = 0;
