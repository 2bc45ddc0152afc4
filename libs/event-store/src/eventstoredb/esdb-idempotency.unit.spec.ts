/**
 * Proves the pure parts of idempotency keys on EventStoreDB: the per-key stream name, the key
 * records written and read back through the client's event types, and how a reservation's
 * events are recognised in the stream after a crash. The orchestration (reserve, append,
 * record, wait, take over) needs a server: the contract suite covers it when one is configured.
 */
import type { JSONRecordedEvent } from '@eventstore/db-client';
import { appendResultOf } from '../append/append-result';
import type { RecordedEvent } from '../event-store.port';
import { aMetadata } from '../testing/event-fixtures';
import {
  decodeKeyRecord,
  findReservedEvents,
  idempotencyStreamName,
  KEY_RECORDED,
  KEY_RELEASED,
  KEY_RESERVED,
  keyRecordEvent,
  type KeyRecord,
  type KeyReserved,
  recordedOf,
} from './esdb-idempotency';

const reservation: KeyReserved = {
  kind: 'reserved',
  idempotencyKey: 'subject-1:k1',
  requestHash: 'h1',
  streamId: 'agreement-1',
  eventIds: ['e3', 'e4'],
  streamRevisionBefore: 1,
};

/** What the client gives back when the record is read: the written event as a recorded one. */
function readBack(record: KeyRecord): JSONRecordedEvent {
  const written = keyRecordEvent(record);
  return {
    streamId: '$ledger-idempotency-x',
    id: written.id,
    isJson: true,
    revision: 0n,
    type: written.type,
    created: new Date(),
    data: JSON.parse(JSON.stringify(written.data)) as JSONRecordedEvent['data'],
    metadata: undefined,
  };
}

describe('idempotency key streams', () => {
  it('names one system stream per key and namespace, without the key in clear', () => {
    const name = idempotencyStreamName('', 'subject-1:k1');
    expect(name).toMatch(/^\$ledger-idempotency-[0-9a-f]{64}$/);
    expect(name).not.toContain('subject-1');
    expect(idempotencyStreamName('', 'subject-1:k1')).toBe(name);
    expect(idempotencyStreamName('ns-', 'subject-1:k1')).not.toBe(name);
    expect(idempotencyStreamName('', 'subject-1:k2')).not.toBe(name);
  });

  it.each<[string, KeyRecord]>([
    [KEY_RESERVED, reservation],
    [KEY_RESERVED, { ...reservation, streamRevisionBefore: null }],
    [
      KEY_RECORDED,
      {
        kind: 'recorded',
        idempotencyKey: 'k',
        requestHash: '',
        streamId: 's',
        fromRevision: 0,
        toRevision: 2,
      },
    ],
    [
      KEY_RELEASED,
      {
        kind: 'released',
        idempotencyKey: 'k',
        requestHash: 'h',
        reason: 'WrongExpectedRevisionError',
      },
    ],
  ])('writes a %s record and reads it back unchanged', (type, record) => {
    const written = keyRecordEvent(record);
    expect(written).toMatchObject({ type, contentType: 'application/json' });
    expect(decodeKeyRecord(readBack(record))).toEqual(record);
  });

  it('refuses an unknown record type', () => {
    const event = { ...readBack(reservation), type: 'SomethingElse' } as JSONRecordedEvent;
    expect(() => decodeKeyRecord(event)).toThrow(/Unknown idempotency record/);
  });
});

describe('finding a reservation after its owner stopped', () => {
  it('finds the reserved ids in order after other writers’ events', () => {
    expect(findReservedEvents(reservation, ['x1', 'e3', 'e4', 'x2'])).toBe(1);
  });

  it('finds nothing when the append never landed, or only part of the ids are there', () => {
    expect(findReservedEvents(reservation, ['x1', 'x2'])).toBeNull();
    expect(findReservedEvents(reservation, ['e3'])).toBeNull();
    expect(findReservedEvents(reservation, ['e3', 'x1', 'e4'])).toBeNull();
    expect(findReservedEvents({ ...reservation, eventIds: [] }, ['e3'])).toBeNull();
  });

  it('records the revisions of the landed append', () => {
    const events: RecordedEvent[] = [2, 3].map((revision, index) => ({
      eventId: reservation.eventIds[index],
      streamId: 'agreement-1',
      revision,
      position: 1000 + revision,
      type: 'BudgetAllocated',
      data: {},
      metadata: aMetadata(),
      recordedAt: '2025-04-01T09:30:00.000Z',
    }));
    expect(recordedOf(reservation, appendResultOf('agreement-1', events))).toEqual({
      kind: 'recorded',
      idempotencyKey: 'subject-1:k1',
      requestHash: 'h1',
      streamId: 'agreement-1',
      fromRevision: 2,
      toRevision: 3,
    });
  });
});
