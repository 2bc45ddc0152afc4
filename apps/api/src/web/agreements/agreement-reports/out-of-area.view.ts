import type { OapMetricsReport } from '@ledger/read-model';
import { formatCalendarDate, formatPeriod } from '../../formatting/display';
import { moneyCell, numberCell, numericHead, type ReportSection } from './report-tables';

/** "+1.5", "-3.0", "0.0": a change with its sign, so a fall and a rise read apart. */
const change = (value: string | null) =>
  numberCell(
    value === null ? null : /^-|^0(\.0)?$/.test(value) ? value : `+${value}`,
    'Not comparable',
  );

/**
 * The out-of-area metrics page: one row a month, every figure as the report gives it. A month
 * still running at the business date says to which day its figures run.
 */
export function outOfAreaSections(report: OapMetricsReport): ReportSection[] {
  return [
    {
      tables: [
        {
          caption: `Out-of-area placements by month, to ${formatCalendarDate(report.asOf)}`,
          responsive: true,
          firstCellIsHeader: true,
          head: [
            { text: 'Month' },
            numericHead('Active at month end'),
            numericHead('Started'),
            numericHead('Ended'),
            numericHead('Bed days'),
            numericHead('Cost'),
            numericHead('Mean distance from home (km)'),
            numericHead('Mean distance from home (miles)'),
            numericHead('Change (km)'),
            numericHead('Change (miles)'),
            numericHead('Repatriations'),
          ],
          rows: report.periods.map((row) => [
            {
              text: row.complete
                ? formatPeriod(row.period)
                : `${formatPeriod(row.period)}, to ${formatCalendarDate(row.countedOn)}`,
            },
            numberCell(row.activeAtPeriodEnd),
            numberCell(row.started),
            numberCell(row.ended),
            numberCell(row.bedDays),
            moneyCell(row.cost),
            numberCell(row.meanDistanceKm),
            numberCell(row.meanDistanceMiles),
            change(row.changeKm),
            change(row.changeMiles),
            numberCell(row.repatriations),
          ]),
        },
      ],
      paragraphs: [
        'Active placements and mean distance are counted on the last night of the month. ' +
          'Mean distance is of the placements active then; "None" means nobody was out of ' +
          'area, and a change is shown only when both months had someone out of area.',
        'These are activity figures: a fact recorded late restates the month it belongs to.',
      ],
    },
  ];
}
