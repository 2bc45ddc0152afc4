import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register as globalRegistry } from 'prom-client';
import { ApiMetrics } from './api-metrics';
import { PROMETHEUS_CONTENT_TYPE } from './registry';
import { hasSample, parseExposition, valueOf } from './testing/exposition';

describe('ApiMetrics', () => {
  it('counts requests and commands under their labels, in the text format 0.0.4', async () => {
    const metrics = new ApiMetrics();
    metrics.observeRequest({ method: 'POST', route: '/v1/agreements', status: 201, seconds: 0.02 });
    metrics.observeRequest({ method: 'POST', route: '/v1/agreements', status: 201, seconds: 0.3 });
    metrics.observeRequest({ method: 'GET', route: 'unmatched', status: 404, seconds: 0.001 });
    metrics.countCommand('CreateAgreement', 'accepted');
    metrics.countCommand('CreateAgreement', 'accepted');
    metrics.countCommand('CreateAgreement', 'VALIDATION.FAILED');

    expect(metrics.registry.contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(PROMETHEUS_CONTENT_TYPE).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.metrics();
    expect(text).toContain('# TYPE ledger_http_requests_total counter');
    expect(text).toContain('# TYPE ledger_http_request_duration_seconds histogram');
    const samples = parseExposition(text);
    const created = { method: 'POST', route: '/v1/agreements', status: '201' };
    expect(valueOf(samples, 'ledger_http_requests_total', created)).toBe(2);
    expect(valueOf(samples, 'ledger_http_request_duration_seconds_count', created)).toBe(2);
    expect(valueOf(samples, 'ledger_http_request_duration_seconds_sum', created)).toBeCloseTo(0.32);
    expect(
      valueOf(samples, 'ledger_http_request_duration_seconds_bucket', { ...created, le: '0.025' }),
    ).toBe(1);
    expect(valueOf(samples, 'ledger_http_requests_total', { status: '404' })).toBe(1);
    expect(
      valueOf(samples, 'ledger_commands_total', { type: 'CreateAgreement', outcome: 'accepted' }),
    ).toBe(2);
    expect(valueOf(samples, 'ledger_commands_total', { outcome: 'VALIDATION.FAILED' })).toBe(1);
  });

  it('observes appends and group commits, and reads the head when scraped', async () => {
    const metrics = new ApiMetrics();
    let head = 7;
    metrics.watchHead(() => Promise.resolve(head));
    metrics.observeAppend(0.004);
    metrics.observeGroupCommit(3, 0.002);
    metrics.observeGroupCommit(1, 0.001);
    let samples = parseExposition(await metrics.metrics());
    expect(valueOf(samples, 'ledger_event_store_head_position')).toBe(7);
    expect(valueOf(samples, 'ledger_event_store_append_duration_seconds_count')).toBe(1);
    expect(valueOf(samples, 'ledger_event_store_group_commit_appends_count')).toBe(2);
    expect(valueOf(samples, 'ledger_event_store_group_commit_appends_sum')).toBe(4);
    expect(valueOf(samples, 'ledger_event_store_group_commit_appends_bucket', { le: '2' })).toBe(1);
    expect(valueOf(samples, 'ledger_event_store_group_commit_duration_seconds_count')).toBe(2);
    head = 9;
    samples = parseExposition(await metrics.metrics());
    expect(valueOf(samples, 'ledger_event_store_head_position')).toBe(9);
  });

  it('gives NaN for the head when the store does not answer, and the scrape still succeeds', async () => {
    const metrics = new ApiMetrics();
    metrics.watchHead(() => Promise.reject(new Error('closed')));
    const samples = parseExposition(await metrics.metrics());
    expect(valueOf(samples, 'ledger_event_store_head_position')).toBeNaN();
  });

  it('exports the WAL size only for a SQLite log: 0 while absent, then its size', async () => {
    expect(await new ApiMetrics().metrics()).not.toContain('ledger_event_store_wal_size_bytes');
    const dir = mkdtempSync(join(tmpdir(), 'api-metrics-'));
    try {
      const walFile = join(dir, 'ledger.sqlite-wal');
      const metrics = new ApiMetrics(undefined, { walFile });
      const wal = async () =>
        valueOf(parseExposition(await metrics.metrics()), 'ledger_event_store_wal_size_bytes');
      expect(await wal()).toBe(0);
      writeFileSync(walFile, Buffer.alloc(4120));
      expect(await wal()).toBe(4120);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every app on a registry of its own, never the global one', async () => {
    const one = new ApiMetrics();
    const two = new ApiMetrics();
    one.countCommand('CreateAgreement', 'accepted');
    const samples = parseExposition(await two.metrics());
    expect(hasSample(samples, 'ledger_commands_total', { type: 'CreateAgreement' })).toBe(false);
    expect(await globalRegistry.metrics()).not.toContain('ledger_');
  });
});
