import type { ChainReport } from '@ledger/read-model';
import { formatCalendarDate, formatPounds } from '../../formatting/display';
import { agreementPath } from '../../web-paths';
import { moneyCell, numberCell, numericHead, type ReportSection } from './report-tables';

/**
 * The chain page: the agreements of the chain year by year, each from its own accounts, with
 * the year's out-of-area metrics and the totals across the years, as the chain report gives them.
 */
export function chainSections(report: ChainReport): ReportSection[] {
  const { totals } = report;
  const yearCell = (year: ChainReport['years'][number]) => ({
    text: year.agreementId,
    href: agreementPath(year.agreementId),
  });
  const runsTo = (year: ChainReport['years'][number]) => ({
    text: year.complete
      ? `${year.financialYear}`
      : `${year.financialYear}, to ${formatCalendarDate(year.asOf)}`,
  });
  return [
    {
      paragraphs: [
        ...(report.yearsOmitted > 0
          ? [
              `${report.yearsOmitted} year${report.yearsOmitted === 1 ? '' : 's'} of the chain ` +
                'left out: your organisation is not party to their agreements.',
            ]
          : []),
      ],
      tables: [
        {
          caption: `Money by year, to ${formatCalendarDate(report.asOf)}`,
          responsive: true,
          firstCellIsHeader: true,
          head: [
            { text: 'Agreement' },
            { text: 'Financial year' },
            numericHead('Budget delegated'),
            numericHead('Spend'),
            numericHead('Savings recognised'),
            numericHead('Reinvestment committed'),
            numericHead('Retained savings'),
            numericHead('Carried forward'),
            numericHead('Brought forward'),
          ],
          rows: [
            ...report.years.map((year) => [
              yearCell(year),
              runsTo(year),
              moneyCell(year.budgetDelegated),
              moneyCell(year.spend),
              moneyCell(year.savingsRecognised),
              moneyCell(year.reinvestmentCommitted),
              moneyCell(year.retainedSavings),
              {
                text: year.carriedForward === null ? 'Not yet' : formatPounds(year.carriedForward),
                format: 'numeric',
              },
              moneyCell(year.broughtForward),
            ]),
            [
              { text: 'All years' },
              { text: '' },
              moneyCell(totals.budgetDelegated),
              moneyCell(totals.spend),
              moneyCell(totals.savingsRecognised),
              moneyCell(totals.reinvestmentCommitted),
              moneyCell(totals.retainedSavings),
              moneyCell(totals.carriedForward),
              moneyCell(totals.broughtForward),
            ],
          ],
        },
        {
          caption: 'Out-of-area placements by year',
          responsive: true,
          firstCellIsHeader: true,
          head: [
            { text: 'Agreement' },
            numericHead('Active at year end'),
            numericHead('Started'),
            numericHead('Ended'),
            numericHead('Bed days'),
            numericHead('Cost'),
            numericHead('Mean distance from home (km)'),
            numericHead('Repatriations'),
          ],
          rows: [
            ...report.years.map((year) => [
              yearCell(year),
              numberCell(year.oapMetrics.activeAtYearEnd),
              numberCell(year.oapMetrics.started),
              numberCell(year.oapMetrics.ended),
              numberCell(year.oapMetrics.bedDays),
              moneyCell(year.oapMetrics.cost),
              numberCell(year.oapMetrics.meanDistanceKm),
              numberCell(year.oapMetrics.repatriations),
            ]),
            [
              { text: 'All years' },
              { text: 'Not added up', format: 'numeric' },
              numberCell(totals.oapMetrics.started),
              numberCell(totals.oapMetrics.ended),
              numberCell(totals.oapMetrics.bedDays),
              moneyCell(totals.oapMetrics.cost),
              { text: 'Not added up', format: 'numeric' },
              numberCell(totals.oapMetrics.repatriations),
            ],
          ],
        },
      ],
    },
  ];
}
