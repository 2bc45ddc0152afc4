/**
 * Proves the reads on the real in-memory store: summaries carry money as decimal strings,
 * scope is checked against the agreement, analysts never see raw events, and the global log
 * pages by position.
 */
import { InMemoryEventStore } from '@ledger/event-store';
import { LedgerCommands } from '../execution/ledger-commands';
import { fixedClock } from '../shared/clock';
import {
  AGREEMENT_ID,
  allocate,
  CASE_ID,
  caseManager,
  commissioner,
  createAgreement,
  outsider,
  registerReferral,
  requestBy,
  startOutOfAreaPlacement,
} from '../testing/command-fixtures';
import { LedgerQueries } from './ledger-queries';

const reviewer = { subject: 'harriet', role: 'reviewer', organisationCode: null };
const analyst = { subject: 'ian', role: 'analyst', organisationCode: '13R' };

async function recordedLedger() {
  const store = new InMemoryEventStore();
  const ledger = new LedgerCommands({ store, clock: fixedClock('2025-10-15T10:00:00Z') });
  await ledger.execute(createAgreement(), requestBy(commissioner));
  await ledger.execute(allocate('a-1', '65000000.00'), requestBy(commissioner));
  await ledger.execute(registerReferral(), requestBy(caseManager));
  await ledger.execute(startOutOfAreaPlacement(), requestBy(caseManager));
  return new LedgerQueries(store);
}

describe('LedgerQueries', () => {
  it('summarises an agreement with its budget and retained savings as decimal strings', async () => {
    const queries = await recordedLedger();
    const summary = await queries.agreementSummary(commissioner, AGREEMENT_ID);
    expect(summary).toMatchObject({
      agreementId: AGREEMENT_ID,
      revision: 1,
      leadProviderCode: 'RV5',
      savingsHorizonDays: 365,
      budgetByServiceLine: { 'adult-medium-secure': '65000000.00', 'adult-low-secure': '0.00' },
      retainedSavings: '0.00',
      closedPeriods: [],
    });
  });

  it('summarises a case with its placements', async () => {
    const queries = await recordedLedger();
    const summary = await queries.caseSummary(caseManager, CASE_ID);
    expect(summary).toMatchObject({ caseId: CASE_ID, status: 'active', revision: 1 });
    expect(summary.placements).toHaveLength(1);
  });

  it('refuses an organisation outside the agreement, for the agreement and its cases', async () => {
    const queries = await recordedLedger();
    await expect(queries.agreementSummary(outsider, AGREEMENT_ID)).rejects.toMatchObject({
      code: 'AUTH.OUT_OF_SCOPE',
    });
    await expect(queries.caseEvents(outsider, CASE_ID)).rejects.toMatchObject({
      code: 'AUTH.OUT_OF_SCOPE',
    });
  });

  it('lets analysts read summaries but never raw event streams', async () => {
    const queries = await recordedLedger();
    await expect(queries.agreementSummary(analyst, AGREEMENT_ID)).resolves.toBeDefined();
    await expect(queries.agreementEvents(analyst, AGREEMENT_ID)).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN_ROLE',
    });
  });

  it('answers unknown agreements and cases as not found', async () => {
    const queries = await recordedLedger();
    await expect(queries.agreementSummary(reviewer, 'nope')).rejects.toMatchObject({
      code: 'AGREEMENT.NOT_FOUND',
    });
    await expect(queries.caseSummary(reviewer, 'nope')).rejects.toMatchObject({
      code: 'CASE.NOT_FOUND',
    });
  });

  it('pages the global log for reviewers, continuing from nextAfter', async () => {
    const queries = await recordedLedger();
    const first = await queries.globalLog(reviewer, 0, 3);
    expect(first.events.map((e) => e.position)).toEqual([1, 2, 3]);
    const second = await queries.globalLog(reviewer, first.nextAfter, 3);
    expect(second.events.map((e) => e.position)).toEqual([4]);
    const end = await queries.globalLog(reviewer, second.nextAfter, 3);
    expect(end).toEqual({ events: [], nextAfter: 4 });
    await expect(queries.globalLog(commissioner, 0, 3)).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN_ROLE',
    });
  });

  it('searches the global log by stream, type, user and time, for reviewers only', async () => {
    const queries = await recordedLedger();
    // Positions 1–2 the commissioner's (agreement, allocation), 3–4 the case manager's.
    const byType = await queries.searchLog(reviewer, { type: 'PlacementStarted' }, 0, 10);
    expect(byType.events.map((e) => e.position)).toEqual([4]);
    expect(byType).toMatchObject({ nextAfter: 4, end: true });
    const bySubject = await queries.searchLog(reviewer, { subject: commissioner.subject }, 0, 10);
    expect(bySubject.events.map((e) => e.position)).toEqual([1, 2]);
    const byStream = await queries.searchLog(reviewer, { streamId: `case-${CASE_ID}` }, 0, 1);
    // A full page: there may be more, and the next search goes on from its last event.
    expect(byStream).toMatchObject({ nextAfter: 3, end: false });
    const rest = await queries.searchLog(reviewer, { streamId: `case-${CASE_ID}` }, 3, 1);
    expect(rest.events.map((e) => e.position)).toEqual([4]);
    // From the first event's recording time to the last's, both ends included: all four.
    const all = (await queries.globalLog(reviewer, 0, 10)).events;
    const span = { from: all[0].recordedAt, to: all[3].recordedAt };
    expect((await queries.searchLog(reviewer, span, 0, 10)).events).toHaveLength(4);
    const later = { from: new Date(Date.parse(all[3].recordedAt) + 1).toISOString() };
    expect(await queries.searchLog(reviewer, later, 0, 10)).toEqual({
      events: [],
      nextAfter: 4,
      end: true,
    });
    await expect(queries.searchLog(commissioner, {}, 0, 10)).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN_ROLE',
    });
  });

  it('gives the event at a position, or null where there is none', async () => {
    const queries = await recordedLedger();
    expect(await queries.eventAt(reviewer, 2)).toMatchObject({
      position: 2,
      type: 'BudgetAllocated',
    });
    expect(await queries.eventAt(reviewer, 5)).toBeNull();
    expect(await queries.eventAt(reviewer, 0)).toBeNull();
    await expect(queries.eventAt(analyst, 1)).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN_ROLE',
    });
  });

  it('verifies the hash chain of the whole log, naming the head and its hash', async () => {
    const queries = await recordedLedger();
    const { verification, head } = await queries.verifyLog(reviewer);
    expect(verification).toEqual({ ok: true, events: 4, streams: 2 });
    const last = await queries.eventAt(reviewer, 4);
    expect(head).toEqual({ position: 4, hash: last!.metadata.hashChain!.hash });
    await expect(queries.verifyLog(commissioner)).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN_ROLE',
    });
  });

  it('gives the stream events with their revision', async () => {
    const queries = await recordedLedger();
    const stream = await queries.caseEvents(reviewer, CASE_ID);
    expect(stream.revision).toBe(1);
    expect(stream.events.map((e) => e.type)).toEqual(['ReferralRegistered', 'PlacementStarted']);
  });
});
