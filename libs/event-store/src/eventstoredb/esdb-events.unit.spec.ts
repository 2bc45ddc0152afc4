/**
 * Proves how ledger events are stored in and read back from EventStoreDB: the metadata field
 * round trip, the client event built with the port's event id, the recorded event mapped from
 * the client's type, and which `$all` events the ledger leaves out.
 */
import type { JSONRecordedEvent } from '@eventstore/db-client';
import { aMetadata, anEvent } from '../testing/event-fixtures';
import {
  assertLedgerEventType,
  decodeMetadata,
  encodeMetadata,
  LedgerStreamNames,
  toEsdbEvent,
  toPortEvent,
} from './esdb-events';

const HASH = 'ab'.repeat(32);

/** An event as the client gives it from a read (its JSONRecordedEvent type, fields as it sets them). */
function aClientEvent(overrides: Partial<JSONRecordedEvent> = {}): JSONRecordedEvent {
  return {
    streamId: 'ns-agreement-1',
    id: '0b5f8d0e-3c1a-4a7e-9a53-2f7c1d9e6b11',
    isJson: true,
    revision: 4n,
    type: 'BudgetAllocated',
    created: new Date('2025-04-01T09:30:00.123Z'),
    data: { amount: '5416666.74' },
    metadata: encodeMetadata(aMetadata({ correlationId: 'corr-1', causationId: 'cause-1' })),
    position: { commit: 98_311n, prepare: 98_311n },
    ...overrides,
  };
}

describe('metadata in the EventStoreDB metadata field', () => {
  it('round-trips every member exactly: actor, ids, schema version, key, hash chain, extras', () => {
    const metadata = aMetadata({
      idempotencyKey: 'subject-1:key-7',
      hashChain: { algorithm: 'sha256', previousHash: null, hash: HASH },
      traceId: 'abc',
      tags: ['x'],
      nested: { deep: [1, { a: null }] },
    });
    const stored = JSON.parse(JSON.stringify(encodeMetadata(metadata))) as unknown;
    expect(decodeMetadata(stored, 'e-1')).toStrictEqual(metadata);
  });

  it("repeats the correlation and causation ids under EventStoreDB's own names", () => {
    const encoded = encodeMetadata(aMetadata({ correlationId: 'corr-9', causationId: 'cause-9' }));
    expect(encoded).toMatchObject({ $correlationId: 'corr-9', $causationId: 'cause-9' });
  });

  it('does not share objects with the caller: a later change to the input changes nothing stored', () => {
    const metadata = aMetadata({ tags: ['a'] });
    const encoded = encodeMetadata(metadata);
    (metadata['tags'] as string[]).push('b');
    expect(encoded.ledger['tags']).toEqual(['a']);
  });

  it.each([
    ['nothing', undefined],
    ['an array', []],
    ['metadata of some other writer', { $correlationId: 'x', user: 'bob' }],
    [
      'a ledger member without an actor',
      { ledger: { schemaVersion: 1, correlationId: 'c', causationId: 'c' } },
    ],
  ])('refuses %s as ledger metadata, naming the event', (_, stored) => {
    expect(() => decodeMetadata(stored, 'e-42')).toThrow(/e-42/);
  });
});

describe('events written by the adapter', () => {
  it('refuses an event type EventStoreDB reserves ($…), which the ledger would never read back', () => {
    expect(() => assertLedgerEventType('$metadata')).toThrow(RangeError);
    expect(() => assertLedgerEventType('BudgetAllocated')).not.toThrow();
  });

  it("uses the port's event id as the EventStoreDB event id, so the server dedupes a retry", () => {
    const event = anEvent({ type: 'PlacementStarted', data: { provider: { odsCode: 'RXT' } } });
    const written = toEsdbEvent(event);
    expect(written).toMatchObject({
      id: event.eventId,
      type: 'PlacementStarted',
      contentType: 'application/json',
      data: { provider: { odsCode: 'RXT' } },
    });
    expect(decodeMetadata(written.metadata, event.eventId)).toStrictEqual(event.metadata);
  });
});

describe('events read back', () => {
  const names = new LedgerStreamNames('ns-');

  it('maps the client event: stream without namespace, revision and position as numbers, server time', () => {
    const metadata = aMetadata({ correlationId: 'corr-1', causationId: 'cause-1' });
    const read = toPortEvent(aClientEvent({ metadata: encodeMetadata(metadata) }), names);
    expect(read).toStrictEqual({
      eventId: '0b5f8d0e-3c1a-4a7e-9a53-2f7c1d9e6b11',
      streamId: 'agreement-1',
      revision: 4,
      position: 98_311,
      type: 'BudgetAllocated',
      data: { amount: '5416666.74' },
      metadata,
      recordedAt: '2025-04-01T09:30:00.123Z',
    });
  });

  it('refuses an event without its $all position (servers before 22.6), naming the need', () => {
    expect(() => toPortEvent(aClientEvent({ position: undefined }), names)).toThrow(/22\.6\.0/);
    // What client 6.2.1 actually hands over for a stream read from such a server: the
    // server's "unknown" (-1 as an unsigned 64-bit number), not a missing position.
    const unknown = 18_446_744_073_709_551_615n;
    expect(() =>
      toPortEvent(aClientEvent({ position: { commit: unknown, prepare: unknown } }), names),
    ).toThrow(/22\.6\.0/);
  });

  it('refuses an event that is not JSON, or whose data is not an object', () => {
    const binary = { ...aClientEvent(), isJson: false, data: new Uint8Array([1]) };
    expect(() => toPortEvent(binary as unknown as JSONRecordedEvent, names)).toThrow(/not JSON/);
    expect(() => toPortEvent(aClientEvent({ data: ['a'] }), names)).toThrow(/not a JSON object/);
  });
});

describe('which streams and events belong to the ledger', () => {
  it('prefixes stream ids with the namespace and strips it again', () => {
    const names = new LedgerStreamNames('test-1f2e-');
    expect(names.toEsdb('agreement-7')).toBe('test-1f2e-agreement-7');
    expect(names.fromEsdb('test-1f2e-agreement-7')).toBe('agreement-7');
  });

  it('refuses stream ids EventStoreDB reserves ($…) and empty ones, and a $ namespace', () => {
    const names = new LedgerStreamNames('');
    expect(() => names.toEsdb('$settings')).toThrow(RangeError);
    expect(() => names.toEsdb('')).toThrow(RangeError);
    expect(() => new LedgerStreamNames('$ns-')).toThrow(RangeError);
  });

  it.each([
    ['a ledger event', { streamId: 'agreement-1', type: 'BudgetAllocated' }, true],
    ['stream metadata', { streamId: '$$agreement-1', type: '$metadata' }, false],
    ['a tombstone in a ledger stream', { streamId: 'agreement-1', type: '$streamDeleted' }, false],
    ['a projection link', { streamId: '$ce-agreement', type: '$>' }, false],
    ['server statistics', { streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' }, false],
    [
      'an idempotency record',
      { streamId: '$ledger-idempotency-ab12', type: 'LedgerIdempotencyKeyReserved' },
      false,
    ],
  ])('without a namespace, %s is kept: %p → %p', (_, event, kept) => {
    expect(new LedgerStreamNames('').isLedgerEvent(event)).toBe(kept);
  });

  it('with a namespace, keeps only that namespace', () => {
    const names = new LedgerStreamNames('ns-a-');
    expect(names.isLedgerEvent({ streamId: 'ns-a-agreement-1', type: 'BudgetAllocated' })).toBe(
      true,
    );
    expect(names.isLedgerEvent({ streamId: 'ns-b-agreement-1', type: 'BudgetAllocated' })).toBe(
      false,
    );
    expect(names.isLedgerEvent({ streamId: 'agreement-1', type: 'BudgetAllocated' })).toBe(false);
  });
});
