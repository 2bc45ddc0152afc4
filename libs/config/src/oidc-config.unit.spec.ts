/** Proves the OpenID Connect settings: off without an issuer, defaults, and each refusal. */
import { InvalidConfigError, loadApiConfig } from './index';

const PROVIDER = {
  LEDGER_OIDC_ISSUER: 'https://login.example.nhs.uk/realms/ledger',
  LEDGER_OIDC_CLIENT_ID: 'oap-ledger-web',
  LEDGER_OIDC_REDIRECT_URL: 'https://ledger.example.nhs.uk/sign-in/callback',
};

describe('OpenID Connect settings', () => {
  it('are off without an issuer', () => {
    expect(loadApiConfig({}).oidc).toBeNull();
  });

  it('default the scopes, the claim names and the API audience', () => {
    expect(loadApiConfig(PROVIDER).oidc).toEqual({
      issuer: 'https://login.example.nhs.uk/realms/ledger',
      clientId: 'oap-ledger-web',
      clientSecret: null,
      redirectUrl: 'https://ledger.example.nhs.uk/sign-in/callback',
      scopes: ['openid', 'profile'],
      roleClaim: 'role',
      organisationClaim: 'org',
      apiAudience: 'oap-ledger-web',
    });
  });

  it('reads every setting', () => {
    const oidc = loadApiConfig({
      ...PROVIDER,
      LEDGER_OIDC_CLIENT_SECRET: 'a-client-secret',
      LEDGER_OIDC_SCOPES: 'openid profile  email',
      LEDGER_OIDC_ROLE_CLAIM: 'roles',
      LEDGER_OIDC_ORGANISATION_CLAIM: 'ods_code',
      LEDGER_OIDC_API_AUDIENCE: 'api://oap-ledger',
    }).oidc;
    expect(oidc).toMatchObject({
      clientSecret: 'a-client-secret',
      scopes: ['openid', 'profile', 'email'],
      roleClaim: 'roles',
      organisationClaim: 'ods_code',
      apiAudience: 'api://oap-ledger',
    });
  });

  it('take plain http only on a loopback address', () => {
    const loopback = { ...PROVIDER, LEDGER_OIDC_ISSUER: 'http://127.0.0.1:4000' };
    expect(loadApiConfig(loopback).oidc?.issuer).toBe('http://127.0.0.1:4000');
    expect(() => loadApiConfig({ ...PROVIDER, LEDGER_OIDC_ISSUER: 'http://idp.example' })).toThrow(
      'LEDGER_OIDC_ISSUER must be an https:// URL (http:// only on a loopback address)',
    );
  });

  it('name every setting that cannot be used, at once', () => {
    let thrown: unknown;
    try {
      loadApiConfig({
        LEDGER_OIDC_ISSUER: 'not a url',
        LEDGER_OIDC_SCOPES: 'profile',
        LEDGER_OIDC_ROLE_CLAIM: 'has spaces in it',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidConfigError);
    expect((thrown as InvalidConfigError).settings).toEqual([
      'LEDGER_OIDC_ISSUER',
      'LEDGER_OIDC_CLIENT_ID',
      'LEDGER_OIDC_REDIRECT_URL',
      'LEDGER_OIDC_SCOPES',
      'LEDGER_OIDC_ROLE_CLAIM',
    ]);
  });

  it('refuse a client setting without the issuer, rather than ignore it', () => {
    expect(() => loadApiConfig({ LEDGER_OIDC_CLIENT_ID: 'oap-ledger-web' })).toThrow(
      'LEDGER_OIDC_CLIENT_ID is set but LEDGER_OIDC_ISSUER is not: set the issuer too',
    );
  });
});
