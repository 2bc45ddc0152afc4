import type { PlacementPeriodCost } from '../ledger/period-figures';
import { repeatErrors } from './agreement.rules';
import { withPostedFigures } from './posted-figures';

const cost = (placementId: string, bedDays: number, amount: string): PlacementPeriodCost => ({
  caseId: 'case-1',
  placementId,
  serviceLine: 'adult-medium-secure',
  setting: 'out-of-area',
  providerCode: 'NVC01',
  period: '2025-06',
  bedDays,
  amount,
});

describe('withPostedFigures', () => {
  it('nets figures per placement and drops one that nets to nothing', () => {
    // plc-1: 30 nights × £685.50 = £20,565.00, then a restatement of −2 nights (−£1,371.00)
    //        leaves 28 nights and £19,194.00.
    // plc-2: 10 nights × £700.00 = £7,000.00 posted and withdrawn in full: nothing is kept.
    const posted = withPostedFigures(
      {},
      [
        cost('plc-1', 30, '20565.00'),
        cost('plc-2', 10, '7000.00'),
        cost('plc-1', -2, '-1371.00'),
        cost('plc-2', -10, '-7000.00'),
      ],
      [],
    );
    expect(Object.values(posted['2025-06'].costs)).toEqual([cost('plc-1', 28, '19194.00')]);
  });

  it('never changes the record it was given', () => {
    const first = withPostedFigures({}, [cost('plc-1', 30, '20565.00')], []);
    const snapshot = JSON.stringify(first);
    const second = withPostedFigures(
      first,
      [cost('plc-1', 1, '685.50'), cost('plc-3', 1, '1.00')],
      [],
    );
    expect(JSON.stringify(first)).toBe(snapshot);
    expect(Object.keys(second['2025-06'].costs)).toHaveLength(2);
  });
});

describe('repeatErrors', () => {
  it('names every repeat and the first value it repeats', () => {
    const errors = repeatErrors(['a', 'b', 'a', 'c', 'b', 'a'], (i) => `ids[${i}]`);
    expect(errors.map((error) => [error.field, error.message])).toEqual([
      ['ids[2]', 'repeats ids[0] (a)'],
      ['ids[4]', 'repeats ids[1] (b)'],
      ['ids[5]', 'repeats ids[0] (a)'],
    ]);
  });
});
