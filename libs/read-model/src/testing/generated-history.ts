import fc from 'fast-check';
import {
  addDays,
  formatMoney,
  fromPence,
  openPlacement,
  type AgreementCommand,
  type CaseCommand,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { LedgerSimulator } from './ledger-simulator';

/**
 * Random valid histories for property tests: generated steps become commands against the
 * simulator's state at run time, go through the real deciders, and whatever they refuse is
 * simply not recorded. Two agreements share the log; six cases move between out-of-area and
 * in-area beds, with rate changes, ends and discharges back-dated up to 40 days (into closed
 * periods, so closes post prior-period adjustments). Money is generated as integer pence.
 */
export const AGREEMENTS: readonly { agreementId: string; lines: readonly string[] }[] = [
  { agreementId: 'slp-adult-secure-2025-26', lines: ['adult-medium-secure', 'adult-low-secure'] },
  { agreementId: 'slp-camhs-2025-26', lines: ['camhs-tier4'] },
];

const PROVIDERS = ['NVC01', 'NQ1', 'AHH', 'RPG', 'RV5', 'RQY'];

type Step =
  | { kind: 'advance'; days: number }
  | { kind: 'allocate'; agreement: number; line: number; pence: number; ahead: number }
  | { kind: 'adjust'; agreement: number; line: number; pence: number; ahead: number }
  | { kind: 'vire'; agreement: number; pence: number; ahead: number }
  | { kind: 'reinvest'; agreement: number; pence: number; ahead: number }
  | { kind: 'refer'; agreement: number; caseNo: number; line: number }
  | {
      kind: 'start';
      caseNo: number;
      outOfArea: boolean;
      provider: number;
      pence: number;
      km: number;
      back: number;
    }
  | { kind: 'rate'; caseNo: number; pence: number; back: number }
  | { kind: 'repatriate'; caseNo: number; pence: number; km: number; back: number }
  | { kind: 'end'; caseNo: number; back: number }
  | { kind: 'discharge'; caseNo: number; back: number }
  | { kind: 'close'; agreement: number };

const agreement = fc.integer({ min: 0, max: 1 });
const caseNo = fc.integer({ min: 0, max: 5 });
const ratePence = fc.integer({ min: 0, max: 120_000 });
const back = fc.integer({ min: 0, max: 40 });
const km = fc.integer({ min: 0, max: 4_000 });
const ahead = fc.integer({ min: 0, max: 60 });

/** Weighted so that cases get referred, placed and repatriated, and savings get committed. */
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      days: fc.integer({ min: 0, max: 20 }),
    }),
  },
  fc.record({
    kind: fc.constant('allocate' as const),
    agreement,
    line: fc.integer({ min: 0, max: 1 }),
    pence: fc.integer({ min: 1, max: 10_000_000_000 }),
    ahead,
  }),
  fc.record({
    kind: fc.constant('adjust' as const),
    agreement,
    line: fc.integer({ min: 0, max: 1 }),
    pence: fc.integer({ min: -100_000_000, max: 100_000_000 }),
    ahead,
  }),
  fc.record({
    kind: fc.constant('vire' as const),
    agreement,
    pence: fc.integer({ min: 1, max: 50_000_000 }),
    ahead,
  }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reinvest' as const),
      agreement,
      pence: fc.integer({ min: 1, max: 50_000 }),
      ahead: fc.integer({ min: 0, max: 10 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refer' as const),
      agreement,
      caseNo,
      line: fc.integer({ min: 0, max: 1 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('start' as const),
      caseNo,
      outOfArea: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
      provider: fc.integer({ min: 0, max: PROVIDERS.length - 1 }),
      pence: ratePence,
      km,
      back,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('rate' as const), caseNo, pence: ratePence, back }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('repatriate' as const),
      caseNo,
      pence: ratePence,
      km,
      back,
    }),
  },
  fc.record({ kind: fc.constant('end' as const), caseNo, back }),
  fc.record({ kind: fc.constant('discharge' as const), caseNo, back }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), agreement }) },
);

const pounds = (pence: number): string => formatMoney(fromPence(BigInt(pence)));
const distance = (tenths: number): string => `${Math.floor(tenths / 10)}.${tenths % 10}`;

function commandFor(
  sim: LedgerSimulator,
  s: Step,
  nextId: () => string,
): AgreementCommand | CaseCommand | null {
  const caseId = (n: number) => `case-${n}`;
  switch (s.kind) {
    case 'advance':
    case 'close':
      return null;
    case 'allocate': {
      const { agreementId, lines } = AGREEMENTS[s.agreement];
      return {
        type: 'AllocateBudget',
        data: {
          agreementId,
          allocationId: nextId(),
          serviceLine: lines[s.line % lines.length],
          amount: pounds(s.pence),
          effectiveDate: addDays(sim.date, s.ahead),
          phasing: { kind: 'even' },
        },
      };
    }
    case 'adjust': {
      const { agreementId, lines } = AGREEMENTS[s.agreement];
      return {
        type: 'AdjustBudget',
        data: {
          agreementId,
          adjustmentId: nextId(),
          serviceLine: lines[s.line % lines.length],
          amount: pounds(s.pence),
          effectiveDate: addDays(sim.date, s.ahead),
          reason: 'In-year change',
        },
      };
    }
    case 'vire': {
      const { agreementId, lines } = AGREEMENTS[s.agreement];
      if (lines.length < 2) return null;
      return {
        type: 'VireBudget',
        data: {
          agreementId,
          virementId: nextId(),
          fromServiceLine: lines[0],
          toServiceLine: lines[1],
          amount: pounds(s.pence),
          effectiveDate: addDays(sim.date, s.ahead),
          reason: 'Pressure on the other line',
        },
      };
    }
    case 'reinvest':
      return {
        type: 'CommitReinvestment',
        data: {
          agreementId: AGREEMENTS[s.agreement].agreementId,
          commitmentId: nextId(),
          schemeId: s.pence % 2 === 0 ? 'female-forensic-step-down' : 'community-forensic-team',
          amount: pounds(s.pence),
          effectiveDate: addDays(sim.date, s.ahead),
          description: 'Reinvested savings',
        },
      };
    case 'refer': {
      const { agreementId, lines } = AGREEMENTS[s.agreement];
      return {
        type: 'RegisterReferral',
        data: {
          caseId: caseId(s.caseNo),
          agreementId,
          serviceLine: lines[s.line % lines.length],
          patientRef: `SLP-PT-${s.caseNo}`,
          referralDate: addDays(sim.date, -50),
        },
      };
    }
    case 'start':
      // A placement for a case nobody referred yet refers it first.
      if (!sim.caseState(caseId(s.caseNo))) {
        return commandFor(
          sim,
          { kind: 'refer', agreement: s.caseNo % 2, caseNo: s.caseNo, line: s.provider },
          nextId,
        );
      }
      return {
        type: 'StartPlacement',
        data: {
          caseId: caseId(s.caseNo),
          placementId: nextId(),
          setting: s.outOfArea ? 'out-of-area' : 'in-area',
          bedType: 'medium-secure',
          providerCode: PROVIDERS[s.provider],
          dailyRate: pounds(s.pence),
          startDate: addDays(sim.date, -s.back),
          distanceFromHomeKm: distance(s.km),
          oapReasonCode: s.outOfArea ? '10' : null,
        },
      };
    case 'rate': {
      const state = sim.caseState(caseId(s.caseNo));
      const placement = state
        ? (openPlacement(state) ?? state.placements[state.placements.length - 1])
        : undefined;
      if (!placement) return null;
      return {
        type: 'ChangePlacementRate',
        data: {
          caseId: caseId(s.caseNo),
          placementId: placement.placementId,
          dailyRate: pounds(s.pence),
          effectiveDate: addDays(sim.date, -s.back),
        },
      };
    }
    case 'repatriate': {
      const state = sim.caseState(caseId(s.caseNo));
      const open = state ? openPlacement(state) : undefined;
      if (!open) return null;
      return {
        type: 'RepatriatePatient',
        data: {
          caseId: caseId(s.caseNo),
          outOfAreaPlacementId: open.placementId,
          repatriationDate: addDays(sim.date, -s.back),
          inAreaPlacement: {
            placementId: nextId(),
            bedType: 'medium-secure',
            providerCode: 'RPG',
            dailyRate: pounds(s.pence),
            distanceFromHomeKm: distance(s.km % 300),
          },
        },
      };
    }
    case 'end': {
      const state = sim.caseState(caseId(s.caseNo));
      const open = state ? openPlacement(state) : undefined;
      if (!open) return null;
      return {
        type: 'EndPlacement',
        data: {
          caseId: caseId(s.caseNo),
          placementId: open.placementId,
          endDate: addDays(sim.date, -s.back),
          reason: 'transferred',
        },
      };
    }
    case 'discharge':
      return {
        type: 'DischargePatient',
        data: {
          caseId: caseId(s.caseNo),
          dischargeDate: addDays(sim.date, -s.back),
          reason: 'discharged',
        },
      };
  }
}

/** Creates both agreements with a starting budget, then plays the steps. */
export interface GeneratedHistory {
  events: RecordedEvent[];
  /** Each recorded close: its position, its agreement and the server date it was made on. */
  closes: { position: number; agreementId: string; date: string }[];
}

export function playHistory(steps: Step[]): GeneratedHistory {
  const sim = new LedgerSimulator('2025-04-01');
  let ids = 0;
  const nextId = () => `id-${(ids += 1)}`;
  for (const { agreementId, lines } of AGREEMENTS) {
    sim.run({
      type: 'CreateAgreement',
      data: {
        agreementId,
        commissionerCode: 'X24',
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG', 'RQY'],
        financialYear: '2025/26',
        serviceLines: [...lines],
      },
    });
    sim.run({
      type: 'AllocateBudget',
      data: {
        agreementId,
        allocationId: nextId(),
        serviceLine: lines[0],
        amount: '65000000.00',
        effectiveDate: '2025-04-01',
        phasing: { kind: 'even' },
      },
    });
  }
  const closes: GeneratedHistory['closes'] = [];
  for (const s of steps) {
    if (s.kind === 'advance') sim.advance(s.days);
    else if (s.kind === 'close') {
      const { agreementId } = AGREEMENTS[s.agreement];
      if (sim.closeNextPeriod(agreementId)) {
        closes.push({ position: sim.log.head, agreementId, date: sim.date });
      }
    } else {
      const command = commandFor(sim, s, nextId);
      if (command) sim.run(command);
    }
  }
  return { events: sim.log.events, closes };
}

export const generatedHistory = fc
  .array(step, { minLength: 20, maxLength: 90, size: 'max' })
  .map(playHistory);
