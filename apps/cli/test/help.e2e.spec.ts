/**
 * `ledger` as a new user meets it: `--help` (and `-h`) on the CLI, on every command and on every
 * export report prints the usage (options, defaults, an example) to stdout and exits 0, without
 * opening a store; no arguments prints the overall usage with the commands and exits 2; an
 * unknown command, option or report is named, with where the help is. The CLI runs as a real
 * child process, as in the other e2e tests.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLedgerCli, runLedgerCliIn } from '../../../test/support/run-ledger-cli';

jest.setTimeout(120_000);

const cli = runLedgerCli;
const COMMANDS = ['import', 'verify', 'rebuild', 'export'];
const REPORTS = ['balances', 'budget', 'savings', 'oap-metrics', 'statement'];

describe('ledger --help (CLI)', () => {
  it('prints the overall usage with every command on --help, -h and help, exiting 0', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const help = await cli(...args);
      expect({ args, code: help.code, err: help.err }).toEqual({ args, code: 0, err: '' });
      expect(help.out).toMatch(/^ledger: operator commands on the OAP ledger\n/);
      expect(help.out).toContain('Usage: ledger <command> [options]');
      for (const command of COMMANDS) expect(help.out).toMatch(new RegExp(`\\n  ${command} +\\w`));
      expect(help.out).toContain('npm run -s cli -- <command> [options]');
      expect(help.out).toContain('2 usage error');
    }
  });

  it('prints the overall usage to stderr and exits 2 (a usage error) without arguments', async () => {
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.out).toBe('');
    expect(bare.err).toContain('Usage: ledger <command> [options]');
    for (const command of COMMANDS) expect(bare.err).toMatch(new RegExp(`\\n  ${command} +\\w`));
    expect(bare.err).not.toContain('Unknown command');
  });

  it("prints each command's usage, options, defaults and an example on --help and -h", async () => {
    const defaults: Record<string, string[]> = {
      import: ['--mode MODE', '--progress-every N', '(default: 1000)', 'FILE.ndjson'],
      verify: ['--file FILE', '(default: 10000)', 'verify --file backup/ledger-'],
      rebuild: [
        '--keep',
        '--max-differences N',
        '(default: 20)',
        '(default: LEDGER_READ_MODEL_SCHEMA, else ledger_read)',
      ],
      export: ['--out FILE', '(default: json)', '(default: cli-export)', ...REPORTS],
    };
    for (const command of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const help = await cli(command, flag);
        expect({ command, flag, code: help.code, err: help.err }).toEqual({
          command,
          flag,
          code: 0,
          err: '',
        });
        expect(help.out).toMatch(new RegExp(`^Usage: ledger ${command} `));
        expect(help.out).toContain('\nOptions:\n');
        expect(help.out).toContain('  -h, --help ');
        // Read as a person reads it: the wrapping of the help text aside.
        const text = help.out.replace(/\s+/g, ' ');
        expect(text).toContain('(default: LEDGER_DATA_DIR, else ./data)');
        expect(help.out).toMatch(/\nExamples?:\n {2}npm run -s cli -- /);
        expect(help.out).toMatch(/\nExit codes: 0 [^\n]*/);
        for (const part of defaults[command]) expect(text).toContain(part);
      }
    }
  });

  it('prints help instead of running, whatever else the command line holds', async () => {
    // Without --help each of these would be a usage error, or would open (and create) a store.
    const cwd = mkdtempSync(join(tmpdir(), 'ledger-help-'));
    try {
      for (const args of [
        ['import', '--mode', 'continue', 'file.ndjson', '--help'],
        ['verify', '--bogus', '-h'],
        ['rebuild', '--data-dir', 'here', '--help'],
        ['export', '--agreement', 'a-1', '--help'],
      ]) {
        const help = await runLedgerCliIn({ cwd }, ...args);
        expect({ args, code: help.code }).toEqual({ args, code: 0 });
        expect(help.out).toMatch(new RegExp(`^Usage: ledger ${args[0]} `));
      }
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('prints only the options each export report takes, on export REPORT --help', async () => {
    for (const report of REPORTS) {
      const help = await cli('export', report, '--help');
      expect({ report, code: help.code, err: help.err }).toEqual({ report, code: 0, err: '' });
      expect(help.out).toMatch(new RegExp(`^Usage: ledger export ${report} --agreement ID`));
      expect(help.out).toMatch(/\nExample:\n {2}npm run -s cli -- export /);
      expect(help.out).toContain(`npm run -s cli -- export ${report} `);
      expect(help.out).toContain('--out FILE');
      const has = (option: string) => help.out.includes(`  ${option} `);
      expect({ report, account: has('--account'), after: has('--after') }).toEqual({
        report,
        account: report === 'statement',
        after: report === 'statement',
      });
      expect({ report, asOf: has('--as-of'), basis: has('--basis') }).toEqual({
        report,
        asOf: report !== 'statement',
        basis: report === 'balances',
      });
    }
    const viaHelp = await cli('help', 'export', 'statement');
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.out).toBe((await cli('export', 'statement', '-h')).out);
  });

  it('names an unknown command, option or report, and points at --help (exit 2)', async () => {
    const cases: { args: string[]; names: string; help: string }[] = [
      { args: ['frobnicate'], names: '"frobnicate"', help: 'Run "ledger --help"' },
      { args: ['--data-dir', 'x'], names: '"--data-dir"', help: 'Run "ledger --help"' },
      { args: ['help', 'frobnicate'], names: '"frobnicate"', help: 'Run "ledger --help"' },
      { args: ['verify', '--bogus'], names: '--bogus', help: 'Run "ledger verify --help"' },
      { args: ['rebuild', '-x'], names: '-x', help: 'Run "ledger rebuild --help"' },
      { args: ['verify', 'extra'], names: '"extra"', help: 'Run "ledger verify --help"' },
      { args: ['export', 'forecast'], names: '"forecast"', help: 'Run "ledger export --help"' },
      { args: ['export', 'forecast', '--help'], names: '"forecast"', help: 'ledger export --help' },
      {
        args: ['export', 'balances', '--agreement', 'a', '--colour'],
        names: '--colour',
        help: 'Run "ledger export --help"',
      },
      { args: ['import', '--mode'], names: '--mode needs a value', help: 'ledger import --help' },
      { args: ['verify', '--json=yes'], names: '--json takes no value', help: 'verify --help' },
      {
        args: ['verify', '--data-dir', '--json'],
        names: '--data-dir needs a value',
        help: 'verify --help',
      },
    ];
    for (const { args, names, help } of cases) {
      const outcome = await cli(...args);
      expect({ args, code: outcome.code, out: outcome.out }).toEqual({ args, code: 2, out: '' });
      expect({ args, err: outcome.err }).toEqual({ args, err: expect.stringContaining(names) });
      expect({ args, err: outcome.err }).toEqual({ args, err: expect.stringContaining(help) });
      // A person's message, not node's parser talking about positionals.
      expect(outcome.err).not.toContain('To specify a positional argument');
    }
  });
});
