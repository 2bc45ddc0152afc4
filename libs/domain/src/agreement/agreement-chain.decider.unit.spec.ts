import { CHAIN_ERRORS } from '../chain/chain.errors';
import { DomainError } from '../shared/domain-error';
import type { CreateAgreement } from './agreement.commands';
import type { AgreementDecisionContext } from './agreement.context';
import { agreementDecider } from './agreement.decider';
import type { AgreementEvent } from './agreement.events';
import { postingsForAgreementEvent } from './agreement.postings';
import type { ActiveAgreement } from './agreement.state';
import { decideSuccessorLink } from './decide-create-agreement';

/**
 * The agreement decider's side of chains of agreements (domain.md, "Years: chains of
 * agreements"): a creation naming its predecessor is judged by the chain's link rules on what
 * the predecessor's stream says, and the predecessor's stream records the link.
 */
const A_ID = 'slp-adult-secure-2017-18';
const B_ID = 'slp-adult-secure-2018-19';

const createA: CreateAgreement = {
  type: 'CreateAgreement',
  data: {
    agreementId: A_ID,
    commissionerCode: 'X24',
    leadProviderCode: 'RV5',
    partnerProviderCodes: ['RPG', 'RQY'],
    financialYear: '2017/18',
    serviceLines: ['adult-medium-secure'],
  },
};

const createB = (overrides: Partial<CreateAgreement['data']> = {}): CreateAgreement => ({
  type: 'CreateAgreement',
  data: {
    ...createA.data,
    agreementId: B_ID,
    partnerProviderCodes: ['RPG'],
    financialYear: '2018/19',
    serviceLines: ['adult-medium-secure', 'adult-low-secure'],
    savingsHorizonDays: 200,
    predecessorAgreementId: A_ID,
    ...overrides,
  },
});

const TODAY = '2018-04-20';
const stateA = (...after: AgreementEvent[]): ActiveAgreement => {
  const [created] = agreementDecider.decide(createA, agreementDecider.initialState(), {
    today: TODAY,
  });
  const state = [created, ...after].reduce(
    agreementDecider.evolve,
    agreementDecider.initialState(),
  );
  if (!state.exists) throw new Error('A was not created');
  return state;
};
const withPredecessor = (
  predecessor: ActiveAgreement | null,
  successorAgreementId = predecessor?.successorAgreementId ?? null,
): AgreementDecisionContext => ({
  today: TODAY,
  predecessor: { terms: predecessor?.terms ?? null, successorAgreementId },
});
const decide = (command: CreateAgreement, context: AgreementDecisionContext) =>
  agreementDecider.decide(command, agreementDecider.initialState(), context);

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('CreateAgreement naming a predecessor', () => {
  it('records the link on the creation, version 2, and defaults it to null', () => {
    const [b] = decide(createB(), withPredecessor(stateA()));
    expect(b).toEqual({
      type: 'AgreementCreated',
      data: { ...createB().data, predecessorAgreementId: A_ID },
    });
    const [a] = decide(createA, { today: TODAY });
    expect(a.type === 'AgreementCreated' && a.data.predecessorAgreementId).toBeNull();
    const state = agreementDecider.evolve(agreementDecider.initialState(), b);
    expect(state.exists && state.predecessorAgreementId).toBe(A_ID);
  });

  it('refuses a predecessor that does not exist: 422 CHAIN.PREDECESSOR_NOT_FOUND', () => {
    const error = refusal(() => decide(createB(), withPredecessor(null)));
    expect(error.code).toBe('CHAIN.PREDECESSOR_NOT_FOUND');
    expect(error.kind).toBe(CHAIN_ERRORS['CHAIN.PREDECESSOR_NOT_FOUND'].kind);
  });

  it.each([
    [{ commissionerCode: 'QWE' }, 'CHAIN.COMMISSIONER_DIFFERS'],
    [{ leadProviderCode: 'RPG' }, 'CHAIN.LEAD_PROVIDER_DIFFERS'],
    [{ financialYear: '2019/20' }, 'CHAIN.NOT_THE_NEXT_YEAR'],
    [{ serviceLines: ['adult-low-secure'] }, 'CHAIN.SERVICE_LINE_DROPPED'],
  ])('refuses %j with %s', (overrides, code) => {
    const error = refusal(() => decide(createB(overrides), withPredecessor(stateA())));
    expect(error.code).toBe(code);
    expect(error.kind).toBe('rejected');
  });

  it('refuses a predecessor that already has another successor: 409 CHAIN.SUCCESSOR_EXISTS', () => {
    const error = refusal(() =>
      decide(createB(), withPredecessor(stateA(), 'slp-adult-secure-2018-19-first')),
    );
    expect(error.code).toBe('CHAIN.SUCCESSOR_EXISTS');
    expect(error.kind).toBe('conflict');
  });

  it('accepts a predecessor already linked to this very agreement (an earlier attempt wrote the link)', () => {
    expect(decide(createB(), withPredecessor(stateA(), B_ID))).toHaveLength(1);
  });

  it('checks the fields first, and a blank predecessor id is a field error', () => {
    const error = refusal(() =>
      decide(createB({ predecessorAgreementId: ' ' }), withPredecessor(stateA())),
    );
    expect(error.code).toBe('VALIDATION.FAILED');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['predecessorAgreementId']);
  });

  it('is a wiring fault to decide without the predecessor context', () => {
    expect(() => decide(createB(), { today: TODAY })).toThrow('was given none');
  });
});

describe('decideSuccessorLink: the predecessor side', () => {
  const [createdB] = decide(createB(), withPredecessor(stateA()));
  if (createdB.type !== 'AgreementCreated') throw new Error('unreachable');

  it('records SuccessorAgreementCreated on the predecessor, which its state keeps', () => {
    const events = decideSuccessorLink(stateA(), createdB.data);
    expect(events).toEqual([
      {
        type: 'SuccessorAgreementCreated',
        data: { agreementId: A_ID, successorAgreementId: B_ID, successorFinancialYear: '2018/19' },
      },
    ]);
    const linked = stateA(...events);
    expect(linked.successorAgreementId).toBe(B_ID);
    // Posts nothing, changes nothing else.
    expect({ ...linked, successorAgreementId: null }).toEqual(stateA());
  });

  it('writes nothing twice, and refuses a second successor', () => {
    const linked = stateA(...decideSuccessorLink(stateA(), createdB.data));
    expect(decideSuccessorLink(linked, createdB.data)).toEqual([]);
    const other = { ...createdB.data, agreementId: 'slp-adult-secure-2018-19-bis' };
    expect(refusal(() => decideSuccessorLink(linked, other)).code).toBe('CHAIN.SUCCESSOR_EXISTS');
  });
});

describe('ClosePeriod with prior-year adjustments', () => {
  const [createdB] = decide(createB(), withPredecessor(stateA()));
  const bState = agreementDecider.evolve(agreementDecider.initialState(), createdB);
  // domain.md's worked example: the discharge dated 2018-03-21, known before B's M01 closes,
  // takes 11 nights out of A's March: −11 × 450.00 of cost, −11 × 250.00 of savings.
  const cost = {
    belongsToAgreementId: A_ID,
    caseId: 'case-worked-example',
    placementId: 'home-1',
    serviceLine: 'adult-medium-secure',
    setting: 'in-area' as const,
    providerCode: 'RPG',
    period: '2018-03',
    bedDays: -11,
    amount: '-4950',
  };
  const saving = {
    belongsToAgreementId: A_ID,
    caseId: 'case-worked-example',
    serviceLine: 'adult-medium-secure',
    period: '2018-03',
    nights: -11,
    amount: '-2750.00',
  };
  const close = (priorYearAdjustments: unknown) => ({
    type: 'ClosePeriod' as const,
    data: {
      agreementId: B_ID,
      period: '2018-04',
      accruedCosts: [],
      recognisedSavings: [],
      restatedPeriods: [],
      priorYearAdjustments: priorYearAdjustments as never,
    },
  });
  const MAY = { today: '2018-05-02' };

  it('records them on the close, amounts to 2 decimal places, and folds them apart', () => {
    const [closed] = agreementDecider.decide(
      close({ costs: [cost], savings: [saving] }),
      bState,
      MAY,
    );
    expect(closed).toEqual({
      type: 'PeriodClosed',
      data: {
        agreementId: B_ID,
        period: '2018-04',
        accruedCosts: [],
        recognisedSavings: [],
        priorPeriodAdjustments: { costs: [], savings: [] },
        priorYearAdjustments: { costs: [{ ...cost, amount: '-4950.00' }], savings: [saving] },
      },
    });
    const after = agreementDecider.evolve(bState, closed);
    if (!after.exists) throw new Error('unreachable');
    // On B's own savings:retained: 0.00 − 2,750.00.
    expect(after.retainedSavings.toFixed(2)).toBe('-2750.00');
    // Not B's own periods' figures, but what B has posted for A's March.
    expect(after.postedFigures).toEqual({});
    expect(Object.keys(after.priorYearPosted)).toEqual([A_ID]);
    expect(Object.values(after.priorYearPosted[A_ID]['2018-03'].costs)).toEqual([
      { ...cost, belongsToAgreementId: undefined, amount: '-4950.00' },
    ]);
  });

  it('posts them on its own accounts, in the closing period, belonging to A and its period', () => {
    const [closed] = agreementDecider.decide(
      close({ costs: [cost], savings: [saving] }),
      bState,
      MAY,
    );
    const postings = postingsForAgreementEvent(closed).map((p) => ({
      ...p,
      amount: p.amount.toFixed(2),
    }));
    expect(postings).toEqual([
      {
        agreementId: B_ID,
        belongsToAgreementId: A_ID,
        period: '2018-03',
        postedIn: '2018-04',
        debitAccount: 'spend:adult-medium-secure:in-area:RPG',
        creditAccount: 'budget:adult-medium-secure',
        amount: '4950.00',
        source: 'PlacementCostPriorYearAdjustment',
        reference: 'home-1',
      },
      {
        agreementId: B_ID,
        belongsToAgreementId: A_ID,
        period: '2018-03',
        postedIn: '2018-04',
        debitAccount: 'savings:retained',
        creditAccount: 'budget:adult-medium-secure',
        amount: '2750.00',
        source: 'RecognisedSavingPriorYearAdjustment',
        reference: 'case-worked-example',
      },
    ]);
  });

  it('refuses figures that belong to itself, or to a period of its own year', () => {
    const error = refusal(() =>
      agreementDecider.decide(
        close({
          costs: [{ ...cost, belongsToAgreementId: B_ID }],
          savings: [{ ...saving, period: '2018-04', nights: 40 }],
        }),
        bState,
        MAY,
      ),
    );
    expect(error.code).toBe('VALIDATION.FAILED');
    expect(error.fieldErrors.map((e) => e.field)).toEqual([
      'priorYearAdjustments.costs[0].belongsToAgreementId',
      'priorYearAdjustments.savings[0].period',
      'priorYearAdjustments.savings[0].nights',
    ]);
  });
});
