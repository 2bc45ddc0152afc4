import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { isLedgerRole, LEDGER_ROLES } from '@ledger/commands';
import { importFile, parseImportMode, UsageError } from './import-file.command';

const USAGE = `Usage:
  ledger import --mode all-or-nothing|continue --subject NAME --role ROLE [--org ODS]
                [--idempotency-key KEY] [--data-dir DIR] [--json] FILE.ndjson

Each line of FILE is {"command": "<CommandType>", "data": {...}}; see docs/imports.md.
ROLE is one of ${LEDGER_ROLES.join(', ')}.
Exit codes: 0 every line applied, 1 some line failed, 2 usage error, 3 the import could not run.`;

/** Operator commands on the embedded ledger; exit codes as in USAGE. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'import') throw new UsageError(`Unknown command "${command ?? ''}"`);
  const { values, positionals } = parseArgs({
    args: rest,
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

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(3);
  });
