import {
  LedgerReports,
  LedgerOrganisations,
  type Named,
  type StatementReportQuery,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { AccountStatement } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** A page of one account's postings with the running balance. */
export class ReadStatementQuery extends Query<Named<AccountStatement>> {
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
  constructor(
    private readonly reports: LedgerReports,
    private readonly organisations: LedgerOrganisations,
  ) {}

  async execute({
    actor,
    agreementId,
    account,
    query,
  }: ReadStatementQuery): Promise<Named<AccountStatement>> {
    // The names beside the codes: a separate step, the same for every report.
    const report = await this.reports.statement(actor, agreementId, account, query);
    return this.organisations.named(report, query);
  }
}
