import { ServiceUnavailableException } from '@nestjs/common';
import { SignJWT, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { isLedgerRole, type Clock } from '@ledger/commands';
import { isOdsCode } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { AuthenticationError } from '@ledger/contracts';
import type { OpenIdProvider } from './open-id-provider';
import { actorFromClaims, describeRefusal } from './provider-claims';

const ISSUER = 'oap-ledger';
const AUDIENCE = 'oap-ledger-api';
const ALGORITHM = 'HS256';
/** What a provider's tokens may be signed with: its published public keys, never a shared secret. */
const PROVIDER_ALGORITHMS = ['RS256', 'ES256'];
const DEV_TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;
/** How many verified tokens to remember; a caller sends the same token for hours. */
const VERIFIED_TOKENS_KEPT = 1_000;

/** A token already verified: who it names and the seconds (since 1970) it is valid between. */
interface VerifiedToken {
  actor: Actor;
  notBefore: number;
  expires: number;
}

/**
 * Bearer tokens: HS256 JWTs whose `sub`, `role` and `org` claims name the actor, and, when an
 * OpenID Connect provider is configured, the provider's own JWTs (RS256 or ES256, verified
 * against its JWKS, its issuer and the API's audience), whose configured claims name the actor.
 * A token goes to the provider's check when its `iss` is the provider's, so an HS256 token that
 * claims the provider's issuer meets only the provider's keys and algorithms, and is refused.
 * Times are checked against the injected clock, the same one the ledger records events with.
 */
export class LedgerTokens {
  private readonly key: Uint8Array;
  /**
   * Tokens whose signature and claims were checked, by their exact text. A signature check is
   * an HMAC over the token on every request; a token's text cannot change without failing it,
   * so a token seen before is only re-checked for time, against the same clock and bounds
   * jose applies (valid while nbf ≤ now < exp, in whole seconds).
   */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    secret: string,
    private readonly clock: Clock,
    private readonly provider: OpenIdProvider | null = null,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** A development token; only the dev-token endpoint calls this. */
  issue(actor: Actor): Promise<string> {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({ role: actor.role, org: actor.organisationCode })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(actor.subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + DEV_TOKEN_LIFETIME_SECONDS)
      .sign(this.key);
  }

  async verify(token: string): Promise<Actor> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (known.notBefore <= now && now < known.expires) return { ...known.actor };
      this.verified.delete(token);
    }
    return this.verifyWhole(token);
  }

  private async verifyWhole(token: string): Promise<Actor> {
    if (this.provider !== null && issuerOf(token) === this.provider.settings.issuer) {
      return this.verifyFromProvider(token, this.provider);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      // The reason (expired, bad signature…) stays in the server: it helps an attacker more.
      throw new AuthenticationError('The bearer token is invalid or has expired');
    }
    const actor = actorFrom(payload);
    this.remember(token, {
      actor: { ...actor },
      notBefore: payload.nbf ?? Number.NEGATIVE_INFINITY,
      // requiredClaims makes jose refuse a token without exp.
      expires: payload.exp ?? Number.NEGATIVE_INFINITY,
    });
    return actor;
  }

  /**
   * A token from the OpenID Connect provider. Its refusals say which check failed (expired, not
   * for this API, a key the provider does not publish), so a caller holding a real provider
   * token can tell what to fix; none of them says anything about the ledger.
   */
  private async verifyFromProvider(token: string, provider: OpenIdProvider): Promise<Actor> {
    const { keys } = await provider.discovered();
    const { issuer, apiAudience } = provider.settings;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: PROVIDER_ALGORITHMS,
        issuer,
        audience: apiAudience,
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      // The keys could not be fetched: the provider is down, not the token wrong.
      if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout) {
        throw new ServiceUnavailableException(
          "The identity provider's signing keys cannot be fetched just now. Try again.",
        );
      }
      throw new AuthenticationError(providerRefusal(error, apiAudience));
    }
    const mapped = actorFromClaims(payload, provider.settings);
    if ('refused' in mapped) throw new AuthenticationError(describeRefusal(mapped.refused));
    this.remember(token, {
      actor: { ...mapped.actor },
      notBefore: payload.nbf ?? Number.NEGATIVE_INFINITY,
      expires: payload.exp ?? Number.NEGATIVE_INFINITY,
    });
    return mapped.actor;
  }

  private remember(token: string, verified: VerifiedToken): void {
    this.verified.set(token, verified);
    if (this.verified.size > VERIFIED_TOKENS_KEPT) {
      const oldest = this.verified.keys().next();
      if (oldest.done !== true) this.verified.delete(oldest.value);
    }
  }
}

function actorFrom(payload: JWTPayload): Actor {
  const { sub, role, org } = payload;
  if (typeof sub !== 'string' || sub.trim() === '') {
    throw new AuthenticationError('The bearer token names no subject');
  }
  if (!isLedgerRole(role)) throw new AuthenticationError('The bearer token names no known role');
  if (org !== undefined && org !== null && !isOdsCode(org)) {
    throw new AuthenticationError('The bearer token names an organisation that is not an ODS code');
  }
  return { subject: sub, role, organisationCode: org ?? null };
}

/** The token's unverified `iss`, to choose which check it meets; null when it has none. */
function issuerOf(token: string): string | null {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}

/** Why jose refused a provider's token, in words a caller can act on. */
function providerRefusal(error: unknown, audience: string): string {
  if (error instanceof errors.JWTExpired) return 'The bearer token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud')
      return `The bearer token is not for this API (its audience is not ${audience})`;
    if (error.claim === 'iss') return "The bearer token's issuer is not the one this API trusts";
    if (error.claim === 'nbf') return 'The bearer token is not valid yet';
    return `The bearer token's ${error.claim} claim is missing or invalid`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return 'The bearer token is signed with a key its issuer does not publish';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return "The bearer token's signing algorithm is not accepted (RS256 or ES256)";
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return "The bearer token's signature does not verify";
  }
  return 'The bearer token is invalid';
}
