import { periodsOf } from '@ledger/domain';
import * as f from './ledger-fixtures';
import type { LedgerTestApp } from './ledger-test-app';

/**
 * Closes the agreement's periods in order, from the first still open up to `lastPeriod`,
 * through the API's own endpoint, as the lead provider's finance team would. Each close must
 * answer 201, so a broken setup fails where it broke.
 */
export async function closePeriodsThrough(
  ledger: LedgerTestApp,
  lastPeriod: string,
  agreementId = f.AGREEMENT_ID,
): Promise<void> {
  const summary = await ledger.get(f.paths.agreement(agreementId), f.leadFinance);
  const closed = (summary.json<{ closedPeriods: string[] }>().closedPeriods ?? []).length;
  const toClose = periodsOf(f.agreementBody().financialYear)
    .slice(closed)
    .filter((period) => period <= lastPeriod);
  for (const period of toClose) {
    const response = await ledger.post(f.paths.periodCloses(agreementId), f.leadFinance, {
      period,
    });
    if (response.statusCode !== 201) {
      throw new Error(`Closing ${period} answered ${response.statusCode}: ${response.body}`);
    }
  }
}
