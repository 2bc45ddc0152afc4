/**
 * Proves the position mapping between EventStoreDB's `{ commit, prepare }` pairs and the port's
 * single number: it keeps order, refuses what one number cannot hold, and starts reads at the
 * checkpoint itself (the adapter drops the event at the checkpoint).
 */
import { START, type Position } from '@eventstore/db-client';
import {
  comparePositions,
  isUnknownPosition,
  readPositionAfter,
  toEsdbPosition,
  toPortPosition,
} from './esdb-positions';

const at = (commit: bigint, prepare = commit): Position => ({ commit, prepare });

describe('EventStoreDB position mapping', () => {
  it('maps an appended event (commit = prepare) to its commit position, and back', () => {
    expect(toPortPosition(at(1_311n))).toBe(1_311);
    expect(toEsdbPosition(1_311)).toEqual(at(1_311n));
    expect(toPortPosition(toEsdbPosition(9_007_199_254_740_991))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('keeps $all order: sparse byte offsets stay ordered, and are not renumbered 1..n', () => {
    const positions = [at(512n), at(1_047n), at(1_311n), at(982_013n)];
    const mapped = positions.map(toPortPosition);
    expect(mapped).toEqual([512, 1_047, 1_311, 982_013]);
    expect([...mapped].sort((a, b) => a - b)).toEqual(mapped);
    for (let i = 1; i < positions.length; i += 1) {
      expect(comparePositions(positions[i - 1], positions[i])).toBe(-1);
      expect(comparePositions(positions[i], positions[i - 1])).toBe(1);
    }
  });

  it('orders by commit, then prepare (the order of $all)', () => {
    expect(comparePositions(at(10n, 4n), at(10n, 7n))).toBe(-1);
    expect(comparePositions(at(10n, 7n), at(10n, 7n))).toBe(0);
    expect(comparePositions(at(9n, 100n), at(10n, 4n))).toBe(-1);
  });

  it('refuses an explicit-transaction position (commit ≠ prepare): one number cannot checkpoint it', () => {
    expect(() => toPortPosition(at(2_000n, 1_500n))).toThrow(/explicit transaction/);
  });

  it('refuses a position beyond 2^53 - 1 instead of rounding it', () => {
    expect(() => toPortPosition(at(9_007_199_254_740_992n))).toThrow(RangeError);
    expect(() => toEsdbPosition(-1)).toThrow(RangeError);
    expect(() => toEsdbPosition(1.5)).toThrow(RangeError);
  });

  it('refuses position 0: it is the checkpoint "before anything", never an event\'s position', () => {
    expect(() => toPortPosition(at(0n))).toThrow(/position 0/);
  });

  it('knows the server\'s "no position" (−1 sent unsigned), which the client passes on as a number', () => {
    expect(isUnknownPosition(at(18_446_744_073_709_551_615n))).toBe(true);
    expect(isUnknownPosition(at(1_311n))).toBe(false);
  });

  it('starts a read "after the checkpoint" at the start for 0, else at the checkpoint itself', () => {
    expect(readPositionAfter(0)).toBe(START);
    expect(readPositionAfter(1_311)).toEqual(at(1_311n));
  });
});
