import { isLedgerRole, LEDGER_ROLES } from '@ledger/commands';
import { isOdsCode, type FieldError } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import type { AgreementListItem } from '@ledger/read-model';
import { ROLE_DESCRIPTIONS } from '../pages/roles';

/** The development sign-in form's fields, as the browser sends them (all text). */
export interface DevSignInFields {
  subject?: string;
  role?: string;
  organisationCode?: string;
  returnTo?: string;
}

/** The same rule as POST /v1/dev/tokens's `subject`. */
const SUBJECT = /^[A-Za-z0-9._@-]{1,128}$/;

/**
 * The actor the form names, or what is wrong with it, field by field, in the words of the
 * NHS.UK error summary. An organisation is optional, as for a development token: reviewers and
 * administrators have none.
 */
export function readDevSignIn(
  fields: DevSignInFields,
): { actor: Actor; errors: [] } | { actor: null; errors: FieldError[] } {
  const subject = (fields.subject ?? '').trim();
  const role = fields.role ?? '';
  const organisation = (fields.organisationCode ?? '').trim();
  const errors: FieldError[] = [];
  if (!SUBJECT.test(subject)) {
    errors.push({
      field: 'subject',
      message:
        'Enter a user name of up to 128 letters, digits, full stops, underscores, @ or hyphens',
    });
  }
  if (!isLedgerRole(role)) errors.push({ field: 'role', message: 'Select a role' });
  if (organisation !== '' && !isOdsCode(organisation)) {
    errors.push({ field: 'organisationCode', message: 'Select an organisation from the list' });
  }
  if (errors.length > 0 || !isLedgerRole(role)) return { actor: null, errors };
  return {
    actor: { subject, role, organisationCode: organisation === '' ? null : organisation },
    errors: [],
  };
}

/** The role radios: each role with what it may do as its hint. */
export function roleItems(checked: string | undefined) {
  return LEDGER_ROLES.map((role) => ({
    value: role,
    text: ROLE_DESCRIPTIONS[role].name,
    hint: { text: ROLE_DESCRIPTIONS[role].does },
    checked: role === checked,
  }));
}

const PARTY_NAMES = { commissioner: 'commissioner', lead: 'lead provider', partner: 'partner' };

/**
 * The organisation select: no organisation, then every organisation party to an agreement the
 * ledger holds, by ODS code, saying how it is party ("RV5 – lead provider").
 */
export function organisationItems(agreements: AgreementListItem[], selected: string | undefined) {
  const parties = new Map<string, Set<keyof typeof PARTY_NAMES>>();
  const add = (code: string, party: keyof typeof PARTY_NAMES) =>
    parties.set(code, (parties.get(code) ?? new Set()).add(party));
  for (const agreement of agreements) {
    add(agreement.commissionerCode, 'commissioner');
    add(agreement.leadProviderCode, 'lead');
    for (const partner of agreement.partnerProviderCodes) add(partner, 'partner');
  }
  const codes = [...parties.keys()].sort();
  return [
    {
      value: '',
      text: 'No organisation (reviewers and administrators)',
      selected: (selected ?? '') === '',
    },
    ...codes.map((code) => ({
      value: code,
      text: `${code} – ${[...parties.get(code)!].map((p) => PARTY_NAMES[p]).join(', ')}`,
      selected: code === selected,
    })),
  ];
}
