import {
  addDays,
  agreementDecider,
  caseDecider,
  DomainError,
  nextPeriodToClose,
  periodLastDay,
  placementCostsByPeriod,
  recognisedSavingsByPeriod,
  type AgreementCommand,
  type AgreementState,
  type CalendarDate,
  type CaseAgreementTerms,
  type CaseCommand,
  type CaseState,
  type ClosePeriod,
  type PeriodId,
  type RegisteredCase,
} from '@ledger/domain';
import { LedgerLog } from './ledger-log';

/**
 * Runs commands through the real deciders, as the command layer would (a rejection writes
 * nothing), and records the events in a LedgerLog. Period closes are computed the way the
 * application computes them: each period's figures from the case histories by the domain's
 * cost and savings rules, with every closed period restated so late facts become prior-period
 * adjustments.
 */
export class LedgerSimulator {
  readonly log = new LedgerLog();
  private readonly agreements = new Map<string, AgreementState>();
  private readonly cases = new Map<string, CaseState>();
  private sequence = 0;

  constructor(private today: CalendarDate) {}

  get date(): CalendarDate {
    return this.today;
  }

  advance(days: number): void {
    this.today = addDays(this.today, days);
  }

  caseState(caseId: string): RegisteredCase | null {
    const state = this.cases.get(caseId);
    return state && state.status !== 'unregistered' ? state : null;
  }

  /** Decides and records the command; false when the deciders refuse it. */
  run(command: AgreementCommand | CaseCommand): boolean {
    try {
      if (isCaseCommand(command)) this.runCase(command);
      else this.runAgreement(command);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  /** Closes the agreement's next period with figures from its cases, after the period ends. */
  closeNextPeriod(agreementId: string): boolean {
    const state = this.agreements.get(agreementId);
    if (!state?.exists) return false;
    const period = nextPeriodToClose(state);
    if (period === null) return false;
    const measuredAt = addDays(periodLastDay(period), 1);
    if (this.today < measuredAt) this.today = measuredAt;
    const terms = this.caseTerms(agreementId)!;
    const registered = [...this.cases.values()].filter(
      (c): c is RegisteredCase => c.status !== 'unregistered' && c.agreementId === agreementId,
    );
    const figures = (p: PeriodId) => ({
      accruedCosts: registered
        .flatMap((c) => placementCostsByPeriod(c, terms, measuredAt))
        .filter((cost) => cost.period === p),
      recognisedSavings: registered
        .flatMap((c) => recognisedSavingsByPeriod(c, terms, measuredAt))
        .filter((saving) => saving.period === p),
    });
    const command: ClosePeriod = {
      type: 'ClosePeriod',
      data: {
        agreementId,
        period,
        ...figures(period),
        restatedPeriods: state.closedPeriods.map((closed) => ({
          period: closed,
          ...figures(closed),
        })),
      },
    };
    return this.run(command);
  }

  private runAgreement(command: AgreementCommand): void {
    const { agreementId } = command.data;
    let state = this.agreements.get(agreementId) ?? agreementDecider.initialState();
    const events = agreementDecider.decide(command, state, { today: this.today });
    for (const event of events) {
      state = agreementDecider.evolve(state, event);
      this.log.agreement(event, this.recordedAt());
    }
    this.agreements.set(agreementId, state);
  }

  private runCase(command: CaseCommand): void {
    const { caseId } = command.data;
    let state = this.cases.get(caseId) ?? caseDecider.initialState();
    const agreementId =
      command.type === 'RegisterReferral'
        ? command.data.agreementId
        : state.status === 'unregistered'
          ? null
          : state.agreementId;
    const agreement = agreementId === null ? null : this.caseTerms(agreementId);
    const events = caseDecider.decide(command, state, { today: this.today, agreement });
    for (const event of events) {
      state = caseDecider.evolve(state, event);
      this.log.case(event, this.recordedAt());
    }
    this.cases.set(caseId, state);
  }

  private caseTerms(agreementId: string): CaseAgreementTerms | null {
    const state = this.agreements.get(agreementId);
    if (!state?.exists) return null;
    const { terms } = state;
    return {
      agreementId: terms.agreementId,
      financialYear: terms.financialYear,
      serviceLines: terms.serviceLines,
      leadProviderCode: terms.leadProviderCode,
      partnerProviderCodes: terms.partnerProviderCodes,
      savingsHorizonDays: terms.savingsHorizonDays,
    };
  }

  /** Server time: today, a second later for each event, so the log's clock never steps back. */
  private recordedAt(): string {
    this.sequence += 1;
    return new Date(Date.parse(`${this.today}T08:00:00Z`) + this.sequence * 1000).toISOString();
  }
}

const CASE_COMMANDS: ReadonlySet<string> = new Set([
  'RegisterReferral',
  'StartPlacement',
  'ChangePlacementRate',
  'RepatriatePatient',
  'EndPlacement',
  'DischargePatient',
]);

function isCaseCommand(command: AgreementCommand | CaseCommand): command is CaseCommand {
  return CASE_COMMANDS.has(command.type);
}
