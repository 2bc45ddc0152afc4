import { DomainError, type PeriodId } from '@ledger/domain';
import {
  managementAccounts,
  type ManagementAccounts,
  type MonthEndSources,
} from '@ledger/read-model';
import type { KnowledgeQuery } from './ledger-reports';
import { ReportQueryError } from './report-errors';

/**
 * The month-end management accounts query: a month, and the knowledge point. There is no
 * business date: the accounts count what was posted in the month, which is fixed once the month
 * is closed, so the month alone says which figures are meant (docs/api.md).
 */
export interface ManagementAccountsQuery extends KnowledgeQuery {
  /** `YYYY-MM`, a period of the agreement's year; the latest closed period when absent. */
  period?: PeriodId;
}

export const PERIOD_NOT_CLOSED = 'MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED';

/**
 * A month not closed at the knowledge point has posted no costs or savings, so it has no
 * management accounts (domain.md: "Before close, an open period shows provisional figures
 * computed live", which is the budget report's job). A 409: the ledger's state forbids it.
 * Retryable at the head (the same request succeeds once the month is closed), not at a
 * knowledge time, which never moves.
 */
export class PeriodNotClosedError extends DomainError {
  constructor(
    agreementId: string,
    refusal: { period: PeriodId; lastClosedPeriod: PeriodId | null; knownAt: number },
    atHead: boolean,
  ) {
    const { period, lastClosedPeriod, knownAt } = refusal;
    const when = atHead ? 'now' : `at log position ${knownAt}`;
    const state =
      lastClosedPeriod === null
        ? `No period of ${agreementId} is closed ${when}`
        : `Period ${period} of ${agreementId} is not closed ${when} (the latest closed is ${lastClosedPeriod})`;
    super(
      PERIOD_NOT_CLOSED,
      `${state}: month-end management accounts show what a close has posted. ` +
        `Close ${period} once it has ended (POST /v1/agreements/${agreementId}/period-closes), ` +
        `or read its provisional figures in the budget report ` +
        `(GET /v1/agreements/${agreementId}/reports/budget).`,
      'conflict',
      [],
      { agreementId, period, lastClosedPeriod, knownAt },
      atHead,
    );
    this.name = 'PeriodNotClosedError';
  }
}

/**
 * The accounts of the month asked, from either source (the SQL read model at the head, a replay
 * at a knowledge time): 400 naming `period` for a period outside the agreement's year, 409
 * `MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED` for a month not closed.
 */
export function monthEndAccounts(
  sources: MonthEndSources,
  query: ManagementAccountsQuery,
  atHead: boolean,
): ManagementAccounts {
  let answer: ReturnType<typeof managementAccounts>;
  try {
    answer = managementAccounts(
      sources,
      query.period === undefined ? {} : { period: query.period },
    );
  } catch (error) {
    if (error instanceof RangeError) throw new ReportQueryError('period', error.message);
    throw error;
  }
  if (answer.kind === 'period-not-closed') {
    throw new PeriodNotClosedError(sources.agreementId, answer, atHead);
  }
  return answer.accounts;
}
