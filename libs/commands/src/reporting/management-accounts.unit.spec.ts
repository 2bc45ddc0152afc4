/**
 * The management accounts between the read model and HTTP: how a month that cannot be answered
 * is refused (a period outside the year is a 400 naming `period`; a month not closed is the 409
 * `MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED`, retryable only at the head), and the tables the CSV
 * and XLSX are written from (a section per kind of row, totals equal to the JSON's).
 *
 * Hand-built postings of agreement `agr` (2025/26), April and May closed:
 *   April: 1,000.00 budget to medium; 300.00 out of area at NVC01.
 *   May: 1,000.00 budget; 200.00 in area at RPG; April's NVC01 cost cut by 50.00 (a
 *   prior-period adjustment); 20.00 saved.
 * May's accounts: own cost 200.00, adjustments −50.00, cost 150.00, variance 1,000.00 − 150.00 =
 * 850.00; to date budget 2,000.00, cost 300.00 + 150.00 = 450.00, variance 1,550.00.
 */
import { DomainError } from '@ledger/domain';
import { penceOf, type MonthEndPosting, type MonthEndSources } from '@ledger/read-model';
import { monthEndAccounts, PeriodNotClosedError } from './management-accounts';
import { managementAccountsDocument } from './management-accounts-document';
import { reportCsv } from './report-csv';
import { REPORT_SECTIONS, sectionOf } from './report-document';
import { ReportQueryError } from './report-errors';

const MEDIUM = 'adult-medium-secure';
const posting = (
  postedIn: string,
  from: string,
  to: string,
  amount: string,
  period = postedIn,
): MonthEndPosting => ({
  period,
  postedIn,
  debitAccount: from,
  creditAccount: to,
  amountPence: penceOf(amount),
  reference: 'ref',
  belongsToAgreementId: null,
});

const sources: MonthEndSources = {
  agreementId: 'agr',
  financialYear: '2025/26',
  serviceLines: [MEDIUM, 'adult-low-secure'],
  closedPeriods: ['2025-04', '2025-05'],
  knownAt: 9,
  postings: [
    posting('2025-04', 'commissioner', `budget:${MEDIUM}`, '1000.00'),
    posting('2025-04', `budget:${MEDIUM}`, `spend:${MEDIUM}:out-of-area:NVC01`, '300.00'),
    posting('2025-05', 'commissioner', `budget:${MEDIUM}`, '1000.00'),
    posting('2025-05', `budget:${MEDIUM}`, `spend:${MEDIUM}:in-area:RPG`, '200.00'),
    posting('2025-05', `spend:${MEDIUM}:out-of-area:NVC01`, `budget:${MEDIUM}`, '50.00', '2025-04'),
    posting('2025-05', `budget:${MEDIUM}`, 'savings:retained', '20.00'),
  ],
};

describe('management accounts: refusals', () => {
  it('names period in a 400 for a period outside the financial year', () => {
    expect(() => monthEndAccounts(sources, { period: '2026-04' }, true)).toThrow(
      new ReportQueryError(
        'period',
        "must be a period of the agreement's financial year 2025/26 (2025-04 to 2026-03), got 2026-04",
      ),
    );
  });

  it('refuses a month not closed with a 409 that says what to do, retryable at the head only', () => {
    const refuse = (atHead: boolean) => {
      try {
        monthEndAccounts(sources, { period: '2025-06' }, atHead);
      } catch (error) {
        return error as PeriodNotClosedError;
      }
      throw new Error('June is not closed: it must be refused');
    };
    const now = refuse(true);
    expect(now).toBeInstanceOf(DomainError);
    expect(now).toMatchObject({
      code: 'MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED',
      kind: 'conflict',
      retryable: true,
      details: { agreementId: 'agr', period: '2025-06', lastClosedPeriod: '2025-05', knownAt: 9 },
    });
    expect(now.message).toBe(
      'Period 2025-06 of agr is not closed now (the latest closed is 2025-05): month-end ' +
        'management accounts show what a close has posted. Close 2025-06 once it has ended ' +
        '(POST /v1/agreements/agr/period-closes), or read its provisional figures in the budget ' +
        'report (GET /v1/agreements/agr/reports/budget).',
    );
    // A knowledge time never moves: the same question cannot get another answer later.
    const then = refuse(false);
    expect(then.retryable).toBe(false);
    expect(then.message).toMatch(/^Period 2025-06 of agr is not closed at log position 9 /);
  });
});

describe('management accounts: the tables of the downloads', () => {
  const accounts = monthEndAccounts(sources, { period: '2025-05' }, true);
  const document = managementAccountsDocument(accounts);

  it('has the sections the report lists, in order', () => {
    expect(document.sections.map((s) => s.key)).toEqual(REPORT_SECTIONS['management-accounts']);
    expect(document.sections.map((s) => s.title)).toEqual([
      'Lines',
      'By provider',
      'Adjustments',
      'Adjustments by provider',
      'Reinvestment',
      'Carry-forward',
      'Retained savings',
    ]);
  });

  it("totals the lines to the JSON's totals", () => {
    const lines = sectionOf(document, 'lines');
    const total = lines.trailing[0];
    expect(total.label).toBe('Total');
    // Month: own 200.00, adjustments −50.00, cost 150.00, variance 850.00; to date 450.00.
    expect(total.values).toMatchObject({
      budget_gbp: accounts.totals.month.budget,
      own_cost_gbp: '200.00',
      adjustments_cost_gbp: '-50.00',
      cost_gbp: accounts.totals.month.cost.total.total,
      variance_gbp: '850.00',
      budget_to_date_gbp: '2000.00',
      cost_to_date_gbp: '450.00',
      variance_to_date_gbp: accounts.totals.yearToDate.variance,
    });
    expect(accounts.totals.yearToDate.variance).toBe('1550.00');
  });

  it('lists every provider of the line this month or earlier in the year, 0.00 where it has none', () => {
    // NVC01: nothing own in May, −50.00 adjusted, −50.00 in May, 300.00 − 50.00 = 250.00 to date.
    expect(reportCsv(document, 'by-provider')).toBe(
      '\uFEFFservice_line,setting,provider_code,own_cost_gbp,adjustments_cost_gbp,cost_gbp,cost_to_date_gbp\r\n' +
        `${MEDIUM},in-area,RPG,200.00,0.00,200.00,200.00\r\n` +
        `${MEDIUM},out-of-area,NVC01,0.00,-50.00,-50.00,250.00\r\n` +
        'Total,,,200.00,-50.00,150.00,450.00\r\n',
    );
  });

  it('lists the adjustment with the agreement and period it belongs to', () => {
    expect(reportCsv(document, 'adjustments')).toBe(
      '\uFEFFservice_line,kind,belongs_to_agreement_id,belongs_to_period,cost_gbp,in_area_cost_gbp,out_of_area_cost_gbp,savings_gbp\r\n' +
        `${MEDIUM},prior-period,agr,2025-04,-50.00,0.00,-50.00,0.00\r\n` +
        'Total,,,,-50.00,0.00,-50.00,0.00\r\n',
    );
  });
});
