import { collectDefaultMetrics, Registry } from 'prom-client';

/** Where every process serves its metrics: the API on its own port, the others on theirs. */
export const METRICS_PATH = '/metrics';

/** The Prometheus text exposition format, version 0.0.4 (`text/plain; version=0.0.4; …`). */
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** What a metrics endpoint serves: a prom-client Registry fits. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export interface MetricsRegistryOptions {
  /**
   * Add Node's process metrics (`process_cpu_seconds_total`, `process_resident_memory_bytes`,
   * `nodejs_eventloop_lag_seconds`, GC, handles…). A process's main turns them on; tests leave
   * them off, since their event-loop and GC observers live as long as the process.
   */
  processMetrics?: boolean;
}

/**
 * A registry of the process's own. Every metric of this lib is registered on the registry it is
 * given, never on prom-client's global default registry, so two apps built in one test process
 * (or two tests) never share or collide on a series.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Seconds since `start` (a `process.hrtime.bigint()` reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Latency of an HTTP request, from 1 ms to 10 s. */
export const HTTP_SECONDS_BUCKETS = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Latency of an append or a group commit (an fsync is a few ms), from 0.5 ms to 5 s. */
export const APPEND_SECONDS_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5,
];

/** Appends per group commit: powers of two up to 512. */
export const GROUP_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

/** A follower's batch (a PostgreSQL or Kafka transaction), from 5 ms to 60 s. */
export const BATCH_SECONDS_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];
