import 'reflect-metadata';
import { isLedgerRole, isReportSection, reportSections } from '@ledger/commands';
import { loadCliConfig, type CliConfig } from '@ledger/config';
import { isCalendarDate } from '@ledger/domain';
import { MAX_STATEMENT_PAGE } from '@ledger/read-model';
import { isReadModelSchemaName } from '@ledger/read-model/sql';
import { isISO8601 } from 'class-validator';
import { flagValue, parseCommandArgs, stringValue, wantsHelp, type ParsedArgs } from './cli-args';
import {
  commandHelp,
  commandOptions,
  COMMANDS,
  exportReportHelp,
  overview,
  usageReminder,
  type CommandName,
} from './cli-usage';
import {
  EXPORT_FORMATS,
  EXPORT_REPORTS,
  exportReport,
  type ExportFormat,
  type ExportReport,
} from './export.command';
import { importFile, parseImportMode } from './import-file.command';
import { rebuildReadModel } from './rebuild.command';
import { UsageError } from './usage-error';
import { verifyLedger } from './verify.command';

/**
 * Operator commands on the configured ledger. Exit codes: 0 done, 1 the command found a problem,
 * 2 usage error (the message, the command's usage lines and where its help is go to stderr),
 * 3 the command could not run. `--help` or `-h` prints the help to stdout and exits 0.
 */
async function main(argv: string[]): Promise<number> {
  const [word, ...rest] = argv;
  if (word === undefined || word === '') {
    process.stderr.write(`${overview()}\n`);
    return 2;
  }
  if (word === '--help' || word === '-h') return printed(overview());
  if (word === 'help') return help(rest);
  if (!isCommand(word)) {
    throw new CommandUsageError(
      null,
      word.startsWith('-')
        ? `ledger takes a command before any option, not "${word}": ${COMMANDS.join(', ')}`
        : `Unknown command "${word}": the commands are ${COMMANDS.join(', ')}`,
    );
  }
  try {
    return await run(word, rest);
  } catch (error) {
    if (error instanceof UsageError && !(error instanceof CommandUsageError)) {
      throw new CommandUsageError(word, error.message);
    }
    throw error;
  }
}

function run(command: CommandName, args: string[]): Promise<number> {
  if (command === 'export') return runExport(args);
  if (wantsHelp(args)) return printed(commandHelp(command));
  const parsed = parseCommandArgs(command, args, commandOptions(command), command === 'import');
  if (command === 'import') return runImport(parsed);
  if (command === 'verify') return runVerify(parsed);
  return runRebuild(parsed);
}

/** `ledger help [command [report]]`, the same as `--help` there. */
function help(args: string[]): Promise<number> {
  const [command, report] = args;
  if (command === undefined) return printed(overview());
  if (!isCommand(command)) {
    throw new CommandUsageError(
      null,
      `Unknown command "${command}": the commands are ${COMMANDS.join(', ')}`,
    );
  }
  if (command === 'export' && report !== undefined) return runExport([report, '--help']);
  return printed(commandHelp(command));
}

function printed(text: string): Promise<number> {
  process.stdout.write(`${text}\n`);
  return Promise.resolve(0);
}

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

/** A usage error of a known command (or of none): main repeats that command's usage lines. */
class CommandUsageError extends UsageError {
  constructor(
    readonly command: CommandName | null,
    message: string,
  ) {
    super(message);
  }
}

function runImport(parsed: ParsedArgs): Promise<number> {
  const { positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Name the NDJSON file to import'
        : `Name exactly one NDJSON file, not ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  const subject = stringValue(parsed, 'subject');
  const role = stringValue(parsed, 'role');
  const mode = parseImportMode(stringValue(parsed, 'mode'));
  if (!subject || !role) throw new UsageError('--subject and --role are required');
  if (!isLedgerRole(role)) throw new UsageError(`--role ${role} is not a ledger role`);
  return importFile(
    {
      file: positionals[0],
      mode,
      actor: { subject, role, organisationCode: stringValue(parsed, 'org') ?? null },
      dataDir: stringValue(parsed, 'data-dir'),
      idempotencyKey: stringValue(parsed, 'idempotency-key'),
      json: flagValue(parsed, 'json'),
      progressEvery: wholeNumber(parsed, 'progress-every', 'lines'),
    },
    cliConfig(),
  );
}

function runVerify(parsed: ParsedArgs): Promise<number> {
  const dataDir = stringValue(parsed, 'data-dir');
  const file = stringValue(parsed, 'file');
  if (dataDir !== undefined && file !== undefined) {
    throw new UsageError('Give --data-dir or --file, not both');
  }
  return verifyLedger(
    {
      dataDir,
      file,
      json: flagValue(parsed, 'json'),
      progressEvery: wholeNumber(parsed, 'progress-every', 'events'),
    },
    cliConfig(),
  );
}

function runRebuild(parsed: ParsedArgs): Promise<number> {
  const schema = stringValue(parsed, 'schema');
  if (schema !== undefined && !isReadModelSchemaName(schema)) {
    throw new UsageError(
      `--schema ${schema} is not a schema name: lower-case letters, digits and underscores, ` +
        'at most 36 characters',
    );
  }
  const maxDifferences = stringValue(parsed, 'max-differences') ?? '20';
  if (!/^[1-9]\d*$/.test(maxDifferences)) {
    throw new UsageError('--max-differences must be a whole number, 1 or more');
  }
  return rebuildReadModel(
    {
      dataDir: stringValue(parsed, 'data-dir'),
      readModelUrl: stringValue(parsed, 'read-model'),
      schema,
      maxDifferences: Number(maxDifferences),
      keep: flagValue(parsed, 'keep'),
      json: flagValue(parsed, 'json'),
    },
    cliConfig(),
  );
}

function wholeNumber(parsed: ParsedArgs, option: string, unit: string): number {
  const raw = stringValue(parsed, option) ?? '';
  if (!/^[1-9]\d{0,8}$/.test(raw)) {
    throw new UsageError(`--${option} must be a whole number of ${unit}, 1 or more`);
  }
  return Number(raw);
}

function runExport(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    // `ledger export REPORT --help`: that report's options; `ledger export --help`: them all.
    const [first] = args;
    if (first === undefined || first.startsWith('-')) return printed(commandHelp('export'));
    return printed(exportReportHelp(knownReport(first)));
  }
  const parsed = parseCommandArgs('export', args, commandOptions('export'), true);
  const [named, ...extra] = parsed.positionals;
  if (named === undefined) {
    throw new UsageError(`Name the report to export: ${EXPORT_REPORTS.join(', ')}`);
  }
  const report = knownReport(named);
  if (extra.length > 0) {
    throw new UsageError(`Name one report only, not also "${extra.join(' ')}"`);
  }
  return exportNamed(report, parsed);
}

function knownReport(word: string): ExportReport {
  const report = EXPORT_REPORTS.find((known) => known === word);
  if (report === undefined) {
    throw new UsageError(`Unknown report "${word}": the reports are ${EXPORT_REPORTS.join(', ')}`);
  }
  return report;
}

function exportNamed(report: ExportReport, parsed: ParsedArgs): Promise<number> {
  const statement = report === 'statement';
  const agreement = stringValue(parsed, 'agreement');
  const account = stringValue(parsed, 'account');
  if (!agreement) throw new UsageError('--agreement is required');
  if (statement !== (account !== undefined)) {
    throw new UsageError('--account is required for statement, and only for statement');
  }
  const onlyFor = (option: string, allowed: boolean, what: string) => {
    if (stringValue(parsed, option) !== undefined && !allowed) {
      throw new UsageError(`--${option} is for ${what} only`);
    }
  };
  onlyFor('as-of', !statement, 'the four reports, not statement');
  onlyFor('basis', report === 'balances', 'balances');
  onlyFor('after', statement, 'statement');
  onlyFor('limit', statement, 'statement');
  const asOf = stringValue(parsed, 'as-of');
  if (asOf !== undefined && !isCalendarDate(asOf)) {
    throw new UsageError('--as-of must be a real calendar date written YYYY-MM-DD');
  }
  const knownAt = stringValue(parsed, 'known-at');
  if (knownAt !== undefined && !isISO8601(knownAt, { strict: true })) {
    throw new UsageError('--known-at must be an ISO 8601 timestamp, e.g. 2025-07-31T23:59:59Z');
  }
  const knownAtPosition = stringValue(parsed, 'known-at-position');
  if (knownAtPosition !== undefined && !/^\d{1,15}$/.test(knownAtPosition)) {
    throw new UsageError('--known-at-position must be a log position, 0 or more');
  }
  if (knownAt !== undefined && knownAtPosition !== undefined) {
    throw new UsageError('Give --known-at or --known-at-position, not both');
  }
  const basis = stringValue(parsed, 'basis');
  if (basis !== undefined && basis !== 'belongs-to' && basis !== 'posted-in') {
    throw new UsageError('--basis must be belongs-to or posted-in');
  }
  const after = stringValue(parsed, 'after');
  if (after !== undefined && !/^\d{1,15}:\d{1,6}$/.test(after)) {
    throw new UsageError('--after must be a cursor written <position>:<index>');
  }
  const limit = stringValue(parsed, 'limit');
  if (
    limit !== undefined &&
    !(/^[1-9]\d{0,3}$/.test(limit) && Number(limit) <= MAX_STATEMENT_PAGE)
  ) {
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_STATEMENT_PAGE}`);
  }
  const format = (stringValue(parsed, 'format') ?? 'json') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be ${EXPORT_FORMATS.join(', ')}`);
  }
  const section = stringValue(parsed, 'section');
  if (section !== undefined && format !== 'csv') {
    throw new UsageError('--section is for --format csv only: xlsx holds every section');
  }
  if (section !== undefined && !isReportSection(report, section)) {
    throw new UsageError(
      `--section of ${report} must be one of ${reportSections(report).join(', ')}`,
    );
  }
  const dataDir = stringValue(parsed, 'data-dir');
  const out = stringValue(parsed, 'out');
  if (format === 'xlsx' && out === undefined) {
    throw new UsageError('--format xlsx writes a workbook to a file: give --out FILE.xlsx');
  }
  return exportReport(
    {
      report,
      agreementId: agreement,
      format,
      subject: stringValue(parsed, 'subject') || 'cli-export',
      ...(account === undefined ? {} : { account }),
      ...(section === undefined ? {} : { section }),
      ...(asOf === undefined ? {} : { asOf }),
      ...(knownAt === undefined ? {} : { knownAt }),
      ...(knownAtPosition === undefined ? {} : { knownAtPosition: Number(knownAtPosition) }),
      ...(basis === undefined ? {} : { basis }),
      ...(after === undefined ? {} : { after }),
      ...(limit === undefined ? {} : { limit: Number(limit) }),
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(out === undefined ? {} : { out }),
    },
    cliConfig(),
  );
}

/**
 * The CLI's settings (`@ledger/config`), read and checked once, when the command runs: a bad
 * one stops it (exit 3) with a message naming every bad setting.
 */
function cliConfig(): CliConfig {
  return loadCliConfig();
}

/**
 * Ends the process once everything written to stdout and stderr has left it: on a pipe those
 * writes are asynchronous, and exiting at once cut a large report short (`import --json` of a
 * big file stopped at 80 KB when piped).
 */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

Promise.resolve()
  .then(() => main(process.argv.slice(2)))
  .then(exitAfterOutput)
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      const command = error instanceof CommandUsageError ? error.command : null;
      console.error(`${error.message}\n${usageReminder(command)}`);
      exitAfterOutput(2);
      return;
    }
    console.error(error instanceof Error ? error.message : error);
    exitAfterOutput(3);
  });
