import type { ChainReport } from '@ledger/read-model';
import {
  totalRow,
  type CellValue,
  type ColumnKind,
  type ReportColumn,
  type ReportDocument,
  type ReportSection,
} from './report-document';

/**
 * The chain report as tables (see report-document.ts): `by-year`, the money of each agreement of
 * the chain, and `oap-metrics`, its year's out-of-area metrics; one row per year, oldest first,
 * and a `Total` row under each. The totals are the sums of the rows shown, added up in integer
 * pence (a year whose carry-forward is not recorded yet adds nothing to that column), so they
 * equal the JSON's `totals`. Active OAPs at year end and mean distances are counted on one night
 * of each year: they do not add up across years, and their total cells stay empty.
 */

const col = (key: string, label: string, kind: ColumnKind): ReportColumn => ({ key, label, kind });

function section(
  key: string,
  title: string,
  columns: ReportColumn[],
  rows: CellValue[][],
  totals: string[],
): ReportSection {
  return {
    key,
    title,
    labelColumn: 'agreement_id',
    columns,
    rows,
    leading: [],
    trailing: [totalRow('Total', columns, rows, totals)],
  };
}

export function chainReportDocument(report: ChainReport): ReportDocument {
  const byYearColumns = [
    col('agreement_id', 'Agreement', 'text'),
    col('financial_year', 'Financial year', 'text'),
    col('as_of', 'Figures to', 'date'),
    col('complete', 'Year complete', 'flag'),
    col('budget_delegated_gbp', 'Budget delegated', 'money'),
    col('spend_gbp', 'Spend', 'money'),
    col('savings_recognised_gbp', 'Savings recognised', 'money'),
    col('reinvestment_committed_gbp', 'Reinvestment committed', 'money'),
    col('retained_savings_gbp', 'Retained savings', 'money'),
    col('carried_forward_gbp', 'Carried forward', 'money'),
    col('brought_forward_gbp', 'Brought forward', 'money'),
  ];
  const oapColumns = [
    col('agreement_id', 'Agreement', 'text'),
    col('financial_year', 'Financial year', 'text'),
    col('counted_on', 'Counted on', 'date'),
    col('active_at_year_end', 'Active OAPs at year end', 'count'),
    col('started', 'Started', 'count'),
    col('ended', 'Ended', 'count'),
    col('bed_days', 'OAP bed days', 'count'),
    col('cost_gbp', 'OAP cost', 'money'),
    col('mean_distance_km', 'Mean distance (km)', 'distance'),
    col('mean_distance_miles', 'Mean distance (miles)', 'distance'),
    col('repatriations', 'Repatriations', 'count'),
  ];
  const moneyKeys = byYearColumns.filter((c) => c.kind === 'money').map((c) => c.key);
  return {
    report: 'chain-report',
    title: 'Chain of agreements, year by year',
    agreementId: report.agreementId,
    about: [
      { label: 'Agreement asked for', value: report.agreementId, kind: 'text' },
      { label: 'As of', value: report.asOf, kind: 'date' },
      { label: 'Known at log position', value: report.knownAt, kind: 'count' },
      {
        label: 'Years omitted (not yours to read)',
        value: report.yearsOmitted,
        kind: 'count',
      },
      {
        label: 'Not summed',
        value:
          'Active OAPs at year end and mean distances are counted on one night of each year; ' +
          'their totals are left empty.',
        kind: 'text',
      },
    ],
    sections: [
      section(
        'by-year',
        'By year',
        byYearColumns,
        report.years.map((y) => [
          y.agreementId,
          y.financialYear,
          y.asOf,
          y.complete,
          y.budgetDelegated,
          y.spend,
          y.savingsRecognised,
          y.reinvestmentCommitted,
          y.retainedSavings,
          y.carriedForward,
          y.broughtForward,
        ]),
        moneyKeys,
      ),
      section(
        'oap-metrics',
        'Out-of-area metrics',
        oapColumns,
        report.years.map((y) => [
          y.agreementId,
          y.financialYear,
          y.oapMetrics.countedOn,
          y.oapMetrics.activeAtYearEnd,
          y.oapMetrics.started,
          y.oapMetrics.ended,
          y.oapMetrics.bedDays,
          y.oapMetrics.cost,
          y.oapMetrics.meanDistanceKm,
          y.oapMetrics.meanDistanceMiles,
          y.oapMetrics.repatriations,
        ]),
        ['started', 'ended', 'bed_days', 'cost_gbp', 'repatriations'],
      ),
    ],
  };
}
