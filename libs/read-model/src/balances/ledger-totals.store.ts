import type { RecordedEvent } from '@ledger/event-store';
import { AppendOnlyStore } from '../projection/append-only-store';
import { getOrCreate, mapValues } from '../projection/maps';
import { PositionedList } from '../projection/positioned-list';
import {
  addToPeriod,
  copyPeriodTotals,
  type PeriodTotals,
  type RunningTotal,
} from '../projection/running-total';
import { postingsOf, type LedgerPosting } from '../ledger/ledger-events';
import type { Pence } from '../ledger/pence';

/** Totals per period that exist only from the position of their first posting on. */
export interface TrackedTotals {
  /** Readers at an earlier position do not see them at all. */
  readonly firstPosition: number;
  readonly byPeriod: PeriodTotals;
}

/**
 * One account's net movement (in minus out) per period. Totals are kept by the period each
 * posting belongs to; the few postings made in a later period (prior-period adjustments) are
 * also kept by both periods, so the posted-in view is the belongs-to view with those moved.
 */
export interface AccountTotals {
  readonly firstPosition: number;
  /** By the period the fact belongs to. */
  readonly belongsTo: PeriodTotals;
  /** Postings whose period posted in differs: by the period they belong to… */
  readonly movedFrom: PeriodTotals;
  /** …and by the period they were posted in. */
  readonly movedTo: PeriodTotals;
}

/** Running totals of one agreement's ledger. */
interface AgreementTotals {
  readonly accounts: Map<string, AccountTotals>;
  /**
   * Budget movements per service line (allocations, adjustments, virements), by the period
   * they are phased into. The `budget:` account alone cannot give these: spend and savings
   * flow out of it too.
   */
  readonly budgetByLine: Map<string, PeriodTotals>;
  /** Recognised savings posted per case (closes and their adjustments), by period belonged to. */
  readonly savingsByCase: Map<string, TrackedTotals>;
  /** The prior-year adjustments it posted (for earlier agreements of its chain), in log order. */
  readonly priorYearPosted: PositionedList<LedgerPosting>;
}

const emptyAgreement = (): AgreementTotals => ({
  accounts: new Map(),
  budgetByLine: new Map(),
  savingsByCase: new Map(),
  priorYearPosted: PositionedList.empty(),
});

/**
 * The ledger's totals: per agreement, account and period, plus the budget-movement and
 * per-case savings flows the reports need. One posting updates a handful of running totals.
 */
export class LedgerTotalsStore extends AppendOnlyStore<LedgerTotalsStore> {
  constructor(
    private readonly byAgreement = new Map<string, AgreementTotals>(),
    /** Prior-year adjustments by the closed agreement they belong to (posted by its successors). */
    private readonly priorYearFor = new Map<string, PositionedList<LedgerPosting>>(),
  ) {
    super();
  }

  record(event: RecordedEvent): void {
    for (const posting of postingsOf(event)) {
      const totals = getOrCreate(this.byAgreement, posting.agreementId, emptyAgreement);
      moveAccount(totals, posting.debitAccount, posting, -posting.amountPence);
      moveAccount(totals, posting.creditAccount, posting, posting.amountPence);
      recordBudgetMovement(totals, posting);
      recordSaving(totals, posting);
      if (posting.belongsToAgreementId !== null) {
        totals.priorYearPosted.push(posting.position, posting);
        getOrCreate(this.priorYearFor, posting.belongsToAgreementId, () =>
          PositionedList.empty<LedgerPosting>(),
        ).push(posting.position, posting);
      }
    }
  }

  copyUpTo(position: number): LedgerTotalsStore {
    return new LedgerTotalsStore(
      mapValues(this.byAgreement, (totals) => ({
        accounts: new Map(
          [...totals.accounts]
            .filter(([, account]) => account.firstPosition <= position)
            .map(([name, account]) => [
              name,
              {
                firstPosition: account.firstPosition,
                belongsTo: copyPeriodTotals(account.belongsTo, position),
                movedFrom: copyPeriodTotals(account.movedFrom, position),
                movedTo: copyPeriodTotals(account.movedTo, position),
              },
            ]),
        ),
        budgetByLine: mapValues(totals.budgetByLine, (t) => copyPeriodTotals(t, position)),
        savingsByCase: new Map(
          [...totals.savingsByCase]
            .filter(([, saving]) => saving.firstPosition <= position)
            .map(([caseId, saving]) => [
              caseId,
              {
                firstPosition: saving.firstPosition,
                byPeriod: copyPeriodTotals(saving.byPeriod, position),
              },
            ]),
        ),
        priorYearPosted: totals.priorYearPosted.copyUpTo(position),
      })),
      mapValues(this.priorYearFor, (postings) => postings.copyUpTo(position)),
    );
  }

  /** The agreement's accounts that exist at `position`, with their totals. */
  accountsAt(agreementId: string, position: number): [string, AccountTotals][] {
    const accounts = this.byAgreement.get(agreementId)?.accounts;
    if (!accounts) return [];
    return [...accounts].filter(([, account]) => account.firstPosition <= position);
  }

  /** Net budget moved into the line in one period, as known at `position`. */
  budgetIn(agreementId: string, serviceLine: string, period: string, position: number): Pence {
    const line = this.byAgreement.get(agreementId)?.budgetByLine.get(serviceLine);
    return line?.get(period)?.at(position) ?? 0n;
  }

  /**
   * The prior-year adjustments the agreement posted by `position`, on its own accounts, for
   * periods of earlier agreements of its chain (each names the agreement it belongs to).
   */
  priorYearPostedBy(agreementId: string, position: number): LedgerPosting[] {
    return this.byAgreement.get(agreementId)?.priorYearPosted.upTo(position) ?? [];
  }

  /**
   * The prior-year adjustments later agreements of its chain posted by `position` for the
   * (closed) agreement's periods, on their own accounts.
   */
  priorYearPostedFor(agreementId: string, position: number): LedgerPosting[] {
    return this.priorYearFor.get(agreementId)?.upTo(position) ?? [];
  }

  /** Per case with any savings posted by `position`: its savings per period. */
  savingsByCaseAt(agreementId: string, position: number): [string, PeriodTotals][] {
    const byCase = this.byAgreement.get(agreementId)?.savingsByCase;
    if (!byCase) return [];
    return [...byCase]
      .filter(([, saving]) => saving.firstPosition <= position)
      .map(([caseId, saving]) => [caseId, saving.byPeriod]);
  }
}

function moveAccount(
  totals: AgreementTotals,
  name: string,
  posting: LedgerPosting,
  pence: Pence,
): void {
  const account = getOrCreate(totals.accounts, name, () => ({
    firstPosition: posting.position,
    belongsTo: new Map<string, RunningTotal>(),
    movedFrom: new Map<string, RunningTotal>(),
    movedTo: new Map<string, RunningTotal>(),
  }));
  addToPeriod(account.belongsTo, posting.period, posting.position, pence);
  if (posting.postedIn !== posting.period) {
    addToPeriod(account.movedFrom, posting.period, posting.position, pence);
    addToPeriod(account.movedTo, posting.postedIn, posting.position, pence);
  }
}

/** commissioner → budget:L adds to L, budget:L → commissioner takes back, budget:A → budget:B moves. */
function recordBudgetMovement(totals: AgreementTotals, posting: LedgerPosting): void {
  const { debit: from, credit: to } = posting;
  const isSource = (kind: string) => kind === 'commissioner' || kind === 'budget';
  if (!isSource(from.kind) || !isSource(to.kind)) return;
  const { period, position, amountPence } = posting;
  if (to.kind === 'budget') {
    addToPeriod(
      getOrCreate(totals.budgetByLine, to.serviceLine, () => new Map<string, RunningTotal>()),
      period,
      position,
      amountPence,
    );
  }
  if (from.kind === 'budget') {
    addToPeriod(
      getOrCreate(totals.budgetByLine, from.serviceLine, () => new Map<string, RunningTotal>()),
      period,
      position,
      -amountPence,
    );
  }
}

/** budget:L → savings:retained is a recognised saving of the case it references; the reverse, a negative one. */
function recordSaving(totals: AgreementTotals, posting: LedgerPosting): void {
  const from = posting.debit.kind;
  const to = posting.credit.kind;
  let pence: Pence;
  if (from === 'budget' && to === 'savings-retained') pence = posting.amountPence;
  else if (from === 'savings-retained' && to === 'budget') pence = -posting.amountPence;
  else return;
  const saving = getOrCreate(totals.savingsByCase, posting.reference, () => ({
    firstPosition: posting.position,
    byPeriod: new Map<string, RunningTotal>(),
  }));
  addToPeriod(saving.byPeriod, posting.period, posting.position, pence);
}
