import { LedgerCommands } from '@ledger/commands';
import {
  addDays,
  caseStreamId,
  periodLastDay,
  periodsOf,
  placementCostsByPeriod,
  recognisedSavingsByPeriod,
  type AgreementTerms,
  type CaseEvent,
} from '@ledger/domain';
import * as f from './ledger-fixtures';
import type { LedgerTestApp } from './ledger-test-app';

/**
 * Closes the agreement's periods in order up to `lastPeriod`, through the app's own command
 * layer. The HTTP API has no period-close endpoint yet (it needs a read model to find an
 * agreement's cases), so tests that need retained savings record the closes this way, with
 * figures computed by the domain's cost and savings rules from the one test case.
 */
export async function closePeriodsThrough(
  ledger: LedgerTestApp,
  lastPeriod: string,
): Promise<void> {
  const commands = ledger.app.get(LedgerCommands);
  const terms = termsOf(f.agreementBody());
  const caseEvents = (await ledger.store.readStream(caseStreamId(f.CASE_ID))).map(
    (event) => ({ type: event.type, data: event.data }) as CaseEvent,
  );
  for (const period of periodsOf(terms.financialYear).filter((p) => p <= lastPeriod)) {
    const measuredAt = addDays(periodLastDay(period), 1);
    const inPeriod = <T extends { period: string }>(figures: T[]) =>
      figures.filter((figure) => figure.period === period);
    await commands.execute(
      {
        type: 'ClosePeriod',
        data: {
          agreementId: terms.agreementId,
          period,
          accruedCosts: inPeriod(placementCostsByPeriod(caseEvents, terms, measuredAt)),
          recognisedSavings: inPeriod(recognisedSavingsByPeriod(caseEvents, terms, measuredAt)),
        },
      },
      { actor: f.leadFinance, correlationId: 'period-close', causationId: `close-${period}` },
    );
  }
}

function termsOf(body: ReturnType<typeof f.agreementBody>): AgreementTerms {
  const { agreementId, commissionerCode, leadProviderCode, partnerProviderCodes } = body;
  const { financialYear, serviceLines, savingsHorizonDays } = body;
  return {
    agreementId,
    commissionerCode,
    leadProviderCode,
    partnerProviderCodes,
    financialYear,
    serviceLines,
    savingsHorizonDays,
  };
}
