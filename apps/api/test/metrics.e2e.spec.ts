/**
 * GET /metrics on the real API process, as an operator starts it (`apps/api/src/main.ts` on a
 * fresh SQLite data directory, configured by its environment, on a free port): the banner says
 * where the metrics are, the endpoint needs no token and answers the Prometheus text format, and
 * after a few writes, a replay and refusals made at each layer (a guard, the validation pipe, the
 * ledger's own rules) the request, command, append, group-commit, head and WAL series have moved
 * by what was done. Counts are asserted, never timings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROMETHEUS_CONTENT_TYPE } from '@ledger/telemetry/metrics';
import {
  hasSample,
  parseExposition,
  valueOf,
  type Sample,
} from '@ledger/telemetry/metrics/testing/exposition';

jest.setTimeout(120_000);

const REPO = resolve(__dirname, '../../..');
const SECRET = 'metrics-e2e-secret-long-enough-for-hs256-signing';
const AGREEMENTS = 6;

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

const agreement = (agreementId: string) => ({
  agreementId,
  commissionerCode: '13R',
  leadProviderCode: 'RV5',
  partnerProviderCodes: ['RPG', 'RQY'],
  financialYear: '2026/27',
  serviceLines: ['adult-medium-secure', 'adult-low-secure'],
  savingsHorizonDays: 365,
});

describe('GET /metrics on the API process', () => {
  let dataDir: string;
  let base: string;
  let child: ChildProcess;
  let output = '';
  let commissioner: string;
  let leadProvider: string;

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    return parseExposition(await response.text());
  };

  const post = (path: string, token: string | null, body: unknown, headers = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });

  const tokenFor = async (subject: string, role: string, organisationCode: string) => {
    const response = await post('/v1/dev/tokens', null, { subject, role, organisationCode });
    return ((await response.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-metrics-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LEDGER_EVENT_STORE: 'sqlite',
        LEDGER_DATA_DIR: dataDir,
        LEDGER_READ_MODEL_URL: '',
        LEDGER_JWT_SECRET: SECRET,
        LEDGER_DEV_TOKENS: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Metrics:')) {
      if (child.exitCode !== null) throw new Error(`the API exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the API did not start:\n${output}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    commissioner = await tokenFor('alice', 'commissioner-finance', '13R');
    leadProvider = await tokenFor('bob', 'lead-provider-finance', 'RV5');
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says where the metrics are when it starts', () => {
    expect(output).toContain(`Metrics:     ${base}/metrics`);
  });

  it('serves the text format 0.0.4 without a token, with the process metrics', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
    const samples = parseExposition(await response.text());
    expect(hasSample(samples, 'process_cpu_user_seconds_total')).toBe(true);
    expect(hasSample(samples, 'ledger_event_store_head_position')).toBe(true);
    expect(hasSample(samples, 'ledger_event_store_wal_size_bytes')).toBe(true);
    // Not under /v1, and not in the API's own document.
    expect((await fetch(`${base}/v1/metrics`)).status).toBe(404);
    const openapi = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(openapi.paths)).not.toContain('/metrics');
  });

  it('moves the request, command, append, group-commit, head and WAL series by what was done', async () => {
    const before = await scrape();
    const headBefore = valueOf(before, 'ledger_event_store_head_position');

    // Writes, made together so that the store may group them.
    const created = await Promise.all(
      Array.from({ length: AGREEMENTS }, (_, n) =>
        post('/v1/agreements', commissioner, agreement(`metrics-${n}`)),
      ),
    );
    expect(created.map((response) => response.status)).toEqual(Array(AGREEMENTS).fill(201));
    // The same request again with the same Idempotency-Key: answered from the store.
    const keyed = agreement('metrics-keyed');
    const key = { 'idempotency-key': 'metrics-keyed-1' };
    expect((await post('/v1/agreements', commissioner, keyed, key)).status).toBe(201);
    const replay = await post('/v1/agreements', commissioner, keyed, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    // Refused by a guard (an NHS number), the validation pipe, and the ledger's own rules.
    const nhsNumber = await post('/v1/agreements', commissioner, agreement('ref 943 476 5919'));
    expect(nhsNumber.status).toBe(422);
    const invalid = await post('/v1/agreements', commissioner, { agreementId: 'no-year' });
    expect(invalid.status).toBe(400);
    const reinvest = await post('/v1/agreements/metrics-0/reinvestments', leadProvider, {
      commitmentId: 'commit-1',
      schemeId: 'female-forensic-step-down',
      amount: '520000.00',
      effectiveDate: '2026-11-01',
      description: 'Female forensic step-down beds',
    });
    expect(await reinvest.json()).toMatchObject({
      code: 'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
    });
    // No token at all, on a write route.
    expect((await post('/v1/agreements', null, agreement('metrics-anonymous'))).status).toBe(401);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    const accepted = AGREEMENTS + 1;
    expect(moved('ledger_commands_total', { type: 'CreateAgreement', outcome: 'accepted' })).toBe(
      accepted,
    );
    expect(moved('ledger_commands_total', { type: 'CreateAgreement', outcome: 'replayed' })).toBe(
      1,
    );
    expect(
      moved('ledger_commands_total', {
        type: 'CreateAgreement',
        outcome: 'PATIENT.NHS_NUMBER_REFUSED',
      }),
    ).toBe(1);
    expect(
      moved('ledger_commands_total', { type: 'CreateAgreement', outcome: 'VALIDATION.FAILED' }),
    ).toBe(1);
    expect(
      moved('ledger_commands_total', {
        type: 'CommitReinvestment',
        outcome: 'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
      }),
    ).toBe(1);
    expect(moved('ledger_commands_total', { type: 'CreateAgreement' })).toBe(accepted + 4);
    expect(moved('ledger_commands_total')).toBe(accepted + 5);

    const route = { method: 'POST', route: '/v1/agreements' };
    expect(moved('ledger_http_requests_total', { ...route, status: '201' })).toBe(accepted + 1);
    expect(moved('ledger_http_requests_total', { ...route, status: '422' })).toBe(1);
    expect(moved('ledger_http_requests_total', { ...route, status: '400' })).toBe(1);
    expect(moved('ledger_http_requests_total', { ...route, status: '401' })).toBe(1);
    expect(moved('ledger_http_request_duration_seconds_count', route)).toBe(accepted + 4);
    expect(
      moved('ledger_http_requests_total', {
        method: 'POST',
        route: '/v1/agreements/:agreementId/reinvestments',
        status: '422',
      }),
    ).toBe(1);
    // The scrapes themselves are never counted.
    expect(hasSample(after, 'ledger_http_requests_total', { route: '/metrics' })).toBe(false);

    // One event per new agreement; every append timed; every one of them in some group commit.
    expect(valueOf(after, 'ledger_event_store_head_position')).toBe(headBefore + accepted);
    expect(moved('ledger_event_store_append_duration_seconds_count')).toBeGreaterThanOrEqual(
      accepted,
    );
    const groups = moved('ledger_event_store_group_commit_appends_count');
    expect(groups).toBeGreaterThanOrEqual(1);
    expect(groups).toBeLessThanOrEqual(moved('ledger_event_store_group_commit_appends_sum'));
    expect(moved('ledger_event_store_group_commit_appends_sum')).toBeGreaterThanOrEqual(accepted);
    expect(moved('ledger_event_store_group_commit_duration_seconds_count')).toBe(groups);
    expect(valueOf(after, 'ledger_event_store_wal_size_bytes')).toBeGreaterThan(0);
  });

  it('labels a request no route matched as unmatched, never by its URL', async () => {
    expect((await fetch(`${base}/v1/no-such-thing/12345`)).status).toBe(404);
    const samples = await scrape();
    expect(
      valueOf(samples, 'ledger_http_requests_total', { route: 'unmatched', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(samples.some((sample) => sample.labels.route?.includes('12345'))).toBe(false);
  });
});
