import { LedgerReports, type ManagementAccountsQuery } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { ManagementAccounts } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** One closed month's management accounts, by the period the money was posted in. */
export class ReadManagementAccountsQuery extends Query<ManagementAccounts> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly query: ManagementAccountsQuery,
  ) {
    super();
  }
}

@QueryHandler(ReadManagementAccountsQuery)
export class ReadManagementAccountsHandler implements IQueryHandler<ReadManagementAccountsQuery> {
  constructor(private readonly reports: LedgerReports) {}

  execute({ actor, agreementId, query }: ReadManagementAccountsQuery): Promise<ManagementAccounts> {
    return this.reports.managementAccounts(actor, agreementId, query);
  }
}
