import { ServiceUnavailableException } from '@nestjs/common';
import type { OidcSettings } from '@ledger/config';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { Issuer, type BaseClient } from 'openid-client';

/** What discovery found: the provider's metadata, the web app's client, and its signing keys. */
export interface DiscoveredProvider {
  issuer: Issuer<BaseClient>;
  client: BaseClient;
  /** The provider's published keys (its `jwks_uri`), fetched and refreshed by jose. */
  keys: JWTVerifyGetKey;
}

/**
 * The OpenID Connect provider the ledger trusts (LEDGER_OIDC_*): the web app signs people in
 * with it (authorization code with PKCE, openid-client) and the API accepts its tokens (verified
 * against its JWKS, jose). Its metadata is discovered on first use, not at boot, so the API
 * starts while the provider is down; a failed discovery is forgotten and tried again next time,
 * and answers 503 meanwhile.
 */
export class OpenIdProvider {
  private discovery: Promise<DiscoveredProvider> | null = null;

  constructor(readonly settings: OidcSettings) {}

  /** The issuer's origin (`https://login.example`), where sign-out may send the browser. */
  get origin(): string {
    return new URL(this.settings.issuer).origin;
  }

  discovered(): Promise<DiscoveredProvider> {
    this.discovery ??= this.discover().catch((error: unknown) => {
      this.discovery = null;
      throw new ServiceUnavailableException(
        `The identity provider cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return this.discovery;
  }

  private async discover(): Promise<DiscoveredProvider> {
    const { settings } = this;
    const issuer = await Issuer.discover(settings.issuer);
    // A provider that answers for another issuer than the one configured is not the one trusted.
    if (issuer.metadata.issuer !== settings.issuer) {
      throw new Error(
        `its discovery document names the issuer ${issuer.metadata.issuer}, not ${settings.issuer}`,
      );
    }
    const jwksUri = issuer.metadata.jwks_uri;
    if (jwksUri === undefined) throw new Error('its discovery document names no jwks_uri');
    const client = new issuer.Client({
      client_id: settings.clientId,
      ...(settings.clientSecret === null
        ? { token_endpoint_auth_method: 'none' }
        : {
            client_secret: settings.clientSecret,
            token_endpoint_auth_method: 'client_secret_basic',
          }),
      redirect_uris: [settings.redirectUrl],
      response_types: ['code'],
    });
    return { issuer, client, keys: createRemoteJWKSet(new URL(jwksUri)) };
  }
}
