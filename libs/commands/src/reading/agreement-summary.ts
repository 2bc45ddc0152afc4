import {
  formatMoney,
  money,
  ZERO,
  type AgreementEvent,
  type AgreementTerms,
  type Money,
  type PeriodId,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { AgreementRecord } from '../execution/ledger-streams';

/** An agreement as a finance reader sees it now. Money is a decimal string, 2 dp. */
export interface AgreementSummary extends AgreementTerms {
  /** The agreement this one follows in its chain, or null. */
  predecessorAgreementId: string | null;
  /** The agreement that follows this one, once created, or null. */
  successorAgreementId: string | null;
  revision: number;
  closedPeriods: PeriodId[];
  /** Delegated budget per service line: allocations, adjustments and virements, net. */
  budgetByServiceLine: Record<string, string>;
  /** Savings committed to reinvestment schemes, per scheme. */
  reinvestmentByScheme: Record<string, string>;
  /** `savings:retained`: recognised savings not yet committed, what a commitment may draw on. */
  retainedSavings: string;
}

export function summariseAgreement(record: AgreementRecord): AgreementSummary | null {
  const { history } = record;
  const state = history.state;
  if (!state.exists || history.revision === null) return null;
  return {
    ...state.terms,
    predecessorAgreementId: state.predecessorAgreementId,
    successorAgreementId: state.successorAgreementId,
    revision: history.revision,
    closedPeriods: [...state.closedPeriods],
    budgetByServiceLine: formatAll(budgetByServiceLine(history.events, state.terms.serviceLines)),
    reinvestmentByScheme: formatAll(reinvestmentByScheme(history.events)),
    retainedSavings: formatMoney(state.retainedSavings),
  };
}

function budgetByServiceLine(events: RecordedEvent[], lines: string[]): Map<string, Money> {
  const budget = new Map<string, Money>(lines.map((line) => [line, ZERO]));
  const move = (line: string, amount: Money): void =>
    void budget.set(line, (budget.get(line) ?? ZERO).plus(amount));
  for (const event of events as unknown as AgreementEvent[]) {
    if (event.type === 'BudgetAllocated' || event.type === 'BudgetAdjusted') {
      move(event.data.serviceLine, money(event.data.amount));
    } else if (event.type === 'BudgetVired') {
      move(event.data.fromServiceLine, money(event.data.amount).negated());
      move(event.data.toServiceLine, money(event.data.amount));
    }
  }
  return budget;
}

function reinvestmentByScheme(events: RecordedEvent[]): Map<string, Money> {
  const schemes = new Map<string, Money>();
  for (const event of events as unknown as AgreementEvent[]) {
    if (event.type !== 'ReinvestmentCommitted') continue;
    const { schemeId, amount } = event.data;
    schemes.set(schemeId, (schemes.get(schemeId) ?? ZERO).plus(money(amount)));
  }
  return schemes;
}

function formatAll(amounts: Map<string, Money>): Record<string, string> {
  return Object.fromEntries([...amounts].map(([key, amount]) => [key, formatMoney(amount)]));
}
