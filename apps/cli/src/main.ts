import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { isLedgerRole, LEDGER_ROLES } from '@ledger/commands';
import { importFile, parseImportMode } from './import-file.command';
import { UsageError } from './usage-error';
import { verifyLedger } from './verify.command';

const USAGE = `Usage:
  ledger import --mode all-or-nothing|continue --subject NAME --role ROLE [--org ODS]
                [--idempotency-key KEY] [--data-dir DIR] [--json] FILE.ndjson
  ledger verify [--data-dir DIR] [--json] [--progress-every N]

import: each line of FILE is {"command": "<CommandType>", "data": {...}}; see docs/imports.md.
  ROLE is one of ${LEDGER_ROLES.join(', ')}.
  Exit codes: 0 every line applied, 1 some line failed, 2 usage error, 3 the import could not run.
verify: recomputes every event's hash and checks each stream's hash chain, read-only; see
  docs/integrity.md. Progress goes to stderr every N events (default 10000).
  Exit codes: 0 every link holds, 1 a link is broken, 2 usage error, 3 the check could not run.`;

/** Operator commands on the embedded ledger; exit codes as in USAGE. */
function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'import') return runImport(rest);
  if (command === 'verify') return runVerify(rest);
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
