/**
 * Proves LedgerReports on the real in-memory store: it folds the whole log across pages, it
 * answers at a knowledge point named by position or by timestamp, it keeps the
 * read-your-writes contract with a typed error, and it checks who may read.
 */
import { InMemoryEventStore } from '@ledger/event-store';
import { LedgerCommands } from '../execution/ledger-commands';
import { fixedClock } from '../shared/clock';
import { AuthorisationError } from '../shared/command-errors';
import {
  AGREEMENT_ID,
  allocate,
  commissioner,
  createAgreement,
  outsider,
  requestBy,
} from '../testing/command-fixtures';
import { LedgerReports, type LedgerReportsDeps } from './ledger-reports';
import { LogBehindError, ReportQueryError } from './report-errors';

const reviewer = { subject: 'harriet', role: 'reviewer', organisationCode: null };
const clock = fixedClock('2025-10-15T10:00:00Z');
const asOf = '2026-03-31';

/** An in-memory ledger whose events are recorded at the instants `at` is set to. */
function aLedger() {
  let at = new Date('2025-04-01T09:00:00Z');
  const store = new InMemoryEventStore({ clock: () => at });
  const commands = new LedgerCommands({ store, clock });
  const record = async (command: Parameters<LedgerCommands['execute']>[0], when?: string) => {
    if (when) at = new Date(when);
    return (await commands.execute(command, requestBy(commissioner))).append.lastPosition;
  };
  const reports = (deps: Partial<LedgerReportsDeps> = {}) =>
    new LedgerReports({ store, clock, ...deps });
  return { store, record, reports };
}

const budgetBalance = (report: { balances: { account: string; balance: string }[] }) =>
  report.balances.find((b) => b.account === 'budget:adult-medium-secure')?.balance;

describe('LedgerReports', () => {
  it('folds a log longer than one page, reading it a page at a time', async () => {
    const { store, record, reports } = aLedger();
    await record(createAgreement());
    for (let i = 1; i <= 1010; i += 1) await record(allocate(`a-${i}`, '12.00'));
    expect(await store.headPosition()).toBe(1011);

    const readAll = jest.spyOn(store, 'readAll');
    const report = await reports().balances(reviewer, AGREEMENT_ID, { asOf });
    expect(report).toMatchObject({ knownAt: 1011, total: '0.00' });
    expect(budgetBalance(report)).toBe('12120.00');
    expect(readAll).toHaveBeenCalledTimes(2);

    readAll.mockClear();
    const small = await reports({ pageSize: 100 }).balances(reviewer, AGREEMENT_ID, { asOf });
    expect(small).toEqual(report);
    expect(readAll).toHaveBeenCalledTimes(11);
  });

  it('answers at a knowledge position: before a fact without it, at and after it with it', async () => {
    const { record, reports } = aLedger();
    await record(createAgreement());
    const first = await record(allocate('a-1', '1200.00'));
    const second = await record(allocate('a-2', '2400.00'));

    const at = (knownAtPosition: number) =>
      reports().balances(reviewer, AGREEMENT_ID, { asOf, knownAtPosition });
    expect(budgetBalance(await at(first))).toBe('1200.00');
    expect(budgetBalance(await at(second - 1))).toBe('1200.00');
    expect(await at(second)).toMatchObject({ knownAt: second, total: '0.00' });
    expect(budgetBalance(await at(second))).toBe('3600.00');
    expect(budgetBalance(await at(second + 50))).toBe('3600.00');
    await expect(at(first - 1)).resolves.toMatchObject({ knownAt: first - 1 });
    expect(budgetBalance(await at(first - 1))).toBeUndefined();
  });

  it('maps a knownAt timestamp to the last position recorded by then', async () => {
    const { record, reports } = aLedger();
    await record(createAgreement(), '2025-04-01T09:00:00Z');
    const first = await record(allocate('a-1', '1200.00'), '2025-05-01T09:00:00Z');
    const second = await record(allocate('a-2', '2400.00'), '2025-06-01T09:00:00Z');

    const at = (knownAt: string) => reports().balances(reviewer, AGREEMENT_ID, { asOf, knownAt });
    const may = await at('2025-05-31T23:59:59Z');
    expect(may.knownAt).toBe(first);
    expect(budgetBalance(may)).toBe('1200.00');
    expect((await at('2025-06-01T09:00:00Z')).knownAt).toBe(second);
    expect((await at('2025-05-01T09:00:00Z')).knownAt).toBe(first);
    await expect(at('2025-03-31T00:00:00Z')).rejects.toMatchObject({
      code: 'AGREEMENT.NOT_FOUND',
    });
  });

  it('waits for minPosition, then answers LogBehindError when the log is behind', async () => {
    const { record, reports } = aLedger();
    await record(createAgreement());
    const head = await record(allocate('a-1', '1200.00'));
    const quick = reports({ minPositionWaitMs: 30, pollMs: 5 });

    await expect(
      quick.balances(reviewer, AGREEMENT_ID, { asOf, minPosition: head }),
    ).resolves.toMatchObject({ knownAt: head });
    const started = performance.now();
    const behind = quick.budget(reviewer, AGREEMENT_ID, { asOf, minPosition: head + 1 });
    await expect(behind).rejects.toBeInstanceOf(LogBehindError);
    await expect(behind).rejects.toMatchObject({
      code: 'READ.LOG_BEHIND',
      minPosition: head + 1,
      headPosition: head,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('refuses knownAt and knownAtPosition together', async () => {
    const { record, reports } = aLedger();
    await record(createAgreement());
    const both = reports().savings(reviewer, AGREEMENT_ID, {
      knownAt: '2025-05-01T00:00:00Z',
      knownAtPosition: 1,
    });
    await expect(both).rejects.toBeInstanceOf(ReportQueryError);
    await expect(both).rejects.toMatchObject({ code: 'VALIDATION.FAILED', field: 'knownAt' });
  });

  it('defaults asOf to today, or to the last day of a financial year that is over', async () => {
    const { record, store } = aLedger();
    await record(createAgreement());
    await record(allocate('a-1', '1200.00'));
    await record({
      type: 'CreateAgreement',
      data: {
        agreementId: 'slp-adult-secure-2026-27',
        commissionerCode: '13R',
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG', 'RQY'],
        financialYear: '2026/27',
        serviceLines: ['adult-medium-secure'],
      },
    });
    const at = (instant: string) => new LedgerReports({ store, clock: fixedClock(instant) });
    const asOfs = async (reports: LedgerReports, agreementId = AGREEMENT_ID) => [
      (await reports.balances(reviewer, agreementId, {})).asOf,
      (await reports.budget(reviewer, agreementId, {})).asOf,
      (await reports.savings(reviewer, agreementId, {})).asOf,
      (await reports.oapMetrics(reviewer, agreementId, {})).asOf,
    ];
    // In the year: today, by the UK date (BST from 29 March 2026: 22:30 UTC on 31 March is
    // still 31 March in England, 23:30 UTC is already 1 April).
    expect(await asOfs(at('2025-10-15T10:00:00Z'))).toEqual(Array(4).fill('2025-10-15'));
    expect(await asOfs(at('2026-03-31T22:30:00Z'))).toEqual(Array(4).fill('2026-03-31'));
    // The year is over: its last day, whenever it is read.
    expect(await asOfs(at('2026-03-31T23:30:00Z'))).toEqual(Array(4).fill('2026-03-31'));
    expect(await asOfs(at('2026-12-07T10:00:00Z'))).toEqual(Array(4).fill('2026-03-31'));
    expect(await asOfs(at('2031-06-01T10:00:00Z'))).toEqual(Array(4).fill('2026-03-31'));
    // A year not yet begun, or still running, keeps today.
    const future = 'slp-adult-secure-2026-27';
    expect(await asOfs(at('2025-10-15T10:00:00Z'), future)).toEqual(Array(4).fill('2025-10-15'));
    expect(await asOfs(at('2026-12-07T10:00:00Z'), future)).toEqual(Array(4).fill('2026-12-07'));
    // Asked for, it is what was asked, and a knowledge-time replay defaults the same way.
    const late = at('2026-12-07T10:00:00Z');
    expect((await late.budget(reviewer, AGREEMENT_ID, { asOf: '2025-06-30' })).asOf).toBe(
      '2025-06-30',
    );
    expect((await late.savings(reviewer, AGREEMENT_ID, { knownAtPosition: 2 })).asOf).toBe(
      '2026-03-31',
    );
  });

  it('refuses an actor outside the agreement with AuthorisationError', async () => {
    const { record, reports } = aLedger();
    await record(createAgreement());
    const refused = reports().balances(outsider, AGREEMENT_ID, { asOf });
    await expect(refused).rejects.toBeInstanceOf(AuthorisationError);
    await expect(refused).rejects.toMatchObject({ code: 'AUTH.OUT_OF_SCOPE' });
    await expect(reports().balances(commissioner, AGREEMENT_ID, { asOf })).resolves.toBeDefined();
  });
});
