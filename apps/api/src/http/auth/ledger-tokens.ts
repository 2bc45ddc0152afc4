import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { isLedgerRole, type Clock } from '@ledger/commands';
import { isOdsCode } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { AuthenticationError } from '@ledger/contracts';

const ISSUER = 'oap-ledger';
const AUDIENCE = 'oap-ledger-api';
const ALGORITHM = 'HS256';
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
 * Bearer tokens: HS256 JWTs whose `sub`, `role` and `org` claims name the actor. Times are
 * checked against the injected clock, the same one the ledger records events with.
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
