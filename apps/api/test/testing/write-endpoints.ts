import * as f from './ledger-fixtures';
import { given } from './ledger-givens';
import type { Caller, LedgerTestApp } from './ledger-test-app';

type Body = Record<string, unknown>;

/** One command endpoint, described well enough for the generic HTTP-contract tests. */
export interface WriteEndpoint {
  command: string;
  path: string;
  /** Someone whose role and organisation may perform the command. */
  actor: Caller;
  /** Same role, from an organisation outside the agreement. */
  outsider: Caller;
  /** Facts recorded before the request. */
  given: (ledger: LedgerTestApp) => Promise<void>;
  body: () => Body;
  /** The same command with one value changed: a different request under the same key. */
  changedBody: () => Body;
  /** GET path of the stream the command writes to. */
  streamPath: string;
  location: string;
  event: string;
  /** Dotted path of a money field, when the body carries one. */
  moneyField?: string;
  /**
   * Events the example body records on other streams in the same write (names carried for the
   * organisation register), beside the receipt's own.
   */
  otherEvents?: number;
}

export const WRITE_ENDPOINTS: WriteEndpoint[] = [
  {
    command: 'CreateAgreement',
    path: f.paths.agreements,
    actor: f.commissioner,
    outsider: f.outsiderCommissioner,
    given: () => Promise.resolve(),
    // With a name for the register, so every bad-input case reaches organisationNames too.
    body: () => ({ ...f.agreementBody(), organisationNames: { RV5: f.SLAM_NAME } }),
    changedBody: () => ({ ...f.agreementBody(), savingsHorizonDays: 180 }),
    streamPath: f.paths.agreement(),
    location: f.paths.agreement(),
    event: 'AgreementCreated',
    otherEvents: 1,
  },
  {
    command: 'AllocateBudget',
    path: f.paths.allocations(),
    actor: f.commissioner,
    outsider: f.outsiderCommissioner,
    given: given.agreement,
    body: () => f.allocationBody(),
    changedBody: () => f.allocationBody({ amount: '64000000.00' }),
    streamPath: f.paths.agreement(),
    location: f.paths.agreement(),
    event: 'BudgetAllocated',
    moneyField: 'amount',
  },
  {
    command: 'AdjustBudget',
    path: f.paths.adjustments(),
    actor: f.commissioner,
    outsider: f.outsiderCommissioner,
    given: given.allocation,
    body: () => f.adjustmentBody(),
    changedBody: () => f.adjustmentBody({ amount: '-1.00' }),
    streamPath: f.paths.agreement(),
    location: f.paths.agreement(),
    event: 'BudgetAdjusted',
    moneyField: 'amount',
  },
  {
    command: 'VireBudget',
    path: f.paths.virements(),
    actor: f.leadFinance,
    outsider: f.outsiderFinance,
    given: given.allocation,
    body: () => f.virementBody(),
    changedBody: () => f.virementBody({ reason: 'Another reason' }),
    streamPath: f.paths.agreement(),
    location: f.paths.agreement(),
    event: 'BudgetVired',
    moneyField: 'amount',
  },
  {
    command: 'CommitReinvestment',
    path: f.paths.reinvestments(),
    actor: f.leadFinance,
    outsider: f.outsiderFinance,
    given: given.retainedSavings,
    body: () => f.reinvestmentBody({ amount: '5000.00' }),
    changedBody: () => f.reinvestmentBody({ amount: '5000.01' }),
    streamPath: f.paths.agreement(),
    location: f.paths.agreement(),
    event: 'ReinvestmentCommitted',
    moneyField: 'amount',
  },
  {
    command: 'ClosePeriod',
    path: f.paths.periodCloses(),
    actor: f.leadFinance,
    outsider: f.outsiderFinance,
    // A case with a placement and a repatriation, so every close scans and measures a case.
    given: given.repatriation,
    body: () => ({ period: '2025-04' }),
    changedBody: () => ({ period: '2025-05' }),
    streamPath: f.paths.agreement(),
    location: f.paths.agreement(),
    event: 'PeriodClosed',
  },
  {
    command: 'RegisterReferral',
    path: f.paths.cases,
    actor: f.leadCaseManager,
    outsider: f.outsiderCaseManager,
    given: given.agreement,
    body: () => f.referralBody(),
    changedBody: () => f.referralBody({ referralDate: '2025-05-02' }),
    streamPath: f.paths.case(),
    location: f.paths.case(),
    event: 'ReferralRegistered',
  },
  {
    command: 'StartPlacement',
    path: f.paths.placements(),
    actor: f.partnerCaseManager,
    outsider: f.outsiderCaseManager,
    given: given.referral,
    body: () => f.outOfAreaPlacementBody({ providerName: f.PROVIDER_NAME }),
    changedBody: () => f.outOfAreaPlacementBody({ dailyRate: '700.00' }),
    streamPath: f.paths.case(),
    location: f.paths.case(),
    event: 'PlacementStarted',
    moneyField: 'dailyRate',
    otherEvents: 1,
  },
  {
    command: 'ChangePlacementRate',
    path: f.paths.rateChanges(),
    actor: f.leadCaseManager,
    outsider: f.outsiderCaseManager,
    given: given.outOfAreaPlacement,
    body: () => f.rateChangeBody(),
    changedBody: () => f.rateChangeBody({ dailyRate: '713.00' }),
    streamPath: f.paths.case(),
    location: f.paths.case(),
    event: 'PlacementRateChanged',
    moneyField: 'dailyRate',
  },
  {
    command: 'RepatriatePatient',
    path: f.paths.repatriations(),
    actor: f.leadCaseManager,
    outsider: f.outsiderCaseManager,
    given: given.outOfAreaPlacement,
    body: () => f.repatriationBody(),
    changedBody: () => f.repatriationBody({ repatriationDate: '2025-09-02' }),
    streamPath: f.paths.case(),
    location: f.paths.case(),
    event: 'PatientRepatriated',
    moneyField: 'inAreaPlacement.dailyRate',
  },
  {
    command: 'EndPlacement',
    path: f.paths.endPlacement(),
    actor: f.leadCaseManager,
    outsider: f.outsiderCaseManager,
    given: given.outOfAreaPlacement,
    body: () => f.endPlacementBody(),
    changedBody: () => f.endPlacementBody({ endDate: '2025-09-16' }),
    streamPath: f.paths.case(),
    location: f.paths.case(),
    event: 'PlacementEnded',
  },
  {
    command: 'DischargePatient',
    path: f.paths.discharge(),
    actor: f.leadCaseManager,
    outsider: f.outsiderCaseManager,
    given: given.outOfAreaPlacement,
    body: () => f.dischargeBody(),
    changedBody: () => f.dischargeBody({ reason: 'Another reason' }),
    streamPath: f.paths.case(),
    location: f.paths.case(),
    event: 'PatientDischarged',
  },
  {
    // The register: NVC01 (named by its own finance team) is no party of the agreement, so
    // no refusal can reveal the agreement's codes; a trust's team names only itself.
    command: 'NameOrganisation',
    path: f.paths.organisationNames(),
    actor: f.outsiderFinance,
    outsider: f.leadFinance,
    given: () => Promise.resolve(),
    body: () => f.namingBody(),
    changedBody: () => f.namingBody({ effectiveFrom: '2025-05-01' }),
    streamPath: f.paths.organisation(),
    location: f.paths.organisation(),
    event: 'OrganisationNamed',
  },
];

/** Every string leaf of a body, by dotted path: where an NHS number could be smuggled in. */
export function stringFieldsOf(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value))
    return value.flatMap((item, i) => stringFieldsOf(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      stringFieldsOf(item, path ? `${path}.${key}` : key),
    );
  }
  return [];
}

/** A deep copy of the body with the value at a dotted path (with [i] indexes) replaced. */
export function withField(body: Body, path: string, value: unknown): Body {
  const copy = structuredClone(body);
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys[keys.length - 1]] = value;
  return copy;
}

/** A copy of the body without one top-level field, as a client that forgot it would send. */
export function without(body: Body, field: string): Body {
  return Object.fromEntries(Object.entries(body).filter(([key]) => key !== field));
}
