import { periodsOf } from '@ledger/domain';
import * as f from './ledger-fixtures';
import type { Caller, LedgerTestApp } from './ledger-test-app';

/**
 * chain-of-agreements.e2e.spec.ts's two-year chain, with budgets and an out-of-area placement
 * in the second year, for the chain report and the lists' chain filter. The clock is TODAY
 * (2025-10-15), so every period of 2023/24 (A) and 2024/25 (B) has ended.
 *
 * - A (2023/24, partners RPG and RQY): £1,200,000.00 allocated. Case 1 out of area at £700.00
 *   (182.0 km) from 2023-09-01, repatriated on 2023-10-01 to £450.00 in area; case 2 out of
 *   area at £600.00 from 2024-01-01, repatriated on 2024-03-02 to £400.00. M01 to M11 closed.
 * - B (2024/25, predecessor A, partner RPG only: RQY left; horizon 30): created before A's M12
 *   closes; £1,320,000.00 allocated; case 3 registered under B, out of area at £650.00 (95.0 km)
 *   from 2024-05-01, still there.
 * - A's M12 closed; case 1's discharge dated 2024-03-21 recorded after it.
 * Then (`carryForwardAndCloseM01`): A's carry-forward of £51,750.00, £10,000.00 reinvested in
 * B, and B's M01 closed (posting the discharge as prior-year adjustments on B's accounts).
 */
export const CHAIN_A = 'slp-adult-secure-2023-24';
export const CHAIN_B = 'slp-adult-secure-2024-25';
export const CHAIN_CASE_1 = 'case-chain-1';
export const CHAIN_CASE_2 = 'case-chain-2';
export const CHAIN_CASE_3 = 'case-chain-3';

/** RQY's case manager: a partner in A's year, not in B's. */
export const formerPartner: Caller = {
  subject: 'ruth',
  role: 'case-manager',
  organisationCode: 'RQY',
};

async function recorded(ledger: LedgerTestApp, path: string, as: Caller, body: unknown) {
  const response = await ledger.post(path, as, body);
  if (response.statusCode !== 201) {
    throw new Error(`Setup ${path} answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<{ position: number }>().position;
}

const close = (ledger: LedgerTestApp, agreementId: string, period: string) =>
  recorded(ledger, f.paths.periodCloses(agreementId), f.leadFinance, { period });

const inArea = (dailyRate: string) => ({ ...f.repatriationBody().inAreaPlacement, dailyRate });

/** Records A's year, B's creation and case 3, A's M12 and the late discharge. */
export async function recordChainYears(ledger: LedgerTestApp): Promise<{
  /** The last position before B was created: the chain then held A alone. */
  beforeB: number;
  /** The position of B's creation. */
  bCreated: number;
}> {
  await recorded(ledger, f.paths.agreements, f.commissioner, {
    ...f.agreementBody(CHAIN_A),
    financialYear: '2023/24',
  });
  await recorded(
    ledger,
    f.paths.allocations(CHAIN_A),
    f.commissioner,
    f.allocationBody({ amount: '1200000.00', effectiveDate: '2023-04-01' }),
  );
  const lead = f.leadCaseManager;
  await recorded(ledger, f.paths.cases, lead, {
    ...f.referralBody({ caseId: CHAIN_CASE_1, agreementId: CHAIN_A, referralDate: '2023-09-01' }),
  });
  await recorded(
    ledger,
    f.paths.placements(CHAIN_CASE_1),
    lead,
    f.outOfAreaPlacementBody({ startDate: '2023-09-01', dailyRate: '700.00' }),
  );
  await recorded(
    ledger,
    f.paths.repatriations(CHAIN_CASE_1),
    lead,
    f.repatriationBody({ repatriationDate: '2023-10-01', inAreaPlacement: inArea('450.00') }),
  );
  await recorded(ledger, f.paths.cases, lead, {
    ...f.referralBody({
      caseId: CHAIN_CASE_2,
      agreementId: CHAIN_A,
      patientRef: 'PSN-2B',
      referralDate: '2024-01-01',
    }),
  });
  await recorded(
    ledger,
    f.paths.placements(CHAIN_CASE_2),
    lead,
    f.outOfAreaPlacementBody({ startDate: '2024-01-01', dailyRate: '600.00' }),
  );
  await recorded(
    ledger,
    f.paths.repatriations(CHAIN_CASE_2),
    lead,
    f.repatriationBody({ repatriationDate: '2024-03-02', inAreaPlacement: inArea('400.00') }),
  );
  for (const period of periodsOf('2023/24').slice(0, 11)) await close(ledger, CHAIN_A, period);
  const beforeB = await ledger.head();
  const bCreated = await recorded(ledger, f.paths.agreements, f.commissioner, {
    ...f.agreementBody(CHAIN_B),
    financialYear: '2024/25',
    partnerProviderCodes: ['RPG'],
    savingsHorizonDays: 30,
    predecessorAgreementId: CHAIN_A,
  });
  await recorded(
    ledger,
    f.paths.allocations(CHAIN_B),
    f.commissioner,
    f.allocationBody({ amount: '1320000.00', effectiveDate: '2024-04-01' }),
  );
  await recorded(ledger, f.paths.cases, lead, {
    ...f.referralBody({
      caseId: CHAIN_CASE_3,
      agreementId: CHAIN_B,
      patientRef: 'PSN-3C',
      referralDate: '2024-05-01',
    }),
  });
  await recorded(
    ledger,
    f.paths.placements(CHAIN_CASE_3),
    lead,
    f.outOfAreaPlacementBody({
      startDate: '2024-05-01',
      dailyRate: '650.00',
      providerCode: 'NQ1',
      distanceFromHomeKm: '95.0',
    }),
  );
  await close(ledger, CHAIN_A, '2024-03');
  await recorded(
    ledger,
    f.paths.discharge(CHAIN_CASE_1),
    lead,
    f.dischargeBody({ dischargeDate: '2024-03-21' }),
  );
  return { beforeB, bCreated };
}

/** A's carry-forward, a £10,000.00 reinvestment in B, and B's M01 close. */
export async function carryForwardAndCloseM01(ledger: LedgerTestApp): Promise<void> {
  await recorded(ledger, f.paths.carryForward(CHAIN_A), f.leadFinance, {});
  await recorded(
    ledger,
    f.paths.reinvestments(CHAIN_B),
    f.leadFinance,
    f.reinvestmentBody({ amount: '10000.00', effectiveDate: '2024-06-15' }),
  );
  await close(ledger, CHAIN_B, '2024-04');
}
