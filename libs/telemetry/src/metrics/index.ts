/**
 * Prometheus metrics (prom-client): each process builds its own registry
 * (`createMetricsRegistry`) and its series on it (`ApiMetrics`, `ProjectorMetrics`,
 * `RelayMetrics`), and serves them at `GET /metrics` in the text format, version 0.0.4.
 * docs/operations.md ("Metrics") lists every series.
 */
export * from './registry';
export * from './api-metrics';
export * from './follower-metrics';
export * from './metrics-server';
