import { savingsProjection } from '../read-model';
import { foldEvents } from '../projection/projection';
import { LedgerLog } from '../testing/ledger-log';
import {
  CASE_A,
  MEDIUM_SECURE,
  POSITION,
  SLP,
  slpHistory,
  withAugustClosed,
  withBackDatedRateChange,
  withJulyClosedAndReinvestment,
} from '../testing/slp-history';
import { savingsReport } from './savings-report';

const repatriationOfA = {
  repatriationDate: '2025-07-16',
  outOfAreaPlacementId: 'oap-a1',
  inAreaPlacementId: 'home-a1',
  outOfAreaDailyRate: '702.00',
};

const zero = (period: string) => ({
  period,
  status: 'posted',
  amount: '0.00',
  pendingAdjustment: '0.00',
});

describe('savings, reinvestment and retained savings', () => {
  // Proves savings by period and by repatriated case (posted from closes, provisional live
  // from the savings rule), reinvestment by scheme and retained savings available, by hand.
  // A was repatriated on 16 July from £702.00 to £450.00: each night home saves 252.00.

  it('shows July’s savings as provisional before July closes', () => {
    const state = foldEvents(savingsProjection, slpHistory().events);
    // Nights 16–20 July: 5 × 252.00 = 1,260.00.
    expect(savingsReport(state, { agreementId: SLP, asOf: '2025-07-20' })).toEqual({
      agreementId: SLP,
      financialYear: '2025/26',
      asOf: '2025-07-20',
      knownAt: POSITION.repatriated,
      byPeriod: [
        zero('2025-04'),
        zero('2025-05'),
        zero('2025-06'),
        { period: '2025-07', status: 'provisional', amount: '1260.00', pendingAdjustment: '0.00' },
      ],
      byCase: [
        {
          caseId: CASE_A,
          serviceLine: MEDIUM_SECURE,
          repatriations: [repatriationOfA],
          periods: [
            {
              period: '2025-07',
              status: 'provisional',
              amount: '1260.00',
              pendingAdjustment: '0.00',
            },
          ],
          total: '1260.00',
        },
      ],
      recognised: {
        posted: '0.00',
        provisional: '1260.00',
        pendingPriorPeriodAdjustments: '0.00',
        priorYearAdjustments: '0.00',
        total: '1260.00',
      },
      reinvestment: { byScheme: [], total: '0.00' },
      retainedSavingsAvailable: '0.00',
      // An agreement alone in its chain, in its own year: nothing of the chain to show.
      priorYear: { adjustments: [], total: '0.00' },
      postedInSuccessor: { adjustments: [], total: '0.00' },
      chain: {
        agreements: [{ agreementId: SLP, financialYear: '2025/26' }],
        predecessorAgreementId: null,
        successorAgreementId: null,
      },
      warnings: [],
    });
  });

  it('posts July’s savings at close and counts the reinvestment against them', () => {
    const state = foldEvents(savingsProjection, withJulyClosedAndReinvestment(slpHistory()).events);
    const report = savingsReport(state, { agreementId: SLP, asOf: '2025-08-20' });
    // July posted: 16 nights × 252.00 = 4,032.00. August, nights 1–20: 20 × 252.00 = 5,040.00.
    expect(report?.byPeriod.slice(3)).toEqual([
      { period: '2025-07', status: 'posted', amount: '4032.00', pendingAdjustment: '0.00' },
      { period: '2025-08', status: 'provisional', amount: '5040.00', pendingAdjustment: '0.00' },
    ]);
    expect(report?.byCase[0]).toMatchObject({ caseId: CASE_A, total: '9072.00' });
    expect(report?.recognised).toEqual({
      posted: '4032.00',
      provisional: '5040.00',
      pendingPriorPeriodAdjustments: '0.00',
      priorYearAdjustments: '0.00',
      total: '9072.00',
    });
    // £3,000.00 committed on 5 August: 4,032.00 − 3,000.00 = 1,032.00 left to commit.
    expect(report?.reinvestment).toEqual({
      byScheme: [{ schemeId: 'female-forensic-step-down', committed: '3000.00' }],
      total: '3000.00',
    });
    expect(report?.retainedSavingsAvailable).toBe('1032.00');

    // As of 31 July the commitment (an August posting) is not yet made; known at July's close
    // it had not been recorded at all.
    expect(savingsReport(state, { agreementId: SLP, asOf: '2025-07-31' })).toMatchObject({
      reinvestment: { total: '0.00' },
      retainedSavingsAvailable: '4032.00',
    });
    expect(
      savingsReport(state, { agreementId: SLP, asOf: '2025-08-20', knownAt: POSITION.julyClosed }),
    ).toMatchObject({ reinvestment: { byScheme: [] }, retainedSavingsAvailable: '4032.00' });
  });

  it('adds August’s posted savings after its close', () => {
    const log = withAugustClosed(
      withBackDatedRateChange(withJulyClosedAndReinvestment(slpHistory())),
    );
    const report = savingsReport(foldEvents(savingsProjection, log.events), {
      agreementId: SLP,
      asOf: '2025-09-10',
    });
    // August 31 × 252.00 = 7,812.00 posted; September nights 1–10: 2,520.00 provisional.
    // B's late rate change is a cost, not a saving: nothing pending here.
    expect(report?.byPeriod.slice(3).map((p) => [p.period, p.status, p.amount])).toEqual([
      ['2025-07', 'posted', '4032.00'],
      ['2025-08', 'posted', '7812.00'],
      ['2025-09', 'provisional', '2520.00'],
    ]);
    // Retained: 4,032.00 + 7,812.00 − 3,000.00.
    expect(report).toMatchObject({
      recognised: { posted: '11844.00', provisional: '2520.00', total: '14364.00' },
      retainedSavingsAvailable: '8844.00',
    });
  });

  it('reports a negative saving (a cost pressure), never hides it', () => {
    const log = new LedgerLog();
    for (const event of slpHistory().events.slice(0, 2)) {
      log.agreement({ type: event.type, data: event.data } as never, event.recordedAt);
    }
    const caseId = 'case-0003';
    log.case(
      {
        type: 'ReferralRegistered',
        data: {
          caseId,
          agreementId: SLP,
          serviceLine: MEDIUM_SECURE,
          patientRef: 'SLP-PT-000999',
          referralDate: '2025-04-01',
        },
      },
      '2025-04-01T10:00:00Z',
    );
    log.case(
      {
        type: 'PlacementStarted',
        data: {
          caseId,
          placementId: 'oap-c1',
          setting: 'out-of-area',
          bedType: 'medium-secure',
          providerCode: 'NVC01',
          dailyRate: '400.00',
          startDate: '2025-04-01',
          distanceFromHomeKm: '64.0',
          oapReasonCode: '10',
        },
      },
      '2025-04-01T11:00:00Z',
    );
    log.case(
      {
        type: 'PatientRepatriated',
        data: {
          caseId,
          repatriationDate: '2025-04-21',
          outOfAreaPlacementId: 'oap-c1',
          outOfAreaDailyRate: '400.00',
          inAreaPlacement: {
            placementId: 'home-c1',
            bedType: 'medium-secure',
            providerCode: 'RPG',
            dailyRate: '450.00',
            distanceFromHomeKm: '5.0',
          },
        },
      },
      '2025-04-21T15:00:00Z',
    );
    const report = savingsReport(foldEvents(savingsProjection, log.events), {
      agreementId: SLP,
      asOf: '2025-04-30',
    });
    // Nights 21–30 April: 10 × (400.00 − 450.00) = −500.00.
    expect(report?.byPeriod).toEqual([
      { period: '2025-04', status: 'provisional', amount: '-500.00', pendingAdjustment: '0.00' },
    ]);
    expect(report?.byCase[0]).toMatchObject({ caseId, total: '-500.00' });
  });

  it('is null for an agreement not known', () => {
    const state = foldEvents(savingsProjection, slpHistory().events);
    expect(savingsReport(state, { agreementId: 'unknown', asOf: '2025-07-20' })).toBeNull();
  });
});
