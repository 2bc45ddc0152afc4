import { periodsOf, type FinancialYear, type PeriodId } from '@ledger/domain';
import { formatPence, type Pence } from '../ledger/pence';
import { compareText } from '../sql/read-model-rows';
import { SpendTally, type SpendBreakdown } from '../reporting/spend-tally';
import { movementsOf, type MonthEndMovement, type MonthEndPosting } from './month-end-movements';

/**
 * Month-end management accounts (domain.md, "Budget reports a finance team expects"): the
 * report a finance team files each month, counted by the period the money was POSTED in. So a
 * closed month's accounts never change (the one exception is the year-end carry-forward, posted
 * in M12 after M12 has closed), and a late fact shows up in the month whose close posted it, as
 * a prior-period or prior-year adjustment listed apart with the period and agreement it belongs
 * to. Pure: the agreement's postings come in (from the journal, or summed by the SQL read
 * model), the accounts go out.
 */

export interface MonthEndSources {
  agreementId: string;
  financialYear: FinancialYear;
  serviceLines: readonly string[];
  /** The periods closed at the knowledge point, in any order. */
  closedPeriods: Iterable<PeriodId>;
  /** The agreement's postings as known at the knowledge point, in any order. */
  postings: Iterable<MonthEndPosting>;
  /** The log position the sources stand at. */
  knownAt: number;
}

export interface MonthEndQuery {
  /** The month; the latest period closed at the knowledge point when absent. */
  period?: PeriodId;
}

/** The period's own cost, its adjustments' cost, and both together, each by setting and provider. */
export interface MonthCost {
  own: SpendBreakdown;
  adjustments: SpendBreakdown;
  total: SpendBreakdown;
}

export interface MonthSavings {
  own: string;
  adjustments: string;
  total: string;
}

/** A month's figures, all posted in the month. */
export interface MonthFigures {
  /** Budget phased into the month: allocations, adjustments and virements, net. */
  budget: string;
  cost: MonthCost;
  savings: MonthSavings;
  /** Budget minus all cost posted in the month (its own and the adjustments'). */
  variance: string;
}

/** From the agreement's first period through the month, by the period posted in. */
export interface YearToDateFigures {
  budget: string;
  cost: SpendBreakdown;
  savings: string;
  /** Budget to date minus cost to date. */
  variance: string;
}

export type AdjustmentKind = 'prior-period' | 'prior-year';

/**
 * The difference a close found for an earlier period, posted in this month: a prior-period
 * adjustment (a closed month of this agreement) or a prior-year adjustment (a month of an
 * earlier agreement of the chain, posted on this agreement's accounts).
 */
export interface PostedAdjustment {
  kind: AdjustmentKind;
  belongsToAgreementId: string;
  /** The period it belongs to. */
  period: PeriodId;
  cost: SpendBreakdown;
  savings: string;
}

export interface ManagementAccountsLine {
  serviceLine: string;
  month: MonthFigures;
  /** The adjustments in `month`, one per agreement and period they belong to. */
  adjustments: PostedAdjustment[];
  yearToDate: YearToDateFigures;
}

export interface SchemeReinvestment {
  schemeId: string;
  /** Committed in the month. */
  month: string;
  yearToDate: string;
}

/** A carry-forward posted in the month: from the old year's agreement to the new one's. */
export interface PostedCarryForward {
  /** `carried-forward`: this agreement's year-end entry; `brought-forward`: received. */
  kind: 'carried-forward' | 'brought-forward';
  fromAgreementId: string;
  toAgreementId: string;
  /** Negative when a year of cost pressures carried a negative balance. */
  amount: string;
}

/** `savings:retained` by the period posted in: where the month's savings went. */
export interface RetainedSavingsMovement {
  /** Posted before the month. */
  opening: string;
  recognised: string;
  broughtForward: string;
  reinvested: string;
  carriedForward: string;
  /** opening + recognised + broughtForward − reinvested − carriedForward. */
  closing: string;
}

export interface ManagementAccounts {
  agreementId: string;
  financialYear: FinancialYear;
  /** The month: the period the money was posted in. */
  period: PeriodId;
  /** The first period of the year to date (the agreement's M01). */
  yearToDateFrom: PeriodId;
  knownAt: number;
  lines: ManagementAccountsLine[];
  reinvestment: { byScheme: SchemeReinvestment[]; month: string; yearToDate: string };
  carryForwards: PostedCarryForward[];
  retainedSavings: RetainedSavingsMovement;
  /** The lines added up: each figure is the sum of the lines' own. */
  totals: {
    month: MonthFigures;
    adjustments: PostedAdjustment[];
    yearToDate: YearToDateFigures;
  };
}

/** The month's accounts, or why there are none: a month not closed has no posted costs. */
export type MonthEndAnswer =
  | { kind: 'accounts'; accounts: ManagementAccounts }
  | {
      kind: 'period-not-closed';
      period: PeriodId;
      lastClosedPeriod: PeriodId | null;
      knownAt: number;
    };

/**
 * The management accounts of one closed month. A RangeError for a period outside the
 * agreement's financial year; `period-not-closed` for a month not closed at the knowledge
 * point (or, with no period asked, when none is).
 */
export function managementAccounts(sources: MonthEndSources, query: MonthEndQuery): MonthEndAnswer {
  const periods = periodsOf(sources.financialYear);
  if (query.period !== undefined && !periods.includes(query.period)) {
    throw new RangeError(
      `must be a period of the agreement's financial year ${sources.financialYear} ` +
        `(${periods[0]} to ${periods[periods.length - 1]}), got ${query.period}`,
    );
  }
  const closed = new Set(sources.closedPeriods);
  const lastClosedPeriod = periods.filter((p) => closed.has(p)).at(-1) ?? null;
  const period = query.period ?? lastClosedPeriod ?? periods[0];
  if (!closed.has(period)) {
    return { kind: 'period-not-closed', period, lastClosedPeriod, knownAt: sources.knownAt };
  }
  return { kind: 'accounts', accounts: accountsOf(sources, period, periods[0]) };
}

function accountsOf(
  sources: MonthEndSources,
  period: PeriodId,
  first: PeriodId,
): ManagementAccounts {
  const ledger = new MonthEndLedger(sources.agreementId, period);
  for (const posting of sources.postings) {
    if (posting.postedIn > period) continue;
    for (const movement of movementsOf(posting)) ledger.add(posting, movement);
  }
  const lineNames = [
    ...sources.serviceLines,
    ...[...ledger.lines.keys()].filter((l) => !sources.serviceLines.includes(l)).sort(compareText),
  ];
  const lines = lineNames.map((name) => ledger.line(name).report(name));
  const totals = new LineLedger();
  for (const name of lineNames) totals.addLine(ledger.line(name));
  return {
    agreementId: sources.agreementId,
    financialYear: sources.financialYear,
    period,
    yearToDateFrom: first,
    knownAt: sources.knownAt,
    lines,
    reinvestment: ledger.reinvestment(),
    carryForwards: ledger.carryForwards(),
    retainedSavings: ledger.retainedSavings(),
    totals: totals.totals(),
  };
}

/** One adjustment's figures while they are added up. */
class AdjustmentTally {
  readonly cost = new SpendTally();
  savings = 0n;

  addTally(other: AdjustmentTally): void {
    this.cost.addTally(other.cost);
    this.savings += other.savings;
  }
}

/** The key of an adjustment: its kind, the agreement and the period it belongs to. */
interface AdjustmentKey {
  kind: AdjustmentKind;
  belongsToAgreementId: string;
  period: PeriodId;
}

const keyText = (key: AdjustmentKey) => `${key.kind}|${key.belongsToAgreementId}|${key.period}`;

/** A service line's figures (or the agreement's, as the sum of its lines), as they are added up. */
class LineLedger {
  budget = 0n;
  budgetToDate = 0n;
  readonly ownCost = new SpendTally();
  readonly costToDate = new SpendTally();
  ownSavings = 0n;
  savingsToDate = 0n;
  readonly adjustments = new Map<string, { key: AdjustmentKey; tally: AdjustmentTally }>();

  adjustment(key: AdjustmentKey): AdjustmentTally {
    const text = keyText(key);
    let entry = this.adjustments.get(text);
    if (!entry) {
      entry = { key, tally: new AdjustmentTally() };
      this.adjustments.set(text, entry);
    }
    return entry.tally;
  }

  addLine(line: LineLedger): void {
    this.budget += line.budget;
    this.budgetToDate += line.budgetToDate;
    this.ownCost.addTally(line.ownCost);
    this.costToDate.addTally(line.costToDate);
    this.ownSavings += line.ownSavings;
    this.savingsToDate += line.savingsToDate;
    for (const { key, tally } of line.adjustments.values()) this.adjustment(key).addTally(tally);
  }

  report(serviceLine: string): ManagementAccountsLine {
    const { month, adjustments, yearToDate } = this.totals();
    return { serviceLine, month, adjustments, yearToDate };
  }

  totals(): ManagementAccounts['totals'] {
    const adjustmentCost = new SpendTally();
    let adjustmentSavings = 0n;
    const entries = [...this.adjustments.values()].sort(
      (a, b) =>
        compareText(a.key.period, b.key.period) ||
        compareText(a.key.belongsToAgreementId, b.key.belongsToAgreementId) ||
        compareText(a.key.kind, b.key.kind),
    );
    const adjustments = entries.map(({ key, tally }): PostedAdjustment => {
      adjustmentCost.addTally(tally.cost);
      adjustmentSavings += tally.savings;
      return { ...key, cost: tally.cost.breakdown(), savings: formatPence(tally.savings) };
    });
    const cost = new SpendTally();
    cost.addTally(this.ownCost);
    cost.addTally(adjustmentCost);
    const savings = this.ownSavings + adjustmentSavings;
    return {
      month: {
        budget: formatPence(this.budget),
        cost: {
          own: this.ownCost.breakdown(),
          adjustments: adjustmentCost.breakdown(),
          total: cost.breakdown(),
        },
        savings: {
          own: formatPence(this.ownSavings),
          adjustments: formatPence(adjustmentSavings),
          total: formatPence(savings),
        },
        variance: formatPence(this.budget - cost.total()),
      },
      adjustments,
      yearToDate: {
        budget: formatPence(this.budgetToDate),
        cost: this.costToDate.breakdown(),
        savings: formatPence(this.savingsToDate),
        variance: formatPence(this.budgetToDate - this.costToDate.total()),
      },
    };
  }
}

type CarryForwardMovement = Extract<MonthEndMovement, { otherAgreementId: string }>;

interface CarryForwardTally extends Omit<PostedCarryForward, 'amount'> {
  pence: Pence;
}

type RetainedFigure = 'recognised' | 'broughtForward' | 'reinvested' | 'carriedForward';

/**
 * How each movement changes `savings:retained`: savings and brought-forward amounts come in,
 * reinvestment commitments and carried-forward amounts go out.
 */
const RETAINED_EFFECT: Record<
  MonthEndMovement['kind'],
  { figure: RetainedFigure; sign: 1n | -1n } | null
> = {
  budget: null,
  cost: null,
  saving: { figure: 'recognised', sign: 1n },
  'brought-forward': { figure: 'broughtForward', sign: 1n },
  reinvestment: { figure: 'reinvested', sign: -1n },
  'carried-forward': { figure: 'carriedForward', sign: -1n },
};

/** The agreement's movements up to the month, sorted into the month and the year to date. */
class MonthEndLedger {
  readonly lines = new Map<string, LineLedger>();
  private readonly schemes = new Map<string, { month: Pence; yearToDate: Pence }>();
  private readonly forwards = new Map<string, CarryForwardTally>();
  private readonly retained: Record<RetainedFigure | 'opening', Pence> = {
    opening: 0n,
    recognised: 0n,
    broughtForward: 0n,
    reinvested: 0n,
    carriedForward: 0n,
  };

  constructor(
    private readonly agreementId: string,
    private readonly period: PeriodId,
  ) {}

  line(serviceLine: string): LineLedger {
    let line = this.lines.get(serviceLine);
    if (!line) {
      line = new LineLedger();
      this.lines.set(serviceLine, line);
    }
    return line;
  }

  add(posting: MonthEndPosting, movement: MonthEndMovement): void {
    const inMonth = posting.postedIn === this.period;
    this.addToRetained(movement, inMonth);
    switch (movement.kind) {
      case 'budget': {
        const line = this.line(movement.serviceLine);
        line.budgetToDate += movement.pence;
        if (inMonth) line.budget += movement.pence;
        return;
      }
      case 'cost': {
        const line = this.line(movement.serviceLine);
        const { setting, providerCode, pence } = movement;
        line.costToDate.add(setting, providerCode, pence);
        if (!inMonth) return;
        const adjustment = this.adjustmentOf(posting);
        if (adjustment) line.adjustment(adjustment).cost.add(setting, providerCode, pence);
        else line.ownCost.add(setting, providerCode, pence);
        return;
      }
      case 'saving': {
        const line = this.line(movement.serviceLine);
        line.savingsToDate += movement.pence;
        if (!inMonth) return;
        const adjustment = this.adjustmentOf(posting);
        if (adjustment) line.adjustment(adjustment).savings += movement.pence;
        else line.ownSavings += movement.pence;
        return;
      }
      case 'reinvestment': {
        const scheme = this.schemes.get(movement.schemeId) ?? { month: 0n, yearToDate: 0n };
        scheme.yearToDate += movement.pence;
        if (inMonth) scheme.month += movement.pence;
        this.schemes.set(movement.schemeId, scheme);
        return;
      }
      case 'carried-forward':
      case 'brought-forward':
        if (inMonth) this.addCarryForward(movement);
        return;
    }
  }

  /** Null for the month's own figures; else the adjustment the posting belongs to. */
  private adjustmentOf(posting: MonthEndPosting): AdjustmentKey | null {
    if (posting.belongsToAgreementId !== null) {
      const { belongsToAgreementId, period } = posting;
      return { kind: 'prior-year', belongsToAgreementId, period };
    }
    if (posting.period !== posting.postedIn) {
      return {
        kind: 'prior-period',
        belongsToAgreementId: this.agreementId,
        period: posting.period,
      };
    }
    return null;
  }

  private addCarryForward(movement: CarryForwardMovement): void {
    const carried = movement.kind === 'carried-forward';
    const fromAgreementId = carried ? this.agreementId : movement.otherAgreementId;
    const toAgreementId = carried ? movement.otherAgreementId : this.agreementId;
    const key = `${movement.kind}|${fromAgreementId}|${toAgreementId}`;
    const entry = this.forwards.get(key) ?? {
      kind: movement.kind,
      fromAgreementId,
      toAgreementId,
      pence: 0n,
    };
    entry.pence += movement.pence;
    this.forwards.set(key, entry);
  }

  /** Every movement that touches `savings:retained`, before the month or in it. */
  private addToRetained(movement: MonthEndMovement, inMonth: boolean): void {
    const effect = RETAINED_EFFECT[movement.kind];
    if (!effect) return;
    if (inMonth) this.retained[effect.figure] += movement.pence;
    else this.retained.opening += effect.sign * movement.pence;
  }

  reinvestment(): ManagementAccounts['reinvestment'] {
    let month = 0n;
    let yearToDate = 0n;
    const byScheme = [...this.schemes]
      .sort(([a], [b]) => compareText(a, b))
      .map(([schemeId, scheme]) => {
        month += scheme.month;
        yearToDate += scheme.yearToDate;
        return {
          schemeId,
          month: formatPence(scheme.month),
          yearToDate: formatPence(scheme.yearToDate),
        };
      });
    return { byScheme, month: formatPence(month), yearToDate: formatPence(yearToDate) };
  }

  carryForwards(): PostedCarryForward[] {
    return [...this.forwards.values()]
      .sort(
        (a, b) =>
          compareText(a.kind, b.kind) ||
          compareText(a.fromAgreementId, b.fromAgreementId) ||
          compareText(a.toAgreementId, b.toAgreementId),
      )
      .map(({ kind, fromAgreementId, toAgreementId, pence }) => ({
        kind,
        fromAgreementId,
        toAgreementId,
        amount: formatPence(pence),
      }));
  }

  retainedSavings(): RetainedSavingsMovement {
    const r = this.retained;
    const closing = r.opening + r.recognised + r.broughtForward - r.reinvested - r.carriedForward;
    return {
      opening: formatPence(r.opening),
      recognised: formatPence(r.recognised),
      broughtForward: formatPence(r.broughtForward),
      reinvested: formatPence(r.reinvested),
      carriedForward: formatPence(r.carriedForward),
      closing: formatPence(closing),
    };
  }
}
