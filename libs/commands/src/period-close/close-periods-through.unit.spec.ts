/**
 * Several months closed in one request, on the real in-memory store: each open month up to
 * `through` is closed in order by the ordinary close, its own PeriodClosed event; what is
 * refused before anything is closed; a refusal part-way leaves the closes before it standing;
 * and an Idempotency-Key replays the whole answer.
 */
import { agreementStreamId, DomainError } from '@ledger/domain';
import { EventStoreUnavailableError, InMemoryEventStore } from '@ledger/event-store';
import type { CommandRequest } from '../execution/command-request';
import { LedgerCommands } from '../execution/ledger-commands';
import { fixedClock } from '../shared/clock';
import {
  AuthorisationError,
  RevisionMismatchError,
  StreamNotFoundError,
} from '../shared/command-errors';
import {
  AGREEMENT_ID,
  caseManager,
  commissioner,
  createAgreement,
  leadFinance,
  requestBy,
} from '../testing/command-fixtures';
import { closePeriodsThrough, PeriodClosesStoppedError } from './close-periods-through';
import type { PeriodCloseRequest } from './decide-period-close';

/** Mid-October 2025: April to September have ended. */
const clock = fixedClock('2025-10-15T10:00:00.000Z');

async function aLedger() {
  const store = new InMemoryEventStore();
  const ledger = new LedgerCommands({ store, clock });
  await ledger.execute(createAgreement(), requestBy(commissioner));
  const asked: PeriodCloseRequest[] = [];
  let failOn: string | null = null;
  const deps = {
    store,
    clock,
    closePeriod: (close: PeriodCloseRequest, request: CommandRequest) => {
      asked.push(close);
      if (close.period === failOn) {
        return Promise.reject(new EventStoreUnavailableError('the disk went away'));
      }
      return ledger.closePeriod(close, request);
    },
  };
  const through = (period: string, request = requestBy(leadFinance)) =>
    closePeriodsThrough(deps, { agreementId: AGREEMENT_ID, through: period }, request);
  const closedPeriods = async () =>
    (await store.readStream(agreementStreamId(AGREEMENT_ID)))
      .filter((e) => e.type === 'PeriodClosed')
      .map((e) => e.data.period);
  return {
    store,
    ledger,
    asked,
    through,
    closedPeriods,
    failOn: (period: string | null) => (failOn = period),
  };
}

describe('closePeriodsThrough', () => {
  it('closes every open month up to through, in order, each its own PeriodClosed event', async () => {
    const { ledger, through, closedPeriods } = await aLedger();
    await ledger.closePeriod(
      { agreementId: AGREEMENT_ID, period: '2025-04' },
      requestBy(leadFinance),
    );

    const receipts = await through('2025-07');
    expect(receipts.map((r) => r.period)).toEqual(['2025-05', '2025-06', '2025-07']);
    expect(receipts.map((r) => r.revision)).toEqual([2, 3, 4]);
    expect(
      receipts.every((r) => r.events.length === 1 && r.events[0].type === 'PeriodClosed'),
    ).toBe(true);
    expect(receipts.map((r) => r.replayed)).toEqual([false, false, false]);
    expect(await closedPeriods()).toEqual(['2025-04', '2025-05', '2025-06', '2025-07']);

    // Again up to September: carries on from the first month still open.
    expect((await through('2025-09')).map((r) => r.period)).toEqual(['2025-08', '2025-09']);
  });

  it('refuses before closing anything: unknown agreement, outsider, outside the year, not ended, nothing open', async () => {
    const { store, through, closedPeriods } = await aLedger();
    const refused = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(await closedPeriods()).toEqual([]);
      return error;
    };
    const unknown = closePeriodsThrough(
      { store, clock, closePeriod: () => Promise.reject(new Error('not called')) },
      { agreementId: 'nope', through: '2025-06' },
      requestBy(leadFinance),
    );
    expect(await refused(unknown)).toBeInstanceOf(StreamNotFoundError);
    expect(await refused(through('2025-06', requestBy(caseManager)))).toBeInstanceOf(
      AuthorisationError,
    );
    expect(await refused(through('2026-04'))).toMatchObject({
      code: 'VALIDATION.FAILED',
      fieldErrors: [
        { field: 'through', message: 'must be a period of 2025/26: 2025-04 to 2026-03' },
      ],
    });
    // October has not ended on 15 October: nothing closes, not even April to September.
    expect(await refused(through('2025-10'))).toMatchObject({
      code: 'PERIOD.NOT_ENDED',
      details: { period: '2025-10', lastDay: '2025-10-31', today: '2025-10-15' },
    });
    await through('2025-05');
    const again = await through('2025-05').catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect(again).toMatchObject({ code: 'PERIOD.ALREADY_CLOSED', details: { period: '2025-05' } });
  });

  it('stops at a refusal part-way: it names the month and why, and the closes before it stand', async () => {
    const { through, closedPeriods, failOn } = await aLedger();
    failOn('2025-07');
    const stopped = await through('2025-09').catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(PeriodClosesStoppedError);
    const error = stopped as PeriodClosesStoppedError;
    expect(error.failedPeriod).toBe('2025-07');
    expect(error.reason).toBeInstanceOf(EventStoreUnavailableError);
    expect(error.closes.map((r) => r.period)).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(error.describe('the store is down')).toBe(
      'Closed 2025-04 to 2025-06; 2025-07 was refused: the store is down',
    );
    expect(await closedPeriods()).toEqual(['2025-04', '2025-05', '2025-06']);

    // Sent again once the fault has cleared: it carries on from July.
    failOn(null);
    expect((await through('2025-09')).map((r) => r.period)).toEqual([
      '2025-07',
      '2025-08',
      '2025-09',
    ]);
  });

  it('turns an Idempotency-Key into one per month, so sending it again replays the same answer', async () => {
    const { store, ledger, through, closedPeriods, failOn } = await aLedger();
    await ledger.closePeriod(
      { agreementId: AGREEMENT_ID, period: '2025-04' },
      requestBy(leadFinance),
    );
    const keyed = requestBy(leadFinance, { idempotencyKey: 'close-h1' });
    failOn('2025-07');
    const stopped = (await through('2025-09', keyed).catch(
      (e: unknown) => e,
    )) as PeriodClosesStoppedError;
    expect(stopped.closes.map((r) => [r.period, r.replayed])).toEqual([
      ['2025-05', false],
      ['2025-06', false],
    ]);
    failOn(null);
    const first = await through('2025-09', keyed);
    expect(first.map((r) => [r.period, r.replayed])).toEqual([
      ['2025-05', true],
      ['2025-06', true],
      ['2025-07', false],
      ['2025-08', false],
      ['2025-09', false],
    ]);
    const again = await through('2025-09', keyed);
    expect(again).toEqual(first.map((r) => ({ ...r, replayed: true })));
    expect(await closedPeriods()).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
    ]);
    const events = await store.readStream(agreementStreamId(AGREEMENT_ID));
    expect(
      events.filter((e) => e.type === 'PeriodClosed').map((e) => e.metadata.idempotencyKey),
    ).toEqual([
      null,
      'close-h1:2025-05',
      'close-h1:2025-06',
      'close-h1:2025-07',
      'close-h1:2025-08',
      'close-h1:2025-09',
    ]);
  });

  it('holds If-Match to the first close, and each later one to the revision the one before wrote', async () => {
    const { through, closedPeriods } = await aLedger();
    const stale = await through('2025-06', requestBy(leadFinance, { expectedRevision: 3 })).catch(
      (e: unknown) => e,
    );
    expect(stale).toBeInstanceOf(PeriodClosesStoppedError);
    expect((stale as PeriodClosesStoppedError).reason).toBeInstanceOf(RevisionMismatchError);
    expect(await closedPeriods()).toEqual([]);
    const receipts = await through('2025-06', requestBy(leadFinance, { expectedRevision: 0 }));
    expect(receipts.map((r) => r.revision)).toEqual([1, 2, 3]);
  });
});
