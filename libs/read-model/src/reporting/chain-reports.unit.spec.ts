/**
 * The budget, savings and out-of-area reports of one agreement of a chain (domain.md, "Years:
 * chains of agreements"), on domain.md's worked example (testing/chain-history.ts) and on a
 * case out of area across 31 March. Every figure is worked by hand.
 *
 * The worked example's log: 1 A (2017/18) created; 2–4 a case registered under A, £700.00 a
 * night out of area at NQ1 from 2017-09-01, repatriated on 2017-10-01 to £450.00 in area at
 * RPG (horizon 365: nights 2017-10-01 .. 2018-09-30, 182 in A and 183 in B, £250.00 saved
 * each); 5–16 A's twelve closes; 17–18 B (2018/19) created naming A; 19 a discharge dated
 * 2018-03-21; 20–21 the carry-forward of A's £45,500.00; 22 B's M01 close, posting −£4,950.00
 * of cost and −£2,750.00 of savings as prior-year adjustments belonging to A's 2018-03.
 */
import type { AgreementEvent, CaseEvent } from '@ledger/domain';
import { accountBalances } from '../balances/balances.projection';
import { budgetAgainstActual, type BudgetReport } from '../budget/budget-report';
import { oapMetrics } from '../oap-metrics/oap-metrics';
import { foldEvents } from '../projection/projection';
import { budgetProjection } from '../read-model';
import { savingsReport } from '../savings/savings-report';
import { CHAIN_A, CHAIN_B, CHAIN_CASE, chainHistory } from '../testing/chain-history';
import { LedgerLog } from '../testing/ledger-log';

const LINE = 'adult-medium-secure';
const AT = { aLast: 16, bCreated: 18, discharged: 19, head: 22 } as const;

const rpg = (amount: string) => ({ setting: 'in-area', providerCode: 'RPG', amount });
const inArea = (amount: string) => ({
  total: amount,
  inArea: amount,
  outOfArea: '0.00',
  byProvider: [rpg(amount)],
});
const nothing = { total: '0.00', inArea: '0.00', outOfArea: '0.00', byProvider: [] };
const chainOfAB = (predecessor: string | null, successor: string | null) => ({
  agreements: [
    { agreementId: CHAIN_A, financialYear: '2017/18' },
    { agreementId: CHAIN_B, financialYear: '2018/19' },
  ],
  predecessorAgreementId: predecessor,
  successorAgreementId: successor,
});
const repatriation = {
  repatriationDate: '2017-10-01',
  outOfAreaPlacementId: 'oap-1',
  inAreaPlacementId: 'home-1',
  outOfAreaDailyRate: '700.00',
};

const line = (report: BudgetReport | null) => {
  const found = report?.lines.find((l) => l.serviceLine === LINE);
  if (!found) throw new Error('no line');
  return found;
};

describe('reports along a chain: the worked example', () => {
  const log = chainHistory();
  const state = foldEvents(budgetProjection, log.events);
  const balances = (agreementId: string, asOf?: string) =>
    Object.fromEntries(
      accountBalances(state.ledger, { agreementId, ...(asOf ? { asOf } : {}) }).balances.map(
        (b) => [b.account, b.balance],
      ),
    );

  it("counts the case registered under A in B's provisional figures before any close of B", () => {
    const query = { agreementId: CHAIN_B, asOf: '2018-04-30', knownAt: AT.bCreated };
    const budget = budgetAgainstActual(state, { ...query, today: '2018-04-12' });
    // April, nights 1–30 in area: 30 × 450.00 = 13,500.00; no budget allocated in B.
    expect(line(budget)).toMatchObject({
      spendToDate: inArea('13500.00'),
      postedSpend: '0.00',
      provisionalSpend: '13500.00',
      variance: '-13500.00',
      overspent: true,
      priorYear: [],
      priorYearAdjustments: '0.00',
      postedInSuccessor: [],
      periods: [{ period: '2018-04', status: 'provisional', spend: inArea('13500.00') }],
      // Nights after 30 April to 31 March 2019: 365 − 30 = 335 × 450.00 = 150,750.00; the
      // outturn is the year's 365 × 450.00 = 164,250.00.
      forecast: { nightsLeft: 335, remainingCost: '150750.00', outturn: '164250.00' },
    });
    expect(budget?.chain).toEqual(chainOfAB(CHAIN_A, null));
    // B is the last agreement, but today (12 April 2018) is inside its year: nothing uncovered.
    expect(budget?.warnings).toEqual([]);

    const savings = savingsReport(state, { ...query, today: '2018-04-12' });
    // The horizon is A's (it holds 2017-10-01) and runs on: April's 30 nights × 250.00.
    expect(savings?.byPeriod).toEqual([
      { period: '2018-04', status: 'provisional', amount: '7500.00', pendingAdjustment: '0.00' },
    ]);
    expect(savings?.byCase).toEqual([
      {
        caseId: CHAIN_CASE,
        serviceLine: LINE,
        repatriations: [repatriation],
        periods: [
          {
            period: '2018-04',
            status: 'provisional',
            amount: '7500.00',
            pendingAdjustment: '0.00',
          },
        ],
        total: '7500.00',
      },
    ]);
    expect(savings?.recognised).toEqual({
      posted: '0.00',
      provisional: '7500.00',
      pendingPriorPeriodAdjustments: '0.00',
      priorYearAdjustments: '0.00',
      total: '7500.00',
    });

    // The whole of B's year as then known: 365 × 450.00 = 164,250.00 of cost, and the
    // horizon's 183 nights in B (April to September) × 250.00 = 45,750.00 of savings.
    const yearEnd = { agreementId: CHAIN_B, asOf: '2019-03-31', knownAt: AT.bCreated };
    expect(line(budgetAgainstActual(state, yearEnd)).spendToDate.total).toBe('164250.00');
    expect(savingsReport(state, yearEnd)?.recognised.total).toBe('45750.00');
  });

  it("keeps A's figures to A's year, and treats A as the last agreement before B existed", () => {
    const beforeB = budgetAgainstActual(state, {
      agreementId: CHAIN_A,
      asOf: '2018-03-31',
      knownAt: AT.aLast,
      today: '2018-04-11',
    });
    // September out of area, 30 × 700.00 = 21,000.00, then 182 nights in area × 450.00 =
    // 81,900.00: 102,900.00, all posted by A's twelve closes; April's nights are not A's.
    expect(line(beforeB)).toMatchObject({
      spendToDate: {
        total: '102900.00',
        inArea: '81900.00',
        outOfArea: '21000.00',
      },
      postedSpend: '102900.00',
      provisionalSpend: '0.00',
    });
    expect(beforeB?.chain).toEqual({
      agreements: [{ agreementId: CHAIN_A, financialYear: '2017/18' }],
      predecessorAgreementId: null,
      successorAgreementId: null,
    });
    // asOf is A's year end, so the nights are counted through today, 11 April 2018:
    // 1–11 April, 11 nights × 450.00 = 4,950.00, charged nowhere.
    expect(beforeB?.warnings).toEqual([
      {
        code: 'CHAIN.UNCOVERED_NIGHTS',
        message:
          '11 nights from 2018-04-01 through 2018-04-11, after the end of slp-adult-secure-2017-18 ' +
          '(2017/18, the last agreement of its chain), are charged to no agreement; at the rates in ' +
          'force they would cost £4,950.00. Create the 2018/19 agreement naming ' +
          'slp-adult-secure-2017-18 as its predecessorAgreementId (POST /v1/agreements) to charge ' +
          'them to its year.',
        from: '2018-04-01',
        through: '2018-04-11',
        nextFinancialYear: '2018/19',
        bedDays: 11,
        amount: '4950.00',
        byCase: [
          {
            caseId: CHAIN_CASE,
            serviceLine: LINE,
            registeredUnder: CHAIN_A,
            bedDays: 11,
            amount: '4950.00',
          },
        ],
      },
    ]);
    // An as-of date after the year end counts through itself: April, 30 × 450.00 = 13,500.00.
    const throughApril = budgetAgainstActual(state, {
      agreementId: CHAIN_A,
      asOf: '2018-04-30',
      knownAt: AT.aLast,
      today: '2018-04-11',
    });
    expect(throughApril?.warnings[0]).toMatchObject({
      through: '2018-04-30',
      bedDays: 30,
      amount: '13500.00',
    });
    // Once B exists, those nights are B's: A warns of nothing, and names its successor.
    const afterB = budgetAgainstActual(state, {
      agreementId: CHAIN_A,
      asOf: '2018-04-30',
      knownAt: AT.bCreated,
      today: '2018-04-12',
    });
    expect(afterB?.warnings).toEqual([]);
    expect(afterB?.chain).toEqual(chainOfAB(null, CHAIN_B));
    // B, in turn, is the last: as of 30 April 2019, 1–30 April 2019 are uncovered, 30 × 450.00.
    expect(
      budgetAgainstActual(state, {
        agreementId: CHAIN_B,
        asOf: '2019-04-30',
        knownAt: AT.bCreated,
        today: '2018-04-12',
      })?.warnings[0],
    ).toMatchObject({
      from: '2019-04-01',
      through: '2019-04-30',
      nextFinancialYear: '2019/20',
      bedDays: 30,
      amount: '13500.00',
    });
  });

  it("shows the back-dated discharge as pending in A until B's M01 close posts it", () => {
    const query = { agreementId: CHAIN_A, asOf: '2018-03-31', knownAt: AT.discharged };
    const budget = line(budgetAgainstActual(state, query));
    // March posted 31 × 450.00 = 13,950.00; with the discharge on the 21st, 20 nights =
    // 9,000.00: −4,950.00 pending, counted in the provisional spend as before chains.
    expect(budget.periods[11]).toMatchObject({
      period: '2018-03',
      status: 'posted',
      spend: inArea('13950.00'),
      pendingAdjustment: '-4950.00',
    });
    expect(budget).toMatchObject({
      spendToDate: { total: '97950.00' },
      pendingPriorPeriodAdjustments: '-4950.00',
      postedInSuccessor: [],
    });
    const savings = savingsReport(state, query);
    // 11 nights × 250.00 = 2,750.00 of March's 7,750.00 saving no longer happened.
    expect(savings?.byPeriod[11]).toEqual({
      period: '2018-03',
      status: 'posted',
      amount: '7750.00',
      pendingAdjustment: '-2750.00',
    });
    expect(savings?.recognised).toEqual({
      posted: '45500.00',
      provisional: '-2750.00',
      pendingPriorPeriodAdjustments: '-2750.00',
      priorYearAdjustments: '0.00',
      total: '42750.00',
    });
    expect(savings?.postedInSuccessor).toEqual({ adjustments: [], total: '0.00' });
    // B's April: the case was discharged before it, so nothing.
    expect(
      line(budgetAgainstActual(state, { ...query, agreementId: CHAIN_B, asOf: '2018-04-30' }))
        .spendToDate,
    ).toEqual(nothing);
  });

  it("lists the adjustments B posted as posted in B in A's reports, without changing A's totals", () => {
    const query = { agreementId: CHAIN_A, asOf: '2018-03-31' };
    const budget = line(budgetAgainstActual(state, query));
    expect(budget.periods[11]).toMatchObject({
      spend: inArea('13950.00'),
      pendingAdjustment: '0.00',
    });
    expect(budget).toMatchObject({
      spendToDate: { total: '102900.00' },
      postedSpend: '102900.00',
      pendingPriorPeriodAdjustments: '0.00',
      priorYear: [],
      postedInSuccessor: [
        {
          period: '2018-03',
          postedInAgreementId: CHAIN_B,
          postedIn: '2018-04',
          spend: inArea('-4950.00'),
        },
      ],
    });
    // A's spend adds up to its own spend accounts: 21,000.00 + 81,900.00.
    const a = balances(CHAIN_A);
    expect(a['spend:adult-medium-secure:out-of-area:NQ1']).toBe('21000.00');
    expect(a['spend:adult-medium-secure:in-area:RPG']).toBe('81900.00');

    const savings = savingsReport(state, query);
    expect(savings?.byPeriod[11]).toEqual({
      period: '2018-03',
      status: 'posted',
      amount: '7750.00',
      pendingAdjustment: '0.00',
    });
    // A's 182 nights × 250.00, as its closes posted them and carried forward.
    expect(savings?.recognised).toEqual({
      posted: '45500.00',
      provisional: '0.00',
      pendingPriorPeriodAdjustments: '0.00',
      priorYearAdjustments: '0.00',
      total: '45500.00',
    });
    expect(savings?.postedInSuccessor).toEqual({
      adjustments: [
        {
          caseId: CHAIN_CASE,
          serviceLine: LINE,
          period: '2018-03',
          postedInAgreementId: CHAIN_B,
          postedIn: '2018-04',
          amount: '-2750.00',
        },
      ],
      total: '-2750.00',
    });
    expect(savings?.byCase[0]).toMatchObject({ caseId: CHAIN_CASE, total: '45500.00' });
    // As of February, March is not a period to date: nothing of it is listed.
    const february = { agreementId: CHAIN_A, asOf: '2018-02-28' };
    expect(savingsReport(state, february)?.postedInSuccessor.adjustments).toEqual([]);
    expect(line(budgetAgainstActual(state, february)).postedInSuccessor).toEqual([]);
    expect(a['carried-forward']).toBe('45500.00');
    expect(savings?.retainedSavingsAvailable).toBe('0.00');
  });

  it("counts the prior-year adjustments in B's totals, under prior year, as B's accounts do", () => {
    const query = { agreementId: CHAIN_B, asOf: '2018-04-30' };
    const budget = budgetAgainstActual(state, query);
    expect(line(budget)).toMatchObject({
      priorYear: [
        {
          belongsToAgreementId: CHAIN_A,
          period: '2018-03',
          postedIn: '2018-04',
          spend: inArea('-4950.00'),
        },
      ],
      priorYearAdjustments: '-4950.00',
      // April itself: nothing (the case left before it); spend to date is the prior year's.
      periods: [
        {
          period: '2018-04',
          status: 'posted',
          spend: nothing,
          pendingAdjustment: '0.00',
          spendToDate: '-4950.00',
          variance: '4950.00',
        },
      ],
      spendToDate: inArea('-4950.00'),
      postedSpend: '-4950.00',
      provisionalSpend: '0.00',
      postedInSuccessor: [],
    });
    expect(budget?.totals).toMatchObject({
      spendToDate: '-4950.00',
      priorYearAdjustments: '-4950.00',
    });
    // B's spend account holds exactly that.
    const b = balances(CHAIN_B, '2018-04-30');
    expect(b['spend:adult-medium-secure:in-area:RPG']).toBe('-4950.00');

    const savings = savingsReport(state, query);
    expect(savings?.byPeriod).toEqual([
      { period: '2018-04', status: 'posted', amount: '0.00', pendingAdjustment: '0.00' },
    ]);
    expect(savings?.priorYear).toEqual({
      adjustments: [
        {
          caseId: CHAIN_CASE,
          serviceLine: LINE,
          belongsToAgreementId: CHAIN_A,
          period: '2018-03',
          postedIn: '2018-04',
          amount: '-2750.00',
        },
      ],
      total: '-2750.00',
    });
    expect(savings?.recognised).toEqual({
      posted: '-2750.00',
      provisional: '0.00',
      pendingPriorPeriodAdjustments: '0.00',
      priorYearAdjustments: '-2750.00',
      total: '-2750.00',
    });
    expect(savings?.byCase).toEqual([
      {
        caseId: CHAIN_CASE,
        serviceLine: LINE,
        repatriations: [repatriation],
        periods: [],
        total: '-2750.00',
      },
    ]);
    // savings:retained: 45,500.00 brought forward − 2,750.00 = 42,750.00.
    expect(savings?.retainedSavingsAvailable).toBe('42750.00');
    expect(b['savings:retained']).toBe('42750.00');
    expect(b['brought-forward']).toBe('-45500.00');
  });
});

describe('out-of-area care across 31 March', () => {
  // C (2017/18) and its successor D (2018/19). A case registered under C is placed out of area
  // at NQ1, 212.5 km from home, £700.00 a night from 2018-03-01, and stays.
  const C = 'oap-chain-2017-18';
  const D = 'oap-chain-2018-19';
  const CASE = 'case-across-march';
  const created = (agreementId: string, financialYear: string, predecessor: string | null) =>
    ({
      type: 'AgreementCreated',
      data: {
        agreementId,
        commissionerCode: 'X24',
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG'],
        financialYear,
        serviceLines: [LINE],
        savingsHorizonDays: 365,
        predecessorAgreementId: predecessor,
      },
    }) as AgreementEvent;
  const log = new LedgerLog();
  log.agreement(created(C, '2017/18', null), '2017-04-01T09:00:00Z');
  const caseEvents: CaseEvent[] = [
    {
      type: 'ReferralRegistered',
      data: {
        caseId: CASE,
        agreementId: C,
        serviceLine: LINE,
        patientRef: 'SLP-PT-2',
        referralDate: '2018-03-01',
      },
    },
    {
      type: 'PlacementStarted',
      data: {
        caseId: CASE,
        placementId: 'oap-2',
        setting: 'out-of-area',
        bedType: 'medium-secure',
        providerCode: 'NQ1',
        dailyRate: '700.00',
        startDate: '2018-03-01',
        distanceFromHomeKm: '212.5',
        oapReasonCode: '10',
      },
    },
  ];
  for (const event of caseEvents) log.case(event, '2018-03-01T09:00:00Z');
  const beforeD = log.head;
  log.agreement(
    {
      type: 'SuccessorAgreementCreated',
      data: { agreementId: C, successorAgreementId: D, successorFinancialYear: '2018/19' },
    },
    '2018-04-12T09:00:00Z',
  );
  log.agreement(created(D, '2018/19', C), '2018-04-12T09:00:00Z');
  const state = foldEvents(budgetProjection, log.events);

  it("counts the stay in D's April, compared with C's March", () => {
    const report = oapMetrics(state, { agreementId: D, asOf: '2018-04-30', today: '2018-05-01' });
    expect(report?.periods).toEqual([
      {
        period: '2018-04',
        complete: true,
        countedOn: '2018-04-30',
        activeAtPeriodEnd: 1,
        started: 0, // it started in C's March
        ended: 0,
        bedDays: 30,
        cost: '21000.00', // 30 × 700.00
        meanDistanceKm: '212.5',
        meanDistanceMiles: '132.0', // 212.5 ÷ 1.609344 = 132.0412…
        // The chain's previous month is C's March, when the same OAP was active.
        changeKm: '0.0',
        changeMiles: '0.0',
        repatriations: 0,
      },
    ]);
    expect(report?.chain).toMatchObject({ predecessorAgreementId: C, successorAgreementId: null });
    // D's budget has the April nights too, out of area at NQ1.
    const budget = budgetAgainstActual(state, { agreementId: D, asOf: '2018-04-30' });
    expect(line(budget).spendToDate).toEqual({
      total: '21000.00',
      inArea: '0.00',
      outOfArea: '21000.00',
      byProvider: [{ setting: 'out-of-area', providerCode: 'NQ1', amount: '21000.00' }],
    });
    // C's March: 31 nights × 700.00 = 21,700.00, started there.
    const march = oapMetrics(state, { agreementId: C, asOf: '2018-03-31' })?.periods[11];
    expect(march).toMatchObject({ started: 1, bedDays: 31, cost: '21700.00', changeKm: null });
  });

  it('warns of the uncovered nights in the last agreement, counted through asOf or today', () => {
    // Before D: C is the last. Through today, 10 April 2018: 10 nights × 700.00 = 7,000.00.
    const beforeSuccessor = oapMetrics(state, {
      agreementId: C,
      asOf: '2018-03-31',
      knownAt: beforeD,
      today: '2018-04-10',
    });
    expect(beforeSuccessor?.warnings).toMatchObject([
      { code: 'CHAIN.UNCOVERED_NIGHTS', through: '2018-04-10', bedDays: 10, amount: '7000.00' },
    ]);
    expect(
      oapMetrics(state, { agreementId: C, asOf: '2018-03-31', today: '2018-04-10' })?.warnings,
    ).toEqual([]);
    // D as of 2 April 2019: the nights of 1 and 2 April 2019, 2 × 700.00 = 1,400.00.
    const lastDay = oapMetrics(state, { agreementId: D, asOf: '2019-04-02', today: '2018-05-01' });
    expect(lastDay?.warnings).toMatchObject([
      { from: '2019-04-01', through: '2019-04-02', bedDays: 2, amount: '1400.00' },
    ]);
    // The budget and savings reports of D carry the same warning.
    expect(budgetAgainstActual(state, { agreementId: D, asOf: '2019-04-02' })?.warnings).toEqual(
      lastDay?.warnings,
    );
    expect(savingsReport(state, { agreementId: D, asOf: '2019-04-02' })?.warnings).toEqual(
      lastDay?.warnings,
    );
  });
});
