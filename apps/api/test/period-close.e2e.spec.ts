/**
 * Period close over HTTP, end to end on the embedded SQLite store with the server's date fixed
 * at 2025-10-15: April to September of 2025/26 close in order, each close's figures are
 * checked to the penny against hand-worked figures, the recognised savings become available
 * for reinvestment, a back-dated discharge reaches the ledger as a prior-period adjustment,
 * and every refusal writes nothing.
 */
import { money, postingsForAgreementEvent, type PeriodClosed } from '@ledger/domain';
import * as f from './testing/ledger-fixtures';
import { expectRecorded, expectRefusedWithoutWriting } from './testing/ledger-expectations';
import { given } from './testing/ledger-givens';
import { LedgerTestApp, type Caller } from './testing/ledger-test-app';
import { closePeriodsThrough } from './testing/period-close';

/** A second patient, in low secure, out of area at £540.00 a night from 2025-07-10. */
const CASE_B = 'case-0002';
const caseBReferral = f.referralBody({
  caseId: CASE_B,
  serviceLine: 'adult-low-secure',
  patientRef: 'PSN-19QC',
  referralDate: '2025-07-01',
});
const caseBPlacement = f.outOfAreaPlacementBody({
  placementId: 'plc-b1',
  bedType: 'low-secure',
  providerCode: 'NQ1',
  dailyRate: '540.00',
  startDate: '2025-07-10',
  distanceFromHomeKm: '96.5',
});

const close = (ledger: LedgerTestApp, period: string, as: Caller = f.leadFinance) =>
  ledger.post(f.paths.periodCloses(), as, { period });

async function recorded(ledger: LedgerTestApp, path: string, as: Caller, body: unknown) {
  const response = await ledger.post(path, as, body);
  if (response.statusCode !== 201) {
    throw new Error(`Setup ${path} answered ${response.statusCode}: ${response.body}`);
  }
}

/** The agreement's PeriodClosed events, by the period they closed. */
async function closesOf(ledger: LedgerTestApp): Promise<Map<string, PeriodClosed['data']>> {
  const response = await ledger.get(`${f.paths.agreement()}/events`, f.reviewer);
  const events = response.json<{ events: { type: string; data: PeriodClosed['data'] }[] }>().events;
  return new Map(
    events.filter((e) => e.type === 'PeriodClosed').map((e) => [e.data.period, e.data]),
  );
}

const caseA = (placementId: string, setting: string, providerCode: string) => ({
  caseId: f.CASE_ID,
  placementId,
  serviceLine: 'adult-medium-secure',
  setting,
  providerCode,
});
const oapA = caseA('plc-1', 'out-of-area', 'NVC01');
const stepDownA = caseA('plc-2', 'in-area', 'RPG');
const oapB = {
  caseId: CASE_B,
  placementId: 'plc-b1',
  serviceLine: 'adult-low-secure',
  setting: 'out-of-area',
  providerCode: 'NQ1',
};
const noAdjustments = { costs: [], savings: [] };

describe('closing April to September of 2025/26 over HTTP', () => {
  let ledger: LedgerTestApp;
  let closes: Map<string, PeriodClosed['data']>;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    await given.allocation(ledger);
    // Case A: out of area at £685.50 from 2025-06-01; £712.00 from 2025-08-01; brought home
    // mid-month on 2025-09-16 to Oxleas (RPG) at £450.00.
    await recorded(ledger, f.paths.cases, f.leadCaseManager, f.referralBody());
    await recorded(ledger, f.paths.placements(), f.leadCaseManager, f.outOfAreaPlacementBody());
    await recorded(ledger, f.paths.rateChanges(), f.leadCaseManager, f.rateChangeBody());
    await recorded(
      ledger,
      f.paths.repatriations(),
      f.partnerCaseManager,
      f.repatriationBody({ repatriationDate: '2025-09-16' }),
    );
    // Case B: out of area at £540.00 from 2025-07-10.
    await recorded(ledger, f.paths.cases, f.leadCaseManager, caseBReferral);
    await recorded(ledger, f.paths.placements(CASE_B), f.leadCaseManager, caseBPlacement);
    await closePeriodsThrough(ledger, '2025-07');
    // Recorded after July closed: case B was in fact discharged on 2025-07-20.
    await recorded(ledger, f.paths.discharge(CASE_B), f.leadCaseManager, {
      dischargeDate: '2025-07-20',
      reason: 'Discharged to community forensic team',
    });
    await closePeriodsThrough(ledger, '2025-09');
    closes = await closesOf(ledger);
  });

  afterAll(() => ledger.dispose());

  it('closes the six periods in order, and the agreement says so', async () => {
    expect([...closes.keys()]).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
    ]);
    const summary = (await ledger.get(f.paths.agreement(), f.leadFinance)).json();
    expect(summary.closedPeriods).toEqual([...closes.keys()]);
  });

  it('posts nothing for April and May: no bed was occupied', () => {
    for (const period of ['2025-04', '2025-05']) {
      expect(closes.get(period)).toEqual({
        agreementId: f.AGREEMENT_ID,
        period,
        accruedCosts: [],
        recognisedSavings: [],
        priorPeriodAdjustments: noAdjustments,
        priorYearAdjustments: noAdjustments,
      });
    }
  });

  it('posts June: case A’s 30 nights at £685.50', () => {
    // 30 × 685.50 = 20,565.00.
    expect(closes.get('2025-06')).toMatchObject({
      accruedCosts: [{ ...oapA, period: '2025-06', bedDays: 30, amount: '20565.00' }],
      recognisedSavings: [],
      priorPeriodAdjustments: noAdjustments,
    });
  });

  it('posts July as it was known when July closed, before the late discharge', () => {
    // Case A: 31 × 685.50 = 21,250.50. Case B: 10–31 July, 22 × 540.00 = 11,880.00.
    expect(closes.get('2025-07')).toMatchObject({
      accruedCosts: [
        { ...oapA, period: '2025-07', bedDays: 31, amount: '21250.50' },
        { ...oapB, period: '2025-07', bedDays: 22, amount: '11880.00' },
      ],
      recognisedSavings: [],
      priorPeriodAdjustments: noAdjustments,
    });
  });

  it('posts August at the new rate, with the back-dated discharge as a July adjustment', () => {
    // Case A: 31 × 712.00 = 22,072.00. Case B left on 2025-07-20, so July had nights 10–19
    // only: 10 × 540.00 = 5,400.00 instead of 11,880.00. The adjustment belongs to July and
    // is posted in August: (10 − 22) × 540.00 = −6,480.00, −12 bed days. August has no night
    // of case B, so no cost of its own for it.
    expect(closes.get('2025-08')).toEqual({
      agreementId: f.AGREEMENT_ID,
      period: '2025-08',
      accruedCosts: [{ ...oapA, period: '2025-08', bedDays: 31, amount: '22072.00' }],
      recognisedSavings: [],
      priorPeriodAdjustments: {
        costs: [{ ...oapB, period: '2025-07', bedDays: -12, amount: '-6480.00' }],
        savings: [],
      },
      priorYearAdjustments: noAdjustments,
    });
  });

  it('posts the adjustment in August, belonging to July, from spend back to budget', () => {
    const august = { type: 'PeriodClosed' as const, data: closes.get('2025-08')! };
    const adjustment = postingsForAgreementEvent(august).find(
      (p) => p.source === 'PlacementCostAdjustment',
    );
    expect(adjustment).toMatchObject({
      period: '2025-07',
      postedIn: '2025-08',
      debitAccount: 'spend:adult-low-secure:out-of-area:NQ1',
      creditAccount: 'budget:adult-low-secure',
      reference: 'plc-b1',
    });
    expect(adjustment?.amount.equals(money('6480.00'))).toBe(true);
  });

  it('posts September: the repatriation mid-month, and its saving', () => {
    // Out of area 1–15 September: 15 × 712.00 = 10,680.00. In area 16–30 September:
    // 15 × 450.00 = 6,750.00. R_o is the rate on the last charged night (15 September),
    // £712.00, so each in-area night saves 712.00 − 450.00 = 262.00: 15 × 262.00 = 3,930.00.
    expect(closes.get('2025-09')).toEqual({
      agreementId: f.AGREEMENT_ID,
      period: '2025-09',
      accruedCosts: [
        { ...oapA, period: '2025-09', bedDays: 15, amount: '10680.00' },
        { ...stepDownA, period: '2025-09', bedDays: 15, amount: '6750.00' },
      ],
      recognisedSavings: [
        {
          caseId: f.CASE_ID,
          serviceLine: 'adult-medium-secure',
          period: '2025-09',
          nights: 15,
          amount: '3930.00',
        },
      ],
      priorPeriodAdjustments: noAdjustments,
      priorYearAdjustments: noAdjustments,
    });
  });

  it('makes the recognised savings available for reinvestment, and no more', async () => {
    // Retained: 3,930.00 recognised in September, nothing committed yet.
    const tooMuch = await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.reinvestments(),
          f.leadFinance,
          f.reinvestmentBody({ amount: '3930.01', effectiveDate: '2025-10-20' }),
        ),
      422,
      'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
    );
    expect(tooMuch).toMatchObject({ available: '3930.00', requested: '3930.01' });
    const upTo = await ledger.post(
      f.paths.reinvestments(),
      f.leadFinance,
      f.reinvestmentBody({ amount: '3930.00', effectiveDate: '2025-10-20' }),
    );
    expectRecorded(upTo, 'ReinvestmentCommitted', f.paths.agreement());
    const summary = (await ledger.get(f.paths.agreement(), f.leadFinance)).json();
    expect(summary.retainedSavings).toBe('0.00');
  });
});

describe('period-close refusals', () => {
  let ledger: LedgerTestApp;

  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
    await given.repatriation(ledger);
  });

  afterEach(() => ledger.dispose());

  it('closes periods in order only, naming the next one', async () => {
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => close(ledger, '2025-05'),
      422,
      'PERIOD.CLOSE_OUT_OF_ORDER',
    );
    expect(problem).toMatchObject({ period: '2025-05', nextPeriod: '2025-04', retryable: true });
  });

  it("refuses a period that has not ended by the server's date", async () => {
    await closePeriodsThrough(ledger, '2025-09');
    // The server's date is 2025-10-15: October ends on the 31st.
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => close(ledger, '2025-10'),
      422,
      'PERIOD.NOT_ENDED',
    );
    expect(problem).toMatchObject({
      period: '2025-10',
      lastDay: '2025-10-31',
      today: '2025-10-15',
    });
  });

  it('refuses to close a period twice', async () => {
    expect((await close(ledger, '2025-04')).statusCode).toBe(201);
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => close(ledger, '2025-04'),
      409,
      'PERIOD.ALREADY_CLOSED',
    );
    expect(problem).toMatchObject({ period: '2025-04', retryable: false });
  });

  it('refuses a period outside the agreement’s year, and one that is not a period', async () => {
    const outside = await expectRefusedWithoutWriting(
      ledger,
      () => close(ledger, '2026-04'),
      422,
      'VALIDATION.FAILED',
    );
    expect(outside.errors?.map((e) => e.field)).toEqual(['period']);
    const malformed = await expectRefusedWithoutWriting(
      ledger,
      () => close(ledger, '2025-4'),
      400,
      'VALIDATION.FAILED',
    );
    expect(malformed.errors).toEqual([
      { field: 'period', message: 'must be a period written YYYY-MM' },
    ]);
  });

  it('answers an agreement never created with 404', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(f.paths.periodCloses('nobody-2025-26'), f.leadFinance, { period: '2025-04' }),
      404,
      'AGREEMENT.NOT_FOUND',
    );
  });

  it.each([
    ['a reviewer', f.reviewer, 'AUTH.FORBIDDEN_ROLE'],
    ['a case manager of the lead provider', f.leadCaseManager, 'AUTH.FORBIDDEN_ROLE'],
    ['the commissioner', f.commissioner, 'AUTH.FORBIDDEN_ROLE'],
    ['an analyst', f.analyst, 'AUTH.FORBIDDEN_ROLE'],
    ['finance of an organisation outside the agreement', f.outsiderFinance, 'AUTH.OUT_OF_SCOPE'],
  ])('refuses %s with 403', async (_who, caller, code) => {
    await expectRefusedWithoutWriting(ledger, () => close(ledger, '2025-04', caller), 403, code);
  });

  it('is described in the OpenAPI document, with its body and refusals', async () => {
    const document = (await ledger.get('/openapi.json')).json();
    const operation = document.paths['/v1/agreements/{agreementId}/period-closes'].post;
    expect(operation.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ClosePeriodDto',
    });
    // One of period (one month) and through (every open month up to it): neither is required
    // alone, and a body with neither is refused naming period.
    const schema = document.components.schemas.ClosePeriodDto;
    expect(schema.required).toBeUndefined();
    expect(Object.keys(schema.properties)).toEqual(['period', 'through']);
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['201', '403', '409', '412', '422', '503']),
    );
    expect(operation.description).toContain('PERIOD.NOT_ENDED');
  });

  it('lets an admin close a period', async () => {
    expectRecorded(await close(ledger, '2025-04', f.admin), 'PeriodClosed', f.paths.agreement());
  });
});
