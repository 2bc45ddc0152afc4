import { accounts, balancesOf } from '../ledger/posting';
import { money, sumMoney } from '../money/money';
import { agreementChain } from './agreement-chain';
import { carryForward } from './carry-forward';
import { agreementPeriodFigures, caseFiguresAlongChain, measuredAtEndOf } from './chain-figures';
import { priorYearAdjustmentPostings, priorYearAdjustments } from './prior-year-adjustments';
import {
  A,
  B,
  closedPeriodsOf,
  closeWith,
  discharged,
  MEDIUM_SECURE,
  openBook,
  referral,
  repatriated,
  started,
  yearOf,
  type AgreementBook,
} from './testing/chain-fixtures';

/**
 * domain.md's worked example, "Years: chains of agreements", exactly. Agreement A covers
 * 2017/18 and its successor B 2018/19. A case placed out of area at £700.00 a night is
 * repatriated on 2017-10-01 to an in-area bed at £450.00, horizon 365 nights. Each test plays
 * the example through the chain rules and, for the closes, through the agreement decider, as
 * the application layer will, and checks every figure against the example's, worked by hand
 * in the comments.
 */
const CASE = 'case-worked-example';
const HOME = 'home-1';
const SPEND_IN_AREA = accounts.spend(MEDIUM_SECURE, 'in-area', 'RPG');
const BUDGET = accounts.budget(MEDIUM_SECURE);
const RETAINED = accounts.savingsRetained();

const beforeDischarge = [
  referral(CASE, A.agreementId, '2017-09-01'),
  started(CASE, 'oap-1', 'out-of-area', '2017-09-01', '700.00'),
  repatriated(CASE, 'oap-1', '2017-10-01', '700.00', { placementId: HOME, dailyRate: '450.00' }),
];
/** Recorded on 2018-04-20, after A's M12 closed on 2018-04-10; dated 2018-03-21. */
const withDischarge = [...beforeDischarge, discharged(CASE, '2018-03-21', HOME)];

const chain = agreementChain([A, B]);

/** A's twelve closes, with the facts known before the discharge; M12 on 2018-04-10. */
function closeA(): AgreementBook {
  let book = openBook(A);
  for (const period of yearOf(A)) {
    const figures = [caseFiguresAlongChain(beforeDischarge, chain, measuredAtEndOf(period))];
    book = closeWith(book, period, figures, period === '2018-03' ? '2018-04-10' : undefined);
  }
  return book;
}

const sumOf = (amounts: string[]) => sumMoney(amounts.map(money)).toFixed(2);

describe("domain.md's worked example: A 2017/18 and its successor B 2018/19", () => {
  it("recognises the 365 nights' savings in the agreement whose year holds each night", () => {
    // Each in-area night saves R_o − R_i = 700.00 − 450.00 = 250.00, for 365 nights from
    // 2017-10-01, i.e. up to and including 2018-09-30.
    //   A: Oct 31, Nov 30, Dec 31, Jan 31, Feb 28, Mar 31 = 182 nights × 250.00 = 45,500.00
    //   B: Apr 30, May 31, Jun 30, Jul 31, Aug 31, Sep 30 = 183 nights × 250.00 = 45,750.00
    // Measured at the end of B's year: nothing from 2018-10-01 on.
    const figures = caseFiguresAlongChain(beforeDischarge, chain, '2019-04-01')!;
    const [inA, inB] = figures.byAgreement;
    expect(inA.agreementId).toBe(A.agreementId);
    expect(inA.savings.map((s) => [s.period, s.nights, s.amount])).toEqual([
      ['2017-10', 31, '7750.00'],
      ['2017-11', 30, '7500.00'],
      ['2017-12', 31, '7750.00'],
      ['2018-01', 31, '7750.00'],
      ['2018-02', 28, '7000.00'],
      ['2018-03', 31, '7750.00'],
    ]);
    expect(inA.savings.reduce((n, s) => n + s.nights, 0)).toBe(182);
    expect(sumOf(inA.savings.map((s) => s.amount))).toBe('45500.00');

    expect(inB.agreementId).toBe(B.agreementId);
    expect(inB.savings.map((s) => [s.period, s.nights, s.amount])).toEqual([
      ['2018-04', 30, '7500.00'],
      ['2018-05', 31, '7750.00'],
      ['2018-06', 30, '7500.00'],
      ['2018-07', 31, '7750.00'],
      ['2018-08', 31, '7750.00'],
      ['2018-09', 30, '7500.00'],
    ]);
    expect(inB.savings.reduce((n, s) => n + s.nights, 0)).toBe(183);
    expect(sumOf(inB.savings.map((s) => s.amount))).toBe('45750.00');
    // The in-area bed is still charged after the horizon (B's whole year: 365 × 450.00).
    expect(sumOf(inB.costs.map((c) => c.amount))).toBe('164250.00');
  });

  it("posts the back-dated discharge at B's M01 as prior-year adjustments referencing A and 2018-03", () => {
    const bookA = closeA();
    // What A's March close posted for the case: 31 nights × 450.00 = 13,950.00 of cost and
    // 31 × 250.00 = 7,750.00 of savings.
    expect(bookA.state.closedPeriods).toEqual(yearOf(A));
    const march = bookA.state.postedFigures['2018-03'];
    expect(Object.values(march.costs).map((c) => [c.placementId, c.bedDays, c.amount])).toEqual([
      [HOME, 31, '13950.00'],
    ]);
    expect(Object.values(march.savings).map((s) => [s.nights, s.amount])).toEqual([
      [31, '7750.00'],
    ]);

    // B's M01 closes in May 2018, after the discharge was recorded (2018-04-20). The case's
    // nights 2018-03-21 .. 2018-03-31 (11 nights) no longer happened:
    //   cost    20 × 450.00 =  9,000.00 instead of 13,950.00: −11 × 450.00 = −4,950.00
    //   savings 20 × 250.00 =  5,000.00 instead of  7,750.00: −11 × 250.00 = −2,750.00
    const atBsM01 = [caseFiguresAlongChain(withDischarge, chain, measuredAtEndOf('2018-04'))];
    const adjustments = priorYearAdjustments({
      chain,
      closed: closedPeriodsOf(bookA, openBook(B)),
      agreementId: A.agreementId,
      postedFigures: bookA.state.postedFigures,
      postedElsewhere: { costs: [], savings: [] },
      restatedPeriods: agreementPeriodFigures(atBsM01, A.agreementId, yearOf(A)),
    });
    expect(adjustments).toEqual({
      status: 'post',
      belongsToAgreementId: A.agreementId,
      postIn: { agreementId: B.agreementId, period: '2018-04' },
      costs: [
        {
          belongsToAgreementId: A.agreementId,
          caseId: CASE,
          placementId: HOME,
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
          belongsToAgreementId: A.agreementId,
          caseId: CASE,
          serviceLine: MEDIUM_SECURE,
          period: '2018-03',
          nights: -11,
          amount: '-2750.00',
        },
      ],
    });
    if (adjustments.status !== 'post') throw new Error('unreachable');

    // On B's own accounts, posted in 2018-04, belonging to A's 2018-03; negative differences
    // flow back: spend → budget 4,950.00 and savings:retained → budget 2,750.00.
    const postings = priorYearAdjustmentPostings(adjustments.postIn, adjustments);
    expect(postings.map((p) => ({ ...p, amount: p.amount.toFixed(2) }))).toEqual([
      {
        agreementId: B.agreementId,
        belongsToAgreementId: A.agreementId,
        period: '2018-03',
        postedIn: '2018-04',
        debitAccount: SPEND_IN_AREA,
        creditAccount: BUDGET,
        amount: '4950.00',
        source: 'PlacementCostPriorYearAdjustment',
        reference: HOME,
      },
      {
        agreementId: B.agreementId,
        belongsToAgreementId: A.agreementId,
        period: '2018-03',
        postedIn: '2018-04',
        debitAccount: RETAINED,
        creditAccount: BUDGET,
        amount: '2750.00',
        source: 'RecognisedSavingPriorYearAdjustment',
        reference: CASE,
      },
    ]);

    // B's April nights are never charged: the discharge was known before B's M01 closed.
    const bookB = closeWith(openBook(B), '2018-04', atBsM01);
    expect(bookB.postings).toEqual([]);
    expect(atBsM01[0]!.byAgreement[1]).toEqual({
      agreementId: B.agreementId,
      costs: [],
      savings: [],
    });

    // B still sums to zero: budget +7,700.00, spend −4,950.00, savings:retained −2,750.00.
    const balancesB = balancesOf([...bookB.postings, ...postings]);
    expect(Object.fromEntries([...balancesB].map(([a, m]) => [a, m.toFixed(2)]))).toEqual({
      [BUDGET]: '7700.00',
      [SPEND_IN_AREA]: '-4950.00',
      [RETAINED]: '-2750.00',
    });
    expect(sumMoney(balancesB.values()).isZero()).toBe(true);

    // Once posted, B's next close finds nothing more to adjust for A.
    const bookBAfterM01 = closeWith(openBook(B), '2018-04', atBsM01);
    const atBsM02 = [caseFiguresAlongChain(withDischarge, chain, measuredAtEndOf('2018-05'))];
    expect(
      priorYearAdjustments({
        chain,
        closed: closedPeriodsOf(bookA, bookBAfterM01),
        agreementId: A.agreementId,
        postedFigures: bookA.state.postedFigures,
        postedElsewhere: adjustments,
        restatedPeriods: agreementPeriodFigures(atBsM02, A.agreementId, yearOf(A)),
      }),
    ).toEqual({ status: 'none', belongsToAgreementId: A.agreementId });
  });

  it('keeps the adjustment pending while A has no successor, and posts it at B’s M01 once B exists', () => {
    const bookA = closeA();
    const restated = agreementPeriodFigures(
      [caseFiguresAlongChain(withDischarge, agreementChain([A]), '2018-04-21')],
      A.agreementId,
      yearOf(A),
    );
    const input = {
      closed: closedPeriodsOf(bookA),
      agreementId: A.agreementId,
      postedFigures: bookA.state.postedFigures,
      postedElsewhere: { costs: [], savings: [] },
      restatedPeriods: restated,
    };
    // Every period of the chain [A] is closed: the −4,950.00 and −2,750.00 wait.
    const pending = priorYearAdjustments({ ...input, chain: agreementChain([A]) });
    expect(pending.status).toBe('pending');
    if (pending.status !== 'pending') throw new Error('unreachable');
    expect(pending.costs.map((c) => [c.period, c.bedDays, c.amount])).toEqual([
      ['2018-03', -11, '-4950.00'],
    ]);
    expect(pending.savings.map((s) => [s.period, s.nights, s.amount])).toEqual([
      ['2018-03', -11, '-2750.00'],
    ]);

    // B is created: the same differences go to B's first open period.
    const posted = priorYearAdjustments({
      ...input,
      chain,
      closed: closedPeriodsOf(bookA, openBook(B)),
    });
    expect(posted).toEqual({
      ...pending,
      status: 'post',
      postIn: { agreementId: B.agreementId, period: '2018-04' },
    });
  });

  it('carries A’s retained savings to B once; the later adjustment lands in B and needs no second carry-forward', () => {
    // A's closes recognised 182 × 250.00 = 45,500.00, all retained (nothing reinvested).
    const bookA = closeA();
    expect(bookA.state.retainedSavings.toFixed(2)).toBe('45500.00');
    const carried = carryForward({
      predecessor: A,
      predecessorClosedPeriods: bookA.state.closedPeriods,
      retainedSavings: balancesOf(bookA.postings).get(RETAINED)!,
      successor: B,
      successorClosedPeriods: [],
      alreadyRecorded: false,
    });
    expect(carried.amount).toBe('45500.00');

    const atBsM01 = [caseFiguresAlongChain(withDischarge, chain, measuredAtEndOf('2018-04'))];
    const adjustments = priorYearAdjustments({
      chain,
      closed: closedPeriodsOf(bookA, openBook(B)),
      agreementId: A.agreementId,
      postedFigures: bookA.state.postedFigures,
      postedElsewhere: { costs: [], savings: [] },
      restatedPeriods: agreementPeriodFigures(atBsM01, A.agreementId, yearOf(A)),
    });
    if (adjustments.status !== 'post') throw new Error('expected adjustments to post');
    const bPostings = [
      ...carried.successorPostings,
      ...closeWith(openBook(B), '2018-04', atBsM01).postings,
      ...priorYearAdjustmentPostings(adjustments.postIn, adjustments),
    ];
    const aBalances = balancesOf([...bookA.postings, ...carried.predecessorPostings]);
    const bBalances = balancesOf(bPostings);
    // A: savings:retained 45,500.00 − 45,500.00 = 0.00; carried-forward 45,500.00.
    expect(aBalances.get(RETAINED)!.toFixed(2)).toBe('0.00');
    expect(aBalances.get('carried-forward')!.toFixed(2)).toBe('45500.00');
    // B: savings:retained 45,500.00 brought forward − 2,750.00 adjustment = 42,750.00.
    expect(bBalances.get(RETAINED)!.toFixed(2)).toBe('42750.00');
    expect(bBalances.get('brought-forward')!.toFixed(2)).toBe('-45500.00');
    expect(sumMoney(aBalances.values()).isZero()).toBe(true);
    expect(sumMoney(bBalances.values()).isZero()).toBe(true);
  });
});
