import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..', '..');

/** What a finished `ledger` process left: its exit code and what it printed. */
export interface CliOutcome {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the real `ledger` CLI (apps/cli/src/main.ts) as a child process from the repository
 * root, the way an operator would, and resolves with its exit code whatever it is.
 */
export function runLedgerCli(...args: string[]): Promise<CliOutcome> {
  return run(
    process.execPath,
    ['-r', '@swc-node/register', join(ROOT, 'apps/cli/src/main.ts'), ...args],
    { cwd: ROOT },
  ).then(
    (done) => ({ code: 0, out: done.stdout, err: done.stderr }),
    (failed: { code: number; stdout: string; stderr: string }) => ({
      code: failed.code,
      out: failed.stdout,
      err: failed.stderr,
    }),
  );
}
