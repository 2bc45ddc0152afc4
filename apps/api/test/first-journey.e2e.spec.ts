/**
 * The README's first session, end to end: once through a real listening port with fetch (the
 * way curl would do it), and once across a restart on the same data directory, proving that
 * everything acknowledged is still there and the ledger carries on from where it stopped.
 */
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp, type Caller } from './testing/ledger-test-app';

interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A client that speaks HTTP to a listening API, getting its tokens from /v1/dev/tokens. */
function httpClient(baseUrl: string) {
  const tokens = new Map<string, string>();
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<HttpAnswer> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };
  const tokenFor = async (caller: Caller): Promise<string> => {
    const cached = tokens.get(caller.subject);
    if (cached) return cached;
    const issued = await send('POST', '/v1/dev/tokens', caller);
    const token = issued.body.token as string;
    tokens.set(caller.subject, token);
    return token;
  };
  return {
    post: async (path: string, caller: Caller, body: unknown) =>
      send('POST', path, body, await tokenFor(caller)),
    get: async (path: string, caller: Caller) =>
      send('GET', path, undefined, await tokenFor(caller)),
  };
}

type Client = ReturnType<typeof httpClient>;

/** README: agreement, £65m even allocation, referral, OAP, repatriation, refused reinvestment. */
async function walkTheFirstJourney(client: Client): Promise<void> {
  const created = await client.post(f.paths.agreements, f.commissioner, f.agreementBody());
  expect(created.status).toBe(201);
  expect(created.headers.get('etag')).toBe('"0"');

  const allocated = await client.post(f.paths.allocations(), f.commissioner, f.allocationBody());
  expect(allocated.status).toBe(201);

  expect((await client.post(f.paths.cases, f.leadCaseManager, f.referralBody())).status).toBe(201);
  expect(
    (await client.post(f.paths.placements(), f.leadCaseManager, f.outOfAreaPlacementBody())).status,
  ).toBe(201);
  expect(
    (await client.post(f.paths.repatriations(), f.partnerCaseManager, f.repatriationBody())).status,
  ).toBe(201);

  const refused = await client.post(f.paths.reinvestments(), f.leadFinance, f.reinvestmentBody());
  expect(refused.status).toBe(422);
  expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(refused.body).toMatchObject({
    code: 'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
    available: '0.00',
  });
  expect(refused.body.detail).toContain('£0.00');
}

describe('the first journey over a real port', () => {
  let ledger: LedgerTestApp;

  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
    await ledger.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(() => ledger.dispose());

  it('walks the README journey with fetch, as curl would', async () => {
    const address = ledger.app.getHttpServer().address() as { port: number };
    const client = httpClient(`http://127.0.0.1:${address.port}`);
    await walkTheFirstJourney(client);

    const summary = await client.get(f.paths.agreement(), f.reviewer);
    expect(summary.body).toMatchObject({
      budgetByServiceLine: { 'adult-medium-secure': '65000000.00' },
      retainedSavings: '0.00',
    });
    expect(await ledger.head()).toBe(5);
  });
});

describe('restarting on the same data directory', () => {
  it('keeps every acknowledged event and carries on from the same revisions', async () => {
    const first = await LedgerTestApp.start();
    await first.app.listen({ port: 0, host: '127.0.0.1' });
    const address = first.app.getHttpServer().address() as { port: number };
    await walkTheFirstJourney(httpClient(`http://127.0.0.1:${address.port}`));
    const logBefore = (await first.get('/v1/events', f.reviewer)).json();
    const caseBefore = (await first.get(f.paths.case(), f.reviewer)).json();
    await first.stop();

    const second = await LedgerTestApp.start({ dataDir: first.dataDir });
    try {
      expect((await second.get('/v1/events', f.reviewer)).json()).toEqual(logBefore);
      expect((await second.get(f.paths.case(), f.reviewer)).json()).toEqual(caseBefore);
      const agreement = await second.get(f.paths.agreement(), f.commissioner);
      expect(agreement.headers.etag).toBe('"1"');

      const adjusted = await second.post(
        f.paths.adjustments(),
        f.commissioner,
        f.adjustmentBody(),
        {
          'if-match': '"1"',
        },
      );
      expect(adjusted.statusCode).toBe(201);
      expect(adjusted.json()).toMatchObject({ revision: 2, position: 6 });
    } finally {
      await second.dispose();
    }
  });
});
