import { money, formatMoney, sumMoney } from '../money/money';
import { accounts, balancesOf, post, type Posting } from './posting';

const base = {
  agreementId: 'slp-2025-26',
  period: '2025-04',
  postedIn: '2025-04',
  source: 'BudgetAllocated',
  reference: 'alloc-1',
};

function balancesAsText(postings: Posting[]): Record<string, string> {
  return Object.fromEntries(
    [...balancesOf(postings)].map(([account, balance]) => [account, formatMoney(balance)]),
  );
}

describe('postings', () => {
  // Proves double entry: a posting moves a positive amount between two accounts, so every
  // set of postings leaves balances that sum to zero.

  it('names the agreement accounts the way domain.md does', () => {
    expect(accounts.commissioner()).toBe('commissioner');
    expect(accounts.budget('camhs-tier4')).toBe('budget:camhs-tier4');
    expect(accounts.spend('adult-low-secure', 'out-of-area', 'NQ1')).toBe(
      'spend:adult-low-secure:out-of-area:NQ1',
    );
    expect(accounts.savingsRetained()).toBe('savings:retained');
    expect(accounts.reinvestment('female-forensic-step-down')).toBe(
      'reinvestment:female-forensic-step-down',
    );
  });

  it('moves a positive amount from one account to the other', () => {
    expect(post(base, 'commissioner', 'budget:camhs-tier4', money('100.00'))).toEqual({
      ...base,
      debitAccount: 'commissioner',
      creditAccount: 'budget:camhs-tier4',
      amount: money('100.00'),
    });
  });

  it('flips the direction of a negative amount so the posted amount stays positive', () => {
    const posting = post(base, 'commissioner', 'budget:camhs-tier4', money('-83333.34'));
    expect(posting?.debitAccount).toBe('budget:camhs-tier4');
    expect(posting?.creditAccount).toBe('commissioner');
    expect(posting && formatMoney(posting.amount)).toBe('83333.34');
  });

  it('writes nothing for zero', () => {
    expect(post(base, 'commissioner', 'budget:camhs-tier4', money('0'))).toBeNull();
  });

  it('refuses a posting from an account to itself', () => {
    expect(() => post(base, 'budget:a', 'budget:a', money('1.00'))).toThrow(/two different/);
  });

  it('computes balances as money in minus money out, summing to zero', () => {
    // commissioner → budget 1,000.00; budget → spend 250.50; budget → savings 100.25.
    // commissioner −1,000.00; budget 1,000.00 − 250.50 − 100.25 = 649.25; spend 250.50;
    // savings 100.25. Sum: −1,000.00 + 649.25 + 250.50 + 100.25 = 0.00.
    const postings = [
      post(base, 'commissioner', 'budget:l', money('1000.00')),
      post(base, 'budget:l', 'spend:l:in-area:RPG', money('250.50')),
      post(base, 'budget:l', 'savings:retained', money('100.25')),
    ].filter((p): p is Posting => p !== null);
    expect(balancesAsText(postings)).toEqual({
      commissioner: '-1000.00',
      'budget:l': '649.25',
      'spend:l:in-area:RPG': '250.50',
      'savings:retained': '100.25',
    });
    expect(formatMoney(sumMoney(balancesOf(postings).values()))).toBe('0.00');
  });
});
