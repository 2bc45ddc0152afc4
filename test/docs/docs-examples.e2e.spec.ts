/**
 * The README and docs/api.md as a new user meets them: the real API (`apps/api/src/main.ts`,
 * as `npm start` runs it, on its embedded SQLite store) starts on a fresh data directory and a
 * free port, and every shell example of README.md and then docs/api.md runs with bash, in page
 * order, in one shell session, as a reader pastes them. Each must succeed, use no variable that
 * nothing set, and print the answer the page shows right after it (ids, tokens, timestamps and
 * hashes compared by their shape only). See doc-examples.ts for the rules, and for the
 * `<!-- docs-test: skip … -->` marker that keeps a synopsis out.
 *
 * It needs `bash`, `curl` and `jq`, as the pages say. `jq` is not on a fresh Debian or Ubuntu
 * (`apt-get install jq`); without it the test does not run: a banner says so, and Jest counts it
 * as skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  guardedScript,
  httpAnswerOf,
  jsonOf,
  normaliseVarying,
  shellExamples,
  ShellSession,
  type BlockRun,
  type ShellExample,
} from './doc-examples';

const ROOT = join(__dirname, '..', '..');
const PAGES = ['README.md', 'docs/api.md'];
const DOCUMENTED_PORT = /\b(?:localhost|127\.0\.0\.1):3000\b/g;

const missingTools = ['bash', 'curl', 'jq'].filter(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
);

const examples: ShellExample[] = PAGES.flatMap((page) =>
  shellExamples(page, readFileSync(join(ROOT, page), 'utf8')),
);

if (missingTools.length > 0) {
  // Said loudly, once, when the file is collected; the test below then counts as skipped in
  // Jest's own summary, never as a pass. Written straight to stderr: Jest drops the console
  // output of a file whose tests all skip.
  process.stderr.write(
    [
      '',
      `!!! SKIPPED: the README and docs/api.md shell examples did NOT run.`,
      `!!! They need ${missingTools.join(' and ')}, which this machine lacks. On Debian or Ubuntu:`,
      `!!! sudo apt-get install ${missingTools.join(' ')}; on macOS: brew install ${missingTools.join(' ')}.`,
      '',
    ].join('\n'),
  );
  const describeWithoutTools = describe.skip;
  describeWithoutTools(
    `the README and docs/api.md examples (${missingTools.join(', ')} missing)`,
    () => {
      it('runs every shell example in page order against the real API', () => undefined);
    },
  );
} else {
  describe('the README and docs/api.md examples, run in page order against the real API', () => {
    jest.setTimeout(60_000);

    let api: RunningApi;
    let workDir: string;
    let session: ShellSession;

    beforeAll(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'ledger-docs-'));
      api = await startApi(join(workDir, 'data'));
      // The reader's terminal: no profile, no ~/.curlrc, no proxy between curl and the API.
      session = new ShellSession(workDir, {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: workDir,
        LANG: 'C.UTF-8',
      });
    }, 120_000);

    afterAll(async () => {
      session?.close();
      await api?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('finds the examples: the README session, the first journey and the rest of the API page', () => {
      const run = examples.filter((example) => !example.skipped);
      expect(run.filter((example) => example.page === 'README.md').length).toBeGreaterThanOrEqual(
        3,
      );
      expect(run.filter((example) => example.expected !== null).length).toBeGreaterThanOrEqual(30);
      // What is left out is left out on purpose: installs, the whole test run, a synopsis, and
      // the next year of a chain with its carry-forward, which need a year that has ended (the
      // e2e test apps/api/test/chain-of-agreements.e2e.spec.ts runs them on a fixed clock).
      expect(
        examples.filter((example) => example.skipped).map((e) => `${e.page}:${e.line}`),
      ).toHaveLength(5);
    });

    for (const example of examples.filter((e) => !e.skipped)) {
      const answer = example.expected ? `, answering as at line ${example.expected.line}` : '';
      it(`${example.page}:${example.line} runs${answer}`, async () => {
        const script = example.script.replace(DOCUMENTED_PORT, `127.0.0.1:${api.port}`);
        const run = await session.run(guardedScript(script));
        expect(problemsOf(run, api)).toEqual([]);
        if (example.expected)
          expectAnswer(run.stdout, example.expected.kind, example.expected.body);
      });
    }
  });
}

function problemsOf(run: BlockRun, api: RunningApi): string[] {
  const problems: string[] = [];
  if (run.code !== 0) problems.push(`exit status ${run.code}`);
  if (run.stderr.trim() !== '') problems.push(`stderr: ${run.stderr.trim()}`);
  if (problems.length > 0 && api.output().trim() !== '') {
    problems.push(
      `the API printed (last lines): ${api.output().trim().split('\n').slice(-20).join('\n')}`,
    );
  }
  return problems;
}

function expectAnswer(stdout: string, kind: 'json' | 'http' | 'text', shown: string): void {
  if (kind === 'json') {
    expect(jsonOf(stdout)).toEqual(jsonOf(shown));
    return;
  }
  if (kind === 'text') {
    expect(normaliseVarying(stdout).trimEnd().split('\n')).toEqual(
      normaliseVarying(shown).trimEnd().split('\n'),
    );
    return;
  }
  const actual = httpAnswerOf(stdout);
  const expected = httpAnswerOf(shown);
  expect(actual.statusLine).toBe(expected.statusLine);
  // The headers the page shows, with their values; the others (date, content-length…) it leaves out.
  const shownHeaders = Object.keys(expected.headers);
  const pick = (headers: Record<string, string>) =>
    Object.fromEntries(
      shownHeaders.map((name) => [name, normaliseVarying(headers[name] ?? '(absent)')]),
    );
  expect(pick(actual.headers)).toEqual(pick(expected.headers));
  if (expected.body !== '') expect(jsonOf(actual.body)).toEqual(jsonOf(expected.body));
}

interface RunningApi {
  port: number;
  /** What the API printed so far (its banner, the development-secret warning, any log line). */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `node -r @swc-node/register apps/api/src/main.ts`: the API `npm start` builds and runs, on
 * its defaults but for the port and the data directory. Whatever else this process's
 * environment sets for the ledger (a JWT secret, another store) is left out, as on a fresh
 * machine. Its output is kept, not printed.
 */
async function startApi(dataDir: string): Promise<RunningApi> {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(LEDGER_|EVENTSTORE_|KAFKA_|PG)/.test(name) || /proxy$/i.test(name)) continue;
    env[name] = value;
  }
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', LEDGER_DATA_DIR: dataDir });
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(ROOT, 'apps/api/src/main.ts')],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (gone) throw new Error(`the API exited before it answered /health:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer /health within 90 s:\n${output}`);
    }
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    port,
    output: () => output,
    stop: async () => {
      if (gone) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
