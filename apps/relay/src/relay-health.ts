import { createServer, type Server } from 'node:http';
import type { RelayStatus } from '@ledger/messaging';
import { answerMetrics, isMetricsRequest, type MetricsSource } from '@ledger/telemetry/metrics';

/**
 * GET /health: 200 while the relay publishes or is caught up, 503 while it retries (the
 * broker is down or refusing), with the status as JSON either way: checkpoint, head, failures,
 * last error and what has been published. GET /metrics, given `metrics`: the relay's series in
 * the Prometheus text format.
 */
export function serveRelayHealth(
  status: () => RelayStatus,
  port: number,
  host: string,
  metrics?: MetricsSource,
): Promise<Server> {
  const server = createServer((request, response) => {
    if (metrics && isMetricsRequest(request)) {
      void answerMetrics(metrics, response);
      return;
    }
    if (request.method !== 'GET' || request.url !== '/health') {
      response.writeHead(404).end();
      return;
    }
    const current = status();
    const healthy = current.state !== 'retrying' && current.state !== 'stopped';
    response
      .writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: healthy ? 'ok' : 'degraded', ...current }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
