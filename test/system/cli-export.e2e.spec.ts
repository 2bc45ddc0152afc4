/**
 * `ledger export` end to end: a ledger is written by `ledger import` into a temporary data
 * directory, then the CLI runs as a real child process and its output is compared with the
 * hand-computed figures and with the HTTP API's body for the same data directory and query.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerTestApp } from '../../apps/api/test/testing/ledger-test-app';
import { runLedgerCli, runLedgerCliIn } from '../support/run-ledger-cli';

const CLI_TIMEOUT_MS = 60_000;
const ROOT = join(__dirname, '..', '..');
const AGREEMENT = 'slp-adult-secure-2025-26';
const REVIEWER = { subject: 'rita', role: 'reviewer', organisationCode: null };

const cli = runLedgerCli;

describe('ledger export (CLI)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-export-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /**
   * Positions 1-3: the agreement, then 12,000.00 (medium secure) and 6,000.00 (low secure)
   * phased evenly over the twelve months. At 2025-06-30 three months count: 3,000.00 and
   * 1,500.00 against the commissioner's -4,500.00.
   */
  async function aLedger(): Promise<void> {
    const file = join(dataDir, 'agreement.ndjson');
    const line = (command: string, data: Record<string, unknown>) =>
      JSON.stringify({ command, data });
    const allocate = (allocationId: string, serviceLine: string, amount: string) =>
      line('AllocateBudget', {
        agreementId: AGREEMENT,
        allocationId,
        serviceLine,
        amount,
        effectiveDate: '2025-04-01',
        phasing: { kind: 'even' },
      });
    writeFileSync(
      file,
      [
        line('CreateAgreement', {
          agreementId: AGREEMENT,
          commissionerCode: '13R',
          leadProviderCode: 'RV5',
          partnerProviderCodes: ['RPG', 'RQY'],
          financialYear: '2025/26',
          serviceLines: ['adult-medium-secure', 'adult-low-secure'],
          savingsHorizonDays: 365,
        }),
        allocate('alloc-1', 'adult-medium-secure', '12000.00'),
        allocate('alloc-2', 'adult-low-secure', '6000.00'),
      ].join('\n'),
    );
    const imported = await cli(
      'import',
      '--mode',
      'all-or-nothing',
      '--subject',
      'alice',
      '--role',
      'commissioner-finance',
      '--org',
      '13R',
      '--data-dir',
      dataDir,
      file,
    );
    expect(imported.code).toBe(0);
  }

  function fileDigest(): string {
    return createHash('sha256')
      .update(readFileSync(join(dataDir, 'ledger.sqlite')))
      .digest('hex');
  }

  const balances = (...more: string[]) =>
    cli('export', 'balances', '--agreement', AGREEMENT, '--data-dir', dataDir, ...more);

  it(
    'exports the balances as CSV and JSON, summing to 0.00, byte for byte the HTTP body',
    async () => {
      await aLedger();
      const before = fileDigest();
      const csv = await balances('--as-of', '2025-06-30', '--format', 'csv');
      expect(csv).toMatchObject({ code: 0, err: '' });
      // UTF-8 with a byte order mark for Excel, and a total row (docs/exports.md).
      const rows = csv.out.split('\r\n');
      expect(rows).toEqual([
        '\uFEFFagreement_id,as_of,basis,known_at_position,account,balance_gbp',
        `${AGREEMENT},2025-06-30,belongs-to,3,budget:adult-low-secure,1500.00`,
        `${AGREEMENT},2025-06-30,belongs-to,3,budget:adult-medium-secure,3000.00`,
        `${AGREEMENT},2025-06-30,belongs-to,3,commissioner,-4500.00`,
        ',,,,Total,0.00',
        '',
      ]);
      const pence = rows
        .slice(1, -2)
        .reduce((sum, row) => sum + Math.round(Number(row.split(',')[5]) * 100), 0);
      expect(pence).toBe(0);

      const json = await balances('--as-of', '2025-06-30', '--format', 'json');
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out)).toEqual({
        agreementId: AGREEMENT,
        asOf: '2025-06-30',
        basis: 'belongs-to',
        knownAt: 3,
        balances: [
          { account: 'budget:adult-low-secure', balance: '1500.00' },
          { account: 'budget:adult-medium-secure', balance: '3000.00' },
          { account: 'commissioner', balance: '-4500.00' },
        ],
        total: '0.00',
        // Named as the API names them: nobody has named these organisations.
        organisations: ['13R', 'RV5', 'RPG', 'RQY'].map((odsCode) => ({ odsCode, name: null })),
      });
      expect(fileDigest()).toBe(before);

      const app = await LedgerTestApp.start({ dataDir });
      try {
        const url = `/v1/agreements/${AGREEMENT}/reports/balances?asOf=2025-06-30`;
        const httpCsv = await app.get(`${url}&format=csv`, REVIEWER);
        expect(httpCsv.statusCode).toBe(200);
        expect(csv.out).toBe(httpCsv.body);
        const httpJson = await app.get(url, REVIEWER);
        expect(httpJson.statusCode).toBe(200);
        expect(json.out).toBe(httpJson.body);
      } finally {
        await app.stop();
      }
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'answers at a knowledge position, and writes to --out',
    async () => {
      await aLedger();
      const out = join(dataDir, 'balances.csv');
      const written = await balances(
        '--as-of',
        '2025-06-30',
        '--known-at-position',
        '2',
        '--format',
        'csv',
        '--out',
        out,
      );
      expect(written).toMatchObject({ code: 0, out: '' });
      expect(readFileSync(out, 'utf8')).toBe(
        '\uFEFFagreement_id,as_of,basis,known_at_position,account,balance_gbp\r\n' +
          `${AGREEMENT},2025-06-30,belongs-to,2,budget:adult-medium-secure,3000.00\r\n` +
          `${AGREEMENT},2025-06-30,belongs-to,2,commissioner,-3000.00\r\n` +
          ',,,,Total,0.00\r\n',
      );
    },
    CLI_TIMEOUT_MS,
  );

  it(
    '--out writes exactly the report bytes (no banner, nothing else), the HTTP body, and stdout stays empty',
    async () => {
      await aLedger();
      const app = await LedgerTestApp.start({ dataDir });
      const bodies: Record<string, string> = {};
      try {
        for (const format of ['csv', 'json']) {
          const url = `/v1/agreements/${AGREEMENT}/reports/balances?asOf=2025-06-30&format=${format}`;
          const http = await app.get(url, REVIEWER);
          expect(http.statusCode).toBe(200);
          bodies[format] = http.body;
        }
      } finally {
        await app.stop();
      }
      for (const format of ['csv', 'json']) {
        const out = join(dataDir, `balances.${format}`);
        writeFileSync(
          out,
          'an older report, longer than the new one, to be replaced whole\n'.repeat(9),
        );
        const written = await balances('--as-of', '2025-06-30', '--format', format, '--out', out);
        expect({ format, ...written }).toEqual({ format, code: 0, out: '', err: '' });
        expect(readFileSync(out).equals(Buffer.from(bodies[format], 'utf8'))).toBe(true);
        const printed = await balances('--as-of', '2025-06-30', '--format', format);
        expect(readFileSync(out).equals(Buffer.from(printed.out, 'utf8'))).toBe(true);
      }
      expect(readFileSync(join(dataDir, 'balances.csv'), 'utf8')).toMatch(
        /^\uFEFFagreement_id,as_of,basis,known_at_position,account,balance_gbp\r\n/,
      );
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "runs the README's export as documented: into --out, the report's bytes without npm's banner",
    async () => {
      // Every export the docs show keeps npm's "> oap-ledger@0.1.0 cli" banner out of the
      // report: `npm run -s`, or `--out FILE` (npm prints the banner on stdout, not in the file).
      const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((page) => `docs/${page}`)];
      const shown = pages
        .filter((page) => page.endsWith('.md'))
        .flatMap((page) =>
          [
            ...readFileSync(join(ROOT, page), 'utf8').matchAll(
              /npm run( -s)? cli -- export[^`\n]*/g,
            ),
          ].map((found) => ({
            page,
            command: found[0],
            clean: found[1] === ' -s' || found[0].includes('--out '),
          })),
        );
      expect(shown.filter((example) => example.page === 'README.md')).not.toEqual([]);
      expect(shown.filter((example) => !example.clean)).toEqual([]);

      await aLedger();
      const readme = shown.find((example) => example.page === 'README.md')!.command;
      const args = readme
        .replace(/^npm run( -s)? cli -- /, '')
        .split(' ')
        .map((word) => (word === 'ID' ? AGREEMENT : word));
      expect(args).toContain('--out');
      const cwd = mkdtempSync(join(tmpdir(), 'ledger-export-cwd-'));
      try {
        symlinkSync(dataDir, join(cwd, 'data'));
        const written = await runLedgerCliIn({ cwd, env: withoutDataDir() }, ...args);
        expect(written).toEqual({ code: 0, out: '', err: '' });
        const out = args.indexOf('--out');
        const file = readFileSync(join(cwd, args[out + 1]));
        // The same export to stdout: the report's bytes.
        const toStdout = [...args.slice(0, out), ...args.slice(out + 2)];
        const printed = await cli(...toStdout, '--data-dir', dataDir);
        expect(printed.code).toBe(0);
        expect(file.equals(Buffer.from(printed.out, 'utf8'))).toBe(true);
        expect(file.toString('utf8')).toMatch(
          /^\uFEFFagreement_id,as_of,basis,known_at_position,account,balance_gbp\r\n/,
        );
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 3 when --out cannot be written, or the export fails, leaving no file',
    async () => {
      await aLedger();
      const nowhere = join(dataDir, 'no-such-folder', 'balances.csv');
      const unwritable = await balances('--format', 'csv', '--out', nowhere);
      expect(unwritable).toMatchObject({ code: 3, out: '' });
      expect(unwritable.err).toContain(
        `Cannot write --out ${nowhere}: ${join(dataDir, 'no-such-folder')} does not exist`,
      );
      const out = join(dataDir, 'budget.csv');
      const unknown = await cli(
        'export',
        'budget',
        '--agreement',
        'nope',
        '--data-dir',
        dataDir,
        '--out',
        out,
      );
      expect(unknown.code).toBe(3);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dataDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 2 on a usage error',
    async () => {
      for (const args of [
        ['export', '--agreement', AGREEMENT],
        ['export', 'forecast', '--agreement', AGREEMENT],
        ['export', 'balances'],
        ['export', 'balances', '--agreement', AGREEMENT, '--as-of', '2025-02-30'],
        ['export', 'balances', '--agreement', AGREEMENT, '--format', 'xlsx'],
        ['export', 'statement', '--agreement', AGREEMENT],
        ['export', 'budget', '--agreement', AGREEMENT, '--basis', 'posted-in'],
        [
          'export',
          'budget',
          '--agreement',
          AGREEMENT,
          '--known-at',
          '2025-07-31T23:59:59Z',
          '--known-at-position',
          '2',
        ],
      ]) {
        const outcome = await cli(...args);
        expect({ args, code: outcome.code }).toEqual({ args, code: 2 });
        expect(outcome.err).toContain('Usage: ledger export balances|budget|savings|oap-metrics');
        expect(outcome.err).toContain('Run "ledger export --help"');
      }
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 3 on an unknown agreement, and when there is no ledger',
    async () => {
      const missing = await balances();
      expect(missing.code).toBe(3);
      expect(missing.err).toContain('No ledger to export');
      await aLedger();
      const unknown = await cli('export', 'budget', '--agreement', 'nope', '--data-dir', dataDir);
      expect(unknown).toMatchObject({ code: 3, out: '' });
      expect(unknown.err).toContain('No agreement nope has been recorded');
    },
    CLI_TIMEOUT_MS,
  );
});

/** This process's environment without LEDGER_DATA_DIR, for a child that must default it. */
function withoutDataDir(): Record<string, string | undefined> {
  const env = { ...process.env };
  delete env.LEDGER_DATA_DIR;
  return env;
}
