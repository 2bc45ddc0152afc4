import type { PeriodId } from '../calendar/financial-year';
import type { CasePeriodSaving, PlacementPeriodCost } from '../ledger/period-figures';
import { formatMoney, money, type Money } from '../money/money';
import type { RestatedPeriod } from './agreement.commands';
import type { PriorPeriodAdjustments } from './agreement.events';

/**
 * What has been posted for each closed period so far: its own close plus every later
 * prior-period adjustment for it, netted per placement and per case. A close compares a
 * period's restated figures with these to find the difference it must post.
 *
 * Kept compact: one entry per (case, placement) cost and per case saving of a period, and an
 * entry that nets to nothing (no money, no nights) is dropped.
 *
 * The key holds the accounts a figure posts to (service line, setting, provider) as well as
 * its ids, so a restated figure that names other accounts reverses the old posting and posts
 * the new one in full, instead of moving a difference between the wrong accounts.
 */
export interface PostedPeriod {
  costs: Record<string, PlacementPeriodCost>;
  savings: Record<string, CasePeriodSaving>;
}

export type PostedFigures = Record<PeriodId, PostedPeriod>;

/** JSON array keys: unambiguous whatever the ids hold, and never an Object.prototype name. */
const costKey = (cost: PlacementPeriodCost): string =>
  JSON.stringify([
    cost.caseId,
    cost.placementId,
    cost.serviceLine,
    cost.setting,
    cost.providerCode,
  ]);
const savingKey = (saving: CasePeriodSaving): string =>
  JSON.stringify([saving.caseId, saving.serviceLine]);

const EMPTY_PERIOD: PostedPeriod = { costs: {}, savings: {} };

function entry<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const amountOf = (figure: { amount: string } | undefined): Money => money(figure?.amount ?? '0');

/** Whether a figure or a difference holds anything: nights, money, or both. */
const changed = (nights: number, amount: Money): boolean => nights !== 0 || !amount.isZero();

/** Sets the key, or removes it when the value is null. */
function setEntry<T>(record: Record<string, T>, key: string, value: T | null): void {
  if (value === null) delete record[key];
  else record[key] = value;
}

// ---- Folding posted figures into the state ----

function addCost(period: PostedPeriod, cost: PlacementPeriodCost): void {
  const key = costKey(cost);
  const before = entry(period.costs, key);
  const bedDays = (before?.bedDays ?? 0) + cost.bedDays;
  const amount = amountOf(before).plus(money(cost.amount));
  setEntry(
    period.costs,
    key,
    changed(bedDays, amount) ? { ...cost, bedDays, amount: formatMoney(amount) } : null,
  );
}

function addSaving(period: PostedPeriod, saving: CasePeriodSaving): void {
  const key = savingKey(saving);
  const before = entry(period.savings, key);
  const nights = (before?.nights ?? 0) + saving.nights;
  const amount = amountOf(before).plus(money(saving.amount));
  setEntry(
    period.savings,
    key,
    changed(nights, amount) ? { ...saving, nights, amount: formatMoney(amount) } : null,
  );
}

/**
 * Adds a close's figures, its own and its adjustments, each to the period it belongs to.
 * Returns a new record and never mutates the old one, so evolve stays pure: each period the
 * close touches is copied once, then the copy takes every figure (copying it per figure made
 * folding a close of n lines cost n², minutes for the closes of a national-scale agreement).
 */
export function withPostedFigures(
  posted: PostedFigures,
  costs: readonly PlacementPeriodCost[],
  savings: readonly CasePeriodSaving[],
): PostedFigures {
  const next: PostedFigures = { ...posted };
  const copied = new Map<PeriodId, PostedPeriod>();
  const periodOf = (period: PeriodId): PostedPeriod => {
    let copy = copied.get(period);
    if (copy === undefined) {
      const before = entry(posted, period) ?? EMPTY_PERIOD;
      copy = { costs: { ...before.costs }, savings: { ...before.savings } };
      copied.set(period, copy);
      next[period] = copy;
    }
    return copy;
  };
  for (const cost of costs) addCost(periodOf(cost.period), cost);
  for (const saving of savings) addSaving(periodOf(saving.period), saving);
  return next;
}

// ---- The differences a close posts ----

function costDifferences(posted: PostedPeriod, restated: RestatedPeriod): PlacementPeriodCost[] {
  const restatedKeys = new Set(restated.accruedCosts.map(costKey));
  const differences = restated.accruedCosts.map((cost) => {
    const before = entry(posted.costs, costKey(cost));
    const amount = money(cost.amount).minus(amountOf(before));
    return { ...cost, bedDays: cost.bedDays - (before?.bedDays ?? 0), amount };
  });
  // Posted, but no longer in the period's figures (e.g. a back-dated end before the period).
  const withdrawn = Object.entries(posted.costs)
    .filter(([key]) => !restatedKeys.has(key))
    .map(([, before]) => ({ ...before, bedDays: -before.bedDays, amount: amountOf(before).neg() }));
  return [...differences, ...withdrawn]
    .filter((cost) => changed(cost.bedDays, cost.amount))
    .map((cost) => ({ ...cost, period: restated.period, amount: formatMoney(cost.amount) }));
}

function savingDifferences(posted: PostedPeriod, restated: RestatedPeriod): CasePeriodSaving[] {
  const restatedKeys = new Set(restated.recognisedSavings.map(savingKey));
  const differences = restated.recognisedSavings.map((saving) => {
    const before = entry(posted.savings, savingKey(saving));
    const amount = money(saving.amount).minus(amountOf(before));
    return { ...saving, nights: saving.nights - (before?.nights ?? 0), amount };
  });
  const withdrawn = Object.entries(posted.savings)
    .filter(([key]) => !restatedKeys.has(key))
    .map(([, before]) => ({ ...before, nights: -before.nights, amount: amountOf(before).neg() }));
  return [...differences, ...withdrawn]
    .filter((saving) => changed(saving.nights, saving.amount))
    .map((saving) => ({ ...saving, period: restated.period, amount: formatMoney(saving.amount) }));
}

/**
 * The prior-period adjustments a close posts: for each restated period, in period order, every
 * placement cost and case saving whose figure differs from what has been posted for it, as the
 * difference. Unchanged figures give nothing.
 */
export function priorPeriodAdjustments(
  posted: PostedFigures,
  restatedPeriods: readonly RestatedPeriod[],
): PriorPeriodAdjustments {
  const inOrder = [...restatedPeriods].sort((a, b) => (a.period < b.period ? -1 : 1));
  return {
    costs: inOrder.flatMap((r) => costDifferences(entry(posted, r.period) ?? EMPTY_PERIOD, r)),
    savings: inOrder.flatMap((r) => savingDifferences(entry(posted, r.period) ?? EMPTY_PERIOD, r)),
  };
}
