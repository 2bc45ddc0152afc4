import type { Clock } from '@ledger/commands';
import { SignJWT } from 'jose';
import { AuthenticationError } from '@ledger/contracts';
import { LedgerTokens } from './ledger-tokens';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const actor = { subject: 'alice', role: 'commissioner-finance', organisationCode: '13R' } as const;

/** A clock the test moves by hand. */
function movableClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => now, set: (next: string) => void (now = new Date(next)) };
}

describe('LedgerTokens', () => {
  it('accepts a token it has verified until it expires, then refuses it', async () => {
    const clock = movableClock('2025-10-15T09:00:00.000Z');
    const tokens = new LedgerTokens(SECRET, clock);
    const token = await tokens.issue(actor); // valid 8 hours: until 17:00:00
    expect(await tokens.verify(token)).toEqual(actor);
    clock.set('2025-10-15T16:59:59.999Z');
    expect(await tokens.verify(token)).toEqual(actor); // from memory: the last valid second
    clock.set('2025-10-15T17:00:00.000Z');
    await expect(tokens.verify(token)).rejects.toBeInstanceOf(AuthenticationError);
    clock.set('2025-10-15T10:00:00.000Z');
    expect(await tokens.verify(token)).toEqual(actor); // checked whole again, still valid
  });

  it('refuses a token that is not valid yet, also once it has been seen', async () => {
    const clock = movableClock('2025-10-15T09:00:00.000Z');
    const tokens = new LedgerTokens(SECRET, clock);
    const token = await new SignJWT({ role: actor.role, org: actor.organisationCode })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(actor.subject)
      .setIssuer('oap-ledger')
      .setAudience('oap-ledger-api')
      .setNotBefore(Date.parse('2025-10-15T10:00:00.000Z') / 1000)
      .setExpirationTime(Date.parse('2025-10-15T11:00:00.000Z') / 1000)
      .sign(new TextEncoder().encode(SECRET));
    await expect(tokens.verify(token)).rejects.toBeInstanceOf(AuthenticationError);
    clock.set('2025-10-15T10:30:00.000Z');
    expect(await tokens.verify(token)).toEqual(actor);
    clock.set('2025-10-15T09:59:59.000Z');
    await expect(tokens.verify(token)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('never accepts a token with one character changed, whatever it has seen', async () => {
    const tokens = new LedgerTokens(SECRET, movableClock('2025-10-15T09:00:00.000Z'));
    const token = await tokens.issue(actor);
    await tokens.verify(token);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    await expect(tokens.verify(token.slice(0, -1) + last)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('hands each caller its own copy of the actor', async () => {
    const tokens = new LedgerTokens(SECRET, movableClock('2025-10-15T09:00:00.000Z'));
    const token = await tokens.issue(actor);
    const first = await tokens.verify(token);
    first.subject = 'mallory';
    expect((await tokens.verify(token)).subject).toBe('alice');
  });
});
