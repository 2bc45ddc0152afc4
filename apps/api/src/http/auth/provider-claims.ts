import { isLedgerRole, type LedgerRole } from '@ledger/commands';
import { isOdsCode } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';

/** Where the role and organisation are in a provider's claims (LEDGER_OIDC_*_CLAIM). */
export interface ClaimNames {
  roleClaim: string;
  organisationClaim: string;
}

/** Why a provider's claims name no actor the ledger can take, for the person to act on. */
export type ClaimsRefusal =
  | { reason: 'no-subject' }
  | { reason: 'no-role'; claim: string }
  | { reason: 'unknown-role'; claim: string }
  | { reason: 'several-roles'; claim: string; roles: LedgerRole[] }
  | { reason: 'no-organisation'; claim: string; role: LedgerRole }
  | { reason: 'bad-organisation'; claim: string };

/** Roles that act for no organisation: they see every agreement, so they need none. */
const ROLES_WITHOUT_ORGANISATION: ReadonlySet<LedgerRole> = new Set(['reviewer', 'admin']);

/**
 * The actor a provider's claims name: `sub` is the subject; the role claim holds one of the
 * ledger's six roles (a string, or a list, as Entra ID's `roles` is, of which exactly one is a
 * ledger role); the organisation claim holds an ODS code, required of every role but reviewer
 * and admin. Anything else is refused, never guessed: a person without a ledger role gets none.
 */
export function actorFromClaims(
  claims: Record<string, unknown>,
  names: ClaimNames,
): { actor: Actor } | { refused: ClaimsRefusal } {
  const { sub } = claims;
  if (typeof sub !== 'string' || sub.trim() === '') return { refused: { reason: 'no-subject' } };
  const roleClaim = names.roleClaim;
  const raw = claims[roleClaim];
  const offered = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  if (offered.length === 0) return { refused: { reason: 'no-role', claim: roleClaim } };
  const roles = [...new Set(offered.filter(isLedgerRole))];
  if (roles.length === 0) return { refused: { reason: 'unknown-role', claim: roleClaim } };
  if (roles.length > 1) return { refused: { reason: 'several-roles', claim: roleClaim, roles } };
  const role = roles[0];
  const organisationClaim = names.organisationClaim;
  const organisation = claims[organisationClaim];
  if (organisation === undefined || organisation === null || organisation === '') {
    if (!ROLES_WITHOUT_ORGANISATION.has(role)) {
      return { refused: { reason: 'no-organisation', claim: organisationClaim, role } };
    }
    return { actor: { subject: sub, role, organisationCode: null } };
  }
  if (!isOdsCode(organisation)) {
    return { refused: { reason: 'bad-organisation', claim: organisationClaim } };
  }
  return { actor: { subject: sub, role, organisationCode: organisation } };
}

/** The refusal in one sentence, as a 401's detail says it. */
export function describeRefusal(refusal: ClaimsRefusal): string {
  switch (refusal.reason) {
    case 'no-subject':
      return 'The token names no subject (sub)';
    case 'no-role':
      return `The token has no ${refusal.claim} claim naming a ledger role`;
    case 'unknown-role':
      return `The token's ${refusal.claim} claim names no ledger role`;
    case 'several-roles':
      return `The token's ${refusal.claim} claim names more than one ledger role (${refusal.roles.join(', ')})`;
    case 'no-organisation':
      return `The token has no ${refusal.claim} claim, and the role ${refusal.role} acts for an organisation`;
    case 'bad-organisation':
      return `The token's ${refusal.claim} claim is not an ODS code`;
  }
}
