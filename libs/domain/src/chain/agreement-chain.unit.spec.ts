import { DomainError } from '../shared/domain-error';
import {
  agreementChain,
  agreementHolding,
  authorisingAgreement,
  chainCloseRefusal,
  earliestOpenPeriod,
  horizonInForce,
  isYearClosed,
  lastAgreement,
  nextPeriodToCloseAlongChain,
  successorOf,
  uncoveredFrom,
} from './agreement-chain';
import { CHAIN_ERRORS } from './chain.errors';
import { A, B, C, terms, yearOf } from './testing/chain-fixtures';

/**
 * The chain's lookups (domain.md, "Years: chains of agreements"), on A 2017/18, B 2018/19 and
 * C 2019/20: which agreement's year holds a date, which horizon is in force for a repatriation
 * date, and which period closes next along the chain, each checked against dates chosen at the
 * edges of the years (1 April, 31 March).
 */
const chain = agreementChain([A, B, C]);

describe('agreementChain', () => {
  it('accepts linked agreements, oldest first', () => {
    expect(chain.agreements.map((t) => t.financialYear)).toEqual(['2017/18', '2018/19', '2019/20']);
    expect(lastAgreement(chain)).toBe(C);
    expect(successorOf(chain, A.agreementId)).toBe(B);
    expect(successorOf(chain, C.agreementId)).toBeNull();
  });

  it('throws on a list that is not a chain (the link rules refused it at creation: a wiring fault)', () => {
    expect(() => agreementChain([])).toThrow('at least one agreement');
    expect(() => agreementChain([B, A])).toThrow('do not form a chain');
    expect(() => agreementChain([A, C])).toThrow('do not form a chain');
    expect(() => agreementChain([A, terms(B, { leadProviderCode: 'RPG' })])).toThrow(
      'do not form a chain',
    );
  });
});

describe('agreementHolding and authorisingAgreement', () => {
  it.each([
    ['2017-03-31', null],
    ['2017-04-01', A.agreementId],
    ['2018-03-31', A.agreementId],
    ['2018-04-01', B.agreementId],
    ['2020-03-31', C.agreementId],
    ['2020-04-01', null],
  ])('%s is held by %s', (date, agreementId) => {
    expect(agreementHolding(chain, date)?.agreementId ?? null).toBe(agreementId);
  });

  it('authorises a fact beyond the chain against the last agreement', () => {
    expect(authorisingAgreement(chain, '2020-04-01')).toBe(C);
    expect(authorisingAgreement(chain, '2018-04-01')).toBe(B);
    expect(uncoveredFrom(chain)).toBe('2020-04-01');
  });
});

describe('horizonInForce', () => {
  const a365 = A;
  const b90 = terms(B, { savingsHorizonDays: 90 });

  it('is the horizon of the agreement whose year holds D', () => {
    const ab = agreementChain([a365, b90]);
    expect(horizonInForce(ab, '2017-10-01')).toBe(365);
    expect(horizonInForce(ab, '2018-03-31')).toBe(365);
    expect(horizonInForce(ab, '2018-04-01')).toBe(90);
  });

  it("is the last agreement's while none holds D, then the holding agreement's once it exists", () => {
    // D = 2018-05-01: before B is created, A (the last) stands in; after, B's own applies.
    expect(horizonInForce(agreementChain([a365]), '2018-05-01')).toBe(365);
    expect(horizonInForce(agreementChain([a365, b90]), '2018-05-01')).toBe(90);
    // Beyond B too: B is now the last.
    expect(horizonInForce(agreementChain([a365, b90]), '2019-05-01')).toBe(90);
  });
});

describe('periods along the chain', () => {
  const closed = (a: number, b = 0, c = 0) =>
    new Map([
      [A.agreementId, yearOf(A).slice(0, a)],
      [B.agreementId, yearOf(B).slice(0, b)],
      [C.agreementId, yearOf(C).slice(0, c)],
    ]);

  it('the earliest open period walks M01..M12, then the successor’s M01', () => {
    expect(earliestOpenPeriod(chain, new Map())).toEqual({
      agreementId: A.agreementId,
      period: '2017-04',
    });
    expect(earliestOpenPeriod(chain, closed(5))).toEqual({
      agreementId: A.agreementId,
      period: '2017-09',
    });
    expect(earliestOpenPeriod(chain, closed(12))).toEqual({
      agreementId: B.agreementId,
      period: '2018-04',
    });
    expect(earliestOpenPeriod(chain, closed(12, 12, 11))).toEqual({
      agreementId: C.agreementId,
      period: '2020-03',
    });
    expect(nextPeriodToCloseAlongChain(chain, closed(12, 3))).toEqual({
      agreementId: B.agreementId,
      period: '2018-07',
    });
  });

  it('is null once every period of every agreement is closed (prior-year adjustments wait)', () => {
    expect(earliestOpenPeriod(chain, closed(12, 12, 12))).toBeNull();
    expect(nextPeriodToCloseAlongChain(chain, closed(12, 12, 12))).toBeNull();
  });

  it("refuses a successor's M01 before the predecessor's M12 with CHAIN.PREDECESSOR_YEAR_OPEN", () => {
    const refusal = chainCloseRefusal(chain, closed(11), B.agreementId, '2018-04');
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({
      code: 'CHAIN.PREDECESSOR_YEAR_OPEN',
      kind: CHAIN_ERRORS['CHAIN.PREDECESSOR_YEAR_OPEN'].kind,
      retryable: true,
      details: {
        agreementId: B.agreementId,
        period: '2018-04',
        openAgreementId: A.agreementId,
        openPeriod: '2018-03',
      },
    });
    // Two years ahead too.
    expect(chainCloseRefusal(chain, closed(12), C.agreementId, '2019-04')?.code).toBe(
      'CHAIN.PREDECESSOR_YEAR_OPEN',
    );
  });

  it("leaves closes within the open agreement to the agreement decider's rules", () => {
    expect(chainCloseRefusal(chain, closed(12), B.agreementId, '2018-04')).toBeNull();
    // Out of order within B, or A closed again: the decider's PERIOD.* codes answer those.
    expect(chainCloseRefusal(chain, closed(12), B.agreementId, '2018-06')).toBeNull();
    expect(chainCloseRefusal(chain, closed(12), A.agreementId, '2017-04')).toBeNull();
    expect(() => chainCloseRefusal(chain, closed(0), 'elsewhere', '2017-04')).toThrow(
      'not in the chain',
    );
  });

  it('a year is closed once its M12 is', () => {
    expect(isYearClosed(A, yearOf(A))).toBe(true);
    expect(isYearClosed(A, yearOf(A).slice(0, 11))).toBe(false);
  });
});
