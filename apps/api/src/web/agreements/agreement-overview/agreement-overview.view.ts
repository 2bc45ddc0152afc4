import type { AgreementSummary } from '@ledger/commands';
import type { PeriodId } from '@ledger/domain';
import {
  formatPence,
  penceOf,
  type BudgetReport,
  type ServiceLineBudget,
} from '@ledger/read-model';
import { formatCalendarDate, formatPeriod, formatPounds } from '../../formatting/display';
import { tagHtml } from '../../pages/html';
import { agreementPath } from '../../web-paths';
import { agreementNavigation, timeTravelView } from '../agreement-pages';
import { timeTravelQuery, type TimeTravel } from './time-travel';

const money = (amount: string) => ({ text: formatPounds(amount), format: 'numeric' });

/** The line's flags as NHS.UK tags: overspent to date, an overspend forecast, or neither. */
function lineStatus(overspent: boolean, overspendForecast: boolean): { html: string } {
  const tags = [
    ...(overspent ? [tagHtml('Overspent', 'red')] : []),
    ...(overspendForecast ? [tagHtml('Overspend forecast', 'orange')] : []),
  ];
  return { html: tags.length > 0 ? tags.join(' ') : tagHtml('Within budget', 'green') };
}

function lineRow(line: ServiceLineBudget) {
  return [
    { text: line.serviceLine },
    money(line.fullYearBudget),
    money(line.budgetToDate),
    money(line.spendToDate.total),
    money(line.variance),
    money(line.forecast.outturn),
    lineStatus(line.overspent, line.forecast.overspendForecast),
  ];
}

/**
 * Budget against actual by service line, with the agreement's totals: nhsuk-frontend table
 * parameters, every amount as the report gives it, written as pounds.
 */
export function budgetTable(report: BudgetReport) {
  const { totals } = report;
  const overspendForecast = report.lines.some((line) => line.forecast.overspendForecast);
  return {
    caption: `Budget against actual to ${formatCalendarDate(report.asOf)}`,
    responsive: true,
    firstCellIsHeader: true,
    head: [
      { text: 'Service line' },
      { text: 'Full-year budget', format: 'numeric' },
      { text: 'Budget to date', format: 'numeric' },
      { text: 'Spend to date', format: 'numeric' },
      { text: 'Variance', format: 'numeric' },
      { text: 'Forecast outturn', format: 'numeric' },
      { text: 'Status' },
    ],
    rows: [
      ...report.lines.map(lineRow),
      [
        { text: 'All service lines' },
        money(totals.fullYearBudget),
        money(totals.budgetToDate),
        money(totals.spendToDate),
        money(totals.variance),
        money(totals.forecastOutturn),
        lineStatus(totals.overspent, overspendForecast),
      ],
    ],
  };
}

/**
 * The periods to the business date, each with its status as the report found it (closed and
 * posted, or open and computed live) and its budget and spend across the lines, added in pence.
 */
export function periodsTable(report: BudgetReport) {
  const periods = new Map<PeriodId, { posted: boolean; budget: bigint; spend: bigint }>();
  for (const line of report.lines) {
    for (const row of line.periods) {
      const period = periods.get(row.period) ?? { posted: true, budget: 0n, spend: 0n };
      period.posted &&= row.status === 'posted';
      period.budget += penceOf(row.budget);
      period.spend += penceOf(row.spend.total);
      periods.set(row.period, period);
    }
  }
  return {
    caption: 'Periods',
    responsive: true,
    firstCellIsHeader: true,
    head: [
      { text: 'Period' },
      { text: 'Status' },
      { text: 'Budget', format: 'numeric' },
      { text: 'Spend', format: 'numeric' },
    ],
    rows: [...periods].map(([period, figures]) => [
      { text: formatPeriod(period) },
      {
        html: figures.posted ? tagHtml('Closed', 'grey') : tagHtml('Open', 'blue'),
      },
      money(formatPence(figures.budget)),
      money(formatPence(figures.spend)),
    ]),
  };
}

/** Everything the overview template reads. */
export function agreementOverviewView(
  summary: AgreementSummary,
  report: BudgetReport | null,
  travel: TimeTravel,
) {
  const query = timeTravelQuery(travel);
  const path = agreementPath(summary.agreementId);
  return {
    agreement: {
      ...summary,
      path,
      predecessorHref: summary.predecessorAgreementId
        ? agreementPath(summary.predecessorAgreementId)
        : null,
      successorHref: summary.successorAgreementId
        ? agreementPath(summary.successorAgreementId)
        : null,
    },
    navigation: agreementNavigation(summary.agreementId, 'overview', travel),
    timeTravel: timeTravelView(travel, report !== null),
    timeTravelForm: { action: path, asOf: true, hidden: [] },
    report: report && {
      asOf: formatCalendarDate(report.asOf),
      budgetTable: budgetTable(report),
      periodsTable: periodsTable(report),
      downloads: {
        csv: `${path}/budget.csv${query}`,
        xlsx: `${path}/budget.xlsx${query}`,
      },
    },
  };
}
