import type { PeriodId } from '@ledger/domain';
import type { ManagementAccounts, PostedAdjustment } from '@ledger/read-model';
import { formatPeriod, formatPounds } from '../../formatting/display';
import { agreementPagePath } from '../../web-paths';
import { moneyCell, numericHead, type ReportSection } from './report-tables';

const ADJUSTMENT_KINDS: Record<PostedAdjustment['kind'], string> = {
  'prior-period': 'Prior period',
  'prior-year': 'Prior year',
};

const CARRY_KINDS = { 'carried-forward': 'Carried forward', 'brought-forward': 'Brought forward' };

/** The closed months as links to their accounts, the one shown marked. */
export function closedMonthLinks(
  agreementId: string,
  closedPeriods: readonly PeriodId[],
  shown: PeriodId | null,
  knownAt: string | undefined,
) {
  const path = agreementPagePath(agreementId, 'managementAccounts');
  return [...closedPeriods].sort().map((period) => {
    const query = new URLSearchParams({ period });
    if (knownAt !== undefined) query.set('knownAt', knownAt);
    return {
      text: formatPeriod(period),
      href: `${path}?${query.toString()}`,
      current: period === shown,
    };
  });
}

/**
 * One closed month's accounts: the month by service line (its own cost and its adjustments'
 * apart), each adjustment with the agreement and period it belongs to, reinvestment,
 * carry-forwards, retained savings, and the year to date, as the use case answers them.
 */
export function managementAccountsSections(accounts: ManagementAccounts): ReportSection[] {
  const month = formatPeriod(accounts.period);
  const lineNames = ['All service lines'];
  const adjustments = accounts.lines.flatMap((line) =>
    line.adjustments.map((adjustment) => ({ serviceLine: line.serviceLine, adjustment })),
  );
  const r = accounts.retainedSavings;
  return [
    {
      heading: month,
      tables: [
        {
          caption: `Posted in ${month}, by service line`,
          responsive: true,
          firstCellIsHeader: true,
          head: [
            { text: 'Service line' },
            numericHead('Budget'),
            numericHead("Month's own cost"),
            numericHead('Adjustments'),
            numericHead('Total cost'),
            numericHead('Savings'),
            numericHead('Variance'),
          ],
          rows: [
            ...accounts.lines.map((line) => [
              { text: line.serviceLine },
              moneyCell(line.month.budget),
              moneyCell(line.month.cost.own.total),
              moneyCell(line.month.cost.adjustments.total),
              moneyCell(line.month.cost.total.total),
              moneyCell(line.month.savings.total),
              moneyCell(line.month.variance),
            ]),
            [
              { text: lineNames[0] },
              moneyCell(accounts.totals.month.budget),
              moneyCell(accounts.totals.month.cost.own.total),
              moneyCell(accounts.totals.month.cost.adjustments.total),
              moneyCell(accounts.totals.month.cost.total.total),
              moneyCell(accounts.totals.month.savings.total),
              moneyCell(accounts.totals.month.variance),
            ],
          ],
        },
      ],
    },
    {
      heading: 'Adjustments',
      paragraphs:
        adjustments.length === 0
          ? [`No adjustment for an earlier month was posted in ${month}.`]
          : [
              `Differences a close found for earlier months, posted in ${month}: each belongs ` +
                'to the agreement and month shown, and is not part of this month’s own cost.',
            ],
      tables:
        adjustments.length === 0
          ? []
          : [
              {
                caption: `Adjustments posted in ${month}`,
                responsive: true,
                firstCellIsHeader: true,
                head: [
                  { text: 'Service line' },
                  { text: 'Kind' },
                  { text: 'Belongs to agreement' },
                  { text: 'Belongs to month' },
                  numericHead('Cost'),
                  numericHead('Savings'),
                ],
                rows: adjustments.map(({ serviceLine, adjustment }) => [
                  { text: serviceLine },
                  { text: ADJUSTMENT_KINDS[adjustment.kind] },
                  { text: adjustment.belongsToAgreementId },
                  { text: formatPeriod(adjustment.period) },
                  moneyCell(adjustment.cost.total),
                  moneyCell(adjustment.savings),
                ]),
              },
            ],
    },
    {
      heading: 'Reinvestment and retained savings',
      tables: [
        {
          caption: 'Reinvestment by scheme',
          responsive: true,
          firstCellIsHeader: true,
          head: [{ text: 'Scheme' }, numericHead(`In ${month}`), numericHead('Year to date')],
          rows: [
            ...accounts.reinvestment.byScheme.map((row) => [
              { text: row.schemeId },
              moneyCell(row.month),
              moneyCell(row.yearToDate),
            ]),
            [
              { text: 'All schemes' },
              moneyCell(accounts.reinvestment.month),
              moneyCell(accounts.reinvestment.yearToDate),
            ],
          ],
        },
        ...(accounts.carryForwards.length === 0
          ? []
          : [
              {
                caption: `Carry-forwards posted in ${month}`,
                firstCellIsHeader: true,
                head: [
                  { text: 'Kind' },
                  { text: 'From agreement' },
                  { text: 'To agreement' },
                  numericHead('Amount'),
                ],
                rows: accounts.carryForwards.map((row) => [
                  { text: CARRY_KINDS[row.kind] },
                  { text: row.fromAgreementId },
                  { text: row.toAgreementId },
                  moneyCell(row.amount),
                ]),
              },
            ]),
      ],
      summary: {
        rows: [
          ['Retained savings at the start of the month', r.opening],
          ['Savings recognised', r.recognised],
          ['Brought forward', r.broughtForward],
          ['Reinvested', r.reinvested],
          ['Carried forward', r.carriedForward],
          ['Retained savings at the end of the month', r.closing],
        ].map(([key, amount]) => ({ key: { text: key }, value: { text: formatPounds(amount) } })),
      },
    },
    {
      heading: 'Year to date',
      tables: [
        {
          caption: `Year to date, ${formatPeriod(accounts.yearToDateFrom)} to ${month}`,
          responsive: true,
          firstCellIsHeader: true,
          head: [
            { text: 'Service line' },
            numericHead('Budget'),
            numericHead('Cost'),
            numericHead('Savings'),
            numericHead('Variance'),
          ],
          rows: [
            ...accounts.lines.map((line) => [
              { text: line.serviceLine },
              moneyCell(line.yearToDate.budget),
              moneyCell(line.yearToDate.cost.total),
              moneyCell(line.yearToDate.savings),
              moneyCell(line.yearToDate.variance),
            ]),
            [
              { text: 'All service lines' },
              moneyCell(accounts.totals.yearToDate.budget),
              moneyCell(accounts.totals.yearToDate.cost.total),
              moneyCell(accounts.totals.yearToDate.savings),
              moneyCell(accounts.totals.yearToDate.variance),
            ],
          ],
        },
      ],
    },
  ];
}
