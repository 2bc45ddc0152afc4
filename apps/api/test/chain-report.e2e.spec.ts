/**
 * The chain report (GET /v1/agreements/{id}/chain-report) and the lists' chain filter, over
 * HTTP on the real API and a real SQLite file, then from the PostgreSQL read model. The chain
 * is testing/chain-report-scenario.ts's: A (2023/24) and B (2024/25). Figures by hand, as of
 * the chain's last year end 2025-03-31 (TODAY is 2025-10-15, after it):
 *
 * A, from its own postings (its twelve closes):
 *   budget delegated  1,200,000.00 (the allocation)
 *   spend               151,950.00 = case 1 out of area 30 Sept nights × 700.00 = 21,000.00
 *                                  + case 1 in area 2023-10-01..2024-03-31, 183 × 450.00 = 82,350.00
 *                                  + case 2 out of area 2024-01-01..03-01, 61 × 600.00 = 36,600.00
 *                                  + case 2 in area 2024-03-02..31, 30 × 400.00 = 12,000.00
 *   savings recognised   51,750.00 = 183 × 250.00 + 30 × 200.00 (45,750.00 + 6,000.00)
 *   out of area: started 2, ended 2 (the repatriations), 30 + 61 = 91 bed days,
 *     21,000.00 + 36,600.00 = 57,600.00, none active on 2024-03-31, 2 repatriations.
 * B, before its M01 close: only its allocation, 1,320,000.00 (12 × 110,000.00); after the
 *   carry-forward, the reinvestment and M01: spend 30 × 400.00 − 11 × 450.00 (the prior-year
 *   adjustment of the late discharge) = 7,050.00; savings 30 × 200.00 − 11 × 250.00 = 3,250.00;
 *   reinvested 10,000.00; brought forward 51,750.00; retained 51,750.00 − 10,000.00 + 3,250.00 =
 *   45,000.00.
 *   out of area: case 3 from 2024-05-01, still there on 2025-03-31: 31 + 30 + 31 + 31 + 30 + 31
 *   + 30 + 31 + 31 + 28 + 31 = 335 nights × 650.00 = 217,750.00; 1 active at year end, 95.0 km
 *   = 95 / 1.609344 = 59.03… → 59.0 miles.
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
import { Workbook, type Worksheet } from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import {
  carryForwardAndCloseM01,
  CHAIN_A,
  CHAIN_B,
  CHAIN_CASE_1,
  CHAIN_CASE_2,
  CHAIN_CASE_3,
  formerPartner,
  recordChainYears,
} from './testing/chain-report-scenario';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';

jest.setTimeout(60_000);

interface ChainYearBody {
  agreementId: string;
  financialYear: string;
  asOf: string;
  complete: boolean;
  budgetDelegated: string;
  spend: string;
  savingsRecognised: string;
  reinvestmentCommitted: string;
  retainedSavings: string;
  carriedForward: string | null;
  broughtForward: string;
  oapMetrics: Record<string, unknown>;
}
interface ChainReportBody {
  agreementId: string;
  asOf: string;
  knownAt: number;
  yearsOmitted: number;
  years: ChainYearBody[];
  totals: Record<string, unknown> & { oapMetrics: Record<string, unknown> };
}

const chainReport = (agreementId: string, query = '') =>
  `/v1/agreements/${agreementId}/chain-report${query ? `?${query}` : ''}`;

const A_OAP = {
  countedOn: '2024-03-31',
  activeAtYearEnd: 0,
  started: 2,
  ended: 2,
  bedDays: 91,
  cost: '57600.00',
  meanDistanceKm: null,
  meanDistanceMiles: null,
  repatriations: 2,
};
const B_OAP = {
  countedOn: '2025-03-31',
  activeAtYearEnd: 1,
  started: 1,
  ended: 0,
  bedDays: 335,
  cost: '217750.00',
  meanDistanceKm: '95.0',
  meanDistanceMiles: '59.0',
  repatriations: 0,
};
const A_MONEY = {
  agreementId: CHAIN_A,
  financialYear: '2023/24',
  asOf: '2024-03-31',
  complete: true,
  budgetDelegated: '1200000.00',
  spend: '151950.00',
  savingsRecognised: '51750.00',
  reinvestmentCommitted: '0.00',
  broughtForward: '0.00',
};

async function workbookOf(body: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

/** A sheet as objects keyed by its header labels, data and summary rows alike. */
function rowsOf(sheet: Worksheet): Record<string, unknown>[] {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  for (let n = 2; n <= sheet.rowCount; n += 1) {
    const row = sheet.getRow(n);
    rows.push(Object.fromEntries(header.map((label, i) => [label, row.getCell(i + 1).value])));
  }
  return rows;
}

const problemOf = (response: LightMyRequestResponse) =>
  response.json<{ code: string; errors?: { field: string; message: string }[] }>();

describe('the chain report and the chain filter, over HTTP', () => {
  let ledger: LedgerTestApp;
  let beforeB: number;
  let bCreated: number;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    ({ beforeB, bCreated } = await recordChainYears(ledger));
  });

  afterAll(() => ledger.dispose());

  const report = async (url: string, as = f.reviewer): Promise<ChainReportBody> => {
    const response = await ledger.get(url, as);
    expect({ url, status: response.statusCode, body: response.body }).toMatchObject({
      url,
      status: 200,
    });
    return response.json<ChainReportBody>();
  };

  describe('before the carry-forward', () => {
    it('shows both years, each from its own accounts, A carrying nothing forward yet', async () => {
      const body = await report(chainReport(CHAIN_B));
      expect(body).toMatchObject({
        agreementId: CHAIN_B,
        asOf: '2025-03-31',
        knownAt: await ledger.head(),
        yearsOmitted: 0,
      });
      expect(body.years).toEqual([
        { ...A_MONEY, retainedSavings: '51750.00', carriedForward: null, oapMetrics: A_OAP },
        {
          agreementId: CHAIN_B,
          financialYear: '2024/25',
          asOf: '2025-03-31',
          complete: true,
          budgetDelegated: '1320000.00',
          spend: '0.00',
          savingsRecognised: '0.00',
          reinvestmentCommitted: '0.00',
          retainedSavings: '0.00',
          carriedForward: null,
          broughtForward: '0.00',
          oapMetrics: B_OAP,
        },
      ]);
      // 1,200,000.00 + 1,320,000.00; 91 + 335 bed days; 57,600.00 + 217,750.00.
      expect(body.totals).toEqual({
        budgetDelegated: '2520000.00',
        spend: '151950.00',
        savingsRecognised: '51750.00',
        reinvestmentCommitted: '0.00',
        retainedSavings: '51750.00',
        carriedForward: '0.00',
        broughtForward: '0.00',
        oapMetrics: { started: 3, ended: 2, bedDays: 426, cost: '275350.00', repatriations: 2 },
      });
      // The same report whichever agreement of the chain is named, but for the organisations
      // it names: the parties of the agreement asked for (A's partners include RQY; B's not).
      const fromA = await report(chainReport(CHAIN_A));
      expect({ ...fromA, agreementId: CHAIN_B, organisations: undefined }).toEqual({
        ...body,
        organisations: undefined,
      });
    });

    it('at a knowledge time before B existed, shows A alone, as it then stood', async () => {
      // A's closes M01 to M11 only: spend 21,000.00 + 152 × 450.00 (October to February) +
      // 60 × 600.00 (January, February) = 125,400.00; savings 152 × 250.00 = 38,000.00.
      // B's creation is two events: the link on A (bCreated − 1), then B's own creation. With
      // the link alone, B is not part of the chain yet.
      expect(bCreated - 2).toBe(beforeB);
      for (const position of [beforeB, bCreated - 1]) {
        const body = await report(chainReport(CHAIN_A, `knownAtPosition=${position}`));
        expect(body).toEqual({
          agreementId: CHAIN_A,
          asOf: '2024-03-31',
          knownAt: position,
          yearsOmitted: 0,
          years: [
            {
              ...A_MONEY,
              spend: '125400.00',
              savingsRecognised: '38000.00',
              retainedSavings: '38000.00',
              carriedForward: null,
              oapMetrics: A_OAP,
            },
          ],
          totals: expect.objectContaining({ spend: '125400.00', savingsRecognised: '38000.00' }),
          organisations: expect.any(Array),
        });
      }
      // B had not been created: 404, as every report at a knowledge time before its agreement.
      const b = await ledger.get(chainReport(CHAIN_B, `knownAtPosition=${beforeB}`), f.reviewer);
      expect([b.statusCode, problemOf(b).code]).toEqual([404, 'AGREEMENT.NOT_FOUND']);
      // At B's creation the chain holds both.
      const at = await report(chainReport(CHAIN_A, `knownAtPosition=${bCreated}`));
      expect(at.years.map((y) => y.agreementId)).toEqual([CHAIN_A, CHAIN_B]);
    });
  });

  describe('after the carry-forward and B’s M01', () => {
    beforeAll(() => carryForwardAndCloseM01(ledger));

    it('shows the amount carried forward, brought forward into B, and totals that add up', async () => {
      const body = await report(chainReport(CHAIN_A));
      // 30 events: docs/api.md shows this answer (asked of B) with knownAt 30.
      expect(body.knownAt).toBe(30);
      expect(body.years).toEqual([
        { ...A_MONEY, retainedSavings: '0.00', carriedForward: '51750.00', oapMetrics: A_OAP },
        {
          agreementId: CHAIN_B,
          financialYear: '2024/25',
          asOf: '2025-03-31',
          complete: true,
          budgetDelegated: '1320000.00',
          spend: '7050.00',
          savingsRecognised: '3250.00',
          reinvestmentCommitted: '10000.00',
          retainedSavings: '45000.00',
          carriedForward: null,
          broughtForward: '51750.00',
          oapMetrics: B_OAP,
        },
      ]);
      // The chain's savings: 55,000.00 recognised = 10,000.00 reinvested + 45,000.00 retained;
      // what A carried forward B brought forward.
      expect(body.totals).toEqual({
        budgetDelegated: '2520000.00',
        spend: '159000.00',
        savingsRecognised: '55000.00',
        reinvestmentCommitted: '10000.00',
        retainedSavings: '45000.00',
        carriedForward: '51750.00',
        broughtForward: '51750.00',
        oapMetrics: { started: 3, ended: 2, bedDays: 426, cost: '275350.00', repatriations: 2 },
      });
    });

    it("equals each year's own balances and out-of-area metrics reports", async () => {
      const body = await report(chainReport(CHAIN_B));
      for (const year of body.years) {
        const reports = `/v1/agreements/${year.agreementId}/reports`;
        const balances = (await ledger.get(`${reports}/balances?asOf=${year.asOf}`, f.reviewer))
          .json<{ balances: { account: string; balance: string }[] }>()
          .balances.reduce<Record<string, string>>(
            (all, b) => ({ ...all, [b.account]: b.balance }),
            {},
          );
        expect(year.retainedSavings).toBe(balances['savings:retained']);
        expect(year.budgetDelegated).toBe(
          balances.commissioner === undefined ? '0.00' : balances.commissioner.replace('-', ''),
        );
        const oap = (
          await ledger.get(`${reports}/oap-metrics?asOf=${year.asOf}`, f.reviewer)
        ).json<{ periods: { bedDays: number; cost: string; activeAtPeriodEnd: number }[] }>();
        expect(year.oapMetrics.bedDays).toBe(oap.periods.reduce((n, p) => n + p.bedDays, 0));
        expect(year.oapMetrics.activeAtYearEnd).toBe(oap.periods.at(-1)!.activeAtPeriodEnd);
      }
    });

    it('leaves out the years beginning after asOf, and runs the current year to asOf', async () => {
      const atA = await report(chainReport(CHAIN_B, 'asOf=2024-03-31'));
      expect(atA.years.map((y) => y.agreementId)).toEqual([CHAIN_A]);
      // B to 2024-06-30: its allocation's April to June, 3 × 110,000.00 = 330,000.00; April's
      // close and the reinvestment of 2024-06-15 counted; case 3's May and June, 61 × 650.00.
      const mid = await report(chainReport(CHAIN_B, 'asOf=2024-06-30'));
      expect(mid.years[1]).toEqual({
        agreementId: CHAIN_B,
        financialYear: '2024/25',
        asOf: '2024-06-30',
        complete: false,
        budgetDelegated: '330000.00',
        spend: '7050.00',
        savingsRecognised: '3250.00',
        reinvestmentCommitted: '10000.00',
        retainedSavings: '45000.00',
        carriedForward: null,
        broughtForward: '51750.00',
        oapMetrics: { ...B_OAP, countedOn: '2024-06-30', bedDays: 61, cost: '39650.00' },
      });
      expect(mid.totals.budgetDelegated).toBe('1530000.00');
    });

    it('omits the years the caller may not read, and says so', async () => {
      // RQY was a partner in A's year and left: it may read A, not B.
      const body = await report(chainReport(CHAIN_A), formerPartner);
      expect(body.yearsOmitted).toBe(1);
      expect(body.years.map((y) => y.agreementId)).toEqual([CHAIN_A]);
      expect(body.totals.spend).toBe('151950.00');
      const b = await ledger.get(chainReport(CHAIN_B), formerPartner);
      expect([b.statusCode, problemOf(b).code]).toEqual([403, 'AUTH.OUT_OF_SCOPE']);
      const outsider = await ledger.get(chainReport(CHAIN_A), f.outsiderFinance);
      expect([outsider.statusCode, problemOf(outsider).code]).toEqual([403, 'AUTH.OUT_OF_SCOPE']);
      // 404 before 403: nothing said of an agreement that does not exist.
      const missing = await ledger.get(chainReport('no-such-agreement'), f.outsiderFinance);
      expect([missing.statusCode, problemOf(missing).code]).toEqual([404, 'AGREEMENT.NOT_FOUND']);
    });

    it('refuses what it cannot answer as asked', async () => {
      for (const [query, field] of [
        ['asOf=2025-02-30', 'asOf'],
        ['section=by-year', 'section'],
        ['format=csv&section=by-period', 'section'],
        ['knownAt=2025-01-01T00:00:00Z&knownAtPosition=3', 'knownAt'],
        ['basis=posted-in', 'basis'],
      ]) {
        const response = await ledger.get(chainReport(CHAIN_A, query), f.reviewer);
        expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
        expect(problemOf(response).errors?.map((e) => e.field)).toContain(field);
      }
    });

    it('downloads as CSV, one section a file, money as plain decimals and a Total row', async () => {
      const byYear = await ledger.get(chainReport(CHAIN_A, 'format=csv'), f.reviewer);
      expect(byYear.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(byYear.headers['content-disposition']).toBe(
        `attachment; filename="${CHAIN_A}-chain-report-2025-03-31.csv"`,
      );
      expect(byYear.body).toBe(
        '\uFEFF' +
          'agreement_id,financial_year,as_of,complete,budget_delegated_gbp,spend_gbp,savings_recognised_gbp,reinvestment_committed_gbp,retained_savings_gbp,carried_forward_gbp,brought_forward_gbp\r\n' +
          `${CHAIN_A},2023/24,2024-03-31,true,1200000.00,151950.00,51750.00,0.00,0.00,51750.00,0.00\r\n` +
          `${CHAIN_B},2024/25,2025-03-31,true,1320000.00,7050.00,3250.00,10000.00,45000.00,,51750.00\r\n` +
          'Total,,,,2520000.00,159000.00,55000.00,10000.00,45000.00,51750.00,51750.00\r\n',
      );
      const oap = await ledger.get(
        chainReport(CHAIN_A, 'format=csv&section=oap-metrics'),
        f.reviewer,
      );
      expect(oap.headers['content-disposition']).toBe(
        `attachment; filename="${CHAIN_A}-chain-report-oap-metrics-2025-03-31.csv"`,
      );
      expect(oap.body).toBe(
        '\uFEFF' +
          'agreement_id,financial_year,counted_on,active_at_year_end,started,ended,bed_days,cost_gbp,mean_distance_km,mean_distance_miles,repatriations\r\n' +
          `${CHAIN_A},2023/24,2024-03-31,0,2,2,91,57600.00,,,2\r\n` +
          `${CHAIN_B},2024/25,2025-03-31,1,1,0,335,217750.00,95.0,59.0,0\r\n` +
          // Active OAPs and distances are counted on one night each year: not summed.
          'Total,,,,3,2,426,275350.00,,,2\r\n',
      );
    });

    it('downloads as XLSX: a sheet a section, money as pounds, totals equal to the JSON', async () => {
      const response = await ledger.get(chainReport(CHAIN_A, 'format=xlsx'), f.reviewer);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="${CHAIN_A}-chain-report-2025-03-31.xlsx"`,
      );
      const workbook = await workbookOf(response.rawPayload);
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        'By year',
        'Out-of-area metrics',
        'Organisations',
        'About',
      ]);
      const byYear = rowsOf(workbook.getWorksheet('By year')!);
      expect(byYear.map((r) => r.Agreement)).toEqual([CHAIN_A, CHAIN_B, 'Total']);
      expect(byYear.map((r) => r['Financial year'])).toEqual(['2023/24', '2024/25', null]);
      expect(byYear.map((r) => r.Spend)).toEqual([151950, 7050, 159000]);
      expect(byYear.map((r) => r['Carried forward'])).toEqual([51750, null, 51750]);
      expect(byYear.map((r) => r['Retained savings'])).toEqual([0, 45000, 45000]);
      expect(byYear[0]['Figures to']).toEqual(new Date('2024-03-31T00:00:00Z'));
      const oap = rowsOf(workbook.getWorksheet('Out-of-area metrics')!);
      expect(oap.map((r) => r['OAP bed days'])).toEqual([91, 335, 426]);
      expect(oap.map((r) => r['OAP cost'])).toEqual([57600, 217750, 275350]);
      expect(oap.map((r) => r['Mean distance (km)'])).toEqual([null, 95, null]);
      expect(oap.map((r) => r['Active OAPs at year end'])).toEqual([0, 1, null]);
      const about = rowsOf(workbook.getWorksheet('About')!);
      expect(about).toEqual(
        expect.arrayContaining([
          { Item: 'Years omitted (not yours to read)', Value: 0 },
          { Item: 'Known at log position', Value: await ledger.head() },
        ]),
      );
    });
  });

  it('is in the OpenAPI document, with its formats, and the lists take chain', async () => {
    const document = (await ledger.get('/openapi.json')).json<{
      paths: Record<
        string,
        { get: { parameters: { name: string; schema: { enum?: string[] } }[] } }
      >;
    }>();
    const chain = document.paths['/v1/agreements/{agreementId}/chain-report'].get;
    const format = chain.parameters.find((p) => p.name === 'format');
    expect(format?.schema.enum).toEqual(['json', 'csv', 'xlsx']);
    for (const list of ['/v1/agreements', '/v1/cases']) {
      expect(document.paths[list].get.parameters.map((p) => p.name)).toContain('chain');
    }
  });

  describe('the chain filter on lists', () => {
    const ids = async (url: string, as = f.reviewer, key = 'agreements') => {
      const response = await ledger.get(url, as);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
      const rows = response.json<Record<string, { agreementId: string; caseId?: string }[]>>();
      return rows[key].map((row) => row.caseId ?? row.agreementId);
    };

    it('lists the agreements of the chain, named by any of them', async () => {
      expect(await ids(`/v1/agreements?chain=${CHAIN_A}`)).toEqual([CHAIN_A, CHAIN_B]);
      expect(await ids(`/v1/agreements?chain=${CHAIN_B}`)).toEqual([CHAIN_A, CHAIN_B]);
      expect(await ids(`/v1/agreements?chain=${CHAIN_B}&financialYear=2024/25`)).toEqual([CHAIN_B]);
      // The caller's scope still applies: RQY sees only A's year.
      expect(await ids(`/v1/agreements?chain=${CHAIN_B}`, formerPartner)).toEqual([CHAIN_A]);
    });

    it('lists the cases registered under any agreement of the chain', async () => {
      const all = [CHAIN_CASE_1, CHAIN_CASE_2, CHAIN_CASE_3];
      expect(await ids(`/v1/cases?chain=${CHAIN_B}`, f.reviewer, 'cases')).toEqual(all);
      expect(await ids(`/v1/cases?chain=${CHAIN_A}&status=open`, f.reviewer, 'cases')).toEqual([
        CHAIN_CASE_2,
        CHAIN_CASE_3,
      ]);
      expect(await ids(`/v1/cases?chain=${CHAIN_A}`, formerPartner, 'cases')).toEqual([
        CHAIN_CASE_1,
        CHAIN_CASE_2,
      ]);
      // Paged, the next link keeps the filter.
      const first = await ledger.get(`/v1/cases?chain=${CHAIN_A}&limit=2`, f.reviewer);
      const next = first.json<{ next: string }>().next;
      expect(next).toBe(`/v1/cases?chain=${CHAIN_A}&limit=2&after=2023%2F24%3A${CHAIN_CASE_2}`);
      expect(await ids(next, f.reviewer, 'cases')).toEqual([CHAIN_CASE_3]);
    });

    it('gives an empty list for an agreement never created, as the other id filters do', async () => {
      expect(await ids('/v1/agreements?chain=no-such-agreement')).toEqual([]);
      expect(await ids('/v1/cases?chain=no-such-agreement', f.reviewer, 'cases')).toEqual([]);
    });

    it('refuses a chain that is not an id, naming it', async () => {
      for (const url of [
        '/v1/agreements?chain=a/b',
        '/v1/cases?chain=',
        '/v1/cases?chain=x&chain=y',
      ]) {
        const response = await ledger.get(url, f.reviewer);
        expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
        expect(problemOf(response).errors?.map((e) => e.field)).toContain('chain');
      }
    });
  });

  describe('from the PostgreSQL read model', () => {
    const schema = testSchemaName('chain');
    let production: LedgerTestApp;
    let writer: PostgresReadModelWriter;

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

    const paths = [
      chainReport(CHAIN_A),
      chainReport(CHAIN_B, 'asOf=2024-06-30'),
      chainReport(CHAIN_B, 'asOf=2024-03-31'),
      chainReport(CHAIN_A, 'format=csv'),
      chainReport(CHAIN_A, 'format=csv&section=oap-metrics'),
      `/v1/agreements?chain=${CHAIN_B}`,
      `/v1/agreements?chain=${CHAIN_A}&format=csv`,
      `/v1/cases?chain=${CHAIN_A}`,
      `/v1/cases?chain=${CHAIN_B}&limit=2`,
      `/v1/cases?chain=${CHAIN_B}&status=open&format=csv`,
      '/v1/cases?chain=no-such-agreement',
    ];

    it('answers the chain report and the chain lists byte for byte as SQLite does', async () => {
      for (const as of [f.reviewer, formerPartner]) {
        // RQY may not read B's reports (403 on both sides): its chain report is asked of A.
        const readable = paths.filter(
          (path) => as === f.reviewer || !path.startsWith(chainReport(CHAIN_B)),
        );
        for (const path of readable) {
          const fromSqlite = await ledger.get(path, as);
          const fromPostgres = await production.get(path, as);
          expect({ path, status: fromSqlite.statusCode }).toEqual({ path, status: 200 });
          expect({ path, body: fromPostgres.body }).toEqual({ path, body: fromSqlite.body });
        }
      }
    });

    it('answers the chain report as a replay of the log up to the head does', async () => {
      const head = await ledger.head();
      for (const path of paths.filter((p) => p.includes('chain-report'))) {
        const separator = path.includes('?') ? '&' : '?';
        const replayed = await ledger.get(`${path}${separator}knownAtPosition=${head}`, f.reviewer);
        const fromPostgres = await production.get(path, f.reviewer);
        expect({ path, body: fromPostgres.body }).toEqual({ path, body: replayed.body });
      }
      // The figures themselves, from PostgreSQL.
      const body = (await production.get(chainReport(CHAIN_B), f.reviewer)).json<ChainReportBody>();
      expect(body.totals).toMatchObject({ spend: '159000.00', carriedForward: '51750.00' });
    });
  });
});
