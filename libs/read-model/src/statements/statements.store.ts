import type { RecordedEvent } from '@ledger/event-store';
import { AppendOnlyStore } from '../projection/append-only-store';
import { getOrCreate, mapValues } from '../projection/maps';
import { PositionedList } from '../projection/positioned-list';
import { postingsOf, type LedgerPosting } from '../ledger/ledger-events';
import type { Pence } from '../ledger/pence';

/** One posting as one of its two accounts sees it, with the account's balance after it. */
export interface StatementLine {
  readonly posting: LedgerPosting;
  /** + when money came into the account (it was credited), − when it went out. */
  readonly changePence: Pence;
  readonly balancePence: Pence;
}

type AccountLines = Map<string, PositionedList<StatementLine>>;

/** Per agreement and account, every posting touching the account with a running balance. */
export class StatementsStore extends AppendOnlyStore<StatementsStore> {
  constructor(private readonly byAgreement = new Map<string, AccountLines>()) {
    super();
  }

  record(event: RecordedEvent): void {
    for (const posting of postingsOf(event)) {
      const accounts = getOrCreate(
        this.byAgreement,
        posting.agreementId,
        () => new Map<string, PositionedList<StatementLine>>(),
      );
      this.addLine(accounts, posting.debitAccount, posting, -posting.amountPence);
      this.addLine(accounts, posting.creditAccount, posting, posting.amountPence);
    }
  }

  private addLine(
    accounts: AccountLines,
    account: string,
    posting: LedgerPosting,
    changePence: Pence,
  ): void {
    const lines = getOrCreate(accounts, account, () => PositionedList.empty<StatementLine>());
    // The newest line is the balance so far: a fork has already cut the list to this state.
    const before = lines.last()?.balancePence ?? 0n;
    lines.push(posting.position, { posting, changePence, balancePence: before + changePence });
  }

  copyUpTo(position: number): StatementsStore {
    return new StatementsStore(
      mapValues(this.byAgreement, (accounts) =>
        mapValues(accounts, (lines) => lines.copyUpTo(position)),
      ),
    );
  }

  linesOf(agreementId: string, account: string): PositionedList<StatementLine> | undefined {
    return this.byAgreement.get(agreementId)?.get(account);
  }

  accountsOf(agreementId: string): string[] {
    return [...(this.byAgreement.get(agreementId)?.keys() ?? [])];
  }
}
