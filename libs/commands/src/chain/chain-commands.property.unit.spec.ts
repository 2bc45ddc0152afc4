/**
 * Generated two- and three-year chains of agreements, driven through the command layer
 * (LedgerCommands on the real in-memory event store), checked against an oracle that walks
 * every night by hand (domain.md, "Bed days and costs", "Savings from repatriation", "Years:
 * chains of agreements").
 *
 * fast-check generates a chain A 2017/18 → B 2018/19 (→ C 2019/20), each with its own savings
 * horizon, and up to three cases registered under A, each placed out of area late in A's year
 * and repatriated to an in-area bed, perhaps across 31 March, perhaps with a back-dated in-area
 * rate change and a discharge, each recorded at a generated moment: before A's closes, after
 * A's M12 (a prior-year adjustment for A's nights), or after B's M12 (three-year chains only).
 * The successor may be created before or after its predecessor's M12 closes, and the
 * carry-forward may be recorded or not. Money is integer pence.
 *
 * Properties:
 * 1. After every command, each agreement's postings sum to 0.00.
 * 2. Once every period of the chain is closed, each case's nights, cost and savings posted in
 *    all the agreements together, by the period they belong to (own closes, prior-period and
 *    prior-year adjustments), equal the oracle's: every night of the chain's years is charged
 *    exactly once, in the agreement whose year holds it, at the rate in force that night.
 * 3. Replay: the read model folded from the log (LedgerReports without a read model) gives
 *    each agreement the balances its own postings give, at the head and at a position midway.
 * 4. The chain report is the sum of its agreements: each year's money is its agreement's own
 *    balances, the totals are the years added up, and (every period closed) the chain's spend
 *    and savings are the oracle's nights, all of them, each counted once.
 */
import fc from 'fast-check';
import {
  addDays,
  agreementStreamId,
  balancesOf,
  daysBetween,
  financialYearOf,
  periodOf,
  periodsOf,
  postingsForAgreementEvent,
  upcastEvent,
  type AgreementCommand,
  type AgreementEvent,
  type CalendarDate,
  type CaseCommand,
  type PeriodClosed,
} from '@ledger/domain';
import { InMemoryEventStore } from '@ledger/event-store';
import { LedgerCommands } from '../execution/ledger-commands';
import { LedgerChainReports } from '../reporting/chain-report';
import { LedgerReports } from '../reporting/ledger-reports';
import { fixedClock } from '../shared/clock';
import { chainCommissioner, MEDIUM_SECURE } from '../testing/chain-fixtures';
import { caseManager, leadFinance, requestBy } from '../testing/command-fixtures';

const YEARS = ['2017/18', '2018/19', '2019/20'] as const;
const IDS = ['chain-2017-18', 'chain-2018-19', 'chain-2019-20'] as const;
/** Every close has its period over: the whole run happens on this day. */
const TODAY = '2020-06-01';
const reviewer = { subject: 'harriet', role: 'reviewer', organisationCode: null };

/** When a late fact is recorded. */
type Moment = 'early' | 'after-first-year' | 'after-second-year';

interface GeneratedCase {
  caseId: string;
  start: CalendarDate;
  outOfAreaPence: number;
  repatriation: CalendarDate;
  inAreaPence: number;
  rateChange: { effective: CalendarDate; pence: number; recorded: Moment } | null;
  discharge: { date: CalendarDate; recorded: Moment } | null;
}

interface GeneratedChain {
  years: 2 | 3;
  horizons: number[];
  /** Per successor: created before its predecessor's M12 closes. */
  successorFirst: boolean[];
  /** Per agreement but the last: the carry-forward is recorded. */
  carryForward: boolean[];
  cases: GeneratedCase[];
}

const money = (pence: number) => (pence / 100).toFixed(2);
const moment = (years: 2 | 3): fc.Arbitrary<Moment> =>
  years === 3
    ? fc.constantFrom<Moment>('early', 'after-first-year', 'after-second-year')
    : fc.constantFrom<Moment>('early', 'after-first-year');

const generatedCase = (years: 2 | 3, index: number): fc.Arbitrary<GeneratedCase> =>
  fc
    .record({
      // 2017-10-01 + 0..170 days: late in A's year.
      startOffset: fc.integer({ min: 0, max: 170 }),
      outOfAreaPence: fc.integer({ min: 50_000, max: 90_000 }),
      // Repatriated 1..120 nights later: often across 31 March.
      stay: fc.integer({ min: 1, max: 120 }),
      inAreaPence: fc.integer({ min: 30_000, max: 95_000 }),
      rateChange: fc.option(
        fc.record({
          after: fc.integer({ min: 1, max: 150 }),
          pence: fc.integer({ min: 30_000, max: 95_000 }),
          recorded: moment(years),
        }),
      ),
      discharge: fc.option(
        fc.record({ after: fc.integer({ min: 1, max: 400 }), recorded: moment(years) }),
      ),
    })
    .map((g) => {
      const start = addDays('2017-10-01', g.startOffset);
      const repatriation = addDays(start, g.stay);
      return {
        caseId: `case-gen-${index}`,
        start,
        outOfAreaPence: g.outOfAreaPence,
        repatriation,
        inAreaPence: g.inAreaPence,
        rateChange: g.rateChange && {
          effective: addDays(repatriation, g.rateChange.after),
          pence: g.rateChange.pence,
          recorded: g.rateChange.recorded,
        },
        discharge: g.discharge && {
          date: addDays(repatriation, g.discharge.after),
          recorded: g.discharge.recorded,
        },
      };
    })
    // Nothing is recorded after a discharge, and no rate change takes effect after it: the
    // rate change is recorded no later than the discharge, and dated before it, or dropped.
    .map((c) => {
      if (!c.rateChange || !c.discharge) return c;
      if (c.rateChange.effective >= c.discharge.date) return { ...c, rateChange: null };
      const order: Moment[] = ['early', 'after-first-year', 'after-second-year'];
      const recorded =
        order.indexOf(c.rateChange.recorded) > order.indexOf(c.discharge.recorded)
          ? c.discharge.recorded
          : c.rateChange.recorded;
      return { ...c, rateChange: { ...c.rateChange, recorded } };
    });

const generatedChain: fc.Arbitrary<GeneratedChain> = fc.constantFrom<2 | 3>(2, 3).chain((years) =>
  fc.record({
    years: fc.constant(years),
    horizons: fc.array(fc.constantFrom(30, 90, 200, 365), {
      minLength: years,
      maxLength: years,
    }),
    successorFirst: fc.array(fc.boolean(), { minLength: years - 1, maxLength: years - 1 }),
    carryForward: fc.array(fc.boolean(), { minLength: years - 1, maxLength: years - 1 }),
    cases: fc
      .integer({ min: 1, max: 3 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => generatedCase(years, i + 1)))),
  }),
);

// ---------------------------------------------------------------------------------------
// The oracle: every night walked by hand.

interface Figure {
  nights: number;
  pence: number;
}
type Figures = Map<string, Figure>;

const add = (figures: Figures, key: string, nights: number, pence: number) => {
  const at = figures.get(key) ?? { nights: 0, pence: 0 };
  figures.set(key, { nights: at.nights + nights, pence: at.pence + pence });
};

/** Nights of the chain's years: 2017-04-01 up to the last agreement's 31 March. */
const chainEnd = (years: number): CalendarDate => `${2017 + years}-04-01`;

/**
 * Each night's cost and saving by case, setting and month, walking the nights one by one:
 * out of area from its start to the night before the repatriation at R_o; in area from the
 * repatriation to the night before the discharge at R_i, or the changed rate from its
 * effective night; a saving R_o − R_i(t) for each in-area night within the horizon of the
 * agreement whose year holds the repatriation date. Nights after the chain's last year are
 * charged nowhere.
 */
function oracle(chain: GeneratedChain): { costs: Figures; savings: Figures } {
  const costs: Figures = new Map();
  const savings: Figures = new Map();
  const end = chainEnd(chain.years);
  for (const c of chain.cases) {
    const stop = c.discharge && c.discharge.date < end ? c.discharge.date : end;
    for (let night = c.start; night < stop; night = addDays(night, 1)) {
      const period = periodOf(night);
      if (night < c.repatriation) {
        add(costs, `${c.caseId}|${period}|out-of-area`, 1, c.outOfAreaPence);
        continue;
      }
      const rate =
        c.rateChange && night >= c.rateChange.effective ? c.rateChange.pence : c.inAreaPence;
      add(costs, `${c.caseId}|${period}|in-area`, 1, rate);
      const holder = YEARS.indexOf(financialYearOf(c.repatriation) as (typeof YEARS)[number]);
      const horizon = chain.horizons[holder];
      if (daysBetween(c.repatriation, night) < horizon) {
        add(savings, `${c.caseId}|${period}`, 1, c.outOfAreaPence - rate);
      }
    }
  }
  return { costs: withoutEmpty(costs), savings: withoutEmpty(savings) };
}

const withoutEmpty = (figures: Figures): Figures =>
  new Map([...figures].filter(([, f]) => f.nights !== 0 || f.pence !== 0));

const pence = (amount: string) => Math.round(Number(amount) * 100);

/** What every close of every agreement posted, by case, period (belonging to) and setting. */
function posted(closes: PeriodClosed['data'][]): { costs: Figures; savings: Figures } {
  const costs: Figures = new Map();
  const savings: Figures = new Map();
  for (const close of closes) {
    const priorYear = close.priorYearAdjustments ?? { costs: [], savings: [] };
    for (const cost of [
      ...close.accruedCosts,
      ...close.priorPeriodAdjustments.costs,
      ...priorYear.costs,
    ]) {
      add(costs, `${cost.caseId}|${cost.period}|${cost.setting}`, cost.bedDays, pence(cost.amount));
    }
    for (const saving of [
      ...close.recognisedSavings,
      ...close.priorPeriodAdjustments.savings,
      ...priorYear.savings,
    ]) {
      add(savings, `${saving.caseId}|${saving.period}`, saving.nights, pence(saving.amount));
    }
  }
  return { costs: withoutEmpty(costs), savings: withoutEmpty(savings) };
}

// ---------------------------------------------------------------------------------------
// Driving the command layer.

function createAgreement(chain: GeneratedChain, i: number): AgreementCommand {
  return {
    type: 'CreateAgreement',
    data: {
      agreementId: IDS[i],
      commissionerCode: 'X24',
      leadProviderCode: 'RV5',
      partnerProviderCodes: ['RPG'],
      financialYear: YEARS[i],
      serviceLines: [MEDIUM_SECURE],
      savingsHorizonDays: chain.horizons[i],
      ...(i === 0 ? {} : { predecessorAgreementId: IDS[i - 1] }),
    },
  };
}

function caseFacts(c: GeneratedCase): CaseCommand[] {
  return [
    {
      type: 'RegisterReferral',
      data: {
        caseId: c.caseId,
        agreementId: IDS[0],
        serviceLine: MEDIUM_SECURE,
        patientRef: `SLP-${c.caseId}`,
        referralDate: c.start,
      },
    },
    {
      type: 'StartPlacement',
      data: {
        caseId: c.caseId,
        placementId: 'oap-1',
        setting: 'out-of-area',
        bedType: 'medium-secure',
        providerCode: 'NQ1',
        dailyRate: money(c.outOfAreaPence),
        startDate: c.start,
        distanceFromHomeKm: '212.5',
        oapReasonCode: '10',
      },
    },
    {
      type: 'RepatriatePatient',
      data: {
        caseId: c.caseId,
        repatriationDate: c.repatriation,
        outOfAreaPlacementId: 'oap-1',
        inAreaPlacement: {
          placementId: 'home-1',
          bedType: 'medium-secure',
          providerCode: 'RPG',
          dailyRate: money(c.inAreaPence),
          distanceFromHomeKm: '8.0',
        },
      },
    },
  ];
}

function lateFacts(chain: GeneratedChain, when: Moment): CaseCommand[] {
  const facts: CaseCommand[] = [];
  for (const c of chain.cases) {
    if (c.rateChange?.recorded === when) {
      facts.push({
        type: 'ChangePlacementRate',
        data: {
          caseId: c.caseId,
          placementId: 'home-1',
          dailyRate: money(c.rateChange.pence),
          effectiveDate: c.rateChange.effective,
        },
      });
    }
  }
  // Discharges after the rate changes: a rate change after a discharge is refused.
  for (const c of chain.cases) {
    if (c.discharge?.recorded === when) {
      facts.push({
        type: 'DischargePatient',
        data: { caseId: c.caseId, dischargeDate: c.discharge.date, reason: 'Home' },
      });
    }
  }
  return facts;
}

async function runChain(chain: GeneratedChain) {
  const store = new InMemoryEventStore();
  const clock = fixedClock(`${TODAY}T09:00:00Z`);
  const ledger = new LedgerCommands({ store, clock });
  const sumsToZero = async () => {
    for (const id of IDS.slice(0, chain.years)) {
      const events = await store.readStream(agreementStreamId(id)).catch(() => []);
      const postings = events.flatMap((e) =>
        postingsForAgreementEvent(upcastEvent<AgreementEvent>(e)),
      );
      let total = 0;
      for (const balance of balancesOf(postings).values()) total += pence(balance.toFixed(2));
      expect({ agreement: id, total }).toEqual({ agreement: id, total: 0 });
    }
  };
  const run = async (work: () => Promise<unknown>) => {
    await work();
    await sumsToZero();
  };
  const create = (i: number) =>
    run(() => ledger.execute(createAgreement(chain, i), requestBy(chainCommissioner)));
  const record = async (facts: CaseCommand[]) => {
    for (const fact of facts) await run(() => ledger.execute(fact, requestBy(caseManager)));
  };
  const closeYear = async (i: number) => {
    for (const period of periodsOf(YEARS[i])) {
      await run(() => ledger.closePeriod({ agreementId: IDS[i], period }, requestBy(leadFinance)));
    }
  };
  const carry = (i: number) =>
    run(() => ledger.carryForward({ agreementId: IDS[i] }, requestBy(leadFinance)));

  await create(0);
  for (const c of chain.cases) await record(caseFacts(c));
  await record(lateFacts(chain, 'early'));
  for (let i = 0; i < chain.years - 1; i += 1) {
    if (chain.successorFirst[i]) await create(i + 1);
    await closeYear(i);
    if (!chain.successorFirst[i]) await create(i + 1);
    await record(lateFacts(chain, i === 0 ? 'after-first-year' : 'after-second-year'));
    if (chain.carryForward[i]) await carry(i);
  }
  await closeYear(chain.years - 1);

  const closes: PeriodClosed['data'][] = [];
  for (const id of IDS.slice(0, chain.years)) {
    for (const e of await store.readStream(agreementStreamId(id))) {
      if (e.type === 'PeriodClosed') closes.push(upcastEvent<PeriodClosed>(e).data);
    }
  }
  return { store, clock, closes };
}

const asMap = (figures: Figures) => Object.fromEntries([...figures].sort());

describe('generated chains of agreements through the command layer', () => {
  it('keep every agreement at 0.00 and charge each night of the chain once, where its year holds it', async () => {
    await fc.assert(
      fc.asyncProperty(generatedChain, async (chain) => {
        const { closes } = await runChain(chain);
        const expected = oracle(chain);
        const actual = posted(closes);
        expect(asMap(actual.costs)).toEqual(asMap(expected.costs));
        expect(asMap(actual.savings)).toEqual(asMap(expected.savings));
        // Never more nights in a month than it has: no night is charged twice.
        for (const [key, { nights }] of actual.costs) {
          const [, period] = key.split('|');
          const first = `${period}-01`;
          const days = daysBetween(first, periodOf(addDays(first, 31)) + '-01');
          expect(nights).toBeLessThanOrEqual(days);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("replays to each agreement's own balances, at the head and midway", async () => {
    await fc.assert(
      fc.asyncProperty(generatedChain, async (chain) => {
        const { store, clock } = await runChain(chain);
        const reports = new LedgerReports({ store, clock });
        const head = await store.headPosition();
        for (const knownAtPosition of [head, Math.ceil(head / 2)]) {
          for (const id of IDS.slice(0, chain.years)) {
            const events = (await store.readStream(agreementStreamId(id))).filter(
              (e) => e.position <= knownAtPosition,
            );
            if (events.length === 0) continue;
            const own = balancesOf(
              events.flatMap((e) => postingsForAgreementEvent(upcastEvent<AgreementEvent>(e))),
            );
            const report = await reports.balances(reviewer, id, {
              knownAtPosition,
              basis: 'belongs-to',
              asOf: '2020-03-31',
            });
            const replayed = Object.fromEntries(
              report.balances
                .filter((b) => b.balance !== '0.00')
                .map((b) => [b.account, b.balance]),
            );
            const expected = Object.fromEntries(
              [...own]
                .filter(([, m]) => !m.isZero())
                .map(([account, m]) => [account, m.toFixed(2)]),
            );
            expect({ id, knownAtPosition, balances: replayed }).toEqual({
              id,
              knownAtPosition,
              balances: expected,
            });
            expect(report.total).toBe('0.00');
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('give a chain report that is the sum of its agreements, and of every night once', async () => {
    await fc.assert(
      fc.asyncProperty(generatedChain, async (chain) => {
        const { store, clock } = await runChain(chain);
        const reports = new LedgerReports({ store, clock });
        const chainReports = new LedgerChainReports({ store, clock, reports });
        const report = await chainReports.chainReport(reviewer, IDS[chain.years - 1], {
          asOf: '2020-03-31',
        });
        expect(report.years.map((y) => y.agreementId)).toEqual(IDS.slice(0, chain.years));
        expect(report.yearsOmitted).toBe(0);
        const sum = (amounts: (string | null)[]) =>
          amounts.reduce((total, amount) => total + (amount === null ? 0 : pence(amount)), 0);
        for (const year of report.years) {
          const own = await reports.balances(reviewer, year.agreementId, {});
          const balance = (prefix: string) =>
            sum(own.balances.filter((b) => b.account.startsWith(prefix)).map((b) => b.balance));
          expect({ id: year.agreementId, spend: pence(year.spend) }).toEqual({
            id: year.agreementId,
            spend: balance('spend:'),
          });
          expect(pence(year.retainedSavings)).toBe(balance('savings:retained'));
          expect(pence(year.reinvestmentCommitted)).toBe(balance('reinvestment:'));
        }
        const { totals, years } = report;
        for (const figure of [
          'budgetDelegated',
          'spend',
          'savingsRecognised',
          'reinvestmentCommitted',
          'retainedSavings',
          'carriedForward',
          'broughtForward',
        ] as const) {
          expect({ figure, total: pence(totals[figure]) }).toEqual({
            figure,
            total: sum(years.map((y) => y[figure])),
          });
        }
        // Every period of every year closed: the chain posted every night of the oracle once.
        const expected = oracle(chain);
        const all = (figures: Figures) => [...figures.values()].reduce((t, f) => t + f.pence, 0);
        expect(pence(totals.spend)).toBe(all(expected.costs));
        expect(pence(totals.savingsRecognised)).toBe(all(expected.savings));
      }),
      { numRuns: 20 },
    );
  });
});
