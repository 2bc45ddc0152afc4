import { agreementDecider } from '../agreement/agreement.decider';
import { AGREEMENT_EVENT_VERSIONS, type AgreementEvent } from '../agreement/agreement.events';
import { currentSchemaVersion, upcastEvent, upcastEventData } from './upcast-event';

/**
 * Every upcaster, one test each (docs/events.md): a stored event of an old schema version is
 * read in the current shape of its type, the stored data is never changed, and data already
 * current passes through untouched.
 */
const V1_CREATED = {
  agreementId: 'slp-adult-secure-2017-18',
  commissionerCode: 'X24',
  leadProviderCode: 'RV5',
  partnerProviderCodes: ['RPG', 'RQY'],
  financialYear: '2017/18',
  serviceLines: ['adult-medium-secure'],
  savingsHorizonDays: 365,
};

describe('upcasting', () => {
  it('reads an AgreementCreated of version 1 as version 2 with predecessorAgreementId null', () => {
    expect(AGREEMENT_EVENT_VERSIONS.AgreementCreated).toBe(2);
    const stored = structuredClone(V1_CREATED);
    const upcast = upcastEventData('AgreementCreated', 1, stored);
    expect(upcast).toEqual({ ...V1_CREATED, predecessorAgreementId: null });
    // A copy: what the store holds (and hashed) is left as it was.
    expect(stored).toEqual(V1_CREATED);
    // A missing schema version is version 1.
    expect(upcastEventData('AgreementCreated', undefined, stored)).toEqual(upcast);
  });

  it('folds an upcast version 1 creation into an agreement that starts its own chain', () => {
    const event = upcastEvent<AgreementEvent>({
      type: 'AgreementCreated',
      data: V1_CREATED,
      metadata: { schemaVersion: 1 },
    });
    const state = agreementDecider.evolve(agreementDecider.initialState(), event);
    expect(state.exists && state.predecessorAgreementId).toBeNull();
    expect(state.exists && state.successorAgreementId).toBeNull();
  });

  it('reads a PeriodClosed of version 1 as version 2, with no prior-year adjustments', () => {
    expect(AGREEMENT_EVENT_VERSIONS.PeriodClosed).toBe(2);
    const v1 = {
      agreementId: 'slp-adult-secure-2017-18',
      period: '2017-04',
      accruedCosts: [],
      recognisedSavings: [],
      priorPeriodAdjustments: { costs: [], savings: [{ caseId: 'c', amount: '1.00' }] },
    };
    const stored = structuredClone(v1);
    expect(upcastEventData('PeriodClosed', 1, stored)).toEqual({
      ...v1,
      priorYearAdjustments: { costs: [], savings: [] },
    });
    expect(stored).toEqual(v1);
    // A development-store close from before prior-period adjustments: none of either.
    const older: Record<string, unknown> = { ...v1 };
    delete older.priorPeriodAdjustments;
    expect(upcastEventData('PeriodClosed', 1, older)).toEqual({
      ...older,
      priorPeriodAdjustments: { costs: [], savings: [] },
      priorYearAdjustments: { costs: [], savings: [] },
    });
  });

  it('leaves current data as it is, the same object', () => {
    const current = { ...V1_CREATED, predecessorAgreementId: 'slp-adult-secure-2016-17' };
    expect(upcastEventData('AgreementCreated', 2, current)).toBe(current);
    const allocated = { agreementId: 'a', allocationId: 'x' };
    expect(upcastEventData('BudgetAllocated', 1, allocated)).toBe(allocated);
    expect(upcastEventData('SomethingElse', 1, allocated)).toBe(allocated);
  });

  it('knows the current version of every event type, and 1 for a type it does not know', () => {
    expect(currentSchemaVersion('AgreementCreated')).toBe(2);
    expect(currentSchemaVersion('ReferralRegistered')).toBe(1);
    expect(currentSchemaVersion('NotAnEvent')).toBe(1);
  });
});
