import type { Actor } from '@ledger/event-store';
import { inLeafSpanSync, ledgerTracer } from '@ledger/event-store/tracing';
import { AuthorisationError, type AuthorisationCode } from '../shared/command-errors';
import { isLedgerRole, type LedgerRole } from '../shared/ledger-role';
import { READ_ACTIONS, type LedgerAction, type ReadAction } from './ledger-action';

/** The organisations party to a delegation agreement: whoever is in scope for it. */
export interface AgreementParties {
  commissionerCode: string;
  leadProviderCode: string;
  partnerProviderCodes: string[];
}

/** How an organisation must relate to the agreement for a role to act on it. */
export type Party = 'commissioner' | 'lead' | 'partner';

interface RoleGrant {
  actions: ReadonlySet<LedgerAction> | 'all';
  /** Parties that make the agreement in scope for a write; null: every agreement. */
  writeScope: readonly Party[] | null;
  /** Parties that make the agreement in scope for a read; null: every agreement. */
  readScope: readonly Party[] | null;
  /**
   * Which organisations the role may name in the register (`NameOrganisation`): `any`, or
   * only its `own` (the token's organisation). Names carried on another write (an agreement's
   * creation, a placement's start) ride on that write's authority instead.
   */
  namingScope: 'any' | 'own';
}

const EVERY_PARTY: readonly Party[] = ['commissioner', 'lead', 'partner'];
const STREAM_READS: LedgerAction[] = ['ReadSummary', 'ReadEventStream', 'ReadReports'];

/** domain.md, "Identity, audit and privacy", as data: one grant per role. */
const GRANTS: Record<LedgerRole, RoleGrant> = {
  'commissioner-finance': {
    actions: new Set<LedgerAction>([
      'CreateAgreement',
      'AllocateBudget',
      'AdjustBudget',
      'NameOrganisation',
      'ImportCommands',
      'ReadOrganisations',
      ...STREAM_READS,
    ]),
    writeScope: ['commissioner'],
    readScope: EVERY_PARTY,
    // A commissioner names the organisations it commissions from, whoever they are.
    namingScope: 'any',
  },
  'lead-provider-finance': {
    actions: new Set<LedgerAction>([
      'VireBudget',
      'CommitReinvestment',
      'ClosePeriod',
      'CarryForward',
      'NameOrganisation',
      'ImportCommands',
      'ReadOrganisations',
      ...STREAM_READS,
    ]),
    writeScope: ['lead'],
    readScope: EVERY_PARTY,
    // A provider's finance team names its own trust, and no other.
    namingScope: 'own',
  },
  'case-manager': {
    actions: new Set<LedgerAction>([
      'RegisterReferral',
      'StartPlacement',
      'ChangePlacementRate',
      'RepatriatePatient',
      'EndPlacement',
      'DischargePatient',
      'ImportCommands',
      'ReadOrganisations',
      ...STREAM_READS,
    ]),
    writeScope: ['lead', 'partner'],
    readScope: EVERY_PARTY,
    namingScope: 'own',
  },
  reviewer: {
    actions: new Set<LedgerAction>([
      'ReadSummary',
      'ReadEventStream',
      'ReadGlobalLog',
      'ReadReports',
      'ReadOrganisations',
    ]),
    writeScope: null,
    readScope: null,
    namingScope: 'own',
  },
  // Analysts read projections, never the raw event streams (they get events from Kafka).
  analyst: {
    actions: new Set<LedgerAction>(['ReadSummary', 'ReadReports', 'ReadOrganisations']),
    writeScope: [],
    readScope: EVERY_PARTY,
    namingScope: 'own',
  },
  admin: { actions: 'all', writeScope: null, readScope: null, namingScope: 'any' },
};

export type AuthorisationDecision =
  { allowed: true } | { allowed: false; code: AuthorisationCode; reason: string };

const ALLOWED: AuthorisationDecision = { allowed: true };

/** Whether the role may ever perform the action, whatever the agreement. */
export function roleMayPerform(role: string, action: LedgerAction): boolean {
  if (!isLedgerRole(role)) return false;
  const { actions } = GRANTS[role];
  return actions === 'all' || actions.has(action);
}

/**
 * Whether the actor may perform the action on the agreement. `agreement` is null only when no
 * such agreement has been recorded (or the action concerns no single agreement): the role
 * alone then decides, and the domain refuses whatever names a missing agreement.
 */
export function authorise(
  actor: Actor,
  action: LedgerAction,
  agreement: AgreementParties | null,
): AuthorisationDecision {
  if (!roleMayPerform(actor.role, action)) {
    return {
      allowed: false,
      code: 'AUTH.FORBIDDEN_ROLE',
      reason: `The role ${actor.role} may not perform ${action}`,
    };
  }
  if (agreement === null) return ALLOWED;
  const grant = GRANTS[actor.role as LedgerRole];
  const scope = (READ_ACTIONS as readonly LedgerAction[]).includes(action)
    ? grant.readScope
    : grant.writeScope;
  if (
    scope === null ||
    partiesOf(actor.organisationCode, agreement).some((p) => scope.includes(p))
  ) {
    return ALLOWED;
  }
  // Say nothing about the agreement itself: the caller is not entitled to know its parties.
  return {
    allowed: false,
    code: 'AUTH.OUT_OF_SCOPE',
    reason: `Organisation ${actor.organisationCode ?? '(none)'} may not perform ${action} on this agreement`,
  };
}

/**
 * Which agreements the actor may read with `action`, for a list of many: null for every
 * agreement (no scope limit), else those to which `organisationCode` is one of `parties`; an
 * organisation-bound role with no organisation gets `organisationCode: null`, and sees none.
 * Exactly `authorise`'s read rule, as data a query can filter by: an agreement is in it if and
 * only if `authorise(actor, action, agreement)` allows. Throws AUTH.FORBIDDEN_ROLE when the
 * role may not perform the action at all.
 */
export function readScopeOf(
  actor: Actor,
  action: ReadAction,
): { organisationCode: string | null; parties: readonly Party[] } | null {
  assertAuthorised(actor, action, null);
  const scope = GRANTS[actor.role as LedgerRole].readScope;
  if (scope === null) return null;
  return { organisationCode: actor.organisationCode, parties: scope };
}

/**
 * Whether the actor may record a name for the organisation with this ODS code in the register:
 * the role must name organisations at all (`NameOrganisation`: commissioner-finance,
 * lead-provider-finance, admin), then commissioner-finance and admin may name any organisation,
 * lead-provider-finance only its own (the token's `org`).
 */
export function authoriseNaming(actor: Actor, odsCode: string): AuthorisationDecision {
  if (!roleMayPerform(actor.role, 'NameOrganisation')) {
    return {
      allowed: false,
      code: 'AUTH.FORBIDDEN_ROLE',
      reason: `The role ${actor.role} may not perform NameOrganisation`,
    };
  }
  const grant = GRANTS[actor.role as LedgerRole];
  if (grant.namingScope === 'any' || actor.organisationCode === odsCode) return ALLOWED;
  return {
    allowed: false,
    code: 'AUTH.OUT_OF_SCOPE',
    reason: "An organisation's finance team may name only its own organisation",
  };
}

/** Throws AuthorisationError unless `authoriseNaming` allows. */
export function assertMayName(actor: Actor, odsCode: string): void {
  const decision = authoriseNaming(actor, odsCode);
  if (!decision.allowed) throw new AuthorisationError(decision.code, decision.reason);
}

const tracer = ledgerTracer('@ledger/commands');

/**
 * Throws AuthorisationError unless `authorise` allows, in a `ledger.authorise` span naming the
 * action, the actor's role and organisation, and the answer (the subject is left out).
 */
export function assertAuthorised(
  actor: Actor,
  action: LedgerAction,
  agreement: AgreementParties | null,
): void {
  inLeafSpanSync(tracer, 'ledger.authorise', {}, (span) => {
    const decision = authorise(actor, action, agreement);
    if (span.isRecording()) {
      span.setAttributes({
        'ledger.authorisation.action': action,
        'ledger.actor.role': actor.role,
        'ledger.actor.organisation': actor.organisationCode ?? '',
        'ledger.authorisation.scoped': agreement !== null,
        'ledger.authorisation.allowed': decision.allowed,
      });
    }
    if (!decision.allowed) throw new AuthorisationError(decision.code, decision.reason);
  });
}

function partiesOf(organisationCode: string | null, agreement: AgreementParties): Party[] {
  if (organisationCode === null) return [];
  const parties: Party[] = [];
  if (agreement.commissionerCode === organisationCode) parties.push('commissioner');
  if (agreement.leadProviderCode === organisationCode) parties.push('lead');
  if (agreement.partnerProviderCodes.includes(organisationCode)) parties.push('partner');
  return parties;
}
