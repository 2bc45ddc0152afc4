import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { LedgerCommands, systemClock } from '@ledger/commands';
import { processEnvironment } from '@ledger/config';
import { SqliteEventStore, type Actor } from '@ledger/event-store';
import { SQLITE_FILE_NAME } from '@ledger/event-store/configured';
import { REPO_ROOT } from '../profiling/cpu-profile';
import { ms, ratio, whole } from '../report/format';
import { Rng } from '../support/prng';
import { tempSqlite, type TempSqlite } from '../support/temp-store';
import { median } from '../support/timing';
import { caseManagerOf, SyntheticLedger } from '../synthetic/synthetic-ledger';
import type { Measurement } from './measurement';

const COMMANDS_FLOOR = 5_000;
const P99_CEILING_MS = 50;
const SLP_AGREEMENT = 'slp-adult-secure-2025-26';
/** How long the API may take to answer GET /health after it is started. */
const START_TIMEOUT_MS = 60_000;
/** Signs the run's tokens; the API hands them out at POST /v1/dev/tokens (LEDGER_DEV_TOKENS). */
const JWT_SECRET = 'bench-secret-long-enough-for-hs256-signing-0123456789';

export interface RunFigures {
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

export interface ApiServerOptions {
  /** Run under `node --cpu-prof`, writing the profile into this folder. */
  cpuProfileDir?: string;
  /** Settings added to (or, when undefined, removed from) the API's environment. */
  env?: Record<string, string | undefined>;
  /** A module the API's process loads before its main (`node -r`). */
  preload?: string;
}

/**
 * The API under test, started the way an operator starts it: `apps/api/src/main.ts` in its own
 * process, configured by its environment only (a fresh SQLite data directory in os.tmpdir(), its
 * embedded read model projected inline, a free port on 127.0.0.1, development tokens on), with
 * the system clock. The agreements are written into the data directory first, through
 * LedgerCommands, and the API catches its read model up with them as it starts. The bench
 * reaches it over real sockets only: tokens from POST /v1/dev/tokens, the log's head from the
 * SQLite file, opened read-only.
 */
export class ApiServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly data: TempSqlite,
    readonly port: number,
    readonly token: string,
    readonly setupHead: number,
  ) {}

  static async start(seed: number, options: ApiServerOptions = {}): Promise<ApiServer> {
    const { cpuProfileDir, env = {}, preload } = options;
    const data = tempSqlite('http');
    const setupHead = await writeSetup(join(data.dir, SQLITE_FILE_NAME), seed);
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        ...(preload ? ['-r', preload] : []),
        ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
        join(REPO_ROOT, 'apps/api/src/main.ts'),
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...processEnvironment(),
          PORT: String(port),
          HOST: '127.0.0.1',
          LEDGER_EVENT_STORE: 'sqlite',
          LEDGER_DATA_DIR: data.dir,
          LEDGER_READ_MODEL_URL: '',
          LEDGER_JWT_SECRET: JWT_SECRET,
          LEDGER_DEV_TOKENS: 'true',
          ...env,
        },
        // The start banner is not the bench's to print; errors are.
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    try {
      await untilHealthy(child, port);
      const token = await devToken(port, caseManagerOf('RV5'));
      return new ApiServer(child, data, port, token, setupHead);
    } catch (error) {
      await stopChild(child);
      data.remove();
      throw error;
    }
  }

  async head(): Promise<number> {
    const store = new SqliteEventStore(join(this.data.dir, SQLITE_FILE_NAME), { readOnly: true });
    try {
      return await store.headPosition();
    } finally {
      await store.close();
    }
  }

  /** SIGTERM, as an operator stops it: the API closes its stores and exits (writing any profile). */
  async stop(): Promise<void> {
    await stopChild(this.child);
    this.data.remove();
  }

  /**
   * CPU time the API's process has used so far (all its threads, user and system), in seconds,
   * from /proc; null where there is no /proc (not Linux).
   */
  cpuSeconds(): number | null {
    try {
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      // After the command name in parentheses: state is field 3, utime 14 and stime 15, in
      // clock ticks of USER_HZ, which is 100 for every process on Linux.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return null;
    }
  }

  /** POST /v1/cases at `connections` connections: a new case (RegisterReferral) per request. */
  registerReferrals(seconds: number, connections: number, label: string, seed: number) {
    const rng = new Rng(seed);
    const bodies = Array.from({ length: 1_000 }, () => ({
      agreementId: SLP_AGREEMENT,
      serviceLine: rng.pick(['adult-medium-secure', 'adult-low-secure']),
      patientRef: `PSN-${rng.token(8)}`,
      referralDate: `2025-${String(rng.int(4, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    }));
    let next = 0;
    return autocannon({
      url: `http://127.0.0.1:${this.port}`,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/v1/cases',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.token}`,
          },
          setupRequest: (request) => {
            const body = { caseId: `${label}-${next}`, ...bodies[next % bodies.length] };
            next += 1;
            return { ...request, body: JSON.stringify(body) };
          },
        },
      ],
    });
  }

  health(seconds: number, connections: number) {
    return autocannon({
      url: `http://127.0.0.1:${this.port}`,
      connections,
      duration: seconds,
      requests: [{ method: 'GET', path: '/health' }],
    });
  }
}

export const httpMeasurement: Measurement = {
  name: 'http',
  title: 'HTTP',
  profileKeys: ['http'],

  async run(context) {
    const { seconds, warmupSeconds, connections } = context.sizes.http;
    const server = await ApiServer.start(context.options.seed);
    const commands: RunFigures[] = [];
    const health: RunFigures[] = [];
    let written = 0;
    try {
      await server.health(warmupSeconds, connections);
      await server.registerReferrals(warmupSeconds, connections, 'warm', context.options.seed);
      const headBefore = await server.head();
      for (let rep = 0; rep < context.sizes.repetitions; rep += 1) {
        const post = figures(
          await server.registerReferrals(
            seconds,
            connections,
            `h${rep}`,
            context.options.seed + rep,
          ),
        );
        const get = figures(await server.health(seconds, connections));
        context.log(
          `http rep ${rep + 1}: POST ${whole(post.perSecond)}/s p99 ${ms(post.p99)} ms; ` +
            `GET /health ${whole(get.perSecond)}/s p99 ${ms(get.p99)} ms`,
        );
        commands.push(post);
        health.push(get);
      }
      written = (await server.head()) - headBefore;
    } finally {
      await server.stop();
    }
    const post = medianFigures(commands);
    const get = medianFigures(health);
    const acknowledged = commands.reduce((sum, run) => sum + run.ok, 0);
    const failed = [...commands, ...health].reduce((sum, run) => sum + run.failed, 0);
    return {
      name: 'http',
      title: 'HTTP',
      method: [
        `The real API, started as an operator starts it (apps/api/src/main.ts in its own ` +
          `process: NestJS on Fastify, JWT guard, validation, CommandBus, LedgerCommands, ` +
          `SqliteEventStore in a fresh data directory in os.tmpdir() with its embedded read model ` +
          `projected inline, as npm start runs it), listens on 127.0.0.1; autocannon drives it ` +
          `from the benchmark process at ${connections} connections for ${seconds} s per ` +
          `repetition, after ${warmupSeconds} s of warm-up on each endpoint. Both processes share ` +
          `the machine's cores.`,
        `Command: POST /v1/cases (RegisterReferral) as a case manager of the lead provider; every ` +
          `request names a new caseId (set per request in autocannon's setupRequest), so each ` +
          `one reads its (empty) case stream and the agreement's terms, decides and appends ` +
          `one durable event. Baseline: GET /health ` +
          `on the same server (a public route whose handler runs one SELECT 1).`,
      ],
      tables: [
        {
          header: ['endpoint', 'requests/s', 'p50 (ms)', 'p99 (ms)', 'ratio to GET /health'],
          rows: [
            [
              'POST /v1/cases (201 Created)',
              whole(post.perSecond),
              ms(post.p50),
              ms(post.p99),
              `${ratio(post.perSecond, get.perSecond)} req/s; ${ratio(post.p99, get.p99)} p99`,
            ],
            ['GET /health (baseline)', whole(get.perSecond), ms(get.p50), ms(get.p99), '1×'],
          ],
        },
      ],
      targets: [
        {
          target: `≥ ${whole(COMMANDS_FLOOR)} commands/s`,
          measured: `${whole(post.perSecond)} commands/s`,
          met: post.perSecond >= COMMANDS_FLOOR,
          profileKey: 'http',
        },
        {
          target: `p99 ≤ ${P99_CEILING_MS} ms (at ${connections} connections)`,
          measured: `${ms(post.p99)} ms`,
          met: post.p99 <= P99_CEILING_MS,
          profileKey: 'http',
        },
      ],
      notes: [
        `${whole(acknowledged)} referrals were acknowledged with 201 in the timed runs and the ` +
          `log grew by ${whole(written)} events (requests still in flight when autocannon stops ` +
          `counting are written too); ${whole(failed)} requests failed (non-2xx, errors or ` +
          `timeouts).`,
      ],
    };
  },

  async profile(context, _key, markStart) {
    const dir = context.options.profileDir;
    if (!dir) throw new Error('--profile-run http needs --profile-dir for the server profile');
    const { seconds, warmupSeconds, connections } = context.sizes.http;
    const server = await ApiServer.start(context.options.seed, { cpuProfileDir: dir });
    try {
      await server.registerReferrals(warmupSeconds, connections, 'warm', context.options.seed);
      markStart();
      await server.registerReferrals(seconds, connections, 'prof', context.options.seed);
    } finally {
      await server.stop();
    }
  },
};

export function figures(result: autocannon.Result): RunFigures {
  const ok = result['2xx'];
  return {
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

export function medianFigures(runs: RunFigures[]): RunFigures {
  return {
    perSecond: median(runs.map((run) => run.perSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    ok: median(runs.map((run) => run.ok)),
    failed: median(runs.map((run) => run.failed)),
  };
}

/** The agreements the commands need, written before the API starts; resolves to the head. */
async function writeSetup(file: string, seed: number): Promise<number> {
  const store = new SqliteEventStore(file, { clock: () => systemClock.now() });
  try {
    const ledger = new LedgerCommands({ store, clock: systemClock });
    for (const [index, planned] of new SyntheticLedger({ seed }).setupCommands().entries()) {
      const id = `bench-setup-${index}`;
      await ledger.execute(planned.command, {
        actor: planned.actor,
        correlationId: id,
        causationId: id,
      });
    }
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once GET /health answers 200; rejects if the process exits or takes too long. */
async function untilHealthy(child: ChildProcess, port: number): Promise<void> {
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`The API exited (code ${String(exited)}) before it answered GET /health`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The API did not answer GET /health within ${START_TIMEOUT_MS / 1000} s`);
}

/** A bearer token for `actor`, from the API's POST /v1/dev/tokens. */
async function devToken(port: number, actor: Actor): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(actor),
  });
  if (!response.ok) {
    throw new Error(`POST /v1/dev/tokens answered ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as { token: string }).token;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
