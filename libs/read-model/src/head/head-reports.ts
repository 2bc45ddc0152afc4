import { isCalendarDate, periodOf } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { AgreementBalances, BalancesQuery } from '../balances/balances.projection';
import { compareText, type PeriodTotalRow } from '../sql/read-model-rows';
import { formatPence } from '../ledger/pence';
import { foldEvents } from '../projection/projection';
import {
  budgetProjection,
  oapMetricsProjection,
  type BudgetState,
  type OapMetricsState,
} from '../read-model';
import {
  statementEntryOf,
  type AccountStatement,
  type StatementQuery,
} from '../statements/statements.projection';
import type { StatementLinesPage } from './read-model-reader.port';

/**
 * Reports at the head of the log, built from the SQL read model's rows by the same rules the
 * pure folds use (an int test checks both against a replay of the log, on SQLite and on
 * PostgreSQL). Pure: the rows come in, the report goes out.
 */

/** Balances from `account_period_totals`: the same answer `accountBalances` gives at the head. */
export function balancesFromPeriodTotals(
  totals: readonly PeriodTotalRow[],
  query: BalancesQuery & { knownAt: number },
): AgreementBalances {
  const basis = query.basis ?? 'belongs-to';
  if (query.asOf !== undefined && !isCalendarDate(query.asOf)) {
    throw new RangeError(`asOf must be a calendar date YYYY-MM-DD, got ${String(query.asOf)}`);
  }
  const lastPeriod = query.asOf === undefined ? null : periodOf(query.asOf);
  const byAccount = new Map<string, bigint>();
  for (const row of totals) {
    const period = basis === 'posted-in' ? row.postedIn : row.period;
    const counts = lastPeriod === null || period <= lastPeriod;
    byAccount.set(
      row.account,
      (byAccount.get(row.account) ?? 0n) + (counts ? row.amountPence : 0n),
    );
  }
  let total = 0n;
  const balances = [...byAccount]
    .sort(([a], [b]) => compareText(a, b))
    .map(([account, balance]) => {
      total += balance;
      return { account, balance: formatPence(balance) };
    });
  return {
    agreementId: query.agreementId,
    asOf: query.asOf ?? null,
    basis,
    knownAt: query.knownAt,
    balances,
    total: formatPence(total),
  };
}

/**
 * A statement page from `statement_lines`. The reader fetched up to `limit + 1` lines after the
 * cursor: one more than the page shows, so the page knows whether another follows.
 */
export function statementFromLines(
  page: StatementLinesPage,
  query: StatementQuery & { knownAt: number; limit: number },
): AccountStatement {
  const shown = page.lines.slice(0, query.limit).map((line) => ({
    posting: { ...line.posting, index: line.posting.postingIndex },
    changePence: line.changePence,
    balancePence: line.balancePence,
  }));
  const last = shown.at(-1);
  const closing = last ? last.balancePence : page.openingPence;
  return {
    agreementId: query.agreementId,
    account: query.account,
    knownAt: query.knownAt,
    openingBalance: formatPence(page.openingPence),
    closingBalance: formatPence(closing),
    entries: shown.map((line) => statementEntryOf(query.account, line)),
    nextCursor:
      page.lines.length > query.limit && last
        ? `${last.posting.position}:${last.posting.index}`
        : null,
  };
}

/**
 * The budget, savings and out-of-area sources of one agreement, folded from the facts of its
 * chain (`chainFacts`: its own and its successors' events, its predecessors' creations, every
 * chain agreement's cases) and read at `checkpoint`: the agreement's figures are the same as a
 * fold of the whole log up to there, since no other stream moves them.
 */
export function agreementSourcesAt(
  events: readonly RecordedEvent[],
  checkpoint: number,
): BudgetState {
  const state = foldEvents(budgetProjection, events);
  // The fold stopped at the agreement's last event; nothing of it changed up to the checkpoint.
  return {
    ledger: { ...state.ledger, position: Math.max(state.ledger.position, checkpoint) },
    cases: { ...state.cases, position: Math.max(state.cases.position, checkpoint) },
  };
}

/**
 * The out-of-area sources of one agreement (its case timelines only), folded from its chain's
 * creations and cases' events (`chainFacts(id, 'cases')`) and read at `checkpoint`.
 */
export function oapSourcesAt(
  events: readonly RecordedEvent[],
  checkpoint: number,
): OapMetricsState {
  const state = foldEvents(oapMetricsProjection, events);
  return { cases: { ...state.cases, position: Math.max(state.cases.position, checkpoint) } };
}
