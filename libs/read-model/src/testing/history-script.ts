import type { AgreementCommand, CaseCommand } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';

/**
 * The script of a realistic ledger history, as commands in the order a finance team would send
 * them, independent of what carries them out: `writeSimulatedHistory` (this lib's testing, the
 * domain's deciders only) and `writeCommandHistory` (libs/commands' testing, LedgerCommands on
 * a store, as the API does) play the same script. Per agreement: creation and two allocations;
 * then each month a period close of the month before, referrals placed out of area, rate
 * changes (one of them back-dated into a closed period, so the next close posts prior-period
 * adjustments), repatriations (so closes post savings), a virement and budget adjustments.
 */

export const commissioner: Actor = {
  subject: 'alice',
  role: 'commissioner-finance',
  organisationCode: '13R',
};
export const leadFinance: Actor = {
  subject: 'bob',
  role: 'lead-provider-finance',
  organisationCode: 'RV5',
};
export const caseManager: Actor = {
  subject: 'carol',
  role: 'case-manager',
  organisationCode: 'RPG',
};

export interface CommandHistoryOptions {
  /** Agreements, each written by its own writer, concurrently (default 2). */
  agreements?: number;
  /** Months of the 2025/26 financial year to play, from April (1-12, default 12). */
  months?: number;
  /** Cases referred and placed out of area per agreement each month (default 2). */
  casesPerMonth?: number;
  /** Budget adjustments per agreement each month, to make the log longer (default 5). */
  adjustmentsPerMonth?: number;
  /** Prefix of agreement and case ids, so several histories can share a log (default `rm`). */
  prefix?: string;
}

/**
 * Carries out one agreement's commands. Every command must be accepted: a refusal throws, so a
 * broken script cannot pass as a short history.
 */
export interface HistoryWriter {
  /** The business date (and server time) of the commands that follow. */
  setNow(now: Date): void;
  run(command: AgreementCommand | CaseCommand, actor: Actor): Promise<unknown>;
  closePeriod(agreementId: string, period: string, actor: Actor): Promise<unknown>;
}

/** The agreement ids the script writes, in order. */
export function historyAgreementIds(options: CommandHistoryOptions = {}): string[] {
  return Array.from(
    { length: options.agreements ?? 2 },
    (_, index) => `${options.prefix ?? 'rm'}-${index + 1}`,
  );
}

/** Plays one agreement's part of the script through `writer`. */
export async function playAgreement(
  writer: HistoryWriter,
  agreementId: string,
  options: CommandHistoryOptions,
): Promise<void> {
  const months = options.months ?? 12;
  const casesPerMonth = options.casesPerMonth ?? 2;
  const adjustments = options.adjustmentsPerMonth ?? 5;
  writer.setNow(new Date('2025-04-01T09:00:00.000Z'));
  const run = (command: AgreementCommand | CaseCommand, actor: Actor) => writer.run(command, actor);
  await run(
    {
      type: 'CreateAgreement',
      data: {
        agreementId,
        commissionerCode: '13R',
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG', 'RQY'],
        financialYear: '2025/26',
        serviceLines: ['adult-medium-secure', 'adult-low-secure'],
      },
    },
    commissioner,
  );
  for (const [line, amount] of [
    ['adult-medium-secure', '1200000.00'],
    ['adult-low-secure', '600000.00'],
  ] as const) {
    await run(
      {
        type: 'AllocateBudget',
        data: {
          agreementId,
          allocationId: `${agreementId}-alloc-${line}`,
          serviceLine: line,
          amount,
          effectiveDate: '2025-04-01',
          phasing: { kind: 'even' },
        },
      },
      commissioner,
    );
  }

  const caseId = (month: number, k: number) => `${agreementId}-case-${month}-${k}`;
  for (let month = 0; month < months; month += 1) {
    const period = periodOf(month);
    const today = `${period}-02`;
    writer.setNow(new Date(`${today}T10:00:00.000Z`));
    if (month > 0) {
      await writer.closePeriod(agreementId, periodOf(month - 1), leadFinance);
    }
    for (let k = 0; k < casesPerMonth; k += 1) {
      await run(
        {
          type: 'RegisterReferral',
          data: {
            caseId: caseId(month, k),
            agreementId,
            serviceLine: 'adult-medium-secure',
            patientRef: `PSN-${month}-${k}`,
            referralDate: today,
          },
        },
        caseManager,
      );
      await run(
        {
          type: 'StartPlacement',
          data: {
            caseId: caseId(month, k),
            placementId: `${caseId(month, k)}-oap`,
            setting: 'out-of-area',
            bedType: 'medium-secure',
            providerCode: 'NVC01',
            dailyRate: `${600 + 10 * k + month}.50`,
            startDate: today,
            distanceFromHomeKm: `${120 + k}.0`,
            oapReasonCode: '10',
          },
        },
        caseManager,
      );
      if (month >= 1) {
        // Back-dated into last month, which was closed above: a prior-period adjustment.
        await run(
          {
            type: 'ChangePlacementRate',
            data: {
              caseId: caseId(month - 1, k),
              placementId: `${caseId(month - 1, k)}-oap`,
              dailyRate: `${640 + 10 * k + month}.00`,
              effectiveDate: `${periodOf(month - 1)}-10`,
            },
          },
          caseManager,
        );
      }
      if (month >= 2) {
        await run(
          {
            type: 'RepatriatePatient',
            data: {
              caseId: caseId(month - 2, k),
              outOfAreaPlacementId: `${caseId(month - 2, k)}-oap`,
              repatriationDate: today,
              inAreaPlacement: {
                placementId: `${caseId(month - 2, k)}-home`,
                bedType: 'medium-secure',
                providerCode: 'RV5',
                dailyRate: '450.00',
                distanceFromHomeKm: '8.0',
              },
            },
          },
          caseManager,
        );
      }
    }
    await run(
      {
        type: 'VireBudget',
        data: {
          agreementId,
          virementId: `${agreementId}-vire-${month}`,
          fromServiceLine: 'adult-low-secure',
          toServiceLine: 'adult-medium-secure',
          amount: '1000.00',
          effectiveDate: today,
          reason: 'Rebalance',
        },
      },
      leadFinance,
    );
    for (let n = 0; n < adjustments; n += 1) {
      await run(
        {
          type: 'AdjustBudget',
          data: {
            agreementId,
            adjustmentId: `${agreementId}-adj-${month}-${n}`,
            serviceLine: n % 2 === 0 ? 'adult-medium-secure' : 'adult-low-secure',
            amount: n % 3 === 0 ? '-50.25' : `${100 + n}.75`,
            effectiveDate: today,
            reason: 'In-year change',
          },
        },
        commissioner,
      );
    }
  }
}

/** April 2025 plus `month` months, as a period id. */
function periodOf(month: number): string {
  const year = 2025 + Math.floor((3 + month) / 12);
  return `${year}-${String(((3 + month) % 12) + 1).padStart(2, '0')}`;
}
