import { newEventId } from './event-ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newEventId', () => {
  it('makes RFC 9562 version 7 UUIDs that carry the time in milliseconds', () => {
    const at = Date.parse('2040-01-01T00:00:00.000Z');
    const id = newEventId(at + 10_000);
    expect(id).toMatch(UUID_V7);
    // The first 48 bits are the Unix time in milliseconds.
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 10_000);
  });

  it('orders ids by time, and by a counter within one millisecond, all distinct', () => {
    const base = Date.parse('2041-01-01T00:00:00.000Z');
    const ids: string[] = [];
    for (let ms = 0; ms < 5; ms += 1) {
      for (let n = 0; n < 3_000; n += 1) ids.push(newEventId(base + ms));
    }
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('goes on from the last millisecond used when the clock is set back', () => {
    const first = newEventId(Date.parse('2042-01-01T00:00:00.000Z'));
    const afterSetBack = newEventId(Date.parse('2042-01-01T00:00:00.000Z') - 60_000);
    expect(afterSetBack).toMatch(UUID_V7);
    expect(afterSetBack > first).toBe(true);
    expect(afterSetBack.slice(0, 13)).toBe(first.slice(0, 13));
  });
});
