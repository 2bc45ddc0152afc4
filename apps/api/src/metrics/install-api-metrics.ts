import type { EventStore } from '@ledger/event-store';
import type { ApiMetrics } from '@ledger/telemetry/metrics';
import type { FastifyInstance } from 'fastify';
import { USE_CASE_CONTROLLERS } from '../app/use-case-catalogue';
import { installHttpMetrics, serveMetricsRoute } from './http-metrics';
import { MeasuredEventStore } from './measured-event-store';
import { writeRoutesOf } from './write-routes';

/**
 * Wires the API's metrics (docs/operations.md, "Metrics"): `GET /metrics`, the request and
 * command counters, the head position read from `store` when scraped, and append latency.
 * Returns the store the app must use so that its appends are timed. The SQLite group commits
 * and the WAL size are wired where the store is opened (main.ts: `onGroupCommit`, `walFile`).
 */
export function installApiMetrics(
  fastify: FastifyInstance,
  metrics: ApiMetrics,
  store: EventStore,
): EventStore {
  metrics.watchHead(() => store.headPosition());
  serveMetricsRoute(fastify, metrics);
  installHttpMetrics(fastify, metrics, writeRoutesOf(USE_CASE_CONTROLLERS));
  return new MeasuredEventStore(store, (seconds) => metrics.observeAppend(seconds));
}
