import type { LedgerCommand } from '@ledger/commands';
import {
  addDays,
  financialYearStart,
  type CalendarDate,
  type CaseCommand,
  type FinancialYear,
} from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { penceToPounds, Rng } from '../support/prng';
import {
  CAMHS_BUDGET_POUNDS,
  ADJUSTMENT_REASONS,
  DISCHARGE_REASONS,
  END_PLACEMENT_REASONS,
  OAP_REASON_CODES,
  OUT_OF_AREA_DISTANCE_KM,
  SERVICE_LINES,
  SOUTH_LONDON_PARTNERSHIP,
  type ServiceLine,
} from './reference-data';

/** A command as someone would send it, with the business date it is about (for ordering). */
export interface PlannedCommand {
  command: LedgerCommand;
  actor: Actor;
  date: CalendarDate;
}

export interface AgreementPlan {
  agreementId: string;
  financialYear: FinancialYear;
  serviceLines: ServiceLine[];
  commissionerCode: string;
  leadProviderCode: string;
  partnerProviderCodes: string[];
  /** CreateAgreement, the allocations and the in-year movements, in order. */
  setup: PlannedCommand[];
}

export interface SyntheticLedgerOptions {
  seed: number;
  /** Put in front of every agreement id, so several histories can share one log. */
  prefix?: string;
  /** How many collaboratives besides the South London Partnership. */
  otherCollaboratives?: number;
  financialYears?: FinancialYear[];
}

interface Collaborative {
  slug: string;
  commissionerCode: string;
  leadProviderCode: string;
  partnerProviderCodes: string[];
  adultSecureBudgetPounds: number;
}

/** Someone running a bulk migration for every collaborative: only an admin is in scope for all. */
export const IMPORT_OPERATOR: Actor = {
  subject: 'bench-import',
  role: 'admin',
  organisationCode: null,
};

/**
 * Seeded synthetic ledger histories: delegation agreements for provider collaboratives (adult
 * medium and low secure, CAMHS tier 4), their allocations and in-year movements, and case
 * journeys: referral, out-of-area placement at a realistic daily rate, rate changes,
 * repatriation to an in-area bed, placement ends and discharges. Every command it makes is
 * valid, so a benchmark that sees a refusal has found a bug, not noise.
 */
export class SyntheticLedger {
  readonly agreements: AgreementPlan[];
  private readonly rng: Rng;
  private readonly independentProviders: string[];

  constructor(options: SyntheticLedgerOptions) {
    this.rng = new Rng(options.seed);
    const prefix = options.prefix ?? '';
    const years = options.financialYears ?? ['2025/26'];
    const collaboratives = [
      SOUTH_LONDON_PARTNERSHIP,
      ...Array.from({ length: options.otherCollaboratives ?? 7 }, (_, index) =>
        this.collaborative(index + 1),
      ),
    ];
    this.independentProviders = Array.from({ length: 40 }, () => `N${this.rng.token(4)}`);
    this.agreements = years.flatMap((year) =>
      collaboratives.flatMap((collaborative) => [
        this.adultSecureAgreement(prefix, collaborative, year),
        this.camhsAgreement(prefix, collaborative, year),
      ]),
    );
  }

  /** Every agreement's setup, agreement by agreement. */
  setupCommands(): PlannedCommand[] {
    return this.agreements.flatMap((agreement) => agreement.setup);
  }

  /** `count` case journeys with ids `<casePrefix>-<n>`, each under a random agreement. */
  journeys(count: number, casePrefix: string, agreements = this.agreements): PlannedCommand[][] {
    return Array.from({ length: count }, (_, index) =>
      this.caseJourney(
        `${casePrefix}-${String(index).padStart(6, '0')}`,
        this.rng.pick(agreements),
      ),
    );
  }

  /** Case commands for one writer: whole journeys (the last one cut short) until `count`. */
  caseCommands(count: number, casePrefix: string, agreements = this.agreements): PlannedCommand[] {
    const commands: PlannedCommand[] = [];
    for (let index = 0; commands.length < count; index += 1) {
      const caseId = `${casePrefix}-${String(index).padStart(6, '0')}`;
      commands.push(...this.caseJourney(caseId, this.rng.pick(agreements)));
    }
    return commands.slice(0, count);
  }

  /**
   * `count` budget adjustments on one agreement (the commissioner's in-year corrections,
   * £1,000 to £50,000 either way, on any line, dated anywhere in the year), with unique ids.
   */
  adjustments(agreement: AgreementPlan, count: number, idPrefix: string): PlannedCommand[] {
    const start = financialYearStart(agreement.financialYear);
    return Array.from({ length: count }, (_, index) => {
      const date = addDays(start, this.rng.int(0, 364));
      const pence = this.rng.int(100_000, 5_000_000) * (this.rng.chance(0.5) ? 1 : -1);
      return {
        command: {
          type: 'AdjustBudget',
          data: {
            agreementId: agreement.agreementId,
            adjustmentId: `${idPrefix}-${index}`,
            serviceLine: this.rng.pick(agreement.serviceLines),
            amount: penceToPounds(pence),
            effectiveDate: date,
            reason: this.rng.pick(ADJUSTMENT_REASONS),
          },
        },
        actor: commissionerOf(agreement.commissionerCode),
        date,
      };
    });
  }

  /**
   * The agreements' setup and the journeys merged into one file in business-date order (as an
   * export from another system would be), cut to `lines` lines. Each journey's own commands
   * keep their order, so every prefix of the file is a valid history.
   */
  importLines(lines: number, casePrefix: string): PlannedCommand[] {
    const setup = this.setupCommands();
    const journeys: PlannedCommand[][] = [];
    let total = setup.length;
    while (total < lines) {
      const caseId = `${casePrefix}-${String(journeys.length).padStart(6, '0')}`;
      const journey = this.caseJourney(caseId, this.rng.pick(this.agreements));
      journeys.push(journey);
      total += journey.length;
    }
    const ordered = [...setup, ...journeys.flat()]
      .map((planned, index) => ({ planned, index }))
      .sort((a, b) =>
        a.planned.date < b.planned.date
          ? -1
          : a.planned.date > b.planned.date
            ? 1
            : a.index - b.index,
      )
      .map(({ planned }) => planned);
    return ordered.slice(0, lines);
  }

  /** One patient's journey through the pathway under an agreement. */
  caseJourney(caseId: string, agreement: AgreementPlan): PlannedCommand[] {
    const rng = this.rng;
    const actor = caseManagerOf(
      rng.pick([agreement.leadProviderCode, ...agreement.partnerProviderCodes]),
    );
    const serviceLine = rng.pick(agreement.serviceLines);
    const profile = SERVICE_LINES[serviceLine];
    const journey: PlannedCommand[] = [];
    const add = (command: CaseCommand, date: CalendarDate): void => {
      journey.push({ command, actor, date });
    };
    const referralDate = addDays(financialYearStart(agreement.financialYear), rng.int(0, 300));
    add(
      {
        type: 'RegisterReferral',
        data: {
          caseId,
          agreementId: agreement.agreementId,
          serviceLine,
          patientRef: `PSN-${rng.token(8)}`,
          referralDate,
        },
      },
      referralDate,
    );
    const startDate = addDays(referralDate, rng.int(0, 14));
    const inAreaProvider = rng.pick([
      agreement.leadProviderCode,
      ...agreement.partnerProviderCodes,
    ]);
    if (rng.chance(0.18)) {
      // Treated in area from the start: no out-of-area cost, no saving.
      add(
        {
          type: 'StartPlacement',
          data: {
            caseId,
            placementId: 'plc-1',
            setting: 'in-area',
            bedType: profile.bedType,
            providerCode: inAreaProvider,
            dailyRate: rng.pounds(...profile.inAreaRate),
            startDate,
            distanceFromHomeKm: this.inAreaDistance(),
          },
        },
        startDate,
      );
      if (rng.chance(0.5)) this.discharge(add, caseId, addDays(startDate, rng.int(20, 240)));
      return journey;
    }
    const ratePence = rng.int(profile.outOfAreaRate[0] * 100, profile.outOfAreaRate[1] * 100);
    add(
      {
        type: 'StartPlacement',
        data: {
          caseId,
          placementId: 'plc-1',
          setting: 'out-of-area',
          bedType: profile.bedType,
          providerCode: rng.pick(this.independentProviders),
          dailyRate: penceToPounds(ratePence),
          startDate,
          distanceFromHomeKm: this.outOfAreaDistance(),
          oapReasonCode: rng.weighted(OAP_REASON_CODES),
        },
      },
      startDate,
    );
    const [minNights, maxNights] = rng.weighted(profile.outOfAreaNights);
    const nights = rng.int(minNights, maxNights);
    const leaveDate = addDays(startDate, nights);
    if (nights >= 2 && rng.chance(0.35)) {
      // An annual uplift or a renegotiated price: 2% to 6% up, in whole pence.
      const effectiveDate = addDays(startDate, rng.int(1, nights - 1));
      const uplifted = Math.round((ratePence * (100 + rng.int(2, 6))) / 100);
      add(
        {
          type: 'ChangePlacementRate',
          data: { caseId, placementId: 'plc-1', dailyRate: penceToPounds(uplifted), effectiveDate },
        },
        effectiveDate,
      );
    }
    const outcome = rng.weighted([
      ['repatriated', 60],
      ['ended', 25],
      ['still-placed', 15],
    ] as const);
    if (outcome === 'repatriated') {
      add(
        {
          type: 'RepatriatePatient',
          data: {
            caseId,
            outOfAreaPlacementId: 'plc-1',
            repatriationDate: leaveDate,
            inAreaPlacement: {
              placementId: 'plc-2',
              bedType: profile.bedType,
              providerCode: inAreaProvider,
              dailyRate: rng.pounds(...profile.inAreaRate),
              distanceFromHomeKm: this.inAreaDistance(),
            },
          },
        },
        leaveDate,
      );
      if (rng.chance(0.55)) this.discharge(add, caseId, addDays(leaveDate, rng.int(14, 200)));
    } else if (outcome === 'ended') {
      add(
        {
          type: 'EndPlacement',
          data: {
            caseId,
            placementId: 'plc-1',
            endDate: leaveDate,
            reason: rng.pick(END_PLACEMENT_REASONS),
          },
        },
        leaveDate,
      );
      if (rng.chance(0.8)) this.discharge(add, caseId, addDays(leaveDate, rng.int(0, 30)));
    }
    return journey;
  }

  private discharge(
    add: (command: CaseCommand, date: CalendarDate) => void,
    caseId: string,
    dischargeDate: CalendarDate,
  ): void {
    add(
      {
        type: 'DischargePatient',
        data: { caseId, dischargeDate, reason: this.rng.pick(DISCHARGE_REASONS) },
      },
      dischargeDate,
    );
  }

  private outOfAreaDistance(): string {
    const [min, max] = this.rng.weighted(OUT_OF_AREA_DISTANCE_KM);
    return `${this.rng.int(min, max)}.${this.rng.int(0, 9)}`;
  }

  private inAreaDistance(): string {
    return `${this.rng.int(2, 24)}.${this.rng.int(0, 9)}`;
  }

  private collaborative(index: number): Collaborative {
    const rng = this.rng;
    const trust = (): string => `R${rng.token(2)}`;
    return {
      slug: `pc${String(index).padStart(2, '0')}`,
      commissionerCode: `1${rng.int(3, 4)}${rng.token(1, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}`,
      leadProviderCode: trust(),
      partnerProviderCodes: Array.from({ length: rng.int(1, 4) }, trust),
      adultSecureBudgetPounds: rng.int(40, 90) * 1_000_000,
    };
  }

  private adultSecureAgreement(
    prefix: string,
    collaborative: Collaborative,
    year: FinancialYear,
  ): AgreementPlan {
    const plan = this.agreementPlan(prefix, collaborative, year, 'adult-secure', [
      'adult-medium-secure',
      'adult-low-secure',
    ]);
    const totalPence = collaborative.adultSecureBudgetPounds * 100;
    const mediumPence = Math.round(totalPence * 0.6);
    this.allocate(plan, 'adult-medium-secure', mediumPence);
    this.allocate(plan, 'adult-low-secure', totalPence - mediumPence);
    const [startYear, endYear] = [year.slice(0, 4), `20${year.slice(5)}`];
    if (this.rng.chance(0.5)) {
      const date = `${startYear}-11-01`;
      plan.setup.push({
        command: {
          type: 'VireBudget',
          data: {
            agreementId: plan.agreementId,
            virementId: 'vir-1',
            fromServiceLine: 'adult-medium-secure',
            toServiceLine: 'adult-low-secure',
            amount: this.rng.pounds(100_000, 500_000),
            effectiveDate: date,
            reason: 'Low secure demand above plan',
          },
        },
        actor: leadFinanceOf(plan.leadProviderCode),
        date,
      });
    }
    if (this.rng.chance(0.5)) {
      const date = `${endYear}-01-01`;
      plan.setup.push({
        command: {
          type: 'AdjustBudget',
          data: {
            agreementId: plan.agreementId,
            adjustmentId: 'adj-1',
            serviceLine: 'adult-medium-secure',
            amount: '-250000.00',
            effectiveDate: date,
            reason: 'In-year efficiency requirement',
          },
        },
        actor: commissionerOf(plan.commissionerCode),
        date,
      });
    }
    return plan;
  }

  private camhsAgreement(
    prefix: string,
    collaborative: Collaborative,
    year: FinancialYear,
  ): AgreementPlan {
    const plan = this.agreementPlan(prefix, collaborative, year, 'camhs', ['camhs-tier4']);
    this.allocate(plan, 'camhs-tier4', this.rng.int(...CAMHS_BUDGET_POUNDS) * 100);
    return plan;
  }

  private agreementPlan(
    prefix: string,
    collaborative: Collaborative,
    year: FinancialYear,
    programme: string,
    serviceLines: ServiceLine[],
  ): AgreementPlan {
    const agreementId = `${prefix}${collaborative.slug}-${programme}-${year.replace('/', '-')}`;
    const start = financialYearStart(year);
    const plan: AgreementPlan = {
      agreementId,
      financialYear: year,
      serviceLines,
      commissionerCode: collaborative.commissionerCode,
      leadProviderCode: collaborative.leadProviderCode,
      partnerProviderCodes: collaborative.partnerProviderCodes,
      setup: [],
    };
    plan.setup.push({
      command: {
        type: 'CreateAgreement',
        data: {
          agreementId,
          commissionerCode: collaborative.commissionerCode,
          leadProviderCode: collaborative.leadProviderCode,
          partnerProviderCodes: collaborative.partnerProviderCodes,
          financialYear: year,
          serviceLines,
          savingsHorizonDays: 365,
        },
      },
      actor: commissionerOf(collaborative.commissionerCode),
      date: addDays(start, -14),
    });
    return plan;
  }

  private allocate(plan: AgreementPlan, serviceLine: ServiceLine, pence: number): void {
    const date = financialYearStart(plan.financialYear);
    plan.setup.push({
      command: {
        type: 'AllocateBudget',
        data: {
          agreementId: plan.agreementId,
          allocationId: `alloc-${serviceLine}`,
          serviceLine,
          amount: penceToPounds(pence),
          effectiveDate: date,
          phasing: { kind: 'even' },
        },
      },
      actor: commissionerOf(plan.commissionerCode),
      date,
    });
  }
}

export function commissionerOf(organisationCode: string): Actor {
  return { subject: 'commissioner-finance', role: 'commissioner-finance', organisationCode };
}

/** The lead provider's finance team: they vire between lines and close the months. */
export function leadFinanceOf(organisationCode: string): Actor {
  return { subject: 'lead-finance', role: 'lead-provider-finance', organisationCode };
}

export function caseManagerOf(organisationCode: string): Actor {
  return {
    subject: `cm-${organisationCode.toLowerCase()}`,
    role: 'case-manager',
    organisationCode,
  };
}

/** One NDJSON import line: `{"command": "...", "data": {...}}`. */
export function toImportLine(planned: PlannedCommand): string {
  return JSON.stringify({ command: planned.command.type, data: planned.command.data });
}
