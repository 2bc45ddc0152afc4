/**
 * An agreement's report pages and the case pages over plain HTTP (no browser), on the real app
 * and a real SQLite file holding the worked scenario (apps/api/test/testing/worked-scenario.ts,
 * its figures worked by hand in worked-scenario.e2e.spec.ts): savings, out-of-area metrics,
 * month-end management accounts, the chain report, the cases list and a case. Each figure read
 * off a page is worked out by hand here and compared with the API's JSON for the same question.
 */
import type { Clock } from '@ledger/commands';
import * as f from '../testing/ledger-fixtures';
import { LedgerTestApp } from '../testing/ledger-test-app';
import { recordWorkedScenario } from '../testing/worked-scenario';
import { mainTextOf, WebVisitor } from '../testing/web-visitor';

const AGREEMENT = `/agreements/${f.AGREEMENT_ID}`;
const API = `/v1/agreements/${f.AGREEMENT_ID}`;
const EXTRA_CASES = 20;

/** Starts at 09:00 UTC on TODAY's date and moves on one second every time it is read. */
function tickingClock(start: string): Clock {
  let ms = Date.parse(start);
  return { now: () => new Date((ms += 1000)) };
}

describe("an agreement's pages and the cases, over HTTP", () => {
  let ledger: LedgerTestApp;
  let beforeDischargeAt: string;
  let reviewer: WebVisitor;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start({ clock: tickingClock('2025-10-15T09:00:00.000Z') });
    const { beforeDischarge } = await recordWorkedScenario(ledger);
    const [event] = await ledger.store.readAll({ afterPosition: beforeDischarge - 1, maxCount: 1 });
    beforeDischargeAt = event.recordedAt;
    // 20 more referrals, no placement: 22 cases in all, over two pages of 20.
    for (let n = 1; n <= EXTRA_CASES; n += 1) {
      const caseId = `case-1${String(n).padStart(3, '0')}`;
      const body = f.referralBody({ caseId, patientRef: `PSN-X${n}` });
      expect((await ledger.post(f.paths.cases, f.leadCaseManager, body)).statusCode).toBe(201);
    }
    reviewer = new WebVisitor(ledger);
    await reviewer.signIn(f.reviewer);
  });

  afterAll(() => ledger.dispose());

  it.each([
    `${AGREEMENT}/savings`,
    `${AGREEMENT}/out-of-area`,
    `${AGREEMENT}/management-accounts`,
    `${AGREEMENT}/chain`,
    `${AGREEMENT}/savings.csv`,
    '/cases',
    `/cases/${f.CASE_ID}`,
  ])('redirects %s to the sign-in page before signing in', async (path) => {
    const response = await new WebVisitor(ledger).get(path);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);
  });

  it('links between the agreement’s pages with a secondary navigation, keeping the clocks', async () => {
    const page = await reviewer.get(`${AGREEMENT}/savings?asOf=2025-09-30`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<nav class="nhsuk-contents-list nhsuk-u-margin-bottom-5" role="navigation" aria-label="Agreement pages">',
    );
    expect(page.body).toContain(`href="${AGREEMENT}/chain?asOf=2025-09-30"`);
    expect(page.body).toContain(`href="${AGREEMENT}/out-of-area?asOf=2025-09-30"`);
    // The month-end accounts take no business date.
    expect(page.body).toContain(`href="${AGREEMENT}/management-accounts"`);
    expect(page.body).toMatch(
      /<li class="nhsuk-contents-list__item" aria-current="page">\s*<span class="nhsuk-contents-list__current">Savings</,
    );
    // The overview links to the chain report, and the header to the cases.
    const overview = await reviewer.get(AGREEMENT);
    expect(overview.body).toContain(`href="${AGREEMENT}/chain"`);
    expect(overview.body).toContain('href="/cases"');
  });

  describe('savings', () => {
    it('shows savings by month and by case, reinvestment and retained savings, as the API', async () => {
      const page = await reviewer.get(`${AGREEMENT}/savings`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>Savings – slp-adult-secure-2025-26 – Out-of-area');
      const text = mainTextOf(page.body);
      // Case A repatriated 16 September against R_o £712.00 to £450.00: 262.00 a night.
      // September 15 × £262.00 = £3,930.00 posted; October 1–15, 15 × £262.00 = £3,930.00
      // provisional; £7,860.00 in all; £3,000.00 committed leaves £930.00 available.
      expect(text).toContain(
        'Posted £3,930.00 Provisional £3,930.00 Total recognised £7,860.00 ' +
          'Reinvestment committed £3,000.00 Retained savings available £930.00',
      );
      expect(text).toContain('Month September 2025 (M06) Status Posted Saving £3,930.00');
      expect(text).toContain('Month October 2025 (M07) Status Provisional Saving £3,930.00');
      expect(text).toContain(
        'Case case-0001 Service line adult-medium-secure Repatriated on 16 September 2025 ' +
          'Out-of-area rate saved against £712.00 Total saving £7,860.00',
      );
      expect(text).toContain('Scheme female-forensic-step-down Committed £3,000.00');
      expect(page.body).toContain(`href="/cases/${f.CASE_ID}"`);
      const api = (await ledger.get(`${API}/reports/savings`, f.reviewer)).json();
      expect(api.recognised).toMatchObject({
        posted: '3930.00',
        provisional: '3930.00',
        total: '7860.00',
      });
      expect(api.retainedSavingsAvailable).toBe('930.00');
    });

    it('downloads the savings report as the API gives it', async () => {
      const csv = await reviewer.get(`${AGREEMENT}/savings.csv?asOf=2025-09-30`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-disposition']).toBe(
        `attachment; filename="${f.AGREEMENT_ID}-savings-2025-09-30.csv"`,
      );
      const api = await ledger.get(`${API}/reports/savings?asOf=2025-09-30&format=csv`, f.reviewer);
      expect(csv.body).toBe(api.body);
      const xlsx = await reviewer.get(`${AGREEMENT}/savings.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    });

    it('travels back in time, and names a date it cannot read', async () => {
      // Before October's reinvestment was recorded: nothing committed, £3,930.00 available.
      const query = `knownAt=${encodeURIComponent(beforeDischargeAt)}`;
      const page = await reviewer.get(`${AGREEMENT}/savings?${query}`);
      expect(page.statusCode).toBe(200);
      const text = mainTextOf(page.body);
      expect(text).toMatch(/As the ledger stood at 15 October 2025 at 10:\d\d:\d\d BST/);
      const api = (await ledger.get(`${API}/reports/savings?${query}`, f.reviewer)).json();
      // Before the discharge, July was the last closed month: no saving posted yet.
      expect(api.recognised.posted).toBe('0.00');
      expect(text).toContain('Posted £0.00');
      expect(text).toContain('Reinvestment committed £0.00');
      const bad = await reviewer.get(`${AGREEMENT}/savings?asOf=2025-13-01`);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('href="#asOf"');
    });
  });

  describe('out-of-area metrics', () => {
    it('shows each month’s figures as the API, restating July for the back-dated discharge', async () => {
      const page = await reviewer.get(`${AGREEMENT}/out-of-area?asOf=2025-09-30`);
      expect(page.statusCode).toBe(200);
      const text = mainTextOf(page.body);
      // June: case A 30 nights × £685.50 = £20,565.00, 182.0 km = 113.1 miles.
      expect(text).toContain(
        'Month June 2025 (M03) Active at month end 1 Started 1 Ended 0 Bed days 30 Cost £20,565.00 ' +
          'Mean distance from home (km) 182.0 Mean distance from home (miles) 113.1',
      );
      // July: A 31 nights + B 10 nights (10–19 July) = 41; £21,250.50 + £8,500.00 = £29,750.50.
      expect(text).toContain(
        'Month July 2025 (M04) Active at month end 1 Started 1 Ended 1 Bed days 41 Cost £29,750.50',
      );
      // September: A out of area 1–15 (15 × £712.00 = £10,680.00), repatriated, nobody at the end.
      expect(text).toContain(
        'Month September 2025 (M06) Active at month end 0 Started 0 Ended 1 Bed days 15 Cost £10,680.00 ' +
          'Mean distance from home (km) None',
      );
      const api = (
        await ledger.get(`${API}/reports/oap-metrics?asOf=2025-09-30`, f.reviewer)
      ).json();
      expect(api.periods[3]).toMatchObject({ period: '2025-07', bedDays: 41, cost: '29750.50' });
      // As known before the discharge: B in its bed on 31 July too, 22 nights: 53 bed days,
      // mean (182.0 + 96.5) / 2 = 139.25 → 139.3 km.
      const then = await reviewer.get(
        `${AGREEMENT}/out-of-area?asOf=2025-09-30&knownAt=${encodeURIComponent(beforeDischargeAt)}`,
      );
      expect(mainTextOf(then.body)).toContain(
        'Month July 2025 (M04) Active at month end 2 Started 1 Ended 0 Bed days 53 Cost £39,950.50 ' +
          'Mean distance from home (km) 139.3',
      );
      const csv = await reviewer.get(`${AGREEMENT}/out-of-area.csv?asOf=2025-09-30`);
      const apiCsv = await ledger.get(
        `${API}/reports/oap-metrics?asOf=2025-09-30&format=csv`,
        f.reviewer,
      );
      expect(csv.body).toBe(apiCsv.body);
    });
  });

  describe('month-end management accounts', () => {
    it('lists the closed months and shows one, its adjustments apart, as the API', async () => {
      const page = await reviewer.get(`${AGREEMENT}/management-accounts?period=2025-08`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="${AGREEMENT}/management-accounts?period=2025-09"`);
      expect(page.body).toContain('<strong aria-current="page">August 2025 (M05)</strong>');
      const text = mainTextOf(page.body);
      // August: medium secure 31 × £712.00 = £22,072.00 against £5,416,666.66, variance
      // £5,394,594.66; low secure July's prior-period adjustment −12 × £850.00 = −£10,200.00,
      // apart from the month's own cost.
      expect(text).toContain(
        "Service line adult-medium-secure Budget £5,416,666.66 Month's own cost £22,072.00 " +
          'Adjustments £0.00 Total cost £22,072.00 Savings £0.00 Variance £5,394,594.66',
      );
      expect(text).toContain(
        'Service line adult-low-secure Kind Prior period Belongs to agreement slp-adult-secure-2025-26 ' +
          'Belongs to month July 2025 (M04) Cost -£10,200.00',
      );
      // Year to date, April to August: medium secure £20,565.00 + £21,250.50 + £22,072.00 =
      // £63,887.50; low secure £18,700.00 − £10,200.00 = £8,500.00.
      expect(text).toContain('Service line adult-low-secure Budget £0.00 Cost £8,500.00');
      expect(text).toContain(
        'Service line adult-medium-secure Budget £27,083,333.30 Cost £63,887.50',
      );
      const api = (
        await ledger.get(`${API}/management-accounts?period=2025-08`, f.reviewer)
      ).json();
      expect(api.totals.adjustments).toEqual([
        expect.objectContaining({
          kind: 'prior-period',
          period: '2025-07',
          cost: expect.objectContaining({ total: '-10200.00' }),
        }),
      ]);
      const csv = await reviewer.get(`${AGREEMENT}/management-accounts.csv?period=2025-08`);
      const apiCsv = await ledger.get(
        `${API}/management-accounts?period=2025-08&format=csv`,
        f.reviewer,
      );
      expect(csv.body).toBe(apiCsv.body);
    });

    it('shows a month not closed in the API’s own words, in an inset, not as an error page', async () => {
      const page = await reviewer.get(`${AGREEMENT}/management-accounts?period=2025-10`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('class="nhsuk-inset-text"');
      const api = await ledger.get(`${API}/management-accounts?period=2025-10`, f.reviewer);
      expect(api.statusCode).toBe(409);
      expect(mainTextOf(page.body)).toContain(api.json().detail);
      const bad = await reviewer.get(`${AGREEMENT}/management-accounts?period=October`);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('href="#period"');
    });
  });

  describe('the chain', () => {
    it('shows the chain year by year with its totals, as the API', async () => {
      const page = await reviewer.get(`${AGREEMENT}/chain`);
      expect(page.statusCode).toBe(200);
      const text = mainTextOf(page.body);
      // To 15 October: budget 7 × £5,416,666.66 = £37,916,666.62; spend £81,317.50 + £8,500.00
      // = £89,817.50; savings £3,930.00 posted, £3,000.00 committed, £930.00 retained.
      expect(text).toContain(
        'Agreement All years Financial year Budget delegated £37,916,666.62 Spend £89,817.50 ' +
          'Savings recognised £3,930.00 Reinvestment committed £3,000.00 Retained savings £930.00',
      );
      const api = (await ledger.get(`${API}/chain-report`, f.reviewer)).json();
      expect(api.totals).toMatchObject({ budgetDelegated: '37916666.62', spend: '89817.50' });
    });
  });

  describe('scope', () => {
    it.each(['savings', 'out-of-area', 'management-accounts', 'chain', 'chain.csv'])(
      '%s: 403 outside the agreement, 404 for an unknown one',
      async (page) => {
        const outsider = new WebVisitor(ledger);
        await outsider.signIn(f.outsiderCaseManager);
        const refused = await outsider.get(`${AGREEMENT}/${page}`);
        expect(refused.statusCode).toBe(403);
        expect(mainTextOf(refused.body)).toContain('You cannot see this page');
        expect((await reviewer.get(`/agreements/no-such-agreement/${page}`)).statusCode).toBe(404);
      },
    );
  });

  describe('cases', () => {
    it('lists the cases twenty a page, with their pseudonyms, forward and back', async () => {
      const first = await reviewer.get('/cases');
      expect(first.statusCode).toBe(200);
      const text = mainTextOf(first.body);
      expect(text).toContain(
        'Case case-0001 Patient reference PSN-7F3A Agreement slp-adult-secure-2025-26 ' +
          'Service line adult-medium-secure Referred 1 May 2025 Status Open Placement now In area at RPG, £450.00 a night',
      );
      expect(text).toContain('Status Discharged 20 July 2025');
      const next = /nhsuk-pagination__link--next" href="([^"]+)"/
        .exec(first.body)![1]
        .replace(/&amp;/g, '&');
      const second = await reviewer.get(next);
      expect(second.statusCode).toBe(200);
      expect(second.body).toContain('case-1020');
      expect(second.body).not.toContain('case-0001');
      expect(/nhsuk-pagination__link--prev" href="([^"]+)"/.exec(second.body)![1]).toBe('/cases');
      const api = (await ledger.get('/v1/cases?limit=20', f.reviewer)).json();
      expect(api.cases).toHaveLength(20);
      expect(next).toBe(`/cases?after=${encodeURIComponent(api.nextCursor)}`);
    });

    it('filters by status, setting, service line and agreement with a GET form', async () => {
      const discharged = await reviewer.get('/cases?status=discharged');
      expect(discharged.body).toContain('case-0002');
      expect(discharged.body).not.toContain('case-0001');
      expect(discharged.body).toContain('<option value="discharged" selected>');
      const inArea = await reviewer.get(
        `/cases?agreementId=${f.AGREEMENT_ID}&serviceLine=adult-medium-secure&setting=in-area`,
      );
      expect(inArea.body).toContain('case-0001');
      expect(inArea.body).not.toContain('case-1001');
      expect(inArea.body).not.toContain('nhsuk-pagination');
      const api = (await ledger.get('/v1/cases?setting=in-area', f.reviewer)).json();
      expect(api.cases.map((c: { caseId: string }) => c.caseId)).toEqual(['case-0001']);
      const bad = await reviewer.get('/cases?status=closed');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('href="#status"');
    });

    it('shows only the cases of agreements in scope', async () => {
      const outsider = new WebVisitor(ledger);
      await outsider.signIn(f.outsiderCaseManager);
      const page = await outsider.get('/cases');
      expect(page.statusCode).toBe(200);
      expect(mainTextOf(page.body)).toContain('There are no cases to show');
      expect((await outsider.get(`/cases/${f.CASE_ID}`)).statusCode).toBe(403);
      expect((await reviewer.get('/cases/no-such-case')).statusCode).toBe(404);
    });

    it("shows a case's timeline, each placement's nights and cost, and its savings", async () => {
      const page = await reviewer.get(`/cases/${f.CASE_ID}`);
      expect(page.statusCode).toBe(200);
      const text = mainTextOf(page.body);
      expect(text).toContain('Patient reference PSN-7F3A');
      expect(text).toContain('1 August 2025 Rate of placement plc-1 changed to £712.00 a night');
      expect(text).toContain(
        '16 September 2025 Repatriated from placement plc-1 to plc-2; savings are measured against £712.00 a night',
      );
      // plc-1: June 30 × £685.50 + July 31 × £685.50 + August 31 × £712.00 + September 15 ×
      // £712.00 = £20,565.00 + £21,250.50 + £22,072.00 + £10,680.00 = £74,567.50 over 107 nights.
      expect(text).toContain(
        'Placement plc-1 Setting Out of area Provider NVC01 From 1 June 2025 Until 16 September 2025 Nights 107 Cost £74,567.50',
      );
      // plc-2: 16 September to 15 October, 30 nights × £450.00 = £13,500.00.
      expect(text).toContain(
        'Placement plc-2 Setting In area Provider RPG From 16 September 2025 Until Still open Nights 30 Cost £13,500.00',
      );
      expect(text).toContain('Month Total Status Saving £7,860.00');
      // The same nights and costs as the budget report's spend to 30 September: £81,317.50 is
      // plc-1's £74,567.50 and plc-2's 15 September nights, 15 × £450.00 = £6,750.00.
      const budget = (await ledger.get(`${API}/reports/budget?asOf=2025-09-30`, f.reviewer)).json();
      expect(budget.lines[0].spendToDate.total).toBe('81317.50');
      const caseB = mainTextOf((await reviewer.get('/cases/case-0002')).body);
      // B: 10 to 19 July, 10 nights × £850.00 = £8,500.00 after the back-dated discharge.
      expect(caseB).toContain('Nights 10 Cost £8,500.00');
      expect(caseB).toContain('Status Discharged on 20 July 2025');
    });
  });
});
