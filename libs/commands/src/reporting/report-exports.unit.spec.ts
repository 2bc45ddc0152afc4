/**
 * The downloads of every report, from a realistic ledger (a year's history played through
 * LedgerCommands, eight months of it closed, and a reinvestment): each CSV holds one kind of
 * row with its totals, and each XLSX, read back with exceljs, has its sheets, a frozen bold
 * header, money as numbers equal to the JSON's decimal strings to the penny with the £ format,
 * totals rows equal to the sums of their rows, and periods and codes as text.
 */
import { InMemoryEventStore } from '@ledger/event-store';
import { formatPence, penceOf } from '@ledger/read-model';
import type { AccountStatement } from '@ledger/read-model';
import { Workbook, type Worksheet } from 'exceljs';
import fc from 'fast-check';
import { LedgerCommands } from '../execution/ledger-commands';
import { fixedClock } from '../shared/clock';
import { leadFinance, requestBy } from '../testing/command-fixtures';
import { writeCommandHistory } from '../testing/command-history';
import { LedgerReports } from './ledger-reports';
import { CSV_BOM, neutraliseFormula, reportCsv, sectionTable } from './report-csv';
import {
  balancesDocument,
  budgetDocument,
  oapMetricsDocument,
  REPORT_SECTIONS,
  savingsDocument,
  sectionOf,
  statementDocument,
  type ReportDocument,
  type ReportSection,
} from './report-document';
import {
  ABOUT_SHEET,
  DATE_FORMAT,
  MONEY_FORMAT,
  moneyNumber,
  reportXlsx,
  TEXT_FORMAT,
  WORKBOOK_CREATOR,
} from './report-xlsx';
import { csvRows } from '../testing/csv-rows';

const AGREEMENT = 'xl-1';
const reviewer = { subject: 'harriet', role: 'reviewer', organisationCode: null };
const clock = fixedClock('2025-11-20T12:00:00Z');
const asOf = '2025-11-20';
const generatedAt = new Date('2025-11-20T12:34:56.000Z');

interface Reports {
  documents: ReportDocument[];
  balances: Awaited<ReturnType<LedgerReports['balances']>>;
  budget: Awaited<ReturnType<LedgerReports['budget']>>;
  savings: Awaited<ReturnType<LedgerReports['savings']>>;
  oap: Awaited<ReturnType<LedgerReports['oapMetrics']>>;
  statement: AccountStatement;
}

let reports: Reports;

beforeAll(async () => {
  const store = new InMemoryEventStore({ clock: () => clock.now() });
  await writeCommandHistory(store, {
    agreements: 1,
    months: 8,
    casesPerMonth: 2,
    adjustmentsPerMonth: 1,
    prefix: 'xl',
  });
  const commands = new LedgerCommands({ store, clock });
  await commands.execute(
    {
      type: 'CommitReinvestment',
      data: {
        agreementId: AGREEMENT,
        commitmentId: 'c-1',
        schemeId: 'step-down-beds',
        amount: '1000.00',
        effectiveDate: asOf,
        description: 'Step-down beds',
      },
    },
    requestBy(leadFinance),
  );
  const ledger = new LedgerReports({ store, clock });
  const first = await ledger.statement(reviewer, AGREEMENT, 'commissioner', { limit: 3 });
  const [balances, budget, savings, oap, statement] = await Promise.all([
    ledger.balances(reviewer, AGREEMENT, { asOf }),
    ledger.budget(reviewer, AGREEMENT, { asOf }),
    ledger.savings(reviewer, AGREEMENT, { asOf }),
    ledger.oapMetrics(reviewer, AGREEMENT, { asOf }),
    // The second page, so that its opening balance is not zero.
    ledger.statement(reviewer, AGREEMENT, 'commissioner', { limit: 3, after: first.nextCursor! }),
  ]);
  reports = {
    balances,
    budget,
    savings,
    oap,
    statement,
    documents: [
      balancesDocument(balances),
      budgetDocument(budget),
      savingsDocument(savings),
      oapMetricsDocument(oap),
      statementDocument(statement),
    ],
  };
}, 60_000);

const csvOf = (document: ReportDocument, section?: string) => {
  const text = reportCsv(document, section);
  expect(text.startsWith(CSV_BOM)).toBe(true);
  return csvRows(text.slice(CSV_BOM.length));
};

const document = (report: string) => reports.documents.find((d) => d.report === report)!;
const pence = (amount: string) => penceOf(amount);
const sum = (amounts: string[]) => formatPence(amounts.reduce((s, a) => s + pence(a), 0n));

describe('report CSV', () => {
  it('holds one kind of row per file: every section of every report, its own header, its summary rows at the ends', () => {
    for (const doc of reports.documents) {
      expect(doc.sections.map((s) => s.key)).toEqual(REPORT_SECTIONS[doc.report]);
      for (const section of doc.sections) {
        const [header, ...rows] = csvOf(doc, section.key);
        expect(header).toEqual(section.columns.map((c) => c.key));
        expect(rows).toHaveLength(
          section.leading.length + section.rows.length + section.trailing.length,
        );
        for (const row of rows) expect(row).toHaveLength(header.length);
        const label = header.indexOf(section.labelColumn);
        const labels = [...section.leading, ...section.trailing].map((s) => s.label);
        const data = rows.slice(section.leading.length, rows.length - section.trailing.length);
        expect(data.filter((row) => labels.includes(row[label]))).toEqual([]);
        expect(rows.slice(0, section.leading.length).map((row) => row[label])).toEqual(
          section.leading.map((s) => s.label),
        );
        expect(rows.slice(rows.length - section.trailing.length).map((row) => row[label])).toEqual(
          section.trailing.map((s) => s.label),
        );
      }
    }
  });

  it('splits the savings report: by period by default, by case, repatriations, reinvestment, summary', () => {
    const savings = document('savings');
    const [header, ...rows] = csvOf(savings);
    expect(header).toEqual(['period', 'status', 'amount_gbp', 'pending_adjustment_gbp']);
    const periods = reports.savings.byPeriod;
    expect(rows.slice(0, -1)).toEqual(
      periods.map((p) => [p.period, p.status, p.amount, p.pendingAdjustment]),
    );
    const total = rows[rows.length - 1];
    expect(total).toEqual([
      'Total',
      '',
      sum(periods.map((p) => p.amount)),
      sum(periods.map((p) => p.pendingAdjustment)),
    ]);
    // Posted, provisional and pending together: the report's own total.
    expect(sum([total[2], total[3]])).toBe(reports.savings.recognised.total);

    const [caseHeader, ...caseRows] = csvOf(savings, 'by-case');
    expect(caseHeader).toEqual([
      'case_id',
      'service_line',
      'period',
      'status',
      'amount_gbp',
      'pending_adjustment_gbp',
    ]);
    const caseTotal = caseRows[caseRows.length - 1];
    expect(caseTotal[0]).toBe('Total');
    expect(sum([caseTotal[4], caseTotal[5]])).toBe(sum(reports.savings.byCase.map((c) => c.total)));

    const [, ...schemes] = csvOf(savings, 'reinvestment');
    expect(schemes).toEqual([
      ['step-down-beds', '1000.00'],
      ['Total', reports.savings.reinvestment.total],
    ]);
    const summary = Object.fromEntries(
      csvOf(savings, 'summary')
        .slice(1)
        .map((r) => [r[0], r[2]]),
    );
    expect(summary).toMatchObject({
      'recognised-total': reports.savings.recognised.total,
      'reinvestment-committed': '1000.00',
      'retained-savings-available': reports.savings.retainedSavingsAvailable,
    });
    expect(csvOf(savings, 'repatriations').length).toBeGreaterThan(1);
    expect(() => reportCsv(savings, 'by-scheme')).toThrow(
      "must be one of the savings report's sections: by-period, by-case, repatriations, reinvestment, summary, prior-year, posted-in-successor, uncovered-nights",
    );
  });

  it('ends the balances with a total, the budget with totals that equal the JSON totals', () => {
    const [, ...balances] = csvOf(document('balances'));
    expect(balances[balances.length - 1]).toEqual(['', '', '', '', 'Total', '0.00']);
    expect(reports.balances.total).toBe('0.00');

    const byLine = sectionTable(sectionOf(document('budget'), 'by-line'));
    const at = (key: string) => byLine.header.indexOf(key);
    const total = byLine.rows[byLine.rows.length - 1];
    const { totals } = reports.budget;
    expect(total[at('service_line')]).toBe('Total');
    expect(total[at('full_year_budget_gbp')]).toBe(totals.fullYearBudget);
    expect(total[at('budget_to_date_gbp')]).toBe(totals.budgetToDate);
    expect(total[at('spend_to_date_gbp')]).toBe(totals.spendToDate);
    expect(total[at('provisional_spend_gbp')]).toBe(totals.provisionalSpend);
    expect(total[at('variance_gbp')]).toBe(totals.variance);
    expect(total[at('forecast_outturn_gbp')]).toBe(totals.forecastOutturn);

    const [, ...providers] = csvOf(document('budget'), 'by-provider');
    expect(providers[providers.length - 1]).toEqual(['Total', '', '', totals.spendToDate]);

    const [periodHeader, ...periods] = csvOf(document('budget'));
    const periodTotal = periods[periods.length - 1];
    const cell = (key: string) => periodTotal[periodHeader.indexOf(key)];
    expect(cell('service_line')).toBe('Total');
    expect(sum([cell('spend_gbp'), cell('pending_adjustment_gbp')])).toBe(totals.spendToDate);
    expect(cell('budget_to_date_gbp')).toBe('');
  });

  it('gives the statement page its opening and closing balances, with what moved in and out', () => {
    const { statement } = reports;
    expect(statement.openingBalance).not.toBe('0.00');
    const [header, opening, ...rest] = csvOf(document('statement'));
    const at = (key: string) => header.indexOf(key);
    expect(opening[at('cursor')]).toBe('Opening balance');
    expect(opening[at('balance_gbp')]).toBe(statement.openingBalance);
    const [totalIn, totalOut, closing] = rest.slice(-3);
    expect([totalIn[0], totalOut[0], closing[0]]).toEqual([
      'Total in',
      'Total out',
      'Closing balance',
    ]);
    expect(closing[at('balance_gbp')]).toBe(statement.closingBalance);
    const moved =
      pence(statement.openingBalance) +
      pence(totalIn[at('amount_gbp')]) -
      pence(totalOut[at('amount_gbp')]);
    expect(formatPence(moved)).toBe(statement.closingBalance);
    expect(rest.slice(0, -3).map((row) => row[at('cursor')])).toEqual(
      statement.entries.map((e) => e.cursor),
    );
  });

  it('neutralises text that a spreadsheet would run as a formula, and leaves numbers alone', () => {
    for (const [text, shown] of [
      ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
      ['+1+1', `'+1+1`],
      ['-1+1', `'-1+1`],
      ['@SUM(A1)', `'@SUM(A1)`],
      ['\tx', `'\tx`],
      ['\rx', `'\rx`],
      ['adult-medium-secure', 'adult-medium-secure'],
      ['2025-04', '2025-04'],
    ]) {
      expect(neutraliseFormula(text)).toBe(shown);
    }
    const hostile: AccountStatement = {
      agreementId: 'a-1',
      account: 'commissioner',
      knownAt: 3,
      openingBalance: '-10.00',
      closingBalance: '-20.00',
      entries: [
        {
          cursor: '3:0',
          position: 3,
          eventId: 'e-3',
          recordedAt: '2025-04-01T09:00:00.000Z',
          period: '2025-04',
          postedIn: '2025-04',
          source: 'BudgetAdjusted',
          reference: '=cmd|" /C calc"!A0',
          counterAccount: '@budget',
          direction: 'out',
          amount: '10.00',
          balance: '-20.00',
        },
      ],
      nextCursor: null,
    };
    const [, , row] = csvOf(statementDocument(hostile));
    expect(row).toEqual([
      '3:0',
      '3',
      '2025-04-01T09:00:00.000Z',
      '2025-04',
      '2025-04',
      'BudgetAdjusted',
      `'=cmd|" /C calc"!A0`,
      "'@budget",
      'out',
      '10.00',
      '-20.00',
    ]);
    const text = reportCsv(statementDocument(hostile));
    expect(text).toContain(`,"'=cmd|"" /C calc""!A0",`);
    // Negative money is a number, never prefixed.
    expect(text).toContain(',-20.00\r\n');
  });
});

/** A workbook's bytes, read back as Excel would see them. */
async function readBack(bytes: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  // exceljs types its input as an older Node's Buffer; the bytes are what it reads.
  await workbook.xlsx.load(bytes as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

/** Checks one sheet against its section: header, pane, formats, values and totals. */
function expectSheetOf(sheet: Worksheet, section: ReportSection): void {
  const shown = section.columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => !column.context);
  const header = shown.map((_, i) => sheet.getRow(1).getCell(i + 1).value);
  expect(header).toEqual(shown.map(({ column }) => column.label));
  expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  shown.forEach(({ column }, i) => {
    expect(sheet.getColumn(i + 1).width).toBeGreaterThanOrEqual(column.label.length);
  });
  const first = 2 + section.leading.length;
  expect(sheet.rowCount).toBe(
    1 + section.leading.length + section.rows.length + section.trailing.length,
  );

  section.rows.forEach((row, r) => {
    shown.forEach(({ column, index }, i) => {
      const cell = sheet.getRow(first + r).getCell(i + 1);
      const value = row[index];
      if (value === null) {
        expect(cell.value).toBeNull();
        return;
      }
      switch (column.kind) {
        case 'money':
          expect(typeof cell.value).toBe('number');
          expect(cell.numFmt).toBe(MONEY_FORMAT);
          // To the penny: the number is the JSON's decimal string, and shows as it.
          expect((cell.value as number).toFixed(2)).toBe(value);
          expect(cell.value).toBe(Number(value));
          break;
        case 'text':
          expect(cell.value).toBe(value);
          expect(cell.type).toBe(3); // ValueType.String
          expect(cell.numFmt).toBe(TEXT_FORMAT);
          break;
        case 'date':
          expect(cell.value).toEqual(new Date(`${String(value)}T00:00:00.000Z`));
          expect(cell.numFmt).toBe(DATE_FORMAT);
          break;
        case 'count':
        case 'distance':
          expect(cell.value).toBe(Number(value));
          break;
        case 'flag':
          expect(cell.value).toBe(value);
          break;
      }
    });
  });

  section.trailing.forEach((summary, t) => {
    const row = sheet.getRow(first + section.rows.length + t);
    const label = shown.findIndex(({ column }) => column.key === section.labelColumn);
    expect(row.getCell(label + 1).value).toBe(summary.label);
    expect(row.getCell(label + 1).font?.bold).toBe(true);
    if (summary.label !== 'Total') return;
    // A totals row is the sum of the sheet's own data cells above it, to the penny.
    shown.forEach(({ column }, i) => {
      if (column.kind !== 'money' || summary.values[column.key] === undefined) return;
      const cells = section.rows.map((_, r) => sheet.getRow(first + r).getCell(i + 1).value);
      const added = cells.reduce<bigint>((s, v) => s + BigInt(Math.round((v as number) * 100)), 0n);
      const total = row.getCell(i + 1).value as number;
      expect(BigInt(Math.round(total * 100))).toBe(added);
      expect(total.toFixed(2)).toBe(summary.values[column.key]);
      expect(row.getCell(i + 1).numFmt).toBe(MONEY_FORMAT);
    });
  });
}

describe('report XLSX', () => {
  it('writes every report as a workbook: a sheet per section, then About, read back cell for cell', async () => {
    for (const doc of reports.documents) {
      const workbook = await readBack(await reportXlsx(doc, { generatedAt }));
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
        ...doc.sections.map((section) => section.title),
        ABOUT_SHEET,
      ]);
      expect(workbook.creator).toBe(WORKBOOK_CREATOR);
      expect(workbook.lastModifiedBy).toBe(WORKBOOK_CREATOR);
      expect(workbook.title).toBe(`${doc.title}: ${AGREEMENT}`);
      expect(workbook.created).toEqual(generatedAt);
      for (const section of doc.sections) {
        expectSheetOf(workbook.getWorksheet(section.title)!, section);
      }
      const about = workbook.getWorksheet(ABOUT_SHEET)!;
      const facts = new Map<string, unknown>();
      about.eachRow((row, n) => {
        if (n > 1) facts.set(row.getCell(1).text, row.getCell(2).value);
      });
      expect(facts.get('Agreement')).toBe(AGREEMENT);
      expect(facts.get('Generated by')).toBe(WORKBOOK_CREATOR);
      expect(facts.get('Generated at (UTC)')).toBe('2025-11-20T12:34:56.000Z');
    }
  });

  it('keeps periods and codes as text, money as pounds from the JSON, dates as dates', async () => {
    const workbook = await readBack(await reportXlsx(document('budget'), { generatedAt }));
    const byPeriod = workbook.getWorksheet('By period')!;
    const april = byPeriod.getRow(2);
    expect(april.getCell(2).value).toBe('2025-04');
    expect(april.getCell(2).type).toBe(3);
    const line = reports.budget.lines[0];
    expect(april.getCell(1).value).toBe(line.serviceLine);
    expect(april.getCell(4).value).toBe(Number(line.periods[0].budget));
    expect((april.getCell(4).value as number).toFixed(2)).toBe(line.periods[0].budget);

    const providers = workbook.getWorksheet('By provider')!;
    const codes = Array.from(
      { length: providers.rowCount - 2 },
      (_, i) => providers.getRow(i + 2).getCell(3).value,
    );
    expect(codes).toEqual(
      reports.budget.lines.flatMap((l) => l.spendToDate.byProvider.map((p) => p.providerCode)),
    );
    const byLine = workbook.getWorksheet('By line')!;
    const lastRow = byLine.getRow(byLine.rowCount);
    expect(lastRow.getCell(1).value).toBe('Total');
    expect(lastRow.font?.bold).toBe(true);
    expect((lastRow.getCell(2).value as number).toFixed(2)).toBe(
      reports.budget.totals.fullYearBudget,
    );

    const oap = await readBack(await reportXlsx(document('oap-metrics'), { generatedAt }));
    const countedOn = oap.getWorksheet('By period')!.getRow(2).getCell(3);
    expect(countedOn.value).toEqual(new Date(`${reports.oap.periods[0].countedOn}T00:00:00.000Z`));
    expect(countedOn.numFmt).toBe(DATE_FORMAT);

    const balances = await readBack(await reportXlsx(document('balances'), { generatedAt }));
    const sheet = balances.getWorksheet('Balances')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Account', 'Balance']);
    const about = balances.getWorksheet(ABOUT_SHEET)!;
    const asOfRow = about.getRow(4);
    expect(asOfRow.getCell(1).value).toBe('As of');
    expect(asOfRow.getCell(2).value).toEqual(new Date('2025-11-20T00:00:00.000Z'));
  });

  it('converts money exactly: the number is the nearest double to the decimal, and shows as it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), (p) => {
        const amount = formatPence(p);
        const number = moneyNumber(amount);
        expect(number).toBe(Number(amount));
        expect(number.toFixed(2)).toBe(amount === '-0.00' ? '0.00' : amount);
      }),
    );
    expect(moneyNumber('5416666.66')).toBe(5416666.66);
    expect(moneyNumber('-0.01')).toBe(-0.01);
    expect(() => moneyNumber('90071992547409.93')).toThrow(RangeError);
  });
});
