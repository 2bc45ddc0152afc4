/**
 * Published figures the synthetic histories are drawn from (shared/docs/reference-figures.md).
 * They make the data look like the real thing; they are not test oracles. Rates are in pounds
 * per bed day, as whole-pence ranges.
 */

export type ServiceLine = 'adult-medium-secure' | 'adult-low-secure' | 'camhs-tier4';

export interface ServiceLineProfile {
  bedType: string;
  /** Out-of-area daily rate range, £. */
  outOfAreaRate: readonly [number, number];
  /** In-area daily rate range, £. */
  inAreaRate: readonly [number, number];
  /** Nights spent out of area before repatriation or an end, as weighted day ranges. */
  outOfAreaNights: readonly (readonly [readonly [number, number], number])[];
}

/**
 * - Medium secure: about £165k a year (≈ £450/day) in area; secure care in general about
 *   £550/day and a private inpatient bed about £620/day, so out-of-area beds cost £520–£720.
 * - Low secure: priced below medium secure; out of area £450–£620 (the all-OAP average of £505
 *   to the private-bed figure), in area £380–£430.
 * - CAMHS tier 4: out-of-area PICU averages £625/day and a private bed about £620/day, so
 *   £580–£760; in area £500–£560.
 * Lengths of stay: the national OAP figures (1–7 nights 157, 8–14 116, 15–30 161, 31+ 75) are
 * for acute beds, used as-is for CAMHS; secure stays are months long.
 */
export const SERVICE_LINES: Record<ServiceLine, ServiceLineProfile> = {
  'adult-medium-secure': {
    bedType: 'medium-secure',
    outOfAreaRate: [520, 720],
    inAreaRate: [430, 470],
    outOfAreaNights: [
      [[30, 90], 30],
      [[91, 180], 40],
      [[181, 365], 30],
    ],
  },
  'adult-low-secure': {
    bedType: 'low-secure',
    outOfAreaRate: [450, 620],
    inAreaRate: [380, 430],
    outOfAreaNights: [
      [[21, 90], 35],
      [[91, 180], 40],
      [[181, 300], 25],
    ],
  },
  'camhs-tier4': {
    bedType: 'camhs-general-adolescent',
    outOfAreaRate: [580, 760],
    inAreaRate: [500, 560],
    outOfAreaNights: [
      [[1, 7], 157],
      [[8, 14], 116],
      [[15, 30], 161],
      [[31, 120], 75],
    ],
  },
};

/** Distance from home of out-of-area placements active in December 2016 (km band, count). */
export const OUT_OF_AREA_DISTANCE_KM: readonly (readonly [readonly [number, number], number])[] = [
  [[5, 24], 216],
  [[25, 49], 245],
  [[50, 99], 250],
  [[100, 199], 166],
  [[200, 299], 61],
  [[300, 450], 23],
];

/** OAP reason codes (NHS Data Dictionary): 96% are "no local bed available" (10). */
export const OAP_REASON_CODES: readonly (readonly [string, number])[] = [
  ['10', 96],
  ['11', 1],
  ['12', 1],
  ['13', 0.5],
  ['14', 0.5],
  ['15', 0.5],
  ['99', 0.5],
];

/** The South London Partnership: the reference collaborative. */
export const SOUTH_LONDON_PARTNERSHIP = {
  slug: 'slp',
  commissionerCode: '13R',
  leadProviderCode: 'RV5',
  partnerProviderCodes: ['RPG', 'RQY'],
  /** The adult secure pilot's estimated budget. */
  adultSecureBudgetPounds: 65_000_000,
};

/** CAMHS tier 4 budgets are smaller than adult secure ones; SLP managed ~£180m a year by 2023/24. */
export const CAMHS_BUDGET_POUNDS: readonly [number, number] = [18_000_000, 35_000_000];

export const DISCHARGE_REASONS = [
  'Discharged to community forensic team',
  'Discharged home with community support',
  'Transferred to supported accommodation',
  'Discharged to step-down housing',
];

export const END_PLACEMENT_REASONS = [
  'Transferred to step-down',
  'Moved to a nearer independent-sector bed',
  'Clinical review: lower security needed',
];

export const ADJUSTMENT_REASONS = [
  'Prior-year activity reconciliation',
  'Tariff uplift correction',
  'Out-of-area activity above plan',
  'Return of unused step-down funding',
];
