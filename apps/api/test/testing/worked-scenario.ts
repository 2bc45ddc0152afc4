import * as f from './ledger-fixtures';
import type { Caller, LedgerTestApp } from './ledger-test-app';
import { closePeriodsThrough } from './period-close';

/** The worked scenario's second case: low secure, discharged back-dated into a closed July. */
export const CASE_B = 'case-0002';

async function recorded(ledger: LedgerTestApp, path: string, as: Caller, body: unknown) {
  const response = await ledger.post(path, as, body);
  if (response.statusCode !== 201) {
    throw new Error(`Setup ${path} answered ${response.statusCode}: ${response.body}`);
  }
  return response;
}

/**
 * Records the worked scenario (its figures are worked by hand in worked-scenario.e2e.spec.ts)
 * over HTTP: the agreement and its £65,000,000.00 allocation; case A out of area with a rate
 * change, repatriated on 2025-09-16; case B out of area from 2025-07-10; April to July closed;
 * case B's back-dated discharge on 2025-07-20; August and September closed (August posts July's
 * prior-period adjustment); a reinvestment of 3,000.00 accepted and one of 1,000.00 refused.
 */
export async function recordWorkedScenario(
  ledger: LedgerTestApp,
): Promise<{ beforeDischarge: number; refusal: Record<string, unknown> }> {
  await recorded(ledger, f.paths.agreements, f.commissioner, f.agreementBody());
  await recorded(ledger, f.paths.allocations(), f.commissioner, f.allocationBody());
  await recorded(ledger, f.paths.cases, f.leadCaseManager, f.referralBody());
  await recorded(ledger, f.paths.placements(), f.leadCaseManager, f.outOfAreaPlacementBody());
  await recorded(ledger, f.paths.rateChanges(), f.leadCaseManager, f.rateChangeBody());
  await recorded(
    ledger,
    f.paths.repatriations(),
    f.partnerCaseManager,
    f.repatriationBody({ repatriationDate: '2025-09-16' }),
  );
  await recorded(
    ledger,
    f.paths.cases,
    f.leadCaseManager,
    f.referralBody({
      caseId: CASE_B,
      serviceLine: 'adult-low-secure',
      patientRef: 'PSN-19QC',
      referralDate: '2025-07-01',
    }),
  );
  await recorded(
    ledger,
    f.paths.placements(CASE_B),
    f.leadCaseManager,
    f.outOfAreaPlacementBody({
      placementId: 'plc-b1',
      bedType: 'low-secure',
      providerCode: 'NQ1',
      dailyRate: '850.00',
      startDate: '2025-07-10',
      distanceFromHomeKm: '96.5',
    }),
  );
  await closePeriodsThrough(ledger, '2025-07');
  const beforeDischarge = await ledger.head();
  await recorded(ledger, f.paths.discharge(CASE_B), f.leadCaseManager, {
    dischargeDate: '2025-07-20',
    reason: 'Discharged to community forensic team',
  });
  await closePeriodsThrough(ledger, '2025-09');
  await recorded(
    ledger,
    f.paths.reinvestments(),
    f.leadFinance,
    f.reinvestmentBody({ amount: '3000.00', effectiveDate: '2025-10-01' }),
  );
  const refused = await ledger.post(
    f.paths.reinvestments(),
    f.leadFinance,
    f.reinvestmentBody({
      commitmentId: 'commit-2',
      amount: '1000.00',
      effectiveDate: '2025-10-01',
    }),
  );
  if (refused.statusCode !== 422) {
    throw new Error(`The second reinvestment answered ${refused.statusCode}: ${refused.body}`);
  }
  return { beforeDischarge, refusal: refused.json() };
}
