import { DomainError } from '../shared/domain-error';
import { CHAIN_ERRORS, type ChainErrorCode } from './chain.errors';
import { chainLinkRefusals, financialYearAfter, type ChainLinkInput } from './chain-link';
import { A, B, LOW_SECURE, MEDIUM_SECURE, terms } from './testing/chain-fixtures';

/**
 * The link rules of domain.md, "Years: chains of agreements", for an agreement created with
 * `predecessorAgreementId`: each test breaks one rule (or none) against A 2017/18 and checks
 * the refusal's stable code, its kind and retry hint from the catalogue, its details and the
 * field it names. Partners and savingsHorizonDays may change, and service lines may be added.
 */
const link = (overrides: Partial<ChainLinkInput> = {}): ChainLinkInput => ({
  successor: B,
  predecessorAgreementId: A.agreementId,
  predecessor: A,
  existingSuccessorAgreementId: null,
  ...overrides,
});

function onlyRefusal(input: ChainLinkInput, code: ChainErrorCode): DomainError {
  const refusals = chainLinkRefusals(input);
  expect(refusals.map((r) => r.code)).toEqual([code]);
  const [refusal] = refusals;
  expect(refusal).toBeInstanceOf(DomainError);
  expect(refusal.kind).toBe(CHAIN_ERRORS[code].kind);
  expect(refusal.retryable).toBe(CHAIN_ERRORS[code].retryable);
  return refusal;
}

describe('chainLinkRefusals', () => {
  it('allows the next year with other partners, another horizon and an added service line', () => {
    // B: partners [RPG] instead of [RPG, RQY], service lines + adult-low-secure.
    expect(
      chainLinkRefusals(link({ successor: { ...B, serviceLines: [LOW_SECURE, MEDIUM_SECURE] } })),
    ).toEqual([]);
    expect(chainLinkRefusals(link())).toEqual([]);
  });

  it('CHAIN.PREDECESSOR_NOT_FOUND: the named predecessor does not exist (alone: nothing to compare)', () => {
    const refusal = onlyRefusal(
      link({ predecessorAgreementId: 'no-such-agreement', predecessor: null }),
      'CHAIN.PREDECESSOR_NOT_FOUND',
    );
    expect(refusal.details).toEqual({ predecessorAgreementId: 'no-such-agreement' });
    expect(refusal.fieldErrors.map((e) => e.field)).toEqual(['predecessorAgreementId']);
    expect(refusal.retryable).toBe(true);
  });

  it('CHAIN.COMMISSIONER_DIFFERS', () => {
    const refusal = onlyRefusal(
      link({ successor: terms(B, { commissionerCode: 'QWE' }) }),
      'CHAIN.COMMISSIONER_DIFFERS',
    );
    expect(refusal.details).toEqual({
      predecessorAgreementId: A.agreementId,
      expected: 'X24',
      actual: 'QWE',
    });
    expect(refusal.fieldErrors.map((e) => e.field)).toEqual(['commissionerCode']);
  });

  it('CHAIN.LEAD_PROVIDER_DIFFERS', () => {
    const refusal = onlyRefusal(
      link({ successor: terms(B, { leadProviderCode: 'RPG' }) }),
      'CHAIN.LEAD_PROVIDER_DIFFERS',
    );
    expect(refusal.details).toMatchObject({ expected: 'RV5', actual: 'RPG' });
    expect(refusal.fieldErrors.map((e) => e.field)).toEqual(['leadProviderCode']);
  });

  it.each(['2017/18', '2019/20', '2016/17'])(
    'CHAIN.NOT_THE_NEXT_YEAR: %s does not follow 2017/18',
    (financialYear) => {
      const refusal = onlyRefusal(
        link({ successor: terms(B, { financialYear }) }),
        'CHAIN.NOT_THE_NEXT_YEAR',
      );
      expect(refusal.details).toMatchObject({
        predecessorYear: '2017/18',
        expected: '2018/19',
        actual: financialYear,
      });
      expect(refusal.fieldErrors.map((e) => e.field)).toEqual(['financialYear']);
    },
  );

  it('CHAIN.SERVICE_LINE_DROPPED names each dropped line', () => {
    const predecessor = terms(A, { serviceLines: [MEDIUM_SECURE, LOW_SECURE, 'camhs-tier4'] });
    const refusal = onlyRefusal(
      link({
        predecessor,
        successor: terms(B, { serviceLines: [LOW_SECURE, 'forensic-outreach'] }),
      }),
      'CHAIN.SERVICE_LINE_DROPPED',
    );
    expect(refusal.details).toMatchObject({
      droppedServiceLines: `${MEDIUM_SECURE},camhs-tier4`,
      count: 2,
    });
    expect(refusal.fieldErrors.map((e) => e.message)).toEqual([
      `must keep ${MEDIUM_SECURE}, a service line of predecessor ${A.agreementId}`,
      `must keep camhs-tier4, a service line of predecessor ${A.agreementId}`,
    ]);
    expect(refusal.message).toContain(`missing: ${MEDIUM_SECURE}, camhs-tier4`);
  });

  it('CHAIN.SUCCESSOR_EXISTS: an agreement has at most one successor', () => {
    const refusal = onlyRefusal(
      link({ existingSuccessorAgreementId: 'slp-adult-secure-2018-19-first' }),
      'CHAIN.SUCCESSOR_EXISTS',
    );
    expect(refusal.kind).toBe('conflict');
    expect(refusal.details).toEqual({
      predecessorAgreementId: A.agreementId,
      successorAgreementId: 'slp-adult-secure-2018-19-first',
    });
  });

  it('reports every broken rule together, in a stable order', () => {
    const successor = terms(B, {
      commissionerCode: 'QWE',
      leadProviderCode: 'RPG',
      financialYear: '2020/21',
      serviceLines: [LOW_SECURE],
    });
    expect(
      chainLinkRefusals(link({ successor, existingSuccessorAgreementId: B.agreementId })).map(
        (r) => r.code,
      ),
    ).toEqual([
      'CHAIN.COMMISSIONER_DIFFERS',
      'CHAIN.LEAD_PROVIDER_DIFFERS',
      'CHAIN.NOT_THE_NEXT_YEAR',
      'CHAIN.SERVICE_LINE_DROPPED',
      'CHAIN.SUCCESSOR_EXISTS',
    ]);
  });

  it('financialYearAfter steps across century digits', () => {
    expect(financialYearAfter('2017/18')).toBe('2018/19');
    expect(financialYearAfter('2099/00')).toBe('2100/01');
    expect(financialYearAfter('2009/10')).toBe('2010/11');
  });
});
