import type { AddressInfo } from 'node:net';
import { Counter } from 'prom-client';
import { serveMetrics } from './metrics-server';
import { createMetricsRegistry, PROMETHEUS_CONTENT_TYPE } from './registry';

describe('serveMetrics', () => {
  it('serves GET /metrics in the text format and nothing else', async () => {
    const registry = createMetricsRegistry();
    new Counter({ name: 'ledger_example_total', help: 'An example.', registers: [registry] }).inc(
      3,
    );
    const server = await serveMetrics(registry, 0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
      expect(await metrics.text()).toContain('ledger_example_total 3');
      expect((await fetch(`${base}/metrics?x=1`)).status).toBe(200);
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers 500 naming the reason when a collector fails', async () => {
    const failing = {
      contentType: PROMETHEUS_CONTENT_TYPE,
      metrics: () => Promise.reject(new Error('boom')),
    };
    const server = await serveMetrics(failing, 0, '127.0.0.1');
    try {
      const response = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`,
      );
      expect(response.status).toBe(500);
      expect(await response.text()).toContain('boom');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects when the port cannot be listened on', async () => {
    const first = await serveMetrics(createMetricsRegistry(), 0, '127.0.0.1');
    try {
      const port = (first.address() as AddressInfo).port;
      await expect(serveMetrics(createMetricsRegistry(), port, '127.0.0.1')).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      await new Promise((resolve) => first.close(resolve));
    }
  });
});
