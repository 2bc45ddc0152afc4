/**
 * The chain report on a scripted three-year chain, on the real in-memory store and the real
 * command layer (no read model: every answer is a replay of the log). Each year must be exactly
 * its agreement's own balances and out-of-area metrics reports (LedgerReports), and the totals
 * the sum of the years. The lists' chain filter is checked on the same log.
 *
 * The chain (chain-fixtures.ts): A 2017/18, B 2018/19, C 2019/20; RQY is a partner in A only.
 * - A: £600,000.00 allocated. Case 1 out of area at £700.00 (212.5 km) from 2017-09-01,
 *   repatriated on 2017-10-01 to £450.00 in area (horizon 365), never discharged.
 *   Spend: 30 Sept nights × 700.00 = 21,000.00 + 182 nights (Oct–Mar) × 450.00 = 81,900.00
 *   = 102,900.00. Savings: 182 × 250.00 = 45,500.00, all carried forward to B.
 * - B: £720,000.00 allocated; £5,000.00 reinvested. Case 2 registered under B, out of area at
 *   £500.00 (212.5 km) from 2018-06-01, still there. Spend: case 1's 365 nights × 450.00 =
 *   164,250.00 + case 2's 304 nights (June–March) × 500.00 = 152,000.00 = 316,250.00. Savings:
 *   case 1's 2018-04-01..09-30, 183 × 250.00 = 45,750.00 (182 + 183 = the 365-night horizon).
 *   Retained 45,500.00 + 45,750.00 − 5,000.00 = 86,250.00, carried forward to C.
 * - C: £780,000.00 allocated (65,000.00 a month); April and May closed: case 1's 61 nights ×
 *   450.00 = 27,450.00 + case 2's 61 × 500.00 = 30,500.00 = 57,950.00 of spend.
 * As of 2019-05-31, the totals: delegated 600,000.00 + 720,000.00 + 2 × 65,000.00 =
 * 1,450,000.00; spend 102,900.00 + 316,250.00 + 57,950.00 = 477,100.00; savings 45,500.00 +
 * 45,750.00 = 91,250.00 = 5,000.00 reinvested + 86,250.00 retained; carried forward and brought
 * forward 45,500.00 + 86,250.00 = 131,750.00 each.
 */
import {
  agreementStreamId,
  periodsOf,
  type AgreementCommand,
  type CaseCommand,
} from '@ledger/domain';
import { InMemoryEventStore } from '@ledger/event-store';
import {
  formatPence,
  ledgerAccount,
  penceOf,
  type AgreementBalances,
  type ChainReport,
  type OapMetricsReport,
} from '@ledger/read-model';
import { chainAgreementIds, readChainAsKnownAt } from '../chain/chain-as-known';
import { LedgerCommands } from '../execution/ledger-commands';
import { LedgerLists } from '../reading/ledger-lists';
import { fixedClock, type Clock } from '../shared/clock';
import {
  A_ID,
  B_ID,
  C_ID,
  CHAIN_CASE,
  chainCommissioner,
  createA,
  createB,
  createC,
  MEDIUM_SECURE,
  outOfArea,
  referral,
  repatriate,
} from '../testing/chain-fixtures';
import { caseManager, leadFinance, requestBy } from '../testing/command-fixtures';
import { LedgerChainReports } from './chain-report';
import { chainReportDocument } from './chain-report-document';
import { LedgerReports } from './ledger-reports';
import { reportCsv } from './report-csv';

const CASE_2 = 'case-chain-2';
const reviewer = { subject: 'harriet', role: 'reviewer', organisationCode: null };
const formerPartner = { subject: 'ruth', role: 'case-manager', organisationCode: 'RQY' };

class StepClock implements Clock {
  private at = new Date('2017-04-01T09:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
  set(day: string): void {
    this.at = new Date(`${day}T09:00:00.000Z`);
  }
}

const allocate = (
  agreementId: string,
  amount: string,
  effectiveDate: string,
): AgreementCommand => ({
  type: 'AllocateBudget',
  data: {
    agreementId,
    allocationId: `alloc-${agreementId}`,
    serviceLine: MEDIUM_SECURE,
    amount,
    effectiveDate,
    phasing: { kind: 'even' },
  },
});

const referralUnderB: CaseCommand = {
  type: 'RegisterReferral',
  data: {
    caseId: CASE_2,
    agreementId: B_ID,
    serviceLine: MEDIUM_SECURE,
    patientRef: 'SLP-case-2',
    referralDate: '2018-06-01',
  },
};

/** The scripted chain; `positions` are the log positions after each step named. */
async function scriptedChain() {
  const store = new InMemoryEventStore();
  const clock = new StepClock();
  const ledger = new LedgerCommands({ store, clock });
  const as = requestBy;
  const head = () => store.headPosition();
  await ledger.execute(createA(), as(chainCommissioner));
  await ledger.execute(allocate(A_ID, '600000.00', '2017-04-01'), as(chainCommissioner));
  await ledger.execute(referral(), as(caseManager));
  await ledger.execute(outOfArea(), as(caseManager));
  await ledger.execute(repatriate(), as(caseManager));
  clock.set('2018-04-10');
  for (const period of periodsOf('2017/18')) {
    await ledger.closePeriod({ agreementId: A_ID, period }, as(leadFinance));
  }
  const beforeB = await head();
  await ledger.execute(createB(), as(chainCommissioner));
  await ledger.execute(allocate(B_ID, '720000.00', '2018-04-01'), as(chainCommissioner));
  await ledger.carryForward({ agreementId: A_ID }, as(leadFinance));
  await ledger.execute(
    {
      type: 'CommitReinvestment',
      data: {
        agreementId: B_ID,
        commitmentId: 'commit-1',
        schemeId: 'female-forensic-step-down',
        amount: '5000.00',
        effectiveDate: '2018-05-15',
        description: 'Step-down beds',
      },
    },
    as(leadFinance),
  );
  await ledger.execute(referralUnderB, as(caseManager));
  await ledger.execute(outOfArea(CASE_2, '2018-06-01', '500.00'), as(caseManager));
  clock.set('2019-04-10');
  for (const period of periodsOf('2018/19')) {
    await ledger.closePeriod({ agreementId: B_ID, period }, as(leadFinance));
  }
  const beforeC = await head();
  await ledger.execute(createC(), as(chainCommissioner));
  await ledger.execute(allocate(C_ID, '780000.00', '2019-04-01'), as(chainCommissioner));
  await ledger.carryForward({ agreementId: B_ID }, as(leadFinance));
  clock.set('2019-06-15');
  for (const period of ['2019-04', '2019-05']) {
    await ledger.closePeriod({ agreementId: C_ID, period }, as(leadFinance));
  }
  const reportClock = fixedClock('2019-06-15T10:00:00Z');
  const reports = new LedgerReports({ store, clock: reportClock, pageSize: 64 });
  const chains = new LedgerChainReports({ store, clock: reportClock, reports, pageSize: 64 });
  return { store, ledger, reports, chains, beforeB, beforeC };
}

/** A year's money figures, read off its own balances report by hand (not by the code under test). */
function moneyOf(report: AgreementBalances) {
  const of = (kind: string) =>
    report.balances
      .filter((b) => ledgerAccount(b.account).kind === kind)
      .reduce((sum, b) => sum + penceOf(b.balance), 0n);
  return {
    budgetDelegated: -of('commissioner'),
    spend: of('spend'),
    reinvestmentCommitted: of('reinvestment'),
    retainedSavings: of('savings-retained'),
    carriedForward: of('carried-forward'),
    broughtForward: -of('brought-forward'),
  };
}

/** A year's out-of-area metrics, read off its own report by hand. */
function oapOf(report: OapMetricsReport) {
  const sum = (figure: (p: OapMetricsReport['periods'][number]) => number) =>
    report.periods.reduce((n, p) => n + figure(p), 0);
  const last = report.periods[report.periods.length - 1];
  return {
    countedOn: last.countedOn,
    activeAtYearEnd: last.activeAtPeriodEnd,
    started: sum((p) => p.started),
    ended: sum((p) => p.ended),
    bedDays: sum((p) => p.bedDays),
    cost: formatPence(report.periods.reduce((n, p) => n + penceOf(p.cost), 0n)),
    meanDistanceKm: last.meanDistanceKm,
    meanDistanceMiles: last.meanDistanceMiles,
    repatriations: sum((p) => p.repatriations),
  };
}

describe('the chain report of a three-year chain', () => {
  let world: Awaited<ReturnType<typeof scriptedChain>>;

  beforeAll(async () => {
    world = await scriptedChain();
  });

  it('is each year from its own balances and out-of-area metrics reports, with totals their sum', async () => {
    const report = await world.chains.chainReport(reviewer, B_ID, { asOf: '2019-05-31' });
    expect(report.years.map((y) => [y.agreementId, y.asOf, y.complete])).toEqual([
      [A_ID, '2018-03-31', true],
      [B_ID, '2019-03-31', true],
      [C_ID, '2019-05-31', false],
    ]);
    const sums = { delegated: 0n, spend: 0n, reinvested: 0n, retained: 0n, bedDays: 0, cost: 0n };
    for (const year of report.years) {
      const own = { asOf: year.asOf };
      const balances = await world.reports.balances(reviewer, year.agreementId, own);
      const oap = await world.reports.oapMetrics(reviewer, year.agreementId, own);
      const money = moneyOf(balances);
      expect(year).toMatchObject({
        budgetDelegated: formatPence(money.budgetDelegated),
        spend: formatPence(money.spend),
        reinvestmentCommitted: formatPence(money.reinvestmentCommitted),
        retainedSavings: formatPence(money.retainedSavings),
        broughtForward: formatPence(money.broughtForward),
        // Recognised = what savings:retained received from closes: its balance with the
        // reinvestments, the carry-forward out and the carry-forward in undone.
        savingsRecognised: formatPence(
          money.retainedSavings +
            money.reinvestmentCommitted +
            money.carriedForward -
            money.broughtForward,
        ),
      });
      expect(year.oapMetrics).toEqual(oapOf(oap));
      sums.delegated += money.budgetDelegated;
      sums.spend += money.spend;
      sums.reinvested += money.reinvestmentCommitted;
      sums.retained += money.retainedSavings;
      sums.bedDays += year.oapMetrics.bedDays;
      sums.cost += penceOf(year.oapMetrics.cost);
    }
    expect(report.totals).toMatchObject({
      budgetDelegated: formatPence(sums.delegated),
      spend: formatPence(sums.spend),
      reinvestmentCommitted: formatPence(sums.reinvested),
      retainedSavings: formatPence(sums.retained),
    });
    expect(report.totals.oapMetrics).toMatchObject({
      bedDays: sums.bedDays,
      cost: formatPence(sums.cost),
    });
  });

  it('has the figures worked by hand', async () => {
    const report = await world.chains.chainReport(reviewer, C_ID, { asOf: '2019-05-31' });
    const money = report.years.map((y) => [
      y.budgetDelegated,
      y.spend,
      y.savingsRecognised,
      y.reinvestmentCommitted,
      y.retainedSavings,
      y.carriedForward,
      y.broughtForward,
    ]);
    expect(money).toEqual([
      ['600000.00', '102900.00', '45500.00', '0.00', '0.00', '45500.00', '0.00'],
      ['720000.00', '316250.00', '45750.00', '5000.00', '0.00', '86250.00', '45500.00'],
      // C to 2019-05-31: April and May's 65,000.00 each; its carry-forward not yet due.
      ['130000.00', '57950.00', '0.00', '0.00', '86250.00', null, '86250.00'],
    ]);
    expect(report.totals).toMatchObject({
      budgetDelegated: '1450000.00',
      spend: '477100.00',
      savingsRecognised: '91250.00',
      reinvestmentCommitted: '5000.00',
      retainedSavings: '86250.00',
      carriedForward: '131750.00',
      broughtForward: '131750.00',
    });
    // A: case 1's 30 September nights out of area at 700.00, ended by its repatriation.
    expect(report.years[0].oapMetrics).toEqual({
      countedOn: '2018-03-31',
      activeAtYearEnd: 0,
      started: 1,
      ended: 1,
      bedDays: 30,
      cost: '21000.00',
      meanDistanceKm: null,
      meanDistanceMiles: null,
      repatriations: 1,
    });
    // B: case 2's 304 nights × 500.00, still there on 2019-03-31 at 212.5 km =
    // 212.5 / 1.609344 = 132.04… miles.
    expect(report.years[1].oapMetrics).toEqual({
      countedOn: '2019-03-31',
      activeAtYearEnd: 1,
      started: 1,
      ended: 0,
      bedDays: 304,
      cost: '152000.00',
      meanDistanceKm: '212.5',
      meanDistanceMiles: '132.0',
      repatriations: 0,
    });
  });

  it('is the same report whichever agreement of the chain is named', async () => {
    const query = { asOf: '2019-05-31' };
    const [a, b, c] = await Promise.all(
      [A_ID, B_ID, C_ID].map((id) => world.chains.chainReport(reviewer, id, query)),
    );
    expect({ ...a, agreementId: B_ID }).toEqual(b);
    expect({ ...c, agreementId: B_ID }).toEqual(b);
  });

  it('defaults asOf to today while the last year runs, and leaves out the years not begun', async () => {
    // Today is 2019-06-15, in C's year.
    const today = await world.chains.chainReport(reviewer, A_ID, {});
    expect(today.asOf).toBe('2019-06-15');
    expect(today.years.at(-1)).toMatchObject({ agreementId: C_ID, asOf: '2019-06-15' });
    const inB = await world.chains.chainReport(reviewer, C_ID, { asOf: '2018-12-31' });
    expect(inB.years.map((y) => y.agreementId)).toEqual([A_ID, B_ID]);
    const beforeAll = await world.chains.chainReport(reviewer, C_ID, { asOf: '2017-03-31' });
    expect(beforeAll.years).toEqual([]);
    expect(beforeAll.totals.spend).toBe('0.00');
  });

  it('knows the chain as it was: a successor created later is not in it', async () => {
    const beforeB = await world.chains.chainReport(reviewer, A_ID, {
      knownAtPosition: world.beforeB,
    });
    expect(beforeB.knownAt).toBe(world.beforeB);
    // A's year was over: asOf is its last day.
    expect(beforeB.asOf).toBe('2018-03-31');
    expect(beforeB.years.map((y) => y.agreementId)).toEqual([A_ID]);
    // Not carried forward yet (it needs B).
    expect(beforeB.years[0]).toMatchObject({ retainedSavings: '45500.00', carriedForward: null });
    const beforeC = await world.chains.chainReport(reviewer, B_ID, {
      knownAtPosition: world.beforeC,
    });
    expect(beforeC.years.map((y) => [y.agreementId, y.carriedForward])).toEqual([
      [A_ID, '45500.00'],
      [B_ID, null],
    ]);
    await expect(
      world.chains.chainReport(reviewer, C_ID, { knownAtPosition: world.beforeC }),
    ).rejects.toMatchObject({ code: 'AGREEMENT.NOT_FOUND' });
  });

  it('leaves out the years the caller may not read, and counts them', async () => {
    const report = await world.chains.chainReport(formerPartner, A_ID, { asOf: '2019-05-31' });
    expect(report.years.map((y) => y.agreementId)).toEqual([A_ID]);
    expect(report.yearsOmitted).toBe(2);
    expect(report.totals.spend).toBe('102900.00');
    await expect(
      world.chains.chainReport(formerPartner, B_ID, { asOf: '2019-05-31' }),
    ).rejects.toMatchObject({ code: 'AUTH.OUT_OF_SCOPE' });
    await expect(
      world.chains.chainReport(formerPartner, 'nowhere', { asOf: '2019-05-31' }),
    ).rejects.toMatchObject({ code: 'AGREEMENT.NOT_FOUND' });
  });

  it('writes a CSV whose Total row is the sum of its year rows', async () => {
    const report: ChainReport = await world.chains.chainReport(reviewer, A_ID, {
      asOf: '2019-05-31',
    });
    const lines = reportCsv(chainReportDocument(report)).replace('\uFEFF', '').split('\r\n');
    expect(lines.slice(-2)).toEqual([
      'Total,,,,1450000.00,477100.00,91250.00,5000.00,86250.00,131750.00,131750.00',
      '',
    ]);
    expect(lines[3]).toBe(
      `${C_ID},2019/20,2019-05-31,false,130000.00,57950.00,0.00,0.00,86250.00,,86250.00`,
    );
  });

  it('lists the chain: its agreements, and the cases registered under any of them', async () => {
    const lists = new LedgerLists({ store: world.store });
    for (const id of [A_ID, B_ID, C_ID]) {
      const page = await lists.agreements(reviewer, { chain: id });
      expect(page.agreements.map((a) => a.agreementId)).toEqual([A_ID, B_ID, C_ID]);
    }
    const cases = await lists.cases(reviewer, { chain: C_ID });
    expect(cases.cases.map((c) => [c.caseId, c.agreementId])).toEqual([
      [CHAIN_CASE, A_ID],
      [CASE_2, B_ID],
    ]);
    expect((await lists.cases(formerPartner, { chain: C_ID })).cases).toHaveLength(1);
    expect((await lists.agreements(reviewer, { chain: 'nowhere' })).agreements).toEqual([]);
  });

  it('follows a successor link only to an agreement that names its predecessor back', async () => {
    // On a store without multi-stream appends the link on C may land without its successor's
    // creation: the chain ends at C all the same.
    const [created] = await world.store.readStream(agreementStreamId(C_ID), { maxCount: 1 });
    await world.store.appendToStream(
      agreementStreamId(C_ID),
      [
        {
          eventId: '00000000-0000-4000-8000-00000000c0de',
          type: 'SuccessorAgreementCreated',
          data: {
            agreementId: C_ID,
            successorAgreementId: 'ghost',
            successorFinancialYear: '2020/21',
          },
          metadata: { ...created.metadata, hashChain: undefined },
        },
      ],
      { expectedRevision: 'any' },
    );
    const chain = await readChainAsKnownAt(world.store, A_ID);
    expect(chain?.map((m) => m.terms.agreementId)).toEqual([A_ID, B_ID, C_ID]);
    expect(chain?.[2].successorAgreementId).toBe('ghost');
    const ids = await chainAgreementIds(world.store, B_ID, () => Promise.resolve([C_ID, 'ghost']));
    expect(ids).toEqual([A_ID, B_ID, C_ID]);
    expect(await readChainAsKnownAt(world.store, 'ghost')).toBeNull();
  });
});
