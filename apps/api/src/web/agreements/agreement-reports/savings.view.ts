import type { SavingsReport } from '@ledger/read-model';
import { formatCalendarDate, formatPeriod, formatPounds } from '../../formatting/display';
import { tagHtml } from '../../pages/html';
import { casePath } from '../../web-paths';
import { moneyCell, numericHead, type ReportSection } from './report-tables';

const summaryRow = (key: string, amount: string) => ({
  key: { text: key },
  value: { text: formatPounds(amount) },
});

/**
 * The savings page: savings recognised (posted and provisional), savings by month and by case,
 * reinvestment by scheme and the retained savings available, every amount as the report gives it.
 */
export function savingsSections(report: SavingsReport): ReportSection[] {
  const to = formatCalendarDate(report.asOf);
  return [
    {
      heading: `Savings to ${to}`,
      summary: {
        rows: [
          summaryRow('Posted', report.recognised.posted),
          summaryRow('Provisional', report.recognised.provisional),
          summaryRow('Total recognised', report.recognised.total),
          summaryRow('Reinvestment committed', report.reinvestment.total),
          summaryRow('Retained savings available', report.retainedSavingsAvailable),
        ],
      },
      paragraphs: [
        'Posted savings come from closed months; provisional ones are computed live for open ' +
          'months and are not available to commit until their month is closed.',
      ],
    },
    {
      tables: [
        {
          caption: 'Savings by month',
          responsive: true,
          firstCellIsHeader: true,
          head: [
            { text: 'Month' },
            { text: 'Status' },
            numericHead('Saving'),
            numericHead('Pending adjustment'),
          ],
          rows: report.byPeriod.map((row) => [
            { text: formatPeriod(row.period) },
            {
              html:
                row.status === 'posted'
                  ? tagHtml('Posted', 'grey')
                  : tagHtml('Provisional', 'blue'),
            },
            moneyCell(row.amount),
            moneyCell(row.pendingAdjustment),
          ]),
        },
        {
          caption: 'Savings by case',
          responsive: true,
          firstCellIsHeader: true,
          head: [
            { text: 'Case' },
            { text: 'Service line' },
            { text: 'Repatriated on' },
            numericHead('Out-of-area rate saved against'),
            numericHead('Total saving'),
          ],
          rows: report.byCase.map((row) => [
            { text: row.caseId, href: casePath(row.caseId) },
            { text: row.serviceLine },
            {
              text:
                row.repatriations.map((r) => formatCalendarDate(r.repatriationDate)).join(', ') ||
                'Not repatriated',
            },
            {
              text:
                row.repatriations.map((r) => formatPounds(r.outOfAreaDailyRate)).join(', ') ||
                'None',
              format: 'numeric',
            },
            moneyCell(row.total),
          ]),
        },
        {
          caption: 'Reinvestment by scheme',
          responsive: true,
          firstCellIsHeader: true,
          head: [{ text: 'Scheme' }, numericHead('Committed')],
          rows: [
            ...report.reinvestment.byScheme.map((row) => [
              { text: row.schemeId },
              moneyCell(row.committed),
            ]),
            [{ text: 'All schemes' }, moneyCell(report.reinvestment.total)],
          ],
        },
      ],
    },
  ];
}
