/**
 * planBatch, the one place the SQL read model decides which events of a batch it applies and
 * what checkpoint follows: with gap-free positions (the embedded stores) a hole means a lost
 * event and is refused; with sparse positions (EventStoreDB's commit positions) nothing may be
 * computed from a position, so it only insists that positions strictly increase, and counts the
 * events it applies.
 */
import type { JournalRow, ProjectedEvent } from './read-model-rows';
import { planBatch } from './read-model-rows';

/** An event with one posting of `pence` from budget to spend in agreement a-1. */
function anEvent(position: number, pence = 100n): ProjectedEvent {
  const posting: JournalRow = {
    position,
    postingIndex: 0,
    eventId: `event-${position}`,
    eventType: 'BudgetAllocated',
    agreementId: 'a-1',
    period: '2025-04',
    postedIn: '2025-04',
    debitAccount: 'budget',
    creditAccount: 'spend',
    amountPence: pence,
    source: 'test',
    reference: `ref-${position}`,
    recordedAt: '2025-04-01T00:00:00.000Z',
    belongsToAgreementId: null,
  };
  return {
    position,
    postings: [posting],
    fact: null,
    registration: null,
    listed: null,
    caseChange: null,
    naming: null,
  };
}

const at = (...positions: number[]): ProjectedEvent[] => positions.map((p) => anEvent(p));

describe('planBatch with gap-free positions (the default)', () => {
  it('applies the events after the checkpoint and moves it to the last one', () => {
    const plan = planBatch(at(1, 2, 3), 0);
    expect(plan).toMatchObject({ toPosition: 3, applied: 3 });
    expect(plan?.postings.map((row) => row.position)).toEqual([1, 2, 3]);
    expect(plan?.balanceChanges).toEqual([
      { agreementId: 'a-1', account: 'budget', balancePence: -300n, lastPosition: 3 },
      { agreementId: 'a-1', account: 'spend', balancePence: 300n, lastPosition: 3 },
    ]);
  });

  it('skips a redelivered prefix and applies the rest', () => {
    expect(planBatch(at(3, 4, 5, 6), 4)).toMatchObject({ toPosition: 6, applied: 2 });
  });

  it('answers null when every event is at or below the checkpoint', () => {
    expect(planBatch(at(1, 2), 2)).toBeNull();
    expect(planBatch([], 7)).toBeNull();
  });

  it('refuses a first event that is not checkpoint + 1: one is missing', () => {
    expect(() => planBatch(at(12, 13), 10)).toThrow(
      'event at position 12 follows 10; positions are gap-free',
    );
  });

  it('refuses a hole inside the batch', () => {
    expect(() => planBatch(at(1, 2, 4), 0)).toThrow('event at position 4 follows 2');
  });

  it('is also what gapFreePositions: true asks for', () => {
    expect(() => planBatch(at(2), 0, { gapFreePositions: true })).toThrow(/gap-free/);
  });
});

describe('planBatch with sparse positions (gapFreePositions: false)', () => {
  const sparse = { gapFreePositions: false };

  it('applies positions with gaps, not starting at 1, counting the events', () => {
    const plan = planBatch(at(1_047, 1_311, 2_090), 0, sparse);
    expect(plan).toMatchObject({ toPosition: 2_090, applied: 3 });
    expect(plan?.statementLines.map((line) => line.position)).toEqual([
      1_047, 1_047, 1_311, 1_311, 2_090, 2_090,
    ]);
  });

  it('skips the events at or below the checkpoint, and counts only the rest', () => {
    const plan = planBatch(at(1_047, 1_311, 2_090, 5_000), 1_311, sparse);
    expect(plan).toMatchObject({ toPosition: 5_000, applied: 2 });
    expect(plan?.postings.map((row) => row.position)).toEqual([2_090, 5_000]);
  });

  it('answers null for a redelivery', () => {
    expect(planBatch(at(1_047, 1_311), 1_311, sparse)).toBeNull();
  });

  it('refuses positions that do not strictly increase: out of order or repeated', () => {
    expect(() => planBatch(at(1_047, 2_090, 1_311), 0, sparse)).toThrow(
      'event at position 1311 follows 2090; positions must strictly increase',
    );
    expect(() => planBatch(at(1_047, 1_047), 0, sparse)).toThrow(/must strictly increase/);
    expect(() => planBatch(at(900, 1_311, 1_000), 1_047, sparse)).toThrow(/must strictly increase/);
  });

  it('never computes from positions: applied is a count, not a difference', () => {
    const plan = planBatch(at(9_007_199_254_740_000, 9_007_199_254_740_991), 1_000, sparse);
    expect(plan).toMatchObject({ toPosition: 9_007_199_254_740_991, applied: 2 });
  });
});
