import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ms, ratio, whole } from '../report/format';
import { Rng } from '../support/prng';
import { median } from '../support/timing';
import { caseManagerOf, SyntheticLedger } from '../synthetic/synthetic-ledger';
import type { ServerReply, ServerRequest } from './http-server';
import type { Measurement } from './measurement';

const COMMANDS_FLOOR = 5_000;
const P99_CEILING_MS = 50;
const SLP_AGREEMENT = 'slp-adult-secure-2025-26';

interface RunFigures {
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

/** The API in a child process, and the bench's side of its IPC channel. */
class ApiServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly token: string,
    readonly setupHead: number,
  ) {}

  static async start(seed: number, cpuProfileDir?: string): Promise<ApiServer> {
    const child = fork(join(__dirname, 'http-server.ts'), [], {
      execArgv: [
        '-r',
        '@swc-node/register',
        ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const synthetic = new SyntheticLedger({ seed });
    const ready = await ask(child, {
      type: 'start',
      setup: synthetic.setupCommands(),
      actors: [caseManagerOf('RV5')],
    });
    if (ready.type !== 'ready') throw new Error(`API server did not start: ${describe(ready)}`);
    return new ApiServer(child, ready.port, ready.tokens[0], ready.head);
  }

  async head(): Promise<number> {
    const reply = await ask(this.child, { type: 'head' });
    if (reply.type !== 'head') throw new Error(`API server: ${describe(reply)}`);
    return reply.head;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies ServerRequest);
    await exited;
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
        `The real API (createLedgerApp: NestJS on Fastify, JWT guard, validation, CommandBus, ` +
          `LedgerCommands, SqliteEventStore on a fresh file in os.tmpdir()) runs in a separate ` +
          `child process listening on 127.0.0.1; autocannon drives it from the benchmark process ` +
          `at ${connections} connections for ${seconds} s per repetition, after ${warmupSeconds} s ` +
          `of warm-up on each endpoint. Both processes share the machine's cores.`,
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
    const server = await ApiServer.start(context.options.seed, dir);
    try {
      await server.registerReferrals(warmupSeconds, connections, 'warm', context.options.seed);
      markStart();
      await server.registerReferrals(seconds, connections, 'prof', context.options.seed);
    } finally {
      await server.stop();
    }
  },
};

function figures(result: autocannon.Result): RunFigures {
  const ok = result['2xx'];
  return {
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function medianFigures(runs: RunFigures[]): RunFigures {
  return {
    perSecond: median(runs.map((run) => run.perSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    ok: median(runs.map((run) => run.ok)),
    failed: median(runs.map((run) => run.failed)),
  };
}

function ask(child: ChildProcess, request: ServerRequest): Promise<ServerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: ServerReply): void => {
      cleanup();
      resolve(reply);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`API server exited (code ${String(code)}) before answering`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(request);
  });
}

function describe(reply: ServerReply): string {
  return reply.type === 'failed' ? reply.message : `unexpected ${reply.type}`;
}
