import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface ProcessOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** From spawn to exit. */
  ms: number;
}

/**
 * Runs one of the repository's TypeScript entry points (e.g. `apps/projector/src/main.ts`) as a
 * real child process from the repository root with these settings added to the environment (a
 * value of `undefined` removes it), and resolves when it exits. Killed after `timeoutMs`, so a
 * process that hangs fails its test instead of holding it.
 */
export function runProcess(
  entry: string,
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<ProcessOutcome> {
  const started = Date.now();
  const merged: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, entry)], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    // 'close' rather than 'exit': it comes once the output pipes are drained too.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, ms: Date.now() - started });
    });
  });
}
