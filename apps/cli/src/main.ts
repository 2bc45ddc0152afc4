import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { isLedgerRole, LEDGER_ROLES } from '@ledger/commands';
import { isReadModelSchemaName } from '@ledger/read-model/sql';
import { importFile, parseImportMode } from './import-file.command';
import { rebuildReadModel } from './rebuild.command';
import { UsageError } from './usage-error';
import { verifyLedger } from './verify.command';

const USAGE = `Usage:
  ledger import --mode all-or-nothing|continue --subject NAME --role ROLE [--org ODS]
                [--idempotency-key KEY] [--data-dir DIR] [--json] FILE.ndjson
  ledger verify [--data-dir DIR] [--json] [--progress-every N]
  ledger rebuild [--data-dir DIR] [--read-model postgres://...] [--schema S] [--max-differences N]
                 [--json]

import: each line of FILE is {"command": "<CommandType>", "data": {...}}; see docs/imports.md.
  ROLE is one of ${LEDGER_ROLES.join(', ')}.
  Exit codes: 0 every line applied, 1 some line failed, 2 usage error, 3 the import could not run.
verify: recomputes every event's hash and checks each stream's hash chain, read-only; see
  docs/integrity.md. Progress goes to stderr every N events (default 10000).
  Exit codes: 0 every link holds, 1 a link is broken, 2 usage error, 3 the check could not run.
rebuild: rebuilds the PostgreSQL read model from position 0 into a fresh schema S_rebuild_<time>
  (left in place), then compares every table with the live schema S (default ledger_read) and
  lists the first N rows that differ (default 20). --read-model defaults to LEDGER_READ_MODEL_URL,
  --data-dir to LEDGER_DATA_DIR. Progress goes to stderr.
  Exit codes: 0 equal, 1 different, 2 usage error, 3 the rebuild could not run.`;

/** Operator commands on the embedded ledger; exit codes as in USAGE. */
function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'import') return runImport(rest);
  if (command === 'verify') return runVerify(rest);
  if (command === 'rebuild') return runRebuild(rest);
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
      schema: { type: 'string', default: 'ledger_read' },
      'max-differences': { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    },
  });
  const schema = values.schema ?? 'ledger_read';
  if (!isReadModelSchemaName(schema)) {
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
