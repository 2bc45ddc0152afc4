/**
 * Proves period close in the command layer on the real in-memory event store (no mocks): the
 * agreement's cases are found in the log, their figures computed by the domain's cost and
 * savings rules, late facts become prior-period adjustments, and the close gets the same
 * authorisation, If-Match, Idempotency-Key and race handling as every other write.
 */
import {
  agreementStreamId,
  type CaseCommand,
  type PeriodClosed,
  type PriorPeriodAdjustments,
} from '@ledger/domain';
import { InMemoryEventStore, type EventStore } from '@ledger/event-store';
import { LedgerCommands } from '../execution/ledger-commands';
import { fixedClock } from '../shared/clock';
import {
  AuthorisationError,
  RevisionMismatchError,
  IdempotencyKeyReusedError,
} from '../shared/command-errors';
import {
  AGREEMENT_ID,
  allocate,
  CASE_ID,
  caseManager,
  commissioner,
  createAgreement,
  leadFinance,
  registerReferral,
  requestBy,
  startOutOfAreaPlacement,
} from '../testing/command-fixtures';
import { LogScanCaseIndex, type AgreementCaseIndex } from './agreement-case-index';

/** Mid-October 2025: April to September have ended. */
const NOW = '2025-10-15T10:00:00.000Z';
const CLOSE = requestBy(leadFinance);
const NO_ADJUSTMENTS: PriorPeriodAdjustments = { costs: [], savings: [] };

/** An index that counts its calls and can act before answering, as a concurrent writer would. */
class WatchedIndex implements AgreementCaseIndex {
  calls = 0;
  beforeAnswer: (call: number) => Promise<void> = () => Promise.resolve();
  constructor(private readonly inner: AgreementCaseIndex) {}

  async caseIdsOf(agreementId: string): Promise<string[]> {
    this.calls += 1;
    const ids = await this.inner.caseIdsOf(agreementId);
    await this.beforeAnswer(this.calls);
    return ids;
  }
}

function ledgerOn(store: EventStore = new InMemoryEventStore()) {
  const caseIndex = new WatchedIndex(new LogScanCaseIndex(store, 2));
  const ledger = new LedgerCommands({ store, clock: fixedClock(NOW), caseIndex });
  const record = (command: Parameters<LedgerCommands['execute']>[0], actor = caseManager) =>
    ledger.execute(command, requestBy(actor));
  return { store, ledger, caseIndex, record };
}

/** The agreement, and case-0001 out of area at £685.50 a night from 2025-06-01 (NVC01). */
async function withPlacement() {
  const world = ledgerOn();
  await world.record(createAgreement(), commissioner);
  await world.record(registerReferral());
  await world.record(startOutOfAreaPlacement());
  return world;
}

async function closeThrough(ledger: LedgerCommands, periods: string[]): Promise<void> {
  for (const period of periods)
    await ledger.closePeriod({ agreementId: AGREEMENT_ID, period }, CLOSE);
}

async function lastClose(store: EventStore): Promise<PeriodClosed['data']> {
  const events = await store.readStream(agreementStreamId(AGREEMENT_ID));
  const last = events[events.length - 1];
  expect(last.type).toBe('PeriodClosed');
  return last.data as PeriodClosed['data'];
}

const oapCost = (period: string, bedDays: number, amount: string) => ({
  caseId: CASE_ID,
  placementId: 'plc-1',
  serviceLine: 'adult-medium-secure',
  setting: 'out-of-area',
  providerCode: 'NVC01',
  period,
  bedDays,
  amount,
});

const discharge = (dischargeDate: string): CaseCommand => ({
  type: 'DischargePatient',
  data: { caseId: CASE_ID, dischargeDate, reason: 'Discharged to community team' },
});

describe('LogScanCaseIndex', () => {
  it("finds every case referred under the agreement, page after page, and no other's", async () => {
    const { store, record } = ledgerOn();
    await record(createAgreement(), commissioner);
    await record(createAgreement('other-agreement'), commissioner);
    const refer = (caseId: string, agreementId: string) => {
      const referral = registerReferral('adult-medium-secure', agreementId);
      return record({ ...referral, data: { ...referral.data, caseId } } as CaseCommand);
    };
    await refer('case-a', AGREEMENT_ID);
    await refer('case-b', 'other-agreement');
    await refer('case-c', AGREEMENT_ID);
    await record(allocate('alloc-1'), commissioner);
    // Pages of 2 over 6 events: the referrals sit on different pages.
    expect(await new LogScanCaseIndex(store, 2).caseIdsOf(AGREEMENT_ID)).toEqual([
      'case-a',
      'case-c',
    ]);
    expect(await new LogScanCaseIndex(store).caseIdsOf('nobody')).toEqual([]);
  });

  it('reads only what the log gained since its last answer, and sees it', async () => {
    const { store, record } = ledgerOn();
    await record(createAgreement(), commissioner);
    const refer = (caseId: string) => {
      const referral = registerReferral();
      return record({ ...referral, data: { ...referral.data, caseId } } as CaseCommand);
    };
    await refer('case-a');
    let read = 0;
    const counting = {
      readAll: async (options: Parameters<typeof store.readAll>[0]) => {
        const page = await store.readAll(options);
        read += page.length;
        return page;
      },
    } as typeof store;
    const index = new LogScanCaseIndex(counting, 2);
    expect(await index.caseIdsOf(AGREEMENT_ID)).toEqual(['case-a']);
    expect(read).toBe(2);
    await refer('case-b');
    const [first, second] = await Promise.all([
      index.caseIdsOf(AGREEMENT_ID),
      index.caseIdsOf(AGREEMENT_ID),
    ]);
    expect(first).toEqual(['case-a', 'case-b']);
    expect(second).toEqual(['case-a', 'case-b']);
    expect(read).toBe(3); // the new referral, once: the two calls did not scan it twice
  });
});

describe('LedgerCommands.closePeriod: the figures', () => {
  it("posts the period's accrued cost from the case histories", async () => {
    const { store, ledger } = await withPlacement();
    await closeThrough(ledger, ['2025-04', '2025-05', '2025-06']);
    // June: 30 nights × 685.50 = 20,565.00. April and May had no nights.
    expect(await lastClose(store)).toEqual({
      agreementId: AGREEMENT_ID,
      period: '2025-06',
      accruedCosts: [oapCost('2025-06', 30, '20565.00')],
      recognisedSavings: [],
      priorPeriodAdjustments: NO_ADJUSTMENTS,
      priorYearAdjustments: NO_ADJUSTMENTS,
    });
  });

  it('posts a back-dated discharge as a June adjustment in the July close', async () => {
    const { store, ledger, record } = await withPlacement();
    await closeThrough(ledger, ['2025-04', '2025-05', '2025-06']);
    await record(discharge('2025-06-21'));
    await closeThrough(ledger, ['2025-07']);
    // June now has nights 1–20: (20 − 30) × 685.50 = −6,855.00, belonging to June and posted
    // in July. July's own cost is nothing: the patient left in June.
    expect(await lastClose(store)).toEqual({
      agreementId: AGREEMENT_ID,
      period: '2025-07',
      accruedCosts: [],
      recognisedSavings: [],
      priorPeriodAdjustments: { costs: [oapCost('2025-06', -10, '-6855.00')], savings: [] },
      priorYearAdjustments: NO_ADJUSTMENTS,
    });
  });
});

describe('LedgerCommands.closePeriod: the rules of every write', () => {
  it('refuses a role or an organisation that may not close, before reading any case', async () => {
    const { ledger, caseIndex } = await withPlacement();
    const april = { agreementId: AGREEMENT_ID, period: '2025-04' };
    await expect(ledger.closePeriod(april, requestBy(caseManager))).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN_ROLE',
    });
    const outsider = { ...leadFinance, organisationCode: 'NVC01' };
    await expect(ledger.closePeriod(april, requestBy(outsider))).rejects.toBeInstanceOf(
      AuthorisationError,
    );
    expect(caseIndex.calls).toBe(0);
  });

  it('checks the close rules before scanning the log for cases', async () => {
    const { ledger, caseIndex } = await withPlacement();
    const october = { agreementId: AGREEMENT_ID, period: '2025-10' };
    await expect(ledger.closePeriod(october, CLOSE)).rejects.toMatchObject({
      code: 'PERIOD.CLOSE_OUT_OF_ORDER',
    });
    expect(caseIndex.calls).toBe(0);
  });

  it('answers an agreement never created as not found', async () => {
    const { ledger } = ledgerOn();
    await expect(
      ledger.closePeriod({ agreementId: 'nowhere', period: '2025-04' }, CLOSE),
    ).rejects.toMatchObject({ code: 'AGREEMENT.NOT_FOUND' });
  });

  it('refuses a stale If-Match with a revision mismatch', async () => {
    const { ledger } = await withPlacement();
    const stale = requestBy(leadFinance, { expectedRevision: 3 });
    await expect(
      ledger.closePeriod({ agreementId: AGREEMENT_ID, period: '2025-04' }, stale),
    ).rejects.toBeInstanceOf(RevisionMismatchError);
  });

  it('binds the Idempotency-Key to the period asked for, not to the figures', async () => {
    const { store, ledger, record } = await withPlacement();
    await closeThrough(ledger, ['2025-04', '2025-05']);
    const keyed = requestBy(leadFinance, { idempotencyKey: 'close-june' });
    const june = { agreementId: AGREEMENT_ID, period: '2025-06' };
    const first = await ledger.closePeriod(june, keyed);
    // A late fact changes June's figures; the same request again is still the same request.
    await record(discharge('2025-06-21'));
    const head = await store.headPosition();
    expect(await ledger.closePeriod(june, keyed)).toEqual({
      append: first.append,
      position: first.position,
      replayed: true,
    });
    await expect(ledger.closePeriod({ ...june, period: '2025-07' }, keyed)).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(await store.headPosition()).toBe(head);
  });
});

describe('LedgerCommands.closePeriod: racing other writers', () => {
  it('recomputes the figures when the agreement moved while they were computed', async () => {
    const { store, ledger, caseIndex, record } = await withPlacement();
    await closeThrough(ledger, ['2025-04', '2025-05']);
    // While June's first attempt is computing, the commissioner allocates budget and a
    // discharge back-dated to 2025-06-21 is recorded. The append, expecting the agreement
    // revision read first, fails; the second attempt reads everything again.
    caseIndex.beforeAnswer = async (call) => {
      if (call !== 3) return;
      const allocation = allocate('alloc-during-close');
      const november = { ...allocation.data, effectiveDate: '2025-11-01' };
      await record({ ...allocation, data: november } as typeof allocation, commissioner);
      await record(discharge('2025-06-21'));
    };
    await closeThrough(ledger, ['2025-06']);
    // 20 nights × 685.50 = 13,710.00: June's figures after the discharge, not the stale 30.
    expect((await lastClose(store)).accruedCosts).toEqual([oapCost('2025-06', 20, '13710.00')]);
    expect(caseIndex.calls).toBe(4);
  });

  it('leaves a case fact that lands during the close to the next close, as an adjustment', async () => {
    const store = new ReadWatchingStore();
    const { ledger, record } = ledgerOn(store);
    await record(createAgreement(), commissioner);
    await record(registerReferral());
    await record(startOutOfAreaPlacement());
    await closeThrough(ledger, ['2025-04', '2025-05']);
    // The documented race: the discharge lands on the case stream just after June's close
    // read it. Nothing on the agreement stream moved, so June posts the 30 nights it read.
    store.afterNextRead(`case-${CASE_ID}`, () => record(discharge('2025-06-21')));
    await closeThrough(ledger, ['2025-06']);
    expect((await lastClose(store)).accruedCosts).toEqual([oapCost('2025-06', 30, '20565.00')]);
    // Nothing is lost: July restates June and posts (20 − 30) × 685.50 = −6,855.00 for it.
    await closeThrough(ledger, ['2025-07']);
    expect((await lastClose(store)).priorPeriodAdjustments.costs).toEqual([
      oapCost('2025-06', -10, '-6855.00'),
    ]);
  });

  it('closes a period once when two closes of it race', async () => {
    const { store, ledger, caseIndex } = await withPlacement();
    const april = { agreementId: AGREEMENT_ID, period: '2025-04' };
    // The second close lands while the first is computing: the first must not close April again.
    caseIndex.beforeAnswer = async (call) => {
      if (call === 1) await ledger.closePeriod(april, CLOSE);
    };
    await expect(ledger.closePeriod(april, CLOSE)).rejects.toMatchObject({
      code: 'PERIOD.ALREADY_CLOSED',
    });
    const closes = (await store.readStream(agreementStreamId(AGREEMENT_ID))).filter(
      (e) => e.type === 'PeriodClosed',
    );
    expect(closes).toHaveLength(1);
  });
});

/** An in-memory store that lets another writer act once, right after a stream is next read. */
class ReadWatchingStore extends InMemoryEventStore {
  private watch: { streamId: string; act: () => Promise<unknown> } | null = null;

  afterNextRead(streamId: string, act: () => Promise<unknown>): void {
    this.watch = { streamId, act };
  }

  override async readStream(streamId: string) {
    const events = await super.readStream(streamId);
    const watch = this.watch;
    if (watch?.streamId === streamId) {
      this.watch = null;
      await watch.act();
    }
    return events;
  }
}
