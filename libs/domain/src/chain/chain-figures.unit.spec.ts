import { agreementChain } from './agreement-chain';
import { agreementPeriodFigures, caseFiguresAlongChain } from './chain-figures';
import {
  A,
  B,
  ended,
  rateChanged,
  referral,
  repatriated,
  started,
  terms,
} from './testing/chain-fixtures';

/**
 * A case's costs and savings across a chain: each night charged, and each night's saving
 * recognised, in the agreement whose year holds it; the savings horizon that of the agreement
 * holding D (the last agreement's while none does); nights after the last agreement
 * uncovered, with what they would cost at the rate in force each night. Every figure is
 * worked by hand in the comments.
 */
const CASE = 'case-chain-1';
const nightsOf = (
  figures: { period: string; nights?: number; bedDays?: number; amount: string }[],
) => figures.map((f) => [f.period, f.nights ?? f.bedDays, f.amount]);

describe('caseFiguresAlongChain: the horizon', () => {
  // Out of area at 700.00 under A from 2018-03-01; repatriated on 2018-05-01 (after A's year)
  // to an in-area bed at 450.00: 250.00 saved a night.
  const lateRepatriation = [
    referral(CASE, A.agreementId, '2018-03-01'),
    started(CASE, 'oap-1', 'out-of-area', '2018-03-01', '700.00'),
    repatriated(CASE, 'oap-1', '2018-05-01', '700.00', {
      placementId: 'home-1',
      dailyRate: '450.00',
    }),
  ];
  const b90 = terms(B, { savingsHorizonDays: 90 });

  it("uses the last agreement's horizon while no agreement holds D (uncovered, would-be)", () => {
    // Chain [A], horizon 365, measured 2019-06-01. A holds only March 2018:
    //   cost 31 × 700.00 = 21,700.00; no saving (D is later).
    // Uncovered from 2018-04-01:
    //   OAP 2018-04-01..04-30: 30 × 700.00 = 21,000.00
    //   in-area 2018-05-01..2019-05-31: 396 × 450.00 = 178,200.00
    //   together 426 nights, 199,200.00
    //   would-be saving 2018-05-01 + 365 nights = up to 2019-04-30: 365 × 250.00 = 91,250.00
    const figures = caseFiguresAlongChain(lateRepatriation, agreementChain([A]), '2019-06-01')!;
    expect(nightsOf(figures.byAgreement[0].costs)).toEqual([['2018-03', 31, '21700.00']]);
    expect(figures.byAgreement[0].savings).toEqual([]);
    expect(figures.uncovered.from).toBe('2018-04-01');
    expect(figures.uncovered.bedDays).toBe(426);
    expect(figures.uncovered.amount).toBe('199200.00');
    const wouldSave = figures.uncovered.savings;
    expect(wouldSave.reduce((n, s) => n + s.nights, 0)).toBe(365);
    expect(wouldSave.at(-1)).toMatchObject({ period: '2019-04', nights: 30, amount: '7500.00' });
  });

  it("uses the holding agreement's own horizon once it exists", () => {
    // Chain [A, B], B's horizon 90: nights 2018-05-01..2018-07-29 in B:
    //   May 31 × 250.00 = 7,750.00; June 30 × 250.00 = 7,500.00; July 29 × 250.00 = 7,250.00
    //   = 90 nights, 22,500.00.
    const figures = caseFiguresAlongChain(
      lateRepatriation,
      agreementChain([A, b90]),
      '2019-06-01',
    )!;
    expect(nightsOf(figures.byAgreement[1].savings)).toEqual([
      ['2018-05', 31, '7750.00'],
      ['2018-06', 30, '7500.00'],
      ['2018-07', 29, '7250.00'],
    ]);
    // Uncovered now starts after B: in-area 2019-04-01..05-31 = 61 × 450.00 = 27,450.00; no saving.
    expect(figures.uncovered).toMatchObject({
      from: '2019-04-01',
      bedDays: 61,
      amount: '27450.00',
    });
    expect(figures.uncovered.savings).toEqual([]);
  });

  it("keeps the horizon of the agreement holding D across 31 March, whatever the successor's", () => {
    // Repatriated 2017-10-01 under A (365): B's horizon of 30 does not cut it short.
    // B: 2018-04-01..2018-09-30 = 183 nights.
    const history = [
      referral(CASE, A.agreementId, '2017-09-01'),
      started(CASE, 'oap-1', 'out-of-area', '2017-09-01', '700.00'),
      repatriated(CASE, 'oap-1', '2017-10-01', '700.00', {
        placementId: 'home-1',
        dailyRate: '450.00',
      }),
    ];
    const chain = agreementChain([A, terms(B, { savingsHorizonDays: 30 })]);
    const figures = caseFiguresAlongChain(history, chain, '2019-04-01')!;
    expect(figures.byAgreement[1].savings.reduce((n, s) => n + s.nights, 0)).toBe(183);
  });
});

describe('caseFiguresAlongChain: uncovered nights', () => {
  // Under A: an OAP from 2017-03-20 (before A's year) at 700.00, with a rate change to 750.00
  // effective 2018-04-10, after A's year.
  const history = [
    referral(CASE, A.agreementId, '2017-03-20'),
    started(CASE, 'oap-1', 'out-of-area', '2017-03-20', '700.00'),
    rateChanged(CASE, 'oap-1', '2018-04-10', '750.00', '700.00'),
  ];

  it('charges nothing before the chain, and prices each uncovered night at the rate in force', () => {
    // Measured 2018-05-01 on chain [A].
    // A: 2017-04-01..2018-03-31 = 365 nights × 700.00 = 255,500.00 (March 2017 charged nowhere).
    // Uncovered April 2018: 9 nights (1..9) × 700.00 = 6,300.00 + 21 (10..30) × 750.00 = 15,750.00
    //   = 30 nights, 22,050.00, in the period it would belong to.
    const figures = caseFiguresAlongChain(history, agreementChain([A]), '2018-05-01')!;
    const aCosts = figures.byAgreement[0].costs;
    expect(aCosts[0].period).toBe('2017-04');
    expect(aCosts.reduce((n, c) => n + c.bedDays, 0)).toBe(365);
    expect(
      figures.uncovered.costs.map((c) => [c.placementId, c.period, c.bedDays, c.amount]),
    ).toEqual([['oap-1', '2018-04', 30, '22050.00']]);
    expect(figures.uncovered).toMatchObject({ bedDays: 30, amount: '22050.00' });
  });

  it('runs across several years after the chain', () => {
    // Measured 2020-05-01: 2018-04-01..2020-04-30 = 365 + 366 + 30 = 761 nights:
    //   9 × 700.00 = 6,300.00 + 752 × 750.00 = 564,000.00 → 570,300.00.
    const figures = caseFiguresAlongChain(history, agreementChain([A]), '2020-05-01')!;
    expect(figures.uncovered).toMatchObject({ bedDays: 761, amount: '570300.00' });
    expect(figures.uncovered.costs.at(-1)).toMatchObject({ period: '2020-04', bedDays: 30 });
  });

  it("becomes the successor's ordinary nights once it is created", () => {
    const figures = caseFiguresAlongChain(history, agreementChain([A, B]), '2018-05-01')!;
    expect(nightsOf(figures.byAgreement[1].costs)).toEqual([['2018-04', 30, '22050.00']]);
    expect(figures.uncovered).toEqual({
      from: '2019-04-01',
      costs: [],
      savings: [],
      bedDays: 0,
      amount: '0.00',
    });
  });
});

describe('caseFiguresAlongChain: inputs', () => {
  it('is null for a case with no referral', () => {
    expect(caseFiguresAlongChain([], agreementChain([A]), '2018-01-01')).toBeNull();
  });

  it('belongs to the whole chain, whichever agreement it was registered under', () => {
    // Registered under B, with nights in A's year: A charges them.
    // 2018-03-25..2018-04-04: A 7 nights (25..31) × 100.00, B 3 nights (1..3) × 100.00.
    const history = [
      referral(CASE, B.agreementId, '2018-03-25'),
      started(CASE, 'p-1', 'out-of-area', '2018-03-25', '100.00'),
      ended(CASE, 'p-1', '2018-04-04'),
    ];
    const figures = caseFiguresAlongChain(history, agreementChain([A, B]), '2019-01-01')!;
    expect(figures.registeredUnder).toBe(B.agreementId);
    expect(nightsOf(figures.byAgreement[0].costs)).toEqual([['2018-03', 7, '700.00']]);
    expect(nightsOf(figures.byAgreement[1].costs)).toEqual([['2018-04', 3, '300.00']]);
    expect(agreementPeriodFigures([figures, null], A.agreementId, ['2018-02', '2018-03'])).toEqual([
      { period: '2018-02', accruedCosts: [], recognisedSavings: [] },
      { period: '2018-03', accruedCosts: figures.byAgreement[0].costs, recognisedSavings: [] },
    ]);
  });

  it("throws for a case of another chain's agreement (a wiring fault)", () => {
    const history = [referral(CASE, 'elsewhere-2017-18', '2017-05-01')];
    expect(() => caseFiguresAlongChain(history, agreementChain([A]), '2018-01-01')).toThrow(
      'not to this chain',
    );
  });
});
