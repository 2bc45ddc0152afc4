import { oapMetricsProjection } from '../read-model';
import { foldEvents } from '../projection/projection';
import {
  LOW_SECURE,
  MEDIUM_SECURE,
  POSITION,
  SLP,
  slpHistory,
  withBackDatedRateChange,
  withJulyClosedAndReinvestment,
} from '../testing/slp-history';
import { oapMetrics } from './oap-metrics';

describe('out-of-area metrics by period', () => {
  // Proves each metric of domain.md's "Out-of-area metrics" against hand counts for the SLP
  // scenario: A out of area 182.0 km away from 10 April until 16 July, B 212.5 km from 20 May.
  // Miles are km ÷ 1.609344, shown to 1 decimal place.
  const base = foldEvents(oapMetricsProjection, slpHistory().events);

  it('reports April to 20 July 2025', () => {
    const report = oapMetrics(base, { agreementId: SLP, asOf: '2025-07-20' });
    expect(report).toMatchObject({
      agreementId: SLP,
      financialYear: '2025/26',
      knownAt: POSITION.repatriated,
      serviceLine: null,
    });
    expect(report?.periods).toEqual([
      {
        period: '2025-04',
        complete: true,
        countedOn: '2025-04-30',
        activeAtPeriodEnd: 1, // A
        started: 1,
        ended: 0,
        bedDays: 21, // nights 10–30 April
        cost: '14395.50', // 21 × 685.50
        meanDistanceKm: '182.0',
        meanDistanceMiles: '113.1', // 182.0 ÷ 1.609344 = 113.0896…
        // No OAP was active at the end of March, so there is nothing to compare with.
        changeKm: null,
        changeMiles: null,
        repatriations: 0,
      },
      {
        period: '2025-05',
        complete: true,
        countedOn: '2025-05-31',
        activeAtPeriodEnd: 2, // A and B
        started: 1, // B on 20 May
        ended: 0,
        bedDays: 43, // A 31 + B 12
        cost: '31450.50', // 21,250.50 + 10,200.00
        // (182.0 + 212.5) ÷ 2 = 197.25, shown half-up as 197.3; 197.25 ÷ 1.609344 = 122.5655…
        meanDistanceKm: '197.3',
        meanDistanceMiles: '122.6',
        changeKm: '15.3', // 197.3 − 182.0
        changeMiles: '9.5', // 122.6 − 113.1
        repatriations: 0,
      },
      {
        period: '2025-06',
        complete: true,
        countedOn: '2025-06-30',
        activeAtPeriodEnd: 2,
        started: 0,
        ended: 0,
        bedDays: 60, // 30 + 30
        cost: '46065.00', // 20,565.00 + 25,500.00
        meanDistanceKm: '197.3',
        meanDistanceMiles: '122.6',
        changeKm: '0.0',
        changeMiles: '0.0',
        repatriations: 0,
      },
      {
        period: '2025-07',
        complete: false,
        countedOn: '2025-07-20',
        activeAtPeriodEnd: 1, // B; A came home on the 16th
        started: 0,
        ended: 1, // A's placement ended by repatriation
        bedDays: 35, // A nights 1–15, B nights 1–20
        cost: '27414.50', // 4,798.50 + 5,616.00 + 17,000.00
        meanDistanceKm: '212.5',
        meanDistanceMiles: '132.0', // 212.5 ÷ 1.609344 = 132.0413…
        changeKm: '15.2', // 212.5 − 197.3
        changeMiles: '9.4', // 132.0 − 122.6
        repatriations: 1,
      },
    ]);
  });

  it('restates a period for a back-dated fact: the metrics follow the case facts', () => {
    const log = withBackDatedRateChange(withJulyClosedAndReinvestment(slpHistory()));
    const report = oapMetrics(foldEvents(oapMetricsProjection, log.events), {
      agreementId: SLP,
      asOf: '2025-08-20',
    });
    // B at 880.00 from 1 June. July: A 10,414.50 + B 31 × 880.00 = 27,280.00 → 37,694.50.
    // August, nights 1–20: B 20 × 880.00 = 17,600.00; still 212.5 km, so no change.
    expect(report?.periods.slice(2).map((p) => [p.period, p.bedDays, p.cost, p.changeKm])).toEqual([
      ['2025-06', 60, '46965.00', '0.0'], // A 20,565.00 + B 30 × 880.00 = 26,400.00
      ['2025-07', 46, '37694.50', '15.2'],
      ['2025-08', 20, '17600.00', '0.0'],
    ]);
    expect(report?.periods[4]).toMatchObject({ complete: false, activeAtPeriodEnd: 1, ended: 0 });
  });

  it('filters by service line and by knowledge time', () => {
    const lowSecure = oapMetrics(base, {
      agreementId: SLP,
      asOf: '2025-07-20',
      serviceLine: LOW_SECURE,
    });
    expect(
      lowSecure?.periods.every((p) => p.activeAtPeriodEnd === 0 && p.meanDistanceKm === null),
    ).toBe(true);
    const medium = oapMetrics(base, {
      agreementId: SLP,
      asOf: '2025-07-20',
      serviceLine: MEDIUM_SECURE,
    });
    expect(medium?.periods[3].activeAtPeriodEnd).toBe(1);
    // Before the repatriation was recorded, A was still out of area on 20 July.
    const known = oapMetrics(base, {
      agreementId: SLP,
      asOf: '2025-07-20',
      knownAt: POSITION.rateChanged,
    });
    expect(known?.periods[3]).toMatchObject({ activeAtPeriodEnd: 2, ended: 0, repatriations: 0 });
    expect(oapMetrics(base, { agreementId: 'unknown', asOf: '2025-07-20' })).toBeNull();
  });
});
