import * as f from './ledger-fixtures';
import { closePeriodsThrough } from './period-close';
import type { Caller, LedgerTestApp } from './ledger-test-app';

/**
 * Facts recorded through the API before a test's own request. Each step insists on its 201, so
 * a broken setup fails loudly where it broke rather than in the assertion that follows.
 */
async function recorded(ledger: LedgerTestApp, path: string, as: Caller, body: unknown) {
  const response = await ledger.post(path, as, body);
  if (response.statusCode !== 201) {
    throw new Error(`Setup ${path} answered ${response.statusCode}: ${response.body}`);
  }
}

export const given = {
  agreement: (ledger: LedgerTestApp) =>
    recorded(ledger, f.paths.agreements, f.commissioner, f.agreementBody()),

  allocation: async (ledger: LedgerTestApp) => {
    await given.agreement(ledger);
    await recorded(ledger, f.paths.allocations(), f.commissioner, f.allocationBody());
  },

  referral: async (ledger: LedgerTestApp) => {
    await given.agreement(ledger);
    await recorded(ledger, f.paths.cases, f.leadCaseManager, f.referralBody());
  },

  outOfAreaPlacement: async (ledger: LedgerTestApp) => {
    await given.referral(ledger);
    await recorded(ledger, f.paths.placements(), f.leadCaseManager, f.outOfAreaPlacementBody());
  },

  inAreaPlacement: async (ledger: LedgerTestApp) => {
    await given.referral(ledger);
    await recorded(ledger, f.paths.placements(), f.leadCaseManager, f.inAreaPlacementBody());
  },

  endedPlacement: async (ledger: LedgerTestApp) => {
    await given.outOfAreaPlacement(ledger);
    await recorded(ledger, f.paths.endPlacement(), f.leadCaseManager, f.endPlacementBody());
  },

  repatriation: async (ledger: LedgerTestApp) => {
    await given.outOfAreaPlacement(ledger);
    await recorded(ledger, f.paths.repatriations(), f.leadCaseManager, f.repatriationBody());
  },

  /**
   * £7,065.00 retained: repatriated on 1 September from £685.50 to £450.00 a night, so each
   * of September's 30 nights avoided £235.50, recognised when M06 (September) closes.
   */
  retainedSavings: async (ledger: LedgerTestApp) => {
    await given.repatriation(ledger);
    await closePeriodsThrough(ledger, '2025-09');
  },

  discharge: async (ledger: LedgerTestApp) => {
    await given.outOfAreaPlacement(ledger);
    await recorded(ledger, f.paths.discharge(), f.leadCaseManager, f.dischargeBody());
  },
};
