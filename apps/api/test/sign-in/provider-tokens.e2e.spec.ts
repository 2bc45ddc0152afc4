/**
 * The API takes bearer tokens from a real OpenID provider (oidc-provider, started on loopback by
 * the test), verified against its JWKS, beside its own HS256 tokens. The provider hands the
 * `ledger-caller` system a JWT access token by client_credentials for the audience it asks for
 * (resource indicators); the token's `ledger_role` and `ods_code` claims (the configured names)
 * name the actor. Anything else is a 401 problem document saying which check failed.
 */
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import * as f from '../testing/ledger-fixtures';
import { LedgerTestApp, TODAY } from '../testing/ledger-test-app';
import {
  API_AUDIENCE,
  OTHER_AUDIENCE,
  startTestProvider,
  type TestProvider,
} from '../testing/oidc-test-provider';

jest.setTimeout(60_000);

/** The ledger's clock, which the test moves by hand to see a token expire. */
let now = new Date(TODAY);
const clock = { now: () => now };

describe('bearer tokens from the OpenID provider', () => {
  let provider: TestProvider;
  let ledger: LedgerTestApp;

  const list = (token: string) =>
    ledger.app.inject({
      method: 'GET',
      url: '/v1/agreements',
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    provider = await startTestProvider();
    ledger = await LedgerTestApp.start({ clock, oidc: (appUrl) => provider.settings(appUrl) });
  });

  afterAll(async () => {
    await ledger?.dispose();
    await provider?.stop();
  });

  beforeEach(() => {
    now = new Date(TODAY);
  });

  it('accepts an RS256 access token for the API, as the actor its claims name', async () => {
    const token = await provider.accessToken(API_AUDIENCE);
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: provider.issuer, aud: API_AUDIENCE, sub: 'ledger-caller' });
    const answer = await list(token);
    expect(answer.statusCode).toBe(200);
    // The actor writes as itself: the agreement records ledger-caller, commissioner 13R.
    const created = await ledger.app.inject({
      method: 'POST',
      url: '/v1/agreements',
      headers: { authorization: `Bearer ${token}` },
      payload: f.agreementBody(),
    });
    expect(created.statusCode).toBe(201);
    const [recorded] = await ledger.store.readAll({ afterPosition: 0, maxCount: 1 });
    expect(recorded.metadata).toMatchObject({
      actor: { subject: 'ledger-caller', role: 'commissioner-finance', organisationCode: '13R' },
    });
  });

  it('still accepts its own HS256 tokens beside the provider’s', async () => {
    const answer = await ledger.get('/v1/agreements', f.reviewer);
    expect(answer.statusCode).toBe(200);
  });

  it('refuses a token for another audience', async () => {
    const answer = await list(await provider.accessToken(OTHER_AUDIENCE));
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toMatchObject({
      code: 'AUTH.UNAUTHENTICATED',
      detail: `The bearer token is not for this API (its audience is not ${API_AUDIENCE})`,
    });
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses a token once it has expired, by the ledger’s clock', async () => {
    const token = await provider.accessToken(API_AUDIENCE);
    const { exp } = decodeJwt(token);
    now = new Date((exp! - 1) * 1000); // the last second it is valid
    expect((await list(token)).statusCode).toBe(200);
    now = new Date(exp! * 1000);
    const answer = await list(token);
    expect(answer.statusCode).toBe(401);
    expect(answer.json().detail).toBe('The bearer token has expired');
  });

  it('refuses a token with its claims changed', async () => {
    const [header, payload, signature] = (await provider.accessToken(API_AUDIENCE)).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const tampered = Buffer.from(JSON.stringify({ ...claims, ledger_role: 'admin' })).toString(
      'base64url',
    );
    const answer = await list(`${header}.${tampered}.${signature}`);
    expect(answer.statusCode).toBe(401);
    expect(answer.json().detail).toBe("The bearer token's signature does not verify");
  });

  it('refuses an HS256 token that claims the provider as its issuer', async () => {
    // Signed with a secret anyone could pick: the provider's path takes only its own keys.
    const forged = await new SignJWT({ ledger_role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(provider.issuer)
      .setAudience(API_AUDIENCE)
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-secret-of-more-than-thirty-two-characters'));
    const answer = await list(forged);
    expect(answer.statusCode).toBe(401);
    expect(answer.json().detail).toBe(
      "The bearer token's signing algorithm is not accepted (RS256 or ES256)",
    );
  });

  it('refuses a token signed with a key the provider does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ledger_role: 'admin' })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-one-of-the-providers-keys' })
      .setIssuer(provider.issuer)
      .setAudience(API_AUDIENCE)
      .setSubject('mallory')
      .setExpirationTime(Math.floor(Date.parse(TODAY) / 1000) + 3600)
      .sign(privateKey);
    const answer = await list(forged);
    expect(answer.statusCode).toBe(401);
    expect(answer.json().detail).toBe(
      'The bearer token is signed with a key its issuer does not publish',
    );
  });

  it('refuses a token from an issuer it does not trust', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const stranger = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('https://idp.elsewhere.example')
      .setAudience(API_AUDIENCE)
      .setSubject('mallory')
      .setExpirationTime(Math.floor(Date.parse(TODAY) / 1000) + 3600)
      .sign(privateKey);
    const answer = await list(stranger);
    expect(answer.statusCode).toBe(401);
    expect(answer.json().code).toBe('AUTH.UNAUTHENTICATED');
  });
});
