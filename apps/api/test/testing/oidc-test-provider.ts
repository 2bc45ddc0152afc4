import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { OidcSettings } from '@ledger/config';

/** The claim names the tests configure: not the defaults, so the setting is proved to be read. */
export const ROLE_CLAIM = 'ledger_role';
export const ORGANISATION_CLAIM = 'ods_code';
/** The API's audience at the test provider, and another API's, for a token not meant for it. */
export const API_AUDIENCE = 'urn:oap-ledger:api';
export const OTHER_AUDIENCE = 'urn:another-service:api';

export interface TestProvider {
  issuer: string;
  /** The web app's settings for this provider, redirecting to the app at `appUrl`. */
  settings(appUrl: string): OidcSettings;
  /** A JWT access token for `audience`, by client_credentials (the `ledger-caller` client). */
  accessToken(audience: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real OpenID provider (oidc-test-provider.mjs, oidc-provider) as a child process on
 * a free loopback port, and answers once it prints its issuer. `stop` always ends it: call it in
 * afterAll.
 */
export async function startTestProvider(): Promise<TestProvider> {
  const child = spawn(
    process.execPath,
    [
      join(__dirname, 'oidc-test-provider.mjs'),
      JSON.stringify({
        roleClaim: ROLE_CLAIM,
        organisationClaim: ORGANISATION_CLAIM,
        audiences: [API_AUDIENCE, OTHER_AUDIENCE],
      }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let issuer: string;
  try {
    issuer = await issuerPrinted(child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return {
    issuer,
    settings: (appUrl) => ({
      issuer,
      clientId: 'ledger-web',
      clientSecret: 'ledger-web-secret-for-tests-only',
      redirectUrl: `${appUrl}/sign-in/callback`,
      scopes: ['openid', 'ledger'],
      roleClaim: ROLE_CLAIM,
      organisationClaim: ORGANISATION_CLAIM,
      apiAudience: API_AUDIENCE,
    }),
    async accessToken(audience) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('ledger-caller:ledger-caller-secret-for-tests-only').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: 'api',
          resource: audience,
        }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!response.ok || body.access_token === undefined) {
        throw new Error(`the test provider gave no token: ${JSON.stringify(body)}`);
      }
      return body.access_token;
    },
    stop,
  };
}

function issuerPrinted(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^ISSUER (\S+)$/m.exec(out);
      if (match) resolve(match[1]);
    });
    // Its warnings (Node 20 is older than oidc-provider 9 asks for) are kept to explain a failure.
    child.stderr!.on('data', (chunk: Buffer) => void (err += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`the test OpenID provider stopped (exit ${code}) before starting: ${err}`)),
    );
  });
}
