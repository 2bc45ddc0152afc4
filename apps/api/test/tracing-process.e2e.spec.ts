/**
 * Tracing switched on the way an operator switches it on: the real API process
 * (`apps/api/src/main.ts` on a fresh SQLite data directory, on a free port) with
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT pointing at a stand-in OTLP/HTTP collector (OtlpSink). A
 * write carrying a caller's traceparent is exported, once the process stops, as one trace of
 * the caller's under `ledger-api`, with the spans of the request; and nothing but traces is sent.
 * (The span tree itself is checked in tracing.e2e.spec.ts; with no OTEL_* set, nothing starts:
 * start-tracing.unit.spec.ts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OtlpSink } from '@ledger/telemetry/tracing/testing/otlp-sink';

jest.setTimeout(120_000);

const REPO = resolve(__dirname, '../../..');
const SECRET = 'tracing-e2e-secret-long-enough-for-hs256-signing';
const CALLER_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('the API process with OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set', () => {
  let dataDir: string;
  let sink: OtlpSink;
  let child: ChildProcess | null = null;
  let output = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-tracing-'));
    sink = await OtlpSink.start({ keepTraceIds: true });
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports each request as one trace, continuing the caller’s, under ledger-api', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LEDGER_EVENT_STORE: 'sqlite',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_READ_MODEL_URL: '',
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_DEV_TOKENS: 'true',
      LEDGER_LOG_LEVEL: 'error',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: sink.tracesEndpoint,
    };
    for (const name of ['OTEL_SERVICE_NAME', 'OTEL_TRACES_EXPORTER', 'OTEL_SDK_DISABLED']) {
      delete env[name];
    }
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the API did not start:\n${output}`);
      const health = await fetch(`${base}/health`).catch(() => null);
      if (health?.ok) break;
      await new Promise((done) => setTimeout(done, 100));
    }

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const tokens = await post('/v1/dev/tokens', {
      subject: 'alice',
      role: 'commissioner-finance',
      organisationCode: '13R',
    });
    const { token } = (await tokens.json()) as { token: string };
    const created = await post(
      '/v1/agreements',
      {
        agreementId: 'traced-2026-27',
        commissionerCode: '13R',
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG'],
        financialYear: '2026/27',
        serviceLines: ['adult-medium-secure'],
        savingsHorizonDays: 365,
      },
      {
        authorization: `Bearer ${token}`,
        traceparent: `00-${CALLER_TRACE_ID}-b7ad6b7169203331-01`,
      },
    );
    expect(created.status).toBe(201);

    // SIGTERM: the process flushes its spans before it exits.
    const exited = new Promise<number | null>((done) => child!.once('exit', done));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = null;

    const spans = Object.fromEntries(sink.spans.get('ledger-api') ?? []);
    expect(spans).toMatchObject({
      'POST /v1/dev/tokens': 1,
      'POST /v1/agreements': 1,
      'ledger.decide': 1,
      'ledger.authorise': 1,
      'ledger.append': 1,
      'event-store.append': 1,
      // One as the API starts (the read model caught up with the log), one after the write.
      'read-model.project': 2,
    });
    // GET /health, polled while the API started, is not traced.
    expect(Object.keys(spans).some((name) => name.includes('/health'))).toBe(false);
    expect(sink.traceIds).toContain(CALLER_TRACE_ID);
    expect([...sink.spans.keys()]).toEqual(['ledger-api']);
    expect([...sink.paths.keys()]).toEqual(['/v1/traces']);
  });
});
