/**
 * Finance-ready exports and the small things a finance user tripped over, over HTTP on the
 * embedded SQLite store:
 * - every report and statement as XLSX (read back with exceljs: sheets, header, frozen pane,
 *   £ number formats, money equal to the JSON to the penny, totals equal to their rows, periods
 *   as text) and as CSV (UTF-8 with a byte order mark, one kind of row per file, totals);
 * - a reinvestment answers the retained savings before and after it;
 * - the reports of a past financial year stand at its last day by default;
 * - several months close in one request, and a refusal part-way leaves the closes before it.
 */
import { fixedClock, LedgerCommands } from '@ledger/commands';
import { EventStoreUnavailableError } from '@ledger/event-store';
import type { Worksheet } from 'exceljs';
import { MONEY_FORMAT, parseCsv, workbookOf } from './testing/downloads';
import * as f from './testing/ledger-fixtures';
import { expectRefusedWithoutWriting, fieldsOf } from './testing/ledger-expectations';
import { given } from './testing/ledger-givens';
import { LedgerTestApp } from './testing/ledger-test-app';
import { closePeriodsThrough } from './testing/period-close';
import { recordWorkedScenario } from './testing/worked-scenario';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const reports = (report: string, query = '') =>
  `/v1/agreements/${f.AGREEMENT_ID}/reports/${report}${query ? `?${query}` : ''}`;
const statement = (account: string, query = '') =>
  `/v1/agreements/${f.AGREEMENT_ID}/accounts/${encodeURIComponent(account)}/statement${query ? `?${query}` : ''}`;

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

const pence = (value: unknown) => BigInt(Math.round((value as number) * 100));
const penceOf = (amount: string) => BigInt(amount.replace('.', ''));

describe('finance-ready exports of the worked scenario', () => {
  let ledger: LedgerTestApp;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    await recordWorkedScenario(ledger);
  });

  afterAll(() => ledger.dispose());

  const download = async (url: string) => {
    const response = await ledger.get(url, f.reviewer);
    expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
    return response;
  };

  it('answers format=xlsx for every report and the statement, as an attachment named for it', async () => {
    const cases: [string, string, string[]][] = [
      [reports('balances', 'asOf=2025-09-30&format=xlsx'), 'balances-2025-09-30', ['Balances']],
      [
        reports('budget', 'asOf=2025-09-30&format=xlsx'),
        'budget-2025-09-30',
        [
          'By period',
          'By line',
          'By provider',
          'Forecast',
          'Prior year',
          'Posted in successor',
          'Uncovered nights',
        ],
      ],
      [
        reports('savings', 'format=xlsx'),
        'savings-2025-10-15',
        [
          'By period',
          'By case',
          'Repatriations',
          'Reinvestment',
          'Summary',
          'Prior year',
          'Posted in successor',
          'Uncovered nights',
        ],
      ],
      [
        reports('oap-metrics', 'asOf=2025-09-30&format=xlsx'),
        'oap-metrics-2025-09-30',
        ['By period', 'Uncovered nights'],
      ],
      [
        statement('savings:retained', 'format=xlsx'),
        'statement-savings_retained-2025-10-15',
        ['Statement'],
      ],
    ];
    for (const [url, name, sheets] of cases) {
      const response = await download(url);
      expect(response.headers['content-type']).toBe(XLSX);
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="${f.AGREEMENT_ID}-${name}.xlsx"`,
      );
      const workbook = await workbookOf(response.rawPayload);
      // Every report ends with the organisations it names (docs/exports.md, "Organisation names").
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
        ...sheets,
        'Organisations',
        'About',
      ]);
      expect(workbook.creator).toBe('OAP ledger');
      expect(workbook.title).toMatch(new RegExp(`: ${f.AGREEMENT_ID}$`));
      for (const sheet of workbook.worksheets) {
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(sheet.getRow(1).font?.bold).toBe(true);
      }
    }
  });

  it('writes the balances as pounds equal to the JSON to the penny, with a bold total', async () => {
    const json = (await download(reports('balances', 'asOf=2025-09-30'))).json<{
      balances: { account: string; balance: string }[];
      total: string;
    }>();
    const workbook = await workbookOf(
      (await download(reports('balances', 'asOf=2025-09-30&format=xlsx'))).rawPayload,
    );
    const sheet = workbook.getWorksheet('Balances')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Account', 'Balance']);
    const rows = rowsOf(sheet);
    const data = rows.slice(0, -1);
    expect(data.map((row) => row.Account)).toEqual(json.balances.map((b) => b.account));
    data.forEach((row, i) => {
      expect(typeof row.Balance).toBe('number');
      expect((row.Balance as number).toFixed(2)).toBe(json.balances[i].balance);
      expect(sheet.getRow(i + 2).getCell(2).numFmt).toBe(MONEY_FORMAT);
    });
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(1).value).toBe('Total');
    expect(total.font?.bold).toBe(true);
    expect(pence(total.getCell(2).value)).toBe(data.reduce((s, row) => s + pence(row.Balance), 0n));
    expect((total.getCell(2).value as number).toFixed(2)).toBe(json.total);
  });

  it('writes the budget with periods as text and totals that equal their rows and the JSON', async () => {
    const json = (await download(reports('budget', 'asOf=2025-09-30'))).json<{
      lines: { serviceLine: string; periods: { period: string; budget: string }[] }[];
      totals: { fullYearBudget: string; spendToDate: string; variance: string };
    }>();
    const workbook = await workbookOf(
      (await download(reports('budget', 'asOf=2025-09-30&format=xlsx'))).rawPayload,
    );
    const byPeriod = workbook.getWorksheet('By period')!;
    const periods = json.lines.flatMap((l) => l.periods.map((p) => [l.serviceLine, p]));
    periods.forEach(([line, p], i) => {
      const row = byPeriod.getRow(i + 2);
      expect(row.getCell(1).value).toBe(line);
      const period = row.getCell(2);
      expect(period.value).toBe((p as { period: string }).period);
      expect(period.type).toBe(3); // a string, never a date
      expect(period.numFmt).toBe('@');
      expect((row.getCell(4).value as number).toFixed(2)).toBe((p as { budget: string }).budget);
    });
    const periodRows = rowsOf(byPeriod);
    const periodTotal = periodRows[periodRows.length - 1];
    expect(periodTotal['Service line']).toBe('Total');
    expect(pence(periodTotal.Budget)).toBe(
      periodRows.slice(0, -1).reduce((s, row) => s + pence(row.Budget), 0n),
    );

    const byLine = rowsOf(workbook.getWorksheet('By line')!);
    const lineTotal = byLine[byLine.length - 1];
    expect(lineTotal['Service line']).toBe('Total');
    for (const [label, amount] of [
      ['Full-year budget', json.totals.fullYearBudget],
      ['Spend to date', json.totals.spendToDate],
      ['Variance to date', json.totals.variance],
    ]) {
      expect(pence(lineTotal[label])).toBe(penceOf(amount));
      expect(pence(lineTotal[label])).toBe(
        byLine.slice(0, -1).reduce((s, row) => s + pence(row[label]), 0n),
      );
    }
    const providers = rowsOf(workbook.getWorksheet('By provider')!);
    expect(providers.map((row) => row['Provider (ODS)'])).toEqual(['RPG', 'NVC01', 'NQ1', null]);
  });

  it('answers CSV with a byte order mark, one kind of row per file, the savings split by section', async () => {
    const byPeriod = await download(reports('savings', 'format=csv'));
    expect(byPeriod.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(byPeriod.headers['content-disposition']).toBe(
      `attachment; filename="${f.AGREEMENT_ID}-savings-2025-10-15.csv"`,
    );
    const [header, ...rows] = parseCsv(byPeriod.body);
    expect(header).toEqual(['period', 'status', 'amount_gbp', 'pending_adjustment_gbp']);
    expect(rows.slice(-3)).toEqual([
      ['2025-09', 'posted', '3930.00', '0.00'],
      ['2025-10', 'provisional', '3930.00', '0.00'],
      ['Total', '', '7860.00', '0.00'],
    ]);

    const byCase = await download(reports('savings', 'format=csv&section=by-case'));
    expect(byCase.headers['content-disposition']).toBe(
      `attachment; filename="${f.AGREEMENT_ID}-savings-by-case-2025-10-15.csv"`,
    );
    expect(parseCsv(byCase.body)).toEqual([
      ['case_id', 'service_line', 'period', 'status', 'amount_gbp', 'pending_adjustment_gbp'],
      [f.CASE_ID, 'adult-medium-secure', '2025-09', 'posted', '3930.00', '0.00'],
      [f.CASE_ID, 'adult-medium-secure', '2025-10', 'provisional', '3930.00', '0.00'],
      ['Total', '', '', '', '7860.00', '0.00'],
    ]);
    const reinvestment = await download(reports('savings', 'format=csv&section=reinvestment'));
    expect(parseCsv(reinvestment.body)).toEqual([
      ['scheme_id', 'committed_gbp'],
      ['female-forensic-step-down', '3000.00'],
      ['Total', '3000.00'],
    ]);
    const summary = await download(reports('savings', 'format=csv&section=summary'));
    expect(parseCsv(summary.body).map((row) => [row[0], row[2]])).toContainEqual([
      'retained-savings-available',
      '930.00',
    ]);
    // JSON is unchanged by the CSV's sections: the whole report, its chain's parts added last.
    const json = (await download(reports('savings'))).json();
    expect(Object.keys(json)).toEqual([
      'agreementId',
      'financialYear',
      'asOf',
      'knownAt',
      'byPeriod',
      'byCase',
      'recognised',
      'reinvestment',
      'retainedSavingsAvailable',
      'priorYear',
      'postedInSuccessor',
      'chain',
      'warnings',
      'organisations',
    ]);
  });

  it('gives the statement CSV its opening and closing balances', async () => {
    const json = (await download(statement('savings:retained'))).json<{
      openingBalance: string;
      closingBalance: string;
      entries: { cursor: string; direction: string; amount: string }[];
    }>();
    const [header, ...rows] = parseCsv(
      (await download(statement('savings:retained', 'format=csv'))).body,
    );
    const at = (key: string) => header.indexOf(key);
    expect(rows[0][at('cursor')]).toBe('Opening balance');
    expect(rows[0][at('balance_gbp')]).toBe(json.openingBalance);
    const [totalIn, totalOut, closing] = rows.slice(-3);
    expect(closing[at('cursor')]).toBe('Closing balance');
    expect(closing[at('balance_gbp')]).toBe(json.closingBalance);
    expect(rows.slice(1, -3).map((row) => row[at('cursor')])).toEqual(
      json.entries.map((e) => e.cursor),
    );
    expect(
      penceOf(json.openingBalance) +
        penceOf(totalIn[at('amount_gbp')]) -
        penceOf(totalOut[at('amount_gbp')]),
    ).toBe(penceOf(json.closingBalance));
  });

  it('refuses a section the report does not have, and a section without format=csv', async () => {
    for (const [url, message] of [
      [
        reports('savings', 'format=csv&section=by-scheme'),
        "must be one of the savings report's sections: by-period, by-case, repatriations, reinvestment, summary",
      ],
      [reports('savings', 'section=by-case'), 'is for format=csv only'],
      [reports('budget', 'format=xlsx&section=by-line'), 'is for format=csv only'],
      [reports('balances', 'format=csv&section=BY'), 'must be a section name such as by-case'],
      [reports('budget', 'format=pdf'), 'must be one of the following values: json, csv, xlsx'],
    ]) {
      const response = await ledger.get(url, f.reviewer);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
      const problem = response.json<{
        code: string;
        errors: { field: string; message: string }[];
      }>();
      expect(problem.code).toBe('VALIDATION.FAILED');
      expect(problem.errors.map((e) => e.message).join(' ')).toContain(message);
    }
  });
});

describe('the OpenAPI document', () => {
  let ledger: LedgerTestApp;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
  });

  afterAll(() => ledger.dispose());

  it('describes the downloads, the reinvestment receipt and the close of several months', async () => {
    const document = (await ledger.get('/openapi.json')).json();
    const savings = document.paths['/v1/agreements/{agreementId}/reports/savings'].get;
    const parameter = (name: string): { schema: { enum?: string[] } } | undefined =>
      (savings.parameters as { name: string; schema: { enum?: string[] } }[]).find(
        (p) => p.name === name,
      );
    expect(parameter('format')?.schema.enum).toEqual(['json', 'csv', 'xlsx']);
    expect(parameter('section')).toBeDefined();
    expect(Object.keys(savings.responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
      XLSX,
    ]);
    const reinvest = document.paths['/v1/agreements/{agreementId}/reinvestments'].post;
    expect(reinvest.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ReinvestmentReceipt',
    });
    expect(document.components.schemas.ReinvestmentReceipt.required).toEqual(
      expect.arrayContaining(['retainedSavingsBefore', 'retainedSavingsAfter']),
    );
    const close = document.paths['/v1/agreements/{agreementId}/period-closes'].post;
    expect(close.responses['201'].content['application/json'].schema.oneOf).toEqual([
      { $ref: '#/components/schemas/WriteReceipt' },
      { $ref: '#/components/schemas/PeriodClosesReceipt' },
    ]);
  });
});

describe('a reinvestment answers the retained savings before and after it', () => {
  let ledger: LedgerTestApp;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    await given.retainedSavings(ledger);
  });

  afterAll(() => ledger.dispose());

  it('says 7,065.00 were available and 2,065.00 are left, and says it again on a replay', async () => {
    const send = () =>
      ledger.post(
        f.paths.reinvestments(),
        f.leadFinance,
        f.reinvestmentBody({ amount: '5000.00' }),
        { 'idempotency-key': 'reinvest-1' },
      );
    const first = await send();
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      events: [expect.objectContaining({ type: 'ReinvestmentCommitted' })],
      retainedSavingsBefore: '7065.00',
      retainedSavingsAfter: '2065.00',
    });
    const again = await send();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());

    const next = await ledger.post(
      f.paths.reinvestments(),
      f.leadFinance,
      f.reinvestmentBody({ commitmentId: 'commit-2', amount: '2065.00' }),
    );
    expect(next.json()).toMatchObject({
      retainedSavingsBefore: '2065.00',
      retainedSavingsAfter: '0.00',
    });
    const summary = await ledger.get(f.paths.agreement(), f.reviewer);
    expect(summary.json()).toMatchObject({ retainedSavings: '0.00' });
  });
});

describe('the reports of a past financial year', () => {
  let ledger: LedgerTestApp;

  beforeAll(async () => {
    // December 2026: 2025/26 is over.
    ledger = await LedgerTestApp.start({ clock: fixedClock('2026-12-07T10:00:00.000Z') });
    await given.allocation(ledger);
  });

  afterAll(() => ledger.dispose());

  it('stand at its last day, 31 March, unless asked otherwise', async () => {
    for (const report of ['balances', 'budget', 'savings', 'oap-metrics']) {
      const json = (await ledger.get(reports(report), f.reviewer)).json<{ asOf: string }>();
      expect({ report, asOf: json.asOf }).toEqual({ report, asOf: '2026-03-31' });
    }
    const csv = await ledger.get(reports('budget', 'format=csv'), f.reviewer);
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="${f.AGREEMENT_ID}-budget-2026-03-31.csv"`,
    );
    const budget = (await ledger.get(reports('budget'), f.reviewer)).json<{
      totals: { budgetToDate: string; fullYearBudget: string };
    }>();
    expect(budget.totals.budgetToDate).toBe(budget.totals.fullYearBudget);
    const asked = await ledger.get(reports('budget', 'asOf=2025-06-30'), f.reviewer);
    expect(asked.json()).toMatchObject({ asOf: '2025-06-30' });
  });
});

describe('closing several months in one request', () => {
  let ledger: LedgerTestApp;

  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
    await given.repatriation(ledger);
  });

  afterEach(() => ledger.dispose());

  const closeThrough = (through: string, headers: Record<string, string> = {}) =>
    ledger.post(f.paths.periodCloses(), f.leadFinance, { through }, headers);
  const closedPeriods = async () =>
    (await ledger.get(f.paths.agreement(), f.reviewer)).json<{ closedPeriods: string[] }>()
      .closedPeriods;

  it('closes each open month up to through, in order, each its own PeriodClosed event', async () => {
    await closePeriodsThrough(ledger, '2025-05');
    const response = await closeThrough('2025-09');
    expect(response.statusCode).toBe(201);
    const body = response.json<{
      through: string;
      closes: { period: string; revision: number; events: { type: string }[] }[];
    }>();
    expect(body.through).toBe('2025-09');
    expect(body.closes.map((c) => [c.period, c.revision, c.events.map((e) => e.type)])).toEqual([
      ['2025-06', 3, ['PeriodClosed']],
      ['2025-07', 4, ['PeriodClosed']],
      ['2025-08', 5, ['PeriodClosed']],
      ['2025-09', 6, ['PeriodClosed']],
    ]);
    expect(response.headers.etag).toBe('"6"');
    expect(response.headers.location).toBe(f.paths.agreement());
    expect(await closedPeriods()).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
    ]);
    // The one-month form still works, and September's saving is there to reinvest.
    const summary = await ledger.get(f.paths.agreement(), f.reviewer);
    expect(summary.json()).toMatchObject({ retainedSavings: '7065.00' });
  });

  it('refuses before closing anything: through not ended, outside the year, both forms, nothing open', async () => {
    const notEnded = await expectRefusedWithoutWriting(
      ledger,
      () => closeThrough('2025-10'),
      422,
      'PERIOD.NOT_ENDED',
    );
    expect(notEnded).toMatchObject({
      period: '2025-10',
      lastDay: '2025-10-31',
      today: '2025-10-15',
    });
    const outside = await expectRefusedWithoutWriting(
      ledger,
      () => closeThrough('2026-04'),
      422,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(outside)).toEqual(['through']);
    const both = await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(f.paths.periodCloses(), f.leadFinance, {
          period: '2025-04',
          through: '2025-06',
        }),
      400,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(both)).toEqual(['through']);
    const neither = await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.periodCloses(), f.leadFinance, {}),
      400,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(neither)).toEqual(['period']);
    await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.periodCloses(), f.outsiderFinance, { through: '2025-06' }),
      403,
      'AUTH.OUT_OF_SCOPE',
    );
    await closePeriodsThrough(ledger, '2025-06');
    await expectRefusedWithoutWriting(
      ledger,
      () => closeThrough('2025-05'),
      409,
      'PERIOD.ALREADY_CLOSED',
    );
  });

  it('says which month failed and why when refused part-way, and the closes before it stand', async () => {
    const commands = ledger.app.get(LedgerCommands);
    const original = commands.closePeriod.bind(commands);
    const spy = jest
      .spyOn(commands, 'closePeriod')
      .mockImplementation((close, request) =>
        close.period === '2025-07'
          ? Promise.reject(new EventStoreUnavailableError('the disk went away'))
          : original(close, request),
      );
    const stopped = await closeThrough('2025-09');
    spy.mockRestore();
    expect(stopped.statusCode).toBe(503);
    expect(stopped.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stopped.headers['retry-after']).toBe('1');
    const problem = stopped.json<{
      code: string;
      detail: string;
      failedPeriod: string;
      closes: { period: string; events: { type: string }[] }[];
    }>();
    expect(problem).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE', failedPeriod: '2025-07' });
    expect(problem.detail).toBe(
      'Closed 2025-04 to 2025-06; 2025-07 was refused: The ledger store cannot be reached; ' +
        'nothing was written. Try again.',
    );
    expect(problem.closes.map((c) => c.period)).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(await closedPeriods()).toEqual(['2025-04', '2025-05', '2025-06']);

    // The same request again carries on from July.
    const again = await closeThrough('2025-09');
    expect(again.statusCode).toBe(201);
    expect(again.json<{ closes: { period: string }[] }>().closes.map((c) => c.period)).toEqual([
      '2025-07',
      '2025-08',
      '2025-09',
    ]);
  });

  it('replays the whole answer for the same Idempotency-Key', async () => {
    const key = { 'idempotency-key': 'close-to-september' };
    const first = await closeThrough('2025-09', key);
    expect(first.statusCode).toBe(201);
    const again = await closeThrough('2025-09', key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const events = await ledger.get(`${f.paths.agreement()}/events`, f.reviewer);
    const keys = events
      .json<{ events: { type: string; metadata: { idempotencyKey: string | null } }[] }>()
      .events.filter((e) => e.type === 'PeriodClosed')
      .map((e) => e.metadata.idempotencyKey);
    expect(keys).toEqual(
      ['04', '05', '06', '07', '08', '09'].map((m) => `close-to-september:2025-${m}`),
    );
  });
});
