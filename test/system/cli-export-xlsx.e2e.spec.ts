/**
 * `ledger export --format xlsx` and `--section` end to end: the worked scenario is recorded
 * over HTTP into a temporary data directory, then the CLI runs as a real child process. Its
 * workbook holds the cells of the HTTP one (the bytes differ only by when each was made), and a
 * CSV section is byte for byte the HTTP body.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, todayIn } from '@ledger/commands';
import { Workbook } from 'exceljs';
import * as f from '../../apps/api/test/testing/ledger-fixtures';
import { LedgerTestApp } from '../../apps/api/test/testing/ledger-test-app';
import { recordWorkedScenario } from '../../apps/api/test/testing/worked-scenario';
import { runLedgerCli } from '../support/run-ledger-cli';

const CLI_TIMEOUT_MS = 60_000;

async function workbookOf(bytes: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

/** Every sheet's cell values, but the About sheet's "Generated at", which is when. */
function cellsOf(workbook: Workbook): Record<string, unknown[][]> {
  return Object.fromEntries(
    workbook.worksheets.map((sheet) => {
      const rows: unknown[][] = [];
      sheet.eachRow((row) => {
        const values = (row.values as unknown[]).slice(1);
        if (sheet.name === 'About' && values[0] === 'Generated at (UTC)') return;
        rows.push(values);
      });
      return [sheet.name, rows];
    }),
  );
}

describe('ledger export --format xlsx and --section (CLI)', () => {
  let dataDir: string;
  let http: { budgetXlsx: Buffer; savingsByCase: string };
  let httpDay: string;

  /** The HTTP answers, from an API on the system clock, as the CLI runs. */
  const fetchHttp = async () => {
    const app = await LedgerTestApp.start({ dataDir, clock: systemClock });
    try {
      const budget = await app.get(
        `/v1/agreements/${f.AGREEMENT_ID}/reports/budget?asOf=2025-09-30&format=xlsx`,
        f.reviewer,
      );
      const byCase = await app.get(
        `/v1/agreements/${f.AGREEMENT_ID}/reports/savings?asOf=2025-10-15&format=csv&section=by-case`,
        f.reviewer,
      );
      http = { budgetXlsx: budget.rawPayload, savingsByCase: byCase.body };
    } finally {
      await app.stop();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-export-xlsx-'));
    const app = await LedgerTestApp.start({ dataDir });
    try {
      await recordWorkedScenario(app);
    } finally {
      await app.stop();
    }
    // The CLI reads the system clock, and a report's uncovered nights (after the agreement's
    // 31 March) count through today: the API it is compared with reads the same clock.
    await fetchHttp();
    httpDay = todayIn(systemClock);
  }, CLI_TIMEOUT_MS);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const exported = (report: string, ...more: string[]) =>
    runLedgerCli('export', report, '--agreement', f.AGREEMENT_ID, '--data-dir', dataDir, ...more);

  it(
    'writes the workbook to --out, with the cells of the HTTP workbook',
    async () => {
      const out = join(dataDir, 'budget.xlsx');
      const written = await exported(
        'budget',
        '--as-of',
        '2025-09-30',
        '--format',
        'xlsx',
        '--out',
        out,
      );
      expect(written).toEqual({ code: 0, out: '', err: '' });
      // Should UK midnight have passed since the HTTP answers, ask them again for the same day.
      if (todayIn(systemClock) !== httpDay) await fetchHttp();
      const file = readFileSync(out);
      // An XLSX file is a zip: PK\x03\x04.
      expect(file.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
      const cli = await workbookOf(file);
      const api = await workbookOf(http.budgetXlsx);
      expect(cli.worksheets.map((s) => s.name)).toEqual([
        'By period',
        'By line',
        'By provider',
        'Forecast',
        'Prior year',
        'Posted in successor',
        'Uncovered nights',
        'Organisations',
        'About',
      ]);
      expect(cli.creator).toBe('OAP ledger');
      expect(cellsOf(cli)).toEqual(cellsOf(api));
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'writes one CSV section, byte for byte the HTTP body',
    async () => {
      const printed = await exported(
        'savings',
        '--as-of',
        '2025-10-15',
        '--format',
        'csv',
        '--section',
        'by-case',
      );
      expect(printed).toMatchObject({ code: 0, err: '' });
      expect(printed.out).toBe(http.savingsByCase);
      expect(printed.out.split('\r\n')[0]).toBe(
        '\uFEFFcase_id,service_line,period,status,amount_gbp,pending_adjustment_gbp',
      );
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 2 on an XLSX without --out, a section without csv, and a section the report lacks',
    async () => {
      const out = join(dataDir, 'never.xlsx');
      for (const [more, message] of [
        [['--format', 'xlsx'], '--format xlsx writes a workbook to a file: give --out FILE.xlsx'],
        [['--format', 'json', '--section', 'by-case'], '--section is for --format csv only'],
        [
          ['--format', 'xlsx', '--section', 'by-case', '--out', out],
          '--section is for --format csv only',
        ],
        [
          ['--format', 'csv', '--section', 'by-scheme'],
          '--section of savings must be one of by-period, by-case, repatriations, reinvestment, summary, prior-year, posted-in-successor, uncovered-nights',
        ],
        [['--format', 'pdf'], '--format must be json, csv, xlsx'],
      ] as const) {
        const outcome = await exported('savings', ...more);
        expect({ more, code: outcome.code }).toEqual({ more, code: 2 });
        expect(outcome.err).toContain(message);
        expect(outcome.out).toBe('');
      }
      expect(existsSync(out)).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );
});
