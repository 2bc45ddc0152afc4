import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { isLedgerRole, type Clock } from '@ledger/commands';
import { isOdsCode } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { AuthenticationError } from '../problem/request-errors';

const ISSUER = 'oap-ledger';
const AUDIENCE = 'oap-ledger-api';
const ALGORITHM = 'HS256';
const DEV_TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;

/**
 * Bearer tokens: HS256 JWTs whose `sub`, `role` and `org` claims name the actor. Times are
 * checked against the injected clock, the same one the ledger records events with.
 */
export class LedgerTokens {
  private readonly key: Uint8Array;

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
    return actorFrom(payload);
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
