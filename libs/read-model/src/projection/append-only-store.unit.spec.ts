import type { RecordedEvent } from '@ledger/event-store';
import { AppendOnlyStore, readPosition, storeProjection } from './append-only-store';
import { PositionedList } from './positioned-list';
import { foldEvents } from './projection';
import { RunningTotal } from './running-total';

/** A store that records each event's type, and fails on a `Poison` event after writing. */
class TypesStore extends AppendOnlyStore<TypesStore> {
  constructor(readonly types = PositionedList.empty<string>()) {
    super();
  }

  record(event: RecordedEvent): void {
    this.types.push(event.position, event.type);
    if (event.type === 'Poison') throw new Error('recording failed half-way');
  }

  copyUpTo(position: number): TypesStore {
    return new TypesStore(this.types.copyUpTo(position));
  }
}

const projection = storeProjection(() => new TypesStore());
const seen = (state: { store: TypesStore; position: number }) =>
  state.store.types.upTo(state.position);

function event(position: number, type = `Event${position}`): RecordedEvent {
  return {
    eventId: `event-${position}`,
    streamId: 'stream',
    revision: position - 1,
    position,
    type,
    data: {},
    metadata: {
      schemaVersion: 1,
      actor: { subject: 'test', role: 'admin', organisationCode: null },
      correlationId: 'c',
      causationId: 'c',
      idempotencyKey: null,
    },
    recordedAt: '2025-04-01T09:00:00.000Z',
  };
}

describe('append-only stores under a watermark', () => {
  // Proves the mechanics every projection relies on: older states never change, folding on
  // from an older state forks instead of disturbing newer ones, redelivery is harmless, and a
  // failed recording leaves nothing behind.

  it('keeps an older state answering as it did after the fold moves on', () => {
    const two = foldEvents(projection, [event(1), event(2)]);
    const four = foldEvents(projection, [event(3), event(4)], two);
    expect(seen(two)).toEqual(['Event1', 'Event2']);
    expect(seen(four)).toEqual(['Event1', 'Event2', 'Event3', 'Event4']);
    expect(four.store).toBe(two.store); // folding on from the newest state appends in place
  });

  it('forks when folding on from an older state, leaving the newer one intact', () => {
    const two = foldEvents(projection, [event(1), event(2)]);
    const four = foldEvents(projection, [event(3), event(4)], two);
    const other = projection.apply(two, event(3, 'Other3'));
    expect(other.store).not.toBe(two.store);
    expect(seen(other)).toEqual(['Event1', 'Event2', 'Other3']);
    expect(seen(four)).toEqual(['Event1', 'Event2', 'Event3', 'Event4']);
  });

  it('ignores an event at or below the state’s position (redelivery)', () => {
    const two = foldEvents(projection, [event(1), event(2)]);
    expect(projection.apply(two, event(2))).toBe(two);
    expect(projection.apply(two, event(1))).toBe(two);
  });

  it('drops a half-written event when recording throws', () => {
    const one = foldEvents(projection, [event(1)]);
    expect(() => projection.apply(one, event(2, 'Poison'))).toThrow('recording failed half-way');
    const two = projection.apply(one, event(2));
    expect(seen(two)).toEqual(['Event1', 'Event2']);
  });

  it('reads at the state’s position or an earlier knownAt, never a later one', () => {
    const two = foldEvents(projection, [event(1), event(2)]);
    expect(readPosition(two)).toBe(2);
    expect(readPosition(two, 1)).toBe(1);
    expect(readPosition(two, 99)).toBe(2);
    expect(() => readPosition(two, -1)).toThrow(RangeError);
    expect(() => readPosition(two, 1.5)).toThrow(RangeError);
  });
});

describe('running totals and positioned lists', () => {
  it('remembers a total after every position, folding one event’s changes into one entry', () => {
    const total = RunningTotal.zero();
    total.add(2, 500n);
    total.add(2, 250n); // the same event posting twice
    total.add(5, -100n);
    expect([0, 1, 2, 3, 4, 5, 9].map((p) => total.at(p))).toEqual([
      0n,
      0n,
      750n,
      750n,
      750n,
      650n,
      650n,
    ]);
    expect(total.copyUpTo(4).at(9)).toBe(750n);
    expect(() => total.add(3, 1n)).toThrow(RangeError);
  });

  it('finds the entries up to a position by binary search', () => {
    const list = PositionedList.empty<string>();
    for (const [position, item] of [
      [1, 'a'],
      [3, 'b'],
      [3, 'c'],
      [7, 'd'],
    ] as const)
      list.push(position, item);
    expect([0, 1, 2, 3, 6, 7, 100].map((p) => list.countUpTo(p))).toEqual([0, 1, 1, 3, 3, 4, 4]);
    expect(list.lastUpTo(5)).toBe('c');
    expect(list.lastUpTo(0)).toBeUndefined();
    expect(list.copyUpTo(3).upTo(100)).toEqual(['a', 'b', 'c']);
    expect(() => list.push(6, 'late')).toThrow(RangeError);
  });
});
