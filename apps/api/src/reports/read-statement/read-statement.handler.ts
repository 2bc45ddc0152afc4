import { LedgerReports, type StatementReportQuery } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { AccountStatement } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** A page of one account's postings with the running balance. */
export class ReadStatementQuery extends Query<AccountStatement> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly account: string,
    readonly query: StatementReportQuery,
  ) {
    super();
  }
}

@QueryHandler(ReadStatementQuery)
export class ReadStatementHandler implements IQueryHandler<ReadStatementQuery> {
  constructor(private readonly reports: LedgerReports) {}

  execute({ actor, agreementId, account, query }: ReadStatementQuery): Promise<AccountStatement> {
    return this.reports.statement(actor, agreementId, account, query);
  }
}
