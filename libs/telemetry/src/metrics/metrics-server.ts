import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { METRICS_PATH, type MetricsSource } from './registry';

/** Whether a request asks for the metrics: `GET /metrics` (or HEAD), any query ignored. */
export function isMetricsRequest(request: IncomingMessage): boolean {
  const path = (request.url ?? '').split('?')[0];
  return path === METRICS_PATH && (request.method === 'GET' || request.method === 'HEAD');
}

/** Answers with the exposition text, or 500 with the reason when a collector fails. */
export async function answerMetrics(
  source: MetricsSource,
  response: ServerResponse,
): Promise<void> {
  try {
    const text = await source.metrics();
    response.writeHead(200, { 'content-type': source.contentType }).end(text);
  } catch (error) {
    response
      .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      .end(
        `metrics could not be collected: ${error instanceof Error ? error.message : String(error)}\n`,
      );
  }
}

/**
 * A small HTTP listener serving `GET /metrics` and nothing else (404), for the processes that
 * have no HTTP server of their own (the projector). Resolves once listening; port 0 picks a free
 * one (`server.address()` says which).
 */
export function serveMetrics(source: MetricsSource, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (isMetricsRequest(request)) void answerMetrics(source, response);
    else response.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
