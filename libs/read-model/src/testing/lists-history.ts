import type { AgreementCommand, CaseCommand } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { LedgerSimulator } from './ledger-simulator';

/**
 * A log for the lists: agreements of two commissioners and three collaboratives over three
 * financial years (one organisation is lead of some and partner of another), and cases under
 * them in every state a list tells apart: no placement yet, out of area, in area, repatriated,
 * with a rate change (one back-dated, one future-dated), placement ended, and discharged.
 * Every command goes through the real deciders; a refusal throws.
 */
export const LIST_AGREEMENTS = [
  { id: 'slp-2024-25', year: '2024/25', commissioner: '13R', lead: 'RV5', partners: ['RPG'] },
  {
    id: 'slp-2025-26',
    year: '2025/26',
    commissioner: '13R',
    lead: 'RV5',
    partners: ['RPG', 'RQY'],
  },
  { id: 'nel-2025-26', year: '2025/26', commissioner: '14A', lead: 'RAT', partners: ['RV5'] },
  { id: 'nel-2026-27', year: '2026/27', commissioner: '14A', lead: 'RAT', partners: [] },
  { id: 'kent-2025-26', year: '2025/26', commissioner: '13R', lead: 'RXY', partners: ['RPA'] },
] as const;

/** The organisations of the history, and one party to nothing. */
export const LIST_ORGANISATIONS = ['13R', '14A', 'RV5', 'RPG', 'RQY', 'RAT', 'RXY', 'RPA', 'NVC01'];

const LINES = ['adult-medium-secure', 'adult-low-secure'];

export function listsHistory(): RecordedEvent[] {
  const sim = new LedgerSimulator('2025-04-01');
  const run = (command: AgreementCommand | CaseCommand): void => {
    if (!sim.run(command)) throw new Error(`the lists history's ${command.type} was refused`);
  };
  for (const a of LIST_AGREEMENTS) {
    run({
      type: 'CreateAgreement',
      data: {
        agreementId: a.id,
        commissionerCode: a.commissioner,
        leadProviderCode: a.lead,
        partnerProviderCodes: [...a.partners],
        financialYear: a.year,
        serviceLines: LINES,
      },
    });
  }
  let caseNo = 0;
  for (const a of LIST_AGREEMENTS) {
    const start = `${a.year.slice(0, 4)}-05-01`;
    const inYear = (monthDay: string) => `${a.year.slice(0, 4)}-${monthDay}`;
    // Seven cases per agreement, numbered across agreements so ids and years interleave.
    for (let k = 0; k < 7; k += 1) {
      caseNo += 1;
      const caseId = `case-${String((caseNo * 37) % 101).padStart(3, '0')}`;
      run({
        type: 'RegisterReferral',
        data: {
          caseId,
          agreementId: a.id,
          serviceLine: LINES[k % 2],
          patientRef: `PSN-${caseNo}`,
          referralDate: start,
        },
      });
      if (k === 0) continue; // referred, not placed yet
      const outOfArea = k !== 2;
      run({
        type: 'StartPlacement',
        data: {
          caseId,
          placementId: 'p1',
          setting: outOfArea ? 'out-of-area' : 'in-area',
          bedType: 'medium-secure',
          providerCode: outOfArea ? ['NVC01', 'NQ1'][k % 2] : a.lead,
          dailyRate: `${600 + k}.50`,
          startDate: inYear('06-01'),
          distanceFromHomeKm: outOfArea ? '150.0' : '10.0',
          ...(outOfArea ? { oapReasonCode: '10' } : {}),
        },
      });
      if (k === 3) {
        run({
          type: 'RepatriatePatient',
          data: {
            caseId,
            outOfAreaPlacementId: 'p1',
            repatriationDate: inYear('09-01'),
            inAreaPlacement: {
              placementId: 'p2',
              bedType: 'medium-secure',
              providerCode: a.partners[0] ?? a.lead,
              dailyRate: '450.00',
              distanceFromHomeKm: '12.5',
            },
          },
        });
        run({
          type: 'ChangePlacementRate',
          data: { caseId, placementId: 'p2', dailyRate: '475.00', effectiveDate: inYear('12-01') },
        });
        run({
          type: 'ChangePlacementRate',
          data: { caseId, placementId: 'p2', dailyRate: '460.00', effectiveDate: inYear('10-01') },
        });
      }
      if (k === 4) {
        run({
          type: 'EndPlacement',
          data: { caseId, placementId: 'p1', endDate: inYear('08-15'), reason: 'Moved on' },
        });
      }
      if (k === 5) {
        run({
          type: 'DischargePatient',
          data: { caseId, dischargeDate: inYear('11-20'), reason: 'Home' },
        });
      }
    }
  }
  return sim.log.events;
}
