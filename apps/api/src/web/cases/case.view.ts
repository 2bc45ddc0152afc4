import type { CaseSummary } from '@ledger/commands';
import { addDays, registeredRatedNights, type CalendarDate } from '@ledger/domain';
import { formatPence, penceOf, type SavingsReport } from '@ledger/read-model';
import { formatCalendarDate, formatPeriod, formatPounds } from '../formatting/display';
import { escapeHtml, tagHtml } from '../pages/html';
import { agreementPath } from '../web-paths';

const SETTING_NAMES: Record<string, string> = {
  'in-area': 'In area',
  'out-of-area': 'Out of area',
};
const money = (amount: string) => ({ text: formatPounds(amount), format: 'numeric' });

interface TimelineEntry {
  date: CalendarDate;
  text: string;
}

/**
 * The case's story in date order: referral, each placement's start, rate changes and end,
 * repatriations and discharge. Entries of one date keep the order the case records them in.
 */
function timeline(summary: CaseSummary): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ date: summary.referralDate, text: 'Referred' }];
  for (const placement of summary.placements) {
    const [first, ...changes] = placement.rates;
    entries.push({
      date: placement.startDate,
      text:
        `Placement ${placement.placementId} started: ${SETTING_NAMES[placement.setting] ?? placement.setting}, ` +
        `${placement.providerCode}, ${placement.bedType} bed, ${placement.distanceFromHomeKm} km from home, ` +
        `${formatPounds(first.dailyRate)} a night`,
    });
    for (const change of changes) {
      entries.push({
        date: change.effectiveDate,
        text: `Rate of placement ${placement.placementId} changed to ${formatPounds(change.dailyRate)} a night`,
      });
    }
  }
  for (const repatriation of summary.repatriations) {
    entries.push({
      date: repatriation.repatriationDate,
      text:
        `Repatriated from placement ${repatriation.outOfAreaPlacementId} to ` +
        `${repatriation.inAreaPlacementId}; savings are measured against ` +
        `${formatPounds(repatriation.outOfAreaDailyRate)} a night`,
    });
  }
  const repatriatedFrom = new Set(summary.repatriations.map((r) => r.outOfAreaPlacementId));
  for (const placement of summary.placements) {
    if (placement.endDate === null || repatriatedFrom.has(placement.placementId)) continue;
    if (placement.endDate === summary.dischargeDate) continue;
    entries.push({ date: placement.endDate, text: `Placement ${placement.placementId} ended` });
  }
  if (summary.dischargeDate !== null) {
    entries.push({ date: summary.dischargeDate, text: 'Discharged; any open placement ended' });
  }
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) =>
      a.entry.date < b.entry.date ? -1 : a.entry.date > b.entry.date ? 1 : a.order - b.order,
    )
    .map(({ entry }) => entry);
}

/**
 * Each placement with the nights and cost it produced in the agreement's financial year to
 * the business date of the agreement's reports (`savings.asOf`): the domain's own rule for
 * charged nights (`registeredRatedNights`, what the budget report and the closes count), each
 * night at the rate in force, added in pence.
 */
function placementsTable(summary: CaseSummary, savings: SavingsReport) {
  const pieces = registeredRatedNights(
    summary,
    { financialYear: savings.financialYear },
    addDays(savings.asOf, 1),
  );
  const byPlacement = new Map<string, { nights: number; pence: bigint }>();
  for (const piece of pieces) {
    const figures = byPlacement.get(piece.placement.placementId) ?? { nights: 0, pence: 0n };
    figures.nights += piece.nights;
    figures.pence += penceOf(piece.dailyRate) * BigInt(piece.nights);
    byPlacement.set(piece.placement.placementId, figures);
  }
  return {
    caption: `Placements: nights and cost in ${savings.financialYear} to ${formatCalendarDate(savings.asOf)}`,
    responsive: true,
    firstCellIsHeader: true,
    head: [
      { text: 'Placement' },
      { text: 'Setting' },
      { text: 'Provider' },
      { text: 'From' },
      { text: 'Until' },
      { text: 'Nights', format: 'numeric' },
      { text: 'Cost', format: 'numeric' },
    ],
    rows: summary.placements.map((placement) => {
      const figures = byPlacement.get(placement.placementId) ?? { nights: 0, pence: 0n };
      return [
        { text: placement.placementId },
        { text: SETTING_NAMES[placement.setting] ?? placement.setting },
        { text: placement.providerCode },
        { text: formatCalendarDate(placement.startDate) },
        { text: placement.endDate ? formatCalendarDate(placement.endDate) : 'Still open' },
        { text: String(figures.nights), format: 'numeric' },
        money(formatPence(figures.pence)),
      ];
    }),
  };
}

/** The case's savings by month, as the savings report of its agreement gives them. */
function savingsTable(summary: CaseSummary, savings: SavingsReport) {
  const mine = savings.byCase.find((row) => row.caseId === summary.caseId);
  if (!mine) return null;
  return {
    caption: `Savings from repatriation to ${formatCalendarDate(savings.asOf)}`,
    responsive: true,
    firstCellIsHeader: true,
    head: [
      { text: 'Month' },
      { text: 'Status' },
      { text: 'Saving', format: 'numeric' },
      { text: 'Pending adjustment', format: 'numeric' },
    ],
    rows: [
      ...mine.periods.map((row) => [
        { text: formatPeriod(row.period) },
        {
          html:
            row.status === 'posted' ? tagHtml('Posted', 'grey') : tagHtml('Provisional', 'blue'),
        },
        money(row.amount),
        money(row.pendingAdjustment),
      ]),
      [{ text: 'Total' }, { text: '' }, money(mine.total), { text: '' }],
    ],
  };
}

/** Everything the case page reads. The patient appears only by the pseudonym the ledger holds. */
export function caseView(summary: CaseSummary, savings: SavingsReport) {
  return {
    caseId: summary.caseId,
    details: {
      rows: [
        { key: { text: 'Patient reference' }, value: { text: summary.patientRef } },
        {
          key: { text: 'Agreement' },
          value: {
            html: `<a href="${agreementPath(summary.agreementId)}">${escapeHtml(summary.agreementId)}</a>`,
          },
        },
        { key: { text: 'Service line' }, value: { text: summary.serviceLine } },
        { key: { text: 'Referred' }, value: { text: formatCalendarDate(summary.referralDate) } },
        {
          key: { text: 'Status' },
          value: {
            text:
              summary.dischargeDate === null
                ? 'Open'
                : `Discharged on ${formatCalendarDate(summary.dischargeDate)}`,
          },
        },
      ],
    },
    timelineTable: {
      caption: 'Timeline',
      firstCellIsHeader: true,
      head: [{ text: 'Date' }, { text: 'What happened' }],
      rows: timeline(summary).map((entry) => [
        { text: formatCalendarDate(entry.date) },
        { text: entry.text },
      ]),
    },
    placementsTable: summary.placements.length > 0 ? placementsTable(summary, savings) : null,
    savingsTable: savingsTable(summary, savings),
  };
}
