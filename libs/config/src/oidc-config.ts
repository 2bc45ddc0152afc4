import { ConfigError } from '@ledger/event-store/configured';
import type { Environment } from './environment';
import type { SettingsReader } from './settings-reader';

/**
 * Sign-in with an OpenID Connect provider (NHS CIS2 Authentication, Microsoft Entra ID, or any
 * other): the web app's authorization-code sign-in with PKCE, and the API's bearer tokens from
 * the same provider, verified against its published keys (docs/web.md, docs/api.md).
 */
export interface OidcSettings {
  /** `LEDGER_OIDC_ISSUER`: the provider's issuer URL, exactly as its tokens' `iss` says it. */
  issuer: string;
  /** `LEDGER_OIDC_CLIENT_ID`: the web app's client id at the provider. */
  clientId: string;
  /** `LEDGER_OIDC_CLIENT_SECRET`: its secret; unset for a public client (PKCE alone). */
  clientSecret: string | null;
  /** `LEDGER_OIDC_REDIRECT_URL`: this service's `/sign-in/callback`, as registered. */
  redirectUrl: string;
  /** `LEDGER_OIDC_SCOPES`: the scopes asked for, space-separated; always holds `openid`. */
  scopes: string[];
  /** `LEDGER_OIDC_ROLE_CLAIM`: the claim that carries the ledger role (default `role`). */
  roleClaim: string;
  /** `LEDGER_OIDC_ORGANISATION_CLAIM`: the claim with the organisation's ODS code (default `org`). */
  organisationClaim: string;
  /** `LEDGER_OIDC_API_AUDIENCE`: the `aud` an API bearer token must name (default the client id). */
  apiAudience: string;
}

const DEFAULT_SCOPES = 'openid profile';
const CLAIM_NAME = /^[A-Za-z0-9_.:/-]{1,128}$/;

/** The OpenID Connect settings, or null when `LEDGER_OIDC_ISSUER` is unset (no provider). */
export function readOidcSettings(reader: SettingsReader): OidcSettings | null {
  const env = reader.env;
  const issuerRaw = blankAsUndefined(env.LEDGER_OIDC_ISSUER);
  if (issuerRaw === undefined) {
    const stray = OIDC_SETTINGS.find((name) => blankAsUndefined(env[name]) !== undefined);
    reader.read(() => {
      if (stray !== undefined) {
        throw new ConfigError(stray, 'is set but LEDGER_OIDC_ISSUER is not: set the issuer too');
      }
    }, undefined);
    return null;
  }
  const issuer = reader.read(() => httpUrl('LEDGER_OIDC_ISSUER', issuerRaw), issuerRaw);
  const clientId = reader.read(() => required(env, 'LEDGER_OIDC_CLIENT_ID'), '');
  const redirectUrl = reader.read(
    () => httpUrl('LEDGER_OIDC_REDIRECT_URL', required(env, 'LEDGER_OIDC_REDIRECT_URL')),
    '',
  );
  const scopes = reader.read(() => scopeList(env.LEDGER_OIDC_SCOPES), ['openid']);
  const roleClaim = reader.read(
    () => claimName('LEDGER_OIDC_ROLE_CLAIM', env.LEDGER_OIDC_ROLE_CLAIM, 'role'),
    'role',
  );
  const organisationClaim = reader.read(
    () => claimName('LEDGER_OIDC_ORGANISATION_CLAIM', env.LEDGER_OIDC_ORGANISATION_CLAIM, 'org'),
    'org',
  );
  return {
    issuer,
    clientId,
    clientSecret: blankAsUndefined(env.LEDGER_OIDC_CLIENT_SECRET) ?? null,
    redirectUrl,
    scopes,
    roleClaim,
    organisationClaim,
    apiAudience: blankAsUndefined(env.LEDGER_OIDC_API_AUDIENCE)?.trim() ?? clientId,
  };
}

/** Every OpenID Connect setting but the issuer: none means anything without it. */
const OIDC_SETTINGS = [
  'LEDGER_OIDC_CLIENT_ID',
  'LEDGER_OIDC_CLIENT_SECRET',
  'LEDGER_OIDC_REDIRECT_URL',
  'LEDGER_OIDC_SCOPES',
  'LEDGER_OIDC_ROLE_CLAIM',
  'LEDGER_OIDC_ORGANISATION_CLAIM',
  'LEDGER_OIDC_API_AUDIENCE',
] as const;

function blankAsUndefined(raw: string | undefined): string | undefined {
  return raw === undefined || raw.trim() === '' ? undefined : raw;
}

function required(env: Environment, setting: string): string {
  const raw = blankAsUndefined(env[setting]);
  if (raw === undefined) throw new ConfigError(setting, 'is required with LEDGER_OIDC_ISSUER');
  return raw.trim();
}

/** An http(s) URL; plain http only on a loopback address (a test provider, a laptop). */
function httpUrl(setting: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(setting, 'is not a URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(setting, 'must be an https:// URL (http:// only on a loopback address)');
  }
  return raw.trim();
}

function scopeList(raw: string | undefined): string[] {
  const scopes = (blankAsUndefined(raw) ?? DEFAULT_SCOPES).split(/\s+/).filter((s) => s !== '');
  if (!scopes.includes('openid')) {
    throw new ConfigError('LEDGER_OIDC_SCOPES', 'must include openid');
  }
  return scopes;
}

function claimName(setting: string, raw: string | undefined, fallback: string): string {
  const name = blankAsUndefined(raw)?.trim() ?? fallback;
  if (!CLAIM_NAME.test(name)) {
    throw new ConfigError(setting, `"${name}" is not a claim name`);
  }
  return name;
}
