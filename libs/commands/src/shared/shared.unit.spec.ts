/** Proves the small shared rules: request hashing for idempotency and England's calendar date. */
import { fixedClock, todayIn } from './clock';
import { requestHashOf } from './request-hash';

describe('requestHashOf', () => {
  it('hashes the same command the same, whatever order its fields arrived in', () => {
    const a = {
      type: 'AdjustBudget',
      data: { amount: '1.00', reason: 'x', nested: { b: 1, a: 2 } },
    };
    const b = {
      data: { nested: { a: 2, b: 1 }, reason: 'x', amount: '1.00' },
      type: 'AdjustBudget',
    };
    expect(requestHashOf(a)).toBe(requestHashOf(b));
    expect(requestHashOf(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells apart commands that differ in one value or in type', () => {
    const base = { type: 'AdjustBudget', data: { amount: '1.00' } };
    expect(requestHashOf(base)).not.toBe(requestHashOf({ ...base, data: { amount: '1.01' } }));
    expect(requestHashOf(base)).not.toBe(requestHashOf({ ...base, type: 'AllocateBudget' }));
  });

  it('hashes a member left undefined as one left out, as the JSON body would have it', () => {
    // Proves the one canonical JSON's rule for request bodies: undefined means absent, so a replay matches.
    const sent = {
      type: 'CreateAgreement',
      data: { agreementId: 'a', savingsHorizonDays: undefined },
    };
    expect(requestHashOf(sent)).toBe(
      requestHashOf({ type: 'CreateAgreement', data: { agreementId: 'a' } }),
    );
  });

  it('gives the hashes the earlier request hash gave, so stored idempotency keys still replay', () => {
    // Proves the move to the one canonical JSON changed no request hash: these were computed by the function it replaced.
    const allocate = {
      type: 'AllocateBudget',
      data: {
        agreementId: 'slp-adult-secure-2025-26',
        allocationId: 'alloc-1',
        serviceLine: 'adult-medium-secure',
        amount: '65000000.00',
        effectiveDate: '2025-04-01',
        phasing: {
          kind: 'explicit',
          months: [
            { period: '2025-04', amount: '1.00' },
            { period: '2025-05', amount: '2.50' },
          ],
        },
      },
    };
    expect(requestHashOf(allocate)).toBe(
      'cf534a8fe9b54bc5892a2b043027b673c2fc58fa011d9b5ccb2adf21b6e99333',
    );
    const create = {
      type: 'CreateAgreement',
      data: {
        agreementId: 'a',
        commissionerCode: '13R',
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG', 'RQY'],
        financialYear: '2025/26',
        serviceLines: ['adult-low-secure'],
        savingsHorizonDays: undefined,
      },
    };
    expect(requestHashOf(create)).toBe(
      '18f9ba2595a83b81b3773f9b324929d6d9156aec9d93c7461043620e2ac70ae2',
    );
  });
});

describe('todayIn', () => {
  it('gives the UK date: 00:30 BST on 1 April is already the new financial year', () => {
    expect(todayIn(fixedClock('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
  });

  it('gives the UK date in winter, when London is on UTC', () => {
    expect(todayIn(fixedClock('2025-12-31T23:30:00Z'))).toBe('2025-12-31');
  });

  it('turns the date at midnight in London, also when asked within the same minute before', () => {
    // BST: midnight in London is 23:00 UTC. Winter: midnight is 00:00 UTC.
    expect(todayIn(fixedClock('2025-06-30T22:59:59.999Z'))).toBe('2025-06-30');
    expect(todayIn(fixedClock('2025-06-30T23:00:00.000Z'))).toBe('2025-07-01');
    expect(todayIn(fixedClock('2025-12-31T23:59:59.999Z'))).toBe('2025-12-31');
    expect(todayIn(fixedClock('2026-01-01T00:00:00.000Z'))).toBe('2026-01-01');
    expect(todayIn(fixedClock('2025-12-31T23:59:30.000Z'))).toBe('2025-12-31');
  });

  it('refuses a clock that is not an instant', () => {
    expect(() => fixedClock('not a date')).toThrow(RangeError);
  });
});
