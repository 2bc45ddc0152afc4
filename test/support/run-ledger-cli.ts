import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** What a finished `ledger` process left: its exit code and what it printed. */
export interface CliOutcome {
  code: number;
  out: string;
  err: string;
}

/** Where the CLI runs: its working directory and environment (default: the repository, ours). */
export interface CliPlace {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Runs the real `ledger` CLI (apps/cli/src/main.ts) as a child process from the repository
 * root, the way an operator would, and resolves with its exit code whatever it is.
 */
export function runLedgerCli(...args: string[]): Promise<CliOutcome> {
  return runLedgerCliIn({}, ...args);
}

/**
 * The same, from another working directory or with another environment: the TypeScript
 * loader and the repository's tsconfig are named absolutely, so the CLI runs from anywhere.
 */
export function runLedgerCliIn(place: CliPlace, ...args: string[]): Promise<CliOutcome> {
  return run(
    process.execPath,
    ['-r', require.resolve('@swc-node/register'), join(ROOT, 'apps/cli/src/main.ts'), ...args],
    {
      cwd: place.cwd ?? ROOT,
      env: { ...(place.env ?? process.env), SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      maxBuffer: 64 * 1024 * 1024,
    },
  ).then(
    (done) => ({ code: 0, out: done.stdout, err: done.stderr }),
    (failed: { code: number; stdout: string; stderr: string }) => ({
      code: failed.code,
      out: failed.stdout,
      err: failed.stderr,
    }),
  );
}
