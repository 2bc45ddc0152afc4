/**
 * The worked scenario, entirely over HTTP on the embedded SQLite store with the server's date
 * fixed at 2025-10-15, and the reports checked to the penny against figures worked by hand.
 *
 * Agreement: £65,000,000.00 on adult medium secure, phased evenly from April:
 * 11 × 5,416,666.66 + 5,416,666.74. To the end of September: 6 × 5,416,666.66 = 32,499,999.96.
 *
 * Case A (medium secure): out of area at NVC01, 182.0 km from home, £685.50 a night from
 * 2025-06-01; £712.00 from 2025-08-01 (rate change); repatriated mid-month on 2025-09-16 to
 * Oxleas (RPG) at £450.00, 12.5 km.
 *   June   30 × 685.50 = 20,565.00
 *   July   31 × 685.50 = 21,250.50
 *   August 31 × 712.00 = 22,072.00
 *   Sept.  15 × 712.00 = 10,680.00 out of area, 15 × 450.00 = 6,750.00 in area
 *   Saving: R_o = 712.00 on 15 September, 712.00 − 450.00 = 262.00 a night: September
 *   15 × 262.00 = 3,930.00 (posted at close); October 1–15 15 × 262.00 = 3,930.00 (live).
 *   Spend to 30 September: 20,565.00 + 21,250.50 + 22,072.00 + 10,680.00 + 6,750.00 = 81,317.50.
 *
 * Case B (low secure, no budget on that line): out of area at NQ1, 96.5 km, £850.00 from
 * 2025-07-10. July closes with 22 nights: 22 × 850.00 = 18,700.00. Then a back-dated
 * discharge on 2025-07-20 is recorded: July really had 10 nights, 8,500.00. August's close
 * posts a prior-period adjustment belonging to July: −12 × 850.00 = −10,200.00.
 *
 * Reinvestment in October: 3,000.00 of the 3,930.00 retained is committed; a further
 * 1,000.00 is refused with 930.00 available.
 */
import { parseCsv } from './testing/downloads';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';
import { recordWorkedScenario } from './testing/worked-scenario';
const MEDIUM = 'adult-medium-secure';
const LOW = 'adult-low-secure';
const reports = (report: string, query = '') =>
  `/v1/agreements/${f.AGREEMENT_ID}/reports/${report}${query ? `?${query}` : ''}`;
const statement = (account: string, query = '') =>
  `/v1/agreements/${f.AGREEMENT_ID}/accounts/${encodeURIComponent(account)}/statement${query ? `?${query}` : ''}`;

type Balances = { balances: { account: string; balance: string }[]; total: string };
const byAccount = (body: Balances) =>
  Object.fromEntries(body.balances.map((b) => [b.account, b.balance]));

describe('the worked scenario: reports with two clocks, over HTTP', () => {
  let ledger: LedgerTestApp;
  /** The last position before the back-dated discharge was recorded. */
  let beforeDischarge: number;
  let refusal: Record<string, unknown>;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    ({ beforeDischarge, refusal } = await recordWorkedScenario(ledger));
  });

  afterAll(() => ledger.dispose());

  it('refuses the second reinvestment, saying 930.00 is available', () => {
    expect(refusal).toMatchObject({
      code: 'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
      available: '930.00',
      requested: '1000.00',
    });
  });

  it('gives the balances at the end of September, summing to 0.00', async () => {
    const response = await ledger.get(reports('balances', 'asOf=2025-09-30'), f.reviewer);
    expect(response.statusCode).toBe(200);
    const body = response.json<Balances>();
    // Budget line: 32,499,999.96 − spend 81,317.50 − savings 3,930.00 = 32,414,752.46.
    expect(byAccount(body)).toMatchObject({
      commissioner: '-32499999.96',
      [`budget:${MEDIUM}`]: '32414752.46',
      [`spend:${MEDIUM}:out-of-area:NVC01`]: '74567.50',
      [`spend:${MEDIUM}:in-area:RPG`]: '6750.00',
      'savings:retained': '3930.00',
      [`budget:${LOW}`]: '-8500.00',
      [`spend:${LOW}:out-of-area:NQ1`]: '8500.00',
    });
    expect(body.total).toBe('0.00');
  });

  it('answers as the ledger stood before the back-dated discharge, and as corrected now', async () => {
    const then = await ledger.get(
      reports('balances', `asOf=2025-09-30&knownAtPosition=${beforeDischarge}`),
      f.analyst,
    );
    expect(then.statusCode).toBe(200);
    expect(then.json()).toMatchObject({ knownAt: beforeDischarge });
    // Only April to July were closed then: July's 22 nights of case B, 18,700.00.
    expect(byAccount(then.json<Balances>())).toMatchObject({
      [`spend:${LOW}:out-of-area:NQ1`]: '18700.00',
      [`budget:${LOW}`]: '-18700.00',
      [`spend:${MEDIUM}:out-of-area:NVC01`]: '41815.50',
    });
    const now = await ledger.get(reports('balances', 'asOf=2025-09-30'), f.analyst);
    expect(byAccount(now.json<Balances>())[`spend:${LOW}:out-of-area:NQ1`]).toBe('8500.00');
  });

  it('differs between posted-in and belongs-to by exactly the July adjustment', async () => {
    const get = async (basis: string) =>
      byAccount(
        (
          await ledger.get(reports('balances', `asOf=2025-07-31&basis=${basis}`), f.leadFinance)
        ).json<Balances>(),
      );
    const belongsTo = await get('belongs-to');
    const postedIn = await get('posted-in');
    // Belongs to July: 18,700.00 − 10,200.00 = 8,500.00. Posted in July: 18,700.00 (the
    // adjustment was posted in August).
    expect(belongsTo[`spend:${LOW}:out-of-area:NQ1`]).toBe('8500.00');
    expect(postedIn[`spend:${LOW}:out-of-area:NQ1`]).toBe('18700.00');
    expect(belongsTo[`budget:${LOW}`]).toBe('-8500.00');
    expect(postedIn[`budget:${LOW}`]).toBe('-18700.00');
  });

  it('exports the balances as CSV that parses back to the JSON figures', async () => {
    const json = (
      await ledger.get(reports('balances', 'asOf=2025-09-30'), f.reviewer)
    ).json<Balances>();
    const response = await ledger.get(
      reports('balances', 'asOf=2025-09-30&format=csv'),
      f.reviewer,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="${f.AGREEMENT_ID}-balances-2025-09-30.csv"`,
    );
    // UTF-8 with a byte order mark, so that Excel reads it as UTF-8 (docs/exports.md).
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual([
      'agreement_id',
      'as_of',
      'basis',
      'known_at_position',
      'account',
      'balance_gbp',
    ]);
    // The last row is the total: its label in the account column, the sum in the balance.
    const total = rows[rows.length - 1];
    expect(total).toEqual(['', '', '', '', 'Total', '0.00']);
    const csvBalances = Object.fromEntries(rows.slice(0, -1).map((row) => [row[4], row[5]]));
    expect(csvBalances).toEqual(byAccount(json));
  });

  it('gives budget against actual to the end of September, with the forecast', async () => {
    const response = await ledger.get(reports('budget', 'asOf=2025-09-30'), f.commissioner);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const medium = body.lines.find((l: { serviceLine: string }) => l.serviceLine === MEDIUM);
    const low = body.lines.find((l: { serviceLine: string }) => l.serviceLine === LOW);
    // Forecast: only the RPG bed (£450.00) is active on 30 September; 182 nights are left
    // (October 31 + November 30 + December 31 + January 31 + February 28 + March 31):
    // 182 × 450.00 = 81,900.00; outturn 81,317.50 + 81,900.00 = 163,217.50.
    expect(medium).toMatchObject({
      fullYearBudget: '65000000.00',
      budgetToDate: '32499999.96',
      spendToDate: { total: '81317.50', inArea: '6750.00', outOfArea: '74567.50' },
      variance: '32418682.46',
      overspent: false,
      forecast: {
        nightsLeft: 182,
        remainingCost: '81900.00',
        outturn: '163217.50',
        variance: '64836782.50',
      },
    });
    // Low secure has no budget: the 8,500.00 is an overspend, flagged, never refused.
    expect(low).toMatchObject({
      budgetToDate: '0.00',
      spendToDate: { total: '8500.00' },
      variance: '-8500.00',
      overspent: true,
    });
    const july = low.periods.find((p: { period: string }) => p.period === '2025-07');
    expect(july).toMatchObject({ status: 'posted', spend: { total: '8500.00' } });
    expect(july.pendingAdjustment).toBe('0.00');
  });

  it('gives the budget as known before the discharge: case B still in its bed', async () => {
    const response = await ledger.get(
      reports('budget', `asOf=2025-09-30&knownAtPosition=${beforeDischarge}`),
      f.commissioner,
    );
    const low = response.json().lines.find((l: { serviceLine: string }) => l.serviceLine === LOW);
    // July posted 18,700.00; August 31 × 850.00 = 26,350.00 and September 30 × 850.00 =
    // 25,500.00 provisional: 70,550.00.
    expect(low.spendToDate.total).toBe('70550.00');
    expect(low.periods.find((p: { period: string }) => p.period === '2025-07').spend.total).toBe(
      '18700.00',
    );
  });

  it('gives savings by period and case, reinvestment and retained savings available', async () => {
    // asOf defaults to today, 2025-10-15.
    const response = await ledger.get(reports('savings'), f.leadFinance);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.asOf).toBe('2025-10-15');
    const periods = Object.fromEntries(
      body.byPeriod.map((p: { period: string; amount: string; status: string }) => [
        p.period,
        `${p.status} ${p.amount}`,
      ]),
    );
    expect(periods['2025-09']).toBe('posted 3930.00');
    // October 1–15: 15 × 262.00, provisional until October closes.
    expect(periods['2025-10']).toBe('provisional 3930.00');
    expect(body.recognised).toMatchObject({
      posted: '3930.00',
      provisional: '3930.00',
      total: '7860.00',
    });
    expect(body.byCase).toEqual([
      expect.objectContaining({ caseId: f.CASE_ID, serviceLine: MEDIUM, total: '7860.00' }),
    ]);
    expect(body.reinvestment).toEqual({
      byScheme: [{ schemeId: 'female-forensic-step-down', committed: '3000.00' }],
      total: '3000.00',
    });
    expect(body.retainedSavingsAvailable).toBe('930.00');
  });

  it('gives the OAP metrics by period, restating July for the back-dated discharge', async () => {
    const get = async (query: string) => {
      const response = await ledger.get(reports('oap-metrics', query), f.partnerCaseManager);
      expect(response.statusCode).toBe(200);
      return Object.fromEntries(
        response.json().periods.map((p: { period: string }) => [p.period, p]),
      );
    };
    const now = await get('asOf=2025-09-30');
    // 182.0 km = 113.09… miles.
    expect(now['2025-06']).toMatchObject({
      activeAtPeriodEnd: 1,
      started: 1,
      ended: 0,
      bedDays: 30,
      cost: '20565.00',
      meanDistanceKm: '182.0',
      meanDistanceMiles: '113.1',
    });
    // July: A 31 nights, B 10 nights (10–19 July): 21,250.50 + 8,500.00 = 29,750.50.
    expect(now['2025-07']).toMatchObject({
      activeAtPeriodEnd: 1,
      started: 1,
      ended: 1,
      bedDays: 41,
      cost: '29750.50',
      meanDistanceKm: '182.0',
      changeKm: '0.0',
    });
    // September: A out of area 1–15, then repatriated: nobody out of area at the end.
    expect(now['2025-09']).toMatchObject({
      activeAtPeriodEnd: 0,
      ended: 1,
      bedDays: 15,
      cost: '10680.00',
      meanDistanceKm: null,
      repatriations: 1,
    });
    // As known before the discharge: B still there on 31 July, 22 nights at 850.00;
    // mean (182.0 + 96.5) / 2 = 139.25 → 139.3 km, 86.52… → 86.5 miles.
    const then = await get(`asOf=2025-09-30&knownAtPosition=${beforeDischarge}`);
    expect(then['2025-07']).toMatchObject({
      activeAtPeriodEnd: 2,
      ended: 0,
      bedDays: 53,
      cost: '39950.50',
      meanDistanceKm: '139.3',
      meanDistanceMiles: '86.5',
    });
  });

  it("gives an account's statement with running balances, paged by cursor", async () => {
    const account = `spend:${LOW}:out-of-area:NQ1`;
    const first = await ledger.get(statement(account, 'limit=1'), f.reviewer);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      account,
      openingBalance: '0.00',
      closingBalance: '18700.00',
      entries: [{ period: '2025-07', postedIn: '2025-07', direction: 'in', amount: '18700.00' }],
    });
    const next = await ledger.get(
      statement(account, `limit=1&after=${first.json().nextCursor}`),
      f.reviewer,
    );
    expect(next.json()).toMatchObject({
      openingBalance: '18700.00',
      closingBalance: '8500.00',
      entries: [{ period: '2025-07', postedIn: '2025-08', direction: 'out', amount: '10200.00' }],
      nextCursor: null,
    });
  });

  it('refuses an impossible date with 400 naming asOf', async () => {
    const response = await ledger.get(reports('balances', 'asOf=2025-02-30'), f.reviewer);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
  });

  it('refuses unknown parameters and both knowledge clocks at once with 400', async () => {
    const unknown = await ledger.get(reports('budget', 'asof=2025-09-30'), f.reviewer);
    expect(unknown.statusCode).toBe(400);
    const both = await ledger.get(
      reports('budget', 'knownAt=2025-10-15T10:00:00Z&knownAtPosition=3'),
      f.reviewer,
    );
    expect(both.statusCode).toBe(400);
    expect(both.json().errors).toEqual([expect.objectContaining({ field: 'knownAt' })]);
  });

  it('refuses an outsider with 403 and an unknown agreement with 404', async () => {
    const outsider = await ledger.get(reports('savings'), f.outsiderCaseManager);
    expect(outsider.statusCode).toBe(403);
    const unknown = await ledger.get(
      '/v1/agreements/no-such-agreement/reports/balances',
      f.reviewer,
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('answers 404 for a knowledge time before the agreement existed', async () => {
    const response = await ledger.get(
      reports('budget', 'knownAt=2020-01-01T00:00:00Z'),
      f.reviewer,
    );
    expect(response.statusCode).toBe(404);
  });

  it('answers 503 with Retry-After when the log has not reached minPosition', async () => {
    const head = await ledger.head();
    const ok = await ledger.get(reports('balances', `minPosition=${head}`), f.reviewer);
    expect(ok.statusCode).toBe(200);
    const behind = await ledger.get(reports('balances', `minPosition=${head + 1}`), f.reviewer);
    expect(behind.statusCode).toBe(503);
    expect(behind.headers['retry-after']).toBe('1');
    expect(behind.json()).toMatchObject({ code: 'READ.LOG_BEHIND', retryable: true });
  });
});
