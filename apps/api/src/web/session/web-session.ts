import { hkdfSync } from 'node:crypto';
import { isLedgerRole } from '@ledger/commands';
import { isOdsCode } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import type { FastifyRequest } from 'fastify';

/**
 * The web app's session: who is signed in, kept in an encrypted, authenticated cookie
 * (@fastify/secure-session, libsodium's secretbox), so the server holds no session store and a
 * restart signs nobody out. The cookie carries the same Actor a bearer token names (subject,
 * role, organisation) and the CSRF secret of the forms. Any sign-in sets it the same way:
 * the development sign-in page, and the OpenID Connect callback (sign-in/oidc-sign-in.controller.ts).
 */

/** Eight hours, a working day, as long as a development token lives. */
export const SESSION_SECONDS = 8 * 60 * 60;
export const SESSION_COOKIE = 'ledger_session';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** Who is signed in, as stored; read back through `signedInActor`, which checks it. */
    actor: { subject: string; role: string; organisationCode: string | null };
    /** An OpenID Connect sign-in under way: what its callback must match, used once. */
    oidcSignIn: { state: string; nonce: string; codeVerifier: string; returnTo: string | null };
    /** The provider's ID token of this sign-in: the hint sent when signing out there too. */
    idToken: string;
  }
}

/**
 * The 32-byte key the session cookie is sealed with, derived from the token secret with
 * HKDF-SHA256 under a label of its own: one secret to configure, two keys that cannot be
 * swapped for each other (a sealed cookie is not a token, nor the reverse).
 */
export function sessionKeyFrom(tokenSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', tokenSecret, 'oap-ledger', 'web session cookie v1', 32));
}

/**
 * The cookie's attributes: never readable by scripts, sent on top-level navigation from other
 * sites (a link in an email) but not on their forms or frames, `Secure` whenever the request
 * came over TLS (`auto`: @fastify/cookie decides per request), and gone after the session's
 * lifetime. The sealed content expires after the same time whatever the browser keeps.
 */
export const SESSION_COOKIE_OPTIONS = {
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  secure: 'auto',
  maxAge: SESSION_SECONDS,
} as const;

/** The signed-in actor, or null; anything in the cookie that is not a whole actor is ignored. */
export function signedInActor(request: FastifyRequest): Actor | null {
  const stored: unknown = request.session.get('actor');
  if (stored === null || typeof stored !== 'object') return null;
  const { subject, role, organisationCode } = stored as Record<string, unknown>;
  if (typeof subject !== 'string' || subject === '' || !isLedgerRole(role)) return null;
  if (organisationCode !== null && !isOdsCode(organisationCode)) return null;
  return { subject, role, organisationCode };
}

/**
 * Signs the actor in: the session starts afresh (a new CSRF secret comes with the next form),
 * so nothing set before signing in, by anyone, carries over into the signed-in session.
 */
export function signIn(request: FastifyRequest, actor: Actor, idToken?: string): void {
  request.session.regenerate();
  request.session.set('actor', {
    subject: actor.subject,
    role: actor.role,
    organisationCode: actor.organisationCode,
  });
  if (idToken !== undefined) request.session.set('idToken', idToken);
}

/** Ends the session: the cookie is cleared. */
export function signOut(request: FastifyRequest): void {
  request.session.delete();
}
