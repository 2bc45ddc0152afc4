/**
 * Every XLSX the ledger writes (the reports, statements, management accounts and chain report), opened by a second reader: openpyxl (Debian's python3-openpyxl),
 * the library most Python analysts open spreadsheets with, independent of the exceljs that
 * writes them. Each workbook of the worked scenario must open without error and show, sheet by
 * sheet and cell by cell, what exceljs reads back: the same sheets in order, the header row
 * frozen, column widths set, the same values, money as numbers in the £ format with 2
 * decimals, periods such as 2025-04 as text (never a date), and no cell a formula.
 *
 * .ci/run installs python3-openpyxl where it is missing; without it this suite fails, saying so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Workbook } from 'exceljs';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';
import { recordWorkedScenario } from './testing/worked-scenario';

jest.setTimeout(120_000);

const READER = resolve(__dirname, '../../../test/xlsx/read-workbook.py');
/** Debian's Python, which python3-openpyxl installs into (a pyenv python3 may come first on PATH). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const MONEY_FORMAT = '"£"#,##0.00;[Red]-"£"#,##0.00';
const AGREEMENT = `/v1/agreements/${f.AGREEMENT_ID}`;

interface ReadCell {
  value: unknown;
  type: string;
  format: string;
}
interface ReadSheet {
  name: string;
  frozen: string | null;
  widths: Record<string, number>;
  rows: ReadCell[][];
}

function openpyxlAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import openpyxl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What exceljs reads back: each cell's value and number format, rows padded like openpyxl's. */
async function exceljsView(body: Buffer) {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook.worksheets.map((sheet) => ({
    name: sheet.name,
    frozen: sheet.views[0]?.state === 'frozen' ? sheet.views[0] : null,
    rows: Array.from({ length: sheet.rowCount }, (_, r) => {
      const row = sheet.getRow(r + 1);
      return Array.from({ length: sheet.columnCount }, (_, c) => {
        const cell = row.getCell(c + 1);
        // A date cell, as openpyxl writes it: an ISO date-time without a zone.
        const value =
          cell.value instanceof Date ? cell.value.toISOString().slice(0, 19) : (cell.value ?? null);
        return { value, format: cell.numFmt };
      });
    }),
  }));
}

describe('XLSX exports open in a second reader (openpyxl) as exceljs reads them', () => {
  let ledger: LedgerTestApp;
  let dir: string;

  beforeAll(async () => {
    if (!openpyxlAvailable()) {
      throw new Error(
        'python3 with openpyxl is needed to check the XLSX exports: apt-get install python3-openpyxl',
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'ledger-xlsx-'));
    ledger = await LedgerTestApp.start();
    await recordWorkedScenario(ledger);
  });

  afterAll(async () => {
    await ledger?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const urls = async (): Promise<string[]> => {
    const balances = await ledger.get(`${AGREEMENT}/reports/balances`, f.reviewer);
    const accounts = balances
      .json<{ balances: { account: string }[] }>()
      .balances.map((b) => b.account);
    return [
      ...['balances', 'budget', 'savings', 'oap-metrics'].flatMap((report) => [
        `${AGREEMENT}/reports/${report}?format=xlsx`,
        `${AGREEMENT}/reports/${report}?format=xlsx&asOf=2025-07-31`,
      ]),
      `${AGREEMENT}/reports/balances?format=xlsx&basis=posted-in`,
      `${AGREEMENT}/management-accounts?format=xlsx&period=2025-08`,
      `${AGREEMENT}/management-accounts?format=xlsx&period=2025-09`,
      `${AGREEMENT}/chain-report?format=xlsx`,
      ...accounts.map(
        (account) => `${AGREEMENT}/accounts/${encodeURIComponent(account)}/statement?format=xlsx`,
      ),
    ];
  };

  it('opens every workbook, with the same sheets, values and formats as exceljs reads', async () => {
    const all = await urls();
    expect(all.length).toBeGreaterThan(12);
    let moneyCells = 0;
    let periodCells = 0;
    for (const [i, url] of all.entries()) {
      const response = await ledger.get(url, f.reviewer);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
      const file = join(dir, `${i}.xlsx`);
      writeFileSync(file, response.rawPayload);
      const read = JSON.parse(execFileSync(PYTHON, [READER, file], { encoding: 'utf8' })) as {
        sheets: ReadSheet[];
      };
      const expected = await exceljsView(response.rawPayload);

      expect({ url, sheets: read.sheets.map((s) => s.name) }).toEqual({
        url,
        sheets: expected.map((s) => s.name),
      });
      for (const [s, sheet] of read.sheets.entries()) {
        const where = `${url} sheet ${sheet.name}`;
        // The header row is frozen, and columns are sized for their contents.
        expect({ where, frozen: sheet.frozen }).toEqual({ where, frozen: 'A2' });
        expect(Object.keys(sheet.widths).length).toBeGreaterThan(0);
        const rows = expected[s].rows;
        // Values, all at once; then what each kind of cell must be, as a list of faults.
        expect({ where, values: sheet.rows.map((row) => row.map((cell) => cell.value)) }).toEqual({
          where,
          values: rows.map((row, r) => sheet.rows[r].map((_, c) => (row[c] ? row[c].value : null))),
        });
        const faults: string[] = [];
        for (const [r, row] of sheet.rows.entries()) {
          for (const [c, cell] of row.entries()) {
            const at = `${String.fromCharCode(65 + c)}${r + 1}`;
            const mine = rows[r][c];
            // Nothing a spreadsheet would run: no formula.
            if (typeof cell.value === 'string' && cell.value.startsWith('=')) {
              faults.push(`${at} is a formula`);
            }
            if (r > 0 && cell.format === MONEY_FORMAT && cell.value !== null) {
              // Money is a number (so it sums), shown with £ and 2 decimals.
              if (typeof cell.value !== 'number') faults.push(`${at} money as ${cell.type}`);
              moneyCells += 1;
            } else if (mine?.format && cell.format !== mine.format) {
              faults.push(`${at} format ${cell.format}, exceljs ${mine.format}`);
            }
            if (typeof cell.value === 'string' && /^\d{4}-\d{2}$/.test(cell.value)) {
              // A period stays text: openpyxl reads a date cell as a datetime.
              if (cell.type !== 'str') faults.push(`${at} period as ${cell.type}`);
              periodCells += 1;
            }
          }
        }
        expect({ where, faults }).toEqual({ where, faults: [] });
      }
    }
    expect(moneyCells).toBeGreaterThan(100);
    expect(periodCells).toBeGreaterThan(10);
  });
});
