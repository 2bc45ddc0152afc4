import { periodsOf, type PeriodId } from '@ledger/domain';
import { formatPence, type Pence } from '../ledger/pence';
import { compareText } from '../sql/read-model-rows';
import { LineLedger, type AdjustmentKey } from './line-ledger';
import type {
  ManagementAccounts,
  MonthEndAnswer,
  MonthEndQuery,
  MonthEndSources,
  PostedCarryForward,
  RetainedSavingsMovement,
} from './management-accounts.types';
import { movementsOf, type MonthEndMovement, type MonthEndPosting } from './month-end-movements';

export * from './management-accounts.types';

/**
 * Month-end management accounts (domain.md, "Budget reports a finance team expects"): the
 * report a finance team files each month, counted by the period the money was POSTED in. So a
 * closed month's accounts never change (the one exception is the year-end carry-forward, posted
 * in M12 after M12 has closed), and a late fact shows up in the month whose close posted it, as
 * a prior-period or prior-year adjustment listed apart with the period and agreement it belongs
 * to. Pure: the agreement's postings come in (from the journal, or summed by the SQL read
 * model), the accounts go out.
 */

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
