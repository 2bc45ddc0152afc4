/**
 * `ledger import` end to end, on what a person watching it sees: the CLI runs as a real child
 * process on a temporary data directory, and shows its progress on stderr the way verify and
 * rebuild do (lines decided so far, of how many, at what rate; then a last line with the time),
 * while stdout keeps the report alone. The line rules themselves are proven in
 * apps/api/test/imports.e2e.spec.ts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLedgerCli } from '../../../test/support/run-ledger-cli';

jest.setTimeout(120_000);

/** `count` agreements, one line each, with a blank line after the first (counted, skipped). */
function agreementsFile(file: string, count: number): void {
  const lines = Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      command: 'CreateAgreement',
      data: {
        agreementId: `slp-${String(index + 1).padStart(5, '0')}`,
        commissionerCode: '13R',
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG', 'RQY'],
        financialYear: '2025/26',
        serviceLines: ['adult-medium-secure'],
        savingsHorizonDays: 365,
      },
    }),
  );
  lines.splice(1, 0, '');
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('ledger import (CLI): progress', () => {
  let dir: string;
  let dataDir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-import-'));
    dataDir = join(dir, 'data');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const importing = (...args: string[]) =>
    runLedgerCli(
      'import',
      '--subject',
      'alice',
      '--role',
      'commissioner-finance',
      '--org',
      '13R',
      '--data-dir',
      dataDir,
      ...args,
    );

  const RATE = String.raw`\(\d{1,3}(,\d{3})* lines/s\)`;

  it('prints lines decided, of how many, and the rate to stderr every N lines, then a summary', async () => {
    const file = join(dir, 'five.ndjson');
    agreementsFile(file, 5);
    const imported = await importing('--mode', 'continue', '--progress-every', '2', file);
    expect(imported.code).toBe(0);
    expect(imported.out).toBe('continue: 5 lines, 5 applied, 0 failed\n');
    const progress = imported.err.trimEnd().split('\n');
    expect(progress).toHaveLength(3);
    expect(progress[0]).toMatch(new RegExp(`^decided 2 of 5 lines ${RATE}$`));
    expect(progress[1]).toMatch(new RegExp(`^decided 4 of 5 lines ${RATE}$`));
    expect(progress[2]).toMatch(new RegExp(`^decided 5 lines in \\d+\\.\\d s ${RATE}$`));
  });

  it('every 1,000 lines by default, on a larger file, all-or-nothing, keeping stdout to the report', async () => {
    const file = join(dir, 'many.ndjson');
    agreementsFile(file, 2_500);
    const imported = await importing('--mode', 'all-or-nothing', '--json', file);
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.out) as { lines: number; applied: number };
    expect(report).toMatchObject({ lines: 2_500, applied: 2_500 });
    const progress = imported.err.trimEnd().split('\n');
    expect(progress).toHaveLength(3);
    expect(progress[0]).toMatch(new RegExp(`^decided 1,000 of 2,500 lines ${RATE}$`));
    expect(progress[1]).toMatch(new RegExp(`^decided 2,000 of 2,500 lines ${RATE}$`));
    expect(progress[2]).toMatch(new RegExp(`^decided 2,500 lines in \\d+\\.\\d s ${RATE}$`));
  });

  it('says so when the file is missing, before creating any ledger (exit 3)', async () => {
    const missing = join(dir, 'returns-2025-10.ndjson');
    const outcome = await importing('--mode', 'continue', missing);
    expect(outcome).toMatchObject({ code: 3, out: '' });
    expect(outcome.err).toContain(`No file to import: ${missing} does not exist`);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('exits 2 on a usage error, naming what is wrong', async () => {
    const file = join(dir, 'one.ndjson');
    agreementsFile(file, 1);
    for (const [args, message] of [
      [['--mode', 'continue'], 'Name the NDJSON file to import'],
      [['--mode', 'continue', file, file], 'Name exactly one NDJSON file, not 2'],
      [[file], '--mode must be one of all-or-nothing, continue (there is no default)'],
      [['--mode', 'continue', '--progress-every', '0', file], '--progress-every must be'],
    ] as const) {
      const outcome = await importing(...args);
      expect({ args, code: outcome.code }).toEqual({ args, code: 2 });
      expect(outcome.err).toContain(message);
      expect(outcome.err).toContain('Run "ledger import --help"');
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});
