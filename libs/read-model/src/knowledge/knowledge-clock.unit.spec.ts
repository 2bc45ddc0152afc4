import { budgetAgainstActual } from '../budget/budget-report';
import { readModelProjection } from '../read-model';
import { foldEvents } from '../projection/projection';
import { LedgerLog } from '../testing/ledger-log';
import { MEDIUM_SECURE, POSITION, SLP, slpHistory } from '../testing/slp-history';
import { knowledgeClockProjection, positionKnownAt } from './knowledge-clock';

describe('knowledge time', () => {
  // Proves a knownAt timestamp maps to the longest prefix of the log recorded by then, so
  // "what did we report for June at the end of June?" is a position the reports can read at.
  const model = foldEvents(readModelProjection, slpHistory().events);

  it('maps timestamps to log positions', () => {
    expect(positionKnownAt(model.clock, '2025-01-01T00:00:00Z')).toBe(0);
    // June closed on 2 July at 09:00, so at the end of June only May's close was known.
    expect(positionKnownAt(model.clock, '2025-06-30T23:59:59Z')).toBe(POSITION.mayClosed);
    expect(positionKnownAt(model.clock, '2025-07-02T09:00:00.000Z')).toBe(POSITION.juneClosed);
    expect(positionKnownAt(model.clock, '2030-01-01T00:00:00Z')).toBe(POSITION.repatriated);
    expect(() => positionKnownAt(model.clock, 'end of April')).toThrow(RangeError);
  });

  it('answers what the ledger reported for June at the end of June', () => {
    const knownAt = positionKnownAt(model.clock, '2025-06-30T23:59:59Z');
    const june = budgetAgainstActual(model, { agreementId: SLP, asOf: '2025-06-30', knownAt });
    const line = june?.lines.find((l) => l.serviceLine === MEDIUM_SECURE);
    // June was still open: all 30 nights provisional, 20,565.00 + 25,500.00 = 46,065.00.
    expect(line?.periods.map((p) => [p.period, p.status, p.spend.total])).toEqual([
      ['2025-04', 'posted', '14395.50'],
      ['2025-05', 'posted', '31450.50'],
      ['2025-06', 'provisional', '46065.00'],
    ]);
  });

  it('takes a clock that stepped back as not yet known past the step', () => {
    const log = new LedgerLog();
    const created = slpHistory().events[0];
    for (const recordedAt of [
      '2025-04-01T10:00:00Z',
      '2025-04-01T09:00:00Z',
      '2025-04-01T11:00:00Z',
    ]) {
      log.agreement({ type: created.type, data: created.data } as never, recordedAt);
    }
    const clock = foldEvents(knowledgeClockProjection, log.events);
    // At 09:30 the event at 09:00 was recorded, but position 1 (10:00) was not: nothing known.
    expect(positionKnownAt(clock, '2025-04-01T09:30:00Z')).toBe(0);
    expect(positionKnownAt(clock, '2025-04-01T10:00:00Z')).toBe(2);
  });
});
