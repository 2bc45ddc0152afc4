/**
 * The month-end management accounts as a pure function over hand-built postings: every figure
 * is worked out by hand below, by the period each posting was POSTED in (domain.md, "Budget
 * reports a finance team expects"). The postings are the ones the ledger makes (domain.md,
 * "The ledger"), written out directly so that each one is visible.
 *
 * Agreement `agr-2025-26` (2025/26, lines medium and low), successor of `agr-2024-25`:
 *
 * | posted in | belongs to | posting | amount |
 * |---|---|---|---|
 * | 2025-04 | 2025-04 | commissioner → budget:medium (allocation) | 1,000.00 |
 * | 2025-04 | 2025-04 | brought-forward → savings:retained (from agr-2024-25) | 500.00 |
 * | 2025-04 | 2025-04 | budget:medium → spend:medium:out-of-area:NVC01 | 300.00 |
 * | 2025-05 | 2025-05 | commissioner → budget:medium | 1,000.00 |
 * | 2025-05 | 2025-05 | budget:medium → spend:medium:out-of-area:NVC01 | 310.00 |
 * | 2025-05 | 2025-05 | budget:medium → savings:retained (saving) | 40.00 |
 * | 2025-05 | 2025-05 | savings:retained → reinvestment:community-forensic | 100.00 |
 * | 2025-06 | 2025-06 | commissioner → budget:medium | 1,000.00 |
 * | 2025-06 | 2025-06 | budget:medium → budget:low (virement) | 200.00 |
 * | 2025-06 | 2025-06 | budget:low → commissioner (negative adjustment) | 50.00 |
 * | 2025-06 | 2025-06 | budget:medium → spend:medium:in-area:RPG | 120.00 |
 * | 2025-06 | 2025-06 | budget:medium → spend:medium:out-of-area:NVC01 | 100.00 |
 * | 2025-06 | 2025-06 | budget:low → spend:low:out-of-area:NQ1 | 80.00 |
 * | 2025-06 | 2025-06 | budget:medium → savings:retained | 60.00 |
 * | 2025-06 | 2025-05 | spend:medium:out-of-area:NVC01 → budget:medium (prior-period, −cost) | 31.00 |
 * | 2025-06 | 2025-05 | savings:retained → budget:medium (prior-period, −saving) | 5.00 |
 * | 2025-06 | agr-2024-25's 2025-03 | spend:medium:in-area:RPG → budget:medium (prior-year, −cost) | 45.00 |
 * | 2025-06 | agr-2024-25's 2025-03 | savings:retained → budget:medium (prior-year, −saving) | 25.00 |
 * | 2025-06 | 2025-06 | savings:retained → reinvestment:step-down | 30.00 |
 * | 2025-07 | 2025-07 | budget:medium → spend:medium:out-of-area:NVC01 (July's close: not in June's accounts) | 999.00 |
 *
 * Closed: April, May and June. July's close is counted only from July's accounts on.
 */
import type { PeriodId } from '@ledger/domain';
import { penceOf } from '../ledger/pence';
import {
  managementAccounts,
  type ManagementAccounts,
  type MonthEndSources,
} from './management-accounts';
import type { MonthEndPosting } from './month-end-movements';
import { managementAccountsProblems } from './testing/accounts-add-up';

const AGREEMENT = 'agr-2025-26';
const PREDECESSOR = 'agr-2024-25';
const MEDIUM = 'adult-medium-secure';
const LOW = 'adult-low-secure';

const budget = (line: string) => `budget:${line}`;
const spend = (line: string, setting: string, provider: string) =>
  `spend:${line}:${setting}:${provider}`;

function posting(
  postedIn: PeriodId,
  from: string,
  to: string,
  amount: string,
  extra: { period?: PeriodId; reference?: string; belongsToAgreementId?: string } = {},
): MonthEndPosting {
  return {
    period: extra.period ?? postedIn,
    postedIn,
    debitAccount: from,
    creditAccount: to,
    amountPence: penceOf(amount),
    reference: extra.reference ?? 'ref',
    belongsToAgreementId: extra.belongsToAgreementId ?? null,
  };
}

const POSTINGS: MonthEndPosting[] = [
  posting('2025-04', 'commissioner', budget(MEDIUM), '1000.00'),
  posting('2025-04', 'brought-forward', 'savings:retained', '500.00', { reference: PREDECESSOR }),
  posting('2025-04', budget(MEDIUM), spend(MEDIUM, 'out-of-area', 'NVC01'), '300.00'),
  posting('2025-05', 'commissioner', budget(MEDIUM), '1000.00'),
  posting('2025-05', budget(MEDIUM), spend(MEDIUM, 'out-of-area', 'NVC01'), '310.00'),
  posting('2025-05', budget(MEDIUM), 'savings:retained', '40.00'),
  posting('2025-05', 'savings:retained', 'reinvestment:community-forensic', '100.00'),
  posting('2025-06', 'commissioner', budget(MEDIUM), '1000.00'),
  posting('2025-06', budget(MEDIUM), budget(LOW), '200.00'),
  posting('2025-06', budget(LOW), 'commissioner', '50.00'),
  posting('2025-06', budget(MEDIUM), spend(MEDIUM, 'in-area', 'RPG'), '120.00'),
  posting('2025-06', budget(MEDIUM), spend(MEDIUM, 'out-of-area', 'NVC01'), '100.00'),
  posting('2025-06', budget(LOW), spend(LOW, 'out-of-area', 'NQ1'), '80.00'),
  posting('2025-06', budget(MEDIUM), 'savings:retained', '60.00'),
  posting('2025-06', spend(MEDIUM, 'out-of-area', 'NVC01'), budget(MEDIUM), '31.00', {
    period: '2025-05',
  }),
  posting('2025-06', 'savings:retained', budget(MEDIUM), '5.00', { period: '2025-05' }),
  posting('2025-06', spend(MEDIUM, 'in-area', 'RPG'), budget(MEDIUM), '45.00', {
    period: '2025-03',
    belongsToAgreementId: PREDECESSOR,
  }),
  posting('2025-06', 'savings:retained', budget(MEDIUM), '25.00', {
    period: '2025-03',
    belongsToAgreementId: PREDECESSOR,
  }),
  posting('2025-06', 'savings:retained', 'reinvestment:step-down', '30.00'),
  posting('2025-07', budget(MEDIUM), spend(MEDIUM, 'out-of-area', 'NVC01'), '999.00'),
];

const sources = (overrides: Partial<MonthEndSources> = {}): MonthEndSources => ({
  agreementId: AGREEMENT,
  financialYear: '2025/26',
  serviceLines: [MEDIUM, LOW],
  closedPeriods: ['2025-04', '2025-05', '2025-06'],
  postings: POSTINGS,
  knownAt: 42,
  ...overrides,
});

function accountsFor(period?: PeriodId, overrides: Partial<MonthEndSources> = {}) {
  const answer = managementAccounts(sources(overrides), period === undefined ? {} : { period });
  if (answer.kind !== 'accounts') throw new Error(`No accounts: ${JSON.stringify(answer)}`);
  return answer.accounts;
}

const line = (accounts: ManagementAccounts, serviceLine: string) =>
  accounts.lines.find((l) => l.serviceLine === serviceLine)!;

describe('month-end management accounts, by the period posted in', () => {
  it("gives June's own cost by setting and provider, and lists the prior-period and prior-year adjustments apart", () => {
    const june = accountsFor('2025-06');
    expect(june).toMatchObject({
      agreementId: AGREEMENT,
      financialYear: '2025/26',
      period: '2025-06',
      yearToDateFrom: '2025-04',
      knownAt: 42,
    });
    // Medium: budget 1,000.00 allocated − 200.00 vired to low = 800.00.
    // Own cost: in area RPG 120.00, out of area NVC01 100.00 = 220.00.
    // Adjustments: agr-2024-25's 2025-03 −45.00 in area (RPG), −25.00 savings; this
    // agreement's 2025-05 −31.00 out of area (NVC01), −5.00 savings: −76.00 of cost.
    // Cost posted in June: 220.00 − 76.00 = 144.00 (in area 120.00 − 45.00 = 75.00, out of
    // area 100.00 − 31.00 = 69.00). Savings: 60.00 own − 30.00 adjustments = 30.00.
    // Variance: 800.00 − 144.00 = 656.00.
    expect(line(june, MEDIUM).month).toEqual({
      budget: '800.00',
      cost: {
        own: {
          total: '220.00',
          inArea: '120.00',
          outOfArea: '100.00',
          byProvider: [
            { setting: 'in-area', providerCode: 'RPG', amount: '120.00' },
            { setting: 'out-of-area', providerCode: 'NVC01', amount: '100.00' },
          ],
        },
        adjustments: {
          total: '-76.00',
          inArea: '-45.00',
          outOfArea: '-31.00',
          byProvider: [
            { setting: 'in-area', providerCode: 'RPG', amount: '-45.00' },
            { setting: 'out-of-area', providerCode: 'NVC01', amount: '-31.00' },
          ],
        },
        total: {
          total: '144.00',
          inArea: '75.00',
          outOfArea: '69.00',
          byProvider: [
            { setting: 'in-area', providerCode: 'RPG', amount: '75.00' },
            { setting: 'out-of-area', providerCode: 'NVC01', amount: '69.00' },
          ],
        },
      },
      savings: { own: '60.00', adjustments: '-30.00', total: '30.00' },
      variance: '656.00',
    });
    // Listed apart, the earlier period first: the prior year's March, then this year's May.
    expect(line(june, MEDIUM).adjustments).toEqual([
      {
        kind: 'prior-year',
        belongsToAgreementId: PREDECESSOR,
        period: '2025-03',
        cost: {
          total: '-45.00',
          inArea: '-45.00',
          outOfArea: '0.00',
          byProvider: [{ setting: 'in-area', providerCode: 'RPG', amount: '-45.00' }],
        },
        savings: '-25.00',
      },
      {
        kind: 'prior-period',
        belongsToAgreementId: AGREEMENT,
        period: '2025-05',
        cost: {
          total: '-31.00',
          inArea: '0.00',
          outOfArea: '-31.00',
          byProvider: [{ setting: 'out-of-area', providerCode: 'NVC01', amount: '-31.00' }],
        },
        savings: '-5.00',
      },
    ]);
    // Low: 200.00 vired in − 50.00 taken back = 150.00; 80.00 out of area at NQ1; 70.00.
    expect(line(june, LOW).month).toMatchObject({
      budget: '150.00',
      cost: { own: { total: '80.00', outOfArea: '80.00' }, total: { total: '80.00' } },
      savings: { own: '0.00', adjustments: '0.00', total: '0.00' },
      variance: '70.00',
    });
    expect(line(june, LOW).adjustments).toEqual([]);
  });

  it('counts the year to date by the period posted in, from April through June', () => {
    const june = accountsFor('2025-06');
    // Medium: budget 3 × 1,000.00 − 200.00 = 2,800.00. Cost: April 300.00 + May 310.00 +
    // June 144.00 = 754.00, of which in area 75.00 and out of area 300.00 + 310.00 + 69.00 =
    // 679.00 (May's −31.00 counts in June, where it was posted; July's 999.00 not at all).
    // Savings: May 40.00 + June 30.00 = 70.00. Variance 2,800.00 − 754.00 = 2,046.00.
    expect(line(june, MEDIUM).yearToDate).toEqual({
      budget: '2800.00',
      cost: {
        total: '754.00',
        inArea: '75.00',
        outOfArea: '679.00',
        byProvider: [
          { setting: 'in-area', providerCode: 'RPG', amount: '75.00' },
          { setting: 'out-of-area', providerCode: 'NVC01', amount: '679.00' },
        ],
      },
      savings: '70.00',
      variance: '2046.00',
    });
    expect(line(june, LOW).yearToDate).toMatchObject({
      budget: '150.00',
      cost: { total: '80.00' },
      savings: '0.00',
      variance: '70.00',
    });
  });

  it('adds each line up to the totals shown', () => {
    const june = accountsFor('2025-06');
    // Month: budget 800.00 + 150.00 = 950.00; own cost 220.00 + 80.00 = 300.00; adjustments
    // −76.00; cost 224.00; savings 30.00; variance 950.00 − 224.00 = 726.00.
    // Year to date: budget 2,800.00 + 150.00 = 2,950.00; cost 754.00 + 80.00 = 834.00;
    // savings 70.00; variance 2,116.00.
    expect(june.totals.month).toMatchObject({
      budget: '950.00',
      cost: {
        own: { total: '300.00', inArea: '120.00', outOfArea: '180.00' },
        adjustments: { total: '-76.00' },
        total: { total: '224.00' },
      },
      savings: { own: '60.00', adjustments: '-30.00', total: '30.00' },
      variance: '726.00',
    });
    expect(june.totals.yearToDate).toMatchObject({
      budget: '2950.00',
      cost: { total: '834.00' },
      savings: '70.00',
      variance: '2116.00',
    });
    expect(june.totals.adjustments).toEqual(line(june, MEDIUM).adjustments);
    for (const period of ['2025-04', '2025-05', '2025-06']) {
      expect({ period, problems: managementAccountsProblems(accountsFor(period)) }).toEqual({
        period,
        problems: [],
      });
    }
  });

  it('is checked by a test that does catch a figure that does not add up', () => {
    const june = accountsFor('2025-06');
    const broken = structuredClone(june);
    broken.lines[1].month.budget = '150.01';
    broken.retainedSavings.closing = '440.01';
    expect(managementAccountsProblems(broken)).toEqual([
      'totals.month.budget: shows 950.00, adds up to 950.01',
      `${LOW} month variance: shows 70.00, adds up to 70.01`,
      'retainedSavings.closing: shows 440.01, adds up to 440.00',
    ]);
  });

  it('gives the reinvestments committed in the month and to date, and where the retained savings went', () => {
    const june = accountsFor('2025-06');
    // Community forensic: 100.00 in May, none in June. Step-down: 30.00 in June.
    expect(june.reinvestment).toEqual({
      byScheme: [
        { schemeId: 'community-forensic', month: '0.00', yearToDate: '100.00' },
        { schemeId: 'step-down', month: '30.00', yearToDate: '30.00' },
      ],
      month: '30.00',
      yearToDate: '130.00',
    });
    // Opening (posted before June): 500.00 brought forward + 40.00 May savings − 100.00
    // reinvested = 440.00. June: + 30.00 recognised − 30.00 reinvested = 440.00.
    expect(june.retainedSavings).toEqual({
      opening: '440.00',
      recognised: '30.00',
      broughtForward: '0.00',
      reinvested: '30.00',
      carriedForward: '0.00',
      closing: '440.00',
    });
    expect(june.carryForwards).toEqual([]);
  });

  it("shows April's brought-forward, from the predecessor to this agreement", () => {
    const april = accountsFor('2025-04');
    expect(april.carryForwards).toEqual([
      {
        kind: 'brought-forward',
        fromAgreementId: PREDECESSOR,
        toAgreementId: AGREEMENT,
        amount: '500.00',
      },
    ]);
    // Nothing before April; 500.00 brought forward.
    expect(april.retainedSavings).toMatchObject({
      opening: '0.00',
      broughtForward: '500.00',
      closing: '500.00',
    });
    // April: 1,000.00 − 300.00 = 700.00, and the year to date is April itself.
    expect(line(april, MEDIUM).month.variance).toBe('700.00');
    expect(line(april, MEDIUM).yearToDate.variance).toBe('700.00');
  });

  it("shows the year-end carry-forward in the old agreement's M12, and a negative one reversed", () => {
    const m12 = (carried: MonthEndPosting) =>
      accountsFor('2025-03', {
        agreementId: PREDECESSOR,
        financialYear: '2024/25',
        closedPeriods: ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09'].concat([
          '2024-10',
          '2024-11',
          '2024-12',
          '2025-01',
          '2025-02',
          '2025-03',
        ]),
        postings: [
          posting('2025-02', budget(MEDIUM), 'savings:retained', '400.00'),
          posting('2025-03', budget(MEDIUM), 'savings:retained', '100.00'),
          carried,
        ],
      });
    // 400.00 + 100.00 = 500.00 retained at the year end, all carried forward to agr-2025-26.
    const march = m12(
      posting('2025-03', 'savings:retained', 'carried-forward', '500.00', { reference: AGREEMENT }),
    );
    expect(march.carryForwards).toEqual([
      {
        kind: 'carried-forward',
        fromAgreementId: PREDECESSOR,
        toAgreementId: AGREEMENT,
        amount: '500.00',
      },
    ]);
    expect(march.retainedSavings).toEqual({
      opening: '400.00',
      recognised: '100.00',
      broughtForward: '0.00',
      reinvested: '0.00',
      carriedForward: '500.00',
      closing: '0.00',
    });
    // A negative balance moves the same way with the posting reversed: −20.00.
    const pressure = m12(
      posting('2025-03', 'carried-forward', 'savings:retained', '20.00', { reference: AGREEMENT }),
    );
    expect(pressure.carryForwards[0].amount).toBe('-20.00');
    // 400.00 + 100.00 − (−20.00) = 520.00.
    expect(pressure.retainedSavings.closing).toBe('520.00');
  });

  it('gives the same accounts from postings added up by period and accounts, as the SQL read model sums them', () => {
    // Each posting split in two halves (rounded to the penny, remainder in the second):
    // a sum of postings is all the accounts read, so the answer cannot change.
    const halves = POSTINGS.flatMap((p) => {
      const first = p.amountPence / 2n;
      const second = p.amountPence - first;
      return [first, second]
        .filter((pence) => pence > 0n)
        .map((pence) => ({ ...p, amountPence: pence }));
    });
    expect(accountsFor('2025-06', { postings: halves })).toEqual(accountsFor('2025-06'));
    expect(accountsFor('2025-06', { postings: [...POSTINGS].reverse() })).toEqual(
      accountsFor('2025-06'),
    );
  });

  it('answers the latest closed period when none is asked', () => {
    expect(accountsFor().period).toBe('2025-06');
  });

  it('has no accounts for a month not closed, and says which was closed last', () => {
    expect(managementAccounts(sources(), { period: '2025-07' })).toEqual({
      kind: 'period-not-closed',
      period: '2025-07',
      lastClosedPeriod: '2025-06',
      knownAt: 42,
    });
    // Nothing closed yet: the first month is the one that needs closing.
    expect(managementAccounts(sources({ closedPeriods: [] }), {})).toEqual({
      kind: 'period-not-closed',
      period: '2025-04',
      lastClosedPeriod: null,
      knownAt: 42,
    });
  });

  it('refuses a period outside the financial year with a RangeError that names the year', () => {
    expect(() => managementAccounts(sources(), { period: '2025-03' })).toThrow(
      new RangeError(
        "must be a period of the agreement's financial year 2025/26 (2025-04 to 2026-03), got 2025-03",
      ),
    );
  });

  it('refuses a posting between accounts the ledger never pairs, rather than leave it out', () => {
    const odd = posting('2025-06', 'commissioner', 'savings:retained', '1.00');
    expect(() => accountsFor('2025-06', { postings: [...POSTINGS, odd] })).toThrow(
      'The management accounts do not know a posting from commissioner to savings:retained',
    );
  });
});
