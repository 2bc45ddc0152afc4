import { periodsOf } from '@ledger/domain';
import * as f from './ledger-fixtures';
import type { Caller, LedgerTestApp } from './ledger-test-app';

/**
 * The chain of chain-of-agreements.e2e.spec.ts (its figures are worked by hand there and in
 * management-accounts-chain.e2e.spec.ts), recorded over HTTP: agreement A for 2023/24 and its
 * successor B for 2024/25, both ended by the test clock's date.
 *
 * - Case 1, under A: out of area at NVC01, £700.00 a night from 2023-09-01; repatriated on
 *   2023-10-01 to RPG at £450.00 (horizon 365).
 * - Case 2, under A: out of area at NVC01, £600.00 from 2024-01-01; repatriated on 2024-03-02 to
 *   RPG at £400.00.
 * - A's months closed, B created before A's M12 closes, then A's M12 closed.
 * - Case 1's discharge dated 2024-03-21 recorded after A's M12: a prior-year adjustment.
 * - The carry-forward of A's retained savings; B's April closed (posting the prior-year
 *   adjustment); a reinvestment of £10,000.00 in B in June; B's May and June closed.
 */
export const CHAIN_A = 'slp-adult-secure-2023-24';
export const CHAIN_B = 'slp-adult-secure-2024-25';
export const CHAIN_CASE_1 = 'case-chain-1';
export const CHAIN_CASE_2 = 'case-chain-2';

/** Log positions a test reads the chain at: the last event before each step. */
export interface ChainPositions {
  beforeYearEndClose: number;
  beforeCarryForward: number;
  beforeSuccessorClose: number;
}

async function recorded(ledger: LedgerTestApp, path: string, as: Caller, body: unknown) {
  const response = await ledger.post(path, as, body);
  if (response.statusCode !== 201) {
    throw new Error(`Setup ${path} answered ${response.statusCode}: ${response.body}`);
  }
}

const close = (ledger: LedgerTestApp, agreementId: string, period: string) =>
  recorded(ledger, f.paths.periodCloses(agreementId), f.leadFinance, { period });

export async function recordChainScenario(ledger: LedgerTestApp): Promise<ChainPositions> {
  await recorded(ledger, f.paths.agreements, f.commissioner, {
    ...f.agreementBody(CHAIN_A),
    financialYear: '2023/24',
  });
  for (const [caseId, patientRef, start, rate, repatriated, inAreaRate] of [
    [CHAIN_CASE_1, 'PSN-C1', '2023-09-01', '700.00', '2023-10-01', '450.00'],
    [CHAIN_CASE_2, 'PSN-C2', '2024-01-01', '600.00', '2024-03-02', '400.00'],
  ]) {
    await recorded(ledger, f.paths.cases, f.leadCaseManager, {
      ...f.referralBody({ caseId, agreementId: CHAIN_A, patientRef, referralDate: start }),
    });
    await recorded(
      ledger,
      f.paths.placements(caseId),
      f.leadCaseManager,
      f.outOfAreaPlacementBody({ startDate: start, dailyRate: rate }),
    );
    await recorded(
      ledger,
      f.paths.repatriations(caseId),
      f.leadCaseManager,
      f.repatriationBody({
        repatriationDate: repatriated,
        inAreaPlacement: { ...f.repatriationBody().inAreaPlacement, dailyRate: inAreaRate },
      }),
    );
  }
  const yearA = periodsOf('2023/24');
  for (const period of yearA.slice(0, 11)) await close(ledger, CHAIN_A, period);
  await recorded(ledger, f.paths.agreements, f.commissioner, {
    ...f.agreementBody(CHAIN_B),
    financialYear: '2024/25',
    predecessorAgreementId: CHAIN_A,
  });
  const beforeYearEndClose = await ledger.head();
  await close(ledger, CHAIN_A, yearA[11]);
  await recorded(
    ledger,
    f.paths.discharge(CHAIN_CASE_1),
    f.leadCaseManager,
    f.dischargeBody({ dischargeDate: '2024-03-21' }),
  );
  const beforeCarryForward = await ledger.head();
  await recorded(ledger, f.paths.carryForward(CHAIN_A), f.leadFinance, {});
  const beforeSuccessorClose = await ledger.head();
  await close(ledger, CHAIN_B, '2024-04');
  await recorded(
    ledger,
    f.paths.reinvestments(CHAIN_B),
    f.leadFinance,
    f.reinvestmentBody({ amount: '10000.00', effectiveDate: '2024-06-15' }),
  );
  await close(ledger, CHAIN_B, '2024-05');
  await close(ledger, CHAIN_B, '2024-06');
  return { beforeYearEndClose, beforeCarryForward, beforeSuccessorClose };
}
