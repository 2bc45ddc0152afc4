import * as f from './ledger-fixtures';
import type { Caller, LedgerTestApp } from './ledger-test-app';

/** The two agreements of the chain scenario: 2023/24 and its successor 2024/25. */
export const CHAIN_A = 'slp-adult-secure-2023-24';
export const CHAIN_B = 'slp-adult-secure-2024-25';
export const CHAIN_CASE = 'case-chain-1';
export const CHAIN_CASE_2 = 'case-chain-2';

const periodsOfYear = (firstYear: number) =>
  Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1;
    const year = month >= 4 ? firstYear : firstYear + 1;
    return `${year}-${String(month).padStart(2, '0')}`;
  });
export const CHAIN_YEAR_A = periodsOfYear(2023);
export const CHAIN_YEAR_B = periodsOfYear(2024);

async function recorded(ledger: LedgerTestApp, path: string, as: Caller, body: unknown) {
  const response = await ledger.post(path, as, body);
  if (response.statusCode !== 201) {
    throw new Error(`Setup ${path} answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<{ position: number }>().position;
}

/** The log positions the scenario's reviewers ask about. */
export interface ChainScenarioPositions {
  /** A's year recorded and 11 months closed; B not created yet. */
  beforeSuccessor: number;
  /** B created, A's M12 closed, the late discharge recorded: the carry-forward not yet. */
  beforeCarryForward: number;
  /** The carry-forward recorded (both halves). */
  afterCarryForward: number;
  /** B's M01 closed, posting the prior-year adjustments. */
  end: number;
}

/**
 * Records the chain scenario of chain-of-agreements.e2e.spec.ts over HTTP (its figures are
 * worked by hand there), with a budget on each year: A (2023/24) with £1,200,000.00 phased
 * evenly; case 1 placed out of area at £700.00 from 2023-09-01, repatriated on 2023-10-01 to
 * £450.00 (horizon 365, across 31 March); case 2 at £600.00 from 2024-01-01, repatriated on
 * 2024-03-02 to £400.00; A's April to February closed; B (2024/25, horizon 30) created naming
 * A, with £1,300,000.00; A's M12 closed; a discharge dated 2024-03-21 recorded after it; the
 * carry-forward of A's £51,750.00; a reinvestment of £10,000.00 in B; B's M01 closed.
 */
export async function recordChainScenario(ledger: LedgerTestApp): Promise<ChainScenarioPositions> {
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
  await recorded(ledger, f.paths.cases, f.leadCaseManager, {
    ...f.referralBody({ caseId: CHAIN_CASE, agreementId: CHAIN_A, referralDate: '2023-09-01' }),
  });
  await recorded(
    ledger,
    f.paths.placements(CHAIN_CASE),
    f.leadCaseManager,
    f.outOfAreaPlacementBody({ startDate: '2023-09-01', dailyRate: '700.00' }),
  );
  await recorded(
    ledger,
    f.paths.repatriations(CHAIN_CASE),
    f.leadCaseManager,
    f.repatriationBody({
      repatriationDate: '2023-10-01',
      inAreaPlacement: { ...f.repatriationBody().inAreaPlacement, dailyRate: '450.00' },
    }),
  );
  await recorded(ledger, f.paths.cases, f.leadCaseManager, {
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
    f.leadCaseManager,
    f.outOfAreaPlacementBody({ startDate: '2024-01-01', dailyRate: '600.00' }),
  );
  await recorded(
    ledger,
    f.paths.repatriations(CHAIN_CASE_2),
    f.leadCaseManager,
    f.repatriationBody({
      repatriationDate: '2024-03-02',
      inAreaPlacement: { ...f.repatriationBody().inAreaPlacement, dailyRate: '400.00' },
    }),
  );
  let beforeSuccessor = 0;
  for (const period of CHAIN_YEAR_A.slice(0, 11)) {
    beforeSuccessor = await recorded(ledger, f.paths.periodCloses(CHAIN_A), f.leadFinance, {
      period,
    });
  }
  await recorded(ledger, f.paths.agreements, f.commissioner, {
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
    f.allocationBody({ amount: '1300000.00', effectiveDate: '2024-04-01' }),
  );
  await recorded(ledger, f.paths.periodCloses(CHAIN_A), f.leadFinance, { period: '2024-03' });
  const beforeCarryForward = await recorded(
    ledger,
    f.paths.discharge(CHAIN_CASE),
    f.leadCaseManager,
    f.dischargeBody({ dischargeDate: '2024-03-21' }),
  );
  const afterCarryForward = await recorded(
    ledger,
    f.paths.carryForward(CHAIN_A),
    f.leadFinance,
    {},
  );
  await recorded(
    ledger,
    f.paths.reinvestments(CHAIN_B),
    f.leadFinance,
    f.reinvestmentBody({
      commitmentId: 'commit-1',
      amount: '10000.00',
      effectiveDate: '2024-06-15',
    }),
  );
  const end = await recorded(ledger, f.paths.periodCloses(CHAIN_B), f.leadFinance, {
    period: '2024-04',
  });
  return { beforeSuccessor, beforeCarryForward, afterCarryForward, end };
}
