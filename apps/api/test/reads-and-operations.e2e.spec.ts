/**
 * Reads, audit and operations through the real API on a real SQLite file: summaries and event
 * streams with their audit metadata and ETags, read scope by role and organisation, the global
 * log, health, OpenAPI, development tokens, token checks and request ids.
 */
import { fixedClock } from '@ledger/commands';
import { SignJWT } from 'jose';
import * as f from './testing/ledger-fixtures';
import { expectRefusedWithoutWriting } from './testing/ledger-expectations';
import { given } from './testing/ledger-givens';
import { LedgerTestApp, TEST_JWT_SECRET } from './testing/ledger-test-app';

let ledger: LedgerTestApp;

afterEach(() => ledger.dispose());

describe('reading agreements and cases', () => {
  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
    await given.repatriation(ledger);
    await ledger.post(f.paths.allocations(), f.commissioner, f.allocationBody());
  });

  it('summarises an agreement with money as decimal strings and an ETag', async () => {
    const response = await ledger.get(f.paths.agreement(), f.commissioner);
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toMatchObject({
      agreementId: f.AGREEMENT_ID,
      revision: 1,
      financialYear: '2025/26',
      budgetByServiceLine: { 'adult-medium-secure': '65000000.00' },
      retainedSavings: '0.00',
    });
  });

  it('summarises a case with its placements and repatriation', async () => {
    const response = await ledger.get(f.paths.case(), f.partnerCaseManager);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({
      caseId: f.CASE_ID,
      patientRef: 'PSN-7F3A',
      repatriations: [{ outOfAreaDailyRate: '685.50', repatriationDate: '2025-09-01' }],
    });
  });

  it('lists a stream’s events with revision, position, type, data and audit metadata', async () => {
    const response = await ledger.get(`${f.paths.case()}/events`, f.reviewer);
    const { events, revision } = response.json();
    expect(revision).toBe(2);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'ReferralRegistered',
      'PlacementStarted',
      'PatientRepatriated',
    ]);
    expect(events[2]).toMatchObject({
      revision: 2,
      position: 4,
      data: { outOfAreaPlacementId: 'plc-1' },
      metadata: {
        actor: f.leadCaseManager,
        recordedAt: '2025-10-15T10:00:00.000Z',
        correlationId: expect.any(String),
        causationId: expect.any(String),
        idempotencyKey: null,
        schemaVersion: 1,
      },
    });
  });

  it.each([
    ['agreement summary', () => f.paths.agreement()],
    ['case summary', () => f.paths.case()],
    ['agreement events', () => `${f.paths.agreement()}/events`],
    ['case events', () => `${f.paths.case()}/events`],
  ])(
    'refuses the %s to a provider outside the agreement, revealing nothing',
    async (_what, path) => {
      for (const outsider of [f.outsiderCaseManager, f.outsiderFinance, f.outsiderCommissioner]) {
        const response = await ledger.get(path(), outsider);
        expect(response.statusCode).toBe(403);
        expect(response.json().code).toBe('AUTH.OUT_OF_SCOPE');
        expect(response.body).not.toMatch(/PSN-7F3A|RV5|RPG|65000000/);
      }
    },
  );

  it('lets analysts read summaries but not raw event streams', async () => {
    expect((await ledger.get(f.paths.agreement(), f.analyst)).statusCode).toBe(200);
    const refused = await ledger.get(`${f.paths.agreement()}/events`, f.analyst);
    expect({ status: refused.statusCode, code: refused.json().code }).toEqual({
      status: 403,
      code: 'AUTH.FORBIDDEN_ROLE',
    });
  });

  it('answers 404 for streams never recorded', async () => {
    for (const path of ['/v1/agreements/nope', '/v1/cases/nope/events']) {
      expect((await ledger.get(path, f.admin)).statusCode).toBe(404);
    }
  });

  it('refuses an NHS number in a path', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.placements(f.NHS_NUMBER),
          f.leadCaseManager,
          f.outOfAreaPlacementBody(),
        ),
      422,
      'PATIENT.NHS_NUMBER_REFUSED',
    );
  });

  it('never repeats an NHS number back: not in the problem document, not in a header', async () => {
    const inPath = await ledger.post(
      f.paths.placements(f.NHS_NUMBER),
      f.leadCaseManager,
      f.outOfAreaPlacementBody(),
      { 'x-correlation-id': `batch-${f.NHS_NUMBER}` },
    );
    const unknownRoute = await ledger.get(`/v1/nowhere/${f.NHS_NUMBER}`, f.admin);

    for (const response of [inPath, unknownRoute]) {
      expect(response.body).not.toContain(f.NHS_NUMBER);
      expect(JSON.stringify(response.headers)).not.toContain(f.NHS_NUMBER);
    }
    expect(inPath.json().instance).toBe('/v1/cases/[NHS number removed]/placements');
  });
});

describe('GET /v1/events: the global log', () => {
  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
    await given.repatriation(ledger);
  });

  it('pages the log in position order for reviewers, continuing from nextAfter', async () => {
    const first = (await ledger.get('/v1/events?limit=3', f.reviewer)).json();
    expect(first.events.map((e: { position: number }) => e.position)).toEqual([1, 2, 3]);
    expect(first.nextAfter).toBe(3);
    const rest = (
      await ledger.get(`/v1/events?after=${first.nextAfter}&limit=1000`, f.admin)
    ).json();
    expect(rest.events.map((e: { position: number }) => e.position)).toEqual([4]);
    const end = (await ledger.get('/v1/events?after=4', f.reviewer)).json();
    expect(end).toEqual({ events: [], nextAfter: 4 });
  });

  it('is for reviewers and admins only', async () => {
    for (const caller of [f.commissioner, f.leadFinance, f.leadCaseManager, f.analyst]) {
      expect((await ledger.get('/v1/events', caller)).statusCode).toBe(403);
    }
  });

  it.each(['limit=1001', 'limit=0', 'after=-1', 'after=abc', 'colour=blue'])(
    'refuses the query %s',
    async (query) => {
      const response = await ledger.get(`/v1/events?${query}`, f.reviewer);
      expect({ status: response.statusCode, code: response.json().code }).toEqual({
        status: 400,
        code: 'VALIDATION.FAILED',
      });
    },
  );
});

describe('operations', () => {
  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
  });

  it('reports health without a token, and 503 with Retry-After once the store is down', async () => {
    expect((await ledger.get('/health')).json()).toEqual({ status: 'ok' });
    await ledger.store.close();
    const down = await ledger.get('/health');
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('1');
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const document = (await ledger.get('/openapi.json')).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/agreements',
        '/v1/agreements/{agreementId}/allocations',
        '/v1/cases/{caseId}/placements/{placementId}/rate-changes',
        '/v1/events',
        '/health',
      ]),
    );
    const ui = await ledger.get('/docs');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('echoes the caller’s correlation id and gives every request its own id', async () => {
    const response = await ledger.get('/health', undefined, {
      'x-correlation-id': 'case-review-7',
    });
    expect(response.headers['x-correlation-id']).toBe('case-review-7');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await ledger.get('/health', undefined, {
      'x-correlation-id': 'bad id <script>',
    });
    expect(unsafe.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body that is not JSON with 415, writing nothing', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.call('POST', f.paths.agreements, {
          as: f.commissioner,
          body: '<agreement/>',
          headers: { 'content-type': 'application/xml' },
        }),
      415,
      'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('answers unknown routes with a problem document', async () => {
    const response = await ledger.get('/v1/nothing-here', f.admin);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      code: 'HTTP.ROUTE_NOT_FOUND',
      instance: '/v1/nothing-here',
    });
  });
});

describe('tokens', () => {
  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
  });

  it('issues development tokens that the API accepts', async () => {
    const issued = await ledger.call('POST', '/v1/dev/tokens', {
      body: { subject: 'alice', role: 'commissioner-finance', organisationCode: '13R' },
    });
    expect(issued.statusCode).toBe(201);
    const created = await ledger.call('POST', f.paths.agreements, {
      body: f.agreementBody(),
      headers: { authorization: `Bearer ${issued.json().token}` },
    });
    expect(created.statusCode).toBe(201);
  });

  it('refuses to issue a token for an unknown role', async () => {
    const refused = await ledger.call('POST', '/v1/dev/tokens', {
      body: { subject: 'x', role: 'superuser' },
    });
    expect(refused.statusCode).toBe(400);
  });

  it('has no development tokens when they are turned off', async () => {
    await ledger.dispose();
    ledger = await LedgerTestApp.start({ devTokens: false });
    const absent = await ledger.call('POST', '/v1/dev/tokens', {
      body: { subject: 'x', role: 'admin' },
    });
    expect(absent.statusCode).toBe(404);
  });

  it.each([
    [
      'signed with another secret',
      () => sign({ role: 'admin', org: null }, 'another-secret-another-secret-xx'),
    ],
    ['expired', () => sign({ role: 'admin', org: null }, TEST_JWT_SECRET, '2025-10-14T00:00:00Z')],
    ['naming an unknown role', () => sign({ role: 'superuser', org: null }, TEST_JWT_SECRET)],
    [
      'unsigned (alg none)',
      () => Promise.resolve(`${b64({ alg: 'none' })}.${b64({ sub: 'x', role: 'admin' })}.`),
    ],
  ])('refuses a token %s with 401', async (_why, token) => {
    const response = await ledger.call('GET', '/v1/events', {
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect({ status: response.statusCode, code: response.json().code }).toEqual({
      status: 401,
      code: 'AUTH.UNAUTHENTICATED',
    });
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });
});

async function sign(
  claims: Record<string, unknown>,
  secret: string,
  issuedAt = '2025-10-15T09:00:00Z',
) {
  const iat = Math.floor(fixedClock(issuedAt).now().getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('mallory')
    .setIssuer('oap-ledger')
    .setAudience('oap-ledger-api')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(new TextEncoder().encode(secret));
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
