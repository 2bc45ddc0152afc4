import fc from 'fast-check';
import { accountBalances, balancesProjection } from './balances/balances.projection';
import { budgetAgainstActual } from './budget/budget-report';
import { journalPostings } from './journal/journal.projection';
import { oapMetrics } from './oap-metrics/oap-metrics';
import { foldEvents } from './projection/projection';
import { readModelProjection, type ReadModelState } from './read-model';
import { savingsReport } from './savings/savings-report';
import { accountStatement, statementAccounts } from './statements/statements.projection';
import { AGREEMENTS, generatedHistory } from './testing/generated-history';

/**
 * Properties over random valid histories: commands sent through the real deciders
 * (testing/generated-history.ts), so every history is one the ledger could really hold,
 * back-dated facts and prior-period adjustments included.
 */

const AS_OF = ['2025-05-15', '2025-09-30', '2026-03-31'];

/** Every query the read model answers, for every agreement, as known at `knownAt`. */
function everything(state: ReadModelState, knownAt?: number) {
  return AGREEMENTS.map(({ agreementId }) => ({
    journal: journalPostings(state.journal, { agreementId, knownAt }),
    statements: statementAccounts(state.statements, agreementId, knownAt).map((account) =>
      accountStatement(state.statements, { agreementId, account, knownAt, limit: 1000 }),
    ),
    balances: [undefined, '2025-06-30'].flatMap((asOf) =>
      (['belongs-to', 'posted-in'] as const).map((basis) =>
        accountBalances(state.ledger, { agreementId, asOf, basis, knownAt }),
      ),
    ),
    budget: AS_OF.map((asOf) => budgetAgainstActual(state, { agreementId, asOf, knownAt })),
    savings: AS_OF.map((asOf) => savingsReport(state, { agreementId, asOf, knownAt })),
    oap: AS_OF.map((asOf) => oapMetrics(state, { agreementId, asOf, knownAt })),
  }));
}

describe('read model properties', () => {
  it('keeps every agreement’s balances summing to 0.00 at every position of the log', () => {
    // Folds one event at a time, keeping every state, then asks each state for its balances
    // (every as-of rule, both period bases). Each must sum to zero, and each older state must
    // still answer exactly as the final state does when asked "as known at" its position.
    fc.assert(
      fc.property(generatedHistory, ({ events }) => {
        const states = [];
        let state = balancesProjection.initial();
        for (const event of events) {
          state = balancesProjection.apply(state, event);
          states.push(state);
        }
        for (const [i, atPosition] of states.entries()) {
          for (const { agreementId } of AGREEMENTS) {
            for (const asOf of [undefined, '2025-04-30', '2025-10-15', '2026-03-31']) {
              for (const basis of ['belongs-to', 'posted-in'] as const) {
                const query = { agreementId, asOf, basis };
                const balances = accountBalances(atPosition, query);
                expect(balances.total).toBe('0.00');
                expect(accountBalances(state, { ...query, knownAt: i + 1 })).toEqual(balances);
              }
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('replays deterministically: whole, in two halves, forked from an older state, or redelivered', () => {
    // Folding all events, or the first k then the rest, or the rest again from the same
    // half-way state (a fork), or every event twice (at-least-once delivery) must answer every
    // query identically; and the half-way state must answer as the whole does at position k.
    fc.assert(
      fc.property(generatedHistory, fc.nat(), ({ events }, cut) => {
        const k = cut % (events.length + 1);
        const whole = foldEvents(readModelProjection, events);
        const half = foldEvents(readModelProjection, events.slice(0, k));
        const halves = foldEvents(readModelProjection, events.slice(k), half);
        const forked = foldEvents(readModelProjection, events.slice(k), half);
        const redelivered = events.reduce(
          (state, event) =>
            readModelProjection.apply(readModelProjection.apply(state, event), event),
          readModelProjection.initial(),
        );
        const expected = everything(whole);
        expect(everything(halves)).toEqual(expected);
        expect(everything(forked)).toEqual(expected);
        expect(everything(redelivered)).toEqual(expected);
        expect(everything(half)).toEqual(everything(whole, k));
      }),
      { numRuns: 30 },
    );
  });

  it('leaves nothing pending right after a close: posted figures equal the live rules', () => {
    // A close posts its period's figures and restates every closed period, so as known at the
    // close, on the day it was made, the ledger's posted spend and savings for every closed
    // period equal what the cost and savings rules give live: no pending adjustment.
    fc.assert(
      fc.property(generatedHistory, ({ events, closes }) => {
        const model = foldEvents(readModelProjection, events);
        for (const { position, agreementId, date } of closes) {
          const query = { agreementId, asOf: date, knownAt: position };
          const closedSoFar = closes.filter(
            (close) => close.agreementId === agreementId && close.position <= position,
          ).length;
          for (const line of budgetAgainstActual(model, query)?.lines ?? []) {
            expect(line.pendingPriorPeriodAdjustments).toBe('0.00');
            // Every closed period is over by the day of a later close, so all show as posted.
            expect(line.periods.filter((p) => p.status === 'posted')).toHaveLength(closedSoFar);
          }
          const savings = savingsReport(model, query);
          expect(savings?.recognised.pendingPriorPeriodAdjustments).toBe('0.00');
        }
      }),
      { numRuns: 40 },
    );
  });
});
