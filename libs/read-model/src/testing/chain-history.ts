import {
  agreementChain,
  agreementDecider,
  agreementPeriodFigures,
  caseFiguresAlongChain,
  decideCarryForward,
  decideSuccessorLink,
  measuredAtEndOf,
  periodsOf,
  priorYearAdjustments,
  type ActiveAgreement,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  type CaseEvent,
  type PeriodId,
  type PriorYearFigures,
} from '@ledger/domain';
import { LedgerLog } from './ledger-log';

/**
 * domain.md's worked example of "Years: chains of agreements" as a log, decided by the
 * deciders as the command layer would: agreement A (2017/18) and its successor B (2018/19); a
 * case registered under A, £700.00 a night out of area from 2017-09-01, repatriated on
 * 2017-10-01 to £450.00 in area (horizon 365); A's twelve closes (M12 on 2018-04-10); a
 * discharge dated 2018-03-21 recorded on 2018-04-20; the carry-forward of A's £45,500.00; and
 * B's M01 close on 2018-05-02, which posts −£4,950.00 of cost and −£2,750.00 of savings as
 * prior-year adjustments belonging to A's 2018-03.
 */
export const CHAIN_A = 'slp-adult-secure-2017-18';
export const CHAIN_B = 'slp-adult-secure-2018-19';
export const CHAIN_CASE = 'case-worked-example';
const LINE = 'adult-medium-secure';

const create = (
  agreementId: string,
  financialYear: string,
  predecessorAgreementId: string | null,
): AgreementCommand => ({
  type: 'CreateAgreement',
  data: {
    agreementId,
    commissionerCode: 'X24',
    leadProviderCode: 'RV5',
    partnerProviderCodes: ['RPG'],
    financialYear,
    serviceLines: [LINE],
    predecessorAgreementId,
  },
});

const caseEvents: CaseEvent[] = [
  {
    type: 'ReferralRegistered',
    data: {
      caseId: CHAIN_CASE,
      agreementId: CHAIN_A,
      serviceLine: LINE,
      patientRef: 'SLP-PT-1',
      referralDate: '2017-09-01',
    },
  },
  {
    type: 'PlacementStarted',
    data: {
      caseId: CHAIN_CASE,
      placementId: 'oap-1',
      setting: 'out-of-area',
      bedType: 'medium-secure',
      providerCode: 'NQ1',
      dailyRate: '700.00',
      startDate: '2017-09-01',
      distanceFromHomeKm: '212.5',
      oapReasonCode: '10',
    },
  },
  {
    type: 'PatientRepatriated',
    data: {
      caseId: CHAIN_CASE,
      repatriationDate: '2017-10-01',
      outOfAreaPlacementId: 'oap-1',
      outOfAreaDailyRate: '700.00',
      inAreaPlacement: {
        placementId: 'home-1',
        bedType: 'medium-secure',
        providerCode: 'RPG',
        dailyRate: '450.00',
        distanceFromHomeKm: '8.0',
      },
    },
  },
];
const dischargeEvent: CaseEvent = {
  type: 'PatientDischarged',
  data: {
    caseId: CHAIN_CASE,
    dischargeDate: '2018-03-21',
    endedPlacementId: 'home-1',
    reason: 'Discharged to community team',
  },
};

function active(state: AgreementState): ActiveAgreement {
  if (!state.exists) throw new Error('agreement missing');
  return state;
}

export function chainHistory(log: LedgerLog = new LedgerLog()): LedgerLog {
  const states = new Map<string, ActiveAgreement>();
  const record = (event: AgreementEvent, at: string) => {
    log.agreement(event, at);
    const before = states.get(event.data.agreementId) ?? agreementDecider.initialState();
    states.set(event.data.agreementId, active(agreementDecider.evolve(before, event)));
  };
  const decide = (command: AgreementCommand, on: string, today: string, predecessor?: string) => {
    const link = predecessor ? states.get(predecessor) : undefined;
    const context = link
      ? { today, predecessor: { terms: link.terms, successorAgreementId: null } }
      : { today };
    const state = states.get(on) ?? agreementDecider.initialState();
    return agreementDecider.decide(command, state, context);
  };

  const [createdA] = decide(create(CHAIN_A, '2017/18', null), CHAIN_A, '2017-04-01');
  record(createdA, '2017-04-01T09:00:00Z');
  for (const event of caseEvents) log.case(event, '2017-10-01T09:00:00Z');
  let known: CaseEvent[] = caseEvents;
  const close = (agreementId: string, period: PeriodId, today: string, chainIds: string[]) => {
    const chain = agreementChain(chainIds.map((id) => active(states.get(id)!).terms));
    const figures = [caseFiguresAlongChain(known, chain, measuredAtEndOf(period))];
    const state = states.get(agreementId)!;
    const [own] = agreementPeriodFigures(figures, agreementId, [period]);
    const closed = new Map(chainIds.map((id) => [id, states.get(id)!.closedPeriods]));
    const earlier = chainIds.slice(0, chainIds.indexOf(agreementId));
    const priorYear: PriorYearFigures = { costs: [], savings: [] };
    for (const id of earlier) {
      const adjustments = priorYearAdjustments({
        chain,
        closed,
        agreementId: id,
        postedFigures: states.get(id)!.postedFigures,
        postedElsewhere: { costs: [], savings: [] },
        restatedPeriods: agreementPeriodFigures(
          figures,
          id,
          periodsOf(states.get(id)!.terms.financialYear),
        ),
      });
      if (adjustments.status === 'post') {
        priorYear.costs.push(...adjustments.costs);
        priorYear.savings.push(...adjustments.savings);
      }
    }
    const [event] = decide(
      {
        type: 'ClosePeriod',
        data: {
          agreementId,
          period,
          accruedCosts: own.accruedCosts,
          recognisedSavings: own.recognisedSavings,
          restatedPeriods: agreementPeriodFigures(figures, agreementId, state.closedPeriods),
          priorYearAdjustments: priorYear,
        },
      },
      agreementId,
      today,
    );
    record(event, `${today}T09:00:00Z`);
  };

  for (const period of periodsOf('2017/18')) close(CHAIN_A, period, '2018-04-10', [CHAIN_A]);
  const [createdB] = decide(create(CHAIN_B, '2018/19', CHAIN_A), CHAIN_B, '2018-04-12', CHAIN_A);
  if (createdB.type !== 'AgreementCreated') throw new Error('unreachable');
  // The link on A and B's creation, in one append: the link first.
  for (const link of decideSuccessorLink(states.get(CHAIN_A)!, createdB.data)) {
    record(link, '2018-04-12T09:00:00Z');
  }
  record(createdB, '2018-04-12T09:00:00Z');
  log.case(dischargeEvent, '2018-04-20T09:00:00Z');
  known = [...caseEvents, dischargeEvent];
  const carried = decideCarryForward(
    { type: 'CarryForward', data: { agreementId: CHAIN_A } },
    states.get(CHAIN_A)!,
    states.get(CHAIN_B)!,
  );
  for (const event of carried.predecessor) record(event, '2018-04-25T09:00:00Z');
  for (const event of carried.successor) record(event, '2018-04-25T09:00:00Z');
  close(CHAIN_B, '2018-04', '2018-05-02', [CHAIN_A, CHAIN_B]);
  return log;
}
