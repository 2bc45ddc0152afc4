import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { isLedgerRole, LEDGER_ROLES } from '@ledger/commands';
import { isCalendarDate } from '@ledger/domain';
import { MAX_STATEMENT_PAGE } from '@ledger/read-model';
import { isReadModelSchemaName } from '@ledger/read-model/sql';
import { isISO8601 } from 'class-validator';
import { EXPORT_REPORTS, exportReport, type ExportReport } from './export.command';
import { importFile, parseImportMode } from './import-file.command';
import { rebuildReadModel } from './rebuild.command';
import { UsageError } from './usage-error';
import { verifyLedger } from './verify.command';

const USAGE = `Usage:
  ledger import --mode all-or-nothing|continue --subject NAME --role ROLE [--org ODS]
                [--idempotency-key KEY] [--data-dir DIR] [--json] FILE.ndjson
  ledger verify [--data-dir DIR] [--json] [--progress-every N]
  ledger rebuild [--data-dir DIR] [--read-model postgres://... [--schema S]]
                 [--max-differences N] [--json]
  ledger export balances|budget|savings|oap-metrics|statement --agreement ID
                [--account NAME] [--as-of YYYY-MM-DD] [--known-at ISO | --known-at-position N]
                [--basis belongs-to|posted-in] [--after CURSOR] [--limit N] [--format csv|json]
                [--subject NAME] [--data-dir DIR] [--out FILE]

Store: every command opens the store LEDGER_EVENT_STORE names: the SQLite ledger in --data-dir
  (default LEDGER_DATA_DIR), or with LEDGER_EVENT_STORE=eventstoredb the EventStoreDB server at
  EVENTSTORE_CONNECTION_STRING, pinged first: a wrong or unreachable server stops the command at
  once (exit 3), naming EVENTSTORE_CONNECTION_STRING.
import: each line of FILE is {"command": "<CommandType>", "data": {...}}; see docs/imports.md.
  ROLE is one of ${LEDGER_ROLES.join(', ')}. all-or-nothing needs a store that commits several
  streams at once, which EventStoreDB cannot (exit 2 there; continue mode works).
  Exit codes: 0 every line applied, 1 some line failed, 2 usage error, 3 the import could not run.
verify: recomputes every event's hash and checks each stream's hash chain, read-only; see
  docs/integrity.md. Progress goes to stderr every N events (default 10000). SQLite only:
  EventStoreDB keeps no hash chain, so verify refuses to run there (exit 2).
  Exit codes: 0 every link holds, 1 a link is broken, 2 usage error, 3 the check could not run.
rebuild: rebuilds the read model from the log, from position 0, then compares every table with
  the live read model at the same position and lists the first N rows that differ in each
  (default 20). Without --read-model (or LEDGER_READ_MODEL_URL): the embedded read model
  DIR/read-model.sqlite that the API keeps (start the API on DIR first), rebuilt into a fresh
  file DIR/read-model.rebuild-<time>.sqlite. With it: the PostgreSQL read model in schema S
  (default ledger_read), rebuilt into a fresh schema S_rebuild_<time>. The rebuild is left in
  place. --data-dir defaults to LEDGER_DATA_DIR. On EventStoreDB the read model is PostgreSQL
  only, so --read-model (or LEDGER_READ_MODEL_URL) is required. Progress goes to stderr.
  Exit codes: 0 equal, 1 different, 2 usage error, 3 the rebuild could not run.
export: one report of GET /v1/agreements/ID/reports/... (statement: .../accounts/NAME/statement),
  byte for byte the HTTP body for the same query (docs/api.md "Reports"); --format defaults to
  json. --account is for statement only, as are --after and --limit (one page, 100 lines by
  default); --basis is for balances only. It acts as --subject (default cli-export) with the
  role reviewer; it only reads, opening the ledger read-only, so it records no event and no
  audit record. Writes to --out FILE, else stdout.
  Exit codes: 0 written, 2 usage error, 3 the export could not run (no ledger, unknown agreement).`;

/** Operator commands on the configured ledger; exit codes as in USAGE. */
function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'import') return runImport(rest);
  if (command === 'verify') return runVerify(rest);
  if (command === 'rebuild') return runRebuild(rest);
  if (command === 'export') return runExport(rest);
  throw new UsageError(`Unknown command "${command ?? ''}"`);
}

function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      mode: { type: 'string' },
      subject: { type: 'string' },
      role: { type: 'string' },
      org: { type: 'string' },
      'data-dir': { type: 'string' },
      'idempotency-key': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('Name exactly one NDJSON file');
  if (!values.subject || !values.role) throw new UsageError('--subject and --role are required');
  if (!isLedgerRole(values.role))
    throw new UsageError(`--role ${values.role} is not a ledger role`);
  return importFile(
    {
      file: positionals[0],
      mode: parseImportMode(values.mode),
      actor: { subject: values.subject, role: values.role, organisationCode: values.org ?? null },
      dataDir: values['data-dir'],
      idempotencyKey: values['idempotency-key'],
      json: values.json ?? false,
    },
    process.env,
  );
}

function runVerify(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      'progress-every': { type: 'string', default: '10000' },
    },
  });
  const progressEvery = values['progress-every'] ?? '10000';
  if (!/^[1-9]\d*$/.test(progressEvery)) {
    throw new UsageError('--progress-every must be a whole number of events, 1 or more');
  }
  return verifyLedger(
    {
      dataDir: values['data-dir'],
      json: values.json ?? false,
      progressEvery: Number(progressEvery),
    },
    process.env,
  );
}

function runRebuild(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      'read-model': { type: 'string' },
      schema: { type: 'string' },
      'max-differences': { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    },
  });
  const schema = values.schema;
  if (schema !== undefined && !isReadModelSchemaName(schema)) {
    throw new UsageError(
      `--schema ${schema} is not a schema name: lower-case letters, digits and underscores, ` +
        'at most 36 characters',
    );
  }
  const maxDifferences = values['max-differences'] ?? '20';
  if (!/^[1-9]\d*$/.test(maxDifferences)) {
    throw new UsageError('--max-differences must be a whole number, 1 or more');
  }
  return rebuildReadModel(
    {
      dataDir: values['data-dir'],
      readModelUrl: values['read-model'],
      schema,
      maxDifferences: Number(maxDifferences),
      json: values.json ?? false,
    },
    process.env,
  );
}

function runExport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      agreement: { type: 'string' },
      account: { type: 'string' },
      'as-of': { type: 'string' },
      'known-at': { type: 'string' },
      'known-at-position': { type: 'string' },
      basis: { type: 'string' },
      after: { type: 'string' },
      limit: { type: 'string' },
      format: { type: 'string', default: 'json' },
      subject: { type: 'string', default: 'cli-export' },
      'data-dir': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [report, ...extra] = positionals;
  if (!(EXPORT_REPORTS as readonly string[]).includes(report ?? '') || extra.length > 0) {
    throw new UsageError(`Name exactly one report: ${EXPORT_REPORTS.join(', ')}`);
  }
  const statement = report === 'statement';
  if (!values.agreement) throw new UsageError('--agreement is required');
  if (statement !== (values.account !== undefined)) {
    throw new UsageError('--account is required for statement, and only for statement');
  }
  const onlyFor = (option: string, given: boolean, allowed: boolean, what: string) => {
    if (given && !allowed) throw new UsageError(`--${option} is for ${what} only`);
  };
  onlyFor('as-of', values['as-of'] !== undefined, !statement, 'the four reports, not statement');
  onlyFor('basis', values.basis !== undefined, report === 'balances', 'balances');
  onlyFor('after', values.after !== undefined, statement, 'statement');
  onlyFor('limit', values.limit !== undefined, statement, 'statement');
  const asOf = values['as-of'];
  if (asOf !== undefined && !isCalendarDate(asOf)) {
    throw new UsageError('--as-of must be a real calendar date written YYYY-MM-DD');
  }
  const knownAt = values['known-at'];
  if (knownAt !== undefined && !isISO8601(knownAt, { strict: true })) {
    throw new UsageError('--known-at must be an ISO 8601 timestamp, e.g. 2025-07-31T23:59:59Z');
  }
  const knownAtPosition = values['known-at-position'];
  if (knownAtPosition !== undefined && !/^\d{1,15}$/.test(knownAtPosition)) {
    throw new UsageError('--known-at-position must be a log position, 0 or more');
  }
  if (knownAt !== undefined && knownAtPosition !== undefined) {
    throw new UsageError('Give --known-at or --known-at-position, not both');
  }
  const basis = values.basis;
  if (basis !== undefined && basis !== 'belongs-to' && basis !== 'posted-in') {
    throw new UsageError('--basis must be belongs-to or posted-in');
  }
  if (values.after !== undefined && !/^\d{1,15}:\d{1,6}$/.test(values.after)) {
    throw new UsageError('--after must be a cursor written <position>:<index>');
  }
  const limit = values.limit;
  if (
    limit !== undefined &&
    !(/^[1-9]\d{0,3}$/.test(limit) && Number(limit) <= MAX_STATEMENT_PAGE)
  ) {
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_STATEMENT_PAGE}`);
  }
  const format = values.format ?? 'json';
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  return exportReport(
    {
      report: report as ExportReport,
      agreementId: values.agreement,
      format,
      subject: values.subject || 'cli-export',
      ...(values.account === undefined ? {} : { account: values.account }),
      ...(asOf === undefined ? {} : { asOf }),
      ...(knownAt === undefined ? {} : { knownAt }),
      ...(knownAtPosition === undefined ? {} : { knownAtPosition: Number(knownAtPosition) }),
      ...(basis === undefined ? {} : { basis }),
      ...(values.after === undefined ? {} : { after: values.after }),
      ...(limit === undefined ? {} : { limit: Number(limit) }),
      ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
      ...(values.out === undefined ? {} : { out: values.out }),
    },
    process.env,
  );
}

const USAGE_ERROR_CODES = [
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
];

Promise.resolve()
  .then(() => main(process.argv.slice(2)))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (
      error instanceof UsageError ||
      USAGE_ERROR_CODES.includes((error as { code?: string }).code ?? '')
    ) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(3);
  });
