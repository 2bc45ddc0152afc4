import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processEnvironment } from '@ledger/config';
import { OtlpSink } from '@ledger/telemetry/tracing/testing/otlp-sink';
import { ms, percent, whole } from '../report/format';
import { SPAN_COUNT_FILE_SETTING } from '../support/span-count-file';
import { median } from '../support/timing';
import {
  ApiServer,
  figures,
  medianFigures,
  type ApiServerOptions,
  type RunFigures,
} from './http.measurement';
import type { BenchContext, Measurement } from './measurement';

/** Telemetry on may cost at most this share of the HTTP command throughput. */
const MAX_COST = 0.1;
/** How often /metrics is scraped while telemetry is on (Prometheus' default is every 15 s). */
const SCRAPE_EVERY_MS = 1000;
const SERVICE_NAME = 'ledger-api-bench';
const DISCARDING_TRACING = join(__dirname, '..', 'support', 'discarding-tracing.ts');
/** A write's trace: the server span and 5 of the ledger's, plus a share of read-model.apply_batch. */
const SPANS_PER_WRITE = 6;
/** The share of traces the sampled setup keeps (OTEL_TRACES_SAMPLER_ARG). */
const SAMPLED_RATIO = 0.1;

type Setup = 'off' | 'built' | 'exported' | 'sampled';
const SETUPS: readonly Setup[] = ['off', 'built', 'exported', 'sampled'];

const LABELS: Record<Setup, string> = {
  off: 'off (baseline)',
  built: 'on: every span built, batched, discarded; /metrics scraped',
  exported: 'on: every span exported over OTLP/HTTP; /metrics scraped',
  sampled: `on: exported over OTLP/HTTP, ${SAMPLED_RATIO * 100}% of traces sampled; /metrics scraped`,
};

interface Run extends RunFigures {
  /** The API's CPU time per request answered, in µs; null without /proc. */
  cpuPerRequestUs: number | null;
}

interface SetupRuns {
  setup: Setup;
  server: ApiServer;
  runs: Run[];
  /** Requests sent to it, warm-up included (for spans per request). */
  requests: number;
  scrapes: { ok: number; failed: number };
}

/**
 * The API's environment with telemetry off: no OTEL_* variable at all, whatever the bench's
 * own environment holds, so tracing stays the API's no-op.
 */
function withoutOtel(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.keys(processEnvironment())
      .filter((name) => name.startsWith('OTEL_'))
      .map((name) => [name, undefined]),
  );
}

/**
 * How each setup's API is started.
 * - off: no OTEL_* (no SDK), nothing scrapes /metrics.
 * - built: the SDK's tracer provider and batch span processor in front of an exporter that
 *   discards (support/discarding-tracing.ts, preloaded): every span built, ended and batched.
 * - exported: tracing as an operator turns it on (OTEL_TRACES_EXPORTER=otlp, the endpoint at a
 *   stand-in collector on 127.0.0.1): also serialised (protobuf) and sent over HTTP.
 * - sampled: the same, keeping one trace in ten (OTEL_TRACES_SAMPLER=parentbased_traceidratio).
 */
function optionsFor(setup: Setup, sink: OtlpSink, countFile: string): ApiServerOptions {
  if (setup === 'off') return { env: withoutOtel() };
  if (setup === 'built') {
    return {
      env: { ...withoutOtel(), [SPAN_COUNT_FILE_SETTING]: countFile },
      preload: DISCARDING_TRACING,
    };
  }
  return {
    env: {
      ...withoutOtel(),
      OTEL_SERVICE_NAME: serviceName(setup),
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: sink.tracesEndpoint,
      ...(setup === 'sampled' && {
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: String(SAMPLED_RATIO),
      }),
    },
  };
}

function serviceName(setup: Setup): string {
  return setup === 'sampled' ? `${SERVICE_NAME}-sampled` : SERVICE_NAME;
}

/** Scrapes GET /metrics every SCRAPE_EVERY_MS until stopped, as Prometheus would. */
function scrapeWhile(port: number): { stop: () => Promise<{ ok: number; failed: number }> } {
  let ok = 0;
  let failed = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/metrics`);
        await response.text();
        if (response.ok) ok += 1;
        else failed += 1;
      } catch {
        failed += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, SCRAPE_EVERY_MS));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { ok, failed };
    },
  };
}

/** One run of the POST /v1/cases load on a setup; telemetry on is scraped meanwhile. */
async function runOn(
  context: BenchContext,
  entry: SetupRuns,
  label: string,
  seconds: number,
): Promise<Run> {
  const { connections } = context.sizes.http;
  const scraper = entry.setup === 'off' ? null : scrapeWhile(entry.server.port);
  const cpuBefore = entry.server.cpuSeconds();
  const result = await entry.server.registerReferrals(
    seconds,
    connections,
    label,
    context.options.seed,
  );
  const cpuAfter = entry.server.cpuSeconds();
  const scraped = await scraper?.stop();
  entry.scrapes.ok += scraped?.ok ?? 0;
  entry.scrapes.failed += scraped?.failed ?? 0;
  entry.requests += result.requests.total;
  const run = figures(result);
  const cpuPerRequestUs =
    cpuBefore === null || cpuAfter === null || run.ok === 0
      ? null
      : ((cpuAfter - cpuBefore) * 1e6) / run.ok;
  return { ...run, cpuPerRequestUs };
}

/**
 * Every setup in turn, alone on the machine (as "HTTP" runs the API), in the given order;
 * the runs come back in the setups' own order.
 */
async function runEach(
  context: BenchContext,
  setups: SetupRuns[],
  label: string,
  seconds: number,
  reverse = false,
): Promise<Run[]> {
  const runs = new Map<SetupRuns, Run>();
  for (const entry of reverse ? [...setups].reverse() : setups) {
    runs.set(entry, await runOn(context, entry, `${entry.setup}-${label}`, seconds));
  }
  return setups.map((entry) => runs.get(entry)!);
}

export const telemetryMeasurement: Measurement = {
  name: 'telemetry',
  title: 'Telemetry cost',
  profileKeys: ['telemetry'],

  async run(context) {
    const { seconds, warmupSeconds, connections } = context.sizes.http;
    const seed = context.options.seed;
    const sink = await OtlpSink.start();
    const scratch = mkdtempSync(join(tmpdir(), 'ledger-bench-telemetry-'));
    const countFile = join(scratch, 'spans-built');
    const setups: SetupRuns[] = [];
    let built = 0;
    try {
      for (const setup of SETUPS) {
        const server = await ApiServer.start(seed, optionsFor(setup, sink, countFile));
        setups.push({ setup, server, runs: [], requests: 0, scrapes: { ok: 0, failed: 0 } });
      }
      await runEach(context, setups, 'warm', warmupSeconds);
      for (let rep = 0; rep < context.sizes.repetitions; rep += 1) {
        // In the other order each repetition, so a drift of the shared machine favours none.
        const runs = await runEach(context, setups, String(rep), seconds, rep % 2 === 1);
        runs.forEach((run, index) => setups[index].runs.push(run));
        context.log(
          `telemetry rep ${rep + 1}: ` +
            setups
              .map((entry, index) => {
                const run = runs[index];
                const cpu =
                  run.cpuPerRequestUs === null ? '' : `, ${whole(run.cpuPerRequestUs)} µs CPU`;
                return `${entry.setup} ${whole(run.perSecond)}/s p99 ${ms(run.p99)} ms${cpu}`;
              })
              .join('; '),
        );
      }
    } finally {
      // Stopping the APIs flushes the exported spans still held to the sink, and writes the
      // count of spans built.
      for (const entry of setups) await entry.server.stop();
      await sink.close();
      built = Number(readFileOr(countFile, '0'));
      rmSync(scratch, { recursive: true, force: true });
    }
    const off = setups[0];
    /** Each repetition's throughput, on over off (its runs are a minute apart at most). */
    const ratios = (entry: SetupRuns): number[] =>
      entry.runs.map((run, rep) => run.perSecond / off.runs[rep].perSecond);
    /** Each repetition's CPU per request, on over off; empty without /proc. */
    const cpuRatios = (entry: SetupRuns): number[] =>
      entry.runs.flatMap((run, rep) => {
        const base = off.runs[rep].cpuPerRequestUs;
        return run.cpuPerRequestUs === null || base === null ? [] : [run.cpuPerRequestUs / base];
      });
    const byName = (setup: Setup): SetupRuns => setups.find((entry) => entry.setup === setup)!;
    /**
     * The share of throughput telemetry costs. From CPU per request when /proc gives it: a
     * CPU-bound API answers 1/CPU per request, so the cost is 1 − off's CPU / on's; a
     * shared machine's load moves throughput ratios by tens of percent from one run to the
     * next, CPU per request far less. Else from the throughput ratio.
     */
    const costOf = (setup: Setup): number => {
      const cpu = cpuRatios(byName(setup));
      return cpu.length > 0 ? 1 - 1 / median(cpu) : 1 - median(ratios(byName(setup)));
    };
    const cpuCell = (entry: SetupRuns): string => {
      const values = entry.runs.flatMap((run) =>
        run.cpuPerRequestUs === null ? [] : [run.cpuPerRequestUs],
      );
      return values.length === 0 ? 'n/a' : whole(median(values));
    };
    const offFigures = medianFigures(off.runs);
    const builtFigures = medianFigures(byName('built').runs);
    const builtCpu = cpuRatios(byName('built'));
    const failed = setups.flatMap((entry) => entry.runs).reduce((sum, run) => sum + run.failed, 0);
    const spansOf = (setup: Setup): number => sink.spanCount(serviceName(setup));
    const perRequest = (spans: number, setup: Setup): string =>
      (spans / Math.max(1, byName(setup).requests)).toFixed(2);
    const spanNames = [...(sink.spans.get(SERVICE_NAME) ?? new Map<string, number>())]
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => `${name} ${whole(count)}`)
      .join(', ');
    const list = (values: number[]): string => values.map((value) => value.toFixed(2)).join(', ');
    return {
      name: 'telemetry',
      title: 'Telemetry cost',
      method: [
        `Four copies of the real API, each started as an operator starts it (as in "HTTP": ` +
          `apps/api/src/main.ts in its own process on a fresh SQLite data directory, logs at ` +
          `the default level), driven in turn by autocannon with the same POST /v1/cases load ` +
          `(${connections} connections, ${seconds} s per run, after ${warmupSeconds} s of ` +
          `warm-up each), in the order below in even repetitions and the reverse in odd ones. ` +
          `Each ratio is the median of the repetitions' own ratios to their off run. Besides ` +
          `throughput and latency, each run measures the API process's CPU time (user and ` +
          `system, all threads, from /proc) per request answered. The cost in the target is ` +
          `1 − off's CPU per request / on's, the throughput an API busy on its core loses: a ` +
          `shared machine's load moves the throughput ratios by tens of percent from one run to ` +
          `the next, CPU per request far less (both are shown).`,
        `Off: no OTEL_* variable, so no tracing SDK is started (every span is the API's no-op), ` +
          `and nothing scrapes /metrics (its counters still count: they are always on). ` +
          `Every span built: the OpenTelemetry SDK's tracer provider (AsyncLocalStorage context, ` +
          `every trace sampled) and batch span processor at its defaults, in front of an exporter ` +
          `that discards each batch (apps/bench/src/support/discarding-tracing.ts, preloaded), ` +
          `and GET /metrics scraped every ${SCRAPE_EVERY_MS / 1000} s. Every span exported: ` +
          `tracing turned on as an operator does (OTEL_TRACES_EXPORTER=otlp, ` +
          `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT at a stand-in collector in the bench's process that ` +
          `decodes and counts each export), so the spans are also serialised (protobuf) and sent, ` +
          `and /metrics scraped the same way. Sampled: the same, with ` +
          `OTEL_TRACES_SAMPLER=parentbased_traceidratio and OTEL_TRACES_SAMPLER_ARG=${SAMPLED_RATIO} ` +
          `(the other traces' spans are not recorded).`,
      ],
      tables: [
        {
          header: [
            'telemetry',
            'requests/s',
            'p50 (ms)',
            'p99 (ms)',
            'API CPU per request (µs)',
            'ratio to off',
          ],
          rows: setups.map((entry) => {
            const figure = medianFigures(entry.runs);
            const cpu = cpuRatios(entry);
            const ratioCell =
              entry.setup === 'off'
                ? '1×'
                : `${median(ratios(entry)).toFixed(2)}× req/s; ` +
                  `${(figure.p99 / offFigures.p99).toFixed(2)}× p99` +
                  (cpu.length === 0 ? '' : `; ${median(cpu).toFixed(2)}× CPU per request`);
            return [
              LABELS[entry.setup],
              whole(figure.perSecond),
              ms(figure.p50),
              ms(figure.p99),
              cpuCell(entry),
              ratioCell,
            ];
          }),
        },
      ],
      targets: [
        {
          target: `telemetry on (every span built, /metrics scraped) costs < ${percent(MAX_COST)} of HTTP commands/s`,
          measured:
            `${percent(Math.max(0, costOf('built')))} (` +
            (builtCpu.length === 0 ? '' : `${median(builtCpu).toFixed(2)}× CPU per request; `) +
            `${median(ratios(byName('built'))).toFixed(2)}× commands/s, ` +
            `${whole(builtFigures.perSecond)} vs ${whole(offFigures.perSecond)}; p99 ` +
            `${ms(builtFigures.p99)} vs ${ms(offFigures.p99)} ms); every span exported over ` +
            `OTLP: ${percent(Math.max(0, costOf('exported')))}; ` +
            `one trace in ${Math.round(1 / SAMPLED_RATIO)} exported: ` +
            `${percent(Math.max(0, costOf('sampled')))}`,
          met: costOf('built') < MAX_COST,
          profileKey: 'telemetry',
        },
      ],
      notes: [
        `Every span built: the discarding exporter was given ${whole(built)} spans for the ` +
          `${whole(byName('built').requests)} requests sent (${perRequest(built, 'built')} per ` +
          `request). Every span exported: the collector received ${whole(spansOf('exported'))} ` +
          `(${perRequest(spansOf('exported'), 'exported')} per request); sampled, ` +
          `${whole(spansOf('sampled'))} (${perRequest(spansOf('sampled'), 'sampled')} per ` +
          `request). A write's trace holds ${SPANS_PER_WRITE}: the server span, ledger.decide, ` +
          `ledger.authorise, ledger.append, event-store.append and read-model.project, plus ` +
          `read-model.apply_batch once per projection pass (shared by the writes that joined ` +
          `it); fewer arrive when the batch span processor's queue (OTEL_BSP_MAX_QUEUE_SIZE, ` +
          `default 2048) is full and new spans are dropped. Received by name: ` +
          `${spanNames || 'none'}.`,
        `/metrics was scraped ${whole(setups.reduce((n, entry) => n + entry.scrapes.ok, 0))} ` +
          `times (${whole(setups.reduce((n, entry) => n + entry.scrapes.failed, 0))} failed); ` +
          `${whole(failed)} requests failed (non-2xx, errors or timeouts).`,
        `Each repetition's throughput against off: ` +
          setups
            .slice(1)
            .map((entry) => `${entry.setup} ${list(ratios(entry))}`)
            .join('; ') +
          (builtCpu.length === 0
            ? '.'
            : `; CPU per request against off: ` +
              setups
                .slice(1)
                .map((entry) => `${entry.setup} ${list(cpuRatios(entry))}`)
                .join('; ') +
              '.'),
      ],
    };
  },

  async profile(context, _key, markStart) {
    const dir = context.options.profileDir;
    if (!dir) throw new Error('--profile-run telemetry needs --profile-dir for the server profile');
    const { seconds, warmupSeconds, connections } = context.sizes.http;
    const sink = await OtlpSink.start();
    const server = await ApiServer.start(context.options.seed, {
      ...optionsFor('built', sink, ''),
      cpuProfileDir: dir,
    });
    try {
      await server.registerReferrals(warmupSeconds, connections, 'warm', context.options.seed);
      markStart();
      const scraper = scrapeWhile(server.port);
      await server.registerReferrals(seconds, connections, 'prof', context.options.seed);
      await scraper.stop();
    } finally {
      await server.stop();
      await sink.close();
    }
  },
};

function readFileOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}
