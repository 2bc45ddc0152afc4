/**
 * The reports of a chain of agreements over HTTP (domain.md, "Years: chains of agreements";
 * docs/year-end.md, "What the reports show"), on the real API and a real SQLite file, with
 * domain.md's worked example. The clock is TODAY (2025-10-15).
 *
 * A covers 2017/18, B (naming A as predecessor) 2018/19. A case registered under A is out of
 * area at NVC01, £700.00 a night, from 2017-09-01, and repatriated on 2017-10-01 to £450.00 in
 * area at RPG, horizon 365 nights: 2017-10-01 .. 2018-09-30 save £250.00 a night, 182 nights in
 * A (Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 28 + Mar 31) and 183 in B (Apr 30 + May 31 +
 * Jun 30 + Jul 31 + Aug 31 + Sep 30). After A's twelve closes and B's creation, a discharge
 * dated 2018-03-21 takes 11 nights out of A's March: −11 × £450.00 = −£4,950.00 of cost and
 * −11 × £250.00 = −£2,750.00 of savings, which B's M01 close posts as prior-year adjustments.
 *
 * A second case, registered under B, is out of area at NQ1 from 2019-03-01 at £500.00, £520.00
 * from 2025-04-01, and still there: after B's 31 March 2019 its nights are uncovered.
 *
 * The same reports come out byte for byte at the head and at knownAtPosition = head, and from
 * the PostgreSQL read model (a second API reading a schema of the real PostgreSQL 15 that a
 * projector filled from the same log).
 */
import {
  catchUp,
  PostgresReadModelReader,
  PostgresReadModelWriter,
  SqlProjector,
} from '@ledger/read-model/sql';
import {
  dropSchemas,
  requirePostgres,
  TEST_POSTGRES_URL,
  testSchemaName,
} from '@ledger/read-model/sql/testing/postgres-test-schema';
import type { LightMyRequestResponse } from 'fastify';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';

jest.setTimeout(60_000);

const A = 'slp-adult-secure-2017-18';
const B = 'slp-adult-secure-2018-19';
const CASE = 'case-worked-example';
const CASE_2 = 'case-uncovered';
const LINE = 'adult-medium-secure';
const YEAR_A = [
  '2017-04',
  '2017-05',
  '2017-06',
  '2017-07',
  '2017-08',
  '2017-09',
  '2017-10',
  '2017-11',
  '2017-12',
  '2018-01',
  '2018-02',
  '2018-03',
];
const report = (agreementId: string, name: string, query = '') =>
  `${f.paths.agreement(agreementId)}/reports/${name}${query ? `?${query}` : ''}`;

describe('the reports of a chain of agreements over HTTP', () => {
  let ledger: LedgerTestApp;
  /** Log positions: A's year closed (before B existed), and B's M01 closed. */
  const at = { aClosed: 0, bClosed: 0 };

  const expectCreated = (response: LightMyRequestResponse) =>
    expect({
      status: response.statusCode,
      body: response.statusCode === 201 ? null : response.json(),
    }).toEqual({
      status: 201,
      body: null,
    });
  const json = async <T = Record<string, unknown>>(url: string): Promise<T> => {
    const response = await ledger.get(url, f.reviewer);
    expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
    return response.json<T>();
  };

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    const created = await ledger.post(f.paths.agreements, f.commissioner, {
      ...f.agreementBody(A),
      financialYear: '2017/18',
    });
    expectCreated(created);
    expectCreated(
      await ledger.post(
        f.paths.cases,
        f.leadCaseManager,
        f.referralBody({ caseId: CASE, agreementId: A, referralDate: '2017-09-01' }),
      ),
    );
    expectCreated(
      await ledger.post(
        f.paths.placements(CASE),
        f.leadCaseManager,
        f.outOfAreaPlacementBody({ startDate: '2017-09-01', dailyRate: '700.00' }),
      ),
    );
    expectCreated(
      await ledger.post(
        f.paths.repatriations(CASE),
        f.leadCaseManager,
        f.repatriationBody({ repatriationDate: '2017-10-01' }),
      ),
    );
    for (const period of YEAR_A) {
      expectCreated(await ledger.post(f.paths.periodCloses(A), f.leadFinance, { period }));
    }
    at.aClosed = await ledger.head();
    expectCreated(
      await ledger.post(f.paths.agreements, f.commissioner, {
        ...f.agreementBody(B),
        financialYear: '2018/19',
        predecessorAgreementId: A,
      }),
    );
  });

  afterAll(async () => {
    await ledger?.dispose();
  });

  it("counts the case registered under A in B's reports before any close of B", async () => {
    // B's year is over, so its reports stand at 2019-03-31: 365 nights in area × 450.00.
    const budget = await json<{
      asOf: string;
      lines: { serviceLine: string; spendToDate: { total: string }; provisionalSpend: string }[];
      chain: unknown;
    }>(report(B, 'budget'));
    expect(budget.asOf).toBe('2019-03-31');
    expect(budget.lines.find((l) => l.serviceLine === LINE)).toMatchObject({
      spendToDate: { total: '164250.00', inArea: '164250.00' },
      provisionalSpend: '164250.00',
    });
    expect(budget.chain).toEqual({
      agreements: [
        { agreementId: A, financialYear: '2017/18' },
        { agreementId: B, financialYear: '2018/19' },
      ],
      predecessorAgreementId: A,
      successorAgreementId: null,
    });
    // The horizon's 183 nights in B × 250.00 = 45,750.00, all provisional.
    const savings = await json<{ recognised: unknown; byCase: { caseId: string }[] }>(
      report(B, 'savings'),
    );
    expect(savings.recognised).toEqual({
      posted: '0.00',
      provisional: '45750.00',
      pendingPriorPeriodAdjustments: '0.00',
      priorYearAdjustments: '0.00',
      total: '45750.00',
    });
    expect(savings.byCase.map((c) => c.caseId)).toEqual([CASE]);
  });

  it('records the discharge, a stay under B past its year end, and closes B’s April', async () => {
    const savingsBefore = await json<{ recognised: { total: string } }>(report(A, 'savings'));
    // A's own 182 nights × 250.00, as its closes posted them.
    expect(savingsBefore.recognised.total).toBe('45500.00');
    expectCreated(
      await ledger.post(
        f.paths.discharge(CASE),
        f.leadCaseManager,
        f.dischargeBody({ dischargeDate: '2018-03-21' }),
      ),
    );
    expectCreated(
      await ledger.post(
        f.paths.cases,
        f.leadCaseManager,
        f.referralBody({
          caseId: CASE_2,
          agreementId: B,
          patientRef: 'PSN-2B',
          referralDate: '2019-03-01',
        }),
      ),
    );
    expectCreated(
      await ledger.post(
        f.paths.placements(CASE_2),
        f.leadCaseManager,
        f.outOfAreaPlacementBody({
          placementId: 'plc-3',
          providerCode: 'NQ1',
          startDate: '2019-03-01',
          dailyRate: '500.00',
        }),
      ),
    );
    expectCreated(
      await ledger.post(
        f.paths.rateChanges('plc-3', CASE_2),
        f.leadCaseManager,
        f.rateChangeBody({ dailyRate: '520.00', effectiveDate: '2025-04-01' }),
      ),
    );
    expectCreated(await ledger.post(f.paths.periodCloses(B), f.leadFinance, { period: '2018-04' }));
    at.bClosed = await ledger.head();
  });

  it("shows the late discharge pending in A until B's M01, then as posted in B, A's totals unchanged", async () => {
    type Savings = {
      byPeriod: { period: string; amount: string; pendingAdjustment: string }[];
      recognised: { total: string; pendingPriorPeriodAdjustments: string };
      postedInSuccessor: unknown;
    };
    const pending = await json<Savings>(report(A, 'savings', `knownAtPosition=${at.bClosed - 1}`));
    // March: 7,750.00 posted; 11 × 250.00 = 2,750.00 fewer now, not yet posted anywhere.
    expect(pending.byPeriod[11]).toEqual({
      period: '2018-03',
      status: 'posted',
      amount: '7750.00',
      pendingAdjustment: '-2750.00',
    });
    expect(pending.recognised).toMatchObject({
      pendingPriorPeriodAdjustments: '-2750.00',
      total: '42750.00',
    });
    expect(pending.postedInSuccessor).toEqual({ adjustments: [], total: '0.00' });

    const posted = await json<Savings>(report(A, 'savings'));
    expect(posted.byPeriod[11]).toEqual({
      period: '2018-03',
      status: 'posted',
      amount: '7750.00',
      pendingAdjustment: '0.00',
    });
    expect(posted.recognised).toMatchObject({
      pendingPriorPeriodAdjustments: '0.00',
      total: '45500.00',
    });
    expect(posted.postedInSuccessor).toEqual({
      adjustments: [
        {
          caseId: CASE,
          serviceLine: LINE,
          period: '2018-03',
          postedInAgreementId: B,
          postedIn: '2018-04',
          amount: '-2750.00',
        },
      ],
      total: '-2750.00',
    });
    // A's budget: its 30 × 700.00 + 182 × 450.00 = 102,900.00 of posted spend stands.
    const budget = await json<{ lines: Record<string, unknown>[] }>(report(A, 'budget'));
    expect(budget.lines[0]).toMatchObject({
      spendToDate: { total: '102900.00' },
      pendingPriorPeriodAdjustments: '0.00',
      postedInSuccessor: [
        {
          period: '2018-03',
          postedInAgreementId: B,
          postedIn: '2018-04',
          spend: { total: '-4950.00', inArea: '-4950.00' },
        },
      ],
    });
    const csv = await ledger.get(
      report(A, 'savings', 'format=csv&section=posted-in-successor'),
      f.reviewer,
    );
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'case_id,service_line,period,posted_in_agreement_id,posted_in,amount_gbp',
      `${CASE},${LINE},2018-03,${B},2018-04,-2750.00`,
      'Total,,,,,-2750.00',
      '',
    ]);
  });

  it("counts the prior-year adjustments in B's totals under prior year, as B's accounts do", async () => {
    const savings = await json<Record<string, unknown>>(report(B, 'savings'));
    expect(savings.priorYear).toEqual({
      adjustments: [
        {
          caseId: CASE,
          serviceLine: LINE,
          belongsToAgreementId: A,
          period: '2018-03',
          postedIn: '2018-04',
          amount: '-2750.00',
        },
      ],
      total: '-2750.00',
    });
    // B's own periods save nothing now (the case left in March 2018; the second is not
    // repatriated): its total is the prior-year −2,750.00, as its savings:retained moved.
    expect(savings.recognised).toEqual({
      posted: '-2750.00',
      provisional: '0.00',
      pendingPriorPeriodAdjustments: '0.00',
      priorYearAdjustments: '-2750.00',
      total: '-2750.00',
    });
    const budget = await json<{ lines: Record<string, unknown>[]; totals: unknown }>(
      report(B, 'budget'),
    );
    // −4,950.00 prior year, and case 2's March 2019: 31 × 500.00 = 15,500.00 out of area.
    expect(budget.lines[0]).toMatchObject({
      priorYear: [
        {
          belongsToAgreementId: A,
          period: '2018-03',
          postedIn: '2018-04',
          spend: { total: '-4950.00', inArea: '-4950.00', outOfArea: '0.00' },
        },
      ],
      priorYearAdjustments: '-4950.00',
      spendToDate: { total: '10550.00', inArea: '-4950.00', outOfArea: '15500.00' },
      postedSpend: '-4950.00',
      provisionalSpend: '15500.00',
    });
    expect(budget.totals).toMatchObject({
      spendToDate: '10550.00',
      priorYearAdjustments: '-4950.00',
    });
    const balances = await json<{ balances: { account: string; balance: string }[] }>(
      report(B, 'balances'),
    );
    expect(balances.balances).toContainEqual({
      account: 'spend:adult-medium-secure:in-area:RPG',
      balance: '-4950.00',
    });
    expect(balances.balances).toContainEqual({ account: 'savings:retained', balance: '-2750.00' });
  });

  it('warns of the uncovered nights in the last agreement’s budget and out-of-area reports', async () => {
    // Case 2, 2019-04-01 .. 2025-10-15 (today; asOf is B's year end): 2019-04-01 .. 2025-03-31
    // is six years with two 29 Februaries, 6 × 365 + 2 = 2,192 nights × 500.00 = 1,096,000.00;
    // 2025-04-01 .. 2025-10-15 is 30 + 31 + 30 + 31 + 31 + 30 + 15 = 198 nights × 520.00 =
    // 102,960.00. In all 2,390 nights, 1,198,960.00. Case 1 was discharged: none.
    const warning = {
      code: 'CHAIN.UNCOVERED_NIGHTS',
      message:
        `2390 nights from 2019-04-01 through 2025-10-15, after the end of ${B} (2018/19, the last ` +
        'agreement of its chain), are charged to no agreement; at the rates in force they would ' +
        `cost £1,198,960.00. Create the 2019/20 agreement naming ${B} as its ` +
        'predecessorAgreementId (POST /v1/agreements) to charge them to its year.',
      from: '2019-04-01',
      through: '2025-10-15',
      nextFinancialYear: '2019/20',
      bedDays: 2390,
      amount: '1198960.00',
      byCase: [
        {
          caseId: CASE_2,
          serviceLine: LINE,
          registeredUnder: B,
          bedDays: 2390,
          amount: '1198960.00',
        },
      ],
    };
    for (const name of ['budget', 'oap-metrics', 'savings']) {
      expect((await json<{ warnings: unknown }>(report(B, name))).warnings).toEqual([warning]);
    }
    // An as-of date after the year end counts through itself: 30 April 2019, 30 × 500.00.
    const april = await json<{ warnings: unknown[] }>(report(B, 'budget', 'asOf=2019-04-30'));
    expect(april.warnings).toMatchObject([
      { through: '2019-04-30', bedDays: 30, amount: '15000.00' },
    ]);
    const csv = await ledger.get(
      report(B, 'oap-metrics', 'format=csv&section=uncovered-nights'),
      f.reviewer,
    );
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'case_id,service_line,registered_under,from,through,bed_days,would_cost_gbp',
      `${CASE_2},${LINE},${B},2019-04-01,2025-10-15,2390,1198960.00`,
      'Total,,,,,2390,1198960.00',
      '',
    ]);
    // A has a successor: nothing of A's is uncovered.
    expect((await json<{ warnings: unknown }>(report(A, 'budget'))).warnings).toEqual([]);
  });

  it('treats A as the last agreement at a knowledge time before B existed', async () => {
    const before = await json<{ chain: unknown; warnings: Record<string, unknown>[] }>(
      report(A, 'budget', `knownAtPosition=${at.aClosed}`),
    );
    expect(before.chain).toEqual({
      agreements: [{ agreementId: A, financialYear: '2017/18' }],
      predecessorAgreementId: null,
      successorAgreementId: null,
    });
    // The case, in area at 450.00 then, from 2018-04-01 through today: 2018-04-01 ..
    // 2025-03-31 is seven years with two 29 Februaries, 7 × 365 + 2 = 2,557 nights, plus 198:
    // 2,755 nights × 450.00 = 1,239,750.00.
    expect(before.warnings).toMatchObject([
      {
        code: 'CHAIN.UNCOVERED_NIGHTS',
        from: '2018-04-01',
        through: '2025-10-15',
        nextFinancialYear: '2018/19',
        bedDays: 2755,
        amount: '1239750.00',
      },
    ]);
    // B did not exist then.
    expect(
      (await ledger.get(report(B, 'budget', `knownAtPosition=${at.aClosed}`), f.reviewer))
        .statusCode,
    ).toBe(404);
  });

  describe('the same bytes from every path', () => {
    const schema = testSchemaName('chain_e2e');
    let production: LedgerTestApp;
    let writer: PostgresReadModelWriter;
    const paths = [A, B].flatMap((agreementId) =>
      ['', 'asOf=2018-04-30', 'asOf=2019-04-30'].flatMap((asOf) => [
        ...['budget', 'savings', 'oap-metrics'].map((name) => report(agreementId, name, asOf)),
        ...[
          ['budget', 'prior-year'],
          ['budget', 'posted-in-successor'],
          ['budget', 'uncovered-nights'],
          ['savings', 'prior-year'],
          ['savings', 'posted-in-successor'],
          ['savings', 'summary'],
          ['oap-metrics', 'uncovered-nights'],
        ].map(([name, section]) =>
          report(agreementId, name, `${asOf}${asOf ? '&' : ''}format=csv&section=${section}`),
        ),
      ]),
    );

    beforeAll(async () => {
      await requirePostgres();
      writer = new PostgresReadModelWriter({ connectionString: TEST_POSTGRES_URL, schema });
      await writer.migrate();
      await catchUp(ledger.store, new SqlProjector(writer));
      production = await LedgerTestApp.start({
        dataDir: ledger.dataDir,
        readModel: () => {
          const reader = new PostgresReadModelReader({
            connectionString: TEST_POSTGRES_URL,
            schema,
          });
          return Promise.resolve({ reader, inline: null, close: () => reader.close() });
        },
      });
    });

    afterAll(async () => {
      await production?.stop();
      await writer?.close();
      await dropSchemas(schema);
    });

    it('at the head and at knownAtPosition = head, from SQLite and from PostgreSQL', async () => {
      const head = await ledger.head();
      for (const path of paths) {
        const separator = path.includes('?') ? '&' : '?';
        const atHead = await ledger.get(path, f.reviewer);
        const replayed = await ledger.get(`${path}${separator}knownAtPosition=${head}`, f.reviewer);
        const fromPostgres = await production.get(path, f.reviewer);
        expect({ path, status: atHead.statusCode }).toEqual({ path, status: 200 });
        expect({ path, body: replayed.body }).toEqual({ path, body: atHead.body });
        expect({ path, body: fromPostgres.body }).toEqual({ path, body: atHead.body });
      }
    });
  });
});
