/**
 * Month-end management accounts of the worked scenario, over HTTP on the embedded SQLite store
 * (server date 2025-10-15), checked to the penny against figures worked by hand, in JSON, CSV
 * and XLSX. The scenario is worked-scenario.e2e.spec.ts's; by the period POSTED in it gives:
 *
 * Budget: £65,000,000.00 on adult medium secure from April, 11 × 5,416,666.66 + 5,416,666.74;
 * nothing on adult low secure.
 *
 * Case A (medium, NVC01 out of area £685.50 from 2025-06-01, £712.00 from 2025-08-01,
 * repatriated 2025-09-16 to RPG at £450.00), every fact known before its month closed:
 *   June 30 × 685.50 = 20,565.00; July 31 × 685.50 = 21,250.50; August 31 × 712.00 = 22,072.00;
 *   September 15 × 712.00 = 10,680.00 out of area and 15 × 450.00 = 6,750.00 in area, and
 *   15 × (712.00 − 450.00) = 3,930.00 saved.
 * Case B (low, NQ1 £850.00 from 2025-07-10): July's close posted 22 nights, 18,700.00. The
 * discharge dated 2025-07-20 was recorded after; August's close posted July's difference,
 * −12 × 850.00 = −10,200.00, a prior-period adjustment belonging to 2025-07.
 *
 * August (posted in August):
 *   medium: budget 5,416,666.66; own cost 22,072.00 (out of area, NVC01); variance
 *     5,416,666.66 − 22,072.00 = 5,394,594.66. To date (April–August): budget 5 × 5,416,666.66 =
 *     27,083,333.30; cost 20,565.00 + 21,250.50 + 22,072.00 = 63,887.50; variance 27,019,445.80.
 *   low: budget 0.00; own cost 0.00; the adjustment −10,200.00 (belongs to 2025-07); variance
 *     0.00 − (−10,200.00) = 10,200.00. To date: 18,700.00 − 10,200.00 = 8,500.00; variance −8,500.00.
 *   totals: budget 5,416,666.66; cost 22,072.00 − 10,200.00 = 11,872.00; variance 5,404,794.66.
 *     To date: cost 63,887.50 + 8,500.00 = 72,387.50; variance 27,083,333.30 − 72,387.50 =
 *     27,010,945.80.
 * September:
 *   medium: budget 5,416,666.66; own cost 10,680.00 + 6,750.00 = 17,430.00; savings 3,930.00;
 *     variance 5,416,666.66 − 17,430.00 = 5,399,236.66. To date: budget 6 × 5,416,666.66 =
 *     32,499,999.96; cost 63,887.50 + 17,430.00 = 81,317.50; savings 3,930.00; variance
 *     32,418,682.46 (the budget report's variance to the end of September).
 *   low: nothing in September; to date cost 8,500.00, variance −8,500.00.
 *   totals to date: cost 81,317.50 + 8,500.00 = 89,817.50; variance 32,410,182.46.
 *   Retained savings: 0.00 before, 3,930.00 recognised, 3,930.00 at the end of September.
 * October is open (its reinvestment of 3,000.00 waits for it), so it has no accounts yet.
 */
import type { ManagementAccounts } from '@ledger/read-model';
import { managementAccountsProblems } from '@ledger/read-model/management-accounts/testing/accounts-add-up';
import { cellsOf, MONEY_FORMAT, parseCsv, workbookOf } from './testing/downloads';
import * as f from './testing/ledger-fixtures';
import { fieldsOf } from './testing/ledger-expectations';
import { LedgerTestApp } from './testing/ledger-test-app';
import { recordWorkedScenario } from './testing/worked-scenario';

const MEDIUM = 'adult-medium-secure';
const LOW = 'adult-low-secure';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const accountsPath = (query = '', agreementId = f.AGREEMENT_ID) =>
  `/v1/agreements/${agreementId}/management-accounts${query ? `?${query}` : ''}`;
const zero = { total: '0.00', inArea: '0.00', outOfArea: '0.00', byProvider: [] };

describe('month-end management accounts of the worked scenario, over HTTP', () => {
  let ledger: LedgerTestApp;
  let beforeDischarge: number;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    ({ beforeDischarge } = await recordWorkedScenario(ledger));
  });

  afterAll(() => ledger.dispose());

  const accounts = async (query: string, as = f.reviewer) => {
    const response = await ledger.get(accountsPath(query), as);
    expect({ query, status: response.statusCode }).toEqual({ query, status: 200 });
    return response.json<ManagementAccounts>();
  };
  const line = (body: ManagementAccounts, serviceLine: string) =>
    body.lines.find((l) => l.serviceLine === serviceLine)!;

  it("gives August's accounts to the penny, with July's prior-period adjustment listed apart", async () => {
    const august = await accounts('period=2025-08', f.leadFinance);
    expect(august).toMatchObject({
      agreementId: f.AGREEMENT_ID,
      financialYear: '2025/26',
      period: '2025-08',
      yearToDateFrom: '2025-04',
    });
    const nvc01 = (amount: string) => ({
      total: amount,
      inArea: '0.00',
      outOfArea: amount,
      byProvider: [{ setting: 'out-of-area', providerCode: 'NVC01', amount }],
    });
    const nq1 = (amount: string) => ({
      total: amount,
      inArea: '0.00',
      outOfArea: amount,
      byProvider: [{ setting: 'out-of-area', providerCode: 'NQ1', amount }],
    });
    expect(line(august, MEDIUM)).toEqual({
      serviceLine: MEDIUM,
      month: {
        budget: '5416666.66',
        cost: { own: nvc01('22072.00'), adjustments: zero, total: nvc01('22072.00') },
        savings: { own: '0.00', adjustments: '0.00', total: '0.00' },
        variance: '5394594.66',
      },
      adjustments: [],
      yearToDate: {
        budget: '27083333.30',
        cost: nvc01('63887.50'),
        savings: '0.00',
        variance: '27019445.80',
      },
    });
    expect(line(august, LOW)).toEqual({
      serviceLine: LOW,
      month: {
        budget: '0.00',
        cost: { own: zero, adjustments: nq1('-10200.00'), total: nq1('-10200.00') },
        savings: { own: '0.00', adjustments: '0.00', total: '0.00' },
        variance: '10200.00',
      },
      adjustments: [
        {
          kind: 'prior-period',
          belongsToAgreementId: f.AGREEMENT_ID,
          period: '2025-07',
          cost: nq1('-10200.00'),
          savings: '0.00',
        },
      ],
      yearToDate: { budget: '0.00', cost: nq1('8500.00'), savings: '0.00', variance: '-8500.00' },
    });
    expect(august.totals.month).toMatchObject({
      budget: '5416666.66',
      cost: { own: { total: '22072.00' }, adjustments: { total: '-10200.00' } },
      variance: '5404794.66',
    });
    expect(august.totals.month.cost.total.total).toBe('11872.00');
    expect(august.totals.yearToDate).toMatchObject({
      budget: '27083333.30',
      cost: { total: '72387.50', inArea: '0.00', outOfArea: '72387.50' },
      variance: '27010945.80',
    });
    expect(august.totals.adjustments).toEqual(line(august, LOW).adjustments);
    expect(august.carryForwards).toEqual([]);
    expect(august.reinvestment).toEqual({ byScheme: [], month: '0.00', yearToDate: '0.00' });
  });

  it("gives September's accounts to the penny: the repatriation's cost by setting and its saving", async () => {
    const september = await accounts('period=2025-09');
    expect(line(september, MEDIUM).month).toEqual({
      budget: '5416666.66',
      cost: {
        own: {
          total: '17430.00',
          inArea: '6750.00',
          outOfArea: '10680.00',
          byProvider: [
            { setting: 'in-area', providerCode: 'RPG', amount: '6750.00' },
            { setting: 'out-of-area', providerCode: 'NVC01', amount: '10680.00' },
          ],
        },
        adjustments: zero,
        total: {
          total: '17430.00',
          inArea: '6750.00',
          outOfArea: '10680.00',
          byProvider: [
            { setting: 'in-area', providerCode: 'RPG', amount: '6750.00' },
            { setting: 'out-of-area', providerCode: 'NVC01', amount: '10680.00' },
          ],
        },
      },
      savings: { own: '3930.00', adjustments: '0.00', total: '3930.00' },
      variance: '5399236.66',
    });
    expect(line(september, MEDIUM).yearToDate).toMatchObject({
      budget: '32499999.96',
      cost: { total: '81317.50', inArea: '6750.00', outOfArea: '74567.50' },
      savings: '3930.00',
      variance: '32418682.46',
    });
    expect(line(september, LOW).month).toMatchObject({ budget: '0.00', variance: '0.00' });
    expect(line(september, LOW).yearToDate).toMatchObject({ variance: '-8500.00' });
    expect(september.totals.yearToDate).toMatchObject({
      cost: { total: '89817.50' },
      savings: '3930.00',
      variance: '32410182.46',
    });
    expect(september.retainedSavings).toEqual({
      opening: '0.00',
      recognised: '3930.00',
      broughtForward: '0.00',
      reinvested: '0.00',
      carriedForward: '0.00',
      closing: '3930.00',
    });
    // With no period asked: the latest closed month, September.
    expect(await accounts('')).toEqual(september);
  });

  it('keeps July as filed (22 nights), where the budget report restates it for the discharge', async () => {
    const july = await accounts('period=2025-07');
    // 22 × 850.00 = 18,700.00 posted in July; the 10,200.00 back came in August's accounts.
    expect(line(july, LOW).month.cost.own.total).toBe('18700.00');
    // The budget report counts by the period a fact belongs to: July restated, 10 × 850.00.
    const budget = await ledger.get(
      `${f.paths.agreement()}/reports/budget?asOf=2025-09-30`,
      f.reviewer,
    );
    const lowBudget = budget
      .json<{
        lines: { serviceLine: string; periods: { period: string; spend: { total: string } }[] }[];
      }>()
      .lines.find((l) => l.serviceLine === LOW)!;
    expect(lowBudget.periods.find((p) => p.period === '2025-07')!.spend.total).toBe('8500.00');
    // The month's accounts as known before the discharge are the same, but for knownAt.
    const then = await accounts(`period=2025-07&knownAtPosition=${beforeDischarge}`);
    expect({ ...then, knownAt: 0 }).toEqual({ ...july, knownAt: 0 });
    expect(then.knownAt).toBe(beforeDischarge);
  });

  it('adds every line up to the totals, and closes retained savings at the posted-in balance', async () => {
    for (const month of ['04', '05', '06', '07', '08', '09']) {
      const period = `2025-${month}`;
      const body = await accounts(`period=${period}`);
      expect({ period, problems: managementAccountsProblems(body) }).toEqual({
        period,
        problems: [],
      });
      // `savings:retained` by the period posted in, at the month's end.
      const lastDay = new Date(Date.UTC(2025, Number(month), 0)).toISOString().slice(0, 10);
      const balances = await ledger.get(
        `${f.paths.agreement()}/reports/balances?asOf=${lastDay}&basis=posted-in`,
        f.reviewer,
      );
      const retained = balances
        .json<{ balances: { account: string; balance: string }[] }>()
        .balances.find((b) => b.account === 'savings:retained');
      expect({ period, closing: body.retainedSavings.closing }).toEqual({
        period,
        closing: retained?.balance ?? '0.00',
      });
    }
  });

  it("writes August's lines and adjustments as CSV, one kind of row per section, with totals", async () => {
    const lines = await ledger.get(accountsPath('period=2025-08&format=csv'), f.reviewer);
    expect(lines.statusCode).toBe(200);
    expect(lines.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(lines.headers['content-disposition']).toBe(
      `attachment; filename="${f.AGREEMENT_ID}-management-accounts-2025-08.csv"`,
    );
    expect(parseCsv(lines.body)).toEqual([
      [
        'service_line',
        'budget_gbp',
        'own_cost_gbp',
        'own_in_area_cost_gbp',
        'own_out_of_area_cost_gbp',
        'adjustments_cost_gbp',
        'cost_gbp',
        'own_savings_gbp',
        'adjustments_savings_gbp',
        'savings_gbp',
        'variance_gbp',
        'budget_to_date_gbp',
        'cost_to_date_gbp',
        'savings_to_date_gbp',
        'variance_to_date_gbp',
      ],
      // 5,416,666.66 − 22,072.00 = 5,394,594.66; to date 27,083,333.30 − 63,887.50.
      [
        MEDIUM,
        '5416666.66',
        '22072.00',
        '0.00',
        '22072.00',
        '0.00',
        '22072.00',
        '0.00',
        '0.00',
        '0.00',
        '5394594.66',
        '27083333.30',
        '63887.50',
        '0.00',
        '27019445.80',
      ],
      // July's −10,200.00, posted in August; to date 18,700.00 − 10,200.00 = 8,500.00.
      [
        LOW,
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '-10200.00',
        '-10200.00',
        '0.00',
        '0.00',
        '0.00',
        '10200.00',
        '0.00',
        '8500.00',
        '0.00',
        '-8500.00',
      ],
      [
        'Total',
        '5416666.66',
        '22072.00',
        '0.00',
        '22072.00',
        '-10200.00',
        '11872.00',
        '0.00',
        '0.00',
        '0.00',
        '5404794.66',
        '27083333.30',
        '72387.50',
        '0.00',
        '27010945.80',
      ],
    ]);
    const adjustments = await ledger.get(
      accountsPath('period=2025-08&format=csv&section=adjustments'),
      f.reviewer,
    );
    expect(adjustments.headers['content-disposition']).toBe(
      `attachment; filename="${f.AGREEMENT_ID}-management-accounts-adjustments-2025-08.csv"`,
    );
    expect(parseCsv(adjustments.body)).toEqual([
      [
        'service_line',
        'kind',
        'belongs_to_agreement_id',
        'belongs_to_period',
        'cost_gbp',
        'in_area_cost_gbp',
        'out_of_area_cost_gbp',
        'savings_gbp',
      ],
      [LOW, 'prior-period', f.AGREEMENT_ID, '2025-07', '-10200.00', '0.00', '-10200.00', '0.00'],
      ['Total', '', '', '', '-10200.00', '0.00', '-10200.00', '0.00'],
    ]);
  });

  it("writes September's providers and retained savings as CSV", async () => {
    const csv = async (section: string) =>
      parseCsv(
        (await ledger.get(accountsPath(`period=2025-09&format=csv&section=${section}`), f.reviewer))
          .body,
      );
    // NVC01 to date: 20,565.00 + 21,250.50 + 22,072.00 + 10,680.00 = 74,567.50.
    expect(await csv('by-provider')).toEqual([
      [
        'service_line',
        'setting',
        'provider_code',
        'provider_name',
        'own_cost_gbp',
        'adjustments_cost_gbp',
        'cost_gbp',
        'cost_to_date_gbp',
      ],
      // No provider is named in this scenario: each name is empty, and the file still answers.
      [MEDIUM, 'in-area', 'RPG', '', '6750.00', '0.00', '6750.00', '6750.00'],
      [MEDIUM, 'out-of-area', 'NVC01', '', '10680.00', '0.00', '10680.00', '74567.50'],
      [LOW, 'out-of-area', 'NQ1', '', '0.00', '0.00', '0.00', '8500.00'],
      ['Total', '', '', '', '17430.00', '0.00', '17430.00', '89817.50'],
    ]);
    expect((await csv('retained-savings')).map((row) => [row[0], row[2]])).toEqual([
      ['figure', 'amount_gbp'],
      ['opening', '0.00'],
      ['recognised', '3930.00'],
      ['brought-forward', '0.00'],
      ['reinvested', '0.00'],
      ['carried-forward', '0.00'],
      ['closing', '3930.00'],
    ]);
    // Sections with nothing in them still have their header (and a zero total where they add up).
    expect(await csv('reinvestment')).toEqual([
      ['scheme_id', 'committed_gbp', 'committed_to_date_gbp'],
      ['Total', '0.00', '0.00'],
    ]);
    expect(await csv('carry-forward')).toEqual([
      ['entry', 'from_agreement_id', 'to_agreement_id', 'amount_gbp'],
    ]);
  });

  it('writes September as a workbook: a sheet per section, £ numbers, bold totals, frozen header', async () => {
    const response = await ledger.get(accountsPath('period=2025-09&format=xlsx'), f.reviewer);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="${f.AGREEMENT_ID}-management-accounts-2025-09.xlsx"`,
    );
    const workbook = await workbookOf(response.rawPayload);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Lines',
      'By provider',
      'Adjustments',
      'Adjustments by provider',
      'Reinvestment',
      'Carry-forward',
      'Retained savings',
      'Organisations',
      'About',
    ]);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold).toBe(true);
    }
    const lines = workbook.getWorksheet('Lines')!;
    expect((lines.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Service line',
      'Budget',
      'Own cost',
      'Own in-area cost',
      'Own out-of-area cost',
      'Adjustments cost',
      'Cost',
      'Own savings',
      'Adjustments savings',
      'Savings',
      'Variance',
      'Budget to date',
      'Cost to date',
      'Savings to date',
      'Variance to date',
    ]);
    const money = (value: number) => ({ value, numFmt: MONEY_FORMAT });
    const textCell = (value: string) => ({ value, numFmt: '@' });
    expect(cellsOf(lines)).toEqual([
      [
        textCell(MEDIUM),
        ...[5416666.66, 17430, 6750, 10680, 0, 17430, 3930, 0, 3930, 5399236.66].map(money),
        ...[32499999.96, 81317.5, 3930, 32418682.46].map(money),
      ],
      [textCell(LOW), ...[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8500, 0, -8500].map(money)],
      [
        textCell('Total'),
        ...[5416666.66, 17430, 6750, 10680, 0, 17430, 3930, 0, 3930, 5399236.66].map(money),
        ...[32499999.96, 89817.5, 3930, 32410182.46].map(money),
      ],
    ]);
    const total = lines.getRow(lines.rowCount);
    expect(total.font?.bold).toBe(true);
    expect(lines.getColumn(1).width).toBeGreaterThanOrEqual(MEDIUM.length);
    expect(lines.getColumn(2).width).toBeGreaterThanOrEqual('£5,416,666.66'.length);
    const providers = cellsOf(workbook.getWorksheet('By provider')!);
    expect(providers[1]).toEqual([
      textCell(MEDIUM),
      textCell('out-of-area'),
      textCell('NVC01'),
      { value: null, numFmt: '@' }, // Provider name: none recorded in this scenario.
      ...[10680, 0, 10680, 74567.5].map(money),
    ]);
    const about = workbook.getWorksheet('About')!;
    const aboutRows = Object.fromEntries(
      cellsOf(about).map(([label, value]) => [label.value, value.value]),
    );
    expect(aboutRows).toMatchObject({
      Report: 'Month-end management accounts',
      Agreement: f.AGREEMENT_ID,
      'Financial year': '2025/26',
      'Period (posted in)': '2025-09',
      'Known at log position': await ledger.head(),
    });
  });

  it("writes August's adjustment and totals into the workbook as the JSON has them", async () => {
    const json = await accounts('period=2025-08');
    const workbook = await workbookOf(
      (await ledger.get(accountsPath('period=2025-08&format=xlsx'), f.reviewer)).rawPayload,
    );
    const adjustments = cellsOf(workbook.getWorksheet('Adjustments')!);
    expect(adjustments[0].map((cell) => cell.value)).toEqual([
      LOW,
      'prior-period',
      f.AGREEMENT_ID,
      '2025-07',
      -10200,
      0,
      -10200,
      0,
    ]);
    const totals = cellsOf(workbook.getWorksheet('Lines')!).at(-1)!;
    expect((totals[6].value as number).toFixed(2)).toBe(json.totals.month.cost.total.total);
    expect((totals[10].value as number).toFixed(2)).toBe(json.totals.month.variance);
  });

  it('answers 409 MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED for a month not closed, saying what to do', async () => {
    const october = await ledger.get(accountsPath('period=2025-10'), f.reviewer);
    expect(october.statusCode).toBe(409);
    expect(october.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(october.json()).toEqual({
      type: 'urn:oap-ledger:problem:MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED',
      title: 'Conflicts with what the ledger has recorded',
      status: 409,
      code: 'MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED',
      detail:
        `Period 2025-10 of ${f.AGREEMENT_ID} is not closed now (the latest closed is 2025-09): ` +
        'month-end management accounts show what a close has posted. Close 2025-10 once it has ' +
        `ended (POST /v1/agreements/${f.AGREEMENT_ID}/period-closes), or read its provisional ` +
        `figures in the budget report (GET /v1/agreements/${f.AGREEMENT_ID}/reports/budget).`,
      instance: accountsPath(),
      retryable: true,
      agreementId: f.AGREEMENT_ID,
      period: '2025-10',
      lastClosedPeriod: '2025-09',
      knownAt: await ledger.head(),
    });
  });

  it('answers 409 at a knowledge time before the close, and never says to retry it', async () => {
    // Before the discharge only April to July were closed: August had posted nothing yet.
    const then = await ledger.get(
      accountsPath(`period=2025-08&knownAtPosition=${beforeDischarge}`),
      f.reviewer,
    );
    expect(then.statusCode).toBe(409);
    expect(then.json()).toMatchObject({
      code: 'MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED',
      retryable: false,
      period: '2025-08',
      lastClosedPeriod: '2025-07',
      knownAt: beforeDischarge,
    });
    expect(then.json().detail).toMatch(
      `Period 2025-08 of ${f.AGREEMENT_ID} is not closed at log position ${beforeDischarge}`,
    );
    // With no period asked, the latest closed then: July.
    const latest = await accounts(`knownAtPosition=${beforeDischarge}`);
    expect(latest.period).toBe('2025-07');
  });

  it('refuses a period outside the year, or not a period, with 400 naming period', async () => {
    const outside = await ledger.get(accountsPath('period=2025-03'), f.reviewer);
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ code: 'VALIDATION.FAILED' });
    expect(outside.json().errors).toEqual([
      {
        field: 'period',
        message:
          "must be a period of the agreement's financial year 2025/26 (2025-04 to 2026-03), got 2025-03",
      },
    ]);
    for (const query of ['period=2025-13', 'period=September']) {
      const malformed = await ledger.get(accountsPath(query), f.reviewer);
      expect({ query, status: malformed.statusCode }).toEqual({ query, status: 400 });
      expect(fieldsOf(malformed.json())).toEqual(['period']);
    }
  });

  it('refuses asOf (the month is the date), a section with JSON, and a section it does not have', async () => {
    const asOf = await ledger.get(accountsPath('asOf=2025-09-30'), f.reviewer);
    expect(asOf.statusCode).toBe(400);
    expect(fieldsOf(asOf.json())).toEqual(['asOf']);
    const json = await ledger.get(accountsPath('period=2025-09&section=lines'), f.reviewer);
    expect(fieldsOf(json.json())).toEqual(['section']);
    const unknown = await ledger.get(
      accountsPath('period=2025-09&format=csv&section=by-period'),
      f.reviewer,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      {
        field: 'section',
        message:
          "must be one of the management-accounts report's sections: lines, by-provider, " +
          'adjustments, adjustments-by-provider, reinvestment, carry-forward, retained-savings, ' +
          'organisations',
      },
    ]);
  });

  it('is read by the parties and reviewers only: 404 for an unknown agreement before 403', async () => {
    for (const as of [f.commissioner, f.leadFinance, f.partnerCaseManager, f.analyst, f.admin]) {
      expect((await ledger.get(accountsPath('period=2025-09'), as)).statusCode).toBe(200);
    }
    const outsider = await ledger.get(accountsPath('period=2025-09'), f.outsiderFinance);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().code).toBe('AUTH.OUT_OF_SCOPE');
    const unknown = await ledger.get(
      accountsPath('period=2025-09', 'no-such-agreement'),
      f.outsiderFinance,
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('AGREEMENT.NOT_FOUND');
    // Known now, but not at the knowledge time asked: 404 as well.
    const early = await ledger.get(accountsPath('knownAt=2020-01-01T00:00:00Z'), f.reviewer);
    expect(early.statusCode).toBe(404);
  });

  it('gives the same bytes from a replay of the log as from the read model at the head', async () => {
    const head = await ledger.head();
    for (const query of ['period=2025-08', 'period=2025-09&format=csv&section=by-provider', '']) {
      const fromReadModel = await ledger.get(accountsPath(query), f.reviewer);
      const separator = query ? '&' : '';
      const replayed = await ledger.get(
        accountsPath(`${query}${separator}knownAtPosition=${head}`),
        f.reviewer,
      );
      expect({ query, body: replayed.body }).toEqual({ query, body: fromReadModel.body });
    }
  });
});
