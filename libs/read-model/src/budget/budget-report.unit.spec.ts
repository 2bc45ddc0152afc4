import {
  addDays,
  periodLastDay,
  placementCostsByPeriod,
  type CaseAgreementTerms,
  type CaseEvent,
  type PeriodClosed,
} from '@ledger/domain';
import { budgetProjection } from '../read-model';
import { foldEvents } from '../projection/projection';
import { LedgerLog } from '../testing/ledger-log';
import {
  CAMHS,
  LOW_SECURE,
  MEDIUM_SECURE,
  POSITION,
  SLP,
  slpHistory,
  withAugustClosed,
  withBackDatedRateChange,
  withJulyClosedAndReinvestment,
} from '../testing/slp-history';
import { budgetAgainstActual, type BudgetReport, type ServiceLineBudget } from './budget-report';

const nvc01 = (amount: string) => ({ setting: 'out-of-area', providerCode: 'NVC01', amount });
const nq1 = (amount: string) => ({ setting: 'out-of-area', providerCode: 'NQ1', amount });
const rpg = (amount: string) => ({ setting: 'in-area', providerCode: 'RPG', amount });

function mediumSecure(report: BudgetReport | null): ServiceLineBudget {
  const line = report?.lines.find((l) => l.serviceLine === MEDIUM_SECURE);
  if (!line) throw new Error('no medium secure line in the report');
  return line;
}

describe('budget against actual', () => {
  // Proves the report's figures for the SLP scenario (testing/slp-history.ts) against hand
  // arithmetic: posted spend for closed months, provisional live accrual for open ones (the
  // nights up to and including asOf), variance, the overspend flag, and the run-rate forecast.
  const base = foldEvents(budgetProjection, slpHistory().events);

  it('reports 20 July 2025: April–June posted, July provisional', () => {
    const report = budgetAgainstActual(base, { agreementId: SLP, asOf: '2025-07-20' });
    expect(report).toMatchObject({ financialYear: '2025/26', knownAt: POSITION.repatriated });
    expect(mediumSecure(report)).toEqual({
      serviceLine: MEDIUM_SECURE,
      fullYearBudget: '65000000.00',
      // April–July: 4 × 5,416,666.66.
      budgetToDate: '21666666.64',
      // Posted 14,395.50 + 31,450.50 + 46,065.00 = 91,911.00, plus July's provisional
      // 29,664.50 = 121,575.50. By provider: NVC01 14,395.50 + 21,250.50 + 20,565.00 +
      // 10,414.50 = 66,625.50; NQ1 10,200.00 + 25,500.00 + 17,000.00 = 52,700.00; RPG 2,250.00.
      spendToDate: {
        total: '121575.50',
        inArea: '2250.00',
        outOfArea: '119325.50',
        byProvider: [rpg('2250.00'), nq1('52700.00'), nvc01('66625.50')],
      },
      postedSpend: '91911.00',
      provisionalSpend: '29664.50',
      pendingPriorPeriodAdjustments: '0.00',
      // 21,666,666.64 − 121,575.50.
      variance: '21545091.14',
      overspent: false,
      forecast: {
        // The nights after 20 July to 31 March 2026: 11 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 31.
        nightsLeft: 254,
        activePlacements: [
          {
            caseId: 'case-0001',
            placementId: 'home-a1',
            setting: 'in-area',
            providerCode: 'RPG',
            dailyRate: '450.00',
            nightsLeft: 254,
            remainingCost: '114300.00', // 254 × 450.00
          },
          {
            caseId: 'case-0002',
            placementId: 'oap-b1',
            setting: 'out-of-area',
            providerCode: 'NQ1',
            dailyRate: '850.00',
            nightsLeft: 254,
            remainingCost: '215900.00', // 254 × 850.00
          },
        ],
        remainingCost: '330200.00',
        outturn: '451775.50', // 121,575.50 + 330,200.00
        variance: '64548224.50', // 65,000,000.00 − 451,775.50
        overspendForecast: false,
      },
      periods: [
        {
          period: '2025-04',
          status: 'posted',
          budget: '5416666.66',
          // 21 nights × 685.50.
          spend: {
            total: '14395.50',
            inArea: '0.00',
            outOfArea: '14395.50',
            byProvider: [nvc01('14395.50')],
          },
          pendingAdjustment: '0.00',
          budgetToDate: '5416666.66',
          spendToDate: '14395.50',
          variance: '5402271.16',
          overspent: false,
        },
        {
          period: '2025-05',
          status: 'posted',
          budget: '5416666.66',
          // A 31 × 685.50 = 21,250.50; B 12 × 850.00 = 10,200.00.
          spend: {
            total: '31450.50',
            inArea: '0.00',
            outOfArea: '31450.50',
            byProvider: [nq1('10200.00'), nvc01('21250.50')],
          },
          pendingAdjustment: '0.00',
          budgetToDate: '10833333.32',
          spendToDate: '45846.00',
          variance: '10787487.32',
          overspent: false,
        },
        {
          period: '2025-06',
          status: 'posted',
          budget: '5416666.66',
          // June: 30 nights × 685.50 = 20,565.00; B 30 × 850.00 = 25,500.00.
          spend: {
            total: '46065.00',
            inArea: '0.00',
            outOfArea: '46065.00',
            byProvider: [nq1('25500.00'), nvc01('20565.00')],
          },
          pendingAdjustment: '0.00',
          budgetToDate: '16249999.98',
          spendToDate: '91911.00',
          variance: '16158088.98',
          overspent: false,
        },
        {
          period: '2025-07',
          status: 'provisional',
          budget: '5416666.66',
          // Nights 1–20 July (the cost rules measured at 21 July). A out of area: 7 × 685.50 =
          // 4,798.50 plus 8 × 702.00 = 5,616.00 (from the 8th) = 10,414.50; A home, nights
          // 16–20: 5 × 450.00 = 2,250.00; B 20 × 850.00 = 17,000.00. Total 29,664.50.
          spend: {
            total: '29664.50',
            inArea: '2250.00',
            outOfArea: '27414.50',
            byProvider: [rpg('2250.00'), nq1('17000.00'), nvc01('10414.50')],
          },
          pendingAdjustment: '0.00',
          budgetToDate: '21666666.64',
          spendToDate: '121575.50',
          variance: '21545091.14',
          overspent: false,
        },
      ],
      // Alone in its chain: no prior-year adjustments posted here or for it elsewhere.
      priorYear: [],
      priorYearAdjustments: '0.00',
      postedInSuccessor: [],
    });
    // The other lines have no budget and no cases.
    expect(report?.lines.map((l) => [l.serviceLine, l.budgetToDate, l.spendToDate.total])).toEqual([
      [MEDIUM_SECURE, '21666666.64', '121575.50'],
      [LOW_SECURE, '0.00', '0.00'],
      [CAMHS, '0.00', '0.00'],
    ]);
    expect(report?.totals).toEqual({
      fullYearBudget: '65000000.00',
      budgetToDate: '21666666.64',
      spendToDate: '121575.50',
      provisionalSpend: '29664.50',
      variance: '21545091.14',
      overspent: false,
      forecastOutturn: '451775.50',
      priorYearAdjustments: '0.00',
    });
    // Its year is running (asOf 20 July 2025): no night is after its 31 March yet.
    expect(report?.warnings).toEqual([]);
  });

  it('counts a month-end as-of date’s whole month', () => {
    // As of 30 June: June is closed and over, so all three months are posted, and the
    // nights left are July–March: 365 − 91 = 274; (685.50 + 850.00) × 274 = 420,727.00.
    const line = mediumSecure(budgetAgainstActual(base, { agreementId: SLP, asOf: '2025-06-30' }));
    expect(line).toMatchObject({
      budgetToDate: '16249999.98',
      postedSpend: '91911.00',
      provisionalSpend: '0.00',
      forecast: { nightsLeft: 274, remainingCost: '420727.00', outturn: '512638.00' },
    });
  });

  it('answers with what was known at an earlier position: June not yet closed', () => {
    // Known at position 8 (May closed): June is provisional and A's July rate change and
    // repatriation are not known. June live = 46,065.00 (as posted later). July, nights 1–20:
    // A 20 × 685.50 = 13,710.00, B 20 × 850.00 = 17,000.00, so 30,710.00.
    const line = mediumSecure(
      budgetAgainstActual(base, {
        agreementId: SLP,
        asOf: '2025-07-20',
        knownAt: POSITION.mayClosed,
      }),
    );
    expect(line.periods.map((p) => [p.period, p.status, p.spend.total])).toEqual([
      ['2025-04', 'posted', '14395.50'],
      ['2025-05', 'posted', '31450.50'],
      ['2025-06', 'provisional', '46065.00'],
      ['2025-07', 'provisional', '30710.00'],
    ]);
    // 45,846.00 posted + 46,065.00 + 30,710.00 = 122,621.00.
    expect(line).toMatchObject({
      postedSpend: '45846.00',
      provisionalSpend: '76775.00',
      spendToDate: { total: '122621.00' },
      // Active on 20 July then: A at 685.50 and B at 850.00, 1,535.50 × 254 = 390,017.00.
      forecast: { remainingCost: '390017.00', outturn: '512638.00' },
    });
  });

  it('reports 20 August after July closed: the forecast holds when nothing changed', () => {
    const ledger = foldEvents(budgetProjection, withJulyClosedAndReinvestment(slpHistory()).events);
    const line = mediumSecure(
      budgetAgainstActual(ledger, { agreementId: SLP, asOf: '2025-08-20' }),
    );
    // Posted: 91,911.00 + July (10,414.50 + 7,200.00 + 26,350.00 = 43,964.50) = 135,875.50.
    // August, nights 1–20: A home 20 × 450.00 = 9,000.00, B 20 × 850.00 = 17,000.00.
    // In area: 7,200.00 + 9,000.00. Nights left: 254 − 31 = 223; 1,300.00 × 223 = 289,900.00.
    expect(line).toMatchObject({
      budgetToDate: '27083333.30', // 5 × 5,416,666.66
      postedSpend: '135875.50',
      provisionalSpend: '26000.00',
      spendToDate: { total: '161875.50', inArea: '16200.00', outOfArea: '145675.50' },
      variance: '26921457.80',
      // The same outturn as on 20 July: the month between cost exactly the run rate.
      forecast: { nightsLeft: 223, remainingCost: '289900.00', outturn: '451775.50' },
    });
    expect(line.periods.map((p) => p.status)).toEqual([
      'posted',
      'posted',
      'posted',
      'posted',
      'provisional',
    ]);
  });

  it('shows a back-dated rate change as pending adjustments until the next close posts them', () => {
    const log = withBackDatedRateChange(withJulyClosedAndReinvestment(slpHistory()));
    const ledger = foldEvents(budgetProjection, log.events);
    const line = mediumSecure(
      budgetAgainstActual(ledger, { agreementId: SLP, asOf: '2025-08-20' }),
    );
    // B at 880.00 from 1 June: June 30 × 30.00 = 900.00 and July 31 × 30.00 = 930.00 more
    // than posted. August, nights 1–20: A home 9,000.00 + B 20 × 880.00 = 17,600.00.
    expect(
      line.periods.map((p) => [p.period, p.status, p.spend.total, p.pendingAdjustment]),
    ).toEqual([
      ['2025-04', 'posted', '14395.50', '0.00'],
      ['2025-05', 'posted', '31450.50', '0.00'],
      ['2025-06', 'posted', '46065.00', '900.00'],
      ['2025-07', 'posted', '43964.50', '930.00'],
      ['2025-08', 'provisional', '26600.00', '0.00'],
    ]);
    // 135,875.50 posted + 1,830.00 pending + 26,600.00 = 164,305.50. Forecast: (450.00 +
    // 880.00) × 223 = 296,590.00, outturn 460,895.50.
    expect(line).toMatchObject({
      postedSpend: '135875.50',
      pendingPriorPeriodAdjustments: '1830.00',
      provisionalSpend: '28430.00',
      spendToDate: { total: '164305.50' },
      forecast: { remainingCost: '296590.00', outturn: '460895.50' },
    });
    // Known before the late fact was recorded, nothing was pending.
    const before = mediumSecure(
      budgetAgainstActual(ledger, {
        agreementId: SLP,
        asOf: '2025-08-20',
        knownAt: POSITION.reinvested,
      }),
    );
    expect(before).toMatchObject({
      pendingPriorPeriodAdjustments: '0.00',
      spendToDate: { total: '161875.50' },
    });

    // August's close posts both differences: nothing is pending, and June and July now show
    // 46,965.00 and 44,894.50 by the period they belong to.
    const closed = foldEvents(budgetProjection, withAugustClosed(log).events);
    const september = mediumSecure(
      budgetAgainstActual(closed, { agreementId: SLP, asOf: '2025-09-10' }),
    );
    expect(september.periods.map((p) => [p.period, p.spend.total, p.pendingAdjustment])).toEqual([
      ['2025-04', '14395.50', '0.00'],
      ['2025-05', '31450.50', '0.00'],
      ['2025-06', '46965.00', '0.00'],
      ['2025-07', '44894.50', '0.00'],
      ['2025-08', '41230.00', '0.00'], // 13,950.00 + 27,280.00
      ['2025-09', '13300.00', '0.00'], // nights 1–10: 10 × 450.00 + 10 × 880.00
    ]);
    // 178,935.50 posted + 13,300.00 provisional.
    expect(september).toMatchObject({
      postedSpend: '178935.50',
      spendToDate: { total: '192235.50' },
    });
  });

  it('flags an overspend, never refuses it', () => {
    const log = new LedgerLog();
    const agreementId = 'slp-low-secure-pilot';
    log.agreement(
      {
        type: 'AgreementCreated',
        data: {
          agreementId,
          commissionerCode: 'X24',
          leadProviderCode: 'RV5',
          partnerProviderCodes: ['RPG', 'RQY'],
          financialYear: '2025/26',
          serviceLines: [LOW_SECURE],
          savingsHorizonDays: 365,
          predecessorAgreementId: null,
        },
      },
      '2025-04-01T09:00:00Z',
    );
    // £12,000.00 evenly: exactly 1,000.00 a month.
    const months = ['04', '05', '06', '07', '08', '09', '10', '11', '12', '01', '02', '03'];
    log.agreement(
      {
        type: 'BudgetAllocated',
        data: {
          agreementId,
          allocationId: 'alloc-1',
          serviceLine: LOW_SECURE,
          amount: '12000.00',
          effectiveDate: '2025-04-01',
          profile: 'even',
          phasing: months.map((m) => ({
            period: `${m < '04' ? 2026 : 2025}-${m}`,
            amount: '1000.00',
          })),
        },
      },
      '2025-04-01T09:05:00Z',
    );
    const caseId = 'case-low-1';
    log.case(
      {
        type: 'ReferralRegistered',
        data: {
          caseId,
          agreementId,
          serviceLine: LOW_SECURE,
          patientRef: 'SLP-PT-000789',
          referralDate: '2025-04-01',
        },
      },
      '2025-04-01T10:00:00Z',
    );
    log.case(
      {
        type: 'PlacementStarted',
        data: {
          caseId,
          placementId: 'oap-l1',
          setting: 'out-of-area',
          bedType: 'low-secure',
          providerCode: 'NQ1',
          dailyRate: '850.00',
          startDate: '2025-04-01',
          distanceFromHomeKm: '95.0',
          oapReasonCode: '10',
        },
      },
      '2025-04-01T11:00:00Z',
    );
    const report = budgetAgainstActual(foldEvents(budgetProjection, log.events), {
      agreementId,
      asOf: '2025-04-30',
    });
    const line = report!.lines[0];
    // April is open, so provisional: 30 × 850.00 = 25,500.00 against April's 1,000.00.
    expect(
      line.periods.map((p) => [p.status, p.budgetToDate, p.spendToDate, p.variance, p.overspent]),
    ).toEqual([['provisional', '1000.00', '25500.00', '-24500.00', true]]);
    // Nights after 30 April: 365 − 30 = 335; 335 × 850.00 = 284,750.00; outturn 310,250.00
    // against the 12,000.00 of the whole year.
    expect(line).toMatchObject({
      variance: '-24500.00',
      overspent: true,
      forecast: {
        nightsLeft: 335,
        remainingCost: '284750.00',
        outturn: '310250.00',
        variance: '-298250.00',
        overspendForecast: true,
      },
    });
    expect(report!.totals.overspent).toBe(true);
  });

  it('agrees with the domain’s cost rules for every hand-posted close (so nothing is pending)', () => {
    const log = withJulyClosedAndReinvestment(slpHistory());
    const terms: CaseAgreementTerms = {
      agreementId: SLP,
      financialYear: '2025/26',
      serviceLines: [MEDIUM_SECURE, LOW_SECURE, CAMHS],
      leadProviderCode: 'RV5',
      partnerProviderCodes: ['RPG', 'RQY'],
      savingsHorizonDays: 365,
    };
    for (const event of log.events.filter((e) => e.type === 'PeriodClosed')) {
      const { period, accruedCosts } = event.data as PeriodClosed['data'];
      const measuredAt = addDays(periodLastDay(period), 1);
      const recomputed = ['case-0001', 'case-0002'].flatMap((caseId) => {
        const caseEvents = log.events
          .filter((e) => e.streamId === `case-${caseId}` && e.position < event.position)
          .map((e) => ({ type: e.type, data: e.data }) as CaseEvent);
        return placementCostsByPeriod(caseEvents, terms, measuredAt).filter(
          (c) => c.period === period,
        );
      });
      expect(recomputed).toEqual(accruedCosts);
    }
  });

  it('is null for an agreement not known, and refuses an as-of that is not a date', () => {
    expect(budgetAgainstActual(base, { agreementId: 'unknown', asOf: '2025-07-20' })).toBeNull();
    expect(
      budgetAgainstActual(base, { agreementId: SLP, asOf: '2025-07-20', knownAt: 0 }),
    ).toBeNull();
    expect(() => budgetAgainstActual(base, { agreementId: SLP, asOf: '20 July' })).toThrow(
      RangeError,
    );
  });
});
