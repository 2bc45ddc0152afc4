import { LedgerReports, type ReportQuery } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { SavingsReport } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** Savings by period and by case, reinvestment committed and retained savings available. */
export class ReadSavingsQuery extends Query<SavingsReport> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly query: ReportQuery,
  ) {
    super();
  }
}

@QueryHandler(ReadSavingsQuery)
export class ReadSavingsHandler implements IQueryHandler<ReadSavingsQuery> {
  constructor(private readonly reports: LedgerReports) {}

  execute({ actor, agreementId, query }: ReadSavingsQuery): Promise<SavingsReport> {
    return this.reports.savings(actor, agreementId, query);
  }
}
