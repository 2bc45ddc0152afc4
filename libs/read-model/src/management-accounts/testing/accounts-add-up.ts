import { formatPence, penceOf } from '../../ledger/pence';
import type { SpendBreakdown } from '../../reporting/spend-tally';
import type { ManagementAccounts, PostedAdjustment } from '../management-accounts';

/**
 * Every way the management accounts must add up, checked from the figures shown (decimal
 * strings, added in pence): each line's figures add up to the agreement's totals; inside each
 * line and the totals, cost is own plus adjustments, variance is budget minus cost, a cost is
 * in-area plus out-of-area and the sum of its providers; the schemes add up to the
 * reinvestment; retained savings close at opening + recognised + brought forward − reinvested
 * − carried forward, and recognise exactly the month's savings. Returns what does not hold
 * (nothing, when all do), so a test can show every failure at once.
 */
export function managementAccountsProblems(accounts: ManagementAccounts): string[] {
  const problems: string[] = [];
  const check = (what: string, shown: string, expected: bigint) => {
    if (penceOf(shown) !== expected) {
      problems.push(`${what}: shows ${shown}, adds up to ${formatPence(expected)}`);
    }
  };
  const sum = (values: string[]) => values.reduce((total, v) => total + penceOf(v), 0n);
  const { lines, totals } = accounts;

  const figures = [
    ['month.budget', (l: Figures) => l.month.budget],
    ['month.savings.own', (l: Figures) => l.month.savings.own],
    ['month.savings.adjustments', (l: Figures) => l.month.savings.adjustments],
    ['month.savings.total', (l: Figures) => l.month.savings.total],
    ['month.variance', (l: Figures) => l.month.variance],
    ['yearToDate.budget', (l: Figures) => l.yearToDate.budget],
    ['yearToDate.savings', (l: Figures) => l.yearToDate.savings],
    ['yearToDate.variance', (l: Figures) => l.yearToDate.variance],
  ] as const;
  for (const [name, pick] of figures) {
    check(`totals.${name}`, pick(totals), sum(lines.map(pick)));
  }
  const costs = [
    ['month.cost.own', (l: Figures) => l.month.cost.own],
    ['month.cost.adjustments', (l: Figures) => l.month.cost.adjustments],
    ['month.cost.total', (l: Figures) => l.month.cost.total],
    ['yearToDate.cost', (l: Figures) => l.yearToDate.cost],
  ] as const;
  for (const [name, pick] of costs) {
    for (const part of ['total', 'inArea', 'outOfArea'] as const) {
      check(`totals.${name}.${part}`, pick(totals)[part], sum(lines.map((l) => pick(l)[part])));
    }
    const shownByProvider = byProvider([pick(totals)]);
    const linesByProvider = byProvider(lines.map(pick));
    for (const key of new Set([...shownByProvider.keys(), ...linesByProvider.keys()])) {
      const shown = formatPence(shownByProvider.get(key) ?? 0n);
      check(`totals.${name} at ${key}`, shown, linesByProvider.get(key) ?? 0n);
    }
  }
  const missing = checkAdjustments(
    totals.adjustments,
    lines.flatMap((l) => l.adjustments),
    check,
  );
  problems.push(...missing.map((key) => `totals.adjustments: ${key} of a line is not shown`));

  for (const [name, figure] of [
    ...lines.map((l) => [l.serviceLine, l] as const),
    ['totals', totals] as const,
  ]) {
    const { month, yearToDate } = figure;
    for (const [part, cost] of [
      ['own', month.cost.own],
      ['adjustments', month.cost.adjustments],
      ['total', month.cost.total],
      ['yearToDate', yearToDate.cost],
    ] as const) {
      check(`${name} ${part} cost by setting`, cost.total, sum([cost.inArea, cost.outOfArea]));
      check(
        `${name} ${part} cost by provider`,
        cost.total,
        sum(cost.byProvider.map((p) => p.amount)),
      );
    }
    check(
      `${name} month cost`,
      month.cost.total.total,
      sum([month.cost.own.total, month.cost.adjustments.total]),
    );
    check(
      `${name} month cost adjustments`,
      month.cost.adjustments.total,
      sum(figure.adjustments.map((a) => a.cost.total)),
    );
    check(
      `${name} month savings`,
      month.savings.total,
      sum([month.savings.own, month.savings.adjustments]),
    );
    check(
      `${name} month savings adjustments`,
      month.savings.adjustments,
      sum(figure.adjustments.map((a) => a.savings)),
    );
    check(
      `${name} month variance`,
      month.variance,
      penceOf(month.budget) - penceOf(month.cost.total.total),
    );
    check(
      `${name} year-to-date variance`,
      yearToDate.variance,
      penceOf(yearToDate.budget) - penceOf(yearToDate.cost.total),
    );
  }

  const { reinvestment, retainedSavings: r } = accounts;
  check('reinvestment.month', reinvestment.month, sum(reinvestment.byScheme.map((s) => s.month)));
  check(
    'reinvestment.yearToDate',
    reinvestment.yearToDate,
    sum(reinvestment.byScheme.map((s) => s.yearToDate)),
  );
  check('retainedSavings.recognised', r.recognised, penceOf(totals.month.savings.total));
  check('retainedSavings.reinvested', r.reinvested, penceOf(reinvestment.month));
  check(
    'retainedSavings.closing',
    r.closing,
    penceOf(r.opening) +
      penceOf(r.recognised) +
      penceOf(r.broughtForward) -
      penceOf(r.reinvested) -
      penceOf(r.carriedForward),
  );
  const forwards = (kind: string) =>
    sum(accounts.carryForwards.filter((c) => c.kind === kind).map((c) => c.amount));
  check('retainedSavings.carriedForward', r.carriedForward, forwards('carried-forward'));
  check('retainedSavings.broughtForward', r.broughtForward, forwards('brought-forward'));
  return problems;
}

type Figures = Pick<ManagementAccounts['totals'], 'month' | 'yearToDate'>;

function byProvider(breakdowns: SpendBreakdown[]): Map<string, bigint> {
  const amounts = new Map<string, bigint>();
  for (const breakdown of breakdowns) {
    for (const p of breakdown.byProvider) {
      const key = `${p.setting} ${p.providerCode}`;
      amounts.set(key, (amounts.get(key) ?? 0n) + penceOf(p.amount));
    }
  }
  return amounts;
}

/**
 * The totals' adjustments are the lines' adjustments, merged by agreement, period and kind.
 * Returns the lines' adjustments the totals do not show.
 */
function checkAdjustments(
  shown: PostedAdjustment[],
  ofLines: PostedAdjustment[],
  check: (what: string, shown: string, expected: bigint) => void,
): string[] {
  const key = (a: PostedAdjustment) => `${a.kind} ${a.belongsToAgreementId} ${a.period}`;
  const merged = new Map<string, { cost: bigint; savings: bigint }>();
  for (const a of ofLines) {
    const entry = merged.get(key(a)) ?? { cost: 0n, savings: 0n };
    entry.cost += penceOf(a.cost.total);
    entry.savings += penceOf(a.savings);
    merged.set(key(a), entry);
  }
  for (const a of shown) {
    const entry = merged.get(key(a)) ?? { cost: 0n, savings: 0n };
    check(`totals adjustment ${key(a)} cost`, a.cost.total, entry.cost);
    check(`totals adjustment ${key(a)} savings`, a.savings, entry.savings);
    merged.delete(key(a));
  }
  return [...merged.keys()];
}
