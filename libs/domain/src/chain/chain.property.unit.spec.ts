import fc from 'fast-check';
import { addDays, daysBetween, type CalendarDate } from '../calendar/calendar-date';
import {
  financialYearEnd,
  financialYearStart,
  periodOf,
  periodsOf,
} from '../calendar/financial-year';
import type { AgreementTerms } from '../agreement/agreement.state';
import { caseStateOf } from '../case/case-history';
import type { CaseEvent } from '../case/case.events';
import type { CasePlacement, RegisteredCase } from '../case/case.state';
import { rateOn, type RateChange } from '../case/rate-timeline';
import { accounts, balancesOf, type Posting } from '../ledger/posting';
import { formatMoney, fromPence, sumMoney } from '../money/money';
import {
  agreementChain,
  chainCloseRefusal,
  earliestOpenPeriod,
  successorOf,
  uncoveredFrom,
  type AgreementChain,
} from './agreement-chain';
import { carryForward } from './carry-forward';
import {
  agreementPeriodFigures,
  caseFiguresAlongChain,
  measuredAtEndOf,
  type ChainCaseFigures,
} from './chain-figures';
import {
  priorYearAdjustmentPostings,
  priorYearAdjustments,
  type PriorYearFigures,
} from './prior-year-adjustments';
import {
  A,
  B,
  C,
  closedPeriodsOf,
  closeWith,
  discharged,
  ended,
  openBook,
  rateChanged,
  referral,
  repatriated,
  started,
  type AgreementBook,
} from './testing/chain-fixtures';

/**
 * Chains of agreements over generated histories. fast-check generates two- and three-year
 * chains (A 2017/18, B 2018/19, C 2019/20, each with its own savings horizon) and up to three
 * cases, each repatriated within 60 days of a 31 March (so its nights and its savings cross
 * the year end), then stepped down, sent out of area again and repatriated again, with rate
 * changes, and perhaps a discharge and a back-dated rate change recorded late, after some
 * closes. Money is generated as integer pence.
 *
 * 1. Figures: the chain rules' costs and savings are compared with the rules walked night by
 *    night over the single timeline of the case (each night in the agreement whose year holds
 *    it, or uncovered after the last), on the chain or on a prefix of it (so nights are
 *    uncovered and horizons stand in), at any measuring date. So each night is charged at
 *    most once across the chain, and the agreements' costs add up to the timeline's.
 * 2. Books: every period of the chain is closed in order through the agreement decider as the
 *    application layer will (figures along the chain, restated closed periods, prior-year
 *    adjustments for closed years posted in the earliest open period, carry-forward after each
 *    M12). Every agreement's postings sum to 0.00, every posting is well formed, what was
 *    posted for each (placement, period) and (case, period), wherever it was posted, ends equal
 *    to the final figures, and a carried-forward agreement's savings:retained stays at 0.00.
 */

const AGREEMENTS: readonly AgreementTerms[] = [A, B, C];

// ---- Generated cases ----

interface RateDraft {
  pct: number;
  pence: number;
}

interface StepDraft {
  after: number;
  gap: number;
  toOutOfArea: boolean;
  pence: number;
  change: RateDraft | null;
}

interface CaseDraft {
  registeredUnder: number;
  boundary: number;
  fwd: number;
  oapLength: number;
  oapPence: number;
  oapChange: RateDraft | null;
  homePence: number;
  homeChange: RateDraft | null;
  steps: StepDraft[];
  discharge: number | null;
  dischargeRecordedAt: number;
  lateChange: (RateDraft & { recordedAt: number }) | null;
}

const pence = fc.integer({ min: 0, max: 150_000 });
const rateDraft = fc.record({ pct: fc.integer({ min: 1, max: 99 }), pence });

const caseDraft: fc.Arbitrary<CaseDraft> = fc.record({
  registeredUnder: fc.nat({ max: 2 }),
  boundary: fc.nat({ max: 2 }),
  fwd: fc.integer({ min: -60, max: 60 }),
  oapLength: fc.integer({ min: 1, max: 300 }),
  oapPence: pence,
  oapChange: fc.option(rateDraft),
  homePence: pence,
  homeChange: fc.option(rateDraft),
  steps: fc.array(
    fc.record({
      after: fc.integer({ min: 1, max: 400 }),
      gap: fc.integer({ min: 0, max: 20 }),
      toOutOfArea: fc.boolean(),
      pence,
      change: fc.option(rateDraft),
    }),
    { maxLength: 3 },
  ),
  discharge: fc.option(fc.integer({ min: 1, max: 400 })),
  dischargeRecordedAt: fc.nat(),
  lateChange: fc.option(
    fc.record({ pct: fc.integer({ min: 1, max: 99 }), pence, recordedAt: fc.nat() }),
  ),
});

const scenario = fc.record({
  years: fc.integer({ min: 2, max: 3 }),
  horizons: fc.array(fc.constantFrom(30, 90, 200, 365, 500), { minLength: 3, maxLength: 3 }),
  cases: fc.array(caseDraft, { minLength: 1, maxLength: 3 }),
});

const pounds = (p: number): string => formatMoney(fromPence(BigInt(p)));

/** A case event and the close from which it is known (0: known from the start). */
interface Recorded {
  event: CaseEvent;
  recordedAt: number;
}

interface PlacementSpec {
  id: string;
  outOfArea: boolean;
  start: CalendarDate;
  /** Nights until it ends, or null while open. */
  length: number | null;
  pence: number;
  change: RateDraft | null;
}

/** The rate change a draft makes inside a stay of `length` nights, or null if it has no room. */
function changeWithin(
  spec: PlacementSpec,
  change: RateDraft | null,
  length: number,
): RateChange | null {
  if (change === null || length < 2) return null;
  const offset = Math.max(1, Math.floor((length * change.pct) / 100));
  return { effectiveDate: addDays(spec.start, offset), dailyRate: pounds(change.pence) };
}

/**
 * A valid case history from its draft: an OAP, repatriated on D near a 1 April, then each step
 * ends the current bed and starts an in-area or out-of-area one (an OAP is always left by a
 * repatriation), then perhaps a discharge. The discharge, and a rate change of the last bed
 * dated inside its stay, may be recorded late.
 */
function caseHistory(
  draft: CaseDraft,
  index: number,
  chain: AgreementChain,
  closes: number,
  registerIn: AgreementChain = chain,
): Recorded[] {
  const caseId = `case-${index}`;
  const n = chain.agreements.length;
  const boundary = addDays(financialYearEnd(chain.agreements[draft.boundary % n].financialYear), 1);
  const repatriationDate = addDays(boundary, draft.fwd);
  const known: Recorded[] = [];
  const record = (event: CaseEvent, recordedAt = 0) => known.push({ event, recordedAt });

  const oap: PlacementSpec = {
    id: `${caseId}-p0`,
    outOfArea: true,
    start: addDays(repatriationDate, -draft.oapLength),
    length: draft.oapLength,
    pence: draft.oapPence,
    change: draft.oapChange,
  };
  record(
    referral(
      caseId,
      registerIn.agreements[draft.registeredUnder % registerIn.agreements.length].agreementId,
      oap.start,
    ),
  );
  record(started(caseId, oap.id, 'out-of-area', oap.start, pounds(oap.pence)));
  let rates: RateChange[] = [{ effectiveDate: oap.start, dailyRate: pounds(oap.pence) }];
  const oapChange = changeWithin(oap, oap.change, draft.oapLength);
  if (oapChange) {
    record(
      rateChanged(caseId, oap.id, oapChange.effectiveDate, oapChange.dailyRate, pounds(oap.pence)),
    );
    rates = [...rates, oapChange];
  }
  let current: PlacementSpec = {
    id: `${caseId}-p1`,
    outOfArea: false,
    start: repatriationDate,
    length: null,
    pence: draft.homePence,
    change: draft.homeChange,
  };
  const outOfAreaRate = rateOn(rates, addDays(repatriationDate, -1));
  record(
    repatriated(caseId, oap.id, repatriationDate, outOfAreaRate, {
      placementId: current.id,
      dailyRate: pounds(current.pence),
    }),
  );

  for (const [i, step] of draft.steps.entries()) {
    const change = changeWithin(current, current.change, step.after);
    if (change) {
      record(
        rateChanged(
          caseId,
          current.id,
          change.effectiveDate,
          change.dailyRate,
          pounds(current.pence),
        ),
      );
    }
    const end = addDays(current.start, step.after);
    const next: PlacementSpec = {
      id: `${caseId}-p${i + 2}`,
      outOfArea: !current.outOfArea && step.toOutOfArea,
      start: current.outOfArea ? end : addDays(end, step.gap),
      length: null,
      pence: step.pence,
      change: step.change,
    };
    if (current.outOfArea) {
      // Leaving an OAP is a repatriation, at the rate in force on its last night.
      const oapRates = [{ effectiveDate: current.start, dailyRate: pounds(current.pence) }];
      if (change) oapRates.push(change);
      record(
        repatriated(caseId, current.id, end, rateOn(oapRates, addDays(end, -1)), {
          placementId: next.id,
          dailyRate: pounds(next.pence),
        }),
      );
    } else {
      record(ended(caseId, current.id, end));
      record(
        started(
          caseId,
          next.id,
          next.outOfArea ? 'out-of-area' : 'in-area',
          next.start,
          pounds(next.pence),
        ),
      );
    }
    current = next;
  }

  const lastLength = draft.discharge ?? 300;
  const ownChange = changeWithin(current, current.change, lastLength);
  if (ownChange) {
    record(
      rateChanged(
        caseId,
        current.id,
        ownChange.effectiveDate,
        ownChange.dailyRate,
        pounds(current.pence),
      ),
    );
  }
  const dischargeAt = draft.dischargeRecordedAt % closes;
  if (draft.lateChange) {
    const late = changeWithin(current, draft.lateChange, lastLength);
    if (late) {
      const at =
        draft.discharge === null
          ? draft.lateChange.recordedAt % closes
          : Math.min(draft.lateChange.recordedAt % closes, dischargeAt);
      record(
        rateChanged(caseId, current.id, late.effectiveDate, late.dailyRate, pounds(current.pence)),
        at,
      );
    }
  }
  if (draft.discharge !== null) {
    record(discharged(caseId, addDays(current.start, draft.discharge), current.id), dischargeAt);
  }
  return known;
}

function chainOf(years: number, horizons: number[]): AgreementChain {
  return agreementChain(
    AGREEMENTS.slice(0, years).map((terms, i) => ({ ...terms, savingsHorizonDays: horizons[i] })),
  );
}

const knownAt = (history: Recorded[], close: number): CaseEvent[] =>
  history.filter((r) => r.recordedAt <= close).map((r) => r.event);

// ---- The rules walked night by night ----

const toPence = (amount: string): bigint => BigInt(amount.replace('.', ''));

type Totals = Map<string, { nights: number; pence: bigint }>;

function add(totals: Totals, key: string, nights: number, amount: bigint): void {
  const total = totals.get(key) ?? { nights: 0, pence: 0n };
  totals.set(key, { nights: total.nights + nights, pence: total.pence + amount });
}

function holding(chain: AgreementChain, night: CalendarDate): AgreementTerms | undefined {
  return chain.agreements.find(
    (t) =>
      financialYearStart(t.financialYear) <= night && night <= financialYearEnd(t.financialYear),
  );
}

/** Where a night counts: its agreement, 'uncovered' after the chain, or nowhere before it. */
function bookOf(chain: AgreementChain, night: CalendarDate): string | null {
  if (night < financialYearStart(chain.agreements[0].financialYear)) return null;
  return holding(chain, night)?.agreementId ?? 'uncovered';
}

const occupies = (p: CasePlacement, night: CalendarDate) =>
  p.startDate <= night && (p.endDate === null || night < p.endDate);

function costsNightByNight(
  state: RegisteredCase,
  chain: AgreementChain,
  measuredAt: CalendarDate,
): Totals {
  const totals: Totals = new Map();
  for (const p of state.placements) {
    for (
      let night = p.startDate;
      night < measuredAt && occupies(p, night);
      night = addDays(night, 1)
    ) {
      const book = bookOf(chain, night);
      if (book !== null)
        add(
          totals,
          `${book} ${p.placementId} ${periodOf(night)}`,
          1,
          toPence(rateOn(p.rates, night)),
        );
    }
  }
  return totals;
}

/** domain.md "Savings from repatriation", with the chain's horizon, one night at a time. */
function savingsNightByNight(
  state: RegisteredCase,
  chain: AgreementChain,
  measuredAt: CalendarDate,
): Totals {
  const totals: Totals = new Map();
  const last = chain.agreements[chain.agreements.length - 1];
  for (const [i, rep] of state.repatriations.entries()) {
    const D = rep.repatriationDate;
    const horizon = (holding(chain, D) ?? last).savingsHorizonDays;
    const inAreaAt = state.placements.findIndex((p) => p.placementId === rep.inAreaPlacementId);
    const stops = [
      addDays(D, horizon),
      ...(state.repatriations[i + 1] ? [state.repatriations[i + 1].repatriationDate] : []),
      ...(state.dischargeDate ? [state.dischargeDate] : []),
      ...state.placements
        .slice(inAreaAt + 1)
        .filter((p) => p.setting === 'out-of-area')
        .map((p) => p.startDate),
    ];
    const stop = stops.reduce((a, b) => (a < b ? a : b));
    for (let night = D; night < stop && night < measuredAt; night = addDays(night, 1)) {
      const book = bookOf(chain, night);
      if (book === null) continue;
      for (const p of state.placements) {
        if (p.setting !== 'in-area' || !occupies(p, night)) continue;
        const saved = toPence(rep.outOfAreaDailyRate) - toPence(rateOn(p.rates, night));
        add(totals, `${book} ${state.caseId} ${periodOf(night)}`, 1, saved);
      }
    }
  }
  return totals;
}

function figureTotals(figures: ChainCaseFigures): { costs: Totals; savings: Totals } {
  const costs: Totals = new Map();
  const savings: Totals = new Map();
  const books = [
    ...figures.byAgreement.map((a) => ({
      book: a.agreementId,
      costs: a.costs,
      savings: a.savings,
    })),
    { book: 'uncovered', costs: figures.uncovered.costs, savings: figures.uncovered.savings },
  ];
  for (const { book, costs: c, savings: s } of books) {
    for (const cost of c) {
      const key = `${book} ${cost.placementId} ${cost.period}`;
      // Each (placement, period) once: a night counted in two books would show up here.
      expect(costs.has(key)).toBe(false);
      add(costs, key, cost.bedDays, toPence(cost.amount));
    }
    for (const saving of s)
      add(
        savings,
        `${book} ${saving.caseId} ${saving.period}`,
        saving.nights,
        toPence(saving.amount),
      );
  }
  return { costs, savings };
}

describe('costs and savings along generated chains', () => {
  it('charge each night once, in the agreement holding it, as the single timeline does', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.nat({ max: 2 }),
        fc.integer({ min: -10, max: 1500 }),
        ({ years, horizons, cases }, cut, measuredOffset) => {
          const full = chainOf(years, horizons);
          // A prefix of the chain: its later years are uncovered, its last horizon stands in.
          const chain = agreementChain(full.agreements.slice(0, 1 + (cut % years)));
          const measuredAt = addDays('2017-04-01', measuredOffset);
          for (const [i, draft] of cases.entries()) {
            const history = caseHistory(draft, i, full, 12 * years, chain).map((r) => r.event);
            const state = caseStateOf(history) as RegisteredCase;
            const figures = caseFiguresAlongChain(history, chain, measuredAt)!;
            const { costs, savings } = figureTotals(figures);
            const expectedCosts = costsNightByNight(state, chain, measuredAt);
            expect(costs).toEqual(expectedCosts);
            expect(savings).toEqual(savingsNightByNight(state, chain, measuredAt));

            // Each agreement's figures lie in its own year.
            for (const [at, own] of figures.byAgreement.entries()) {
              const year = periodsOf(chain.agreements[at].financialYear);
              expect(own.costs.every((c) => year.includes(c.period))).toBe(true);
              expect(own.savings.every((s) => year.includes(s.period))).toBe(true);
            }
            // Per placement: the nights of all books together are its nights from the chain's
            // start to the measuring date, each once; the cost across agreements is the
            // single-timeline cost of the covered nights, the uncovered amount the rest.
            const chainFrom = financialYearStart(chain.agreements[0].financialYear);
            for (const p of state.placements) {
              const from = p.startDate > chainFrom ? p.startDate : chainFrom;
              const endAt = p.endDate === null || p.endDate > measuredAt ? measuredAt : p.endDate;
              const booked = [
                ...figures.byAgreement.flatMap((a) => a.costs),
                ...figures.uncovered.costs,
              ]
                .filter((c) => c.placementId === p.placementId)
                .reduce((n, c) => n + c.bedDays, 0);
              expect(booked).toBe(Math.max(0, daysBetween(from, endAt)));
            }
            const covered = [...expectedCosts].filter(([key]) => !key.startsWith('uncovered '));
            expect(
              figures.byAgreement
                .flatMap((a) => a.costs)
                .reduce((s, c) => s + toPence(c.amount), 0n),
            ).toBe(covered.reduce((s, [, t]) => s + t.pence, 0n));
            const uncovered = [...expectedCosts].filter(([key]) => key.startsWith('uncovered '));
            expect(toPence(figures.uncovered.amount)).toBe(
              uncovered.reduce((s, [, t]) => s + t.pence, 0n),
            );
            expect(figures.uncovered.from).toBe(uncoveredFrom(chain));
          }
        },
      ),
      { numRuns: 150, seed: 20_170_401 },
    );
  });
});

// ---- Closing every period of the chain ----

interface Ledger {
  books: Map<string, AgreementBook>;
  /** Postings made outside a close: prior-year adjustments and carry-forwards, per agreement. */
  extra: Map<string, Posting[]>;
  postedElsewhere: PriorYearFigures;
}

const postingsOf = (ledger: Ledger, agreementId: string): Posting[] => [
  ...ledger.books.get(agreementId)!.postings,
  ...(ledger.extra.get(agreementId) ?? []),
];

function closeChain(chain: AgreementChain, histories: Recorded[][]): Ledger {
  const ledger: Ledger = {
    books: new Map(chain.agreements.map((t) => [t.agreementId, openBook(t)])),
    extra: new Map(),
    postedElsewhere: { costs: [], savings: [] },
  };
  const post = (agreementId: string, postings: Posting[]) =>
    ledger.extra.set(agreementId, [...(ledger.extra.get(agreementId) ?? []), ...postings]);
  const closedNow = () => closedPeriodsOf(...ledger.books.values());
  let close = 0;
  for (const terms of chain.agreements) {
    for (const period of periodsOf(terms.financialYear)) {
      const closed = closedNow();
      expect(earliestOpenPeriod(chain, closed)).toEqual({ agreementId: terms.agreementId, period });
      expect(chainCloseRefusal(chain, closed, terms.agreementId, period)).toBeNull();
      const figures = histories.map((h) =>
        caseFiguresAlongChain(knownAt(h, close), chain, measuredAtEndOf(period)),
      );
      ledger.books.set(
        terms.agreementId,
        closeWith(ledger.books.get(terms.agreementId)!, period, figures),
      );
      // Each closed year's late facts, posted here: the earliest open period of the chain.
      for (const earlier of chain.agreements.slice(0, chain.agreements.indexOf(terms))) {
        const adjustments = priorYearAdjustments({
          chain,
          closed,
          agreementId: earlier.agreementId,
          postedFigures: ledger.books.get(earlier.agreementId)!.state.postedFigures,
          postedElsewhere: ledger.postedElsewhere,
          restatedPeriods: agreementPeriodFigures(
            figures,
            earlier.agreementId,
            periodsOf(earlier.financialYear),
          ),
        });
        expect(adjustments.status).not.toBe('pending');
        if (adjustments.status !== 'post') continue;
        expect(adjustments.postIn).toEqual({ agreementId: terms.agreementId, period });
        post(terms.agreementId, priorYearAdjustmentPostings(adjustments.postIn, adjustments));
        ledger.postedElsewhere = {
          costs: [...ledger.postedElsewhere.costs, ...adjustments.costs],
          savings: [...ledger.postedElsewhere.savings, ...adjustments.savings],
        };
      }
      close += 1;
    }
    // Year end: the whole savings:retained balance moves to the successor.
    const successor = successorOf(chain, terms.agreementId);
    if (successor) {
      const book = ledger.books.get(terms.agreementId)!;
      // The balance of its accounts: for a successor, the decider's retainedSavings leaves out
      // what was brought forward and the prior-year adjustments it posted.
      const retained = balancesOf(postingsOf(ledger, terms.agreementId)).get(
        accounts.savingsRetained(),
      );
      const carried = carryForward({
        predecessor: terms,
        predecessorClosedPeriods: book.state.closedPeriods,
        retainedSavings: retained ?? fromPence(0n),
        successor,
        successorClosedPeriods: [],
        alreadyRecorded: false,
      });
      post(terms.agreementId, carried.predecessorPostings);
      post(successor.agreementId, carried.successorPostings);
    }
  }
  return ledger;
}

const COST_SOURCES = [
  'PlacementCost',
  'PlacementCostAdjustment',
  'PlacementCostPriorYearAdjustment',
];
const SAVING_SOURCES = [
  'RecognisedSaving',
  'RecognisedSavingAdjustment',
  'RecognisedSavingPriorYearAdjustment',
];

/** Net posted per `reference period`, signed as the figure: budget → spend/savings is +. */
function netPosted(postings: Posting[], sources: string[]): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const p of postings.filter((q) => sources.includes(q.source))) {
    const amount = toPence(p.amount.toFixed(2));
    const key = `${p.reference} ${p.period}`;
    net.set(key, (net.get(key) ?? 0n) + (p.debitAccount.startsWith('budget:') ? amount : -amount));
  }
  return new Map([...net].filter(([, v]) => v !== 0n));
}

describe('closing every period of generated chains', () => {
  it('keeps each agreement at 0.00 and posts, wherever it lands, exactly the final figures', () => {
    fc.assert(
      fc.property(scenario, ({ years, horizons, cases }) => {
        const chain = chainOf(years, horizons);
        const histories = cases.map((draft, i) => caseHistory(draft, i, chain, 12 * years));
        const ledger = closeChain(chain, histories);
        expect(earliestOpenPeriod(chain, closedPeriodsOf(...ledger.books.values()))).toBeNull();

        const everything: Posting[] = [];
        for (const terms of chain.agreements) {
          const postings = postingsOf(ledger, terms.agreementId);
          for (const p of postings) {
            expect(p.agreementId).toBe(terms.agreementId);
            expect(p.amount.isPositive() && !p.amount.isZero()).toBe(true);
            expect(p.debitAccount).not.toBe(p.creditAccount);
          }
          expect(formatMoney(sumMoney(balancesOf(postings).values()))).toBe('0.00');
          if (successorOf(chain, terms.agreementId)) {
            // Carried forward whole; later adjustments land in the successor's accounts.
            const retained = balancesOf(postings).get(accounts.savingsRetained());
            expect(formatMoney(retained ?? fromPence(0n))).toBe('0.00');
          }
          everything.push(...postings);
        }

        // Every fact known: the chain's final figures, per (placement, period) and (case, period).
        const final = histories.map((h) =>
          caseFiguresAlongChain(knownAt(h, Infinity), chain, uncoveredFrom(chain))!,
        );
        const expectedCosts = new Map<string, bigint>();
        const expectedSavings = new Map<string, bigint>();
        for (const figures of final) {
          for (const own of figures.byAgreement) {
            for (const c of own.costs)
              expectedCosts.set(`${c.placementId} ${c.period}`, toPence(c.amount));
            for (const s of own.savings)
              expectedSavings.set(`${s.caseId} ${s.period}`, toPence(s.amount));
          }
        }
        const nonZero = (m: Map<string, bigint>) => new Map([...m].filter(([, v]) => v !== 0n));
        expect(netPosted(everything, COST_SOURCES)).toEqual(nonZero(expectedCosts));
        expect(netPosted(everything, SAVING_SOURCES)).toEqual(nonZero(expectedSavings));
      }),
      { numRuns: 60, seed: 20_180_401 },
    );
  });
});
