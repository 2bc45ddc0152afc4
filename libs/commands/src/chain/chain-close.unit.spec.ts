/**
 * Period close along a chain of agreements, in the command layer on the real in-memory event
 * store, with domain.md's worked example ("Years: chains of agreements") figure by figure:
 * agreement A (2017/18) and its successor B (2018/19); a case placed out of area at £700.00 a
 * night from 2017-09-01, registered under A, repatriated on 2017-10-01 to an in-area bed at
 * £450.00, horizon 365 nights.
 */
import {
  agreementStreamId,
  balancesOf,
  money,
  periodsOf,
  postingsForAgreementEvent,
  sumMoney,
  upcastEvent,
  type AgreementEvent,
  type CaseCommand,
  type PeriodClosed,
} from '@ledger/domain';
import { InMemoryEventStore, type EventStore } from '@ledger/event-store';
import { LedgerCommands } from '../execution/ledger-commands';
import type { Clock } from '../shared/clock';
import {
  A_ID,
  B_ID,
  chainCommissioner,
  CHAIN_CASE,
  createA,
  createB,
  discharge,
  MEDIUM_SECURE,
  outOfArea,
  referral,
  repatriate,
} from '../testing/chain-fixtures';
import { caseManager, leadFinance, requestBy } from '../testing/command-fixtures';

const SPEND_IN_AREA = `spend:${MEDIUM_SECURE}:in-area:RPG`;
const BUDGET = `budget:${MEDIUM_SECURE}`;
const RETAINED = 'savings:retained';
const NONE = { costs: [], savings: [] };

/** A clock the test moves: each step of the example happens on its own day. */
class StepClock implements Clock {
  private at = new Date('2017-04-01T09:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
  set(day: string): void {
    this.at = new Date(`${day}T09:00:00.000Z`);
  }
}

function worldOn(store: EventStore = new InMemoryEventStore()) {
  const clock = new StepClock();
  const ledger = new LedgerCommands({ store, clock });
  const on = (day: string) => clock.set(day);
  const create = (command: ReturnType<typeof createA>) =>
    ledger.execute(command, requestBy(chainCommissioner));
  const record = (command: CaseCommand) => ledger.execute(command, requestBy(caseManager));
  const close = (agreementId: string, period: string) =>
    ledger.closePeriod({ agreementId, period }, requestBy(leadFinance));
  const closeAll = async (agreementId: string, periods: string[]) => {
    for (const period of periods) await close(agreementId, period);
  };
  const closes = async (agreementId: string): Promise<Map<string, PeriodClosed['data']>> => {
    const events = await store.readStream(agreementStreamId(agreementId));
    return new Map(
      events
        .filter((e) => e.type === 'PeriodClosed')
        .map((e) => {
          const closed = upcastEvent<PeriodClosed>(e);
          return [closed.data.period, closed.data];
        }),
    );
  };
  const postingsOf = async (agreementId: string) =>
    (await store.readStream(agreementStreamId(agreementId))).flatMap((e) =>
      postingsForAgreementEvent(upcastEvent<AgreementEvent>(e)),
    );
  return { store, ledger, on, create, record, close, closeAll, closes, postingsOf };
}

type World = ReturnType<typeof worldOn>;
const YEAR_A = periodsOf('2017/18');
const YEAR_B = periodsOf('2018/19');

/** The example up to A's M12 closed on 2018-04-10, with B created on 2018-04-12. */
async function exampleToYearEnd(world: World, { createBFirst = true } = {}): Promise<void> {
  await world.create(createA());
  await world.record(referral());
  await world.record(outOfArea());
  await world.record(repatriate());
  world.on('2018-04-10');
  await world.closeAll(A_ID, YEAR_A);
  if (createBFirst) {
    world.on('2018-04-12');
    await world.create(createB());
  }
}

const savingsOf = (closes: Map<string, PeriodClosed['data']>) =>
  [...closes.values()].flatMap((c) =>
    c.recognisedSavings.map((s) => [c.period, s.nights, s.amount]),
  );
const total = (amounts: string[]) => sumMoney(amounts.map(money)).toFixed(2);

describe("a chain's closes: domain.md's worked example", () => {
  it('recognises 182 nights × £250.00 in A and 183 in B, each in the agreement whose year holds the night', async () => {
    const world = worldOn();
    await exampleToYearEnd(world);
    // A: Oct 31, Nov 30, Dec 31, Jan 31, Feb 28, Mar 31 nights, each saving 700.00 − 450.00.
    const inA = savingsOf(await world.closes(A_ID));
    expect(inA).toEqual([
      ['2017-10', 31, '7750.00'],
      ['2017-11', 30, '7500.00'],
      ['2017-12', 31, '7750.00'],
      ['2018-01', 31, '7750.00'],
      ['2018-02', 28, '7000.00'],
      ['2018-03', 31, '7750.00'],
    ]);
    expect(inA.reduce((n, [, nights]) => n + Number(nights), 0)).toBe(182);
    expect(total(inA.map(([, , amount]) => String(amount)))).toBe('45500.00');

    // B closes its whole year in April 2019: the case, registered under A, is B's too.
    world.on('2019-04-10');
    await world.closeAll(B_ID, YEAR_B);
    const inB = savingsOf(await world.closes(B_ID));
    expect(inB).toEqual([
      ['2018-04', 30, '7500.00'],
      ['2018-05', 31, '7750.00'],
      ['2018-06', 30, '7500.00'],
      ['2018-07', 31, '7750.00'],
      ['2018-08', 31, '7750.00'],
      ['2018-09', 30, '7500.00'],
    ]);
    expect(inB.reduce((n, [, nights]) => n + Number(nights), 0)).toBe(183);
    expect(total(inB.map(([, , amount]) => String(amount)))).toBe('45750.00');
    // The in-area bed is charged all year in B: 365 × 450.00 = 164,250.00; no saving after
    // 2018-09-30, the horizon's last night.
    const bCosts = [...(await world.closes(B_ID)).values()].flatMap((c) =>
      c.accruedCosts.map((cost) => cost.amount),
    );
    expect(total(bCosts)).toBe('164250.00');
    // Nothing was restated: no prior-year adjustment anywhere.
    for (const c of (await world.closes(B_ID)).values())
      expect(c.priorYearAdjustments).toEqual(NONE);
  });

  it("posts the discharge recorded after A's M12 at B's M01: −£4,950.00 cost and −£2,750.00 savings, referencing A and 2018-03", async () => {
    const world = worldOn();
    await exampleToYearEnd(world);
    // What A's March close posted: 31 × 450.00 = 13,950.00 and 31 × 250.00 = 7,750.00.
    const march = (await world.closes(A_ID)).get('2018-03')!;
    expect(march.accruedCosts.map((c) => [c.bedDays, c.amount])).toEqual([[31, '13950.00']]);
    world.on('2018-04-20');
    await world.record(discharge()); // dated 2018-03-21: authorised against A, whose year holds it
    world.on('2018-05-02');
    await world.close(B_ID, '2018-04');
    const m01 = (await world.closes(B_ID)).get('2018-04')!;
    // B's April nights are never charged: B's April was open when the discharge was recorded.
    expect(m01.accruedCosts).toEqual([]);
    expect(m01.recognisedSavings).toEqual([]);
    expect(m01.priorPeriodAdjustments).toEqual(NONE);
    // 11 nights (21 to 31 March) fewer: −11 × 450.00 and −11 × 250.00.
    expect(m01.priorYearAdjustments).toEqual({
      costs: [
        {
          belongsToAgreementId: A_ID,
          caseId: CHAIN_CASE,
          placementId: 'home-1',
          serviceLine: MEDIUM_SECURE,
          setting: 'in-area',
          providerCode: 'RPG',
          period: '2018-03',
          bedDays: -11,
          amount: '-4950.00',
        },
      ],
      savings: [
        {
          belongsToAgreementId: A_ID,
          caseId: CHAIN_CASE,
          serviceLine: MEDIUM_SECURE,
          period: '2018-03',
          nights: -11,
          amount: '-2750.00',
        },
      ],
    });
    // On B's own accounts, posted in 2018-04, belonging to A's 2018-03; B sums to zero.
    const bPostings = await world.postingsOf(B_ID);
    expect(bPostings.map((p) => [p.belongsToAgreementId, p.period, p.postedIn, p.source])).toEqual([
      [A_ID, '2018-03', '2018-04', 'PlacementCostPriorYearAdjustment'],
      [A_ID, '2018-03', '2018-04', 'RecognisedSavingPriorYearAdjustment'],
    ]);
    const balances = balancesOf(bPostings);
    expect(Object.fromEntries([...balances].map(([a, m]) => [a, m.toFixed(2)]))).toEqual({
      [BUDGET]: '7700.00',
      [SPEND_IN_AREA]: '-4950.00',
      [RETAINED]: '-2750.00',
    });
    expect(sumMoney(balances.values()).isZero()).toBe(true);
    // A's own postings never change: its March still holds 31 nights.
    expect((await world.closes(A_ID)).get('2018-03')).toEqual(march);
    // Once posted, B's next close finds nothing more for A.
    world.on('2018-06-02');
    await world.close(B_ID, '2018-05');
    expect((await world.closes(B_ID)).get('2018-05')?.priorYearAdjustments).toEqual(NONE);
  });

  it('keeps the adjustment waiting while A has no successor, and B’s first close posts it', async () => {
    const world = worldOn();
    await exampleToYearEnd(world, { createBFirst: false });
    world.on('2018-04-20');
    await world.record(discharge());
    world.on('2018-04-25');
    await world.create(createB());
    world.on('2018-05-02');
    await world.close(B_ID, '2018-04');
    const m01 = (await world.closes(B_ID)).get('2018-04')!;
    expect(m01.priorYearAdjustments.costs.map((c) => [c.period, c.bedDays, c.amount])).toEqual([
      ['2018-03', -11, '-4950.00'],
    ]);
    expect(m01.priorYearAdjustments.savings.map((s) => [s.period, s.nights, s.amount])).toEqual([
      ['2018-03', -11, '-2750.00'],
    ]);
  });

  it("refuses B's M01 before A's M12 with 422 CHAIN.PREDECESSOR_YEAR_OPEN, writing nothing", async () => {
    const world = worldOn();
    await world.create(createA());
    world.on('2018-04-05');
    await world.closeAll(A_ID, YEAR_A.slice(0, 11));
    await world.create(createB());
    world.on('2018-05-05');
    const head = await world.store.headPosition();
    await expect(world.close(B_ID, '2018-04')).rejects.toMatchObject({
      code: 'CHAIN.PREDECESSOR_YEAR_OPEN',
      kind: 'rejected',
      details: { openAgreementId: A_ID, openPeriod: '2018-03' },
    });
    // A period of B that has not ended is refused by B's own rules first.
    await expect(world.close(B_ID, '2018-05')).rejects.toMatchObject({
      code: 'PERIOD.CLOSE_OUT_OF_ORDER',
    });
    expect(await world.store.headPosition()).toBe(head);
  });

  it('applies the horizon of the agreement holding the repatriation date, across 31 March', async () => {
    // B's own horizon is 30 nights; the repatriation on 2018-03-02 is in A's year, so A's 365
    // applies and the saving runs on through B's year.
    const world = worldOn();
    await world.create(createA());
    await world.create(createB({ savingsHorizonDays: 30 }));
    await world.record(referral());
    await world.record(outOfArea());
    await world.record(repatriate(CHAIN_CASE, '2018-03-02'));
    world.on('2018-06-05');
    await world.closeAll(A_ID, YEAR_A);
    await world.closeAll(B_ID, YEAR_B.slice(0, 2));
    // A's March: 30 nights (2 to 31 March); B's April and May: 30 and 31, all at 250.00.
    expect(savingsOf(await world.closes(A_ID))).toEqual([['2018-03', 30, '7500.00']]);
    expect(savingsOf(await world.closes(B_ID))).toEqual([
      ['2018-04', 30, '7500.00'],
      ['2018-05', 31, '7750.00'],
    ]);
  });
});

describe('a case fact racing a close of the chain', () => {
  it("is posted by the chain's next close when it lands during A's M12 close", async () => {
    const store = new ReadWatchingStore();
    const world = worldOn(store);
    await world.create(createA());
    await world.record(referral());
    await world.record(outOfArea());
    await world.record(repatriate());
    world.on('2018-04-10');
    await world.closeAll(A_ID, YEAR_A.slice(0, 11));
    await world.create(createB());
    // The discharge dated 2018-03-21 lands on the case stream just after A's M12 close read
    // it. Nothing moved on A's stream, so M12 posts the 31 nights it read.
    store.afterNextRead(`case-${CHAIN_CASE}`, () => world.record(discharge()));
    await world.close(A_ID, '2018-03');
    const march = (await world.closes(A_ID)).get('2018-03')!;
    expect(march.accruedCosts.map((c) => [c.bedDays, c.amount])).toEqual([[31, '13950.00']]);
    expect(march.recognisedSavings.map((s) => [s.nights, s.amount])).toEqual([[31, '7750.00']]);
    // Nothing is lost: A's year is closed, so B's M01, the chain's next close, posts it.
    world.on('2018-05-02');
    await world.close(B_ID, '2018-04');
    const m01 = (await world.closes(B_ID)).get('2018-04')!;
    expect(
      m01.priorYearAdjustments.costs.map((c) => [c.belongsToAgreementId, c.period, c.amount]),
    ).toEqual([[A_ID, '2018-03', '-4950.00']]);
    expect(
      m01.priorYearAdjustments.savings.map((s) => [s.belongsToAgreementId, s.period, s.amount]),
    ).toEqual([[A_ID, '2018-03', '-2750.00']]);
  });
});

/** An in-memory store that lets another writer act once, right after a stream is next read. */
class ReadWatchingStore extends InMemoryEventStore {
  private watch: { streamId: string; act: () => Promise<unknown> } | null = null;

  afterNextRead(streamId: string, act: () => Promise<unknown>): void {
    this.watch = { streamId, act };
  }

  override async readStream(
    streamId: string,
    options?: Parameters<InMemoryEventStore['readStream']>[1],
  ) {
    const events = await super.readStream(streamId, options);
    const watch = this.watch;
    if (watch?.streamId === streamId) {
      this.watch = null;
      await watch.act();
    }
    return events;
  }
}
