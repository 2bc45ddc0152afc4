/**
 * The year-end carry-forward in the command layer (domain.md, "Years: chains of agreements"),
 * on domain.md's worked example: A (2017/18) recognised 182 × £250.00 = £45,500.00 of savings,
 * all retained; once its M12 is closed and B exists, the lead provider carries them forward,
 * once, atomically across the two agreements, and B may then reinvest them.
 */
import {
  agreementStreamId,
  balancesOf,
  periodsOf,
  postingsForAgreementEvent,
  sumMoney,
  upcastEvent,
  type AgreementCommand,
  type AgreementEvent,
} from '@ledger/domain';
import {
  InMemoryEventStore,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type StreamAppend,
} from '@ledger/event-store';
import { LedgerCommands } from '../execution/ledger-commands';
import type { Clock } from '../shared/clock';
import {
  A_ID,
  B_ID,
  chainCommissioner,
  createA,
  createB,
  discharge,
  outOfArea,
  referral,
  repatriate,
} from '../testing/chain-fixtures';
import { caseManager, leadFinance, requestBy } from '../testing/command-fixtures';

class StepClock implements Clock {
  private at = new Date('2017-04-01T09:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
  set(day: string): void {
    this.at = new Date(`${day}T09:00:00.000Z`);
  }
}

const reinvest = (commitmentId: string, amount: string, effectiveDate = '2018-05-15') =>
  ({
    type: 'CommitReinvestment',
    data: {
      agreementId: B_ID,
      commitmentId,
      schemeId: 'female-forensic-step-down',
      amount,
      effectiveDate,
      description: 'Step-down beds',
    },
  }) as AgreementCommand;

async function worldAtYearEnd(store: EventStore = new InMemoryEventStore(), { withB = true } = {}) {
  const clock = new StepClock();
  const ledger = new LedgerCommands({ store, clock });
  const as = (actor: typeof leadFinance) => requestBy(actor);
  await ledger.execute(createA(), as(chainCommissioner));
  await ledger.execute(referral(), as(caseManager));
  await ledger.execute(outOfArea(), as(caseManager));
  await ledger.execute(repatriate(), as(caseManager));
  clock.set('2018-04-10');
  for (const period of periodsOf('2017/18')) {
    await ledger.closePeriod({ agreementId: A_ID, period }, as(leadFinance));
  }
  if (withB) await ledger.execute(createB(), as(chainCommissioner));
  const carry = (extra = {}) =>
    ledger.carryForward({ agreementId: A_ID }, requestBy(leadFinance, extra));
  const summary = async (agreementId: string) => {
    const events = await store.readStream(agreementStreamId(agreementId));
    return events.map((e) => upcastEvent<AgreementEvent>(e));
  };
  const balances = async (agreementId: string) => {
    const postings = (await summary(agreementId)).flatMap(postingsForAgreementEvent);
    const map = balancesOf(postings);
    expect(sumMoney(map.values()).isZero()).toBe(true);
    return Object.fromEntries([...map].map(([account, m]) => [account, m.toFixed(2)]));
  };
  return { store, ledger, clock, carry, summary, balances };
}

describe('CarryForward', () => {
  it("moves A's whole retained balance to B, in A's M12 and B's earliest open period, in one append", async () => {
    const world = await worldAtYearEnd();
    const outcome = await world.carry();
    expect(outcome.append.streamId).toBe(agreementStreamId(A_ID));
    const [carried] = (await world.store.readStream(agreementStreamId(A_ID))).slice(-1);
    const [brought] = (await world.store.readStream(agreementStreamId(B_ID))).slice(-1);
    expect(carried).toMatchObject({
      type: 'SavingsCarriedForward',
      data: {
        agreementId: A_ID,
        successorAgreementId: B_ID,
        amount: '45500.00',
        period: '2018-03',
      },
    });
    expect(brought).toMatchObject({
      type: 'SavingsBroughtForward',
      data: {
        agreementId: B_ID,
        predecessorAgreementId: A_ID,
        amount: '45500.00',
        period: '2018-04',
      },
    });
    expect(brought.position).toBe(carried.position + 1);
    // Each agreement still sums to zero.
    expect(await world.balances(A_ID)).toMatchObject({
      'savings:retained': '0.00',
      'carried-forward': '45500.00',
    });
    expect(await world.balances(B_ID)).toEqual({
      'brought-forward': '-45500.00',
      'savings:retained': '45500.00',
    });
  });

  it('refuses a reinvestment in B before the carry-forward, and accepts it after', async () => {
    const world = await worldAtYearEnd();
    world.clock.set('2018-05-02');
    await expect(
      world.ledger.execute(reinvest('commit-1', '10000.00'), requestBy(leadFinance)),
    ).rejects.toMatchObject({
      code: 'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
      details: { available: '0.00', requested: '10000.00' },
    });
    await world.carry();
    await world.ledger.execute(reinvest('commit-1', '10000.00'), requestBy(leadFinance));
    // 45,500.00 brought forward − 10,000.00 committed = 35,500.00 left; asking for more is refused.
    await expect(
      world.ledger.execute(reinvest('commit-2', '35500.01'), requestBy(leadFinance)),
    ).rejects.toMatchObject({ details: { available: '35500.00' } });
  });

  it('counts prior-year saving adjustments in what B may reinvest, with no second carry-forward', async () => {
    const world = await worldAtYearEnd();
    await world.carry();
    world.clock.set('2018-04-20');
    await world.ledger.execute(discharge(), requestBy(caseManager));
    world.clock.set('2018-05-02');
    await world.ledger.closePeriod(
      { agreementId: B_ID, period: '2018-04' },
      requestBy(leadFinance),
    );
    // 45,500.00 brought forward − 2,750.00 of A's March savings, adjusted in B's April.
    await expect(
      world.ledger.execute(reinvest('commit-1', '42750.01'), requestBy(leadFinance)),
    ).rejects.toMatchObject({ details: { available: '42750.00' } });
    await world.ledger.execute(reinvest('commit-1', '42750.00'), requestBy(leadFinance));
    // A's balance stays carried: nothing moves back.
    expect(await world.balances(A_ID)).toMatchObject({ 'savings:retained': '0.00' });
  });

  it('is recorded once: 409 CHAIN.CARRY_FORWARD_ALREADY_RECORDED', async () => {
    const world = await worldAtYearEnd();
    await world.carry();
    const head = await world.store.headPosition();
    await expect(world.carry()).rejects.toMatchObject({
      code: 'CHAIN.CARRY_FORWARD_ALREADY_RECORDED',
      kind: 'conflict',
    });
    expect(await world.store.headPosition()).toBe(head);
    // The same request again under its Idempotency-Key is the first answer, not a refusal.
    const keyed = await worldAtYearEnd();
    const first = await keyed.carry({ idempotencyKey: 'year-end-2017-18' });
    // The write's position is its last event's, B's half, so a read naming it sees both.
    expect(first.position).toBe(await keyed.store.headPosition());
    expect(first.position).toBe(first.append.lastPosition + 1);
    // Another write after it: the replay still answers the carry-forward's own position.
    await keyed.ledger.execute(discharge(), requestBy(caseManager, { causationId: 'req-2' }));
    expect(await keyed.store.headPosition()).toBe(first.position + 1);
    expect(await keyed.carry({ idempotencyKey: 'year-end-2017-18' })).toEqual({
      append: first.append,
      position: first.position,
      replayed: true,
    });
  });

  it('waits for a successor: 422 CHAIN.NO_SUCCESSOR', async () => {
    const world = await worldAtYearEnd(undefined, { withB: false });
    await expect(world.carry()).rejects.toMatchObject({ code: 'CHAIN.NO_SUCCESSOR' });
  });

  it("waits for the predecessor's M12: 422 CHAIN.YEAR_NOT_CLOSED", async () => {
    const store = new InMemoryEventStore();
    const ledger = new LedgerCommands({ store, clock: new StepClock() });
    await ledger.execute(createA(), requestBy(chainCommissioner));
    await ledger.execute(createB(), requestBy(chainCommissioner));
    await expect(
      ledger.carryForward({ agreementId: A_ID }, requestBy(leadFinance)),
    ).rejects.toMatchObject({ code: 'CHAIN.YEAR_NOT_CLOSED', details: { lastPeriod: '2018-03' } });
    // Only the lead provider's finance may record it.
    await expect(
      ledger.carryForward({ agreementId: A_ID }, requestBy(chainCommissioner)),
    ).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN_ROLE' });
    await expect(
      ledger.carryForward({ agreementId: 'nowhere' }, requestBy(leadFinance)),
    ).rejects.toMatchObject({ code: 'AGREEMENT.NOT_FOUND' });
  });

  it("lands in B's next open period when a close of B wins the race", async () => {
    const world = await worldAtYearEnd();
    world.clock.set('2018-05-02');
    await world.ledger.closePeriod(
      { agreementId: B_ID, period: '2018-04' },
      requestBy(leadFinance),
    );
    await world.carry();
    const [brought] = (await world.store.readStream(agreementStreamId(B_ID))).slice(-1);
    expect(brought.data).toMatchObject({ period: '2018-05', amount: '45500.00' });
  });
});

/** An in-memory store that, like EventStoreDB, cannot append to several streams at once. */
class SingleStreamStore extends InMemoryEventStore {
  override readonly supportsMultiStreamAppend = false;
  failAppendsTo: { streamId: string; times: number } | null = null;

  override appendToStreams(_batches: StreamAppend[]): Promise<AppendResult[]> {
    return Promise.reject(new Error('no multi-stream transactions here'));
  }

  override async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const failing = this.failAppendsTo;
    if (failing?.streamId === streamId && failing.times > 0) {
      failing.times -= 1;
      throw new Error('connection lost');
    }
    const [result] = await super.appendToStreams([{ streamId, events, options }]);
    return result;
  }
}

describe('CarryForward on a store without multi-stream appends', () => {
  it('records the old year first, and a resend completes the new year, carrying once', async () => {
    const store = new SingleStreamStore();
    const world = await worldAtYearEnd(store);
    store.failAppendsTo = { streamId: agreementStreamId(B_ID), times: 2 };
    await expect(world.carry()).rejects.toThrow('connection lost');
    expect((await world.summary(A_ID)).slice(-1)[0].type).toBe('SavingsCarriedForward');
    expect((await world.summary(B_ID)).map((e) => e.type)).toEqual(['AgreementCreated']);
    await world.carry();
    expect((await world.summary(B_ID)).map((e) => e.type)).toEqual([
      'AgreementCreated',
      'SavingsBroughtForward',
    ]);
    expect(
      (await world.summary(A_ID)).filter((e) => e.type === 'SavingsCarriedForward'),
    ).toHaveLength(1);
    expect(await world.balances(B_ID)).toMatchObject({ 'savings:retained': '45500.00' });
    await expect(world.carry()).rejects.toMatchObject({
      code: 'CHAIN.CARRY_FORWARD_ALREADY_RECORDED',
    });
  });
});
