import { LEDGER_ROLES } from '@ledger/commands';
import { DEFAULT_STATEMENT_PAGE, MAX_STATEMENT_PAGE } from '@ledger/read-model';
import type { OptionSpec } from './cli-args';
import { EXPORT_REPORTS, type ExportReport } from './export.command';

/**
 * What `ledger --help` and `ledger <command> --help` print, and the usage lines a usage error
 * repeats. Each command's options are declared once here: the parser takes them from the same
 * list, so the help cannot name an option the command does not take, or miss one it does.
 */

export const COMMANDS = ['import', 'verify', 'rebuild', 'export'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface OptionDoc extends OptionSpec {
  help: string;
  /** The default as a person reads it, when there is one. */
  shownDefault?: string;
  /** Export only: the reports that take the option (default: every report). */
  reports?: readonly ExportReport[];
}

interface CommandDoc {
  summary: string;
  usage: string[];
  description: string;
  options: OptionDoc[];
  /** Each example one command; a long one spans lines joined by `\n`. */
  examples: string[];
  notes: string[];
}

const DATA_DIR_DEFAULT = 'LEDGER_DATA_DIR, else ./data';
const HELP_OPTION: OptionDoc = { name: 'help', help: 'print this help and exit 0' };

/** The options a command's parser takes: its documented ones and `--help`. */
export function commandOptions(command: CommandName): OptionDoc[] {
  return [...DOCS[command].options, HELP_OPTION];
}

/** What every export does with the report it computes. */
const EXPORT_BODY =
  'byte for byte the HTTP body for the same query (docs/api.md "Reports"; an XLSX workbook ' +
  'holds the same cells, its bytes differ by when it was made), to --out FILE or to ' +
  'stdout. It acts as --subject with the role reviewer and only reads: the ledger is opened ' +
  'read-only, and no event or audit record is written.';

const FOUR_REPORTS: readonly ExportReport[] = ['balances', 'budget', 'savings', 'oap-metrics'];

const DOCS: Record<CommandName, CommandDoc> = {
  import: {
    summary: 'record an NDJSON file of commands, as POST /v1/imports does (docs/imports.md)',
    usage: [
      'ledger import --mode all-or-nothing|continue --subject NAME --role ROLE [--org ODS]',
      '              [--idempotency-key KEY] [--data-dir DIR] [--json] [--progress-every N]',
      '              FILE.ndjson',
    ],
    description:
      'Records FILE, one command a line ({"command": "<CommandType>", "data": {...}}), with the ' +
      'same field rules, business rules and authorisation as POST /v1/imports. The operator ' +
      'names who they act as, because every event records who did it. Progress (lines decided, ' +
      'lines a second) goes to stderr every N lines, and a last line when every line is decided.',
    options: [
      {
        name: 'mode',
        value: 'MODE',
        help:
          'all-or-nothing: any failing line keeps the whole file out; continue: the lines ' +
          'that succeed are written. Required: the two give different ledgers, so there is ' +
          'no default.',
      },
      { name: 'subject', value: 'NAME', help: 'who imports, recorded on every event (required)' },
      {
        name: 'role',
        value: 'ROLE',
        help: `the role they act in (required): ${LEDGER_ROLES.join(', ')}`,
      },
      {
        name: 'org',
        value: 'ODS',
        help: 'the organisation they act for (an ODS code)',
        shownDefault: 'none',
      },
      {
        name: 'idempotency-key',
        value: 'KEY',
        help: 'importing the same file again with the same key writes nothing twice',
        shownDefault: 'none',
      },
      {
        name: 'data-dir',
        value: 'DIR',
        help: 'the folder of the SQLite ledger, ledger.sqlite',
        shownDefault: DATA_DIR_DEFAULT,
      },
      { name: 'json', help: 'print the whole report, every line, as JSON' },
      {
        name: 'progress-every',
        value: 'N',
        default: '1000',
        help: 'print a progress line to stderr each time N more lines are decided',
        shownDefault: '1000',
      },
    ],
    examples: [
      'npm run -s cli -- import --mode all-or-nothing --subject alice \\\n' +
        '  --role commissioner-finance --org 13R returns-2025-10.ndjson',
    ],
    notes: [
      'all-or-nothing needs a store that commits several streams at once, which EventStoreDB ' +
        'cannot (exit 2 there; continue mode works).',
      'Exit codes: 0 every line applied, 1 some line failed, 2 usage error, 3 the import could ' +
        'not run (store unavailable, or another writer moved a stream under an all-or-nothing ' +
        'import).',
    ],
  },
  verify: {
    summary:
      "check every stream's hash chain, of the live ledger or a backup copy (docs/integrity.md)",
    usage: ['ledger verify [--data-dir DIR | --file FILE] [--json] [--progress-every N]'],
    description:
      "Recomputes every event's hash and checks each stream's hash chain. It opens the ledger " +
      'read-only and never changes it, so it is safe on a live ledger and on a backup copy.',
    options: [
      {
        name: 'data-dir',
        value: 'DIR',
        help:
          `the folder of ledger.sqlite (default: ${DATA_DIR_DEFAULT}). A folder without ` +
          'ledger.sqlite that holds one other ledger file (a copy such as ' +
          'ledger-2025-10-01.sqlite) verifies that file; with several, name one with --file.',
      },
      {
        name: 'file',
        value: 'FILE',
        help: 'verify this SQLite ledger file, whatever its name (a backup copy)',
      },
      { name: 'json', help: 'print the result as JSON' },
      {
        name: 'progress-every',
        value: 'N',
        default: '10000',
        help: 'print a progress line to stderr each time N more events are verified',
        shownDefault: '10000',
      },
    ],
    examples: [
      'npm run -s cli -- verify',
      'npm run -s cli -- verify --file backup/ledger-2025-10-01.sqlite',
    ],
    notes: [
      'SQLite only: EventStoreDB keeps no hash chain, so with LEDGER_EVENT_STORE=eventstoredb ' +
        'verify refuses to run (exit 2) unless given --file.',
      'Exit codes: 0 every link holds, 1 a link is broken, 2 usage error, 3 the check could ' +
        'not run (no ledger, or it cannot be read).',
    ],
  },
  rebuild: {
    summary: 'rebuild the read model from the log and compare it with the live one, table by table',
    usage: [
      'ledger rebuild [--data-dir DIR] [--read-model postgres://... [--schema S]]',
      '               [--max-differences N] [--keep] [--json]',
    ],
    description:
      'Rebuilds the read model from the log, from position 0, then compares every table with ' +
      'the live read model at the same position and lists the first N rows that differ in each. ' +
      'Without --read-model (or LEDGER_READ_MODEL_URL): the embedded read model ' +
      'DIR/read-model.sqlite that the API keeps (start the API on DIR first), rebuilt into a ' +
      'fresh file DIR/read-model.rebuild-<time>.sqlite. With it: the PostgreSQL read model in ' +
      'schema S, rebuilt into a fresh schema S_rebuild_<time>. The rebuild is removed when the ' +
      'two are equal, and kept (its place printed) when they differ or with --keep. The log and ' +
      'the live read model are only read. Progress goes to stderr.',
    options: [
      {
        name: 'data-dir',
        value: 'DIR',
        help: 'the folder of ledger.sqlite and read-model.sqlite',
        shownDefault: DATA_DIR_DEFAULT,
      },
      {
        name: 'read-model',
        value: 'URL',
        help: 'a postgres:// URL: compare with the PostgreSQL read model apps/projector keeps',
        shownDefault: 'LEDGER_READ_MODEL_URL, else the embedded read model',
      },
      {
        name: 'schema',
        value: 'S',
        help: 'the live PostgreSQL schema (with --read-model only)',
        shownDefault: 'LEDGER_READ_MODEL_SCHEMA, else ledger_read',
      },
      {
        name: 'max-differences',
        value: 'N',
        default: '20',
        help: 'rows listed for each table that differs',
        shownDefault: '20',
      },
      { name: 'keep', help: 'keep the rebuilt file (or schema) even when it equals the live one' },
      { name: 'json', help: 'print the report as JSON' },
    ],
    examples: [
      'npm run -s cli -- rebuild',
      "npm run -s cli -- rebuild --read-model 'postgres://ledger@127.0.0.1:5432/ledger'",
    ],
    notes: [
      'On EventStoreDB the read model is PostgreSQL only, so --read-model (or ' +
        'LEDGER_READ_MODEL_URL) is required.',
      'Exit codes: 0 equal, 1 different, 2 usage error, 3 the rebuild could not run.',
    ],
  },
  export: {
    summary:
      'write one agreement report as JSON, CSV or XLSX, as the HTTP report gives it (docs/api.md)',
    usage: [
      `ledger export ${EXPORT_REPORTS.join('|')} --agreement ID`,
      '              [--account NAME] [--as-of YYYY-MM-DD] [--known-at ISO | --known-at-position N]',
      '              [--basis belongs-to|posted-in] [--after CURSOR] [--limit N]',
      '              [--format json|csv|xlsx] [--section NAME] [--subject NAME] [--data-dir DIR]',
      '              [--out FILE]',
    ],
    description:
      'Writes one report of GET /v1/agreements/ID/reports/... (statement: ' +
      `.../accounts/NAME/statement), ${EXPORT_BODY}`,
    options: [
      { name: 'agreement', value: 'ID', help: 'the agreement (required)' },
      {
        name: 'account',
        value: 'NAME',
        help: 'the account, e.g. commissioner or budget:adult-medium-secure (required)',
        reports: ['statement'],
      },
      {
        name: 'as-of',
        value: 'YYYY-MM-DD',
        help: 'the date the figures stand at',
        shownDefault: "today's UK date",
        reports: FOUR_REPORTS,
      },
      {
        name: 'known-at',
        value: 'ISO',
        help: 'as the ledger knew it at this time, e.g. 2025-07-31T23:59:59Z',
        shownDefault: 'everything recorded',
      },
      {
        name: 'known-at-position',
        value: 'N',
        help: 'as the ledger knew it at this log position (not with --known-at)',
      },
      {
        name: 'basis',
        value: 'BASIS',
        help: 'belongs-to (the period a posting belongs to) or posted-in (the period it was posted in)',
        shownDefault: 'belongs-to',
        reports: ['balances'],
      },
      {
        name: 'after',
        value: 'CURSOR',
        help: "the page after this cursor (<position>:<index>, the previous page's nextCursor)",
        reports: ['statement'],
      },
      {
        name: 'limit',
        value: 'N',
        help: `lines in the page, 1 to ${MAX_STATEMENT_PAGE}`,
        shownDefault: String(DEFAULT_STATEMENT_PAGE),
        reports: ['statement'],
      },
      {
        name: 'format',
        value: 'json|csv|xlsx',
        default: 'json',
        help:
          'the body format: csv is one section of the report (see --section), xlsx a workbook ' +
          'of every section, written to --out only (docs/exports.md)',
        shownDefault: 'json',
      },
      {
        name: 'section',
        value: 'NAME',
        help:
          'with --format csv, the section the file holds: budget by-period, by-line, ' +
          'by-provider, forecast, prior-year, posted-in-successor, uncovered-nights; savings ' +
          'by-period, by-case, repatriations, reinvestment, summary, prior-year, ' +
          'posted-in-successor, uncovered-nights; oap-metrics by-period, uncovered-nights',
        shownDefault: 'the first',
      },
      {
        name: 'subject',
        value: 'NAME',
        default: 'cli-export',
        help: 'who the export acts as, always with the role reviewer',
        shownDefault: 'cli-export',
      },
      {
        name: 'data-dir',
        value: 'DIR',
        help: 'the folder of the SQLite ledger, ledger.sqlite',
        shownDefault: DATA_DIR_DEFAULT,
      },
      {
        name: 'out',
        value: 'FILE',
        help:
          'write the report to FILE, exactly its bytes, instead of stdout (this, or ' +
          '"npm run -s", keeps npm\'s banner out of the report)',
      },
    ],
    examples: [
      'npm run -s cli -- export balances --agreement slp-adult-secure-2025-26 --format csv \\\n' +
        '  --as-of 2025-09-30 --out balances-2025-09.csv',
      'npm run -s cli -- export balances --agreement slp-adult-secure-2025-26 > balances.json',
    ],
    notes: [
      `Reports: ${EXPORT_REPORTS.join(', ')}; "ledger export REPORT --help" lists the options ` +
        'each takes.',
      'Exit codes: 0 written, 2 usage error, 3 the export could not run (no ledger, unknown ' +
        'agreement, or --out cannot be written).',
    ],
  },
};

const REPORT_SUMMARIES: Record<ExportReport, string> = {
  balances: "every account's balance, summing to 0.00",
  budget:
    'budget against actual by service line and period, variance, overspend flags, forecast outturn',
  savings: 'savings by period and by case, reinvestment by scheme, retained savings available',
  'oap-metrics':
    'active out-of-area placements at period end, started, ended, bed days, cost, distance, ' +
    'repatriations',
  statement: "one account's postings with the running balance, a page at a time",
};

const REPORT_EXAMPLES: Record<ExportReport, string> = {
  balances:
    'npm run -s cli -- export balances --agreement slp-adult-secure-2025-26 --format csv \\\n' +
    '  --as-of 2025-09-30 --out balances-2025-09.csv',
  budget:
    'npm run -s cli -- export budget --agreement slp-adult-secure-2025-26 --format csv \\\n' +
    '  --as-of 2025-06-30 --known-at 2025-07-31T23:59:59Z --out budget-june.csv',
  savings:
    'npm run -s cli -- export savings --agreement slp-adult-secure-2025-26 --out savings.json',
  'oap-metrics':
    'npm run -s cli -- export oap-metrics --agreement slp-adult-secure-2025-26 --format csv \\\n' +
    '  --out oap-metrics.csv',
  statement:
    'npm run -s cli -- export statement --agreement slp-adult-secure-2025-26 \\\n' +
    '  --account commissioner --limit 500 --format csv --out commissioner.csv',
};

/** `ledger --help`, and what `ledger` alone prints (to stderr, with exit 2). */
export function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.length));
  return [
    'ledger: operator commands on the OAP ledger',
    '',
    'Usage: ledger <command> [options]',
    '       ledger <command> --help     the options of a command, their defaults and an example',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.padEnd(width)}   ${DOCS[command].summary}`),
    '',
    'Run it from the repository after `npm run build`:',
    '  npm run -s cli -- <command> [options]     (-s keeps npm\'s "> oap-ledger@0.1.0 cli" banner',
    '                                            out of the output)',
    '  node dist/apps/cli/src/main.js <command> [options]',
    '',
    ...wrap(
      'Store: every command opens the store LEDGER_EVENT_STORE names: the SQLite ledger in ' +
        `--data-dir (default ${DATA_DIR_DEFAULT}), or with LEDGER_EVENT_STORE=eventstoredb the ` +
        'EventStoreDB server at EVENTSTORE_CONNECTION_STRING, pinged first: a wrong or ' +
        'unreachable server stops the command at once (exit 3), naming the setting.',
      0,
    ),
    '',
    ...wrap(
      'Exit codes: 0 done, 1 the command found a problem (import: a line failed; verify: a ' +
        'broken link; rebuild: the read models differ), 2 usage error, 3 the command could not run.',
      0,
    ),
  ].join('\n');
}

/** `ledger <command> --help`. */
export function commandHelp(command: CommandName): string {
  const doc = DOCS[command];
  const options = commandOptions(command).map((option) =>
    option.reports === undefined
      ? option
      : { ...option, help: `${reportsOf(option.reports)}: ${option.help}` },
  );
  return helpText(doc.usage, doc.description, options, doc.examples, doc.notes);
}

function reportsOf(reports: readonly ExportReport[]): string {
  return reports.length === FOUR_REPORTS.length && reports.every((r) => FOUR_REPORTS.includes(r))
    ? 'all but statement'
    : `${reports.join(', ')} only`;
}

/** `ledger export <report> --help`: only the options that report takes. */
export function exportReportHelp(report: ExportReport): string {
  const doc = DOCS.export;
  const options = commandOptions('export').filter(
    (option) => option.reports === undefined || option.reports.includes(report),
  );
  const usage = [
    `ledger export ${report} ${options.filter(isRequired(report)).map(synopsisOf).join(' ')}`,
  ];
  const optional = options.filter(
    (option) => !isRequired(report)(option) && option !== HELP_OPTION,
  );
  usage.push(
    ...wrapWords(
      optional.map((option) => `[${synopsisOf(option)}]`),
      14,
      100,
    ),
  );
  return helpText(
    usage,
    `${capitalised(REPORT_SUMMARIES[report])}: the report of GET ${reportPath(report)}, ` +
      EXPORT_BODY,
    options,
    [REPORT_EXAMPLES[report]],
    [doc.notes[doc.notes.length - 1]],
  );
}

/** The usage lines a usage error repeats, with where to read more. */
export function usageReminder(command: CommandName | null): string {
  if (command === null) return 'Run "ledger --help" for the commands.';
  const usage = DOCS[command].usage.map((line, index) =>
    index === 0 ? `Usage: ${line}` : `       ${line}`,
  );
  return [
    ...usage,
    `Run "ledger ${command} --help" for the options, their defaults and an example.`,
  ].join('\n');
}

function reportPath(report: ExportReport): string {
  return report === 'statement'
    ? '/v1/agreements/ID/accounts/NAME/statement'
    : `/v1/agreements/ID/reports/${report}`;
}

function isRequired(report: ExportReport) {
  return (option: OptionDoc) =>
    option.name === 'agreement' || (report === 'statement' && option.name === 'account');
}

function synopsisOf(option: OptionDoc): string {
  return option.value === undefined ? `--${option.name}` : `--${option.name} ${option.value}`;
}

function helpText(
  usage: string[],
  description: string,
  options: OptionDoc[],
  examples: string[],
  notes: string[],
): string {
  const width = Math.max(...options.map((option) => synopsisOf(option).length));
  const lines = [
    ...usage.map((line, index) => (index === 0 ? `Usage: ${line}` : `       ${line}`)),
    '',
    ...wrap(description, 0),
    '',
    'Options:',
  ];
  for (const option of options) {
    const name = option === HELP_OPTION ? '-h, --help' : synopsisOf(option);
    const text =
      option.shownDefault === undefined
        ? option.help
        : `${option.help} (default: ${option.shownDefault})`;
    const [first, ...rest] = wrap(text, 0, 100 - width - 6);
    lines.push(`  ${name.padEnd(width)}    ${first}`);
    for (const line of rest) lines.push(`${' '.repeat(width + 6)}${line}`);
  }
  lines.push('', examples.length === 1 ? 'Example:' : 'Examples:');
  for (const example of examples) lines.push(...example.split('\n').map((line) => `  ${line}`));
  for (const note of notes) lines.push('', ...wrap(note, 0));
  return lines.join('\n');
}

/** Words filled into lines of at most `width` characters, each indented by `indent`. */
function wrap(text: string, indent: number, width = 100): string[] {
  return wrapWords(text.split(' '), indent, width);
}

function wrapWords(words: string[], indent: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(' '.repeat(indent) + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(' '.repeat(indent) + line);
  return lines;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
