/**
 * Month-end management accounts along a chain of agreements (domain.md, "Years: chains of
 * agreements"; docs/year-end.md), over HTTP on the embedded SQLite store, server date
 * 2025-10-15. The chain is month-end-chain-scenario.ts's: A (2023/24) and B (2024/25); no budget on either,
 * one line used (adult medium secure), every night in area at RPG or out of area at NVC01.
 *
 * A's 2024-03 (M12), closed before case 1's discharge was recorded:
 *   own cost: case 1 31 × 450.00 = 13,950.00 and case 2 30 × 400.00 = 12,000.00 in area (RPG),
 *   25,950.00; case 2's 1 March 1 × 600.00 = 600.00 out of area (NVC01); 26,550.00 in all.
 *   own savings: case 1 31 × 250.00 = 7,750.00; case 2 30 × 200.00 = 6,000.00; 13,750.00.
 *   year to date (April 2023 to March 2024): out of area, case 1 September 30 × 700.00 =
 *   21,000.00, case 2 January 31 × 600.00 = 18,600.00, February 29 × 600.00 = 17,400.00 and
 *   600.00: 57,600.00; in area, case 1 183 × 450.00 = 82,350.00 and case 2 12,000.00:
 *   94,350.00; 151,950.00 in all, variance 0.00 − 151,950.00. Savings to date: case 1
 *   183 × 250.00 = 45,750.00, case 2 6,000.00: 51,750.00.
 *   The year-end entry, posted in M12 after M12 closed: 51,750.00 carried forward to B.
 *   Retained savings: before March, October to February 7,750.00 + 7,500.00 + 7,750.00 +
 *   7,750.00 + 7,250.00 = 38,000.00; + 13,750.00 recognised − 51,750.00 carried = 0.00.
 * B's 2024-04 (M01), closed after the discharge and the carry-forward:
 *   own cost: case 2 30 × 400.00 = 12,000.00 (RPG); own savings 30 × 200.00 = 6,000.00.
 *   prior-year adjustment, belonging to A's 2024-03: case 1's 11 nights (21 to 31 March) that
 *   no longer happened, −11 × 450.00 = −4,950.00 of cost (RPG), −11 × 250.00 = −2,750.00 of savings.
 *   cost posted in April 12,000.00 − 4,950.00 = 7,050.00; savings 6,000.00 − 2,750.00 = 3,250.00;
 *   variance 0.00 − 7,050.00 = −7,050.00.
 *   brought forward from A: 51,750.00; retained savings 0.00 + 3,250.00 + 51,750.00 = 55,000.00.
 * B's 2024-06: case 2 30 × 400.00 = 12,000.00 cost, 30 × 200.00 = 6,000.00 saved; 10,000.00
 *   reinvested (female-forensic-step-down). Retained before June: 55,000.00 + May's 31 × 200.00 =
 *   6,200.00 = 61,200.00; at its end 61,200.00 + 6,000.00 − 10,000.00 = 57,200.00. To date:
 *   cost 7,050.00 + 31 × 400.00 + 12,000.00 = 31,450.00; savings 3,250.00 + 6,200.00 + 6,000.00
 *   = 15,450.00.
 */
import type { ManagementAccounts } from '@ledger/read-model';
import { managementAccountsProblems } from '@ledger/read-model/management-accounts/testing/accounts-add-up';
import {
  CHAIN_A,
  CHAIN_B,
  recordChainScenario,
  type ChainPositions,
} from './testing/month-end-chain-scenario';
import { cellsOf, MONEY_FORMAT, parseCsv, workbookOf } from './testing/downloads';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';

const MEDIUM = 'adult-medium-secure';
const accountsPath = (agreementId: string, query: string) =>
  `/v1/agreements/${agreementId}/management-accounts?${query}`;
const rpg = (amount: string) => ({
  total: amount,
  inArea: amount,
  outOfArea: '0.00',
  byProvider: [{ setting: 'in-area', providerCode: 'RPG', amount }],
});

describe('month-end management accounts along a chain of agreements, over HTTP', () => {
  let ledger: LedgerTestApp;
  let at: ChainPositions;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    at = await recordChainScenario(ledger);
  });

  afterAll(() => ledger.dispose());

  const accounts = async (agreementId: string, query: string) => {
    const response = await ledger.get(accountsPath(agreementId, query), f.reviewer);
    expect({ agreementId, query, status: response.statusCode }).toEqual({
      agreementId,
      query,
      status: 200,
    });
    const body = response.json<ManagementAccounts>();
    expect(managementAccountsProblems(body)).toEqual([]);
    return body;
  };
  const medium = (body: ManagementAccounts) => body.lines.find((l) => l.serviceLine === MEDIUM)!;

  it("lists in B's April the prior-year adjustments belonging to A's March apart, and the brought-forward", async () => {
    const april = await accounts(CHAIN_B, 'period=2024-04');
    expect(april).toMatchObject({ period: '2024-04', yearToDateFrom: '2024-04' });
    expect(medium(april)).toEqual({
      serviceLine: MEDIUM,
      month: {
        budget: '0.00',
        cost: { own: rpg('12000.00'), adjustments: rpg('-4950.00'), total: rpg('7050.00') },
        savings: { own: '6000.00', adjustments: '-2750.00', total: '3250.00' },
        variance: '-7050.00',
      },
      adjustments: [
        {
          kind: 'prior-year',
          belongsToAgreementId: CHAIN_A,
          period: '2024-03',
          cost: rpg('-4950.00'),
          savings: '-2750.00',
        },
      ],
      yearToDate: {
        budget: '0.00',
        cost: rpg('7050.00'),
        savings: '3250.00',
        variance: '-7050.00',
      },
    });
    expect(april.totals.adjustments).toEqual(medium(april).adjustments);
    expect(april.carryForwards).toEqual([
      {
        kind: 'brought-forward',
        fromAgreementId: CHAIN_A,
        toAgreementId: CHAIN_B,
        amount: '51750.00',
      },
    ]);
    expect(april.retainedSavings).toEqual({
      opening: '0.00',
      recognised: '3250.00',
      broughtForward: '51750.00',
      reinvested: '0.00',
      carriedForward: '0.00',
      closing: '55000.00',
    });
  });

  it("shows in A's March (M12) the year-end carry-forward, posted after M12 closed", async () => {
    const march = await accounts(CHAIN_A, 'period=2024-03');
    expect(medium(march).month).toEqual({
      budget: '0.00',
      cost: {
        own: {
          total: '26550.00',
          inArea: '25950.00',
          outOfArea: '600.00',
          byProvider: [
            { setting: 'in-area', providerCode: 'RPG', amount: '25950.00' },
            { setting: 'out-of-area', providerCode: 'NVC01', amount: '600.00' },
          ],
        },
        adjustments: { total: '0.00', inArea: '0.00', outOfArea: '0.00', byProvider: [] },
        total: {
          total: '26550.00',
          inArea: '25950.00',
          outOfArea: '600.00',
          byProvider: [
            { setting: 'in-area', providerCode: 'RPG', amount: '25950.00' },
            { setting: 'out-of-area', providerCode: 'NVC01', amount: '600.00' },
          ],
        },
      },
      savings: { own: '13750.00', adjustments: '0.00', total: '13750.00' },
      variance: '-26550.00',
    });
    // The discharge's 11 nights stay in A's March as filed: they came off in B's April.
    expect(medium(march).adjustments).toEqual([]);
    expect(medium(march).yearToDate).toEqual({
      budget: '0.00',
      cost: {
        total: '151950.00',
        inArea: '94350.00',
        outOfArea: '57600.00',
        byProvider: [
          { setting: 'in-area', providerCode: 'RPG', amount: '94350.00' },
          { setting: 'out-of-area', providerCode: 'NVC01', amount: '57600.00' },
        ],
      },
      savings: '51750.00',
      variance: '-151950.00',
    });
    expect(march.carryForwards).toEqual([
      {
        kind: 'carried-forward',
        fromAgreementId: CHAIN_A,
        toAgreementId: CHAIN_B,
        amount: '51750.00',
      },
    ]);
    expect(march.retainedSavings).toEqual({
      opening: '38000.00',
      recognised: '13750.00',
      broughtForward: '0.00',
      reinvested: '0.00',
      carriedForward: '51750.00',
      closing: '0.00',
    });
    // Before the carry-forward was recorded, M12 stood as its close posted it.
    const before = await accounts(
      CHAIN_A,
      `period=2024-03&knownAtPosition=${at.beforeCarryForward}`,
    );
    expect(before.carryForwards).toEqual([]);
    expect(before.retainedSavings.closing).toBe('51750.00');
    expect(before.lines).toEqual(march.lines);
  });

  it("gives B's June its reinvestment, and its year to date counted by the period posted in", async () => {
    const june = await accounts(CHAIN_B, 'period=2024-06');
    expect(june.reinvestment).toEqual({
      byScheme: [
        { schemeId: 'female-forensic-step-down', month: '10000.00', yearToDate: '10000.00' },
      ],
      month: '10000.00',
      yearToDate: '10000.00',
    });
    expect(june.retainedSavings).toEqual({
      opening: '61200.00',
      recognised: '6000.00',
      broughtForward: '0.00',
      reinvested: '10000.00',
      carriedForward: '0.00',
      closing: '57200.00',
    });
    expect(june.carryForwards).toEqual([]);
    expect(medium(june).adjustments).toEqual([]);
    expect(medium(june).yearToDate).toEqual({
      budget: '0.00',
      cost: rpg('31450.00'),
      savings: '15450.00',
      variance: '-31450.00',
    });
  });

  it('answers 409 for a month not yet closed at the knowledge time asked', async () => {
    const b = await ledger.get(
      accountsPath(CHAIN_B, `period=2024-04&knownAtPosition=${at.beforeSuccessorClose}`),
      f.reviewer,
    );
    expect(b.statusCode).toBe(409);
    expect(b.json()).toMatchObject({
      code: 'MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED',
      retryable: false,
      agreementId: CHAIN_B,
      period: '2024-04',
      lastClosedPeriod: null,
      knownAt: at.beforeSuccessorClose,
    });
    expect(b.json().detail).toMatch(
      `No period of ${CHAIN_B} is closed at log position ${at.beforeSuccessorClose}: `,
    );
    const a = await ledger.get(
      accountsPath(CHAIN_A, `period=2024-03&knownAtPosition=${at.beforeYearEndClose}`),
      f.reviewer,
    );
    expect(a.json()).toMatchObject({
      code: 'MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED',
      period: '2024-03',
      lastClosedPeriod: '2024-02',
    });
    // A's March belongs to A: B refuses it as outside its year.
    const outside = await ledger.get(accountsPath(CHAIN_B, 'period=2024-03'), f.reviewer);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('period');
  });

  it("writes B's April adjustment and carry-forward as CSV and XLSX, to the penny", async () => {
    const csv = async (section: string) =>
      parseCsv(
        (
          await ledger.get(
            accountsPath(CHAIN_B, `period=2024-04&format=csv&section=${section}`),
            f.reviewer,
          )
        ).body,
      );
    expect(await csv('adjustments-by-provider')).toEqual([
      [
        'service_line',
        'kind',
        'belongs_to_agreement_id',
        'belongs_to_period',
        'setting',
        'provider_code',
        'provider_name',
        'cost_gbp',
      ],
      [MEDIUM, 'prior-year', CHAIN_A, '2024-03', 'in-area', 'RPG', '', '-4950.00'],
      ['Total', '', '', '', '', '', '', '-4950.00'],
    ]);
    expect(await csv('carry-forward')).toEqual([
      ['entry', 'from_agreement_id', 'to_agreement_id', 'amount_gbp'],
      ['brought-forward', CHAIN_A, CHAIN_B, '51750.00'],
    ]);
    const workbook = await workbookOf(
      (await ledger.get(accountsPath(CHAIN_B, 'period=2024-04&format=xlsx'), f.reviewer))
        .rawPayload,
    );
    const money = (value: number) => ({ value, numFmt: MONEY_FORMAT });
    const textCell = (value: string) => ({ value, numFmt: '@' });
    expect(cellsOf(workbook.getWorksheet('Adjustments')!)).toEqual([
      [
        textCell(MEDIUM),
        textCell('prior-year'),
        textCell(CHAIN_A),
        textCell('2024-03'),
        ...[-4950, -4950, 0, -2750].map(money),
      ],
      [
        textCell('Total'),
        ...[1, 2, 3].map(() => ({ value: null, numFmt: '@' })),
        ...[-4950, -4950, 0, -2750].map(money),
      ],
    ]);
    expect(cellsOf(workbook.getWorksheet('Carry-forward')!)).toEqual([
      [textCell('brought-forward'), textCell(CHAIN_A), textCell(CHAIN_B), money(51750)],
    ]);
  });
});
