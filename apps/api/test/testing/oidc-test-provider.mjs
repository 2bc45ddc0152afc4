/**
 * A real OpenID provider for the tests (oidc-provider, ESM-only, so it runs in a child process
 * of its own rather than inside Jest): started by `startTestProvider` (oidc-test-provider.ts) on
 * a free loopback port, it prints `ISSUER <url>` on stdout once it answers, and stops on SIGTERM.
 *
 * - `ledger-web`: the web app's client. Confidential (client_secret_basic), authorization code
 *   with PKCE required, a native client's loopback redirect (any port: RFC 8252), so the test
 *   app may listen wherever it is given.
 * - `ledger-caller`: a system that calls the API (client_credentials). Asking for a resource
 *   (RFC 8707) gets it a JWT access token for that audience, signed RS256 with the provider's keys.
 * - Accounts: the development login page takes any of ACCOUNTS' ids (any password) and the
 *   account's claims carry its ledger role and ODS code under the names the test configures.
 */
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const { roleClaim, organisationClaim, audiences } = JSON.parse(process.argv[2]);

/** Who may sign in, by login name: their role and organisation claims. */
const ACCOUNTS = {
  'finance-alice': { [roleClaim]: 'commissioner-finance', [organisationClaim]: '13R' },
  'reviewer-rita': { [roleClaim]: 'reviewer' },
  'pharmacist-pat': { [roleClaim]: 'pharmacist', [organisationClaim]: 'RV5' },
};

/** What the client_credentials caller's tokens say of it. */
const CALLER_CLAIMS = { [roleClaim]: 'commissioner-finance', [organisationClaim]: '13R' };

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'ledger-web',
      client_secret: 'ledger-web-secret-for-tests-only',
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/sign-in/callback'],
      post_logout_redirect_uris: ['http://127.0.0.1/sign-out'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      client_id: 'ledger-caller',
      client_secret: 'ledger-caller-secret-for-tests-only',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  async findAccount(_ctx, id) {
    if (!(id in ACCOUNTS)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...ACCOUNTS[id] }) };
  },
  scopes: ['openid', 'ledger', 'api'],
  claims: { openid: ['sub'], ledger: [roleClaim, organisationClaim] },
  pkce: { required: () => true },
  cookies: { keys: ['a-cookie-key-for-the-test-provider-only'] },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => false,
      getResourceServerInfo(_ctx, resource) {
        if (!audiences.includes(resource)) throw new errors.InvalidTarget();
        return {
          scope: 'api',
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 600,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  async extraTokenClaims(_ctx, token) {
    return token.kind === 'ClientCredentials' ? CALLER_CLAIMS : undefined;
  },
});

server.on('request', provider.callback());
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.stdout.write(`ISSUER ${issuer}\n`);
