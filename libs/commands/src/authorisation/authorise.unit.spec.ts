/**
 * Proves domain.md's roles as a table: which role may ever perform which action, and for which
 * agreements (by how the actor's organisation is party to it). Pure functions, no store.
 */
import type { Actor } from '@ledger/event-store';
import { inListScope, type AgreementListRow } from '@ledger/read-model';
import {
  authorise,
  authoriseNaming,
  readScopeOf,
  roleMayPerform,
  type AgreementParties,
} from './authorise';
import { LEDGER_ACTIONS, READ_ACTIONS, type LedgerAction } from './ledger-action';
import { LEDGER_ROLES, type LedgerRole } from '../shared/ledger-role';

const SLP: AgreementParties = {
  commissionerCode: '13R',
  leadProviderCode: 'RV5',
  partnerProviderCodes: ['RPG', 'RQY'],
};

const actor = (role: string, organisationCode: string | null): Actor => ({
  subject: 'someone',
  role,
  organisationCode,
});

/** What each role may ever do, whatever the agreement: domain.md, "Identity, audit and privacy". */
const ROLE_MATRIX: Record<LedgerRole, LedgerAction[]> = {
  'commissioner-finance': [
    'CreateAgreement',
    'AllocateBudget',
    'AdjustBudget',
    'NameOrganisation',
    'ImportCommands',
    'ReadSummary',
    'ReadEventStream',
    'ReadReports',
    'ReadOrganisations',
  ],
  'lead-provider-finance': [
    'VireBudget',
    'CommitReinvestment',
    'ClosePeriod',
    'CarryForward',
    'NameOrganisation',
    'ImportCommands',
    'ReadSummary',
    'ReadEventStream',
    'ReadReports',
    'ReadOrganisations',
  ],
  'case-manager': [
    'RegisterReferral',
    'StartPlacement',
    'ChangePlacementRate',
    'RepatriatePatient',
    'EndPlacement',
    'DischargePatient',
    'ImportCommands',
    'ReadSummary',
    'ReadEventStream',
    'ReadReports',
    'ReadOrganisations',
  ],
  reviewer: ['ReadSummary', 'ReadEventStream', 'ReadGlobalLog', 'ReadReports', 'ReadOrganisations'],
  analyst: ['ReadSummary', 'ReadReports', 'ReadOrganisations'],
  admin: [...LEDGER_ACTIONS],
};

describe('roleMayPerform: every role × every action', () => {
  const cases = LEDGER_ROLES.flatMap((role) =>
    LEDGER_ACTIONS.map((action) => ({ role, action, allowed: ROLE_MATRIX[role].includes(action) })),
  );

  it.each(cases)('$role → $action: $allowed', ({ role, action, allowed }) => {
    expect(roleMayPerform(role, action)).toBe(allowed);
  });

  it('refuses every action to a role the ledger does not know', () => {
    for (const action of LEDGER_ACTIONS) expect(roleMayPerform('superuser', action)).toBe(false);
  });
});

describe('authorise: the organisation must be party to the agreement', () => {
  type Row = [role: LedgerRole, org: string | null, action: LedgerAction, expected: string];
  const rows: Row[] = [
    // Commissioners write only for their own agreements, and read them.
    ['commissioner-finance', '13R', 'AllocateBudget', 'allowed'],
    ['commissioner-finance', '13R', 'CreateAgreement', 'allowed'],
    ['commissioner-finance', '14A', 'AllocateBudget', 'AUTH.OUT_OF_SCOPE'],
    ['commissioner-finance', 'RV5', 'AdjustBudget', 'AUTH.OUT_OF_SCOPE'],
    ['commissioner-finance', '13R', 'ReadEventStream', 'allowed'],
    ['commissioner-finance', '14A', 'ReadSummary', 'AUTH.OUT_OF_SCOPE'],
    // Lead-provider finance writes only where their trust leads; partners may read.
    ['lead-provider-finance', 'RV5', 'VireBudget', 'allowed'],
    ['lead-provider-finance', 'RV5', 'CommitReinvestment', 'allowed'],
    ['lead-provider-finance', 'RV5', 'ClosePeriod', 'allowed'],
    ['lead-provider-finance', 'RPG', 'VireBudget', 'AUTH.OUT_OF_SCOPE'],
    ['lead-provider-finance', 'RPG', 'ReadSummary', 'allowed'],
    ['lead-provider-finance', 'NVC01', 'CommitReinvestment', 'AUTH.OUT_OF_SCOPE'],
    ['lead-provider-finance', 'NVC01', 'ReadEventStream', 'AUTH.OUT_OF_SCOPE'],
    ['lead-provider-finance', 'RV5', 'AllocateBudget', 'AUTH.FORBIDDEN_ROLE'],
    // Case managers work for the collaborative: the lead or a partner, never the commissioner.
    ['case-manager', 'RV5', 'StartPlacement', 'allowed'],
    ['case-manager', 'RPG', 'RepatriatePatient', 'allowed'],
    ['case-manager', 'RQY', 'DischargePatient', 'allowed'],
    ['case-manager', '13R', 'RegisterReferral', 'AUTH.OUT_OF_SCOPE'],
    ['case-manager', 'NVC01', 'StartPlacement', 'AUTH.OUT_OF_SCOPE'],
    ['case-manager', 'NVC01', 'ReadSummary', 'AUTH.OUT_OF_SCOPE'],
    ['case-manager', 'RPG', 'VireBudget', 'AUTH.FORBIDDEN_ROLE'],
    // Reviewers read every agreement and write nothing.
    ['reviewer', null, 'ReadEventStream', 'allowed'],
    ['reviewer', 'X26', 'ReadSummary', 'allowed'],
    ['reviewer', null, 'ReadGlobalLog', 'allowed'],
    ['reviewer', null, 'AllocateBudget', 'AUTH.FORBIDDEN_ROLE'],
    ['reviewer', null, 'StartPlacement', 'AUTH.FORBIDDEN_ROLE'],
    // Analysts read projections of their own agreements, never raw event streams.
    ['analyst', '13R', 'ReadSummary', 'allowed'],
    ['analyst', '13R', 'ReadEventStream', 'AUTH.FORBIDDEN_ROLE'],
    ['analyst', '13R', 'ReadGlobalLog', 'AUTH.FORBIDDEN_ROLE'],
    ['analyst', 'NVC01', 'ReadSummary', 'AUTH.OUT_OF_SCOPE'],
    // Reports: every party to the agreement, reviewers, analysts and admins; nobody else.
    ['analyst', '13R', 'ReadReports', 'allowed'],
    ['analyst', 'NVC01', 'ReadReports', 'AUTH.OUT_OF_SCOPE'],
    ['reviewer', null, 'ReadReports', 'allowed'],
    ['admin', null, 'ReadReports', 'allowed'],
    ['commissioner-finance', '13R', 'ReadReports', 'allowed'],
    ['commissioner-finance', '14A', 'ReadReports', 'AUTH.OUT_OF_SCOPE'],
    ['lead-provider-finance', 'RV5', 'ReadReports', 'allowed'],
    ['lead-provider-finance', 'NVC01', 'ReadReports', 'AUTH.OUT_OF_SCOPE'],
    ['case-manager', 'RPG', 'ReadReports', 'allowed'],
    ['case-manager', 'NVC01', 'ReadReports', 'AUTH.OUT_OF_SCOPE'],
    // Admins do everything, everywhere.
    ['admin', null, 'CreateAgreement', 'allowed'],
    ['admin', null, 'DischargePatient', 'allowed'],
    ['admin', null, 'ReadGlobalLog', 'allowed'],
    // No organisation: nothing is in scope for an organisation-bound role.
    ['case-manager', null, 'StartPlacement', 'AUTH.OUT_OF_SCOPE'],
    ['commissioner-finance', null, 'ReadSummary', 'AUTH.OUT_OF_SCOPE'],
  ];

  it.each(rows)('%s of %s → %s: %s', (role, org, action, expected) => {
    const decision = authorise(actor(role, org), action, SLP);
    expect(decision.allowed ? 'allowed' : decision.code).toBe(expected);
  });

  it('never names the agreement or its parties when refusing scope', () => {
    const decision = authorise(actor('case-manager', 'NVC01'), 'ReadSummary', SLP);
    expect(decision.allowed).toBe(false);
    const reason = decision.allowed ? '' : decision.reason;
    for (const party of ['13R', 'RV5', 'RPG', 'RQY']) expect(reason).not.toContain(party);
  });

  it('lets the role alone decide when no agreement exists to scope against', () => {
    expect(authorise(actor('case-manager', 'NVC01'), 'RegisterReferral', null).allowed).toBe(true);
    expect(authorise(actor('reviewer', null), 'RegisterReferral', null)).toMatchObject({
      allowed: false,
      code: 'AUTH.FORBIDDEN_ROLE',
    });
  });
});

describe('readScopeOf: the read rule as a filter, for lists of many agreements', () => {
  const AGREEMENTS: AgreementParties[] = [
    SLP,
    { commissionerCode: '14A', leadProviderCode: 'RPG', partnerProviderCodes: ['RV5'] },
    { commissionerCode: '13R', leadProviderCode: 'RAT', partnerProviderCodes: [] },
    { commissionerCode: 'RV5', leadProviderCode: 'RV5', partnerProviderCodes: ['RV5'] },
  ];
  const ORGANISATIONS = [null, '13R', '14A', 'RV5', 'RPG', 'RQY', 'RAT', 'NVC01'];
  const row = (parties: AgreementParties): AgreementListRow => ({
    ...parties,
    agreementId: 'a',
    financialYear: '2025/26',
    serviceLines: [],
    savingsHorizonDays: 365,
    position: 1,
  });

  it('holds exactly the agreements authorise lets each role and organisation read', () => {
    let compared = 0;
    for (const role of LEDGER_ROLES) {
      for (const organisationCode of ORGANISATIONS) {
        for (const action of READ_ACTIONS) {
          const who = actor(role, organisationCode);
          if (!roleMayPerform(role, action)) {
            expect(() => readScopeOf(who, action)).toThrow(
              expect.objectContaining({ code: 'AUTH.FORBIDDEN_ROLE' }) as Error,
            );
            continue;
          }
          const scope = readScopeOf(who, action);
          for (const agreement of AGREEMENTS) {
            const listed = inListScope(scope, row(agreement));
            expect({ role, organisationCode, action, agreement, listed }).toEqual({
              role,
              organisationCode,
              action,
              agreement,
              listed: authorise(who, action, agreement).allowed,
            });
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(400);
  });

  it('gives reviewers and admins every agreement, and an organisation-bound role without one none', () => {
    expect(readScopeOf(actor('reviewer', null), 'ReadSummary')).toBeNull();
    expect(readScopeOf(actor('admin', null), 'ReadSummary')).toBeNull();
    const orphan = readScopeOf(actor('analyst', null), 'ReadSummary');
    expect(AGREEMENTS.some((agreement) => inListScope(orphan, row(agreement)))).toBe(false);
  });
});

describe('authoriseNaming: who may record a name in the organisation register', () => {
  const cases: [
    string,
    string | null,
    string,
    boolean | 'AUTH.FORBIDDEN_ROLE' | 'AUTH.OUT_OF_SCOPE',
  ][] = [
    // A commissioner names any organisation it commissions from; an admin any organisation.
    ['commissioner-finance', '13R', 'NVC01', true],
    ['commissioner-finance', '13R', '13R', true],
    ['admin', null, 'RV5', true],
    // A provider's finance team names its own trust, and no other.
    ['lead-provider-finance', 'RV5', 'RV5', true],
    ['lead-provider-finance', 'RV5', 'RPG', 'AUTH.OUT_OF_SCOPE'],
    ['lead-provider-finance', null, 'RPG', 'AUTH.OUT_OF_SCOPE'],
    // Everyone else records names only as part of another write (a placement's providerName).
    ['case-manager', 'RV5', 'RV5', 'AUTH.FORBIDDEN_ROLE'],
    ['reviewer', null, 'RV5', 'AUTH.FORBIDDEN_ROLE'],
    ['analyst', '13R', '13R', 'AUTH.FORBIDDEN_ROLE'],
    ['superuser', 'RV5', 'RV5', 'AUTH.FORBIDDEN_ROLE'],
  ];

  it.each(cases)('%s of %s naming %s: %s', (role, organisation, odsCode, expected) => {
    const decision = authoriseNaming(actor(role, organisation), odsCode);
    if (expected === true) expect(decision).toEqual({ allowed: true });
    else expect(decision).toMatchObject({ allowed: false, code: expected });
  });
});
