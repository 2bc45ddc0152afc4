import { LEDGER_ROLES } from '@ledger/commands';
import type { ClaimsRefusal } from '../../http/auth/provider-claims';
import type { Page } from '../pages/page-renderer';
import { ROLE_DESCRIPTIONS } from '../pages/roles';

/**
 * The page for someone the provider signed in whose account gives them no way into the ledger:
 * what is missing, and what to ask their administrator for, by the claim's configured name (the
 * administrator's word for it). Nobody is signed in. 403, as the API refuses a role.
 */
export function refusalPage(refusal: ClaimsRefusal): Page {
  return {
    template: 'sign-in-refused.njk',
    title: 'You cannot use this service yet',
    status: 403,
    data: {
      heading: 'You cannot use this service yet',
      problem: problemOf(refusal),
      askFor: askFor(refusal),
      roles: LEDGER_ROLES.map((role) => ({ value: role, ...ROLE_DESCRIPTIONS[role] })),
      showRoles: refusal.reason !== 'no-organisation' && refusal.reason !== 'bad-organisation',
    },
  };
}

function problemOf(refusal: ClaimsRefusal): string {
  switch (refusal.reason) {
    case 'no-subject':
      return 'Your organisation’s account was signed in, but it did not say who you are.';
    case 'no-role':
      return 'Your organisation’s account does not give you a role in this ledger.';
    case 'unknown-role':
      return 'Your organisation’s account gives you a role this ledger does not know.';
    case 'several-roles':
      return 'Your organisation’s account gives you more than one role in this ledger; it needs exactly one.';
    case 'no-organisation':
      return `Your organisation’s account gives you the role ${ROLE_DESCRIPTIONS[refusal.role].name}, which acts for an organisation, but does not say which.`;
    case 'bad-organisation':
      return 'Your organisation’s account names your organisation in a way this ledger cannot read: it needs an ODS code.';
  }
}

function askFor(refusal: ClaimsRefusal): string {
  switch (refusal.reason) {
    case 'no-subject':
      return 'Ask your administrator to check the account sends its subject identifier (sub).';
    case 'no-organisation':
    case 'bad-organisation':
      return `Ask your administrator to put your organisation’s ODS code (for example RV5) in your account’s “${refusal.claim}” claim.`;
    case 'no-role':
    case 'unknown-role':
    case 'several-roles':
      return `Ask your administrator to give you one of these roles, in your account’s “${refusal.claim}” claim:`;
  }
}
