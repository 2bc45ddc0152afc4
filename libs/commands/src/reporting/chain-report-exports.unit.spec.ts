/**
 * The chain's parts of the budget, savings and out-of-area downloads (domain.md, "Years: chains
 * of agreements"), on domain.md's worked example (read-model testing/chain-history.ts): each a
 * CSV section of its own, one kind of row, with a Total row; the chain and any warning on the
 * XLSX's About sheet. Figures as worked in read-model's reporting/chain-reports.unit.spec.ts.
 */
import {
  budgetAgainstActual,
  budgetProjection,
  foldEvents,
  oapMetrics,
  savingsReport,
} from '@ledger/read-model';
import {
  CHAIN_A,
  CHAIN_B,
  CHAIN_CASE,
  chainHistory,
} from '@ledger/read-model/testing/chain-history';
import { reportCsv } from './report-csv';
import { budgetDocument, oapMetricsDocument, savingsDocument } from './report-document';

const LINE = 'adult-medium-secure';
const state = foldEvents(budgetProjection, chainHistory().events);
const rows = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((row) => row !== '')
    .map((row) => row.split(','));

describe('the chain in the downloads', () => {
  it("lists B's prior-year adjustments in their own section, and in by-line", () => {
    const budget = budgetDocument(
      budgetAgainstActual(state, { agreementId: CHAIN_B, asOf: '2018-04-30' })!,
    );
    expect(rows(reportCsv(budget, 'prior-year'))).toEqual([
      [
        'service_line',
        'belongs_to_agreement_id',
        'period',
        'posted_in',
        'spend_gbp',
        'in_area_spend_gbp',
        'out_of_area_spend_gbp',
      ],
      // 11 nights × 450.00 that A's March no longer had, posted in B's April.
      [LINE, CHAIN_A, '2018-03', '2018-04', '-4950.00', '-4950.00', '0.00'],
      ['Total', '', '', '', '-4950.00', '-4950.00', '0.00'],
    ]);
    const [header, line] = rows(reportCsv(budget, 'by-line'));
    expect(line[header.indexOf('prior_year_adjustments_gbp')]).toBe('-4950.00');
    expect(line[header.indexOf('spend_to_date_gbp')]).toBe('-4950.00');

    const savings = savingsDocument(
      savingsReport(state, { agreementId: CHAIN_B, asOf: '2018-04-30' })!,
    );
    expect(rows(reportCsv(savings, 'prior-year'))).toEqual([
      ['case_id', 'service_line', 'belongs_to_agreement_id', 'period', 'posted_in', 'amount_gbp'],
      // 11 nights × 250.00.
      [CHAIN_CASE, LINE, CHAIN_A, '2018-03', '2018-04', '-2750.00'],
      ['Total', '', '', '', '', '-2750.00'],
    ]);
    const summary = Object.fromEntries(
      rows(reportCsv(savings, 'summary')).map((row) => [row[0], row[row.length - 1]]),
    );
    expect(summary).toMatchObject({
      'recognised-total': '-2750.00',
      'prior-year-adjustments': '-2750.00',
      'posted-in-successor': '0.00',
      // 45,500.00 brought forward − 2,750.00.
      'retained-savings-available': '42750.00',
    });
  });

  it("lists in A's downloads what B posted for A's March, counted in B only", () => {
    const budget = budgetDocument(
      budgetAgainstActual(state, { agreementId: CHAIN_A, asOf: '2018-03-31' })!,
    );
    expect(rows(reportCsv(budget, 'posted-in-successor'))).toEqual([
      [
        'service_line',
        'period',
        'posted_in_agreement_id',
        'posted_in',
        'spend_gbp',
        'in_area_spend_gbp',
        'out_of_area_spend_gbp',
      ],
      [LINE, '2018-03', CHAIN_B, '2018-04', '-4950.00', '-4950.00', '0.00'],
      ['Total', '', '', '', '-4950.00', '-4950.00', '0.00'],
    ]);
    const savings = savingsDocument(
      savingsReport(state, { agreementId: CHAIN_A, asOf: '2018-03-31' })!,
    );
    expect(rows(reportCsv(savings, 'posted-in-successor')).slice(1)).toEqual([
      [CHAIN_CASE, LINE, '2018-03', CHAIN_B, '2018-04', '-2750.00'],
      ['Total', '', '', '', '', '-2750.00'],
    ]);
    const summary = Object.fromEntries(
      rows(reportCsv(savings, 'summary')).map((row) => [row[0], row[row.length - 1]]),
    );
    // A's own 182 nights × 250.00 stand; the −2,750.00 is B's.
    expect(summary).toMatchObject({
      'recognised-total': '45500.00',
      'posted-in-successor': '-2750.00',
    });
  });

  it('shows uncovered nights by case, and the warning and the chain on the About sheet', () => {
    // Known at A's M12 close (position 16), before B: A is the last. 1–11 April 2018 in area,
    // 11 × 450.00 = 4,950.00.
    const query = { agreementId: CHAIN_A, asOf: '2018-03-31', knownAt: 16, today: '2018-04-11' };
    for (const document of [
      budgetDocument(budgetAgainstActual(state, query)!),
      oapMetricsDocument(oapMetrics(state, query)!),
      savingsDocument(savingsReport(state, query)!),
    ]) {
      expect(rows(reportCsv(document, 'uncovered-nights'))).toEqual([
        [
          'case_id',
          'service_line',
          'registered_under',
          'from',
          'through',
          'bed_days',
          'would_cost_gbp',
        ],
        [CHAIN_CASE, LINE, CHAIN_A, '2018-04-01', '2018-04-11', '11', '4950.00'],
        ['Total', '', '', '', '', '11', '4950.00'],
      ]);
      expect(document.about).toEqual(
        expect.arrayContaining([
          { label: 'Chain of agreements', value: `${CHAIN_A} (2017/18)`, kind: 'text' },
          {
            label: 'Warning CHAIN.UNCOVERED_NIGHTS',
            value: expect.stringContaining('Create the 2018/19 agreement') as string,
            kind: 'text',
          },
        ]),
      );
    }
    // At the head B exists: A's section is empty, but for its Total.
    const head = budgetDocument(
      budgetAgainstActual(state, {
        agreementId: CHAIN_A,
        asOf: '2018-03-31',
        today: '2018-05-02',
      })!,
    );
    expect(rows(reportCsv(head, 'uncovered-nights')).slice(1)).toEqual([
      ['Total', '', '', '', '', '0', '0.00'],
    ]);
    expect(head.about).toContainEqual({
      label: 'Chain of agreements',
      value: `${CHAIN_A} (2017/18), ${CHAIN_B} (2018/19)`,
      kind: 'text',
    });
  });
});
