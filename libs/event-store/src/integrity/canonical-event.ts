import { hash } from 'node:crypto';
import type { EventMetadata, HashChainLink, JsonObject } from '../event-store.port';
import { canonicalJson } from './canonical-json';

/**
 * The canonical form of a recorded event: the exact bytes whose SHA-256 is the event's
 * `metadata.hashChain.hash`. It is written down here so that a reviewer can recompute a hash
 * years from now, in any language, from the event alone (worked example: docs/integrity.md).
 *
 * 1. Build a JSON object with exactly these nine members, taken from the recorded event:
 *
 *    | member         | value                                                              |
 *    |----------------|--------------------------------------------------------------------|
 *    | `data`         | the event's data, as stored                                        |
 *    | `eventId`      | the event id (string)                                              |
 *    | `metadata`     | the event's metadata as stored, WITHOUT its `hashChain` member     |
 *    | `position`     | the 1-based global log position (integer)                          |
 *    | `previousHash` | the `hash` of the stream's previous event, or `null` at revision 0 |
 *    | `recordedAt`   | the server time string, exactly as stored (`2025-04-01T09:30:00.000Z`) |
 *    | `revision`     | the 0-based stream revision (integer)                              |
 *    | `streamId`     | the stream id (string)                                             |
 *    | `type`         | the event type (string)                                            |
 *
 * 2. Serialise it as JSON canonicalised by RFC 8785 (JCS): `canonicalJson` (canonical-json.ts,
 *    the repository's one canonical JSON, which also binds idempotency keys to requests):
 *    - no whitespace between tokens (`{"a":1,"b":[true,null]}`);
 *    - the members of every object, at every depth, sorted by key, comparing keys as
 *      sequences of UTF-16 code units (for ASCII keys: plain byte order, so `Z` < `_` < `a`);
 *      array elements keep their order;
 *    - strings written as ECMAScript's JSON.stringify writes them: `"` and `\` as `\"` and
 *      `\\`; U+0008, U+0009, U+000A, U+000C, U+000D as `\b`, `\t`, `\n`, `\f`, `\r`; other
 *      characters below U+0020 as `\u00xx` (lowercase hex); every other character as itself,
 *      so `£` is the character, not `\u00a3`, and `/` is not escaped;
 *    - numbers as ECMAScript writes them; every number the ledger stores is an integer
 *      (revisions, positions, schema versions, day counts) and is written in plain decimal
 *      (`0`, `365`, `-3`). Money is never a number: it is a decimal string (`"685.50"`);
 *    - `true`, `false` and `null` as those words.
 *    The event is the one the store read back from the JSON text it stored, so it holds no
 *    `undefined`; canonical-json.ts says what happens to one (an object member that is
 *    `undefined` is absent), which therefore never changes a stored hash.
 * 3. Encode the text as UTF-8. The hash is the SHA-256 of those bytes, in lowercase hex.
 *
 * `position` is in the hash on purpose. Reviewers ask "what did the ledger say at position
 * p", and a late fact's treatment (prior-period adjustment or not) depends on whether it was
 * recorded before a period close in another stream, so the global order is evidence too.
 * With the position hashed, moving an event to another place in the log breaks its hash, and
 * deleting an event from the middle of the log either leaves a gap in the positions or, if
 * later events are renumbered, breaks every hash after it. The price: the chain is bound to
 * this log's numbering, which the port already promises is stable (the n-th event ever
 * acknowledged has position n), so an adapter or a migration must preserve positions, as it
 * must anyway.
 */
export interface CanonicalEventFields {
  streamId: string;
  revision: number;
  position: number;
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  recordedAt: string;
}

export const HASH_ALGORITHM = 'sha256';

/** The canonical JSON text of an event (see above), given the previous event's hash. */
export function canonicalEventJson(
  event: CanonicalEventFields,
  previousHash: string | null,
): string {
  return canonicalJson({
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: withoutHashChain(event.metadata),
    recordedAt: event.recordedAt,
    previousHash,
  });
}

/** SHA-256 (lowercase hex) of the event's canonical form. */
export function eventHash(event: CanonicalEventFields, previousHash: string | null): string {
  return sha256Hex(canonicalEventJson(event, previousHash));
}

/** The link the store records for an event that follows `previousHash` in its stream. */
export function hashChainLink(
  event: CanonicalEventFields,
  previousHash: string | null,
): HashChainLink {
  return { algorithm: HASH_ALGORITHM, previousHash, hash: eventHash(event, previousHash) };
}

/** SHA-256 of the UTF-8 bytes of the text, in lowercase hex. */
export function sha256Hex(text: string): string {
  return hash(HASH_ALGORITHM, text, 'hex');
}

/** The metadata an appender gave, without the store's `hashChain`. */
export function withoutHashChain(metadata: EventMetadata): Omit<EventMetadata, 'hashChain'> {
  const rest: EventMetadata = { ...metadata };
  delete rest.hashChain;
  return rest;
}
