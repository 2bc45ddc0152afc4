import fc from 'fast-check';
import Decimal from 'decimal.js';
import { addDays } from '../calendar/calendar-date';
import type { AgreementTerms } from './case.context';
import { caseDecider } from './case.decider';
import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import { evolveCase, initialCaseState, type RegisteredCase } from './case.state';
import { rateOn } from './rate-timeline';
import { recognisedSavingsByPeriod, savedNightsByPeriod } from './repatriation-savings';
import {
  changePlacementRate,
  context,
  discharged,
  dischargePatient,
  endPlacement,
  inAreaStarted,
  placementEnded,
  placementStarted,
  rateChanged,
  referralRegistered,
  registerReferral,
  repatriated,
  repatriatePatient,
  SLP_2025_26,
  startPlacement,
  withHorizon,
} from './testing/case-fixtures';

/**
 * Recognised savings per (case, period), from domain.md "Savings from repatriation". Each
 * example is worked out by hand in its comment: for each night t from the repatriation date D
 * on which the case is in an in-area bed, R_o − R_i(t), until discharge, a new out-of-area
 * placement, the next repatriation or the horizon, whichever comes first.
 */
const registered = [referralRegistered()];
/** OAP at £850.00 from 04-10, £900.00 from 05-01, repatriated on 05-16 to home-1 at £450.00. */
const repatriatedInMay = [
  ...registered,
  placementStarted(),
  rateChanged('oap-1', '2025-05-01', '900.00', '850.00'),
  repatriated('oap-1', '2025-05-16', '900.00', { placementId: 'home-1', dailyRate: '450.00' }),
];

const savings = (history: CaseEvent[], measuredAt: string, terms = SLP_2025_26) =>
  recognisedSavingsByPeriod(history, terms, measuredAt).map((s) => [s.period, s.nights, s.amount]);

describe('recognisedSavingsByPeriod', () => {
  it('saves R_o − R_i for each in-area night from the repatriation date, across a month boundary', () => {
    // R_o = £900.00 (rate on 05-15). Measured 07-01:
    //   May nights 16..31 = 16 × (900 − 450) = 7,200.00
    //   June nights 1..30 = 30 × (900 − 450) = 13,500.00
    expect(savings(repatriatedInMay, '2025-07-01')).toEqual([
      ['2025-05', 16, '7200.00'],
      ['2025-06', 30, '13500.00'],
    ]);
  });

  it('carries the case and service line', () => {
    expect(recognisedSavingsByPeriod(repatriatedInMay, SLP_2025_26, '2025-05-17')).toEqual([
      {
        caseId: 'case-0001',
        serviceLine: 'adult-medium-secure',
        period: '2025-05',
        nights: 1,
        amount: '450.00',
      },
    ]);
  });

  it('stops after savingsHorizonDays nights counted from D', () => {
    // Horizon 30 from 05-16: nights 05-16 .. 06-14.
    //   May nights 16..31 = 16 × 450 = 7,200.00; June nights 1..14 = 14 × 450 = 6,300.00.
    expect(savings(repatriatedInMay, '2025-08-01', withHorizon(30))).toEqual([
      ['2025-05', 16, '7200.00'],
      ['2025-06', 14, '6300.00'],
    ]);
  });

  it('continues into a step-down in-area placement at its own rate', () => {
    // home-1 £450.00 ends 06-01; step-down home-2 at £300.00 from 06-01. Measured 07-01:
    //   May nights 16..31 = 16 × (900 − 450) = 7,200.00
    //   June nights 1..30 = 30 × (900 − 300) = 18,000.00
    const history = [
      ...repatriatedInMay,
      placementEnded('home-1', '2025-06-01'),
      inAreaStarted('home-2', '2025-06-01', '300.00'),
    ];
    expect(savings(history, '2025-07-01')).toEqual([
      ['2025-05', 16, '7200.00'],
      ['2025-06', 30, '18000.00'],
    ]);
  });

  it('follows rate changes of the in-area placement night by night', () => {
    // home-1 goes from £450.00 to £500.00 on 06-11. Measured 07-01:
    //   May 16 × 450 = 7,200.00; June nights 1..10 = 10 × 450 = 4,500.00
    //   + nights 11..30 = 20 × (900 − 500) = 8,000.00 → 12,500.00.
    const history = [...repatriatedInMay, rateChanged('home-1', '2025-06-11', '500.00', '450.00')];
    expect(savings(history, '2025-07-01')).toEqual([
      ['2025-05', 16, '7200.00'],
      ['2025-06', 30, '12500.00'],
    ]);
  });

  it('reports a negative saving (a cost pressure) when in-area care costs more', () => {
    // R_o = £500.00 (OAP from 04-10); in-area at £620.00 from 05-01; measured 05-11:
    //   nights 1..10 = 10 × (500 − 620) = −1,200.00.
    const history = [
      ...registered,
      placementStarted({ dailyRate: '500.00' }),
      repatriated('oap-1', '2025-05-01', '500.00', { placementId: 'home-1', dailyRate: '620.00' }),
    ];
    expect(savings(history, '2025-05-11')).toEqual([['2025-05', 10, '-1200.00']]);
  });

  it('counts the whole R_o for a block-funded in-area bed at a 0 rate', () => {
    // R_o = £900.00, in-area £0.00 from 05-16, measured 05-21: 5 × (900 − 0) = 4,500.00.
    const history = [
      ...registered,
      placementStarted(),
      rateChanged('oap-1', '2025-05-01', '900.00', '850.00'),
      repatriated('oap-1', '2025-05-16', '900.00', { placementId: 'home-1', dailyRate: '0.00' }),
    ];
    expect(savings(history, '2025-05-21')).toEqual([['2025-05', 5, '4500.00']]);
  });

  it('stops at discharge', () => {
    // Discharged 06-20: May 16 × 450 = 7,200.00; June nights 1..19 = 19 × 450 = 8,550.00.
    const history = [...repatriatedInMay, discharged('2025-06-20', 'home-1')];
    expect(savings(history, '2025-09-01')).toEqual([
      ['2025-05', 16, '7200.00'],
      ['2025-06', 19, '8550.00'],
    ]);
  });

  it('lets a second repatriation end the first one’s attribution and start its own', () => {
    // 1st: R_o £900.00 on 05-16 to home-1 £450.00; home-1 ends 06-10; oap-2 at £1,000.00 from
    //      06-10 (a new OAP: the first attribution stops at 06-10).
    // 2nd: 07-01 from oap-2, R_o £1,000.00, to home-2 at £400.00. Measured 08-01:
    //   May nights 16..31 = 16 × 450 = 7,200.00
    //   June nights 1..9 = 9 × 450 = 4,050.00 (nights 10..30 out of area: nothing)
    //   July nights 1..31 = 31 × (1,000 − 400) = 18,600.00
    const history = [
      ...repatriatedInMay,
      placementEnded('home-1', '2025-06-10'),
      placementStarted({ placementId: 'oap-2', startDate: '2025-06-10', dailyRate: '1000.00' }),
      repatriated('oap-2', '2025-07-01', '1000.00', { placementId: 'home-2', dailyRate: '400.00' }),
    ];
    expect(savings(history, '2025-08-01')).toEqual([
      ['2025-05', 16, '7200.00'],
      ['2025-06', 9, '4050.00'],
      ['2025-07', 31, '18600.00'],
    ]);
  });

  it('stops for good at a new out-of-area placement, even if the patient later returns in area', () => {
    // home-1 ends 06-01; oap-2 06-01..06-11; home-2 from 06-11 without a repatriation.
    // Only May nights 16..31 = 16 × 450 = 7,200.00 count.
    const history = [
      ...repatriatedInMay,
      placementEnded('home-1', '2025-06-01'),
      placementStarted({ placementId: 'oap-2', startDate: '2025-06-01' }),
      placementEnded('oap-2', '2025-06-11'),
      inAreaStarted('home-2', '2025-06-11', '450.00'),
    ];
    expect(savings(history, '2025-08-01')).toEqual([['2025-05', 16, '7200.00']]);
  });

  it('earns nothing in a gap between in-area placements, while the horizon clock runs on', () => {
    // Horizon 30 from 05-16 (nights 05-16..06-14). home-1 ends 06-01; home-2 (£450.00) starts
    // 06-11: May 16 × 450 = 7,200.00; June nights 11..14 only = 4 × 450 = 1,800.00.
    const history = [
      ...repatriatedInMay,
      placementEnded('home-1', '2025-06-01'),
      inAreaStarted('home-2', '2025-06-11', '450.00'),
    ];
    expect(savings(history, '2025-08-01', withHorizon(30))).toEqual([
      ['2025-05', 16, '7200.00'],
      ['2025-06', 4, '1800.00'],
    ]);
  });

  it('attributes nothing after 31 March: savings stay inside the agreement year', () => {
    // OAP £850.00 from 2026-03-01, repatriated 2026-03-20 to £450.00, measured 2026-05-01:
    //   March nights 20..31 = 12 × (850 − 450) = 4,800.00; April 2026 belongs to 2026/27.
    const history = [
      ...registered,
      placementStarted({ startDate: '2026-03-01' }),
      repatriated('oap-1', '2026-03-20', '850.00', { placementId: 'home-1', dailyRate: '450.00' }),
    ];
    expect(savings(history, '2026-05-01')).toEqual([['2026-03', 12, '4800.00']]);
  });

  it('counts only nights before the measuring date', () => {
    // Measured 05-20: nights 16..19 = 4 × 450 = 1,800.00; on D itself nothing is counted yet.
    expect(savings(repatriatedInMay, '2025-05-20')).toEqual([['2025-05', 4, '1800.00']]);
    expect(savings(repatriatedInMay, '2025-05-16')).toEqual([]);
  });

  it('has nothing for a case never repatriated', () => {
    expect(savings([...registered, placementStarted()], '2025-07-01')).toEqual([]);
  });
});

describe('recognisedSavingsByPeriod, generated histories', () => {
  // Histories are built by sending random commands through the decider and keeping what it
  // accepts, so every one is a history the ledger could really hold. The code under test
  // works per attribution × rate segment × period; the reference below walks every night and
  // applies domain.md's wording directly. They must agree per period, to the penny.
  const step = (kind: string, weight: number, maxGap: number, maxRatePence = 150_000) => ({
    weight,
    arbitrary: fc.record({
      kind: fc.constant(kind),
      gap: fc.nat(maxGap),
      ratePence: fc.nat(maxRatePence),
    }),
  });
  // Weighted towards new beds and repatriations, so that most histories hold one or more.
  const steps = fc.array(
    fc.oneof(
      step('oap', 6, 20),
      step('repatriate', 6, 45, 90_000),
      step('home', 3, 20),
      step('rate', 2, 40),
      step('end', 3, 30),
      step('discharge', 1, 120),
    ),
    { minLength: 4, maxLength: 16 },
  );

  it('matches a night-by-night reading of the savings rule', () => {
    fc.assert(
      fc.property(
        steps,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 500 }),
        (generated, horizon, measuredOffset) => {
          const events = acceptedHistory(generated);
          const terms = withHorizon(horizon);
          const measuredAt = addDays('2025-03-01', measuredOffset);
          expect(savings(events, measuredAt, terms)).toEqual(
            nightByNight(events, terms, measuredAt),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same figures from its saved nights, counted in integer pence', () => {
    // Reports add savings up in pence from `savedNightsByPeriod`: nights × (R_o − R_i) per
    // piece must come to the same nights and amount per period as the Decimal figures.
    const pence = (amount: string) => BigInt(new Decimal(amount).times(100).toFixed(0));
    fc.assert(
      fc.property(
        steps,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 500 }),
        (generated, horizon, measuredOffset) => {
          const events = acceptedHistory(generated);
          const terms = withHorizon(horizon);
          const measuredAt = addDays('2025-03-01', measuredOffset);
          const byPeriod = new Map<string, [number, bigint]>();
          for (const piece of savedNightsByPeriod(events, terms, measuredAt)) {
            expect(piece.nights).toBeGreaterThan(0);
            const [nights, amount] = byPeriod.get(piece.period) ?? [0, 0n];
            const saved = pence(piece.outOfAreaDailyRate) - pence(piece.inAreaDailyRate);
            byPeriod.set(piece.period, [
              nights + piece.nights,
              amount + saved * BigInt(piece.nights),
            ]);
          }
          const expected = savings(events, measuredAt, terms).map(([period, nights, amount]) => [
            period,
            nights,
            pence(String(amount)),
          ]);
          expect([...byPeriod].sort().map(([period, [n, a]]) => [period, n, a])).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 20_251_015 },
    );
  });
});

type Step = { kind: string; gap: number; ratePence: number };

/** Feeds generated steps to the decider from 2025-03-01 on, keeping the accepted events. */
function acceptedHistory(steps: Step[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  const record = (command: CaseCommand) => {
    try {
      const state = events.reduce(evolveCase, initialCaseState());
      events.push(...caseDecider.decide(command, state, context));
    } catch {
      // Refused: the step simply does not happen.
    }
  };
  record(registerReferral({ referralDate: '2025-03-01' }));
  let date = '2025-03-01';
  steps.forEach((s, i) => {
    date = addDays(date, s.gap);
    const state = events.reduce(evolveCase, initialCaseState()) as RegisteredCase;
    const openId = state.placements.find((p) => p.endDate === null)?.placementId ?? 'none';
    // A new bed while one is open is a transfer: end the open one the same day first.
    if (s.kind === 'oap' || s.kind === 'home')
      record(endPlacement({ placementId: openId, endDate: date }));
    record(commandFor(s, i, date, openId));
  });
  return events;
}

function commandFor(s: Step, i: number, date: string, openId: string): CaseCommand {
  const dailyRate = new Decimal(s.ratePence).dividedBy(100).toFixed(2);
  const inArea = { setting: 'in-area' as const, providerCode: 'RPG', oapReasonCode: null };
  switch (s.kind) {
    case 'oap':
      return startPlacement({ placementId: `p${i}`, startDate: date, dailyRate });
    case 'home':
      return startPlacement({ placementId: `p${i}`, startDate: date, dailyRate, ...inArea });
    case 'repatriate': {
      const inAreaPlacement = {
        ...repatriatePatient().data.inAreaPlacement,
        placementId: `p${i}`,
        dailyRate,
      };
      return repatriatePatient({
        outOfAreaPlacementId: openId,
        repatriationDate: date,
        inAreaPlacement,
      });
    }
    case 'rate':
      return changePlacementRate({ placementId: openId, effectiveDate: date, dailyRate });
    case 'end':
      return endPlacement({ placementId: openId, endDate: date });
    default:
      return dischargePatient({ dischargeDate: date });
  }
}

/**
 * The reference: for each counted night, the latest repatriation on or before it attributes
 * the night if the horizon has not run out, no out-of-area placement was started after it in
 * the stream, the patient is not discharged, and the patient sleeps in an in-area bed.
 */
function nightByNight(events: CaseEvent[], terms: AgreementTerms, measuredAt: string) {
  const state = events.reduce(evolveCase, initialCaseState()) as RegisteredCase;
  const rows = new Map<string, { nights: number; amount: Decimal }>();
  for (let t = '2025-04-01'; t < '2026-04-01' && t < measuredAt; t = addDays(t, 1)) {
    const saving = savingOnNight(events, state, terms.savingsHorizonDays, t);
    if (saving === null) continue;
    const row = rows.get(t.slice(0, 7)) ?? { nights: 0, amount: new Decimal(0) };
    rows.set(t.slice(0, 7), { nights: row.nights + 1, amount: row.amount.plus(saving) });
  }
  return [...rows].map(([period, row]) => [period, row.nights, row.amount.toFixed(2)]);
}

function savingOnNight(
  events: CaseEvent[],
  state: RegisteredCase,
  horizon: number,
  t: string,
): Decimal | null {
  let at = -1;
  events.forEach((e, i) => {
    if (e.type === 'PatientRepatriated' && e.data.repatriationDate <= t) at = i;
  });
  const latest = events[at];
  if (latest?.type !== 'PatientRepatriated') return null;
  if (t >= addDays(latest.data.repatriationDate, horizon)) return null;
  if (state.dischargeDate !== null && t >= state.dischargeDate) return null;
  const newOap = events
    .slice(at + 1)
    .some(
      (e) =>
        e.type === 'PlacementStarted' && e.data.setting === 'out-of-area' && e.data.startDate <= t,
    );
  const bed = state.placements.find(
    (p) => p.startDate <= t && (p.endDate === null || t < p.endDate),
  );
  if (newOap || !bed || bed.setting !== 'in-area') return null;
  return new Decimal(latest.data.outOfAreaDailyRate).minus(rateOn(bed.rates, t));
}
