/**
 * Two years of a chain of agreements over HTTP, on the real API and a real SQLite file
 * (domain.md, "Years: chains of agreements"; docs/year-end.md). The clock is TODAY
 * (2025-10-15), so every period of 2023/24 (agreement A) and 2024/25 (B) has ended.
 *
 * A case registered under A is placed out of area at £700.00 a night from 2023-09-01 and
 * repatriated on 2023-10-01 to £450.00 in area, horizon 365 nights: it crosses 31 March, and so
 * does its horizon. 2024 is a leap year, so the 365 nights from 2023-10-01 run to 2024-09-29:
 *   in A, 2023-10-01 .. 2024-03-31: 31 + 30 + 31 + 31 + 29 + 31 = 183 nights × 250.00 = 45,750.00
 *   in B, 2024-04-01 .. 2024-09-29: 30 + 31 + 30 + 31 + 31 + 29 = 182 nights × 250.00 = 45,500.00
 * After A's M12 is closed, a discharge dated 2024-03-21 is recorded: 11 nights (21 to 31
 * March) come out of A's March, −11 × 450.00 = −4,950.00 of cost and −11 × 250.00 = −2,750.00
 * of savings, posted by B's M01 close on B's accounts as prior-year adjustments referencing A
 * and 2024-03.
 *
 * A second case, £600.00 out of area from 2024-01-01, is repatriated on 2024-03-02 to £400.00:
 * its horizon is A's (365 nights: A's year holds the date), not B's 30, so it saves
 * 30 nights × 200.00 = 6,000.00 in A's March and 30 × 200.00 = 6,000.00 in B's April.
 *
 * The carry-forward moves A's 45,750.00 + 6,000.00 = 51,750.00 to B; a reinvestment in B is
 * refused before it and accepted after.
 */
import type { LightMyRequestResponse } from 'fastify';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';

const A = 'slp-adult-secure-2023-24';
const B = 'slp-adult-secure-2024-25';
const CASE = 'case-chain-1';
const CASE_2 = 'case-chain-2';
const YEAR_A = [
  '2023-04',
  '2023-05',
  '2023-06',
  '2023-07',
  '2023-08',
  '2023-09',
  '2023-10',
  '2023-11',
  '2023-12',
  '2024-01',
  '2024-02',
  '2024-03',
];

const agreementA = () => ({ ...f.agreementBody(A), financialYear: '2023/24' });
const agreementB = (overrides: Record<string, unknown> = {}) => ({
  ...f.agreementBody(B),
  financialYear: '2024/25',
  partnerProviderCodes: ['RPG'],
  savingsHorizonDays: 30,
  predecessorAgreementId: A,
  ...overrides,
});

describe('a chain of two agreements over HTTP', () => {
  let ledger: LedgerTestApp;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
  });

  afterAll(async () => {
    await ledger.dispose();
  });

  const expectStatus = (response: LightMyRequestResponse, status: number, code?: string) => {
    expect({ status: response.statusCode, code: code && response.json().code }).toEqual({
      status,
      code,
    });
  };
  const close = (agreementId: string, period: string) =>
    ledger.post(f.paths.periodCloses(agreementId), f.leadFinance, { period });
  const events = async (agreementId: string) =>
    (await ledger.get(`${f.paths.agreement(agreementId)}/events`, f.reviewer)).json().events as {
      type: string;
      data: Record<string, unknown>;
      metadata: { schemaVersion: number };
    }[];
  const lastClose = async (agreementId: string) => {
    const closes = (await events(agreementId)).filter((e) => e.type === 'PeriodClosed');
    return closes[closes.length - 1].data;
  };
  const balances = async (agreementId: string) => {
    const report = (
      await ledger.get(`${f.paths.agreement(agreementId)}/reports/balances`, f.reviewer)
    ).json();
    return {
      total: report.total,
      ...Object.fromEntries(
        report.balances.map((b: { account: string; balance: string }) => [b.account, b.balance]),
      ),
    };
  };
  const reinvest = (commitmentId: string, amount: string) =>
    ledger.post(
      f.paths.reinvestments(B),
      f.leadFinance,
      f.reinvestmentBody({ commitmentId, amount, effectiveDate: '2024-06-15' }),
    );

  it("records A's year, the case crossing 31 March, and refuses what the chain does not allow yet", async () => {
    expectStatus(await ledger.post(f.paths.agreements, f.commissioner, agreementA()), 201);
    expectStatus(
      await ledger.post(f.paths.cases, f.leadCaseManager, {
        ...f.referralBody({ caseId: CASE, agreementId: A, referralDate: '2023-09-01' }),
      }),
      201,
    );
    expectStatus(
      await ledger.post(
        f.paths.placements(CASE),
        f.leadCaseManager,
        f.outOfAreaPlacementBody({ startDate: '2023-09-01', dailyRate: '700.00' }),
      ),
      201,
    );
    expectStatus(
      await ledger.post(
        f.paths.repatriations(CASE),
        f.leadCaseManager,
        f.repatriationBody({
          repatriationDate: '2023-10-01',
          inAreaPlacement: { ...f.repatriationBody().inAreaPlacement, dailyRate: '450.00' },
        }),
      ),
      201,
    );
    expectStatus(
      await ledger.post(f.paths.cases, f.leadCaseManager, {
        ...f.referralBody({
          caseId: CASE_2,
          agreementId: A,
          patientRef: 'PSN-2B',
          referralDate: '2024-01-01',
        }),
      }),
      201,
    );
    expectStatus(
      await ledger.post(
        f.paths.placements(CASE_2),
        f.leadCaseManager,
        f.outOfAreaPlacementBody({ startDate: '2024-01-01', dailyRate: '600.00' }),
      ),
      201,
    );
    expectStatus(
      await ledger.post(
        f.paths.repatriations(CASE_2),
        f.leadCaseManager,
        f.repatriationBody({
          repatriationDate: '2024-03-02',
          inAreaPlacement: { ...f.repatriationBody().inAreaPlacement, dailyRate: '400.00' },
        }),
      ),
      201,
    );
    for (const period of YEAR_A.slice(0, 11)) expectStatus(await close(A, period), 201);
    // Not the next year: 422. A different commissioner's agreement: out of scope, 403.
    expectStatus(
      await ledger.post(
        f.paths.agreements,
        f.commissioner,
        agreementB({ agreementId: 'slp-2025-26', financialYear: '2025/26' }),
      ),
      422,
      'CHAIN.NOT_THE_NEXT_YEAR',
    );
    expectStatus(
      await ledger.post(f.paths.agreements, f.outsiderCommissioner, {
        ...agreementB(),
        commissionerCode: '14A',
      }),
      403,
      'AUTH.OUT_OF_SCOPE',
    );
    // B may be created before A's year ends; its M01 then waits for A's M12.
    expectStatus(await ledger.post(f.paths.agreements, f.commissioner, agreementB()), 201);
    expectStatus(await close(B, '2024-04'), 422, 'CHAIN.PREDECESSOR_YEAR_OPEN');
    expectStatus(
      await ledger.post(f.paths.carryForward(A), f.leadFinance, {}),
      422,
      'CHAIN.YEAR_NOT_CLOSED',
    );
    expectStatus(await close(A, '2024-03'), 201);
    // A's savings: case 1's 183 nights × 250.00, October to March (February has 29 nights in
    // 2024), and case 2's 30 March nights × 200.00.
    const aCloses = (await events(A)).filter((e) => e.type === 'PeriodClosed');
    const savings = aCloses.flatMap((e) =>
      (
        e.data.recognisedSavings as {
          caseId: string;
          period: string;
          nights: number;
          amount: string;
        }[]
      ).map((s) => [s.caseId, s.period, s.nights, s.amount]),
    );
    expect(savings).toEqual([
      [CASE, '2023-10', 31, '7750.00'],
      [CASE, '2023-11', 30, '7500.00'],
      [CASE, '2023-12', 31, '7750.00'],
      [CASE, '2024-01', 31, '7750.00'],
      [CASE, '2024-02', 29, '7250.00'],
      [CASE, '2024-03', 31, '7750.00'],
      [CASE_2, '2024-03', 30, '6000.00'],
    ]);
  });

  it('links the two agreements, once', async () => {
    const a = (await ledger.get(f.paths.agreement(A), f.reviewer)).json();
    const b = (await ledger.get(f.paths.agreement(B), f.reviewer)).json();
    expect([a.predecessorAgreementId, a.successorAgreementId]).toEqual([null, B]);
    expect([b.predecessorAgreementId, b.successorAgreementId]).toEqual([A, null]);
    const created = (await events(B))[0];
    expect(created.metadata.schemaVersion).toBe(2);
    expect((await events(A)).map((e) => e.type)).toContain('SuccessorAgreementCreated');
    expectStatus(
      await ledger.post(f.paths.agreements, f.commissioner, agreementB({ agreementId: 'b-bis' })),
      409,
      'CHAIN.SUCCESSOR_EXISTS',
    );
  });

  it('takes a back-dated discharge after M12, and refuses a reinvestment in B before the carry-forward', async () => {
    // Dated in A's year: authorised against A, whose case manager of RV5 is the lead's.
    expectStatus(
      await ledger.post(
        f.paths.discharge(CASE),
        f.leadCaseManager,
        f.dischargeBody({ dischargeDate: '2024-03-21' }),
      ),
      201,
    );
    const refused = await reinvest('commit-1', '10000.00');
    expectStatus(refused, 422, 'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS');
    expect(refused.json()).toMatchObject({ available: '0.00', requested: '10000.00' });
  });

  it("carries A's retained savings forward once, and B may then reinvest them", async () => {
    const before = await ledger.head();
    expectStatus(await ledger.post(f.paths.carryForward(A), f.leadFinance, {}), 201);
    // One event on each agreement, in one append.
    expect(await ledger.head()).toBe(before + 2);
    expect((await events(A)).slice(-1)[0]).toMatchObject({
      type: 'SavingsCarriedForward',
      data: { agreementId: A, successorAgreementId: B, amount: '51750.00', period: '2024-03' },
    });
    expect((await events(B)).slice(-1)[0]).toMatchObject({
      type: 'SavingsBroughtForward',
      data: { agreementId: B, predecessorAgreementId: A, amount: '51750.00', period: '2024-04' },
    });
    expectStatus(
      await ledger.post(f.paths.carryForward(A), f.leadFinance, {}),
      409,
      'CHAIN.CARRY_FORWARD_ALREADY_RECORDED',
    );
    expectStatus(await reinvest('commit-1', '10000.00'), 201);
  });

  it("posts the discharge at B's M01 as prior-year adjustments referencing A and 2024-03", async () => {
    expectStatus(await close(B, '2024-04'), 201);
    const m01 = await lastClose(B);
    // Case 1's April is never charged: the discharge was known before B's April closed. Case
    // 2's April is B's: 30 × 400.00 in area, and 30 × 200.00 saved under A's horizon, which
    // runs on across 31 March (B's own 30 nights would count from a date in B's year).
    expect(
      (m01.accruedCosts as { caseId: string; bedDays: number; amount: string }[]).map((c) => [
        c.caseId,
        c.bedDays,
        c.amount,
      ]),
    ).toEqual([[CASE_2, 30, '12000.00']]);
    expect(
      (m01.recognisedSavings as { caseId: string; nights: number; amount: string }[]).map((s) => [
        s.caseId,
        s.nights,
        s.amount,
      ]),
    ).toEqual([[CASE_2, 30, '6000.00']]);
    expect(m01.priorYearAdjustments).toEqual({
      costs: [
        expect.objectContaining({
          belongsToAgreementId: A,
          caseId: CASE,
          setting: 'in-area',
          period: '2024-03',
          bedDays: -11,
          amount: '-4950.00',
        }),
      ],
      savings: [
        expect.objectContaining({
          belongsToAgreementId: A,
          caseId: CASE,
          period: '2024-03',
          nights: -11,
          amount: '-2750.00',
        }),
      ],
    });
  });

  it('keeps each agreement summing to 0.00, each from its own postings', async () => {
    // A: its closes' savings (45,750.00 + 6,000.00) all carried forward.
    expect(await balances(A)).toMatchObject({
      total: '0.00',
      'savings:retained': '0.00',
      'carried-forward': '51750.00',
    });
    // B: 51,750.00 brought forward − 10,000.00 reinvested − 2,750.00 prior-year adjustment
    // + 6,000.00 of its own April = 45,000.00; in-area spend 12,000.00 − 4,950.00 = 7,050.00;
    // its budget paid both: −7,050.00 − (6,000.00 − 2,750.00) = −10,300.00.
    expect(await balances(B)).toEqual({
      total: '0.00',
      'brought-forward': '-51750.00',
      'budget:adult-medium-secure': '-10300.00',
      'savings:retained': '45000.00',
      'reinvestment:female-forensic-step-down': '10000.00',
      'spend:adult-medium-secure:in-area:RPG': '7050.00',
    });
    const b = (await ledger.get(f.paths.agreement(B), f.reviewer)).json();
    expect(b.retainedSavings).toBe('45000.00');
  });
});
