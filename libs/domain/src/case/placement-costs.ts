import type { CalendarDate } from '../calendar/calendar-date';
import type { PlacementPeriodCost } from '../ledger/period-figures';
import { formatMoney } from '../money/money';
import {
  caseUnderAgreement,
  countableNights,
  PeriodTotals,
  type CaseHistory,
} from './case-history';
import type { AgreementTerms } from './case.context';
import type { CasePlacement, RegisteredCase } from './case.state';
import { intersectRanges, nightsByPeriod, type NightRange } from './night-range';
import { rateSegments } from './rate-timeline';

/**
 * Accrued cost per (placement, period): for each night a placement was charged, the rate in
 * force that night. A placement from S to E is charged for nights S … E − 1; an open one for
 * nights up to, not including, `measuredAt`. Only nights inside the agreement's financial year
 * count. Periods without a night are left out; a night at a 0 rate (a block-funded bed) is a
 * bed day with no cost and is kept.
 *
 * The work is one step per (rate segment × period), never one per night.
 */
export function placementCostsByPeriod(
  history: CaseHistory,
  terms: AgreementTerms,
  measuredAt: CalendarDate,
): PlacementPeriodCost[] {
  const registered = caseUnderAgreement(history, terms);
  if (!registered) return [];
  const countable = countableNights(terms, measuredAt);
  return registered.placements.flatMap((placement) =>
    placementCosts(registered, placement, countable),
  );
}

/** The nights a placement is charged for within `countable`. */
export function chargedNights(placement: CasePlacement, countable: NightRange): NightRange {
  const stay = { from: placement.startDate, until: placement.endDate ?? countable.until };
  return intersectRanges(stay, countable);
}

function placementCosts(
  registered: RegisteredCase,
  placement: CasePlacement,
  countable: NightRange,
): PlacementPeriodCost[] {
  const totals = new PeriodTotals();
  for (const segment of rateSegments(placement.rates, chargedNights(placement, countable))) {
    for (const { period, nights } of nightsByPeriod(segment.nights)) {
      totals.add(period, nights, segment.dailyRate.times(nights));
    }
  }
  return totals.inPeriodOrder().map(({ period, nights, amount }) => ({
    caseId: registered.caseId,
    placementId: placement.placementId,
    serviceLine: registered.serviceLine,
    setting: placement.setting,
    providerCode: placement.providerCode,
    period,
    bedDays: nights,
    amount: formatMoney(amount),
  }));
}
