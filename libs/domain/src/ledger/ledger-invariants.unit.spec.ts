import fc from 'fast-check';
import {
  agreementDecider,
  nextPeriodToClose,
  postingsForAgreementEvent,
  type AgreementCommand,
  type AgreementErrorCode,
  type AgreementEvent,
  type AgreementState,
  type RestatedPeriod,
} from '../agreement';
import {
  adjust,
  allocate,
  CAMHS,
  caseSaving,
  closePeriod,
  createSlp,
  LOW_SECURE,
  MEDIUM_SECURE,
  placementCost,
  reinvest,
  SLP,
  vire,
} from '../agreement/testing/agreement.fixtures';
import { addDays, type CalendarDate } from '../calendar/calendar-date';
import { periodOf, periodsOf, type PeriodId } from '../calendar/financial-year';
import { formatMoney, fromPence, money, sumMoney, ZERO, type Money } from '../money/money';
import { DomainError } from '../shared/domain-error';
import { accounts, balancesOf, type Posting } from './posting';

/**
 * The ledger invariants of domain.md, proved over generated histories. fast-check generates a
 * year of agreement commands (allocations even and explicit, signed adjustments, virements,
 * reinvestments, and period closes with generated costs and savings, negative savings
 * included, and restatements of closed periods that become prior-period adjustments) and a
 * server date. Each command goes through decide and evolve as the application
 * would run it (a rejection writes nothing), postings are derived from the events, and the
 * invariants are checked after every event. Money is generated as integer pence and written
 * as decimal strings, so no float ever touches it.
 */

const YEAR = '2025/26';
const YEAR_START = '2025-04-01';
const PERIODS = periodsOf(YEAR);
const KNOWN_LINES = [MEDIUM_SECURE, LOW_SECURE, CAMHS];
const RETAINED = accounts.savingsRetained();

const pounds = (pence: number): string => formatMoney(fromPence(BigInt(pence)));
const dateOf = (dayOffset: number): CalendarDate => addDays(YEAR_START, dayOffset);

// ---- Generated steps: plain data, turned into commands against the state at run time ----

interface CostDraft {
  line: string;
  setting: 'in-area' | 'out-of-area';
  provider: string;
  pence: number;
  bedDays: number;
}

interface SavingDraft {
  line: string;
  pence: number;
  nights: number;
}

type Step =
  | { kind: 'allocate-even'; line: string; pence: number; day: number }
  | {
      kind: 'allocate-explicit';
      line: string;
      monthPence: number[];
      offByPence: number;
      day: number;
    }
  | { kind: 'adjust'; line: string; pence: number; day: number }
  | { kind: 'vire'; from: string; to: string; pence: number; day: number }
  | { kind: 'reinvest'; scheme: string; pence: number; day: number }
  | {
      kind: 'close';
      skipAhead: boolean;
      costs: CostDraft[];
      savings: SavingDraft[];
      restatements: RestatementDraft[];
    };

/** A closed period's figures restated, as late facts would change them; picked at run time. */
interface RestatementDraft {
  pick: number;
  costs: CostDraft[];
  savings: SavingDraft[];
}

/** A service line, now and then one the agreement does not have (a field error). */
const serviceLine = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...KNOWN_LINES) },
  { weight: 1, arbitrary: fc.constant('adult-high-secure') },
);
/** Days from 1 April 2025; −1 and 365 fall just outside 2025/26 (a business rejection). */
const day = fc.integer({ min: -1, max: 365 });
const budgetPence = fc.integer({ min: 1, max: 10_000_000_000 });
const rarely = fc.integer({ min: 0, max: 5 }).map((n) => n === 0);

const costDraft: fc.Arbitrary<CostDraft> = fc.record({
  line: fc.constantFrom(...KNOWN_LINES),
  setting: fc.constantFrom('in-area' as const, 'out-of-area' as const),
  provider: fc.constantFrom('RPG', 'RV5', 'RQY', 'NQ1', '8HV48'),
  pence: fc.integer({ min: 0, max: 5_000_000 }),
  bedDays: fc.integer({ min: 0, max: 31 }),
});

const savingDraft: fc.Arbitrary<SavingDraft> = fc.record({
  line: fc.constantFrom(...KNOWN_LINES),
  pence: fc.integer({ min: -200_000, max: 2_000_000 }),
  nights: fc.integer({ min: 0, max: 31 }),
});

const restatementDraft: fc.Arbitrary<RestatementDraft> = fc.record({
  pick: fc.nat(),
  costs: fc.array(costDraft, { maxLength: 4 }),
  savings: fc.array(savingDraft, { maxLength: 4 }),
});

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('allocate-even' as const),
    line: serviceLine,
    pence: budgetPence,
    day,
  }),
  fc.record({
    kind: fc.constant('allocate-explicit' as const),
    line: serviceLine,
    monthPence: fc.array(fc.integer({ min: 0, max: 100_000_000 }), {
      minLength: 12,
      maxLength: 12,
    }),
    offByPence: fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }) },
    ),
    day,
  }),
  fc.record({
    kind: fc.constant('adjust' as const),
    line: serviceLine,
    pence: fc.integer({ min: -100_000_000, max: 100_000_000 }),
    day,
  }),
  fc.record({
    kind: fc.constant('vire' as const),
    from: serviceLine,
    to: serviceLine,
    pence: budgetPence,
    day,
  }),
  fc.record({
    kind: fc.constant('reinvest' as const),
    scheme: fc.constantFrom('female-forensic-step-down', 'community-forensic-team'),
    pence: fc.integer({ min: 1, max: 2_000_000 }),
    day,
  }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      skipAhead: rarely,
      costs: fc.array(costDraft, { maxLength: 4 }),
      savings: fc.array(savingDraft, { maxLength: 4 }),
      restatements: fc.array(restatementDraft, { maxLength: 3 }),
    }),
  },
);

/** Today's date: mostly late enough for some closes, sometimes after the year has ended. */
const today = fc.integer({ min: 45, max: 460 }).map(dateOf);

// ---- Steps to commands ----

/** The period a generated close targets: the next one, or now and then the one after. */
function periodToClose(state: AgreementState, skipAhead: boolean): PeriodId {
  const next = state.exists ? nextPeriodToClose(state) : null;
  if (next === null) return PERIODS[11];
  const index = PERIODS.indexOf(next) + (skipAhead ? 1 : 0);
  return PERIODS[Math.min(index, 11)];
}

/**
 * One period's figures from drafts. Placement i is always case-i's `placement-i`, so the same
 * placements come back month after month and a restatement meets the figures posted before.
 */
function figuresFor(period: PeriodId, costs: CostDraft[], savings: SavingDraft[]) {
  return {
    accruedCosts: costs.map((c, i) =>
      placementCost({
        caseId: `case-${i}`,
        placementId: `placement-${i}`,
        serviceLine: c.line,
        setting: c.setting,
        providerCode: c.provider,
        period,
        bedDays: c.bedDays,
        amount: pounds(c.pence),
      }),
    ),
    recognisedSavings: savings.map((s, i) =>
      caseSaving({
        caseId: `case-${i}`,
        serviceLine: s.line,
        period,
        nights: s.nights,
        amount: pounds(s.pence),
      }),
    ),
  };
}

/** Restatements of closed periods before the one being closed, each period once. */
function restatedPeriods(
  drafts: RestatementDraft[],
  state: AgreementState,
  closing: PeriodId,
): RestatedPeriod[] {
  const closed = state.exists ? state.closedPeriods.filter((period) => period < closing) : [];
  if (closed.length === 0) return [];
  const byPeriod = new Map<PeriodId, RestatedPeriod>();
  for (const draft of drafts) {
    const period = closed[draft.pick % closed.length];
    byPeriod.set(period, { period, ...figuresFor(period, draft.costs, draft.savings) });
  }
  return [...byPeriod.values()];
}

function closeCommand(
  close: Extract<Step, { kind: 'close' }>,
  state: AgreementState,
): AgreementCommand {
  const period = periodToClose(state, close.skipAhead);
  const { accruedCosts, recognisedSavings } = figuresFor(period, close.costs, close.savings);
  const restated = restatedPeriods(close.restatements, state, period);
  return closePeriod(period, accruedCosts, recognisedSavings, restated);
}

function explicitAllocation(
  s: Extract<Step, { kind: 'allocate-explicit' }>,
  id: number,
): AgreementCommand {
  const effectiveDate = dateOf(s.day);
  const months = PERIODS.map((period, i) => ({ period, amount: pounds(s.monthPence[i]) })).filter(
    ({ period }) => period >= periodOf(effectiveDate),
  );
  const totalPence = PERIODS.reduce(
    (sum, period, i) => (months.some((m) => m.period === period) ? sum + s.monthPence[i] : sum),
    0,
  );
  return allocate({
    allocationId: `alloc-${id}`,
    serviceLine: s.line,
    amount: pounds(Math.abs(totalPence + s.offByPence)),
    effectiveDate,
    phasing: { kind: 'explicit', months },
  });
}

function commandFor(s: Step, state: AgreementState, id: number): AgreementCommand {
  switch (s.kind) {
    case 'allocate-even':
      return allocate({
        allocationId: `alloc-${id}`,
        serviceLine: s.line,
        amount: pounds(s.pence),
        effectiveDate: dateOf(s.day),
      });
    case 'allocate-explicit':
      return explicitAllocation(s, id);
    case 'adjust':
      return adjust({
        adjustmentId: `adj-${id}`,
        serviceLine: s.line,
        amount: pounds(s.pence),
        effectiveDate: dateOf(s.day),
      });
    case 'vire':
      return vire({
        virementId: `vir-${id}`,
        fromServiceLine: s.from,
        toServiceLine: s.to,
        amount: pounds(s.pence),
        effectiveDate: dateOf(s.day),
      });
    case 'reinvest':
      return reinvest({
        commitmentId: `commit-${id}`,
        schemeId: s.scheme,
        amount: pounds(s.pence),
        effectiveDate: dateOf(s.day),
      });
    case 'close':
      return closeCommand(s, state);
  }
}

/** The rejections each generated command may meet; anything else is a bug. */
const EXPECTED_REJECTIONS: Record<Step['kind'], AgreementErrorCode[]> = {
  'allocate-even': ['VALIDATION.FAILED', 'BUDGET.OUTSIDE_FINANCIAL_YEAR', 'BUDGET.PERIOD_CLOSED'],
  'allocate-explicit': [
    'VALIDATION.FAILED',
    'BUDGET.OUTSIDE_FINANCIAL_YEAR',
    'BUDGET.PERIOD_CLOSED',
  ],
  adjust: ['VALIDATION.FAILED', 'BUDGET.OUTSIDE_FINANCIAL_YEAR', 'BUDGET.PERIOD_CLOSED'],
  vire: ['VALIDATION.FAILED', 'BUDGET.OUTSIDE_FINANCIAL_YEAR', 'BUDGET.PERIOD_CLOSED'],
  reinvest: [
    'BUDGET.OUTSIDE_FINANCIAL_YEAR',
    'BUDGET.PERIOD_CLOSED',
    'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
  ],
  close: ['PERIOD.CLOSE_OUT_OF_ORDER', 'PERIOD.NOT_ENDED', 'PERIOD.ALREADY_CLOSED'],
};

// ---- Running a history and checking the invariants ----

function balanceOf(postings: Posting[], account: string): Money {
  return balancesOf(postings).get(account) ?? ZERO;
}

function balancesAsText(postings: Posting[]): Record<string, string> {
  return Object.fromEntries(
    [...balancesOf(postings)].map(([account, balance]) => [account, formatMoney(balance)]),
  );
}

/** State as plain data, so two states compare to the penny. */
function stateAsText(state: AgreementState): unknown {
  return state.exists ? { ...state, retainedSavings: formatMoney(state.retainedSavings) } : state;
}

/** Invariant 2: amount > 0 (to the penny), two different accounts, this agreement. */
function assertWellFormed(posting: Posting): void {
  expect(posting.amount.gt(0)).toBe(true);
  expect(posting.amount.decimalPlaces()).toBeLessThanOrEqual(2);
  expect(posting.debitAccount).not.toBe(posting.creditAccount);
  expect(posting.agreementId).toBe(SLP);
}

/** Invariant 1 and the state/ledger agreement on retained savings, after each event. */
function assertBalanced(balances: Map<string, Money>, state: AgreementState): void {
  expect(formatMoney(sumMoney(balances.values()))).toBe('0.00');
  expect(state.exists && formatMoney(state.retainedSavings)).toBe(
    formatMoney(balances.get(RETAINED) ?? ZERO),
  );
}

/** Invariant 4 for one reinvestment decision, judged against the ledger, not the state. */
function assertReinvestmentRule(
  command: AgreementCommand,
  retainedBefore: Money,
  outcome: AgreementEvent[] | DomainError,
): void {
  if (command.type !== 'CommitReinvestment') return;
  const shortfall = retainedBefore.minus(command.data.amount).isNegative();
  if (outcome instanceof DomainError) {
    if (outcome.code === 'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS') {
      expect(shortfall).toBe(true);
      expect(outcome.details.available).toBe(formatMoney(retainedBefore));
      expect(outcome.details.requested).toBe(command.data.amount);
      tally.refused += 1;
    } else {
      // Refused for its date: the only other reason a generated reinvestment can fail.
      expect(['BUDGET.OUTSIDE_FINANCIAL_YEAR', 'BUDGET.PERIOD_CLOSED']).toContain(outcome.code);
    }
    return;
  }
  expect(shortfall).toBe(false);
  tally.committed += 1;
}

function decideSafely(
  command: AgreementCommand,
  state: AgreementState,
  context: { today: CalendarDate },
): AgreementEvent[] | DomainError {
  try {
    return agreementDecider.decide(command, state, context);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

interface History {
  events: AgreementEvent[];
  postings: Posting[];
  /** Balances kept up to date event by event, so each check is cheap. */
  balances: Map<string, Money>;
  state: AgreementState;
  /** Commands refused along the way; they wrote nothing. */
  rejections: DomainError[];
}

function runHistory(steps: Step[], todayDate: CalendarDate): History {
  const context = { today: todayDate };
  const history: History = {
    events: [],
    postings: [],
    balances: new Map(),
    state: agreementDecider.initialState(),
    rejections: [],
  };
  const commands = steps.map((s, i) => ({
    kind: s.kind,
    make: (state: AgreementState) => commandFor(s, state, i),
  }));
  for (const { kind, make } of [
    { kind: 'create' as const, make: () => createSlp() },
    ...commands,
  ]) {
    const command = make(history.state);
    const stateBefore = JSON.stringify(stateAsText(history.state));
    const outcome = decideSafely(command, history.state, context);
    // decide is pure: it never changes the state it judged.
    expect(JSON.stringify(stateAsText(history.state))).toBe(stateBefore);
    assertReinvestmentRule(command, history.balances.get(RETAINED) ?? ZERO, outcome);
    if (outcome instanceof DomainError) {
      expect(kind === 'create' ? [] : EXPECTED_REJECTIONS[kind]).toContain(outcome.code);
      history.rejections.push(outcome);
      continue;
    }
    for (const event of outcome) record(history, event);
  }
  assertPostedFiguresMatchLedger(history);
  // The running balances agree with balancesOf over the whole journal.
  expect(balancesAsText(history.postings)).toEqual(
    Object.fromEntries([...history.balances].map(([a, b]) => [a, formatMoney(b)])),
  );
  return history;
}

/**
 * A close posts in its own period; its adjustments belong to earlier, closed periods. Every
 * other fact is posted in the period it belongs to.
 */
function assertPostedIn(event: AgreementEvent, postings: Posting[]): void {
  for (const posting of postings) {
    if (event.type === 'PeriodClosed') {
      expect(posting.postedIn).toBe(event.data.period);
      expect(posting.period <= posting.postedIn).toBe(true);
      if (posting.source.endsWith('Adjustment')) tally.adjustments += 1;
    } else {
      expect(posting.postedIn).toBe(posting.period);
    }
  }
}

/**
 * The state's netted figures per closed period agree with the ledger: the spend posted for a
 * period, by whatever close, is what the state says has been posted for it.
 */
function assertPostedFiguresMatchLedger(history: History): void {
  const { state, postings } = history;
  if (!state.exists) return;
  for (const period of state.closedPeriods) {
    const spendInPeriod = postings.filter(
      (p) =>
        p.period === period &&
        (p.debitAccount.startsWith('spend:') || p.creditAccount.startsWith('spend:')),
    );
    const ledgerSpend = sumMoney(
      spendInPeriod.map((p) =>
        p.creditAccount.startsWith('spend:') ? p.amount : p.amount.negated(),
      ),
    );
    const posted = Object.values(state.postedFigures[period]?.costs ?? {});
    const stateSpend = sumMoney(posted.map((cost) => money(cost.amount)));
    expect(formatMoney(ledgerSpend)).toBe(formatMoney(stateSpend));
  }
}

function record(history: History, event: AgreementEvent): void {
  history.state = agreementDecider.evolve(history.state, event);
  history.events.push(event);
  const postings = postingsForAgreementEvent(event);
  postings.forEach(assertWellFormed);
  assertPostedIn(event, postings);
  history.postings.push(...postings);
  for (const [account, change] of balancesOf(postings)) {
    history.balances.set(account, (history.balances.get(account) ?? ZERO).plus(change));
  }
  assertBalanced(history.balances, history.state);
  // Invariant 4, the other half: no reinvestment ever leaves savings:retained below zero.
  if (event.type === 'ReinvestmentCommitted') {
    expect((history.balances.get(RETAINED) ?? ZERO).isNegative()).toBe(false);
  }
}

/** Invariant 5: a fresh replay of the stored events (as JSON, as a store holds them). */
function replay(events: AgreementEvent[]): { state: AgreementState; postings: Posting[] } {
  const stored = JSON.parse(JSON.stringify(events)) as AgreementEvent[];
  return {
    state: stored.reduce(agreementDecider.evolve, agreementDecider.initialState()),
    postings: stored.flatMap(postingsForAgreementEvent),
  };
}

const tally = { committed: 0, refused: 0, closes: 0, negativeBudgetLines: 0, adjustments: 0 };

describe('ledger invariants over generated agreement histories', () => {
  it('hold after every event: balanced, well-formed, reinvestment-safe and replayable', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), today, (steps, todayDate) => {
        const history = runHistory(steps, todayDate);
        const first = replay(history.events);
        const second = replay(history.events);
        expect(balancesAsText(first.postings)).toEqual(balancesAsText(history.postings));
        expect(balancesAsText(second.postings)).toEqual(balancesAsText(first.postings));
        expect(stateAsText(first.state)).toEqual(stateAsText(history.state));
        tally.closes += history.events.filter((e) => e.type === 'PeriodClosed').length;
        const budgets = [...balancesOf(history.postings)].filter(([account]) =>
          account.startsWith('budget:'),
        );
        tally.negativeBudgetLines += budgets.filter(([, balance]) => balance.isNegative()).length;
      }),
      { numRuns: 200 },
    );
    // The generators must reach both sides of the reinvestment rule, closes, and overspends
    // (invariant 3: a budget line may go negative), or the property proves little.
    expect(tally.committed).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.closes).toBeGreaterThan(0);
    expect(tally.negativeBudgetLines).toBeGreaterThan(0);
    expect(tally.adjustments).toBeGreaterThan(0);
  });

  it('hold on a hand-worked history: the refusal reports the savings:retained balance', () => {
    // April's close recognises 1,000.00 (100,000 pence). Day 45 is 2025-05-16, in open May.
    // 1,000.00 − 600.00 = 400.00 left, so a 400.01 commitment is refused with available 400.00.
    const steps: Step[] = [
      {
        kind: 'close',
        skipAhead: false,
        costs: [],
        savings: [{ line: MEDIUM_SECURE, pence: 100_000, nights: 10 }],
        restatements: [],
      },
      { kind: 'reinvest', scheme: 'community-forensic-team', pence: 60_000, day: 45 },
      { kind: 'reinvest', scheme: 'community-forensic-team', pence: 40_001, day: 45 },
    ];
    const history = runHistory(steps, '2025-05-10');
    expect(history.events.map((e) => e.type)).toEqual([
      'AgreementCreated',
      'PeriodClosed',
      'ReinvestmentCommitted',
    ]);
    expect(formatMoney(balanceOf(history.postings, RETAINED))).toBe('400.00');
    expect(history.rejections.map((e) => e.details)).toEqual([
      { available: '400.00', requested: '400.01' },
    ]);
  });
});
