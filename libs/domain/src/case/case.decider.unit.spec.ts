import { caseDecider } from './case.decider';
import type { CaseState, RegisteredCase } from './case.state';
import {
  CASE_ID,
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
  startPlacement,
  untyped,
} from './testing/case-fixtures';
import { deciderSpec } from './testing/decider-spec';

/**
 * The case decider's rules, one command at a time: given the case's past events, when a
 * command arrives, then these events, or this stable error code and nothing written.
 */
const { given, stateAfter } = deciderSpec(caseDecider);

/** 9434765919 is a valid NHS number: weights 10..2 give 299, 299 mod 11 = 2, 11 − 2 = 9. */
const NHS_NUMBER = '9434765919';

const registered = [referralRegistered()];
/** An out-of-area placement at £850.00 from 2025-04-10, still open. */
const inOap = [...registered, placementStarted()];

function asRegistered(state: CaseState): RegisteredCase {
  if (state.status === 'unregistered') throw new Error('expected a registered case');
  return state;
}

const fieldsOf = (error: { fieldErrors: { field: string }[] }) =>
  error.fieldErrors.map((failure) => failure.field);

describe('RegisterReferral', () => {
  it('registers a referral under one of the agreement’s service lines', () => {
    given([]).when(registerReferral(), context).then([referralRegistered()]);
  });

  it('refuses a second referral for the same case id (conflict)', () => {
    const error = given(registered)
      .when(registerReferral(), context)
      .thenThrows('CASE.ALREADY_EXISTS');
    expect(error.kind).toBe('conflict');
  });

  it('refuses a referral to an agreement that does not exist', () => {
    const error = given([])
      .when(registerReferral(), { ...context, agreement: null })
      .thenThrows('AGREEMENT.NOT_FOUND');
    expect(error.kind).toBe('rejected');
  });

  it('lists every failing field at once', () => {
    const error = given([])
      .when(
        registerReferral({
          caseId: ' ',
          patientRef: 'John Smith',
          serviceLine: 'camhs-tier4',
          referralDate: '2025-02-30',
        }),
        context,
      )
      .thenThrows('VALIDATION.FAILED');
    expect(error.kind).toBe('invalid');
    expect(fieldsOf(error)).toEqual(['caseId', 'patientRef', 'serviceLine', 'referralDate']);
  });

  it.each([NHS_NUMBER, '943 476 5919', `PT-${NHS_NUMBER}`])(
    'refuses a patientRef holding a valid NHS number (%s), with its own field code',
    (patientRef) => {
      const error = given([])
        .when(registerReferral({ patientRef, serviceLine: 'unknown-line' }), context)
        .thenThrows('VALIDATION.FAILED');
      expect(error.fieldErrors).toEqual([
        expect.objectContaining({ field: 'patientRef', code: 'PATIENT.NHS_NUMBER_REFUSED' }),
        expect.objectContaining({ field: 'serviceLine' }),
      ]);
    },
  );

  it('accepts ten digits that fail the modulus-11 check: only real NHS numbers are refused', () => {
    const patientRef = '9434765918';
    given([])
      .when(registerReferral({ patientRef }), context)
      .then([referralRegistered({ patientRef })]);
  });

  it('refuses a pseudonym longer than 64 characters', () => {
    const error = given([])
      .when(registerReferral({ patientRef: 'p'.repeat(65) }), context)
      .thenThrows('VALIDATION.FAILED');
    expect(fieldsOf(error)).toEqual(['patientRef']);
  });
});

describe('every command after the referral', () => {
  it.each([
    startPlacement(),
    changePlacementRate(),
    repatriatePatient(),
    endPlacement(),
    dischargePatient(),
  ])('$type on a case with no referral is CASE.NOT_FOUND', (command) => {
    given([]).when(command, context).thenThrows('CASE.NOT_FOUND');
  });

  it.each([
    startPlacement({ placementId: 'oap-2', startDate: '2025-08-01' }),
    changePlacementRate({ effectiveDate: '2025-05-01' }),
    repatriatePatient(),
    endPlacement(),
    dischargePatient({ dischargeDate: '2025-08-01' }),
  ])('$type on a discharged case is CASE.DISCHARGED', (command) => {
    const history = [...inOap, discharged('2025-07-01', 'oap-1')];
    const error = given(history).when(command, context).thenThrows('CASE.DISCHARGED');
    expect(error.kind).toBe('rejected');
  });

  it('refuses an NHS number in any field before looking anything up (bulk import)', () => {
    const error = given(inOap)
      .when(endPlacement({ placementId: 'no-such', reason: `patient ${NHS_NUMBER}` }), context)
      .thenThrows('VALIDATION.FAILED');
    expect(error.fieldErrors).toEqual([
      expect.objectContaining({ field: 'reason', code: 'PATIENT.NHS_NUMBER_REFUSED' }),
    ]);
    expect(error.message).not.toContain(NHS_NUMBER);
  });
});

describe('StartPlacement', () => {
  it('starts an out-of-area placement, storing the rate with 2 decimal places', () => {
    given(registered)
      .when(startPlacement({ dailyRate: '850' }), context)
      .then([placementStarted({ dailyRate: '850.00' })]);
  });

  it('starts a block-funded in-area placement at a 0 rate, with no OAP reason', () => {
    given(registered)
      .when(
        startPlacement({
          placementId: 'home-1',
          setting: 'in-area',
          providerCode: 'RPG',
          dailyRate: '0',
          startDate: '2025-04-10',
          distanceFromHomeKm: '8.0',
          oapReasonCode: undefined,
        }),
        context,
      )
      .then([inAreaStarted('home-1', '2025-04-10', '0.00')]);
  });

  it('lists every failing field at once', () => {
    const error = given(registered)
      .when(
        startPlacement({
          placementId: '',
          setting: untyped('elsewhere'),
          bedType: 'Medium Secure',
          providerCode: 'rv5',
          dailyRate: untyped(850),
          startDate: '2025-03-31',
          distanceFromHomeKm: '12.25',
        }),
        context,
      )
      .thenThrows('VALIDATION.FAILED');
    expect(error.kind).toBe('invalid');
    expect(fieldsOf(error)).toEqual([
      'setting',
      'placementId',
      'bedType',
      'providerCode',
      'dailyRate',
      'distanceFromHomeKm',
      'startDate',
    ]);
    expect(error.fieldErrors[4].message).toMatch(/not a JSON number/);
  });

  it.each([
    ['850.005', /at most 2 decimal places/],
    ['-1.00', /must not be negative/],
  ])('refuses the daily rate %s', (dailyRate, message) => {
    const error = given(registered)
      .when(startPlacement({ dailyRate }), context)
      .thenThrows('VALIDATION.FAILED');
    expect(error.fieldErrors).toEqual([
      { field: 'dailyRate', message: expect.stringMatching(message) },
    ]);
  });

  it('requires an OAP reason for out-of-area and refuses one for in-area', () => {
    const outOfArea = given(registered)
      .when(startPlacement({ oapReasonCode: null }), context)
      .thenThrows('VALIDATION.FAILED');
    expect(fieldsOf(outOfArea)).toEqual(['oapReasonCode']);
    const inArea = given(registered)
      .when(startPlacement({ setting: 'in-area', oapReasonCode: '10' }), context)
      .thenThrows('VALIDATION.FAILED');
    expect(fieldsOf(inArea)).toEqual(['oapReasonCode']);
  });

  it('refuses a placement id the case already used (conflict)', () => {
    const history = [...inOap, placementEnded('oap-1', '2025-05-01')];
    const error = given(history)
      .when(startPlacement({ startDate: '2025-05-01' }), context)
      .thenThrows('PLACEMENT.ALREADY_EXISTS');
    expect(error.kind).toBe('conflict');
  });

  it('refuses a second open placement (conflict)', () => {
    const error = given(inOap)
      .when(startPlacement({ placementId: 'oap-2', startDate: '2025-05-01' }), context)
      .thenThrows('PLACEMENT.ALREADY_OPEN');
    expect(error.kind).toBe('conflict');
  });

  it('refuses a start before an earlier placement ended, naming startDate', () => {
    const history = [...inOap, placementEnded('oap-1', '2025-05-01')];
    const error = given(history)
      .when(startPlacement({ placementId: 'oap-2', startDate: '2025-04-30' }), context)
      .thenThrows('PLACEMENT.OVERLAPS');
    expect(error.kind).toBe('invalid');
    expect(fieldsOf(error)).toEqual(['startDate']);
  });

  it('accepts a start on the day the previous placement ended (that night is the new bed’s)', () => {
    const history = [...inOap, placementEnded('oap-1', '2025-05-01')];
    given(history)
      .when(startPlacement({ placementId: 'oap-2', startDate: '2025-05-01' }), context)
      .then([placementStarted({ placementId: 'oap-2', startDate: '2025-05-01' })]);
  });
});

describe('ChangePlacementRate', () => {
  it('records the new rate and the rate it replaces', () => {
    given(inOap)
      .when(changePlacementRate({ dailyRate: '900', effectiveDate: '2025-05-01' }), context)
      .then([rateChanged('oap-1', '2025-05-01', '900.00', '850.00')]);
  });

  it('accepts a back-dated change before a later one; previousDailyRate is the rate then in force', () => {
    // £850 from 04-10, £900 from 05-01; a later-recorded change from 04-20 replaces £850 on
    // 04-20..04-30 only, so the rate it replaces is £850, and May stays at £900.
    const history = [...inOap, rateChanged('oap-1', '2025-05-01', '900.00', '850.00')];
    const state = given(history)
      .when(changePlacementRate({ dailyRate: '870.00', effectiveDate: '2025-04-20' }), context)
      .then([rateChanged('oap-1', '2025-04-20', '870.00', '850.00')]);
    expect(asRegistered(state).placements[0].rates).toEqual([
      { effectiveDate: '2025-04-10', dailyRate: '850.00' },
      { effectiveDate: '2025-04-20', dailyRate: '870.00' },
      { effectiveDate: '2025-05-01', dailyRate: '900.00' },
    ]);
  });

  it('refuses a placement the case does not have', () => {
    given(inOap)
      .when(changePlacementRate({ placementId: 'oap-9' }), context)
      .thenThrows('PLACEMENT.NOT_FOUND');
  });

  it.each([
    ['before the start', '2025-04-09'],
    ['on the end date', '2025-06-01'],
  ])('refuses a change dated %s', (_, effectiveDate) => {
    const history = [...inOap, placementEnded('oap-1', '2025-06-01')];
    const error = given(history)
      .when(changePlacementRate({ effectiveDate }), context)
      .thenThrows('PLACEMENT.RATE_CHANGE_OUTSIDE_PLACEMENT');
    expect(error.kind).toBe('rejected');
  });

  it('accepts a change to an ended placement effective before its end (a late invoice)', () => {
    const history = [...inOap, placementEnded('oap-1', '2025-06-01')];
    given(history)
      .when(changePlacementRate({ effectiveDate: '2025-05-31' }), context)
      .then([rateChanged('oap-1', '2025-05-31', '900.00', '850.00')]);
  });

  it('refuses a JSON-number rate and an impossible date together', () => {
    const error = given(inOap)
      .when(changePlacementRate({ dailyRate: untyped(900), effectiveDate: '2025-13-01' }), context)
      .thenThrows('VALIDATION.FAILED');
    expect(fieldsOf(error)).toEqual(['dailyRate', 'effectiveDate']);
  });
});

describe('RepatriatePatient', () => {
  // OAP at £850.00 from 2025-04-10, £900.00 from 2025-05-01; repatriated 2025-05-16.
  const withUplift = [...inOap, rateChanged('oap-1', '2025-05-01', '900.00', '850.00')];

  it('records R_o, the out-of-area rate on the last charged night (D − 1 = 05-15: £900.00)', () => {
    given(withUplift)
      .when(
        repatriatePatient({
          inAreaPlacement: { ...repatriatePatient().data.inAreaPlacement, dailyRate: '450' },
        }),
        context,
      )
      .then([
        repatriated('oap-1', '2025-05-16', '900.00', {
          placementId: 'home-1',
          dailyRate: '450.00',
        }),
      ]);
  });

  it('ends the out-of-area placement and starts the in-area one on the same date', () => {
    const state = asRegistered(
      stateAfter([
        ...withUplift,
        repatriated('oap-1', '2025-05-16', '900.00', {
          placementId: 'home-1',
          dailyRate: '450.00',
        }),
      ]),
    );
    expect(state.placements.map((p) => [p.placementId, p.setting, p.startDate, p.endDate])).toEqual(
      [
        ['oap-1', 'out-of-area', '2025-04-10', '2025-05-16'],
        ['home-1', 'in-area', '2025-05-16', null],
      ],
    );
  });

  it('uses the rate of D − 1 even when a change takes effect on D itself', () => {
    // A change effective 05-16 would apply from the repatriation night, which is not charged.
    const history = [...inOap, rateChanged('oap-1', '2025-05-16', '990.00', '850.00')];
    given(history)
      .when(repatriatePatient(), context)
      .then([
        repatriated('oap-1', '2025-05-16', '850.00', {
          placementId: 'home-1',
          dailyRate: '450.00',
        }),
      ]);
  });

  it('uses the start rate when the repatriation is on the placement’s start date', () => {
    given(inOap)
      .when(repatriatePatient({ repatriationDate: '2025-04-10' }), context)
      .then([
        repatriated('oap-1', '2025-04-10', '850.00', {
          placementId: 'home-1',
          dailyRate: '450.00',
        }),
      ]);
  });

  it('refuses a repatriation from an in-area placement', () => {
    const history = [...registered, inAreaStarted('home-0', '2025-04-10', '450.00')];
    const error = given(history)
      .when(repatriatePatient({ outOfAreaPlacementId: 'home-0' }), context)
      .thenThrows('PLACEMENT.NOT_OUT_OF_AREA');
    expect(error.kind).toBe('rejected');
  });

  it('refuses a placement that is unknown or already ended', () => {
    given(inOap)
      .when(repatriatePatient({ outOfAreaPlacementId: 'oap-9' }), context)
      .thenThrows('PLACEMENT.NOT_FOUND');
    given([...inOap, placementEnded('oap-1', '2025-05-01')])
      .when(repatriatePatient(), context)
      .thenThrows('PLACEMENT.NOT_OPEN');
  });

  it('lists a date before the OAP start together with the in-area placement’s failing fields', () => {
    const error = given(inOap)
      .when(
        repatriatePatient({
          repatriationDate: '2025-04-09',
          inAreaPlacement: {
            placementId: 'home-1',
            bedType: 'medium-secure',
            providerCode: 'R',
            dailyRate: '450.001',
            distanceFromHomeKm: '-3',
          },
        }),
        context,
      )
      .thenThrows('VALIDATION.FAILED');
    expect(error.kind).toBe('invalid');
    expect(fieldsOf(error)).toEqual([
      'repatriationDate',
      'inAreaPlacement.providerCode',
      'inAreaPlacement.dailyRate',
      'inAreaPlacement.distanceFromHomeKm',
    ]);
  });

  it('refuses an in-area placement id the case already used', () => {
    given(inOap)
      .when(
        repatriatePatient({
          inAreaPlacement: { ...repatriatePatient().data.inAreaPlacement, placementId: 'oap-1' },
        }),
        context,
      )
      .thenThrows('PLACEMENT.ALREADY_EXISTS');
  });
});

describe('EndPlacement', () => {
  it('ends the open placement', () => {
    given(inOap)
      .when(endPlacement({ endDate: '2025-06-01' }), context)
      .then([placementEnded('oap-1', '2025-06-01')]);
  });

  it('accepts an end on the start date: 0 bed days', () => {
    given(inOap)
      .when(endPlacement({ endDate: '2025-04-10' }), context)
      .then([placementEnded('oap-1', '2025-04-10')]);
  });

  it('refuses an end before the start (a field error on endDate) and an empty reason', () => {
    const error = given(inOap)
      .when(endPlacement({ endDate: '2025-04-09', reason: '' }), context)
      .thenThrows('VALIDATION.FAILED');
    expect(error.kind).toBe('invalid');
    expect(fieldsOf(error)).toEqual(['endDate', 'reason']);
  });

  it('refuses a placement that already ended', () => {
    given([...inOap, placementEnded('oap-1', '2025-06-01')])
      .when(endPlacement({ endDate: '2025-06-02' }), context)
      .thenThrows('PLACEMENT.NOT_OPEN');
  });

  it('accepts a back-dated end before a recorded rate change; that change then covers no night', () => {
    const history = [...inOap, rateChanged('oap-1', '2025-06-01', '900.00', '850.00')];
    given(history)
      .when(endPlacement({ endDate: '2025-05-20' }), context)
      .then([placementEnded('oap-1', '2025-05-20')]);
  });
});

describe('DischargePatient', () => {
  it('ends the open placement on the discharge date', () => {
    const state = given(inOap)
      .when(dischargePatient({ dischargeDate: '2025-07-01' }), context)
      .then([discharged('2025-07-01', 'oap-1')]);
    expect(asRegistered(state).status).toBe('discharged');
    expect(asRegistered(state).placements[0].endDate).toBe('2025-07-01');
  });

  it('discharges a case with no open placement', () => {
    given(registered)
      .when(dischargePatient(), context)
      .then([discharged('2025-07-01', null)]);
  });

  it.each([
    ['before the referral', registered, '2025-03-31'],
    ['before the open placement started', inOap, '2025-04-09'],
    [
      'before an earlier placement ended',
      [...inOap, placementEnded('oap-1', '2025-05-01')],
      '2025-04-30',
    ],
  ])('refuses a discharge %s', (_, history, dischargeDate) => {
    const error = given(history)
      .when(dischargePatient({ dischargeDate }), context)
      .thenThrows('VALIDATION.FAILED');
    expect(fieldsOf(error)).toEqual(['dischargeDate']);
  });

  it('is final: nothing more can be recorded', () => {
    const history = [...registered, discharged('2025-07-01', null)];
    given(history)
      .when(startPlacement({ startDate: '2025-08-01' }), context)
      .thenThrows('CASE.DISCHARGED');
  });
});

describe('wiring faults', () => {
  it('throws a plain error, not a business rejection, when a command meets another case’s state', () => {
    const command = endPlacement({ caseId: 'case-9999' });
    expect(() => caseDecider.decide(command, stateAfter(inOap), context)).toThrow(
      /decided against case case-0001/,
    );
  });
});

describe('evolve', () => {
  it('refuses to fold a case event that comes before the referral (a corrupt stream)', () => {
    expect(() => stateAfter([placementStarted()])).toThrow(/before its referral/);
  });

  it('starts from an unregistered case', () => {
    expect(caseDecider.initialState()).toEqual({ status: 'unregistered' });
    expect(asRegistered(stateAfter(registered)).caseId).toBe(CASE_ID);
  });
});
